"""Edit record files in place the way a person would: comments, key order, quoting and layout kept.

Rollover and roll import change a few fields in many files, and a school reviews
those changes in a pull request, so each file must change only where a value
changed. ruamel.yaml's round-trip mode keeps comments and order; this module
adds what records need on top: the file's own list indentation and line endings,
the quoting a changed value had, values quoted where a YAML 1.1 reader (PyYAML,
which ``pastoral`` uses) would misread them, and writes only of files whose
text changed.
"""

from __future__ import annotations

import difflib
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import ScalarString, SingleQuotedScalarString

from pastoral.core.workspace import UsageError, relative_file
from pastoral.reading.yaml_editors import differs

LAYOUTS = ((2, 4, 2), (2, 2, 0))
"""(mapping, sequence, offset) indentations tried in turn: '  - item' under its key, then '- item'."""
_HAS_LIST = re.compile(r"^[ ]*- ", re.MULTILINE)


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line of text
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def yaml_value(text: str) -> str | ScalarString | date:
    """``text`` as ruamel should write it: quoted when PyYAML would read the bare text as something else.

    ruamel follows YAML 1.2, where 'yes', 'on' or '10:30' are text; PyYAML
    follows YAML 1.1 and would read them as true or a number, and pastoral refuses
    any plain value the two read differently (``pastoral.reading.yaml_editors``). An ISO date is
    written as a plain date (pastoral reads it back as the same text).
    """
    try:
        read = pyyaml.safe_load(text)
    except pyyaml.YAMLError:
        read = None
    if isinstance(read, date) and read.isoformat() == text:
        return read
    plain = read == text and isinstance(read, str) and differs(text, read) is None  # 'y', '1e3': 1.2 reads otherwise
    return text if plain else SingleQuotedScalarString(text)


class Document:
    """One record file loaded for editing."""

    def __init__(self, path: Path, text: str, data, yaml: YAML, crlf: bool):
        self.path = path
        self.before = text
        self.data = data
        self._yaml = yaml
        self._crlf = crlf

    @classmethod
    def load(cls, path: Path) -> Document:
        try:
            raw = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {path} for editing: {error}") from None
        crlf = "\r\n" in raw
        text = raw.replace("\r\n", "\n")
        readings = []
        for layout in LAYOUTS:
            yaml = _yaml(layout)
            try:
                data = yaml.load(text)
            except YAMLError as error:
                raise UsageError(f"cannot edit {path}: {error}") from None
            # Layouts differ only in lists: keep the one that writes the untouched file back exactly.
            if not _HAS_LIST.search(text) or _dump(yaml, data) == text:
                return cls(path, raw, data, yaml, crlf)
            readings.append((yaml, data))
        first_yaml, first_data = readings[0]  # none writes it back exactly: the first layout, as before
        return cls(path, raw, first_data, first_yaml, crlf)

    def set(self, key: str, value, *, after: str | None = None) -> None:
        """Set a top-level field; text keeps the quoting the old value had.

        A new field goes right after ``after`` when that field exists, else at the end.
        """
        old = self.data.get(key)
        if isinstance(value, str):
            value = type(old)(value) if isinstance(old, ScalarString) else yaml_value(value)
        if key in self.data or after not in self.data:
            self.data[key] = value
        else:
            self.data.insert(list(self.data).index(after) + 1, key, value)

    def set_list(self, key: str, items: list[str], *, after: str | None = None) -> None:
        """Make a top-level list hold ``items``, editing it in place so kept items keep their comments.

        An item no longer wanted gives its place (and comment) to a new one, else goes; other new
        items go at the end; an empty list removes the field.
        """
        old = self.data.get(key)
        if not items:
            self.data.pop(key, None)
            return
        if not isinstance(old, list):
            self.set(key, list(items), after=after)
            return
        for index in reversed(range(len(old))):
            if old[index] in items:
                continue
            new = [item for item in items if item not in old]
            if new:
                old[index] = new[0]
            else:
                del old[index]
        old.extend(item for item in items if item not in old)

    def take(self, keys: list[str]) -> list[tuple[str, object, list]]:
        """Remove top-level fields, returning each as (key, value, comments) with the comment lines
        just above it and on its line, so that ``give`` can put them, comments and all, in another file."""
        taken = []
        for key in [key for key in self.data if key in keys]:
            names = list(self.data)
            above = ""
            if names.index(key) > 0:
                before = self.data.ca.items.get(names[names.index(key) - 1])
                token = before[2] if before and len(before) > 2 else None
                if token is not None and "\n" in token.value.rstrip("\n"):
                    line_end, _, above = token.value.partition("\n")
                    token.value = line_end + "\n"
            taken.append((key, self.data[key], [above, self.data.ca.items.get(key)]))
            del self.data[key]
        return taken

    def give(self, fields: list[tuple[str, object, list]]) -> None:
        """Add fields taken from another document (see ``take``) at the end, with their comments."""
        for key, value, (above, own) in fields:
            self.data[key] = value
            if own is not None:
                self.data.ca.items[key] = own
            lines = [line.strip() for line in above.splitlines() if line.strip()]
            if lines:
                self.data.yaml_set_comment_before_after_key(key, before="\n".join(line.lstrip("#").strip()
                                                                                 for line in lines))

    @classmethod
    def new(cls, path: Path, like: Document, data: dict) -> Document:
        """A new file's document, laid out like ``like``; ``ChangeSet.edit`` then creates it."""
        return cls(path, "", CommentedMap(data), like._yaml, like._crlf)

    def render(self) -> str:
        text = _dump(self._yaml, self.data)
        return text.replace("\n", "\r\n") if self._crlf else text


def new_record_text(data: dict) -> str:
    """A new record file in the layout of the sample school ('  - item' lists, plain dates)."""
    return _dump(_yaml(LAYOUTS[0]), {key: _writable(value) for key, value in data.items()})


def _writable(value):
    if isinstance(value, str):
        return yaml_value(value)
    if isinstance(value, list):
        return [_writable(item) for item in value]
    if isinstance(value, dict):
        return {key: _writable(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class FileChange:
    path: Path
    before: str | None
    """None for a new file."""
    after: str


class ChangeSet:
    """The files a command would change, to show as a diff or to write."""

    def __init__(self):
        self._changes: dict[Path, FileChange] = {}

    def __len__(self) -> int:
        return len(self._changes)

    def __iter__(self):
        return iter(self._changes.values())

    def edit(self, document: Document) -> bool:
        """Keep ``document``'s new text if it differs from the file's; returns whether it does."""
        after = document.render()
        if after == document.before:
            self._changes.pop(document.path, None)
            return False
        self._changes[document.path] = FileChange(document.path, document.before, after)
        return True

    def create(self, path: Path, text: str) -> None:
        if path.exists():
            raise UsageError(f"{path} already exists")
        self._changes[path] = FileChange(path, None, text)

    def diff(self, root: Path) -> str:
        """A unified diff of every change, with paths relative to ``root`` as Git shows them."""
        parts: list[str] = []
        for change in sorted(self, key=lambda c: c.path):
            name = relative_file(change.path, root)
            parts.extend(difflib.unified_diff(
                (change.before or "").splitlines(keepends=True), change.after.splitlines(keepends=True),
                "/dev/null" if change.before is None else f"a/{name}", f"b/{name}"))
        return "".join(parts)

    def write_or_show(self, dry_run: bool, root: Path, out) -> None:
        """Write the changes, or (a dry run) show them to ``out`` as a diff and write nothing."""
        if dry_run:
            out.write(self.diff(root))
        else:
            self.write()

    def write(self) -> None:
        """Write every changed file, each through a hidden temporary file so none is left half-written."""
        for change in self:
            change.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = change.path.with_name(f".{change.path.name}.tmp")
            temporary.write_bytes(change.after.encode("utf-8"))
            os.replace(temporary, change.path)


@dataclass
class EditPlan:
    """What an editing command would change: the files, and one line per file as people read them."""

    changes: ChangeSet = field(default_factory=ChangeSet)
    changed: list[str] = field(default_factory=list)
