"""The Student Support Programme's organisation rules: records that pass and records that fail."""

from __future__ import annotations

from tests.rules.tiny_school import tiny  # noqa: F401 - a fixture

TUTOR = "staff/tut.yml"


def add_pupil(tiny, pupil_id: str, year: int, group: str = "8OA") -> None:
    tiny.records[f"pupils/{pupil_id}.yml"] = dict(tiny.records["pupils/p0042.yml"], id=pupil_id, year=year,
                                                  tutor_group=group)
    tiny.records[f"assignments/{pupil_id}-1.yml"] = dict(tiny.records["assignments/p0042-1.yml"],
                                                         id=f"{pupil_id}-1", pupil=pupil_id)


def test_one_year_group_pupils_of_the_tutors_year_pass(tiny, pastoral):
    add_pupil(tiny, "p0043", 8)
    assert tiny.findings(pastoral, "one-year-group") == []


def test_one_year_group_a_pupil_of_another_year_is_an_error_at_the_tutors_year_group(tiny, pastoral):
    add_pupil(tiny, "p0043", 9)
    [finding] = tiny.findings(pastoral, "one-year-group")
    assert (finding["file"], finding["line"], finding["subject"]) == (f"records/{TUTOR}", 7, "tut")
    assert finding["message"] == "tut works with Year 8, but tutors 1 pupil of other years: p0043 (Year 9)"


def test_one_year_group_without_a_recorded_year_group_the_most_common_year_is_theirs(tiny, pastoral):
    del tiny.records[TUTOR]["year_group"]
    add_pupil(tiny, "p0043", 8)
    add_pupil(tiny, "p0044", 9)
    [finding] = tiny.findings(pastoral, "one-year-group")
    assert finding["message"] == "tut works with Year 8, but tutors 1 pupil of other years: p0044 (Year 9)"


def test_line_managed_by_hoh_the_line_manager_is_the_houses_head(tiny, pastoral):
    tiny.records[TUTOR]["line_manager"] = "assoc"
    [finding] = tiny.findings(pastoral, "line-managed-by-hoh")
    assert (finding["file"], finding["line"], finding["severity"]) == (f"records/{TUTOR}", 9, "error")
    assert finding["message"] == "tut's line manager is assoc, but the Head of House of Oak House is hoh"
    assert finding["hint"] == "set 'line_manager: hoh'"


def test_line_managed_by_hoh_without_a_house_any_head_of_house_will_do(tiny, pastoral):
    del tiny.records[TUTOR]["house"]
    assert tiny.findings(pastoral, "line-managed-by-hoh") == []
    del tiny.records[TUTOR]["line_manager"]
    [finding] = tiny.findings(pastoral, "line-managed-by-hoh")
    assert finding["message"] == "tut's line manager is not recorded, but a tutor's line manager is a Head of House"


def test_own_tutor_group(tiny, pastoral):
    tiny.records["pupils/p0042.yml"]["tutor_group"] = "8OB"
    [finding] = tiny.findings(pastoral, "own-tutor-group")
    assert (finding["file"], finding["line"], finding["severity"], finding["subject"]) == \
        ("records/assignments/p0042-1.yml", 3, "warning", "p0042")
    assert finding["message"] == "p0042 is in tutor group 8OB, but their tutor is tut, whose tutor group is 8OA"
    del tiny.records[TUTOR]["tutor_group"]
    [finding] = tiny.findings(pastoral, "own-tutor-group")
    assert finding["message"].endswith("who has no tutor group recorded")


def test_line_managed_by_hoh_a_head_of_house_who_has_left_manages_no_one(tiny, pastoral):
    tiny.records["staff/hoh.yml"]["left_on"] = "2026-08-31"
    [finding] = tiny.findings(pastoral, "line-managed-by-hoh")
    assert (finding["file"], finding["line"], finding["severity"]) == (f"records/{TUTOR}", 9, "error")
    assert finding["message"] == "tut's line manager is hoh, but hoh left the school on 2026-08-31"
    assert finding["hint"] == ("record Oak House's current Head of House as 'head_of_house' in oak.yml, then set "
                               "'line_manager' to them")
    del tiny.records[TUTOR]["house"]
    [finding] = tiny.findings(pastoral, "line-managed-by-hoh")
    assert finding["message"] == "tut's line manager is hoh, but a tutor's line manager is a Head of House"


def test_tutor_in_house_a_pupil_in_ash_tutored_by_an_oak_tutor(tiny, pastoral):
    tiny.records["houses/ash.yml"] = {"id": "ash", "name": "Ash House", "head_of_house": "hoh", "tutor_room": "A1"}
    tiny.records["pupils/p0042.yml"]["house"] = "ash"
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "tutor-in-house"]
    assert code == 1
    assert (finding["file"], finding["line"], finding["severity"], finding["subject"]) == \
        ("records/assignments/p0042-1.yml", 3, "error", "p0042")
    assert finding["message"] == "p0042 is in Ash House, but their tutor tut works in Oak House"
    assert "tutors_may_cross_houses: true" in finding["hint"]
    tiny.records["school.yml"]["policy"] = {"tutors_may_cross_houses": True}
    assert tiny.findings(pastoral, "tutor-in-house") == []


def test_own_tutor_group_compares_groups_whatever_their_case(tiny, pastoral):
    tiny.records["pupils/p0042.yml"]["tutor_group"] = "8oa"
    assert tiny.findings(pastoral, "own-tutor-group") == []


def test_line_managed_by_hoh_the_houses_head_holds_the_role(tiny, pastoral):
    tiny.records["staff/hoh.yml"]["roles"] = ["smt"]
    [finding] = tiny.findings(pastoral, "line-managed-by-hoh")
    assert finding["message"] == "tut's line manager is hoh, but hoh does not hold the head-of-house role"
