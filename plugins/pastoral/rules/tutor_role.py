"""The tutor role (Tutor / Associate Tutor job description): safeguarding checks and cover."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pastoral.core.calendar import day
from pastoral.core.findings import Finding
from pastoral.core.index import ASSOCIATE
from pastoral.core.periods import add_months
from pastoral.core.record import Record
from pastoral.rules.base import ERROR, NOT_WAIVED_SAFEGUARDING, WARNING, rule
from pastoral.rules.context import Context

SAFEGUARDING = "Tutor job description, safeguarding (special conditions of service)"


def _staff_with_pupils(context):
    """Staff with an active assignment, each with the earliest start among those assignments."""
    for staff_id, started in context.tutoring_since.items():
        member = context.store.staff.get(staff_id)
        if member is not None:
            yield member, started


def _staff_with_access(context: Context) -> Iterator[tuple[Record, date, str]]:
    """Who works with pupils, from when, and how: staff with active assignments, then the named associate of each
    tutor with pupils (the associate takes over the tutor's role, so has the same access)."""
    seen = set()
    for member, started in _staff_with_pupils(context):
        seen.add(member.id)
        yield member, started, "tutors pupils"
    for member, started in _staff_with_pupils(context):
        associate = context.store.staff.get(member.get("associate") or "")
        if associate is not None and associate.id not in seen and member.get("associate") != member.id:
            seen.add(associate.id)
            joined = day(associate.get("joined_on"))
            yield associate, max(started, joined) if joined else started, f"is associate tutor to {member.id}'s pupils"


def dbs_problem(member: Record, since: date, began: str) -> tuple[str, str, str] | None:
    """(what is wrong, pointer, detail) when a member of staff lacks an enhanced DBS check with barred list issued
    on or before ``since``, the day of what ``began`` says; None when they hold one."""
    dbs = member.get("dbs")
    if dbs is None:
        return "has no DBS check recorded", "/roles", "missing"
    if dbs["level"] != "enhanced":
        return f"has a {dbs['level']} DBS check, not an enhanced one", "/dbs/level", "level"
    if dbs["barred_list"] is not True:
        return "has a DBS check without the children's barred list", "/dbs/barred_list", "barred list"
    if date.fromisoformat(dbs["issued_on"]) > since:
        return f"has a DBS check issued on {dbs['issued_on']}, after {began}", "/dbs/issued_on", "after start"
    cleared = member.get("cleared_to_tutor")
    if cleared and cleared < dbs["issued_on"]:  # ISO dates sort as text
        return (f"was cleared to tutor from {cleared}, before their DBS check was issued on {dbs['issued_on']}",
                "/cleared_to_tutor", "cleared early")
    return None


RECORD_DBS = "record an enhanced DBS check with barred list (dbs: level: enhanced, barred_list: true, issued_on: <date>)"


@rule("dbs-enhanced", ERROR, SAFEGUARDING,
      "Anyone tutoring pupils, as tutor or associate, or holding a session, holds an enhanced DBS check with the "
      "children's barred list, from before they started.",
      "Record the member of staff's enhanced DBS check (with barred list); until then, they must not tutor pupils.",
      never_waived=NOT_WAIVED_SAFEGUARDING, reads_restricted=("staff.dbs",))
def dbs_enhanced(context):
    reported = set()
    for member, started, does in _staff_with_access(context):
        problem = dbs_problem(member, started, f"they began tutoring on {started}")
        if problem:
            message, pointer, detail = problem
            reported.add(member.id)
            yield context.finding("dbs-enhanced", member, f"{member.id} {does} but {message}", pointer=pointer,
                                  detail=detail,
                                  hint=f"{RECORD_DBS} obtained before they worked with pupils; until then, they must "
                                       "not tutor or cover")
    staff = context.store.staff
    for session in context.store.sessions.values():
        holder_field = "covered_by" if session.get("covered_by") else "tutor"
        holder = staff.get(session.get(holder_field))
        held = date.fromisoformat(session.get("date"))
        if holder is None or holder.id in reported:
            continue  # ref-exists reports an unknown holder; the holder's own record has the finding already
        problem = dbs_problem(holder, held, "the session")
        if problem:
            yield context.finding(
                "dbs-enhanced", session, f"the session of {held} was held by {holder.id}, who {problem[0]}",
                pointer=f"/{holder_field}", detail=f"session {problem[2]}",
                hint=f"only staff with an enhanced DBS check with barred list hold sessions: {RECORD_DBS} if they held "
                     "one on that day; if they did not, tell the designated safeguarding lead")


@rule("cleared-to-tutor", ERROR, SAFEGUARDING,
      "Where the DBS records are kept apart, SMT's date on the staff record shows the check was verified before "
      "anyone tutors.",
      "Ask SMT to verify the enhanced DBS check and set 'cleared_to_tutor' on the staff record; until then, "
      "reassign their pupils.", stands_in=True, never_waived=NOT_WAIVED_SAFEGUARDING)
def cleared_to_tutor(context):
    for member, started in _staff_with_pupils(context):
        cleared = member.get("cleared_to_tutor")
        if cleared is None:
            problem = "SMT has not recorded that their DBS check is verified (cleared_to_tutor)", "/roles", "missing"
        elif cleared > started.isoformat():  # ISO dates sort as text
            problem = f"SMT cleared them to tutor from {cleared}, after they began on {started}", \
                "/cleared_to_tutor", "after start"
        else:
            continue
        message, pointer, detail = problem
        yield context.finding("cleared-to-tutor", member, f"{member.id} tutors pupils but {message}",
                              pointer=pointer, detail=detail,
                              hint="SMT sets 'cleared_to_tutor: <date>' (the verified check's issue date) on the "
                                   "staff record; until then, reassign their pupils")


@rule("dbs-recheck", WARNING, "Tutor job description, safeguarding; the school's re-check policy",
      "DBS checks do not expire by law, but the school re-checks them after the years its policy sets.",
      "Ask the member of staff for a new DBS check and record its date.", never_waived=NOT_WAIVED_SAFEGUARDING,
      reads_restricted=("staff.dbs",))
def dbs_recheck(context):
    years = context.policy.dbs_recheck_years
    if years is None:
        return
    for member, _ in _staff_with_pupils(context):
        dbs = member.get("dbs")
        if dbs is None:
            continue  # dbs-enhanced reports it
        due = add_months(day(dbs["issued_on"]), 12 * years)
        if due <= context.as_of:
            yield context.finding(
                "dbs-recheck", member, f"{member.id}'s DBS check was issued on {dbs['issued_on']}; the school "
                f"re-checks after {years} years, so a new check was due by {due}", pointer="/dbs/issued_on",
                detail="due", hint="apply for a new enhanced DBS check and record its issue date")


@rule("associate-cover", WARNING, "Tutor job description, Associate Tutor",
      "An associate tutor takes over when the tutor is absent, so every tutor with pupils has one named, who is "
      "someone else.",
      "Name a current associate tutor on the tutor's staff record, as 'associate'.")
def associate_cover(context):
    for staff_id in context.tutees:
        member = context.store.staff.get(staff_id)
        if member is None:
            continue
        associate_id = member.get("associate")
        associate = context.store.staff.get(associate_id) if associate_id else None
        severity = None
        if associate_id is None:
            problem = "has no associate tutor named", "/roles", "none"
        elif associate_id == staff_id:
            problem = "names themselves as their own associate tutor, so no one covers their absence", "/associate", "self"
            severity = ERROR
        elif associate is None:
            continue  # ref-exists reports it
        elif context.has_left(associate):
            problem = f"names {associate_id} as associate tutor, who left on {associate.get('left_on')}", "/associate", "left"
        elif ASSOCIATE not in associate.get("roles", []):
            problem = f"names {associate_id} as associate tutor, who does not hold the associate-tutor role", \
                "/associate", "role"
        else:
            continue
        message, pointer, detail = problem
        yield context.finding("associate-cover", member, f"{staff_id} tutors pupils but {message}", pointer=pointer,
                              detail=detail, severity=severity,
                              hint="add 'associate: <staff id>' naming a current associate tutor other than the tutor")
    yield from _own_associates(context)


def _own_associates(context: Context) -> Iterator[Finding]:
    """Associate-tutor assignments to the pupil's own tutor: cover by the person it is meant to cover."""
    for assignment in context.active_assignments:
        if assignment.get("role") == ASSOCIATE and assignment.get("pupil") in context.on_roll:
            tutors = [a.get("staff") for a in context.tutor_assignments_of_pupil.get(assignment.get("pupil"), [])]
            if assignment.get("staff") in tutors:
                yield context.finding(
                    "associate-cover", assignment, f"{assignment.get('staff')} is {assignment.get('pupil')}'s tutor "
                    "and, by this assignment, their associate tutor too: no one covers their absence",
                    pointer="/staff", detail="self", severity=ERROR,
                    hint="name another member of staff as the pupil's associate tutor, or end this assignment")
