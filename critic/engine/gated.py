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
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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


@dataclass
class DocWords:
    """What one doc holds for the gates: the needs some token meets (a bit per need), per attribute its
    tokens' value hashes, and the token spans of flagged labels; positions are found on first need."""

    version: int
    met: int
    columns: dict[int, list[int]]
    spans: list[tuple[int, int, int]]  # (label hash, start, end)
    _positions: dict[Need, list[int]] = field(default_factory=dict)

    def positions(self, need: Need) -> list[int]:
        found = self._positions.get(need)
        if found is None:
            attr, allowed = need
            if attr == SPAN_LABEL:
                found = sorted({i for label, start, end in self.spans if label in allowed for i in range(start, end)})
            else:
                found = [i for i, value in enumerate(self.columns.get(attr, ())) if value in allowed]
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
        self._forget(key_id)

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

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: str) -> bool:
        return self._key_id(key) in self.keys

    def words(self, doc: Doc, spans: Iterable[tuple[str, int, int]] = ()) -> DocWords:
        """What the gates test in `doc`; `spans` are (label, start, end) of the spans whose tokens carry
        the flags."""
        attrs = self._attrs
        columns: dict[int, list[int]] = {}
        met = 0
        if attrs and len(doc):
            for attr, column in zip(attrs, doc.to_array(attrs).reshape(len(doc), len(attrs)).T.tolist(), strict=True):
                columns[attr] = column
                by_value = self._by_value[attr]
                for value in self._values[attr].intersection(column):
                    met |= by_value[value]
        flagged = self._flagged
        labelled = [(get_string_id(label), start, end) for label, start, end in spans if label in flagged]
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
        `words` (from `words`) saves reading the doc again for each key."""
        if words is None or words.version != self.version:
            words = self.words(doc, spans)
        met = words.met
        key_ids = list(self.keys) if key is None else [self._key_id(key)]
        out: list[tuple[int, int, int]] = []
        for key_id in key_ids:
            which = tuple(i for i, (needs, chain, _) in enumerate(self.keys.get(key_id, ()))
                          if needs & met == needs and (len(chain) < 2 or _placed(chain, words)))
            if which:
                out.extend(self._built_for(key_id, which)(doc))
        return out

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if self.flags:
            raise ValueError("a GatedMatcher with flags needs the doc's spans: call matches()")
        return self.matches(doc)
