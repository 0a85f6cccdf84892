"""One module per `critic` subcommand; each exposes a click command named `command`."""
