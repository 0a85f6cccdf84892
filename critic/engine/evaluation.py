"""Evaluate the engine on a labelled JSONL file (the format of shared/eval/README.md).

Each line: {"id", "kind": "bullet"|"answer", "text", "expect": [rule ids], "expect_not": [rule ids], ...}.
Per rule, over the items that name it: TP = expected and flagged, FN = expected and not flagged,
FP = in expect_not and flagged, TN = in expect_not and not flagged.

Empty denominators: precision is 1.0 when the rule flagged nothing it was judged on (tp + fp == 0),
recall is 1.0 when there was nothing to find (tp + fn == 0); F1 is the harmonic mean of the two
(0.0 when both are 0).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from critic.errors import InputError
from critic.findings import Finding

if TYPE_CHECKING:
    from critic.engine.core import Engine

ITEM_KEYS_REQUIRED = ("id", "kind", "text")
KIND_MAP = {"bullet": "bullet", "answer": "answer", "summary": "summary"}


@dataclass
class LabelledItem:
    """One labelled item."""

    id: str
    kind: str
    text: str
    expect: list[str]
    expect_not: list[str]
    line: int


@dataclass
class RuleScore:
    """Confusion counts and scores of one rule."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class EvalResult:
    """Scores per rule, flagged rules per item and the misjudged items."""

    items: list[LabelledItem]
    findings: list[list[Finding]]
    rules: dict[str, RuleScore] = field(default_factory=dict)
    misjudged: list[tuple[LabelledItem, str, str]] = field(default_factory=list)  # (item, rule, "FP"|"FN")
    rewrites: list[dict[str, Any] | None] = field(default_factory=list)  # per item, flagged items only (see
    # critic.evaluate)

    def flagged(self, index: int) -> list[str]:
        return sorted({f.rule for f in self.findings[index]})

    def min_f1(self) -> float:
        return min((s.f1 for s in self.rules.values()), default=1.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rules": {rid: self.rules[rid].to_dict() for rid in sorted(self.rules)},
            "items": [eval_item_dict(item, self.flagged(i), self.findings[i],
                                     self.rewrites[i] if i < len(self.rewrites) else None)
                      for i, item in enumerate(self.items)],
        }


def eval_item_dict(item: LabelledItem, flagged: list[str], findings: list[Finding],
                   rewrite: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object of one evaluated item; flagged items carry the review's `rewrite` object."""
    d: dict[str, Any] = {"id": item.id, "flagged": list(flagged)}
    if rewrite is not None:
        d["rewrite"] = rewrite
    return d


def read_labelled(path: Path) -> list[LabelledItem]:
    """Read a labelled JSONL file; a bad line raises InputError naming file:line."""
    from critic.safeio import read_text_file

    text = read_text_file(path)  # regular files only; one-line InputError otherwise
    items: list[LabelledItem] = []
    seen: set[str] = set()
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(where, "each line must be a JSON object")
        for key in ITEM_KEYS_REQUIRED:
            if not isinstance(obj.get(key), str) or not obj[key].strip():
                raise InputError(where, f"'{key}' must be a non-empty string")
        if obj["kind"] not in KIND_MAP:
            raise InputError(where, f"'kind' must be one of {', '.join(KIND_MAP)}, not {obj['kind']!r}")
        lists = {}
        for key in ("expect", "expect_not"):
            value = obj.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(where, f"'{key}' must be a list of rule ids")
            lists[key] = value
        both = set(lists["expect"]) & set(lists["expect_not"])
        if both:
            raise InputError(where, f"rule '{sorted(both)[0]}' is in both expect and expect_not")
        if obj["id"] in seen:
            raise InputError(where, f"duplicate id '{obj['id']}'")
        seen.add(obj["id"])
        items.append(LabelledItem(id=obj["id"], kind=KIND_MAP[obj["kind"]], text=obj["text"],
                                  expect=list(lists["expect"]), expect_not=list(lists["expect_not"]), line=n))
    if not items:
        raise InputError(str(path), "no labelled items")
    return items


def evaluate(engine: Engine, items: list[LabelledItem]) -> EvalResult:
    """Run `engine` over the items and score every rule they name (the literal layer: no rewrites; see
    critic.evaluate for the rewrites of the flagged items)."""
    findings = engine.check([(item.text, item.kind) for item in items])
    result = EvalResult(items=items, findings=findings)
    named = sorted({r for item in items for r in (*item.expect, *item.expect_not)})
    for rid in named:
        engine.rule(rid)  # unknown rule ids are a usage error
        result.rules[rid] = RuleScore()
    for i, item in enumerate(items):
        flagged = set(result.flagged(i))
        for rid in item.expect:
            if rid in flagged:
                result.rules[rid].tp += 1
            else:
                result.rules[rid].fn += 1
                result.misjudged.append((item, rid, "FN"))
        for rid in item.expect_not:
            if rid in flagged:
                result.rules[rid].fp += 1
                result.misjudged.append((item, rid, "FP"))
            else:
                result.rules[rid].tn += 1
    result.misjudged.sort(key=lambda m: (m[0].line, m[1]))
    return result
