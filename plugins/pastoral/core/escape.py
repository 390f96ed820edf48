"""Text from records written out safely for where it lands, so a record can only ever be read, never obeyed."""

from __future__ import annotations

import re


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
