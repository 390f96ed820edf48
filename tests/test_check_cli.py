"""``pastoral check`` on the command line: text output, the default date, and usage errors (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.conftest import SAMPLE_AS_OF
from tests.rules.tiny_school import AS_OF, session, tiny  # noqa: F401 - tiny is a fixture

from pastoral.reading.cache import DEFAULT_DIRECTORY


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
    today = added = None
    while today != date.today():  # once more should midnight pass while the check runs
        today = date.today()
        tomorrow = (today + timedelta(days=1)).isoformat()
        tiny.records.pop(added, None)
        added = f"sessions/2026-27/{tomorrow}-p0042.yml"
        tiny.records[added] = session(tomorrow)
        code, out, _ = pastoral("check", "--records", str(tiny.write()), "--format", "json")
    assert f"the session is dated {tomorrow}, after the date being checked ({today})" in out


def test_a_date_that_is_not_a_date_is_a_usage_error(tiny, pastoral):
    code, out, err = pastoral("check", "--records", str(tiny.write()), "--as-of", "2026-13-01")
    assert (code, out) == (2, "")
    assert "argument --as-of: '2026-13-01' is not a date in the form YYYY-MM-DD" in err


def test_a_missing_records_folder_is_a_usage_error(tmp_path, pastoral):
    code, out, err = pastoral("check", "--records", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "")
    assert err == f"pastoral check: the records folder '{tmp_path / 'nowhere'}' does not exist " \
                  "(use --records DIR to name it)\n"


def program_environment(caches: Path) -> dict[str, str]:
    """As a shell runs the program: its output buffered (not as this machine's PYTHONUNBUFFERED would have it)."""
    return {**{name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"},
            "PASTORAL_WORKERS": "1", "PASTORAL_CACHE_DIR": str(caches)}


def program(*args: str, caches: Path, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """``pastoral ARGS`` as a program of its own (``python -m pastoral``), which leaves without tearing down."""
    return subprocess.run([sys.executable, "-m", "pastoral", *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          check=False, env=program_environment(caches))


def test_the_program_prints_all_it_found_and_exits_with_the_code_main_gives(troubled, pastoral, tmp_path):
    """The program leaves at once after ``main`` (``cli.entry``): whatever it printed, to a pipe or a file, is all
    there, its exit code is the command's, and it saved the caches a later run uses."""
    arguments = ("check", "--records", str(troubled / "records"), "--as-of", SAMPLE_AS_OF, "--format", "json")
    code, out, err = pastoral(*arguments, "--no-cache")
    assert code == 1 and len(json.loads(out)) > 5
    ran = program(*arguments, caches=tmp_path)
    assert (ran.returncode, ran.stdout, ran.stderr) == (code, out, err)
    assert (tmp_path / DEFAULT_DIRECTORY / "findings").is_dir()
    with (tmp_path / "report.json").open("w", encoding="utf-8") as report:
        assert program(*arguments, caches=tmp_path, stdout=report).returncode == 1  # the answer, from the cache
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == out
    usage = program("check", "--as-of", "2026-13-01", caches=tmp_path)
    assert usage.returncode == 2 and "is not a date" in usage.stderr


def test_the_program_stops_quietly_when_its_reader_stops_reading(troubled, tmp_path):
    """``pastoral check | head -1``: the pipe closes before the report is written, and no traceback follows."""
    process = subprocess.Popen([sys.executable, "-m", "pastoral", "check", "--records", str(troubled / "records"),
                                "--as-of", SAMPLE_AS_OF], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=program_environment(tmp_path))
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    error = process.stderr.read()
    assert process.wait() in (0, 1) and error == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's full device")
@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_report_that_cannot_be_written_says_so_and_fails(troubled, tmp_path, unbuffered):
    """A full disk: the report fails as it is written (unbuffered) or as it is flushed at the end, and either way
    the program says why and exits 2, an I/O problem, not with a traceback."""
    environment = program_environment(tmp_path) | ({"PYTHONUNBUFFERED": "1"} if unbuffered else {})
    with open("/dev/full", "w", encoding="utf-8") as full:
        ran = subprocess.run([sys.executable, "-m", "pastoral", "check", "--records", str(troubled / "records"),
                              "--as-of", SAMPLE_AS_OF], stdout=full, stderr=subprocess.PIPE, text=True, check=False,
                             env=environment)
    assert ran.returncode == 2 and "No space left on device" in ran.stderr and "Traceback" not in ran.stderr
