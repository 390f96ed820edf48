"""Every status page of the intranet, as plain functions of the status: {path in the docs folder: content}.

Each kind of page has its own function, so a build for one audience (a House,
a tutor) can take only the pages it may show.
"""

from __future__ import annotations

from pastoral.site.matrix_report import matrix_pages
from pastoral.site.render import Links, house_pages, overview_page
from pastoral.site.status import SchoolStatus
from pastoral.site.tutor_pages import tutor_pages


def status_pages(status: SchoolStatus, links: Links) -> dict[str, str]:
    """The overview, a dashboard per House, a page per tutor, and the House Matrix reports (Markdown,
    and each report's figures as CSV)."""
    return {**overview_page(status, links), **house_pages(status, links), **tutor_pages(status, links),
            **matrix_pages(status)}
