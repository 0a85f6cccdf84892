"""Filling a rewrite's placeholders with the person's answers and re-checking the result.

The one promise: every number in a filled bullet is in the original item or was typed by the person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from critic.findings import Finding
from critic.report import ItemResult, Report
from critic.report.pages import RAISED
from critic.rewrite import Rewrite

if TYPE_CHECKING:
    from critic.engine import Engine

_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "hundred thousand million billion half halved double doubled twice triple tripled tenfold dozen".split())


@dataclass(frozen=True)
class Check:
    """The re-check of a filled bullet: ok, or the reason it is not, with the rules it now clears."""

    ok: bool
    reason: str = ""
    cleared: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Change:
    """One accepted edit: which item, its text before and after, and the findings it cleared."""

    item_id: str
    section: str
    before: str
    after: str
    cleared: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item_id, "section": self.section, "before": self.before, "after": self.after,
                "cleared": list(self.cleared)}


@dataclass
class Edit:
    """A raised item to work on: its result in the report and the rules its rewrite answers."""

    result: ItemResult
    rules: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rewrite(self) -> Rewrite:
        assert self.result.rewrite is not None
        return self.result.rewrite


def raised(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that ask for an edit (error or warning)."""
    return [f for f in findings if f.severity in RAISED]


def edits(report: Report) -> list[Edit]:
    """The raised items with a rewrite, in rank order: the top edits first, then by gain, then reading order."""
    order = {item_id: i for i, item_id in enumerate(report.top_edits)}
    out = []
    for pos, r in enumerate(report.items):
        found = raised(r.findings)
        if not found or r.rewrite is None or r.rewrite.note \
                or not r.rewrite.placeholders and r.rewrite.good == r.item.text:
            continue
        answered = tuple(f.rule for f in found if f.rule in r.rewrite.rules) or tuple(f.rule for f in found)
        out.append((order.get(r.item.id, len(order)), -round(r.gain, 9), pos, Edit(r, answered)))
    return [e for *_, e in sorted(out, key=lambda t: t[:3])]


def placeholders_left(text: str) -> list[str]:
    """The [placeholders] still in text."""
    return _PLACEHOLDER.findall(text)


def fill(rewrite: Rewrite, answers: Mapping[str, str]) -> str:
    """GOOD with each answered placeholder replaced by the answer (keyed by the placeholder text, with or
    without its brackets); unanswered placeholders stay as they are."""
    given = {}
    for key, value in answers.items():
        value = " ".join(str(value).split())
        if value:
            given[key if key.startswith("[") else f"[{key}]"] = value
    text = _PLACEHOLDER.sub(lambda m: given.get(m.group(0), m.group(0)), rewrite.good)
    return " ".join(text.split())


def numbers_in(text: str) -> list[str]:
    """Digit runs (with their separators) and number words in text, lower-cased."""
    digits = [m.group(0).rstrip(".,") for m in _NUMBER.finditer(text)]
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS]
    return digits + words


def invented_numbers(text: str, original: str, answers: Iterable[str] = ()) -> list[str]:
    """Numbers in text that are neither in the original nor in any answer (empty = honest)."""
    have = set(numbers_in(original))
    for answer in answers:
        have.update(numbers_in(str(answer)))
    return [n for n in numbers_in(text) if n not in have]


def recheck(engine: Engine, item: Any, filled_text: str, answered_rules: Sequence[str],
            answers: Iterable[str] = ()) -> Check:
    """Re-check a filled bullet: each answered rule must clear, no new error may appear, no placeholder may
    stay and no number may be one the person did not type or the item did not hold."""
    left = placeholders_left(filled_text)
    if left:
        return Check(False, f"still to answer: {', '.join(dict.fromkeys(left))}")
    invented = invented_numbers(filled_text, item.text, answers)
    if invented:
        return Check(False, f"{', '.join(dict.fromkeys(invented))} is neither in the bullet nor in your answers")
    before = {f.rule: f for f in raised(engine.check([(item.text, item.kind)])[0])}
    after = raised(engine.check([(filled_text, item.kind)])[0])
    still = [f for f in after if f.rule in answered_rules]
    if still:
        return Check(False, f"still flagged: {still[0].message}", findings=tuple(after))
    new = [f for f in after if f.severity == "error" and f.rule not in before]
    if new:
        return Check(False, f"new problem: {new[0].message}", findings=tuple(after))
    return Check(True, cleared=tuple(r for r in answered_rules if r not in {f.rule for f in after}),
                 findings=tuple(after))
