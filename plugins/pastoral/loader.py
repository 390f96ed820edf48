"""Find and parse every record file under a records folder.

A file that cannot be read or parsed becomes a finding, never an exception, so
one bad file never stops the run and every problem is reported at once.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pastoral import yamlparse
from pastoral.findings import ERROR, Finding
from pastoral.kinds import Kind, kind_of
from pastoral.record import Record

MAX_FILE_BYTES = 256 * 1024
"""Far above any real record (a busy session is about 2 KiB); refuses pasted dumps and bombs."""


@dataclass
class Loaded:
    records: list[Record] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def record_files(records_dir: Path) -> list[Path]:
    """Every file under ``records_dir`` except hidden ones, in a stable order.

    Links to folders are listed too (not followed), so that they are reported
    rather than silently skipped with whatever records they hold.
    """
    found = []
    for folder, subfolders, files in os.walk(records_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        linked = [d for d in subfolders if os.path.islink(os.path.join(folder, d))]
        found.extend(Path(folder, name) for name in sorted(files + linked) if not name.startswith("."))
    return found


def relative_file(path: Path, root: Path) -> str:
    """The path as findings show it: relative to the repository root, forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_folder(records_dir: Path, root: Path) -> Loaded:
    """Load every record file under ``records_dir``; ``root`` is the repository root."""
    loaded = Loaded()
    for path in record_files(records_dir):
        load_path(path, records_dir, root, loaded)
    return loaded


def load_path(path: Path, records_dir: Path, root: Path, loaded: Loaded) -> None:
    """Load one file into ``loaded``, as a record or as findings."""
    file = relative_file(path, root)
    refused = _refused_link(path, root) if path.is_symlink() else None
    kind = refused or kind_of(PurePosixPath(os.path.relpath(path, records_dir).replace(os.sep, "/")))
    if isinstance(kind, str):
        hint = "replace the link with the record itself" if refused else \
            "move or rename the file, or delete it if it is not a record"
        loaded.findings.append(_problem("layout", file, kind, hint))
        return
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe or device would block the read forever
            loaded.findings.append(_problem("layout", file, "this is not an ordinary file", "replace it with the record's YAML file"))
            return
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # never more than the limit, however large the file
    except OSError as error:
        loaded.findings.append(_problem("yaml", file, f"the file cannot be read: {error.strerror}", "check that it exists and can be read"))
        return
    parse_into(data, kind, file, loaded)


def _refused_link(path: Path, root: Path) -> str | None:
    """Why the link at ``path`` is not read as a record, or None when it may be."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return "this is a link that goes round in a circle"
    if not _inside(target, root.resolve()):
        return "this is a link to somewhere outside the repository, which is refused"
    if target.is_dir():
        return "this folder is a link, and pastoral does not follow links to folders"
    return None


def parse_into(data: bytes, kind: Kind, file: str, loaded: Loaded) -> None:
    """Parse one record's bytes into ``loaded``."""
    outcome = parse_record(data, kind, file)
    (loaded.records if isinstance(outcome, Record) else loaded.findings).append(outcome)


def parse_record(data: bytes, kind: Kind, file: str) -> Record | Finding:
    """A record from one file's bytes, or the finding that says why not."""
    if len(data) > MAX_FILE_BYTES:
        return _problem("yaml", file, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB, far more than any record needs",
                        "a record holds one pupil, member of staff or session: split the file or remove pasted text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return _problem("yaml", file, "the file is not UTF-8 text", "save it again as UTF-8 (most editors offer this under 'Encoding')", line)
    try:
        values = yamlparse.parse(text)
    except yamlparse.YamlProblem as problem:
        return Finding("yaml", ERROR, file, problem.message, problem.line, problem.column, hint=problem.hint)
    record_id = values.get("id")
    if not isinstance(record_id, str):
        record_id = PurePosixPath(file).stem
    return Record(kind, record_id, values, file)


def _problem(rule: str, file: str, message: str, hint: str, line: int = 1) -> Finding:
    return Finding(rule, ERROR, file, message, line, 1, hint=hint)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
