"""Integrity rules: every record, whatever its kind."""

from __future__ import annotations

from pathlib import PurePosixPath

from pastoral.rules.base import ERROR, rule


@rule("id-matches-file", ERROR, "records contract",
      "A record's id is its file name, so that people and tools find it where they expect.")
def id_matches_file(context):
    for records in context.store.all.values():
        for record in records:
            expected = PurePosixPath(record.file).stem
            if record.kind.name != "school" and record.id != expected:
                yield context.finding(
                    "id-matches-file", record, f"the id '{record.id}' does not match the file name '{expected}.yml'",
                    pointer="/id", hint=f"change the id to '{expected}', or rename the file to '{record.id}.yml'")
