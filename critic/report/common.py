"""Helpers shared by the report writers: grouping, ordering and labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from critic.findings import Evidence, Finding, severity_rank
from critic.report import ItemResult, Report, RuleInfo
from critic.score import ITEM_WEIGHTS, display


@dataclass
class Group:
    """All findings of one rule (failure mode) in a document."""

    rule: str
    severity: str
    entries: list[tuple[ItemResult, Finding]] = field(default_factory=list)

    @property
    def weight(self) -> float:
        return sum(ITEM_WEIGHTS.get(f.severity, 0.0) * f.confidence for _, f in self.entries)


def groups(report: Report) -> list[Group]:
    """Item findings grouped by rule, worst first: severity, then total cost, then rule id."""
    by_rule: dict[str, Group] = {}
    for result in report.items:
        for f in result.findings:
            g = by_rule.setdefault(f.rule, Group(f.rule, f.severity))
            if severity_rank(f.severity) > severity_rank(g.severity):
                g.severity = f.severity
            g.entries.append((result, f))
    return sorted(by_rule.values(), key=lambda g: (-severity_rank(g.severity), -round(g.weight, 9), g.rule))


def rule_info(report: Report, rule_id: str, finding: Finding | None = None) -> RuleInfo:
    info = report.rules.get(rule_id)
    if info is not None:
        return info
    return RuleInfo(rule_id, finding.severity if finding else "warning", finding.message if finding else "")


def location(result: ItemResult) -> str:
    """Where an item is: "Experience · p1 · e2.b3" (section, page or line, id)."""
    it = result.item
    parts = []
    if it.section:
        parts.append(it.section)
    if it.page is not None:
        parts.append(f"p{it.page}")
    elif it.line is not None:
        parts.append(f"line {it.line}")
    parts.append(it.id)
    return " · ".join(parts)


def evidence_line(ev: Evidence) -> str:
    """One line describing a piece of evidence, for --explain."""
    out = ev.kind
    if ev.text:
        out += f" {ev.text!r}"
    if ev.start is not None:
        out += f" [{ev.start}:{ev.end}]"
    if ev.source:
        out += f" ({ev.source})"
    if ev.note:
        out += f" — {ev.note}"
    return out


def score_text(score: float | None) -> str:
    return "—" if score is None else str(display(score))


def formula_note(report: Report) -> str:
    """One sentence explaining the score, shown under every report."""
    w = ITEM_WEIGHTS
    return (f"Score v{report.score_version}: each finding costs its severity weight (error {w['error']:g}, "
            f"warning {w['warning']:g}, info {w['info']:g}) times its confidence, multiplied into the item's "
            "100; the document score is the mean over judged items, lowered by document-level findings. "
            "An edit's gain is how far the document score rises once that item is fixed.")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
