"""Caption transcripts: WebVTT (Zoom "Name: text" cues, Teams "<v Name>" voice spans) and SRT.

Cue blocks are located here, line by line, so that a malformed file is rejected with the line
at fault; webvtt-py (`webvtt.Caption`) reads each WebVTT cue's times, voice span and text, and
`srt` reads SRT subtitles. Cues are sorted by start time (Teams writes them out of order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import srt
import webvtt
from webvtt.errors import MalformedCaptionError

from critic.errors import InputError
from critic.parse.transcript.common import Segment, accepted_speakers, clean_text, split_label, split_lines

_VTT_TIME = re.compile(r"^(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}$")  # lenient, like webvtt-py: "0:0:3.5" too
_SRT_TIME = re.compile(r"^\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}$")
_TIMING = re.compile(r"^\s*(?P<start>\S+)\s*-[ -]?>\s*(?P<end>\S+)(?P<settings>.*)$")
_SAMPLE_VTT = "'00:00:01.000 --> 00:00:04.000'"
_SAMPLE_SRT = "'00:00:01,000 --> 00:00:04,000'"


@dataclass
class _Cue:
    """One cue's text lines with their voices, as found at a source line."""

    start_ms: int
    end_ms: int
    parts: list[tuple[str | None, str, int]]  # (voice, text, line)


def _short(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _blocks(lines: list[str], first: int = 0) -> list[list[tuple[int, str]]]:
    """Blank-line separated blocks of (1-based line, text); a second "-->" line starts a new block."""
    blocks: list[list[tuple[int, str]]] = []
    block: list[tuple[int, str]] = []
    for no, line in enumerate(lines[first:], first + 1):
        if not line.strip():
            if block:
                blocks.append(block)
                block = []
            continue
        if "-->" in line and any("-->" in t for _, t in block):
            blocks.append(block)
            block = []
        block.append((no, line))
    if block:
        blocks.append(block)
    return blocks


def _speakers_from_labels(cues: list[_Cue]) -> list[Segment]:
    """Segments from cues. "Name: text" prefixes (Zoom) are speakers when at least half of the
    cues open with one; otherwise only recurring ones (see `accepted_speakers`)."""
    labels = []
    opening = 0
    for cue in cues:
        for i, (voice, text, _) in enumerate(cue.parts):
            lab = None if voice else split_label(text)
            if lab:
                labels.append(lab[0])
                opening += i == 0
    speakers = set(labels) if cues and opening >= 0.5 * len(cues) else accepted_speakers(labels)
    segments: list[Segment] = []
    for cue in cues:
        for voice, text, line in cue.parts:
            speaker = voice
            if speaker is None:
                lab = split_label(text)
                if lab and lab[0] in speakers:
                    speaker, text = lab
            if text:
                segments.append(Segment(speaker, text, cue.start_ms, cue.end_ms, line))
    return segments


def _sort(cues: list[_Cue]) -> int:
    """Sort cues by start (stable); return how many were out of order."""
    late = sum(1 for a, b in zip(cues, cues[1:], strict=False) if b.start_ms < a.start_ms)
    cues.sort(key=lambda c: (c.start_ms, c.end_ms))
    return late


# ---------------------------------------------------------------------------------------------
# WebVTT


def read_vtt(text: str, source: str) -> tuple[list[Segment], list[str]]:
    """Segments of a WebVTT file and notes for the reader; malformed cues raise InputError."""
    lines = split_lines(text)
    top = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    if not lines[top].startswith("WEBVTT"):
        raise InputError(source, f"malformed WebVTT at line {top + 1}: the file must start with 'WEBVTT'")
    header_end = top + 1
    while header_end < len(lines) and lines[header_end].strip() and "-->" not in lines[header_end]:
        header_end += 1
    cues: list[_Cue] = []
    for block in _blocks(lines, header_end):
        head = block[0][1].strip()
        if head.startswith(("NOTE", "STYLE", "REGION")) and not any("-->" in t for _, t in block[:2]):
            continue
        timing_at = next((i for i, (_, t) in enumerate(block[:2]) if "-->" in t), None)
        if timing_at is None:
            no, t = block[0]
            raise InputError(
                source, f"malformed WebVTT at line {no}: expected a cue timing line like {_SAMPLE_VTT}, "
                f"found '{_short(t)}'")
        cues.append(_vtt_cue(block, timing_at, source))
    notes = []
    late = _sort(cues)
    if late:
        notes.append(f"{late} cue(s) were out of order and were sorted by start time")
    return _speakers_from_labels(cues), notes


def _vtt_cue(block: list[tuple[int, str]], timing_at: int, source: str) -> _Cue:
    no, timing = block[timing_at]
    m = _TIMING.match(timing)
    if not m or "-->" not in timing:
        raise InputError(source, f"malformed WebVTT at line {no}: bad cue timing line '{_short(timing)}'")
    for value in (m.group("start"), m.group("end")):
        if not _VTT_TIME.match(value) or _bad_fields(value):
            raise InputError(source, f"malformed WebVTT at line {no}: bad timestamp '{_short(value, 30)}'")
    identifier = block[0][1].strip() if timing_at else None
    payload = block[timing_at + 1:]
    try:
        caption = webvtt.Caption(m.group("start"), m.group("end"), [t for _, t in payload], identifier)
    except MalformedCaptionError as exc:
        raise InputError(source, f"malformed WebVTT at line {no}: {exc}") from None
    start, end = caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds()
    if end < start:
        raise InputError(source, f"malformed WebVTT at line {no}: the cue ends before it starts")
    parts: list[tuple[str | None, str, int]] = []
    voice: str | None = None
    for line_no, raw in payload:
        found = webvtt.Caption.VOICE_SPAN_PATTERN.match(raw.strip())
        if found:
            voice = " ".join(found.group(1).split())
        text = clean_text(raw)
        if text:
            parts.append((voice, text, line_no))
    return _Cue(start, end, parts)


# ---------------------------------------------------------------------------------------------
# SRT


def read_srt(text: str, source: str) -> tuple[list[Segment], list[str]]:
    """Segments of an SRT file; a malformed block raises InputError naming its line."""
    lines = split_lines(text)
    located: list[tuple[int, int]] = []  # (first line of the block, line of its text)
    for block in _blocks(lines):
        timing_at = next((i for i, (_, t) in enumerate(block[:2]) if "-->" in t), None)
        if timing_at is None:
            no, t = block[0]
            raise InputError(
                source, f"malformed SRT at line {no}: expected a cue number and a timing line like "
                f"{_SAMPLE_SRT}, found '{_short(t)}'")
        no, timing = block[timing_at]
        m = _TIMING.match(timing)
        if not m:
            raise InputError(source, f"malformed SRT at line {no}: bad timing line '{_short(timing)}'")
        for value in (m.group("start"), m.group("end")):
            if not _SRT_TIME.match(value) or _bad_fields(value):
                raise InputError(source, f"malformed SRT at line {no}: bad timestamp '{_short(value, 30)}'")
        if timing_at == 1 and not block[0][1].strip().isdigit():
            raise InputError(source, f"malformed SRT at line {block[0][0]}: expected a cue number, "
                             f"found '{_short(block[0][1])}'")
        located.append((block[0][0], block[timing_at + 1][0] if timing_at + 1 < len(block) else no))
    normalised = "\n".join(lines)
    try:
        subs = list(srt.parse(normalised))
    except srt.SRTParseError as exc:
        at = normalised.count("\n", 0, exc.expected_start) + 1
        while at <= len(lines) and not lines[at - 1].strip():
            at += 1
        raise InputError(source, f"malformed SRT at line {at}: cannot read '{_short(lines[at - 1])}'") from None
    if len(subs) != len(located):  # cannot happen for blocks that passed the checks above
        located = [(0, 0)] * len(subs)
    cues: list[_Cue] = []
    for sub, (_, text_line) in zip(subs, located, strict=True):
        start = round(sub.start.total_seconds() * 1000)
        end = round(sub.end.total_seconds() * 1000)
        if end < start:
            raise InputError(source, f"malformed SRT at line {text_line}: the cue ends before it starts")
        parts: list[tuple[str | None, str, int]] = []
        voice: str | None = None
        for offset, raw in enumerate(sub.content.split("\n")):
            found = webvtt.Caption.VOICE_SPAN_PATTERN.match(raw.strip())
            if found:
                voice = " ".join(found.group(1).split())
            cleaned = clean_text(raw)
            if cleaned:
                parts.append((voice, cleaned, (text_line + offset) if text_line else None))
        cues.append(_Cue(start, end, parts))
    notes = []
    late = _sort(cues)
    if late:
        notes.append(f"{late} cue(s) were out of order and were sorted by start time")
    return _speakers_from_labels(cues), notes


def _bad_fields(value: str) -> bool:
    """Minutes or seconds above 59 in a timestamp ("hh:mm:ss,fff" or "[hh:]mm:ss.fff")."""
    fields = re.split(r"[:,.]", value)[:-1]  # without the fraction
    return any(int(f) > 59 for f in fields[1:])
