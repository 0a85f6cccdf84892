"""One resume through the screen: sheet -> data points -> signals -> glance -> verdict -> edits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from critic.model import Document
from critic.screen.case import evaluate, prepare
from critic.screen.edits import suggest_edits
from critic.screen.fit import DEFAULT_ROLE, Fit
from critic.screen.locate import DATA_POINTS
from critic.screen.reading import READ, Reading, ReadingModel
from critic.screen.sheet import Sheet
from critic.screen.verdict import NO_VERDICT, Judgement

SCHEMA_VERSION = "1"


@dataclass
class GlanceSegment:
    """A piece of text the eye took in, in the order it did."""

    start: float
    end: float
    page: int
    mode: str  # read | edge
    text: str
    role: str
    uid: int
    complete: bool  # the whole line was taken in

    def to_dict(self) -> dict[str, Any]:
        return {"start": round(self.start, 2), "end": round(self.end, 2), "mode": self.mode, "role": self.role,
                "text": self.text, "whole_line": self.complete}


@dataclass
class ScreenResult:
    """The screen of one resume."""

    source: str
    model: ReadingModel
    sheet: Sheet
    reading: Reading
    judgement: Judgement
    segments: list[GlanceSegment]
    edits: list[Any] = field(default_factory=list)  # critic.screen.edits.Edit
    jd: Any = None  # critic.screen.jd.Coverage
    critique_score: float | None = None
    warnings: list[str] = field(default_factory=list)
    page_count: int | None = None
    format: str = ""
    note: str = ""  # why there is no verdict (page 1 not in English, or unreadable)
    fit: Fit | None = None  # the titles against the role screened for

    @property
    def verdict(self) -> str:
        return NO_VERDICT if self.note else self.judgement.verdict

    @property
    def glance_text(self) -> str:
        return " ".join(s.text for s in self.segments if s.mode == READ and s.text)

    @property
    def seen_count(self) -> int:
        return sum(1 for p in self.judgement.data_points.values() if p.ok)

    def to_dict(self) -> dict[str, Any]:
        j = self.judgement
        hunt = self.reading.hunt_done
        d: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "format": self.format,
            "verdict": self.verdict,
            "note": self.note,
            "reasons": [] if self.note else [r.to_dict() for r in j.reasons],
            "edits": [e.to_dict() for e in self.edits],
            "data_points": {key: j.data_points[key].to_dict() for key, _ in DATA_POINTS},
            "data_points_seen": self.seen_count,
            "glance_text": self.glance_text,
            "glance": [s.to_dict() for s in self.segments],
            "signals": {"quantified_ai_impact": j.ai_impact.to_dict(), "decision_ownership": j.ownership.to_dict()},
            "target_role": self.fit.to_dict() if self.fit is not None else None,
            "reading_model": {
                **self.model.to_dict(),
                "layout": "simulated" if self.sheet.simulated else "pdf",
                "columns": self.sheet.columns,
                "data_points_done_at": None if hunt is None else round(hunt, 2),
            },
            "critique_score": None if self.critique_score is None else round(self.critique_score, 1),
            "warnings": list(self.warnings),
        }
        if self.jd is not None:
            d["jd"] = self.jd.to_dict()
        return d


def segments(sheet: Sheet, reading: Reading) -> list[GlanceSegment]:
    """The glance as text pieces in time order (only what happened within the budget)."""
    lines = sheet.by_uid()
    out: list[GlanceSegment] = []
    for ev, words in reading.within():
        ln = lines[ev.uid]
        if words <= 0:
            continue
        tokens = ln.text.split()
        # keep punctuation-only tokens that sit between counted words
        taken, count = [], 0
        for tok in tokens:
            if count >= words:
                break
            taken.append(tok)
            if any(c.isalnum() for c in tok):
                count += 1
        text = " ".join(taken)
        end = min(ev.end, reading.seconds)
        out.append(GlanceSegment(ev.start, end, ln.page, ev.mode, text, ln.role, ln.uid, words >= ln.words))
    return out


def screen_document(doc: Document, model: ReadingModel | None = None, *, spacy_model: str | None = None,
                    suggest: bool = True, target_role: str = DEFAULT_ROLE) -> ScreenResult:
    """Screen one parsed resume for a target role: the glance, the six data points, the signals, the
    verdict and edits."""
    model = model or ReadingModel()
    case = prepare(doc, spacy_model=spacy_model, target_role=target_role)
    reading, judgement = evaluate(case, model)
    warnings = list(doc.warnings)
    if doc.kind == "transcript":
        warnings.append("this is an interview transcript, not a resume: the screen expects a resume")
    if case.sheet.simulated:
        warnings.append(f"{doc.format} has no page layout: page 1 is simulated from reading order "
                        "(see docs/screen-model.md)")
    result = ScreenResult(
        source=doc.source, model=model, sheet=case.sheet, reading=reading, judgement=judgement,
        segments=segments(case.sheet, reading), warnings=warnings, page_count=doc.page_count, format=doc.format,
    )
    result.fit = case.fit
    result.note = page_one_note(case.sheet)
    if suggest and not result.note:
        result.edits = suggest_edits(case, model, judgement)
    return result


_ENGLISH = frozenset("the and of to in for with a an on at by from as our my is was were are i we".split())
MIN_LETTERS = 40  # fewer letters than this on page 1: nothing a recruiter could read
MIN_LATIN = 0.6  # share of page-1 letters in the Latin script
MIN_ENGLISH = 0.015  # share of page-1 words that are common English function words
MIN_WORDS = 60  # the function-word check needs this many words


def page_one_note(sheet: Sheet) -> str:
    """Why page 1 cannot be screened (not English, or no readable text), or "" when it can."""
    text = " ".join(ln.text for ln in sheet.lines if ln.page == 1)
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return "page 1 has no readable text (a scanned image, or text critic could not extract): no verdict"
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    if latin / len(letters) < MIN_LATIN:
        return "page 1 is not in English: the screen reads English resumes, so it gives no verdict"
    words = [w.strip(".,;:()").lower() for w in text.split()]
    words = [w for w in words if w.isalpha()]
    if len(words) >= MIN_WORDS and sum(1 for w in words if w in _ENGLISH) / len(words) < MIN_ENGLISH:
        return "page 1 does not read as English: the screen reads English resumes, so it gives no verdict"
    return ""
