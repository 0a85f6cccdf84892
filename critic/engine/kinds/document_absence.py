"""document-absence: flag the document when no judged item (of kinds `items`) has a hit of `require_any`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from critic.engine.kinds.base import ITEM_KINDS, Kind, absence_evidence, kind
from critic.engine.matchers import ItemContext, any_hits
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.kinds import CompiledRule


@kind
class DocumentAbsence(Kind):
    name = "document-absence"
    level = "document"
    keys = frozenset({"require_any", "items"})
    required = ("require_any",)
    matcher_keys = ("require_any",)

    def find_document(self, rule: CompiledRule, contexts: list[ItemContext]) -> list[Evidence] | None:
        kinds = rule.rule.detection.get("items") or list(ITEM_KINDS)
        judged = [c for c in contexts if c.kind in kinds]
        if not judged:
            return None
        for ctx in judged:
            if any_hits(rule.parts["require_any"], ctx):
                return None
        return [absence_evidence(rule.parts["require_any"], f"none found in any of {len(judged)} items")]
