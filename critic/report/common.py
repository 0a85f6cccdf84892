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


# what the report says of detail a rewrite left out of GOOD to fit one bullet (Rewrite.moved)
MOVED_HINT = "left out of the bullet: tools go to Skills, the rest to the interview"


def groups(report: Report) -> list[Group]:
    """Item findings grouped by rule, worst first: severity, then total cost, then rule id."""
    by_rule: dict[str, Group] = {}
    for result in report.items:
        for f in result.findings:
            if not f.raised:  # notes (not raised) are listed only where a writer asks for them
                continue
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
    if not is_transcript(report):
        return (f"Score v{report.score_version}: role bullets weighed by recency — measured results, your own "
                "decisions, AI work and product work you owned (36), a measured AI result in the latest role "
                "(25), trade-offs and stop rules named (15), a product role (15) — scaled down under six "
                "judged bullets; skills lines never count. See docs/scoring.md.")
    return (f"Score v{report.score_version}: each finding costs its severity weight (error {w['error']:g}, "
            f"warning {w['warning']:g}, info {w['info']:g}) times its confidence, multiplied into the item's "
            "100; the document score is the mean over judged items, lowered by document-level findings. "
            "An edit's gain is how far the document score rises once that item is fixed.")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ---------------------------------------------------------------------------------------------- transcripts


def duration(ms: int) -> str:
    """Milliseconds as m:ss (h:mm:ss from an hour), rounded to the second."""
    seconds = round(ms / 1000)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def is_transcript(report: Report) -> bool:
    return report.document.kind == "transcript"


def candidate_line(report: Report) -> str | None:
    """'Candidate: NAME — how it was chosen', or None when no candidate is known."""
    doc = report.document
    if not doc.candidate:
        return None
    return f"Candidate: {doc.candidate}" + (f" — {doc.candidate_reason}" if doc.candidate_reason else "")


def transcript_line(report: Report) -> str | None:
    """The transcript's figures in one line; rates only when every answer is timed (never graded)."""
    m = report.metrics
    if m is None:
        return None
    n = len(m.answers)
    parts = [plural(n, "answer"), plural(m.words, "word")]
    if m.timed and m.talk_ms is not None:
        parts.append(f"talk time {duration(m.talk_ms)}")
        if m.words_per_minute is not None:
            parts.append(f"{m.words_per_minute:g} words/min")
        parts.append(plural(m.tradeoff_statements, "trade-off statement"))
        if m.judgment_density is not None:
            parts.append(f"judgment density {m.judgment_density:.2f} trade-off statements per candidate minute")
    else:
        parts.append(plural(m.tradeoff_statements, "trade-off statement"))
        timed = sum(1 for a in m.answers if a.timed)
        if timed:
            parts.append(f"partly timed ({timed} of {n} answers): no transcript talk time or judgment density")
        else:
            parts.append("untimed: no talk time or judgment density")
    parts.append(f"a framing statement in {m.answers_with_framing} of {n} answers")
    return " · ".join(parts)


def answer_metrics_line(result: ItemResult) -> str | None:
    """One answer's figures: words, pace when timed, first framing statement, trade-off statements."""
    a = result.metrics
    if a is None:
        return None
    parts = [plural(a.words, "word")]
    if a.timed and a.talk_ms is not None:
        pace = f"{a.words_per_minute:g} words/min over " if a.words_per_minute is not None else "talk time "
        parts.append(pace + duration(a.talk_ms))
    else:
        parts.append("untimed")
    if a.framing_sentence is None:
        parts.append("no framing statement (decision, user, metric or constraint)")
    elif a.framing_sentence == 1:
        parts.append("framing statement in the first sentence")
    else:
        framing = (f"first framing statement in sentence {a.framing_sentence}, "
                   f"after {plural(a.words_to_framing or 0, 'word')}")
        if a.ms_to_framing is not None:
            framing += f" ({duration(a.ms_to_framing)} in)"
        parts.append(framing)
    parts.append(plural(a.tradeoff_statements, "trade-off statement"))
    return "Metrics: " + " · ".join(parts)


def flagged_ids(group: Group) -> list[str]:
    """The ids of the items a failure-mode group flags, in reading order, once each."""
    return list(dict.fromkeys(r.item.id for r, _ in group.entries))
