"""Where each status page lives in the docs folder (the address MkDocs gives it follows)."""

from __future__ import annotations

from pathlib import PurePosixPath

STATUS_FOLDER = "status"
OVERVIEW = f"{STATUS_FOLDER}/index.md"


def house_page_path(house_id: str) -> str:
    return f"{STATUS_FOLDER}/{house_id}.md"


def tutor_page_path(tutor_id: str) -> str:
    return f"{STATUS_FOLDER}/tutors/{tutor_id}.md"


def matrix_page_path(number: int, suffix: str = "md") -> str:
    """The House Matrix report of the year's half-term ``number`` (from 1); ``suffix`` 'csv' for its figures."""
    return f"{STATUS_FOLDER}/matrix/half-term-{number}.{suffix}"


def from_status(path: str) -> str:
    """A status page's path as a link from a page in the status folder itself (the overview, a House)."""
    return PurePosixPath(path).relative_to(STATUS_FOLDER).as_posix()
