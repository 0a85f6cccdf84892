"""A rewrite and its placeholders: the leaf module the report layer imports (it imports nothing of critic)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Placeholder:
    """A gap only the candidate can fill, e.g. ``[baseline]``, with the question that fills it."""

    text: str
    question: str
    sample: str = ""  # an example value used only to check the rewrite; never shown as the candidate's

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "question": self.question}


@dataclass
class Rewrite:
    """One item's BAD -> GOOD pair."""

    bad: str
    good: str
    placeholders: list[Placeholder] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # rules GOOD answers, in the order their parts appear
    replaced: list[str] = field(default_factory=list)  # words of BAD an edit removed or re-inflected on purpose
    split: list[str] = field(default_factory=list)  # BAD's other sentences, suggested as bullets of their own
    moved: list[str] = field(default_factory=list)  # lists of detail GOOD left out to fit one bullet (tools...)
    note: bool = False  # GOOD is advice about the line (a tool list to move to Skills), not a new bullet
    # numbers GOOD states that a check computed from BAD's own numbers (a cost total recomputed from the
    # answer's volume, tokens and price); the only numbers outside placeholders that BAD need not contain
    derived: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "bad": self.bad,
            "good": self.good,
            "placeholders": [p.to_dict() for p in self.placeholders],
            "rules": list(self.rules),
        }
        if self.split:
            out["split"] = list(self.split)
        if self.moved:
            out["moved"] = list(self.moved)
        if self.note:
            out["note"] = True
        if self.derived:
            out["derived"] = list(self.derived)
        return out

    def kept_text(self) -> str:
        """GOOD, the sentences suggested as bullets of their own and the lists of detail shown as moved out:
        everything of BAD the rewrite keeps (a note keeps BAD whole: the list moves to Skills as written)."""
        return " ".join([self.bad if self.note else self.good, *self.split, *self.moved])

    def filled(self) -> str:
        """GOOD with each placeholder replaced by its sample value (for the re-flag guard)."""
        return fill_placeholders(self.good, self.placeholders)



_PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,60}\]")


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of every ``[...]`` placeholder in text."""
    return [m.span() for m in _PLACEHOLDER_RE.finditer(text)]



_NUMERIC_HINT = re.compile(r"(?:\bX\b|\bN\b|%|\$|#|\bnumber\b|\bcount\b|\bthreshold\b)", re.I)


def default_sample(placeholder: str) -> str:
    """A sample value for a placeholder whose rule gave none (used only by the re-flag guard)."""
    inner = placeholder.strip("[]").strip()
    low = inner.lower()
    if "%" in inner:
        return "12%"
    if "$" in inner or "cost" in low or "budget" in low:
        return "$40k"
    if "week" in low:
        return "6 weeks"
    if "day" in low:
        return "14 days"
    if "month" in low:
        return "3 months"
    if _NUMERIC_HINT.search(inner):
        return "12%"
    return inner


def fill_placeholders(good: str, placeholders: Iterable[Placeholder]) -> str:
    """Replace each placeholder in GOOD by its sample value."""
    samples = {p.text: (p.sample or default_sample(p.text)) for p in placeholders}

    def sub(m: re.Match[str]) -> str:
        return samples.get(m.group(0)) or default_sample(m.group(0))

    return _PLACEHOLDER_RE.sub(sub, good)



