"""Rule kinds: how a rule's compiled matchers turn into a verdict on an item or a document.

Item kinds (all take optional `scope` — the item is judged only when one of these fires —,
`guards` — the finding is suppressed when one fires — and `min_words`):
- existence: flag when one of `match` fires.
- absence: flag when none of `require_any` fires.
- conditional: flag when one of `if` fires and none of `unless` does.
- co-occurrence: flag when every group of `all_of` fires (within one sentence if `same_sentence`).
- sequence: flag when, within the opening (`opening: {sentences: 3, fraction: 0.2}`, the shorter),
  one of `first` fires before any of `then`.
Document kinds:
- document-absence: flag the document when no judged item (of kinds `items`) has a hit of `require_any`.
Both:
- function: a registered Python function (critic.engine.functions) for what data cannot express.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from critic import numbers
from critic.engine.matchers import (
    CompiledMatcher,
    Hit,
    ItemContext,
    MatcherIndex,
    any_hits,
    compile_list,
    first_hits,
)
from critic.engine.schema import Rule
from critic.errors import ConfigError
from critic.findings import Evidence

# modules that register function kinds, imported on first need (a rule naming an unregistered function)
FUNCTION_MODULES = ("critic.engine.functions", "critic.answers")
ItemFunction = Callable[["CompiledRule", ItemContext], "list[Evidence] | None"]
DocumentFunction = Callable[["CompiledRule", "list[ItemContext]"], "list[Evidence] | None"]
FUNCTIONS: dict[str, Callable[..., Any]] = {}


def register(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function rule kind under `name` (item- or document-level, by the rule's applies_to).

    Item functions: fn(rule, ctx) -> list[Evidence] | None; document functions: fn(rule, contexts).
    Returning None means "no finding"; a list (possibly empty) means a finding with that evidence.
    """

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = fn
        return fn

    return deco


def _import_function_modules() -> None:
    for module in FUNCTION_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def _match_evidence(hits: list[Hit]) -> list[Evidence]:
    return [Evidence(kind="match", text=h.text, start=h.start, end=h.end, source=h.source, note=h.note)
            for h in hits]


def _guard_evidence(guards: list[CompiledMatcher]) -> list[Evidence]:
    return [Evidence(kind="guard", text="", source=g.describe(), note="checked, did not fire") for g in guards]


def _number_evidence(ctx: ItemContext) -> list[Evidence]:
    return [Evidence(kind="number", text=n.text, start=n.start, end=n.end, source=f"{n.kind}:{n.type}", note=n.note)
            for n in numbers.classified(ctx.text)]


@dataclass
class CompiledRule:
    """A rule with its detection compiled against an engine's matcher index and lexicons."""

    rule: Rule
    parts: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    function: Callable[..., Any] | None = None

    @classmethod
    def compile(cls, rule: Rule, index: MatcherIndex, lexicons: dict, used: set[str]) -> CompiledRule:
        det = rule.detection
        where = f"{rule.path}: detection"
        compiled = cls(rule)
        for key in ("scope", "guards", "match", "require_any", "if", "unless", "first", "then"):
            if key in det:
                compiled.parts[key] = compile_list(det[key], index, lexicons, f"{where}.{key}", used)
        if "all_of" in det:
            groups = det["all_of"]
            if not isinstance(groups, list) or len(groups) < 2:
                raise ConfigError(f"{where}.all_of: needs a list of at least two matcher groups")
            compiled.parts["all_of"] = [compile_list(g, index, lexicons, f"{where}.all_of[{i}]", used)
                                        for i, g in enumerate(groups)]
        if rule.kind == "function":
            name = det["function"]
            if name not in FUNCTIONS:
                _import_function_modules()
            if name not in FUNCTIONS:
                raise ConfigError(f"{rule.path}: unknown function '{name}' (registered: {', '.join(sorted(FUNCTIONS))})",
                                  path=str(rule.path), key="detection.function", rule=rule.id)
            compiled.function = FUNCTIONS[name]
            compiled.params = dict(det.get("params") or {})
            for key, value in sorted(compiled.params.items()):
                if key.endswith("_matchers"):
                    compiled.parts[key] = compile_list(value, index, lexicons, f"{where}.params.{key}", used)
        return compiled

    @property
    def id(self) -> str:
        return self.rule.id

    # -- item level -------------------------------------------------------------------------------
    def judge(self, ctx: ItemContext) -> tuple[list[Evidence], float] | None:
        """Evidence and confidence when the rule flags the item, else None."""
        det = self.rule.detection
        if ctx.word_count() < det.get("min_words", 1):
            return None
        parts = self.parts
        kind = self.rule.kind
        scope_hits: list[Hit] = []
        if "scope" in parts:
            # only an absence shows its scope's hits: the others need to know that one fires
            if kind == "absence":
                scope_hits = first_hits(parts["scope"], ctx)
                if not scope_hits:
                    return None
            elif not any_hits(parts["scope"], ctx):
                return None
        evidence: list[Evidence] = []
        guards = parts.get("guards", [])
        # a guard only vetoes a finding: look for guards first before a function (it may be costly), and
        # after the other kinds, only when they flag the item
        if kind == "function" and any_hits(guards, ctx):
            return None
        if kind == "existence":
            hits = first_hits(self.parts["match"], ctx)
            if not hits:
                return None
            evidence += _match_evidence(hits)
        elif kind == "absence":
            if any_hits(self.parts["require_any"], ctx):
                return None
            evidence += _match_evidence(scope_hits)
            evidence.append(Evidence(kind="absence", source=", ".join(m.describe() for m in self.parts["require_any"]),
                                     note="none of these found"))
            evidence += _number_evidence(ctx)
        elif kind == "conditional":
            hits = first_hits(self.parts["if"], ctx)
            if not hits or any_hits(self.parts["unless"], ctx):
                return None
            evidence += _match_evidence(hits)
            evidence.append(Evidence(kind="absence", source=", ".join(m.describe() for m in self.parts["unless"]),
                                     note="none of these found"))
        elif kind == "co-occurrence":
            same = bool(det.get("same_sentence", False))
            per_group = []
            for group in self.parts["all_of"]:
                hits = first_hits(group, ctx)
                if not hits:
                    return None
                per_group.append(hits)
            if same:
                sents = [{ctx.sentence_of(h.tok_start) for h in hits} for hits in per_group]
                common = set.intersection(*sents)
                if not common:
                    return None
                per_group = [[h for h in hits if ctx.sentence_of(h.tok_start) in common] for hits in per_group]
            evidence += _match_evidence(sorted({h for hits in per_group for h in hits},
                                               key=lambda h: (h.start, h.end, h.source)))
        elif kind == "sequence":
            hits = self._sequence(ctx)
            if not hits:
                return None
            evidence += _match_evidence(hits)
        elif kind == "function":
            assert self.function is not None
            result = self.function(self, ctx)
            if result is None:
                return None
            evidence += result
        else:  # pragma: no cover - schema rejects other kinds
            return None
        if kind != "function" and any_hits(guards, ctx):
            return None
        evidence += _guard_evidence(guards)
        return evidence, self.rule.confidence

    def flags(self, ctx: ItemContext) -> bool:
        """judge(ctx) is not None, without the evidence: existence, absence and conditional rules only ask
        whether their matchers fire."""
        kind = self.rule.kind
        if kind not in ("existence", "absence", "conditional"):
            return self.judge(ctx) is not None
        if ctx.word_count() < self.rule.detection.get("min_words", 1):
            return False
        parts = self.parts
        if "scope" in parts and not any_hits(parts["scope"], ctx):
            return False
        if kind == "existence":
            if not any_hits(parts["match"], ctx):
                return False
        elif kind == "absence":
            if any_hits(parts["require_any"], ctx):
                return False
        elif not any_hits(parts["if"], ctx) or any_hits(parts["unless"], ctx):
            return False
        return not any_hits(parts.get("guards", []), ctx)

    def _sequence(self, ctx: ItemContext) -> list[Hit]:
        opening = self.rule.detection.get("opening") or {}
        n_sents = int(opening.get("sentences", 3))
        fraction = float(opening.get("fraction", 0.2))
        sents = ctx.sents or []
        by_sents = sents[min(n_sents, len(sents)) - 1].end_char if sents else len(ctx.text)
        first_sent_end = sents[0].end_char if sents else len(ctx.text)
        end = min(by_sents, max(int(len(ctx.text) * fraction), first_sent_end))
        first = [h for h in first_hits(self.parts["first"], ctx) if h.start < end]
        if not first:
            return []
        then = first_hits(self.parts["then"], ctx)
        earliest_then = min((h.start for h in then), default=len(ctx.text) + 1)
        if first[0].start < earliest_then:
            return [first[0]]
        return []

    # -- document level ---------------------------------------------------------------------------
    def judge_document(self, contexts: list[ItemContext]) -> tuple[list[Evidence], float] | None:
        det = self.rule.detection
        if self.rule.kind == "function":
            assert self.function is not None
            result = self.function(self, contexts)
            return None if result is None else (result, self.rule.confidence)
        kinds = det.get("items") or ["bullet", "summary", "answer"]
        judged = [c for c in contexts if c.kind in kinds]
        if not judged:
            return None
        for ctx in judged:
            if any_hits(self.parts["require_any"], ctx):
                return None
        return ([Evidence(kind="absence", source=", ".join(m.describe() for m in self.parts["require_any"]),
                          note=f"none found in any of {len(judged)} items")], self.rule.confidence)
