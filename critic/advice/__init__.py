"""The advice layer: which literal findings a coach would raise, and which stay notes.

The rules find every weakness they define (the literal layer). A hiring-committee coach raises only some
of them: what decides is the item's type, how relevant and recent its role is, whether the item already
shows what the check asks for, and a comment budget (at most two asks per bullet and about two per role,
spent on the bullets a committee reads first). ``advise`` applies those gates, which each rule names in
its YAML ``advice:`` block (gate kinds are code in :mod:`critic.advice.gates`), and returns:

- the item findings, each either *raised* (its rule's severity) or kept as an ``info`` note with the reason
  it was not raised;
- document findings that lead the report (no quantified AI outcome in the latest role, no AI decision of
  the candidate's own anywhere);
- a short screen-prep list: the bullets a screener is most likely to probe for kill criteria and
  trade-offs, as questions to prepare rather than edits.

Transcripts are not gated: an answer is judged as spoken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from critic.advice.context import EntryInfo, ItemInfo, document_items
from critic.advice.gates import GATES, OUTCOME_REPORTED, GateInput
from critic.errors import CriticError
from critic.findings import Finding, severity_rank
from critic.model import Document

__all__ = ["Advice", "PrepQuestion", "advise", "ITEM_BUDGET", "ROLE_BUDGET"]

ITEM_BUDGET = 2  # raised asks on one item
ROLE_BUDGET = 2  # raised asks in one role (entry)
SUMMARY_BUDGET = 1  # raised asks across the summary
TRADE_OFF_BUDGET = 2  # raised trade-off asks in one resume
DEFAULT_ADVICE: Mapping[str, Any] = {"gate": "always", "priority": 9}  # a rule with no advice block


@dataclass(frozen=True)
class PrepQuestion:
    """A bullet a screener is likely to probe, and the question to prepare for it."""

    item_id: str
    text: str
    rule: str
    question: str

    def to_dict(self) -> dict[str, str]:
        return {"item_id": self.item_id, "text": self.text, "rule": self.rule, "question": self.question}


@dataclass
class Advice:
    """The advice layer's result for one document."""

    findings: dict[str, list[Finding]]  # item id -> findings (raised keep severity; the rest are info notes)
    document_findings: list[Finding]
    prep: list[PrepQuestion] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # item ids not judged because they were read cut
    items: dict[str, ItemInfo] = field(default_factory=dict)


def rule_advice(rules: Any, rule_id: str) -> Mapping[str, Any]:
    """A rule's YAML ``advice:`` block, looked up with ``rules`` (``Engine.rule``); empty for a rule that has
    none or is unknown."""
    try:
        rule = rules(rule_id)
    except (LookupError, CriticError):
        return {}
    data = getattr(rule, "advice", None)
    return data if isinstance(data, Mapping) else {}


def _advice_of(rules: Any, rule_id: str) -> Mapping[str, Any]:
    return rule_advice(rules, rule_id) or DEFAULT_ADVICE


def _note(f: Finding, reason: str) -> Finding:
    return replace(f, severity="info", raised=False, note=reason)


def _prep_question(rule: str) -> str:
    if rule == "missing-kill-criteria":
        return ("What number, over what window, would have made you stop or roll it back, and who would "
                "have made that call?")
    return "What did you give up for this, and why was it worth it?"


def _strongest_decision(roles: list[ItemInfo]) -> ItemInfo | None:
    """The first role item (latest roles first) whose wording states a decision with a tension."""
    from critic.advice.gates import trade_off

    for info in sorted(roles, key=lambda i: (max(i.entry.index, 0), i.position)):
        probe = Finding("missing-trade-off", "warning", "", 1.0, info.item.id)
        if info.entry.relevant and trade_off(GateInput(item=info.item, info=info, entry=info.entry,
                                                       finding=probe, literal=set())) is True:
            return info
    return None


def _gate_document(infos: list[ItemInfo], findings: Sequence[Finding], rules: Any,
                   prep: list[PrepQuestion]) -> list[Finding]:
    """Gate document-level findings the way item findings are gated (rule ``advice:`` blocks)."""
    roles = [i for i in infos if i.entry.entry is not None and i.item.type in ("achievement", "scope")]
    if not roles:
        return [_note(f, "nothing in the roles could be judged") for f in findings]
    anchor = ItemInfo(item=roles[0].item, entry=roles[0].entry, position=0, ai=any(i.ai for i in roles))
    out: list[Finding] = []
    for f in findings:
        data = _advice_of(rules, f.rule)
        gate = GATES.get(str(data.get("gate", "always")), GATES["always"])
        verdict = gate(GateInput(item=anchor.item, info=anchor, entry=anchor.entry, finding=f, literal=set()))
        if verdict is True:
            message = f.message
            if f.rule == "no-trade-off-anywhere":
                target = _strongest_decision(roles)
                if target is not None:
                    short = target.item.text if len(target.item.text) <= 70 else target.item.text[:67] + "..."
                    message = f"{message} Add one to your strongest decision: \u201c{short}\u201d ({target.item.id})."
            out.append(replace(f, raised=True, message=message))
            continue
        out.append(_note(f, verdict or "noted, not raised"))
        if data.get("gate") == "interview-prep" and not prep:
            first_ai = next((i for i in roles if i.ai), None)
            if first_ai is not None:
                prep.append(PrepQuestion(first_ai.item.id, first_ai.item.text, "missing-kill-criteria",
                                         _prep_question("missing-kill-criteria")))
    return out


def advise(doc: Document, per_item: Mapping[str, Sequence[Finding]], document_findings: Sequence[Finding],
           rules: Any) -> Advice:
    """Gate the literal findings of a document into raised advice and notes (see the module docstring).

    ``rules`` looks a rule up by id (``Engine.rule``); a rule's YAML ``advice:`` block names its gate.
    """
    if doc.kind == "transcript":
        return Advice(findings={k: list(v) for k, v in per_item.items()},
                      document_findings=list(document_findings))
    infos = document_items(doc)
    out: dict[str, list[Finding]] = {}
    set_aside: list[str] = []
    trade_offs = 0
    budgets: dict[int, int] = {}
    prep_pool: list[tuple[tuple[int, int, int], PrepQuestion]] = []
    literal: dict[str, set[str]] = {iid: {f.rule for f in fs} for iid, fs in per_item.items()}
    for info in infos:
        item = info.item
        findings = list(per_item.get(item.id, ()))
        if not findings:
            continue
        if item.read != "whole":
            set_aside.append(item.id)
            out[item.id] = [_note(f, f"not judged: the line looks {item.read} in reading "
                                     f"({item.read_note or 'check the original'})") for f in findings]
            continue
        gated: list[tuple[int, Finding, Mapping[str, Any]]] = []
        for f in findings:
            data = _advice_of(rules, f.rule)
            types = data.get("types")
            if types and item.type not in types:
                continue  # the check does not apply to this kind of item: no finding at all
            gated.append((int(data.get("priority", 9)), f, data))
        gated.sort(key=lambda t: (t[0], t[1].rule))
        entry = info.entry
        budget_key = entry.key
        cap = SUMMARY_BUDGET if entry.summary else ROLE_BUDGET
        results: list[Finding] = []
        raised_here = 0
        for _priority, f, data in gated:
            gate = GATES.get(str(data.get("gate", "note")), GATES["note"])
            verdict = gate(GateInput(item=item, info=info, entry=entry, finding=f,
                                     literal=literal.get(item.id, set())))
            if verdict is not True:
                results.append(_note(f, verdict or "noted, not raised"))
                if verdict == OUTCOME_REPORTED and info.ai and entry.relevant:
                    prep_pool.append(((0, entry.index, info.position),
                                      PrepQuestion(item.id, item.text, f.rule, _prep_question(f.rule))))
                continue
            if info.duplicate_of is not None:
                results.append(_note(f, f"same claim as item {info.duplicate_of}: raised there once"))
                continue
            if raised_here >= ITEM_BUDGET:
                results.append(_note(f, "this bullet already has two asks"))
                continue
            if budgets.get(budget_key, 0) >= cap:
                if f.rule == "missing-trade-off" and info.ai:
                    prep_pool.append(((1, entry.index, info.position),
                                      PrepQuestion(item.id, item.text, f.rule, _prep_question(f.rule))))
                where = "the summary's comment is" if entry.summary else "this role's two comments are"
                results.append(_note(f, f"{where} already used on earlier bullets"))
                continue
            if f.rule == "missing-trade-off":
                if trade_offs >= TRADE_OFF_BUDGET:
                    results.append(_note(f, "two trade-offs are already asked for in this resume"))
                    continue
                trade_offs += 1
            raised_here += 1
            budgets[budget_key] = budgets.get(budget_key, 0) + 1
            results.append(replace(f, raised=True))
        # keep the rules' reading order: raised first (most severe first), then notes
        results.sort(key=lambda f: (not f.raised, -severity_rank(f.severity), f.rule))
        out[item.id] = results
    for iid, fs in per_item.items():
        out.setdefault(iid, list(fs))
    prep_pool.sort(key=lambda t: t[0])
    prep: list[PrepQuestion] = []
    seen: set[str] = set()
    for _key, q in prep_pool:
        if q.item_id in seen:
            continue
        seen.add(q.item_id)
        prep.append(q)
        if len(prep) == 3:
            break
    from critic.advice.headline import headline_findings

    doc_findings = [*headline_findings(infos, per_item),
                    *_gate_document(infos, document_findings, rules, prep)]
    return Advice(findings=out, document_findings=doc_findings, prep=prep, set_aside=set_aside,
                  items={i.item.id: i for i in infos})


__all__ += ["EntryInfo", "ItemInfo", "rule_advice"]
