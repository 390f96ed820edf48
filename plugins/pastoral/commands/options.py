"""What several commands share: their common options, dates as arguments, and reading records before an edit."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TextIO

from pastoral.checking.validation import validate_workspace
from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.reading.cache import DIRECTORY_VARIABLE, cache_directory
from pastoral.reading.positions import place
from pastoral.reporters import REPORTERS, Report
from pastoral.reporters import text as text_reporter


def add_records_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--records", default="records", metavar="DIR",
                        help="the records folder (default: records/)")


def add_cache_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true",
                        help=f"parse every file afresh, neither reading nor writing the parse cache "
                             f"(default: .pastoral-cache/ beside the records folder, or in ${DIRECTORY_VARIABLE})")


def chosen_cache(args: argparse.Namespace, workspace: Workspace) -> Path | None:
    """The parse cache's folder, or None when ``--no-cache`` was given."""
    return None if args.no_cache else cache_directory(workspace.root)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="text for people, json for tools, github for workflow annotations, "
                        "issue for the nightly reminder (one GitHub issue per House)")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def editable_store(workspace: Workspace, command: str, out: TextIO) -> RecordStore | None:
    """The records, or None after reporting the files to fix first.

    A command that edits or deletes records from what it reads must read all of
    them: a broken pupil file would otherwise look like a missing pupil.
    """
    validated = validate_workspace(workspace)
    if not validated.findings:
        return validated.store
    out.write(f"pastoral {command}: fix these records first (nothing was changed):\n")
    text_reporter.write(Report(command, place(validated.findings, workspace.root), records=validated.files), out)
    return None
