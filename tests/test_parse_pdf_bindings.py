"""The start-up check of pypdfium2's raw prototypes that critic.parse.pdf.chars calls directly."""

from __future__ import annotations

import ctypes
import types
from pathlib import Path

import pdf_reading_reference
import pypdfium2
import pypdfium2.raw as raw
import pytest

from critic.errors import CriticError
from critic.parse.pdf import chars as pdf_chars

FIXTURE = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "resumes").glob("*.pdf"))[0]


def _fake_raw(**replace: object) -> types.SimpleNamespace:
    names = [*pdf_chars.PROTOTYPES, "FS_RECTF"]
    return types.SimpleNamespace(**({n: getattr(raw, n) for n in names} | replace))


def _retyped(name: str, argtypes: tuple[object, ...]) -> object:
    """The same C function declared with other argument types."""
    fn = getattr(raw, name)
    address = ctypes.cast(fn, ctypes.c_void_p).value
    clone = ctypes.CFUNCTYPE(fn.restype, *argtypes)(address)
    clone.argtypes = argtypes
    return clone


def _chars(calls: pdf_chars._Calls) -> list[tuple[str, float, float]]:
    """The first page's characters read with `calls`, by page_chars and by page_glyphs (which must agree)."""
    saved = pdf_chars._CALLS
    pdf_chars._CALLS = calls
    try:
        pdf = pypdfium2.PdfDocument(FIXTURE.read_bytes())
        page = pdf[0]
        chars = pdf_reading_reference.page_chars(page.get_textpage(), page.get_height())
        glyphs, _, read = pdf_chars.page_glyphs(page.get_textpage(), page.get_width(), page.get_height())
        assert read == len(chars)
        assert [(g.x0, g.bottom) for g in glyphs] == [(chars[g.seq].x0, chars[g.seq].bottom) for g in glyphs]
        return [(c.text, round(c.x0, 3), round(c.bottom, 3)) for c in chars]
    finally:
        pdf_chars._CALLS = saved


def test_installed_bindings_match() -> None:
    assert pdf_chars.binding_problems(raw) == ([], [])


def test_a_changed_type_falls_back_to_the_typed_functions_with_the_same_text() -> None:
    fn = raw.FPDFText_GetUnicode
    fake = _fake_raw(FPDFText_GetUnicode=_retyped("FPDFText_GetUnicode", (fn.argtypes[0], ctypes.c_long)))
    differ, broken = pdf_chars.binding_problems(fake)
    assert differ == ["FPDFText_GetUnicode"] and broken == []
    assert _chars(pdf_chars._Calls(fake)) == _chars(pdf_chars._Calls(raw))


def test_arguments_that_no_longer_line_up_stop_with_a_clear_error() -> None:
    fake = _fake_raw(FPDFText_GetCharBox=_retyped("FPDFText_GetCharBox", (ctypes.c_void_p, ctypes.c_int)))
    with pytest.raises(CriticError, match=r"FPDFText_GetCharBox .*install pypdfium2 5\.x"):
        pdf_chars._Calls(fake)
