"""What each rule asks for in a rewrite (role, rank, sentence forms), read from its ``rewrite:`` data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from critic.rewrite.model import Placeholder, default_sample


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if type(obj) is dict or isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def rewrite_data(rule: Any) -> Mapping[str, Any] | None:
    """The rule's rewrite data as a mapping, or None when it has none."""
    data = _get(rule, "rewrite")
    if data is None:
        return None
    if type(data) is dict or isinstance(data, Mapping):
        return data
    keys = ("action", "template", "placeholders", "example")
    return {k: _get(data, k) for k in keys}


def canonical_example(rule: Any) -> tuple[str, str] | None:
    """The rule's canonical (BAD, GOOD) example pair, or None."""
    data = rewrite_data(rule)
    example = _get(data, "example") if data else None
    bad, good = _get(example, "bad"), _get(example, "good")
    if bad and good:
        return str(bad), str(good)
    return None



ROLES = ("decision", "framing", "commitment", "result", "baseline", "trade-off", "kill", "other")


@dataclass(frozen=True)
class Part:
    """How a rule's ask is placed in GOOD.

    role: what the rule asks for; rules of one role share a single part, supplied by the fired rule with
    the lowest ``rank``. answers: further roles that part also answers. The sentence forms are used
    outside clause position (``note`` for bullets, ``summary`` for summaries, ``spoken`` for answers; the
    ``*_plan`` variants when the item describes a plan); each may use only placeholders the rule declares,
    and an empty form means "use the rule's template".
    """

    role: str
    rank: int = 0
    answers: tuple[str, ...] = ()
    note: str = ""
    note_plan: str = ""
    summary: str = ""
    spoken: str = ""
    spoken_plan: str = ""
    restate: bool = False  # a decision restated in place (the rule's template gives verb and placeholder)
    decides: bool = False  # the restatement may also answer a deferral or add ", deciding [...] myself"
    inline: bool = False  # inserted right after the measured change it qualifies


def _result(metric: str, rank: int) -> Part:
    return Part(
        "result", rank,
        note=f"Result: {metric} moved from [before] to [after].",
        note_plan=f"Target: {metric} from [before] to [after].",
        summary=f"Best result: {metric} moved from [before] to [after].",
        spoken=f"The result: {metric} went from [before] to [after].",
        spoken_plan=f"Success means {metric} moves from [before] to [after].",
    )


PARTS: dict[str, Part] = {
    "black-box-language": Part("decision", 0, restate=True, decides=True),
    "vague-ownership": Part("decision", 1, restate=True),
    "deference": Part("commitment", answers=("kill",)),
    "consensus-instead-of-decision": Part(
        "decision", 3,
        note="My call: [your decision], because [your reason].",
        spoken="I decided [your decision] because [your reason].",
        spoken_plan="My call: [your decision], because [your reason].",
    ),
    "solution-first": Part("framing"),
    "vague-cost-estimate": Part("result", 0),
    "output-not-outcome": _result("[business metric]", 1),
    "tactic-without-outcome": _result("[product metric]", 2),
    "missing-quantification": _result("[result metric]", 3),
    "missing-baseline": Part(
        "baseline", inline=True,
        note="Baseline: [baseline], measured over [period].",
        spoken="That is against a baseline of [baseline], measured over [period].",
    ),
    "missing-trade-off": Part(
        "trade-off",
        note="Trade-off: gave up [what you gave up] for [what you gained].",
        note_plan="Trade-off: giving up [what you gave up] for [what you gained].",
        spoken="The trade-off: I gave up [what you gave up] for [what you gained].",
        spoken_plan="The trade-off: I'd give up [what you gave up] for [what you gained].",
    ),
    "missing-kill-criteria": Part(
        "kill", 0,
        note="Kill criterion: [roll back] if [metric to watch] crosses [threshold] within [N days].",
        spoken="My kill criterion: [roll back] if [metric to watch] crosses [threshold] within [N days].",
    ),
    "vague-monitoring": Part(
        "kill", 1,
        note="Alert: [owner] is paged when [metric to watch] crosses [threshold] over [window].",
        spoken="The alert: [owner] gets paged when [metric to watch] crosses [threshold] over [window].",
    ),
}

# Rules critic does not know (a coach's pack) keep their own part; the fixed order places it by the
# words of its id or theme.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("restate", ("black-box", "ownership", "consensus", "passive", "deferr")),
    ("result", ("quantif", "outcome", "vanity", "tactic", "result", "impact")),
    ("baseline", ("baseline", "duration", "timeframe")),
    ("trade-off", ("trade-off", "tradeoff", "trade_off")),
    ("kill", ("kill", "monitor", "rollback", "stop")),
)
_STAGE_ROLE = {"restate": "decision", "result": "result", "baseline": "baseline", "trade-off": "trade-off",
               "kill": "kill"}


def stage_of(rule_id: str, theme: str = "") -> int:
    """Position of a rule's part in the fixed rewrite order (unknown rules go last)."""
    part = PARTS.get(rule_id)
    if part is not None:
        role = part.role if part.role in _STAGE_ROLE.values() else "decision"
        return next(i for i, (name, _) in enumerate(STAGES) if _STAGE_ROLE[name] == role)
    for key in (rule_id.lower(), (theme or "").lower()):
        for index, (_, needles) in enumerate(STAGES):
            if any(n in key for n in needles):
                return index
    return len(STAGES)


def _role_index(rule_id: str, theme: str) -> int:
    part = PARTS.get(rule_id)
    if part is not None:
        return ROLES.index(part.role)
    stage = stage_of(rule_id, theme)
    return ROLES.index(_STAGE_ROLE[STAGES[stage][0]]) if stage < len(STAGES) else ROLES.index("other")




def _placeholder_specs(data: Mapping[str, Any]) -> list[Placeholder]:
    out: list[Placeholder] = []
    for spec in _get(data, "placeholders") or []:
        text = str(_get(spec, "text") or "").strip()
        if not text:
            continue
        question = str(_get(spec, "question") or "").strip() or f"What is {text.strip('[]')}?"
        sample = str(_get(spec, "sample") or "").strip() or default_sample(text)
        out.append(Placeholder(text, question, sample))
    return out


