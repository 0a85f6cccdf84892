"""`critic rules`: list the rules (id, severity, what they apply to, one-line message)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from critic.commands import rule_pack_options
from critic.engine import Engine


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@rule_pack_options
def command(fmt: str, rule_dirs: tuple[Path, ...], lexicon_dirs: tuple[Path, ...]) -> None:
    """List every rule: id, severity, what it applies to, and its message."""
    engine = Engine(rule_dirs=rule_dirs, lexicon_dirs=lexicon_dirs)
    rules = sorted(engine.rules, key=lambda r: r.id)
    if fmt == "json":
        click.echo(json.dumps({"rules": [r.to_dict() for r in rules]}, indent=2, sort_keys=True))
        return
    width = max(len(r.id) for r in rules)
    for r in rules:
        applies = ",".join(r.applies_to)
        click.echo(f"{r.id:<{width}}  {r.severity:<7}  {applies:<22}  {r.message}")
    for notice in engine.notices:
        click.echo(f"note: {notice}", err=True)
