"""Document findings that lead a resume's report: what a committee misses across the whole page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from critic.advice.context import ItemInfo
from critic.findings import Evidence, Finding

JUDGED_TYPES = ("achievement", "scope")

HEADLINES: dict[str, str] = {
    "no-measured-ai-outcome": "Your latest role names AI work but no measured result of it.",
    "no-own-ai-decision": "No AI decision of your own anywhere: every AI bullet credits a team, a vendor or "
                          "the technology.",
    "no-ai-work": "Nothing in your roles shows AI or ML product work.",
}


def _finding(rule: str, detail: str, confidence: float = 0.8) -> Finding:
    return Finding(rule=rule, severity="warning", message=HEADLINES[rule], confidence=confidence,
                   evidence=[Evidence(kind="absence", text=detail, source="advice")])


def headline_findings(infos: Sequence[ItemInfo], per_item: Mapping[str, Sequence[Finding]]) -> list[Finding]:
    """The document-level gaps a coach leads with (none for a document without judged role items)."""
    roles = [i for i in infos if i.entry.entry is not None and i.item.type in JUDGED_TYPES
             and i.item.read == "whole"]
    if not roles:
        return []
    fired = {iid: {f.rule for f in fs} for iid, fs in per_item.items()}
    ai_items = [i for i in roles if i.ai]
    out: list[Finding] = []
    if not ai_items:
        return [_finding("no-ai-work", "no role item mentions AI, ML or model work", 0.6)]
    latest = min(i.entry.index for i in roles)
    latest_ai = [i for i in ai_items if i.entry.index == latest]
    if latest_ai and all("missing-quantification" in fired.get(i.item.id, ()) for i in latest_ai):
        out.append(_finding("no-measured-ai-outcome",
                            f"{len(latest_ai)} AI item(s) in '{latest_ai[0].entry.title}', none measured"))
    if all("black-box-language" in fired.get(i.item.id, ()) for i in ai_items):
        out.append(_finding("no-own-ai-decision", f"{len(ai_items)} AI item(s), each credited elsewhere"))
    return out
