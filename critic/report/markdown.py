"""Markdown report (same content as text). Document text is escaped so it cannot inject markup."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from critic.report import ItemResult, Report
from critic.report.common import evidence_line, formula_note, groups, location, plural, rule_info, score_text
from critic.score import display

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def esc(text: str) -> str:
    """Escape document text for Markdown: HTML-escape, backslash-escape Markdown marks, one line."""
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def _bad_good(out: list[str], result: ItemResult) -> None:
    it = result.item
    if it.question:
        out.append(f"> **Q:** {esc(it.question)}")
        out.append(">")
    out.append(f"> **BAD:** {esc(it.text)}")
    rw = result.rewrite
    if rw is None:
        out.append("")
        return
    out.append(">")
    out.append(f"> **GOOD:** {esc(rw.good)}")
    out.append("")
    for p in rw.placeholders:
        out.append(f"- `{p.text.replace('`', '')}` — {esc(p.question)}")
    if rw.placeholders:
        out.append("")


def _report(out: list[str], report: Report, explain: bool) -> None:
    doc = report.document
    out.append(f"## {esc(doc.source)} — score {display(report.score)}/100")
    out.append("")
    out.append(esc(report.summary_line()))
    out.append("")
    if doc.kind == "transcript" and doc.candidate:
        out.append(f"Candidate: {esc(doc.candidate)}")
        out.append("")
    for note in [*doc.warnings, *report.notices]:
        out.append(f"- note: {esc(note)}")
    if doc.warnings or report.notices:
        out.append("")

    by_id = {r.item.id: r for r in report.items}
    if report.top_edits:
        out.append(f"### Top {len(report.top_edits)} edits")
        out.append("")
        for rank, item_id in enumerate(report.top_edits, 1):
            r = by_id[item_id]
            rules = ", ".join(f"`{rid}`" for rid in dict.fromkeys(f.rule for f in r.findings))
            out.append(f"{rank}. **+{r.gain:.1f} points** · {esc(location(r))} · item score "
                       f"{score_text(r.score)} · {rules}")
            out.append("")
            _bad_good(out, r)

    shown: set[str] = set()
    gs = groups(report)
    if gs:
        out.append("### Findings by failure mode (worst first)")
        out.append("")
    for g in gs:
        info = rule_info(report, g.rule, g.entries[0][1])
        out.append(f"#### `{g.rule}` · {g.severity} · {plural(len(g.entries), 'item')}")
        out.append("")
        if info.why:
            out.append(f"*Why:* {esc(info.why)}")
            out.append("")
        if info.example_bad and info.example_good:
            out.append(f"*Example:* BAD {esc(info.example_bad)} → GOOD {esc(info.example_good)}")
            out.append("")
        for result, f in g.entries:
            out.append(f"- **{esc(location(result))}** · item score {score_text(result.score)} — {esc(f.message)}")
            if explain:
                out.append(f"  - confidence {f.confidence:.2f}")
                for ev in f.evidence:
                    out.append(f"  - evidence: {esc(evidence_line(ev))}")
            out.append("")
            if result.item.id in shown:
                out.append("  (BAD → GOOD shown above)")
                out.append("")
                continue
            shown.add(result.item.id)
            _bad_good(out, result)

    if report.document_findings:
        out.append("### Document-level findings")
        out.append("")
        for f in report.document_findings:
            info = rule_info(report, f.rule, f)
            line = f"- `{f.rule}` · {f.severity} — {esc(f.message)}"
            if info.why:
                line += f" *Why:* {esc(info.why)}"
            out.append(line)
            if explain:
                for ev in f.evidence:
                    out.append(f"  - evidence: {esc(evidence_line(ev))}")
        out.append("")
    out.append(f"*{esc(formula_note(report))}*")
    out.append("")


def render_markdown(reports: Sequence[Report], *, explain: bool = False) -> str:
    """Render reports as one Markdown document."""
    out: list[str] = ["# critic review", ""]
    if len(reports) > 1:
        for report in reports:
            out.append(f"- {esc(report.summary_line())}")
        out.append("")
    for report in reports:
        _report(out, report, explain)
    return "\n".join(out).rstrip("\n") + "\n"
