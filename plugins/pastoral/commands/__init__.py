"""One module per subcommand; ``options`` holds what they share."""

COMMANDS = {"audiences": "audiences", "check": "check", "codeowners": "codeowners", "history": "history",
            "import": "import_roll", "new": "new", "retention": "retention", "reviewers": "reviewers",
            "rollover": "rollover", "sar": "sar", "split": "split", "validate": "validate"}
"""Each command as people type it -> the module that registers it, in the order ``pastoral --help`` lists them."""
