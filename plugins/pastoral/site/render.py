"""The status pages as Markdown, from the figures in ``status.py`` and the templates beside this file.

Pages are Markdown (so MkDocs checks and rewrites the links between them)
with small inline HTML spans for the bars. Every value a template writes goes
through ``markdown_text`` (``pastoral.core.escape``) unless it is already
markup (a macro's output, a URL from ``safe_url``), so a name, a half-term or a
message can never turn into a link, an image or a script, whichever template
writes it and whether or not it says ``|md``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pastoral.core.escape import code_text, link_target, markdown_text, markdown_value, safe_url
from pastoral.site.status import SchoolStatus

TEMPLATES = Path(__file__).parent / "templates"
STATUS_FOLDER = "status"


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


def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=markdown_value)
    environment.filters["md"] = markdown_text
    environment.filters["url"] = link_target
    environment.filters["code"] = code_text
    environment.filters["long_date"] = long_date
    return environment


def status_pages(status: SchoolStatus, links: Links) -> dict[str, str]:
    """The Markdown of every status page, by its path in the docs folder: the overview and one
    page per House."""
    environment = _environment()
    pages = {f"{STATUS_FOLDER}/index.md": environment.get_template("overview.md.j2").render(school=status, links=links)}
    house_page = environment.get_template("house.md.j2")
    for house in status.houses:
        pages[house_page_path(house.id)] = house_page.render(school=status, house=house, links=links)
    return pages


def house_page_path(house_id: str) -> str:
    return f"{STATUS_FOLDER}/{house_id}.md"
