"""`critic eval FILE.jsonl`: score the rules on a labelled file (see critic.engine.evaluation)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from critic.commands import rule_pack_options
from critic.engine import Engine
from critic.engine.evaluation import EvalResult, read_labelled
from critic.errors import InputError
from critic.evaluate import evaluate


def render_text(result: EvalResult, *, explain: bool = False) -> str:
    """Per-rule table, then the misjudged items (with the evidence when `explain`)."""
    rows = [("rule", "TP", "FP", "FN", "TN", "precision", "recall", "F1")]
    for rid in sorted(result.rules):
        s = result.rules[rid]
        rows.append((rid, str(s.tp), str(s.fp), str(s.fn), str(s.tn), f"{s.precision:.3f}", f"{s.recall:.3f}",
                     f"{s.f1:.3f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = ["  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)) for r in rows]
    out.append("")
    if not result.misjudged:
        out.append(f"All {len(result.items)} items judged as labelled.")
    else:
        out.append(f"Misjudged ({len(result.misjudged)}):")
        index = {id(item): i for i, item in enumerate(result.items)}
        for item, rid, what in result.misjudged:
            out.append(f"  {what} {rid}  {item.id} (line {item.line}, {item.kind}): {item.text}")
            if explain:
                for f in result.findings[index[id(item)]]:
                    if f.rule == rid:
                        for e in f.evidence:
                            span = f" [{e.start}:{e.end}]" if e.start is not None else ""
                            out.append(f"      {e.kind}{span} {e.text!r} {e.source} {e.note}".rstrip())
    return "\n".join(out)


@click.command("eval")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--min-f1", type=click.FloatRange(0.0, 1.0), default=None,
              help="Exit 1 when any judged rule's F1 is below this.")
@click.option("--explain", is_flag=True, help="Show the evidence behind each misjudged item (text) or finding (json).")
@rule_pack_options
@click.option("--spacy-model", default=None, help="An installed trained spaCy pipeline to use.")
def command(file: Path, fmt: str, min_f1: float | None, explain: bool, rule_dirs: tuple[Path, ...],
            lexicon_dirs: tuple[Path, ...], spacy_model: str | None) -> None:
    """Score the rules on a labelled JSONL FILE (id, kind, text, expect, expect_not per line).

    Per rule: TP, FP, FN, TN, precision, recall and F1 over the items that name it. Precision is
    1.0 when nothing judged was flagged, recall 1.0 when there was nothing to find.
    """
    if not file.exists():
        raise InputError(str(file), f"no such file (looked for {file.resolve()})")
    items = read_labelled(file)
    engine = Engine(rule_dirs=rule_dirs, lexicon_dirs=lexicon_dirs, spacy_model=spacy_model)
    for notice in engine.notices:
        click.echo(f"note: {notice}", err=True)
    result = evaluate(engine, items)
    if fmt == "json":
        data = result.to_dict()
        if explain:
            for i, entry in enumerate(data["items"]):
                entry["evidence"] = {f.rule: [e.to_dict() for e in f.evidence] for f in result.findings[i]}
        click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(render_text(result, explain=explain))
    if min_f1 is not None and result.min_f1() < min_f1:
        click.echo(f"critic: F1 {result.min_f1():.3f} is below --min-f1 {min_f1}", err=True)
        sys.exit(1)
