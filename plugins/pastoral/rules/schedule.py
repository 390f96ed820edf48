"""Schedule rules: what falls due with time (meetings, targets, reviews, signatures).

They judge the academic year of ``--as-of`` through ``pastoral.core.schedule``, the
same functions the status pages use, and report as warnings: time passing is
never a change to block.
"""

from __future__ import annotations

from pastoral.core.calendar import day
from pastoral.core.schedule import (
    ended_half_terms,
    expects_half_termly_targets,
    half_term_status,
    open_targets,
    ordinal,
    planner_deadline,
    planner_overdue,
    pupil_schedule,
    review_overdue,
)
from pastoral.rules.base import SCHEDULE, rule

HANDBOOK = "Student Support Programme handbook"


def _school(context):
    return context.store.get("school", "school")


@rule("meetings-per-year", SCHEDULE, f"{HANDBOOK}, tutors (three times a year, KS3/KS4)",
      "Each pupil meets their tutor the school's number of times a year, spread over the terms.",
      "Hold the overdue mentoring session with the pupil and record it.")
def meetings_per_year(context):
    year = context.academic_year
    if not context.calendar.year(year):
        if _school(context) is not None:
            yield context.finding(
                "meetings-per-year", _school(context), f"school.yml publishes no half-terms for {year}, "
                "so no meeting can be scheduled", pointer="/calendar", detail=f"no calendar {year}",
                hint=f"add {year} with its six half-terms to 'calendar' in school.yml")
        return
    for pupil_id, pupil in context.on_roll.items():
        plan = pupil_schedule(context, pupil_id)
        if plan.overdue:
            yield context.finding(
                "meetings-per-year", pupil, f"{pupil_id} has had {plan.held} of {plan.required} sessions this year; "
                f"the {ordinal(plan.held + 1)} was due by {plan.next_due}", pointer="/id", detail=f"overdue {year}",
                hint="the tutor meets the pupil and records the session in sessions/" + year + "/")


@rule("half-termly-targets", SCHEDULE, f"{HANDBOOK}, Monitoring",
      "Targets and target reviews are recorded every half-term, so Heads of House can report on them.",
      "Record the pupil's targets, or a review of earlier ones, for the half-term shown.")
def half_termly_targets(context):
    for half in ended_half_terms(context):
        when, detail = f"{half.name} {half.academic_year} ({half.starts} to {half.ends})", f"{half.academic_year} {half.name}"
        for pupil_id, pupil in context.on_roll.items():
            if expects_half_termly_targets(context, pupil_id, half) and \
                    not half_term_status(context, pupil_id, half).recorded:
                yield context.finding(
                    "half-termly-targets", pupil, f"{pupil_id} has no targets or target reviews recorded in {when}",
                    pointer="/id", detail=detail,
                    hint="the tutor records targets, or reviews of earlier targets, in a session every half-term")


@rule("targets-reviewed", SCHEDULE, f"{HANDBOOK}, Recording/Reviewing Targets",
      "Every target is reviewed in a later session: by its review date, or at the next session.",
      "Review the target with the pupil and record the outcome in a session's 'reviews'.")
def targets_reviewed(context):
    for pupil_id in context.on_roll:
        for target in open_targets(context, pupil_id):
            if review_overdue(context, target):
                yield _unreviewed(context, target)


def _unreviewed(context, target):
    """The finding for a target nobody has reviewed by the time its review fell due."""
    session, reference = target.session, target.reference
    if target.target.get("review_by") is not None:
        missed = f"it was due for review by {target.review_due}"
    else:
        missed = f"the next session, {target.next_session.id}, did not review it"
    return context.finding(
        "targets-reviewed", session, f"target {reference}, set on {session.get('date')}, has not been reviewed: {missed}",
        pointer=f"/targets/{target.position}", detail=reference,
        hint=f"at the next session, add a review: target: {reference}, outcome: met, partly-met, "
             "not-met or carried-forward")


@rule("planner-signed", SCHEDULE, f"{HANDBOOK}, Communication with Parents",
      "A parent or carer signs the pupil's planner after each session, so home sees the targets.",
      "Ask the parent or carer to sign the planner, then record the date as 'planner_signed_on'.")
def planner_signed(context):
    window, calendar, judged = context.policy.planner_signed_within_days, context.calendar, context.academic_year
    for session in context.store.sessions.values():
        held = day(session.get("date"))
        if calendar.academic_year_of(held) != judged:
            continue
        deadline, signed = planner_deadline(context, session), day(session.get("planner_signed_on"))
        if planner_overdue(context, session):
            yield context.finding(
                "planner-signed", session, f"no parent or carer has signed the planner for the session of {held} "
                f"(due by {deadline})", pointer="/date", detail="unsigned",
                hint="ask the parent or carer to sign the planner, then add 'planner_signed_on: <date>'")
        elif signed is not None and signed > deadline:
            yield context.finding(
                "planner-signed", session, f"the planner for the session of {held} was signed on {signed}, "
                f"{(signed - deadline).days} days after the {window} days allowed", pointer="/planner_signed_on",
                detail="late", hint="nothing to change in the record; remind parents sooner after a session")


@rule("annual-review", SCHEDULE, f"{HANDBOOK}, Review and Evaluation",
      "The programme is reviewed and evaluated each year, feeding the school improvement plan and self-evaluation.",
      "Write the annual review of the programme for the year shown, in records/reviews/.")
def annual_review(context):
    school = _school(context)
    for index, year in enumerate(context.store.school.get("calendar", [])):
        ended = max(day(half["ends"]) for half in year["half_terms"])
        academic_year = year["academic_year"]
        if ended < context.as_of and not context.store.exists("review", academic_year):
            yield context.finding(
                "annual-review", school, f"the programme has no annual review for {academic_year}, which ended on {ended}",
                pointer=f"/calendar/{index}/academic_year", detail=academic_year, subject="",
                hint=f"add records/reviews/{academic_year}.yml: what worked, what to change, SIP actions and SEF evidence")
