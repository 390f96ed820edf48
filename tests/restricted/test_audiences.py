"""One intranet build per audience: a tutor's build holds only their tutees (their page of the school build, with
the needs their Head of House shares), a House's build only its pupils, and the staff build no pupil at all, in
its pages, search index and sitemap."""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import REPO, SAMPLE_AS_OF
from tests.restricted.support import HOUSE, OTHER_HOUSE, TUTOR, build_audiences, read
from tests.site.pages import Table, tables

from pastoral.checking.restricted import Boundary
from pastoral.core.workspace import Workspace
from pastoral.site.audience import NEED_WORDS, Audience, audience_pages
from pastoral.site.render import Links
from pastoral.site.sources import checked_records
from pastoral.site.status import school_status

RICH_SECTIONS = ("Your pupils", "Targets waiting for review", "Open targets, in the pupils' words",
                 "Planner signatures to chase")
"""The sections of a tutor's page in the school build ("my tutees"), each a heading."""
TUTEES_HEADER = ["Pupil", "Year", "Tutor group", "Next meeting", "Reviews overdue", "Planners to chase"]


def built_text(site: Path) -> str:
    """Everything a reader of the build could see: every page's text, the search index and the sitemap."""
    pages = [html.unescape(path.read_text(encoding="utf-8")) for path in site.rglob("*.html")]
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return "\n".join([*pages, json.dumps(index, ensure_ascii=False), (site / "sitemap.xml").read_text()])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    return build_audiences(tmp_path_factory.mktemp("audiences"))


def names_in(text: str, pupils: dict) -> set[str]:
    return {pupil_id for pupil_id, pupil in pupils.items() if pupil["name"] in text}


def test_a_tutors_build_holds_only_their_tutees(built):
    text = built_text(built["site"] / f"tutor-{TUTOR}")
    assert names_in(text, built["pupils"]) == built["tutees"]
    assert len(built["tutees"]) > 5


def page_html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def tutees_table(page: str) -> Table:
    """The "Your pupils" table of a tutor's page."""
    [table] = [table for table in tables(page) if table.header[:len(TUTEES_HEADER)] == TUTEES_HEADER]
    return table


def needs_by_name(table: Table) -> dict[str, str]:
    """Pupil's name -> the text of their Needs cell (the first cell reads 'name (`records/pupils/….yml`)')."""
    needs = table.column("Needs")
    return {row[0].text.split(" (")[0]: row[needs].text for row in table.rows}


def test_a_tutors_build_shows_their_page_of_the_school_build(built):
    """(a) The page has the sections of the school build's tutor page, not the old table of sessions held."""
    page = page_html(built["site"], f"tutor-{TUTOR}/status/index.html")
    headings = [html.unescape(re.sub(r"<a class=\"headerlink\".*?</a>", "", heading)).strip()
                for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
    assert [heading for heading in headings if heading in RICH_SECTIONS] == list(RICH_SECTIONS)
    assert "Sessions held this year" not in page
    assert f'aria-labelledby="{TUTOR}-year-title' in page  # the half-term chart
    table = tutees_table(page)
    assert table.header == [*TUTEES_HEADER, "Needs"]
    assert set(needs_by_name(table)) == {built["pupils"][p]["name"] for p in built["tutees"]}
    targets = next(t for t in tables(page) if t.header == ["Pupil", "Target", "Set on", "Review due"])
    assert targets.rows and {row[0].text for row in targets.rows} <= {built["pupils"][p]["name"] for p in built["tutees"]}
    # The same page as the House build's page of the same tutor, the one its dashboard links.
    house_page = page_html(built["site"], f"house-{HOUSE}/status/tutors/{TUTOR}/index.html")
    assert tables(house_page) == tables(page)
    assert f'href="../tutors/{TUTOR}/"' in page_html(built["site"], f"house-{HOUSE}/status/{HOUSE}/index.html")


def test_a_tutors_build_shows_only_the_needs_the_head_of_house_shares(built):
    """(b) The needs shared with the tutor are in their pupil's row; (c) no other need is on the page."""
    text = built_text(built["site"] / f"tutor-{TUTOR}")
    page = html.unescape(page_html(built["site"], f"tutor-{TUTOR}/status/index.html"))
    shared = built["pupils"][built["shared"]]
    needs = needs_by_name(tutees_table(page))
    assert needs[shared["name"]] == ", ".join(NEED_WORDS[need] for need in shared["needs"])
    others = [p for pupil_id, p in built["pupils"].items() if pupil_id in built["tutees"] and pupil_id != built["shared"]]
    assert any(p.get("needs") for p in others)
    assert {pupil["name"]: needs[pupil["name"]] for pupil in others} == {pupil["name"]: "—" for pupil in others}
    for words in NEED_WORDS.values():  # nowhere else on the page either
        assert page.count(words) == needs[shared["name"]].count(words), words
    assert not [considered for considered in built["considered"] if considered in text]
    # Nor in the search index: the pupils' table is kept out of it, as in the school build.
    index = (built["site"] / f"tutor-{TUTOR}/search/search_index.json").read_text(encoding="utf-8")
    assert not [pupil for pupil in others + [shared] if pupil["name"] in index]


def test_a_house_builds_tutor_pages_show_the_same_shared_needs_and_no_others(built):
    site = built["site"] / f"house-{HOUSE}"
    shared = built["pupils"][built["shared"]]
    pages = sorted((site / "status/tutors").glob("*/index.html"))
    tutors = [read(path) for path in (built["site"].parent / "records/staff").glob("*.yml")]
    assert len(pages) == len([t for t in tutors if "tutor" in t["roles"] and t.get("house") == HOUSE
                              and not t.get("left_on")]) > 1
    shown = {}
    for path in pages:
        shown.update({name: needs for name, needs in needs_by_name(tutees_table(path.read_text("utf-8"))).items()
                      if needs != "—"})
    assert shown == {shared["name"]: ", ".join(NEED_WORDS[need] for need in shared["needs"])}
    assert not list((site / "status").glob(f"{HOUSE}-tutor-*"))  # the old thin copies are gone


def test_a_house_build_holds_its_own_pupils_and_their_needs_and_no_other_house(built):
    site = built["site"] / f"house-{HOUSE}"
    text = built_text(site)
    found = names_in(text, built["pupils"])
    assert found and all(built["pupils"][pupil]["house"] == HOUSE for pupil in found)
    needs_page = html.unescape((site / f"status/{HOUSE}-needs/index.html").read_text(encoding="utf-8"))
    with_needs = [p for p in built["pupils"].values() if p["house"] == HOUSE and p.get("needs") and "left_on" not in p]
    assert with_needs and all(pupil["name"] in needs_page for pupil in with_needs)
    assert not (site / f"status/{OTHER_HOUSE}").exists()


def test_the_staff_build_holds_no_pupils_name_or_need(built):
    text = built_text(built["site"] / "staff")
    assert names_in(text, built["pupils"]) == set()
    assert not [considered for considered in built["considered"] if considered in text]
    assert "Tutees of" not in text and "pupils' needs" not in text


def test_each_build_has_its_own_search_index_and_sitemap(built):
    for audience in ("staff", f"house-{HOUSE}", f"tutor-{TUTOR}"):
        site = built["site"] / audience
        locations = [doc["location"] for doc in json.loads((site / "search/search_index.json").read_text())["docs"]]
        assert locations
        sitemap = (site / "sitemap.xml").read_text()
        assert f"https://intranet.school.example/{audience}/" in sitemap
        assert not [other for other in ("staff", f"house-{HOUSE}", f"tutor-{TUTOR}") if other != audience
                    and f"example/{other}/" in sitemap]


def test_the_access_map_names_the_readers_of_each_build(built):
    audiences = {entry["audience"]: entry for entry in json.loads((built["site"] / "access.json").read_text())["audiences"]}
    assert audiences[f"tutor-{TUTOR}"]["path"] == f"/tutor-{TUTOR}/"
    assert audiences[f"tutor-{TUTOR}"]["emails"] == sorted(["a.fernandes@fernhill.example",
                                                            _email_of(built, "ppalmer")])
    assert audiences[f"house-{HOUSE}"]["emails"] == [_email_of(built, _head_of(built, HOUSE))]
    assert len(audiences["staff"]["emails"]) > 20


def _email_of(built: dict, staff_id: str) -> str:
    return read(built["site"].parent / "records/staff" / f"{staff_id}.yml")["email"]


def _head_of(built: dict, house: str) -> str:
    return read(built["site"].parent / "records/houses" / f"{house}.yml")["head_of_house"]


def test_built_without_the_restricted_records_a_house_shows_no_needs(built, pastoral):
    root = built["site"].parent
    code, out, err = pastoral("audiences", "--config-file", str(root / "mkdocs.yml"), "--site-dir",
                              str(root / "site-without"), "--only", f"house-{HOUSE}")
    assert code == 0, err
    site = root / "site-without" / f"house-{HOUSE}"
    text = built_text(site)
    assert not (site / f"status/{HOUSE}-needs").exists()
    assert not [considered for considered in built["considered"] if considered in text]
    assert "needs recorded" not in text
    assert (site / f"status/tutors/{TUTOR}/index.html").exists()
    for path in (site / "status/tutors").glob("*/index.html"):  # (c) no Needs column on a tutor's page either
        assert tutees_table(path.read_text(encoding="utf-8")).header == TUTEES_HEADER, path


def test_built_without_the_restricted_records_a_tutors_page_has_no_needs(built, pastoral):
    root = built["site"].parent
    code, out, err = pastoral("audiences", "--config-file", str(root / "mkdocs.yml"), "--site-dir",
                              str(root / "site-without-tutor"), "--only", f"tutor-{TUTOR}")
    assert code == 0, err
    page = html.unescape(page_html(root / "site-without-tutor", f"tutor-{TUTOR}/status/index.html"))
    table = tutees_table(page)
    assert table.header == TUTEES_HEADER and len(table.rows) == len(built["tutees"])
    assert "Needs" not in page and not [words for words in NEED_WORDS.values() if words in page]


def test_an_unknown_audience_is_a_clear_usage_error(built, pastoral):
    root = built["site"].parent
    for name, words in (("house-nowhere", "there is no such House"), ("tutors", "use school, staff, house-<House id>")):
        code, out, err = pastoral("audiences", "--config-file", str(root / "mkdocs.yml"), "--site-dir",
                                  str(root / "site-bad"), "--only", name)
        assert code == 2 and words in err and "Traceback" not in err, err


@pytest.fixture(scope="module")
def shared_school(tmp_path_factory) -> dict:
    """The sample school, not split (its records hold the needs), with the needs of one tutee of TUTOR who has
    some shared with them, checked as on the sample's date."""
    root = tmp_path_factory.mktemp("shared-school")
    shutil.copytree(REPO / "records", root / "records")
    shutil.copytree(REPO / "schemas", root / "schemas")
    pupils = {read(path)["id"]: (path, read(path)) for path in (root / "records/pupils").glob("*.yml")}
    tutees = sorted(read(path)["pupil"] for path in (root / "records/assignments").glob("*.yml")
                    if read(path)["staff"] == TUTOR and read(path)["role"] == "tutor" and "to" not in read(path))
    path, pupil = next(pupils[p] for p in tutees if pupils[p][1].get("needs"))
    with path.open("a", encoding="utf-8") as file:
        file.write("share_needs_with_tutor: true\n")
    unshared = [pupils[p][1] for p in tutees if pupils[p][1].get("needs") and p != pupil["id"]]
    assert unshared
    checked = checked_records(Workspace.at(root / "records"), date.fromisoformat(SAMPLE_AS_OF), False)
    assert checked.boundary.readable
    return {"checked": checked, "shared": pupil, "unshared": unshared, "links": Links(None, "handbook")}


def pages_of(shared_school: dict, audience: str, readable: bool = True) -> dict[str, str]:
    """The generated pages (Markdown) of the build for ``audience``, from records that can (or, as the boundary
    says, cannot) be read for their restricted fields."""
    checked = shared_school["checked"]
    checked = checked if readable else replace(checked, boundary=Boundary(readable=False))
    return audience_pages(Audience.parse(audience), checked, school_status(checked), shared_school["links"])


def tutor_pages_of(shared_school: dict, audience: str, readable: bool = True) -> dict[str, str]:
    """A tutor's build's one page, or the tutors' pages of a House's or the school's build."""
    pages = pages_of(shared_school, audience, readable)
    return pages if audience.startswith("tutor-") else {uri: page for uri, page in pages.items()
                                                         if uri.startswith("status/tutors/")}


def need_rows(page: str) -> list[str]:
    return [line for line in page.splitlines() if any(words in line for words in NEED_WORDS.values())]


@pytest.mark.parametrize("audience", [f"tutor-{TUTOR}", f"house-{HOUSE}"])
def test_shared_needs_reach_a_tutor_or_house_build_that_can_read_them_and_no_other_need(shared_school, audience):
    pages = tutor_pages_of(shared_school, audience)
    assert pages and all("| Needs |" in page for page in pages.values())
    shared = shared_school["shared"]
    words = ", ".join(NEED_WORDS[need] for need in shared["needs"])
    rows = [row for page in pages.values() for row in need_rows(page)]
    assert len(rows) == 1 and shared["name"] in rows[0] and rows[0].endswith(f"| {words} |")
    assert not [pupil for pupil in shared_school["unshared"] if pupil["name"] in rows[0]]


@pytest.mark.parametrize("audience", [f"tutor-{TUTOR}", f"house-{HOUSE}"])
def test_no_need_reaches_a_tutor_or_house_build_that_cannot_read_them(shared_school, audience):
    pages = tutor_pages_of(shared_school, audience, readable=False)
    assert pages
    for uri, page in pages.items():
        assert "Needs" not in page and need_rows(page) == [], uri


def test_no_need_reaches_the_school_or_staff_build_even_when_shared_and_readable(shared_school):
    school = tutor_pages_of(shared_school, "school")
    assert len(school) > 20 and f"status/tutors/{TUTOR}.md" in school
    for uri, page in school.items():
        assert "Needs" not in page and need_rows(page) == [], uri
    staff = pages_of(shared_school, "staff")
    assert staff and need_rows("".join(staff.values())) == [] and "Needs" not in "".join(staff.values())
