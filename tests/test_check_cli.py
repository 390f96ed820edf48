"""``pastoral check`` on the command line: text output, the default date, and usage errors (exit 2)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.rules.tiny_school import AS_OF, session, tiny  # noqa: F401 - tiny is a fixture


def test_text_output_names_file_line_rule_and_hint_and_fails(tiny, pastoral):
    del tiny.records["assignments/p0042-1.yml"]
    code, out, err = pastoral("check", "--records", str(tiny.write()), "--as-of", AS_OF)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "records/pupils/p0042.yml:1:5: error [tutor-assigned] p0042 (Year 8) has no tutor assigned on 2026-11-20: "
        "every pupil in Year 7 and above has a named tutor",
        "    hint: add records/assignments/<id>.yml with pupil: p0042, staff: <the tutor's id>, role: tutor, "
        "and from: the date the tutor starts",
        "pastoral check: FAILED: 1 error, 0 warnings in 8 records",
    ]


def test_warnings_alone_pass(tiny, pastoral):
    del tiny.records["staff/tut.yml"]["associate"]
    code, out, _ = pastoral("check", "--records", str(tiny.write()), "--as-of", AS_OF)
    assert code == 0 and out.splitlines()[-1] == "pastoral check: OK: 0 errors, 1 warning in 9 records"


def test_the_date_defaults_to_today(tiny, pastoral):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    tiny.records[f"sessions/2026-27/{tomorrow}-p0042.yml"] = session(tomorrow)
    code, out, _ = pastoral("check", "--records", str(tiny.write()), "--format", "json")
    assert f"the session is dated {tomorrow}, after the date being checked ({date.today()})" in out


def test_a_date_that_is_not_a_date_is_a_usage_error(tiny, pastoral):
    code, out, err = pastoral("check", "--records", str(tiny.write()), "--as-of", "2026-13-01")
    assert (code, out) == (2, "")
    assert "argument --as-of: '2026-13-01' is not a date in the form YYYY-MM-DD" in err


def test_a_missing_records_folder_is_a_usage_error(tmp_path, pastoral):
    code, out, err = pastoral("check", "--records", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "")
    assert err == f"pastoral check: the records folder '{tmp_path / 'nowhere'}' does not exist " \
                  "(use --records DIR to name it)\n"
