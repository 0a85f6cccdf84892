"""From a simulated glance to what the recruiter saw and the verdict ADVANCE / MAYBE / REJECT.

The verdict rules (docs/screen-model.md, "Verdict"), checked in this order, every failing rule a reason:

REJECT when any of
  R1 current-role-unseen      the current role's header is missing or not reached in the glance;
  R2 no-ai-impact-on-page-1   no quantified AI impact anywhere on page 1 (seed 000: most applicants are
                              rejected at the screen for lacking quantified AI impact);
  R3 too-few-data-points      fewer than 3 of the six data points are seen.
MAYBE (at best) when any of
  M1 ai-impact-outside-glance a quantified AI impact is on page 1 but the glance does not reach it;
  M2 no-decision-ownership    no decision-ownership signal in the glance (seed 001: the screen looks
                              for decision ownership);
  M3 current-dates-unseen     the current role's dates are missing, incomplete or not reached;
  M6 current-role-incomplete  the current role is seen but shows no job title or no company;
  M4 name-unseen              no name at the top;
  M5 history-unseen           two or more of previous title/company, previous dates and education
                              are not seen;
  M7 targets-another-role     the current title and the line under the name read as another role
                              family than the one screened for (critic.screen.fit; AI product
                              manager unless --role or --jd says otherwise).
ADVANCE otherwise.

A data point counts as seen when the glance takes in its words and it is complete (a title with a
company, a start with an end).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from critic.model import Box
from critic.screen.fit import Fit
from critic.screen.locate import LABELS, Located, Target, union_box
from critic.screen.reading import Reading
from critic.screen.sheet import Sheet
from critic.screen.signals import AI_IMPACT, OWNERSHIP, Signal

VERDICTS = ("REJECT", "MAYBE", "ADVANCE")  # ascending
NO_VERDICT = "NO VERDICT"  # page 1 not in English or unreadable (critic.screen.core.page_one_note)
SEEN, BURIED, MISSING = "seen", "buried", "missing"
HISTORY = ("previous_role", "previous_dates", "education")

RULES: dict[str, tuple[str, str]] = {  # id -> (verdict it caps at, description)
    "current-role-unseen": ("REJECT", "the current role is missing or not reached in the glance"),
    "no-ai-impact-on-page-1": ("REJECT", "no quantified AI impact anywhere on page 1"),
    "too-few-data-points": ("REJECT", "fewer than 3 of the six data points are seen"),
    "ai-impact-outside-glance": ("MAYBE", "a quantified AI impact is on page 1 but outside the glance"),
    "no-decision-ownership": ("MAYBE", "no decision-ownership signal in the glance"),
    "current-dates-unseen": ("MAYBE", "the current role's dates are not seen"),
    "name-unseen": ("MAYBE", "no name seen at the top of page 1"),
    "history-unseen": ("MAYBE", "two or more of previous role, previous dates and education are not seen"),
    "current-role-incomplete": ("MAYBE", "the current role shows no job title or no company"),
    "targets-another-role": ("MAYBE", "the titles read as another role than the one screened for"),
}
MIN_SEEN = 3


@dataclass
class DataPoint:
    """One of the six data points as the glance met it."""

    key: str
    status: str  # seen | buried | missing
    complete: bool
    text: str
    page: int | None
    box: Box | None
    at: float | None  # seconds into the walk when it was read (also past the budget)
    note: str
    uids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == SEEN and self.complete

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "label": LABELS[self.key],
            "status": self.status,
            "complete": self.complete,
            "text": self.text,
            "page": self.page,
            "at": None if self.at is None else round(self.at, 2),
            "note": self.note,
        }
        if self.box is not None:
            d["box"] = self.box.to_dict()
        return d


@dataclass
class SignalStatus:
    """Whether the glance takes in a signal, and where the best one is when it does not."""

    kind: str
    in_glance: bool
    where: str  # glance | page-1 | page-N | none
    signal: Signal | None  # the one seen, else the earliest one elsewhere
    page: int | None = None
    at: float | None = None
    via: str = ""  # read | edge (taken in from a passed line's first words), for a signal in the glance
    item_text: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "in_glance": self.in_glance,
            "where": self.where,
            "text": self.signal.text if self.signal else None,
            "item": self.signal.unit if self.signal else None,
            "item_text": self.item_text,
            "via": self.via,
            "page": self.page,
            "at": None if self.at is None else round(self.at, 2),
        }


@dataclass
class Reason:
    """A failed verdict rule with the specifics of this resume."""

    rule: str
    caps: str  # the best verdict possible while this fails
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "caps": self.caps, "message": self.message}


@dataclass
class Judgement:
    verdict: str
    reasons: list[Reason]
    data_points: dict[str, DataPoint]
    ai_impact: SignalStatus
    ownership: SignalStatus

    @property
    def level(self) -> int:
        return VERDICTS.index(self.verdict)


def _words_at(reading: Reading, uid: int, words: int) -> float | None:
    """When the walk has taken in `words` words of line uid (any time), None when it never does."""
    for ev in reading.events:
        if ev.uid == uid and ev.mode == "read":
            if ev.words == 0:
                return ev.end
            lead = (ev.end - ev.start) - ev.words / reading.words_per_second
            return ev.start + lead + min(words, ev.words) / reading.words_per_second
    return None


def data_point(target: Target, sheet: Sheet, reading: Reading) -> DataPoint:
    lines = sheet.by_uid()
    boxes = [lines[u].box for u in target.uids if u in lines and lines[u].box is not None]
    box = union_box([b for b in boxes if b is not None])
    if not target.found:
        return DataPoint(target.key, MISSING, False, "", None, None, None, target.note)
    if not target.lines:
        where = f"on page {target.page}" if target.page else "not shown on a page critic could map"
        return DataPoint(target.key, BURIED, target.complete, target.text, target.page, None, None,
                         _join(target.note, where))
    page = lines[target.uids[0]].page if target.uids[0] in lines else target.page
    if page != 1:
        return DataPoint(target.key, BURIED, target.complete, target.text, page, box, None,
                         _join(target.note, f"on page {page}: the glance covers page 1 only"))
    seen = all(reading.read_words.get(uid, 0) >= need for uid, need in target.lines)
    times = [_words_at(reading, uid, need) for uid, need in target.lines]
    at = None if any(t is None for t in times) else max(t for t in times if t is not None)
    if seen:
        return DataPoint(target.key, SEEN, target.complete, target.text, page, box, at, target.note)
    side = any(lines[u].region == "side" for u in target.uids if u in lines)
    where = f"reached at {at:.1f} s, after the {reading.seconds:g} s glance" if at is not None else "not reached"
    if side:
        where += ", in the side column (scanned after the main one)"
    return DataPoint(target.key, BURIED, target.complete, target.text, page, box, at, _join(target.note, where))


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def signal_status(kind: str, signals: dict[str, list[Signal]], sheet: Sheet, reading: Reading,
                  unit_first_line: dict[str, int]) -> SignalStatus:
    """In the glance, or else the best place it is (earliest page-1 time, then page order)."""
    lines = sheet.by_uid()
    candidates: list[tuple[tuple[float, int, int], Signal, int | None, float | None, bool]] = []
    for unit_id, sigs in signals.items():
        for sig in sigs:
            if sig.kind != kind:
                continue
            unit_lines = [ln for ln in sheet.lines if ln.unit == unit_id]
            if not unit_lines:
                continue
            page = unit_lines[0].page
            need_line = next((ln for ln in unit_lines if ln.unit_offset + ln.words >= sig.word_end), unit_lines[-1])
            seen_words = 0
            for ln in unit_lines:  # contiguous prefix of the unit taken in within the budget
                got = reading.read_words.get(ln.uid, 0)
                seen_words = ln.unit_offset + got
                if got < ln.words:
                    break
            in_glance = page == 1 and seen_words >= sig.word_end
            at = None
            via = ""
            if page == 1:
                at = _words_at(reading, need_line.uid, sig.word_end - need_line.unit_offset)
                edge = next((ev for ev in reading.events if ev.uid == need_line.uid and ev.mode == "edge"
                             and ev.start < reading.seconds), None)
                if in_glance and edge is not None and (at is None or at > reading.seconds):
                    at, via = edge.end, "edge"
                elif in_glance:
                    via = "read"
            order = (0.0 if in_glance else 1.0, page, int((at or 0) * 1000) if page == 1 else unit_first_line.get(unit_id, 0))
            candidates.append((order, sig, page, at, in_glance, via))
    if not candidates:
        return SignalStatus(kind, False, "none", None)
    candidates.sort(key=lambda c: (c[0], c[1].unit, c[1].start))
    _, sig, page, at, in_glance, via = candidates[0]
    where = "glance" if in_glance else f"page-{page}"
    unit = sheet.units.get(sig.unit)
    del lines
    return SignalStatus(kind, in_glance, where, sig, page, at, via, _short(unit.text, 90) if unit else "")


def judge(located: Located, sheet: Sheet, reading: Reading, signals: dict[str, list[Signal]],
          fit: Fit | None = None) -> Judgement:
    """Data points, signal statuses and the verdict with its reasons."""
    points = {key: data_point(t, sheet, reading) for key, t in located.targets.items()}
    first_line = {}
    for ln in sheet.lines:
        if ln.unit is not None and ln.unit not in first_line:
            first_line[ln.unit] = ln.uid
    ai = signal_status(AI_IMPACT, signals, sheet, reading, first_line)
    own = signal_status(OWNERSHIP, signals, sheet, reading, first_line)
    single = located.current is not None and located.previous is None
    reasons = verdict_reasons(points, ai, own, reading.seconds, single_role=single, fit=fit)
    verdict = min((VERDICTS.index(r.caps) for r in reasons), default=2)
    return Judgement(VERDICTS[verdict], reasons, points, ai, own)


def _describe(p: DataPoint) -> str:
    if p.status == MISSING:
        return p.note or "missing"
    if not p.complete:
        return p.note or "incomplete"
    return p.note or p.status


def verdict_reasons(points: dict[str, DataPoint], ai: SignalStatus, own: SignalStatus,
                    seconds: float, single_role: bool = False, fit: Fit | None = None) -> list[Reason]:
    """Every failing verdict rule, in rule order, with a message specific to this resume."""
    reasons: list[Reason] = []

    def fail(rule: str, message: str) -> None:
        reasons.append(Reason(rule, RULES[rule][0], message))

    cur = points["current_role"]
    if cur.status != SEEN:
        fail("current-role-unseen", f"Current title and company not seen in {seconds:g} s: {_describe(cur)}.")
    if ai.where not in ("glance", "page-1"):
        if ai.signal is None:
            fail("no-ai-impact-on-page-1", "No quantified AI impact anywhere: no item ties a measure to an AI "
                 "term (cost, latency, error rate, model quality ...).")
        else:
            fail("no-ai-impact-on-page-1", f"The only quantified AI impact is on page {ai.page} "
                 f"(\"{_short(ai.signal.text)}\"), where a {seconds:g} s screen never looks.")
    seen = sum(1 for p in points.values() if p.ok)
    if seen < MIN_SEEN:
        fail("too-few-data-points", f"Only {seen} of the six data points seen.")
    if ai.where == "page-1":
        at = f" (reached at {ai.at:.1f} s)" if ai.at is not None else ""
        fail("ai-impact-outside-glance", f"A quantified AI impact is on page 1 but outside the {seconds:g} s "
             f"glance{at}: \"{_short(ai.signal.text if ai.signal else '')}\".")
    if not own.in_glance:
        where = f" (the nearest is on page {own.page})" if own.signal is not None else ""
        fail("no-decision-ownership", f"No decision-ownership signal in the glance{where}: nothing says what "
             "you decided, traded off or killed.")
    dates = points["current_dates"]
    if not dates.ok and cur.status != MISSING:
        fail("current-dates-unseen", f"Current role dates not seen: {_describe(dates)}.")
    if not points["name"].ok:
        fail("name-unseen", f"Name not seen: {_describe(points['name'])}.")
    if cur.status == SEEN and not cur.complete:
        fail("current-role-incomplete", f"Current role seen but incomplete: {_describe(cur)}.")
    hist = [k for k in HISTORY if not points[k].ok]
    if single_role and "previous_dates" in hist:
        hist.remove("previous_dates")  # one role listed: its missing predecessor counts once
    if len(hist) >= 2:
        parts = ", ".join(f"{LABELS[k].lower()} ({_describe(points[k])})" for k in hist)
        fail("history-unseen", f"Not seen: {parts}.")
    if fit is not None and fit.other_role:
        fail("targets-another-role", f"The titles read as {fit.reads_as} (\"{_short(fit.evidence, 50)}\"), not the "
             f"{fit.role} role screened for: a recruiter would route it to another opening, not advance it.")
    return reasons


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
