"""The status pages as Markdown, from the figures in ``status/`` and the templates beside this file.

Pages are Markdown (so MkDocs checks and rewrites the links between them)
with small inline HTML for the bars, the disclosures and the SVG charts. Every
value a template writes goes through ``markdown_text`` (``pastoral.core.escape``)
unless it is already markup (a macro's output, a URL from ``safe_url``), and the
charts' text through Jinja's autoescape, so a name, a half-term or a message can
never turn into a link, an image or a script, whichever template writes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pastoral.core.escape import code_text, link_target, markdown_text, markdown_value, safe_url
from pastoral.site.charts import half_term_chart, progress_chart
from pastoral.site.paths import OVERVIEW, from_status, house_page_path, matrix_page_path, tutor_page_path
from pastoral.site.status import SchoolStatus

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Links:
    """Where a record file opens: the repository's web editor when mkdocs.yml names the
    repository (``repo_url`` and ``edit_uri``), else nowhere (pages show the path)."""

    docs_edit_url: str | None
    """The edit address of the docs folder (``repo_url`` joined with ``edit_uri``)."""
    docs_from_root: str
    """The docs folder relative to the repository root, e.g. 'handbook'."""

    @classmethod
    def of(cls, repo_url: str | None, edit_uri: str | None, docs_dir: str, root: Path) -> Links:
        edit_url = urljoin(repo_url.rstrip("/") + "/", edit_uri) if repo_url and edit_uri else None
        return cls(edit_url, Path(os.path.relpath(docs_dir, root)).as_posix())

    def record(self, file: str) -> Markup | None:
        """The address of a record file (its path relative to the repository root), %-encoded for a link."""
        if self.docs_edit_url is None:
            return None
        up = "../" * len(PurePosixPath(self.docs_from_root).parts) if self.docs_from_root != "." else ""
        return safe_url(urljoin(self.docs_edit_url, up + file))


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@cache
def environment() -> Environment:
    """The templates beside this file: autoescaped HTML, record text through ``md`` in Markdown."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=markdown_value)
    environment.filters["md"] = markdown_text
    environment.filters["url"] = link_target
    environment.filters["code"] = code_text
    environment.filters["long_date"] = long_date
    environment.globals.update(matrix_page=matrix_page_path, tutor_page=tutor_page_path, from_status=from_status)
    return environment


def overview_page(status: SchoolStatus, links: Links) -> dict[str, str]:
    """The status overview: the whole school, its Houses side by side, the House Matrix reports."""
    chart = half_term_chart("school-year", f"{status.name}: meetings through the year", status.by_half_term)
    houses = progress_chart("school-houses", "Meetings due by now and held, by House",
                            [(house.name, house.meetings.due_by_now) for house in status.houses])
    return {OVERVIEW: environment().get_template("overview.md.j2").render(
        school=status, links=links, year_chart=chart, house_chart=houses)}


def house_pages(status: SchoolStatus, links: Links) -> dict[str, str]:
    """One dashboard per House, by its path in the docs folder."""
    template = environment().get_template("house.md.j2")
    return {house_page_path(house.id): template.render(
        school=status, house=house, links=links,
        tutor_chart=progress_chart(f"{house.id}-tutors", f"{house.name}: meetings due by now and held, by tutor",
                                   [(tutor.name, tutor.meetings.due_by_now) for tutor in house.tutors]),
        house_chart=half_term_chart(f"{house.id}-year", f"{house.name}: meetings through the year",
                                    house.by_half_term))
        for house in status.houses}
