"""Nothing lost: every command of ``pastoral``, and both site builds, leave every record file as it was.

Commands are discovered from the parser, so a new one is run here too: with
``--dry-run`` when it has one, plainly when it needs no arguments, and through
``SPECIAL`` when it needs arguments to do anything at all.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SAMPLE_AS_OF, link_editor

from pastoral.cli import build_parser


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next((action.choices for action in parser._actions if isinstance(action, argparse._SubParsersAction)), {})


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def _needs_arguments(parser: argparse.ArgumentParser) -> bool:
    return bool(_subcommands(parser)) or any(action.required and action.nargs not in ("*", "?")
                                              for action in parser._actions)


def _existing_session(root: Path) -> tuple[str, str]:
    """(pupil, date) of a session that already has its file."""
    name = sorted((root / "records" / "sessions").glob("*/*.yml"))[0].stem
    return name[11:], name[:10]


def _import(root: Path) -> list[tuple[list[str], set[int]]]:
    roll = root / "roll.csv"
    roll.write_text("Adno,Preferred Forename,Preferred Surname,Year,House,Reg,Admission Date\n"
                    "0001,Test,Pupil,9,oak,9OA,2025-09-01\n9999,New,Pupil,7,oak,7OA,2026-11-16\n", encoding="utf-8")
    return [(["import", "pupils", str(roll), "--dry-run"], {0})]


def _new(root: Path) -> list[tuple[list[str], set[int]]]:
    pupil, day = _existing_session(root)
    return [(["new", "session", "--pupil", pupil, "--date", day], {1})]  # must refuse: the file exists


def _check(root: Path) -> list[tuple[list[str], set[int]]]:
    return [(["check", "--as-of", SAMPLE_AS_OF, "--format", output], {0, 1}) for output in ("text", "json", "github")]


def _audiences(root: Path) -> list[tuple[list[str], set[int]]]:
    site = root / "audience-site"
    shutil.copytree(REPO / "handbook", site / "handbook")
    link_editor(site)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("records: records", "records: ../records")
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    return [(["audiences", "--config-file", str(site / "mkdocs.yml"), "--site-dir", str(site / "built"),
              "--only", "staff", "--only", "house-oak"], {0})]


SPECIAL = {
    "audiences": _audiences,
    "check": _check,
    "import": _import,
    "new": _new,
    "rollover": lambda root: [(["rollover", "--to", "2027-28", "--dry-run"], {0})],
    "sar": lambda root: [(["sar", "p0001", "--out", str(root / "sar-bundle"), "--as-of", SAMPLE_AS_OF], {0})],
    "history": lambda root: [(["history", "records/pupils/p0001.yml"], {0, 2})],  # 2: the copy has no Git history
    "split": lambda root: [(["split", "--restricted", str(root / "restricted"), "--dry-run"], {0})],
    "reviewers": lambda root: [(["reviewers", "--base", "HEAD"], {2})],  # no Git repository here: a usage error
}
"""Commands that need arguments (or that write records unless told not to)."""


def _invocations(root: Path) -> list[tuple[list[str], set[int]]]:
    runs = []
    for name, parser in sorted(_subcommands(build_parser()).items()):
        if name in SPECIAL:
            runs.extend(SPECIAL[name](root))
            continue
        assert not _needs_arguments(parser), f"'pastoral {name}' needs arguments: add it to SPECIAL in {__file__}"
        options = _options(parser)
        assert "--purge" not in options or name == "retention"
        args = [name] + [flag for flag in ("--dry-run",) if flag in options]
        args += ["--as-of", SAMPLE_AS_OF] if "--as-of" in options else []
        runs.append((args, {0, 1}))
    return runs


def _tree(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _site_builds(root: Path) -> list[Path]:
    configs = [REPO / name for name in ("mkdocs.yml", "mkdocs.public.yml") if (REPO / name).exists()]
    if configs:
        shutil.copytree(REPO / "handbook", root / "handbook")
        link_editor(root)
        for config in configs:
            shutil.copy(config, root / config.name)
    return [root / config.name for config in configs]


def test_no_command_changes_a_record(school, pastoral):
    before = _tree(school / "records"), _tree(school / "schemas")
    ran = []
    for args, allowed in _invocations(school):
        code, _, err = pastoral(*args, cwd=school)
        assert code in allowed, f"pastoral {' '.join(args)} exited {code}: {err}"
        ran.append(args[0])
    for config in _site_builds(school):
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config),
                                "-d", str(school / f"built-{config.stem}")], cwd=school, capture_output=True, text=True,
                               env={**os.environ, "PASTORAL_AS_OF": SAMPLE_AS_OF})
        assert built.returncode == 0, built.stderr
        ran.append(config.name)

    assert (_tree(school / "records"), _tree(school / "schemas")) == before
    assert {"validate", "check"} <= set(ran)


def test_new_refuses_to_overwrite_a_record(school, pastoral):
    pupil, day = _existing_session(school)
    session = next((school / "records" / "sessions").glob(f"*/{day}-{pupil}.yml"))
    session.write_text(session.read_text(encoding="utf-8") + "# my own notes, not yet committed\n", encoding="utf-8")
    before = session.read_bytes()

    code, _, err = pastoral("new", "session", "--pupil", pupil, "--date", day, cwd=school)

    assert code == 1
    assert session.name in err
    assert session.read_bytes() == before
