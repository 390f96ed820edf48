"""``pastoral new session`` and ``pastoral new assignment`` on a copy of the sample school."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import SAMPLE_AS_OF

from pastoral.reading import yaml_tree


def read(path: Path) -> dict:
    """A record as plain values, dates kept as the text written."""
    return yaml_tree.parse(path.read_text(encoding="utf-8"))


def written_by(out: str, root: Path) -> Path:
    """The file a `pastoral new` run says it wrote."""
    return root / out.split("wrote ", 1)[1].splitlines()[0]


def sessions_of(root: Path, pupil_id: str) -> list[Path]:
    return sorted((root / "records" / "sessions").glob(f"*/*-{pupil_id}.yml"))


def pupil_with_sessions(root: Path, count: int) -> str:
    """A pupil with at least ``count`` sessions, the latest with targets, and an active tutor assignment."""
    for path in sorted((root / "records" / "pupils").glob("*.yml")):
        sessions = sessions_of(root, path.stem)
        assignments = [read(a) for a in (root / "records" / "assignments").glob(f"{path.stem}-*.yml")]
        if (len(sessions) >= count and read(sessions[-1]).get("targets")
                and any("to" not in a and a["role"] == "tutor" for a in assignments)):
            return path.stem
    raise AssertionError(f"the sample school has no pupil with {count} sessions")


def new_session(pastoral, root: Path, pupil_id: str, day: str = SAMPLE_AS_OF):
    return pastoral("new", "session", "--pupil", pupil_id, "--date", day, "--records", str(root / "records"))


def test_a_new_session_lists_every_target_of_the_last_session_and_is_not_valid_until_each_outcome_is_written(
        school, pastoral):
    """Nothing counts before a person fills it in: an unedited session clears no target's review."""
    pupil_id = pupil_with_sessions(school, 1)
    last = read(sessions_of(school, pupil_id)[-1])

    code, out, err = new_session(pastoral, school, pupil_id)

    assert code == 0, err
    written = school / "records" / "sessions" / "2026-27" / f"{SAMPLE_AS_OF}-{pupil_id}.yml"
    assert f"wrote records/sessions/2026-27/{SAMPLE_AS_OF}-{pupil_id}.yml" in out
    assert "to do: write the outcome of each review" in out
    assert written_by(out, school) == written
    session = read(written)
    assert [review["target"] for review in session["reviews"]] == [f"{last['id']}#{t['id']}" for t in last["targets"]]
    assert all(review["outcome"] is None for review in session["reviews"])
    text = written.read_text(encoding="utf-8")
    assert "outcome:  # write what happened: met, partly-met, not-met or carried-forward" in text
    assert last["targets"][0]["text"] in text  # the reviewer sees each target without opening the old file

    code, out, _ = pastoral("validate", str(written), "--records", str(school / "records"))
    assert code == 1
    assert f"records/sessions/2026-27/{SAMPLE_AS_OF}-{pupil_id}.yml:" in out
    assert "error [schema] reviews[1].outcome: nothing is not one of met, partly-met, not-met, carried-forward" in out
    assert "hint: How far the target was met: 'met', 'partly-met', 'not-met' or 'carried-forward'." in out

    filled = text.replace("outcome:  #", "outcome: partly-met  #")
    written.write_text(filled, encoding="utf-8")
    assert pastoral("validate", str(written), "--records", str(school / "records"))[0] == 0


def test_the_new_session_names_the_tutor_and_the_house_tutor_room(school, pastoral):
    pupil_id = pupil_with_sessions(school, 1)
    new_session(pastoral, school, pupil_id)
    session = read(school / "records" / "sessions" / "2026-27" / f"{SAMPLE_AS_OF}-{pupil_id}.yml")
    pupil = read(school / "records" / "pupils" / f"{pupil_id}.yml")
    tutors = [read(a)["staff"] for a in (school / "records" / "assignments").glob(f"{pupil_id}-*.yml")
              if "to" not in read(a) and read(a)["role"] == "tutor"]
    assert session["tutor"] in tutors
    assert session["location"] == read(school / "records" / "houses" / f"{pupil['house']}.yml")["tutor_room"]
    assert session["id"] == f"{SAMPLE_AS_OF}-{pupil_id}" and session["date"] == SAMPLE_AS_OF


def test_targets_already_reviewed_are_not_prefilled(school, pastoral):
    pupil_id = pupil_with_sessions(school, 2)
    earlier_path, later_path = sessions_of(school, pupil_id)[-2:]
    earlier, later = read(earlier_path), read(later_path)
    keys = [f"{earlier['id']}#{t['id']}" for t in earlier["targets"]]
    assert len(keys) >= 2, "the earlier session needs two targets"
    # the later session reviewed only the first target; a session on a day between the two is started
    lines, skipping = [], False
    for line in later_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("  - target:"):
            skipping = keys[0] not in line
        elif not line.startswith("    "):
            skipping = False
        if not skipping:
            lines.append(line)
    later_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    between = (date.fromisoformat(later["date"]) - timedelta(days=1)).isoformat()
    assert earlier["date"] < between

    code, out, err = new_session(pastoral, school, pupil_id, between)

    assert code == 0, err
    assert [review["target"] for review in read(written_by(out, school))["reviews"]] == keys[1:]


def test_a_pupil_with_no_earlier_session_gets_no_reviews(school, pastoral):
    pupil_id = pupil_with_sessions(school, 1)
    for path in sessions_of(school, pupil_id):
        path.unlink()
    code, out, err = new_session(pastoral, school, pupil_id)
    assert code == 0, err
    assert "reviews" not in read(written_by(out, school))


def test_new_session_never_overwrites_a_record(school, pastoral):
    pupil_id = pupil_with_sessions(school, 1)
    assert new_session(pastoral, school, pupil_id)[0] == 0
    written = school / "records" / "sessions" / "2026-27" / f"{SAMPLE_AS_OF}-{pupil_id}.yml"
    written.write_text(written.read_text(encoding="utf-8") + "notes: already filled in\n", encoding="utf-8")
    before = written.read_bytes()

    code, out, err = new_session(pastoral, school, pupil_id)

    assert code == 1 and out == ""
    assert err == (f"pastoral new session: records/sessions/2026-27/{SAMPLE_AS_OF}-{pupil_id}.yml already exists, "
                   "and pastoral never overwrites a record: edit that file instead\n")
    assert written.read_bytes() == before


def test_an_unknown_pupil_is_a_usage_error_naming_the_id(school, pastoral):
    code, _, err = new_session(pastoral, school, "p9999")
    assert code == 2
    assert "there is no pupil with the id 'p9999' in the records (no file pupils/p9999.yml" in err
    assert not list((school / "records" / "sessions").glob("*/*-p9999.yml"))


def test_a_pupil_without_a_tutor_is_refused_with_what_to_do(school, pastoral):
    pupil_id = pupil_with_sessions(school, 1)
    for path in (school / "records" / "assignments").glob(f"{pupil_id}-*.yml"):
        path.unlink()
    code, _, err = new_session(pastoral, school, pupil_id)
    assert code == 1
    assert f"pupil '{pupil_id}' has no active tutor assignment on {SAMPLE_AS_OF}" in err
    assert f"pastoral new assignment --pupil {pupil_id} --staff STAFF-ID" in err


def test_a_new_assignment_takes_the_next_number_validates_and_says_what_to_end(school, pastoral):
    pupil_id = pupil_with_sessions(school, 1)
    existing = sorted((school / "records" / "assignments").glob(f"{pupil_id}-*.yml"))
    current = next(path for path in existing if "to" not in read(path))
    staff = read(current)["staff"]

    code, out, err = pastoral("new", "assignment", "--pupil", pupil_id, "--staff", staff, "--from", SAMPLE_AS_OF,
                              "--records", str(school / "records"))

    assert code == 0, err
    number = max(int(path.stem.rsplit("-", 1)[1]) for path in existing) + 1
    written = school / "records" / "assignments" / f"{pupil_id}-{number}.yml"
    needs = read(school / "records" / "pupils" / f"{pupil_id}.yml").get("needs")
    assert read(written) == {"id": f"{pupil_id}-{number}", "pupil": pupil_id, "staff": staff, "role": "tutor",
                             "from": SAMPLE_AS_OF, **({"needs_considered_for": needs} if needs else {})}
    assert pastoral("validate", str(written), "--records", str(school / "records"))[0] == 0
    assert f"to do: end records/assignments/{current.name}: add 'to: {SAMPLE_AS_OF}' and a 'reason'" in out
    assert "to: " not in current.read_text(encoding="utf-8")  # the old assignment is left for the user to end


def test_a_new_assignment_for_a_pupil_with_needs_asks_for_needs_considered(school, pastoral):
    pupil_id = next(path.stem for path in sorted((school / "records" / "pupils").glob("*.yml"))
                    if read(path).get("needs"))
    code, out, _ = pastoral("new", "assignment", "--pupil", pupil_id, "--staff", "anyone-here",
                            "--records", str(school / "records"))
    assert code == 2  # the staff id is checked too
    staff = next(path.stem for path in (school / "records" / "staff").glob("*.yml"))
    code, out, _ = pastoral("new", "assignment", "--pupil", pupil_id, "--staff", staff, "--role", "associate-tutor",
                            "--records", str(school / "records"))
    assert code == 0
    assert "write 'needs_considered' before you commit" in out
    written = written_by(out, school)
    assert "# needs_considered: how the pupil's needs" in written.read_text(encoding="utf-8")
    assert read(written)["role"] == "associate-tutor"
    assert read(written)["needs_considered_for"] == read(school / "records" / "pupils" / f"{pupil_id}.yml")["needs"]
    assert pastoral("validate", str(written), "--records", str(school / "records"))[0] == 0
