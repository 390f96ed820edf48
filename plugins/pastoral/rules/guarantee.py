"""The Pupil Guarantee (Guidance 2010, paras 129-136): a named tutor for every pupil, told, on record."""

from __future__ import annotations

from datetime import timedelta

from pastoral.core.calendar import day
from pastoral.core.findings import Finding
from pastoral.core.index import TUTOR
from pastoral.core.record import Record
from pastoral.rules.base import ERROR, WARNING, rule
from pastoral.rules.context import Context
from pastoral.rules.placeholders import NON_ANSWERS, quoted, refused_in

NAMED_TUTOR = ("the Pupil Guarantee is never waived (para 130): every pupil has a named member of staff, at the "
               "school and in the role, as their tutor; assign one")


def _current_assignments(context, role: str | None = None):
    """Active assignments (of ``role``, if given) of pupils on roll in the guarantee's year groups, with the
    pupil's record."""
    for assignment, pupil in context.guaranteed_assignments:
        if role in (None, assignment.get("role")):
            yield assignment, pupil


def _assigned_staff(context):
    """Active assignments of pupils on roll whose member of staff exists (ref-exists reports the others),
    with the pupil and the member of staff."""
    for assignment, pupil in _current_assignments(context):
        member = context.store.staff.get(assignment.get("staff"))
        if member is not None:
            yield assignment, pupil, member


@rule("tutor-assigned", ERROR, "Guidance 2010, paras 129-130",
      "Every pupil in Year 7 and above has one named member of staff as their personal tutor.",
      "Add an assignment naming the pupil's tutor; if the pupil has two, end the old one.", never_waived=NAMED_TUTOR)
def tutor_assigned(context):
    from_year = context.policy.guarantee_from_year
    for pupil_id, pupil in context.on_roll.items():
        if not context.policy.guarantees(pupil.get("year")):
            continue
        assignments = context.tutor_assignments_of_pupil.get(pupil_id, [])
        if not assignments:
            yield context.finding(
                "tutor-assigned", pupil, f"{pupil_id} (Year {pupil.get('year')}) has no tutor assigned on {context.as_of}: "
                f"every pupil in Year {from_year} and above has a named tutor", pointer="/id", detail="none",
                hint=f"add records/assignments/<id>.yml with pupil: {pupil_id}, staff: <the tutor's id>, role: tutor, "
                     f"and from: the date the tutor starts")
        elif len(assignments) > 1:
            names = ", ".join(a.id for a in assignments)
            yield context.finding(
                "tutor-assigned", pupil, f"{pupil_id} has {len(assignments)} tutors assigned at once ({names}): "
                "a pupil has exactly one named tutor", pointer="/id", detail="several",
                hint="end the assignment that no longer applies with 'to:' (the day it stops applying) and a 'reason:'")


@rule("tutor-current", ERROR, "Guidance 2010, paras 130 and 132",
      "A pupil's named tutor is a member of staff who was at the school, in that role, when assigned.",
      "Assign the pupil to a current member of staff who holds the tutor (or associate tutor) role.",
      never_waived=NAMED_TUTOR)
def tutor_current(context):
    for assignment, pupil, member in _assigned_staff(context):
        role, starts = assignment.get("role"), day(assignment.get("from"))
        joined = day(member.get("joined_on"))
        problem = None
        if role not in member.get("roles", []):
            problem = f"{member.id} does not hold the role '{role}'", "role"
        elif context.has_left(member, starts):
            problem = f"{member.id} had left the school ({member.get('left_on')}) before this assignment began ({starts})", "left"
        elif joined and joined > starts:
            problem = f"{member.id} joined the school on {joined}, after this assignment began ({starts})", "joined"
        if problem:
            yield context.finding(
                "tutor-current", assignment, f"{pupil.id}'s {role}: {problem[0]}", pointer="/staff", detail=problem[1],
                hint=f"assign a current member of staff with the role '{role}', or add the role to {member.id}'s record")


@rule("pupil-informed", ERROR, "Guidance 2010, para 130",
      "The pupil is told who their tutor is and what to expect, soon after the tutor is assigned.",
      "Tell the pupil who their tutor is, then record the date on the assignment as 'informed_on'.")
def pupil_informed(context):
    window = timedelta(days=context.policy.inform_within_days)
    for assignment, pupil in _current_assignments(context, TUTOR):
        deadline = day(assignment.get("from")) + window
        informed = day(assignment.get("informed_on"))
        hint = "tell the pupil who their tutor is and what to expect, then add 'informed_on: <that date>'"
        if informed is None:
            late = context.as_of > deadline
            yield context.finding(
                "pupil-informed", assignment,
                f"{pupil.id} {'was due to be' if late else 'has not yet been'} told who their tutor is "
                f"(by {deadline}, {window.days} days after the assignment began)",
                pointer="/from", detail="not told", severity=None if late else WARNING, hint=hint)
        elif informed > deadline:
            # Told, but late: a past fact that no edit can mend, so it is shown and never blocks.
            yield context.finding(
                "pupil-informed", assignment, f"{pupil.id} was told who their tutor is on {informed}, "
                f"{(informed - deadline).days} days after the {window.days} days allowed (by {deadline})",
                pointer="/informed_on", detail="told late", severity=WARNING,
                hint="nothing to change in the record; tell new pupils sooner")


NEEDS_TO_REGARD = ("sen-support", "ehcp", "eal")


@rule("needs-considered", ERROR, "Guidance 2010, para 135",
      "Where a pupil has SEN or EAL needs, the choice of tutor has regard to them, and the record says how; when the "
      "needs change, the choice is considered again.",
      "Write on the assignment, as 'needs_considered', how the pupil's needs were taken into account.",
      never_waived="the Pupil Guarantee is never waived (para 135): a pupil's SEN or EAL needs are regarded in "
                   "choosing their tutor, and again when they change; write how they were",
      reads_restricted=("pupil.needs", "assignment.needs_considered", "assignment.needs_considered_for"))
def needs_considered(context):
    for assignment, pupil in _current_assignments(context, TUTOR):
        needs = [need for need in NEEDS_TO_REGARD if need in pupil.get("needs", [])]
        if needs:
            yield from _unanswered(context, assignment, pupil) or _changed(context, assignment, pupil, needs)


def _unanswered(context: Context, assignment: Record, pupil: Record) -> list[Finding]:
    """The finding for a note that is missing, or says nothing but placeholders ('n/a', 'see file')."""
    note = assignment.get("needs_considered")
    if note is None or not note.strip():
        return [context.finding(
            "needs-considered", assignment, f"{pupil.id} has SEN or EAL needs recorded, but this assignment "
            "does not say how they were considered in choosing the tutor",
            pointer="/needs_considered" if note is not None else "/staff", detail="missing",
            hint="add 'needs_considered:' with a sentence on how the tutor suits the pupil's needs")]
    least = context.policy.needs_considered_min_words
    found, own = refused_in(note, NON_ANSWERS + context.policy.refused_answers)
    if len(own) >= least:
        return []
    why = f"{quoted(found)} {'is' if len(found) == 1 else 'are'} not an answer" if found else \
        f"{len(own)} word{'s' if len(own) != 1 else ''} cannot say how"
    return [context.finding(
        "needs-considered", assignment, f"needs_considered says only '{' '.join(note.split())}' ({why}): it does not "
        f"say how {pupil.id}'s needs were considered in choosing the tutor", pointer="/needs_considered",
        detail="placeholder", hint=f"write, in at least {least} words of your own, how the tutor suits the pupil's "
                                   "needs (for example 'Tutor speaks Polish; reads with her weekly')")]


def _changed(context: Context, assignment: Record, pupil: Record, needs: list[str]) -> list[Finding]:
    """The finding for needs recorded since the tutor was chosen (para 135: 'a change in the pupil's needs').

    ``needs_considered_for`` lists the needs the note considered; without it, the
    note is read as considering the needs the pupil has now.
    """
    considered = assignment.get("needs_considered_for")
    new = [need for need in needs if considered is not None and need not in considered]
    if not new:
        return []
    before = ", ".join(considered) if considered else "none"
    return [context.finding(
        "needs-considered", assignment, f"{pupil.id}'s needs have changed since this tutor was chosen: "
        f"{', '.join(new)} {'is' if len(new) == 1 else 'are'} recorded now, but the choice considered {before}",
        pointer="/needs_considered_for", detail="changed",
        hint=f"consider the choice of tutor again with {', '.join(new)} in mind: if the tutor still suits, add "
             f"{', '.join(new)} to 'needs_considered_for' and say how in 'needs_considered'; if not, end this "
             "assignment ('to', 'reason: needs changed') and assign a new tutor")]


@rule("reassigned-on-leaving", ERROR, "Guidance 2010, para 135",
      "When a tutor leaves the school, each of their pupils is given a new named tutor.",
      "End the assignment on the tutor's last day and add a new one with a current tutor.", never_waived=NAMED_TUTOR)
def reassigned_on_leaving(context):
    for assignment, pupil, member in _assigned_staff(context):
        if context.has_left(member) and day(member.get("left_on")) > day(assignment.get("from")):
            yield context.finding(
                "reassigned-on-leaving", assignment,
                f"{pupil.id}'s {assignment.get('role')} {member.id} left the school on {member.get('left_on')}, "
                "but this assignment is still open", pointer="/staff",
                hint=f"add 'to: {member.get('left_on')}' and 'reason: tutor left the school', "
                     "then add a new assignment with a current member of staff")
