"""sequence: flag when, within the opening (`opening: {sentences: 3, fraction: 0.2}`, the shorter), one of
`first` fires before any of `then`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from critic.engine.kinds.base import Kind, kind, match_evidence
from critic.engine.matchers import ItemContext, first_hits
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.kinds import CompiledRule


@kind
class SequenceKind(Kind):
    name = "sequence"
    keys = frozenset({"first", "then", "opening"})
    required = ("first", "then")
    matcher_keys = ("first", "then")

    def find(self, rule: CompiledRule, ctx: ItemContext) -> list[Evidence] | None:
        opening = rule.rule.detection.get("opening") or {}
        n_sents = int(opening.get("sentences", 3))
        fraction = float(opening.get("fraction", 0.2))
        sents = ctx.sents or []
        by_sents = sents[min(n_sents, len(sents)) - 1].end_char if sents else len(ctx.text)
        first_sent_end = sents[0].end_char if sents else len(ctx.text)
        end = min(by_sents, max(int(len(ctx.text) * fraction), first_sent_end))
        first = [h for h in first_hits(rule.parts["first"], ctx) if h.start < end]
        if not first:
            return None
        then = first_hits(rule.parts["then"], ctx)
        earliest_then = min((h.start for h in then), default=len(ctx.text) + 1)
        return match_evidence([first[0]]) if first[0].start < earliest_then else None
