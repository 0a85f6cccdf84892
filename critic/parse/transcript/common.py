"""Shared pieces of the transcript readers: raw segments, clock times, speaker labels.

Every reader (text, captions, DOCX) turns its format into `Segment`s in source order: who spoke
(the label as written, or None when the source has no label there), what was said, and when.
`critic.parse.transcript.reader` then merges them into turns, picks the candidate and groups answers.

Speaker labels ("Name: text") are easy to confuse with ordinary "Field: value" lines, so a label
counts as a speaker only when it is a role word (Interviewer, Candidate, Q/A, Me, ...) or a
name-shaped label used at least twice; field words (Skills, Email, Result, Plan ...) never are.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

UNLABELLED = "Speaker"  # the one speaker of a transcript without speaker labels
UNKNOWN = "Unknown speaker"  # speech before the first label in a labelled, timed transcript


@dataclass
class Segment:
    """One piece of speech as the source lays it out (a line, a cue, a paragraph)."""

    speaker: str | None
    text: str
    start_ms: int | None = None
    end_ms: int | None = None
    line: int | None = None


# ---------------------------------------------------------------------------------------------
# Lines and clock times

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Split on \\n, \\r\\n or \\r only (str.splitlines also breaks on form feeds and friends,
    which would shift line numbers away from what an editor shows)."""
    return _LINE_BREAK.split(text.lstrip("\ufeff"))


# h:mm:ss, mm:ss or m:ss with an optional .fff / ,fff fraction; minutes may exceed 59 without hours
CLOCK = r"(?:\d{1,2}:)?\d{1,3}:\d{1,2}(?:[.,]\d{1,3})?"
_CLOCK_PARTS = re.compile(r"^(?:(\d{1,2}):)?(\d{1,3}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_clock(value: str) -> int | None:
    """Milliseconds of "1:02:03", "02:03", "2:03.5" or "00:00:03,140"; None when not a valid time."""
    m = _CLOCK_PARTS.match(value.strip())
    if not m:
        return None
    hours, minutes, seconds, fraction = m.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    ms = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms


def clean_text(text: str) -> str:
    """Collapse whitespace; strip markup tags and decode HTML entities (captions)."""
    text = re.sub(r"<[^>\n]*>", "", text)
    return " ".join(html.unescape(text).split())


def assign_missing(segments: list[Segment]) -> bool:
    """Give every segment a speaker; True when the source had no speaker labels at all.

    Without any label, everything is UNLABELLED's. Otherwise a segment without a label continues
    the previous speaker (captions and speech recognisers split one turn into many pieces), and
    speech before the first label is UNKNOWN's.
    """
    if all(seg.speaker is None for seg in segments):
        for seg in segments:
            seg.speaker = UNLABELLED
        return True
    current = UNKNOWN
    for seg in segments:
        if seg.speaker is None:
            seg.speaker = current
        current = seg.speaker
    return False


def fill_ends(segments: list[Segment]) -> None:
    """Formats that give start times only: a segment ends where the next one starts.

    The last segment's end stays unknown (None) here.
    """
    for cur, nxt in zip(segments, segments[1:], strict=False):
        if cur.end_ms is None and cur.start_ms is not None and nxt.start_ms is not None:
            if nxt.start_ms >= cur.start_ms:
                cur.end_ms = nxt.start_ms


# ---------------------------------------------------------------------------------------------
# Speaker labels

# "Name: text", "**Name:** text", "Name (guest): text"; not "https://", not "10:30"
LABEL_LINE = re.compile(
    r"^\s*(?:\*\*|__)?(?P<label>[^\W\d_][^\W_]*(?:[ .'’\-]+[^\W_]+){0,5}\.?(?:\s*\([^()\n]{1,40}\))?)"
    r"(?:\*\*|__)?\s*:(?!//)(?:\*\*|__)?\s*(?P<rest>.*)$"
)

CANDIDATE_LABELS = frozenset({"candidate", "me", "a", "interviewee", "answer", "applicant", "respondent"})
INTERVIEWER_LABELS = frozenset({
    "interviewer", "q", "question", "recruiter", "hiring manager", "panelist", "panellist", "panel",
    "moderator", "host", "bar raiser",
})
_PAIRED = {"q": "a", "a": "q"}  # a bare "A:" is a label only next to "Q:" (and vice versa)

# first words of "Field: value" lines in resumes, notes and structured answers: never speakers
NOT_SPEAKERS = frozenset("""
    about action actions address after agenda alright also alternatives and approach assumption
    assumptions attendees avoid background bad baseline because before benefits best better bottom but
    certifications challenge challenges conclusion cons constraint constraints contact context cost
    costs criteria date dates decision decisions definition details do don't dont draft duration
    education email example examples experience fact false fax finally first flag github goal goals good
    great green hey hi how however impact instead interests key kill languages latency lessons link
    linkedin location main metric metrics mobile myth nb new next no not note notes objective objectives
    ok okay old option options outcome outcomes overview part phase phone plan plans portfolio problem
    profile pros ps re red result results right risk risks role rollback scope second situation skills
    so solution source stack stage star status step steps strong subject summary sure task tasks tech
    thanks then third time timeline tip tips title tl;dr tldr tools trade-off tradeoff true update url
    version weak website well what when where who why worse wrong yes
""".split())

_CONNECTORS = frozenset({"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "bin",
                         "binti", "al", "el", "y", "dos", "das"})
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’.\-]*,?|\d{1,3}|\([^()]{1,40}\))$")


def label_key(label: str) -> str:
    """A label without decoration, lower case: "Interviewer 2 (Dana)" -> "interviewer", "Q1" -> "q"."""
    key = re.sub(r"\s*\([^()]*\)\s*$", "", label).strip().lower().rstrip(".")
    key = re.sub(r"\s+\d{1,2}$", "", key)
    return re.sub(r"^([qa])\d{1,2}$", r"\1", key)


def label_role(label: str) -> str | None:
    """"candidate" / "interviewer" when the label names a role, else None."""
    key = label_key(label)
    if key in CANDIDATE_LABELS or key.endswith(" candidate"):
        return "candidate"
    if key in INTERVIEWER_LABELS or key.startswith("interviewer") or key.endswith(" interviewer"):
        return "interviewer"
    return None


def is_name_like(label: str) -> bool:
    """A person's display name: 1-6 tokens, none starting lower-case (connectors like "van", numbers
    and "(Guest)" aside), and not a field word such as "Skills" or "Result"."""
    tokens = label.split()
    if not 1 <= len(tokens) <= 6 or not tokens[0][:1].isalpha() or tokens[0][:1].islower():
        return False
    if label_key(label).split()[0] in NOT_SPEAKERS:
        return False
    for tok in tokens:
        if tok.lower() in _CONNECTORS:
            continue
        if not _NAME_TOKEN.match(tok):
            return False
        if tok[:1].islower():  # capitalised, or a script without case
            return False
    return True


def split_label(line: str) -> tuple[str, str] | None:
    """("Name", "rest") when the line starts with a label shaped like a speaker's, else None."""
    m = LABEL_LINE.match(line)
    if not m:
        return None
    label = " ".join(m.group("label").split())
    if label_role(label) is None and not is_name_like(label):
        return None
    numbered = re.fullmatch(r"(?i)(q|a|question|answer)\s*\d{1,2}", label)
    if numbered:  # "Q1:" / "A2:" / "Answer 3:" number the exchange, not the speaker
        label = numbered.group(1)
    return label, m.group("rest").strip()


def accepted_speakers(labels: Iterable[str]) -> set[str]:
    """Which of the labels found at line starts are speakers (see the module docstring)."""
    counts = Counter(labels)
    keys = {label_key(lbl) for lbl in counts}
    out: set[str] = set()
    for label, n in counts.items():
        key = label_key(label)
        if label_role(label) is not None:
            if key in _PAIRED and _PAIRED[key] not in keys:
                continue
            out.add(label)
        elif n >= 2 and is_name_like(label):
            out.add(label)
    return out
