"""Integrity rules: each with a record that passes and one that fails, on the tiny school."""

from __future__ import annotations

from tests.rules.tiny_school import session, tiny  # noqa: F401 - tiny is a fixture

SESSION = "sessions/2026-27/2026-10-05-p0042.yml"


def test_yaml_a_duplicate_key_is_an_error_at_its_line(tiny, pastoral):
    tiny.raw["pupils/p0043.yml"] = "id: p0043\nname: A\nname: B\n"
    [finding] = tiny.findings(pastoral, "yaml")
    assert (finding["file"], finding["line"], finding["severity"]) == ("records/pupils/p0043.yml", 3, "error")


def test_layout_a_record_outside_its_folder_is_an_error(tiny, pastoral):
    tiny.raw["pupil/p0043.yml"] = "id: p0043\n"
    [finding] = tiny.findings(pastoral, "layout")
    assert finding["file"] == "records/pupil/p0043.yml"


def test_one_student_a_session_naming_two_pupils_fails_its_schema(tiny, pastoral):
    tiny.records[SESSION]["pupil"] = ["p0042", "p0043"]
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "schema"]
    assert code == 1 and (finding["file"], finding["line"]) == (f"records/{SESSION}", 3)
    assert "pupil" in finding["message"]


def test_id_matches_file(tiny, pastoral):
    assert tiny.findings(pastoral, "id-matches-file") == []
    tiny.records["pupils/p0042.yml"]["id"] = "p0024"
    [finding] = tiny.findings(pastoral, "id-matches-file")
    assert (finding["file"], finding["line"]) == ("records/pupils/p0042.yml", 1)
    assert "'p0024' does not match the file name 'p0042.yml'" in finding["message"]


def test_unique_id_two_sessions_with_one_id_in_two_year_folders(tiny, pastoral):
    assert tiny.findings(pastoral, "unique-id") == []
    tiny.records["sessions/2025-26/2026-10-05-p0042.yml"] = session("2026-10-05")
    [finding] = tiny.findings(pastoral, "unique-id")
    assert finding["file"] == f"records/{SESSION}" or finding["file"].startswith("records/sessions/2025-26/")
    assert "already has the id '2026-10-05-p0042'" in finding["message"]


def test_ref_exists_an_assignment_to_unknown_staff_points_at_the_staff_field(tiny, pastoral):
    tiny.records["assignments/p0042-1.yml"]["staff"] = "nobody"
    [finding] = tiny.findings(pastoral, "ref-exists")
    assert (finding["file"], finding["line"], finding["subject"]) == ("records/assignments/p0042-1.yml", 3, "p0042")
    assert finding["message"] == "staff 'nobody' names no staff record"
    assert "records/staff/nobody.yml" in finding["hint"]


def test_ref_exists_list_items_are_checked_one_by_one(tiny, pastoral):
    tiny.records["reviews/2025-26.yml"]["reviewed_by"] = ["hoh", "ghost"]
    [finding] = tiny.findings(pastoral, "ref-exists")
    assert finding["message"] == "reviewed_by 'ghost' names no staff record" and finding["line"] == 5


def test_ref_exists_a_review_names_a_target_the_pupil_was_set(tiny, pastoral):
    later = "sessions/2026-27/2026-11-16-p0042.yml"
    tiny.records[later] = session("2026-11-16", reviews=[{"target": "2026-10-05-p0042#t1", "outcome": "met"}])
    assert tiny.findings(pastoral, "ref-exists") == []
    tiny.records[later]["reviews"] = [{"target": "2026-10-05-p0042#t9", "outcome": "met"},
                                      {"target": "2026-10-01-p0042#t1", "outcome": "met"}]
    missing_target, missing_session = tiny.findings(pastoral, "ref-exists")
    assert "session 2026-10-05-p0042 set no target 't9'" in missing_target["message"]
    assert "there is no session '2026-10-01-p0042'" in missing_session["message"]
    assert missing_target["line"] < missing_session["line"]


def test_ref_exists_a_review_of_another_pupils_target(tiny, pastoral):
    tiny.records["pupils/p0043.yml"] = dict(tiny.records["pupils/p0042.yml"], id="p0043", name="B")
    tiny.records["assignments/p0043-1.yml"] = dict(tiny.records["assignments/p0042-1.yml"], id="p0043-1", pupil="p0043")
    tiny.records["sessions/2026-27/2026-10-06-p0043.yml"] = session(
        "2026-10-06", pupil="p0043", targets=[{"id": "t1", "text": "Read"}],
        reviews=[{"target": "2026-10-05-p0042#t1", "outcome": "met"}])
    [finding] = tiny.findings(pastoral, "ref-exists")
    assert finding["subject"] == "p0043" and "set for another pupil (p0042)" in finding["message"]


def test_dates_ordered_an_assignment_may_end_the_day_it_starts_but_not_before(tiny, pastoral):
    assignment = tiny.records["assignments/p0042-1.yml"]
    assignment["to"] = assignment["from"]
    assert tiny.findings(pastoral, "dates-ordered") == []
    assignment["to"] = "2025-09-02"
    [finding] = tiny.findings(pastoral, "dates-ordered")
    assert finding["message"] == "to 2025-09-02 is before from 2025-09-03" and finding["line"] == 7


def test_dates_ordered_a_pupil_leaves_after_joining(tiny, pastoral):
    tiny.records["pupils/p0042.yml"]["left_on"] = "2025-01-01"
    [finding] = tiny.findings(pastoral, "dates-ordered")
    assert finding["subject"] == "p0042" and "left_on 2025-01-01 is before joined_on" in finding["message"]


def test_dates_ordered_a_session_on_the_check_date_is_fine_a_day_later_is_not(tiny, pastoral):
    tiny.records["sessions/2026-27/2026-11-20-p0042.yml"] = session("2026-11-20")
    assert tiny.findings(pastoral, "dates-ordered") == []
    tiny.records["sessions/2026-27/2026-11-21-p0042.yml"] = session("2026-11-21")
    [finding] = tiny.findings(pastoral, "dates-ordered")
    assert finding["file"] == "records/sessions/2026-27/2026-11-21-p0042.yml"
    assert "after the date being checked (2026-11-20)" in finding["message"]


def test_dates_ordered_a_review_comes_after_its_target_and_the_signature_after_the_session(tiny, pastoral):
    tiny.records[SESSION]["reviews"] = [{"target": "2026-10-05-p0042#t1", "outcome": "met"}]
    tiny.records[SESSION]["planner_signed_on"] = "2026-10-04"
    found = sorted(f["message"] for f in tiny.findings(pastoral, "dates-ordered"))
    assert found == ["planner_signed_on 2026-10-04 is before date 2026-10-05",
                     "reviews target '2026-10-05-p0042#t1', set on 2026-10-05, not before this session (2026-10-05)"]


def test_dates_ordered_a_half_term_ends_after_it_starts(tiny, pastoral):
    tiny.records["school.yml"]["calendar"][1]["half_terms"][2]["ends"] = "2026-12-01"
    [finding] = tiny.findings(pastoral, "dates-ordered")
    assert finding["file"] == "records/school.yml" and "2026-27 Spring 1 ends (2026-12-01)" in finding["message"]


def test_dates_ordered_the_pupil_is_told_on_or_after_the_assignment_starts(tiny, pastoral):
    tiny.records["assignments/p0042-1.yml"]["informed_on"] = "2025-09-03"
    assert tiny.findings(pastoral, "dates-ordered") == []
    tiny.records["assignments/p0042-1.yml"]["informed_on"] = "2025-09-02"
    [finding] = tiny.findings(pastoral, "dates-ordered")
    assert (finding["file"], finding["line"], finding["severity"]) == ("records/assignments/p0042-1.yml", 6, "error")
    assert finding["message"] == "informed_on 2025-09-02 is before from 2025-09-03"


def test_dates_ordered_no_signature_or_telling_recorded_after_the_check_date(tiny, pastoral):
    tiny.records[SESSION]["planner_signed_on"] = "2026-11-21"
    [finding] = tiny.findings(pastoral, "dates-ordered")
    assert (finding["file"], finding["line"]) == (f"records/{SESSION}", 6)
    assert finding["message"] == "the planner is recorded as signed on 2026-11-21, after the date being checked " \
                                 "(2026-11-20)"
    tiny.records[SESSION]["planner_signed_on"] = "2026-11-20"
    tiny.records["assignments/p0042-1.yml"]["informed_on"] = "2026-11-21"
    [finding] = tiny.findings(pastoral, "dates-ordered")
    assert (finding["file"], finding["line"]) == ("records/assignments/p0042-1.yml", 6)
    assert finding["message"] == "the pupil is recorded as told who their tutor is on 2026-11-21, after the date " \
                                 "being checked (2026-11-20)"


def test_ended_with_reason_an_ended_assignment_says_why(tiny, pastoral):
    tiny.records["assignments/p0042-1.yml"]["to"] = "2026-11-20"
    tiny.records["assignments/p0042-2.yml"] = dict(tiny.records["assignments/p0042-1.yml"], id="p0042-2",
                                                   **{"from": "2026-11-20", "informed_on": "2026-11-20"})
    del tiny.records["assignments/p0042-2.yml"]["to"]
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "ended-with-reason"]
    assert code == 1
    assert (finding["file"], finding["line"], finding["severity"], finding["subject"]) == \
        ("records/assignments/p0042-1.yml", 7, "error", "p0042")
    assert finding["message"] == "the assignment ends on 2026-11-20 but does not say why"
    tiny.records["assignments/p0042-1.yml"]["reason"] = "tutor left the school"
    assert tiny.findings(pastoral, "ended-with-reason") == []
