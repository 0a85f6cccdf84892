"""Built-in function rule kinds: checks that matchers cannot express, registered by name.

A rule uses one with ``detection: {kind: function, function: NAME, params: {...}}``; params whose
name ends in ``_matchers`` are compiled as matcher lists and found in ``rule.parts[NAME]``.
"""

from __future__ import annotations

from critic.engine.kinds import CompiledRule, register
from critic.engine.matchers import ItemContext, any_hits
from critic.findings import Evidence


@register("share-of-items")
def share_of_items(rule: CompiledRule, contexts: list[ItemContext]) -> list[Evidence] | None:
    """Document level: flag when fewer than `min_share` of the judged items have a hit of `require_matchers`.

    params: require_matchers (matchers), min_share (0..1, default 0.2), min_items (default 5),
    items (kinds judged, default bullet/summary/answer).
    """
    kinds = rule.params.get("items") or ["bullet", "summary", "answer"]
    judged = [c for c in contexts if c.kind in kinds]
    if len(judged) < int(rule.params.get("min_items", 5)):
        return None
    with_hit = sum(1 for c in judged if any_hits(rule.parts["require_matchers"], c))
    share = with_hit / len(judged)
    if share >= float(rule.params.get("min_share", 0.2)):
        return None
    return [Evidence(kind="absence", source=", ".join(m.describe() for m in rule.parts["require_matchers"]),
                     note=f"{with_hit} of {len(judged)} items ({share:.0%})")]
