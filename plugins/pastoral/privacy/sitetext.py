"""The words of every file a build wrote, as a reader, a search engine or a script would get them.

The guard vouches only for what it can read completely, so each file is read
by its kind, and a kind it cannot read is reported rather than skipped:

- HTML, XML and SVG: text, comments and every attribute value (alt, title,
  href, content), with entities decoded (``&#79;livia`` is "Olivia"); text
  split by inline tags (``Chi<b>di</b>``) is read as one word, as shown;
- JSON (the search index, source maps): every key and string with its escapes
  decoded, read again as HTML when it holds markup;
- scripts, style sheets and plain text: as written, with ``\\uXXXX`` and
  ``\\xXX`` escapes decoded; they must be UTF-8 (a Latin-1 or UTF-16 file is
  reported: its words could not be read as written);
- gzip files (``sitemap.xml.gz``): unpacked and read by their inner name;
- images (PNG, JPEG, GIF, WebP, icons): opened with Pillow, and every text
  they carry read: PNG text chunks, comments, EXIF, XMP, and any run of
  plain text in the file's bytes;
- URL escapes (``%40``) are decoded everywhere, and every text is read as a
  person reads it (``reading.fold``).

Anything else (PDF, Office documents, archives, fonts, files without a known
kind) is ``Unreadable``.
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from pastoral.privacy.images import IMAGE_SUFFIXES, image_texts
from pastoral.privacy.reading import WORD, fold

MARKUP_SUFFIXES = frozenset({".html", ".htm", ".xml", ".svg"})
JSON_SUFFIXES = frozenset({".json", ".webmanifest", ".map"})
TEXT_SUFFIXES = frozenset({".js", ".mjs", ".css", ".txt"})
READABLE = MARKUP_SUFFIXES | JSON_SUFFIXES | TEXT_SUFFIXES | IMAGE_SUFFIXES
"""The kinds of file the guard reads completely (and a ``.gz`` of any of them): the only ones a public site may hold."""
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
                         "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
                         "wbr"})
"""Tags that a browser shows inside a line of text: a word split by them is still one word to a reader."""
NEWLINE = re.compile("\n")
WORD_AND_STOP = re.compile(rf"({WORD.pattern})(\.?)")
SCRIPT_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")


@dataclass(frozen=True)
class Unreadable:
    """A file the guard cannot read completely, and why."""

    reason: str


@dataclass
class Text:
    """A file's words in order, as read (case kept), with the line each is on (0: no lines)."""

    raw: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    dotted: list[bool] = field(default_factory=list)
    """Whether each word is followed by a full stop, as an initial is ("M. Chen")."""
    chunks: list[tuple[str, int]] = field(default_factory=list)
    """Each piece of text as read, with its first line: phone numbers are looked for in these."""

    def add(self, chunk: str, line: int = 0) -> None:
        """Add the words of ``chunk``, which starts on ``line``."""
        self.add_segments([(chunk, line)])

    def add_segments(self, segments: list[tuple[str, int]]) -> None:
        """Add pieces of text that a reader sees as one (text split by inline tags), each with the line it starts on."""
        joined, offsets, lines = "", [], []
        for chunk, line in segments:
            chunk = fold(unquote(chunk))
            offsets.append(len(joined))
            lines.append(line)
            if line:
                for newline in NEWLINE.finditer(chunk):
                    line += 1
                    offsets.append(len(joined) + newline.start())
                    lines.append(line)
            joined += chunk
        self.chunks.append((joined, lines[0] if lines else 0))
        start = 0
        for part in joined.split("\n"):
            found = WORD_AND_STOP.findall(part)
            self.raw += [word for word, _ in found]
            self.dotted += [bool(stop) for _, stop in found]
            self.lines += [lines[bisect.bisect_right(offsets, start) - 1] if lines else 0] * len(found)
            start += len(part) + 1

    @cached_property
    def words(self) -> list[str]:
        """The words case-folded, as personal data is matched."""
        return [word.casefold() for word in self.raw]


def text_of(path: Path, name: str | None = None) -> Text | Unreadable:
    """The words of the file at ``path`` (read as the kind ``name`` says, by default its own name)."""
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix == ".gz":
        try:
            data = gzip.decompress(path.read_bytes())
        except (OSError, EOFError):
            return Unreadable("it is not a gzip file that unpacks")
        return _text_of_bytes(data, Path(name).stem)
    if suffix in IMAGE_SUFFIXES:
        texts = image_texts(path)
        if texts is None:
            return Unreadable(f"it is not a {suffix} image the guard can open and read")
        text = Text()
        for chunk in texts:
            text.add(chunk)
        return text
    return _text_of_bytes(path.read_bytes(), name)


def _text_of_bytes(data: bytes, name: str) -> Text | Unreadable:
    suffix = Path(name).suffix.lower()
    if suffix not in READABLE or suffix in IMAGE_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "a file with no kind in its name"
        return Unreadable(f"the guard cannot read {kind} completely")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Unreadable("it is not UTF-8 text (Latin-1, UTF-16 or another encoding), so the guard cannot read it as written")
    text = Text()
    if suffix in MARKUP_SUFFIXES:
        add_markup(text, content, lines=True)
    elif suffix in JSON_SUFFIXES:
        _add_json(text, content)
    else:
        text.add(_unescape_script(content), line=1)
    return text


def add_markup(text: Text, content: str, lines: bool) -> None:
    """Add the words of HTML (or Markdown, which may hold HTML) to ``text``."""
    parser = _MarkupWords(text, lines)
    parser.feed(content)
    parser.close()
    parser.flush()


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
                add_markup(text, value, lines=False)
            else:
                text.add(value)


def _unescape_script(content: str) -> str:
    return SCRIPT_ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), content)


class _MarkupWords(HTMLParser):
    """Feeds text (joined across inline tags), comments and attribute values, entities decoded, into a Text."""

    def __init__(self, text: Text, lines: bool):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.lines = lines
        self.pending: list[tuple[str, int]] = []

    def _line(self) -> int:
        return self.getpos()[0] if self.lines else 0

    def flush(self) -> None:
        if self.pending:
            self.text.add_segments(self.pending)
            self.pending = []

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE_TAGS:
            self.flush()
        for _, value in attrs:
            if value:
                self.text.add(value, self._line())

    def handle_endtag(self, tag):
        if tag not in INLINE_TAGS:
            self.flush()

    def handle_data(self, data):
        if self.cdata_elem:  # script or style: escapes as in a script file
            self.text.add(_unescape_script(data), self._line())
        else:
            self.pending.append((data, self._line()))

    def handle_comment(self, data):
        self.flush()
        self.text.add(data, self._line())

    def unknown_decl(self, data):  # <![CDATA[ ... ]]> in XML
        self.flush()
        self.text.add(data, self._line())
