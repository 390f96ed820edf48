"""The tutor role (Tutor / Associate Tutor job description): safeguarding checks and cover."""

from __future__ import annotations

from datetime import date

from pastoral.core.calendar import day
from pastoral.core.index import ASSOCIATE
from pastoral.rules.base import ERROR, WARNING, rule

SAFEGUARDING = "Tutor job description, safeguarding (special conditions of service)"


def _staff_with_pupils(context):
    """Staff with an active assignment, each with the earliest start among those assignments."""
    for staff_id, assignments in context.assignments_of_staff.items():
        member = context.store.staff.get(staff_id)
        if member is not None:
            yield member, min(day(a.get("from")) for a in assignments)


@rule("dbs-enhanced", ERROR, SAFEGUARDING,
      "Anyone tutoring pupils holds an enhanced DBS check with the children's barred list, from before they started.",
      "Record the member of staff's enhanced DBS check (with barred list); until then, they must not tutor pupils.",
      reads_restricted=("staff.dbs",))
def dbs_enhanced(context):
    for member, started in _staff_with_pupils(context):
        dbs = member.get("dbs")
        problem = None
        if dbs is None:
            problem = "has no DBS check recorded", "/roles", "missing"
        elif dbs["level"] != "enhanced":
            problem = f"has a {dbs['level']} DBS check, not an enhanced one", "/dbs/level", "level"
        elif dbs["barred_list"] is not True:
            problem = "has a DBS check without the children's barred list", "/dbs/barred_list", "barred list"
        elif day(dbs["issued_on"]) > started:
            problem = (f"has a DBS check issued on {dbs['issued_on']}, after they began tutoring on {started}",
                       "/dbs/issued_on", "after start")
        elif member.get("cleared_to_tutor") and member.get("cleared_to_tutor") < dbs["issued_on"]:  # ISO dates
            problem = (f"was cleared to tutor from {member.get('cleared_to_tutor')}, before their DBS check was "
                       f"issued on {dbs['issued_on']}", "/cleared_to_tutor", "cleared early")
        if problem:
            message, pointer, detail = problem
            yield context.finding(
                "dbs-enhanced", member, f"{member.id} tutors pupils but {message}", pointer=pointer, detail=detail,
                hint="record an enhanced DBS check with barred list (dbs: level: enhanced, barred_list: true, "
                     "issued_on: <date>) obtained before tutoring began; until then, reassign their pupils")


@rule("cleared-to-tutor", ERROR, SAFEGUARDING,
      "Where the DBS records are kept apart, SMT's date on the staff record shows the check was verified before "
      "anyone tutors.",
      "Ask SMT to verify the enhanced DBS check and set 'cleared_to_tutor' on the staff record; until then, "
      "reassign their pupils.", stands_in=True)
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


def years_after(start: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


@rule("dbs-recheck", WARNING, "Tutor job description, safeguarding; the school's re-check policy",
      "DBS checks do not expire by law, but the school re-checks them after the years its policy sets.",
      "Ask the member of staff for a new DBS check and record its date.", reads_restricted=("staff.dbs",))
def dbs_recheck(context):
    years = context.policy.dbs_recheck_years
    if years is None:
        return
    for member, _ in _staff_with_pupils(context):
        dbs = member.get("dbs")
        if dbs is None:
            continue  # dbs-enhanced reports it
        due = years_after(day(dbs["issued_on"]), years)
        if due <= context.as_of:
            yield context.finding(
                "dbs-recheck", member, f"{member.id}'s DBS check was issued on {dbs['issued_on']}; the school "
                f"re-checks after {years} years, so a new check was due by {due}", pointer="/dbs/issued_on",
                detail="due", hint="apply for a new enhanced DBS check and record its issue date")


@rule("associate-cover", WARNING, "Tutor job description, Associate Tutor",
      "An associate tutor takes over when the tutor is absent, so every tutor with pupils has one named.",
      "Name a current associate tutor on the tutor's staff record, as 'associate'.")
def associate_cover(context):
    for staff_id in context.tutees:
        member = context.store.staff.get(staff_id)
        if member is None:
            continue
        associate_id = member.get("associate")
        associate = context.store.staff.get(associate_id) if associate_id else None
        if associate_id is None:
            problem = "has no associate tutor named", "/roles", "none"
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
                              detail=detail, hint="add 'associate: <staff id>' naming a current associate tutor")
