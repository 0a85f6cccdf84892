"""Composing GOOD from BAD and the raised rules, and re-checking it against them (one item or many)."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from critic.findings import Finding
from critic.lexicons import bundled, read_entries, word_set
from critic.rewrite.answer import CoverPoint, answer_steps
from critic.rewrite.guards import invented_numbers, numbers_in
from critic.rewrite.item import _analyse, _is_plan, _Item, _verb_led, named_change
from critic.rewrite.lead import (
    Lead,
    MetricClass,
    leads_a_team,
    metric_table,
    opening_lemma,
    part_result,
    result_lead,
    scale_in_place,
    stated_result_first,
    users_in_place,
    vague_change,
)
from critic.rewrite.model import _PLACEHOLDER_RE, Placeholder, Rewrite, default_sample
from critic.rewrite.restate import (
    PARTICIPATION_LEMMAS,
    _Decision,
    _decision_of,
    _Edit,
    _is_gerund,
    _looks_deferral,
    _overlaps,
    _Restater,
    part_clause,
)
from critic.rewrite.roles import ROLES, Part, RuleBook, RuleLookup, book_of
from critic.rewrite.slots import choice_slot, cost_slot, model_in_place
from critic.rewrite.text import (
    _ABBREVIATION_RE,
    _TERMINAL,
    MAX_WORDS,
    _cap_first,
    _clause_text,
    _is_sentence_template,
    _lower_first_word,
    _sentence_text,
    _split_terminal,
    inner_punctuation,
    over_budget,
    tidy,
    words,
)
from critic.rewrite.tidy import _Tidy
from critic.rewrite.trim import Detail, detail_lists, detail_sentence, names_aim, purposes
from critic.rewrite.verbs import _form_of, _is_verb, _lemma, inflect

if TYPE_CHECKING:
    from critic.engine import Engine


@dataclass
class _Rule:
    id: str
    role: int  # index in ROLES
    part: Part | None
    action: str
    template: str
    placeholders: list[Placeholder]
    spans: list[tuple[int, int]]  # match evidence spans (whole words of BAD)
    typed: bool = False  # the template is the item type's own clause
    named: str = ""  # for an achievement: the clause put right after the outcome it names without a number
    participation: str = ""  # the placeholder that replaces participation-only phrasing
    # the item type ("achievement", "scope", "summary") whose result or scale this rule asks inside the line:
    # an achievement's result leads ("Cut [deploy time] [X%] by building ..."), a scope line's size goes in place
    leads: str = ""
    scale: str = ""  # a scope line's scale class ("team", "users", "money"); a budget keeps its clause


_LEADING_TYPES = ("achievement", "scope", "summary")


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is whole words (not "assisted" inside "AI-assisted")."""
    def joined(a: str, b: str) -> bool:
        return (a.isalnum() and b.isalnum()) or (a in "-/" and b.isalnum()) or (a.isalnum() and b in "-/")

    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not joined(before, text[start]) and not joined(text[end - 1], after)


def _match_spans(bad: str, finding: Finding) -> list[tuple[int, int]]:
    """Spans of the finding's "match" evidence that cover whole words of BAD, in order."""
    out: list[tuple[int, int]] = []
    for ev in finding.evidence:
        if ev.kind != "match":
            continue
        if ev.start is not None and ev.end is not None and 0 <= ev.start < ev.end <= len(bad):
            span = ev.start, ev.end
        elif ev.text and ev.text.lower() in bad.lower():
            index = bad.lower().find(ev.text.lower())
            span = index, index + len(ev.text)
        else:
            continue
        if _on_word_boundaries(bad, *span) and span not in out:
            out.append(span)
    return out


def _rules(bad: str, kind: str, findings: Sequence[Finding], rules: RuleLookup | RuleBook,
           item_type: str | None = None) -> list[_Rule]:
    book = book_of(rules)
    out: list[_Rule] = []
    seen: set[str] = set()
    for finding in findings:
        if finding.rule in seen:
            continue
        seen.add(finding.rule)
        facts = book.facts(finding.rule)
        if facts is None:
            continue
        template, typed = facts.template_for(kind, item_type)
        if not template.strip():
            continue
        spans = _match_spans(bad, finding)
        if facts.role == ROLES.index("trade-off") and len(spans) > 1:
            # the choice itself ("Prioritized X over Y") first, before any other action the rule matched
            choices = word_set("rewrite/choice-verbs")  # verbs that report a choice itself
            spans = sorted(spans, key=lambda sp: _lemma(bad[sp[0]:sp[1]].lower()) not in choices)
        restate = facts.part is not None and facts.part.restate
        if facts.action == "replace-match" and not spans and not restate:
            continue
        achievement = typed and item_type == "achievement"
        named = facts.named if achievement else ""
        placeholders = list(facts.placeholders)
        leads = item_type if facts.lead and typed and item_type in _LEADING_TYPES else ""
        scale_name = ""
        if leads == "scope":  # the scale the line names (team, users, money), as a clause when it cannot go in place
            scale = metric_table().scale(bad)
            if scale is not None:
                template, placeholders = scale.lead, [*placeholders, *scale.placeholders]
                scale_name = scale.name
        participation = facts.resume_participation or facts.participation
        out.append(_Rule(finding.rule, facts.role, facts.part, facts.action, template, placeholders,
                         spans, typed, named, participation, leads or "", scale_name))
    out.sort(key=lambda r: (r.role, r.part.rank if r.part else 0, r.id))
    return out


def _form(rule: _Rule, plan: bool, kind: str) -> str:
    """The written sentence form of a rule's part (a summary's own, else its note), or "" (use the template)."""
    part = rule.part
    if part is None:
        return ""
    if kind == "summary" and part.summary and not plan:
        form = part.summary
    else:
        form = (part.note_plan if plan else "") or part.note
    declared = {p.text for p in rule.placeholders}
    if form and all(m.group(0) in declared for m in _PLACEHOLDER_RE.finditer(form)):
        return form
    return ""


_CHANGE_TYPES = ("percent", "money", "multiplier", "fraction", "time", "ratio", "value", "comparison")
_AFTER_CHANGE = {"with", "through", "via", "by", "using", "after", "across", "for", "in", "on", "while", "and",
                 "thanks", "within", "without", "as", "when", "despite", "among", "at", "per", "from"}


def _baseline_inline(text: str, template: str) -> list[_Edit] | None:
    """Insert the baseline clause right after the first measured change it can follow ("by 17%", "to 450ms")."""
    try:
        from critic.numbers import measures
    except ImportError:  # pragma: no cover - number semantics ship with the rule engine
        return None
    body, _ = _split_terminal(text)
    parts = template.strip().split(" over ", 1)
    for span in measures(body):
        if span.type not in _CHANGE_TYPES:
            continue
        before = re.findall(r"[\w'’]+", body[: span.start].lower())[-1:]
        after = re.match(r"\s*([\w'’]+|[^\w\s])?", body[span.end :])
        nxt = (after.group(1) or "").lower() if after else ""
        boundary = nxt == "" or nxt in _AFTER_CHANGE or nxt in (",", ";", ":", ")", "—", "–")
        if not boundary:
            continue
        if before == ["by"]:
            return [_Edit(span.end, span.end, " " + template.strip(), order=-1)]
        if before == ["to"] and len(parts) == 2 and parts[0].startswith("from "):
            to_at = body.lower().rfind("to", 0, span.start)
            return [_Edit(to_at, to_at, parts[0] + " ", order=-1),
                    _Edit(span.end, span.end, " over " + parts[1], order=-1)]
    return None


@dataclass
class _Built:
    good: str
    answered: list[str]
    replaced: list[str]
    placeholders: list[Placeholder]
    appended: bool = False  # a clause after the item's words answers a rule (nothing fitted in place)
    moved: list[str] = field(default_factory=list)  # lists of detail taken out to fit one bullet


def _apply(text: str, edits: Sequence[_Edit]) -> str:
    out = text
    for e in sorted(edits, key=lambda e: (e.start, e.order), reverse=True):
        out = out[: e.start] + e.text + out[e.end :]
    return out


def _end_of(text: str, sent: tuple[int, int]) -> int:
    """Where a clause goes in a sentence: before its final punctuation (after "etc.")."""
    s, e = sent
    body, terminal = _split_terminal(text[s:e])
    body = body.rstrip()
    while body and body[-1] in ",;:":
        body = body[:-1].rstrip()
    if terminal.startswith(".") and _ABBREVIATION_RE.search(body):
        return s + len(body) + 1
    return s + len(body)


class _Composer(_Tidy):
    """Builds one GOOD from BAD and the fired rules (see the module docstring for the parts and forms)."""

    def __init__(self, bad: str, kind: str, rules: Sequence[_Rule], *, own: frozenset[str] = frozenset(),
                 every: bool = False, item: _Item | None = None, shed: bool = False) -> None:
        self.bad, self.kind, self.rules = bad, kind, rules
        self.shed = shed  # a long GOOD sheds its lists of detail (decided once the item's splits are made)
        self.own = own  # rules that get a part of their own, as a sentence, even when their role is answered
        self.every = every  # restate every weak phrase, not only the first
        self.item = item if item is not None else _analyse(bad, kind)
        self.plan = _is_plan(self.item)
        if kind == "summary" or len(self.item.sents) > 1 or self.item.words() > LONG_ITEM_WORDS \
                or not _verb_led(self.item) or _ABBREVIATION_RE.search(_split_terminal(bad)[0]):
            self.register = "note"  # "..., etc." takes no clause after it either
        else:
            self.register = "clause"
        self.edits: list[_Edit] = []
        self.removed: list[str] = []
        self.prefixes: list[str] = []
        self.sentences: list[str] = []
        self.answered: list[tuple[int, str]] = []  # (position key, rule id)
        self.clause_used = False  # a short bullet takes one clause; later parts are sentences
        self.extra: list[Placeholder] = []  # placeholders of a result-first lead (from the metrics lexicon)
        self.appended = False  # a clause was added after the item's words (no lead or in-place ask fitted)
        self.moved: list[str] = []  # lists of detail GOOD shed to fit one bullet (see _shed_lists)
        self.lead_class = ""  # the kind of work whose result leads the line, once one does
        self.frame: _Edit | None = None  # the edit that moved a framing opening after the work, if any

    def build(self) -> _Built:
        by_role: dict[int, list[_Rule]] = {}
        for rule in self.rules:
            by_role.setdefault(rule.role, []).append(rule)
        covered: set[str] = set()
        seq = 0
        for role_index in sorted(by_role):
            group = by_role[role_index]
            known = [r for r in group if r.part is not None]
            supplier = known[0] if known and ROLES[role_index] not in covered else None
            todo = [r for r in known if r is supplier or r.id in self.own] + [r for r in group if r.part is None]
            for rule in todo:
                seq += 1
                key = self._place(rule, group, seq)
                if key is None:
                    continue
                self.answered.append((key, rule.id))
                if rule.part is not None:
                    covered.update(rule.part.answers)
                if rule is supplier:  # the other rules of its role ask for the same thing
                    self.answered.extend((key, r.id) for r in known if r not in todo)
            if supplier is None:  # another role's part answers this one (a deferral's reversal condition)
                self.answered.extend((10_000 + seq, r.id) for r in known if r not in todo)
        if self.answered:
            self._claim_means()
            self._stated_result_first()
            self._drop_fillers()
            self._fix_spelling()
            self._fix_spacing()
            self._fix_agreement()
            if self.kind != "answer":
                self._fix_lead_tense()
                self._drop_first_person()
                self._drop_etc()
                self._drop_quality_list()
        good = self._assemble()
        if self.shed and self.answered and self.kind != "answer":
            good = self._shed_lists(good)
        if self.answered and self.kind != "answer":  # "Graphql" -> "GraphQL", wherever the edits put it
            good, typed = _cased_names(good)
            self.removed.extend(typed)
        concrete = choice_slot(self.bad) if self.kind != "answer" else None
        if concrete is not None and concrete[0] in good:  # "[the decision threshold you set]" for a classifier
            good = good.replace(concrete[0], concrete[1].text)
            self.extra.append(concrete[1])
        order = [rid for _, rid in sorted(self.answered, key=lambda t: t[0])]
        return _Built(good, list(dict.fromkeys(order)), self.removed,
                      _collect_placeholders(good, self.rules, self.bad, self.extra), self.appended, self.moved)

    def _assemble(self) -> str:
        """GOOD as the edits, the prefixes and the added sentences make it."""
        text = _apply(self.bad, self.edits)
        if self.prefixes:
            lead = " ".join(self.prefixes)
            text = f"{lead} {text.lstrip()}" if lead.endswith((".", "!", "?")) else f"{lead} {_lower_first_word(text)}"
        if self.sentences:
            body, terminal = _split_terminal(text)
            text = f"{body.rstrip(' ,;:')}{terminal or '.'} " + " ".join(self.sentences)
        multi = bool(self.sentences) or len(self.item.sents) > 1
        text = tidy(text, multi_sentence=multi, keep=inner_punctuation(self.bad))
        if self.kind != "answer" and not self.sentences and len(self.item.sents) == 2:
            text = _one_bullet(text)
        return text

    def _shed_lists(self, good: str) -> str:
        """A GOOD longer than SHED_WORDS sheds the lists of detail it carries (bracketed names, "using A, B and
        C", ", focusing on A, B and C"; see critic.rewrite.trim), one at a time until it fits, while at least
        SHED_FLOOR words stay. What goes is listed in ``moved``, shown to the candidate."""
        lead = metric_table().by_name(self.lead_class) if self.lead_class else None
        sheddable = [(d, False) for d in detail_lists(self.bad)] + [(d, True) for d in purposes(self.bad)]
        for detail, purpose in sheddable:
            aim = purpose and names_aim(self.bad[detail.start:detail.end])
            if words(good) <= (PURPOSE_SHED_WORDS if aim else SHED_WORDS):
                continue
            if purpose and not self._purpose_goes(detail, lead):
                continue
            edit = _Edit(detail.start, detail.end, "", order=-1)
            # a space put before a glued bracket ("stack(EC2, ...)") goes with the bracket, and so does a tidy-up
            # of a word inside the list ("utilizing" -> "using"); an edit that asks something does not
            inside = [e for e in self.edits if (e.start == e.end == detail.start and not e.text.strip())
                      or (detail.start <= e.start < e.end <= detail.end and "[" not in e.text)]
            others = [e for e in self.edits if e not in inside]
            # an edit that moves the words around the span and carries them as written ("achieving 84% with SVM
            # by benchmarking models (A, B, C)" led with its result) loses them from its own text instead
            raw = self.bad[detail.start:detail.end]
            carrier = next((e for e in others if e.start <= detail.start and detail.end <= e.end
                            and e.text.count(raw) == 1), None)
            if carrier is not None:
                others = [replace(e, text=e.text.replace(raw, "", 1)) if e is carrier else e for e in others]
            # an edit inside the span or starting where it starts (applied first, it would shift the span)
            elif _overlaps(edit, others) or any(e.start == detail.start for e in others):
                continue
            if _PLACEHOLDER_RE.search(raw):
                continue
            before = self.edits
            self.edits = others if carrier is not None else [*others, edit]
            shorter = self._assemble()
            if words(shorter) < SHED_FLOOR:
                self.edits = before
                continue
            good = shorter
            self.moved.append(detail.moved)
        if words(good) > SHED_WORDS and self.frame is not None and self.frame in self.edits:
            # last, a framing opening moved after the work ("..., as one of my duties in the X initiative")
            before = self.edits
            self.edits = [e for e in self.edits if e != self.frame]
            shorter = self._assemble()
            if words(shorter) < SHED_FLOOR:
                self.edits = before
            else:
                good = shorter
                self.moved.append(self.frame.text.strip(" ,"))
        return good

    def _claim_means(self) -> None:
        """A sentence opening with participation whose own actions follow "by" claims those actions ("Supported
        dispatch by resolving route issues" -> "Resolved route issues for dispatch"), unless another edit
        reaches into it where these edits do or starts where one of them starts."""
        if self.kind == "answer":
            return
        for edits, removed in _Restater(self.item, _Decision("own", "", "of", "")).claim_means():
            if any(_overlaps(e, self.edits) or any(x.start == e.start for x in self.edits) for e in edits):
                continue
            self.edits.extend(replace(e, order=-3) for e in edits)
            self.removed.extend(removed)

    def _purpose_goes(self, detail: Detail, lead: MetricClass | None) -> bool:
        """Whether a closing purpose may go: a result leads the line and its kind of work is named outside the
        purpose too ("an on-boarding process to guide new engineers" keeps ramp-up time; "an app to showcase
        recommendations" would lose what its click-through rate measures)."""
        if lead is None or lead.pattern is None:
            return False
        rest = self.bad[:detail.start] + self.bad[detail.end:]
        return bool(lead.pattern.search(rest)) or not lead.pattern.search(self.bad[detail.start:detail.end])

    def _stated_result_first(self) -> None:
        """A bullet that states its measured result after the work leads with it ("Cut effort by 60% by building
        X"), unless another edit reaches inside the sentence."""
        if self.kind == "answer":
            return
        lead = stated_result_first(self.item)
        if lead is None:
            return
        a, b, text = lead.edits[0]
        # an edit in place inside the words the lead moves ("an AI algorithm" -> "[which model, on what data]") is
        # carried into the lead's text, where those words appear once
        inside = [e for e in self.edits if a <= e.start < e.end <= b and text.count(self.bad[e.start:e.end]) == 1]
        for e in inside:
            text = text.replace(self.bad[e.start:e.end], e.text, 1)
        others = [e for e in self.edits if e not in inside]
        edit = _Edit(a, b, text, order=-2)
        if _overlaps(edit, others) or any(e.start == e.end == a for e in others) \
                or invented_numbers(self.bad[a:b], text):  # "which doubles X" led as "Doubled X": not its word
            return
        self.edits = [*others, edit]
        self.removed.extend(lead.removed)


    # -- one rule's part; returns its position key (for the order of `rules`), None when nothing was placed
    def _place(self, rule: _Rule, group: Sequence[_Rule], seq: int) -> int | None:
        part = rule.part
        if self._no_choice(rule):
            return None  # "Served as primary engineer on ...": no choice of the writer's to cost; the question stands
        if part is not None and part.restate:
            return seq if self._restate(rule, group, seq) else None
        if rule.action == "replace-match":
            return seq if self._replace(rule) else None
        if rule.action == "prepend":
            self.prefixes.append(rule.template.strip())
            return -1000 + seq
        if part is not None and part.inline:
            inline = _baseline_inline(self.bad, rule.template)
            if inline and not any(_overlaps(e, self.edits) for e in inline):
                self.edits.extend(inline)
                return seq
            return self._sentence(_form(rule, self.plan, self.kind) or _sentence_text(
                rule.template), seq)
        form = _form(rule, self.plan, self.kind)
        clause = not _is_sentence_template(rule.template)
        if rule.named and rule.id not in self.own:  # "Reduced churn" -> "Reduced churn by [how much]"
            at = named_change(self.item)
            if at is not None and not _overlaps(_Edit(at - 1, at + 1, ""), self.edits):
                self.edits.append(_Edit(at, at, " " + rule.named.strip(), order=seq))
                return seq
        if rule.leads:  # the result or scale, inside the line or not at all
            lead = self._result_lead(rule)
            if lead is not None:
                return seq if self._lead(lead, seq) else None
            if self._part_with_result():
                return seq
            if rule.scale != "money":
                # no place in the line for it: the finding's own question stands, nothing is appended (a summary's
                # "([the one number that proves it])" after the claim read as a template, not a line to adopt)
                return None
        if rule.typed and clause and rule.id not in self.own:  # the item type's clause ends the sentence it is about
            sent = self.item.sentence_of(rule.spans[0][0]) if rule.spans else self.item.sents[0]
            end = _end_of(self.bad, sent)
            words_ = _clause_text(rule.template)
            concrete = cost_slot(self.bad)  # "accepting [the added complexity]" for a cache, not "[what it cost]"
            if concrete is not None and concrete[0] in words_:
                words_ = words_.replace(concrete[0], concrete[1].text)
                self.extra.append(concrete[1])
            self.edits.append(_Edit(end, end, words_, order=100 + seq))
            self.clause_used = self.appended = True
            return seq
        if self.register == "clause" and clause and not self.clause_used and rule.id not in self.own:
            end = _end_of(self.bad, (0, len(self.bad)))
            self.edits.append(_Edit(end, end, _clause_text(rule.template), order=100 + seq))
            self.clause_used = True
            return seq
        if form:
            return self._sentence(form, seq)
        if clause:  # no sentence form: the clause goes at the end of the sentence the rule is about
            sent = self.item.sentence_of(rule.spans[0][0]) if rule.spans else (0, len(self.bad))
            end = _end_of(self.bad, sent)
            self.edits.append(_Edit(end, end, _clause_text(rule.template), order=100 + seq))
            return seq
        return self._sentence(_sentence_text(rule.template), seq)

    def _part_with_result(self) -> bool:
        """A participation restated as the writer's part ("Built [which feature or module] of R packages X")
        leads with the result of that work when one question asks it ("Reached [N users] by building [which
        feature or module] of R packages X"): a coach joins the part and the result in one claim."""
        if self.kind == "answer" or len(self.item.sents) != 1:
            return False
        found = next(((e, m) for e in self.edits if e.start == 0 and (m := _PART_LEAD_RE.match(e.text))), None)
        if found is None or len(self.extra) > MAX_PLACEHOLDERS - 1 or found[0].text.startswith("Owned "):
            return False  # "Owned [the part that was yours] of the work to ...": no kind of work to lead with
        edit, m = found
        choice = part_result(self.item, edit.end)
        if choice is None:
            return False
        verbs = re.sub(r"[A-Za-z]+", lambda w: w.group(0) if w.group(0) == "and" else inflect(_lemma(
            w.group(0).lower()), "gerund"), m.group(1))
        self.edits = [replace(e, text=f"{choice.lead} by {verbs} {m.group(2)}") if e is edit else e
                      for e in self.edits]
        self.extra.extend(choice.placeholders)
        return True

    def _no_choice(self, rule: _Rule) -> bool:
        """Whether a resume item's trade-off has no choice of the writer's to attach to: its sentence is the
        first and opens with a verb of position or experience ("Served as", "Was";
        lexicons/rewrite/no-choice-verbs.txt)."""
        if self.kind == "answer" or ROLES[rule.role] != "trade-off" or (rule.part is not None and rule.part.restate):
            return False
        sent = self.item.sentence_of(rule.spans[0][0]) if rule.spans else self.item.sents[0]
        return sent == self.item.sents[0] and opening_lemma(self.item) in word_set("rewrite/no-choice-verbs")

    def _result_lead(self, rule: _Rule) -> Lead | None:
        """The edits that put a rule's result or scale inside the line: a vague size of a change the line names
        is asked where it stands ("a [X%] reduction"); else for an achievement its result first
        ("Cut [deploy time] [X%] by building ..."), else the size it names ("a [team size]-person team"); for a
        scope line the size first, then a result lead; for a summary sentence a result lead, then the size.
        None when no kind of work fits and no size is named (a menu of results would only pad the line)."""
        if rule.leads == "scope":  # a budget is the line's scale, not a result to lead with
            return vague_change(self.item) or scale_in_place(self.item) \
                or (None if rule.scale == "money" else result_lead(self.item))
        if leads_a_team(self.item):  # "Managed a team for X": the team's size, not a result of managing it
            return vague_change(self.item) or scale_in_place(self.item) or users_in_place(self.item) \
                or result_lead(self.item)
        return vague_change(self.item) or users_in_place(self.item) or result_lead(self.item) \
            or scale_in_place(self.item)

    def _lead(self, lead: Lead, seq: int) -> bool:
        """The lead's edits applied, unless they overlap an edit already made."""
        edits = [_Edit(a, b, text, order=seq) for a, b, text in lead.edits]
        if any(_overlaps(e, self.edits) for e in edits):
            return False
        self.edits.extend(edits)
        self.removed.extend(lead.removed)
        self.moved.extend(lead.moved)
        self.extra.extend(lead.placeholders)
        self.frame = next((e for e in edits if lead.frame and e.text == lead.frame), None)
        if lead.kind not in _IN_PLACE_LEADS and self.kind != "answer":
            self.lead_class = lead.kind
            self._drop_vague_tail()
        return True

    def _drop_vague_tail(self) -> None:
        """A purpose clause ending the first sentence that only claims a quality ("..., to support more reliable
        operations", "... and improving customer user experience") goes once a result leads the line: the figure
        asked is what measures it. Clauses with a number, a name or more than twelve words stay. So does a next
        sentence that only claims an unmeasured effect ("This significantly increased trust.")."""
        # sentence starts as read, also inside a group joined as one ("X. This significantly increased Y.")
        starts = [t.start for n, t in enumerate(self.item.toks) if n and t.sent_start]
        first_end = min([self.item.sents[0][1], *starts])
        if starts:
            a = starts[0]
            b = starts[1] if len(starts) > 1 else len(self.bad)
            if _vague_effect(self.bad[a:b]):
                edit = _Edit(len(self.bad[:a].rstrip()), b, "", order=-1)
                if not _overlaps(edit, self.edits):
                    self.edits.append(edit)
                    self.removed.append(self.bad[a:b].strip())
        toks = [t for t in self.item.toks if t.start < first_end]
        while toks and not re.search(r"\w", toks[-1].text):
            toks.pop()
        qualities = _qualities()
        for k in range(1, len(toks) - 2):
            t, nxt = toks[k], toks[k + 1]
            opens = t.lower == "to" and nxt.lower in _EFFECT_VERBS or t.lower in (",", "and") and (
                nxt.lower in _effect_gerunds() or nxt.lower in ("thereby", "thus") and k + 2 < len(toks)
                and toks[k + 2].lower in _effect_gerunds())
            if not opens:
                continue
            tail = toks[k:]
            if len(tail) > 13 or toks[k - 1].lower == "as" or tail[-1].lower not in qualities \
                    or any(re.search(r"\d", w.text) or w.text[:1].isupper() or w.lower in _AUDIENCE for w in tail):
                return  # a figure, a name or the people it served stay; "as well as to ..." is not a purpose
            start = toks[k - 1].end
            edit = _Edit(start, toks[-1].end, "", order=-1)
            if not _overlaps(edit, self.edits):
                self.edits.append(edit)
                self.removed.append(self.bad[start:toks[-1].end].strip(" ,"))
            return

    def _model_in_place(self, span: tuple[int, int]) -> bool:
        """A generic AI noun that is the black box ("trained an AI algorithm", "deployed a python machine learning
        algorithm") replaced where it stands, with its article and one word before it, by the model the writer
        chose ("[which model, on what data]"; lexicons/rewrite/ai-choices.yaml ``in_place``). False when the
        phrase names anything else (a platform, an app), or another edit touches it."""
        found = model_in_place()
        if found is None:
            return False
        heads, slot = found
        toks = [t for t in self.item.toks if span[0] <= t.start < span[1] and re.search(r"\w", t.text)]
        if not toks or toks[0].lower not in word_set("rewrite/ai-modifiers") or toks[-1].lower not in heads:
            return False
        n = self.item.toks.index(toks[0])
        start = toks[0].start
        before = self.item.toks[max(n - 2, 0):n]
        if before and before[-1].lower in ("a", "an", "the"):
            start = before[-1].start
        elif len(before) == 2 and before[0].lower in ("a", "an", "the") and before[1].text.isalpha() \
                and before[1].text.islower() and not _is_verb(before[1].lower):
            start = before[0].start  # "a python machine learning algorithm": the language goes with the phrase
        edit = _Edit(start, toks[-1].end, slot.text)
        if _overlaps(edit, self.edits):
            return False
        self.edits.append(edit)
        self.removed.append(self.bad[start:toks[-1].end])
        self.extra.append(slot)
        return True

    def _sentence(self, text: str, seq: int) -> int:
        self.sentences.append(text)
        self.clause_used = True  # later parts follow this sentence, keeping the fixed order
        return 1000 + seq

    def _replace(self, rule: _Rule) -> bool:
        """The rule's replace-match template in place of its first match, as written."""
        if not rule.spans:
            return False
        s, e = rule.spans[0]
        edit = _Edit(s, e, rule.template.strip())
        if _overlaps(edit, self.edits):
            return False
        if s == 0 or self.bad[:s].rstrip()[-1:] in _TERMINAL:
            edit.text = _cap_first(edit.text)
        self.edits.append(edit)
        self.removed.append(self.bad[s:e])
        return True

    def _restate(self, rule: _Rule, group: Sequence[_Rule], seq: int) -> bool:
        """The weak phrase restated as the writer's decision; for black-box language, a deferral keeps its
        sentence and gains the decision, and anything else gains "; I decided [...] myself"."""
        d = _decision_of(rule.id, rule.template, rule.participation)
        if d is None:
            return self._replace(rule)
        spans = sorted({s for r in group if r.part is not None and r.part.restate for s in r.spans})
        restater = _Restater(self.item, d)
        new = restater.restate(spans, every=self.every)
        decides = rule.part is not None and rule.part.decides
        if new is None and decides and spans and _looks_deferral(self.item, spans[0]):
            new = restater.defer(spans[0])
        if new is not None and not any(_overlaps(e, self.edits) for e in new):
            self.edits.extend(new)
            self.removed.extend(restater.removed)
            self.extra.extend(restater.slots)
            self.clause_used = self.clause_used or restater.clause
            return True
        if not decides:
            return self._replace(rule)
        if self.item.kind != "answer" and not self.plan and spans and self._model_in_place(spans[0]):
            self.clause_used = True
            return True
        end = _end_of(self.bad, self.item.sentence_of(spans[0][0]) if spans else self.item.sents[0])
        verb = f"I'd {d.verb}" if self.plan else f"I {inflect(d.verb, 'past')}"
        words = f"; {verb} {d.placeholder} myself"
        if self.item.kind != "answer" and not self.plan:  # a bullet has no "I": "..., choosing [the model ...]"
            words = f", {inflect(d.verb, 'gerund')} {d.placeholder}"
        from critic.advice.context import mentions_ai

        if d.part and spans and (_is_participation(self.item, spans[0])  # the writer's part, not a decision
                                 or self.item.kind != "answer" and not mentions_ai(self.bad)):
            owning = part_clause(d.part) if self.item.kind != "answer" else ""  # "..., owning [the part ...]"
            words = owning or f"; I personally {d.part}"
        # on a bullet the writer's decision closes the sentence, after the item type's own clause
        self.edits.append(_Edit(end, end, words, order=500 + seq))
        self.clause_used = True
        return True


def _is_participation(item: _Item, span: tuple[int, int]) -> bool:
    """Whether a weak phrase is participation ("Involved", "Supported", "Contributions") rather than AI credited
    as the agent."""
    first = next((t for t in item.toks if span[0] <= t.start < span[1]), None)
    return first is not None and (first.lemma in PARTICIPATION_LEMMAS or first.lower in PARTICIPATION_LEMMAS)


def _collect_placeholders(good: str, rules: Sequence[_Rule], bad: str = "",
                          extra: Sequence[Placeholder] = ()) -> list[Placeholder]:
    """Every placeholder of GOOD, in order of appearance, with its question (merged when two rules that ask
    differently share one placeholder text); ``extra``: a lead's own placeholders."""
    specs: dict[str, Placeholder] = {p.text: p for p in extra}
    for rule in rules:
        for p in rule.placeholders:
            have = specs.get(p.text)
            if have is None:
                specs[p.text] = p
            elif p.question not in have.question:
                specs[p.text] = Placeholder(p.text, f"{have.question} {p.question}", have.sample)
    out: list[Placeholder] = []
    for m in _PLACEHOLDER_RE.finditer(good):
        text = m.group(0)
        if any(p.text == text for p in out) or (text in bad and text not in specs):
            continue  # BAD's own brackets ("Karate [integration tests]") are not slots
        out.append(specs.get(text) or Placeholder(text, f"What is {text.strip('[]')}?", default_sample(text)))
    return out


# Item types that get no rewrite: an honour, skill line, publication, degree or context sentence is not a
# claim of the candidate's work (the advice layer may note it; a rewrite would change what it is).
NO_REWRITE_TYPES = frozenset({"honour", "skill", "publication", "education", "context"})

# A sentence longer than this reads as several claims: its first claim is rewritten, the detail after its
# colon or semicolon suggested apart.
TRIM_WORDS = 35
# an item of several sentences longer than this holds several claims: one is rewritten, the others are
# suggested as bullets of their own
MERGED_WORDS = 20

# A resume item's rewrite asks at most this many questions; more, and only the first raised rule is answered.
MAX_PLACEHOLDERS = 2

# A GOOD longer than this sheds the lists of detail it carries (tools, parts, focus areas), moved out where
# the candidate sees them, as long as SHED_FLOOR words stay: a coach trims a long bullet to its claim and its
# result before anything else.
SHED_WORDS = 20
SHED_FLOOR = 12
# ... and a closing purpose naming an aim goes from a GOOD longer than this, once a result leads it: the figure
# asked says what the work was for, and the aim ("to support more reliable operations") only stands in its way
PURPOSE_SHED_WORDS = 14

# Items longer than this many words keep their sentence and take every part as a short sentence after it.
LONG_ITEM_WORDS = 20


def rewrite(
    text: str,
    kind: str,
    findings: Sequence[Finding],
    rules: RuleLookup | RuleBook,
    *,
    check: Callable[[str, str], Sequence[Finding]] | None = None,
    doc: Any = None,
    item_type: str | None = None,
    covers: Sequence[CoverPoint] = (),
) -> Rewrite | None:
    """Rewrite a flagged item; None when no fired rule carries rewrite data.

    rules: rule id -> Rule (a mapping or a lookup function such as ``Engine.rule``).
    check: optional (text, kind) -> findings re-check, such as :func:`checker_for`'s.
    Parts are never skipped on its word; it is used only to *add*:
    when GOOD, placeholders filled with samples, is still flagged by a rule that fired, that rule gets a
    part of its own, written as a sentence (a decision rule: every weak phrase is restated, not only the
    first).
    doc: `text` already annotated by critic's default pipeline (``critic.nlp.get_nlp()``), to reuse.
    item_type: one of ``critic.model.ITEM_TYPES`` when known; types in NO_REWRITE_TYPES get None.
    covers: for an answer to a known question, the points a strong answer covers (critic.rewrite.answer).
    """
    steps = _rewrite_steps(text, kind, findings, rules, checked=check is not None, doc=doc, item_type=item_type,
                           covers=covers)
    try:
        pending = next(steps)
        while True:
            assert check is not None
            pending = steps.send(check(pending, kind))
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


# (text, kind, rule ids) -> findings (or the ids of the rules that flag it), for many texts at once
CheckMany = Callable[[Sequence[tuple[str, str, frozenset[str]]]], Sequence[Sequence[Finding | str]]]


@dataclass(frozen=True)
class RewriteJob:
    """One item to rewrite with :func:`rewrite_many`: ``checked`` asks for the re-check of the fired rules;
    ``doc`` is the text's annotation by critic's default pipeline, when at hand; ``item_type`` is one of
    ``critic.model.ITEM_TYPES`` when known (``findings`` are then the raised ones, in priority order)."""

    text: str
    kind: str
    findings: Sequence[Finding]
    checked: bool = True
    doc: Any = None
    item_type: str | None = None
    covers: Sequence[CoverPoint] = ()  # an answer to a known question: the points a strong answer covers
    focused: bool = False  # a report's rewrite: an answer gets one focused addition, not a part per raised rule


def rewrite_many(jobs: Sequence[RewriteJob], rules: RuleLookup | RuleBook,
                 check_many: CheckMany) -> list[Rewrite | None]:
    """:func:`rewrite` for many items, their re-checks batched: each round sends every pending GOOD (filled
    with samples) to ``check_many`` at once, with the ids of the rules that flagged its item. Each item gets
    the same rewrite as from ``rewrite(..., check=...)``."""
    rules = book_of(rules)  # each rule's rewrite facts read once for the whole batch
    results: list[Rewrite | None] = [None] * len(jobs)
    running: dict[int, Any] = {}
    pending: dict[int, str] = {}
    for i, job in enumerate(jobs):
        steps = _rewrite_steps(job.text, job.kind, job.findings, rules, checked=job.checked, doc=job.doc,
                               item_type=job.item_type, covers=job.covers, focused=job.focused)
        try:
            pending[i] = next(steps)
            running[i] = steps
        except StopIteration as done:
            results[i] = done.value
    while pending:
        order = sorted(pending)
        answers = check_many([(pending[i], jobs[i].kind, frozenset(f.rule for f in jobs[i].findings))
                              for i in order])
        for i, found in zip(order, answers, strict=True):
            try:
                pending[i] = running[i].send(found)
            except StopIteration as done:
                results[i] = done.value
                del pending[i], running[i]
    return results


# marks after which a new action can start in one long sentence ("..., ranked items ...", "...: defined ...")
_CLAUSE_BREAKS = (";", ",", ":", "—", "–")


def _clause_break(item: _Item) -> tuple[int, int] | None:
    """Where one long sentence can be cut into two bullets: (end of the first, start of the second), at a
    mark followed by a past-tense verb that starts a new action; None when there is none."""
    toks = item.toks
    for i in range(3, len(toks) - 3):
        mark, nxt = toks[i], toks[i + 1]
        if mark.text in _CLAUSE_BREAKS and nxt.lower != nxt.lemma and _is_verb(nxt.lower) \
                and not nxt.lower.endswith(("ing", "s")):
            return mark.start, nxt.start
    return None


def _story_break(item: _Item) -> tuple[int, int] | None:
    """Where a sentence goes on as a story told with "we" or "I" ("... a sales team and then together we went
    door to door ..."): (end of the claim before "and then", start of the story's verb); None otherwise."""
    toks = item.toks
    for i in range(3, len(toks) - 3):
        if toks[i].lower != "and" or toks[i + 1].lower != "then":
            continue
        k = next((n for n in range(i + 2, min(i + 5, len(toks) - 1)) if toks[n].lower in ("we", "i")), None)
        if k is not None and _is_verb(_lemma(toks[k + 1].lower)) and _form_of(toks[k + 1].text) == "past":
            end = toks[i - 1].start if toks[i - 1].text == "," else toks[i].start
            return len(item.text[:end].rstrip()), toks[k + 1].start
    return None


def _gerund_break(item: _Item) -> tuple[int, int] | None:
    """For a sentence that opens with a past-tense action and goes on in a list of -ing actions ("Built X,
    gathering A, drafting B and shipping C"): where the list starts (end of the first claim, start of the
    list); None otherwise."""
    toks = item.toks
    first = next((t for t in toks if re.search(r"\w", t.text)), None)
    if first is None or not _is_verb(first.lower) or first.lower == first.lemma or first.lower.endswith("ing"):
        return None
    for i in range(3, len(toks) - 3):
        mark, nxt = toks[i], toks[i + 1]
        if mark.text == "," and _is_gerund(nxt):
            return mark.start, nxt.start
    return None


def _list_in_past(text: str, toks: Sequence[Any], start: int) -> tuple[str, list[str]]:
    """text[start:] with the -ing actions of its list put in the past ("gathering A, drafting B and shipping
    C" -> "Gathered A, drafted B and shipped C"), to stand as a bullet of its own; and the words replaced."""
    out = text[start:]
    edits = []
    prev = ","
    for t in toks:
        if t.start < start:
            continue
        if prev in (",", "and") and _is_gerund(t):
            edits.append((t.start - start, t.end - start, inflect(_lemma(t.lower), "past")))
        prev = t.lower
    replaced = [out[a:b] for a, b, _ in edits]
    for a, b, word in reversed(edits):
        out = out[:a] + word + out[b:]
    return _cap_first(out.strip()), replaced


def _trim_point(item: _Item) -> tuple[int, int] | None:
    """Where an overlong sentence's first claim ends: a colon, semicolon or dash after at least four words
    (end of the claim, start of the detail); None when there is none."""
    toks = item.toks
    for i in range(4, len(toks) - 3):
        if toks[i].text in (":", ";", "—", "–") and toks[i + 1].start > toks[i].end - 1:
            return toks[i].start, toks[i + 1].start
    return None


def _rewrite_steps(text: str, kind: str, findings: Sequence[Finding], rules: RuleLookup | RuleBook, *, checked: bool,
                   doc: Any = None, item_type: str | None = None, covers: Sequence[CoverPoint] = (),
                   focused: bool = False) -> Generator[str, Sequence[Finding | str], Rewrite | None]:
    """The rewrite of one item; when ``checked``, yields each filled GOOD to re-check and takes its findings."""
    if kind == "answer":  # an interview answer has a path of its own
        return (yield from answer_steps(text, findings, rules, checked=checked, doc=doc, covers=covers,
                                        focused=focused))
    if item_type in NO_REWRITE_TYPES:
        return None
    fired = _rules(text, kind, findings, rules, item_type)
    if not fired:
        return None
    raised = list(fired)  # every rule the findings raise, before the budget narrows what is answered
    if item_type and text.rstrip().endswith(":"):
        return None  # the lead-in of a list ("... in which I:"): its items carry the claims
    item = _analyse(text, kind, doc)
    if item_type in ("achievement", "scope") and tool_list(item):
        return Rewrite(bad=text, good=TOOL_LIST_NOTE, placeholders=[], rules=[r.id for r in fired], note=True)
    if item_type in ("achievement", "scope") and narrative(item):
        return None  # prose about the person, not a claim of work: nothing to restate in place
    built = _Composer(text, kind, fired, item=item).build()
    bad, split = text, []
    shed = False  # whether GOOD sheds its lists of detail to fit one bullet
    converted: list[str] = []  # words of BAD put in another form in a split-off bullet
    if item_type:
        if len(fired) > 1 and (over_budget(text, built.good) or len(built.placeholders) > MAX_PLACEHOLDERS):
            fired = _focus(text, kind, fired, findings, item)
            built = _Composer(text, kind, fired, item=item).build()
        if len(item.sents) > 1 and (over_budget(text, built.good) or words(text) > MERGED_WORDS) \
                and not _keeps_its_number(item, text, built.good):
            # a merged, overlong item: rewrite one sentence, suggest the others as bullets of their own
            text, item, fired, split = _one_sentence(bad, item, fired)
            joined = _join_scale(text, split, bad)
            if joined is not None:  # "Migrated X. Managed 3 clusters." -> "Migrated X, managing 3 clusters"
                text, was = joined
                item, split = _analyse(text, kind, doc), split[1:]
                converted.append(was)
            built = _Composer(text, kind, fired, item=item).build()
        cut = _clause_break(item) if len(item.sents) == 1 and over_budget(text, built.good) else None
        if cut is not None:  # one long sentence of several actions: the first action, the rest split off
            whole = text
            text, item, fired, _ = _part(whole, item, fired, 0, cut[0])
            split = [_cap_first(whole[cut[1]:].strip()), *split]
            built = _Composer(text, kind, fired, item=item).build()
        story = _story_break(item) if cut is None and len(item.sents) == 1 and words(built.good) > SHED_WORDS \
            else None
        if story is not None:  # "Recruited a team and then together we went door to door": the claim, the story
            whole = text  # told on as a bullet of its own, from its verb
            text, item, fired, _ = _part(whole, item, fired, 0, story[0])
            split = [_cap_first(whole[story[1]:].strip()), *split]
            converted.append(whole[story[0]:story[1]].strip(" ,"))  # "and then together we"
            built = _Composer(text, kind, fired, item=item).build()
        gerunds = _gerund_break(item) if cut is None and story is None and len(item.sents) == 1 \
            and over_budget(text, built.good) else None
        if gerunds is not None:  # "Built X, gathering A and shipping B": X leads, the list becomes its own bullet
            whole, whole_toks = text, item.toks
            text, item, fired, _ = _part(whole, item, fired, 0, gerunds[0])
            in_past, converted = _list_in_past(whole, whole_toks, gerunds[1])
            split = [in_past, *split]
            built = _Composer(text, kind, fired, item=item).build()
        trim = _trim_point(item) if len(item.sents) == 1 and (over_budget(text, built.good)
                                                              or words(text) > TRIM_WORDS) else None
        if trim is not None:  # still too long: keep the first claim, the detail after its colon goes on its own
            whole = text
            text, item, fired, _ = _part(whole, item, fired, 0, trim[0])
            split = [_cap_first(whole[trim[1]:].strip()), *split]
            built = _Composer(text, kind, fired, item=item).build()
        if len(fired) > 1 and len(built.placeholders) > MAX_PLACEHOLDERS:  # still too many questions
            fired = _focus(text, kind, fired, findings, item)
            built = _Composer(text, kind, fired, item=item).build()
        fresh = _analyse(text, kind, doc) if words(built.good) > MAX_WORDS >= words(bad) else None
        if fresh is not None and len(fresh.sents) > 1:
            # a claim and the sentence that goes on from it, together over a bullet's length: the first alone
            whole, (a, b) = text, fresh.sents[0]
            text, item, fired, _ = _part(whole, fresh, fired, a, b)
            built = _Composer(text, kind, fired, item=item).build()
            rest = whole[b:].strip()
            if _vague_effect(rest) and _PLACEHOLDER_RE.search(built.good):
                converted.append(rest)  # "This greatly increased trust.": the figure GOOD asks for says it
            else:
                split = [rest, *split]
        if words(built.good) > PURPOSE_SHED_WORDS:  # the splits made, a long GOOD sheds an aim (over
            # PURPOSE_SHED_WORDS) and its lists of detail (over SHED_WORDS)
            shed = True
            built = _Composer(text, kind, fired, item=item, shed=True).build()
        if words(built.good) > MAX_WORDS >= words(bad):
            return None  # no rewrite fits one bullet: the findings' own questions stand
    if checked:
        own: set[str] = set()
        every = False
        for _ in range(3):
            rw = Rewrite(bad, built.good, built.placeholders)
            found = yield rw.filled()
            still = {f if isinstance(f, str) else f.rule for f in found} & {r.id for r in fired}
            restated = {r.id for r in fired if r.part is not None and r.part.restate}
            grow = still - restated - own  # a part of its own, as a sentence
            if not grow and (every or not still & restated):
                break
            own |= grow
            every = every or bool(still & restated)  # restate every weak phrase, not only the first
            built = _Composer(text, kind, fired, own=frozenset(own), every=every, item=item, shed=shed).build()
            if item_type and len(fired) > 1 and len(built.placeholders) > MAX_PLACEHOLDERS:
                fired = _focus(text, kind, fired, findings, item)  # the parts the re-check added ask too much
                own &= {r.id for r in fired}
                built = _Composer(text, kind, fired, own=frozenset(own), every=every, item=item,
                                  shed=shed).build()
    if not built.answered:
        return None  # no part could be placed: the findings' own questions stand
    if item_type and not numbers_in(bad) and _only_the_lesser_ask(built.answered, raised):
        return None  # a trade-off or stop rule alone, where the result or the writer's part could not be asked
    if item_type and built.appended and not any(f.asked for f in findings):
        return None  # held back by the budget alone: rewritten only when the ask fits inside the line
    # a split-off sentence that is detail, not a claim ("Deployed on AWS using Docker."), is shown as moved out
    # rather than suggested as a bullet of its own
    detail = [s for s in split if detail_sentence(s)]
    return Rewrite(bad=bad, good=built.good, placeholders=built.placeholders, rules=built.answered,
                   replaced=[*built.replaced, *converted], split=[s for s in split if s not in detail],
                   moved=[*built.moved, *detail])


# a participation restated as the writer's part: its verbs, then the slot and what it is part of
_PART_LEAD_RE = re.compile(r"^([A-Z][a-z]+(?:,? and [a-z]+)?) (\[[^\[\]]+\] (?:of|in|for|to)\b.*)$", re.S)
# verbs whose past is their base form, read as the past when they open a bullet's sentence ("Cut costs by 8%.")
_PAST_AS_BASE = frozenset({"cut", "set", "put", "hit", "shut", "split", "spread"})
# where a bullet's second sentence starts: a full stop, and a capitalised word
_NEXT_SENTENCE_RE = re.compile(r"(?<=[a-z0-9\])%])\. ([A-Z][a-z]+)\b")


# what a rewrite asks after the result and the writer's part: asked alone, it would stand in for them
_LESSER_ROLES = frozenset({"trade-off", "kill"})


def _only_the_lesser_ask(answered: Sequence[str], raised: Sequence[_Rule]) -> bool:
    """Whether a rewrite answers only a trade-off or a stop rule while a raised rule that asks for the result or
    the writer's own part goes unanswered ("Prioritized X, accepting [the work you put off]" on a line with no
    figure): a coach asks the result first, and a clause of cost on a line without one reads as a template."""
    roles = {r.id: ROLES[r.role] for r in raised}
    if not answered or any(roles.get(rid) not in _LESSER_ROLES for rid in answered):
        return False
    return any(rid not in answered and role not in _LESSER_ROLES for rid, role in roles.items())


def _one_bullet(text: str) -> str:
    """Two sentences of one bullet as one, joined by a semicolon, when the second opens with a verb in the past
    ("Resolved route issues for dispatch. Improved route completion by [how much]." -> "...; improved ..."):
    a bullet reads as one claim and what it led to. As written otherwise."""
    found = list(_NEXT_SENTENCE_RE.finditer(text))
    if len(found) != 1:
        return text
    word = found[0].group(1)
    low = word.lower()
    if low not in _PAST_AS_BASE and (not _is_verb(_lemma(low)) or _form_of(word) != "past" or _lemma(low) == low):
        return text
    return f"{text[:found[0].start()]}; {word.lower()}{text[found[0].end(1):]}"


def _focus(text: str, kind: str, fired: Sequence[_Rule], findings: Sequence[Finding], item: _Item
           ) -> list[_Rule]:
    """One focused ask: the rule that restates a weak opening in place (participation or black-box phrasing
    hides the writer, and no result can lead such an item), else the first raised rule."""
    for rule in fired:
        if rule.part is not None and rule.part.restate and _Composer(text, kind, [rule], item=item).build().replaced:
            return [rule]
    return [r for r in fired if r.id == findings[0].rule] or list(fired[:1])


# a tool or skill list inside a role: a note to move it, not a longer line
TOOL_LIST_NOTE = "Move this tool list to Skills, and use the line for one measured result."
_LIST_MARKS = re.compile(r"\s*(?:[,;|•·]|\s->\s|\s[–—-]\s)\s*")


# openings of prose about the person rather than a claim of work ("My role included ...", "It took ...",
# "The majority of my time ...", "I had many ...", "There were ...")
_PROSE_OPENERS = {"my", "our", "his", "her", "their", "it", "there"}
_PROSE_THE = {"majority", "bulk", "rest", "most", "goal", "purpose", "focus", "aim"}
_PROSE_VERBS = {"have", "be"}
_PROSE_LEADINS = {"additionally", "also", "moreover", "furthermore", "overall", "mostly", "mainly"}


def narrative(item: _Item) -> bool:
    """Whether an item's first sentence is prose about the person, not a claim of work: it opens with a
    possessive, a pronoun of the situation, "the majority of", or "I had" / "I was"."""
    toks = [t for t in item.toks if re.search(r"\w", t.text)]
    while toks and toks[0].lower in _PROSE_LEADINS:
        toks = toks[1:]
    if len(toks) < 3:
        return False
    first, second = toks[0].lower, toks[1]
    if first in _PROSE_OPENERS:
        return True
    if first == "the" and second.lower in _PROSE_THE and toks[2].lower == "of":
        return True
    return first in ("i", "we") and second.lemma.lower() in _PROSE_VERBS


def tool_list(item: _Item) -> bool:
    """Whether an item is a list of tools or methods rather than a claim: at least six list entries, most of
    them three words or fewer, and no verb opening it."""
    entries = [e for e in _LIST_MARKS.split(item.text) if e.strip()]
    if len(entries) < 6 or _verb_led(item):
        return False
    short = sum(len(e.split()) <= 3 for e in entries)
    return short >= 0.7 * len(entries)


# a sentence of scale this short stays with the claim before it instead of becoming a bullet of its own
SCALE_WORDS = 10
# an item of two sentences this short, one of them measured, stays whole: a split would move its number away
MEASURED_WORDS = 32


def _keeps_its_number(item: _Item, text: str, good: str) -> bool:
    """Whether a short item of two sentences, one carrying the item's number, stays whole (GOOD within a
    bullet's length) rather than being split, which would leave its measured result out of the bullet."""
    if len(item.sents) != 2 or words(text) > MEASURED_WORDS or words(good) > MAX_WORDS:
        return False
    return any(re.search(r"\d", text[a:b]) for a, b in item.sents) and not all(
        re.search(r"\d", text[a:b]) for a, b in item.sents)


def _join_scale(text: str, split: Sequence[str], bad: str) -> tuple[str, str] | None:
    """The rewritten sentence with the short sentence of scale right after it in BAD ("Managed 3 clusters and
    300+ pods.") joined as a clause ("..., managing 3 clusters and 300+ pods"), and the verb put in another
    form; None unless that sentence opens with a past-tense verb, carries a number and the whole stays short."""
    if not split:
        return None
    nxt = split[0].strip()
    where = bad.find(text.strip())
    if where < 0 or not bad[where + len(text.strip()):].lstrip().startswith(nxt):
        return None  # not the sentence right after it
    first, _, rest = nxt.partition(" ")
    lemma = _lemma(first)
    if not rest or not re.search(r"\d", nxt) or words(nxt) > SCALE_WORDS or not _is_verb(first.lower()) \
            or first.lower() == lemma or words(text) + words(nxt) > TRIM_WORDS - 5:
        return None
    body, _terminal = _split_terminal(text.strip())
    tail, end = _split_terminal(rest)
    return f"{body.rstrip(' ,;:')}, {inflect(lemma, 'gerund')} {tail.rstrip(' ,;:')}{end or '.'}", first


def _one_sentence(text: str, item: _Item, fired: Sequence[_Rule]) -> tuple[str, _Item, list[_Rule], list[str]]:
    """The sentence of a merged item the first raised rule is about (for a result, the one naming what
    changed), as an item of its own with its rules' spans shifted to it, and the other sentences (suggested
    as bullets of their own)."""
    spans = [span for r in fired for span in r.spans]
    named = named_change(item) if fired and fired[0].named else None
    if named is not None:  # the sentence that names what changed takes the "by [how much]", unless a fragment
        a, _ = item.sentence_of(named - 1)
        opener = next((t for t in item.toks if t.start >= a), None)
        if opener is not None and _is_verb(opener.lower):
            spans = [(named - 1, named)]
    s, e = item.sentence_of(spans[0][0]) if spans else item.sents[0]
    s, e = next((a, b) for a, b in _sentence_groups(item) if a <= s and e <= b)
    return _part(text, item, fired, s, e)


# a sentence opening with one of these goes on from the one before it ("Which cut the alerts by half.")
_CONTINUING = {"which", "that", "this", "these", "thereby", "resulting", "leading", "allowing", "enabling", "and",
               "thus", "hence"}


# who a clause says the work served: such a clause says more than a quality, and stays
_AUDIENCE = {"students", "customers", "users", "clients", "engineers", "employees", "faculty", "staff", "teams",
             "members", "patients", "partners", "sellers", "buyers", "developers", "analysts", "agents", "people"}
# leads that ask a size where the line names it, not a result: no clause of effect goes for them
_IN_PLACE_LEADS = {"vague-change", "count", "team"}
# verbs that open a purpose clause of effect ("to support more reliable operations", "improving experience")
_EFFECT_VERBS = {"support", "improve", "enhance", "ensure", "deliver", "maintain", "boost", "increase", "streamline",
                 "provide", "enable", "drive", "create", "help", "make", "promote", "foster", "strengthen"}


@cache
def _effect_gerunds() -> frozenset[str]:
    """The effect verbs as gerunds ("improving experience"), inflected once."""
    return frozenset(inflect(v, "gerund") for v in _EFFECT_VERBS)


@cache
def _qualities() -> frozenset[str]:
    """Qualities no figure names as written: lexicons/rewrite/vague-ends.txt and vague-qualities.txt."""
    return word_set("rewrite/vague-ends") | word_set("rewrite/vague-qualities")

# a sentence that only claims an unmeasured effect of the one before ("This significantly increased trust.")
_VAGUE_EFFECT_RE = re.compile(
    r"^(?:this|that|which|these|it|thereby)\s+(?:\w+ly\s+)?(?:increased|improved|enhanced|reduced|boosted|raised|"
    r"lowered|strengthened|streamlined|ensured|accelerated|cut|decreased|helped|made)\b[^\d]{0,160}$", re.I)


def _vague_effect(sentence: str) -> bool:
    """Whether a sentence only claims an effect of the one before, with no figure, on a quality no figure names
    as written ("This significantly increased trust."; not "It increased basket size.", which names a metric)."""
    if not _VAGUE_EFFECT_RE.match(sentence.strip()):
        return False
    return any(w in _qualities() for w in re.findall(r"[a-z][a-z-]*", sentence.lower()))


def _sentence_groups(item: _Item) -> list[tuple[int, int]]:
    """The item's sentences, a sentence that only continues the one before it joined to it."""
    groups: list[tuple[int, int]] = []
    for a, b in item.sents:
        first = next((t for t in item.toks if a <= t.start < b and re.search(r"\w", t.text)), None)
        if groups and first is not None and first.lower in _CONTINUING:
            groups[-1] = (groups[-1][0], b)
        else:
            groups.append((a, b))
    return groups


@cache
def _tech_name_table() -> dict[str, str]:
    """Lowercased name, its words joined by single spaces -> the name as its maker writes it."""
    return {" ".join(n.lower().split()): n for n in read_entries(bundled("rewrite/tech-names.txt"))}


def _cased_names(text: str) -> tuple[str, list[str]]:
    """text with the tool and technology names typed in another case written as their makers write them
    ("Graphql" -> "GraphQL", "spring boot" -> "Spring Boot"; lexicons/rewrite/tech-names.txt), and the names as
    typed that changed."""
    typed: list[str] = []

    def right(m: re.Match[str]) -> str:
        name = _tech_name_table().get(" ".join(m.group(0).lower().split()), m.group(0))
        if name != m.group(0):
            typed.append(m.group(0))
        return name

    return _tech_names().sub(right, text), typed


@cache
def _tech_names() -> re.Pattern[str]:
    """Any name of lexicons/rewrite/tech-names.txt, as whole words in any case."""
    alts = "|".join(r"\s+".join(re.escape(w) for w in name.split())
                    for name in sorted(_tech_name_table(), key=len, reverse=True))
    return re.compile(rf"(?<![\w./@-])(?:{alts})(?![\w@/-]|\.\w)", re.I)


def _part(text: str, item: _Item, fired: Sequence[_Rule], s: int, e: int
          ) -> tuple[str, _Item, list[_Rule], list[str]]:
    """text[s:e] as an item of its own, the rules' spans shifted to it, and the item's other sentences."""
    toks = [t._replace(start=t.start - s, end=t.end - s, sent_start=t.start == s or t.sent_start)
            for t in item.toks if s <= t.start < e]
    sub = _Item(text[s:e], item.kind, toks, [(0, e - s)])
    rules = [replace(r, spans=[(a - s, b - s) for a, b in r.spans if s <= a and b <= e]) for r in fired]
    rest = [text[a:b].strip() for a, b in _sentence_groups(item) if not (s <= a and b <= e) and text[a:b].strip()]
    return sub.text, sub, rules, rest


def rewrite_for(engine: Engine, text: str, kind: str, findings: Sequence[Finding]) -> Rewrite | None:
    """Rewrite with a rule engine: its rules' rewrite data, and its check to make sure every rule is answered."""
    return rewrite(text, kind, findings, engine.rule, check=checker_for(engine, findings))


def check_many_for(engine: Engine) -> CheckMany:
    """The batched re-check :func:`rewrite_many` needs: the engine's ``flagged`` (the ids of the rules of
    each request that still flag its text)."""
    return engine.flagged


def checker_for(engine: Engine, findings: Sequence[Finding]) -> Callable[[str, str], Sequence[Finding]]:
    """The re-check for a rewrite of an item with these findings: the engine's check of just those rules."""
    rules = frozenset(f.rule for f in findings)
    return lambda text, kind: engine.check([(text, kind)], rules)[0]



