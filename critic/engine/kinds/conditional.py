"""conditional: flag when one of `if` fires and none of `unless` does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from critic.engine.kinds.base import Kind, absence_evidence, kind, match_evidence
from critic.engine.matchers import ItemContext, any_hits, first_hits
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.kinds import CompiledRule


@kind
class Conditional(Kind):
    name = "conditional"
    keys = frozenset({"if", "unless"})
    required = ("if", "unless")
    matcher_keys = ("if", "unless")

    def find(self, rule: CompiledRule, ctx: ItemContext) -> list[Evidence] | None:
        hits = first_hits(rule.parts["if"], ctx)
        if not hits or any_hits(rule.parts["unless"], ctx):
            return None
        return [*match_evidence(hits), absence_evidence(rule.parts["unless"], "none of these found")]

    def fires(self, rule: CompiledRule, ctx: ItemContext) -> bool:
        return any_hits(rule.parts["if"], ctx) and not any_hits(rule.parts["unless"], ctx)
