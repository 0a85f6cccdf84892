"""The document model every parser produces and every later stage reads.

document -> sections -> entries -> items, plus warnings; transcripts add turns and answers.
Page-1 layout (lines with boxes) is kept for the screen simulator.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SECTION_KINDS = ("contact", "summary", "experience", "education", "skills", "projects", "interview", "other")
ITEM_KINDS = ("bullet", "summary", "line", "answer")
# What an item is, as a reader would classify it (GUIDE.md's item types); decides which advice applies.
ITEM_TYPES = ("achievement", "scope", "summary", "honour", "skill", "publication", "education", "context", "answer")
# How confidently the item was read whole: a cut or merged item is a reading fault, never judged.
READINGS = ("whole", "cut", "merged")


@dataclass
class Box:
    """A rectangle on a page in PDF points, origin top-left."""

    x0: float
    top: float
    x1: float
    bottom: float

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 2) for k, v in asdict(self).items()}


@dataclass
class Item:
    """One judgeable unit: a bullet, a summary sentence, a plain line, or an interview answer."""

    id: str
    kind: str
    text: str
    section: str = ""  # the section's title as written
    section_kind: str = "other"
    page: int | None = None  # 1-based, formats with pages only
    box: Box | None = None
    line: int | None = None  # 1-based source line, text formats only
    question: str | None = None  # answers: the question asked
    start_ms: int | None = None  # answers: timing when the transcript has it
    end_ms: int | None = None
    words: int = 0
    type: str | None = None  # one of ITEM_TYPES, set after parsing (critic.parse.itemtype)
    read: str = "whole"  # one of READINGS
    read_note: str | None = None  # why the item is believed cut or merged

    def __post_init__(self) -> None:
        if not self.words:
            self.words = len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "section": self.section,
            "section_kind": self.section_kind,
        }
        for key in ("page", "line", "question", "start_ms", "end_ms", "type"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        if self.read != "whole":
            d["read"] = self.read
            if self.read_note:
                d["read_note"] = self.read_note
        if self.box is not None:
            d["box"] = self.box.to_dict()
        return d


@dataclass
class Entry:
    """A role, degree or project under a section heading."""

    header: str = ""  # the header lines as written, joined with " | "
    title: str | None = None
    organisation: str | None = None
    start: str | None = None  # "YYYY-MM", "YYYY" or None
    end: str | None = None  # "YYYY-MM", "YYYY", "present" or None
    location: str | None = None
    page: int | None = None
    items: list[Item] = field(default_factory=list)
    header_lines: list[str] = field(default_factory=list, repr=False)  # the raw header lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "header": self.header,
            "title": self.title,
            "organisation": self.organisation,
            "start": self.start,
            "end": self.end,
            "location": self.location,
            "page": self.page,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass
class Section:
    """A titled part of the document, classified into one of SECTION_KINDS."""

    kind: str
    title: str
    page: int | None = None
    items: list[Item] = field(default_factory=list)  # items not under any entry
    entries: list[Entry] = field(default_factory=list)

    def all_items(self) -> list[Item]:
        out = list(self.items)
        for e in self.entries:
            out.extend(e.items)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "page": self.page,
            "items": [i.to_dict() for i in self.items],
            "entries": [e.to_dict() for e in self.entries],
        }


@dataclass
class Line:
    """A laid-out text line on a page (PDF), for layout-aware consumers."""

    text: str
    box: Box
    size: float = 0.0
    bold: bool = False
    column: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "box": self.box.to_dict(), "size": round(self.size, 2),
                "bold": self.bold, "column": self.column}


@dataclass
class Page:
    """One page's size and lines in reading order."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    columns: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "width": round(self.width, 2), "height": round(self.height, 2),
                "columns": self.columns, "lines": [ln.to_dict() for ln in self.lines]}


@dataclass
class Turn:
    """One speaker turn of a transcript."""

    speaker: str
    role: str  # "interviewer" | "candidate"
    text: str
    start_ms: int | None = None
    end_ms: int | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """A parsed resume or transcript."""

    source: str  # the file name as the user gave it
    format: str  # pdf | docx | text | markdown | jsonresume | qa-text | vtt | srt | otter | teams-docx | meet-docx ...
    kind: str = "resume"  # "resume" | "transcript"
    name: str | None = None  # the person's name where found
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)  # PDF only
    page_count: int | None = None
    turns: list[Turn] = field(default_factory=list)  # transcripts only
    candidate: str | None = None  # transcripts: the candidate speaker
    candidate_reason: str | None = None  # how the candidate was chosen
    language: str | None = None

    def items(self) -> list[Item]:
        """All items in reading order."""
        out: list[Item] = []
        for s in self.sections:
            out.extend(s.all_items())
        return out

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_dict(self, *, layout: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source,
            "format": self.format,
            "kind": self.kind,
            "name": self.name,
            "page_count": self.page_count,
            "language": self.language,
            "sections": [s.to_dict() for s in self.sections],
            "items": [i.to_dict() for i in self.items()],
            "warnings": list(self.warnings),
        }
        if self.kind == "transcript":
            d["candidate"] = self.candidate
            d["candidate_reason"] = self.candidate_reason
            d["turns"] = [t.to_dict() for t in self.turns]
        if layout:
            d["pages"] = [p.to_dict() for p in self.pages]
        return d
