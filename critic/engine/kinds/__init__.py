"""Rule kinds: how a rule's compiled matchers turn into a verdict on an item or a document.

One kind a file in this package (a :class:`~critic.engine.kinds.base.Kind` subclass registered with
``@kind``); adding a kind is adding a file and importing it below.

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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from critic.engine.kinds import (  # noqa: F401  (each registers its kind)
    absence,
    conditional,
    cooccurrence,
    document_absence,
    existence,
    function,
    sequence,
)
from critic.engine.kinds.base import FUNCTIONS, KINDS, Kind, kind, match_evidence, register
from critic.engine.matchers import CompiledMatcher, ItemContext, MatcherIndex, any_hits, compile_list
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.schema import Rule

__all__ = ["FUNCTIONS", "KINDS", "CompiledRule", "Kind", "kind", "match_evidence", "register"]


def _guard_evidence(guards: list[CompiledMatcher]) -> list[Evidence]:
    return [Evidence(kind="guard", text="", source=g.describe(), note="checked, did not fire") for g in guards]


@dataclass
class CompiledRule:
    """A rule with its detection compiled against an engine's matcher index and lexicons."""

    rule: Rule
    kind: Kind
    parts: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    function: Callable[..., Any] | None = None

    @classmethod
    def compile(cls, rule: Rule, index: MatcherIndex, lexicons: dict, used: set[str]) -> CompiledRule:
        compiled = cls(rule, KINDS[rule.kind])
        det = rule.detection
        for key in ("scope", "guards", *compiled.kind.matcher_keys):
            if key in det:
                compiled.parts[key] = compile_list(det[key], index, lexicons, f"{rule.path}: detection.{key}", used)
        compiled.kind.compile(compiled, index, lexicons, used)
        return compiled

    @property
    def id(self) -> str:
        return self.rule.id

    def _in_reach(self, ctx: ItemContext) -> bool:
        """The item is long enough and in the rule's scope."""
        if ctx.word_count() < self.rule.detection.get("min_words", 1):
            return False
        return "scope" not in self.parts or any_hits(self.parts["scope"], ctx)

    def message_for(self, evidence: list[Evidence]) -> str:
        """The finding's message: a matcher's own when every hit comes from matchers that share it ("a claim
        that opens with participation" says so, not that AI work was credited away), else the rule's."""
        own = {m.describe(): m.message for key in self.kind.matcher_keys for m in self.parts.get(key, [])
               if m.message}
        if not own:
            return self.rule.message
        sources = {e.source for e in evidence if e.kind == "match"}
        messages = {own.get(source, "") for source in sources}
        return messages.pop() if len(messages) == 1 and "" not in messages else self.rule.message

    # -- item level -------------------------------------------------------------------------------
    def judge(self, ctx: ItemContext) -> tuple[list[Evidence], float] | None:
        """Evidence and confidence when the rule flags the item, else None."""
        if not self._in_reach(ctx):
            return None
        guards = self.parts.get("guards", [])
        if self.kind.guards_first and any_hits(guards, ctx):
            return None
        evidence = self.kind.find(self, ctx)
        if evidence is None:
            return None
        # a guard only vetoes a finding: otherwise looked for only when the kind flags the item
        if not self.kind.guards_first and any_hits(guards, ctx):
            return None
        return [*evidence, *_guard_evidence(guards)], self.rule.confidence

    def flags(self, ctx: ItemContext) -> bool:
        """judge(ctx) is not None, without the evidence."""
        if not self._in_reach(ctx):
            return False
        guards = self.parts.get("guards", [])
        if self.kind.guards_first and any_hits(guards, ctx):
            return False
        return self.kind.fires(self, ctx) and (self.kind.guards_first or not any_hits(guards, ctx))

    # -- document level ---------------------------------------------------------------------------
    def judge_document(self, contexts: list[ItemContext]) -> tuple[list[Evidence], float] | None:
        """Evidence and confidence when the rule flags the document, else None."""
        evidence = self.kind.find_document(self, contexts)
        return None if evidence is None else (evidence, self.rule.confidence)
