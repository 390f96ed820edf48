"""One intranet build per audience: a tutor's build holds only their tutees (with the needs their Head of House
shares), a House's build only its pupils, and the staff build no pupil at all, in its pages, search index
and sitemap."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from tests.restricted.support import HOUSE, OTHER_HOUSE, TUTOR, build_audiences, read

from pastoral.site.audience import NEED_WORDS


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


def test_a_tutors_build_shows_only_the_needs_the_head_of_house_shares(built):
    text = built_text(built["site"] / f"tutor-{TUTOR}")
    shared = built["pupils"][built["shared"]]
    page = html.unescape((built["site"] / f"tutor-{TUTOR}/status/index.html").read_text(encoding="utf-8"))
    row = page[page.index(shared["name"]):].split("</tr>")[0]
    assert all(NEED_WORDS[need] in row for need in shared["needs"])
    others = [p for pupil_id, p in built["pupils"].items() if pupil_id in built["tutees"] and pupil_id != built["shared"]]
    assert any(p.get("needs") for p in others)
    for pupil in others:
        row = page[page.index(pupil["name"]):].split("</tr>")[0]
        assert not any(words in row for words in NEED_WORDS.values()), pupil["id"]
    assert not [considered for considered in built["considered"] if considered in text]


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


def test_an_unknown_audience_is_a_clear_usage_error(built, pastoral):
    root = built["site"].parent
    for name, words in (("house-nowhere", "there is no such House"), ("tutors", "use school, staff, house-<House id>")):
        code, out, err = pastoral("audiences", "--config-file", str(root / "mkdocs.yml"), "--site-dir",
                                  str(root / "site-bad"), "--only", name)
        assert code == 2 and words in err and "Traceback" not in err, err
