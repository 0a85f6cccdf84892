"""`critic explain RULE`: what a rule does, why it matters, an example and what to write instead."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import click

from critic.commands import rule_pack_options
from critic.engine import Engine
from critic.errors import ConfigError

# The hiring-committee articles the rules cite as "seed NNN", by title.
SOURCE_TITLES = {
    "000": "AI PM Trends 2026",
    "001": "AI PM Trends in 2026: What Separates the Hired from the Rejected",
    "002": "AI PM Trends and Insights",
    "003": "AI PM vs Traditional PM: How the Role Has Evolved in 2026",
    "004": "The Complete Guide to AI Product Management in 2026",
}


def cite(source: str) -> str:
    """A rule's source with each "seed NNN" written as the article's title."""
    return re.sub(r"\bseed (\d{3})\b", lambda m: f"“{SOURCE_TITLES[m[1]]}”" if m[1] in SOURCE_TITLES else m[0],
                  source)


def explain_text(engine: Engine, rule_id: str) -> str:
    """The explanation of one rule as plain text."""
    rule = engine.rule(rule_id)
    applies = ", ".join(rule.applies_to)
    lines = [f"{rule.id} ({rule.severity}; applies to: {applies}; theme: {rule.theme})", "",
             "What it does:", f"  {rule.message}", "", "Why it matters:"]
    for para in rule.description.strip().split("\n\n"):
        lines += textwrap.wrap(" ".join(para.split()), width=96, initial_indent="  ", subsequent_indent="  ")
    example = rule.rewrite.get("example") if rule.rewrite else None
    lines += ["", "Example (flagged):"]
    if example:
        lines.append(f"  {example['bad']}")
    else:
        for text in rule.examples["flag"][:1]:
            lines += [f"  {ln}" for ln in text.splitlines()]
    lines += ["", "Use instead:"]
    if example:
        lines.append(f"  {example['good']}")
    else:
        for text in rule.examples["pass"][:1]:
            lines += [f"  {ln}" for ln in text.splitlines()]
    if rule.rewrite and rule.rewrite.get("placeholders"):
        lines += ["", "Fill in:"]
        lines += [f"  {ph['text']}  {ph['question']}" for ph in rule.rewrite["placeholders"]]
    lines += ["", "When it is raised:"]
    lines += [f"  {ln}" for ln in advice_text(rule.advice)]
    lines += ["", "Source:"]
    lines += textwrap.wrap(cite(" ".join(str(rule.source).split())), width=96, initial_indent="  ",
                           subsequent_indent="  ")
    return "\n".join(lines)


def advice_text(advice: dict) -> list[str]:
    """When a rule's finding is raised to the candidate, and when it is only kept as a note."""
    if not advice:
        return ["Raised wherever it fires (the rule names no advice gate)."]
    from critic.advice.gates import GATES

    gate = GATES[advice["gate"]]
    doc = " ".join((gate.__doc__ or "").split())
    return [*textwrap.wrap(f"On {', '.join(advice['types'])} items of a resume. {doc}", width=96),
            *textwrap.wrap("Otherwise, and past the budget (two asks a bullet, about two a role, the first bullets "
                           "of the latest relevant roles first), it is kept as a note with the reason; "
                           "`critic review --all` lists notes. Interview answers are not gated.", width=96)]


@click.command("explain")
@click.argument("rule_id", metavar="RULE")
@rule_pack_options
def command(rule_id: str, rule_dirs: tuple[Path, ...], lexicon_dirs: tuple[Path, ...]) -> None:
    """Explain RULE: what it does, why it matters, an example and what to write instead."""
    engine = Engine(rule_dirs=rule_dirs, lexicon_dirs=lexicon_dirs)
    try:
        click.echo(explain_text(engine, rule_id))
    except ConfigError:
        raise click.UsageError(f"unknown rule '{rule_id}'; `critic rules` lists them") from None
