"""The bad-input corpus (tests/badinput/cases.yml): each bad record gets its one clear finding, never a traceback."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest
import yaml

from pastoral.core.kinds import PUPIL
from pastoral.reading.parser import MAX_FILE_BYTES, parse_record
from pastoral.reading.walk import load_folder

CORPUS = Path(__file__).parent / "badinput"
CASES = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))


def _huge(target: Path, outside: Path) -> None:
    line = "# padding a record far beyond any real one\n"
    target.write_text("id: p0001\n" + line * (MAX_FILE_BYTES // len(line) + 1), encoding="utf-8")


def _link_outside(target: Path, outside: Path) -> None:
    (outside / "secret.yml").write_text("id: p0001\n", encoding="utf-8")
    target.symlink_to(outside / "secret.yml")


def _linked_folder_outside(target: Path, outside: Path) -> None:
    (outside / "p0002.yml").write_text("id: p0002\n", encoding="utf-8")
    target.symlink_to(outside, target_is_directory=True)


def _link_loop(target: Path, outside: Path) -> None:
    target.symlink_to(target.name)


def _pipe(target: Path, outside: Path) -> None:
    os.mkfifo(target)  # reading it would wait for a writer forever


def _hard_link_outside(target: Path, outside: Path) -> None:
    (outside / "secret.yml").write_text("id: p0001\n", encoding="utf-8")
    os.link(outside / "secret.yml", target)


MAKERS = {"huge": _huge, "link-outside": _link_outside, "linked-folder-outside": _linked_folder_outside,
          "link-loop": _link_loop, "pipe": _pipe, "hard-link-outside": _hard_link_outside}


def _place(case: dict, root: Path, outside: Path) -> str:
    """Put the case's file where it belongs under records/; returns its path as findings name it."""
    target = root / "records" / case["place"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if "make" in case:
        MAKERS[case["make"]](target, outside)
    else:
        target.write_bytes((CORPUS / "files" / case["file"]).read_bytes())
    return f"records/{case['place']}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_record_gets_its_finding(name, empty_school, tmp_path_factory, pastoral):
    case = CASES[name]
    file = _place(case, empty_school, tmp_path_factory.mktemp("outside"))

    code, out, err = pastoral("validate", "--records", str(empty_school / "records"), "--format", "json")

    assert err == ""
    findings = json.loads(out)
    if case["expect"] == "none":
        assert (code, findings) == (0, [])
        return
    expected = _expected(case)
    assert code == 1
    assert [(f["rule"], f["file"], f["line"]) for f in findings] == [(e["rule"], file, e["line"]) for e in expected]
    for finding, expect in zip(findings, expected, strict=False):
        assert expect["says"] in finding["message"]
        assert expect.get("hint", "") in finding["hint"]
        assert finding["hint"], "every finding says what to do"


def _expected(case: dict) -> list[dict]:
    expect = case["expect"]
    return expect if isinstance(expect, list) else [expect]


@pytest.mark.parametrize("name", sorted(name for name, case in CASES.items() if case["expect"] != "none"))
def test_text_output_names_file_line_and_what_to_do(name, empty_school, tmp_path_factory, pastoral):
    case = CASES[name]
    file = _place(case, empty_school, tmp_path_factory.mktemp("outside"))

    code, out, _ = pastoral("validate", "--records", str(empty_school / "records"))

    expect = _expected(case)[0]
    first, hint = out.splitlines()[:2]
    assert code == 1
    assert first.startswith(f"{file}:{expect['line']}:")
    assert f"error [{expect['rule']}]" in first
    assert hint.startswith("    hint: ")


def test_every_corpus_file_is_used():
    used = {case["file"] for case in CASES.values() if "file" in case}
    assert used == {path.name for path in (CORPUS / "files").iterdir()}


def test_billion_laughs_is_refused_with_little_memory():
    bomb = (CORPUS / "files" / "billion-laughs.yml").read_bytes()
    tracemalloc.start()
    try:
        finding = parse_record(bomb, PUPIL, "records/pupils/p0001.yml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert finding.rule == "yaml"
    assert peak < 1_000_000  # expanded, the bomb would be 10**9 strings


def test_an_alias_bomb_without_the_anchor_check_would_be_huge():
    """The corpus bomb is real: PyYAML's own loader, which follows aliases, builds a nested list 10**9 leaves wide."""
    bomb = yaml.safe_load((CORPUS / "files" / "billion-laughs.yml").read_text(encoding="utf-8"))
    top = bomb["lol9"]
    leaves = 1
    while isinstance(top, list):
        leaves, top = leaves * len(top), top[0]
    assert leaves == 10**9


def test_a_folder_that_cannot_be_listed_is_a_finding_not_a_traceback(tmp_path):
    loaded = load_folder(tmp_path / "records" / "sessions", tmp_path)  # gone between one look and the next
    [finding] = loaded.findings
    assert finding.file == "records/sessions" and finding.message.startswith("the folder cannot be read: ")
    assert finding.hint == "check that it exists and can be read" and loaded.records == []
