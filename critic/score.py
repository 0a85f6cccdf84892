"""Item and document scores (0-100) from a versioned formula; see docs/scoring.md.

Formula version 1:

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from critic.findings import Finding

SCORE_VERSION = "1"
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


def display(score: float) -> int:
    """Round a score half-up to an integer for display."""
    return int(math.floor(score + 0.5))


def is_judged(kind: str, findings: Sequence[Finding]) -> bool:
    """Whether an item counts towards the document score."""
    return kind in JUDGED_KINDS or bool(findings)


@dataclass(frozen=True)
class Scores:
    """Scores for one document."""

    items: dict[str, float]  # judged item id -> unrounded item score
    document: float  # unrounded
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
