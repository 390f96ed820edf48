"""Text from records written out safely for where it lands, so a record can only ever be read, never obeyed."""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import quote, urlsplit

from markupsafe import Markup


def one_line(text: str) -> str:
    """Line breaks and other control characters (a terminal's colour codes too) written out, as Python would."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# --- CI logs: text from records made inert where a runner reads commands -----------------------------------------
# GitHub's runner obeys a workflow command (``::add-mask::``, ``::error ...::``) and the legacy ``##[set-output ...]``
# form wherever it finds one in a line of the log, and decodes ``%0A`` back into a line break inside commands.
# Text from records passes through :func:`ci_inert` before it is printed in any format, so that it reads the same
# to a person and means nothing to the runner.

_COMMAND_OPENINGS = re.compile(r":(?=:)|#(?=#\[)")
"""The first character of every ``::`` and ``##[``, however many run together (``:::``)."""
_ENCODED_LINE_BREAK = re.compile(r"%(?=0[ad])", re.IGNORECASE)
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that reorder the text around them, so a line shows something other than what it holds."""


def command_inert(text: str) -> str:
    """``text`` on one line (see :func:`one_line`, which also writes out bidi controls), with every ``::`` and
    ``##[`` broken by a space. For a workflow command's data, which is then percent-escaped as a whole."""
    return _COMMAND_OPENINGS.sub(r"\g<0> ", one_line(text))


def ci_inert(text: str) -> str:
    """:func:`command_inert`, and ``%0A``/``%0D`` written ``%250A``/``%250D``: for a plain line of a log, which
    then holds nothing a runner (or a later step passing it on as a command) could decode into a line break."""
    return command_inert(_ENCODED_LINE_BREAK.sub("%25", text))


def bidi_inert(text: str) -> str:
    """Only the bidi controls written out (``\\u202e``): for text that must otherwise stay as it is, such as a
    file name in an annotation's properties, which are percent-escaped whole."""
    return "".join(f"\\u{ord(c):04x}" if c in _BIDI_CONTROLS else c for c in text) \
        if any(c in _BIDI_CONTROLS for c in text) else text


def json_inert(dumped: str) -> str:
    """JSON text with ``::``, ``##[`` and bidi controls written as ``\\u`` escapes: the same data to any JSON
    reader, nothing to a runner or a terminal. (``dumped`` is JSON, where these occur only inside strings.)"""
    return bidi_inert(dumped.replace("::", ":\\u003a").replace("##[", "#\\u0023["))

# Record and school.yml text into Markdown and HTML: the one rendering path of the sites.

KEPT_PUNCTUATION = "-.,/:;?%@"
"""Punctuation that is never Markdown syntax inside a line, left as it is so that ids and addresses stay readable
(``oak-house.md``, ``office@school.example``); only at a value's start could it start a list or a
definition ("- ", ": ", "1. "), so there it is written as a character reference too."""
_ORDERED_LIST = re.compile(r"^(\d+)\.")
"""A value that starts "1." would start a numbered list."""
_REFERENCES = {ord(c): f"&#{ord(c)};" for c in string.punctuation if c not in KEPT_PUNCTUATION}
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_URL_SAFE = "/:@?=&#%+,;~!$*"
"""Characters a URL keeps; everything else (spaces, quotes, brackets, parentheses, backslashes) is %-encoded,
so a URL can never end a Markdown link or an HTML attribute early."""


def markdown_text(value: object) -> Markup:
    """``value`` as text that Markdown and HTML both show as it is and never read as markup, on one line.

    Every character that could be Markdown syntax (links, images, emphasis, headings, tables, code,
    attribute lists) or HTML (``<``, ``&``, quotes) becomes a numeric character reference such as ``&#91;``:
    Markdown never takes a reference for syntax, and a browser shows it as the character, in text, in a
    table cell, in a raw HTML block and in an attribute alike (a backslash escape would show in raw HTML).
    Line breaks and control characters become spaces (a line break would end a table row).
    """
    text = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in str(value)).split())
    escaped = text.translate(_REFERENCES)
    if text and text[0] in KEPT_PUNCTUATION:
        escaped = f"&#{ord(text[0])};{escaped[1:]}"
    return Markup(_ORDERED_LIST.sub(r"\1&#46;", escaped, count=1))


def markdown_value(value: object) -> object:
    """Jinja's ``finalize`` for pages made from records: every value a template writes is text
    (``markdown_text``), unless it is markup already (a macro's output, a ``safe_url``) or nothing."""
    return value if value is None or isinstance(value, Markup) else markdown_text(value)


def code_text(value: object) -> Markup:
    """``value`` as inline code (a file name, a rule id), as text in a ``<code>`` element."""
    return Markup(f"<code>{markdown_text(value)}</code>")


def safe_url(value: object) -> Markup | None:
    """``value`` as a URL to link to, when it is an ``http(s)`` address with a host, a ``mailto:`` or a ``tel:``
    URL; None for anything else (``javascript:``, ``data:``, a relative path). Characters that could end a
    Markdown link or an HTML attribute are %-encoded."""
    url = str(value).strip()
    if any(unicodedata.category(c)[0] in "CZ" and c != " " for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    web = scheme in ("http", "https")
    if scheme not in SAFE_SCHEMES or (web and not parts.hostname) or (not web and not parts.path):
        return None
    return Markup(quote(url, safe=_URL_SAFE))


def link_target(value: object) -> Markup:
    """A Jinja filter: ``safe_url``, or an empty target (a link to nowhere) for a URL that is not safe."""
    return safe_url(value) or Markup("")
