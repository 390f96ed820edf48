"""The words of every file a build wrote, as a reader, a search engine or a script would get them.

Personal data must be found however a file spells it, so each kind of file is
decoded before its words are taken:

- HTML, XML and SVG: text, comments and every attribute value (alt, title,
  href, content), with entities decoded (``&#79;livia`` is "Olivia");
- JSON, such as the search index: every key and string with its escapes
  decoded (``\\u004flivia``), read again as HTML when it holds markup, as the
  search index keeps page text;
- anything else that is text (JavaScript, CSS, plain text): as written, with
  ``\\uXXXX`` and ``\\xXX`` escapes decoded;
- gzip files (``sitemap.xml.gz``) are unpacked and read by their inner name;
- URL escapes (``%40``) are decoded everywhere.

Files that are not UTF-8 text (images, fonts) hold no words and are skipped.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from pastoral.privacy.personal import WORD

MARKUP_SUFFIXES = frozenset({".html", ".htm", ".xml", ".svg"})
JSON_SUFFIXES = frozenset({".json", ".webmanifest"})
SCRIPT_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")


@dataclass
class Text:
    """A file's words in order, as written, with the line each is on (0: no lines)."""

    raw: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def add(self, chunk: str, line: int = 0) -> None:
        """Add the words of ``chunk``, which starts on ``line``."""
        chunk = unicodedata.normalize("NFKC", unquote(chunk))
        for offset, part in enumerate(chunk.split("\n") if line else [chunk]):
            found = WORD.findall(part)
            self.raw.extend(found)
            self.lines.extend([line + offset if line else 0] * len(found))

    @cached_property
    def words(self) -> list[str]:
        """The words case-folded, as personal data is matched."""
        return [word.casefold() for word in self.raw]


def text_of(path: Path) -> Text | None:
    """The words of the built file at ``path``, or None when it is not text."""
    data = path.read_bytes()
    name = path.name
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
        name = path.stem
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    text = Text()
    suffix = Path(name).suffix.lower()
    if suffix in MARKUP_SUFFIXES:
        _add_markup(text, content, lines=True)
    elif suffix in JSON_SUFFIXES:
        _add_json(text, content)
    else:
        text.add(_unescape_script(content), line=1)
    return text


def _add_markup(text: Text, content: str, lines: bool) -> None:
    parser = _MarkupWords(text, lines)
    parser.feed(content)
    parser.close()


def _add_json(text: Text, content: str) -> None:
    try:
        value = json.loads(content)
    except ValueError:
        text.add(_unescape_script(content), line=1)
        return
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            if "<" in value or "&" in value:
                _add_markup(text, value, lines=False)
            else:
                text.add(value)


def _unescape_script(content: str) -> str:
    return SCRIPT_ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), content)


class _MarkupWords(HTMLParser):
    """Feeds text, comments and attribute values, entities decoded, into a Text."""

    def __init__(self, text: Text, lines: bool):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.lines = lines

    def _add(self, chunk: str) -> None:
        self.text.add(chunk, self.getpos()[0] if self.lines else 0)

    def handle_starttag(self, tag, attrs):
        for _, value in attrs:
            if value:
                self._add(value)

    def handle_data(self, data):
        if self.cdata_elem:  # script or style: escapes as in a script file
            data = _unescape_script(data)
        self._add(data)

    def handle_comment(self, data):
        self._add(data)

    def unknown_decl(self, data):  # <![CDATA[ ... ]]> in XML
        self._add(data)
