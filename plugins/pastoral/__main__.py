"""Allow ``python -m pastoral``."""

from pastoral.cli import entry

entry()
