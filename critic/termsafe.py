"""Make document text and file names safe to print on a terminal.

A resume or a file name can carry ANSI/OSC escape sequences (which recolour, retitle or rewrite the
terminal, or plant hyperlinks) and Unicode bidi overrides (which make text read differently than it is
stored). They are removed before anything is printed; tabs and new lines are kept.
"""

from __future__ import annotations

import re
from typing import Any

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other ESC-introduced strings, and their 8-bit forms
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]?"  # two-character escapes (and a lone ESC)
)
# C0 and C1 controls except tab and new line; bidi embeddings, overrides and isolates
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """text without escape sequences, control characters (but tab and new line) or bidi overrides."""
    if not text:
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


def clean_document(doc: Any) -> None:
    """Clean, in place, every string of a parsed document that a report prints."""
    doc.source = clean(doc.source)
    if doc.name:
        doc.name = clean(doc.name)
    doc.warnings[:] = [clean(w) for w in doc.warnings]
    for section in doc.sections:
        section.title = clean(section.title)
        for entry in section.entries:
            for attr in ("header", "title", "organisation", "location"):
                value = getattr(entry, attr)
                if value:
                    setattr(entry, attr, clean(value))
        for item in section.all_items():
            item.text = clean(item.text)
            item.section = clean(item.section)
            if item.question:
                item.question = clean(item.question)
    for turn in doc.turns:
        turn.text = clean(turn.text)
        turn.speaker = clean(turn.speaker)
    if doc.candidate:
        doc.candidate = clean(doc.candidate)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP: text starting with = + - @, tab or
    carriage return gets a leading apostrophe); numbers and empty cells are unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class SafeCSVWriter:
    """csv.writer whose rows pass through spreadsheet_safe."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([spreadsheet_safe(v) for v in row])
