"""Each session checked against the records: filed under its date and pupil, and held by someone who may hold it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from pastoral.core.calendar import day
from pastoral.core.findings import Finding
from pastoral.core.index import ASSOCIATE, TUTOR, Cover
from pastoral.core.record import Record
from pastoral.rules.base import ERROR, NOT_WAIVED_INTEGRITY, NOT_WAIVED_SAFEGUARDING, rule
from pastoral.rules.context import Context

Problem = tuple[str, str, str, str]
"""(message, pointer, detail, hint) of a finding to make."""

SESSION_NAME = re.compile(r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})-(?P<pupil>p[0-9]{4,6})(?:-[a-z0-9]+)?$")
"""A session's file name: its date and pupil, with '-2' and so on for a second session on one day."""


@rule("session-matches-file", ERROR, "Records contract: sessions/<academic year>/<date>-<pupil>.yml",
      "A session's file is named after its date and pupil, in the folder of its academic year, so that it is found "
      "and counted where people look for it.",
      "Rename or move the session's file to the academic year, date and pupil it records, or correct the date or pupil.",
      never_waived=NOT_WAIVED_INTEGRITY)
def session_matches_file(context: Context) -> Iterator[Finding]:
    for session in context.store.sessions.values():
        folder, _, name = session.file.rpartition("/")
        held, pupil = session.get("date"), session.get("pupil")
        expected = f"{held}-{pupil}.yml"
        named = SESSION_NAME.match(name.removesuffix(".yml"))
        if named is None:
            yield context.finding(
                "session-matches-file", session, f"the file name '{name}' does not give the session's date and pupil",
                pointer="/id", detail="name", hint=f"rename the file to {expected} and set 'id' to match")
        for field, named_as, recorded in (("date", named and named["date"], held),
                                          ("pupil", named and named["pupil"], pupil)):
            if named_as and named_as != recorded:
                yield context.finding(
                    "session-matches-file", session, f"the file name says the {field} is {named_as}, but '{field}' is "
                    f"{recorded}", pointer=f"/{field}", detail=field,
                    hint=f"correct '{field}', or rename the file to {expected} (and its 'id') if '{field}' is right")
        academic_year = context.calendar.academic_year_of(date.fromisoformat(held))
        if folder.rpartition("/")[2] != academic_year:
            yield context.finding(
                "session-matches-file", session, f"the session of {held} is in the folder "
                f"{folder.rpartition('/')[2]}/, but that date is in the academic year {academic_year}",
                pointer="/date", detail="folder", hint=f"move the file to sessions/{academic_year}/, or correct 'date'")


@rule("session-tutor", ERROR, "Tutor job description (Associate Tutor; safeguarding)",
      "A session is held by the pupil's tutor or associate tutor on that day, or by a colleague covering the tutor's "
      "absence, who is on the staff that day.",
      "Put the pupil's tutor or associate tutor in 'tutor'; if a colleague held the session in their absence, name "
      "them in 'covered_by'.",
      never_waived=NOT_WAIVED_SAFEGUARDING)
def session_tutor(context: Context) -> Iterator[Finding]:
    staff, pupils = context.store.staff, context.store.pupils
    for session in context.store.sessions.values():
        tutor = staff.get(session.get("tutor"))
        held_by = "covered_by" if session.get("covered_by") else "tutor"
        holder = staff.get(session.get(held_by))
        if tutor is None or holder is None or session.get("pupil") not in pupils:
            continue  # ref-exists reports it
        held = day(session.get("date"))
        problem = _not_at_school(context, holder, held, f"/{held_by}") or _not_theirs(context, session, tutor, held)
        if problem:
            message, pointer, detail, hint = problem
            yield context.finding("session-tutor", session, message, pointer=pointer, detail=detail, hint=hint)


def _not_at_school(context: Context, member: Record, held: date, pointer: str) -> Problem | None:
    """Why a member of staff could not hold a session on a day: they had left, or not yet joined."""
    joined = day(member.get("joined_on"))
    if context.has_left(member, held):
        return (f"the session of {held} was held by {member.id}, who left the school on {member.get('left_on')}",
                pointer, "left", "put in 'tutor' who held the session; a member of staff who has left holds none")
    if joined and joined > held:
        return (f"the session of {held} was held by {member.id}, who joined the school on {joined}, after it",
                pointer, "not joined", "check the session's date and who held it")
    return None


def _not_theirs(context: Context, session: Record, tutor: Record, held: date) -> Problem | None:
    """Why the session's tutor may not hold (or have covered) a session with this pupil on its day (``held``)."""
    pupil_id = session.get("pupil")
    cover = context.who_may_hold(pupil_id, held)
    if not cover.tutors:
        if {TUTOR, ASSOCIATE} & set(tutor.get("roles", [])):
            return None  # a tutor met the pupil before any assignment was recorded: nothing to compare with
        return (f"{pupil_id} had no tutor assigned on {held}, and {tutor.id}, who held the session, is not a tutor",
                "/tutor", "no tutor", f"check the session's date, who held it, and the 'from' of {pupil_id}'s assignment")
    if session.get("covered_by"):
        if tutor.id in cover.tutors or tutor.id in cover.associates:
            return None
        return (f"the session names {tutor.id} as the tutor covered, but {_theirs(pupil_id, held, cover)}", "/tutor",
                "covered someone else",
                f"put {pupil_id}'s tutor in 'tutor' and who held the session in 'covered_by'")
    if tutor.id in cover.away and tutor.id not in cover.associates:
        absence = cover.away[tutor.id]
        return (f"{tutor.id} is recorded as away from {absence['from']} to {absence.get('until', 'now')}, which "
                f"includes this session ({held})", "/tutor", "away",
                "name who held the session in 'covered_by', or correct the absence on the tutor's staff record")
    if cover.allows(tutor.id):
        return None
    return (f"the session of {held} was held by {tutor.id}, who was not {pupil_id}'s tutor or associate tutor then "
            f"({_theirs(pupil_id, held, cover)})", "/tutor", "not theirs",
            f"put in 'tutor' {pupil_id}'s tutor or associate tutor; a colleague who held it in their absence goes in "
            "'covered_by' (or in an absence on the tutor's staff record)")


def _theirs(pupil_id: str, held: date, cover: Cover) -> str:
    """Who a pupil's tutor and associate tutor were on a day, as a finding says it (made only for a finding)."""
    return f"{pupil_id}'s tutor on {held} was {', '.join(cover.tutors)}" + (
        f", associate tutor {', '.join(sorted(cover.associates))}" if cover.associates else "")
