"""A PDF's pages as images with each raised item boxed and numbered where it stands.

Pages are rendered with pypdfium2 in the same resource-limited child process as parsing
(``critic.parse.sandbox``); boxes are placed in percent of the page so they scale with the image.
``pages_html(report, data)`` is the fragment the HTML review and the local web page embed: one
self-contained block (inline style, images as data URIs, no script), each box a link to its card;
``report_pages_html(report)`` reads the PDF back from the report's source path for the HTML review.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from html import escape

from critic.findings import severity_rank
from critic.model import Box
from critic.parse.sandbox import Limits, run_limited
from critic.report import Report

RESOLUTION = 100  # dpi: 850 x 1100 px for US Letter
RAISED = ("error", "warning")  # severities that ask for an edit; "info" is a note


@dataclass(frozen=True)
class Marker:
    """One raised item on a page: its number, id, page, box and worst severity."""

    number: int
    item_id: str
    page: int
    box: Box
    severity: str


@dataclass(frozen=True)
class PageImage:
    """A rendered page: its number, size in PDF points and PNG bytes."""

    number: int
    width: float
    height: float
    png: bytes


def markers(report: Report, only: Collection[str] | None = None) -> list[Marker]:
    """The raised items that have a place on a page (of those whose ids are in `only`, when given), numbered in
    reading order."""
    out: list[Marker] = []
    for r in report.items:
        worst = max((f.severity for f in r.findings if f.severity in RAISED), key=severity_rank, default=None)
        if worst is None or r.item.box is None or r.item.page is None or only is not None and r.item.id not in only:
            continue
        out.append(Marker(len(out) + 1, r.item.id, r.item.page, r.item.box, worst))
    return out


def shared_boxes(found: Sequence[Marker]) -> list[list[Marker]]:
    """Markers grouped by their box: the sentences of one paragraph share the paragraph's box."""
    groups: dict[tuple[int, float, float, float, float], list[Marker]] = {}
    for m in found:
        groups.setdefault((m.page, m.box.x0, m.box.top, m.box.x1, m.box.bottom), []).append(m)
    return list(groups.values())


def mark_ids(report: Report, anchor: Callable[[str], str] | None = None,
             only: Collection[str] | None = None) -> dict[str, str]:
    """Item id -> the id of the box that marks it on the page (shared boxes carry the first item's)."""
    anchor = anchor or item_anchor
    return {m.item_id: f"mark-{anchor(group[0].item_id)}" for group in shared_boxes(markers(report, only))
            for m in group}


def _render(data: bytes, pages: tuple[int, ...], resolution: int) -> list[PageImage]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for number in pages:
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                image = page.render(scale=resolution / 72).to_pil()
                buf = io.BytesIO()
                image.save(buf, format="PNG", optimize=True)
            finally:
                page.close()
            out.append(PageImage(number, width, height, buf.getvalue()))
        return out
    finally:
        pdf.close()


def render_pages(data: bytes, pages: Sequence[int], *, source: str = "<pdf>", resolution: int = RESOLUTION,
                 limits: Limits | None = None) -> list[PageImage]:
    """Render the given 1-based pages of a PDF to PNG, in the sandboxed child (bad input: InputError)."""
    return run_limited(_render, data, tuple(pages), resolution, source=source, limits=limits or Limits())


def box_style(box: Box, width: float, height: float, pad: float = 1.0) -> str:
    """A box's CSS position in percent of the page."""
    left = max(0.0, (box.x0 - pad) / width * 100)
    top = max(0.0, (box.top - pad) / height * 100)
    w = min(100.0 - left, (box.x1 - box.x0 + 2 * pad) / width * 100)
    h = min(100.0 - top, (box.bottom - box.top + 2 * pad) / height * 100)
    return f"left:{left:.2f}%;top:{top:.2f}%;width:{w:.2f}%;height:{h:.2f}%"


PAGES_CSS = """
.pdfpages{display:flex;flex-direction:column;gap:16px;margin:12px 0}
.pdfpage{position:relative;margin:0;border:1px solid #c9cdd6;background:#fff;max-width:850px}
.pdfpage img{display:block;width:100%;height:auto}
.pdfpage .mk{position:absolute;box-sizing:border-box;border:2px solid #b3261e;border-radius:3px;
 text-decoration:none;background:rgba(179,38,30,.06)}
.pdfpage .mk.warning{border-color:#9a6700;background:rgba(154,103,0,.06)}
.pdfpage .mk.cleared{border-color:#1a7f37;background:rgba(26,127,55,.08)}
.pdfpage .mk span{position:absolute;right:100%;top:-2px;margin-right:3px;font:700 11px/15px system-ui,sans-serif;color:#fff;
 background:#b3261e;padding:0 5px;border-radius:3px}
.pdfpage .mk.warning span{background:#9a6700}.pdfpage .mk.cleared span{background:#1a7f37}
"""


def item_anchor(item_id: str) -> str:
    """The id of an item's card in the page (what a box links to)."""
    return "item-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in item_id)


def pages_html(report: Report, data: bytes, *, images: Sequence[PageImage] | None = None,
               anchor: Callable[[str], str] = item_anchor, limits: Limits | None = None,
               only: Collection[str] | None = None) -> str:
    """The PDF's pages with every raised item (of `only`, when given) boxed and numbered, each box linking to
    #anchor(item id); an empty string when the document is not a PDF or has no such item on a page."""
    found = markers(report, only)
    if report.document.format != "pdf" or not found:
        return ""
    if images is None:
        images = render_pages(data, sorted({m.page for m in found}), source=report.source, limits=limits)
    parts = [f"<style>{PAGES_CSS}</style>", '<div class="pdfpages">']
    for img in images:
        b64 = base64.b64encode(img.png).decode("ascii")
        parts.append(f'<figure class="pdfpage" id="page-{img.number}" '
                     f'style="aspect-ratio:{img.width:.1f}/{img.height:.1f}">')
        parts.append(f'<img src="data:image/png;base64,{b64}" alt="page {img.number} of {escape(report.source)}">')
        for group in shared_boxes(found):
            if group[0].page != img.number:
                continue
            first = group[0]
            severity = "error" if any(m.severity == "error" for m in group) else first.severity
            label = "·".join(str(m.number) for m in group)
            parts.append(f'<a class="mk {severity}" id="mark-{escape(anchor(first.item_id))}" '
                         f'href="#{escape(anchor(first.item_id))}" data-item="{escape(first.item_id)}" '
                         f'data-items="{escape(" ".join(m.item_id for m in group))}" '
                         f'style="{box_style(first.box, img.width, img.height, 1.5)}" '
                         f'title="{label}"><span>{label}</span></a>')
        parts.append("</figure>")
    parts.append("</div>")
    return "".join(parts)


def report_pages_html(report: Report, *, anchor: Callable[[str], str] = item_anchor,
                      limits: Limits | None = None) -> str:
    """pages_html for a reviewed PDF read back from its source path; "" when it is not a PDF, cannot be
    read again or cannot be rendered (the review itself already succeeded)."""
    from critic.errors import InputError
    from critic.parse import read_input

    if report.document.format != "pdf" or not markers(report):
        return ""
    limits = limits or Limits()
    try:
        data = read_input(report.source, limits)
        return pages_html(report, data, anchor=anchor, limits=limits)
    except InputError:
        return ""
