"""One module per subcommand; ``pastoral.cli`` discovers them."""
