"""Self-contained HTML: page 1 as an image with the glance and the six data points drawn over it.

PDF pages are rendered with pdfplumber (pypdfium2 underneath) to a PNG inlined as base64; boxes are
absolutely positioned in percent of the page so they scale with the image. Formats without a layout
show the simulated page as positioned text. No scripts, no external resources; every piece of
document text goes through html.escape.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from html import escape

from critic.model import Box
from critic.report.pages import box_style as _pct
from critic.screen.core import ScreenResult
from critic.screen.locate import DATA_POINTS, LABELS
from critic.screen.render import Failure, _table_rows, rank
from critic.screen.verdict import SEEN

RESOLUTION = 120  # dpi of the page image: 1020 x 1320 px for US Letter, shown 1,000 px wide
PAGE_PX = 1000  # the page is shown this wide; the labels sit in a gutter beside it, never on the text
GUTTER_PX = 250
LABEL_PX = 34  # height of one gutter label (two lines of small type)
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2330;background:#f4f5f7}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:0 0 8px}h3{font-size:14px;margin:16px 0 6px}
.sub{color:#5b6475;margin:0 0 16px}
.resume{background:#fff;border:1px solid #d9dce3;border-radius:8px;padding:16px;margin:0 0 24px}
.cols{display:flex;gap:20px;align-items:flex-start;flex-wrap:wrap}
.pagewrap{flex:0 0 auto}
.stage{display:flex;align-items:stretch}
.page{position:relative;width:1000px;flex:0 0 1000px;container-type:inline-size;border:1px solid #c9cdd6;
 background:#fff;overflow:hidden}
.gutter{position:relative;flex:0 0 250px;width:250px}
.lbl{position:absolute;left:10px;right:0;box-sizing:border-box;font-size:12px;line-height:15px;padding:1px 6px;
 border-left:3px solid #1a9a4b;background:#f3faf5;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.lbl.buried{border-left-color:#e08a00;background:#fff6e8}
.lbl b{display:inline-block;min-width:16px;margin-right:4px;text-align:center;border-radius:8px;color:#fff;
 background:#1a9a4b;font-size:11px}
.lbl.buried b{background:#e08a00}
.lbl .muted{font-size:11px}
.page img{display:block;width:100%;height:auto}
.sim{position:absolute;white-space:nowrap;color:#333;line-height:1.1}
.box{position:absolute;box-sizing:border-box;pointer-events:none}
.g-read{background:rgba(45,120,255,.18)}
.g-edge{background:rgba(45,120,255,.08)}
.dp{border:2px solid #1a9a4b}
.dp.buried{border:2px dashed #e08a00}
.side{flex:1 1 340px;min-width:300px}
.verdict{display:inline-block;padding:1px 8px;border-radius:4px;color:#fff;font-weight:600;letter-spacing:.02em}
.ADVANCE{background:#1a9a4b}.MAYBE{background:#d08a00}.REJECT{background:#c62f2f}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e5ea;padding:4px 6px;text-align:left;
 vertical-align:top}
th{font-weight:600;color:#5b6475;font-size:12px}
.st-seen{color:#1a9a4b}.st-buried{color:#d08a00}.st-missing{color:#c62f2f}
.glance{background:#f7f9ff;border:1px solid #dfe6fb;padding:8px;border-radius:4px}
.legend span{display:inline-block;margin-right:12px;font-size:12px}
.sw{display:inline-block;width:12px;height:12px;vertical-align:-2px;margin-right:4px}
ol,ul{margin:4px 0;padding-left:20px}
.muted{color:#5b6475}
"""


def page_png(data: bytes, page: int = 1, resolution: int = RESOLUTION) -> bytes:
    """Render one PDF page to PNG bytes (pdfplumber's page.to_image, which renders with pypdfium2)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pg = pdf.pages[page - 1]
        try:
            image = pg.to_image(resolution=resolution)
            buf = io.BytesIO()
            image.original.save(buf, format="PNG", optimize=True)
        finally:
            pg.close()
    return buf.getvalue()


def _overlap(a: Box, b: Box) -> float:
    """Intersection over the smaller box's area."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top)) or 1.0
    return w * h / smaller


def _page_view(result: ScreenResult, png: bytes | None) -> str:
    sheet = result.sheet
    width, height = sheet.page_sizes.get(1, (612.0, 792.0))
    parts = [f'<div class="page" style="aspect-ratio:{width:.1f}/{height:.1f}">']
    if png is not None:
        b64 = base64.b64encode(png).decode("ascii")
        parts.append(f'<img src="data:image/png;base64,{b64}" alt="page 1 of {escape(result.source)}">')
    else:
        for ln in sheet.lines:
            if ln.page != 1 or ln.box is None:
                continue
            size = ln.size / width * 100
            weight = "700" if ln.bold else "400"
            left, top = ln.box.x0 / width * 100, ln.box.top / height * 100
            parts.append(f'<div class="sim" style="left:{left:.2f}%;top:{top:.2f}%;font-size:{size * 0.9:.2f}cqw;'
                         f'font-weight:{weight}">{escape(ln.text)}</div>')
    lines = sheet.by_uid()
    for seg in result.segments:
        ln = lines.get(seg.uid)
        if ln is None or ln.box is None or ln.page != 1:
            continue
        box = ln.box
        if not seg.complete and ln.text:
            frac = min(1.0, max(0.05, len(seg.text) / len(ln.text)))
            box = Box(box.x0, box.top, box.x0 + (box.x1 - box.x0) * frac, box.bottom)
        cls = "g-read" if seg.mode == "read" else "g-edge"
        parts.append(f'<div class="box {cls}" style="{_pct(box, width, height)}" '
                     f'title="{seg.start:.1f}–{seg.end:.1f} s"></div>')
    drawn = _drawn_points(result)
    for box, cls, _, _ in drawn:
        parts.append(f'<div class="box {cls}" style="{_pct(box, width, height, 2.0)}"></div>')
    parts.append("</div>")
    parts.append(f'<div class="gutter">{"".join(_labels(drawn, width, height))}</div>')
    return '<div class="stage">' + "".join(parts) + "</div>"


def _drawn_points(result: ScreenResult) -> list[tuple[Box, str, list[str], float | None]]:
    """Page-1 data point boxes in reading order (when the glance reached them); points on the same lines
    share one box."""
    drawn: list[tuple[Box, str, list[str], float | None]] = []
    for key, label in DATA_POINTS:
        p = result.judgement.data_points[key]
        if p.box is None or p.page != 1:
            continue
        cls = "dp" if p.status == SEEN else "dp buried"
        same = next((d for d in drawn if d[1] == cls and _overlap(d[0], p.box) > 0.5), None)
        if same is not None:
            same[2].append(label)
        else:
            drawn.append((p.box, cls, [label], p.at))
    return sorted(drawn, key=lambda d: (d[3] is None, d[3] or 0.0, d[0].top))


def label_tops(centres: list[float], page_px: float, label_px: float = LABEL_PX) -> list[float]:
    """Gutter label tops (px) as near each box's centre as possible without two labels overlapping."""
    order = sorted(range(len(centres)), key=lambda i: centres[i])
    tops = [0.0] * len(centres)
    floor = 0.0
    for i in order:
        top = max(floor, min(page_px - label_px, centres[i] - label_px / 2))
        tops[i] = top
        floor = top + label_px + 2
    return tops


def _labels(drawn: list[tuple[Box, str, list[str], float | None]], width: float, height: float) -> list[str]:
    """Numbered labels for the gutter, in the order the glance reached the data points."""
    page_px = PAGE_PX * height / width  # the gutter is as tall as the page; positions in percent of it
    centres = [(box.top + box.bottom) / 2 / height * page_px for box, _, _, _ in drawn]
    out = []
    for n, ((_, cls, labels, at), top) in enumerate(zip(drawn, label_tops(centres, page_px), strict=True), 1):
        when = "not reached" if at is None else f"{at:.1f} s"
        kind = "buried" if "buried" in cls else ""
        out.append(f'<div class="lbl {kind}" style="top:{top / page_px * 100:.2f}%">'
                   f'<b>{n}</b>{escape(" + ".join(labels))}<br><span class="muted">{escape(when)}</span></div>')
    return out


def _details(result: ScreenResult) -> str:
    d = result.to_dict()
    out: list[str] = []
    if d["note"]:
        out.append(f"<h3>No verdict</h3><p>{escape(d['note'])}.</p>")
    fit = d.get("target_role")
    if fit:
        reads = "" if fit["fits"] is None else (" — the titles fit it" if fit["fits"] else
                                                 f" — the titles read as {fit['reads_as']}")
        out.append(f"<p class=\"muted\">Screened for: {escape(fit['role'])}{escape(reads)}</p>")
    if d["reasons"]:
        out.append("<h3>Why</h3><ul>" + "".join(f"<li>{escape(r['message'])}</li>" for r in d["reasons"]) + "</ul>")
    if d["edits"]:
        out.append("<h3>Edits most likely to flip it</h3><ol>" + "".join(
            f"<li>{escape(e['text'])} <span class=\"muted\">→ {escape(e['verdict_after'])}</span></li>"
            for e in d["edits"]) + "</ol>")
    rows = []
    for key, _ in DATA_POINTS:
        p = d["data_points"][key]
        at = "" if p["at"] is None else f"{p['at']:.1f} s"
        note = p["note"] or ""
        rows.append(f"<tr><td>{escape(LABELS[key])}</td><td class=\"st-{escape(p['status'])}\">{escape(p['status'])}"
                    f"{'' if p['complete'] or p['status'] == 'missing' else ' (incomplete)'}</td>"
                    f"<td>{escape(p['text'] or '')}<div class=\"muted\">{escape(note)}</div></td>"
                    f"<td>{escape(at)}</td></tr>")
    out.append("<h3>Six data points</h3><table><tr><th>data point</th><th>status</th><th>text</th><th>read at</th>"
               "</tr>" + "".join(rows) + "</table>")
    sig_rows = []
    for label, key in (("Quantified AI impact", "quantified_ai_impact"), ("Decision ownership", "decision_ownership")):
        s = d["signals"][key]
        where = {"glance": "in the glance", "none": "none found", "page-1": "page 1, outside the glance"}.get(
            s["where"], f"only on page {s['page']}")
        if s["where"] == "glance" and s.get("via") == "edge":
            where += " (first words of a passed line)"
        sig_rows.append(f"<tr><td>{escape(label)}</td><td>{escape(where)}</td><td>{escape(s['text'] or '')}</td></tr>")
    out.append("<h3>Signals</h3><table>" + "".join(sig_rows) + "</table>")
    out.append(f"<h3>Glance text</h3><div class=\"glance\">{escape(d['glance_text'])}</div>")
    if "jd" in d:
        jd = d["jd"]
        missing = ", ".join(jd["missing"]) or "none"
        out.append(f"<h3>Job description keywords <span class=\"muted\">(beside the verdict, not part of it)"
                   f"</span></h3><p>{jd['found']}/{jd['keywords']} in the resume ({jd['coverage']:.0%}), "
                   f"{jd['in_glance']} inside the glance. Missing: {escape(missing)}</p>")
    if d["warnings"]:
        out.append("<h3>Warnings</h3><ul>" + "".join(f"<li>{escape(w)}</li>" for w in d["warnings"]) + "</ul>")
    return "".join(out)


def _section(result: ScreenResult, png: bytes | None, anchor: str) -> str:
    d = result.to_dict()
    model = d["reading_model"]
    score = "" if d["critique_score"] is None else f" · critique score {d['critique_score']:.0f}"
    layout = "simulated page 1 (this format has no layout)" if result.sheet.simulated else "page 1"
    legend = ('<div class="legend"><span><i class="sw" style="background:rgba(45,120,255,.3)"></i>read in the '
              'glance</span><span><i class="sw" style="background:rgba(45,120,255,.12)"></i>left edge only</span>'
              '<span><i class="sw" style="border:2px solid #1a9a4b"></i>data point seen</span>'
              '<span><i class="sw" style="border:2px dashed #e08a00"></i>data point not reached</span>'
              '<span>labels beside the page: data points numbered in the order the glance reaches them</span></div>')
    return (f'<section class="resume" id="{escape(anchor)}"><h2>{escape(result.source)} '
            f'<span class="verdict {escape(result.verdict)}">{escape(result.verdict)}</span></h2>'
            f'<p class="sub">{d["data_points_seen"]} of 6 data points seen in a {model["seconds"]:g} s glance at '
            f'{model["words_per_second"]:g} words/s{escape(score)} · {escape(layout)}</p>'
            f'<div class="cols"><div class="pagewrap">{legend}{_page_view(result, png)}</div>'
            f'<div class="side">{_details(result)}</div></div></section>')


def render_html(results: Sequence[ScreenResult], images: dict[str, bytes | None],
                failures: Sequence[Failure] = ()) -> str:
    """One self-contained page: a ranked table (several files) and each resume's screen."""
    ranked = rank(results)
    title = f"critic screen: {ranked[0].source}" if len(ranked) == 1 and not failures else (
        f"critic screen: {len(ranked) + len(failures)} resumes")
    body = [f"<h1>{escape(title)}</h1>",
            '<p class="sub">A simulated recruiter glance at page 1 (reading model: docs/screen-model.md).</p>']
    if len(ranked) > 1 or failures:
        head = "<tr><th>#</th><th>verdict</th><th>seen</th><th>AI impact</th><th>ownership</th><th>score</th>" \
               "<th>JD</th><th>file</th></tr>"
        rows = []
        for i, row in enumerate(_table_rows(ranked)):
            cells = "".join(f"<td>{escape(c)}</td>" for c in row[:-1])
            rows.append(f'<tr>{cells}<td><a href="#r{i + 1}">{escape(row[-1])}</a></td></tr>')
        for f in failures:
            rows.append(f"<tr><td>–</td><td colspan=\"6\">failed: {escape(f.error)}</td><td>{escape(f.source)}</td></tr>")
        body.append(f"<table>{head}{''.join(rows)}</table><p class=\"muted\">Ranked by verdict, then critique "
                    "score.</p>")
    for i, r in enumerate(ranked, 1):
        body.append(_section(r, images.get(r.source), f"r{i}"))
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")
