"""Text report (the default): Top 3 edits, findings by failure mode worst first, document findings.

Colour and wrapping only when asked (the command asks when stdout is a terminal); plain otherwise.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import click

from critic.report import ItemResult, Report
from critic.report.common import evidence_line, formula_note, groups, location, plural, rule_info, score_text
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


def _bad_good(out: _Out, result: ItemResult, indent: int) -> None:
    it = result.item
    if it.question:
        out.add(f"{out.style('Q', bold=True)}     {it.question}", indent, 6)
    rw = result.rewrite
    out.add(f"{out.style('BAD', fg='red', bold=True)}   {it.text}", indent, 6)
    if rw is None:
        return
    out.add(f"{out.style('GOOD', fg='green', bold=True)}  {rw.good}", indent, 6)
    for p in rw.placeholders:
        out.add(f"{out.style(p.text, fg='magenta')}  {p.question}", indent + 6, 4)


def _report(out: _Out, report: Report, explain: bool) -> None:
    counts = report.severity_counts()
    out.add(out.style(report.summary_line(), bold=True))
    doc = report.document
    if doc.kind == "transcript" and doc.candidate:
        out.add(f"Candidate: {doc.candidate}" + (f" ({doc.candidate_reason})" if doc.candidate_reason else ""))
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
            _bad_good(out, r, 3)

    shown: set[str] = set()
    gs = groups(report)
    if gs:
        out.add("")
        out.add(out.style("FINDINGS BY FAILURE MODE", bold=True, underline=True) + "  (worst first)")
    for g in gs:
        info = rule_info(report, g.rule, g.entries[0][1])
        out.add("")
        out.add(f"{out.style('■ ' + g.rule, bold=True)} · {_sev(out, g.severity)} · {plural(len(g.entries), 'item')}")
        if info.why:
            out.add(f"Why: {info.why}", 2, 7)
        if info.example_bad and info.example_good:
            out.add(f"Example: BAD  {info.example_bad}", 2, 15)
            out.add(f"         GOOD {info.example_good}", 2, 15)
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
    out.add("")
    out.add(out.style(formula_note(report), dim=True))


def render_text(reports: Sequence[Report], *, color: bool = False, explain: bool = False,
                width: int | None = None) -> str:
    """Render reports for a terminal (color=True, width set) or a pipe/file (plain, unwrapped)."""
    out = _Out(color, width)
    for i, report in enumerate(reports):
        if i:
            out.add("")
            out.add("─" * 40 if color else "-" * 40)
        _report(out, report, explain)
    if len(reports) > 1:
        out.add("")
        out.add(out.style("SUMMARY", bold=True, underline=True))
        for report in reports:
            out.add(report.summary_line())
    return out.text()


__all__ = ["render_text", "display"]
