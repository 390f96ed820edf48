"""What several commands share: their common options, dates as arguments, and reading records before an edit.

The schemas and rules are imported only inside the functions that use them: ``check`` of an unchanged tree
needs neither, and importing them would cost it a tenth of its time.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pastoral.core.store import RecordStore
from pastoral.core.workspace import Workspace
from pastoral.reading.cache import DIRECTORY_VARIABLE, cache_directory
from pastoral.reading.parser import cached_parser
from pastoral.reading.positions import place
from pastoral.reporters import REPORTERS, Report
from pastoral.reporters import text as text_reporter

if TYPE_CHECKING:
    from pastoral.checking.restricted import Restricted


def add_records_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--records", default="records", metavar="DIR",
                        help="the records folder (default: records/)")


def add_cache_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true",
                        help=f"parse every file afresh, neither reading nor writing the parse cache "
                             f"(default: .pastoral-cache/ beside the records folder, or in ${DIRECTORY_VARIABLE}; "
                             f"on a CI runner, in the runner's temporary folder)")


def chosen_cache(args: argparse.Namespace, workspace: Workspace) -> Path | None:
    """The parse cache's folder, or None when ``--no-cache`` was given."""
    return None if args.no_cache else cache_directory(workspace.root)


def add_restricted_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--restricted", metavar="DIR",
                        help="the restricted records folder (needs, considerations, DBS checks, health reasons), "
                             "joined to the records so that every rule runs")


def restricted_records(args: argparse.Namespace, stack: ExitStack) -> Restricted | None:
    """The restricted folder of ``--restricted``, read with its own cache (kept inside it), or None."""
    if not args.restricted:
        return None
    from pastoral.checking.restricted import Restricted, restricted_cache, restricted_workspace

    workspace = restricted_workspace(args.restricted)
    parser = stack.enter_context(cached_parser(None if args.no_cache else restricted_cache(workspace)))
    return Restricted(workspace, parser)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="text for people, json for tools, github for workflow annotations, "
                        "issue for the nightly reminder (one GitHub issue per House)")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def add_dry_run_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="show the changes as a diff and write nothing")


def editable_records(args: argparse.Namespace, command: str) -> tuple[Workspace, RecordStore] | None:
    """The ``--records`` folder and its records, or None after reporting the files to fix first
    (see ``editable_store``)."""
    workspace = Workspace.at(args.records)
    store = editable_store(workspace, command, sys.stdout)
    return None if store is None else (workspace, store)


def editable_store(workspace: Workspace, command: str, out: TextIO) -> RecordStore | None:
    """The records, or None after reporting the files to fix first.

    A command that edits or deletes records from what it reads must read all of
    them: a broken pupil file would otherwise look like a missing pupil.
    """
    from pastoral.checking.validation import validate_workspace

    validated = validate_workspace(workspace)
    if not validated.findings:
        return validated.store
    out.write(f"pastoral {command}: fix these records first (nothing was changed):\n")
    text_reporter.write(Report(command, place(validated.findings, workspace.root), records=validated.files), out)
    return None
