"""The privacy guard on its own: small records and hand-written site files, each way data can leak or not."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from tests.conftest import write

from pastoral.privacy import check_public_site, explain

SCHOOL = """\
    name: Hillside School
    contacts:
      - role: Student Support Programme lead
        name: Miss Claire Costa
        email: c.costa@hillside.example
      - role: School office
        phone: 01632 960100
    """


@pytest.fixture
def records(empty_school: Path) -> Path:
    """A tiny school: two pupils with EAL, a Head of House, a published lead, one session."""
    write(empty_school, "records/school.yml", SCHOOL)
    write(empty_school, "records/pupils/p0042.yml", "id: p0042\nname: Mei Chen\nneeds: [eal]\n")
    write(empty_school, "records/pupils/p0043.yml", "id: p0043\nname: May Ward\nneeds: [eal]\n")
    write(empty_school, "records/pupils/p0044.yml", "id: p0044\nname: Grace Okafor\n")
    write(empty_school, "records/staff/shall.yml",
          "id: shall\nname: Mr Simon Hall\nemail: s.hall@hillside.example\nphone: 01632 960555\n")
    write(empty_school, "records/staff/ccosta.yml",
          "id: ccosta\nname: Miss Claire Costa\nemail: c.costa@hillside.example\n")
    write(empty_school, "records/sessions/2026-27/2026-10-01-p0042.yml", """\
        id: 2026-10-01-p0042
        pupil: p0042
        targets:
          - id: t1
            text: Read for twenty minutes every night at home
        reviews:
          - target: 2026-09-01-p0042#t1
            comment: Met
        referrals:
          - service: Careers adviser
            contact: {name: Mr Hamish Parker, email: hamish.parker@careers.example}
        """)
    return empty_school


def guard(root: Path, files: dict[str, str | bytes]):
    """Write a site folder of ``files`` and run the guard over it."""
    for name, content in files.items():
        path = root / "public-site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return check_public_site(root / "public-site", root / "records")


def found(root: Path, files: dict[str, str | bytes]) -> list[str]:
    """Each finding of the guard over ``files`` as 'file:line: message'."""
    return [f"{f.file}:{f.line}: {f.message}" for f in guard(root, files)]


def png(**text: str) -> bytes:
    """A small PNG image, with ``text`` in its text chunks."""
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def page(body: str) -> str:
    return f"<!doctype html>\n<html lang=en>\n<body>\n{body}\n</body>\n</html>\n"


def test_a_site_without_personal_data_passes(records):
    assert found(records, {"index.html": page("<p>Every pupil has a tutor. Write to Miss Claire Costa, "
                                              '<a href="mailto:c.costa@hillside.example">c.costa@hillside.example</a>, '
                                              "or call 01632 960100.</p>")}) == []


def test_a_pupil_name_is_found_as_whole_words_whatever_the_case(records):
    assert found(records, {"index.html": page("<p>Well done</p>\n<p>MEI  CHEN!</p>")}) == [
        "public-site/index.html:5: pupil name from records/pupils/p0042.yml is on the public site"]
    assert found(records, {"index.html": page("<p>Meichen and Mei Chenoweth</p>")}) == []


def test_entities_and_markup_do_not_hide_a_name(records):
    assert found(records, {"a.html": page("<p>&#77;ei&nbsp;<b>Chen</b></p>")}) == [
        "public-site/a.html:4: pupil name from records/pupils/p0042.yml is on the public site"]
    assert found(records, {"a.html": page('<img alt="Grace Okafor" src="x.png">')}) == [
        "public-site/a.html:4: pupil name from records/pupils/p0044.yml is on the public site"]


def test_json_escapes_in_the_search_index_do_not_hide_a_name(records):
    index = json.dumps({"docs": [{"location": "", "text": "<p>\u004dei Chen</p>"}]}, ensure_ascii=True)
    index = index.replace("Mei", "\\u004dei")
    assert found(records, {"search/search_index.json": index}) == [
        "public-site/search/search_index.json:0: pupil name from records/pupils/p0042.yml is on the public site"]


def test_a_staff_email_is_found_even_url_encoded_but_a_published_one_is_not(records):
    assert found(records, {"a.html": page('<a href="mailto:s.hall%40hillside.example">email</a> '
                                          '<a href="mailto:c.costa@hillside.example">lead</a>')}) == [
        "public-site/a.html:4: staff email from records/staff/shall.yml is on the public site"]


def test_staff_are_found_by_full_name_title_and_surname_and_phone_once_each(records):
    assert found(records, {"a.html": page("<p>Simon Hall</p>\n<p>Ask Mr. Hall</p>\n<p>01632 960555</p>")}) == [
        "public-site/a.html:4: staff name from records/staff/shall.yml is on the public site",
        "public-site/a.html:6: staff phone from records/staff/shall.yml is on the public site"]
    assert found(records, {"a.html": page("<p>Ask Mr. Hall</p>")}) == [
        "public-site/a.html:4: staff name from records/staff/shall.yml is on the public site"]


def test_short_and_common_words_are_not_taken_for_personal_data(records):
    text = page("<p>You shall see Grace in the hall. Met. Parents may ask about EAL support.</p>")
    assert found(records, {"a.html": text}) == []


def test_a_first_name_next_to_that_pupils_need_is_found(records):
    assert found(records, {"a.html": page("<p>Mei is now doing well with her EAL.</p>")}) == [
        "public-site/a.html:4: pupil's first name from records/pupils/p0042.yml "
        "is on the public site (next to one of their needs)"]
    far = "<p>Mei said the trip to the coast was the best day of the whole year; EAL</p>"
    assert found(records, {"a.html": page(far)}) == []


def test_session_text_and_referral_contacts_are_found(records):
    assert found(records, {"a.html": page("<p>read for twenty minutes every night at home</p>\n"
                                          "<p>Mr Hamish Parker, hamish.parker@careers.example</p>")}) == [
        "public-site/a.html:4: session text "
        "from records/sessions/2026-27/2026-10-01-p0042.yml is on the public site",
        "public-site/a.html:5: referral contact name "
        "from records/sessions/2026-27/2026-10-01-p0042.yml is on the public site",
        "public-site/a.html:5: referral contact email "
        "from records/sessions/2026-27/2026-10-01-p0042.yml is on the public site"]


def test_compressed_files_scripts_comments_and_images_are_read(records):
    sitemap = gzip.compress(b"<urlset><url><loc>https://x.example/p0042/</loc></url></urlset>")
    assert found(records, {"sitemap.xml.gz": sitemap, "logo.png": png(), "app.js": 'var who = "\\u004dei Chen";',
                           "b.html": page("<!-- Grace Okafor -->")}) == [
        "public-site/app.js:1: pupil name from records/pupils/p0042.yml is on the public site",
        "public-site/b.html:4: pupil name from records/pupils/p0044.yml is on the public site",
        "public-site/sitemap.xml.gz:1: pupil id from records/pupils/p0042.yml is on the public site"]


def test_a_record_that_cannot_be_read_is_a_finding(records):
    write(records, "records/pupils/p0045.yml", "id: p0045\nname: [unclosed\n")
    [problem] = found(records, {"a.html": page("<p>Hello</p>")})
    assert problem.startswith("records/pupils/p0045.yml:")
    assert "so the guard cannot tell whether its personal data reached the public site" in problem


def test_the_build_error_lists_each_finding_then_counts_the_rest(records):
    text = page("\n".join(f"<p>{n}: Mei Chen</p>" for n in range(3)))
    message = explain(guard(records, {f"p{n}.html": text for n in range(25)}))
    assert message.splitlines()[0] == (
        "public-site/p0.html:4: pupil name from records/pupils/p0042.yml is on the public site")
    assert "... and 5 more" in message
    assert message.endswith("hint: take it out of the page, template or configuration it came from; only the "
                            "contacts published in school.yml may appear on the public site")



def test_the_build_error_never_holds_the_text_it_found(records):
    """CI logs are read by more people than the records: a finding says what and whose, never the text."""
    write(records, "records/sessions/2026-27/2026-10-02-p0042.yml",
          'id: 2026-10-02-p0042\npupil: p0042\nnotes: "Talked about the trip\\n::error::and the bus home"\n')
    message = explain(guard(records, {"a.html": page("<p>Talked about the trip ::error:: and the bus home. Mei Chen</p>")}))
    assert message.splitlines()[:2] == [
        "public-site/a.html:4: session text from records/sessions/2026-27/2026-10-02-p0042.yml is on the public site",
        "public-site/a.html:4: pupil name from records/pupils/p0042.yml is on the public site"]
    assert "::error::" not in message and "Talked" not in message and "Mei" not in message
