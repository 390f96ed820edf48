"""Start a session or assignment record, prefilled from the records, for a member of staff to finish.

Nothing written counts before a person fills it in: fields the records cannot
know are left as commented-out lines, and each review of an earlier target is
listed with an empty outcome, which the schema refuses. A session committed
unedited therefore fails ``pastoral validate``, saying which outcome to write,
instead of clearing ``targets-reviewed`` for a review that never happened.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pastoral.core.index import TUTOR, RecordIndex
from pastoral.core.kinds import KINDS
from pastoral.core.record import Record
from pastoral.core.store import RecordStore
from pastoral.core.workspace import UsageError, Workspace

OUTCOMES = "met, partly-met, not-met or carried-forward"
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


class Refused(Exception):
    """The record cannot be started as asked (exit code 1): the message says what to do instead."""


@dataclass(frozen=True)
class Draft:
    folder: str
    """Folder under the records folder, e.g. 'sessions/2026-27'."""
    id: str
    text: str
    todo: tuple[str, ...] = ()
    """What the member of staff must still do elsewhere, shown after writing."""

    @property
    def relative(self) -> str:
        return f"{self.folder}/{self.id}.yml"


def find(store: RecordStore, kind: str, record_id: str) -> Record:
    """The record of ``kind`` with this id, or a usage error that names the id and the file looked for."""
    record = store.get(kind, record_id)
    if record is not None:
        return record
    if store.exists(kind, record_id):
        raise UsageError(f"the {kind} record '{record_id}' does not match its schema: "
                         "run `pastoral validate` and fix it first")
    raise UsageError(f"there is no {kind} with the id '{record_id}' in the records (no file "
                     f"{KIND_BY_NAME[kind].folder}/{record_id}.yml in the records folder): check the id")


def session_draft(index: RecordIndex, pupil_id: str) -> Draft:
    """A session with ``pupil_id`` on ``index.as_of``: their tutor, the House tutor room, and a
    review for each target of their last session that no session has reviewed yet."""
    store, day = index.store, index.as_of
    pupil = find(store, "pupil", pupil_id)
    tutors = sorted(index.tutor_assignments_of_pupil.get(pupil_id, []), key=lambda a: a.get("from"))
    if not tutors:
        raise Refused(f"pupil '{pupil_id}' has no active tutor assignment on {day}: assign a tutor first "
                      f"(`pastoral new assignment --pupil {pupil_id} --staff STAFF-ID`)")
    house = store.houses.get(pupil.get("house"))
    session_id = f"{day.isoformat()}-{pupil_id}"
    lines = [
        f"# A mentoring session with pupil {pupil_id}, started by `pastoral new session`. Fill it in, then commit it",
        "# (or open a pull request): CI checks every field.",
        "#   tutor      the pupil's tutor; put your own staff id instead if you are their associate tutor",
        "#   covered_by if you held the session because the tutor was away: your staff id (keep theirs in 'tutor')",
        "#   location   where you met: somewhere quiet but not secluded, door open",
        f"#   reviews    one per target of the last session: write its 'outcome', {OUTCOMES}",
        "#              (the file is not valid until you do), and say in 'comment' how it went",
        "#   targets    the targets agreed today: remove the '# ' before those lines and fill them in",
        "#   referrals  anyone you directed the pupil to: a named person, with an email or a phone number",
        "#   planner_signed_on  the date a parent or carer signed the planner, once they have",
        f"id: {session_id}",
        f"pupil: {pupil_id}",
        f"tutor: {tutors[-1].get('staff')}",
        f"date: {day.isoformat()}",
    ]
    if house is not None:
        lines.append(f"location: {_quoted(house.get('tutor_room'))}")
    reviews = unreviewed_targets(index, pupil_id)
    if reviews:
        lines.append("reviews:")
    for key, target in reviews:
        lines += [f"  # {_target_summary(target)}",
                  f"  - target: {_quoted(key)}",
                  f"    outcome:  # write what happened: {OUTCOMES}",
                  "    # comment: how it went, in a sentence"]
    lines += [
        "# targets:",
        "#   - id: t1",
        "#     text: the target, in words the pupil understands",
        "#     area: homework",
        "#     review_by: YYYY-MM-DD",
        "# referrals:",
        "#   - service: the service, for example School nurse",
        "#     contact:",
        "#       name: the person to contact",
        "#       email: their email address (or phone: their number)",
        "# planner_signed_on: YYYY-MM-DD",
    ]
    todo = [f"write the outcome of each review ({len(reviews)}): {OUTCOMES}; the file is not valid until you do"
            ] if reviews else []
    return Draft(f"sessions/{index.calendar.academic_year_of(day)}", session_id, "\n".join(lines) + "\n", tuple(todo))


def unreviewed_targets(index: RecordIndex, pupil_id: str) -> list[tuple[str, dict]]:
    """('<session id>#<target id>', target) for each target of the pupil's last session before
    ``as_of`` that no session reviews yet."""
    today = index.as_of.isoformat()
    earlier = [s for s in index.sessions_of_pupil.get(pupil_id, []) if s.get("date") < today]
    if not earlier:
        return []
    last = earlier[-1]
    keys = ((f"{last.id}#{target['id']}", target) for target in last.get("targets", []))
    return [(key, target) for key, target in keys if key not in index.reviews_of_target]


def assignment_draft(index: RecordIndex, assignments: Path, pupil_id: str, staff_id: str, role: str = TUTOR) -> Draft:
    """A new assignment of ``staff_id`` to ``pupil_id`` from ``index.as_of``, numbered
    '<pupil>-<n>' after the highest number in the ``assignments`` folder.

    The pupil's current assignment in the same role is not ended here: changing
    someone else's record is for the member of staff to do, and the draft's
    ``todo`` says how.
    """
    store, day = index.store, index.as_of
    pupil = find(store, "pupil", pupil_id)
    find(store, "staff", staff_id)
    assignment_id = f"{pupil_id}-{next_number(assignments, pupil_id)}"
    lines = [
        f"# Pupil {pupil_id}'s {role} from {day}, started by `pastoral new assignment`. Fill it in, then commit it:",
        "#   informed_on       the date the pupil was told who their tutor is and what to expect "
        f"(within {index.policy.inform_within_days} days)",
        "#   needs_considered  for a pupil with SEN or EAL needs: how they were taken into account in this choice,",
        f"#                     in at least {index.policy.needs_considered_min_words} words of your own ('n/a' or "
        "'see file' is not an answer)",
        "#   reason            why the assignment starts, for example 'tutor left the school' or 'needs changed'",
        "#   to                the day it ends: leave it out while it is current",
        f"id: {assignment_id}",
        f"pupil: {pupil_id}",
        f"staff: {staff_id}",
        f"role: {role}",
        f"from: {day.isoformat()}",
        "# informed_on: YYYY-MM-DD",
    ]
    if pupil.get("needs"):
        lines.append(f"needs_considered_for: [{', '.join(pupil.get('needs'))}]  # the needs this choice had regard to")
        lines.append(f"# needs_considered: how the pupil's needs ({', '.join(pupil.get('needs'))}) were considered")
    lines.append("# reason: why the assignment starts")
    todo = [f"end {current.file}: add 'to: {day.isoformat()}' and a 'reason' (a change of {role} ends the old "
            "assignment; history is never deleted)"
            for current in index.active_assignments
            if current.get("pupil") == pupil_id and current.get("role") == role]
    if pupil.get("needs"):
        todo.append("the pupil has SEN or EAL needs: write 'needs_considered' before you commit")
    return Draft("assignments", assignment_id, "\n".join(lines) + "\n", tuple(todo))


def next_number(assignments: Path, pupil_id: str) -> int:
    """One more than the highest n of the files '<pupil>-<n>.yml' already there."""
    pattern = re.compile(rf"{re.escape(pupil_id)}-([0-9]+)\.yml")
    numbers = [int(match[1]) for path in assignments.glob(f"{pupil_id}-*.yml")
               if (match := pattern.fullmatch(path.name))]
    return max(numbers, default=0) + 1


def write_new(workspace: Workspace, draft: Draft) -> Path:
    """Write the draft into the records folder; never replaces a file that is already there."""
    path = workspace.records / draft.relative
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(draft.text)
    except FileExistsError:
        raise Refused(f"{workspace.relative_file(path)} already exists, and pastoral never overwrites a "
                      "record: edit that file instead") from None
    return path


def _quoted(text: str) -> str:
    """Text as a YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _target_summary(target: dict) -> str:
    """One comment line about a target, so the reviewer sees what it was without opening the old session."""
    details = ", ".join(str(target[key]) if key == "area" else f"review by {target[key]}"
                        for key in ("area", "review_by") if key in target)
    text = " ".join(target["text"].split())
    return f"{target['id']}" + (f" ({details})" if details else "") + f": {text}"
