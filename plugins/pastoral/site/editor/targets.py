"""Each pupil's open targets, for the review picker of the session form.

A review names its target as '<session id>#<target id>', which nobody should
have to type. The build lists, per pupil, the targets still open: never
reviewed, or last reviewed as 'carried-forward'. The form offers only those.
"""

from __future__ import annotations

from pastoral.core.index import RecordIndex

STILL_OPEN = "carried-forward"


def open_targets(index: RecordIndex) -> dict[str, list[dict[str, str]]]:
    """Pupil id -> [{'value': '<session>#<target>', 'label': what the tutor sees}], oldest target first."""
    by_pupil: dict[str, list[dict[str, str]]] = {}
    for key, (session, target) in sorted(index.targets.items(), key=lambda item: (item[1][0].get("date"), item[0])):
        if _last_outcome(index, key) not in (None, STILL_OPEN):
            continue
        by_pupil.setdefault(session.get("pupil"), []).append({"value": key, "label": _label(session.get("date"), target)})
    return by_pupil


def _last_outcome(index: RecordIndex, key: str) -> str | None:
    reviewing = sorted(index.reviews_of_target.get(key, []), key=lambda session: session.get("date"))
    if not reviewing:
        return None
    return next(review["outcome"] for review in reversed(reviewing[-1].get("reviews", [])) if review["target"] == key)


def _label(set_on: str, target: dict) -> str:
    review_by = f", review by {target['review_by']}" if "review_by" in target else ""
    return f"{' '.join(target['text'].split())} (set {set_on}{review_by})"
