"""The `critic` command line: a click group whose subcommands live in critic.commands.*."""

from __future__ import annotations

import importlib
import sys

import click

from critic import __version__
from critic.errors import CriticError
from critic.termsafe import clean

# name -> module under critic.commands (each exposes `command`)
COMMANDS: dict[str, str] = {
    "parse": "parse",
    "review": "review",
    "rules": "rules",
    "explain": "explain",
    "eval": "eval",
    "drill": "drill",
    "batch": "batch",
    "screen": "screen",
    "fix": "fix",
    "serve": "serve",
}


class LazyGroup(click.Group):
    """Import a subcommand's module only when it is listed or run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        module_name = COMMANDS.get(name)
        if module_name is None:
            return None
        try:
            module = importlib.import_module(f"critic.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"critic.commands.{module_name}":
                return None
            raise
        return module.command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="critic")
def cli() -> None:
    """Critique AI product-manager resumes and interview answers, offline.

    Finds weak items (no numbers, black-box language, no trade-off, no kill criteria, ...) and
    rewrites each as a BAD -> GOOD pair with placeholders for what only you know.
    """


def main() -> None:
    """Run the CLI; user-facing errors print one line and exit 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except CriticError as exc:
        click.echo(f"critic: error: {clean(str(exc))}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
