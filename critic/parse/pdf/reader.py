"""PDF parser: bytes -> Blocks in reading order, plus the document's page layout.

A first pass rejects decompression bombs and content streams with absurd numbers of text objects
(inflating the compressed streams under a size cap, output discarded). PDFium (pypdfium2) then opens the
file, rejecting encrypted, corrupt, truncated, over-long and image-only files, and reads each page's
characters and small filled shapes (critic.parse.pdf.chars).
The layout work (lines, columns, reading order) lives in critic.parse.pdf.layout, the glyph work
(word spacing, ligatures, hyphens) in critic.parse.pdf.text and the block building (bullets,
headings, running headers) in critic.parse.pdf.blocks.
"""

from __future__ import annotations

import re
import zlib
from itertools import chain
from typing import Any

from critic.errors import InputError
from critic.model import Box, Document, Line, Page
from critic.parse.blocks import Block
from critic.parse.pdf.blocks import body_size, build_blocks, line_text_for_layout
from critic.parse.pdf.chars import RawShape, page_glyphs, page_shapes
from critic.parse.pdf.layout import (
    PageLine,
    Segment,
    assemble_lines,
    group_rows,
    order_segments,
    split_segments,
)
from critic.parse.pdf.text import (
    ICON,
    TEXT,
    Glyph,
    SpacingStats,
    guess_ligatures,
)

# A resume page holds a few thousand characters; far more means a machine-made or hostile file.
MAX_CHARS_PER_PAGE = 60_000

_ENCRYPTED = "encrypted PDF — remove the password and try again"
_NO_TEXT = "no text layer — scanned or image-only PDF; run OCR first"


def _corrupt(reason: str) -> str:
    return f"not a readable PDF (truncated or corrupt): {reason}"


# Compressed streams are inflated (output discarded) up to these sizes before any PDF library sees
# them: a few hundred bytes of nested FlateDecode can expand to gigabytes.
MAX_STREAM_MB = 256
MAX_TOTAL_STREAM_MB = 512
# Text objects (BT ... ET) in one content stream: a dense resume page has about a thousand; hundreds of
# thousands keep a PDF library busy for minutes.
MAX_TEXT_OBJECTS = 50_000
# Deflate expands at most about 1032:1 (258 bytes from one code), with room for the zlib wrapper.
FLATE_MAX_RATIO = 1100
_TOO_MANY_TEXTS = (f"a content stream holds over {MAX_TEXT_OBJECTS} text objects, far more than any resume; "
                   "refusing it rather than run past the time limit")

_STREAM_START = re.compile(rb"stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
# stream dictionaries of font programs and images, which hold no text operators to count
_NO_TEXT_STREAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b")


def _inflated_size(raw: bytes, layers: int, cap: int, *, count_texts: bool = True) -> tuple[int, int]:
    """Bytes `raw` inflates to through `layers` chained FlateDecode filters (counting at most cap + 1),
    and the number of text objects ("BT" operators) in the result (0 unless count_texts, or when the
    result turns out to be binary data)."""
    decoders = [zlib.decompressobj() for _ in range(layers)]
    total = 0
    texts = 0
    step = 1 << 20

    def feed(level: int, chunk: bytes) -> bool:
        nonlocal total, texts, count_texts
        if level == layers:
            total += len(chunk)
            if count_texts:
                if b"\x00" in chunk:  # binary data (a glyph map, say), not a content stream's operators
                    count_texts = False
                    texts = 0
                else:
                    texts += chunk.count(b"BT")
            return total > cap or texts > MAX_TEXT_OBJECTS
        d = decoders[level]
        while True:
            out = d.decompress(chunk, step)
            chunk = d.unconsumed_tail
            if out and feed(level + 1, out):
                return True
            if d.eof or (not out and not d.unconsumed_tail) or (not chunk and len(out) < step):
                return False
            if not out and len(chunk) == len(d.unconsumed_tail):
                return False  # no progress

    try:
        feed(0, raw)
    except zlib.error:
        pass  # a damaged stream: the PDF libraries will report it
    return total, texts


def check_streams(data: bytes, source: str) -> None:
    """Refuse decompression bombs: any FlateDecode stream (nested filters included) that inflates
    beyond MAX_STREAM_MB, or all of them together beyond MAX_TOTAL_STREAM_MB."""
    total = 0
    cap = MAX_STREAM_MB * 1024 * 1024
    total_cap = MAX_TOTAL_STREAM_MB * 1024 * 1024
    for m in _STREAM_START.finditer(data):
        head = data[max(0, m.start() - 2048) : m.start()]
        obj = head.rfind(b" obj")
        header = head[obj:]
        if obj < 0 or header.count(b"stream") or b">>" not in header:
            continue
        f = _FILTER.search(header)
        if not f:
            end = data.find(b"endstream", m.end())
            if data.count(b"BT", m.end(), end if end >= 0 else len(data)) > MAX_TEXT_OBJECTS:
                raise InputError(source, _TOO_MANY_TEXTS)
            continue
        names = re.findall(rb"/([A-Za-z0-9]+)", f.group(1))
        layers = 0
        for name in names:
            if name not in (b"FlateDecode", b"Fl"):
                break
            layers += 1
        if not layers:
            continue
        end = data.find(b"endstream", m.end())
        raw = data[m.end() : end if end >= 0 else len(data)]
        content = not _NO_TEXT_STREAM.search(header)
        if not content and layers == 1:
            bound = len(raw) * FLATE_MAX_RATIO  # the most this stream can inflate to
            if bound <= cap and total + bound <= total_cap:
                total += bound  # a font program or image too small to be a bomb: no need to inflate it
                continue
        size, texts = _inflated_size(raw, layers, min(cap, total_cap - total), count_texts=content)
        total += size
        if size > cap or total > total_cap:
            raise InputError(source, f"decompression bomb — a compressed stream expands beyond {MAX_STREAM_MB} MB")
        if texts > MAX_TEXT_OBJECTS:
            raise InputError(source, _TOO_MANY_TEXTS)


def _open(data: bytes, source: str, max_pages: int) -> Any:
    """Reject decompression bombs, then open the file with PDFium: reject encrypted, corrupt, truncated
    and over-long PDFs. Returns the open pypdfium2 document (the caller closes it)."""
    import pypdfium2 as pdfium

    if b"%PDF-" not in data[:1024]:
        raise InputError(source, _corrupt("no PDF header"))
    check_streams(data, source)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise InputError(source, _ENCRYPTED) from None
        if code == pdfium.raw.FPDF_ERR_SECURITY:
            raise InputError(source, "encrypted PDF with an unsupported security handler") from None
        reason = re.sub(r"[).\s]+$", "", str(exc).split(":")[-1]).strip() or "cannot be opened"
        raise InputError(source, _corrupt(reason[0].lower() + reason[1:])) from None
    try:
        if b"%%EOF" not in data[-2048:]:
            raise InputError(source, _corrupt("the end-of-file marker is missing, the file looks cut short"))
        pages = len(pdf)
        if pages == 0:
            raise InputError(source, _corrupt("no pages"))
        if pages > max_pages:
            raise InputError(source, f"{pages} pages, over the limit of {max_pages}")
    except BaseException:
        pdf.close()
        raise
    return pdf


def _add_shapes(out: list[Glyph], shapes: list[RawShape]) -> None:
    """Add a page's small filled shapes that may be bullets to its glyphs."""
    # Small filled shapes right before text are bullets drawn as vector graphics (Canva, InDesign).
    seq = len(out) + 100000
    for shape in shapes:
        w = shape.x1 - shape.x0
        h = shape.bottom - shape.top
        if not (1.0 <= w <= 9.0 and 1.0 <= h <= 9.0 and 0.6 <= w / h <= 1.6):
            continue
        mid = (shape.top + shape.bottom) / 2
        size = max(h * 2.6, 6.0)
        out.append(Glyph("\u2022", ICON, shape.x0, shape.x1, mid - 0.45 * size, mid + 0.3 * size, size, "vector",
                         False, seq))
        seq += 1


def _read_pages(pdf: Any, source: str) -> tuple[list[tuple[int, float, float, list[Glyph]]], int]:
    """Every page's glyphs (number, width, height, glyphs) and the count of rotated characters skipped."""
    pages: list[tuple[int, float, float, list[Glyph]]] = []
    rotated = 0
    total = 0
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            width, height = float(page.get_width()), float(page.get_height())
            textpage = page.get_textpage()
            try:
                n = textpage.count_chars()
                if n > MAX_CHARS_PER_PAGE:
                    raise InputError(source, f"page {i + 1} draws {n} characters, far more than a resume page "
                                     f"(limit {MAX_CHARS_PER_PAGE}); refusing it rather than exceed the time limit")
                total += max(n, 0)
                glyphs, rot, read = page_glyphs(textpage, width, height)
            finally:
                textpage.close()
            if read:
                _add_shapes(glyphs, page_shapes(page, height))
        finally:
            page.close()
        rotated += rot
        pages.append((i + 1, width, height, glyphs))
    if total == 0:
        raise InputError(source, _NO_TEXT)
    return pages, rotated


def _page_lines(glyphs: list[Glyph], number: int, body: float, stats: SpacingStats) -> tuple[list[PageLine], int]:
    """Reading-ordered lines of one page and its number of columns."""
    segs: list[Segment] = []
    for row in group_rows(glyphs):
        segs.extend(split_segments(row, stats))
    groups = order_segments(segs, body)
    lines: list[PageLine] = []
    columns = 1
    for group_segs, column, two in groups:
        if two:
            columns = max(columns, column + 1)
        lines.extend(assemble_lines(group_segs, number, column if two else 0))
    return lines, columns


def parse_pdf(data: bytes, doc: Document, *, max_pages: int = 50) -> list[Block]:
    """Blocks in reading order; also fills doc.pages (page-1..n layout: Page/Line with boxes, columns),
    doc.page_count and doc.warnings. Raises InputError(doc.source, problem) for: encrypted, no text
    layer, corrupt/truncated and too many pages."""
    source = doc.source
    pdf = _open(data, source, max_pages)
    stats = SpacingStats()
    try:
        count = len(pdf)
        page_glyphs, rotated = _read_pages(pdf, source)
    except InputError:
        raise
    except MemoryError:
        raise  # the sandbox reports the memory limit
    except Exception as exc:  # PDFium reports damaged files through many paths
        reason = re.sub(r"\s+", " ", f"{type(exc).__name__}: {exc}")[:120]
        raise InputError(source, _corrupt(reason)) from None
    finally:
        pdf.close()

    if not any(g.kind == TEXT and g.text.isalnum() for _, _, _, gs in page_glyphs for g in gs):
        raise InputError(source, _NO_TEXT)
    for _, _, _, gs in page_glyphs:
        guess_ligatures(gs, stats)

    body = body_size(chain.from_iterable(gs for _, _, _, gs in page_glyphs))
    all_lines: list[PageLine] = []
    doc.pages = []
    two_column_pages: list[int] = []
    sidebar_edge: float | None = None  # right edge of the left column on the page before, if it had two
    for number, width, height, glyphs in page_glyphs:
        lines, columns = _page_lines(glyphs, number, body, stats)
        if columns > 1:
            two_column_pages.append(number)
            sidebar_edge = max((ln.x1 for ln in lines if ln.column == 0), default=None)
        elif sidebar_edge is not None and lines and all(ln.x0 > sidebar_edge for ln in lines):
            for ln in lines:  # the main column goes on alone, right of where the sidebar was
                ln.column = 1
        else:
            sidebar_edge = None
        page = Page(number=number, width=width, height=height, columns=columns)
        for ln in lines:
            text = line_text_for_layout(ln)
            if not text:
                continue
            page.lines.append(Line(text=text, box=Box(ln.x0, ln.top, ln.x1, ln.bottom), size=ln.size,
                                   bold=_line_bold(ln), column=ln.column))
        doc.pages.append(page)
        all_lines.extend(lines)
    doc.page_count = count

    blocks = build_blocks(all_lines, {n: (w, h) for n, w, h, _ in page_glyphs}, body, doc)
    if two_column_pages:
        pages = ", ".join(str(n) for n in two_column_pages)
        doc.warn(f"two-column layout (page {pages}): columns read left, then right")
    if stats.breaks and stats.inferred >= max(20, 0.15 * stats.breaks):
        doc.warn(f"spaces recovered: {stats.inferred} of {stats.breaks} word breaks come with no space character "
                 "and were inferred from letter positions")
    if stats.ligature_guesses:
        total = sum(stats.ligature_guesses.values())
        doc.warn(f"{total} ligature glyph(s) without a Unicode mapping read as "
                 + ", ".join(f'"{k}"' for k in sorted(stats.ligature_guesses)) + " from their width")
    if rotated >= 20:
        doc.warn(f"{rotated} rotated characters ignored (sideways text)")
    return blocks


def _line_bold(ln: PageLine) -> bool:
    glyphs = [g for w in ln.words if not w.icon for g in w.glyphs]
    return bool(glyphs) and sum(g.bold for g in glyphs) * 2 > len(glyphs)
