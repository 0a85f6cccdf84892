"""Format detection from content, and text decoding."""

from __future__ import annotations

import codecs
import io
import zipfile

import docx
import pytest

from critic.errors import InputError
from critic.parse.detect import NOT_A_RESUME, decode_text, detect_container, looks_like_markdown


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Product manager")
    d.save(buf)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def ole_bytes(stream_name: str) -> bytes:
    """Enough of an OLE2 compound file for sniffing: magic plus a directory entry name."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + stream_name.encode("utf-16-le") + b"\0" * 64


@pytest.mark.parametrize("data, name, expected", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "resume.txt", "pdf"),  # content wins over the name
    (b"\r\n  %PDF-1.4\n", "cv.pdf", "pdf"),  # junk before the header
    (b"PK\x03\x04 this is not really a zip", "cv.txt", "text"),  # text, whatever its first bytes
    (b'{"basics": {"name": "A"}}', "cv.txt", "json"),
    (b'\xef\xbb\xbf  {"work": []}', "cv", "json"),
    (b'[{"a": 1}]', "x", "json"),
    (b"[Jane Doe](https://jane.dev)\n\n## Experience\n", "cv.json", "text"),
    (b"# Jane Doe\n\n## Experience\n", "cv.pdf", "text"),
    (b"JANE DOE\nEXPERIENCE\n- Shipped things\n", "cv.docx", "text"),
])
def test_detects_by_content(data, name, expected):
    assert detect_container(data, name) == expected


def test_docx_detected_even_without_extension():
    assert detect_container(docx_bytes(), "upload.bin") == "docx"


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (b"   \n\t\r\n", "empty file"),
    (codecs.BOM_UTF8, "empty file"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", NOT_A_RESUME),
    (b"\xff\xd8\xff\xe0\0\x10JFIF", NOT_A_RESUME),
    (bytes(range(256)) * 8, NOT_A_RESUME),
    (b"\x7fELF\x02\x01\x01" + b"\0" * 100, NOT_A_RESUME),
    (zip_bytes({"data.csv": b"a,b\n1,2\n"}), "a ZIP archive but not a Word document"),
    (zip_bytes({"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sheet.main+xml"/></Types>', "xl/workbook.xml": b"<x/>"}),
     "a ZIP archive but not a Word document"),
    (ole_bytes("WordDocument"), "legacy Word .doc format — save as .docx or PDF"),
    (ole_bytes("EncryptedPackage"), "password-protected Office document"),
    (ole_bytes("Workbook"), NOT_A_RESUME),
    (ole_bytes("PowerPoint Document"), NOT_A_RESUME),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "legacy Word .doc format"),  # header only
    (b"{\\rtf1\\ansi Jane Doe \\par}", "RTF format"),
])
def test_bad_input_errors(data, problem):
    with pytest.raises(InputError) as err:
        detect_container(data, "upload.txt")
    assert problem in str(err.value)
    assert str(err.value).startswith("upload.txt: ")


def test_docx_zip_without_content_types_is_corrupt():
    data = zip_bytes({"word/document.xml": b"<w:document/>"})
    with pytest.raises(InputError, match="corrupt DOCX"):
        detect_container(data, "x.docx")


@pytest.mark.parametrize("data, expected", [
    ("Café résumé — naïve".encode(), "Café résumé — naïve"),
    (codecs.BOM_UTF8 + "Zoë".encode(), "Zoë"),
    (codecs.BOM_UTF16_LE + "Zoë – PM".encode("utf-16-le"), "Zoë – PM"),
    (codecs.BOM_UTF16_BE + "Zoë – PM".encode("utf-16-be"), "Zoë – PM"),
    ("Product Manager résumé".encode("utf-16-le"), "Product Manager résumé"),  # no BOM
    ("Smart “quotes” – café".encode("cp1252"), "Smart “quotes” – café"),
])
def test_decode_text(data, expected):
    assert decode_text(data, "t.txt") == expected


def test_decode_rejects_nul_bytes_and_control_noise():
    with pytest.raises(InputError, match="binary data"):
        decode_text(b"Jane\x00Doe resume text here", "t.txt")
    with pytest.raises(InputError, match="binary data"):
        decode_text(bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 18]) * 40 + b"Jane", "t.txt")


def test_utf16_text_detected_as_text():
    data = codecs.BOM_UTF16_LE + "SUMMARY\n- Led the ML platform\n".encode("utf-16-le")
    assert detect_container(data, "cv.txt") == "text"


@pytest.mark.parametrize("text, expected", [
    ("# Jane\n\nText", True),
    ("Jane\n====\n\nText", True),
    ("See [my site](https://x.dev)", True),
    ("**Bold** role", True),
    ("```\ncode\n```", True),
    ("| a | b |\n|---|---|\n| 1 | 2 |", True),
    ("---\ntitle: cv\n---\nbody", True),
    ("JANE DOE\n\nEXPERIENCE\n- Led the team\n* Shipped", False),
    ("Skills: C#, F# and SQL\n#1 ranked seller", False),
])
def test_looks_like_markdown(text, expected):
    assert looks_like_markdown(text) is expected


def test_text_quoting_a_pdf_header_is_text_not_pdf() -> None:
    text = b"Jo Park\nEXPERIENCE\n- Cut PDF export size 40% by writing %PDF-1.4 files without fonts.\n"
    assert detect_container(text, "resume.txt") == "text"
    assert detect_container(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "r.pdf") == "pdf"
    junk_first = b"\x00garbage before the header\n%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n"
    assert detect_container(junk_first, "r.pdf") == "pdf"  # readers allow junk before the header


def test_text_opening_with_the_zip_signature_is_text() -> None:
    text = b"PK\x03\x04 notes\nJo Park\nEXPERIENCE\n- Led the launch of search for 2M users.\n"
    assert detect_container(text, "resume.txt") == "text"
    with pytest.raises(InputError, match="corrupt DOCX"):
        detect_container(docx_bytes()[: len(docx_bytes()) // 2], "cut.docx")


def test_zip_errors_name_no_library_internals() -> None:
    data = bytearray(docx_bytes())
    i = data.find(b"[Content_Types].xml")
    assert i == 30  # the first member's local header
    data[i + 25:i + 60] = b"\xff" * 35  # corrupt its compressed stream
    with pytest.raises(InputError) as info:
        detect_container(bytes(data), "odd.docx")
    assert "Error -3" not in str(info.value) and "zlib" not in str(info.value)
