"""Each session checked against the records (issue 16): filed under its date, pupil and academic year, held by
the pupil's tutor or associate tutor or a colleague covering an absence, at the school that day, with an enhanced
DBS check; two sessions on one day are one meeting."""

from __future__ import annotations

from tests.rules.tiny_school import DBS, session, staff, tiny  # noqa: F401 - tiny is a fixture

SESSION = "sessions/2026-27/2026-10-05-p0042.yml"
TUTOR = "staff/tut.yml"


def add_head_teacher(tiny, **fields) -> None:
    tiny.records["staff/head.yml"] = staff("head", ["head-teacher"], **fields)


def test_the_tiny_schools_session_is_held_by_the_pupils_tutor(tiny, pastoral):
    code, findings = tiny.check(pastoral)
    assert code == 0 and not [f for f in findings if f["rule"] in ("session-tutor", "session-matches-file")]


def test_a_session_held_by_the_head_teacher_is_an_error_at_its_tutor(tiny, pastoral):
    add_head_teacher(tiny, dbs=dict(DBS))
    tiny.records[SESSION]["tutor"] = "head"
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "session-tutor"]
    assert code == 1
    assert (finding["file"], finding["line"], finding["severity"], finding["subject"]) == \
        (f"records/{SESSION}", 3, "error", "p0042")
    assert finding["message"] == ("the session of 2026-10-05 was held by head, who was not p0042's tutor or "
                                  "associate tutor then (p0042's tutor on 2026-10-05 was tut, associate tutor assoc)")
    assert "'covered_by'" in finding["hint"]


def test_a_session_held_by_someone_who_left_in_july_is_an_error(tiny, pastoral):
    tiny.records[TUTOR]["left_on"] = "2026-07-22"
    tiny.records["assignments/p0042-1.yml"]["to"] = "2026-07-22"
    tiny.records["assignments/p0042-1.yml"]["reason"] = "tutor left the school"
    [finding] = tiny.findings(pastoral, "session-tutor")
    assert (finding["file"], finding["line"]) == (f"records/{SESSION}", 3)
    assert finding["message"] == "the session of 2026-10-05 was held by tut, who left the school on 2026-07-22"


def test_a_session_held_by_someone_without_a_dbs_check_is_an_error_at_the_session(tiny, pastoral):
    add_head_teacher(tiny)
    tiny.records[SESSION]["tutor"] = "head"
    [finding] = tiny.findings(pastoral, "dbs-enhanced")
    assert (finding["file"], finding["line"], finding["severity"]) == (f"records/{SESSION}", 3, "error")
    assert finding["message"] == "the session of 2026-10-05 was held by head, who has no DBS check recorded"
    assert finding["hint"].startswith("only staff with an enhanced DBS check with barred list hold sessions")


def test_a_session_held_before_the_holders_dbs_check_was_issued(tiny, pastoral):
    tiny.records["staff/assoc.yml"]["dbs"]["issued_on"] = "2026-10-06"
    tiny.records[SESSION]["tutor"] = "assoc"
    findings = tiny.findings(pastoral, "dbs-enhanced")
    assert [(f["file"], f["message"]) for f in findings] == [
        (f"records/{TUTOR.replace('tut', 'assoc')}", "assoc is associate tutor to tut's pupils but has a DBS check "
                                                     "issued on 2026-10-06, after they began tutoring on 2025-09-03")]


def test_a_session_filed_under_another_pupil_is_an_error_at_the_pupil(tiny, pastoral):
    tiny.records["pupils/p0043.yml"] = dict(tiny.records["pupils/p0042.yml"], id="p0043")
    tiny.records["assignments/p0043-1.yml"] = dict(tiny.records["assignments/p0042-1.yml"], id="p0043-1",
                                                   pupil="p0043")
    tiny.records[SESSION]["pupil"] = "p0043"
    [finding] = tiny.findings(pastoral, "session-matches-file")
    assert (finding["file"], finding["line"], finding["severity"]) == (f"records/{SESSION}", 2, "error")
    assert finding["message"] == "the file name says the pupil is p0042, but 'pupil' is p0043"
    assert finding["hint"] == ("correct 'pupil', or rename the file to 2026-10-05-p0043.yml (and its 'id') if "
                               "'pupil' is right")


def test_a_session_whose_date_differs_from_its_file_name(tiny, pastoral):
    tiny.records[SESSION]["date"] = "2026-10-06"
    [finding] = tiny.findings(pastoral, "session-matches-file")
    assert (finding["line"], finding["message"]) == (4, "the file name says the date is 2026-10-05, but 'date' is "
                                                        "2026-10-06")


def test_a_session_in_another_academic_years_folder(tiny, pastoral):
    tiny.records["sessions/2025-26/2026-10-05-p0042.yml"] = tiny.records.pop(SESSION)
    [finding] = tiny.findings(pastoral, "session-matches-file")
    assert (finding["file"], finding["line"]) == ("records/sessions/2025-26/2026-10-05-p0042.yml", 4)
    assert finding["message"] == ("the session of 2026-10-05 is in the folder 2025-26/, but that date is in the "
                                  "academic year 2026-27")
    assert finding["hint"] == "move the file to sessions/2026-27/, or correct 'date'"


def test_a_second_session_on_one_day_is_filed_with_a_suffix(tiny, pastoral):
    tiny.records["sessions/2026-27/2026-10-05-p0042-2.yml"] = dict(session("2026-10-05"), id="2026-10-05-p0042-2")
    assert tiny.findings(pastoral, "session-matches-file") == []


def test_three_sessions_on_one_day_are_one_meeting(tiny, pastoral):
    """The issue's case: three sessions on one day counted as the year's three meetings."""
    for n in (2, 3):
        tiny.records[f"sessions/2026-27/2026-10-05-p0042-{n}.yml"] = dict(session("2026-10-05"),
                                                                         id=f"2026-10-05-p0042-{n}")
    [finding] = tiny.findings(pastoral, "meetings-per-year", as_of="2027-03-27")
    assert finding["message"] == "p0042 has had 1 of 3 sessions this year; the second was due by 2027-03-26"


def test_the_associate_tutor_may_hold_a_session(tiny, pastoral):
    tiny.records[SESSION]["tutor"] = "assoc"
    assert tiny.findings(pastoral, "session-tutor") == []


def test_a_colleague_covering_the_tutors_absence_is_named_on_the_session(tiny, pastoral):
    tiny.records["staff/cover.yml"] = staff("cover", ["tutor"], dbs=dict(DBS))
    fields = list(tiny.records[SESSION].items())
    tiny.records[SESSION] = dict(fields[:3] + [("covered_by", "cover")] + fields[3:])
    assert tiny.findings(pastoral, "session-tutor") == []
    tiny.records["staff/cover.yml"]["dbs"]["level"] = "basic"
    [finding] = tiny.findings(pastoral, "dbs-enhanced")
    assert (finding["file"], finding["line"]) == (f"records/{SESSION}", 4)  # covered_by follows tutor
    assert finding["message"] == "the session of 2026-10-05 was held by cover, who has a basic DBS check, not an " \
                                 "enhanced one"


def test_covered_by_names_the_tutor_it_covered(tiny, pastoral):
    tiny.records["staff/cover.yml"] = staff("cover", ["tutor"], dbs=dict(DBS))
    tiny.records[SESSION].update(tutor="hoh", covered_by="cover")
    [finding] = tiny.findings(pastoral, "session-tutor")
    assert finding["message"] == ("the session names hoh as the tutor covered, but p0042's tutor on 2026-10-05 was "
                                  "tut, associate tutor assoc")


def test_an_absence_on_the_tutors_record_names_who_covers(tiny, pastoral):
    tiny.records["staff/cover.yml"] = staff("cover", ["tutor"], dbs=dict(DBS))
    tiny.records[SESSION]["tutor"] = "cover"
    assert [f["message"] for f in tiny.findings(pastoral, "session-tutor")] == [
        "the session of 2026-10-05 was held by cover, who was not p0042's tutor or associate tutor then (p0042's "
        "tutor on 2026-10-05 was tut, associate tutor assoc)"]
    tiny.records[TUTOR]["absences"] = [{"from": "2026-09-28", "until": "2026-10-09", "covered_by": "cover"}]
    assert tiny.findings(pastoral, "session-tutor") == []
    tiny.records[TUTOR]["absences"] = [{"from": "2026-10-06", "covered_by": "cover"}]
    assert len(tiny.findings(pastoral, "session-tutor")) == 1


def test_a_tutor_recorded_as_away_did_not_hold_the_session(tiny, pastoral):
    tiny.records[TUTOR]["absences"] = [{"from": "2026-09-28", "until": "2026-10-09"}]
    [finding] = tiny.findings(pastoral, "session-tutor")
    assert (finding["line"], finding["message"]) == (3, "tut is recorded as away from 2026-09-28 to 2026-10-09, "
                                                        "which includes this session (2026-10-05)")
    tiny.records[SESSION]["tutor"] = "assoc"  # the associate takes over the daily role in the tutor's absence
    assert tiny.findings(pastoral, "session-tutor") == []


def test_an_absence_cover_must_be_on_the_staff_list(tiny, pastoral):
    tiny.records[TUTOR]["absences"] = [{"from": "2026-09-28", "covered_by": "nobody"}]
    [finding] = tiny.findings(pastoral, "ref-exists")
    assert (finding["file"], finding["message"]) == (f"records/{TUTOR}", "covered_by 'nobody' names no staff record")


def test_a_session_before_any_assignment_by_a_tutor_is_accepted_by_anyone_else_it_is_not(tiny, pastoral):
    tiny.records["assignments/p0042-1.yml"].update({"from": "2026-11-10", "informed_on": "2026-11-10"})
    assert tiny.findings(pastoral, "session-tutor") == []
    add_head_teacher(tiny, dbs=dict(DBS))
    tiny.records[SESSION]["tutor"] = "head"
    [finding] = tiny.findings(pastoral, "session-tutor")
    assert finding["message"] == "p0042 had no tutor assigned on 2026-10-05, and head, who held the session, is not a tutor"


def test_associates_hold_an_enhanced_dbs_check_like_tutors(tiny, pastoral):
    del tiny.records["staff/assoc.yml"]["dbs"]
    [finding] = tiny.findings(pastoral, "dbs-enhanced")
    assert (finding["file"], finding["subject"]) == ("records/staff/assoc.yml", "assoc")
    assert finding["message"] == "assoc is associate tutor to tut's pupils but has no DBS check recorded"


def test_a_tutor_is_never_their_own_associate(tiny, pastoral):
    tiny.records[TUTOR]["associate"] = "tut"
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "associate-cover"]
    assert code == 1
    assert (finding["file"], finding["line"], finding["severity"]) == (f"records/{TUTOR}", 10, "error")
    assert finding["message"] == "tut tutors pupils but names themselves as their own associate tutor, so no one " \
                                 "covers their absence"


def test_an_associate_tutor_assignment_to_the_pupils_own_tutor(tiny, pastoral):
    tiny.records["assignments/p0042-2.yml"] = dict(tiny.records["assignments/p0042-1.yml"], id="p0042-2",
                                                   role="associate-tutor")
    tiny.records[TUTOR]["roles"] = ["tutor", "associate-tutor"]
    [finding] = tiny.findings(pastoral, "associate-cover")
    assert (finding["file"], finding["line"], finding["severity"]) == ("records/assignments/p0042-2.yml", 3, "error")
    assert finding["message"] == ("tut is p0042's tutor and, by this assignment, their associate tutor too: no one "
                                  "covers their absence")


def test_a_session_before_the_holder_joined_the_school(tiny, pastoral):
    tiny.records["staff/cover.yml"] = staff("cover", ["tutor"], dbs=dict(DBS), joined_on="2026-11-01")
    fields = list(tiny.records[SESSION].items())
    tiny.records[SESSION] = dict(fields[:3] + [("covered_by", "cover")] + fields[3:])
    [finding] = tiny.findings(pastoral, "session-tutor")
    assert (finding["line"], finding["message"]) == (4, "the session of 2026-10-05 was held by cover, who joined the "
                                                        "school on 2026-11-01, after it")
