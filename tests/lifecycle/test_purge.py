"""``pastoral retention --purge`` on a real repository: the leaver is forgotten everywhere the clone can
reach (every path, version, note and message), the hosted copy's refs are left alone, and check passes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.lifecycle.leaver_history import (  # noqa: F401 - leaver_history is a fixture
    AS_OF,
    ASSIGNMENT,
    DELETED,
    OLD_SESSION,
    PUPIL,
    PURGE_ON,
    SESSION,
    WAIVER,
    blobs_ever,
    git,
    leaver_history,
    put,
)

ALL_PATHS = (PUPIL, ASSIGNMENT, DELETED, OLD_SESSION, SESSION, WAIVER)


def purge(pastoral, root: Path):
    return pastoral("retention", "--records", str(root / "records"), "--as-of", PURGE_ON, "--purge")


def own_objects(root: Path) -> str:
    return git(root, "rev-list", "--objects", "--exclude=refs/remotes/*", "--all")


def test_the_listing_names_every_record_of_the_leaver_by_rule_with_the_day_it_fell_due(leaver_history, pastoral):
    code, out, _ = pastoral("retention", "--records", str(leaver_history / "records"), "--as-of", PURGE_ON)
    assert code == 1
    assert out == (
        "pupils (date of birth + 25 years, IRMS default):\n"
        "  records/pupils/p0099.yml: p0099, due since 2033-05-02 (date of birth + 25 years, born 2008-05-01)\n"
        "assignments (date of birth + 25 years, IRMS default):\n"
        "  records/assignments/p0099-1.yml: p0099, due since 2033-05-02 (date of birth + 25 years, born 2008-05-01)\n"
        "sessions (date of birth + 25 years, IRMS default):\n"
        f"  {SESSION}: p0099, due since 2033-05-02 (date of birth + 25 years, born 2008-05-01)\n"
        "waivers (date of birth + 25 years, IRMS default):\n"
        f"  {WAIVER}: p0099, due since 2033-05-02 (date of birth + 25 years, born 2008-05-01)\n"
        "pastoral retention: 4 records of 1 person past the retention policy on 2040-01-01 (remove them with --purge)\n")


def test_purge_forgets_every_path_version_note_and_message_and_check_passes(leaver_history, pastoral):
    root = leaver_history
    old = set().union(*(blobs_ever(root, path) for path in ALL_PATHS))
    assert len(old) == 7  # the session twice at its new path (main and draft) and once at its old one
    remote_refs = git(root, "for-each-ref", "refs/remotes/")
    assert pastoral("check", "--records", str(root / "records"), "--as-of", AS_OF)[0] == 0

    code, out, err = purge(pastoral, root)

    assert (code, err) == (0, "")
    assert "removed 4 records of 1 person from the working tree and from every commit of 3 branches and tags" in out
    assert (f"Also removed from history 2 earlier paths (former names, and records deleted earlier that name them): "
            f"{DELETED}, {OLD_SESSION}\n") in out
    assert "Dropped 1 git note that mentioned them.\n" in out
    assert "Checked: none of the 7 purged versions is reachable from this clone's branches, tags or notes" in out
    assert "7 are still held by refs/remotes/* (refs/remotes/origin/draft, refs/remotes/origin/main)" in out
    # Nothing of the leaver is reachable from the clone's own refs ...
    listed = own_objects(root)
    assert not any(blob in listed for blob in old)
    for path in ALL_PATHS:
        assert not (root / path).exists()
        assert git(root, "log", "--exclude=refs/remotes/*", "--all", "--oneline", "--", path) == ""
    texts = git(root, "log", "--exclude=refs/remotes/*", "--all", "-p", "--format=%B%N")
    assert "p0099" not in texts and "Zed Quinlan" not in texts
    # ... the note that did not mention them is kept, on the rewritten commit
    first = git(root, "rev-list", "--max-parents=0", "main").strip()
    assert git(root, "notes", "show", first).strip() == "First import, checked by SMT"
    assert len(git(root, "notes", "list").splitlines()) == 1
    # ... the hosted copy's refs are left alone, so Git does not claim the clone is in step with it
    assert git(root, "for-each-ref", "refs/remotes/") == remote_refs
    assert "[ahead 1, behind 5]" in git(root, "status", "-sb").splitlines()[0]
    assert git(root, "status", "--porcelain") == ""
    # ... and the records still pass, CODEOWNERS included
    assert pastoral("check", "--records", str(root / "records"), "--as-of", AS_OF)[0] == 0
    assert pastoral("codeowners", "--records", str(root / "records"), "--check")[0] == 0
    assert "p0099" not in (root / ".github/CODEOWNERS").read_text()
    assert "end-of-2025-26" in git(root, "tag")


def test_after_the_force_push_nothing_purged_is_reachable_at_all(leaver_history, pastoral):
    root = leaver_history
    old = set().union(*(blobs_ever(root, path) for path in ALL_PATHS))
    assert purge(pastoral, root)[0] == 0
    git(root, "push", "--quiet", "--force", "--all", "origin")
    git(root, "push", "--quiet", "--force", "--tags", "origin")
    git(root, "push", "--quiet", "--force", "origin", "refs/notes/*")
    git(root, "fetch", "--quiet", "--prune", "origin")
    git(root, "reflog", "expire", "--expire=now", "--all")
    git(root, "gc", "--quiet", "--prune=now")
    listed = git(root, "rev-list", "--all", "--objects")
    assert not any(blob in listed for blob in old)
    for blob in old:
        assert subprocess.run(["git", "-C", str(root), "cat-file", "-e", blob]).returncode != 0
    fresh = root.parent / "fresh-clone"
    subprocess.run(["git", "clone", "--quiet", "--mirror", str(root.parent / f"{root.name}-remote.git"), str(fresh)],
                   check=True)
    assert not any(blob in git(fresh, "rev-list", "--all", "--objects") for blob in old)


def test_purge_prints_the_steps_only_a_person_can_take(leaver_history, pastoral):
    out = purge(pastoral, leaver_history)[1]
    for step in ("an administrator uses its bypass", "git push --force --all origin && git push --force --tags origin",
                 "refs/pull/*", "GitHub Support", "CI artifacts", "old builds", "deletes it and clones again",
                 "backups"):
        assert step in out


def test_purge_is_refused_while_another_worktree_holds_the_old_history(leaver_history, pastoral):
    other = leaver_history.parent / "second-worktree"
    git(leaver_history, "worktree", "add", "--quiet", str(other), "-b", "elsewhere")
    head = git(leaver_history, "rev-parse", "HEAD")
    code, out, err = purge(pastoral, leaver_history)
    assert code == 2
    assert f"the repository has other worktrees ({other}), each with a checkout of the old history" in err
    assert "git worktree remove PATH" in err
    assert git(leaver_history, "rev-parse", "HEAD") == head and (leaver_history / PUPIL).exists()


def test_purge_is_refused_with_uncommitted_changes(leaver_history, pastoral):
    pupil = leaver_history / "records/pupils/p0042.yml"
    pupil.write_text(pupil.read_text() + "\n")
    code, _, err = purge(pastoral, leaver_history)
    assert code == 2
    assert "the repository has uncommitted changes: commit them first" in err
    assert (leaver_history / PUPIL).exists()


def test_codeowners_is_regenerated_and_committed_when_a_house_loses_its_last_pupil(leaver_history, pastoral):
    root = leaver_history
    put(root, "records/houses/elm.yml", {"id": "elm", "name": "Elm House", "head_of_house": "hoe",
                                         "tutor_room": "Room E1"})
    put(root, "records/staff/hoe.yml", {"id": "hoe", "name": "Mr Elm", "email": "hoe@test.example",
                                        "roles": ["head-of-house"], "house": "elm", "github": "hoe-gh"})
    pupil = root / PUPIL
    pupil.write_text(pupil.read_text().replace("house: oak", "house: elm"))
    assert pastoral("codeowners", "--records", str(root / "records"))[0] == 0
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "Elm House")
    code, out, _ = purge(pastoral, root)
    assert code == 0
    assert "Regenerated and committed .github/CODEOWNERS without the purged records." in out
    assert "Elm House" not in (root / ".github/CODEOWNERS").read_text()
    assert git(root, "status", "--porcelain") == ""
    assert pastoral("check", "--records", str(root / "records"), "--as-of", AS_OF)[0] == 0


def test_a_kept_record_and_commit_message_naming_the_leaver_keep_their_words_but_not_the_name(leaver_history, pastoral):
    root = leaver_history
    kept = root / "records/sessions/2026-27/2026-10-05-p0042.yml"
    kept.write_text(kept.read_text() + "notes: Paired with p0099 (Zed Quinlan) in the revision club.\n")
    git(root, "commit", "--quiet", "-am", "p0042 paired with p0099")
    code, out, _ = purge(pastoral, root)
    assert code == 0
    assert kept.read_text().endswith("notes: Paired with (removed) ((removed)) in the revision club.\n")
    assert git(root, "log", "-1", "--format=%s") == "p0042 paired with (removed)\n"
    texts = git(root, "log", "--exclude=refs/remotes/*", "--all", "-p", "--format=%B%N")
    assert "p0099" not in texts and "Zed Quinlan" not in texts
    assert pastoral("check", "--records", str(root / "records"), "--as-of", AS_OF)[0] == 0
