"""Item and document scores (0-100) from a versioned formula; see docs/scoring.md.

Formula version 2 scores a resume as a committee reads it (:func:`resume_score`): measured results, the
candidate's own decisions and AI work in the roles that count most, what is missing across the whole
document, and fit with a product role. Transcripts keep version 1's answer mean. Version 1:

- a finding costs ``weight(severity) x confidence``; item weights: error 0.45, warning 0.25, info 0.08;
- item score = 100 x product over its findings of (1 - cost), so each further finding takes a share of
  what is left and a score never goes below 0;
- judged items are bullets, summary sentences and interview answers, plus any other item a rule flagged;
- document score = mean item score over judged items x product over document-level findings of
  (1 - document cost), document weights: error 0.15, warning 0.10, info 0.03;
- an edit's gain = how much the document score rises if that item's findings were all fixed;
  "Top 3 edits" are the three rewrites with the largest gain (ties: reading order).

Scores are kept unrounded for ordering and rounded half-up only for display.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from critic.findings import Finding

SCORE_VERSION = "2"
ITEM_WEIGHTS: Mapping[str, float] = {"error": 0.45, "warning": 0.25, "info": 0.08}
DOCUMENT_WEIGHTS: Mapping[str, float] = {"error": 0.15, "warning": 0.10, "info": 0.03}
JUDGED_KINDS = ("bullet", "summary", "answer")
TOP_EDITS = 3


def _cost(finding: Finding, weights: Mapping[str, float]) -> float:
    confidence = min(1.0, max(0.0, float(finding.confidence)))
    return weights.get(finding.severity, 0.0) * confidence


def item_score(findings: Iterable[Finding]) -> float:
    """Unrounded 0-100 score of one item from its findings (100 = nothing found)."""
    score = 100.0
    for f in findings:
        score *= 1.0 - _cost(f, ITEM_WEIGHTS)
    return score


def document_factor(document_findings: Iterable[Finding]) -> float:
    """Multiplier (0-1] that document-level findings apply to the mean item score."""
    factor = 1.0
    for f in document_findings:
        factor *= 1.0 - _cost(f, DOCUMENT_WEIGHTS)
    return factor


def document_score(item_scores: Sequence[float], document_findings: Iterable[Finding]) -> float:
    """Unrounded 0-100 document score: mean judged-item score times the document-level factor."""
    mean = sum(item_scores) / len(item_scores) if item_scores else 100.0
    return mean * document_factor(document_findings)


def display(score: float | None) -> int | None:
    """Round a score half-up to an integer for display (None: no score)."""
    return None if score is None else int(math.floor(score + 0.5))


def is_judged(kind: str, findings: Sequence[Finding]) -> bool:
    """Whether an item counts towards the document score."""
    return kind in JUDGED_KINDS or bool(findings)


@dataclass(frozen=True)
class Scores:
    """Scores for one document."""

    items: dict[str, float]  # judged item id -> unrounded item score
    document: float | None  # unrounded; None when nothing was judged
    gains: dict[str, float]  # judged item id -> document-score gain if its findings were fixed
    version: str = SCORE_VERSION

    @property
    def judged(self) -> int:
        return len(self.items)


def score_document(
    items: Sequence[tuple[str, str, Sequence[Finding]]],
    document_findings: Sequence[Finding],
) -> Scores:
    """Score a document from (item id, item kind, findings) triples in reading order."""
    scores: dict[str, float] = {}
    for item_id, kind, findings in items:
        if is_judged(kind, findings):
            scores[item_id] = item_score(findings)
    factor = document_factor(document_findings)
    total = document_score(list(scores.values()), document_findings)
    n = len(scores)
    gains = {item_id: (100.0 - s) / n * factor for item_id, s in scores.items()} if n else {}
    return Scores(items=scores, document=total, gains=gains)


def top_edits(scores: Scores, order: Sequence[str], candidates: Iterable[str], k: int = TOP_EDITS) -> list[str]:
    """The k item ids among candidates (items with a rewrite) with the largest gain; ties keep reading order."""
    position = {item_id: i for i, item_id in enumerate(order)}
    pool = [c for c in set(candidates) if scores.gains.get(c, 0.0) > 0.0]
    pool.sort(key=lambda c: (-round(scores.gains[c], 9), position.get(c, len(position)), c))
    return pool[:k]


# ---------------------------------------------------------------------------------------------------------
# version 2: a resume as a committee reads it

BANDS = ((70, "strong"), (45, "competitive"), (25, "needs work"), (0, "weak"))
FULL_DEPTH_ITEMS = 6  # fewer judged role items than this scale the score down (a thin resume is not strong)
_PRODUCT_TITLE = re.compile(r"\b(product|pm|apm|gpm|product owner)\b", re.I)


@dataclass(frozen=True)
class RoleItem:
    """What the resume formula reads of one judged role item."""

    role_index: int  # 0 = the first role in reading order
    relevant: bool
    ai: bool
    measured: bool  # no missing-quantification finding
    own: bool  # no black-box-language finding
    product: bool = False  # product work the candidate owned (strategy, roadmap, requirements, launch, users)


@dataclass(frozen=True)
class ResumeScore:
    """A resume's score with its parts and the reasons behind it."""

    score: float | None
    band: str | None
    reasons: tuple[str, ...]
    parts: Mapping[str, float]


def band(score: float | None) -> str | None:
    """The score's band name."""
    if score is None:
        return None
    return next(name for floor, name in BANDS if score >= floor)


def resume_score(items: Sequence[RoleItem], *, titles: Sequence[str], trade_off: bool, kill_criteria: bool
                 ) -> ResumeScore:
    """Score v2 of a resume from its judged role items (achievements and scope lines read whole).

    - evidence (0-36): recency-weighted share of items that are measured (0.4), the candidate's own (0.15),
      about AI work (0.25) and product work the candidate owned (0.2); the first role weighs 1, each later one 0.2 less (floor 0.4), unrelated
      older roles 0.3;
    - AI outcome (0-25): a measured AI result in the latest role 25, AI work there unmeasured 15, AI work
      only in older roles 8, none 0;
    - judgment (0-15): a trade-off named anywhere 8, kill criteria anywhere 4, an AI item of the
      candidate's own 3;
    - product fit (0-15): a product title in the two latest roles;
    - depth: fewer than six judged items scale the total down. Skills lines never count.
    """
    if not items:
        return ResumeScore(None, None, ("nothing on this document could be judged",), {})
    weight = total = 0.0
    for it in items:
        w = max(0.4, 1.0 - 0.2 * max(it.role_index, 0)) * (1.0 if it.relevant else 0.3)
        weight += w
        total += w * ((0.4 if it.measured else 0.0) + (0.15 if it.own else 0.0) + (0.25 if it.ai else 0.0)
                      + (0.2 if it.product and it.own else 0.0))
    evidence = 36.0 * total / weight
    latest = min(max(it.role_index, 0) for it in items)
    latest_ai = [it for it in items if it.ai and max(it.role_index, 0) == latest]
    any_ai = any(it.ai for it in items)
    ai_outcome = 25.0 if any(it.measured for it in latest_ai) else 15.0 if latest_ai else 8.0 if any_ai else 0.0
    own_ai = any(it.ai and it.own for it in items)
    judgment = (8.0 if trade_off else 0.0) + (4.0 if kill_criteria else 0.0) + (3.0 if own_ai else 0.0)
    fit = 15.0 if any(_PRODUCT_TITLE.search(t or "") for t in titles) else 0.0
    depth = min(1.0, len(items) / FULL_DEPTH_ITEMS)
    score = (evidence + ai_outcome + judgment + fit) * depth
    measured = sum(1 for it in items if it.measured)
    reasons: list[str] = [f"{measured} of {len(items)} role bullets carry a number"]
    if ai_outcome == 25.0:
        reasons.append("a measured AI result in the latest role")
    elif latest_ai:
        reasons.append("AI work in the latest role, but no measured result of it")
    elif any_ai:
        reasons.append("AI work only in older roles")
    else:
        reasons.append("no AI or ML work in any role")
    if not trade_off:
        reasons.append("no trade-off named anywhere")
    if not fit:
        reasons.append("no product role among the two latest")
    if depth < 1.0:
        reasons.append(f"only {len(items)} judged bullets")
    parts = {"evidence": round(evidence, 2), "ai_outcome": ai_outcome, "judgment": judgment, "fit": fit,
             "depth": round(depth, 3)}
    return ResumeScore(score, band(score), tuple(reasons[:3]), parts)
