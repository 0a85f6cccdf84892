"""The one-pass glyph reader (chars.page_glyphs) reads exactly what the plain per-character reading does:
page_chars' characters, with the page filters and classification applied one by one."""

from __future__ import annotations

import math
from pathlib import Path

import pdf_reading_reference
import pypdfium2
import pytest

from critic.parse.pdf import chars as pdf_chars
from critic.parse.pdf.text import TEXT, Glyph, classify, font_is_bold, is_symbol_font

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(p for p in (ROOT / "fixtures").rglob("*.pdf") if "broken" not in p.parts)


def _reference(chars: list[pdf_reading_reference.RawChar], width: float, height: float) -> tuple[list[Glyph], int]:
    """page_chars' characters as glyphs, written plainly: rotated ones counted and skipped, those with
    a non-finite box or off the page dropped, the rest classified by their text and symbol font."""
    out: list[Glyph] = []
    rotated = 0
    for seq, c in enumerate(chars):
        if not c.upright:
            rotated += 1
            continue
        if not all(math.isfinite(v) for v in (c.x0, c.x1, c.top, c.bottom)):
            continue
        if c.x1 <= 0 or c.x0 >= width or c.bottom <= 0 or c.top >= height:
            continue
        kind, text = classify(c.text, c.font if c.font and is_symbol_font(c.font) else "")
        if kind == TEXT and not text:
            continue
        out.append(Glyph(text, kind, c.x0, c.x1, c.top, c.bottom, c.size or (c.bottom - c.top) or 1.0, c.font,
                         font_is_bold(c.font), seq))
    return out, rotated


def _both(path: Path) -> list[tuple[object, object]]:
    pdf = pypdfium2.PdfDocument(path.read_bytes())
    try:
        pairs = []
        for page in pdf:
            width, height = float(page.get_width()), float(page.get_height())
            tp = page.get_textpage()
            chars = pdf_reading_reference.page_chars(tp, height)
            glyphs, rotated, read = pdf_chars.page_glyphs(tp, width, height)
            pairs.append(((glyphs, rotated, read), (*_reference(chars, width, height), len(chars))))
            tp.close()
            page.close()
        return pairs
    finally:
        pdf.close()


def test_there_are_fixture_pdfs() -> None:
    assert len(PDFS) >= 5


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_one_pass_reading_equals_the_per_character_reading(path: Path) -> None:
    pairs = _both(path)
    assert pairs
    for fast, plain in pairs:
        assert fast == plain


def test_one_pass_reading_equals_the_per_character_reading_on_awkward_glyphs(tmp_path: Path) -> None:
    """Rotated text, ligature and unmapped glyphs, soft hyphens, a symbol font, words set apart by
    positioning only, two fonts on one line, text running off the page and an italic-like overprint."""
    from test_parse_pdf import RawPDF

    pdf = RawPDF().new_page()
    pdf.text(72, 80, "Plain line with a bold", size=11)
    pdf.text(190, 80, "word", font="F2", size=11)
    pdf.text(72, 100, "Wrote the de\xaened rubric and the ba\xafe checklist, self\xadserve, \xa4 odd", font="F9")
    pdf.text(72, 120, "l", font="FZ")
    pdf.text(84, 120, "\u2022 bullet \u2013 dash", font="F9")
    pdf.words(72, 140, ["spaced", "only", "by", "position"], gap_em=0.3)
    pdf.rotated(580, 300, "Sideways watermark")
    pdf.text(560, 160, "runs off the right edge of the page")
    pdf.text(-40, 180, "starts left of the page")
    pdf.text(72, 200, "AAA", size=10)
    pdf.text(72.2, 200, "AAA", size=10)
    path = tmp_path / "awkward.pdf"
    path.write_bytes(pdf.build())
    pairs = _both(path)
    (fast, plain), = pairs
    assert fast == plain
    glyphs, rotated, _ = fast
    assert rotated > 0
    assert {"fi", "ffl"} <= {g.text for g in glyphs}
