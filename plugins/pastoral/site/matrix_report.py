"""The House Matrix report: a printable page per half-term (A4, one House a page) and a CSV of the
same figures, for SMT and inspection (handbook, Monitoring).

The CSV is written for spreadsheets: a cell that starts like a formula
(``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an
apostrophe, so a name from the records can never run as a formula (OWASP,
CSV injection).
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

from pastoral.site.paths import matrix_page_path
from pastoral.site.render import environment
from pastoral.site.status import SchoolStatus
from pastoral.site.status.matrix import HalfTermMatrix, MatrixRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("Academic year", "Half-term", "House", "Tutor", "Pupils", "Interviews held", "Targets recorded",
           "Reviews recorded", "Pupils with targets or reviews recorded", "Pupils expected to have them",
           "Planner signatures", "Meetings overdue")


def matrix_pages(status: SchoolStatus) -> dict[str, str]:
    """The report page and CSV file of each half-term of the year that has started."""
    template = environment().get_template("matrix.md.j2")
    pages = {}
    for matrix in status.matrices:
        pages[matrix_page_path(matrix.number)] = template.render(school=status, matrix=matrix,
                                                                 csv_name=PurePosixPath(matrix_page_path(matrix.number, "csv")).name)
        pages[matrix_page_path(matrix.number, "csv")] = matrix_csv(matrix)
    return pages


def matrix_csv(matrix: HalfTermMatrix) -> str:
    """One line per tutor (and each House's total), the figures of the printed report."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    half = matrix.half_term
    for house in matrix.houses:
        for row in house.lines:
            writer.writerow([safe_cell(value) for value in (half.academic_year, half.name, house.house,
                                                            *_figures(row))])
    return out.getvalue()


def _figures(row: MatrixRow) -> list:
    return [getattr(row, name) for name in MatrixRow.FIELDS]


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula, made plain text; numbers as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
