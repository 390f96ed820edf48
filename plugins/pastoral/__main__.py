"""Allow ``python -m pastoral``."""

from pastoral.cli import main

raise SystemExit(main())
