"""existence: flag when one of `match` fires."""

from __future__ import annotations

from typing import TYPE_CHECKING

from critic.engine.kinds.base import Kind, kind, match_evidence
from critic.engine.matchers import ItemContext, any_hits, first_hits
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.kinds import CompiledRule


@kind
class Existence(Kind):
    name = "existence"
    keys = frozenset({"match"})
    required = ("match",)
    matcher_keys = ("match",)

    def find(self, rule: CompiledRule, ctx: ItemContext) -> list[Evidence] | None:
        hits = first_hits(rule.parts["match"], ctx)
        return match_evidence(hits) if hits else None

    def fires(self, rule: CompiledRule, ctx: ItemContext) -> bool:
        return any_hits(rule.parts["match"], ctx)
