"""One module per subcommand, named as people type it; ``options`` holds what they share."""

COMMANDS = ("audiences", "check", "codeowners", "history", "import_roll", "new", "retention", "reviewers", "rollover",
            "sar", "split", "validate")
"""The modules ``pastoral.cli`` registers, in the order ``pastoral --help`` lists them."""
