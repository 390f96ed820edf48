"""The parents' pages: filled in from school.yml on both sites, and on the public site the only pages.

The pages live in ``handbook/parents/`` and may use the values of
``page_values`` (``{{ school.name }}``, ``{{ policy.meetings_per_year }}``...),
so another school's name, contacts and policy show through without editing
them; the letter to parents is generated from ``templates/public/letter.md.j2``.
Every value is written as text (``markdown_value``), never as Markdown or HTML;
a link's target takes a filter that lets only safe URLs through: ``url``,
``mailto`` and ``tel``.
They are given school.yml and nothing else, so no page can show a pupil's or
staff member's record. On the public site every other page, status page and
docs file is dropped, the parents' pages move to the site's root, and after
the build the privacy guard reads every file written and fails the build on
any personal data (see ``pastoral.privacy``).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from pastoral import privacy
from pastoral.core.calendar import Calendar
from pastoral.core.escape import link_target, markdown_value
from pastoral.core.policy import KEY_STAGES, Policy

PARENTS = "parents/"
LETTER = PARENTS + "letter.md"
STYLESHEET = "assets/pastoral/parents.css"
TEMPLATES = Path(__file__).parent / "templates" / "public"
WEEKS_IN_SCHOOL_YEAR = 39
SEARCH_DIALOG = 'data-md-component="search" role="dialog"'
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


class ParentPages:
    """The plugin's work for the parents' pages; the MkDocs plugin calls one method per event."""

    def __init__(self, records: Path, public: bool):
        self.records = records
        self.public = public
        self.values: dict = {}
        self.sources: dict[str, Path] = {}
        """Each published parents' file (its path in the site) -> the file it is made from, for the guard's messages."""
        self.templates = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                                            finalize=markdown_value)
        self.templates.filters["tel"] = lambda phone: link_target("tel:" + "".join(c for c in phone if c.isdigit() or c == "+"))
        self.templates.filters["mailto"] = lambda email: link_target(f"mailto:{email}")
        self.templates.filters["url"] = link_target

    def on_config(self, config: MkDocsConfig) -> None:
        """The parents' pages' styles (print, accessibility) on both sites; on the public site, a nav with the parents' pages only."""
        config.extra_css.append(STYLESHEET)
        if self.public and config.nav is not None:
            config.nav = _public_nav(config.nav) or None

    def on_files(self, files: Files, config: MkDocsConfig, school: dict) -> Files:
        """Add the letter and the styles; on the public site keep only the parents' pages, at the root.

        ``school`` is school.yml as checked against its schema, which every parents' page is filled in from
        (empty on the intranet when school.yml is broken: its status pages then show the finding).
        """
        self.values = page_values(school)
        files.append(File.generated(config, LETTER, content=(TEMPLATES / "letter.md.j2").read_text(encoding="utf-8")))
        files.append(File.generated(config, STYLESHEET, content=(TEMPLATES / "parents.css").read_text(encoding="utf-8")))
        if not self.public:
            return files
        kept = [file for file in files if _is_public(file, config)]
        for file in kept:
            if file.src_uri.startswith(PARENTS):
                _move_to_root(file)
                self.sources[file.dest_uri] = _source(file)
        return Files(kept)

    def on_nav(self, nav: Navigation) -> Navigation:
        """On the public site, the parents' section (when the nav has only it) becomes the whole nav."""
        if not (self.public and len(nav.items) == 1 and isinstance(nav.items[0], Section)):
            return nav
        items = nav.items[0].children
        for item in items:
            item.parent = None
        return Navigation(items, nav.pages)

    def on_page_markdown(self, markdown: str, page: Page) -> str:
        """Fill a parents' page in from school.yml; other pages are left as they are."""
        if not page.file.src_uri.startswith(PARENTS):
            return markdown
        try:
            return self.templates.from_string(markdown).render(self.values)
        except jinja2.TemplateSyntaxError as error:
            raise PluginError(f"{_source(page.file)}:{error.lineno}: {error.message}; "
                              "write {{ name }} for a value from school.yml, and {% raw %}{{ }}{% endraw %} for literal braces") from None
        except jinja2.UndefinedError as error:
            raise PluginError(f"{_source(page.file)}: {error.message}; the values a parents' page can use are: "
                              + ", ".join(sorted(self.values))) from None

    def on_post_page(self, output: str) -> str:
        """Name Material's search dialog, which it leaves without one (axe-core: aria-dialog-name, serious)."""
        return output.replace(SEARCH_DIALOG, f'{SEARCH_DIALOG} aria-label="Search"', 1)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """On the public site, run the privacy guard over every file written; on a finding, empty the site and fail."""
        if not self.public:
            return
        findings = privacy.check_public_site(Path(config.site_dir), self.records, self.sources)
        if findings:
            clean_directory(config.site_dir)
            raise PluginError(f"the public site would publish personal data, so the build failed and {config.site_dir} "
                              f"was emptied (rule {privacy.RULE}):\n" + privacy.explain(findings))


def page_values(school: dict) -> dict:
    """What a parents' page may use, all from school.yml: the school, its contacts and its policy in words."""
    policy = Policy.from_school(school)
    contacts = [{key: contact.get(key) for key in ("role", "name", "email", "phone")} for contact in school.get("contacts", [])]
    lead = next((contact for contact in contacts if contact["name"]), contacts[0] if contacts else None)
    tutored = range(policy.guarantee_from_year, max(KEY_STAGES) + 1)
    meeting = [year for year in tutored if policy.meets_yearly(year)]
    return {
        "school": {key: school.get(key) for key in ("phone", "email", "website", "academic_year")}
        | {"name": school.get("name") or "the school", "address": school.get("address", [])},
        "contacts": contacts,
        "lead": lead,
        "lead_role": lead["role"] if lead else "Student Support Programme lead",
        "policy": policy,
        "guarantee_years": years_in_words(tutored),
        "meetings_sentence": _meetings_sentence(policy, meeting),
        "other_years": years_in_words([year for year in tutored if year not in meeting]),
        "spread": _spread(policy.meetings_per_year),
        "term": _first_term(school),
    }


def years_in_words(years) -> str:
    """'Years 7 to 11', 'Years 12 and 13', 'Year 7', 'Years 7 to 9 and 12' ('' for none)."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    if not runs:
        return ""
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]} and {run[1]}" if len(run) == 2 else f"{run[0]} to {run[-1]}"
             for run in runs]
    label = "Year" if len(runs) == 1 and len(runs[0]) == 1 else "Years"
    return f"{label} {_listed(parts)}"


def _listed(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return f"{', '.join(parts[:-1])} and {parts[-1]}" if len(parts) > 1 else parts[0]


def _meetings_sentence(policy: Policy, meeting: list[int]) -> str:
    if not meeting:
        return "Pupils meet their tutor one to one whenever they need to."
    stages = sorted({KEY_STAGES[year][2:] for year in meeting})
    stage_words = ("Key Stage " if len(stages) == 1 else "Key Stages ") + _listed(stages)
    times = {1: "once", 2: "twice"}.get(policy.meetings_per_year) or f"{NUMBER_WORDS[policy.meetings_per_year]} times"
    return (f"Pupils in {years_in_words(meeting)} ({stage_words}) have a one-to-one mentoring session "
            f"with their tutor {times} a year.")


def _spread(meetings: int) -> str:
    if meetings == 3:
        return "about one each term"
    if meetings == 6:
        return "about one each half-term"
    return f"about one every {round(WEEKS_IN_SCHOOL_YEAR / meetings)} weeks"


def _first_term(school: dict) -> str:
    """The date line of the letter: the term the school year starts with, e.g. 'Autumn term 2026'."""
    year = school.get("academic_year", "")
    first = next(iter(Calendar.from_school(school).year(year)), None)
    return f"{first.term.title()} term {first.starts.year}" if first else f"Academic year {year}".strip()


def _public_nav(items: list) -> list[str | dict]:
    """The nav as written in mkdocs.yml, keeping only the parents' pages and the sections that hold them."""
    kept: list[str | dict] = []
    for item in items:
        if isinstance(item, str):
            if item.startswith(PARENTS):
                kept.append(item)
        elif isinstance(item, dict):
            entry: dict[str, object] = {}
            for title, value in item.items():
                inner = _public_nav(value) if isinstance(value, list) else _public_nav([value])
                if inner:
                    entry[title] = inner if isinstance(value, list) else inner[0]
            if entry:
                kept.append(entry)
    return kept


def _is_public(file: File, config: MkDocsConfig) -> bool:
    """A file under the parents' pages (the letter is one), the theme's own assets, or the parents' style sheet.

    Nothing else of the docs folder is published, not even a style sheet or a script: the guard reads
    every file it publishes, but a file that is not meant for parents has no business on their site.
    """
    from_theme = file.src_dir is not None and Path(file.src_dir) != Path(config.docs_dir)
    return file.src_uri.startswith(PARENTS) or from_theme or file.src_uri == STYLESHEET


def _move_to_root(file: File) -> None:
    """parents/sessions.md is served at sessions/ on the public site, parents/index.md at its root."""
    file.dest_uri = file.dest_uri.removeprefix(PARENTS)
    for derived in ("url", "abs_dest_path"):  # cached from the old destination, if already asked for
        vars(file).pop(derived, None)


def _source(file: File) -> Path:
    """The file a parents' file is made from: its own, or the letter's template."""
    return Path(file.abs_src_path) if file.abs_src_path else TEMPLATES / "letter.md.j2"
