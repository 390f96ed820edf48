"""Give findings their line and column, reading again only the files that have findings.

With the parse cache, the positions in a file are kept by its blob id, so a
file whose findings are placed in every run (an old warning, say) is parsed
for positions once, not every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pastoral.core.findings import Finding
from pastoral.reading import yaml_tree
from pastoral.reading.cache import ParseCache, blob_id
from pastoral.reading.parser import read_file


def place(findings: list[Finding], root: Path, cache: ParseCache | None = None,
          blobs: Mapping[str, str] | None = None) -> list[Finding]:
    """Findings with a ``pointer`` and no line get the position of that value in their file.

    ``blobs``: the blob id each file had when it was checked, so that ``cache`` can answer for it.
    """
    known: dict[str, Mapping[str, yaml_tree.Position | list[int]]] = {}
    for finding in findings:
        if finding.pointer is not None and not finding.line and finding.file not in known:
            blob = blobs.get(finding.file) if blobs is not None and cache is not None else None
            cached = cache.positions(blob) if cache is not None and blob is not None else None
            known[finding.file] = cached if cached is not None else _positions_of(root, finding.file, cache)
    return [_placed(finding, known[finding.file]) if finding.pointer is not None and not finding.line else finding
            for finding in findings]


def _placed(finding: Finding, found: Mapping[str, yaml_tree.Position | list[int]]) -> Finding:
    pointer = finding.pointer or ""
    while True:
        if pointer in found:
            line, column = found[pointer]
            return finding.at(line, column)
        if not pointer:
            return finding.at(1, 1)
        # A field that is missing, or a '#key' with no entry: fall back to the nearest enclosing value.
        pointer = pointer.rsplit("#", 1)[0] if "#" in pointer else pointer.rsplit("/", 1)[0]


def _positions_of(root: Path, file: str, cache: ParseCache | None) -> Mapping[str, yaml_tree.Position | list[int]]:
    """The positions in the file as it is now, kept in ``cache`` under the blob id of what was read."""
    data = read_file(str(root / file), file)
    if isinstance(data, Finding):
        return {}
    try:
        found = yaml_tree.positions(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml_tree.YamlProblem):
        return {}
    if cache is not None:
        cache.put_positions(blob_id(data), {pointer: list(position) for pointer, position in found.items()})
    return found
