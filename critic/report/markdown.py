"""Markdown report (same content as text). Document text is escaped so it cannot inject markup."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

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

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def esc(text: str) -> str:
    """Escape document text for Markdown: HTML-escape, backslash-escape Markdown marks, one line."""
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def _bad_good(out: list[str], result: ItemResult, *, question: bool = True) -> None:
    it = result.item
    if question and it.question:
        out.append(f"> **Q:** {esc(it.question)}")
        out.append(">")
    out.append(f"> **BAD:** {esc(it.text)}")
    rw = result.rewrite
    if rw is None:
        out.append("")
        return
    out.append(">")
    out.append(f"> **GOOD:** {esc(rw.good)}")
    for sentence in rw.split:  # the rest of a merged item, suggested as bullets of their own
        out.append(">")
        out.append(f"> **SPLIT:** {esc(sentence)} (a bullet of its own)")
    for detail in rw.moved:  # detail GOOD left out to fit one bullet
        out.append(">")
        out.append(f"> **MOVED:** {esc(detail)} ({MOVED_HINT})")
    out.append("")
    for p in rw.placeholders:
        out.append(f"- `{p.text.replace('`', '')}` — {esc(p.question)}")
    if rw.placeholders:
        out.append("")


def _report(out: list[str], report: Report, explain: bool) -> None:
    doc = report.document
    score = f"score {display(report.score)}/100" if report.score is not None else "no score"
    out.append(f"## {esc(doc.source)} — {score}")
    out.append("")
    out.append(esc(report.summary_line()))
    out.append("")
    if is_transcript(report):
        lines = [line for line in (candidate_line(report), transcript_line(report)) if line]
        out.extend(f"{esc(line)}  " if i < len(lines) - 1 else esc(line) for i, line in enumerate(lines))
        if lines:
            out.append("")
    for note in [*doc.warnings, *report.notices]:
        out.append(f"- note: {esc(note)}")
    if doc.warnings or report.notices:
        out.append("")

    by_id = {r.item.id: r for r in report.items}
    if not is_transcript(report):
        _resume_head(out, report, explain)
    if report.top_edits:
        out.append(f"### Top {len(report.top_edits)} edits")
        out.append("")
        for rank, item_id in enumerate(report.top_edits, 1):
            r = by_id[item_id]
            if not is_transcript(report):
                out.append(f"{rank}. {esc(location(r))} — {_asks_line(r)}")
                out.append("")
                _bad_good(out, r)
                continue
            rules = ", ".join(f"`{rid}`" for rid in dict.fromkeys(f.rule for f in r.findings))
            out.append(f"{rank}. **+{r.gain:.1f} points** · {esc(location(r))} · item score "
                       f"{score_text(r.score)} · {rules}")
            out.append("")
            if is_transcript(report):  # the answer's BAD -> GOOD follows under Answers
                if r.item.question:
                    out.append(f"   **Q:** {esc(r.item.question)}")
                    out.append("")
                continue
            _bad_good(out, r)

    if is_transcript(report):
        _answers(out, report, explain)
        _document_findings(out, report, explain)
    else:
        _more_advice(out, report, explain)
    out.append(f"*{esc(formula_note(report))}*")
    out.append("")


def _answers(out: list[str], report: Report, explain: bool) -> None:
    """Transcripts: each flagged answer under its question with its findings, rewrite and metrics."""
    if report.flagged:
        out.append("### Answers (flagged, in interview order)")
        out.append("")
    for result in report.flagged:
        out.append(f"#### {esc(location(result))} · item score {score_text(result.score)}")
        out.append("")
        if result.item.question:
            out.append(f"**Q:** {esc(result.item.question)}")
            out.append("")
        for f in result.findings:
            out.append(f"- `{f.rule}` · {f.severity} — {esc(f.message)}")
            if explain:
                out.append(f"  - confidence {f.confidence:.2f}")
                for ev in f.evidence:
                    out.append(f"  - evidence: {esc(evidence_line(ev))}")
        out.append("")
        _bad_good(out, result, question=False)
        line = answer_metrics_line(result)
        if line:
            out.append(f"*{esc(line)}*")
            out.append("")
    clean = [r.item.id for r in report.items if r.item.kind == "answer" and not r.findings]
    if clean:
        out.append(f"No findings: {esc(', '.join(clean))}")
        out.append("")
    gs = groups(report)
    if gs:
        out.append("### Failure modes (worst first)")
        out.append("")
    for g in gs:
        info = rule_info(report, g.rule, g.entries[0][1])
        ids = flagged_ids(g)
        out.append(f"#### `{g.rule}` · {g.severity} · {plural(len(ids), 'answer')}: {esc(', '.join(ids))}")
        out.append("")
        _why_and_example(out, info)


def _why_and_example(out: list[str], info: RuleInfo) -> None:
    """A rule group's "Why" line and its canonical BAD -> GOOD example."""
    if info.why:
        out.append(f"*Why:* {esc(info.why)}")
        out.append("")
    if info.example_bad and info.example_good:
        out.append(f"*Example:* BAD {esc(info.example_bad)} → GOOD {esc(info.example_good)}")
        out.append("")


def _asks_line(result: ItemResult) -> str:
    """An item's raised asks on one line: rule and message, in report order."""
    return "; ".join(f"`{f.rule}` {esc(f.message)}" for f in result.asks)


def _resume_head(out: list[str], report: Report, explain: bool) -> None:
    """A resume's score reasons and the findings across the whole resume."""
    if report.score is None:
        out.append("No score: no achievement, scope or summary item could be judged in this document.")
        out.append("")
    elif report.score_reasons:
        out.append(f"*Why this score:* {esc('; '.join(report.score_reasons))}.")
        out.append("")
    across = [f for f in report.document_findings if f.raised]
    if across:
        out.append("### Across the resume")
        out.append("")
        for f in across:
            out.append(f"- {esc(f.message)}")
            if explain:
                for ev in f.evidence:
                    out.append(f"  - evidence: {esc(evidence_line(ev))}")
        out.append("")


def _more_advice(out: list[str], report: Report, explain: bool) -> None:
    """Resumes: the raised advice not among the top edits, in reading order, then what to prepare."""
    rest = [r for r in report.raised if r.item.id not in report.top_edits]
    if rest:
        out.append("### More advice (reading order)")
        out.append("")
    for r in rest:
        out.append(f"- **{esc(location(r))}** — {_asks_line(r)}")
        if explain:
            for f in r.findings:
                if f.raised:
                    out.extend(f"  - evidence: {esc(evidence_line(ev))}" for ev in f.evidence)
        out.append("")
        _bad_good(out, r)
    if report.prep:
        out.append("### Prepare for the screen")
        out.append("")
        for q in report.prep:
            out.append(f"- {esc(q.text)} — *{esc(q.question)}*")
        out.append("")
    notes = sum(1 for r in report.items for f in r.findings if not f.raised)
    if notes:
        out.append(f"*{plural(notes, 'note')} not raised (`critic review --all` lists them with the reason).*")
        out.append("")


def _failure_modes(out: list[str], report: Report, explain: bool) -> None:
    """Resumes: findings grouped by rule, worst first; each item's BAD -> GOOD shown once."""
    shown: set[str] = set()
    gs = groups(report)
    if gs:
        out.append("### Findings by failure mode (worst first)")
        out.append("")
    for g in gs:
        info = rule_info(report, g.rule, g.entries[0][1])
        out.append(f"#### `{g.rule}` · {g.severity} · {plural(len(g.entries), 'item')}")
        out.append("")
        _why_and_example(out, info)
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


def _document_findings(out: list[str], report: Report, explain: bool) -> None:
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
