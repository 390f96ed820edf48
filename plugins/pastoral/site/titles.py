"""Page titles that stay text: the ``<title>`` of a page whose first heading holds record text.

MkDocs takes a page's title from its first heading as HTML, character
references kept (``Oak &#60;/title&#62;``), and Material writes it into
``<title>`` through Jinja's ``striptags``, which turns the references back into
``</title><script>``. Material writes a title given in the page's metadata as it
is, so the title of each page is put there, as HTML text, before the theme
renders it: every page, since any page's heading can hold a value from the
records or school.yml.
"""

from __future__ import annotations

from markupsafe import escape
from mkdocs.structure.pages import Page


def keep_title_escaped(page: Page) -> None:
    """Give ``page`` a metadata title that is HTML text, unless mkdocs.yml or the page's front matter gave one."""
    if "title" in page.meta or "title" in vars(page):  # front matter, or the title in mkdocs.yml's nav
        return
    from_heading = page._title_from_render  # HTML: character references kept, tags stripped (MkDocs 1.6)
    page.meta["title"] = from_heading if from_heading else str(escape(page.title or ""))
