"""One module per `critic` subcommand; each exposes a click command named `command`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def rule_pack_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The --rules-dir / --lexicons-dir options (a coach's extra rule and lexicon folders)."""
    func = click.option("--lexicons-dir", "lexicon_dirs", multiple=True,
                        type=click.Path(exists=True, file_okay=False, path_type=Path),
                        help="Extra lexicon folder; repeatable.")(func)
    return click.option("--rules-dir", "rule_dirs", multiple=True,
                        type=click.Path(exists=True, file_okay=False, path_type=Path),
                        help="Extra rule folder (a coach's pack); repeatable.")(func)
