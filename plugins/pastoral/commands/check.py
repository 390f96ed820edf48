"""``pastoral check``: validate, then run every rule; the gate CI runs on each change."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from datetime import date

from pastoral.checking.findings_cache import FindingsCache
from pastoral.checking.reported import check_reported, revision_findings
from pastoral.commands.options import (
    add_cache_option,
    add_format_option,
    add_records_option,
    add_restricted_option,
    chosen_cache,
    iso_date,
    restricted_records,
)
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.codeowners import codeowners_addition
from pastoral.reading.parser import cached_parser
from pastoral.reporters import REPORTERS, Report


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="validate, then check every rule",
                                   description="Validate the records, then check every rule of the catalogue.")
    add_records_option(parser)
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="DATE",
                        help="judge due and overdue sessions as on this date (default: today)")
    parser.add_argument("--base", metavar="GIT-REV",
                        help="only errors this change adds, compared with GIT-REV, can fail the check "
                             "(with --restricted: a revision of the restricted records' repository)")
    add_restricted_option(parser)
    add_format_option(parser)
    add_cache_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    workspace = Workspace.at(args.records)
    as_of = args.as_of or date.today()
    baseline = None
    with ExitStack() as stack:
        parser = stack.enter_context(cached_parser(chosen_cache(args, workspace)))
        restricted = restricted_records(args, stack)
        findings_cache = FindingsCache(parser.cache.directory if parser.cache is not None else None)
        checked = check_reported(workspace, as_of, parser, findings_cache, codeowners_addition(workspace), restricted)
        if args.base:
            base = revision_findings(workspace, args.base, as_of, parser, findings_cache, restricted)
            baseline = frozenset(finding.identity for finding in base)
    report = Report("check", checked.findings, records=checked.files, baseline=baseline, houses=checked.houses,
                    tutors=checked.tutors, house_names=checked.house_names)
    REPORTERS[args.format](report, sys.stdout)
    return report.exit_code
