"""What the rule stage produces: findings with the evidence of why they fired."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")  # ascending


def severity_rank(severity: str) -> int:
    """Order of a severity name; unknown names raise ValueError."""
    return SEVERITIES.index(severity)


@dataclass
class Evidence:
    """One reason a rule fired (or a guard that was checked).

    kind: "match" (a span that triggered), "lexicon" (a lexicon entry hit), "absence"
    (something required was not found), "guard" (a guard that did not fire), "number"
    (a number and how it was read).
    """

    kind: str
    text: str = ""
    start: int | None = None  # char offsets into the item text
    end: int | None = None
    source: str = ""  # lexicon name, pattern id, guard name ...
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.start is not None:
            d["start"] = self.start
            d["end"] = self.end
        if self.source:
            d["source"] = self.source
        if self.note:
            d["note"] = self.note
        return d


@dataclass
class Finding:
    """A rule's verdict on one item (item_id set) or on the whole document (item_id None)."""

    rule: str
    severity: str
    message: str
    confidence: float
    item_id: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    raised: bool = True  # False: kept as an info note (the advice layer's reason is in `note`)
    note: str = ""  # why a literal finding was not raised


    @property
    def asked(self) -> bool:
        """Raised as advice the candidate is asked to act on (not a note, not an info-level aside)."""
        return self.raised and self.severity != "info"

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "confidence": round(self.confidence, 3),
        }
        if not self.raised:
            d["raised"] = False
            d["note"] = self.note
        if explain:
            d["evidence"] = [e.to_dict() for e in self.evidence]
        return d
