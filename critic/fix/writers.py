"""Writing the improved resume: the same format in place where it can be edited, else built from the model.

- Markdown / plain text in -> the same text with each changed item's words replaced where they stand;
- JSON Resume in -> the same JSON with each changed string replaced;
- DOCX in -> the same DOCX with each changed paragraph's text replaced in place (its style, numbering
  and first run's formatting kept);
- any input (PDF above all, which cannot be edited faithfully) -> Markdown, JSON Resume or DOCX built
  from the parsed document model.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from critic.errors import InputError
from critic.fix.core import Change
from critic.model import Document, Entry, Item, Section

FORMATS = ("md", "json", "docx")
TEXT_FORMATS = ("markdown", "text")
_EXTENSION = {"md": ".md", "json": ".json", "docx": ".docx", "text": ".txt"}


def native_format(doc: Document) -> str | None:
    """The output format that edits the input in place: md (Markdown), text, json (JSON Resume), docx."""
    return {"markdown": "md", "text": "text", "jsonresume": "json", "docx": "docx"}.get(doc.format)


def default_format(doc: Document) -> str:
    """The format to write when none is asked for: the input's own, else Markdown."""
    return native_format(doc) or "md"


def extension(fmt: str) -> str:
    """The file extension for an output format."""
    return _EXTENSION[fmt]


def format_for(path: str) -> str | None:
    """The output format a file name asks for by its extension (.md, .markdown, .json, .docx, .txt)."""
    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    return {"md": "md", "markdown": "md", "json": "json", "docx": "docx", "txt": "text"}.get(suffix)


def _words_pattern(text: str) -> re.Pattern[str]:
    """The item's words as they may stand in the source: any whitespace, emphasis marks between words."""
    words = [re.escape(w) for w in text.split()]
    return re.compile(r"[*_`]*\s*[*_`]*".join(words) if len(words) == 1 else r"[*_`]*\s+[*_`]*".join(words))


def _replace_words(source: str, before: str, after: str, start: int = 0) -> str | None:
    """source with the first occurrence of before's words at or after start replaced by after; None when
    they are not found."""
    m = _words_pattern(before).search(source, start) or _words_pattern(before).search(source)
    if m is None:
        return None
    return source[: m.start()] + after + source[m.end():]


def _line_offset(text: str, line: int | None) -> int:
    if not line or line <= 1:
        return 0
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return 0
        pos = nxt + 1
    return pos


def _by_id(doc: Document) -> dict[str, Item]:
    return {item.id: item for item in doc.items()}


def write_text(source: str, doc: Document, changes: Sequence[Change]) -> tuple[str, list[str]]:
    """Markdown or plain text with each change made where the item stands; also the ids not found."""
    items = _by_id(doc)
    missing = []
    for ch in changes:
        item = items.get(ch.item_id)
        new = _replace_words(source, ch.before, ch.after, _line_offset(source, item.line if item else None))
        if new is None:
            missing.append(ch.item_id)
        else:
            source = new
    return source, missing


def _edit_json(value: Any, before: str, after: str) -> tuple[Any, bool]:
    if isinstance(value, str):
        if " ".join(value.split()) == " ".join(before.split()):
            return after, True
        new = _replace_words(value, before, after)
        return (value, False) if new is None else (new, True)
    if isinstance(value, list):
        for i, v in enumerate(value):
            value[i], done = _edit_json(v, before, after)
            if done:
                return value, True
    if isinstance(value, dict):
        for k in value:
            value[k], done = _edit_json(value[k], before, after)
            if done:
                return value, True
    return value, False


def dump_json(data: Any) -> str:
    """Deterministic JSON: two-space indent, keys in their given order, UTF-8 kept, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_jsonresume(source: str, changes: Sequence[Change]) -> tuple[str, list[str]]:
    """The JSON Resume with each changed string replaced; also the ids not found."""
    data = json.loads(source)
    missing = []
    for ch in changes:
        data, done = _edit_json(data, ch.before, ch.after)
        if not done:
            missing.append(ch.item_id)
    return dump_json(data), missing


def docx_paragraphs(document: Any) -> Iterable[Any]:
    """A DOCX's paragraphs: the body's, then those in its tables' cells."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def set_paragraph_text(paragraph: Any, text: str) -> None:
    """Replace a paragraph's text in place: the first run takes the text (keeping its formatting), the
    other runs go; the paragraph's own properties (style, numbering) are untouched."""
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


_MARKER = re.compile(r"^\s*(?:[-*+•·▪◦‣–—]|\(?\d{1,2}[.)])\s+")


def stable_zip(data: bytes) -> bytes:
    """The same zip (DOCX) with every entry's timestamp fixed, so the same edits give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def write_docx(data: bytes, changes: Sequence[Change]) -> tuple[bytes, list[str]]:
    """The DOCX with each changed paragraph's text replaced in place; also the ids not found."""
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = list(docx_paragraphs(document))
    missing = []
    for ch in changes:
        want = " ".join(ch.before.split())
        for p in paragraphs:
            text = " ".join(p.text.split())
            marker = _MARKER.match(text)
            body = text[marker.end():] if marker else text
            if body == want:
                set_paragraph_text(p, (marker.group(0) if marker else "") + ch.after)
                break
            if want in text:
                set_paragraph_text(p, text.replace(want, ch.after, 1))
                break
        else:
            missing.append(ch.item_id)
    out = io.BytesIO()
    document.save(out)
    return stable_zip(out.getvalue()), missing


# -- from the document model (any input, PDF above all) ----------------------------------------------


def _after(changes: Sequence[Change]) -> dict[str, str]:
    return {ch.item_id: ch.after for ch in changes}


def _entry_lines(entry: Entry) -> tuple[str, str]:
    """An entry's heading and its sub-line (dates, location)."""
    head = " — ".join(p for p in (entry.title, entry.organisation) if p) or entry.header
    dates = " – ".join(p for p in (entry.start, entry.end) if p)
    sub = " · ".join(p for p in (dates, entry.location or "") if p)
    return head, sub


def _section_text(section: Section, after: Mapping[str, str], name: str | None) -> list[tuple[str, str]]:
    """A section as (kind, text) lines: heading, entry, sub, bullet, para."""
    out = [("heading", section.title or section.kind.title())]
    for item in section.items:
        if section.kind == "contact" and item.text == name:
            continue  # the name is the document's title already
        out.append(("bullet" if item.kind == "bullet" else "para", after.get(item.id, item.text)))
    for entry in section.entries:
        head, sub = _entry_lines(entry)
        if head:
            out.append(("entry", head))
        if sub:
            out.append(("sub", sub))
        for item in entry.items:
            out.append(("bullet" if item.kind == "bullet" else "para", after.get(item.id, item.text)))
    return out


def model_markdown(doc: Document, changes: Sequence[Change]) -> str:
    """The document as Markdown, changes applied."""
    after = _after(changes)
    out = [f"# {doc.name}", ""] if doc.name else []
    for section in doc.sections:
        for kind, text in _section_text(section, after, doc.name):
            if out and out[-1].startswith("- ") and kind != "bullet":
                out.append("")
            if kind == "heading":
                out += [f"## {text}", ""]
            elif kind == "entry":
                out += [f"### {text}"]
            elif kind == "sub":
                out += [f"*{text}*", ""]
            elif kind == "bullet":
                out += [f"- {text}"]
            else:
                out += [text, ""]
        if out and out[-1] != "":
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def model_docx(doc: Document, changes: Sequence[Change]) -> bytes:
    """The document as a plain DOCX (headings, list bullets), changes applied."""
    import docx

    document = docx.Document()
    if doc.name:
        document.add_heading(doc.name, level=0)
    after = _after(changes)
    for section in doc.sections:
        for kind, text in _section_text(section, after, doc.name):
            if kind == "heading":
                document.add_heading(text, level=1)
            elif kind == "entry":
                document.add_heading(text, level=2)
            elif kind == "bullet":
                document.add_paragraph(text, style="List Bullet")
            elif kind == "sub":
                document.add_paragraph().add_run(text).italic = True
            else:
                document.add_paragraph(text)
    document.core_properties.title = doc.name or ""
    out = io.BytesIO()
    document.save(out)
    return stable_zip(out.getvalue())


def model_jsonresume(doc: Document, changes: Sequence[Change]) -> dict[str, Any]:
    """The document in the JSON Resume schema's shape (jsonresume.org), changes applied."""
    from critic.fix.jsonresume import from_document

    return from_document(doc, _after(changes))


def write(doc: Document, data: bytes, changes: Sequence[Change], fmt: str) -> tuple[bytes, list[str]]:
    """The improved resume as bytes in fmt (md, json, docx, or text for plain-text input), and the ids of
    changes that could not be placed (in-place formats only)."""
    native = native_format(doc)
    if fmt == native:
        if fmt == "docx":
            return write_docx(data, changes)
        try:
            source = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(doc.source, "not UTF-8 text; cannot write it back") from None
        if fmt == "json":
            text, missing = write_jsonresume(source, changes)
        else:
            text, missing = write_text(source, doc, changes)
        return text.encode("utf-8"), missing
    if fmt == "md":
        return model_markdown(doc, changes).encode("utf-8"), []
    if fmt == "json":
        return dump_json(model_jsonresume(doc, changes)).encode("utf-8"), []
    if fmt == "docx":
        return model_docx(doc, changes), []
    raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")


def change_log(changes: Sequence[Change]) -> str:
    """The change log as Markdown: item, before, after, the findings it cleared."""
    out = ["# Changes", ""]
    if not changes:
        out.append("No bullet was changed.")
    for n, ch in enumerate(changes, 1):
        cleared = ", ".join(ch.cleared) or "—"
        out += [f"## {n}. {ch.section or 'Item'} ({ch.item_id})", "", f"- Before: {ch.before}",
                f"- After: {ch.after}", f"- Cleared: {cleared}", ""]
    return "\n".join(out).rstrip("\n") + "\n"
