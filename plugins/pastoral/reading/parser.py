"""Turn record files into records: through the parse cache, and across cores when many are new.

Reading and parsing are nearly all the cost of a check (see ``bench/``). A
file whose contents the cache knows is not parsed again; when many files are
new (a first run, a trust's whole tree) worker processes read, hash and parse
them. Either way the outcome, and its order, is exactly that of reading and
parsing each file here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from pastoral.core.collector import collector_paused
from pastoral.core.findings import ERROR, Finding
from pastoral.core.kinds import Kind
from pastoral.core.record import Record
from pastoral.reading import yaml_tree
from pastoral.reading.cache import ParseCache, Signature, blob_id

MAX_FILE_BYTES = 256 * 1024
"""Far above any real record (a busy session is about 2 KiB); refuses pasted dumps and bombs."""
POOL_FROM = 1000
"""New files below this many are parsed here: starting workers costs about what 500 parses do."""
CHUNK = 1000
"""Files a worker is given at a time, at most: about a tenth of a second's parsing."""
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""Non-blocking: opening a named pipe would otherwise wait forever for a writer. Binary: on Windows
the bytes exactly as they are, not text with line ends changed and Ctrl-Z taken for the end."""
WORKERS_VARIABLE = "PASTORAL_WORKERS"
"""How many processes parse (default: one a usable core; 1 parses everything in this process)."""


Work = tuple[bytes | None, str | None, str]
"""What a worker is given for one file: its contents (None: read them from disk), the folder its name is
relative to on disk (see ``Disk``), its name as findings show it."""
Outcome = tuple[str | None, dict | Finding | None]
"""What a worker gives back: the blob id (None: unreadable), and the values, a finding, or None (already cached)."""


class Source(NamedTuple):
    """One record file to parse: its kind, its path as findings show it, and its contents.

    ``blob`` is the contents' Git blob id when it is known without reading
    them (from ``git ls-tree``); else it is worked out from the bytes when they
    are read. ``data`` is None for a file on disk not read yet (``disk`` then
    says where it is and what it was like: see ``Disk``; it is read only when
    the cache lacks its parse), and for a blob the cache holds. A named tuple,
    as a trust's walk makes 200,000: a frozen dataclass costs more.
    """

    kind: Kind
    file: str
    data: bytes | None
    blob: str | None = None
    disk: Disk | None = None


Disk = tuple[str, Signature]
"""Where a file on disk is and what it was like when walked: the folder ``file`` is relative to (one string
that every file shares, not a path of each: a trust's walk has 200,000), and its ``signature``."""


class RecordParser:
    """Parses sources into records or findings; one per command, so ``--base`` shares the cache with the head."""

    def __init__(self, cache: ParseCache | None = None, workers: int | None = None, pool_from: int = POOL_FROM):
        self.cache = cache
        self.workers = workers if workers is not None else _chosen_workers()
        self.pool_from = pool_from

    def knows(self, blob: str) -> bool:
        """Whether a blob's parse is cached, so its contents need not be read."""
        return self.cache is not None and blob in self.cache

    def blobs_at(self, files: Iterable[tuple[str, Signature]]) -> list[str | None]:
        """The blob id of each untouched file, so it need not be read when its parse is cached."""
        return self.cache.blobs_at(files) if self.cache is not None else [None for _ in files]

    def parse(self, sources: list[Source], whole_tree: bool = False) -> list[Record | Finding]:
        """Each source's record, or the finding that says why it has none, in the sources' order."""
        return self.parse_with_blobs(sources, whole_tree)[0]

    def blob_read(self, file: str, disk: Disk) -> str | None:
        """The blob id of a file read now (None when it cannot be), noted as a parse would note it."""
        data = read_file(os.path.join(disk[0], file), file)
        if isinstance(data, Finding):
            return None
        blob = blob_id(data)
        if self.cache is not None:
            self.cache.note(file, disk[1], blob)
        return blob

    def flush(self) -> None:
        """Save the cache now and let go of what it holds (see ``ParseCache.flush``)."""
        if self.cache is not None:
            self.cache.flush()

    def settled(self, statuses: Iterable[Signature]) -> bool:
        """Whether every file with these statuses is old enough for its times to be trusted (see ``ParseCache``)."""
        return self.cache is not None and self.cache.settled(statuses)

    @collector_paused()
    def parse_with_blobs(self, sources: list[Source], whole_tree: bool = False, known: list[str | None] | None = None,
                         ) -> tuple[list[Record | Finding], list[str | None]]:
        """Each source's record (or the finding that says why it has none) and its blob id (None when it
        could not be read), in the sources' order.

        ``whole_tree``: the sources are a whole records folder, so the cache may drop what they do not use.
        ``known``: each source's blob id where already known (``Walked.known_tree``), else the source's own.
        Records from the cache and the workers are many containers and no cycles: the collector is paused.
        """
        cache = self.cache
        if cache is not None and whole_tree:
            cache.reading_whole_tree(len(sources))
        outcomes: list[Record | Finding | None] = [None] * len(sources)
        blobs: list[str | None] = list(known) if known is not None else [source.blob for source in sources]
        pending = []
        for at, (source, blob) in enumerate(zip(sources, blobs, strict=True)):
            values = cache.get(blob) if cache is not None and blob is not None else None
            if values is None:
                pending.append(at)
            else:
                outcomes[at] = as_record(values, source.kind, source.file)
        work: list[Work] = [(source.data, source.disk[0] if source.disk else None, source.file)
                            for source in (sources[at] for at in pending)]
        for at, (blob, parsed) in zip(pending, self._read_and_parse(work), strict=True):
            source = sources[at]
            blobs[at] = blob
            if parsed is None and cache is not None and blob is not None:  # the worker found the blob cached
                parsed = cache.get(blob)
            elif cache is not None and blob is not None and isinstance(parsed, dict):
                cache.put(blob, parsed)
            if cache is not None and blob is not None and source.disk is not None:
                cache.note(source.file, source.disk[1], blob)
            if parsed is None:  # cached a moment ago, and gone: cannot happen while this run holds the cache
                raise RuntimeError(f"the parse of {source.file} was lost")
            outcomes[at] = parsed if isinstance(parsed, Finding) else as_record(parsed, source.kind, source.file)
        return [outcome for outcome in outcomes if outcome is not None], blobs

    def _read_and_parse(self, work: list[Work]) -> Iterator[Outcome]:
        """Here, or across a pool when there are many: only bytes, paths and plain values cross between processes.

        The pool's outcomes come a chunk at a time, in order, so this process turns each into records while the
        workers parse the next; chunks are small, so neither worker idles long while the other ends its last.
        """
        if self.workers < 2 or len(work) < self.pool_from:
            yield from read_and_parse(work, self.cache if self.cache is not None else set[str]())
            return
        from concurrent.futures import ProcessPoolExecutor  # here: most runs parse a few files, or none

        known = self.cache.blobs() if self.cache is not None else set()  # handed to each worker once
        size = min(-(-len(work) // (self.workers * 4)), CHUNK)
        with ProcessPoolExecutor(self.workers, mp_context=_start_method(), initializer=_worker_knows,
                                 initargs=(known,)) as pool:
            for chunk in pool.map(_worker_reads_and_parses, [work[at:at + size] for at in range(0, len(work), size)]):
                yield from chunk


@contextmanager
def cached_parser(cache_directory: Path | None):
    """A parser that uses the parse cache in ``cache_directory`` and saves it when done
    (None: a cache in memory only, for this command's own reuse)."""
    cache = ParseCache(cache_directory)
    yield RecordParser(cache)
    cache.save()


def _chosen_workers() -> int:
    """$PASTORAL_WORKERS when it is a whole number, else the cores this process may use."""
    chosen = os.environ.get(WORKERS_VARIABLE, "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    try:
        return len(os.sched_getaffinity(0))  # a CI runner may limit the cores a job uses
    except AttributeError:  # not on macOS or Windows
        return os.cpu_count() or 1


def _start_method():
    """fork is fastest, but safe only on Linux and only before threads run (mkdocs serve has some)."""
    import multiprocessing

    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    available = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in available else "spawn")


_known_to_worker: set[str] = set()
"""In a worker process: the blob ids already cached, handed over once when the worker starts."""


def _worker_knows(known: set[str]) -> None:
    """A worker's start: it dies with the process that started it, and learns the blob ids already cached."""
    _die_with_parent()
    global _known_to_worker
    _known_to_worker = known


PR_SET_PDEATHSIG = 1
"""Linux's prctl option: the signal a process gets when the thread that started it ends."""


def _die_with_parent() -> None:
    """Make this worker end when the process that started it does (a check killed mid-run, say), so no worker is
    left behind parsing pupils' records for no one.

    On Linux the kernel sends SIGKILL at once (``prctl(PR_SET_PDEATHSIG)``). Everywhere, and should the parent
    have died before that took effect, a thread waits on multiprocessing's parent sentinel (a pipe that closes
    when the parent ends) and exits the worker then.
    """
    import ctypes
    import multiprocessing

    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_gone, args=(parent,), name="pastoral-parent-watch", daemon=True).start()


def _exit_when_gone(parent) -> None:
    parent.join()  # returns when the parent's sentinel closes: the parent has ended
    os._exit(1)


def _worker_reads_and_parses(work: list[Work]) -> list[Outcome]:
    return read_and_parse(work, _known_to_worker)


def read_and_parse(work: list[Work], known: Container[str]) -> list[Outcome]:
    """For each (contents or None, path to read them from, file as findings name it): the contents' blob id
    and their values (None when the blob is in ``known``), or a finding. A worker process runs this on its share."""
    results: list[Outcome] = []
    with collector_paused():
        for contents, folder, file in work:
            data = contents if contents is not None else read_file(os.path.join(folder or "", file), file)
            if isinstance(data, Finding):
                results.append((None, data))
                continue
            blob = blob_id(data)
            results.append((blob, None if blob in known else parse_values(data, file)))
    return results


def read_file(path: str, file: str) -> bytes | Finding:
    """A file's bytes, never more than the size limit however large it is, or why it cannot be read."""
    try:
        handle = os.open(path, _OPEN_FLAGS)
        try:
            return os.read(handle, MAX_FILE_BYTES + 1)
        finally:
            os.close(handle)
    except OSError as error:
        return unreadable(file, error)


def unreadable(file: str, error: OSError, what: str = "file") -> Finding:
    return file_problem("yaml", file, f"the {what} cannot be read: {error.strerror}", "check that it exists and can be read")


def parse_record(data: bytes, kind: Kind, file: str) -> Record | Finding:
    """A record from one file's bytes, or the finding that says why not."""
    values = parse_values(data, file)
    return values if isinstance(values, Finding) else as_record(values, kind, file)


def parse_values(data: bytes, file: str) -> dict | Finding:
    """The values in one file's bytes, or the finding that says why there are none."""
    if len(data) > MAX_FILE_BYTES:
        return file_problem("yaml", file, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB, far more than any record "
                            "needs", "a record holds one pupil, member of staff or session: split the file or remove "
                            "pasted text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return file_problem("yaml", file, "the file is not UTF-8 text",
                            "save it again as UTF-8 (most editors offer this under 'Encoding')", line)
    try:
        return yaml_tree.parse(text)
    except yaml_tree.YamlProblem as problem:
        return Finding("yaml", ERROR, file, problem.message, problem.line, problem.column, hint=problem.hint,
                       pointer=problem.pointer, detail=typed_detail(problem.typed) if problem.typed else "")


TYPED = "typed: "
"""How a finding about a value YAML versions read differently carries what was typed (in ``detail``), so that
the schema can say what to write for that field (``pastoral.checking.schemas``)."""


def typed_detail(typed: str) -> str:
    return TYPED + typed


def as_record(values: dict, kind: Kind, file: str) -> Record:
    """The record of parsed values: its id is the ``id`` field, or the file's name when that is missing or not text."""
    record_id = values.get("id")
    if not isinstance(record_id, str):
        record_id = PurePosixPath(file).stem
    return Record(kind, record_id, values, file)


def file_problem(rule: str, file: str, message: str, hint: str, line: int = 1) -> Finding:
    """A finding about a whole file (it cannot be read, parsed or placed)."""
    return Finding(rule, ERROR, file, message, line, 1, hint=hint)
