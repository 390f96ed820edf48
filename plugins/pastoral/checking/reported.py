"""What ``check`` reports: the records' findings, cached so that an unchanged tree costs only a walk.

The schemas and the rules are imported only when a check must really run: on
a warm check of an unchanged tree, importing them would cost more than the
walk does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pastoral.checking.basis import Basis, Since, identical
from pastoral.checking.findings_cache import CachedCheck, FindingsCache, check_context, check_key, tree_digest
from pastoral.core.collector import collector_paused
from pastoral.core.findings import Finding
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.reading.parser import RecordParser
from pastoral.reading.positions import place
from pastoral.reading.revision import list_revision, revision_tree
from pastoral.reading.walk import Loaded, Walked, walk_folder

if TYPE_CHECKING:
    from pastoral.checking.restricted import Restricted


READ_TO_KNOW = 500
"""Files the parse cache has no note of (touched but maybe unchanged: a checkout, a save) read and hashed up to
this many to look the tree up by blob ids: reading a file costs a fraction of parsing it."""
COMPARED_UP_TO = 50
"""Changed files whose records are compared with those they were, up to this many: beyond, an edit that
changed no record is rare, and the comparing would cost as much as checking."""


@dataclass(frozen=True)
class Addition:
    """What a command adds to the records' findings: ``findings(store)``, which depend only on the
    records and on ``depends_on`` (the bytes of the files it reads)."""

    depends_on: bytes
    findings: Callable[[RecordStore], list[Finding]]


@collector_paused()
def check_reported(workspace: Workspace, as_of: date, parser: RecordParser, cache: FindingsCache,
                   addition: Addition | None = None, restricted: Restricted | None = None) -> CachedCheck:
    """The findings ``check`` reports for the records folder, placed: cached when no file changed, and
    worked out again only as far as the files that changed can affect them.

    With the restricted folder, the findings depend on a second repository too: nothing is cached.
    A check makes millions of plain containers (records, indexes, findings) and no cycles: the cycle
    collector waits until it is done (at a trust's scale its collections took a tenth of a check).
    """
    if restricted is not None:
        cache = FindingsCache(None)
    walked = walk_folder(workspace.records, workspace.root)
    context = check_context(workspace.schemas, as_of, *(repr(finding).encode() for finding in walked.findings),
                            *((addition.depends_on,) if addition else ()))
    seen = walked.digest()
    walk_key = check_key(context, seen) if seen is not None else None
    key = cache.walked(walk_key) if walk_key is not None else None
    answer = cache.get(key) if key is not None else None
    if answer is not None and key is not None:
        cache.mark_latest(context, key)
        return answer
    settled = parser.settled(walked.statuses)
    known = walked.known_tree(parser, read_up_to=READ_TO_KNOW)
    key = check_key(context, tree_digest(known)) if known is not None else None
    answer = cache.get(key) if key is not None else None
    latest = cache.latest(context) if answer is None else None
    basis = cache.basis(latest) if latest is not None else None
    changed = basis.changed_files(known) if basis is not None and known is not None else None
    if basis is not None and changed is not None and latest is not None and known is not None and key is not None:
        answer = _same_records(workspace, walked, known, changed, key, latest, basis, parser, cache)
    if answer is None or key is None:
        since = Since(basis.runs, basis.problems, changed) if basis is not None and changed is not None else None
        del basis  # its tree: a trust's is some 40 MB, not needed once the changed files are known
        loaded = walked.load(parser)
        complete = len(loaded.tree) == len(walked.files)  # every file was read: the key names them all
        del walked  # every file's status: not needed once read, and a trust has 200,000
        if key is None or loaded.tree != known:  # known is the tree read, unless a file changed in between
            key, since = check_key(context, tree_digest(loaded.tree)), None
        answer, worked = _checked(workspace, loaded, as_of, parser, addition, restricted, since)
        if not complete:
            return answer
        del loaded, known, since  # the records: let go before the answer is written (a trust's are 200 MB)
        cache.put(key, answer)
        cache.put_basis(key, worked)
    cache.mark_latest(context, key)
    if settled and walk_key is not None:
        cache.file_walk(walk_key, key)
    return answer


def _same_records(workspace: Workspace, walked: Walked, known: list[tuple[str, str]],
                  changed: dict[str, str | None], key: str, latest: str, basis: Basis, parser: RecordParser,
                  cache: FindingsCache) -> CachedCheck | None:
    """The answer under ``latest`` (worked out from ``basis``), its findings in the ``changed`` files
    (``Basis.changed_files``) on their lines now, when those files hold the very same records as then; kept
    under ``key``. None when a record changed."""
    moved = _only_lines_moved(walked, changed, basis, parser)
    earlier = cache.get(latest) if moved is not None else None
    if earlier is None or moved is None:
        return None
    answer = _placed_again(earlier, moved, workspace, parser)
    cache.put(key, answer)
    cache.put_basis(key, Basis([file for file, _ in known], [blob for _, blob in known], basis.runs, basis.problems))
    return answer


def _only_lines_moved(walked: Walked, changed: dict[str, str | None], basis: Basis,
                      parser: RecordParser) -> dict[str, str] | None:
    """File -> blob id of each file ``changed`` since ``basis`` when every one still holds the very same record
    (a comment, a blank line, a touch): its findings are as they were, on lines that may have moved.
    None when a record changed, or a file came or went."""
    if len(changed) > COMPARED_UP_TO or parser.cache is None:
        return None
    moved: dict[str, str] = {}
    for file, blob in changed.items():
        previous = basis.blob_by_file.get(file)
        if previous is None or blob is None:  # a file came or went
            return None
        earlier = parser.cache.get(previous)
        [now], _ = parser.parse_with_blobs([walked.source(walked.files.index(file))], known=[blob])
        if earlier is None or not isinstance(now, Record) or not identical(earlier, now.data):
            return None
        moved[file] = blob
    return moved


def _placed_again(answer: CachedCheck, moved: dict[str, str], workspace: Workspace,
                  parser: RecordParser) -> CachedCheck:
    """``answer`` with the findings in the ``moved`` files (file -> blob id now) on their lines now."""
    again = [finding.at(0, 0) if finding.file in moved and finding.pointer is not None else finding
             for finding in answer.findings]
    findings = place(again, workspace.root, parser.cache, moved)
    return CachedCheck(findings, answer.files, answer.houses, answer.tutors, answer.house_names)


def _checked(workspace: Workspace, loaded: Loaded, as_of: date, parser: RecordParser, addition: Addition | None,
             restricted: Restricted | None, since: Since | None) -> tuple[CachedCheck, Basis]:
    """Validate and check (only on a cache miss, so only here are the schemas and rules imported: see above),
    keeping from ``since`` what the files that changed cannot affect; and the basis of this answer."""
    from pastoral.checking import checker

    blobs = dict(loaded.tree)
    checked = checker.check_loaded(workspace, loaded, restricted, as_of, since=since)
    findings = checker.placed(checked, workspace, parser.cache, blobs) + \
        (addition.findings(checked.store) if addition else [])
    subjects = {finding.subject for finding in findings if finding.subject}
    answer = CachedCheck(findings, checked.files, checker.houses_of(checked.store, subjects),
                         checker.tutors_of(checked.context, subjects), checker.house_names(checked.store))
    return answer, Basis(list(blobs), list(blobs.values()), checked.runs, checked.problems)


def revision_findings(workspace: Workspace, revision: str, as_of: date, parser: RecordParser,
                      cache: FindingsCache, restricted: Restricted | None = None) -> list[Finding]:
    """The findings of the records folder at a Git revision (unplaced: a baseline compares identities only).

    With the restricted folder, ``revision`` is one of the restricted repository (see ``check_revision``).
    """
    if restricted is not None:
        from pastoral.checking import checker  # nothing is cached with the restricted folder (see above)

        return checker.check_revision(workspace, revision, as_of, parser, restricted).findings
    key = check_key(check_context(workspace.schemas, as_of, b"a revision's findings"),
                    revision_tree(workspace, revision))
    answer = cache.get(key)
    if answer is None:
        from pastoral.checking import checker  # only on a cache miss (see above)

        listed = list_revision(workspace, revision)
        checked = checker.check_loaded(workspace, listed.load(parser), None, as_of, revision)
        answer = CachedCheck(checked.findings, checked.files, {}, {}, [])
        cache.put(key, answer)
    return answer.findings
