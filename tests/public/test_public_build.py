"""The public build: only the parents' pages and the letter, filled in from school.yml, no outside assets."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml
from tests.conftest import REPO
from tests.public.conftest import PUBLIC_CONFIG, build_fails, build_public

PARENT_PAGES = {"index.html", "sessions/index.html", "planner/index.html", "contact/index.html",
                "concerns/index.html", "letter/index.html"}
HANDBOOK_FOLDERS = ("programme", "toolkit", "safeguarding", "recording", "status")


def pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def text_of(site: Path, page: str) -> str:
    """The page's article text, tags removed and spaces collapsed, as a reader sees it."""
    page_html = (site / page).read_text(encoding="utf-8")
    article = re.search(r"<article[^>]*>(.*?)</article>", page_html, re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def school_yml(root: Path) -> dict:
    return yaml.safe_load((root / "records" / "school.yml").read_text(encoding="utf-8"))


def test_the_sample_school_builds_and_passes_the_guard(sample_site):
    assert (sample_site / "index.html").is_file()  # the guard empties the site when it finds anything


def test_the_public_site_holds_only_the_parents_pages_and_the_letter(sample_site):
    assert pages(sample_site) == PARENT_PAGES | {"404.html"}
    assert not [folder for folder in HANDBOOK_FOLDERS if (sample_site / folder).exists()]
    indexed = {doc["location"].split("#")[0] for doc in
               json.loads((sample_site / "search" / "search_index.json").read_text())["docs"]}
    assert indexed == {"", "sessions/", "planner/", "contact/", "concerns/", "letter/"}
    sitemap = (sample_site / "sitemap.xml").read_text()
    assert "status" not in sitemap and "toolkit" not in sitemap


def test_the_letter_shows_the_school_and_its_published_contacts(sample_site):
    school = school_yml(REPO)
    letter = text_of(sample_site, "letter/index.html")
    assert school["name"] in letter and all(line in letter for line in school["address"])
    lead = school["contacts"][0]
    assert f"{lead['name']} {lead['role']}" in letter  # the signature
    assert lead["email"] in letter and school["phone"] in letter
    contacts = text_of(sample_site, "contact/index.html")
    for contact in school["contacts"]:
        assert all(contact[key] in contacts for key in ("role", "email", "phone", "name") if key in contact)


def test_the_letter_prints_on_a4_without_the_site_around_it(sample_site):
    css = (sample_site / "assets" / "pastoral" / "parents.css").read_text()
    assert re.search(r"@page\s*{\s*size:\s*A4", css)
    assert re.search(r"@media print\s*{[^}]*\.md-header,[^}]*\.md-sidebar,[^}]*\.md-footer", css)
    assert 'href="../assets/pastoral/parents.css"' in (sample_site / "letter" / "index.html").read_text()


def test_no_page_loads_anything_from_another_site(sample_site):
    for page in PARENT_PAGES:
        html = (sample_site / page).read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|img|iframe)[^>]*\ssrc="([^"]+)"|<link[^>]*\shref="([^"]+)"', html)
        assert not [url for pair in loaded for url in pair if re.match(r"(https?:)?//", url)], page
        assert "fonts.googleapis" not in html and "gtag" not in html


def test_the_pages_follow_the_schools_own_policy(project):
    school = (project / "records" / "school.yml").read_text(encoding="utf-8")
    school = school.replace("name: Fernhill Academy", "name: Larkfield High School")
    school = school.replace("meetings_per_year: 3", "meetings_per_year: 6")
    school = school.replace("    - KS4\n", "")
    school = school.replace("planner_signed_within_days: 14", "planner_signed_within_days: 7")
    (project / "records" / "school.yml").write_text(school, encoding="utf-8")
    site = build_public(project)
    sessions = text_of(site, "sessions/index.html")
    assert "Pupils in Years 7 to 9 (Key Stage 3) have a one-to-one mentoring session with their tutor six times a year." in sessions
    assert "about one each half-term" in sessions and "Pupils in Years 10 to 13 have a tutor too" in sessions
    assert "sign the planner within 7 days" in text_of(site, "planner/index.html")
    assert "Every pupil at Larkfield High School in Years 7 to 13" in text_of(site, "index.html")


def test_a_public_config_without_its_own_nav_still_builds_only_the_parents_pages(project):
    config = (project / PUBLIC_CONFIG).read_text(encoding="utf-8").split("\nnav:")[0]
    (project / "inherits-nav.yml").write_text(config, encoding="utf-8")
    site = build_public(project, "inherits-nav.yml")
    assert pages(site) == PARENT_PAGES | {"404.html"}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="sessions/"' in home and "Parents" not in re.findall(r'md-tabs__link[^>]*>\s*([^<]+)', home)


def test_a_nav_that_mixes_handbook_and_parents_pages_keeps_only_the_parents_pages(project):
    (project / "mixed-nav.yml").write_text(
        "INHERIT: mkdocs.public.yml\n"
        "nav:\n"
        "  - Home: index.md\n"
        "  - Toolkit: [toolkit/index.md, {Questions: toolkit/questions.md}]\n"
        "  - For parents: [parents/index.md, {Sessions: parents/sessions.md}]\n"
        "  - Intranet: https://intranet.example/\n", encoding="utf-8")
    site = build_public(project, "mixed-nav.yml")
    assert pages(site) == PARENT_PAGES | {"404.html"}
    home = (site / "index.html").read_text(encoding="utf-8")
    tabs = [" ".join(tab.split()) for tab in re.findall(r'class="md-tabs__link[^"]*"[^>]*>([^<]+)<', home)]
    assert tabs == ["The Student Support Programme", "Sessions"]  # the section became the whole nav
    assert "intranet.example" not in home and "Toolkit" not in home


def test_a_mistake_in_a_parents_page_names_the_page_and_line(project, caplog):
    page = project / "handbook" / "parents" / "planner.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nSign within {{ policy.planner_signed_within_days }\n")
    message = build_fails(project, caplog)
    assert f"{page}:{len(text.splitlines()) + 2}: unexpected '}}'" in message and "write {{ name }} for a value from school.yml" in message


def test_an_unknown_value_in_a_parents_page_lists_the_values_there_are(project, caplog):
    page = project / "handbook" / "parents" / "contact.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nCall {{ school.fax }}.\n")
    message = build_fails(project, caplog)
    assert str(page) in message and "has no attribute 'fax'" in message
    assert "the values a parents' page can use are: contacts, guarantee_years, lead" in message


def test_a_website_that_is_not_a_plain_http_address_stops_the_build(project, caplog):
    school = project / "records" / "school.yml"
    text = school.read_text(encoding="utf-8")
    school.write_text(text.replace("website: https://www.fernhill.example/",
                                   "website: https://x/)[web](javascript:alert(1)"), encoding="utf-8")
    message = build_fails(project, caplog)
    line = text.splitlines().index("website: https://www.fernhill.example/") + 1
    assert f"cannot read the school profile: records/school.yml:{line}:" in message and "website" in message
