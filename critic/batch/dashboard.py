"""index.html: the cohort dashboard — one self-contained page that works offline.

Sections: summary figures, score distribution (inline SVG bar chart), the cohort's most common
weaknesses each with a BAD -> GOOD example taken from the cohort, a candidate x rule heatmap, a sortable
table of candidates linking to their reports, and the files that failed with their reasons.

Every piece of document or file-name text is escaped with html.escape. A Content-Security-Policy
allows nothing but the page's own <style> and <script> (pinned by their sha256), so the page can load
nothing from the network and no injected markup could run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import statistics
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from critic import __version__

TOP_WEAKNESSES = 8
BINS = 10

CSS = """
:root{--fg:#1d2230;--muted:#5b6474;--line:#d9dde5;--bg:#fff;--accent:#2f5dd0;--bad:#b3261e;--good:#146c2e}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);
margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid var(--line);
padding-bottom:4px}
.muted{color:var(--muted)}.figures{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.figure{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:120px}
.figure b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:6px 8px;
text-align:left;vertical-align:top}
th{background:#f5f6f9;font-weight:600}table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.weak{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0}
.weak h3{font-size:16px;margin:0 0 4px}.pair{margin:6px 0 0 0}
.bad{color:var(--bad)}.good{color:var(--good)}.tag{font-size:12px;border-radius:4px;padding:1px 6px;
background:#eef1f7;color:var(--muted)}
.heat{overflow-x:auto}.heat table{width:auto}.heat td{text-align:center;min-width:28px;padding:4px}
.heat td.name{text-align:left;min-width:0;padding:4px 8px}
.heat th.rule{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-size:12px;
font-weight:500;padding:6px 4px}
.h0{color:#c4c8d0}.h1{background:#fde7c8}.h2{background:#f9c27e}.h3{background:#ef8f45}.h4{background:#d4572a;color:#fff}
.failed td{color:var(--bad)}.chart text{font-size:12px;fill:var(--muted)}.chart rect.bar{fill:var(--accent)}
.up{color:var(--good)}.down{color:var(--bad)}
"""

SCRIPT = """
(function(){
function key(td,num){var v=td.getAttribute('data-v');if(v===null){v=td.textContent.trim();}
if(num){var n=parseFloat(v);return isNaN(n)?-Infinity:n;}return v.toLowerCase();}
function sortBy(t,i,dir){var hs=t.tHead.rows[0].cells,num=hs[i].getAttribute('data-type')==='num';
var rows=Array.prototype.slice.call(t.tBodies[0].rows);
rows.sort(function(a,b){var x=key(a.cells[i],num),y=key(b.cells[i],num);return (x<y?-1:x>y?1:0)*(dir==='asc'?1:-1);});
rows.forEach(function(r){t.tBodies[0].appendChild(r);});
for(var j=0;j<hs.length;j++){hs[j].removeAttribute('aria-sort');}
hs[i].setAttribute('aria-sort',dir==='asc'?'ascending':'descending');}
var tables=document.querySelectorAll('table.sortable');
Array.prototype.forEach.call(tables,function(t){var hs=t.tHead.rows[0].cells;
Array.prototype.forEach.call(hs,function(th,i){th.addEventListener('click',function(){
sortBy(t,i,th.getAttribute('aria-sort')==='ascending'?'desc':'asc');});});});
var m=/^#sort=([a-z_]+)-(asc|desc)$/.exec(location.hash);
if(m&&tables.length){var t=tables[0],hs=t.tHead.rows[0].cells;
for(var i=0;i<hs.length;i++){if(hs[i].getAttribute('data-key')===m[1]){sortBy(t,i,m[2]);}}}
})();
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _sha(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def report_link(record: Mapping[str, Any]) -> str | None:
    """Relative link to the candidate's report: HTML when written, else JSON, else any."""
    reports = record.get("reports") or {}
    for ext in ("html", "json", "md", "markdown", "txt", "text"):
        if ext in reports:
            return quote(reports[ext], safe="/._-")
    for _, path in sorted(reports.items()):
        return quote(path, safe="/._-")
    return None


def histogram(scores: Sequence[float], bins: int = BINS) -> list[int]:
    """Counts of scores in [0,10), [10,20) ... [90,100] (100 falls in the last bin)."""
    counts = [0] * bins
    width = 100 / bins
    for s in scores:
        i = min(bins - 1, max(0, int(s // width)))
        counts[i] += 1
    return counts


def chart_svg(scores: Sequence[float]) -> str:
    """A bar chart of the score distribution as inline SVG."""
    counts = histogram(scores)
    w, h, left, bottom, top = 640, 220, 36, 28, 14
    plot_w, plot_h = w - left - 8, h - bottom - top
    peak = max(counts) if counts and max(counts) else 1
    bar_w = plot_w / len(counts)
    parts = [f'<svg class="chart" role="img" aria-label="Score distribution" viewBox="0 0 {w} {h}" '
             f'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">',
             '<title>Score distribution: number of candidates per 10-point score band</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{w - 8}" y2="{top + plot_h}" stroke="#9aa1ad"/>']
    for i, n in enumerate(counts):
        bh = round(plot_h * n / peak, 1)
        x = round(left + i * bar_w + 3, 1)
        y = round(top + plot_h - bh, 1)
        lo, hi = i * 10, (i + 1) * 10 - 1 if i < len(counts) - 1 else 100
        parts.append(f'<rect class="bar" data-band="{lo}-{hi}" data-count="{n}" x="{x}" y="{y}" '
                     f'width="{round(bar_w - 6, 1)}" height="{bh}"><title>{lo}–{hi}: {n}</title></rect>')
        if n:
            parts.append(f'<text x="{round(x + (bar_w - 6) / 2, 1)}" y="{round(y - 3, 1)}" '
                         f'text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{round(x + (bar_w - 6) / 2, 1)}" y="{h - 10}" text-anchor="middle">{lo}</text>')
    parts.append(f'<text x="4" y="{top + 4}">count</text>')
    parts.append("</svg>")
    return "".join(parts)


def example_rank(example: Mapping[str, Any], rule: str, file: str) -> tuple[Any, ...]:
    """Order of preference for a cohort example: a rewrite shaped by this rule alone, of a bullet or
    an answer (not a skills line), of readable length (40-200 characters), then the shortest."""
    bad = str(example.get("bad", ""))
    return (len(example.get("rules") or [rule]), 0 if example.get("kind", "bullet") in ("bullet", "answer") else 1,
            0 if 40 <= len(bad) <= 200 else 1, len(bad), file)


def weaknesses(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rules ranked by how many candidates they flag, each with the cohort's best BAD -> GOOD example."""
    ok = [r for r in records if r.get("status") == "ok"]
    stats: dict[str, dict[str, Any]] = {}
    for r in ok:
        for rule, n in (r.get("counts") or {}).items():
            if not n:
                continue
            s = stats.setdefault(rule, {"rule": rule, "candidates": 0, "findings": 0, "message": "",
                                        "severity": "", "example": None})
            s["candidates"] += 1
            s["findings"] += n
        for rule, info in sorted((r.get("_rule_info") or {}).items()):
            s = stats.get(rule)
            if s is not None and not s["message"]:
                s["message"], s["severity"] = info.get("message", ""), info.get("severity", "")
            if s is not None and not s.get("canonical") and info.get("bad") and info.get("good"):
                s["canonical"] = {"bad": info["bad"], "good": info["good"]}
        for f in r.get("findings") or []:
            s = stats.get(f.get("rule", ""))
            if s is not None and not s["message"]:
                s["message"] = f.get("message", "")
                s["severity"] = f.get("severity", "")
        for rule, ex in sorted((r.get("examples") or {}).items()):
            s = stats.get(rule)
            if s is None or not ex.get("good"):
                continue
            rank = example_rank(ex, rule, r.get("file", ""))
            if s["example"] is None or rank < s["_rank"]:
                s["example"] = {**ex, "file": r.get("file", "")}
                s["_rank"] = rank
    out = sorted(stats.values(), key=lambda s: (-s["candidates"], -s["findings"], s["rule"]))
    for s in out:
        s.pop("_rank", None)
        s.setdefault("canonical", None)
        s["share"] = s["candidates"] / len(ok) if ok else 0.0
    return out


def _heat_class(n: int) -> str:
    return "h0" if n <= 0 else f"h{min(n, 4)}"


def _score_text(value: Any) -> str:
    return "" if value is None else str(value)


def candidate_name(record: Mapping[str, Any]) -> str:
    """How the dashboard names a candidate: the person's name from the document, else the file's name
    (never the folders it sits in)."""
    name = record.get("name")
    if isinstance(name, str) and name.strip() and "redacted]" not in name:
        return " ".join(name.split())
    return PurePosixPath(str(record.get("file") or "")).name or str(record.get("file") or "")


def shown_files(records: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """File label -> how the table shows it: as given when relative; an absolute label loses the folders
    all absolute labels share (never a home folder or machine path on a shared page)."""
    labels = [str(r.get("file") or "") for r in records]
    absolute = [PurePosixPath(label) for label in labels if label.startswith("/")]
    common: PurePosixPath | None = None
    if absolute:
        parts = absolute[0].parent.parts
        for path in absolute[1:]:
            n = 0
            while n < min(len(parts), len(path.parent.parts)) and parts[n] == path.parent.parts[n]:
                n += 1
            parts = parts[:n]
        common = PurePosixPath(*parts) if parts else None
    out = {}
    for label in labels:
        path = PurePosixPath(label)
        if label.startswith("/"):
            out[label] = str(path.relative_to(common)) if common is not None and path != common else path.name
        else:
            out[label] = label
    return out


def judged(record: Mapping[str, Any]) -> bool:
    """Whether a reviewed record has anything judged (a document with no item judged has no real score)."""
    return record.get("status") == "ok" and record.get("judged", 1) != 0


def render(records: Sequence[Mapping[str, Any]], *, title: str = "Cohort review", compare: bool = False,
           removed: Sequence[str] = (), redacted: bool = False) -> str:
    """The dashboard HTML for the run's records (in input order)."""
    ok = [r for r in records if r.get("status") == "ok"]
    failed = [r for r in records if r.get("status") != "ok"]
    scored = [r for r in ok if judged(r)]  # nothing judged: no score in the figures and charts
    files = shown_files(records)
    scores = [float(r["score"]) for r in scored if isinstance(r.get("score"), (int, float))]
    weak = weaknesses(records)
    out: list[str] = []
    w = out.append
    css, js = CSS.strip(), SCRIPT.strip()
    csp = (f"default-src 'none'; style-src 'sha256-{_sha(css)}'; script-src 'sha256-{_sha(js)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    w("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    w(f'<meta http-equiv="Content-Security-Policy" content="{csp}">')  # our own constant text
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f"<title>{_e(title)} — {len(records)} files</title>")
    w(f"<style>{css}</style></head><body>")
    w(f"<h1>{_e(title)}</h1>")
    sub = f"critic {__version__} · {len(records)} files · {len(ok)} reviewed · {len(failed)} failed"
    if redacted:
        sub += " · personal data redacted"
    w(f'<p class="muted" id="subtitle">{_e(sub)}</p>')

    # figures
    w('<div class="figures">')
    figs = [("Files", len(records), "files"), ("Reviewed", len(ok), "ok"), ("Failed", len(failed), "failed")]
    if len(scored) < len(ok):
        figs.append(("Nothing judged", len(ok) - len(scored), "unjudged"))
    if scores:
        figs.append(("Median score", f"{statistics.median(scores):g}", "median"))
        figs.append(("Mean score", f"{sum(scores) / len(scores):.1f}", "mean"))
    if compare:
        changes = [r["compare"]["score_change"] for r in ok
                   if (r.get("compare") or {}).get("score_change") is not None]
        if changes:
            figs.append(("Improved", sum(1 for c in changes if c > 0), "improved"))
            figs.append(("Declined", sum(1 for c in changes if c < 0), "declined"))
    for label, value, key in figs:
        w(f'<div class="figure" id="fig-{key}"><span class="muted">{_e(label)}</span><b>{_e(value)}</b></div>')
    w("</div>")

    # distribution
    w('<section id="distribution"><h2>Score distribution</h2>')
    if scores:
        w(chart_svg(scores))
    else:
        w('<p class="muted">No file was reviewed.</p>')
    w("</section>")

    # weaknesses
    w('<section id="weaknesses"><h2>Most common weaknesses</h2>')
    if not weak:
        w('<p class="muted">No finding in this cohort.</p>')
    for s in weak[:TOP_WEAKNESSES]:
        w(f'<div class="weak" data-rule="{_e(s["rule"])}">')
        w(f'<h3>{_e(s["rule"])} <span class="tag">{_e(s["severity"])}</span></h3>')
        w(f'<div>{_e(s["message"])}</div>')
        w(f'<div class="muted">{s["candidates"]} of {len(ok)} candidates ({s["share"]:.0%}), '
          f'{s["findings"]} findings</div>')
        ex = s.get("example")
        canonical = s.get("canonical")
        if ex or canonical:
            pair = ex or canonical
            source = f'from {_e(ex.get("file"))}' if ex else _e("the rule's own example (a document-level finding)")
            w('<div class="pair"><div><span class="bad">BAD</span> '
              f'<span class="ex-bad">{_e(pair.get("bad"))}</span></div>'
              '<div><span class="good">GOOD</span> '
              f'<span class="ex-good">{_e(pair.get("good"))}</span></div>'
              f'<div class="muted">{source}</div></div>')
        w("</div>")
    w("</section>")

    # heatmap
    rules = [s["rule"] for s in weak]
    w('<section id="heatmap"><h2>Candidates × rules</h2>')
    if scored and rules:
        w('<div class="heat"><table><thead><tr><th>Candidate</th><th class="num">Score</th>')
        for rule in rules:
            w(f'<th class="rule" title="{_e(rule)}">{_e(rule)}</th>')
        w("</tr></thead><tbody>")
        for r in scored:
            counts = r.get("counts") or {}
            link = report_link(r)
            name = _e(candidate_name(r))
            cell = f'<a href="{_e(link)}">{name}</a>' if link else name
            w(f"<tr><td class=\"name\">{cell}</td><td class=\"num\">{_e(_score_text(r.get('score')))}</td>")
            for rule in rules:
                n = int(counts.get(rule, 0) or 0)
                w(f'<td class="{_heat_class(n)}" title="{_e(rule)}: {n}">{n if n else "·"}</td>')
            w("</tr>")
        w("</tbody></table></div>")
    else:
        w('<p class="muted">Nothing to show.</p>')
    w("</section>")

    # candidates table
    w('<section id="candidates"><h2>Candidates</h2>')
    w('<table class="sortable" id="candidates-table"><thead><tr>')
    cols = [("file", "File", "text"), ("kind", "Kind", "text"), ("score", "Score", "num"),
            ("findings", "Findings", "num")]
    if compare:
        cols.append(("change", "Change", "num"))
        cols.append(("fixed", "Fixed", "num"))
        cols.append(("new", "New", "num"))
    cols.extend([("top", "Top edit", "text"), ("status", "Status", "text")])
    for key, label, typ in cols:
        cls = ' class="num"' if typ == "num" else ""
        w(f'<th data-key="{key}" data-type="{typ}"{cls}>{_e(label)}</th>')
    w("</tr></thead><tbody>")
    for r in records:
        is_ok = r.get("status") == "ok"
        link = report_link(r) if is_ok else None
        name = _e(files.get(str(r.get("file") or ""), ""))
        w(f'<tr class="{"ok" if is_ok else "failed"}">')
        w(f'<td data-v="{name}">' + (f'<a href="{_e(link)}">{name}</a>' if link else name) + "</td>")
        w(f"<td>{_e(r.get('kind', '') if is_ok else '')}</td>")
        w(f'<td class="num">{_e(_score_text(r.get("score")) if judged(r) else "")}</td>')
        nfind = sum((r.get("counts") or {}).values()) if is_ok else None
        w(f'<td class="num">{"" if nfind is None else nfind}</td>')
        if compare:
            cmp = r.get("compare") or {}
            ch = cmp.get("score_change")
            cls = "up" if ch and ch > 0 else ("down" if ch and ch < 0 else "")
            text = "" if ch is None else (f"+{ch}" if ch > 0 else str(ch))
            if cmp.get("previous") is None:
                text = "new"
            w(f'<td class="num {cls}" data-v="{"" if ch is None else ch}">{_e(text)}</td>')
            w(f'<td class="num">{len(cmp["fixed"]) if "fixed" in cmp else ""}</td>')
            w(f'<td class="num">{len(cmp["new"]) if "new" in cmp else ""}</td>')
        top = (r.get("top_edits") or [{}])[0] if is_ok else {}
        top_text = f'{top.get("bad", "")} → {top.get("good", "")}' if top.get("good") else top.get("bad", "")
        w(f"<td>{_e(top_text if is_ok else r.get('error', ''))}</td>")
        w(f"<td>{'ok' if is_ok else 'failed'}</td></tr>")
    w("</tbody></table></section>")

    # failures
    w('<section id="failed"><h2>Files that could not be reviewed</h2>')
    if failed:
        w('<table><thead><tr><th>File</th><th>Reason</th></tr></thead><tbody>')
        for r in failed:
            w(f'<tr class="failed"><td>{_e(r.get("file"))}</td><td>{_e(r.get("error"))}</td></tr>')
        w("</tbody></table>")
    else:
        w('<p class="muted">None.</p>')
    w("</section>")
    if compare and removed:
        w('<section id="removed"><h2>In the previous run only</h2><ul>')
        for label in removed:
            w(f"<li>{_e(label)}</li>")
        w("</ul></section>")
    w(f"<script>{js}</script></body></html>\n")
    return "\n".join(out)
