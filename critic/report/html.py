"""HTML report: one self-contained file that works offline.

Inline CSS only -- no scripts, fonts, images or links to fetch -- and a Content-Security-Policy that
forbids scripts as a second line of defence. Every piece of document text goes through html.escape.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from critic.report import ItemResult, Report, RuleInfo
from critic.report.common import (
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
from critic.rewrite import placeholder_spans
from critic.score import display

_CSS = """
:root { --fg:#1d2330; --muted:#5b6475; --line:#dde1e8; --bg:#f7f8fa; --card:#fff;
  --error:#b3261e; --warning:#9a6700; --info:#0b6e99; --good:#1a7f37; --bad:#b3261e; --ph:#6f42c1; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--fg);
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 6px; }
.doc { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 20px 22px;
  margin: 0 0 28px; }
.head { display: flex; gap: 18px; align-items: center; }
.score { flex: none; width: 84px; height: 84px; border-radius: 50%; display: flex; align-items: center;
  justify-content: center; font-size: 30px; font-weight: 700; color: #fff; margin: 0; }
.score small { font-size: 12px; font-weight: 400; }
.s-high { background: var(--good); } .s-mid { background: var(--warning); } .s-low { background: var(--error); }
.summary { color: var(--muted); margin: 2px 0 0; }
.notes { color: var(--muted); font-size: 13px; }
.edit, .group, .docfinding { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px;
  margin: 10px 0; background: #fff; }
.meta { color: var(--muted); font-size: 13px; }
.gain { color: var(--good); font-weight: 700; }
.sev { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
.pair { margin: 6px 0; }
.pair div { padding: 6px 10px; border-radius: 6px; margin: 4px 0; }
.q { background: #eef1f6; }
.bad { background: #fdecea; } .good { background: #e9f6ec; }
.label { font-weight: 700; font-size: 12px; margin-right: 6px; }
.bad .label { color: var(--bad); } .good .label { color: var(--good); } .q .label { color: var(--muted); }
mark { background: #efe6fb; color: var(--ph); padding: 0 2px; border-radius: 3px; }
ul.ph { margin: 4px 0 0 0; padding-left: 18px; font-size: 14px; }
.why, .example { font-size: 14px; margin: 4px 0; }
.entry { border-top: 1px dashed var(--line); padding-top: 8px; margin-top: 8px; }
.evidence { font: 12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; color: var(--muted);
  margin: 2px 0 0; padding-left: 18px; }
.formula { color: var(--muted); font-size: 13px; margin-top: 18px; }
.answer { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 10px 0; background: #fff; }
.answer .q { padding: 6px 10px; border-radius: 6px; margin: 4px 0; }
ul.findings { margin: 6px 0; padding-left: 18px; font-size: 14px; }
.metrics { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
@media print { body { background: #fff; } .doc { border: 0; } }
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def e(text: object) -> str:
    """Escape any document text for HTML (quotes too, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def marked(text: str) -> str:
    """Escape text and wrap each [placeholder] in <mark>."""
    out: list[str] = []
    pos = 0
    for s, t in placeholder_spans(text):
        out.append(e(text[pos:s]))
        out.append(f"<mark>{e(text[s:t])}</mark>")
        pos = t
    out.append(e(text[pos:]))
    return "".join(out)


def _band(score: float | None) -> str:
    value = display(score)
    if value is None:
        return "s-none"
    return "s-high" if value >= 80 else "s-mid" if value >= 60 else "s-low"


def _question(result: ItemResult) -> str:
    return f'<div class="q"><span class="label">Q:</span>{e(result.item.question)}</div>'


def _pair(result: ItemResult, *, question: bool = True) -> str:
    it = result.item
    parts = ['<div class="pair">']
    if question and it.question:
        parts.append(_question(result))
    parts.append(f'<div class="bad"><span class="label">BAD</span>{e(it.text)}</div>')
    rw = result.rewrite
    if rw is not None:
        parts.append(f'<div class="good"><span class="label">GOOD</span>{marked(rw.good)}</div>')
        if rw.placeholders:
            parts.append('<ul class="ph">')
            parts.extend(f"<li><mark>{e(p.text)}</mark> {e(p.question)}</li>" for p in rw.placeholders)
            parts.append("</ul>")
    parts.append("</div>")
    return "\n".join(parts)


def _evidence(finding_evidence: Sequence[object]) -> str:
    if not finding_evidence:
        return ""
    lines = "".join(f"<li>{e(evidence_line(ev))}</li>" for ev in finding_evidence)  # type: ignore[arg-type]
    return f'<ul class="evidence">{lines}</ul>'


def _report(report: Report, index: int, explain: bool) -> str:
    doc = report.document
    out: list[str] = [f'<section class="doc" id="doc-{index}" data-source="{e(doc.source)}">']
    out.append('<div class="head">')
    out.append(f'<p class="score {_band(report.score)}" data-score="{display(report.score)}">'
               f"{display(report.score) if report.score is not None else '–'}<small>/100</small></p>")
    out.append(f'<div><h1>{e(doc.source)}</h1><p class="summary">{e(report.summary_line())}</p>')
    if is_transcript(report):
        line = candidate_line(report)
        if line:
            out.append(f'<p class="notes candidate">{e(line)}</p>')
        line = transcript_line(report)
        if line:
            out.append(f'<p class="notes transcript-metrics">{e(line)}</p>')
    out.append("</div></div>")
    notes = [*doc.warnings, *report.notices]
    if notes:
        out.append('<ul class="notes">' + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>")
    if not report.findings():
        out.append("<p>No weak items found: every judged item passed every rule that applies to it.</p>")

    by_id = {r.item.id: r for r in report.items}
    if report.top_edits:
        out.append(f'<h2>Top {len(report.top_edits)} edits</h2><ol class="top">')
        for item_id in report.top_edits:
            r = by_id[item_id]
            rules = ", ".join(e(rid) for rid in dict.fromkeys(f.rule for f in r.findings))
            out.append(f'<li class="edit"><p class="meta"><span class="gain">+{r.gain:.1f} points</span> · '
                       f"{e(location(r))} · item score {score_text(r.score)} · {rules}</p>")
            if not is_transcript(report):
                out.append(_pair(r))
            elif r.item.question:  # the answer's BAD -> GOOD follows under Answers
                out.append(_question(r))
            out.append("</li>")
        out.append("</ol>")

    if is_transcript(report):
        _answers(out, report, explain)
    else:
        _failure_modes(out, report, explain)
    _document_findings(out, report, explain)
    out.append(f'<p class="formula">{e(formula_note(report))}</p>')
    out.append("</section>")
    return "\n".join(out)


def _answers(out: list[str], report: Report, explain: bool) -> None:
    """Transcripts: each flagged answer under its question with its findings, rewrite and metrics."""
    if report.flagged:
        out.append('<h2>Answers <span class="meta">(flagged, in interview order)</span></h2>')
    for result in report.flagged:
        out.append(f'<div class="answer" data-item="{e(result.item.id)}">')
        out.append(f'<p class="meta">{e(location(result))} · item score {score_text(result.score)}</p>')
        if result.item.question:
            out.append(_question(result))
        out.append('<ul class="findings">')
        for f in result.findings:
            out.append(f'<li data-rule="{e(f.rule)}"><strong>{e(f.rule)}</strong> '
                       f'<span class="sev sev-{e(f.severity)}">{e(f.severity)}</span> — {e(f.message)}')
            if explain:
                out.append(f'<span class="meta"> · confidence {f.confidence:.2f}</span>' + _evidence(f.evidence))
            out.append("</li>")
        out.append("</ul>")
        out.append(_pair(result, question=False))
        line = answer_metrics_line(result)
        if line:
            out.append(f'<p class="metrics">{e(line)}</p>')
        out.append("</div>")
    clean = [r.item.id for r in report.items if r.item.kind == "answer" and not r.findings]
    if clean:
        out.append(f'<p class="meta">No findings: {e(", ".join(clean))}</p>')
    gs = groups(report)
    if gs:
        out.append('<h2>Failure modes <span class="meta">(worst first)</span></h2>')
    for g in gs:
        info = rule_info(report, g.rule, g.entries[0][1])
        ids = flagged_ids(g)
        out.append(f'<div class="group" data-rule="{e(g.rule)}">')
        out.append(f'<h3>{e(g.rule)} <span class="sev sev-{e(g.severity)}">{e(g.severity)}</span> '
                   f'<span class="meta">· {plural(len(ids), "answer")}: {e(", ".join(ids))}</span></h3>')
        _why_and_example(out, info)
        out.append("</div>")


def _why_and_example(out: list[str], info: RuleInfo) -> None:
    """A rule group's "Why" paragraph and its canonical BAD -> GOOD example."""
    if info.why:
        out.append(f'<p class="why"><strong>Why:</strong> {e(info.why)}</p>')
    if info.example_bad and info.example_good:
        out.append(f'<p class="example"><strong>Example:</strong> BAD “{e(info.example_bad)}” → '
                   f"GOOD “{marked(info.example_good)}”</p>")


def _failure_modes(out: list[str], report: Report, explain: bool) -> None:
    """Resumes: findings grouped by rule, worst first; each item's BAD -> GOOD shown once."""
    gs = groups(report)
    shown: set[str] = set()
    if gs:
        out.append("<h2>Findings by failure mode <span class=\"meta\">(worst first)</span></h2>")
    for g in gs:
        info = rule_info(report, g.rule, g.entries[0][1])
        out.append(f'<div class="group" data-rule="{e(g.rule)}">')
        out.append(f'<h3>{e(g.rule)} <span class="sev sev-{e(g.severity)}">{e(g.severity)}</span> '
                   f'<span class="meta">· {plural(len(g.entries), "item")}</span></h3>')
        _why_and_example(out, info)
        for result, f in g.entries:
            out.append('<div class="entry">')
            out.append(f'<p class="meta">{e(location(result))} · item score {score_text(result.score)}</p>')
            out.append(f'<p class="message">{e(f.message)}</p>')
            if explain:
                out.append(f'<p class="meta">confidence {f.confidence:.2f}</p>' + _evidence(f.evidence))
            if result.item.id in shown:
                out.append('<p class="meta">BAD → GOOD shown above.</p>')
            else:
                shown.add(result.item.id)
                out.append(_pair(result))
            out.append("</div>")
        out.append("</div>")


def _document_findings(out: list[str], report: Report, explain: bool) -> None:
    if report.document_findings:
        out.append("<h2>Document-level findings</h2>")
        for f in report.document_findings:
            info = rule_info(report, f.rule, f)
            out.append(f'<div class="docfinding" data-rule="{e(f.rule)}"><h3>{e(f.rule)} '
                       f'<span class="sev sev-{e(f.severity)}">{e(f.severity)}</span></h3>'
                       f'<p class="message">{e(f.message)}</p>')
            if info.why:
                out.append(f'<p class="why"><strong>Why:</strong> {e(info.why)}</p>')
            if explain:
                out.append(_evidence(f.evidence))
            out.append("</div>")


def render_html(reports: Sequence[Report], *, explain: bool = False) -> str:
    """One self-contained HTML page holding every report."""
    if len(reports) == 1:
        title = f"critic review — {reports[0].source}"
    else:
        title = f"critic review — {len(reports)} files"
    body = [_report(r, i, explain) for i, r in enumerate(reports, 1)]
    overview = ""
    if len(reports) > 1:
        rows = "".join(
            f'<tr><td><a href="#doc-{i}">{e(r.source)}</a></td><td>{display(r.score)}</td>'
            f"<td>{len(r.flagged)}</td></tr>"
            for i, r in enumerate(reports, 1)
        )
        overview = (f'<section class="doc" id="overview"><h1>{len(reports)} files</h1>'
                    f"<table><thead><tr><th>File</th><th>Score</th><th>Flagged items</th></tr></thead>"
                    f"<tbody>{rows}</tbody></table></section>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="critic">\n'
        f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{overview}\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )
