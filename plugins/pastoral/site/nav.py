"""Put the House pages into the site navigation, right after the status overview.

The House pages are generated, so mkdocs.yml cannot list them; they follow the
overview wherever mkdocs.yml (or MkDocs' automatic navigation) puts it. With no
overview in the navigation they stay out of it, reachable from the overview.
"""

from __future__ import annotations

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


def follow_page(nav: Navigation, files: Files, anchor: str, followers: list[str]) -> None:
    """Insert the pages at ``followers`` (paths in the docs folder) after the page at ``anchor``."""
    anchor_page = next((page for page in nav.pages if page.file.src_uri == anchor), None)
    if anchor_page is None:
        return
    pages = [page for page in (_page_at(files, uri) for uri in followers) if page is not None]
    siblings = anchor_page.parent.children if anchor_page.parent else nav.items
    at = siblings.index(anchor_page) + 1
    siblings[at:at] = pages
    at = nav.pages.index(anchor_page) + 1
    nav.pages[at:at] = pages
    for page in pages:
        page.parent = anchor_page.parent
    for before, page, after in zip([None, *nav.pages], nav.pages, [*nav.pages[1:], None], strict=False):
        page.previous_page, page.next_page = before, after


def _page_at(files: Files, uri: str) -> Page | None:
    file = files.get_file_from_path(uri)
    return file.page if file is not None else None
