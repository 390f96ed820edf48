"""The record editor at /admin/ of the built intranet, in real Chromium, saving into a real local Git repository
through decap-server (Git mode, editorial workflow): each save is a branch, as on GitHub a pull request, and
``pastoral check --base main`` passes on it with no other change (no CODEOWNERS to regenerate by hand).

The form screenshots the handbook shows ("Recording a session") are taken here: set
PASTORAL_UPDATE_SCREENSHOTS=1 to write them into handbook/recording/ as well as test-artifacts/.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
import yaml
from playwright.sync_api import expect
from tests.browser.editor_repo import start_editor_repository
from tests.conftest import REPO, SAMPLE_AS_OF

pytestmark = pytest.mark.browser
BOOT_TIMEOUT = 120_000  # ms: the CMS is a 6 MB application, slow to start on a loaded 2-core machine
SAVE_TIMEOUT = 60_000
HANDBOOK_SCREENSHOTS = REPO / "handbook" / "recording"


@pytest.fixture(scope="module")
def editor(tmp_path_factory, serve):
    repository = start_editor_repository(tmp_path_factory.mktemp("editor"))
    yield repository, serve(repository.site) + "admin/"
    repository.stop()


def sign_in(page, url: str) -> None:
    """Open the editor and sign in (locally there is no password: decap-server is the Git host)."""
    page.goto(url)
    page.get_by_role("button", name="Login").click(timeout=BOOT_TIMEOUT)
    expect(page.get_by_role("link", name="Sessions 2026-27")).to_be_visible(timeout=BOOT_TIMEOUT)


def pick(page, field: str, typed: str, choice: str, nth: int = 0) -> None:
    """Type into a picker (a record by name, or one of a list of choices) and choose what it offers."""
    page.locator(f"[id^={field}-field-]").nth(nth).fill(typed)
    page.get_by_text(choice, exact=True).click()


def save(page) -> None:
    """Save, and wait until the CMS has the entry at its own address (the branch is then committed)."""
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/entries/**", timeout=SAVE_TIMEOUT)


def check_branch(pastoral, repository, branch: str, tmp_path) -> tuple[int, str]:
    checkout = repository.checkout(branch, tmp_path / branch.replace("/", "-"))
    code, out, _ = pastoral("check", "--records", str(checkout / "records"), "--base", "main", "--as-of", SAMPLE_AS_OF)
    return code, out


def test_a_tutor_records_a_session_in_the_form_and_it_becomes_a_checked_branch(
        editor, page, outside_requests, accessibility_problems, artifacts, pastoral, tmp_path):
    repository, url = editor
    page.goto(url)
    expect(page.get_by_role("button", name="Login")).to_be_visible(timeout=BOOT_TIMEOUT)
    assert accessibility_problems(page) == []  # the sign-in page
    sign_in(page, url)
    assert accessibility_problems(page) == []  # the list of collections
    page.goto(url + "#/collections/sessions-2026-27/new")
    pick(page, "pupil", "Kiran Fern", "Kiran Fernandes")  # p0028, who has three open targets from 3 September
    pick(page, "tutor", "Imran", "Mr Imran Santos")
    page.locator("[id^=date-field-]").fill("2026-11-18")
    page.locator("[id^=location-field-]").fill("Room R15")
    targets = [("t1", "Read for twenty minutes every evening", "reading"),
               ("t2", "Bring the right books to every lesson", "organisation")]
    for n, (target_id, text, area) in enumerate(targets):
        page.get_by_role("button", name="Add target").click()
        page.locator("[id^=targets-field-] [id^=id-field-]").nth(n).fill(target_id)
        page.locator("[id^=text-field-]").nth(n).fill(text)
        pick(page, "area", area, area, nth=n)
        page.locator("[id^=review_by-field-]").nth(n).fill("2027-02-12")
    page.get_by_role("button", name="Add review").click()
    target = page.locator("[id^=target-field-]")
    expect(target.locator("option", has_text="Take a positive part in group work in science")).to_have_count(1)
    target.select_option(label="Take a positive part in group work in science (set 2026-09-03, review by 2026-12-18)")
    pick(page, "outcome", "partly", "partly-met")
    page.locator("[id^=comment-field-]").fill("Joins in more; still quiet in practicals")
    page.get_by_role("button", name="Add referral").click()
    page.locator("[id^=service-field-]").fill("Careers adviser")
    page.locator("[id^=name-field-]").fill("Mrs Dana Okafor")
    page.locator("[id^=email-field-]").fill("d.okafor@fernhill.example")
    for name, field in (("session-form.png", "pupil"), ("session-form-review.png", "target")):
        page.locator(f"[id^={field}-field-]").scroll_into_view_if_needed()
        page.screenshot(path=artifacts / name)
        if os.environ.get("PASTORAL_UPDATE_SCREENSHOTS"):
            shutil.copy(artifacts / name, HANDBOOK_SCREENSHOTS / name)
    assert accessibility_problems(page) == []
    save(page)

    branch = "cms/sessions-2026-27/2026-11-18-p0028"
    assert branch in repository.branches()
    assert repository.changes(branch) == ["A\trecords/sessions/2026-27/2026-11-18-p0028.yml"]
    code, out = check_branch(pastoral, repository, branch, tmp_path)
    assert code == 0, out
    saved = (tmp_path / branch.replace("/", "-") / "records/sessions/2026-27/2026-11-18-p0028.yml").read_text()
    assert saved.splitlines()[:5] == ["id: 2026-11-18-p0028", "pupil: p0028", "tutor: isantos", "date: 2026-11-18",
                                      "location: Room R15"]
    schema_order = list(json.loads((REPO / "schemas/session.schema.json").read_text())["properties"])
    keys = list(yaml.safe_load(saved))
    assert keys == sorted(keys, key=schema_order.index) == ["id", "pupil", "tutor", "date", "location", "targets",
                                                            "reviews", "referrals"]
    assert "  - target: 2026-09-03-p0028#t1\n    outcome: partly-met\n" in saved
    code, out, _ = pastoral("validate", "--records", str(tmp_path / branch.replace("/", "-") / "records"))
    assert code == 0, out
    assert outside_requests == []


def test_a_head_of_house_adds_a_pupil_then_their_tutor_each_a_branch_that_passes(
        editor, page, outside_requests, pastoral, tmp_path):
    repository, url = editor
    sign_in(page, url)
    page.goto(url + "#/collections/pupils/new")
    page.locator("[id^=id-field-]").fill("p0301")
    page.locator("[id^=name-field-]").fill("Amara Nwosu")
    page.locator("[id^=year-field-]").fill("7")
    pick(page, "house", "Bir", "Birch House")
    page.locator("[id^=tutor_group-field-]").fill("7BI")
    page.locator("[id^=joined_on-field-]").fill("2026-11-30")  # starts next week: a tutor is assigned before
    save(page)
    pupil_branch = "cms/pupils/p0301"
    assert repository.changes(pupil_branch) == ["A\trecords/pupils/p0301.yml"]
    code, out = check_branch(pastoral, repository, pupil_branch, tmp_path)
    assert code == 0 and "error [" not in out, out
    assert "warning [codeowners-current]" in out  # CODEOWNERS is regenerated after the merge, by a workflow
    repository.merge(pupil_branch)  # approved by the Head of House and merged

    page.goto(url + "#/collections/assignments/new")
    page.wait_for_selector("[id^=pupil-field-]", timeout=BOOT_TIMEOUT)
    pick(page, "pupil", "Amara", "Amara Nwosu")
    pick(page, "staff", "Catherine", "Dr Catherine Hall")
    pick(page, "role", "tutor", "tutor")
    page.locator("[id^=from-field-]").fill("2026-11-30")
    save(page)
    assignment_branch = "cms/assignments/p0301-2026-11-30"
    assert repository.changes(assignment_branch) == ["A\trecords/assignments/p0301-2026-11-30.yml"]
    code, out = check_branch(pastoral, repository, assignment_branch, tmp_path)
    assert code == 0 and "error [" not in out, out
    assert outside_requests == []
