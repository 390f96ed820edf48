"""The privacy guard on its own: small records and hand-written site files, each way data can leak or not."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import write
from tests.public.conftest import png

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


def guard(root: Path, files: dict[str, str | bytes], sources: dict[str, Path] | None = None):
    """Write a site folder of ``files`` and run the guard over it."""
    for name, content in files.items():
        path = root / "public-site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return check_public_site(root / "public-site", root / "records", sources)


def found(root: Path, files: dict[str, str | bytes]) -> list[str]:
    """Each finding of the guard over ``files`` as 'file:line: message'."""
    return [f"{f.file}:{f.line}: {f.message}" for f in guard(root, files)]


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


MEI = "public-site/a.html:4: pupil name from records/pupils/p0042.yml is on the public site"


@pytest.mark.parametrize("written", [
    "Mei Ch&shy;en", "Mei Ch\u00aden", "M\u200bei Chen", "Mei Ch\u200den", "\u202eMei Chen\u202c", "Mei Ch\ufe0fen",
    "M\u0435i Ch\u0435n",  # Cyrillic ie
    "\u041cei \u0421hen",  # Cyrillic capital em, es
    "\u039cei Chen",  # Greek capital mu
    "Ｍｅｉ Ｃｈｅｎ",  # full width
    "Méi Chën", "MEI CHEN", "Mei <b>Ch</b>en", "Mei <span>C</span>hen", "Mei%20Chen", "Mei&#x20;&#67;hen",
])
def test_a_name_is_found_however_it_is_disguised(records, written):
    assert found(records, {"a.html": page(f"<p>{written}</p>")}) == [MEI]


@pytest.mark.parametrize("written, how", [
    ("Chen, Mei", "surname first"), ("CHEN Mei", "surname first"), ("Chen Mei (Year 9)", "surname first"),
    ("M. Chen", "first name as an initial"), ("Mei C. and others", "surname as an initial"),
])
def test_a_name_is_found_in_the_orders_people_write_it(records, written, how):
    assert found(records, {"a.html": page(f"<p>{written}</p>")}) == [f"{MEI} ({how})"]


@pytest.mark.parametrize("prose", [
    "Parents may ask about the hall. Will Ward be open? A ward, may we ask?",  # May Ward, as words
    "ward may", "M Chen", "m. chen", "Mei c", "chen, mei",  # the written-only forms need capitals and a full stop
    "Grace and Okafor Road",  # a one-word name and a street
])
def test_ordinary_prose_is_not_taken_for_a_name(records, prose):
    assert found(records, {"a.html": page(f"<p>{prose}</p>")}) == []


@pytest.mark.parametrize("written", ["01632 960555", "01632960555", "(01632) 960-555", "+44 1632 960555",
                                     "+44 (0)1632 960555", "0044 1632 960 555", '<a href="tel:+441632960555">call</a>',
                                     "０１６３２ ９６０５５５"])
def test_a_staff_phone_is_found_as_a_number_in_any_spacing(records, written):
    assert found(records, {"a.html": page(f"<p>Ring {written} today</p>")}) == [
        "public-site/a.html:4: staff phone from records/staff/shall.yml is on the public site"]


def test_a_published_phone_and_other_numbers_are_not_personal_data(records):
    assert found(records, {"a.html": page("<p>Office: +44 1632 960100. Years 7 to 11, 2026-27, 01632 960556.</p>")}) == []


def test_a_referral_contacts_phone_is_personal_data(records):
    write(records, "records/sessions/2026-27/2026-10-05-p0043.yml", """\
        id: 2026-10-05-p0043
        pupil: p0043
        referrals:
          - service: Counselling
            contact: {name: Ms Jo Reed, phone: 01632 960321}
        """)
    assert found(records, {"a.html": page("<p>Counselling: 01632-960-321</p>")}) == [
        "public-site/a.html:4: referral contact phone from records/sessions/2026-27/2026-10-05-p0043.yml is on the public site"]


def test_a_pupil_among_the_published_contacts_is_a_finding_in_school_yml(records):
    write(records, "records/school.yml",
          SCHOOL.rstrip(" ") + "      - role: Pupil voice\n        name: Mei Chen\n        email: v@hillside.example\n")
    assert found(records, {"a.html": page("<p>Hello</p>")}) == [
        "records/school.yml:9: contact 3 in school.yml is the pupil of records/pupils/p0042.yml: "
        "school.yml publishes its contacts to every parent"]


def test_a_name_in_a_file_name_or_an_address_is_found(records):
    assert found(records, {"mei-chen/index.html": page("<p>Well done</p>"), "b.html": page('<a href="/pupils/Grace_Okafor/">x</a>')}) == [
        "public-site/b.html:4: pupil name from records/pupils/p0044.yml is on the public site",
        "public-site/mei-chen/index.html:0: pupil name from records/pupils/p0042.yml is in the name of a published file"]


def test_text_an_image_carries_is_read(records):
    exif = Image.Exif()
    exif[0x013B] = "Grace Okafor"  # Artist
    photo = io.BytesIO()
    Image.new("RGB", (4, 4)).save(photo, "JPEG", exif=exif.tobytes(), comment=b"Mei Chen")
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF", comment=b"p0042")
    assert found(records, {"a.png": png(Title="Mei Chen"), "b.jpg": photo.getvalue(), "c.gif": gif.getvalue()}) == [
        "public-site/a.png:0: pupil name from records/pupils/p0042.yml is on the public site",
        "public-site/b.jpg:0: pupil name from records/pupils/p0044.yml is on the public site",
        "public-site/b.jpg:0: pupil name from records/pupils/p0042.yml is on the public site",
        "public-site/c.gif:0: pupil id from records/pupils/p0042.yml is on the public site"]


@pytest.mark.parametrize("name, content, reason", [
    ("form.pdf", b"%PDF-1.4\n", "the guard cannot read a .pdf file completely"),
    ("form.docx", b"PK\x03\x04", "the guard cannot read a .docx file completely"),
    ("pack.zip", b"PK\x03\x04", "the guard cannot read a .zip file completely"),
    ("font.woff2", b"wOF2", "the guard cannot read a .woff2 file completely"),
    ("README", b"hello", "the guard cannot read a file with no kind in its name completely"),
    ("notes.txt", "Zoë".encode("latin-1"), "it is not UTF-8 text"),
    ("notes.txt", "Hello".encode("utf-16"), "it is not UTF-8 text"),
    ("logo.png", b"\x89PNG\r\n\x1a\n\xff\xfe", "it is not a .png image the guard can open and read"),
    ("old.css.gz", b"not gzip", "it is not a gzip file that unpacks"),
])
def test_a_file_the_guard_cannot_read_completely_is_a_finding(records, name, content, reason):
    [problem] = found(records, {name: content})
    assert problem.startswith(f"public-site/{name}:0: {reason}") and "so it cannot be published on the public site" in problem


def test_a_finding_names_the_source_page_and_line_where_it_is_written(records):
    source = write(records, "handbook/parents/index.md", "# Home\n\nWelcome.\n\nWell done, Chen, Mei!\n")
    built = page("<h1>Home</h1>\n<p>Welcome.</p>\n<p>Well done, Chen, Mei!</p>")
    [finding] = guard(records, {"index.html": built}, {"index.html": source})
    assert (finding.file, finding.line) == ("handbook/parents/index.md", 5)
    assert finding.message == ("pupil name from records/pupils/p0042.yml is on the public site (surname first) "
                               "(in public-site/index.html)")
