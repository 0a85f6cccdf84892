"""absence: flag when none of `require_any` fires (the evidence shows the scope's hits and the numbers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from critic.engine.kinds.base import Kind, absence_evidence, kind, match_evidence, number_evidence
from critic.engine.matchers import ItemContext, any_hits, first_hits
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.kinds import CompiledRule


@kind
class Absence(Kind):
    name = "absence"
    keys = frozenset({"require_any"})
    required = ("require_any",)
    matcher_keys = ("require_any",)

    def find(self, rule: CompiledRule, ctx: ItemContext) -> list[Evidence] | None:
        if any_hits(rule.parts["require_any"], ctx):
            return None
        scope = match_evidence(first_hits(rule.parts["scope"], ctx)) if "scope" in rule.parts else []
        return [*scope, absence_evidence(rule.parts["require_any"], "none of these found"), *number_evidence(ctx)]

    def fires(self, rule: CompiledRule, ctx: ItemContext) -> bool:
        return not any_hits(rule.parts["require_any"], ctx)
