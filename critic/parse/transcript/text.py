"""Plain-text transcripts: "Q:"/"A:" or "Name:" lines, "[mm:ss]"-prefixed lines, Otter exports.

- qa-text: a turn starts at a speaker label ("Interviewer:", "**Candidate:**", "Priya:"); lines
  without a label continue the turn; lines before the first label (a title) are skipped, and so
  are Markdown headings and rules.
- timestamped-text: lines start with "[mm:ss]" or "[hh:mm:ss]" (also "(mm:ss)"), optionally
  followed by "Name:"; "Name [mm:ss]: text" and "00:12 Name: text" (bare time, label required)
  work too. A timestamped line without a label continues the previous speaker (speech
  recognisers split sentences into several lines); untimed lines after the first timestamp
  continue the previous line. A line ends where the next one starts (the last one's end is
  left unknown here). Without any speaker label, all lines are one speaker's.
- otter: "Name  0:05" header lines, the turn's text on the lines below; the "Transcribed by
  otter.ai" footer is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from critic.parse.transcript.common import (
    CLOCK,
    Segment,
    accepted_speakers,
    assign_missing,
    fill_ends,
    is_name_like,
    label_role,
    parse_clock,
    split_label,
)

TS_PREFIX = re.compile(rf"^[\[(](?P<ts>{CLOCK})[\])]\s*(?:[-–—|]\s*)?(?P<rest>.*)$")
BARE_TS = re.compile(rf"^(?P<ts>{CLOCK})\s+(?:[-–—|]\s*)?(?P<rest>.*)$")  # only with a speaker label after it
NAME_TS = re.compile(
    rf"^(?:\*\*|__)?(?P<label>[^\[\]()\n:*]{{1,60}}?)(?:\*\*|__)?\s*[\[(](?P<ts>{CLOCK})[\])]\s*:?(?:\*\*|__)?"
    r"\s*(?P<rest>.*)$"
)
# whisper / faster-whisper text: "[00:00.000 --> 00:05.120]  text"
RANGE_TS = re.compile(rf"^[\[(](?P<ts>{CLOCK})\s*-+>\s*(?P<te>{CLOCK})[\])]\s*(?P<rest>.*)$")
# a diarised Markdown export: "### 00:01:05 · Speaker 1" (or "### Speaker 1 · 00:01:05"), the text below
DIARIZED_HEADING = re.compile(
    rf"^#{{1,6}}\s*(?:[\[(]?(?P<ts>{CLOCK})[\])]?\s*[·•|:\-–—]?\s*(?P<label>[^\n\d\[(][^\n]{{0,59}}?)"
    rf"|(?P<label2>[^\n]{{1,60}}?)\s*[·•|\-–—]?\s*[\[(]?(?P<ts2>{CLOCK})[\])]?)\s*:?\s*$")
OTTER_HEADER = re.compile(r"^(?P<label>\S.{0,60}?)\s+(?P<ts>(?:\d{1,2}:)?\d{1,2}:\d{2})$")
OTTER_FOOTER = re.compile(r"^Transcribed by\b.*\botter\.ai\b", re.IGNORECASE)
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|`{3,}.*)$")
_EMPHASIS = re.compile(r"\*\*|__")


@dataclass
class _Raw:
    """A line as read, before deciding whether its label is a speaker."""

    label: str | None
    text: str  # the text after the label (or the whole line)
    whole: str  # the whole line, used when the label turns out not to be a speaker
    line: int
    start_ms: int | None = None
    sure: bool = False  # label from an explicit "Name [00:05]:" / Otter header
    end_ms: int | None = None  # formats that give it ("[00:00.000 --> 00:05.120]")


def _is_markup(s: str) -> bool:
    return s.startswith("#") or bool(_RULE.match(s))


def _plain(s: str) -> str:
    """A text line without Markdown emphasis or a quote marker."""
    s = s[1:].lstrip() if s.startswith(">") else s
    return " ".join(_EMPHASIS.sub("", s).split())


def _resolve(raws: list[_Raw], *, majority: bool = False,
             speakers: set[str] | None = None) -> tuple[list[Segment], bool]:
    """Segments with speakers from the raw lines (see `assign_missing`); True when unlabelled.

    A label is a speaker when it is in `speakers` (if given), when `accepted_speakers` says so, or,
    with `majority`, when at least half of the lines open with a label (a diarised transcript);
    other labels go back into the text.
    """
    labels = [r.label for r in raws if r.label and not r.sure]
    if speakers is not None:
        speakers = set(speakers)
    elif majority and raws and len(labels) >= 0.5 * len(raws):
        speakers = set(labels)
    else:
        speakers = accepted_speakers(labels)
    speakers |= {r.label for r in raws if r.label and r.sure}
    segments: list[Segment] = []
    for r in raws:
        if r.label is not None and r.label in speakers:
            segments.append(Segment(r.label, r.text, r.start_ms, r.end_ms, r.line))
        else:
            segments.append(Segment(None, r.whole, r.start_ms, r.end_ms, r.line))
    return segments, assign_missing(segments)


def _continue(raws: list[_Raw], text: str) -> None:
    last = raws[-1]
    last.text = f"{last.text} {text}".strip()
    last.whole = f"{last.whole} {text}".strip()


# ---------------------------------------------------------------------------------------------
# qa-text


def _qa_raws(lines: list[str]) -> list[_Raw]:
    raws: list[_Raw] = []
    for no, line in enumerate(lines, 1):
        s = line.strip()
        if not s or _is_markup(s):
            continue
        s = _plain(s) if s.startswith(">") else s
        if s[:2] in ("- ", "* ", "+ ") and split_label(s[2:]):
            s = s[2:]  # a Markdown list of turns
        lab = split_label(s)
        if lab:
            raws.append(_Raw(lab[0], _plain(lab[1]), _plain(s), no))
        else:
            raws.append(_Raw(None, _plain(s), _plain(s), no))
    return raws


def read_qa(lines: list[str]) -> tuple[list[Segment], bool]:
    """Segments of a "Speaker: text" transcript; lines before the first speaker are skipped.

    Besides `accepted_speakers`, a name used once is a speaker where it answers a question: the
    line before it is another speaker's and ends with "?".
    """
    raws = _qa_raws(lines)
    speakers = accepted_speakers(r.label for r in raws if r.label)
    kept: list[_Raw] = []
    previous = ""
    for r in raws:
        answers_question = (kept and previous.endswith("?") and r.label is not None
                            and r.label != kept[-1].label and is_name_like(r.label))
        if r.label is not None and (r.label in speakers or answers_question):
            speakers.add(r.label)
            kept.append(r)
        elif kept:
            _continue(kept, r.whole)
        previous = r.whole
    return _resolve(kept, speakers=speakers)


def looks_qa(lines: list[str]) -> bool:
    """Several speaker turns, and a question answered: a turn ending with "?" followed by another
    speaker's turn. With role labels (Q/A, Interviewer/Candidate ...): >= 3 turns, or 2 with a
    question answered. With names only: >= 4 turns, two speakers who each speak twice, a question
    answered, and labelled lines being >= 10% of the non-blank lines."""
    segments, unlabelled = read_qa(lines)
    if unlabelled:
        return False
    turns: list[list[str]] = []  # [speaker, text]
    for seg in segments:
        if turns and turns[-1][0] == seg.speaker:
            turns[-1][1] += " " + seg.text
        else:
            turns.append([seg.speaker or "", seg.text])
    if len(turns) < 2:
        return False
    answered = any(a[1].rstrip().endswith("?") for a in turns[:-1])
    if any(label_role(t[0]) is not None for t in turns):
        return len(turns) >= 3 or answered
    speakers = [t[0] for t in turns]
    repeat = sum(1 for sp in set(speakers) if speakers.count(sp) >= 2)
    nonblank = sum(1 for ln in lines if ln.strip())
    return len(turns) >= 4 and repeat >= 2 and answered and len(segments) >= 0.1 * nonblank


# ---------------------------------------------------------------------------------------------
# timestamped-text


def _stamped(s: str, no: int) -> _Raw | None:
    """The line as a timestamped piece of speech, or None."""
    m = RANGE_TS.match(s)
    if m and parse_clock(m.group("ts")) is not None:
        rest = _plain(m.group("rest"))
        lab = split_label(rest)
        start, end = parse_clock(m.group("ts")), parse_clock(m.group("te"))
        if lab:
            return _Raw(lab[0], lab[1], rest, no, start, end_ms=end)
        return _Raw(None, rest, rest, no, start, end_ms=end)
    m = DIARIZED_HEADING.match(s)
    if m:
        label = " ".join((m.group("label") or m.group("label2") or "").strip(" *_").split())
        ms = parse_clock(m.group("ts") or m.group("ts2") or "")
        if ms is not None and label and (label_role(label) is not None or is_name_like(label)):
            return _Raw(label, "", f"{label}:", no, ms, sure=True)
    m = TS_PREFIX.match(s)
    ms = parse_clock(m.group("ts")) if m else None
    if m and ms is not None:
        rest = _plain(m.group("rest"))
        lab = split_label(rest)
        return _Raw(lab[0], lab[1], rest, no, ms) if lab else _Raw(None, rest, rest, no, ms)
    m = BARE_TS.match(s)
    ms = parse_clock(m.group("ts")) if m else None
    if m and ms is not None:
        rest = _plain(m.group("rest"))
        lab = split_label(rest)
        if lab:
            return _Raw(lab[0], lab[1], rest, no, ms)
    m = NAME_TS.match(s)
    ms = parse_clock(m.group("ts")) if m else None
    if m and ms is not None:
        label = " ".join(m.group("label").split())
        if label_role(label) is not None or is_name_like(label):
            rest = _plain(m.group("rest"))
            return _Raw(label, rest, f"{label}: {rest}", no, ms, sure=True)
    return None


def _timestamped_raws(lines: list[str]) -> list[_Raw]:
    raws: list[_Raw] = []
    for no, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        raw = _stamped(s, no)
        if raw is not None:
            raws.append(raw)
        elif raws and not _is_markup(s):
            _continue(raws, _plain(s))
    return raws


def read_timestamped(lines: list[str]) -> tuple[list[Segment], bool]:
    """Segments of a "[mm:ss] ..." transcript; the header before the first timestamp is skipped."""
    segments, unlabelled = _resolve(_timestamped_raws(lines), majority=True)
    fill_ends(segments)
    return segments, unlabelled


def looks_timestamped(lines: list[str]) -> bool:
    """At least 3 timestamped lines, being >= 25% of the non-blank lines."""
    stamped = 0
    nonblank = 0
    for no, line in enumerate(lines, 1):
        s = line.strip()
        if s:
            nonblank += 1
            stamped += _stamped(s, no) is not None
    return stamped >= 3 and stamped >= 0.25 * nonblank


# ---------------------------------------------------------------------------------------------
# otter


def _otter_header(s: str) -> tuple[str, int] | None:
    m = OTTER_HEADER.match(s)
    if not m:
        return None
    label = " ".join(m.group("label").split())
    ms = parse_clock(m.group("ts"))
    if ms is None or (label_role(label) is None and not is_name_like(label)):
        return None
    return label, ms


def read_otter(lines: list[str]) -> tuple[list[Segment], bool]:
    """Segments of an Otter.ai text export."""
    raws: list[_Raw] = []
    for no, line in enumerate(lines, 1):
        s = line.strip()
        if not s or OTTER_FOOTER.match(s):
            continue
        head = _otter_header(s)
        if head:
            raws.append(_Raw(head[0], "", "", no + 1, head[1], sure=True))
        elif raws:
            if not raws[-1].text:
                raws[-1].line = no
            _continue(raws, s)
    segments, unlabelled = _resolve(raws)
    fill_ends(segments)
    return segments, unlabelled


def looks_otter(lines: list[str]) -> bool:
    """At least 2 "Name  0:05" header lines each followed by text, being >= 15% of non-blank lines."""
    stripped = [ln.strip() for ln in lines]
    nonblank = [s for s in stripped if s]
    heads = 0
    for i, s in enumerate(nonblank):
        if _otter_header(s) and i + 1 < len(nonblank) and not _otter_header(nonblank[i + 1]):
            heads += 1
    return heads >= 2 and heads >= 0.15 * len(nonblank)
