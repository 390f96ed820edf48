"""The privacy guard in a real public build: personal data planted in a parents' page fails the build."""

from __future__ import annotations

from pathlib import Path

import yaml
from tests.public.conftest import build_fails


def record(root: Path, relative: str) -> dict:
    return yaml.safe_load((root / "records" / relative).read_text(encoding="utf-8"))


def plant(root: Path, text: str) -> None:
    """Add a paragraph to the public home page, as a careless edit would."""
    page = root / "handbook" / "parents" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_a_pupils_name_in_a_public_page_fails_the_build_and_empties_the_site(project, caplog):
    pupil = record(project, "pupils/p0051.yml")
    plant(project, f"Congratulations to {pupil['name']} on a great term!")
    message = build_fails(project, caplog)
    assert "the public site would publish personal data, so the build failed" in message
    assert "public-site/index.html:" in message
    assert f"pupil name '{pupil['name']}' from records/pupils/p0051.yml is on the public site" in message
    assert not list((project / "public-site").iterdir())


def test_a_staff_email_in_a_public_page_fails_the_build(project, caplog):
    published = {contact.get("email") for contact in record(project, "school.yml")["contacts"]}
    staff = next(data for path in sorted((project / "records" / "staff").glob("*.yml"))
                 if (data := yaml.safe_load(path.read_text(encoding="utf-8")))["email"] not in published)
    plant(project, f"Questions? Write to <{staff['email']}>.")  # Markdown writes it as HTML entities
    message = build_fails(project, caplog)
    assert f"staff email '{staff['email']}' from records/staff/{staff['id']}.yml is on the public site" in message
    assert "public-site/index.html:" in message


def test_record_text_that_reaches_the_search_index_fails_the_build(project, caplog):
    session = sorted((project / "records" / "sessions").rglob("*.yml"))[0]
    target = yaml.safe_load(session.read_text(encoding="utf-8"))["targets"][0]["text"]
    plant(project, f"## A good target\n\n{target}")
    message = build_fails(project, caplog)
    assert f"public-site/search/search_index.json: session text '{target}' from records/sessions/" in message
