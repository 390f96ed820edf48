"""Integrity rules: every record, whatever its kind, is readable, where it belongs, and consistent."""

from __future__ import annotations

from collections.abc import Iterator

from pastoral.core.calendar import day
from pastoral.core.findings import Finding
from pastoral.rules.base import ERROR, NOT_WAIVED_INTEGRITY, rule
from pastoral.rules.context import Context

RECORD_KEPT = "Guidance 2010, para 130 (a record is kept); records contract"
CHECKED_WHILE_LOADING = " Checked while the records are read (also by 'pastoral validate'), before the other rules run."


@rule("yaml", ERROR, RECORD_KEPT,
      "Each file is one plain YAML document, without duplicate keys, tags or aliases." + CHECKED_WHILE_LOADING,
      "Correct the file's YAML at the line shown: a duplicate key, a bad indent or an unclosed quote.",
      never_waived=NOT_WAIVED_INTEGRITY)
def yaml_parses(context):
    return ()


@rule("layout", ERROR, RECORD_KEPT,
      "Each record sits in its kind's folder, as an ordinary '.yml' file." + CHECKED_WHILE_LOADING,
      "Move or rename the file into the right records folder, or delete it if it is not a record.",
      never_waived=NOT_WAIVED_INTEGRITY)
def layout(context):
    return ()


@rule("schema", ERROR, RECORD_KEPT,
      "Each record matches its kind's JSON Schema; unknown fields are rejected." + CHECKED_WHILE_LOADING,
      "Correct the field named in the message; the schema's description says what it expects.",
      never_waived=NOT_WAIVED_INTEGRITY)
def schema(context):
    return ()


@rule("id-matches-file", ERROR, RECORD_KEPT,
      "A record's id is its file name, so that people and tools find it where they expect.",
      "Make the record's id the same as its file name.",
      never_waived=NOT_WAIVED_INTEGRITY)
def id_matches_file(context):
    for records in context.store.by_kind().values():
        for record in records:
            expected = record.file.rpartition("/")[2].removesuffix(".yml")  # every record file ends so
            if record.kind.name != "school" and record.id != expected:
                yield context.finding(
                    "id-matches-file", record, f"the id '{record.id}' does not match the file name '{expected}.yml'",
                    pointer="/id", hint=f"change the id to '{expected}', or rename the file to '{record.id}.yml'")


@rule("unique-id", ERROR, RECORD_KEPT,
      "No two records of a kind share an id, so every reference names exactly one record.",
      "Give one of the two records a new id (and file name), or delete the copy.",
      never_waived=NOT_WAIVED_INTEGRITY)
def unique_id(context):
    for kind, records in context.store.by_kind().items():
        first: dict[str, str] = {}
        for record in records:
            if record.id in first:
                yield context.finding(
                    "unique-id", record, f"another {kind} record, {first[record.id]}, already has the id '{record.id}'",
                    pointer="/id", hint="give this record its own id and file name, or delete it if it is a copy")
            else:
                first[record.id] = record.file


# Where each kind refers to another record: (kind, field, kind referred to). A list field refers once per item.
REFERENCES = (
    ("house", "head_of_house", "staff"),
    ("staff", "house", "house"),
    ("staff", "line_manager", "staff"),
    ("staff", "associate", "staff"),
    ("pupil", "house", "house"),
    ("assignment", "pupil", "pupil"),
    ("assignment", "staff", "staff"),
    ("session", "pupil", "pupil"),
    ("session", "tutor", "staff"),
    ("session", "covered_by", "staff"),
    ("review", "reviewed_by", "staff"),
)
FOLDERS = {"house": "houses", "staff": "staff", "pupil": "pupils"}


@rule("ref-exists", ERROR, RECORD_KEPT,
      "Every reference to a pupil, member of staff, House or target names a record that exists.",
      "Correct the id in the field shown, or add the record it names.",
      never_waived=NOT_WAIVED_INTEGRITY)
def ref_exists(context):
    store = context.store
    for kind, field, target in REFERENCES:
        known = store.of(target)
        for record in store.every(kind):
            value = record.get(field)
            if value is None or (not isinstance(value, list) and value in known):
                continue  # nothing named, or one record that exists: most references, settled by one look-up
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                if item is not None and not store.exists(target, item):
                    pointer = f"/{field}/{index}" if isinstance(value, list) else f"/{field}"
                    yield context.finding(
                        "ref-exists", record, f"{field} '{item}' names no {target} record", pointer=pointer,
                        detail=f"{field} {item}",
                        hint=f"check the spelling, or add records/{FOLDERS[target]}/{item}.yml")
    yield from _reviewed_targets(context)
    yield from _absence_cover(context)


def _absence_cover(context: Context) -> Iterator[Finding]:
    """An absence's 'covered_by' names a member of staff."""
    for member in context.store.staff.values():
        for index, absence in enumerate(member.get("absences", [])):
            cover = absence.get("covered_by")
            if cover is not None and not context.store.exists("staff", cover):
                yield context.finding("ref-exists", member, f"covered_by '{cover}' names no staff record",
                                      pointer=f"/absences/{index}/covered_by", detail=f"covered_by {cover}",
                                      hint=f"check the spelling, or add records/staff/{cover}.yml")


def _reviewed_targets(context):
    """A review names '<session id>#<target id>': that session must exist and have set that target
    for the same pupil."""
    sessions, targets = context.store.sessions, context.targets
    for session in sessions.values():
        for index, review in enumerate(session.get("reviews", [])):
            reference = review["target"]
            session_id, target_id = reference.split("#")
            problem = None
            if reference in targets:
                earlier = targets[reference][0]
                if earlier.get("pupil") != session.get("pupil"):
                    problem = f"reviews target '{reference}', which was set for another pupil ({earlier.get('pupil')})"
            elif session_id in sessions:
                problem = f"reviews target '{reference}', but session {session_id} set no target '{target_id}'"
            elif not context.store.exists("session", session_id):  # a broken session has its own finding
                problem = f"reviews target '{reference}', but there is no session '{session_id}'"
            if problem:
                yield context.finding("ref-exists", session, problem, pointer=f"/reviews/{index}/target",
                                      detail=f"review {reference}",
                                      hint="name a target this pupil was set in an earlier session, as '<session id>#<target id>'")


@rule("dates-ordered", ERROR, RECORD_KEPT,
      "Dates follow each other: a start before its end, no session after the check date, a review after its target.",
      "Correct the date shown: it is before the date it must follow.",
      never_waived=NOT_WAIVED_INTEGRITY)
def dates_ordered(context):
    pairs = (("assignment", "from", "to"), ("assignment", "from", "informed_on"), ("pupil", "joined_on", "left_on"),
             ("staff", "joined_on", "left_on"), ("session", "date", "planner_signed_on"))
    for kind, first, then in pairs:
        for record in context.store.every(kind):
            start, end = day(record.get(first)), day(record.get(then))
            if start and end and end < start:
                yield context.finding(
                    "dates-ordered", record, f"{then} {end} is before {first} {start}", pointer=f"/{then}",
                    detail=then, hint=f"{then} must be on or after {first}: correct whichever date is wrong")
    yield from _not_yet(context)
    targets = context.targets
    for session in context.store.sessions.values():
        held = day(session.get("date"))
        for index, review in enumerate(session.get("reviews", [])):
            target = targets.get(review["target"])
            if target and day(target[0].get("date")) >= held:
                yield context.finding(
                    "dates-ordered", session,
                    f"reviews target '{review['target']}', set on {target[0].get('date')}, not before this session ({held})",
                    pointer=f"/reviews/{index}/target", detail=f"review {review['target']}",
                    hint="a target is reviewed in a later session than the one that set it")
    yield from _half_terms_ordered(context)


NOT_YET = (("session", "date", "the session is dated", "record a session after it has taken place, with the date it was held"),
           ("session", "planner_signed_on", "the planner is recorded as signed on",
            "record the signature once a parent or carer has signed, with that date"),
           ("assignment", "informed_on", "the pupil is recorded as told who their tutor is on",
            "record the date once the pupil has been told"))


def _not_yet(context: Context) -> Iterator[Finding]:
    """Dates of things that happened, after the date being checked: recorded before they happened. One finding a
    record (a session dated in the future has its planner signed in the future too)."""
    reported = set()
    for kind, field, what, hint in NOT_YET:
        for record in context.store.every(kind):
            when = day(record.get(field))
            if when and when > context.as_of and record.file not in reported:
                reported.add(record.file)
                yield context.finding("dates-ordered", record, f"{what} {when}, after the date being checked "
                                      f"({context.as_of})", pointer=f"/{field}",
                                      detail="future" if field == "date" else f"future {field}", hint=hint)


def _half_terms_ordered(context):
    school = context.store.get("school", "school")
    for y, year in enumerate(context.store.school.get("calendar", [])):
        for h, half in enumerate(year["half_terms"]):
            if day(half["ends"]) < day(half["starts"]):
                yield context.finding(
                    "dates-ordered", school, f"{year['academic_year']} {half['name']} ends ({half['ends']}) "
                    f"before it starts ({half['starts']})", pointer=f"/calendar/{y}/half_terms/{h}/ends",
                    detail=f"{year['academic_year']} {half['name']}", hint="copy the term dates the school published")


@rule("ended-with-reason", ERROR, "Records contract: a change of tutor ends the old assignment with 'to' and 'reason'",
      "An assignment that has ended says why, so the record shows each change of tutor and its cause.",
      "Add a 'reason' to the ended assignment, for example 'tutor left the school' or 'needs changed'.",
      never_waived=NOT_WAIVED_INTEGRITY)
def ended_with_reason(context: Context) -> Iterator[Finding]:
    for assignment in context.store.assignments.values():
        if assignment.get("to") and not (assignment.get("reason") or "").strip():
            yield context.finding(
                "ended-with-reason", assignment, f"the assignment ends on {assignment.get('to')} but does not say why",
                pointer="/to", hint="add 'reason:' saying why it ended, for example 'tutor left the school', "
                                    "'needs changed' or 'pupil moved House'")
