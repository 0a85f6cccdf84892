"""A page's characters and small filled shapes, read with PDFium (pypdfium2's raw bindings).

PDFium is the C++ PDF engine of Chromium; reading characters through it costs a few milliseconds a page,
against tens of milliseconds for a pure-Python interpreter. Each character comes with what the layout
work needs, in the conventions the rest of the parser uses (points, origin top-left):

- x0/x1: the character's advance: from its pen position by the font's width for it (within PDFium's
  "loose" box, which also spans overhanging glyph shapes);
- bottom: the baseline plus the font's descent; top: bottom minus the font size, so a line's characters
  share one box height whatever their glyph shapes;
- size: the font size as drawn (the text object's size scaled by its matrix);
- font: the PDF font's base name, for bold detection and symbol fonts.

Characters PDFium adds on its own (spaces it guesses from gaps, line breaks) are skipped: word breaks are
decided by critic.parse.pdf_text from letter positions. A hyphen PDFium marks as line-end hyphenation
(U+0002) is reported as "-": whether it joins a word is decided later, from the next line. A ligature
glyph, which PDFium reports as its letters on one shared box, becomes one character ("ffl").
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

# PDFium page object types (fpdf_edit.h)
_PATH = 2
_FORM = 5
# A character code PDFium reports for a hyphen it judged to be line-end hyphenation.
_HYPHENATION = 2


@dataclass(slots=True)
class RawChar:
    """One character as drawn on the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    upright: bool


@dataclass(slots=True)
class RawShape:
    """A filled path's bounding box (page coordinates, origin top-left)."""

    x0: float
    x1: float
    top: float
    bottom: float


def _font_name(raw: Any, font: Any) -> str:
    if not font:
        return ""
    n = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer(n)
    raw.FPDFFont_GetBaseFontName(font, buf, n)
    return buf.value.decode("utf-8", "replace")


def _object_address() -> Any:
    """FPDFText_GetTextObject returning the object's address as an int (cheap to compare and hash)."""
    import pypdfium2.raw as raw

    global _OBJECT_ADDRESS
    if _OBJECT_ADDRESS is None:
        address = ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
        _OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)
    return _OBJECT_ADDRESS


_OBJECT_ADDRESS: Any = None
_GENERATED_CANDIDATES = frozenset((10, 13, 32))  # PDFium adds spaces and line breaks of its own


def page_chars(textpage: Any, height: float) -> list[RawChar]:
    """The characters of a PDFium text page, in the order PDFium reads them (content-stream order)."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    count = raw.FPDFText_CountChars(tp)
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect_ref, matrix_ref, ox_ref, oy_ref = ctypes.byref(rect), ctypes.byref(matrix), ctypes.byref(ox), ctypes.byref(oy)
    is_generated = raw.FPDFText_IsGenerated
    get_unicode = raw.FPDFText_GetUnicode
    map_error = raw.FPDFText_HasUnicodeMapError
    get_box = raw.FPDFText_GetLooseCharBox
    get_origin = raw.FPDFText_GetCharOrigin
    object_address = _object_address()
    generated = _GENERATED_CANDIDATES
    # font name, size and uprightness are properties of a text object: read once per object
    objects: dict[int | None, tuple[Any, ...]] = {}
    out: list[RawChar] = []
    keys: list[int | None] = []  # the text object of each character in out
    index: list[int] = []  # the text page index of each character in out
    last_box: tuple[float, float, float] | None = None
    for i in range(count):
        code = get_unicode(tp, i)
        if code in generated and is_generated(tp, i) == 1:
            continue
        if 0xDC00 <= code <= 0xDFFF:
            continue  # the second half of a surrogate pair, joined to the first below
        if 0xD800 <= code <= 0xDBFF:  # PDFium reports characters beyond U+FFFF as UTF-16 surrogate pairs
            low = get_unicode(tp, i + 1) if i + 1 < count else 0
            if not 0xDC00 <= low <= 0xDFFF:
                continue
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        if code == _HYPHENATION:
            text = "-"
        elif code == 0:
            text = "\x00"  # a glyph mapped to nothing (critic.parse.pdf_text.guess_ligatures reads it)
        elif map_error(tp, i) == 1:
            # no Unicode for this glyph: PDFium falls back to the raw glyph code, which is no letter
            # (icon fonts such as FontAwesome embedded without a ToUnicode map)
            text = f"(cid:{code})"
        else:
            try:
                text = chr(code)
            except (ValueError, OverflowError):
                continue
        if not get_box(tp, i, rect_ref):
            continue
        key = object_address(tp, i)
        if out and key == keys[-1] and (rect.left, rect.right, rect.bottom) == last_box and text.isalpha():
            out[-1].text += text  # one ligature glyph, which PDFium splits into its letters on one box
            continue
        last_box = (rect.left, rect.right, rect.bottom)
        props = objects.get(key)
        if props is None:
            raw.FPDFText_GetMatrix(tp, i, matrix_ref)
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            scale = abs(d) if b == 0 and c == 0 else math.sqrt(abs(a * d - b * c))
            em = raw.FPDFText_GetFontSize(tp, i)
            obj = raw.FPDFText_GetTextObject(tp, i) if key else None
            font_handle = raw.FPDFTextObj_GetFont(obj) if obj else None
            props = (_font_name(raw, font_handle), em * scale, a * d > 0 and b * c <= 0, font_handle, em,
                     abs(a) if b == 0 else math.hypot(a, b))
            objects[key] = props
        font, size, upright = props[0], props[1], props[2]
        bottom = height - rect.bottom
        # the box starts at the pen position (PDFium's loose box also spans a glyph's overhang)
        x0 = ox.value if get_origin(tp, i, ox_ref, oy_ref) and rect.left <= ox.value <= rect.right else rect.left
        out.append(RawChar(text, x0, rect.right, bottom - size, bottom, size, font, upright))
        keys.append(key)
        index.append(i)
    _advances(raw, tp, out, keys, index, objects)
    return out


def _advances(raw: Any, tp: Any, out: list[RawChar], keys: list[int | None], index: list[int],
              objects: dict[int | None, tuple[Any, ...]]) -> None:
    """End each character at its advance rather than at its shape where the shape overhangs (an italic
    f or j): PDFium's loose box is the union of the two, which would hide the gap after such a glyph."""
    tight = [ctypes.c_double() for _ in range(4)]
    refs = [ctypes.byref(v) for v in tight]
    width = ctypes.c_float()
    widths: dict[tuple[int | None, str], float] = {}
    for k, c in enumerate(out):
        n = out[k + 1] if k + 1 < len(out) else None
        if n is not None and keys[k + 1] == keys[k] and n.bottom == c.bottom and c.x0 < n.x0 <= c.x1:
            c.x1 = n.x0  # the next glyph starts inside this one's box: this one's advance ends there
            continue
        # before a gap: measure the advance where the box ends with the glyph's shape
        if not raw.FPDFText_GetCharBox(tp, index[k], *refs) or abs(tight[1].value - c.x1) > 1e-3:
            continue
        props = objects.get(keys[k])
        if props is None or props[3] is None or len(c.text) != 1 or not 0x20 < ord(c.text) < 0x10000:
            continue
        advance = widths.get((keys[k], c.text))
        if advance is None:
            ok = raw.FPDFFont_GetGlyphWidth(props[3], ord(c.text), props[4], ctypes.byref(width))
            advance = width.value * props[5] if ok else 0.0
            widths[(keys[k], c.text)] = advance
        if 0 < advance < c.x1 - c.x0:
            c.x1 = c.x0 + advance

def _objects(raw: Any, page: Any) -> list[tuple[Any, tuple[float, float, float, float, float, float] | None]]:
    """(object, matrix of the form it sits in or None) for every object of a page, forms opened."""
    out: list[tuple[Any, tuple[float, float, float, float, float, float] | None]] = []
    stack: list[tuple[Any, bool, tuple[float, float, float, float, float, float] | None]] = [(page, False, None)]
    matrix = raw.FS_MATRIX()
    while stack:
        holder, is_form, outer = stack.pop()
        count = raw.FPDFFormObj_CountObjects(holder) if is_form else raw.FPDFPage_CountObjects(holder)
        for k in range(max(count, 0)):
            obj = raw.FPDFFormObj_GetObject(holder, k) if is_form else raw.FPDFPage_GetObject(holder, k)
            if not obj:
                continue
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == _FORM and len(out) < 20_000:
                m = outer
                if raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                    own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                    m = own if outer is None else _compose(own, outer)
                stack.append((obj, True, m))
            elif kind == _PATH:
                out.append((obj, outer))
    return out


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def page_shapes(page: Any, height: float, *, max_size: float = 9.0) -> list[RawShape]:
    """Filled paths no larger than max_size points either way (candidate bullets drawn as shapes)."""
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    out: list[RawShape] = []
    for obj, form in _objects(raw, page.raw):
        if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or not fill.value:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                         ctypes.byref(top)):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if form is not None:
            a, b, c, d, e, f = form
            xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
            ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if x1 - x0 > max_size or y1 - y0 > max_size:
            continue
        out.append(RawShape(x0, x1, height - y1, height - y0))
    return out
