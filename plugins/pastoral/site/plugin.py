"""The MkDocs plugin ``pastoral``: a thin adapter from MkDocs' events to plain code.

Intranet: the records are read and checked once per build, and the status
pages (an overview, a dashboard per House, a page per tutor, the House Matrix
reports and their CSV files) are added to the build in memory; nothing is
written into the repository. Public: only ``school.yml`` is read.
"""

from __future__ import annotations

import os
from importlib.resources import files as package_files

from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from pastoral.site.audience import Audience, audience_pages, page_order
from pastoral.site.config import PUBLIC, PastoralConfig
from pastoral.site.editor.app import add_editor
from pastoral.site.nav import follow_page
from pastoral.site.paths import OVERVIEW
from pastoral.site.public import ParentPages
from pastoral.site.render import Links
from pastoral.site.sources import as_of_date, checked_records, records_workspace, restricted_folder, school_profile
from pastoral.site.status import school_status
from pastoral.site.titles import keep_title_escaped

STYLESHEET = "assets/pastoral/intranet.css"
STATUS_EXTENSIONS = ("md_in_html", "pymdownx.details")
"""Markdown the status pages are written in (wrapped tables, collapsible groups), added when mkdocs.yml leaves them out."""
log = get_plugin_logger(__name__)


class PastoralPlugin(BasePlugin[PastoralConfig]):
    def on_config(self, config):
        if not self.config.enabled:
            return
        self.as_of = as_of_date(self.config.as_of, os.environ, config.config_file_path)
        self.workspace = records_workspace(self.config.records, config.config_file_path)
        self.restricted = restricted_folder(self.config.restricted, config.config_file_path)
        self.readers = Audience.parse(self.config.readers)
        self.house_pages: list[str] = []
        self.parents = ParentPages(self.workspace.records, public=self.config.audience == PUBLIC)
        self.parents.on_config(config)
        if self.config.audience != PUBLIC:
            config.extra_css.append(STYLESHEET)
            config.markdown_extensions.extend(e for e in STATUS_EXTENSIONS if e not in config.markdown_extensions)

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        if self.config.audience == PUBLIC:
            return self.parents.on_files(files, config, school_profile(self.workspace))
        checked = checked_records(self.workspace, self.as_of, self.config.cache, self.restricted)
        status = school_status(checked)
        links = Links.of(config.repo_url, config.edit_uri, config.docs_dir, self.workspace.root)
        pages = audience_pages(self.readers, checked, status, links)
        self.house_pages = page_order(pages, status)
        for src_uri, content in pages.items():
            # House pages join the navigation after the overview (on_nav), not where MkDocs would sort them;
            # tutors' pages and the House Matrix reports stay out of it (linked from the pages, found by search).
            inclusion = InclusionLevel.UNDEFINED if src_uri == OVERVIEW else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        css = package_files("pastoral.site").joinpath("assets/intranet.css").read_text(encoding="utf-8")
        files.append(File.generated(config, STYLESHEET, content=css))
        add_editor(files, self.config.editor, config, self.workspace, checked.context)
        log.info(f"status pages as on {self.as_of}: {status.on_roll} pupils on roll, {status.findings} findings")
        return self.parents.on_files(files, config, checked.store.school)

    def on_serve(self, server, *, config, builder):
        if self.config.enabled:
            server.watch(str(self.workspace.records))  # a record saved during 'mkdocs serve' rebuilds the pages
            if self.restricted:
                server.watch(str(self.restricted.records))
        return server

    def on_nav(self, nav, *, config, files):
        if self.config.enabled and self.config.audience != PUBLIC:
            follow_page(nav, files, OVERVIEW, self.house_pages)
        return self.parents.on_nav(nav) if self.config.enabled else nav

    def on_page_markdown(self, markdown, *, page, config, files):
        return self.parents.on_page_markdown(markdown, page) if self.config.enabled else markdown

    def on_page_content(self, html, *, page, config, files):
        if self.config.enabled:
            keep_title_escaped(page)  # a House name in <title> stays text
        return html

    def on_post_page(self, output, *, page, config):
        return self.parents.on_post_page(output) if self.config.enabled else output

    def on_post_build(self, *, config):
        if self.config.enabled:
            self.parents.on_post_build(config)  # public: the privacy guard
