"""An item read for rewriting: its tokens, sentences, tense and whether it opens with a verb."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from critic.lexicons import word_set
from critic.rewrite.verbs import _is_verb


class _Tok(NamedTuple):
    text: str
    lower: str
    lemma: str
    start: int
    end: int
    team: bool
    sent_start: bool


@dataclass
class _Item:
    text: str
    kind: str
    toks: list[_Tok]
    sents: list[tuple[int, int]]  # char spans of sentences

    def tok_at(self, char: int) -> int | None:
        for i, t in enumerate(self.toks):
            if t.start <= char < t.end:
                return i
            if t.start > char:
                return i
        return None

    def sentence_of(self, char: int) -> tuple[int, int]:
        for s, e in self.sents:
            if s <= char < e:
                return s, e
        return self.sents[-1] if self.sents else (0, len(self.text))

    def words(self) -> int:
        return len(self.text.split())


def _analyse(text: str, kind: str, doc: Any = None) -> _Item:
    """Tokens and sentences of an item; `doc` is the annotation of `text` by critic's default pipeline,
    if at hand."""
    from spacy.attrs import IDX, LEMMA, ORTH, SENT_START

    from critic.nlp import get_nlp, span_tuples

    if doc is None:
        doc = get_nlp()(text)
    # the pipeline flags (token._.critic_team) exactly the tokens of its TEAM spans; reading the spans is faster
    team = {i for label, start, end in span_tuples(doc) if label == "TEAM" for i in range(start, end)}
    if doc.user_hooks or not doc.has_annotation("SENT_START"):  # let spaCy find (or refuse) the sentences
        return _analyse_tokens(text, kind, doc, team)
    # the tokens and sentences read as arrays: what iterating the doc's tokens and sentences gives
    strings = doc.vocab.strings
    toks: list[_Tok] = []
    bounds: list[tuple[int, int]] = []  # sentences as (start char, end char)
    first = 0
    for i, (orth, lemma, idx, sent_start) in enumerate(doc.to_array([ORTH, LEMMA, IDX, SENT_START]).tolist()):
        word = strings[orth]
        if i and sent_start == 1:
            bounds.append((toks[first].start, toks[i - 1].end))
            first = i
        toks.append(_new_tok(_Tok, (word, word.lower(), strings[lemma], idx, idx + len(word), i in team,
                                    sent_start == 1)))
    if toks:
        bounds.append((toks[first].start, toks[-1].end))
    return _Item(text, kind, toks, _sentences(text, bounds))


_new_tok = tuple.__new__  # _Tok(...) without the keyword handling of a NamedTuple's __new__


def _analyse_tokens(text: str, kind: str, doc: Any, team: set[int]) -> _Item:
    toks = [_Tok(t.text, t.text.lower(), t.lemma_, t.idx, t.idx + len(t.text), t.i in team,
                 bool(t.is_sent_start)) for t in doc]
    return _Item(text, kind, toks, _sentences(text, [(sent.start_char, sent.end_char) for sent in doc.sents]))


_SENTENCE_END_RE = re.compile(r"[.!?。！？][\"')]*\s*$")


def _sentences(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences' char spans, joining a split on something that is not a sentence end."""
    sents: list[tuple[int, int]] = []
    for s, e in bounds:
        if text[s:e].strip():
            # a split is a sentence end only after end punctuation and before a space ("Node.JS" is one word)
            if sents and (not _SENTENCE_END_RE.search(text[sents[-1][0]:sents[-1][1]]) or not text[s - 1].isspace()):
                sents[-1] = (sents[-1][0], e)  # the sentencizer split on something that is not an end
            else:
                sents.append((s, e))
    return sents or [(0, len(text))]


_MODAL_WORDS = {"will", "'ll", "’ll", "would", "'d", "’d", "shall", "wo", "gonna"}


def _has_past(toks: Sequence[_Tok]) -> bool:
    """Whether a past-tense verb appears ("shipped", "built"; not "-ing" or "-s" forms)."""
    return any(t.lower != t.lemma and not t.lower.endswith(("ing", "s")) and _is_verb(t.lower) for t in toks)


def _is_plan(item: _Item) -> bool:
    """Whether the item describes a plan or a hypothetical ("We'll retrain", "I'd ship") rather than a past.

    An answer with no past-tense verb at all ("We bias toward false negatives") reads as a plan too.
    """
    toks = item.toks
    if item.kind == "answer" and not _has_past(toks):
        return True
    for i, t in enumerate(toks):
        nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
        if t.lower in _MODAL_WORDS or (t.lower in ("going", "plan", "planning", "intend", "want") and nxt == "to") \
                or (t.lower == "let" and nxt in ("'s", "’s", "us")):
            return True
        if item.kind != "answer" and _has_past([t]):
            return False  # a bullet that opens in the past ("Killed X after it showed it would ...")
    return False


_SUBJECTS = {"i", "we", "they", "you", "also", "then", "personally"}


def _verb_led(item: _Item) -> bool:
    """Whether the item opens with a verb (after an optional subject): "Led ...", "I built ..."."""
    toks = [t for t in item.toks if re.search(r"\w", t.text)]
    for t in toks[:3]:
        if t.lower in _SUBJECTS or t.lower.endswith("ly"):
            continue
        return _is_verb(t.lower)
    return False


# verbs that name a change in something measurable ("Reduced churn", "improved answer quality")
CHANGE_VERBS = frozenset({"reduce", "cut", "improve", "increase", "boost", "grow", "lower", "raise", "decrease",
                          "lift", "shorten", "enhance", "minimize", "minimise", "maximize", "maximise",
                          "accelerate", "speed", "drop", "slash"})
_OPENERS = {"which", "that", "and", ",", ";", "—", "–", "-", "thereby", "also"}
_OBJECT_ENDS = {",", ";", ".", ":", "(", ")", "—", "–", "by", "through", "via", "using", "with", "while", "to",
                "which", "that", "across", "for", "in", "on", "at", "from", "after", "before", "when", "without",
                "within", "thanks", "among", "per", "as", "so", "because", "and", "or", "during", "over", "under",
                "between", "into", "throughout", "until", "despite", "amid"}
_NOT_OBJECTS = {"the", "a", "an", "our", "my", "their", "its", "his", "her", "this", "these", "those"}


@cache
def _measures(qualities: bool) -> frozenset[str]:
    """lexicons/rewrite/measures.txt, with ``qualities`` joined by rewrite/vague-ends.txt; built once each."""
    return word_set("rewrite/measures") | (word_set("rewrite/vague-ends") if qualities else frozenset())


def measure_word(word: str, *, qualities: bool = False) -> bool:
    """Whether a word names what a figure measures (lexicons/rewrite/measures.txt), singular or plural; with
    ``qualities``, also a quality one is read as ("efficiency", "accessibility": rewrite/vague-ends.txt)."""
    known = _measures(qualities)
    low = word.lower()
    return low in known or low.removesuffix("s") in known


def named_change(item: _Item) -> int | None:
    """Where "by [how much]" goes in an item that names what it changed but not by how much: the end of the
    object of its first change verb ("Reduced churn| for enterprise accounts"); None when there is none."""
    toks = item.toks
    for i, t in enumerate(toks):
        if t.lemma not in CHANGE_VERBS or not _is_verb(t.lower) or t.lower.endswith("s") and t.lower != t.lemma:
            continue
        if not (i == 0 or t.sent_start or toks[i - 1].lower in _OPENERS | _SUBJECTS):
            continue
        if i and toks[i - 1].end == t.start:
            continue  # a compound ("gradient-boosted"), not a verb of its own
        j = i + 1
        if j < len(toks) and toks[j].lower == "up" and t.lemma == "speed":
            j += 1
        start = j
        while j < len(toks) and toks[j].lower not in _OBJECT_ENDS and j - start < 8:
            j += 1
        if j == start or all(tok.lower in _NOT_OBJECTS for tok in toks[start:j]):
            return None
        if j < len(toks) and toks[j].lower not in _OBJECT_ENDS:
            return None  # a long object: no clear place
        if any(tok.lower in word_set("rewrite/vague-qualities") for tok in toks[start:j]):
            return None  # "improved customer experience", "the discoverability of X": no figure as written
        if not any(measure_word(tok.lower, qualities=True) for tok in toks[start:j]):
            return None  # "improved data sets", "enhanced leadership": a thing or a skill, not a figure that moved
        return toks[j - 1].end
    return None


# a spoken sign-off: thanks, goodbyes, "see you in the next video", a call to subscribe
_OUTRO_RE = re.compile(
    r"\b(?:see you|bye|goodbye|thanks?(?: you)?(?: so much| all| guys| everyone| a lot)?(?: for (?:watching|listening))?"
    r"|subscribe|next video|hope you(?: guys| all)? enjoyed|take care|good luck|cheers|that'?s (?:it|all) for)\b",
    re.I)


def outro_start(item: _Item) -> int | None:
    """Where a closing sign-off starts (its trailing sentences that thank, say goodbye or are a word or
    three, at least one of them a sign-off); None when there is none, or when it is the whole item."""
    start: int | None = None
    signed = False
    for s, e in reversed(item.sents):
        sentence = item.text[s:e]
        if _OUTRO_RE.search(sentence) and len(sentence.split()) <= 30:
            signed = True
        elif len(sentence.split()) > 3:
            break
        start = s
    if not signed or start is None or start == item.sents[0][0]:
        return None
    return start
