"""``pastoral check``: validate, then run every rule; the gate CI runs on each change."""

from __future__ import annotations

import sys
from datetime import date

from pastoral.checking.checker import check_revision, check_workspace, houses_of, tutors_of
from pastoral.commands.options import add_cache_option, add_format_option, add_records_option, chosen_cache, iso_date
from pastoral.core.workspace import Workspace
from pastoral.lifecycle.codeowners import stale_findings
from pastoral.reading.parser import cached_parser
from pastoral.reading.positions import place
from pastoral.reporters import REPORTERS, Report


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="validate, then check every rule",
                                   description="Validate the records, then check every rule of the catalogue.")
    add_records_option(parser)
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="DATE",
                        help="judge due and overdue sessions as on this date (default: today)")
    parser.add_argument("--base", metavar="GIT-REV",
                        help="only errors this change adds, compared with GIT-REV, can fail the check")
    add_format_option(parser)
    add_cache_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    workspace = Workspace.at(args.records)
    as_of = args.as_of or date.today()
    baseline = None
    with cached_parser(chosen_cache(args, workspace)) as parser:
        checked = check_workspace(workspace, as_of, parser)
        if args.base:
            base = check_revision(workspace, args.base, as_of, parser)
            baseline = frozenset(finding.identity for finding in base.findings)
    findings = place(checked.findings, workspace.root) + stale_findings(workspace, checked.store)
    report = Report("check", findings, records=checked.files, baseline=baseline, houses=houses_of(checked.store),
                    tutors=tutors_of(checked.context))
    REPORTERS[args.format](report, sys.stdout)
    return report.exit_code
