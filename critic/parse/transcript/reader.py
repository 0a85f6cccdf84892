"""Interview transcripts in every common format -> turns, the candidate, and answers.

Formats, detected from content (`sniff_text`, `sniff_docx`):
  qa-text           "Q:"/"A:", "Interviewer:"/"Candidate:" or "Name:" speaker lines (.txt, .md)
  timestamped-text  "[mm:ss]" / "[hh:mm:ss]" prefixed lines, with or without "Name:" labels
  vtt               WebVTT: Zoom "Name: text" cues, Teams "<v Name>" voice spans
  srt               SubRip
  otter             Otter.ai text export ("Name  0:05" header, then the text)
  teams-docx        Microsoft Teams transcript download
  meet-docx         Google Meet transcript document (an AI summary part is not speech)
  speech-text       pasted speech with neither labels nor times (questions put to someone, spoken words)
Whisper "[mm:ss.mmm --> mm:ss.mmm]" lines and diarised Markdown ("### 00:01:05 · Speaker 1") read as
timestamped-text. Prep notes and question banks ("prep-notes") are refused: not a transcript, not a resume.
The readers live in transcript.text, transcript.captions and transcript.docx; this module turns
their segments into the document model:

- Turns: consecutive segments of one speaker merge into one turn. Times are milliseconds;
  formats with start times only end a turn where the next starts, and the very last line's end
  is estimated from the transcript's own pace (with a warning); other unknown times stay None.
- The candidate: `candidate=NAME` (exact, or a unique first/last name), else a role label
  (Candidate, Interviewee, Me, A), else the speaker with the most words among speakers not
  labelled as interviewers. Everyone else is an interviewer. The reason is recorded.
- No speaker labels at all (a speech recogniser's output): `transcript.turns` tells an interview
  from a one-presenter monologue and from one person's practice answer. An interview is split into
  interviewer and candidate turns from content and timing (with a warning that the turns were
  inferred); a monologue gets no answers (its own questions are rhetorical); when it cannot tell,
  answer-level verdicts are withheld. A practice answer, or anything with `--candidate transcript`,
  is read as one answer by one speaker ("Speaker").
- Generic labels (Speaker 1/2): the speaker who asks is the interviewer even when they talk most;
  `--interviewer NAME` names them outright.
- Answers: the candidate's consecutive turns, under the interviewer turns before them (the
  question, joined; None when the candidate speaks first). A short interviewer acknowledgement
  between two candidate turns ("Okay.", "Mm-hmm, go on") does not split the answer.
"""

from __future__ import annotations

import re
from typing import Any

from critic.errors import InputError
from critic.model import Document, Item, Section, Turn
from critic.parse.transcript.captions import read_srt, read_vtt
from critic.parse.transcript.common import (
    UNKNOWN,
    UNLABELLED,
    Segment,
    assign_missing,
    label_role,
    split_lines,
)
from critic.parse.transcript.docx import looks_meet, looks_teams, read_meet, read_teams
from critic.parse.transcript.text import (
    looks_otter,
    looks_qa,
    looks_timestamped,
    read_otter,
    read_qa,
    read_timestamped,
)
from critic.parse.transcript.turns import CANDIDATE as CANDIDATE_ROLE
from critic.parse.transcript.turns import INTERVIEWER as INTERVIEWER_ROLE
from critic.parse.transcript.turns import (
    continues_answer,
    interviewer_of,
    kind_of_talk,
    mend_cut_turns,
    plain_speech,
    prep_notes,
    split_turns,
)

TEXT_FORMATS = ("qa-text", "timestamped-text", "vtt", "srt", "otter", "speech-text")
DOCX_FORMATS = ("teams-docx", "meet-docx")
SECTION_TITLE = "Interview answers"
WHOLE = "transcript"  # --candidate transcript: review all the speech as one practice answer

_SRT_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-[ -]?>\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}")
_CLOSE_CALL = 0.8  # runner-up with >= 80% of the candidate's words: say how to override


# ---------------------------------------------------------------------------------------------
# Detection


def sniff_text(text: str) -> str | None:
    """Transcript format of a decoded text file, or None if it isn't a transcript.

    'vtt' (WEBVTT header), 'srt' (a cue number and an SRT timing line first), 'timestamped-text'
    (>= 3 "[mm:ss]" lines), 'otter' (>= 2 "Name  0:05" headers), 'qa-text' (Q:/A:,
    Interviewer:/Candidate: or "Name:" speaker lines). Resume lines such as "Skills: Python" or
    "Email: x@y" are never speaker labels, and several speaker turns are required.
    """
    lines = split_lines(text)
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    if not nonblank:
        return None
    if nonblank[0].startswith("WEBVTT"):
        return "vtt"
    if _SRT_TIMING.match(nonblank[0]) or (
        # a cue number then a timing line, even a broken one: parsing then names the fault
        nonblank[0].isdigit() and len(nonblank) > 1 and "-->" in nonblank[1] and nonblank[1][:1].isdigit()
    ):
        return "srt"
    if looks_timestamped(lines):
        return "timestamped-text"
    if looks_otter(lines):
        return "otter"
    if looks_qa(lines):
        return "qa-text"
    if prep_notes(lines):
        return "prep-notes"
    if plain_speech(lines):
        return "speech-text"
    return None


def sniff_docx(document: Any) -> str | None:
    """'teams-docx' or 'meet-docx' for a python-docx Document holding a transcript, else None."""
    if looks_teams(document):
        return "teams-docx"
    if looks_meet(document):
        return "meet-docx"
    return None


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_transcript_text(text: str, fmt: str, doc: Document, *, candidate: str | None = None,
                          interviewer: str | None = None) -> None:
    """Fill `doc` (turns, candidate, one "interview" section of answers) from a text transcript."""
    notes: list[str] = []
    if fmt == "vtt":
        segments, notes = read_vtt(text, doc.source)
        unlabelled = assign_missing(segments)
    elif fmt == "srt":
        segments, notes = read_srt(text, doc.source)
        unlabelled = assign_missing(segments)
    elif fmt == "timestamped-text":
        segments, unlabelled = read_timestamped(split_lines(text))
    elif fmt == "otter":
        segments, unlabelled = read_otter(split_lines(text))
        mend_cut_turns(segments)
    elif fmt == "qa-text":
        segments, unlabelled = read_qa(split_lines(text))
    elif fmt == "prep-notes":
        raise InputError(doc.source, prep_notes(split_lines(text)) or "not a transcript and not a resume")
    elif fmt == "speech-text":
        segments = [Segment(None, " ".join(ln.split()), line=no) for no, ln in enumerate(split_lines(text), 1)
                    if ln.strip() and not ln.lstrip().startswith("#")]
        unlabelled = assign_missing(segments)
    else:
        raise ValueError(f"not a text transcript format: {fmt!r}")
    _build(doc, fmt, segments, unlabelled, notes, candidate, interviewer)


def parse_transcript_docx(document: Any, fmt: str, doc: Document, *, candidate: str | None = None,
                          interviewer: str | None = None) -> None:
    """Fill `doc` from a Teams or Meet .docx transcript (a python-docx Document)."""
    notes: list[str] = []
    if fmt == "teams-docx":
        segments = read_teams(document)
    elif fmt == "meet-docx":
        segments, skipped = read_meet(document)
        if skipped:
            notes.append(f"{skipped} paragraph(s) in the transcript without a speaker name were skipped")
    else:
        raise ValueError(f"not a .docx transcript format: {fmt!r}")
    _build(doc, fmt, segments, assign_missing(segments), notes, candidate, interviewer)


def _build(doc: Document, fmt: str, segments: list[Segment], unlabelled: bool, notes: list[str],
           candidate: str | None, interviewer: str | None = None) -> None:
    doc.kind = "transcript"
    doc.format = fmt
    segments = [s for s in segments if s.text.strip()]
    if not segments:
        raise InputError(doc.source, "empty transcript: no speech found")
    whole = candidate is not None and candidate.strip().lower() == WHOLE
    withheld = ""
    inferred = False
    if unlabelled and not whole:
        talk = kind_of_talk(segments)
        if talk == "interview":
            split = split_turns(segments)
            if {s.speaker for s in split} == {INTERVIEWER_ROLE, CANDIDATE_ROLE}:
                segments, unlabelled, inferred = split, False, True
                candidate = interviewer = None
                doc.warn("no speaker labels: the interviewer's and the candidate's turns were inferred from "
                         "content and timing (questions addressed to the other person, pauses); label the "
                         "turns to be sure")
            else:
                talk = "unsure"
        if talk == "monologue":
            withheld = ("one presenter throughout (their own questions, answered by themselves): this is a "
                        "monologue, not an interview, so no answers are made up or reviewed; pass "
                        f"--candidate {WHOLE} to review it as one practice answer")
        elif talk == "unsure":
            withheld = ("no speaker labels, and who asks and who answers cannot be told apart with confidence: "
                        "answer-level verdicts are withheld; label the turns (e.g. 'Interviewer:' / "
                        f"'Candidate:'), or pass --candidate {WHOLE} to review everything as one answer")
    for note in notes:
        doc.warn(note)
    rate = _estimate_last_end(segments)
    if rate is not None:
        doc.warn(f"the last line has no end time; it was estimated from the transcript's own pace "
                 f"({rate:.0f} words a minute)")
    turns = _merge(segments)
    name, reason = _choose_candidate(turns, unlabelled, None if whole else candidate, doc, interviewer)
    if whole and unlabelled:
        reason = f"--candidate {WHOLE}: all the speech read as one practice answer"
    elif inferred:
        reason = "no speaker labels: the one answering the interviewer's questions (turns inferred from content)"
    for turn in turns:
        turn.role = "candidate" if turn.speaker == name else "interviewer"
    doc.turns = turns
    doc.candidate = name
    doc.candidate_reason = reason
    if name not in (UNLABELLED, UNKNOWN) and label_role(name) is None:
        doc.name = name
    if withheld:
        doc.warn(withheld)
    elif unlabelled:
        doc.warn("no speaker labels: all the speech is read as one practice answer (--candidate "
                 f"{WHOLE}); label the turns (e.g. 'Interviewer:' / 'Candidate:') to review answer by answer")
    unknown = sum(1 for s in segments if s.speaker == UNKNOWN)
    if unknown:
        doc.warn(f"{unknown} line(s) before the first speaker label were attributed to '{UNKNOWN}'")
    items = [] if withheld else _answers(turns)
    doc.sections = [Section(kind="interview", title=SECTION_TITLE, items=items)]


def _estimate_last_end(segments: list[Segment]) -> float | None:
    """Start-time-only formats leave the last segment's end unknown; estimate it from the pace of
    the segments whose duration is known. Returns that pace (words a minute) when it estimated."""
    last = segments[-1]
    if last.start_ms is None or last.end_ms is not None:
        return None
    words = ms = 0
    for seg in segments[:-1]:
        if seg.start_ms is not None and seg.end_ms is not None and seg.end_ms > seg.start_ms:
            words += len(seg.text.split())
            ms += seg.end_ms - seg.start_ms
    if not words:
        return None
    last.end_ms = last.start_ms + round(len(last.text.split()) * ms / words)
    return words * 60000 / ms


def _merge(segments: list[Segment]) -> list[Turn]:
    """One turn per run of segments by the same speaker."""
    groups: list[list[Segment]] = []
    for seg in segments:
        if groups and groups[-1][0].speaker == seg.speaker:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    turns: list[Turn] = []
    for group in groups:
        ends = [s.end_ms for s in group]
        turns.append(Turn(
            speaker=group[0].speaker or UNLABELLED,
            role="interviewer",
            text=" ".join(" ".join(s.text.split()) for s in group),
            start_ms=group[0].start_ms,
            end_ms=max(e for e in ends if e is not None) if all(e is not None for e in ends) else None,
            line=group[0].line,
        ))
    return turns


def _words(turns: list[Turn]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in turns:
        out[t.speaker] = out.get(t.speaker, 0) + len(t.text.split())
    return out


def _choose_candidate(turns: list[Turn], unlabelled: bool, wanted: str | None,
                      doc: Document, interviewer: str | None = None) -> tuple[str, str]:
    words = _words(turns)  # insertion order = order of first appearance
    speakers = list(words)
    if wanted is not None and wanted.strip():
        found = _match_speaker(wanted, speakers, doc.source)
        if found is None:
            hint = "the transcript has no speaker labels" if unlabelled else f"speakers: {', '.join(speakers)}"
            raise InputError(doc.source, f"no candidate found: no speaker named '{wanted.strip()}' ({hint})")
        return found, f"--candidate {wanted.strip()}"
    if unlabelled:
        return UNLABELLED, "no speaker labels: one speaker assumed"
    asking = None
    if interviewer is not None and interviewer.strip():
        asking = _match_speaker(interviewer, speakers, doc.source)
        if asking is None:
            raise InputError(doc.source, f"no interviewer found: no speaker named '{interviewer.strip()}' "
                                         f"(speakers: {', '.join(speakers)})")
    labelled = [s for s in speakers if label_role(s) == "candidate" and s != asking]
    if labelled:
        best = max(labelled, key=lambda s: (words[s], -speakers.index(s)))
        return best, f"labelled '{best}'"
    if asking is None and not any(label_role(s) for s in speakers):
        # the one who asks is the interviewer even when they talk the most
        asking = interviewer_of([Segment(t.speaker, t.text) for t in turns])
        most = max(speakers, key=lambda s: (words[s], -speakers.index(s)))
        others = [s for s in speakers if s not in (asking, UNKNOWN)]
        if asking is not None and asking == most and others:
            best = max(others, key=lambda s: (words[s], -speakers.index(s)))
            return best, f"'{asking}' asks the questions though they speak the most"
        asking = None
    if asking is not None:
        others = [s for s in speakers if s not in (asking, UNKNOWN)]
        if not others:
            raise InputError(doc.source, f"no candidate found: '{asking}' is the only speaker")
        best = max(others, key=lambda s: (words[s], -speakers.index(s)))
        return best, f"--interviewer {interviewer.strip() if interviewer else asking}"
    pool = [s for s in speakers if label_role(s) is None and s != UNKNOWN]
    if not pool:
        raise InputError(doc.source, "no candidate found: every speaker is labelled as an interviewer "
                                     f"({', '.join(speakers)}); pass --candidate SPEAKER")
    # a tie goes to the speaker who spoke later: interviews usually open with the interviewer
    ranked = sorted(pool, key=lambda s: (-words[s], -speakers.index(s)))
    best = ranked[0]
    if len(pool) == 1 and len(speakers) > 1:
        return best, "the only speaker not labelled as interviewer"
    if len(ranked) > 1 and words[ranked[1]] >= _CLOSE_CALL * words[best]:
        doc.warn(f"'{best}' ({words[best]:,} words) and '{ranked[1]}' ({words[ranked[1]]:,} words) spoke "
                 f"about as much; '{best}' was taken as the candidate — pass --candidate SPEAKER or --interviewer "
                 "SPEAKER if wrong")
    return best, f"most words ({words[best]:,} of {sum(words.values()):,})"


def _match_speaker(wanted: str, speakers: list[str], source: str) -> str | None:
    """The speaker called `wanted`: exact (any case), else the one whose first or last name it is."""
    want = " ".join(wanted.split()).casefold()
    for s in speakers:
        if s.casefold() == want:
            return s
    partial = [s for s in speakers if want in s.casefold().split() or s.casefold().startswith(want + " ")]
    if len(partial) > 1:
        raise InputError(source, f"--candidate '{wanted.strip()}' matches several speakers: "
                                 f"{', '.join(partial)}")
    return partial[0] if partial else None


def _answers(turns: list[Turn]) -> list[Item]:
    """The candidate's consecutive turns, each group under the interviewer turns before it."""
    items: list[Item] = []
    question: list[str] = []
    group: list[Turn] = []
    asked: str | None = None

    def close() -> None:
        if group:
            items.append(Item(
                id=f"answer-{len(items) + 1}",
                kind="answer",
                text=" ".join(t.text for t in group),
                section=SECTION_TITLE,
                section_kind="interview",
                line=group[0].line,
                question=asked,
                start_ms=group[0].start_ms,
                end_ms=group[-1].end_ms,
            ))
            group.clear()

    for i, turn in enumerate(turns):
        if turn.role == "candidate":
            if not group:
                asked = " ".join(question) or None
                question = []
            group.append(turn)
            continue
        following = turns[i + 1] if i + 1 < len(turns) else None
        if (group and following is not None and following.role == "candidate"
                and continues_answer(turn.text, group[-1].text)):
            continue
        close()
        question.append(turn.text)
    close()
    return items
