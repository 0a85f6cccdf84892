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
decided by critic.parse.pdf.text from letter positions. A hyphen PDFium marks as line-end hyphenation
(U+0002) is reported as "-": whether it joins a word is decided later, from the next line. A ligature
glyph, which PDFium reports as its letters on one shared box, becomes one character ("ffl").
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

from critic.parse.pdf.text import TEXT, Glyph, classify, font_is_bold, is_symbol_font

# PDFium page object types (fpdf_edit.h)
_PATH = 2
_FORM = 5
# A character code PDFium reports for a hyphen it judged to be line-end hyphenation.
_HYPHENATION = 2


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


_VP, _INT, _UINT = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint
# The raw functions read per character, as critic calls them: (restype, argument types); _VP = any pointer.
PROTOTYPES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "FPDFText_GetUnicode": (_UINT, (_VP, _INT)),
    "FPDFText_IsGenerated": (_INT, (_VP, _INT)),
    "FPDFText_HasUnicodeMapError": (_INT, (_VP, _INT)),
    "FPDFText_GetLooseCharBox": (_INT, (_VP, _INT, _VP)),
    "FPDFText_GetCharOrigin": (_INT, (_VP, _INT, _VP, _VP)),
    "FPDFText_GetTextObject": (_VP, (_VP, _INT)),  # the address, cheap to hash
    "FPDFText_GetCharBox": (_INT, (_VP, _INT, _VP, _VP, _VP, _VP)),
    "FPDFTextObj_GetFont": (_VP, (_VP,)),  # per text object: the font's address, cheap to hash
    "FPDFText_GetFontSize": (ctypes.c_double, (_VP, _INT)),
    "FPDFText_GetMatrix": (_INT, (_VP, _INT, _VP)),
}
_RECT_FIELDS = ("left", "top", "right", "bottom")


def _is_pointer(t: Any) -> bool:
    return t is _VP or (isinstance(t, type) and issubclass(t, (ctypes._Pointer, ctypes.c_void_p)))  # noqa: SLF001


def binding_problems(raw: Any) -> tuple[list[str], list[str]]:
    """Compare pypdfium2's declared prototypes with PROTOTYPES: (functions whose types differ but whose
    arguments line up, so its typed wrappers can stand in; problems that no wrapper can mend)."""
    differ: list[str] = []
    broken: list[str] = []
    for name, (restype, args) in PROTOTYPES.items():
        fn = getattr(raw, name, None)
        declared = getattr(fn, "argtypes", None)
        if fn is None or declared is None or len(declared) != len(args):
            broken.append(f"{name} is missing or takes other arguments")
            continue
        same_kinds = all(_is_pointer(a) == _is_pointer(b) for a, b in zip(args, declared, strict=True))
        if not same_kinds or _is_pointer(restype) != _is_pointer(fn.restype):
            broken.append(f"{name} takes or returns other kinds of values")
        elif any(a is not b for a, b in zip(args, declared, strict=True) if not _is_pointer(a)) or (
                not _is_pointer(restype) and fn.restype is not restype):
            differ.append(name)
    fields = tuple(f[0] for f in getattr(getattr(raw, "FS_RECTF", None), "_fields_", ()))
    if fields != _RECT_FIELDS:
        broken.append("FS_RECTF has other fields")
    return differ, broken


def _typed(fn: Any) -> Any:
    """Call a pypdfium2 typed function with c_void_p objects and ints, as the lean prototypes are called."""
    declared = fn.argtypes
    returns_pointer = _is_pointer(fn.restype)

    def call(*args: Any) -> Any:
        result = fn(*(ctypes.cast(a, t) if _is_pointer(t) else a for a, t in zip(args, declared, strict=True)))
        return ctypes.cast(result, ctypes.c_void_p).value if returns_pointer else result

    return call


class _Calls:
    """PDFium's text functions as lean ctypes prototypes, called with ready-made c_void_p objects for
    pointers and ints for indices and no argument types to convert them, which costs about half as much
    per call as pypdfium2's typed wrappers; a page makes several calls per character.

    A start-up check compares them with pypdfium2's own declarations: where a type differs the typed
    wrappers stand in (slower, same results); where the arguments no longer line up, reading stops with
    a clear error rather than wrong text."""

    def __init__(self, raw: Any) -> None:
        from critic.errors import CriticError

        differ, broken = binding_problems(raw)
        if broken:
            import pypdfium2

            version = getattr(pypdfium2, "V_PYPDFIUM2", "?")
            raise CriticError(f"pypdfium2 {version} is not the version critic reads PDFs with ({'; '.join(broken)}): "
                              "install pypdfium2 5.x")

        def proto(name: str) -> Any:
            if name in differ:
                return _typed(getattr(raw, name))
            # no argument types: ctypes passes the c_void_p objects as they are and ints as C ints (the
            # only two kinds PROTOTYPES takes), skipping a conversion per argument
            restype = PROTOTYPES[name][0]
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype)(address)

        d = ctypes.c_double
        self.get_unicode = proto("FPDFText_GetUnicode")
        self.is_generated = proto("FPDFText_IsGenerated")
        self.map_error = proto("FPDFText_HasUnicodeMapError")
        self.loose_box = proto("FPDFText_GetLooseCharBox")
        self.origin = proto("FPDFText_GetCharOrigin")
        self.text_object = proto("FPDFText_GetTextObject")
        self.char_box = proto("FPDFText_GetCharBox")
        self.text_font = proto("FPDFTextObj_GetFont")
        self.font_size = proto("FPDFText_GetFontSize")
        self.char_matrix = proto("FPDFText_GetMatrix")
        self.rect = raw.FS_RECTF()
        self.rect_at = _VP(ctypes.addressof(self.rect))
        self.doubles = (d * 4)()
        self.double_at = [_VP(ctypes.addressof(self.doubles) + k * ctypes.sizeof(d)) for k in range(4)]


_CALLS: _Calls | None = None
_GENERATED_CANDIDATES = frozenset((10, 13, 32))  # PDFium adds spaces and line breaks of its own
_BULK_UNSURE = 0xFFFE  # FPDFText_GetText writes this where GetUnicode reports the hyphenation code


def _calls() -> _Calls:
    global _CALLS
    if _CALLS is None:
        import pypdfium2.raw as raw

        _CALLS = _Calls(raw)
    return _CALLS


def _codes(raw: Any, calls: _Calls, tp: Any, tp_at: Any, count: int) -> list[int]:
    """The Unicode value PDFium reports for each character index: one bulk read of the page text, or one
    call per character where the bulk text does not line up with the characters (PDFium leaves
    characters without a value out of it)."""
    get_unicode = calls.get_unicode
    if count <= 0:
        return []
    buf = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(tp, 0, count, buf)
    if written != count + 1:
        return [get_unicode(tp_at, i) for i in range(count)]
    codes = buf[:count]
    if _BULK_UNSURE in codes:
        codes = [get_unicode(tp_at, i) if c == _BULK_UNSURE else c for i, c in enumerate(codes)]
    return codes


def page_glyphs(textpage: Any, width: float, height: float) -> tuple[list[Glyph], int, int]:
    """A page's characters as classified glyphs (content-stream order), the count of rotated characters
    skipped and the count of characters read, in one pass: what the plain per-character reading gives (tests/pdf_reading_reference.py), with each character's advance settled as
    soon as the next character is read, and turned into a Glyph (kind, normalised text, bold) at once,
    without an intermediate RawChar. Glyphs outside the page or with a non-finite box are dropped;
    `seq` counts every character read, in PDFium's order."""
    import pypdfium2.raw as raw

    calls = _calls()
    tp = textpage.raw
    tp_at = ctypes.cast(tp, _VP)
    count = raw.FPDFText_CountChars(tp)
    rect, rect_at = calls.rect, calls.rect_at
    doubles, ox_at, oy_at = calls.doubles, calls.double_at[0], calls.double_at[1]
    at = calls.double_at
    matrix = raw.FS_MATRIX()
    matrix_at = _VP(ctypes.addressof(matrix))
    char_matrix, font_size, char_box = calls.char_matrix, calls.font_size, calls.char_box
    is_generated, map_error, get_box, get_origin = calls.is_generated, calls.map_error, calls.loose_box, calls.origin
    object_address = calls.text_object
    generated = _GENERATED_CANDIDATES
    codes = _codes(raw, calls, tp, tp_at, count)
    text_font, font_type = calls.text_font, raw.FPDFTextObj_GetFont.restype
    glyph_width = raw.FPDFFont_GetGlyphWidth
    width_out = ctypes.c_float()
    width_ref = ctypes.byref(width_out)
    isfinite = math.isfinite
    # per text object: its properties (as the plain reading reads them, plus the symbol font classify needs
    # and boldness) and the text of each character value it draws
    objects: dict[int | None, tuple[Any, ...]] = {}
    texts_of: dict[int | None, dict[int, str | None]] = {}
    fonts: dict[int | None, tuple[str, Any]] = {}
    plain: dict[str, tuple[int, str]] = {}  # classify() outside symbol fonts
    symbol: dict[tuple[str, str], tuple[int, str]] = {}  # (symbol font, text) -> classify()
    # a glyph's advance depends on its font, size and horizontal scale only: text objects sharing them
    # (one per word or line on most pages) share their widths
    scales: dict[tuple[int | None, float, float], int] = {}
    widths: dict[tuple[int, str], float] = {}
    out: list[Glyph] = []
    append = out.append
    rotated = 0
    seq = -1  # the index of the pending character among all characters read
    cur_key: int | None = -1
    texts: dict[int, str | None] = {}
    # the pending character: read, its advance not yet settled
    p_text = ""
    p_key: int | None = None
    p_i = 0
    p_left = p_right = p_braw = p_x0 = p_bottom = 0.0
    p_props: tuple[Any, ...] = ()
    pending = False

    def _advance(text: str, i: int, x0: float, x1: float, props: tuple[Any, ...]) -> float:
        """Where a character before a gap ends: at its advance where its box ends with its shape. The
        advance (one query per text object and character) is checked first: only where it is shorter
        than the box does the shape need reading."""
        if props[3] is None or len(text) != 1 or not 0x20 < ord(text) < 0x10000:
            return x1
        advance = widths.get((props[8], text))
        if advance is None:
            ok = glyph_width(props[3], ord(text), props[4], width_ref)
            advance = widths[(props[8], text)] = width_out.value * props[5] if ok else 0.0
        if not 0 < advance < x1 - x0:
            return x1
        if not char_box(tp_at, i, at[0], at[1], at[2], at[3]) or abs(doubles[1] - x1) > 1e-3:
            return x1
        return x0 + advance

    # One step past the last character settles the one still pending.
    for i in range(count + 1):
        if i < count:
            code = codes[i]
            if code in generated and is_generated(tp_at, i) == 1:
                continue
            if 0xD800 <= code <= 0xDFFF:
                if code >= 0xDC00:
                    continue  # the second half of a surrogate pair, joined to the first below
                low = codes[i + 1] if i + 1 < count else 0  # a character beyond U+FFFF as a UTF-16 pair
                if not 0xDC00 <= low <= 0xDFFF:
                    continue
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            if not get_box(tp_at, i, rect_at):
                continue
            key = object_address(tp_at, i)
            if key != cur_key:
                cur_key = key
                texts = texts_of.get(key)
                if texts is None:
                    texts = texts_of[key] = {}
            text = texts.get(code)
            if text is None:
                if code in texts:
                    continue  # a value chr() cannot represent
                if code == _HYPHENATION:
                    text = "-"
                elif code == 0:
                    text = "\x00"
                elif map_error(tp_at, i) == 1:  # one font maps each value the same way: asked once
                    text = f"(cid:{code})"
                else:
                    try:
                        text = chr(code)
                    except (ValueError, OverflowError):
                        texts[code] = None
                        continue
                texts[code] = text
            left, right, braw = rect.left, rect.right, rect.bottom
            if pending and key == p_key and left == p_left and right == p_right and braw == p_braw and text.isalpha():
                p_text += text  # one ligature glyph, which PDFium splits into its letters on one box
                continue
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
                name = font[0]
                x_scale = abs(a) if b == 0 else math.hypot(a, b)
                group = scales.setdefault((font_at, em, x_scale), len(scales))
                props = (name, em * scale, a * d > 0 and b * c <= 0, font[1], em, x_scale,
                         name if name and is_symbol_font(name) else "", font_is_bold(name), group)
                objects[key] = props
            bottom = height - braw
            # the box starts at the pen position (PDFium's loose box also spans a glyph's overhang)
            x0 = left
            if get_origin(tp_at, i, ox_at, oy_at):
                ox = doubles[0]
                if left <= ox <= right:
                    x0 = ox
            if not pending:
                pending = True
                p_text, p_key, p_i, p_left, p_right, p_braw, p_x0, p_bottom, p_props = (
                    text, key, i, left, right, braw, x0, bottom, props)
                continue
            # End the pending character at its advance rather than at its shape where the shape
            # overhangs (an italic f or j): PDFium's loose box is the union of the two.
            if key == p_key and bottom == p_bottom and p_x0 < x0 <= p_right:
                x1 = x0  # this glyph starts inside the pending one's box: its advance ends here
            else:
                advance = widths.get((p_props[8], p_text))  # known: no shorter than the box, box kept
                x1 = p_right if advance is not None and not 0 < advance < p_right - p_x0 else _advance(
                    p_text, p_i, p_x0, p_right, p_props)
        elif pending:
            x1 = _advance(p_text, p_i, p_x0, p_right, p_props)
        else:
            break
        # the pending character, its advance settled, becomes a glyph unless it falls off the page
        seq += 1
        if not p_props[2]:
            rotated += 1
        else:
            size = p_props[1]
            top = p_bottom - size
            if isfinite(p_x0 + x1 + top + p_bottom) and x1 > 0 and p_x0 < width and p_bottom > 0 and top < height:
                sym = p_props[6]
                if sym:
                    known = symbol.get((sym, p_text))
                    if known is None:
                        known = symbol[(sym, p_text)] = classify(p_text, sym)
                else:
                    known = plain.get(p_text)
                    if known is None:
                        known = plain[p_text] = classify(p_text, "")
                kind, shown = known
                if kind != TEXT or shown:
                    append(Glyph(shown, kind, p_x0, x1, top, p_bottom, size or (p_bottom - top) or 1.0, p_props[0],
                                 p_props[7], seq))
        if i == count:
            break
        p_text, p_key, p_i, p_left, p_right, p_braw, p_x0, p_bottom, p_props = (
            text, key, i, left, right, braw, x0, bottom, props)
    return out, rotated, seq + 1


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
