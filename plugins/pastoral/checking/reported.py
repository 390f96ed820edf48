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

from pastoral.checking.findings_cache import CachedCheck, FindingsCache, check_context, check_key, tree_digest
from pastoral.core.findings import Finding
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.reading.parser import RecordParser
from pastoral.reading.revision import list_revision
from pastoral.reading.walk import Loaded, walk_folder

if TYPE_CHECKING:
    from pastoral.checking.restricted import Restricted


READ_TO_KNOW = 500
"""Files the parse cache has no note of (touched but maybe unchanged: a checkout, a save) read and hashed up to
this many to look the tree up by blob ids: reading a file costs a fraction of parsing it."""


@dataclass(frozen=True)
class Addition:
    """What a command adds to the records' findings: ``findings(store)``, which depend only on the
    records and on ``depends_on`` (the bytes of the files it reads)."""

    depends_on: bytes
    findings: Callable[[RecordStore], list[Finding]]


def check_reported(workspace: Workspace, as_of: date, parser: RecordParser, cache: FindingsCache,
                   addition: Addition | None = None, restricted: Restricted | None = None) -> CachedCheck:
    """The findings ``check`` reports for the records folder, placed: cached when no file changed.

    With the restricted folder, the findings depend on a second repository too: nothing is cached.
    """
    if restricted is not None:
        cache = FindingsCache(None)
    walked = walk_folder(workspace.records, workspace.root)
    context = check_context(workspace.schemas, as_of, *(repr(finding).encode() for finding in walked.findings),
                            *((addition.depends_on,) if addition else ()))
    seen = walked.digest()
    walk_key = check_key(context, seen) if seen is not None else None
    answer = cache.get_walked(walk_key) if walk_key is not None else None
    if answer is not None:
        return answer
    settled = parser.settled(walked.statuses)
    known = walked.known_tree(parser, read_up_to=READ_TO_KNOW)
    key = check_key(context, tree_digest(known)) if known is not None else None
    answer = cache.get(key) if key is not None else None
    if answer is None or key is None:
        loaded = walked.load(parser)
        complete = len(loaded.tree) == len(walked.files)  # every file was read: the key names them all
        del walked  # every file's status: not needed once read, and a trust has 200,000
        answer = _checked(workspace, loaded, as_of, parser, addition, restricted)
        if not complete:
            return answer
        key = check_key(context, tree_digest(loaded.tree))
        cache.put(key, answer)
    if settled and walk_key is not None:
        cache.file_walk(walk_key, key)
    return answer


def _checked(workspace: Workspace, loaded: Loaded, as_of: date, parser: RecordParser, addition: Addition | None,
             restricted: Restricted | None) -> CachedCheck:
    """Validate and check: only on a cache miss, so only here are the schemas and rules imported (see above)."""
    from pastoral.checking import checker

    blobs = dict(loaded.tree)
    checked = checker.check_loaded(workspace, loaded, restricted, as_of)
    findings = checker.placed(checked, workspace, parser.cache, blobs) + \
        (addition.findings(checked.store) if addition else [])
    subjects = {finding.subject for finding in findings if finding.subject}
    return CachedCheck(findings, checked.files, checker.houses_of(checked.store, subjects),
                       checker.tutors_of(checked.context, subjects), checker.house_names(checked.store))


def revision_findings(workspace: Workspace, revision: str, as_of: date, parser: RecordParser,
                      cache: FindingsCache, restricted: Restricted | None = None) -> list[Finding]:
    """The findings of the records folder at a Git revision (unplaced: a baseline compares identities only).

    With the restricted folder, ``revision`` is one of the restricted repository (see ``check_revision``).
    """
    if restricted is not None:
        from pastoral.checking import checker  # nothing is cached with the restricted folder (see above)

        return checker.check_revision(workspace, revision, as_of, parser, restricted).findings
    listed = list_revision(workspace, revision)
    key = check_key(check_context(workspace.schemas, as_of, b"a revision's findings"), tree_digest(listed.tree))
    answer = cache.get(key)
    if answer is None:
        from pastoral.checking import checker  # only on a cache miss (see above)

        checked = checker.check_loaded(workspace, listed.load(parser), None, as_of, revision)
        answer = CachedCheck(checked.findings, checked.files, {}, {}, [])
        cache.put(key, answer)
    return answer.findings
