"""Charts as inline SVG, drawn at build time: no outside host, no JavaScript in the reader's browser.

Small hand-written SVG templates (``templates/_charts.j2``) over the geometry
worked out here, rather than a plotting library: the charts are two kinds of
bar chart, a library such as matplotlib would add tens of megabytes and
seconds per build for them, and its SVG draws each letter as a path, which
neither search, nor a screen reader, nor Material's colours can read. Here the
labels are real text, the colours Material's own variables, and each chart
carries a text alternative that states every figure it draws.

Held and due are told apart by fill (solid against outline) and by the
figures printed beside the bars, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pastoral.site.status.figures import Progress
from pastoral.site.status.series import HalfTermPoint

BAR_AREA = 150
"""Height in pixels of the tallest bar of a half-term chart."""
TRACK = 200
"""Width in pixels of the longest bar of a tutor chart."""
LABEL_CHARS = 22
"""A tutor chart's labels are cut to this many characters (the text alternative keeps them whole)."""
PROGRESS_WIDTH = 460
"""A tutor chart's width: narrow enough that its labels stay legible on a phone."""


@dataclass(frozen=True)
class Column:
    """One half-term of a half-term chart: its due and held bars."""

    label: str
    x: float
    due: int
    held: int | None
    due_height: float
    held_height: float


@dataclass(frozen=True)
class HalfTermChart:
    id: str
    title: str
    columns: tuple[Column, ...]
    width: int
    height: int = BAR_AREA + 60
    base: int = BAR_AREA + 20
    """Where the bars stand (the axis line), from the top."""

    @property
    def description(self) -> str:
        """The text alternative: every figure the chart draws, in words."""
        parts = [f"{column.label}: {column.due} due, " + (f"{column.held} held" if column.held is not None
                                                          else "not started")
                 for column in self.columns]
        return f"Meetings due and held by the end of each half-term, running totals. {'; '.join(parts)}."


def half_term_chart(chart_id: str, title: str, points: Sequence[HalfTermPoint]) -> HalfTermChart:
    top = max([point.due for point in points] + [point.held or 0 for point in points] + [1])
    columns = tuple(Column(point.half_term.name, 40 + 90 * number, point.due, point.held,
                           BAR_AREA * point.due / top, BAR_AREA * (point.held or 0) / top)
                    for number, point in enumerate(points))
    return HalfTermChart(chart_id, title, columns, 60 + 90 * max(1, len(points)))


@dataclass(frozen=True)
class Row:
    """One tutor (or House) of a tutor chart: meetings due by now and how many are held."""

    label: str
    y: int
    progress: Progress
    due_width: float
    held_width: float

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= LABEL_CHARS else self.label[:LABEL_CHARS - 1] + "…"


@dataclass(frozen=True)
class ProgressChart:
    id: str
    title: str
    rows: tuple[Row, ...]
    width: int = PROGRESS_WIDTH

    @property
    def height(self) -> int:
        return 30 + 24 * len(self.rows)

    @property
    def description(self) -> str:
        parts = [f"{row.label}: {row.progress.done} of {row.progress.total} held" for row in self.rows]
        return f"Meetings due by now, and how many are held. {'; '.join(parts)}."


def progress_chart(chart_id: str, title: str, rows: list[tuple[str, Progress]]) -> ProgressChart:
    top = max([progress.total for _, progress in rows] + [1])
    return ProgressChart(chart_id, title, tuple(
        Row(label, 24 + 24 * number, progress, TRACK * progress.total / top, TRACK * progress.done / top)
        for number, (label, progress) in enumerate(rows)))
