"""Tell the container format from the bytes (magic numbers and structure), not the file name."""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile
import zlib

from critic.errors import InputError

NOT_A_RESUME = "binary data, not a resume (PDF, DOCX, text, Markdown or JSON)"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Well-known binary formats, so that e.g. a photo renamed to .txt gets the binary message at once.
_BINARY_MAGICS = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!",
    b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"II*\x00", b"MM\x00*",
    b"OggS", b"fLaC", b"\x00\x00\x01\x00", b"wOFF", b"wOF2", b"SQLite format 3\x00", b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
)
_WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_CONTENT_TYPES_CAP = 1 << 20  # read at most 1 MiB of [Content_Types].xml while sniffing


def _utf16le(s: str) -> bytes:
    return s.encode("utf-16-le")


def detect_container(data: bytes, source: str) -> str:
    """Return 'pdf' | 'docx' | 'json' | 'text' for the file's bytes, or raise InputError."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c") or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise InputError(source, "empty file")
    if data.lstrip().startswith(b"%PDF-") or (b"%PDF-" in data[:1024] and _pdf_body(data, source)):
        return "pdf"  # readers accept up to 1 KB of junk before the header; a text merely quoting it is text
    if data.startswith(_ZIP_MAGICS):
        if not zipfile.is_zipfile(io.BytesIO(data)) and _plain_text(data, source):
            return "text"  # a text file that happens to open with the ZIP signature
        _check_word_zip(data, source)
        return "docx"
    if data.startswith(_OLE_MAGIC):
        if _utf16le("EncryptedPackage") in data:
            raise InputError(source, "password-protected Office document — remove the password and save as .docx or PDF")
        word = _utf16le("WordDocument") in data
        if not word and any(_utf16le(s) in data for s in ("Workbook", "PowerPoint Document")):
            raise InputError(source, NOT_A_RESUME)  # a legacy Excel or PowerPoint file
        raise InputError(source, "legacy Word .doc format — save as .docx or PDF")
    if data.lstrip().startswith(b"{\\rtf"):
        raise InputError(source, "RTF format — save as .docx or PDF")
    if data.startswith(_BINARY_MAGICS) and not _is_bom_text(data):
        raise InputError(source, NOT_A_RESUME)
    text = decode_text(data, source)
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "json"  # a broken JSON file still belongs to the JSON reader, which names the error
    if head.startswith("["):
        try:
            json.loads(text)
        except ValueError:
            return "text"  # e.g. a Markdown resume opening with "[Jane Doe](https://...)"
        return "json"
    return "text"


def _plain_text(data: bytes, source: str) -> bool:
    """Whether the bytes read as text (decode_text accepts them)."""
    try:
        decode_text(data, source)
    except InputError:
        return False
    return True


def _pdf_body(data: bytes, source: str) -> bool:
    """A "%PDF-" header after some leading bytes is a PDF when the file has PDF objects or is not text."""
    has_objects = b" obj" in data and (b"endobj" in data or b"xref" in data or b"%%EOF" in data)
    return has_objects or not _plain_text(data, source)


def _is_bom_text(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _check_word_zip(data: bytes, source: str) -> None:
    """A ZIP is accepted as DOCX when its content types declare a Word main document part."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InputError(source, "corrupt DOCX: not a readable ZIP archive (truncated or damaged)") from None
    if "[Content_Types].xml" not in names:
        if "word/document.xml" in names:
            raise InputError(source, "corrupt DOCX: [Content_Types].xml is missing")
        raise InputError(source, "a ZIP archive but not a Word document")
    try:
        info = zf.getinfo("[Content_Types].xml")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InputError(source, "corrupt DOCX: unsupported ZIP compression method")
        with zf.open(info) as fh:
            content_types = fh.read(_CONTENT_TYPES_CAP).decode("utf-8", "replace")
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise InputError(source, "corrupt DOCX: its [Content_Types].xml part is damaged") from None
    if any(t in content_types for t in _WORD_MAIN_TYPES):
        return
    if "word/document.xml" in names:
        raise InputError(source, "corrupt DOCX: no Word main document declared in [Content_Types].xml")
    raise InputError(source, "a ZIP archive but not a Word document")


def _guess_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: most ASCII characters leave a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode_text(data: bytes, source: str) -> str:
    """Decode a text file: BOM-aware UTF-8/UTF-16, then UTF-8, then cp1252.

    Raises InputError when the result is not text (NUL bytes, mostly control characters) or
    holds nothing but whitespace.
    """
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", "replace")
    elif (enc := _guess_utf16(data)) is not None:
        text = data.decode(enc, "replace")
    else:
        if b"\x00" in data:
            raise InputError(source, NOT_A_RESUME)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise InputError(source, NOT_A_RESUME)
    sample = text[:20000]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd" or 0x7F <= ord(c) < 0xA0)
    if sample and bad > max(8, 0.05 * len(sample)):
        raise InputError(source, NOT_A_RESUME)
    if not text.strip():
        raise InputError(source, "empty file")
    return text


_MD_SIGNALS = (
    re.compile(r"^ {0,3}#{1,6}\s+\S", re.M),  # ATX heading
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),  # inline link
    re.compile(r"(\*\*|__)[^\s*_][^\n]*?\1"),  # strong emphasis
    re.compile(r"^ {0,3}(```|~~~)", re.M),  # code fence
    re.compile(r"^\s*\|.*\|\s*$\n^\s*\|?\s*:?-{3,}", re.M),  # table header + separator
    re.compile(r"\A---\s*\n(?:.*\n){0,60}?(?:---|\.\.\.)\s*$", re.M),  # front matter
    re.compile(r"^\S.*\n={3,}\s*$", re.M),  # setext level 1
    re.compile(r"<!--"),  # HTML comment
)


def looks_like_markdown(text: str) -> bool:
    """True when the text uses Markdown syntax (headings, links, emphasis, fences, tables, ...)."""
    return any(p.search(text) for p in _MD_SIGNALS)
