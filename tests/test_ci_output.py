"""CI output carries no command: record text is inert in every format, in every line, after the tenth annotation too.

GitHub's runner obeys ``::name ...::`` and the legacy ``##[name ...]`` wherever it
finds them in a line of the log, decodes ``%0A`` inside commands, and shows bidi
controls as they reorder text. The job summary is Markdown with HTML. Each test
puts the same hostile text in records (or findings) and reads every line written.
"""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from tests.rules.tiny_school import AS_OF, tiny  # noqa: F401 - tiny is a fixture

from pastoral.core.escape import ci_inert, command_inert
from pastoral.core.findings import Finding
from pastoral.reporters import REPORTERS, summary
from pastoral.reporters.report import Report

HOSTILE = ("Ann ##[set-output name=verdict;]passed ::add-mask::secret %0A::error file=x.yml::forged "
           "\u202egnp.exe\u202c ![pixel](https://evil.example/p.png) [click](https://evil.example) # Heading <b>x</b>"
           "\n::warning::second line")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
OWN_COMMAND = re.compile(r"^::(error|warning|notice) [^:]*::")
"""The start of a command pastoral writes itself: its properties are escaped, so hold no ':'."""


@pytest.fixture(autouse=True)
def no_summary_file(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def hostile_findings(count: int) -> list[Finding]:
    return [Finding("referral-contact", "error", f"records/pupils/p{n:04d}.yml", f"{HOSTILE} {n}", 1, 5,
                    subject=f"p{n:04d}", hint=f"hint {HOSTILE}", waived=f"waiver {HOSTILE}" if n == 0 else "")
            for n in range(count)]


def assert_inert(line: str) -> None:
    """Nothing in the line, past pastoral's own command opening, that a runner or a terminal would act on."""
    rest = OWN_COMMAND.sub("", line, count=1)
    assert "::" not in rest and "##[" not in line, line
    assert not BIDI.search(line), line
    if rest == line:  # a plain line: nothing there is ever decoded, so no encoded line break either
        assert not re.search("%0[ad]", line, re.IGNORECASE), line


def decoded(data: str) -> str:
    """An annotation's message as the runner shows it."""
    return data.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


@pytest.mark.parametrize("reporter", ["text", "github"])
def test_every_line_is_inert_in_text_and_github_output_past_the_tenth_annotation_too(reporter):
    out = StringIO()
    REPORTERS[reporter](Report("check", hostile_findings(14), records=14), out)
    lines = out.getvalue().splitlines()
    # text: each finding's line and hint, one waiver, the verdict; github: 13 blocking (10 shown, a notice, 3 lines),
    # the waived one as a warning, the verdict
    assert len(lines) == (14 + 14 + 1 + 1 if reporter == "text" else 10 + 1 + 3 + 1 + 1)
    for line in lines:
        assert_inert(line)
    assert all("Ann # #[set-output name=verdict;]passed : :add-mask: :secret" in line
               for line in lines if "[referral-contact]" in line)
    if reporter == "github":
        annotations = [line for line in lines if line.startswith("::error ")]
        assert len(annotations) == 10 and len([line for line in lines if line.startswith("  records/")]) == 3
        for line in annotations:
            message = decoded(OWN_COMMAND.sub("", line))
            assert message.count("\n") == 1  # the one break is pastoral's, before the hint
            assert "%0A: :error file=x.yml: :forged" in message  # what was typed, shown as typed


def test_json_output_keeps_every_character_but_shows_no_command():
    out = StringIO()
    REPORTERS["json"](Report("check", hostile_findings(2), records=2), out)
    for line in out.getvalue().splitlines():
        assert "::" not in line and "##[" not in line and not BIDI.search(line)
    assert {finding["message"] for finding in json.loads(out.getvalue())} == {f"{HOSTILE} 0", f"{HOSTILE} 1"}


def test_the_job_summary_has_no_html_markdown_or_command_from_record_text(tmp_path):
    text = summary.render(Report("check", hostile_findings(3), records=3, houses={"p0000": HOSTILE}))
    for line in text.splitlines():
        assert_inert(line)
    for markup in ("<b>", "<img", "https://", "\n# ", "\u202e"):
        assert markup not in text
    assert not re.search(r"(?<!\\)\[|(?<!\\)\]", text.replace("[Findings", ""))  # no bracket opens a link or image
    assert "!\\[pixel\\](" in text and "&lt;b&gt;x&lt;/b&gt;" in text
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in text.splitlines() if line.startswith("|")]
    assert set(cells) == {4, 5}  # the House table has 3 columns, the others 4: no text broke out of its cell


def test_a_bare_address_or_email_in_a_cell_is_no_link():
    assert summary.cell("see www.evil.example or https://evil.example or bad@evil.example") == \
        "see www&#46;evil.example or https:&#47;&#47;evil.example or bad&#64;evil.example"


def test_record_text_through_a_real_check_is_inert_in_every_format(tiny, pastoral, tmp_path, monkeypatch):
    """End to end: a referral's contact named with the hostile text, checked in each format."""
    tiny.records["sessions/2026-27/2026-10-05-p0042.yml"]["referrals"] = [
        {"service": HOSTILE, "contact": {"name": "Nurse Jo"}}]
    summary_file = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    for format_name in ("text", "github", "json"):
        code, out, err = pastoral("check", "--records", str(tiny.write()), "--as-of", AS_OF, "--format", format_name)
        assert code == 1 and err == "" and "add-mask" in out
        for line in out.splitlines():
            assert_inert(line) if format_name != "json" else None
            assert "::add-mask::" not in line and "##[" not in line and not BIDI.search(line)
    assert "add-mask" in summary_file.read_text(encoding="utf-8")
    for line in summary_file.read_text(encoding="utf-8").splitlines():
        assert_inert(line)
    assert "![" not in summary_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["a folder", "a missing folder"])
def test_an_unwritable_job_summary_is_exit_2_with_one_line(tiny, pastoral, tmp_path, monkeypatch, where):
    target = tmp_path if where == "a folder" else tmp_path / "gone" / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    del tiny.records["assignments/p0042-1.yml"]
    code, out, err = pastoral("check", "--records", str(tiny.write()), "--as-of", AS_OF, "--format", "github")
    assert code == 2 and out.startswith("::error ")
    assert err.count("\n") == 1 and err.startswith("pastoral check: cannot write the job summary to ")
    assert "Traceback" not in err


@pytest.mark.parametrize(("count", "words"), [(1, "1 more finding that does not block than"),
                                              (47, "47 more findings that do not block than")])
def test_the_notice_counts_findings_that_do_not_block_in_plain_words(count, words):
    findings = [Finding("planner-signed", "warning", f"records/x{n}.yml", "unsigned", 1, 1) for n in range(10 + count)]
    out = StringIO()
    REPORTERS["github"](Report("check", findings, records=1), out)
    [notice] = [line for line in out.getvalue().splitlines() if line.startswith("::notice")]
    assert words in notice and "other" not in notice


def test_the_helpers_break_every_command_however_written():
    for typed in ("::add-mask::x", ":::x", "##[group]x", "###[x", "a\n::x::y", "\u202e"):
        for inert in (ci_inert(typed), command_inert(typed)):
            assert "::" not in inert and "##[" not in inert and "\n" not in inert and not BIDI.search(inert)
    assert ci_inert("50%0a") == "50%250a" and command_inert("50%0a") == "50%0a"  # commands escape '%' themselves
