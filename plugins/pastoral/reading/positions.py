"""Give findings their line and column, reading again only the files that have findings."""

from __future__ import annotations

from pathlib import Path

from pastoral.core.findings import Finding
from pastoral.reading import yaml_tree


def place(findings: list[Finding], root: Path) -> list[Finding]:
    """Findings with a ``pointer`` and no line get the position of that value in their file."""
    cache: dict[str, dict[str, yaml_tree.Position]] = {}
    return [_placed(finding, root, cache) if finding.pointer is not None and not finding.line else finding
            for finding in findings]


def _placed(finding: Finding, root: Path, cache: dict) -> Finding:
    if finding.file not in cache:
        cache[finding.file] = _positions_of(root / finding.file)
    found = cache[finding.file]
    pointer = finding.pointer
    while True:
        if pointer in found:
            return finding.at(*found[pointer])
        if not pointer:
            return finding.at(1, 1)
        # A field that is missing, or a '#key' with no entry: fall back to the nearest enclosing value.
        pointer = pointer.rsplit("#", 1)[0] if "#" in pointer else pointer.rsplit("/", 1)[0]


def _positions_of(path: Path) -> dict[str, yaml_tree.Position]:
    try:
        return yaml_tree.positions(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml_tree.YamlProblem):
        return {}
