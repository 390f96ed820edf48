"""What a command found, ready for any reporter."""

from __future__ import annotations

from dataclasses import dataclass, field

from pastoral.core.findings import Finding, sort_key


@dataclass
class Report:
    command: str
    findings: list[Finding]
    records: int = 0
    """How many record files were read."""
    baseline: frozenset | None = None
    """With ``--base``: identities of the findings the base already had. Those are
    reported but never block: only what the change adds can fail it."""
    houses: dict[str, str] = field(default_factory=dict)
    """The subject (pupil or staff id) of each finding -> the name of their House, for summaries by House."""
    tutors: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    """Pupil id -> (staff id, GitHub user name or None) of their tutors today, for reminders."""
    house_names: list[str] = field(default_factory=list)
    """Every House's name, for reports made per House whether or not it has findings."""

    def __post_init__(self):
        self.findings = sorted(self.findings, key=lambda f: (not self.blocks(f), *sort_key(f)))

    def is_new(self, finding: Finding) -> bool:
        return self.baseline is None or finding.identity not in self.baseline

    def blocks(self, finding: Finding) -> bool:
        return finding.blocking and self.is_new(finding)

    @property
    def blocking(self) -> list[Finding]:
        return [finding for finding in self.findings if self.blocks(finding)]

    @property
    def existing(self) -> list[Finding]:
        return [finding for finding in self.findings if not self.is_new(finding)]

    @property
    def exit_code(self) -> int:
        return 1 if self.blocking else 0

    def counts(self) -> str:
        errors = sum(f.blocking for f in self.findings)
        text = (f"{_plural(errors, 'error')}, {_plural(len(self.findings) - errors, 'warning')}"
                f" in {_plural(self.records, 'record')}")
        if self.baseline is not None:
            text += (f"; {_plural(len(self.blocking), 'blocking error')} added by this change,"
                     f" {_plural(len(self.existing), 'finding')} already there before it")
        return text


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
