"""Records kept in a second, restricted folder (needs, how they were considered, DBS details), which
``--restricted DIR`` names.

Whatever their layout, a file there belongs to a person when its name or one of
its values is that person's id, or its text holds their pupil id as a word.
Retention lets such files go with the person; a subject access request includes
them, with their history when the folder is in a Git repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pastoral.core.workspace import UsageError
from pastoral.lifecycle.purge_scan import names_anyone
from pastoral.lifecycle.retention import word_pattern
from pastoral.reading.git import repository_of


@dataclass(frozen=True)
class RestrictedFile:
    path: Path
    text: str

    @property
    def data(self):
        try:
            return yaml.load(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            return None


def read_folder(folder: Path) -> list[RestrictedFile]:
    """Every YAML file under ``folder``."""
    if not folder.is_dir():
        raise UsageError(f"the restricted folder '{folder}' does not exist (use --restricted DIR to name it)")
    files = []
    for path in sorted(folder.rglob("*.yml")):
        try:
            files.append(RestrictedFile(path.resolve(), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {path}: {error}") from None
    return files


def belonging_to(files: list[RestrictedFile], person: str) -> list[RestrictedFile]:
    """The files that name ``person``."""
    pattern = word_pattern({person}) if any(c.isdigit() for c in person) else None
    return [file for file in files if file.path.stem == person or file.path.stem.startswith(f"{person}-")
            or names_anyone(file.text, {person}, pattern)]


def repository_or_none(folder: Path) -> Path | None:
    """The Git repository holding ``folder``, or None."""
    try:
        return repository_of(folder.resolve()).resolve()
    except UsageError:
        return None
