"""Restating a black-box or weak-ownership phrase in place as the writer's own decision or part."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from critic.lexicons import word_set
from critic.rewrite.item import _MODAL_WORDS, _OBJECT_ENDS, _SUBJECTS, CHANGE_VERBS, _has_past, _Item, _Tok
from critic.rewrite.lead import (
    PARTICIPATION_NOUNS,
    TEAM_HEADS,
    _lemma_of,
    inner_hyphen,
    lexicon_slot,
    means_after_by,
    metric_table,
    names_people,
    partner_preposition,
    read_lexicon,
    size_slot,
)
from critic.rewrite.model import Placeholder
from critic.rewrite.text import _cap_first, _split_terminal
from critic.rewrite.verbs import _AUX_FORM, _BASE_BEFORE, _form_of, _is_verb, _lemma, inflect

_HELP = {"help", "assist", "support", "aid"}
_COLLAB = {"work", "collaborate", "partner", "team", "coordinate", "liaise", "cooperate", "interface", "sync",
           "consult", "engage"}
_LEAN = {"rely", "defer", "lean", "depend", "count"}
_PARTICIPATE = {"contribute", "participate"}
_PARTICIPATE_WORDS = {"involved", "responsible", "exposure", "exposed", "part", "member"}
# words that open participation-only phrasing (the writer near the work, not doing it)
PARTICIPATION_LEMMAS = frozenset({"help", "assist", "support", "aid", "contribute", "participate", "involved", "involve",
                                  "contribution", "contributions", "participation", "collaborate", "partner",
                                  "work", "exposure"})
# nouns that only name the doing of the work after them ("development of an API")
_WORK_NOMINALS = {"development": "develop", "creation": "create", "implementation": "implement", "design": "design",
                  "building": "build", "construction": "build", "improvement": "improve", "maintenance": "maintain",
                  "writing": "write", "drafting": "draft", "preparation": "prepare"}
# the writer's part of work told as a span of stages ("Involved from strategy to QA")
STAGES = Placeholder("[which stages were yours]", "Which of these stages did you own yourself, and what did you "
                     "deliver in them?", "the architecture and the API design")
_SPAN_PREPOSITIONS = {"from", "across", "at", "by", "through", "into", "between", "over", "during", "throughout"}
_LEVERAGE = {"leverage": "using", "utilize": "using", "utilise": "using", "harness": "using", "tap": "using",
             "embrace": "using", "use": "using", "employ": "using", "apply": "applying", "deploy": "deploying"}
_PREPOSITIONS = {"with", "on", "in", "to", "for", "of", "at", "by", "from", "across", "through", "via", "into",
                 "during", "under", "over", "alongside", "within", "without", "as", "about", "around"}
_DETERMINERS = {"the", "a", "an", "our", "my", "their", "its", "his", "her", "this", "that", "these", "those",
                "several", "multiple", "two", "three", "both", "all", "various", "other"}
_DEFERRAL_ASK = {"ask", "check", "see", "consult", "poll"}
_NOT_PEOPLE = {"model", "algorithm", "ai", "system", "tool", "llm", "vendor's"}
# words that hand a decision to someone else ("... will handle it", "let the model decide", "trust them")
_DEFER_WORDS = {"let", "trust", "leave", "delegate", "outsource", "punt", "hand", "ask", "check", "see", "handle",
                "figure", "decide", "own", "fix", "sort", "deal", "choose", "pick", "drive", "determine", "tell",
                "tune", "manage", "call", "know", "whatever", "whichever", "rely", "defer", "lean", "depend",
                "care", "question", "up"}


@dataclass(frozen=True)
class PartVerb:
    """The verb and slot that ask for the writer's part of one kind of work (lexicons/rewrite/part-verbs.yaml)."""

    verb: str
    slot: Placeholder
    work: frozenset[str]
    joins: bool = True  # the slot also reads after the work's own verb ("Developed [which feature or module] of")
    verbs: frozenset[str] = frozenset()  # verbs of this kind of work: their part takes this slot too


@lru_cache(maxsize=1)
def part_verbs() -> tuple[PartVerb, ...]:
    """The bundled part-verb kinds, read and checked once."""
    from critic.errors import ConfigError
    from critic.resources import data_dir

    path = data_dir("lexicons") / "rewrite" / "part-verbs.yaml"
    out: list[PartVerb] = []
    for n, kind in enumerate(read_lexicon(path).get("kinds") or []):
        work = kind.get("work") if isinstance(kind, dict) else None
        if not (isinstance(work, list) and str(kind.get("verb", "")).isalpha()):
            raise ConfigError(f"{path}: kinds[{n}] needs a verb, a slot (text, question, sample) and a work list")
        joins = kind.get("joins", True)
        verbs = kind.get("verbs", [])
        if not isinstance(joins, bool) or not isinstance(verbs, list):
            raise ConfigError(f"{path}: kinds[{n}].joins must be true or false, and verbs a list")
        out.append(PartVerb(str(kind["verb"]), lexicon_slot(path, kind.get("slot"), f"kinds[{n}].slot"),
                            frozenset(str(w).lower() for w in work), joins, frozenset(str(v).lower() for v in verbs)))
    return tuple(out)


def part_verb_of(verb: str) -> PartVerb | None:
    """The kind whose verbs include the lemma of ``verb`` (a past form: "Developed", "Designed and implemented"
    -> the first verb's), if any."""
    first = verb.split()[0].lower() if verb.split() else ""
    lemma = _lemma(first)
    return next((kind for kind in part_verbs() if lemma in kind.verbs), None)


# heads that name work of any kind: the words before them say which
_ANY_WORK = {"project", "initiative", "programme"}


def part_verb_for(words: Sequence[str]) -> PartVerb | None:
    """The kind whose work word is among the words of the work's first noun phrase (singular or plural), the
    word nearest its head first: "a billing system migration" is a migration, "the app's launch" a launch. The
    head is looked for before an "of" first ("the roll-out of new tools"), then after it."""
    low = [w.lower() for w in words]
    cut = low.index("of") if "of" in low else len(low)
    found: list[tuple[str, PartVerb]] = []
    for part in (low[:cut], low[cut + 1:]):
        # the pair ending at a word before the word itself ("front end"), from the last word back
        for n in range(len(part) - 1, -1, -1):
            for w in ((" ".join(part[n - 1:n + 1]),) if n else ()) + (part[n],):
                kind = next((k for k in part_verbs()
                             if w in k.work or (w.endswith("s") and w[:-1] in k.work)), None)
                if kind is not None:
                    found.append((w.removesuffix("s"), kind))
    # a project is whatever its words say it is ("an open-source project" is software)
    return next((k for w, k in found if w not in _ANY_WORK), found[0][1] if found else None)


@dataclass
class _Decision:
    """The verb and placeholder a restatement writes, from the governing rule's template."""

    verb: str  # lemma, e.g. "decide"
    placeholder: str  # e.g. "[what you decided]"
    prep: str  # the preposition for "... [placeholder] <prep> <the work>" ("for", "of")
    rule: str
    part: str = ""  # the placeholder that replaces participation-only phrasing ("Helped", "Contributed to")


def _decision_of(rule_id: str, template: str, part: str = "") -> _Decision | None:
    """Read "decided [what you decided] with" / "led [the part you owned] of" into a _Decision."""
    m = re.fullmatch(r"\s*([A-Za-z]+)\s+(\[[^\[\]]+\])\s*,?\s*(.*?)\s*", template)
    if not m:
        return None
    verb = _lemma(m.group(1))
    if not _is_verb(verb):
        return None
    tail = m.group(3).split()
    prep = tail[-1].lower() if tail and tail[-1].lower() in _PREPOSITIONS - {"with"} else "for"
    return _Decision(verb, m.group(2), prep, rule_id, part)


@dataclass
class _Edit:
    """Replace BAD[start:end] with text (start == end inserts); ``order`` breaks ties at one position."""

    start: int
    end: int
    text: str
    order: int = 0


def _is_base_verb(tok: _Tok) -> bool:
    return _is_verb(tok.lower) and tok.lemma == tok.lower and tok.lower not in _DETERMINERS


def _is_gerund(tok: _Tok) -> bool:
    return tok.lower.endswith("ing") and tok.lemma != tok.lower and _is_verb(tok.lower)


_CLAUSE_MARKS = {",", ";", "-", "–", "—", ":", "and", "or", "then", "also"}
_GERUND_AFTER = _CLAUSE_MARKS | {"by", "in", "of", "from", "while", "when", "after", "before", "since"}


def _verb_position_ok(item: _Item, i: int) -> bool:
    """Whether the token at i heads a clause of its own: "Worked with ...", "I also partnered with ...",
    "..., working with ..." -- not "the data team with ..." or "targeting using machine learning"."""
    tok = item.toks[i]
    if i == 0 or tok.sent_start:
        return True
    prev = item.toks[i - 1].lower
    if prev in _SUBJECTS or prev in _AUX_FORM or prev.endswith("ly"):
        return True
    if tok.lower.endswith("ing") and tok.lower != tok.lemma:
        return prev in _GERUND_AFTER
    return prev in _BASE_BEFORE or prev in _CLAUSE_MARKS


class _Restater:
    """Builds the edits that turn a weak opening into the writer's decision."""

    def __init__(self, item: _Item, decision: _Decision) -> None:
        self.item = item
        self.d = decision
        self.removed: list[str] = []
        self.clause = False  # the restatement ends in a comma clause of its own
        self.participating = False  # the phrase is participation only: ask for the writer's part, no verb
        self.slots: list[Placeholder] = []  # placeholders the restatement wrote beyond the rule's own

    # -- helpers
    def _opening(self, first: int, text: str) -> str:
        """text capitalised when it replaces the tokens from ``first``, which open a sentence."""
        return _cap_first(text) if first == 0 or self.item.toks[first].sent_start else text

    def _part_verb_slot(self) -> tuple[str, str] | None:
        """The rule's writer's-part form as (verb, slot) ("owned", "[the part that was yours]") when it is a verb
        and a placeholder and the phrase is participation; None otherwise."""
        if not (self.participating and self.d.part and " " in self.d.part):
            return None
        verb, slot = self.d.part.split(" ", 1)
        return verb, slot

    def _slot_of(self, verb: str, generic: str) -> str:
        """The slot that asks for the writer's part after the verb a noun of doing named: the slot of the kind
        of work that verb makes ("Developed [which feature or module] of the product"), else ``generic``."""
        kind = part_verb_of(verb)
        if kind is None:
            return generic
        self.slots.append(kind.slot)
        return kind.slot.text

    def _verb_text(self, head: int, first: int) -> str:
        """The decision verb in the form of the phrase it replaces ("was involved" -> "decided")."""
        toks = self.item.toks
        aux = toks[first].lower if first < head else ""
        return inflect(self.d.verb, _AUX_FORM.get(aux) or _form_of(toks[head].text))

    def _start(self, head: int) -> int:
        """Index of the first token to replace: the head, or the "was" / sentence-opening adverb before it."""
        toks = self.item.toks
        first = head
        if head > 0 and toks[head - 1].lower in _AUX_FORM and toks[head].lower in _PARTICIPATE_WORDS:
            first = head - 1  # "was responsible for", "I'm involved in"
        elif head > 1 and toks[head - 1].lower.endswith("ly") and toks[head - 2].lower in _AUX_FORM \
                and toks[head].lower in _PARTICIPATE_WORDS:
            first = head - 2  # "was actively involved in"
        if first > 0 and toks[first - 1].lower.endswith("ly") and toks[first - 1].sent_start:
            first -= 1  # "Closely partnered with"
        if first > 0 and toks[first - 1].lower in ("i", "we") and (first == 1 or toks[first - 1].sent_start) \
                and self.item.kind != "answer" and self.participating and self.d.part:
            first -= 1  # "I worked with ...": the writer's part replaces the whole opening
        return first

    def _kind_after(self, work: int, *, determiner: bool = True) -> PartVerb | None:
        """The kind of work whose noun phrase starts at token ``work`` (with ``determiner``, only a phrase that
        opens with one: "a web app", not "apps to ..."), if any."""
        toks = self.item.toks
        if work >= len(toks) or determiner and toks[work].lower not in ("a", "an", "the", "our", "its", "their"):
            return None
        phrase: list[str] = []
        glue = False
        for n, t in enumerate(toks[work:work + 8], work):
            if glue:  # the rest of a hyphenated word: "roll-out"
                phrase[-1] += t.text
                glue = False
                continue
            if phrase and inner_hyphen(toks, n):
                phrase[-1] += "-"
                glue = True
                continue
            if t.lower in _PREPOSITIONS - {"of"} or not re.search(r"\w", t.text) or t.lower in ("which", "that"):
                break
            phrase.append(t.text)
        return part_verb_for(phrase)

    def _lead(self, first: int, head: int, words: str, work: int | None = None, verb: str = "") -> str:
        """The replacement text, capitalised when it opens a sentence; ``work``: where the work named after a
        participation phrase starts (its kind may pick the verb that asks for the writer's part)."""
        kind = None
        if work is not None and self.participating and self.d.part and not self.d.part.startswith("[") \
                and self.item.kind != "answer":
            kind = self._kind_after(work, determiner=False)
        if kind is not None:  # "Contributions to a report" -> "Wrote [which sections] of a report"
            self.slots.append(kind.slot)
            out = _part_lead(words, self.d.placeholder, f"{verb or kind.verb.lower()} {kind.slot.text}")
            if out.endswith(" of") and self._team_head(work):  # "Was part of the backend team": work *in* it
                out = out[:-3] + " in"
        elif self.participating and self.d.part.startswith("["):  # "Supported the launch" -> "[...] for the launch"
            out = words.replace(f"{self.d.placeholder} {self.d.prep} the work to", f"{self.d.part} to", 1)
            out = out.replace(f"{self.d.placeholder} of", f"{self.d.part} for", 1)  # a part *for* the work
            out = out.replace(self.d.placeholder, self.d.part, 1)
        elif verb and (part := self._part_verb_slot()) is not None:
            # "Contributed to the creation of a league" -> "Created [the part that was yours] of a league"
            out = _part_lead(words, self.d.placeholder, f"{verb} {self._slot_of(verb, part[1])}")
        elif self.participating and self.d.part:  # "Supported the launch" -> "Owned [which part] of the launch"
            out = _part_lead(words, self.d.placeholder, self.d.part)
        else:
            out = f"{self._verb_text(head, first)} {words}"
        if work is not None and out.endswith(" of") and self._bare_nominal(work):
            out += " the"  # "Supported roll-out of X" -> "Ran [which workstream] of the roll-out of X"
        return self._opening(first, out)

    def _team_head(self, work: int) -> bool:
        """Whether the noun phrase starting at token ``work`` is headed by a team ("the backend team")."""
        toks = self.item.toks
        last = None
        for t in toks[work:work + 8]:
            if t.lower in _PREPOSITIONS or not re.search(r"\w", t.text) or t.lower in ("which", "that"):
                break
            last = t
        return last is not None and _team_word(last.lower)

    def _team_kind(self, j: int) -> PartVerb | None:
        """The kind of work a team after token ``j`` is named by ("4 research teams": research), for a resume
        item whose participation asks the writer's part; None otherwise."""
        toks = self.item.toks
        if not self.participating or not self.d.part or self.d.part.startswith("[") or self.item.kind == "answer":
            return None
        words: list[str] = []
        for t in toks[j + 1:j + 6]:
            if _team_word(t.lower):
                return part_verb_for(words) if words else None
            if not t.text.isalnum():
                return None
            words.append(t.text)
        return None

    def _named_part(self, work: int) -> tuple[int, str] | None:
        """Where a closing ", helping with its design and implementation" starts and the verbs its nouns of doing
        name ("Designed and implemented"), when the writer's part is named so after the work; None otherwise."""
        toks = self.item.toks
        if self._part_verb_slot() is None or self.item.kind == "answer":
            return None
        sent_end = self.item.sentence_of(toks[work].start)[1]
        for c in range(work + 1, len(toks) - 3):
            if toks[c].start >= sent_end:
                return None
            if toks[c].text != "," or toks[c + 1].lower not in ("helping", "assisting", "contributing") \
                    or toks[c + 2].lower not in ("with", "in", "to"):
                continue
            k = c + 3
            k += toks[k].lower in ("its", "the", "their")
            if toks[k].lower == "it" and k + 1 < len(toks) and toks[k + 1].lower in ("'s", "’s"):
                k += 2  # "it's", as typed for "its"
            nouns: list[str] = []
            while k < len(toks) and toks[k].lower in _WORK_NOMINALS:
                nouns.append(inflect(_WORK_NOMINALS[toks[k].lower], "past"))
                k += 1
                if k < len(toks) and toks[k].lower in ("and", ",") and k + 1 < len(toks) \
                        and toks[k + 1].lower in _WORK_NOMINALS:
                    k += 1
            rest = [t for t in toks[k:] if t.start < sent_end and re.search(r"\w", t.text)]
            if not nouns or rest:
                return None
            verbs = ", ".join(nouns[:-1]) + (" and " if len(nouns) > 1 else "") + nouns[-1]
            return c, verbs[:1].upper() + verbs[1:]
        return None

    def _bare_nominal(self, work: int) -> bool:
        """Whether the work opens with one lowercase noun of doing, hyphenated or not, and no determiner, before
        "of" ("roll-out of new procedures", "migration of the ledger")."""
        toks = self.item.toks
        k = work
        while inner_hyphen(toks, k + 1):
            k += 2
        return k + 1 < len(toks) and toks[k + 1].lower == "of" and all(
            t.text == "-" or t.text.islower() and t.text.isalpha() for t in toks[work:k + 1]) \
            and toks[work].lower not in _DETERMINERS

    def _remove(self, a: int, b: int) -> None:
        self.removed.append(self.item.text[self.item.toks[a].start:self.item.toks[b].end])

    # -- patterns
    def restate(self, spans: Sequence[tuple[int, int]], *, every: bool = False) -> list[_Edit] | None:
        """Edits restating the first span that reads as a weak verb phrase (every such span with ``every``)."""
        item = self.item
        out: list[_Edit] = []
        for s, _e in spans:
            i = item.tok_at(s)
            if i is None:
                continue
            for head in (i, i + 1):  # "I was involved in": the span may start one token early
                if head >= len(item.toks):
                    break
                edits = self._at(head)
                if edits is not None and not any(_overlaps(e, out) for e in edits):
                    out.extend(edits)
                    break
            if out and not every:
                break
        if not out and spans and item.kind != "answer":  # "In partnership with X, I participated in Y": the
            s0, e0 = spans[0]                              # participation after the frame is restated
            _, end = item.sentence_of(s0)
            comma = next((n for n, t in enumerate(item.toks) if e0 <= t.start < end and t.text == ","), None)
            for head in (comma + 1, comma + 2) if comma is not None else ():
                if head < len(item.toks) and item.toks[head].lemma in PARTICIPATION_LEMMAS:
                    out = self._at(head) or []
                    break
        return out or None

    def _at(self, head: int) -> list[_Edit] | None:
        toks = self.item.toks
        tok = toks[head]
        lemma = tok.lemma
        nxt = toks[head + 1].lower if head + 1 < len(toks) else ""
        self.participating = False
        if (lemma in _HELP | _PARTICIPATE | _COLLAB or tok.lower in PARTICIPATION_NOUNS) \
                and _verb_position_ok(self.item, head):
            edits = self._by_means(head)
            if edits is not None:
                return edits
        if lemma in _HELP and _verb_position_ok(self.item, head):
            return self._help(head)
        if lemma in _COLLAB | _LEAN and _verb_position_ok(self.item, head):
            return self._collab(head)
        if (lemma in _PARTICIPATE or tok.lower in _PARTICIPATE_WORDS) and _verb_position_ok(self.item, head):
            return self._participate(head)
        if tok.lower in PARTICIPATION_NOUNS and head == 0 and self.item.kind != "answer":
            return self._participate(head)
        if lemma in ("play", "have") and nxt in ("a", "an"):
            return self._participate(head)
        if lemma in _LEVERAGE and _verb_position_ok(self.item, head):
            return self._leverage(head)
        return None

    def _by_means(self, head: int) -> list[_Edit] | None:
        """"Supported the uptime initiative by resolving recurring issues" -> "Resolved recurring issues for the
        uptime initiative": the writer's own actions, named after "by", become the claim; None without them."""
        item, toks = self.item, self.item.toks
        if item.kind == "answer":
            return None
        _, end = item.sentence_of(toks[head].start)
        found = means_after_by(toks, head, next((k for k in range(head, len(toks)) if toks[k].start >= end), len(toks)))
        if found is None:
            return None
        obj, by, stop = found
        means = toks[by + 1]
        self.participating = True
        first = self._start(head)
        verb = inflect(_lemma_of(means.lower, means.lemma), "past")
        edits = [_Edit(toks[first].start, toks[by + 1].end, self._opening(first, verb))]
        for k in range(by + 2, stop):  # "and escalating" -> "and escalated": every action of the means
            if toks[k - 1].lower in ("and", ",", "&") and toks[k].lower.endswith("ing") and len(toks[k].lower) > 5:
                edits.append(_Edit(toks[k].start, toks[k].end, inflect(_lemma_of(toks[k].lower, toks[k].lemma), "past")))
        work = item.text[toks[obj].start:toks[by].start].rstrip()
        prep = partner_preposition(toks, head, obj, by)  # partners stay partners
        edits.append(_Edit(toks[stop - 1].end, toks[stop - 1].end, f" {prep} {work}"))
        self.removed.extend(t.text for t in toks[first:obj])
        self.removed.append(toks[by].text)
        self.removed.extend(item.text[e.start:e.end] for e in edits[:-1] if e.start != toks[first].start)
        self.removed.append(means.text)  # the actions stay, in the past tense
        return edits

    def claim_means(self) -> list[tuple[list[_Edit], list[str]]]:
        """For every sentence that opens with participation whose own actions follow "by" ("Supported the
        uptime initiative by resolving recurring issues" -> "Resolved recurring issues for the uptime
        initiative"), whether or not a finding flagged it, its edits and the words they take out: the sentence
        already names the writer's part."""
        toks = self.item.toks
        out: list[tuple[list[_Edit], list[str]]] = []
        for n, tok in enumerate(toks):
            if n and not tok.sent_start:
                continue
            head = n + 1 if tok.lower in ("i", "we") and n + 1 < len(toks) else n
            if toks[head].lemma in _HELP | _PARTICIPATE | _COLLAB or toks[head].lower in PARTICIPATION_NOUNS:
                self.removed = []
                edits = self._by_means(head)
                if edits:
                    out.append((edits, self.removed))
        self.removed = []
        return out

    def _collab(self, head: int) -> list[_Edit] | None:
        toks = self.item.toks
        lemma = toks[head].lemma
        if lemma == "work" and head + 1 < len(toks) and toks[head + 1].lower == "on":
            return self._participate(head)
        for j in range(head + 1, min(head + 5, len(toks))):
            low = toks[j].lower
            if low in (",", ";", ".", ":", "(", ")"):
                return None
            if low in ("with", "alongside"):
                break
            if lemma in _COLLAB and low in ("on", "across") and self.item.kind != "answer":
                return self._participate(head)  # "Collaborated on 4 research teams": the writer's part
            if lemma in _LEAN and low in ("on", "to", "upon"):
                np = toks[j + 1 : j + 5]
                if not any(t.team for t in np) or any(t.lemma in _NOT_PEOPLE for t in np):
                    if self.item.kind == "answer":
                        return None  # handing the call to a model or vendor: the deferral form
                    return self._gerund(head)  # "Decided [...], relying on the vendor's model to ..."
                break
        else:
            return None
        owned = self._collab_to(head, j) if lemma in _COLLAB else None
        if owned is not None:
            return owned
        # "Collaborated with 3 teams to ..." is participation: ask for the writer's part, keep the partners
        self.participating = lemma in _COLLAB and self.item.kind != "answer"
        first = self._start(head)
        self._remove(first, j)
        lead = self._lead(first, head, f"{self.d.placeholder} with")
        return [_Edit(toks[first].start, toks[j].end, lead)]

    def _collab_to(self, head: int, j: int) -> list[_Edit] | None:
        """"Worked with the ML team to launch a fraud model" -> "Launched a fraud model; chose [the model, data or
        threshold] with the ML team": on AI work in a resume, the work the team was joined for becomes the claim,
        and the writer's own choice about the AI is asked beside the team. None for any other phrasing."""
        item, toks = self.item, self.item.toks
        if item.kind == "answer" or not self.d.part or self.d.placeholder == self.d.part:
            return None
        k = next((n for n in range(j + 1, min(j + 9, len(toks))) if toks[n].lower == "to"), None)
        if k is None or k + 2 >= len(toks) or not names_people(toks[j + 1:k]) \
                or not _is_base_verb(toks[k + 1]) or toks[k + 1].lower in _PREPOSITIONS:
            return None
        _, end = item.sentence_of(toks[head].start)
        rest = item.text[toks[k + 2].start:end]
        from critic.advice.context import mentions_ai

        if toks[k + 1].lemma in PARTICIPATION_LEMMAS:
            return None  # "to help grow their business": still no part of the writer's own
        if not mentions_ai(rest) and self.d.part.startswith("["):
            return None  # no verb to ask the writer's part with: the participation form asks it
        self.participating = True  # "I worked with ...": the whole opening goes
        first = self._start(head)
        self.participating = False
        team = item.text[toks[j + 1].start:toks[k].start].rstrip()
        return self._joined_work(first, k + 1, team, end)

    def _joined_work(self, first: int, v: int, team: str, end: int) -> list[_Edit]:
        """Toks[first..v] (an opening ending in the work's verb, base form) replaced by that verb in the past:
        "Worked with T to launch X" / "Helped T launch X" -> "Launched X; chose [...] with T" on AI work, else
        "Launched X with T, owning [...]" ("Built [how many] wireframes ... with T" when what the work made is a
        bare plural) or, for a known kind of work, "Built [which feature or module] of X, with T"."""
        from critic.advice.context import mentions_ai

        item, toks = self.item, self.item.toks
        rest = item.text[toks[v + 1].start:end] if v + 1 < len(toks) else ""
        verb = inflect(toks[v].lemma, "past")
        stop = next((n for n in range(v + 1, len(toks)) if toks[n].start >= end or toks[n].text in (";", ".", "!", "?")),
                    len(toks))
        self._remove(first, v)
        lead = _Edit(toks[first].start, toks[v].end, self._opening(first, verb))
        edits = [lead]
        for n in range(v + 1, stop):  # "to extract insights and improve packaging": every verb of the work
            if toks[n - 1].lower == "and" and _is_base_verb(toks[n]) and toks[n].lower not in _PREPOSITIONS:
                edits.append(_Edit(toks[n].start, toks[n].end, inflect(toks[n].lemma, "past")))
                self.removed.append(toks[n].text)
        if mentions_ai(rest):  # the writer's own choice about the AI is asked beside the team
            edits.append(_Edit(toks[stop - 1].end, toks[stop - 1].end,
                               f"; {inflect(self.d.verb, 'past')} {self.d.placeholder} with {team}", order=500))
        elif (kind := self._kind_after(v + 1)) is not None and kind.joins:  # "Developed [which feature or module] of
            lead.text += f" {kind.slot.text} of"  # a web app ..., with 3 others": the part of that kind of work
            self.slots.append(kind.slot)
            edits.append(_Edit(toks[stop - 1].end, toks[stop - 1].end, f", with {team}", order=500))
        elif (size := size_slot()) is not None and (at := self._claimed_change(v, stop)) is not None:
            # "Improved packaging sustainability by [X%], with 3+ teams": the outcome the work names is asked its
            # size; the partners stay partners
            self.slots.append(size)
            edits.append(_Edit(at, at, f" by {size.text}", order=499))
            glue = " " if stop - (v + 1) <= 8 else ", "
            edits.append(_Edit(toks[stop - 1].end, toks[stop - 1].end, f"{glue}with {team}", order=500))
        else:  # "Shipped the search revamp with 3 squads, owning [...]": partners stay partners, the part is asked
            owning = part_clause(self.d.part)
            count = metric_table().count
            if count is not None and v + 2 < stop and _bare_plural(toks[v + 1]):
                # "Built [how many] wireframes for new components with the PM team": the work is the writer's
                # claim beside the team, and what it made is counted, not an "owning [...]" tacked on
                edits.append(_Edit(toks[v + 1].start, toks[v + 1].start, f"{count.text} ", order=499))
                self.slots.append(count)
                owning = ""
            # a long line, or one with a "with" of its own, sets the partners apart ("..., with 3 others, owning")
            glue = " " if stop - (v + 1) <= 8 and "with" not in (t.lower for t in toks[v + 1:stop]) else ", "
            edits.append(_Edit(toks[stop - 1].end, toks[stop - 1].end, f"{glue}with {team}{owning}", order=500))
        return edits

    def _claimed_change(self, v: int, stop: int) -> int | None:
        """Where a size goes after an outcome among the work's verbs from token ``v`` ("to extract insights and
        improve packaging sustainability| "): the end of that change verb's object, when it is short, ends
        before ``stop`` or at it, and is not a quality no figure measures; None otherwise."""
        toks = self.item.toks
        for n in range(v, stop):
            if toks[n].lemma not in CHANGE_VERBS or not (n == v or toks[n - 1].lower == "and"):
                continue
            j = n + 1
            while j < stop and toks[j].lower not in _OBJECT_ENDS and j - n <= 6:
                j += 1
            if j == n + 1 or j < stop and toks[j].lower not in _OBJECT_ENDS \
                    or any(t.lower in word_set("rewrite/vague-qualities") for t in toks[n + 1:j]):
                return None
            return toks[j - 1].end
        return None

    def _team_that(self, head: int, j: int) -> list[_Edit] | None:
        """"Was part of the team that launched the wallet" -> "Launched the wallet with the team, owning [...]":
        the team's named work, with the writer's part asked (resume items; None for any other phrasing)."""
        toks = self.item.toks
        if self.item.kind == "answer" or not self.participating or not self.d.part or self.d.part.startswith("[") \
                or toks[j].lower not in ("of", "in", "on", "with"):
            return None
        rel = next((n for n in range(j + 1, min(j + 6, len(toks))) if toks[n].lower in ("that", "which", "who")), None)
        if rel is None or rel + 2 >= len(toks) or not names_people(toks[j + 1:rel]) \
                or _form_of(toks[rel + 1].text) != "past" or not _is_verb(toks[rel + 1].lower) \
                or toks[rel + 1].lemma in PARTICIPATION_LEMMAS:
            return None
        self.participating = True
        first = self._start(head)
        team = self.item.text[toks[j + 1].start:toks[rel - 1].end]
        self._remove(first, rel)
        return self._joined_work(first, rel + 1, team, self.item.sentence_of(toks[head].start)[1])

    def _participate(self, head: int) -> list[_Edit] | None:
        toks = self.item.toks
        self.participating = toks[head].lower != "responsible"  # a duty is not participation
        for j in range(head + 1, min(head + 5, len(toks))):
            if toks[j].lower in (",", ";", ".", ":") or toks[j].lower in _SPAN_PREPOSITIONS:
                if toks[j].lower == "from" and self.participating and not self.d.part.startswith("[") \
                        and self.item.kind != "answer":  # "Involved from strategy to QA": owned what, across it
                    first = self._start(head)
                    self._remove(first, head)
                    product = _product_slot()
                    rest = self.item.text[toks[j].end:]
                    if product is not None and not re.search(r"\b(?:of|for|on)\s+(?:the|a|an|our|its|[A-Z])", rest):
                        # "Delivered [which product] end to end, from strategy to QA": the stages are the claim,
                        # what went through them is asked (a slot of stages would repeat the list once filled)
                        self.slots.append(product)
                        text = f"Delivered {product.text} end to end,"
                    else:  # the work is named ("... of the billing app"): which stages of it were the writer's
                        self.slots.append(STAGES)
                        text = f"{self.d.part.split(' ', 1)[0]} {STAGES.text},"  # "Owned [which stages were yours], from"
                    return [_Edit(toks[first].start, toks[head].end, self._opening(first, text))]
                return None  # "Involved from strategy to QA": the span is the work, not the participation
            if toks[j].lower in ("on", "to", "in", "for", "of", "with"):
                break
        else:
            return None
        joined = self._team_that(head, j)
        if joined is not None:
            return joined
        first = self._start(head)
        following = toks[j + 1] if j + 1 < len(toks) else None
        if toks[j].lower == "with" and any(t.team for t in toks[j + 1 : j + 5]):
            prep = "with"
        elif following is not None and _is_gerund(following):
            prep = "in"
        elif toks[j].lower == "on" and any(t.team or _team_word(t.lower) for t in toks[j + 1 : j + 5]):
            prep = "in"  # "Collaborated on 4 research teams": a part *in* the teams
        else:
            prep = self.d.prep
        end, verb = j, ""
        work = j + 1 if prep != "in" else None
        if work is not None:  # "Contributed to (the) development of an API": "Developed [...] of an API"
            k = work + (work < len(toks) and toks[work].lower in ("the", "a", "an"))
            if k + 2 < len(toks) and toks[k + 1].lower == "of" and toks[k].lower in _WORK_NOMINALS:
                end, work, verb = k + 1, k + 2, inflect(_WORK_NOMINALS[toks[k].lower], "past")
            elif k + 1 < len(toks) and toks[k + 1].lower in _WORK_NOMINALS and toks[k].text.isalpha() \
                    and toks[k].text.islower() and (part := self._part_verb_slot()) is not None \
                    and (k + 2 == len(toks) or toks[k + 2].text in ("(", ".", ",", ";")) \
                    and self.item.kind != "answer":
                # "Participation in the product development (C++)" -> "Developed [...] of the product (C++)"
                verb = inflect(_WORK_NOMINALS[toks[k + 1].lower], "past")
                obj = self.item.text[toks[work].start:toks[k].end]
                self._remove(first, k + 1)
                slot = self._slot_of(verb, part[1])
                return [_Edit(toks[first].start, toks[k + 1].end, self._opening(first, f"{verb} {slot} of {obj}"))]
        tail = self._named_part(work) if work is not None and not verb else None
        if tail is not None and (part := self._part_verb_slot()) is not None:
            # "Working on the X project, helping with its design and implementation"
            comma, verbs = tail  # -> "Designed and implemented [the part that was yours] of the X project"
            text = f"{verbs} {self._slot_of(verbs, part[1])} {'of' if prep != 'with' else 'of the work with'}"
            self._remove(first, j)
            self.removed.append(self.item.text[toks[comma].start:toks[-1].end].rstrip(".!?"))
            end_tok = next((n for n in range(len(toks) - 1, comma, -1) if re.search(r"\w", toks[n].text)), comma)
            return [_Edit(toks[first].start, toks[j].end, self._opening(first, text)),
                    _Edit(toks[comma].start, toks[end_tok].end, "")]
        team_kind = self._team_kind(j) if prep == "in" and work is None else None
        if team_kind is not None:  # "Collaborated on 4 research teams" -> "Ran [which analyses ...] in 4 research teams"
            self._remove(first, j)
            self.slots.append(team_kind.slot)
            return [_Edit(toks[first].start, toks[j].end,
                          self._opening(first, f"{team_kind.verb} {team_kind.slot.text} in"))]
        lead = self._lead(first, head, f"{self.d.placeholder} {prep}", work=work, verb=verb)
        if end != j and not self.slots and not (verb and self._part_verb_slot() is not None):
            end = j  # no kind of work named after all: the phrase stays as written
        self._remove(first, end)
        return [_Edit(toks[first].start, toks[end].end, lead)]

    def _help(self, head: int) -> list[_Edit] | None:
        toks = self.item.toks
        self.participating = True
        first = self._start(head)
        j = head + 1
        if j >= len(toks):
            return None
        nxt = toks[j]
        ph = self.d.placeholder
        # "Helped with the launch", "assisted in the migration": the help is participation
        if nxt.lower in ("with", "on", "in", "for") and not (j + 1 < len(toks) and toks[j + 1].team):
            return self._participate(head)
        # "Helped launch search", "helped to launch search": name the work
        if nxt.lower == "to" and j + 1 < len(toks) and _is_base_verb(toks[j + 1]):
            self._remove(first, j)
            return [_Edit(toks[first].start, toks[j].end, self._lead(first, head, f"{ph} {self.d.prep} the work to"))]
        compound = j + 1 < len(toks) and toks[j + 1].text == "-" and toks[j + 1].start == nxt.end
        if _is_base_verb(nxt) and nxt.lower not in _PREPOSITIONS and not compound:  # "roll-out" is a noun
            self._remove(first, head)
            return [_Edit(toks[first].start, toks[head].end, self._lead(first, head, f"{ph} {self.d.prep} the work to"))]
        # the object: "the data science team", "our ML engineers", "the rollout of ..."
        k = j
        while k < len(toks) and toks[k].lower in _DETERMINERS:
            k += 1
        obj_start = k
        team = False
        while k < len(toks):
            t = toks[k]
            if not re.search(r"\w", t.text) or (t.lower in _PREPOSITIONS and k > obj_start):
                break
            if k > obj_start and not t.team and t.lower not in TEAM_HEADS | {"and", "or", "'s", "’s"} and (
                    (toks[k - 1].lower in TEAM_HEADS and t.text.isalpha() and not t.lower.endswith("s"))
                    or ((toks[k - 1].team or toks[k - 1].lower.endswith("s")) and _is_base_verb(t))):
                break  # "the ops team | tag 5,000 invoices": the verb the team was helped to do
            team = team or t.team or t.lower in TEAM_HEADS
            k += 1
        if k == obj_start:
            return None
        team = team and (toks[k - 1].team or toks[k - 1].lower in TEAM_HEADS)  # "vendor onboarding" is work
        if not team:
            if k < len(toks) and _is_base_verb(toks[k]) and toks[k].lower not in _PREPOSITIONS:
                # "Helped customers find answers": the work is helping them
                self._remove(first, head)
                return [_Edit(toks[first].start, toks[head].end,
                              self._lead(first, head, f"{ph} {self.d.prep} the work to help"))]
            self._remove(first, head)
            return [_Edit(toks[first].start, toks[head].end, self._lead(first, head, f"{ph} {self.d.prep}", work=j))]
        if k + 1 < len(toks) and self.item.kind != "answer" and self.d.part and not self.d.part.startswith("[") \
                and _is_base_verb(toks[k]) and toks[k].lower not in _PREPOSITIONS \
                and toks[k].lemma not in PARTICIPATION_LEMMAS:  # "Helped the ops team tag invoices": the work done
            team_text = self.item.text[toks[j].start:toks[k - 1].end]
            return self._joined_work(first, k, team_text, self.item.sentence_of(toks[head].start)[1])
        edits = [_Edit(toks[first].start, toks[j].start, self._lead(first, head, f"{ph} with") + " ")]
        self._remove(first, head)
        if k < len(toks):
            comp = toks[k]
            after = toks[k + 1] if k + 1 < len(toks) else None
            if comp.lower == "with":
                edits.append(_Edit(comp.start, comp.end, "on"))
            elif comp.lower == "in" and after is not None and _is_gerund(after):
                edits.append(_Edit(comp.start, after.end, f"to {after.lemma}"))
                self._remove(k, k + 1)
            elif comp.text.isalpha() and not comp.team and comp.lower not in _PREPOSITIONS | {"and", "or"} \
                    and (_is_base_verb(comp) or toks[k - 1].lower in TEAM_HEADS):
                edits.append(_Edit(comp.start, comp.start, "to "))
        return edits

    def _leverage(self, head: int) -> list[_Edit] | None:
        return self._gerund(head, _LEVERAGE[self.item.toks[head].lemma])

    def _gerund(self, head: int, gerund: str = "") -> list[_Edit]:
        """"Leveraged AI to ..." -> "Decided [...], using AI to ...": the decision, then the phrase as a clause."""
        toks = self.item.toks
        first = self._start(head)
        gerund = gerund or inflect(toks[head].lemma, "gerund")
        self._remove(first, head)
        self.clause = True
        lead = self._lead(first, head, f"{self.d.placeholder}, {gerund}")
        return [_Edit(toks[first].start, toks[head].end, lead)]

    # -- deferral: the sentence stays, and the writer's own decision follows it
    def defer(self, span: tuple[int, int]) -> list[_Edit]:
        """"The platform team will handle it." -> "The platform team will handle it, but I'll decide [...] myself."
        "Let's ask the vendor what they suggest." -> "I'll ask the vendor what they suggest, then decide ..."."""
        item = self.item
        s, e = item.sentence_of(span[0])
        body, _ = _split_terminal(item.text[s:e])
        body = body.rstrip(" ,;:")
        stoks = [t for t in item.toks if s <= t.start < s + len(body)]
        ph = self.d.placeholder
        lows = [t.lower for t in stoks]
        future = any(w in ("will", "'ll", "’ll") for w in lows)
        past = _has_past(stoks) and not any(w in _MODAL_WORDS for w in lows)
        self.clause = True
        ask = next((i for i, t in enumerate(stoks) if t.lemma in _DEFERRAL_ASK), None)
        if ask is not None and any(w in ("what", "whatever", "which", "whichever", "how") for w in lows[ask:]):
            then = inflect(self.d.verb, "past") if past else self.d.verb
            new = body
            if len(lows) > 1 and lows[0] == "let" and lows[1] in ("'s", "’s", "us"):
                new = "I'll" + body[stoks[1].end - s:]
                self.removed.append(body[: stoks[1].end - s])
            return [_Edit(s, s + len(body), f"{new}, then {then} {ph} myself")]
        if item.kind != "answer":
            subject = "I " if any(w in ("i", "we") for w in lows) else ""
            verb = self.d.verb if future and subject else inflect(self.d.verb, "past")
            subject = "I'll " if future and subject else subject
        elif future:
            subject, verb = "I'll ", self.d.verb
        elif past:
            subject, verb = "I ", inflect(self.d.verb, "past")
        else:
            subject, verb = "I'd ", self.d.verb
        return [_Edit(s + len(body), s + len(body), f", but {subject}{verb} {ph} myself")]


def _part_lead(words: str, placeholder: str, part: str) -> str:
    """The writer's part as a verb lead: "[ph] for" -> "owned [which part] of", "[ph] with" (people) -> "owned
    [which part] of the work with", "[ph] in" (a team, a gerund) -> "owned [which part] in"."""
    rest = words[len(placeholder):].strip() if words.startswith(placeholder) else words
    prep, _, tail = rest.partition(" ")
    tail = f" {tail}" if tail else ""
    if prep == "with":
        return f"{part} of the work with{tail}"
    if prep == "in":
        return f"{part} in{tail}"
    if prep in ("for", "of", "on", "to"):
        return f"{part} of{tail}"
    return f"{part} {rest}".strip()


def part_clause(part: str) -> str:
    """The writer's part asked as a clause after the work: "owned [the part that was yours]" -> ", owning [the
    part that was yours]"; "" for a part that is a placeholder alone."""
    verb, _, slot = part.partition(" ")
    return f", {inflect(_lemma(verb), 'gerund')} {slot}" if slot and not part.startswith("[") else ""


def _team_word(word: str) -> bool:
    """Whether a lowercased word names a team or its people, singular or plural ("squads", "engineers")."""
    return word in TEAM_HEADS or word.rstrip("s") in TEAM_HEADS


def _bare_plural(tok: _Tok) -> bool:
    """Whether a word right after a verb is a plain plural noun that can take a count ("wireframes", "dashboards"):
    lower-case letters ending in "s", not a verb form, not a word ending in "ss", "us" or "is"."""
    w = tok.text
    return w.isalpha() and w.islower() and len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")) \
        and not _is_verb(w) and not _is_verb(w[:-1])


def _looks_deferral(item: _Item, span: tuple[int, int]) -> bool:
    """Whether a black-box span hands the decision to someone else rather than describing work."""
    words = {t.lemma for t in item.toks if span[0] <= t.start < span[1]}
    return bool(words & _DEFER_WORDS)


def _product_slot() -> Placeholder | None:
    """The slot that asks which product a line's work delivered, as the metrics lexicon's list of duties asks
    it ("[which product]"), if it declares one."""
    duty = metric_table().duty_list
    return next((p for p in duty.placeholders if "product" in p.text), None) if duty is not None else None


def _overlaps(a: _Edit, edits: Sequence[_Edit]) -> bool:
    return any(a.start < b.end and b.start < a.end for b in edits)


