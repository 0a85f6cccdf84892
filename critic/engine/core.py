"""The Engine: loads rules and lexicons, compiles them once, and judges items and documents."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from critic.engine.kinds import CompiledRule
from critic.engine.matchers import MatcherIndex
from critic.engine.schema import Rule, load_rule_file, rule_files
from critic.errors import ConfigError
from critic.findings import SEVERITIES, Finding
from critic.lexicons import Lexicon, load_lexicons
from critic.model import Document
from critic.nlp.context import ITEM_KINDS, Annotator, ItemContext
from critic.resources import data_dir


class Engine:
    """Rules as data over critic's NLP pipeline.

    Built-in lexicons are always loaded, built-in rules unless `builtin_rules` is False (a pack that stands
    alone, such as a test's); `rule_dirs` / `lexicon_dirs` add a coach's pack, validated the same way. `select` keeps only the named rules, `ignore` drops some, `severity`
    overrides severities by rule id. `spacy_model` names an installed trained pipeline.
    """

    def __init__(self, *, rule_dirs: Sequence[Path] = (), lexicon_dirs: Sequence[Path] = (),
                 select: Collection[str] | None = None, ignore: Collection[str] = (),
                 severity: Mapping[str, str] | None = None, spacy_model: str | None = None,
                 builtin_rules: bool = True) -> None:
        self.notices: list[str] = []
        self.spacy_model = spacy_model
        self.annotator = Annotator(spacy_model)
        self.nlp = self.annotator.nlp
        self.lexicons: dict[str, Lexicon] = load_lexicons([data_dir("lexicons"), *map(Path, lexicon_dirs)])
        all_rules: dict[str, Rule] = {}
        for directory in [*([data_dir("rules")] if builtin_rules else []), *map(Path, rule_dirs)]:
            for path, theme in rule_files(Path(directory)):
                rule = load_rule_file(path, theme)
                if rule.id in all_rules:
                    raise ConfigError(f"{path}: rule id '{rule.id}' is already defined in {all_rules[rule.id].path}",
                                      path=str(path), key="id", rule=rule.id)
                all_rules[rule.id] = rule
        self.all_rule_ids = sorted(all_rules)
        for what, ids in (("select", select or ()), ("ignore", ignore), ("severity", (severity or {}).keys())):
            unknown = sorted(set(ids) - set(all_rules))
            if unknown:
                raise ConfigError(f"{what}: unknown rule '{unknown[0]}' (see `critic rules`)", key=what, rule=unknown[0])
        for rule_id, sev in sorted((severity or {}).items()):
            if sev not in SEVERITIES:
                raise ConfigError(f"severity for '{rule_id}' must be one of {', '.join(SEVERITIES)}, not {sev!r}",
                                  key="severity", rule=rule_id)
            all_rules[rule_id].severity = sev
        # compile every rule (even deselected ones) so a broken pack fails loudly
        self.index = MatcherIndex(self.nlp)
        self.used_lexicons: set[str] = set()
        compiled = {rid: CompiledRule.compile(r, self.index, self.lexicons, self.used_lexicons)
                    for rid, r in sorted(all_rules.items())}
        capabilities = self.annotator.capabilities()
        active: list[CompiledRule] = []
        for rid in sorted(compiled):
            if select is not None and rid not in select:
                continue
            if rid in ignore:
                continue
            missing = [n for n in compiled[rid].rule.needs if n not in capabilities]
            if missing:
                what = " and ".join({"pos": "POS tags", "dep": "dependency parses"}[m] for m in missing)
                self.notices.append(f"rule {rid} skipped: needs {what}; pass --spacy-model with a trained pipeline")
                continue
            active.append(compiled[rid])
        self._compiled = active
        # the rules that judge each item kind, in id order
        self._for_kind = {kind: [c for c in active if kind in c.rule.applies_to] for kind in ITEM_KINDS}
        self.rules: list[Rule] = [c.rule for c in active]
        self._by_id = {r.id: r for r in all_rules.values()}

    # -- rules ------------------------------------------------------------------------------------
    def rule(self, rule_id: str) -> Rule:
        """The rule named `rule_id` (loaded, even if deselected); ConfigError when unknown."""
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise ConfigError(f"unknown rule '{rule_id}' (see `critic rules`)", rule=rule_id) from None

    # -- items ------------------------------------------------------------------------------------
    def _judge(self, ctx: ItemContext, item_id: str | None = None,
               rules: Collection[str] | None = None) -> list[Finding]:
        findings = []
        for compiled in self._for_kind.get(ctx.kind, ()):
            if rules is not None and compiled.id not in rules:
                continue
            verdict = compiled.judge(ctx)
            if verdict is None:
                continue
            evidence, confidence = verdict
            evidence = sorted(evidence, key=_evidence_order)
            findings.append(Finding(rule=compiled.id, severity=compiled.rule.severity,
                                    message=compiled.message_for(evidence), confidence=confidence, item_id=item_id,
                                    evidence=evidence))
        return sorted(findings, key=lambda f: f.rule)

    def contexts(self, pairs: Sequence[tuple[str, str]]) -> list[ItemContext]:
        """Annotated contexts for (text, kind) pairs (see critic.nlp.context.Annotator)."""
        return self.annotator.contexts(pairs)

    def check(self, items: Sequence[ItemContext | tuple[str, str]],
              rules: Collection[str] | None = None) -> list[list[Finding]]:
        """Findings for each item, in order, each list sorted by rule id.

        An item is an ItemContext (already annotated by `contexts`: not annotated again) or a (text, kind)
        pair (kind: bullet | summary | answer), the pairs annotated here in one pass. `rules` judges only
        the rules with those ids (each rule is judged on its own, so their findings are those of a full
        check).
        """
        return [self._judge(ctx, rules=rules) for ctx in self._contexts_of(items)]

    def flagged(self, requests: Sequence[tuple[str, str, Collection[str] | None]]) -> list[list[str]]:
        """For many (text, kind, rule ids or None for all): the ids of the rules that flag each, sorted.

        The shape of the rewrite's batched re-check (``critic.rewrite.CheckMany``), where each rewrite asks
        about its own item's rules and only whether they still flag: no evidence is gathered.
        """
        out = []
        for ctx, (_, _, rules) in zip(self.contexts([(text, kind) for text, kind, _ in requests]), requests,
                                      strict=True):
            out.append([c.id for c in self._for_kind.get(ctx.kind, ())
                        if (rules is None or c.id in rules) and c.flags(ctx)])
        return out

    def _contexts_of(self, items: Sequence[ItemContext | tuple[str, str]]) -> list[ItemContext]:
        """The items as contexts: the (text, kind) pairs among them annotated in one pass."""
        annotated = iter(self.contexts([item for item in items if not isinstance(item, ItemContext)]))
        return [item if isinstance(item, ItemContext) else next(annotated) for item in items]

    # -- documents --------------------------------------------------------------------------------
    def document_contexts(self, doc: Document) -> dict[str, ItemContext]:
        """Annotated contexts of a document's judged items (bullet/summary/answer), by item id, in order."""
        items = [i for i in doc.items() if i.kind in ITEM_KINDS]
        contexts = self.contexts([(i.text, i.kind) for i in items])
        return {item.id: ctx for item, ctx in zip(items, contexts, strict=True)}

    def check_document(
        self, doc: Document, contexts: Mapping[str, ItemContext] | None = None
    ) -> tuple[dict[str, list[Finding]], list[Finding]]:
        """Findings per judged item id and document-level findings.

        `contexts` (from document_contexts) lets a caller that also needs the annotations annotate once.
        """
        if contexts is None:
            contexts = self.document_contexts(doc)
        per_item = {item_id: self._judge(ctx, item_id) for item_id, ctx in contexts.items()}
        return per_item, self.check_contexts_document(list(contexts.values()))

    def check_contexts_document(self, contexts: list[ItemContext]) -> list[Finding]:
        """Document-level findings over already annotated item contexts."""
        found = []
        for compiled in self._compiled:
            if "document" not in compiled.rule.applies_to:
                continue
            verdict = compiled.judge_document(contexts)
            if verdict is None:
                continue
            evidence, confidence = verdict
            found.append(Finding(rule=compiled.id, severity=compiled.rule.severity, message=compiled.rule.message,
                                 confidence=confidence, item_id=None, evidence=evidence))
        return sorted(found, key=lambda f: f.rule)


_EVIDENCE_KINDS = {"match": 0, "lexicon": 1, "absence": 2, "number": 3, "guard": 4}


def _evidence_order(e: object) -> tuple:
    start = getattr(e, "start", None)
    return (_EVIDENCE_KINDS.get(getattr(e, "kind", ""), 9), start if start is not None else -1, getattr(e, "source", ""))
