"""The figures a coach reads rewrites by: placeholders per rewrite, length, redundant asks, damaged words.

Each check is a function of one :class:`Rewrite`; :func:`measure_labelled` runs them over labelled items
(a coach's per-rule ``raise`` labels), answering only the raised rules as the advice layer does.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from critic.rewrite.guards import invented_numbers, keeps_content
from critic.rewrite.model import _PLACEHOLDER_RE, Rewrite
from critic.rewrite.text import MAX_WORDS, words

if TYPE_CHECKING:
    from critic.engine import Engine

# the order in which a coach keeps at most two raised rules on one item
PRIORITY = ("missing-quantification", "black-box-language", "missing-trade-off", "missing-kill-criteria")
MAX_RAISED = 2

# what a placeholder asks for, by the words of its name: two slots of one concept ask the same thing
_CONCEPTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(pattern, re.I)) for name, pattern in (
    ("before", r"\b(?:before|baseline|starting|old)\b"),
    ("after", r"\b(?:after|target|new value)\b"),
    ("watch", r"\bto watch\b"),  # the metric a stop rule watches is not the result the item names
    ("metric", r"\bmetric\b|which number|the number it moved"),
    ("decision", r"\b(?:decid\w*|decision|your call|choice you made)\b"),
    ("given-up", r"\b(?:gave up|give up|traded|accepted cost)\b"),
    ("team", r"\bteam size\b|\bpeople\b"),
))
# BAD already states a before -> after change
_CHANGE_RE = re.compile(r"\bfrom\s+[^.;,]*\d[^.;,]*?\s+to\s+[^.;,]*\d|\d[^.;]{0,20}(?:→|->)\s*[^.;]{0,10}\d", re.I)
_OUTCOME_TYPES = ("percent", "money", "multiplier", "fraction", "ratio", "comparison")


def overlong(rw: Rewrite, limit: int = MAX_WORDS) -> bool:
    """GOOD is over ``limit`` words while BAD was not."""
    return words(rw.good) > limit and words(rw.bad) <= limit


def concept(placeholder: str) -> str:
    """What a placeholder asks for ("before", "metric", ...), or its own name when no concept fits."""
    inner = placeholder.strip("[]")
    for name, pattern in _CONCEPTS:
        if pattern.search(inner):
            return name
    return inner.lower()


def redundant_asks(rw: Rewrite) -> list[str]:
    """Asks GOOD should not make: two slots for one thing, a before/after BAD already states, a metric
    when BAD already names a measured outcome (BAD: the sentences GOOD rewrites, not those split off)."""
    bad = rw.bad
    for sentence in rw.split:
        bad = bad.replace(sentence, " ")
    out: list[str] = []
    seen: dict[str, str] = {}
    for p in rw.placeholders:
        c = concept(p.text)
        if c in seen:
            out.append(f"{seen[c]} and {p.text} ask the same thing")
        seen.setdefault(c, p.text)
    if ("before" in seen or "after" in seen) and _CHANGE_RE.search(bad):
        out.append("asks for a before/after the item states")
    if "metric" in seen and _names_outcome(bad):
        out.append("asks for a metric the item names")
    return out


def _names_outcome(text: str) -> bool:
    """BAD states a measured outcome, or names what it changed ("Reduced churn for ...")."""
    from critic.numbers import measures
    from critic.rewrite.item import _analyse, named_change

    return any(m.type in _OUTCOME_TYPES for m in measures(text)) or named_change(_analyse(text, "bullet")) is not None


_EDGE_OPEN = "(\"'“‘["
_EDGE_CLOSE = ",;:.!?)\"'”’]。！？，；："


def damaged_tokens(rw: Rewrite) -> list[str]:
    """BAD's tokens that GOOD does not keep intact ("using .NET" -> "using.NET"), outside the words an
    edit removed or re-inflected on purpose; a token must stand in GOOD with a space or bracket before it."""
    removed = {w.lower().lstrip(_EDGE_OPEN).rstrip(_EDGE_CLOSE) for span in rw.replaced for w in span.split()}
    good = rw.kept_text()
    for p in rw.placeholders:  # GOOD's own slots only: BAD may hold brackets of its own
        good = good.replace(p.text, " ")
    out: list[str] = []
    for raw in rw.bad.split():
        tok = raw.lstrip(_EDGE_OPEN).rstrip(_EDGE_CLOSE)
        if not tok or tok.lower() in removed:
            continue
        pattern = rf"(?:^|[\s{re.escape(_EDGE_OPEN)}—–-]){re.escape(tok)}"
        if not re.search(pattern, good) and not re.search(pattern, good, re.I):
            out.append(tok)
    return out


def _percentile(values: Sequence[int], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return float(ordered[index])


def raised_findings(findings: Iterable[Any], raised: Iterable[str]) -> list[Any]:
    """The findings whose rule a coach raised, at most MAX_RAISED, in PRIORITY order."""
    wanted = set(raised)
    order = {rule: i for i, rule in enumerate(PRIORITY)}
    kept = {f.rule: f for f in findings if f.rule in wanted}
    return [kept[r] for r in sorted(kept, key=lambda r: (order.get(r, len(PRIORITY)), r))][:MAX_RAISED]


def item_kind(row: Mapping[str, Any]) -> str:
    """The engine's item kind for a labelled resume row: its summary section's items are summaries."""
    return "summary" if row.get("entry") == "summary" else "bullet"


def labelled_rewrites(engine: Engine, rows: Sequence[Mapping[str, Any]], *, typed: bool = True
                      ) -> list[tuple[str | None, Rewrite]]:
    """Rewrite labelled items as the advice layer will (raised rules only, with the item type): each
    rewrite with its item's type.

    rows: ``{"text", "item_type", "labels": {rule: {"raise": bool}}, "entry"}`` objects. Items of the types
    that get no rewrite are sent every finding that fired, to count the rewrites they must not get.
    typed: pass each item's type to the rewrite (False measures a rewrite that ignores it).
    """
    from critic.rewrite.compose import NO_REWRITE_TYPES, RewriteJob, check_many_for, rewrite_many

    pairs = [(str(r["text"]), item_kind(r)) for r in rows]
    fired = engine.check(pairs)
    jobs: list[RewriteJob] = []
    types: list[str | None] = []
    for row, (text, kind), findings in zip(rows, pairs, fired, strict=True):
        item_type = row.get("item_type")
        if item_type in NO_REWRITE_TYPES:
            raised = [f.rule for f in findings]
        else:
            raised = [rule for rule, label in (row.get("labels") or {}).items() if label.get("raise")]
        chosen = raised_findings(findings, raised)
        if chosen:
            types.append(item_type)
            jobs.append(RewriteJob(text, kind, chosen, item_type=item_type if typed else None))
    rewrites = rewrite_many(jobs, engine.rule, check_many_for(engine))
    return [(t, rw) for t, rw in zip(types, rewrites, strict=True) if rw is not None]


def figures(done: Sequence[tuple[str | None, Rewrite]]) -> dict[str, Any]:
    """The quality figures of rewrites (each with its item's type)."""
    from critic.rewrite.compose import NO_REWRITE_TYPES

    counts = [len(rw.placeholders) for _, rw in done]
    out: dict[str, Any] = {
        "rewrites": len(done),
        "placeholders_median": statistics.median(counts) if counts else 0,
        "placeholders_p90": _percentile(counts, 0.9),
        "over_40_words": sum(overlong(rw) for _, rw in done),
        "redundant_asks": sum(bool(redundant_asks(rw)) for _, rw in done),
        "damaged_words": sum(bool(damaged_tokens(rw)) for _, rw in done),
        "no_rewrite_types_rewritten": sum(row_type in NO_REWRITE_TYPES for row_type, _ in done),
        "invented_numbers": sum(bool(invented_numbers(rw.bad, rw.good, rw.derived)) for _, rw in done),
        "content_lost": sum(not keeps_content(rw) for _, rw in done),
        "words_median": statistics.median([words(rw.good) for _, rw in done]) if done else 0,
    }
    return out


def coach_figures(top_edits: Mapping[str, Any]) -> dict[str, Any]:
    """Placeholders and words of a coach's own rewrites (``realworld_dev_top_edits.json``), for comparison."""
    rewrites = [str(e.get("rewrite") or "") for _, v in sorted(top_edits.items()) for e in v.get("top_edits", [])]
    rewrites = [r for r in rewrites if r]
    counts = [len(_PLACEHOLDER_RE.findall(r)) for r in rewrites]
    return {"rewrites": len(rewrites), "placeholders_median": statistics.median(counts) if counts else 0,
            "placeholders_p90": _percentile(counts, 0.9),
            "words_median": statistics.median([words(r) for r in rewrites]) if rewrites else 0}
