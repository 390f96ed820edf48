"""Read what a built page shows: its tables, as the text and links of each cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    text: str = ""
    links: list[str] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]]

    def column(self, name: str) -> int:
        return self.header.index(name)

    def row(self, first_cell: str) -> dict[str, Cell]:
        """The row whose first cell reads ``first_cell``, by column header."""
        found = [row for row in self.rows if row[0].text == first_cell]
        assert len(found) == 1, f"{len(found)} rows start with {first_cell!r}: {[r[0].text for r in self.rows]}"
        return dict(zip(self.header, found[0], strict=False))

    def by_first_cell(self) -> dict[str, dict[str, str]]:
        return {row[0].text: {name: cell.text for name, cell in zip(self.header, row, strict=False)} for row in self.rows}


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.cell: Cell | None = None
        self.row: list[Cell] | None = None
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(Table([], []))
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = Cell()
        elif tag == "a" and self.cell is not None:
            self.cell.links.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cell is not None:
            self.cell.text = " ".join(self.cell.text.split())
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            table = self.tables[-1]
            if self.in_head:
                table.header = [cell.text for cell in self.row]
            else:
                table.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.text += data


def tables(html: str) -> list[Table]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table_with(html: str, first_header: str) -> Table:
    """The one table of the page whose first column is headed ``first_header``."""
    found = [table for table in tables(html) if table.header and table.header[0] == first_header]
    assert len(found) == 1, f"{len(found)} tables headed {first_header!r}"
    return found[0]
