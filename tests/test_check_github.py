"""``pastoral check --format github``: annotations (blocking first, 10 of each level, then a notice),
escaping that record text cannot break out of, and the job summary under GitHub's 1 MiB limit."""

from __future__ import annotations

from io import StringIO

import pytest
from tests.rules.tiny_school import AS_OF, tiny  # noqa: F401 - tiny is a fixture

from pastoral.core.findings import Finding
from pastoral.reporters import github as github_reporter
from pastoral.reporters import summary
from pastoral.reporters.report import Report


@pytest.fixture(autouse=True)
def no_summary_file(monkeypatch):
    """Tests run in CI too: never append to the real job summary."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def github(pastoral, tiny, *args: str):
    return pastoral("check", "--records", str(tiny.write()), "--as-of", AS_OF, "--format", "github", *args)


def crowd(tiny, count: int) -> None:
    """``count`` Year 8 pupils without a tutor (errors) and ``count`` sessions with no signature (warnings)."""
    for number in range(count):
        pupil_id = f"p{1000 + number}"
        tiny.records[f"pupils/{pupil_id}.yml"] = dict(tiny.records["pupils/p0042.yml"], id=pupil_id)
        date = f"2026-10-{10 + number:02d}"
        tiny.records[f"sessions/2026-27/{date}-p0042.yml"] = {
            "id": f"{date}-p0042", "pupil": "p0042", "tutor": "tut", "date": date}


def test_blocking_annotations_come_first_ten_of_each_level_then_a_notice(tiny, pastoral):
    crowd(tiny, 12)
    code, out, _ = github(pastoral, tiny)
    lines = out.splitlines()
    kinds = [line.split(" ", 1)[0] if line.startswith("::") else "plain" for line in lines]
    assert code == 1
    assert kinds == ["::error"] * 10 + ["::notice", "plain", "plain"] + ["::warning"] * 10 + \
        ["::notice", "plain", "plain", "plain"]
    assert lines[10] == ("::notice title=pastoral::2 more blocking errors than the 10 GitHub shows as annotations: "
                         "listed below in the log, and counted in the job summary")
    assert lines[0].startswith("::error file=records/pupils/p1000.yml,line=1,col=5,title=pastoral [tutor-assigned]::")
    assert lines[11].startswith("  records/pupils/p1") and "error [tutor-assigned]" in lines[11]
    assert lines[-1] == "pastoral check: FAILED: 12 errors, 12 warnings in 33 records"


def test_record_text_cannot_inject_a_workflow_command(tiny, pastoral):
    name = "Search 100%\r\n::error file=evil.yml::injected\n::add-mask::x"
    tiny.records["sessions/2026-27/2026-10-05-p0042.yml"]["referrals"] = [
        {"service": "Nurse, 50% of days", "contact": {"name": name}}]
    code, out, _ = github(pastoral, tiny)
    [annotation] = [line for line in out.splitlines() if line.startswith("::")]
    assert code == 1 and len(out.splitlines()) == 2
    assert annotation.startswith("::error file=records/sessions/2026-27/2026-10-05-p0042.yml,line=")
    assert "Search 100%25\\r\\n: :error file=evil.yml: :injected\\n: :add-mask: :x" in annotation
    assert "Nurse, 50%25 of days" in annotation


def test_findings_already_on_the_base_are_warnings_that_say_so():
    finding = Finding("tutor-assigned", "error", "records/pupils/p0042.yml", "p0042 has no tutor", 1, 5,
                      subject="p0042", hint="add an assignment")
    report = Report("check", [finding], records=1, baseline=frozenset({finding.identity}))
    out = StringIO()
    github_reporter.write(report, out)
    assert out.getvalue().splitlines()[0] == (
        "::warning file=records/pupils/p0042.yml,line=1,col=5,title=pastoral [tutor-assigned]::p0042 has no tutor "
        "(already there before this change: does not block it)%0Aadd an assignment")


def test_the_job_summary_counts_by_rule_and_house_and_lists_blocking_findings_with_the_fix(tiny, pastoral, tmp_path,
                                                                                           monkeypatch):
    path = tmp_path / "summary.md"
    path.write_text("## an earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(path))
    del tiny.records["assignments/p0042-1.yml"]
    del tiny.records["sessions/2026-27/2026-10-05-p0042.yml"]["planner_signed_on"]
    github(pastoral, tiny)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("## an earlier step\n## pastoral check: FAILED\n")
    assert "| tutor-assigned | 1 | 0 | Every pupil in Year 7 and above has one named member of staff as their " \
           "personal tutor. |" in text
    assert "| planner-signed | 0 | 1 |" in text
    assert "| Oak House | 1 | 1 |" in text
    assert ("| records/pupils/p0042.yml line 1 | p0042 | p0042 (Year 8) has no tutor assigned on 2026-11-20: every "
            "pupil in Year 7 and above has a named tutor | Add an assignment naming the pupil's tutor; if the pupil "
            "has two, end the old one. |") in text


def test_without_the_summary_variable_no_file_is_written(tiny, pastoral, tmp_path):
    del tiny.records["assignments/p0042-1.yml"]
    github(pastoral, tiny)
    assert not list(tmp_path.rglob("*.md"))


def test_summary_cells_cannot_break_the_table_or_add_html():
    assert summary.cell("a | b\n<script>x</script> & c") == "a \\| b &lt;script&gt;x&lt;/script&gt; &amp; c"


def many_blocking(count: int) -> Report:
    findings = [Finding("tutor-assigned", "error", f"records/pupils/p{n:06d}.yml", "x" * 200 + f" {n}", 1, 5,
                        subject=f"p{n:06d}") for n in range(count)]
    return Report("check", findings, records=count)


def test_the_summary_stays_under_one_mebibyte_and_says_how_many_it_left_out(tmp_path):
    report = many_blocking(20_000)
    text = summary.render(report)
    size = len(text.encode("utf-8"))
    listed = text.count("| records/pupils/")
    assert summary.LIMIT - summary.NOTE_ROOM - 400 < size <= summary.LIMIT
    assert f"\n{20_000 - listed:,} more blocking findings are not listed" in text
    path = tmp_path / "summary.md"
    path.write_text("x" * (summary.LIMIT - 50_000), encoding="utf-8")  # earlier steps used most of the room
    summary.append(report, path)
    assert summary.LIMIT - summary.NOTE_ROOM - 400 < path.stat().st_size <= summary.LIMIT


def test_a_small_summary_lists_every_blocking_finding():
    text = summary.render(many_blocking(3))
    assert text.count("| records/pupils/") == 3 and "not listed" not in text
