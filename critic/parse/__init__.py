"""Parse any supported input into a `critic.model.Document`.

`parse(path)` reads the file, checks its size, detects the format from the content (not only the
extension) and runs the format's parser in a resource-limited child process (critic.parse.sandbox).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from critic.errors import InputError
from critic.model import Document
from critic.parse.sandbox import Limits, start_limited

__all__ = ["Limits", "parse", "parse_bytes", "start_parse"]


def read_input(source: str | Path, limits: Limits) -> bytes:
    """Read a regular file (or ``-``, standard input) with the size limit applied; anything else raises
    InputError: a missing or unreadable file, a folder, a FIFO or device (never read, so never a hang)."""
    from critic.safeio import read_regular

    return read_regular(source, int(limits.max_mb * 1024 * 1024), str(source))


def parse(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    limits: Limits | None = None,
    candidate: str | None = None,
    interviewer: str | None = None,
) -> Document:
    """Parse a file path or raw bytes into a Document (under resource limits)."""
    return start_parse(source, name=name, limits=limits, candidate=candidate, interviewer=interviewer)()


def start_parse(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    limits: Limits | None = None,
    candidate: str | None = None,
    interviewer: str | None = None,
) -> Callable[[], Document]:
    """Start parsing as :func:`parse` does, in the limited child process; the returned function waits for
    the Document (or raises the file's InputError), so the caller can work meanwhile."""
    limits = limits or Limits()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "<input>"
        if len(data) > limits.max_mb * 1024 * 1024:
            raise InputError(name, f"input is {len(data) / 1048576:.1f} MB, over the size limit of {limits.max_mb:g} MB")
    else:
        data = read_input(source, limits)
        name = name or str(source)
    return start_limited(parse_bytes, data, name, limits.max_pages, candidate, interviewer, source=name,
                         limits=limits)


def _parse_pdf(data: bytes, name: str, max_pages: int, candidate: str | None,
               interviewer: str | None = None) -> Document:
    from critic.parse.pdf.reader import parse_pdf
    from critic.parse.structure import build

    doc = Document(source=name, format="pdf")
    build(parse_pdf(data, doc, max_pages=max_pages), doc)
    return doc


def _parse_docx(data: bytes, name: str, max_pages: int, candidate: str | None,
               interviewer: str | None = None) -> Document:
    from critic.parse.docx.reader import check_docx_zip, open_docx, parse_docx
    from critic.parse.structure import build, finalise
    from critic.parse.transcript.reader import parse_transcript_docx, sniff_docx

    check_docx_zip(data, name)
    document = open_docx(data, name)
    fmt = sniff_docx(document)
    if fmt:
        doc = Document(source=name, format=fmt, kind="transcript")
        parse_transcript_docx(document, fmt, doc, candidate=candidate, interviewer=interviewer)
        finalise(doc)
        return doc
    doc = Document(source=name, format="docx")
    build(parse_docx(data, doc, document=document), doc)
    return doc


def _parse_json(data: bytes, name: str, max_pages: int, candidate: str | None,
               interviewer: str | None = None) -> Document:
    from critic.parse.detect import decode_text
    from critic.parse.jsonresume import load_json, parse_jsonresume
    from critic.parse.structure import finalise

    obj = load_json(decode_text(data, name), name)
    doc = Document(source=name, format="jsonresume")
    parse_jsonresume(obj, doc)
    finalise(doc)
    return doc


def _parse_text(data: bytes, name: str, max_pages: int, candidate: str | None,
               interviewer: str | None = None) -> Document:
    from critic.parse.detect import decode_text, looks_like_markdown
    from critic.parse.structure import build, finalise

    text = decode_text(data, name)  # raises "empty file" for white space only
    from critic.parse.transcript.reader import parse_transcript_text, sniff_text

    fmt = sniff_text(text)
    if fmt:
        doc = Document(source=name, format=fmt, kind="transcript")
        parse_transcript_text(text, fmt, doc, candidate=candidate, interviewer=interviewer)
        finalise(doc)
        return doc
    from critic.parse.text import parse_text

    markdown = looks_like_markdown(text) or name.lower().endswith((".md", ".markdown"))
    doc = Document(source=name, format="markdown" if markdown else "text")
    build(parse_text(text, doc, markdown=markdown), doc)
    return doc


# Container (as critic.parse.detect.detect_container names it) -> parser; anything else is read as text.
PARSERS: dict[str, Callable[..., Document]] = {
    "pdf": _parse_pdf,
    "docx": _parse_docx,
    "json": _parse_json,
}


def parse_bytes(data: bytes, name: str, max_pages: int = 50, candidate: str | None = None,
                interviewer: str | None = None) -> Document:
    """Detect the format of `data` and parse it in this process (no resource limits)."""
    from critic.parse.detect import detect_container

    parser = PARSERS.get(detect_container(data, name), _parse_text)
    return parser(data, name, max_pages, candidate, interviewer)
