"""One module per subcommand; ``options`` holds what they share."""

COMMANDS = {"check": "check", "codeowners": "codeowners", "import": "import_roll", "new": "new",
            "retention": "retention", "rollover": "rollover", "validate": "validate"}
"""Each command as people type it -> the module that registers it, in the order ``pastoral --help`` lists them."""
