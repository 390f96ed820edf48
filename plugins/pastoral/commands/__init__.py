"""One module per subcommand, named as people type it; ``options`` holds what they share."""

COMMANDS = ("audiences", "check", "codeowners", "import_roll", "new", "retention", "rollover", "split", "validate")
"""The modules ``pastoral.cli`` registers, in the order ``pastoral --help`` lists them."""
