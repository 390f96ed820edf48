"""One module per subcommand, named as people type it; ``options`` holds what they share."""

COMMANDS = ("check", "codeowners", "import_roll", "new", "retention", "reviewers", "rollover", "validate")
"""The modules ``pastoral.cli`` registers, in the order ``pastoral --help`` lists them."""
