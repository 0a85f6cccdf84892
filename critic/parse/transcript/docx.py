"""Word transcripts: Microsoft Teams and Google Meet .docx exports (python-docx documents).

Teams: each turn is a header then the words, in one paragraph with line breaks or in separate
paragraphs. Three header layouts are recognised, one per document (the one that fits best):
  A  "Name   0:03" (or "Name  00:00:03.140 --> 00:00:06.520") on one line (current exports);
  B  "0:0:3.14 --> 0:0:6.52" then "Name" (older Stream exports);
  C  "Name" then "0:03".
Lines before the first header (meeting title, date, duration) and "X started transcription"
notices are not speech. A turn ends where the next one starts.

Meet: a Google Docs transcript, possibly after an AI summary (Summary / Details / Suggested next
steps). Only the transcript part is speech: it starts at a timestamp paragraph ("00:05:00") and
holds "Name: text" paragraphs; a heading ends it. "00:01:02 Name: text" lines are speech anywhere.
Only the first turn after a timestamp gets a start time (the rest are unknown, not guessed);
"Transcription ended after 00:31:10" gives the last turn its end.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from critic.parse.transcript.common import (
    CLOCK,
    Segment,
    fill_ends,
    is_name_like,
    label_role,
    parse_clock,
    split_label,
)

_TEAMS_SAME = re.compile(rf"^(?P<label>.+?)\s+(?P<start>{CLOCK})(?:\s*-->\s*(?P<end>{CLOCK}))?$")
_TS_ONLY = re.compile(rf"^\(?(?P<start>{CLOCK})\)?(?:\s*-->\s*(?P<end>{CLOCK}))?$")
_SYSTEM = re.compile(r"\b(?:started|stopped) transcription\s*$", re.IGNORECASE)
_TS_SPEECH = re.compile(rf"^[\[(]?(?P<ts>{CLOCK})[\])]?\s+(?P<rest>.+)$")
_ENDED = re.compile(rf"^Transcription ended after (?P<ts>{CLOCK})", re.IGNORECASE)
_DISCLAIMER = re.compile(r"computer[- ]generated|might contain errors", re.IGNORECASE)
_NOTE_HEADINGS = frozenset({
    "summary", "details", "notes", "suggested next steps", "next steps", "action items", "transcript",
    "attendees", "decisions", "meeting notes", "meeting records",
})


@dataclass
class _Line:
    text: str
    first: bool  # first line of its paragraph
    heading: bool  # a Heading/Title-styled paragraph


def _lines(document: Any) -> list[_Line]:
    """Body paragraphs split at line breaks, stripped, blank ones dropped."""
    out: list[_Line] = []
    for para in document.paragraphs:
        style = (para.style.name if para.style is not None else "") or ""
        heading = style.startswith("Heading") or style == "Title"
        first = True
        for piece in re.split(r"[\n\v]", para.text):
            s = " ".join(piece.split())
            if s:
                out.append(_Line(s, first, heading))
                first = False
    return out


def _speaker_name(s: str) -> bool:
    return ":" not in s and (label_role(s) is not None or is_name_like(s))


def _times(m: re.Match[str]) -> tuple[int | None, int | None] | None:
    start = parse_clock(m.group("start"))
    end = parse_clock(m.group("end")) if m.group("end") else None
    if start is None or (m.group("end") and end is None):
        return None
    return start, end


# ---------------------------------------------------------------------------------------------
# Teams


def _teams_headers(lines: list[_Line]) -> dict[int, tuple[str, int | None, int | None, int]]:
    """Header positions of the best-fitting layout: index -> (name, start, end, header lines)."""
    layouts: dict[str, dict[int, tuple[str, int | None, int | None, int]]] = {"A": {}, "B": {}, "C": {}}
    for i, ln in enumerate(lines):
        nxt = lines[i + 1].text if i + 1 < len(lines) else None
        m = _TEAMS_SAME.match(ln.text)
        if m and ln.first and _speaker_name(m.group("label").strip()) and (t := _times(m)):
            layouts["A"][i] = (" ".join(m.group("label").split()), t[0], t[1], 1)
        m = _TS_ONLY.match(ln.text)
        if m and (t := _times(m)) and nxt is not None:
            if _speaker_name(nxt) and i + 2 < len(lines):
                layouts["B"][i] = (nxt, t[0], t[1], 2)
            if i > 0 and _speaker_name(lines[i - 1].text) and lines[i - 1].first:
                layouts["C"][i - 1] = (lines[i - 1].text, t[0], t[1], 2)

    def score(found: dict[int, tuple[str, int | None, int | None, int]]) -> int:
        names = Counter(v[0] for v in found.values())
        return sum(1 for v in found.values() if names[v[0]] >= 2)

    best = max(("A", "B", "C"), key=lambda k: (score(layouts[k]), -ord(k)))
    return layouts[best] if score(layouts[best]) >= 2 else {}


def read_teams(document: Any) -> list[Segment]:
    """Segments of a Teams .docx transcript."""
    lines = _lines(document)
    headers = _teams_headers(lines)
    segments: list[Segment] = []
    skip_until = -1
    for i, ln in enumerate(lines):
        if i < skip_until:
            continue
        if i in headers:
            name, start, end, size = headers[i]
            segments.append(Segment(name, "", start, end))
            skip_until = i + size
        elif segments and not _SYSTEM.search(ln.text):
            segments[-1].text = f"{segments[-1].text} {ln.text}".strip()
    fill_ends(segments)
    return segments


def looks_teams(document: Any) -> bool:
    return bool(_teams_headers(_lines(document)))


# ---------------------------------------------------------------------------------------------
# Meet


def read_meet(document: Any) -> tuple[list[Segment], int]:
    """Segments of a Meet transcript document and the number of unlabelled paragraphs skipped."""
    segments: list[Segment] = []
    in_speech = False
    pending: int | None = None
    skipped = 0
    ended: int | None = None
    for ln in _lines(document):
        s = ln.text
        m = _ENDED.match(s)
        if m:
            ended = parse_clock(m.group("ts"))
            in_speech = False
            continue
        m = _TS_ONLY.match(s)
        if m and not m.group("end") and (ms := parse_clock(m.group("start"))) is not None:
            pending, in_speech = ms, True
            continue
        m = _TS_SPEECH.match(s)
        if m and (ms := parse_clock(m.group("ts"))) is not None and (lab := split_label(m.group("rest"))):
            segments.append(Segment(lab[0], lab[1], ms))
            pending, in_speech = None, True
            continue
        if ln.heading or s.strip(" :#*").lower().lstrip("📝📖 ") in _NOTE_HEADINGS:
            in_speech = False
            continue
        if not in_speech:
            continue
        lab = split_label(s)
        if lab:
            segments.append(Segment(lab[0], lab[1], pending))
            pending = None
        elif not _DISCLAIMER.search(s):
            skipped += 1
    if segments and ended is not None and ended >= (segments[-1].start_ms or 0):
        segments[-1].end_ms = ended
    fill_ends(segments)
    return segments, skipped


def looks_meet(document: Any) -> bool:
    segments, _ = read_meet(document)
    return len(segments) >= 2 and any(seg.start_ms is not None for seg in segments)
