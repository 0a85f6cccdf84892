"""The plain per-character reading of a PDFium text page: the tests' reference for the parser's one-pass
reading (critic.parse.pdf.chars.page_glyphs), which must give the same characters. Not a test module."""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

from critic.parse.pdf.chars import (
    _GENERATED_CANDIDATES,
    _HYPHENATION,
    _VP,
    _Calls,
    _calls,
    _codes,
    _font_name,
)


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




def page_chars(textpage: Any, height: float) -> list[RawChar]:
    """The characters of a PDFium text page, in the order PDFium reads them (content-stream order).

    The plain reading, one step after another; the parser reads pages with page_glyphs, which gives
    the same characters as glyphs in one pass."""
    import pypdfium2.raw as raw

    calls = _calls()
    tp = textpage.raw
    tp_at = ctypes.cast(tp, _VP)
    count = raw.FPDFText_CountChars(tp)
    rect, rect_at = calls.rect, calls.rect_at
    doubles, ox_at, oy_at = calls.doubles, calls.double_at[0], calls.double_at[1]
    matrix = raw.FS_MATRIX()
    matrix_at = _VP(ctypes.addressof(matrix))
    char_matrix, font_size = calls.char_matrix, calls.font_size
    is_generated, map_error, get_box, get_origin = calls.is_generated, calls.map_error, calls.loose_box, calls.origin
    object_address = calls.text_object
    generated = _GENERATED_CANDIDATES
    codes = _codes(raw, calls, tp, tp_at, count)
    # font name, size and uprightness are properties of a text object: read once per object
    objects: dict[int | None, tuple[Any, ...]] = {}
    fonts: dict[int | None, tuple[str, Any]] = {}  # font address -> (base name, handle): objects share fonts
    text_font, font_type = calls.text_font, raw.FPDFTextObj_GetFont.restype
    mapping: dict[tuple[int | None, int], bool] = {}  # (text object, value) -> PDFium found no Unicode
    out: list[RawChar] = []
    keys: list[int | None] = []  # the text object of each character in out
    index: list[int] = []  # the text page index of each character in out
    last_box: tuple[float, float, float] | None = None
    for i in range(count):
        code = codes[i]
        if code in generated and is_generated(tp_at, i) == 1:
            continue
        if 0xDC00 <= code <= 0xDFFF:
            continue  # the second half of a surrogate pair, joined to the first below
        if 0xD800 <= code <= 0xDBFF:  # PDFium reports characters beyond U+FFFF as UTF-16 surrogate pairs
            low = codes[i + 1] if i + 1 < count else 0
            if not 0xDC00 <= low <= 0xDFFF:
                continue
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        if not get_box(tp_at, i, rect_at):
            continue
        key = object_address(tp_at, i)
        if code == _HYPHENATION:
            text = "-"
        elif code == 0:
            text = "\x00"  # a glyph mapped to nothing (critic.parse.pdf.text.guess_ligatures reads it)
        else:
            # A glyph without Unicode: PDFium falls back to the raw glyph code, which is no letter (icon
            # fonts such as FontAwesome embedded without a ToUnicode map). Asked once per text object
            # and value: one font maps each value the same way.
            unmapped = mapping.get((key, code))
            if unmapped is None:
                unmapped = mapping[(key, code)] = map_error(tp_at, i) == 1
            if unmapped:
                text = f"(cid:{code})"
            else:
                try:
                    text = chr(code)
                except (ValueError, OverflowError):
                    continue
        box = (rect.left, rect.right, rect.bottom)
        if out and key == keys[-1] and box == last_box and text.isalpha():
            out[-1].text += text  # one ligature glyph, which PDFium splits into its letters on one box
            continue
        last_box = box
        props = objects.get(key)
        if props is None:
            char_matrix(tp_at, i, matrix_at)
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            scale = abs(d) if b == 0 and c == 0 else math.sqrt(abs(a * d - b * c))
            em = font_size(tp_at, i)
            font_at = text_font(_VP(key)) if key else None
            font = fonts.get(font_at)
            if font is None:  # the typed handle and base name, once per font
                handle = ctypes.cast(font_at, font_type) if font_at else None
                font = fonts[font_at] = (_font_name(raw, handle), handle)
            props = (font[0], em * scale, a * d > 0 and b * c <= 0, font[1], em,
                     abs(a) if b == 0 else math.hypot(a, b))
            objects[key] = props
        size = props[1]
        bottom = height - box[2]
        # the box starts at the pen position (PDFium's loose box also spans a glyph's overhang)
        x0 = box[0]
        if get_origin(tp_at, i, ox_at, oy_at):
            ox = doubles[0]
            if box[0] <= ox <= box[1]:
                x0 = ox
        out.append(RawChar(text, x0, box[1], bottom - size, bottom, size, props[0], props[2]))
        keys.append(key)
        index.append(i)
    _advances(raw, calls, tp_at, out, keys, index, objects)
    return out


def _advances(raw: Any, calls: _Calls, tp_at: Any, out: list[RawChar], keys: list[int | None], index: list[int],
              objects: dict[int | None, tuple[Any, ...]]) -> None:
    """End each character at its advance rather than at its shape where the shape overhangs (an italic
    f or j): PDFium's loose box is the union of the two, which would hide the gap after such a glyph."""
    char_box = calls.char_box
    doubles = calls.doubles
    at = calls.double_at
    width = ctypes.c_float()
    widths: dict[tuple[int | None, str], float] = {}
    last = len(out) - 1
    for k, c in enumerate(out):
        if k < last:
            n = out[k + 1]
            if keys[k + 1] == keys[k] and n.bottom == c.bottom and c.x0 < n.x0 <= c.x1:
                c.x1 = n.x0  # the next glyph starts inside this one's box: this one's advance ends there
                continue
        # before a gap: measure the advance where the box ends with the glyph's shape
        if not char_box(tp_at, index[k], at[0], at[1], at[2], at[3]) or abs(doubles[1] - c.x1) > 1e-3:
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
