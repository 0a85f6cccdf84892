"""`critic eval`'s measurement: the engine's literal scores on a labelled file, with the rewrite a review
would give each flagged item (the rewrite sits above the engine, so it is joined here)."""

from __future__ import annotations

from critic.engine import Engine
from critic.engine.evaluation import EvalResult, LabelledItem
from critic.engine.evaluation import evaluate as evaluate_rules
from critic.rewrite import RewriteJob, check_many_for, rewrite_many


def evaluate(engine: Engine, items: list[LabelledItem]) -> EvalResult:
    """Score every rule the items name, and rewrite each flagged item as a review would."""
    result = evaluate_rules(engine, items)
    findings = result.findings
    jobs = [RewriteJob(item.text, item.kind, findings[i]) for i, item in enumerate(items) if findings[i]]
    rewrites = iter(rewrite_many(jobs, engine.rule, check_many_for(engine)))
    for i in range(len(items)):
        rw = next(rewrites) if findings[i] else None
        result.rewrites.append(rw.to_dict() if rw is not None else None)
    return result
