"""The ``pastoral`` command: registers the subcommands ``pastoral.commands`` lists and runs one.

Each module there has ``register(subparsers)``, which adds its parser and sets
``run(args) -> exit code`` as the parser's default ``run``. Exit codes follow the
records contract: 0 fine, 1 findings, 2 usage or I/O problem.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys

from pastoral import __version__, commands
from pastoral.core.workspace import UsageError

USAGE_ERROR = 2


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of the one ``argv`` names: a check in an editor's save loop
    should not pay for importing what ``import`` and ``retention`` need."""
    parser = argparse.ArgumentParser(prog="pastoral", description="Records-as-code for personal tutoring in schools.")
    parser.add_argument("--version", action="version", version=f"pastoral {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = next((argument for argument in argv or [] if not argument.startswith("-")), None)
    for name in [named] if named in commands.COMMANDS else commands.COMMANDS:
        importlib.import_module(f"{commands.__name__}.{commands.COMMANDS[name]}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 is shown escaped, never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:  # a broken schema (SchemaError) too
        print(f"pastoral {args.command}: {error}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:  # output piped into 'head': stop quietly
        return 0
    except OSError as error:  # the report cannot be written (a full disk, say), or another file cannot be
        print(f"pastoral {args.command}: {io_problem(error)}", file=sys.stderr)
        return USAGE_ERROR


def io_problem(error: OSError) -> str:
    """What went wrong with a file, in words: the system's, and the file's name when it has one."""
    return (error.strerror or str(error)) + (f": {error.filename}" if error.filename else "")


def entry() -> None:
    """The ``pastoral`` program: ``main``, then out at once, as mypy does, without the interpreter freeing every
    module, cache and index one by one first (13 ms of a check at 2,000 pupils, 50 ms at 50,000). Every command
    has closed its files, saved its caches and waited for its workers and Git by then; what it printed is
    flushed here."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a pipe closed early; a stream closed
            pass
        except OSError as error:  # the end of the report cannot be written (a full disk, say)
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"pastoral: the report cannot be written: {io_problem(error)}\n")
                sys.stderr.flush()
            code = USAGE_ERROR
    os._exit(code)
