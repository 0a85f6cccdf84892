"""co-occurrence: flag when every group of `all_of` fires (within one sentence if `same_sentence`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from critic.engine.kinds.base import Kind, kind, match_evidence
from critic.engine.matchers import ItemContext, MatcherIndex, compile_list, first_hits
from critic.errors import ConfigError
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.kinds import CompiledRule


@kind
class CoOccurrence(Kind):
    name = "co-occurrence"
    keys = frozenset({"all_of", "same_sentence"})
    required = ("all_of",)

    def compile(self, rule: CompiledRule, index: MatcherIndex, lexicons: dict, used: set[str]) -> None:
        where = f"{rule.rule.path}: detection"
        groups = rule.rule.detection["all_of"]
        if not isinstance(groups, list) or len(groups) < 2:
            raise ConfigError(f"{where}.all_of: needs a list of at least two matcher groups",
                              path=str(rule.rule.path), key="detection.all_of", rule=rule.id)
        rule.parts["all_of"] = [compile_list(g, index, lexicons, f"{where}.all_of[{i}]", used)
                                for i, g in enumerate(groups)]

    def find(self, rule: CompiledRule, ctx: ItemContext) -> list[Evidence] | None:
        per_group = []
        for group in rule.parts["all_of"]:
            hits = first_hits(group, ctx)
            if not hits:
                return None
            per_group.append(hits)
        if rule.rule.detection.get("same_sentence", False):
            sents = [{ctx.sentence_of(h.tok_start) for h in hits} for hits in per_group]
            common = set.intersection(*sents)
            if not common:
                return None
            per_group = [[h for h in hits if ctx.sentence_of(h.tok_start) in common] for hits in per_group]
        return match_evidence(sorted({h for hits in per_group for h in hits}, key=lambda h: (h.start, h.end, h.source)))
