"""The Student Support Programme handbook: how tutors are organised."""

from __future__ import annotations

from collections.abc import Iterator

from pastoral.core.findings import Finding
from pastoral.core.index import TUTOR
from pastoral.core.record import Record
from pastoral.rules.base import ERROR, NOT_WAIVED_INTEGRITY, WARNING, rule
from pastoral.rules.context import Context

HANDBOOK = "Student Support Programme handbook, tutors"
HEAD_OF_HOUSE = "head-of-house"
LISTED = 5
"""How many pupil ids a message names before saying 'and N more'."""


def listing(ids: list[str]) -> str:
    shown = ", ".join(ids[:LISTED])
    return shown + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "")


@rule("one-student", ERROR, HANDBOOK,
      "A session is about exactly one pupil. The session schema enforces it ('pupil' holds one id), so a session "
      "naming two pupils is reported by the 'schema' rule and this check has nothing left to find.",
      "Record a separate session for each pupil met.", never_waived=NOT_WAIVED_INTEGRITY)
def one_student(context):
    return ()


@rule("one-year-group", ERROR, HANDBOOK,
      "A tutor works with one year group only, so that they know the stage their pupils are at.",
      "Reassign the pupils outside the tutor's year group to a tutor of their own year.")
def one_year_group(context):
    for staff_id, pupils in context.tutees.items():
        member = context.store.staff.get(staff_id)
        if member is None:
            continue
        own = member.get("year_group")
        if own is None:
            years = sorted({p.get("year") for p in pupils})
            if len(years) < 2:
                continue
            own = max(years, key=lambda y: sum(p.get("year") == y for p in pupils))
        outside = [p for p in pupils if p.get("year") != own]
        if outside:
            yield context.finding(
                "one-year-group", member, f"{staff_id} works with Year {own}, but tutors {len(outside)} "
                f"pupil{'s' if len(outside) > 1 else ''} of other years: "
                + listing([f"{p.id} (Year {p.get('year')})" for p in outside]),
                pointer="/year_group" if member.get("year_group") is not None else "/roles", detail="other years",
                hint=f"give those pupils a tutor who works with their year group, or correct {staff_id}'s year_group")


@rule("line-managed-by-hoh", ERROR, HANDBOOK,
      "A tutor is line-managed by the current Head of House of their House, who reports on their tutoring.",
      "Set the tutor's 'line_manager' to the Head of House of the tutor's House.")
def line_managed_by_hoh(context):
    heads = {head.id for head in context.staff_with_role.get(HEAD_OF_HOUSE, []) if not context.has_left(head)}
    for member in context.staff_with_role.get(TUTOR, []):
        if context.has_left(member):
            continue
        manager = member.get("line_manager")
        house = context.store.houses.get(member.get("house"))
        if house is not None:
            expected = house.get("head_of_house")
            if manager == expected and manager in heads:
                continue
            where = f"the Head of House of {house.get('name')} is {expected}"
            hint = f"set 'line_manager: {expected}'"
            head = context.store.staff.get(expected)
            if manager == expected and head is not None:
                where = f"{expected} " + (f"left the school on {head.get('left_on')}" if context.has_left(head)
                                          else "does not hold the head-of-house role")
                hint = (f"record {house.get('name')}'s current Head of House as 'head_of_house' in "
                        f"{house.file.rpartition('/')[2]}, then set 'line_manager' to them")
            elif manager == expected:
                continue  # ref-exists reports the House's unknown Head of House
        else:
            if manager in heads:
                continue
            where = "a tutor's line manager is a Head of House"
            hint = "set 'house:' to the tutor's House and 'line_manager:' to its Head of House"
        yield context.finding(
            "line-managed-by-hoh", member, f"{member.id}'s line manager is {manager or 'not recorded'}, but {where}",
            pointer="/line_manager" if manager else "/roles", detail="line manager", hint=hint)


@rule("tutor-in-house", ERROR, f"{HANDBOOK} (tutors line-managed by their Head of House, rooms published per House)",
      "A pupil's tutor works in the pupil's House, whose Head of House oversees both, unless the school's policy "
      "lets tutors work across Houses.",
      "Assign the pupil a tutor from the pupil's House, or correct the House on the pupil's or the tutor's record.")
def tutor_in_house(context: Context) -> Iterator[Finding]:
    if context.policy.tutors_may_cross_houses:
        return
    for assignment, pupil, member in context.tutoring:
        if member.get("house") is not None and member.get("house") != pupil.get("house"):
            yield context.finding(
                "tutor-in-house", assignment, f"{pupil.id} is in {_house_name(context, pupil)}, but their tutor "
                f"{member.id} works in {_house_name(context, member)}", pointer="/staff", detail="other house",
                hint="assign a tutor from the pupil's House, or correct 'house' on the pupil's or the tutor's record; "
                     "a school whose tutors work across Houses sets 'tutors_may_cross_houses: true' under 'policy' "
                     "in school.yml")


def _house_name(context: Context, record: Record) -> str:
    house = context.store.houses.get(record.get("house"))
    return house.get("name") if house is not None else f"House '{record.get('house')}'"


@rule("own-tutor-group", WARNING, HANDBOOK,
      "Tutors support students from their own tutor group, whom they see every day.",
      "Assign the pupil to the tutor of the pupil's own tutor group, or correct the tutor group.")
def own_tutor_group(context):
    for assignment, pupil, member in context.tutoring:
        group = member.get("tutor_group")
        if (group or "").casefold() != pupil.get("tutor_group").casefold():
            theirs = f"whose tutor group is {group}" if group else "who has no tutor group recorded"
            yield context.finding(
                "own-tutor-group", assignment, f"{pupil.id} is in tutor group {pupil.get('tutor_group')}, but their "
                f"tutor is {member.id}, {theirs}", pointer="/staff", detail="other group",
                hint="assign the tutor of the pupil's own tutor group, or correct the tutor group on either record")
