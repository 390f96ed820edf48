"""The rows of a roll export, whatever shape it came in: each with its file, line and cells by column.

A CSV export (SIMS, Arbor or a school's own headers) gives its rows directly; a
OneRoster bundle (``oneroster``) joins its files into the same shape. A row that
cannot be read as a row (more cells than the header has columns) is kept with
its problem, so that the import can report it with its line and, when asked,
carry on without it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from pastoral.core.workspace import UsageError


@dataclass(frozen=True)
class SourceRow:
    file: str
    """The file the row is in, as messages name it ('roll.csv', 'users.csv')."""
    line: int
    """The line the row ends on."""
    cells: dict[str, str]
    """Column header -> the cell's text, stripped."""
    problem: str | None = None
    """Why the row cannot be read as it stands (None for a good row)."""


@dataclass
class RollSource:
    headers: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    mapping: dict[str, str] | None = None
    """field -> column, when the source fixes it (a OneRoster bundle); else chosen from the headers."""


def decode(data: bytes) -> str:
    """An export's text: UTF-8, or Windows-1252 as Excel saves it on Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(path: Path, name: str | None = None, data: bytes | None = None) -> RollSource:
    """The header and the rows of one CSV file (``data``, when given, is its content, read from a bundle)."""
    name = name or path.name
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(f"cannot read {path}: {error.strerror}") from None
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    try:
        headers = [header.strip() for header in next(reader)]
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except StopIteration:
        raise UsageError(f"{name} is empty: an export starts with a line of column headers") from None
    except csv.Error as error:
        raise UsageError(f"{name}:{reader.line_num}: this line is not CSV ({error})") from None
    repeated = sorted({header for header in headers if header and headers.count(header) > 1})
    if repeated:
        raise UsageError(f"{name}: the column {', '.join(map(repr, repeated))} appears twice in the header")
    source = RollSource(headers)
    for line, row in rows:
        cells = {header: cell.strip() for header, cell in zip(headers, row, strict=False)}
        problem = None
        if len(row) > len(headers):
            problem = (f"{name}:{line}: this row has {len(row)} cells but the header has {len(headers)} columns: "
                       f"check for an unquoted comma")
        source.rows.append(SourceRow(name, line, cells, problem))
    return source


class Row:
    """One row read through the mapping, saying where a problem is."""

    def __init__(self, row: SourceRow, mapping: dict[str, str]):
        self.source, self.mapping = row, mapping

    def __getitem__(self, field_name: str) -> str:
        return self.source.cells.get(self.mapping.get(field_name, ""), "")

    def has(self, field_name: str) -> bool:
        """Whether the export has a column for this field at all."""
        return field_name in self.mapping

    def column(self, field_name: str) -> str:
        return self.mapping.get(field_name, field_name)

    def problem(self, message: str) -> str:
        return f"{self.source.file}:{self.source.line}: {message}"

    def name(self, with_title: bool = False) -> str:
        if self["name"]:
            return self["name"]
        parts = ("title", "forename", "surname") if with_title else ("forename", "surname")
        return " ".join(self[part] for part in parts if self[part])
