"""Text from records written out safely for where it lands, so a record can only ever be read, never obeyed."""

from __future__ import annotations


def one_line(text: str) -> str:
    """Line breaks and other control characters (a terminal's colour codes too) written out, as Python would."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
