"""Waivers: a rule excused for one pupil or member of staff, for a time, for a good reason.

Applied after every rule has run: a finding whose rule and subject match a
waiver in force (``from <= as_of <= until``) is kept, marked with the waiver's
reason, and never blocks. An expired waiver stops waiving (and stays as
history). A waiver in force that excuses nothing is itself reported
(``waiver-unused``): it hides nothing and should be removed. A waiver must name
a rule of the catalogue that may be waived (not an integrity or privacy
rule) and an existing subject (``waiver-valid``) and be
approved by a Head of House, SMT or the head teacher (``waiver-approved``).
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import date

from pastoral.core.findings import ERROR, WARNING, Finding
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.rules import REGISTRY

APPROVING_ROLES = ("head-of-house", "smt", "head-teacher")
NOT_WAIVABLE = frozenset({"yaml", "layout", "schema", "id-matches-file", "unique-id", "ref-exists", "dates-ordered",
                          "public-no-personal-data"})
"""Integrity and privacy: a broken record is fixed and personal data kept private, never excused."""


def apply_waivers(findings: list[Finding], store: RecordStore, as_of: date) -> list[Finding]:
    """``findings`` with the waived ones marked, then the findings about the waivers themselves."""
    in_force = {}
    problems = []
    for waiver in store.waivers.values():
        trouble = _problems(waiver, store)
        problems.extend(trouble)
        data = waiver.data
        if not trouble and date.fromisoformat(data["from"]) <= as_of <= date.fromisoformat(data["until"]):
            in_force.setdefault((data["rule"], data["subject"]), waiver)
    used = set()
    marked = []
    for finding in findings:
        waiver = in_force.get((finding.rule, finding.subject))
        if waiver is not None:
            used.add(waiver.id)
            finding = replace(finding, waived=f"{waiver.data['reason']} (waiver {waiver.id}, until "
                                             f"{waiver.data['until']})")
        marked.append(finding)
    unused = [_finding(waiver, "waiver-unused", WARNING,
                       f"the waiver excuses '{waiver.data['rule']}' for {waiver.data['subject']}, but that rule "
                       f"finds nothing about them now", "", "the rule is kept: remove the waiver, or end it with an "
                       "earlier 'until'")
              for waiver in in_force.values() if waiver.id not in used]
    return marked + problems + unused


def _problems(waiver: Record, store: RecordStore) -> list[Finding]:
    """What is wrong with a waiver itself: a waiver that is wrong waives nothing."""
    data = waiver.data
    found = []
    if data["rule"] in NOT_WAIVABLE:
        found.append(_finding(waiver, "waiver-valid", ERROR, f"'{data['rule']}' cannot be waived", "/rule",
                              "integrity and privacy rules are never excused: correct the record instead"))
    elif data["rule"] not in REGISTRY:
        close = difflib.get_close_matches(data["rule"], list(REGISTRY), n=1)
        found.append(_finding(waiver, "waiver-valid", ERROR, f"'{data['rule']}' is not a rule of the catalogue",
                              "/rule", f"did you mean '{close[0]}'?" if close else
                              "write the rule id as findings show it, for example 'meetings-per-year'"))
    if data["subject"] not in store.pupils and data["subject"] not in store.staff:
        found.append(_finding(waiver, "waiver-valid", ERROR, f"'{data['subject']}' is not a pupil or member of staff",
                              "/subject", "write the pupil id (p0042) or staff id the findings are about"))
    if data["until"] < data["from"]:
        found.append(_finding(waiver, "waiver-valid", ERROR, f"the waiver ends ({data['until']}) before it starts "
                              f"({data['from']})", "/until", "check the dates"))
    approver = store.staff.get(data["approved_by"])
    if approver is None or not set(approver.data["roles"]) & set(APPROVING_ROLES):
        who = "is not on the staff list" if approver is None else "is not a Head of House or a member of SMT"
        found.append(_finding(waiver, "waiver-approved", ERROR, f"'{data['approved_by']}' {who}, so cannot "
                              "approve a waiver", "/approved_by",
                              "ask the pupil's Head of House, SMT or the head teacher to approve it"))
    return found


def _finding(waiver: Record, rule: str, severity: str, message: str, pointer: str, hint: str) -> Finding:
    return Finding(rule, severity, waiver.file, message, subject=waiver.data["subject"], hint=hint, pointer=pointer,
                   detail=f"{waiver.id} {pointer}")
