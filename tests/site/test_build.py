"""The intranet builds strictly with real MkDocs and Material, from the records, writing nothing back."""

from __future__ import annotations

import re
import shutil

from tests.site.building import TRICKY_NAME, build_site, read_yaml, small_site
from tests.site.pages import table_with


def test_the_strict_build_has_the_handbook_the_overview_and_a_page_per_house(sample_site):
    houses = sorted(path.stem for path in (sample_site.root / "records/houses").glob("*.yml"))
    built = {path.parent.name for path in (sample_site.site / "status").glob("*/index.html")}

    assert (sample_site.site / "status/index.html").is_file()
    assert sorted(built) == houses
    assert (sample_site.site / "recording/findings/index.html").is_file()


def test_no_generated_page_is_written_into_the_repository(sample_site):
    written = [path for path in (sample_site.root / "handbook").rglob("*") if "status" in path.parts]
    assert written == []
    assert not (sample_site.root / "handbook/assets/pastoral").exists()


def test_house_pages_follow_the_overview_in_the_navigation(sample_site):
    page = sample_site.page("status/index.html")
    names = [read_yaml(path)["name"] for path in sorted((sample_site.root / "records/houses").glob("*.yml"))]
    section = page[page.index('href="./"'):]  # the Status section's entries, from the overview on
    positions = [section.index(f">{name}<") if f">{name}<" in section else -1 for name in sorted(names)]
    assert -1 not in positions and positions == sorted(positions), positions


def test_every_house_page_has_its_head_of_house_and_tutor_room(sample_site):
    for path in (sample_site.root / "records/houses").glob("*.yml"):
        house = read_yaml(path)
        head = read_yaml(sample_site.root / f"records/staff/{house['head_of_house']}.yml")
        text = re.sub(r"<[^>]+>", "", sample_site.page(f"status/{house['id']}/index.html"))
        assert f"Head of House: {head['name']}. Tutor room for interviews: {house['tutor_room']}" in text


def test_record_text_is_shown_as_written_never_as_markup(sample_site):
    page = sample_site.page(f"status/{sample_site.planted_pupil['house']}/index.html")
    attention = table_with(page, "Pupil")
    assert [row[0].text for row in attention.rows if row[0].text.startswith(TRICKY_NAME)]
    assert "<b>O" not in page and "<em>Star</em>" not in page and '<a href="y">' not in page


def test_pages_ask_no_other_host_for_fonts_scripts_or_styles(sample_site):
    for path in sample_site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        outside = re.findall(r'<(?:link|script)[^>]+(?:href|src)="(https?://[^"]+)"', html)
        assert outside == [], f"{path} loads {outside}"


def test_a_date_outside_the_published_calendar_builds_with_nothing_due(school):
    site = build_site(small_site(school, options="as_of: 2031-03-01").parent)
    glance = table_with((site / "status/index.html").read_text(encoding="utf-8"), "Figure").by_first_cell()
    assert glance["Meetings due by now that are held"]["Now"] == "none due"
    assert glance["Pupils on roll"]["Now"] != "0"


def test_a_rebuild_reads_the_records_through_the_parse_cache_unless_it_is_turned_off(school):
    edited = school / "records/houses/oak.yml"
    build_site(small_site(school).parent)
    cached = parses_cached(school)
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: Oak", "name: Oakwood"), encoding="utf-8")
    site = build_site(school)
    assert "Oakwood" in (site / "status/index.html").read_text(encoding="utf-8")  # the edit is seen, not the cache
    assert "Oakwood" not in cached and "Oakwood" in parses_cached(school)

    shutil.rmtree(school / ".pastoral-cache")
    build_site(small_site(school, options="cache: false").parent)
    assert not (school / ".pastoral-cache").exists()


def parses_cached(school) -> str:
    """Every parse the cache holds, as the text of its files."""
    return "".join(shard.read_text(encoding="utf-8") for shard in sorted((school / ".pastoral-cache/parsed").glob("*.json")))
