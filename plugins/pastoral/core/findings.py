"""A finding: one thing wrong (or worth a look) in the records, said plainly."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

ERROR = "error"
WARNING = "warning"
SCHEDULE = "schedule"
"""A rule's severity when it depends on the date: reported as a warning, never blocks (time passing is not a change)."""


@dataclass(frozen=True)
class Finding:
    """What a check found, where, and about whom.

    ``pointer`` (a JSON pointer into the record) lets the line be worked out
    later, only for the files that have findings. ``detail`` tells apart two
    findings of one rule about one subject in one record (two bad referrals);
    with ``rule``, ``file`` and ``subject`` it makes the finding's identity,
    which never includes a line number, so moving lines never makes an old
    finding look new.
    """

    rule: str
    severity: str
    file: str
    message: str
    line: int = 0
    column: int = 0
    subject: str | None = None
    hint: str = ""
    pointer: str | None = field(default=None, compare=False)
    detail: str = ""
    waived: str = ""
    """The reason of the waiver that excuses this finding (records/waivers/): reported, never blocking."""

    @property
    def identity(self) -> tuple[str, str, str, str]:
        return (self.rule, self.file, self.subject or "", self.detail or self.message)

    @property
    def blocking(self) -> bool:
        return self.severity == ERROR and not self.waived

    def at(self, line: int, column: int) -> Finding:
        return replace(self, line=line, column=column)

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("pointer")
        data.pop("detail")
        if not self.waived:
            data.pop("waived")
        return data


def sort_key(finding: Finding):
    """Blocking findings first, then by file and line, as people read them."""
    return (not finding.blocking, finding.file, finding.line, finding.column, finding.rule)


_TEXT_FIELDS = ("rule", "severity", "file", "message", "hint", "detail", "waived")


def restored(values: object) -> Finding:
    """A finding as ``dataclasses.asdict`` kept it (in a cache), checked field by field: TypeError when it is
    anything else, so that a broken cache never reaches a report."""
    if not isinstance(values, dict):
        raise TypeError("a finding is an object")
    finding = Finding(**values)
    if not (all(type(getattr(finding, name)) is str for name in _TEXT_FIELDS)
            and type(finding.line) is int and type(finding.column) is int
            and (finding.subject is None or type(finding.subject) is str)
            and (finding.pointer is None or type(finding.pointer) is str)):
        raise TypeError("a finding's fields are text and whole numbers")
    return finding
