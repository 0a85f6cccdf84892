"""The cost-math check as the rule engine's function kind ``cost-math`` (rules/answer/cost-math.yaml).

The check itself (critic.costmath) knows nothing of the engine; this module reads the rule's params and
context matchers (budgets and other scenarios are not judged) and turns a wrong total into evidence.
"""

from __future__ import annotations

from collections.abc import Callable

from critic.costmath import (
    DEFAULT_TOLERANCE,
    CostCheck,
    Quantity,
    evaluate,
    evidence_of,
    extract,
    quantities_given,
)
from critic.engine.kinds import CompiledRule, register
from critic.engine.matchers import ItemContext, first_hits
from critic.findings import Evidence


def context_skip(rule: CompiledRule | None, ctx: ItemContext) -> Callable[[Quantity], str]:
    """Which totals the rule leaves alone, from its params' matchers.

    bound_matchers: a hit ending within `bound_window` tokens before a total (or right after it) makes
    the total a budget or cap ("under $100k a year", "a $50k monthly budget"). scenario_matchers: a hit
    in the total's sentence puts it in another scenario ("with caching it drops to $600k a year").
    """
    params = rule.params if rule is not None else {}
    parts = rule.parts if rule is not None else {}
    window = int(params.get("bound_window", 3))
    bounds = first_hits(parts.get("bound_matchers", []), ctx)
    scenarios = first_hits(parts.get("scenario_matchers", []), ctx)

    def skip(q: Quantity) -> str:
        if q.start < 0:
            return ""
        span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return ""
        for h in bounds:
            if span.start - window <= h.tok_end <= span.start or h.tok_start == span.end:
                return f"a bound, not an estimate ('{h.text}')"
        sentence = ctx.sentence_of(span.start)
        for h in scenarios:
            if ctx.sentence_of(h.tok_start) == sentence:
                return f"another scenario ('{h.text}')"
        return ""

    return skip


def check_context(rule: CompiledRule | None, ctx: ItemContext, *, given: str = "") -> CostCheck:
    """The cost-math check on an annotated item, with the rule's tolerance and context matchers.

    `given`: the question the item answers; a volume it states ("about 300,000 a day") is used when the
    answer states none.
    """
    params = rule.params if rule is not None else {}
    tolerance = float(params.get("tolerance", DEFAULT_TOLERANCE))
    quantities = extract(ctx.text)
    if given and not any(q.role == "volume" for q in quantities):
        quantities = [q for q in quantities_given(given) if q.role == "volume"][:1] + quantities
    return evaluate(quantities, tolerance=tolerance, skip=context_skip(rule, ctx))


@register("cost-math")
def cost_math(rule: CompiledRule, ctx: ItemContext) -> list[Evidence] | None:
    """Item level: flag a stated total (money or tokens per period) more than `tolerance` off its inputs.

    params: tolerance (default 0.10), bound_matchers, scenario_matchers (see `context_skip`),
    bound_window (tokens, default 3).
    """
    check = check_context(rule, ctx)
    return evidence_of(check, ctx.text) if check.wrong else None


