"""HTML report: one self-contained file that works offline.

Built from a Jinja2 template (``templates/report.html.j2``) with autoescaping, so every piece of document
text is escaped by the template engine; inline CSS only -- no scripts, fonts, images or links to fetch --
and a Content-Security-Policy that forbids scripts as a second line of defence.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from critic.report import ItemResult, Report
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
    rule_info,
    score_text,
    transcript_line,
)
from critic.report.pages import item_anchor, report_pages_html
from critic.rewrite import placeholder_spans
from critic.score import band, display

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
.s-none { background: var(--muted); } .s-high { background: var(--good); } .s-mid { background: var(--warning); } .s-low { background: var(--error); }
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


def marked(text: str) -> Markup:
    """Escape text and wrap each [placeholder] in <mark>."""
    out: list[str] = []
    pos = 0
    for s, t in placeholder_spans(text):
        out.append(e(text[pos:s]))
        out.append(f"<mark>{e(text[s:t])}</mark>")
        pos = t
    out.append(e(text[pos:]))
    return Markup("".join(out))


def _band(score: float | None) -> str:
    """The score circle's colour class, by the score's band (score v2's strong / competitive / below)."""
    name = band(score)
    return {"strong": "s-high", "competitive": "s-mid", None: "s-none"}.get(name, "s-low")


@lru_cache(maxsize=1)
def _template() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("critic.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(marked=marked, evidence=evidence_line, location=location, score_text=score_text,
                       metrics_line=lambda r: answer_metrics_line(r) or "")
    env.globals["moved_hint"] = MOVED_HINT
    return env.get_template("report.html.j2")


def _view(report: Report, index: int, pages: bool = False) -> dict[str, Any]:
    """What the template shows of one report (the template holds no decisions of its own)."""
    doc = report.document
    by_id = {r.item.id: r for r in report.items}
    transcript = is_transcript(report)
    header = []
    if transcript:
        header = [(cls, line) for cls, line in (("candidate", candidate_line(report)),
                                                ("transcript-metrics", transcript_line(report))) if line]
    view: dict[str, Any] = {
        "index": index, "report": report, "score": display(report.score), "band": _band(report.score),
        "transcript": transcript, "header_notes": header, "notes": [*doc.warnings, *report.notices],
        "top": [by_id[i] for i in report.top_edits], "formula": formula_note(report),
        "rule_info": lambda f: rule_info(report, f.rule, f),
        "anchor": lambda item_id: f"doc-{index}-{item_anchor(item_id)}",
        "pages": Markup(report_pages_html(report, anchor=lambda i: f"doc-{index}-{item_anchor(i)}"))
        if pages and not transcript else "",
    }
    if transcript:
        view["clean"] = [r.item.id for r in report.items if r.item.kind == "answer" and not r.findings]
        view["groups"] = [{"rule": g.rule, "severity": g.severity, "ids": flagged_ids(g),
                           "info": rule_info(report, g.rule, g.entries[0][1])} for g in groups(report)]
        return view
    view["across"] = [f for f in report.document_findings if f.raised]
    view["more"] = [r for r in report.raised if r.item.id not in report.top_edits]
    asked = dict.fromkeys(f.rule for r in report.raised for f in r.asks)
    view["rules"] = [rule_info(report, rid) for rid in asked]
    view["item_notes"] = [(r, f) for r in report.items for f in r.findings if not f.raised]
    view["doc_notes"] = [f for f in report.document_findings if not f.raised]
    return view


def render_html(reports: Sequence[Report], *, explain: bool = False, pages: bool = False) -> str:
    """One self-contained HTML page holding every report (pages: a PDF's pages with raised items boxed and
    numbered, each box linking to its card)."""
    if len(reports) == 1:
        title = f"critic review — {reports[0].source}"
    else:
        title = f"critic review — {len(reports)} files"
    docs = [_view(r, i, pages) for i, r in enumerate(reports, 1)]
    return _template().render(title=title, docs=docs, explain=explain, csp=_CSP, css=Markup(_CSS))


__all__ = ["ItemResult", "marked", "render_html"]
