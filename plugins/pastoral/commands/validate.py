"""``pastoral validate [PATH...]``: parse and schema-check records."""

from __future__ import annotations

import sys
from pathlib import Path

from pastoral.checking.validation import validate_workspace
from pastoral.commands.options import add_cache_option, add_format_option, add_records_option, chosen_cache
from pastoral.core.workspace import Workspace
from pastoral.reading.parser import cached_parser
from pastoral.reading.positions import place
from pastoral.reporters import REPORTERS, Report


def register(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="parse and schema-check records",
                                   description="Check that each record parses and matches its kind's schema.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="record files to check (default: all); only these are read, and without the parse "
                             "cache, whose reading costs more than parsing them")
    add_records_option(parser)
    add_format_option(parser)
    add_cache_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    workspace = Workspace.at(args.records)
    # Files named (an editor's save, a commit's files) are read and parsed afresh: a cache cannot know a file's
    # parse before reading it, and its shards take longer to read than the files take to parse.
    with cached_parser(chosen_cache(args, workspace) if not args.paths else None) as parser:
        validated = validate_workspace(workspace, args.paths, parser)
    findings = place(validated.findings, workspace.root)
    report = Report("validate", findings, records=validated.files)
    REPORTERS[args.format](report, sys.stdout)
    return report.exit_code
