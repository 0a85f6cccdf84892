"""Rewriting an interview answer: the sentence that hands the call away is replaced, not added to.

An answer fails a screen on one sentence: "the ML team would handle rollbacks", "we'd wait for more
data", "I'd defer to the data scientists". That sentence (the *carrier*: the match of a hand-off rule,
see HANDS_OFF) is replaced by a first-person version that answers the rules that fired: the candidate's
own decision, threshold, window and action, each a ``[placeholder]`` with its question. A carrier that
states the candidate's own figures ("we agreed that if complaints doubled, we would switch back") is kept,
and the first-person part follows it. Without a carrier the parts go at the end of the answer, before a
sign-off ("See you in the next video"), never after it.

When the question is known (a drill question, or a transcript question that matches one of the bank's),
the parts are the question's cover points the answer misses (:class:`CoverPoint`, at most MAX_POINTS),
not every rule's ask. A cost total that the cost check recomputed is replaced by the recomputation
("$18,250 a month (2M requests/day × 600 tokens × $0.50 per 1M tokens × 30.42 days)"); its numbers are
listed in ``Rewrite.derived``, the only numbers the number guard accepts besides the answer's own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from critic.costmath import RECOMPUTED
from critic.findings import Finding, severity_rank
from critic.numbers import has_measure
from critic.rewrite.item import _analyse, _is_plan, _Item, outro_start
from critic.rewrite.model import _PLACEHOLDER_RE, Placeholder, Rewrite, default_sample
from critic.rewrite.restate import _decision_of, _Edit, _looks_deferral, _overlaps, _Restater
from critic.rewrite.roles import ROLES, RuleBook, RuleFacts, RuleLookup, book_of
from critic.rewrite.text import _cap_first, _sentence_text, inner_punctuation, tidy
from critic.rewrite.verbs import inflect

# Rules whose match is the phrase that hands the call to someone else or puts it off: waiting for more
# data (deference), someone else watching the model (vague-monitoring), a group agreeing
# (consensus-instead-of-decision). A rule that restates a decision in place and may answer a deferral
# (``decides``, black-box language) carries the answer only when its match is a deferral ("defer to").
HANDS_OFF = frozenset({"deference", "vague-monitoring", "consensus-instead-of-decision"})
MAX_POINTS = 3  # cover points asked for when the question is known
# in a report, the parts added to one answer carry at most this many placeholders: one focused addition (a
# kill criterion's action, metric, threshold and window is one part); a further raised rule's own question
# stands in its finding
MAX_ANSWER_PLACEHOLDERS = 4


@dataclass(frozen=True)
class CoverPoint:
    """One point a strong answer to a known question covers, and how a rewrite asks for it.

    say: the first-person sentence with placeholders that covers the point ("" : not asked in a rewrite);
    placeholders: the questions of its placeholders; when: the point is missing only when one of these
    rules fired (any answer if empty); unless: it is covered when the answer says one of these phrases.
    """

    text: str
    say: str = ""
    placeholders: tuple[Placeholder, ...] = ()
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def missing(self, answer: str, fired: Collection[str]) -> bool:
        """Whether the answer misses this point (and the point can be asked for)."""
        if not self.say:
            return False
        low = answer.lower()
        if any(p.lower() in low for p in self.unless):
            return False
        return not self.when or bool(set(self.when) & set(fired))


def cover_point(spec: Any, where: str = "covers") -> CoverPoint:
    """A cover point from the bank: a string (shown, never asked) or a mapping with ``text``, ``say``,
    ``ask`` (placeholder -> question), ``when`` and ``unless``. Raises ValueError on a malformed one."""
    if isinstance(spec, str):
        return CoverPoint(spec.strip())
    if not isinstance(spec, Mapping) or not str(spec.get("text") or "").strip():
        raise ValueError(f"{where}: a cover point is a string or a mapping with 'text'")
    unknown = set(spec) - {"text", "say", "ask", "when", "unless"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    say = " ".join(str(spec.get("say") or "").split())
    ask = spec.get("ask") or {}
    if not isinstance(ask, Mapping):
        raise ValueError(f"{where}: 'ask' maps each placeholder to its question")
    slots = [m.group(0) for m in _PLACEHOLDER_RE.finditer(say)]
    if say and (sorted(set(slots)) != sorted(ask) or not all(str(q).strip() for q in ask.values())):
        raise ValueError(f"{where}: 'ask' must give a question for each placeholder of 'say' ({', '.join(slots)})")
    if say and re.search(r"\d", _PLACEHOLDER_RE.sub("", say)):
        raise ValueError(f"{where}: 'say' holds a number outside a placeholder")
    placeholders = tuple(Placeholder(str(p), str(q).strip(), default_sample(str(p))) for p, q in ask.items())

    def words(key: str) -> tuple[str, ...]:
        value = spec.get(key) or ()
        return (value,) if isinstance(value, str) else tuple(str(v) for v in value)

    return CoverPoint(str(spec["text"]).strip(), say, placeholders, words("when"), words("unless"))


@dataclass
class _Ask:
    """One part of GOOD: a sentence with placeholders, and the rules it answers."""

    text: str
    placeholders: tuple[Placeholder, ...]
    rules: list[str] = field(default_factory=list)
    prepend: bool = False  # goes before the answer (a rule whose action is "prepend")


@dataclass
class _Fired:
    rule: str
    facts: RuleFacts
    spans: list[tuple[int, int]]


def _spans(text: str, finding: Finding) -> list[tuple[int, int]]:
    """The finding's "match" spans in text, in order."""
    out: list[tuple[int, int]] = []
    for ev in finding.evidence:
        if ev.kind == "match" and ev.start is not None and ev.end is not None and 0 <= ev.start < ev.end <= len(text):
            if (ev.start, ev.end) not in out:
                out.append((ev.start, ev.end))
    return out


def _form(facts: RuleFacts, plan: bool) -> str:
    """The rule's spoken sentence (for a plan when the answer is one), else its note or its template."""
    part = facts.part
    declared = {p.text for p in facts.placeholders}
    forms = [part.spoken_plan if plan else "", part.spoken, part.note_plan if plan else "", part.note] if part else []
    for form in forms:
        if form and all(m.group(0) in declared for m in _PLACEHOLDER_RE.finditer(form)):
            return form
    template, _ = facts.template_for("answer")
    return _sentence_text(template.strip().lstrip(",;:— ").strip()) if template.strip() else ""


_WILL_RE = re.compile(r"\b(?:will|won't|shall)\b|['’]ll\b", re.IGNORECASE)


# what the deferred call was about, right after the deferral: "... decide | which notes need a review"
_TOPIC_RE = re.compile(r"\s*((?:which|what|whether|when|how|who|where|on|about)\b[^,;:.!?]{1,80}?)\s*(?:[,;:.!?]|$)",
                       re.IGNORECASE)


def _own_decision(fired: _Fired, plan: bool, sentence: str = "", after: str = "") -> _Ask | None:
    """ "I'd decide [what you decided] myself." (in the sentence's tense) for a deferral to someone else;
    with what the call was about when the deferral names it (`after`: the words after the deferral):
    "I'd decide which notes need a review myself: [what you decided]."."""
    d = _decision_of(fired.rule, fired.facts.template_for("answer")[0], fired.facts.participation)
    if d is None:
        return None
    if _WILL_RE.search(sentence):
        verb = f"I'll {d.verb}"
    else:
        verb = f"I'd {d.verb}" if plan else f"I {inflect(d.verb, 'past')}"
    topic = _TOPIC_RE.match(after)
    if topic and len(topic.group(1).split()) <= 12:
        return _Ask(f"{verb} {topic.group(1).strip()} myself: {d.placeholder}.", fired.facts.placeholders,
                    [fired.rule])
    return _Ask(f"{verb} {d.placeholder} myself.", fired.facts.placeholders, [fired.rule])


class _Answer:
    """Builds one answer's GOOD (see the module docstring)."""

    def __init__(self, text: str, findings: Sequence[Finding], book: RuleBook, item: _Item,
                 covers: Sequence[CoverPoint]) -> None:
        self.text, self.item, self.covers = text, item, covers
        self.plan = _is_plan(item)
        self.findings = list(findings)
        self.fired: list[_Fired] = []
        for f in findings:
            facts = book.facts(f.rule)
            if facts is not None and all(x.rule != f.rule for x in self.fired):
                self.fired.append(_Fired(f.rule, facts, _spans(text, f)))

    def carrier(self) -> tuple[tuple[int, int], list[_Fired]] | None:
        """The sentence that hands the call away, and the rules whose match is in it."""
        outro = outro_start(self.item)
        # the earliest hand-off, whatever the findings' order, and never a word of the sign-off
        starts = [(fired.spans[0][0], n) for n, fired in enumerate(self.fired)
                  if self._hands_off(fired) and (outro is None or fired.spans[0][0] < outro)]
        if not starts:
            return None
        sent = self.item.sentence_of(min(starts)[0])
        with_it = [x for x in self.fired if any(sent[0] <= s < sent[1] for s, _ in x.spans)]
        return sent, with_it

    def _hands_off(self, fired: _Fired) -> bool:
        """Whether the rule's match hands the call to someone else or puts it off."""
        part = fired.facts.part
        return bool(fired.spans) and (fired.rule in HANDS_OFF or (
            part is not None and part.decides and _looks_deferral(self.item, fired.spans[0])))

    def build(self, own: frozenset[str] = frozenset(), focused: bool = False) -> Rewrite:
        text = self.text
        edits: list[_Edit] = []
        removed: list[str] = []
        derived: list[str] = []
        answered: list[str] = []
        done: set[str] = set()
        # a wrong cost total: the recomputation the cost check made from the answer's own inputs
        for f in self.findings:
            for ev in f.evidence:
                if ev.source == RECOMPUTED and ev.text and ev.start is not None and ev.end is not None:
                    edit = _Edit(ev.start, ev.end, ev.text)
                    if not _overlaps(edit, edits):
                        edits.append(edit)
                        removed.append(text[ev.start:ev.end])
                        derived.append(ev.text)
                        answered.append(f.rule)
                        done.add(f.rule)
        carried = self.carrier()
        carrier_rules = {x.rule for x in carried[1]} if carried else set()
        handing_off = {x.rule for x in carried[1] if self._hands_off(x)} if carried else set()
        fired_ids = {x.rule for x in self.fired}
        missing = [c for c in self.covers if c.missing(text, fired_ids)][:MAX_POINTS]
        asks: list[_Ask] = []
        if carried:
            for x in carried[1]:
                if x.facts.part is not None and x.facts.part.decides and x.rule not in HANDS_OFF:
                    end = max(e for s, e in x.spans if carried[0][0] <= s < carried[0][1])
                    ask = _own_decision(x, self.plan, text[carried[0][0]:carried[0][1]], text[end:carried[0][1]])
                    if ask is not None:
                        asks.append(ask)
                        done.add(x.rule)
        if missing:
            for c in missing:
                asks.append(_Ask(c.say, c.placeholders, [r for r in c.when if r in fired_ids]))
            done |= carrier_rules | {r for c in missing for r in c.when}
        for x in self.fired:  # restated in place: "worked with" -> "decided [what you decided] with"
            part = x.facts.part
            if x.rule in done or part is None or not part.restate or not x.spans or x.rule in own:
                continue
            d = _decision_of(x.rule, x.facts.template_for("answer")[0], x.facts.participation)
            restater = _Restater(self.item, d) if d is not None else None
            new = restater.restate(x.spans) if restater is not None else None
            if restater is not None and new and not any(_overlaps(e, edits) for e in new) and not (
                    carried and any(carried[0][0] <= e.start < carried[0][1] for e in new)):
                edits.extend(new)
                removed.extend(restater.removed)
                answered.append(x.rule)
                done.add(x.rule)
        for x in self.fired:  # a replacement at the rule's match ("[total recomputed from your inputs]")
            if x.rule in done or x.facts.action != "replace-match" or not x.spans or (
                    x.facts.part is not None and x.facts.part.restate):
                continue
            edit = _Edit(*x.spans[0], x.facts.template_for("answer")[0].strip())
            if edit.text and not _overlaps(edit, edits):
                edits.append(edit)
                removed.append(text[x.spans[0][0]:x.spans[0][1]])
                answered.append(x.rule)
                done.add(x.rule)
        prefixes: list[_Ask] = []
        if not missing:
            for ask in self._rule_asks(done, own):
                (prefixes if ask.prepend else asks).append(ask)
        if not missing:  # the part that answers the hand-off comes first (cover points keep the bank's order)
            asks.sort(key=lambda a: not set(a.rules) & handing_off)
            if focused:  # the most severe raised finding's part is kept first (then the findings' order)
                rank: dict[str, tuple[int, int]] = {}
                for n, f in enumerate(self.findings):
                    rank.setdefault(f.rule, (-severity_rank(f.severity), n))
                last = (1, len(rank))
                asks.sort(key=lambda a: (not set(a.rules) & handing_off,
                                         min((rank.get(r, last) for r in a.rules), default=last)))
                asks = _focused(asks)
        for ask in prefixes + asks:
            answered.extend(ask.rules)
        if prefixes:
            edits.append(_Edit(0, 0, " ".join(_cap_first(a.text.strip()) for a in prefixes) + " ", order=-1))
        block = " ".join(_cap_first(a.text.strip()) for a in asks if a.text.strip())
        if block and carried and not has_measure(text[carried[0][0]:carried[0][1]]):
            s, e = carried[0]
            edits.append(_Edit(s, e, block + " ", order=10_000))
            removed.append(text[s:e])
        elif block:
            outro = outro_start(self.item)
            at = outro if outro is not None else (carried[0][1] if carried else len(text))
            edits.append(_Edit(at, at, " " + block + " ", order=10_000))
        good = text
        for e in sorted(edits, key=lambda e: (e.start, e.order), reverse=True):
            good = good[: e.start] + e.text + good[e.end:]
        good = tidy(good, multi_sentence=True, keep=inner_punctuation(text))
        return Rewrite(bad=text, good=good, placeholders=_placeholders(good, asks + prefixes, self.fired, text),
                       rules=list(dict.fromkeys(answered)), replaced=removed, derived=derived)

    def _rule_asks(self, done: set[str], own: frozenset[str]) -> list[_Ask]:
        """One part per role, from the raised rule of lowest rank (its ``answers`` cover other roles); a
        rule in ``own`` (still flagged after the first build) gets a part of its own."""
        out: list[_Ask] = []
        by_role: dict[str, _Ask] = {}
        todo = sorted((x for x in self.fired if x.rule not in done),
                      key=lambda x: (x.facts.role, x.facts.part.rank if x.facts.part else 0, x.rule))
        for x in todo:
            part = x.facts.part
            role = ROLES[x.facts.role]
            if part is not None and role in by_role and x.rule not in own:
                by_role[role].rules.append(x.rule)  # the part already there asks for the same thing
                continue
            if part is not None and part.restate:
                ask = _own_decision(x, self.plan) if part.decides or x.rule in own else None
            elif x.facts.action == "replace-match":
                ask = None  # placed at its match (see build), or nothing to replace
            elif x.facts.action == "prepend":
                template = x.facts.template_for("answer")[0].strip()
                ask = _Ask(template, x.facts.placeholders, [x.rule], prepend=True) if template else None
            else:
                form = _form(x.facts, self.plan)
                ask = _Ask(form, x.facts.placeholders, [x.rule]) if form else None
            if ask is None:
                continue
            out.append(ask)
            if part is not None:
                for r in (role, *part.answers):
                    by_role.setdefault(r, ask)
        return out


def _focused(asks: Sequence[_Ask]) -> list[_Ask]:
    """The parts in order while their placeholders fit MAX_ANSWER_PLACEHOLDERS (the first part always)."""
    kept: list[_Ask] = []
    total = 0
    for ask in asks:
        n = len(_PLACEHOLDER_RE.findall(ask.text))
        if kept and total + n > MAX_ANSWER_PLACEHOLDERS:
            continue
        kept.append(ask)
        total += n
    return kept


def _placeholders(good: str, asks: Sequence[_Ask], fired: Sequence[_Fired], bad: str) -> list[Placeholder]:
    """Every placeholder of GOOD in order of appearance, with its question."""
    specs: dict[str, Placeholder] = {}
    for p in [p for ask in asks for p in ask.placeholders]:
        have = specs.get(p.text)
        if have is None:
            specs[p.text] = p
        elif p.question not in have.question:  # two parts ask differently for one placeholder: both questions
            specs[p.text] = Placeholder(p.text, f"{have.question} {p.question}", have.sample)
    for x in fired:
        for p in x.facts.placeholders:
            specs.setdefault(p.text, p)
    out: list[Placeholder] = []
    for m in _PLACEHOLDER_RE.finditer(good):
        text = m.group(0)
        if any(p.text == text for p in out) or (text in bad and text not in specs):
            continue
        out.append(specs.get(text) or Placeholder(text, f"What is {text.strip('[]')}?", default_sample(text)))
    return out


def answer_steps(text: str, findings: Sequence[Finding], rules: RuleLookup | RuleBook, *, checked: bool,
                 doc: Any = None, covers: Sequence[CoverPoint] = (), focused: bool = False
                 ) -> Generator[str, Sequence[Finding | str], Rewrite | None]:
    """The rewrite of one answer; when ``checked``, yields each filled GOOD to re-check and takes its findings
    (a rule still flagging gets a part of its own, unless the question's cover points lead the rewrite).
    ``focused`` (a report's rewrite): one focused addition, not a part for every raised rule."""
    answer = _Answer(text, findings, book_of(rules), _analyse(text, "answer", doc), covers)
    if not answer.fired and not any(ev.source == RECOMPUTED for f in findings for ev in f.evidence):
        return None
    rw = answer.build(focused=focused)
    first = set(rw.rules)
    if rw.good == tidy(text, multi_sentence=True, keep=inner_punctuation(text)) and not rw.placeholders:
        return None
    fired = {x.rule for x in answer.fired}
    own: frozenset[str] = frozenset()
    if checked:
        for _ in range(2):
            found = yield rw.filled()
            still = ({f if isinstance(f, str) else f.rule for f in found} & fired) - own - {"cost-math"}
            if focused:
                still &= first  # a rule left out to keep the answer focused is not brought back
            if not still or any(c.missing(text, fired) for c in covers):
                break
            own = own | still
            rw = answer.build(own, focused=focused)
    return rw
