"""Waivers: a rule excused for one pupil or member of staff, for a time, for a good reason.

Applied after every rule has run: a finding whose rule and subject match a
waiver in force (``from <= as_of <= until``) is kept, marked with the waiver's
reason, and never blocks. An expired waiver stops waiving (and stays as
history). A waiver in force that excuses nothing is itself reported
(``waiver-unused``): it hides nothing and should be removed.

A waiver that is wrong waives nothing. It must name a rule that may be waived
(each rule says so: never the guarantee, safeguarding or integrity), an existing
subject, and last no longer than the school's policy allows (one term by
default) (``waiver-valid``); it is approved by the Head of the subject's House
or by SMT, at the school when it began, and not by its own subject
(``waiver-approved``).
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import date, timedelta

from pastoral.core.calendar import day
from pastoral.core.findings import ERROR, WARNING, Finding
from pastoral.core.policy import Policy
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.rules import REGISTRY
from pastoral.rules.base import NOT_WAIVED_INTEGRITY

SCHOOL_WIDE = ("smt", "head-teacher")
"""Roles that approve a waiver about anyone; a Head of House approves those about their own House."""
OUTSIDE_THE_CHECK = {"public-no-personal-data": NOT_WAIVED_INTEGRITY}
"""Rules run by other parts of pastoral (the public build's privacy guard): never waived either."""


def apply_waivers(findings: list[Finding], store: RecordStore, as_of: date) -> list[Finding]:
    """``findings`` with the waived ones marked, then the findings about the waivers themselves."""
    policy = Policy.from_school(store.school)
    in_force: dict[tuple[str, str | None], Record] = {}
    problems: list[Finding] = []
    for waiver in store.waivers.values():
        trouble = _problems(waiver, store, policy)
        problems.extend(trouble)
        data = waiver.data
        if not trouble and date.fromisoformat(data["from"]) <= as_of <= date.fromisoformat(data["until"]):
            in_force.setdefault((data["rule"], data["subject"]), waiver)
    used = set()
    marked = []
    for finding in findings:
        excused = in_force.get((finding.rule, finding.subject))
        if excused is not None:
            used.add(excused.id)
            finding = replace(finding, waived=f"{excused.data['reason']} (waiver {excused.id}, until "
                                             f"{excused.data['until']})")
        marked.append(finding)
    unused = [_finding(waiver, "waiver-unused", WARNING,
                       f"the waiver excuses '{waiver.data['rule']}' for {waiver.data['subject']}, but that rule "
                       f"finds nothing about them now", "", "the rule is kept: remove the waiver, or end it with an "
                       "earlier 'until'")
              for waiver in in_force.values() if waiver.id not in used]
    return marked + problems + unused


def _problems(waiver: Record, store: RecordStore, policy: Policy) -> list[Finding]:
    """What is wrong with a waiver itself: a waiver that is wrong waives nothing."""
    data = waiver.data
    never = _never_waived(waiver)
    if never is not None:
        return [never]  # whatever else is wrong with it, this waiver has to go
    unknown = _unknown_rule(waiver)
    found = [unknown] if unknown is not None else []
    if data["subject"] not in store.pupils and data["subject"] not in store.staff:
        found.append(_finding(waiver, "waiver-valid", ERROR, f"'{data['subject']}' is not a pupil or member of staff",
                              "/subject", "write the pupil id (p0042) or staff id the findings are about"))
    starts, ends = date.fromisoformat(data["from"]), date.fromisoformat(data["until"])
    if ends < starts:
        found.append(_finding(waiver, "waiver-valid", ERROR, f"the waiver ends ({data['until']}) before it starts "
                              f"({data['from']})", "/until", "check the dates"))
    elif (ends - starts).days + 1 > policy.waiver_max_days:
        latest = starts + timedelta(days=policy.waiver_max_days - 1)
        found.append(_finding(
            waiver, "waiver-valid", ERROR, f"the waiver runs for {(ends - starts).days + 1} days ({data['from']} to "
            f"{data['until']}), longer than the {policy.waiver_max_days} days the school allows", "/until",
            f"set 'until' to {latest} at the latest and review it then: if it is still needed, write a new waiver "
            "(a waiver is reviewed each term, not forgotten)"))
    approval = _approval_problem(waiver, store)
    if approval:
        found.append(_finding(waiver, "waiver-approved", ERROR, approval[0], "/approved_by", approval[1]))
    return found


def _never_waived(waiver: Record) -> Finding | None:
    """The finding for a rule the guarantee, safeguarding or integrity keeps, saying why it is kept."""
    named = waiver.data["rule"]
    rule = REGISTRY.get(named)
    never = rule.never_waived if rule is not None else OUTSIDE_THE_CHECK.get(named, "")
    return _finding(waiver, "waiver-valid", ERROR, f"'{named}' cannot be waived", "/rule", never) if never else None


def _unknown_rule(waiver: Record) -> Finding | None:
    """The finding for a rule id that is not in the catalogue, with the closest one."""
    named = waiver.data["rule"]
    if named in REGISTRY or named in OUTSIDE_THE_CHECK:
        return None
    close = difflib.get_close_matches(named, list(REGISTRY), n=1)
    return _finding(waiver, "waiver-valid", ERROR, f"'{named}' is not a rule of the catalogue", "/rule",
                    f"did you mean '{close[0]}'?" if close else
                    "write the rule id as findings show it, for example 'meetings-per-year'")


def _approval_problem(waiver: Record, store: RecordStore) -> tuple[str, str] | None:
    """(what is wrong, what to do) when ``approved_by`` may not approve this waiver: not SMT, nor the Head of the
    subject's House; left before it began; or the waiver's own subject."""
    data = waiver.data
    approver, subject = store.staff.get(data["approved_by"]), data["subject"]
    who = f"'{data['approved_by']}'"
    if approver is None:
        return f"{who} is not on the staff list, so cannot approve a waiver", \
            "ask the pupil's Head of House, SMT or the head teacher to approve it"
    left = day(approver.get("left_on"))
    if left is not None and left <= date.fromisoformat(data["from"]):
        return f"{who} left the school on {left}, before the waiver began, so cannot approve it", \
            "ask a current Head of House or member of SMT to approve it"
    if approver.id == subject:
        return f"{who} is the waiver's own subject, so cannot approve it", \
            "ask a Head of House or a member of SMT to approve it"
    roles = set(approver.data["roles"])
    if roles & set(SCHOOL_WIDE):
        return None
    if "head-of-house" not in roles:
        return f"{who} is not a Head of House or a member of SMT, so cannot approve a waiver", \
            "ask the pupil's Head of House, SMT or the head teacher to approve it"
    subject_record = store.pupils.get(subject) or store.staff.get(subject)
    house = store.houses.get(subject_record.get("house")) if subject_record is not None else None
    if house is not None and house.get("head_of_house") == approver.id:
        return None
    theirs = f"{subject}'s House, {house.get('name')}" if house is not None else f"{subject}, who has no House"
    ask = f"{house.get('name')}'s Head of House ({house.get('head_of_house')})" if house is not None else "a member"
    return f"{who} is not Head of House for {theirs}, so cannot approve a waiver about them", \
        f"ask {ask} or a member of SMT to approve it" if house is not None else "ask a member of SMT to approve it"


def _finding(waiver: Record, rule: str, severity: str, message: str, pointer: str, hint: str) -> Finding:
    return Finding(rule, severity, waiver.file, message, subject=waiver.data["subject"], hint=hint, pointer=pointer,
                   detail=f"{waiver.id} {pointer}")
