"""The ``pastoral`` command: finds its subcommands in ``pastoral.commands`` and runs one.

Each module there has ``register(subparsers)``, which adds its parser and sets
``run(args) -> exit code`` as the parser's default ``run``. Exit codes follow the
records contract: 0 fine, 1 findings, 2 usage or I/O problem.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from pastoral import __version__, commands
from pastoral.parsecache import DIRECTORY_VARIABLE, cache_directory
from pastoral.reporters import REPORTERS
from pastoral.schemas import SchemaError
from pastoral.workspace import UsageError, Workspace

USAGE_ERROR = 2


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
                        help="text for people, json for tools, github for workflow annotations")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pastoral", description="Records-as-code for personal tutoring in schools.")
    parser.add_argument("--version", action="version", version=f"pastoral {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{module.name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 is shown escaped, never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (UsageError, SchemaError) as error:
        print(f"pastoral {args.command}: {error}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:  # output piped into 'head': stop quietly
        return 0
