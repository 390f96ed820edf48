"""One intranet build per audience: a tutor's build holds only their tutees (with the needs their Head of House
shares), a House's build only its pupils, and the staff build no pupil at all, in its pages, search index
and sitemap."""

from __future__ import annotations

import contextlib
import html
import io
import json
from pathlib import Path

import pytest
import yaml
from tests.conftest import SAMPLE_AS_OF
from tests.site.building import copy_repository, set_plugin_option

from pastoral.cli import main

TUTOR, HOUSE, OTHER_HOUSE = "afernandes", "rowan", "birch"


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def built_text(site: Path) -> str:
    """Everything a reader of the build could see: every page's text, the search index and the sitemap."""
    pages = [html.unescape(path.read_text(encoding="utf-8")) for path in site.rglob("*.html")]
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return "\n".join([*pages, json.dumps(index, ensure_ascii=False), (site / "sitemap.xml").read_text()])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = copy_repository(tmp_path_factory.mktemp("audiences"))
    set_plugin_option(root, "as_of", f"'{SAMPLE_AS_OF}'")
    config = root / "mkdocs.yml"
    config.write_text("site_url: https://intranet.school.example/\n" + config.read_text(encoding="utf-8"))
    pupils = {read(path)["id"]: read(path) for path in (root / "records/pupils").glob("*.yml")}
    assignments = [read(path) for path in (root / "records/assignments").glob("*.yml")]
    tutees = {a["pupil"] for a in assignments if a["staff"] == TUTOR and a["role"] == "tutor" and "to" not in a}
    considered = {a["needs_considered"] for a in assignments if a.get("needs_considered")}
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["split", "--records", str(root / "records"), "--restricted", str(root / "restricted")]) == 0
    shared = sorted(pupil for pupil in tutees if pupils[pupil].get("needs"))[0]
    with (root / "restricted/needs" / f"{shared}.yml").open("a", encoding="utf-8") as file:
        file.write("share_needs_with_tutor: true\n")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["audiences", "--config-file", str(config), "--site-dir", str(root / "site"), "--restricted",
                     str(root / "restricted"), "--only", "staff", "--only", f"house-{HOUSE}",
                     "--only", f"tutor-{TUTOR}"]) == 0
    return {"site": root / "site", "pupils": pupils, "tutees": tutees, "shared": shared, "considered": considered}


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
    assert all(need in row for need in shared["needs"])
    others = [p for pupil_id, p in built["pupils"].items() if pupil_id in built["tutees"] and pupil_id != built["shared"]]
    assert any(p.get("needs") for p in others)
    for pupil in others:
        row = page[page.index(pupil["name"]):].split("</tr>")[0]
        assert not any(need in row for need in ("sen-support", "ehcp", "eal")), pupil["id"]
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
    assert "needs recorded" not in text and "sen-support" not in text


def test_an_unknown_audience_is_a_clear_usage_error(built, pastoral):
    root = built["site"].parent
    for name, words in (("house-nowhere", "there is no such House"), ("tutors", "use school, staff, house-<House id>")):
        code, out, err = pastoral("audiences", "--config-file", str(root / "mkdocs.yml"), "--site-dir",
                                  str(root / "site-bad"), "--only", name)
        assert code == 2 and words in err and "Traceback" not in err, err
