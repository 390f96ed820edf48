"""The tutor-role rules (DBS checks, associate cover): records that pass and records that fail."""

from __future__ import annotations

from tests.rules.tiny_school import tiny  # noqa: F401 - a fixture

TUTOR = "staff/tut.yml"


def test_dbs_enhanced_removing_the_check_is_an_error_about_the_tutor(tiny, pastoral):
    del tiny.records[TUTOR]["dbs"]
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "dbs-enhanced"]
    assert code == 1 and (finding["file"], finding["subject"]) == (f"records/{TUTOR}", "tut")
    assert finding["message"] == "tut tutors pupils but has no DBS check recorded"


def test_dbs_enhanced_level_barred_list_and_date(tiny, pastoral):
    dbs = tiny.records[TUTOR]["dbs"]
    dbs["issued_on"] = "2025-09-03"  # the day the assignment starts: in time
    assert tiny.findings(pastoral, "dbs-enhanced") == []
    for change, message in ((("level", "standard"), "has a standard DBS check, not an enhanced one"),
                            (("barred_list", False), "has a DBS check without the children's barred list"),
                            (("issued_on", "2025-09-04"), "has a DBS check issued on 2025-09-04, after they began "
                                                          "tutoring on 2025-09-03")):
        tiny.records[TUTOR]["dbs"] = dict(dbs, **dict([change]))
        [finding] = tiny.findings(pastoral, "dbs-enhanced")
        assert finding["message"] == f"tut tutors pupils but {message}"
        assert finding["line"] == {"level": 12, "barred_list": 13, "issued_on": 14}[change[0]]


def test_dbs_enhanced_staff_without_pupils_are_not_checked(tiny, pastoral):
    del tiny.records["staff/hoh.yml"]["house"]
    assert "dbs" not in tiny.records["staff/hoh.yml"]
    assert tiny.findings(pastoral, "dbs-enhanced") == []


def test_dbs_recheck_is_due_after_the_schools_years(tiny, pastoral):
    tiny.records[TUTOR]["dbs"]["issued_on"] = "2023-11-21"
    tiny.records[TUTOR]["joined_on"] = "2023-09-01"
    tiny.records["assignments/p0042-1.yml"]["from"] = "2023-11-21"
    assert tiny.findings(pastoral, "dbs-recheck") == []
    tiny.records[TUTOR]["dbs"]["issued_on"] = "2023-11-20"
    [finding] = tiny.findings(pastoral, "dbs-recheck")
    assert finding["severity"] == "warning" and finding["subject"] == "tut"
    assert finding["message"] == "tut's DBS check was issued on 2023-11-20; the school re-checks after 3 years, " \
                                 "so a new check was due by 2026-11-20"
    tiny.records["school.yml"]["policy"] = {"dbs_recheck_years": 5}
    assert tiny.findings(pastoral, "dbs-recheck") == []


def test_associate_cover_a_tutor_with_pupils_names_a_current_associate(tiny, pastoral):
    del tiny.records[TUTOR]["associate"]
    [finding] = tiny.findings(pastoral, "associate-cover")
    assert (finding["severity"], finding["subject"]) == ("warning", "tut")
    assert finding["message"] == "tut tutors pupils but has no associate tutor named"


def test_associate_cover_the_associate_has_not_left_and_holds_the_role(tiny, pastoral):
    tiny.records["staff/assoc.yml"]["left_on"] = "2026-10-31"
    [finding] = tiny.findings(pastoral, "associate-cover")
    assert finding["message"] == "tut tutors pupils but names assoc as associate tutor, who left on 2026-10-31"
    del tiny.records["staff/assoc.yml"]["left_on"]
    tiny.records["staff/assoc.yml"]["roles"] = ["smt"]
    [finding] = tiny.findings(pastoral, "associate-cover")
    assert "does not hold the associate-tutor role" in finding["message"]


def test_associate_cover_a_tutor_without_pupils_needs_none(tiny, pastoral):
    del tiny.records[TUTOR]["associate"]
    tiny.records["pupils/p0042.yml"]["left_on"] = "2026-11-01"
    assert tiny.findings(pastoral, "associate-cover") == []
