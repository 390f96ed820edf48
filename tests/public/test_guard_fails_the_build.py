"""The privacy guard in a real public build: each way personal data can reach the public site, planted
one at a time, fails the build naming the file to fix (the source page and line where it is written)
and never the text it found."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from tests.public.conftest import build_fails, build_public, png

PUPIL = "records/pupils/p0051.yml"  # Mateo Okonkwo
ACCENTED = "records/pupils/p0025.yml"  # Zoë Davies
REFERRAL_PHONE = "01632 960496"
HOME = "handbook/parents/index.md"


def record(root: Path, relative: str) -> dict:
    return yaml.safe_load((root / relative).read_text(encoding="utf-8"))


def plant(root: Path, text: str) -> tuple[str, int]:
    """Add a paragraph to the public home page, as a careless edit would; returns where it is."""
    page = root / HOME
    before = page.read_text(encoding="utf-8")
    page.write_text(before + f"\n{text}\n", encoding="utf-8")
    return HOME, len(before.splitlines()) + 2


def put(root: Path, relative: str, content: bytes) -> tuple[str, int]:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_bytes(content)
    return relative, 0


def docx(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document><w:body><w:p><w:t>{text}</w:t></w:p></w:body></w:document>")
    return out.getvalue()


def with_staff_phone(root: Path, phone: str) -> None:
    path = root / "records/staff/afernandes.yml"
    staff = record(root, "records/staff/afernandes.yml") | {"phone": phone}
    path.write_text(yaml.safe_dump(staff, allow_unicode=True, sort_keys=False), encoding="utf-8")


def with_pupil_as_contact(root: Path) -> tuple[str, int]:
    path = root / "records/school.yml"
    text = path.read_text(encoding="utf-8")
    contact = "contacts:\n  - role: Pupil voice\n    name: Mateo Okonkwo\n    email: voice@fernhill.example\n"
    path.write_text(text.replace("contacts:\n", contact), encoding="utf-8")
    return "records/school.yml", text.splitlines().index("contacts:") + 3


LEAKS: dict[str, tuple[str, Callable[[Path], tuple[str, int]]]] = {
    "split by a soft hyphen": ("pupil name", lambda root: plant(root, "Well done, Ma&shy;teo Okonkwo!")),
    "split by a zero-width space": ("pupil name", lambda root: plant(root, "Well done, Ma\u200bteo Okonkwo!")),
    "split by inline markup": ("pupil name", lambda root: plant(root, "Well done, Ma<b>teo</b> Okonkwo!")),
    "with a Cyrillic look-alike": ("pupil name", lambda root: plant(root, "Well done, Mateo Ok\u043enkwo!")),
    "surname first": ("pupil name", lambda root: plant(root, "Well done: OKONKWO, Mateo (12BI).")),
    "first name as an initial": ("pupil name", lambda root: plant(root, "Well done, M. Okonkwo.")),
    "surname as an initial": ("pupil name", lambda root: plant(root, "Well done, Mateo O. and friends.")),
    "without its diacritic": ("pupil name", lambda root: plant(root, f"Well done, {_plain(record(root, ACCENTED)['name'])}!")),
    "in a page's file name": ("pupil name", lambda root: put(root, "handbook/parents/mateo-okonkwo.md", b"# Well done\n")),
    "in an image's file name": ("pupil name", lambda root: put(root, "handbook/parents/Mateo_Okonkwo.png", png())),
    "in an image's metadata": ("pupil name", lambda root: put(root, "handbook/parents/photo.png", png(Author="Mateo Okonkwo"))),
    "in a script under the parents' pages": (
        "pupil name", lambda root: put(root, "handbook/parents/extra.js", b'var star = "Mateo Okonkwo";')),
    "in a PDF": ("cannot be published", lambda root: put(root, "handbook/parents/form.pdf", b"%PDF-1.4\n(Mateo Okonkwo) Tj\n")),
    "in a Word document": ("cannot be published", lambda root: put(root, "handbook/parents/form.docx", docx("Mateo Okonkwo"))),
    "in a Latin-1 text file": ("cannot be published", lambda root: put(root, "handbook/parents/notes.txt",
                                                                      record(root, ACCENTED)["name"].encode("latin-1"))),
    "in a UTF-16 text file": ("cannot be published", lambda root: put(root, "handbook/parents/notes.txt",
                                                                     "Mateo Okonkwo".encode("utf-16"))),
    "a staff phone with other spacing": ("staff phone", lambda root: (with_staff_phone(root, "01632 960 777"),
                                                                      plant(root, "Call 0163 2960777."))[1]),
    "a staff phone as +44": ("staff phone", lambda root: (with_staff_phone(root, "01632 960777"),
                                                          plant(root, "Call +44 (0)1632 960777."))[1]),
    "a referral contact's phone": ("referral contact phone", lambda root: plant(root, "Careers: 01632-960-496.")),
    "a pupil among school.yml's contacts": ("is the pupil of records/pupils/p0051.yml", with_pupil_as_contact),
}


def _plain(name: str) -> str:
    """``name`` without its diacritics, as someone in a hurry would type it."""
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))


@pytest.mark.parametrize("leak", LEAKS)
def test_each_leak_fails_the_build_naming_the_file_to_fix(project, caplog, leak):
    what, planted = LEAKS[leak]
    source, line = planted(project)
    message = build_fails(project, caplog)
    assert "the public site would publish personal data, so the build failed" in message
    assert f"\n{source}:{line}: " in message if line else f"\n{source}:" in message, message
    assert what in message
    if "okonkwo" not in source.lower():  # the text found is never shown, except as the name of the file to rename
        assert not [text for text in ("Okonkwo", "Davies", "960777", "960496") if text in message]
    assert not list((project / "public-site").iterdir())


def test_a_pupils_name_in_a_public_page_fails_the_build_and_empties_the_site(project, caplog):
    source, line = plant(project, "Congratulations to Mateo Okonkwo on a great term!")
    message = build_fails(project, caplog)
    assert f"{source}:{line}: pupil name from {PUPIL} is on the public site (in public-site/index.html)" in message
    assert not list((project / "public-site").iterdir())


def test_a_staff_email_in_a_public_page_fails_the_build(project, caplog):
    published = {contact.get("email") for contact in record(project, "records/school.yml")["contacts"]}
    staff = next(data for path in sorted((project / "records" / "staff").glob("*.yml"))
                 if (data := yaml.safe_load(path.read_text(encoding="utf-8")))["email"] not in published)
    source, line = plant(project, f"Questions? Write to <{staff['email']}>.")  # Markdown writes it as HTML entities
    message = build_fails(project, caplog)
    assert f"{source}:{line}: staff email from records/staff/{staff['id']}.yml is on the public site" in message


def test_record_text_that_reaches_the_search_index_fails_the_build(project, caplog):
    session = sorted((project / "records" / "sessions").rglob("*.yml"))[0]
    target = yaml.safe_load(session.read_text(encoding="utf-8"))["targets"][0]["text"]
    plant(project, f"## A good target\n\n{target}")
    message = build_fails(project, caplog)
    assert "public-site/search/search_index.json: session text from records/sessions/" in message


def test_a_school_value_that_names_a_pupil_is_reported_on_the_built_page(project, caplog):
    school = project / "records/school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("  - Northbridge\n", "  - c/o Mateo Okonkwo\n"))
    message = build_fails(project, caplog)
    assert "public-site/contact/index.html:" in message
    assert "pupil name from records/pupils/p0051.yml is on the public site (the page made from handbook/parents/contact.md)" in message


def test_style_sheets_and_scripts_outside_the_parents_pages_are_not_published(project):
    put(project, "handbook/assets/extra.js", b'var star = "Mateo Okonkwo";')
    put(project, "handbook/assets/extra.css", b'/* Mateo Okonkwo */ body { color: black; }')
    site = build_public(project)
    assert not (site / "assets" / "extra.js").exists() and not (site / "assets" / "extra.css").exists()
    assert (site / "assets" / "pastoral" / "parents.css").is_file()


def test_ordinary_words_that_are_also_names_are_not_taken_for_pupils(project):
    """Pupils called May or Will, a Mr Hall, a pupil whose surname is a word: prose about them stays publishable."""
    for number, name in enumerate(["May Hall", "Will Green", "Grace Young"], start=901):
        (project / f"records/pupils/p0{number}.yml").write_text(
            f"id: p0{number}\nname: {name}\nyear: 9\nhouse: birch\ntutor_group: 9BI\njoined_on: 2026-09-01\n", encoding="utf-8")
    plant(project, "You may book the hall. Will the garden be green? Young people, grace and hope. A hall, May and June. "
                   "Green, will you? I. Green is not a name here; neither is a hall, may it be.")
    assert (build_public(project) / "index.html").is_file()
