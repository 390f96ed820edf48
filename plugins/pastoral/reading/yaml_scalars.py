"""Type a scalar as libyaml's safe loader does (YAML 1.1 core types), but keep dates and times as text.

One place for both ways a record is read (``yaml_tree``'s event walk and ``yaml_simple``'s short cut), so a
value is typed the same whichever reads it.
"""

from __future__ import annotations

import sys

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

CORE = "tag:yaml.org,2002:"
STRING_TAGS = {CORE + "str", CORE + "timestamp"}
CONSTRUCTORS = {
    CORE + "null": SafeConstructor.construct_yaml_null,
    CORE + "bool": SafeConstructor.construct_yaml_bool,
    CORE + "int": SafeConstructor.construct_yaml_int,
    CORE + "float": SafeConstructor.construct_yaml_float,
}
TAG_WORDS = {CORE + "int": "a whole number", CORE + "float": "a number", CORE + "bool": "true or false",
             CORE + "null": "nothing"}

SHARED_UP_TO = 24
"""Short text values repeat across records (dates, ids, choices such as 'met'): a trust's records hold
millions of them, so each is kept once (``shared``). Longer text (targets, notes) rarely repeats."""

_RESOLVER = Resolver()
"""The patterns libyaml's safe loader (``CSafeLoader``, a ``Resolver``) types plain values by."""
_CONSTRUCTOR = SafeConstructor()
_MAY_NOT_BE_TEXT = frozenset(Resolver.yaml_implicit_resolvers)
"""The first characters of the plain values YAML 1.1 may read as something other than text: PyYAML keys its
patterns by them, so any other plain value is text without trying a pattern (most values: names, ids, words)."""


class SpecialMeaning(ValueError):
    """A plain value YAML gives a meaning records do not use (the merge key '<<', say)."""


def plain_tag(text: str) -> str:
    """The tag YAML 1.1 gives a plain (unquoted, untagged) value."""
    if text and text[0] not in _MAY_NOT_BE_TEXT:
        return CORE + "str"
    return _RESOLVER.resolve(ScalarNode, text, (True, False))


def typed(text: str, tag: str):
    """The value of ``text`` read as ``tag``; raises ``SpecialMeaning`` for a tag outside the core types, and
    ValueError or KeyError when the text is not one ('!!int abc', or '0x_', which looks like a number)."""
    if tag in STRING_TAGS:
        return text
    construct = CONSTRUCTORS.get(tag)
    if construct is None:
        raise SpecialMeaning(tag)
    return construct(_CONSTRUCTOR, ScalarNode(tag, text))


def shared(value):
    """One copy of a short text value however many records hold it (see ``SHARED_UP_TO``); other values as they are."""
    return sys.intern(value) if type(value) is str and len(value) <= SHARED_UP_TO else value
