"""Token patterns gated on their literal words: spaCy's Matcher, run only where a pattern can match.

spaCy's token Matcher walks every token of a doc for every pattern it holds, so one Matcher with every
pattern of a rule pack is slow, and most of its patterns cannot match a given item: a pattern whose
mandatory tokens must equal literal words ("trade", one of "fewer/less/more", ...) matches nowhere in a
doc without those words. A GatedMatcher reads, for each pattern, its *anchors* -- the mandatory tokens
that must equal a literal, with how far apart in tokens consecutive anchors can fall in a match -- and
on each doc runs only the patterns whose anchors occur in it at such distances. Skipping a pattern that
cannot match changes no match: the matches are those of spaCy's Matcher with all the patterns.

Anchors are read from LOWER / LEMMA / ORTH / TEXT / NORM equal to a string or IN a list of strings, and
(with `flags`) from extension flags that critic's pipeline sets on the tokens of its spans
(``_: {critic_metric: true}`` needs a token inside a METRIC span).

The patterns let through are then found with less work, with the same matches: a pattern of fixed tokens
(each taken once, each asking only for such literals) is found by comparing token values here, where
spaCy's Matcher would call a Python predicate per token for each IN list; the others run in spaCy's
Matcher over only the stretches of the doc where their matches can lie (see `_windows`).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from spacy.attrs import LEMMA, LOWER, NORM, ORTH
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

# token attributes an anchor can test
_ATTRS = {"LOWER": LOWER, "LEMMA": LEMMA, "ORTH": ORTH, "TEXT": ORTH, "NORM": NORM}
SPAN_LABEL = -1  # a pseudo attribute: the label of the flagged span a token lies in

Need = tuple[int, frozenset[int]]  # (attribute id, hashes of the values allowed)


def _repeats(token: dict) -> tuple[float, float]:
    """How many tokens a pattern token takes (min, max), read from its OP as spaCy's Matcher reads it;
    anything unexpected reads as (0, inf), which only widens what the gate lets through."""
    ops = [v for k, v in token.items() if isinstance(k, str) and k.upper() == "OP"]
    if not ops:
        return 1, 1
    op = ops[-1]
    fixed = {"1": (1, 1), "+": (1, math.inf), "*": (0, math.inf), "?": (0, 1), "!": (0, 1)}
    if op in fixed:
        return fixed[op]
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        low, _, high = op[1:-1].partition(",") if "," in op else (op[1:-1], "", op[1:-1])
        if (low == "" or low.isdecimal()) and (high == "" or high.isdecimal()):
            return int(low or 0), (int(high) if high else math.inf)
    return 0, math.inf


def _literals(token: dict, flags: Mapping[str, str]) -> list[Need]:
    """What the token must equal: (attribute id, allowed hashes) per attribute given as a string or IN a
    list of strings, and (SPAN_LABEL, {label}) per flag in `flags` it must carry (value true)."""
    out: list[Need] = []
    for key, value in token.items():
        if key == "_" and isinstance(value, dict):
            out.extend((SPAN_LABEL, frozenset({get_string_id(flags[name])}))
                       for name, want in value.items() if want is True and name in flags)
            continue
        attr = _ATTRS.get(key.upper()) if isinstance(key, str) else None
        if attr is None:
            continue
        if isinstance(value, str):
            words = [value]
        elif (isinstance(value, dict) and "IN" in value and set(value) <= {"IN", "NOT_IN"}
              and isinstance(value["IN"], list) and all(isinstance(w, str) for w in value["IN"])):
            words = value["IN"]
        else:
            continue
        out.append((attr, frozenset(get_string_id(w) for w in words)))
    return out


def fixed_tokens(pattern: list[dict]) -> list[list[Need]] | None:
    """The pattern as, per token, what the token must equal (attribute, allowed hashes), when that is all
    it asks: every token taken once (no OP), testing only LOWER / LEMMA / ORTH / TEXT / NORM for a string
    or IN a list of strings. spaCy's Matcher finds such a pattern exactly where its tokens follow each
    other, each equal to what it asks; None for any other pattern."""
    out: list[list[Need]] = []
    for token in pattern:
        if not isinstance(token, dict) or not token:
            return None
        needs: list[Need] = []
        for key, value in token.items():
            attr = _ATTRS.get(key.upper()) if isinstance(key, str) else None
            if attr is None:
                return None
            if isinstance(value, str):
                needs.append((attr, frozenset({get_string_id(value)})))
            elif (isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list)
                  and all(isinstance(w, str) for w in value["IN"])):
                needs.append((attr, frozenset(get_string_id(w) for w in value["IN"])))
            else:
                return None
        out.append(needs)
    return out or None


def anchors(pattern: list[dict], flags: Mapping[str, str] | None = None) -> list[tuple[Need, float, float]]:
    """The pattern's anchors in order: (need, min, max) where min..max is how many tokens after the
    previous anchor's first token this one's first token can fall (0..0 for the first anchor, and for two
    needs on one token). A match puts each anchor's first token where its need holds."""
    out: list[tuple[Need, float, float]] = []
    low = high = 0.0  # distance from the previous anchor's first token to the current token's first token
    seen = False
    for token in pattern:
        if not isinstance(token, dict):
            return []
        least, most = _repeats(token)
        if least >= 1:
            for i, need in enumerate(_literals(token, flags or {})):
                out.append((need, low, high) if seen and i == 0 else (need, 0, 0))
                seen = True
                if i == 0:
                    low = high = 0
        low, high = low + least, high + most
    return out


# how many tokens a stretch of a pattern takes at most: (its tokens' fixed maxima summed, the needs whose
# longest run of consecutive tokens bounds each of its repeated tokens, as "+" or "*" can take any number)
Stretch = tuple[float, tuple[Need, ...]]


def reach(pattern: list[dict], flags: Mapping[str, str] | None = None) -> tuple[Stretch, Stretch] | None:
    """How far a match can reach around its first anchor: (before, after) where a match starts at most
    `before` tokens before the first anchor's first token and ends at most `after` tokens after it; None
    for a pattern without anchors, or with a repeated token ("+", "*") that tests no literal word or flag."""
    if not all(isinstance(token, dict) for token in pattern):
        return None
    first = next((i for i, token in enumerate(pattern) if _repeats(token)[0] >= 1 and _literals(token, flags or {})),
                 None)
    if first is None:
        return None
    stretches = []
    for tokens in (pattern[:first], pattern[first:]):
        fixed = 0.0
        bounds: list[Need] = []
        for token in tokens:
            most = _repeats(token)[1]
            if most != math.inf:
                fixed += most
                continue
            needs = _literals(token, flags or {})  # a repeated token holds each of them on every token it takes
            if not needs:
                return None
            bounds.append(needs[0])
        stretches.append((fixed, tuple(bounds)))
    return stretches[0], stretches[1]


@dataclass(slots=True)
class DocWords:
    """What one doc holds for the gates: the needs some token meets (a bit per need), per attribute the
    tokens' value hashes and which of them some need allows (for the attributes where there are any), and
    the token spans of flagged labels; a need's positions are found on first need."""

    version: int
    met: int
    columns: dict[int, tuple[list[int], set[int]]]  # attribute -> (value per token, the values needs allow)
    spans: list[tuple[int, int, int]]  # (label hash, start, end)
    _positions: dict[Need, list[int]] = field(default_factory=dict)
    _places: dict[int, dict[int, list[int]]] = field(default_factory=dict)  # attribute -> value -> positions

    def longest_run(self, need: Need) -> int:
        """The most consecutive tokens where the need holds."""
        best = run = 0
        last = -2
        for i in self.positions(need):
            run = run + 1 if i == last + 1 else 1
            best = max(best, run)
            last = i
        return best

    def positions(self, need: Need) -> list[int]:
        """The token positions (ascending) where the need holds."""
        found = self._positions.get(need)
        if found is None:
            attr, allowed = need
            if attr == SPAN_LABEL:
                found = sorted({i for label, start, end in self.spans if label in allowed for i in range(start, end)})
            else:
                places = self._places.get(attr)
                if places is None:
                    places = self._places[attr] = {}
                    if attr in self.columns:
                        column, present = self.columns[attr]
                        for i, value in enumerate(column):
                            if value in present:
                                places.setdefault(value, []).append(i)
                lists = [places[value] for value in allowed.intersection(places)]
                found = lists[0] if len(lists) == 1 else sorted(i for places_ in lists for i in places_)
            self._positions[need] = found
        return found


def _placed(chain: list[tuple[Need, float, float]], words: DocWords) -> bool:
    """Whether the doc holds the chain's anchors at distances a match allows."""
    places: list[int] | None = None  # sorted
    for need, low, high in chain:
        here = words.positions(need)
        if places is not None:
            # q is placed when some previous place p has low <= q - p <= high: the first p >= q - high
            kept = []
            for q in here:
                i = bisect_left(places, q - high)
                if i < len(places) and places[i] <= q - low:
                    kept.append(q)
            here = kept
        if not here:
            return False
        places = here
    return True


def _windows(which: tuple[int, ...], entries: list[tuple[int, list[tuple[Need, float, float]], list[dict]]],
             reaches: list[tuple[Stretch, Stretch] | None], words: DocWords, length: int) -> list[tuple[int, int]]:
    """Disjoint token ranges of the doc that hold every match of the patterns `which`, each range holding
    the whole of every match that starts in it, and one token more: a match lies within `reach` of a place
    of its first anchor, its repeated tokens taking at most the longest run of tokens that hold their need.
    spaCy's Matcher tries each start on its own and reads only the tokens a match spans and the one after
    it (to end an optional tail), so it finds the same matches in each range as in the doc."""
    spans: list[tuple[int, int]] = []
    for i in which:
        stretches = reaches[i]
        if stretches is None:
            return [(0, length)]
        (before, before_runs), (after, after_runs) = stretches
        low = int(before) + sum(words.longest_run(need) for need in before_runs)
        high = int(after) + sum(words.longest_run(need) for need in after_runs) + 1
        spans.extend((p - low, p + high) for p in words.positions(entries[i][1][0][0]))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = max(start, 0), min(end, length)
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class GatedMatcher:
    """spaCy token patterns, each run on a doc only when its anchors occur there at distances a match
    allows. The patterns of a key that a doc lets through run together in one spaCy Matcher, built on
    first need and kept (up to `cache_size` of them). Stands in for a spaCy Matcher (``add``, ``remove``,
    ``len``, ``in``, calling it on a doc), with `matches` to run one key against the doc's `words`.

    flags: extension name -> span label, for flags critic's pipeline sets on the tokens of its spans;
    `words` then needs those spans (only correct for docs the whole pipeline has annotated).
    """

    def __init__(self, vocab: Any, *, validate: bool = False, flags: Mapping[str, str] | None = None,
                 fuzzy_compare: Callable[..., bool] | None = None, cache_size: int = 2048) -> None:
        self.vocab = vocab
        self.validate = validate
        self.flags = dict(flags or {})
        self.fuzzy_compare = fuzzy_compare
        self.cache_size = cache_size
        self.version = 0  # bumped when patterns change
        # key -> its patterns: (a bit per need of their anchors, anchors, pattern)
        self.keys: dict[int, list[tuple[int, list[tuple[Need, float, float]], list[dict]]]] = {}
        # key -> (the bits of every need of its patterns, per pattern: how far a match reaches around its
        # first anchor, see `reach`)
        self._gates: dict[int, tuple[int, list[tuple[Stretch, Stretch] | None], list[list[list[Need]] | None]]] = {}
        # (key, the needs of its patterns a doc meets) -> (its patterns whose needs are all met: with one
        # anchored token, with more, to be placed)
        self._which: dict[tuple[int, int], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._unanchored: set[int] = set()  # keys with a pattern that needs no word (it runs on every doc)
        self._needs: dict[Need, int] = {}  # need -> its bit
        self._by_value: dict[int, dict[int, int]] = {}  # attribute -> value hash -> bits of the needs allowing it
        self._values: dict[int, frozenset[int]] = {}  # attribute -> every value hash some need allows
        self._attrs: list[int] = []  # the token attributes some need tests
        self._flagged = frozenset(self.flags.values())
        self._built: OrderedDict[tuple[int, tuple[int, ...]], Matcher] = OrderedDict()
        self._ids: dict[str, int] = {}

    def _key_id(self, key: str) -> int:
        key_id = self._ids.get(key)
        if key_id is None:
            key_id = self._ids[key] = get_string_id(key)
        return key_id

    def _matcher(self, validate: bool) -> Matcher:
        if self.fuzzy_compare is None:
            return Matcher(self.vocab, validate=validate)
        return Matcher(self.vocab, validate=validate, fuzzy_compare=self.fuzzy_compare)

    def add(self, key: str, patterns: list[list[dict]], *, on_match: object = None, greedy: str | None = None) -> None:
        """Add patterns under `key` (checked as spaCy's Matcher checks them; callbacks and greedy filtering,
        which need all of a key's matches at once, are not supported)."""
        if on_match is not None or greedy is not None:
            raise ValueError("GatedMatcher supports neither on_match nor greedy")
        self._matcher(self.validate).add(key, patterns)  # raises on a bad pattern, before anything is kept
        key_id = self._key_id(key)
        entries = self.keys.setdefault(key_id, [])
        for pattern in patterns:
            chain = anchors(pattern, self.flags)
            bits = 0
            for need, _, _ in chain:
                bits |= self._need_bit(need)
            entries.append((bits, chain, pattern))
            stretches = reach(pattern, self.flags)
            for _, runs in stretches or ():
                for need in runs:
                    self._need_bit(need)  # so that `words` reads the attribute it tests (no pattern needs it)
        self._forget(key_id)

    def _gate(self, key_id: int) -> tuple[int, list[tuple[Stretch, Stretch] | None], list[list[list[Need]] | None]]:
        """(the bits of every need of the key's patterns, per pattern its reach, per pattern its fixed tokens
        when it is one, see `fixed_tokens`)."""
        gate = self._gates.get(key_id)
        if gate is None:
            entries = self.keys[key_id]
            mask = 0
            for bits, _, _ in entries:
                mask |= bits
            gate = self._gates[key_id] = (mask, [reach(pattern, self.flags) for _, _, pattern in entries],
                                          [fixed_tokens(pattern) for _, _, pattern in entries])
            if any(bits == 0 for bits, _, _ in entries):
                self._unanchored.add(key_id)
            else:
                self._unanchored.discard(key_id)
        return gate

    def _need_bit(self, need: Need) -> int:
        if need not in self._needs:
            bit = self._needs[need] = 1 << len(self._needs)
            attr, allowed = need
            by_value = self._by_value.setdefault(attr, {})
            for value in allowed:
                by_value[value] = by_value.get(value, 0) | bit
            self._values[attr] = frozenset(by_value)
            self._attrs = sorted(a for a in self._by_value if a != SPAN_LABEL)
        return self._needs[need]

    def remove(self, key: str) -> None:
        key_id = self._key_id(key)
        if key_id not in self.keys:
            raise ValueError(f"no patterns under {key!r}")
        del self.keys[key_id]
        self._forget(key_id)

    def _forget(self, key_id: int) -> None:
        self.version += 1
        self._built = OrderedDict((k, m) for k, m in self._built.items() if k[0] != key_id)
        self._gates.pop(key_id, None)
        self._which.clear()

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: str) -> bool:
        return self._key_id(key) in self.keys

    def words(self, doc: Doc, spans: Iterable[tuple[str, int, int]] = ()) -> DocWords:
        """What the gates test in `doc`; `spans` are (label, start, end) of the spans whose tokens carry
        the flags."""
        attrs = self._attrs
        columns: dict[int, tuple[list[int], set[int]]] = {}
        met = 0
        if attrs and len(doc):
            for attr, column in zip(attrs, doc.to_array(attrs).reshape(len(doc), len(attrs)).T.tolist(), strict=True):
                present = self._values[attr].intersection(column)
                if present:
                    columns[attr] = (column, present)
                    met = reduce(or_, map(self._by_value[attr].__getitem__, present), met)
        labelled = []
        if spans:
            flagged = self._flagged
            labelled = [(self._key_id(label), start, end) for label, start, end in spans if label in flagged]
            if labelled:
                by_label = self._by_value.get(SPAN_LABEL, {})
                for label in {label for label, _, _ in labelled}:
                    met |= by_label.get(label, 0)
        return DocWords(self.version, met, columns, labelled)

    def _built_for(self, key_id: int, which: tuple[int, ...]) -> Matcher:
        cache_key = (key_id, which)
        matcher = self._built.get(cache_key)
        if matcher is None:
            entries = self.keys[key_id]
            matcher = self._matcher(False)
            matcher.add(self.vocab.strings[key_id], [entries[i][2] for i in which])
            self._built[cache_key] = matcher
            if len(self._built) > self.cache_size:
                self._built.popitem(last=False)
        else:
            self._built.move_to_end(cache_key)
        return matcher

    def matches(self, doc: Doc, key: str | None = None, words: DocWords | None = None,
                spans: Iterable[tuple[str, int, int]] = ()) -> list[tuple[int, int, int]]:
        """(match id, start, end) of the patterns of `key` (None: every key) that can match the doc;
        `words` (from `words`) saves reading the doc again for each key.

        The patterns let through run only over the parts of the doc where their matches can lie (see
        `_windows`), which finds the same matches in fewer steps."""
        if words is None or words.version != self.version:
            words = self.words(doc, spans)
        if key is not None:
            return self._matches(doc, self._key_id(key), words)
        out: list[tuple[int, int, int]] = []
        for key_id in list(self.keys):
            out.extend(self._matches(doc, key_id, words))
        return out

    def _matches(self, doc: Doc, key_id: int, words: DocWords) -> list[tuple[int, int, int]]:
        gate = self._gates.get(key_id)
        if gate is None:
            if key_id not in self.keys:
                return []
            gate = self._gate(key_id)
        mask, reaches, fixed = gate
        met = words.met & mask
        if not met and key_id not in self._unanchored:
            return []  # every pattern of the key needs a word the doc does not hold
        found = self._which.get((key_id, met))
        entries = self.keys[key_id]
        if found is None:
            if len(self._which) > self.cache_size * 8:
                self._which.clear()
            which = [i for i, (needs, _, _) in enumerate(entries) if needs & met == needs]
            found = self._which[key_id, met] = (tuple(i for i in which if len(entries[i][1]) < 2),
                                                tuple(i for i in which if len(entries[i][1]) >= 2))
        which, to_place = found
        if to_place:
            placed = tuple(i for i in to_place if _placed(entries[i][1], words))
            if placed:
                which = tuple(sorted(which + placed))
        if not which:
            return []
        out: list[tuple[int, int, int]] = []
        # patterns of fixed tokens are found here; spaCy's Matcher runs the others, and those on a doc it
        # would refuse (LEMMA patterns on a doc without lemmas: it raises)
        if any(fixed[i] is not None for i in which) and (doc.has_annotation("LEMMA") or not any(
                need[0] == LEMMA for i in which if fixed[i] is not None for token in fixed[i] for need in token)):
            columns, length = words.columns, len(doc)
            for i in which:
                tokens = fixed[i]
                if tokens is None:
                    continue
                size = len(tokens)
                for p in words.positions(entries[i][1][0][0]):
                    if p + size > length:
                        break
                    if all(columns[attr][0][p + k] in allowed for k, needs in enumerate(tokens) for attr, allowed in needs):
                        out.append((key_id, p, p + size))
            which = tuple(i for i in which if fixed[i] is None)
            if not which:
                return list(dict.fromkeys(out))
        matcher = self._built_for(key_id, which)
        length = len(doc)
        for first, last in _windows(which, entries, reaches, words, length):
            if first == 0 and last == length:
                out.extend(matcher(doc))
            else:
                out.extend((match_id, start + first, end + first) for match_id, start, end in matcher(doc[first:last]))
        return list(dict.fromkeys(out))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if self.flags:
            raise ValueError("a GatedMatcher with flags needs the doc's spans: call matches()")
        return self.matches(doc)
