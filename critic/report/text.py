"""Text report (the default): Top 3 edits, findings by failure mode worst first, document findings.

Colour and wrapping only when asked (the command asks when stdout is a terminal); plain otherwise.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import click

from critic.report import ItemResult, Report, RuleInfo
from critic.report.common import (
    MOVED_HINT,
    answer_metrics_line,
    candidate_line,
    evidence_line,
    flagged_ids,
    formula_note,
    groups,
    is_transcript,
    location,
    plural,
    rule_info,
    score_text,
    transcript_line,
)
from critic.score import display

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


class _Out:
    def __init__(self, color: bool, width: int | None) -> None:
        self.color = color
        self.width = width
        self.lines: list[str] = []

    def style(self, text: str, **kw: object) -> str:
        return click.style(text, **kw) if self.color else text  # type: ignore[arg-type]

    def add(self, text: str = "", indent: int = 0, hang: int = 0) -> None:
        pad = " " * indent
        if not self.width or not text:
            self.lines.append(pad + text if text else "")
            return
        wrapped = textwrap.wrap(text, width=max(40, self.width - indent), subsequent_indent=" " * hang,
                                break_long_words=False, break_on_hyphens=False)
        self.lines.extend(pad + w for w in wrapped or [""])

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def _sev(out: _Out, severity: str) -> str:
    return out.style(severity, fg=_SEVERITY_COLOURS.get(severity), bold=severity == "error")


def _bad_good(out: _Out, result: ItemResult, indent: int, *, question: bool = True) -> None:
    it = result.item
    if question and it.question:
        out.add(f"{out.style('Q:', bold=True)} {it.question}", indent, 3)
    rw = result.rewrite
    out.add(f"{out.style('BAD', fg='red', bold=True)}   {it.text}", indent, 6)
    if rw is None:
        return
    out.add(f"{out.style('GOOD', fg='green', bold=True)}  {rw.good}", indent, 6)
    for p in rw.placeholders:
        out.add(f"{out.style(p.text, fg='magenta')}  {p.question}", indent + 6, 4)
    for sentence in rw.split:  # the rest of a merged item, suggested as bullets of their own
        out.add(f"{out.style('SPLIT', fg='green')} {sentence}  (a bullet of its own)", indent, 6)
    for detail in rw.moved:  # detail GOOD left out to fit one bullet
        out.add(f"{out.style('MOVED', fg='cyan')} {detail}  ({MOVED_HINT})", indent, 6)


def _report(out: _Out, report: Report, explain: bool, show_all: bool = False) -> None:
    if not is_transcript(report):
        _resume(out, report, explain, show_all)
        return
    counts = report.severity_counts()
    out.add(out.style(report.summary_line(), bold=True))
    doc = report.document
    for line in (candidate_line(report), transcript_line(report)):
        if line:
            out.add(line, 0, 2)
    for w in doc.warnings:
        out.add(f"note: {w}")
    for n in report.notices:
        out.add(f"note: {n}")
    if not any(counts.values()):
        out.add("")
        out.add("No weak items found: every judged item passed every rule that applies to it.")

    by_id = {r.item.id: r for r in report.items}
    if report.top_edits:
        out.add("")
        out.add(out.style(f"TOP {len(report.top_edits)} EDITS", bold=True, underline=True)
                + "  (largest score gain first)")
        for rank, item_id in enumerate(report.top_edits, 1):
            r = by_id[item_id]
            rules = ", ".join(dict.fromkeys(f.rule for f in r.findings))
            out.add("")
            out.add(f"{rank}. {out.style(f'+{r.gain:.1f}', fg='green', bold=True)} points · {location(r)} · "
                    f"item score {score_text(r.score)} · {rules}", 0, 3)
            if r.item.question:
                out.add(f"{out.style('Q:', bold=True)} {r.item.question}", 3, 3)
    _answers(out, report, explain)
    _document_findings(out, report, explain)
    out.add("")
    out.add(out.style(formula_note(report), dim=True))


def _ask_lines(out: _Out, result: ItemResult, indent: int, explain: bool) -> None:
    for f in result.asks:
        out.add(f"{_sev(out, f.severity)} {out.style(f.rule, bold=True)}: {f.message}", indent, indent + 2)
        if explain:
            out.add(f"confidence {f.confidence:.2f}", indent + 2)
            for ev in f.evidence:
                out.add(f"evidence: {evidence_line(ev)}", indent + 2, 10)


def _resume(out: _Out, report: Report, explain: bool, show_all: bool) -> None:
    """A resume: the headline and score reasons, the top edits, other raised advice once each, what to
    prepare for the screen; notes (findings not raised, with why) only with show_all."""
    out.add(out.style(report.summary_line(), bold=True))
    doc = report.document
    for w in doc.warnings:
        out.add(f"note: {w}", 0, 6)
    for n in report.notices:
        out.add(f"note: {n}", 0, 6)
    if report.score is None:
        out.add("No score: no achievement, scope or summary item could be judged in this document.", 0, 2)
    elif report.score_reasons:
        out.add(f"Why this score: {'; '.join(report.score_reasons)}.", 0, 2)
    if report.set_aside:
        out.add(f"Set aside: {plural(len(report.set_aside), 'item')} read as cut or merged, not judged "
                f"({', '.join(report.set_aside[:5])}{', ...' if len(report.set_aside) > 5 else ''}).", 0, 2)
    across = [f for f in report.document_findings if f.raised]
    if across:
        out.add("")
        out.add(out.style("ACROSS THE RESUME", bold=True, underline=True))
        for f in across:
            out.add(f"• {f.message}", 0, 2)
            if explain:
                for ev in f.evidence:
                    out.add(f"evidence: {evidence_line(ev)}", 2, 12)
    by_id = {r.item.id: r for r in report.items}
    if report.top_edits:
        out.add("")
        out.add(out.style(f"TOP {len(report.top_edits)} EDITS", bold=True, underline=True)
                + "  (what changes a committee's read most)")
        for rank, item_id in enumerate(report.top_edits, 1):
            r = by_id[item_id]
            out.add("")
            out.add(f"{rank}. {location(r)}", 0, 3)
            _ask_lines(out, r, 3, explain)
            _bad_good(out, r, 3)
    rest = [r for r in report.raised if r.item.id not in report.top_edits]
    if rest:
        out.add("")
        out.add(out.style("MORE ADVICE", bold=True, underline=True) + "  (reading order)")
        for r in rest:
            out.add("")
            out.add(f"• {location(r)}", 0, 2)
            _ask_lines(out, r, 2, explain)
            _bad_good(out, r, 2)
    if not report.raised and report.score is not None:
        out.add("")
        out.add("No weak items found: no bullet needs an edit by this standard.")
    if report.prep:
        out.add("")
        out.add(out.style("PREPARE FOR THE SCREEN", bold=True, underline=True)
                + "  (questions a screener is likely to ask; answers belong in the interview, not the bullet)")
        for q in report.prep:
            out.add(f"• {q.text}", 0, 2)
            out.add(f"→ {q.question}", 2, 4)
    notes = [(r, f) for r in report.items for f in r.findings if not f.raised]
    doc_notes = [f for f in report.document_findings if not f.raised]
    if (notes or doc_notes) and show_all:
        out.add("")
        out.add(out.style("NOTES", bold=True, underline=True) + "  (found but not raised, and why)")
        for f in doc_notes:
            out.add(f"• whole document · {f.rule}: {f.note or f.message}", 0, 2)
        shown: set[str] = set()
        for r, f in notes:
            out.add(f"• {location(r)} · {f.rule}: {f.note or f.message}", 0, 2)
            if explain:
                out.add(r.item.text, 2, 2)
            if r.rewrite is not None and r.item.id not in shown and not any(x.raised for x in r.findings):
                shown.add(r.item.id)  # held back only by the comment budget: its rewrite, once
                _bad_good(out, r, 2)
    elif notes or doc_notes:
        out.add("")
        out.add(out.style(f"{plural(len(notes) + len(doc_notes), 'note')} not raised (--all shows them with the reason).",
                          dim=True))


def _answers(out: _Out, report: Report, explain: bool) -> None:
    """Transcripts: each flagged answer under its question with its findings, rewrite and metrics."""
    flagged = report.flagged
    if flagged:
        out.add("")
        out.add(out.style("ANSWERS", bold=True, underline=True) + "  (flagged answers in interview order)")
    for result in flagged:
        out.add("")
        out.add(out.style(f"{location(result)} · item score {score_text(result.score)}", bold=True), 0, 2)
        if result.item.question:
            out.add(f"{out.style('Q:', bold=True)} {result.item.question}", 2, 3)
        for f in result.findings:
            out.add(f"{out.style('■ ' + f.rule, bold=True)} · {_sev(out, f.severity)} — {f.message}", 2, 4)
            if explain:
                out.add(f"confidence {f.confidence:.2f}", 4)
                for ev in f.evidence:
                    out.add(f"evidence: {evidence_line(ev)}", 4, 10)
        _bad_good(out, result, 2, question=False)
        line = answer_metrics_line(result)
        if line:
            out.add(out.style(line, dim=True), 2, 9)
    clean = [r.item.id for r in report.items if r.item.kind == "answer" and not r.findings]
    if clean:
        out.add("")
        out.add(f"No findings: {', '.join(clean)}", 0, 2)
    gs = groups(report)
    if gs:
        out.add("")
        out.add(out.style("FAILURE MODES", bold=True, underline=True) + "  (worst first)")
    for g in gs:
        info = rule_info(report, g.rule, g.entries[0][1])
        out.add("")
        ids = flagged_ids(g)
        out.add(f"{out.style('■ ' + g.rule, bold=True)} · {_sev(out, g.severity)} · "
                f"{plural(len(ids), 'answer')}: {', '.join(ids)}", 0, 2)
        _why_and_example(out, info)


def _why_and_example(out: _Out, info: RuleInfo) -> None:
    """A rule group's "Why" line and its canonical BAD -> GOOD example."""
    if info.why:
        out.add(f"Why: {info.why}", 2, 7)
    if info.example_bad and info.example_good:
        out.add(f"Example: BAD  {info.example_bad}", 2, 15)
        out.add(f"         GOOD {info.example_good}", 2, 15)


def _failure_modes(out: _Out, report: Report, explain: bool) -> None:
    """Resumes: findings grouped by rule, worst first; each item's BAD -> GOOD shown once."""
    shown: set[str] = set()
    gs = groups(report)
    if gs:
        out.add("")
        out.add(out.style("FINDINGS BY FAILURE MODE", bold=True, underline=True) + "  (worst first)")
    for g in gs:
        info = rule_info(report, g.rule, g.entries[0][1])
        out.add("")
        out.add(f"{out.style('■ ' + g.rule, bold=True)} · {_sev(out, g.severity)} · {plural(len(g.entries), 'item')}")
        _why_and_example(out, info)
        for result, f in g.entries:
            out.add("")
            out.add(f"• {location(result)} · item score {score_text(result.score)}", 2, 4)
            out.add(f.message, 4, 0)
            if explain:
                out.add(f"confidence {f.confidence:.2f}", 4)
                for ev in f.evidence:
                    out.add(f"evidence: {evidence_line(ev)}", 4, 10)
            if result.item.id in shown:
                out.add("(BAD -> GOOD shown above)", 4)
                continue
            shown.add(result.item.id)
            _bad_good(out, result, 4)


def _document_findings(out: _Out, report: Report, explain: bool) -> None:
    if report.document_findings:
        out.add("")
        out.add(out.style("DOCUMENT-LEVEL", bold=True, underline=True))
        for f in report.document_findings:
            info = rule_info(report, f.rule, f)
            out.add("")
            out.add(f"{out.style('■ ' + f.rule, bold=True)} · {_sev(out, f.severity)}")
            out.add(f.message, 2, 2)
            if info.why:
                out.add(f"Why: {info.why}", 2, 7)
            if explain:
                out.add(f"confidence {f.confidence:.2f}", 2)
                for ev in f.evidence:
                    out.add(f"evidence: {evidence_line(ev)}", 2, 12)


def render_text(reports: Sequence[Report], *, color: bool = False, explain: bool = False,
                width: int | None = None, show_all: bool = False) -> str:
    """Render reports for a terminal (color=True, width set) or a pipe/file (plain, unwrapped)."""
    out = _Out(color, width)
    for i, report in enumerate(reports):
        if i:
            out.add("")
            out.add("─" * 40 if color else "-" * 40)
        _report(out, report, explain, show_all)
    if len(reports) > 1:
        out.add("")
        out.add(out.style("SUMMARY", bold=True, underline=True))
        for report in reports:
            out.add(report.summary_line())
    return out.text()


__all__ = ["render_text", "display"]
