"""The Pupil Guarantee rules: each with records that pass and records that fail, on the tiny school."""

from __future__ import annotations

from tests.rules.tiny_school import tiny  # noqa: F401 - a fixture

ASSIGNMENT = "assignments/p0042-1.yml"
SESSION = "sessions/2026-27/2026-10-05-p0042.yml"


def test_tutor_assigned_a_pupil_without_a_tutor_is_an_error_at_the_pupils_record(tiny, pastoral):
    del tiny.records[ASSIGNMENT]
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "tutor-assigned"]
    assert code == 1
    assert (finding["file"], finding["line"], finding["subject"], finding["severity"]) == \
        ("records/pupils/p0042.yml", 1, "p0042", "error")
    assert "p0042 (Year 8) has no tutor assigned on 2026-11-20" in finding["message"]


def test_tutor_assigned_an_assignment_ending_on_the_check_date_is_no_longer_active(tiny, pastoral):
    tiny.records[ASSIGNMENT]["to"] = "2026-11-21"
    assert tiny.findings(pastoral, "tutor-assigned") == []
    tiny.records[ASSIGNMENT]["to"] = "2026-11-20"
    [finding] = tiny.findings(pastoral, "tutor-assigned")
    assert finding["subject"] == "p0042"


def test_tutor_assigned_two_tutors_at_once(tiny, pastoral):
    tiny.records["assignments/p0042-2.yml"] = dict(tiny.records[ASSIGNMENT], id="p0042-2", **{"from": "2026-09-03"})
    [finding] = tiny.findings(pastoral, "tutor-assigned")
    assert "has 2 tutors assigned at once (p0042-1, p0042-2)" in finding["message"]


def test_tutor_assigned_applies_from_the_schools_year_and_only_to_pupils_on_roll(tiny, pastoral):
    del tiny.records[ASSIGNMENT]
    tiny.records["school.yml"]["policy"] = {"guarantee_from_year": 9}
    assert tiny.findings(pastoral, "tutor-assigned") == []
    tiny.records["school.yml"]["policy"] = {}
    tiny.records["pupils/p0042.yml"]["left_on"] = "2026-11-20"
    assert tiny.findings(pastoral, "tutor-assigned") == []


def test_tutor_current_the_staff_member_holds_the_role(tiny, pastoral):
    tiny.records[ASSIGNMENT]["staff"] = "assoc"
    [finding] = tiny.findings(pastoral, "tutor-current")
    assert (finding["file"], finding["line"]) == (f"records/{ASSIGNMENT}", 3)
    assert finding["message"] == "p0042's tutor: assoc does not hold the role 'tutor'"
    tiny.records[ASSIGNMENT]["role"] = "associate-tutor"
    assert tiny.findings(pastoral, "tutor-current") == []


def test_tutor_current_the_staff_member_was_at_the_school_when_assigned(tiny, pastoral):
    tiny.records["staff/tut.yml"]["joined_on"] = "2025-09-04"
    [finding] = tiny.findings(pastoral, "tutor-current")
    assert "tut joined the school on 2025-09-04, after this assignment began (2025-09-03)" in finding["message"]
    tiny.records["staff/tut.yml"]["joined_on"] = "2020-09-01"
    tiny.records[ASSIGNMENT]["from"] = "2026-09-03"
    tiny.records[ASSIGNMENT]["informed_on"] = "2026-09-03"
    tiny.records["staff/tut.yml"]["left_on"] = "2026-09-01"
    [finding] = tiny.findings(pastoral, "tutor-current")
    assert "tut had left the school (2026-09-01) before this assignment began (2026-09-03)" in finding["message"]


def test_pupil_informed_a_warning_within_the_window_then_an_error(tiny, pastoral):
    tiny.records[ASSIGNMENT].update({"from": "2026-11-10"})
    del tiny.records[ASSIGNMENT]["informed_on"]
    code, findings = tiny.check(pastoral)
    [finding] = [f for f in findings if f["rule"] == "pupil-informed"]
    assert code == 0 and finding["severity"] == "warning"
    assert finding["message"] == "p0042 has not yet been told who their tutor is (by 2026-11-20, 10 days after " \
                                 "the assignment began)"
    [finding] = tiny.findings(pastoral, "pupil-informed", as_of="2026-11-21")
    assert finding["severity"] == "error" and finding["message"].startswith("p0042 was due to be told")


def test_pupil_informed_on_the_last_day_passes_later_is_a_warning(tiny, pastoral):
    tiny.records[ASSIGNMENT]["informed_on"] = "2025-09-13"
    assert tiny.findings(pastoral, "pupil-informed") == []
    tiny.records[ASSIGNMENT]["informed_on"] = "2025-09-16"
    [finding] = tiny.findings(pastoral, "pupil-informed")
    assert finding["severity"] == "warning" and "3 days after the 10 days allowed" in finding["message"]


def test_pupil_informed_uses_the_schools_window(tiny, pastoral):
    tiny.records["school.yml"]["policy"] = {"inform_within_days": 0}
    assert [f["severity"] for f in tiny.findings(pastoral, "pupil-informed")] == ["warning"]


def test_needs_considered_eal_needs_with_and_without_a_note(tiny, pastoral):
    tiny.records["pupils/p0042.yml"]["needs"] = ["eal"]
    [finding] = tiny.findings(pastoral, "needs-considered")
    assert (finding["file"], finding["subject"], finding["severity"]) == (f"records/{ASSIGNMENT}", "p0042", "error")
    tiny.records[ASSIGNMENT]["needs_considered"] = "   "
    [finding] = tiny.findings(pastoral, "needs-considered")
    assert finding["line"] == 7
    tiny.records[ASSIGNMENT]["needs_considered"] = "The tutor speaks Igbo; a buddy in 8OA for the first half-term."
    assert tiny.findings(pastoral, "needs-considered") == []


def test_reassigned_on_leaving(tiny, pastoral):
    tiny.records["staff/tut.yml"]["left_on"] = "2026-11-21"
    assert tiny.findings(pastoral, "reassigned-on-leaving") == []
    tiny.records["staff/tut.yml"]["left_on"] = "2026-11-20"
    [finding] = tiny.findings(pastoral, "reassigned-on-leaving")
    assert (finding["file"], finding["line"], finding["subject"]) == (f"records/{ASSIGNMENT}", 3, "p0042")
    assert "tutor tut left the school on 2026-11-20, but this assignment is still open" in finding["message"]
    assert "to: 2026-11-20" in finding["hint"]


def referral(contact: dict) -> list[dict]:
    return [{"service": "School nurse", "contact": {"name": "Mrs Ada Obi", "phone": "01632 960100"}},
            {"service": "Careers adviser", "contact": contact}]


def test_referral_contact_a_named_person_with_an_email_passes(tiny, pastoral):
    tiny.records[SESSION]["referrals"] = referral({"name": "Mr Tom Hale", "email": "t.hale@careers.example"})
    assert tiny.findings(pastoral, "referral-contact") == []


def test_referral_contact_search_online_is_an_error_at_the_referrals_contact(tiny, pastoral):
    tiny.records[SESSION]["referrals"] = referral({"name": "Search online for a careers adviser"})
    [finding] = tiny.findings(pastoral, "referral-contact")
    assert (finding["file"], finding["subject"], finding["severity"]) == (f"records/{SESSION}", "p0042", "error")
    assert finding["line"] == 18  # the first line of the second referral's contact
    assert finding["message"] == "the referral to Careers adviser names no person ('Search online for a careers " \
                                 "adviser') and gives no email address or phone number"


def test_referral_contact_look_it_up_is_not_a_name_even_with_a_number(tiny, pastoral):
    tiny.records[SESSION]["referrals"] = referral({"name": "Look it up in the phone book", "phone": "118 118"})
    [finding] = tiny.findings(pastoral, "referral-contact")
    assert finding["message"] == "the referral to Careers adviser names no person ('Look it up in the phone book')"


def test_referral_contact_a_name_alone_is_not_enough(tiny, pastoral):
    tiny.records[SESSION]["referrals"] = referral({"name": "Mr Tom Hale"})
    [finding] = tiny.findings(pastoral, "referral-contact")
    assert finding["message"] == "the referral to Careers adviser gives no email address or phone number"


def test_an_all_through_school_records_pupils_below_year_7_and_the_guarantee_starts_at_its_year(tiny, pastoral):
    """Para 129: the guarantee covers Year 7 and above in all-through schools, whose rolls include younger pupils."""
    tiny.records["pupils/p0006.yml"] = dict(tiny.records["pupils/p0042.yml"], id="p0006", year=6, tutor_group="6OA")
    tiny.records["pupils/p0001.yml"] = dict(tiny.records["pupils/p0042.yml"], id="p0001", year=1, tutor_group="1OA")
    code, findings = tiny.check(pastoral)
    assert (code, findings) == (0, [])
    tiny.records["school.yml"]["policy"] = {"guarantee_from_year": 5}  # a middle school deemed secondary
    [finding] = tiny.findings(pastoral, "tutor-assigned")
    assert (finding["file"], finding["message"]) == (
        "records/pupils/p0006.yml", "p0006 (Year 6) has no tutor assigned on 2026-11-20: every pupil in Year 5 and "
                                    "above has a named tutor")


def test_guarantee_rules_leave_out_pupils_below_the_guarantees_year(tiny, pastoral):
    tiny.records["pupils/p0042.yml"].update(year=6, needs=["eal"])
    tiny.records["staff/tut.yml"]["year_group"] = 6
    del tiny.records[ASSIGNMENT]["informed_on"]
    assert [f for f in tiny.check(pastoral)[1] if f["rule"] in ("needs-considered", "pupil-informed")] == []
