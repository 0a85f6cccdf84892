"""The library API: ``critic.review(path or bytes) -> Report``.

>>> from critic.api import review
>>> report = review("resume.pdf")                      # doctest: +SKIP
>>> report.score, [r.rewrite.good for r in report.flagged if r.rewrite]   # doctest: +SKIP
>>> report.to_json()                                    # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from critic.advice.context import product_work
from critic.config import Config, config_for, load_config
from critic.errors import ConfigError, CriticError
from critic.findings import SEVERITIES, Finding, severity_rank
from critic.model import Document
from critic.report import ItemResult, Report, RuleInfo
from critic.rewrite import RewriteJob, canonical_example, check_many_for, rewrite_many
from critic.score import JUDGED_KINDS, ResumeScore, RoleItem, band, resume_score, score_document, top_edits

if TYPE_CHECKING:
    from critic.advice import Advice
    from critic.answers.metrics import TranscriptMetrics
    from critic.engine import Engine
    from critic.nlp.context import ItemContext

__all__ = ["Config", "Report", "answer_metrics", "build_report", "engine_for", "review"]

_ENGINES: dict[tuple[Any, ...], Engine] = {}


def engine_for(config: Config) -> Engine:
    """A rule engine set up from config; built once per distinct set-up in this process."""
    key = config.engine_key()
    engine = _ENGINES.get(key)
    if engine is None:
        from critic.engine import Engine

        try:
            engine = Engine(rule_dirs=config.rule_dirs, lexicon_dirs=config.lexicon_dirs, select=config.select,
                            ignore=config.ignore, severity=dict(config.severity) or None,
                            spacy_model=config.spacy_model)
        except ConfigError as exc:
            # name the config file that set the engine up (its settings, rule packs and pipeline)
            if config.path is not None:
                raise ConfigError(f"{config.path}: {exc}", path=str(config.path), key=exc.key,
                                  rule=exc.rule) from None
            raise
        _ENGINES[key] = engine
    return engine


def _first_line(text: Any) -> str:
    for line in str(text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[A-Z\"“(])")


def why_line(description: Any) -> str:
    """The one-line "why" of a rule: its description's first sentence (hard-wrapped lines joined)."""
    paragraph = " ".join(str(description or "").strip().split("\n\n", 1)[0].split())
    for m in _SENTENCE_END.finditer(paragraph):
        if m.start() >= 40:
            return paragraph[: m.start() + (1 if paragraph[m.start()] in "\"”)" else 0)].strip()
    return paragraph


def _rule_info(engine: Engine, rule_id: str, severity: str, message: str) -> RuleInfo:
    try:
        rule = engine.rule(rule_id)
    except CriticError:
        return RuleInfo(rule_id, severity, message)
    example = canonical_example(rule) or ("", "")
    return RuleInfo(
        id=rule_id,
        severity=severity,
        message=rule.message or message,
        why=why_line(rule.description),
        example_bad=example[0],
        example_good=example[1],
        source=_first_line(rule.source),
        theme=rule.theme,
    )


def _ordered(findings: Iterable[Finding], min_rank: int) -> list[Finding]:
    kept = [f for f in findings if severity_rank(f.severity) >= min_rank]
    return sorted(kept, key=lambda f: (-severity_rank(f.severity), f.rule))


def build_report(doc: Document, engine: Engine, *, min_severity: str = "info", explain: bool = False,
                 suppressed: Mapping[str, set[str]] | None = None,
                 contexts: Mapping[str, ItemContext] | None = None,
                 added: Mapping[str, Sequence[Finding]] | None = None,
                 asks: Callable[[list[Finding]], list[Finding]] | None = None) -> Report:
    """Run the rules over a parsed document, gate them into advice, rewrite raised items, score, and pick
    the top edits.

    contexts: the items already annotated (``Engine.document_contexts``), not annotated again. added: literal
    findings by item id found outside the rules (such as a cost total wrong only with the question's
    volume); a rule already firing on the item keeps its own. asks: the findings an item's rewrite answers,
    in order (default: the asked ones, else those the budget held back, by rule priority).
    """
    from critic.parse.itemtype import assign_types

    assign_types(doc)  # item types decide what is judged and raised
    if min_severity not in SEVERITIES:
        raise ConfigError(f"min-severity: expected one of {', '.join(SEVERITIES)}, got {min_severity!r}")
    min_rank = severity_rank(min_severity)
    notices = list(engine.notices)
    english = not (doc.language not in (None, "en") and doc.items())
    if not english:
        # the lexicons and patterns are English: judging other languages would only produce noise
        per_item, doc_level = {}, []  # the parse warning already tells the user why
        contexts = None
    else:
        if contexts is None:
            contexts = engine.document_contexts(doc)  # annotated once for the rules and the answer metrics
        per_item, doc_level = engine.check_document(doc, contexts)
    for item_id, extra in (added or {}).items():
        fired = {f.rule for f in per_item.get(item_id, ())}
        per_item[item_id] = [*per_item.get(item_id, ()), *(f for f in extra if f.rule not in fired)]
    if suppressed:  # inline `critic: ignore` directives: gone before anything is gated or scored
        from critic.suppress import suppress_findings

        per_item, doc_level, removed = suppress_findings(per_item, doc_level, suppressed)
        if removed:
            notices.append(f"{removed} finding{'s' if removed != 1 else ''} suppressed by critic: ignore comments")
    from critic.advice import advise

    advice = advise(doc, per_item, doc_level, engine.rule)
    per_item, doc_level = advice.findings, advice.document_findings
    if doc.kind == "transcript":  # a wrong cost total: the message says the recomputed one
        from critic.costmath import with_recomputation

        per_item = {k: with_recomputation(v) for k, v in per_item.items()}
    metrics = answer_metrics(doc, engine, contexts) if english else None
    by_answer = {m.id: m for m in metrics.answers} if metrics is not None else {}
    items = doc.items()
    found = [_ordered(per_item.get(item.id, ()), min_rank) for item in items]
    # the rewrites re-read each item (reusing its annotation when it came from critic's default pipeline)
    # and re-check judged items' GOOD against the rules that fired, all items' re-checks in one batch
    docs = _default_docs(engine, contexts, items)
    contexts = None  # the rules' caches are done with: let them go before the rewrites
    # only what is raised is rewritten (notes never add clauses), and what the per-role budget alone held back:
    # a real weakness the report lists under --all and in JSON, not in its default advice
    asks_of = asks or (lambda findings: sorted([f for f in findings if f.asked] or _held_by_budget(findings),
                                               key=lambda f: _priority(engine, f.rule)))
    item_asks = [asks_of(findings) for findings in found]
    covers = _answer_covers(items) if doc.kind == "transcript" else {}
    jobs = [RewriteJob(item.text, item.kind, raised, checked=item.kind in JUDGED_KINDS, doc=docs.get(item.id),
                       item_type=item.type if doc.kind != "transcript" else None, covers=covers.get(item.id, ()),
                       focused=True)
            for item, raised in zip(items, item_asks, strict=True) if raised]
    rewrites = iter(rewrite_many(jobs, engine.rule, check_many_for(engine)))
    results: list[ItemResult] = []
    for item, findings, raised in zip(items, found, item_asks, strict=True):
        rw = next(rewrites) if raised else None
        results.append(ItemResult(item=item, findings=findings, rewrite=rw, metrics=by_answer.get(item.id)))
    document_findings = _ordered(doc_level, min_rank)
    raised_only = [(r.item.id, r.item.kind, [f for f in r.findings if f.raised]) for r in results]
    if doc.kind == "transcript":
        scores = score_document(raised_only, document_findings)
        top = top_edits(scores, [r.item.id for r in results], [r.item.id for r in results if r.rewrite])
        resume = None
    else:
        scores = score_document([t for t, r in zip(raised_only, results, strict=True)
                                 if r.item.type in JUDGED_TYPES and r.item.read == "whole"], document_findings)
        resume = _resume_score(advice, results, doc_level)
        top = _top_edits(advice, results)
    for r in results:
        r.score = scores.items.get(r.item.id)
        r.gain = scores.gains.get(r.item.id, 0.0)
    if not scores.items or not english:
        document_score = None
    else:
        document_score = resume.score if resume is not None else scores.document
    rules: dict[str, RuleInfo] = {}
    for f in [*(f for r in results for f in r.findings), *document_findings]:
        if f.rule not in rules:
            rules[f.rule] = _rule_info(engine, f.rule, f.severity, f.message)
    return Report(document=doc, items=results, document_findings=document_findings, score=document_score,
                  top_edits=top, rules=rules, notices=notices,
                  score_version=scores.version, explain=explain, metrics=metrics,
                  score_band=band(document_score) if resume is not None else None,
                  score_reasons=list(resume.reasons) if resume is not None and document_score is not None else [],
                  prep=list(advice.prep), set_aside=list(advice.set_aside))


JUDGED_TYPES = ("achievement", "scope", "summary")
# the advice layer's note on a finding held back only because its role's (or the summary's) comments are spent
_BUDGET_NOTE = "already used on earlier bullets"


def _held_by_budget(findings: Iterable[Finding]) -> list[Finding]:
    """Findings not raised only because the budget of comments was spent (not for what the item is), at
    most two as on a raised item."""
    return [f for f in findings if not f.raised and f.note.endswith(_BUDGET_NOTE)][:2]


def _priority(engine: Engine, rule_id: str) -> int:
    """A rule's ask priority from its advice block (1 = asked first); rules without one come last."""
    from critic.advice import rule_advice

    return int(rule_advice(engine.rule, rule_id).get("priority", 99))


def _resume_score(advice: Advice, results: list[ItemResult], doc_level: list[Finding]) -> ResumeScore:
    """Score v2 of a resume from its advice context and literal findings (notes included)."""
    role_items: list[RoleItem] = []
    titles: list[str] = []
    for r in results:
        info = advice.items.get(r.item.id)
        if info is None or r.item.read != "whole" or r.item.type not in ("achievement", "scope") \
                or r.item.kind not in JUDGED_KINDS:
            continue
        fired = {f.rule for f in r.findings}
        role_items.append(RoleItem(role_index=info.entry.index, relevant=info.entry.relevant, ai=info.ai,
                                   measured="missing-quantification" not in fired,
                                   own="black-box-language" not in fired, product=product_work(r.item.text)))
    for info in advice.items.values():
        entry = info.entry.entry
        if entry is not None and 0 <= info.entry.index <= 1:
            titles.append(" ".join(x for x in (entry.title, entry.header) if x))
    fired_doc = {f.rule for f in doc_level}
    return resume_score(role_items, titles=sorted(set(titles)),
                        trade_off="no-trade-off-anywhere" not in fired_doc,
                        kill_criteria="no-kill-criteria-anywhere" not in fired_doc)


def _top_edits(advice: Advice, results: list[ItemResult], k: int = 3) -> list[str]:
    """The edits that change a committee's read most: the best raised item of each role (most asks, AI work,
    earliest bullet), then across roles by the same order and recency; one per bullet, at most one per role
    until every role with an edit has one."""
    best: dict[int, tuple[tuple[int, int, int, int], str]] = {}
    ranked: list[tuple[tuple[int, int, int, int], str]] = []
    for r in results:
        info = advice.items.get(r.item.id)
        raised = [f for f in r.findings if f.raised]
        if info is None or r.rewrite is None or not raised:
            continue
        key = (-len(raised), 0 if info.ai else 1, max(info.entry.index, 0), info.position)
        ranked.append((key, r.item.id))
        if info.entry.key not in best or key < best[info.entry.key][0]:
            best[info.entry.key] = (key, r.item.id)
    first = sorted(best.values())
    chosen = [item_id for _key, item_id in first[:k]]
    for _key, item_id in sorted(ranked):
        if len(chosen) >= k:
            break
        if item_id not in chosen:
            chosen.append(item_id)
    return chosen


def _default_docs(engine: Engine, contexts: Mapping[str, ItemContext] | None, items: list[Any]) -> dict[str, Any]:
    """Item id -> the item's annotated doc, when the engine annotates with critic's default pipeline."""
    if not contexts or engine.spacy_model is not None:
        return {}
    return {item.id: contexts[item.id].doc for item in items
            if item.id in contexts and contexts[item.id].text == item.text}


def _answer_covers(items: list[Any]) -> dict[str, Any]:
    """Answer id -> the cover points of the bank question it answers (critic.answers.drill), when it is one."""
    from critic.answers.drill import covers_for

    return {item.id: covers_for(item.question) for item in items if item.kind == "answer" and item.question}


def answer_metrics(doc: Document, engine: Engine,
                   contexts: Mapping[str, ItemContext] | None = None) -> TranscriptMetrics | None:
    """A transcript's answer metrics, measured with the engine's own framing and trade-off matchers (None for
    resumes)."""
    if doc.kind != "transcript":
        return None
    from critic.answers.metrics import transcript_metrics

    return transcript_metrics(doc, engine, contexts=contexts)


def resolve_config(source: str | Path | bytes, config: Config | str | Path | None) -> Config:
    """The Config for a source: given, read from a given path, or found by walking up from the file."""
    if isinstance(config, Config):
        return config
    if config is not None:
        return load_config(config)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return Config()
    return config_for(source)


def review(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    config: Config | str | Path | None = None,
    engine: Engine | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    severity: Mapping[str, str] | None = None,
    min_severity: str | None = None,
    spacy_model: str | None = None,
    limits: Any = None,
    explain: bool = False,
) -> Report:
    """Review a resume or transcript (a path or its bytes) and return its Report.

    config: a Config, a path to a config file, or None to use the nearest ``.critic.toml`` /
    ``pyproject.toml [tool.critic]`` above the file (bytes: built-in defaults).
    select/ignore/severity/min_severity/spacy_model override the config; ignore adds to it.
    engine: a ready ``critic.engine.Engine`` to reuse (then select/ignore/severity are its own).
    limits: a ``critic.parse.Limits`` for parsing (default: from the config).
    Bad input raises critic.errors.InputError; bad configuration raises ConfigError.
    """
    from critic.parse import parse

    cfg = resolve_config(source, config)
    cfg = cfg.merged(
        select=tuple(select) if select is not None else None,
        ignore=tuple(dict.fromkeys([*cfg.ignore, *ignore])) if ignore else None,
        severity={**cfg.severity, **severity} if severity else None,
        min_severity=min_severity,
        spacy_model=spacy_model,
    )
    if engine is None:
        engine = engine_for(cfg)
    doc = parse(source, name=name, limits=limits if limits is not None else cfg.parse_limits())
    return build_report(doc, engine, min_severity=cfg.min_severity, explain=explain)
