"""Matchers: the building blocks of a rule's detection, compiled once per engine.

A matcher is one of
  {lexicon: NAME} | {phrase: "..."} | {pattern: [spaCy token pattern]} | {regex: "..."} |
  {entity: LABEL} | {number: measure|vague|not-measure|TYPE} | {any: [matchers]} | {all: [matchers]} |
  {shape: list} (the item reads as a list of names, not a statement) | {item: KIND or [KINDS]} (the item
  is of that kind: bullet, summary or answer)
with optional modifiers:
  not_after: [matchers]   drop a hit when one of these ends within `window` tokens before it
  not_before: [matchers]  drop a hit when one of these starts within `window` tokens after it
  followed_by: [matchers] keep a hit only when one of these starts within `window` tokens after it
  preceded_by: [matchers] keep a hit only when one of these ends within `window` tokens before it
  window: N               tokens (default 3)
  same_sentence: bool     for `all`: every part must fire within one sentence (default true); the
                          hits of `all` are its first part's hits (the other parts are conditions)
  unless: [matchers]      drop every hit when one of these fires anywhere in the item
  first_tokens: N         keep only hits that start within the item's first N tokens
  label: text             a name shown in evidence
  message: text           the finding's message, instead of the rule's, when every hit of the rule comes
                          from matchers with this message (a top-level matcher of the detection only)
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from itertools import count
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from critic import numbers
from critic.errors import ConfigError
from critic.lexicons import Lexicon, check_pattern
from critic.nlp import LABELS, is_list_line, span_tuples
from critic.nlp.context import ITEM_KINDS, ItemContext
from critic.nlp.gated import GatedMatcher

BASE_KEYS = ("lexicon", "phrase", "pattern", "regex", "entity", "number", "any", "all", "shape", "item")
SHAPES = ("list",)
MODIFIER_KEYS = ("not_after", "not_before", "followed_by", "preceded_by", "window", "same_sentence", "unless",
                 "first_tokens", "label", "message")
NUMBER_VALUES = (*numbers.KINDS, *numbers.MEASURE_TYPES)


class Hit(NamedTuple):
    """Where a matcher fired: char and token offsets into the item, and what fired."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    text: str
    source: str
    note: str = ""


_NONE: list[tuple[int, int]] = []  # no spans (shared: never modified)
_NO_HITS: list[Hit] = []  # no hits (shared: never modified)
_SPEC_IDS = count(1)  # hit-cache keys of matcher specs (other cache keys are negative or tuples)


# critic's own components that set neither lemmas nor token text: phrase patterns do not need them
_NOT_FOR_PHRASES = ("sentencizer", "critic_ruler", "critic_numbers")


def phrase_docs(nlp: Language, phrases: list[str], attr: str) -> list[Doc]:
    """Docs of phrase patterns, annotated as far as `attr` needs: tokens only for text attributes,
    lemmas (every component but critic's sentence, span and number ones) for LEMMA."""
    if attr != "LEMMA":
        return [nlp.make_doc(p) for p in phrases]
    return list(nlp.pipe(phrases, disable=[n for n in _NOT_FOR_PHRASES if n in nlp.pipe_names]))


class MatcherIndex:
    """One PhraseMatcher per attribute shared by every lexicon and phrase of an engine (each doc is scanned
    once), and the token patterns of every key in a GatedMatcher: a key's patterns run on a doc only when
    a matcher asks for that key, and then only those whose literal words the doc holds."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.specs: dict[str, int] = {}  # a matcher spec (canonical JSON) -> its id (unique in the process)
        self.phrase = {attr: PhraseMatcher(nlp.vocab, attr=attr) for attr in ("LEMMA", "LOWER")}
        # critic_numbers flags the tokens of each critic span: token._.critic_metric inside a METRIC span
        flags = {f"critic_{label.lower()}": label for label in LABELS}
        self.tokens = GatedMatcher(nlp.vocab, validate=True, flags=flags)
        self.phrase_keys: set[str] = set()
        self.token_keys: set[str] = set()

    def spec_id(self, spec: dict[str, Any]) -> int:
        """One id per distinct matcher spec of this index: matchers with equal specs find equal hits, so
        an item's hit cache keeps them once."""
        canonical = json.dumps(spec, sort_keys=True, default=repr)
        spec_id = self.specs.get(canonical)
        if spec_id is None:
            spec_id = self.specs[canonical] = next(_SPEC_IDS)
        return spec_id

    def add_phrases(self, key: str, phrases: list[str], attr: str = "LEMMA") -> None:
        if key in self.phrase_keys:
            return
        self.phrase_keys.add(key)
        self.phrase[attr].add(key, phrase_docs(self.nlp, phrases, attr))

    def add_patterns(self, key: str, patterns: list[list[dict]], where: str) -> None:
        if key in self.token_keys:
            return
        self.token_keys.add(key)
        try:
            self.tokens.add(key, patterns)
        except (ValueError, TypeError, KeyError) as exc:
            lines = [ln.strip("- ").strip() for ln in str(exc).splitlines() if ln.strip()]
            detail = next((ln for ln in lines if "->" in ln), lines[0] if lines else exc.__class__.__name__)
            raise ConfigError(f"{where}: invalid token pattern ({detail})") from exc

    def phrase_pairs(self, ctx: ItemContext) -> dict[str, list[tuple[int, int]]]:
        """Every key's spans in the item so far: its phrases', and its token patterns' once `pairs` has run
        them (see ItemContext.ran)."""
        keyed = ctx.keyed
        if keyed is None:
            found: dict[str, list[tuple[int, int]]] = defaultdict(list)
            strings = self.nlp.vocab.strings
            for matcher in self.phrase.values():
                for match_id, start, end in matcher(ctx.doc):
                    found[strings[match_id]].append((start, end))
            keyed = ctx.keyed = dict(found)
        return keyed

    def pairs(self, ctx: ItemContext, key: str) -> list[tuple[int, int]]:
        """(start, end) token spans where the matchers of `key` fire in the item (unsorted, may repeat)."""
        keyed = ctx.keyed
        if keyed is None:
            keyed = self.phrase_pairs(ctx)
        if key in self.token_keys and key not in ctx.ran:
            ctx.ran.add(key)
            words = ctx.words
            if words is None or words.version != self.tokens.version:
                words = ctx.words = self.tokens.words(ctx.doc, _entities_of(ctx))
            matches = self.tokens.matches(ctx.doc, key, words)
            if matches:
                keyed.setdefault(key, []).extend((start, end) for _, start, end in matches)
        return keyed.get(key, _NONE)


class CompiledMatcher:
    """A compiled matcher; `find` returns its hits in an item."""

    def __init__(self, spec: dict[str, Any], index: MatcherIndex, lexicons: dict[str, Lexicon], where: str,
                 used_lexicons: set[str]) -> None:
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: a matcher must be a mapping like {{lexicon: NAME}}, not {spec!r}")
        unknown = sorted(set(spec) - set(BASE_KEYS) - set(MODIFIER_KEYS))
        if unknown:
            raise ConfigError(f"{where}: unknown matcher key '{unknown[0]}'")
        bases = [k for k in BASE_KEYS if k in spec]
        if len(bases) != 1:
            raise ConfigError(f"{where}: a matcher needs exactly one of {', '.join(BASE_KEYS)} (got {bases or 'none'})")
        self.base = bases[0]
        self.value = spec[self.base]
        self.index = index
        self._description: str | None = None
        self.window_given = "window" in spec
        self.window = spec.get("window", 3)
        if not isinstance(self.window, int) or self.window < 0:
            raise ConfigError(f"{where}: 'window' must be a non-negative integer")
        self.same_sentence = spec.get("same_sentence", True)
        self.label = str(spec.get("label", ""))
        self.message = spec.get("message", "")
        if not isinstance(self.message, str) or "\n" in self.message.strip():
            raise ConfigError(f"{where}: 'message' must be one line of text")
        self.message = self.message.strip()
        self.not_after = compile_list(spec.get("not_after", []), index, lexicons, f"{where}.not_after", used_lexicons)
        self.not_before = compile_list(spec.get("not_before", []), index, lexicons, f"{where}.not_before", used_lexicons)
        self.followed_by = compile_list(spec.get("followed_by", []), index, lexicons, f"{where}.followed_by",
                                        used_lexicons)
        self.preceded_by = compile_list(spec.get("preceded_by", []), index, lexicons, f"{where}.preceded_by",
                                        used_lexicons)
        self.unless = compile_list(spec.get("unless", []), index, lexicons, f"{where}.unless", used_lexicons)
        self.first_tokens = spec.get("first_tokens")
        if self.first_tokens is not None and (not isinstance(self.first_tokens, int) or self.first_tokens < 1):
            raise ConfigError(f"{where}: 'first_tokens' must be a positive integer")
        self.parts: list[CompiledMatcher] = []
        self.key = ""
        v = self.value
        if self.base == "lexicon":
            if v not in lexicons:
                raise ConfigError(f"{where}: unknown lexicon '{v}'")
            used_lexicons.add(v)
            lex = lexicons[v]
            self.key = f"lexicon:{v}"
            if lex.entries:
                index.add_phrases(self.key, lex.entries, lex.attr)
            if lex.patterns:
                index.add_patterns(self.key, lex.patterns, str(lex.path))
        elif self.base == "phrase":
            if not isinstance(v, str) or not v.strip():
                raise ConfigError(f"{where}: 'phrase' must be a non-empty string")
            self.key = f"phrase:{v.strip().lower()}"
            index.add_phrases(self.key, [v.strip()])
        elif self.base == "pattern":
            if not isinstance(v, list) or not v or not all(isinstance(t, dict) for t in v):
                raise ConfigError(f"{where}: 'pattern' must be a spaCy token pattern (a list of dicts)")
            check_pattern(v, where)
            self.key = f"pattern:{where}"
            index.add_patterns(self.key, [v], where)
        elif self.base == "regex":
            if not isinstance(v, str):
                raise ConfigError(f"{where}: 'regex' must be a string")
            try:
                self.regex = re.compile(v, re.IGNORECASE)
            except re.error as exc:
                raise ConfigError(f"{where}: invalid regex ({exc})") from exc
        elif self.base == "entity":
            if v not in LABELS:
                raise ConfigError(f"{where}: unknown entity '{v}' (one of {', '.join(LABELS)})")
        elif self.base == "number":
            if v not in NUMBER_VALUES:
                raise ConfigError(f"{where}: 'number' must be one of {', '.join(NUMBER_VALUES)}")
        elif self.base == "shape":
            if v not in SHAPES:
                raise ConfigError(f"{where}: 'shape' must be one of {', '.join(SHAPES)}")
        elif self.base == "item":
            kinds = [v] if isinstance(v, str) else v
            if not isinstance(kinds, list) or not kinds or any(k not in ITEM_KINDS for k in kinds):
                raise ConfigError(f"{where}: 'item' must be one of {', '.join(ITEM_KINDS)} or a list of them")
            self.value = list(kinds)
        else:  # any / all
            if not isinstance(v, list) or not v:
                raise ConfigError(f"{where}: '{self.base}' must be a non-empty list of matchers")
            self.parts = compile_list(v, index, lexicons, f"{where}.{self.base}", used_lexicons)
        self.cache_id = index.spec_id(spec)
        self.token_key = self.key in index.token_keys  # whether its key has token patterns
        # whether finding its hits may run token patterns (its own, its parts' or its neighbours')
        self.runs_patterns = self.token_key or any(
            m.runs_patterns for m in (*self.parts, *self.not_after, *self.not_before, *self.followed_by,
                                      *self.preceded_by, *self.unless))

    def describe(self) -> str:
        if self._description is None:
            self._description = self._describe()
        return self._description

    def _describe(self) -> str:
        if self.label:
            return self.label
        if self.base in ("any", "all"):
            return f"{self.base}(" + ", ".join(p.describe() for p in self.parts) + ")"
        if self.base == "pattern":
            return "pattern"
        if self.base == "item":
            return "item:" + "|".join(self.value)
        return f"{self.base}:{self.value}"

    def find(self, ctx: ItemContext) -> list[Hit]:
        """The matcher's hits in the item (kept in the item's cache: do not modify the list)."""
        cache = ctx.cache
        cached = cache.get(self.cache_id)
        if cached is None:
            key = self.key
            if key:
                keyed = ctx.keyed
                if keyed is None or (self.token_key and key not in ctx.ran):
                    pairs = self.index.pairs(ctx, key)
                else:
                    pairs = keyed.get(key)
                cached = self._filter(ctx, [self._span_hit(ctx, s, e) for s, e in sorted(set(pairs))]) if pairs else []
            else:
                hits = self._find(ctx)
                cached = self._filter(ctx, hits) if hits else hits
            cache[self.cache_id] = cached = cached or _NO_HITS  # one shared empty list
        return cached

    def fires(self, ctx: ItemContext) -> bool:
        """bool(self.find(ctx)), sparing a key's token patterns when one of its phrase hits is kept: the
        filters keep or drop each hit on its own, whatever the other hits."""
        cached = ctx.cache.get(self.cache_id)
        if cached is not None:
            return bool(cached)
        key = self.key
        if key and self.token_key and key not in ctx.ran:
            keyed = ctx.keyed
            if keyed is None:
                keyed = self.index.phrase_pairs(ctx)
            phrase = keyed.get(key)
            if phrase and self._filter(ctx, [self._span_hit(ctx, s, e) for s, e in sorted(set(phrase))]):
                return True
        return bool(self.find(ctx))

    def _span_hit(self, ctx: ItemContext, start: int, end: int, note: str = "") -> Hit:
        start_char, end_char = ctx.char_span(start, end)
        return Hit(start_char, end_char, start, end, ctx.text[start_char:end_char], self.describe(), note)

    def _find(self, ctx: ItemContext) -> list[Hit]:
        """Hits of a matcher with no lexicon or pattern key (find serves keyed ones from the index)."""
        doc = ctx.doc
        if self.base in ("shape", "item"):
            whole = len(doc) > 0 and (_is_list(ctx) if self.base == "shape" else ctx.kind in self.value)
            return [self._span_hit(ctx, 0, len(doc), f"{self.base}: {self.value}")] if whole else []
        if self.base == "regex":
            hits = []
            for m in self.regex.finditer(ctx.text):
                if m.end() <= m.start():
                    continue
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None:
                    continue
                hits.append(Hit(m.start(), m.end(), span.start, span.end, m.group(0), self.describe()))
            return hits
        if self.base in ("entity", "number"):
            hits = []
            if self.base == "entity":
                for label, start, end in _entities_of(ctx):
                    if label == self.value:
                        hits.append(self._span_hit(ctx, start, end))
            if self.base == "number":
                for ns in _numbers_of(ctx):
                    if self.value in (ns.kind, ns.type) and (self.value in numbers.KINDS or ns.kind == numbers.MEASURE):
                        span = doc.char_span(ns.start, ns.end, alignment_mode="expand")
                        if span is not None:
                            hits.append(Hit(ns.start, ns.end, span.start, span.end, ns.text, self.describe(),
                                            f"{ns.kind} ({ns.type})"))
            return hits
        if self.base == "any":
            out: list[Hit] = []
            for p in self.parts:
                out.extend(p.find(ctx))
            return sorted(set(out), key=lambda h: (h.start, h.end, h.source))
        # all: the first part's hits, where every other part also fires (in the same sentence by default)
        per_part = []
        for p in self.parts:
            hits = p.find(ctx)
            if not hits:
                return []
            per_part.append(hits)
        if not self.same_sentence:
            return per_part[0]
        sentence_sets = [{ctx.sentence_of(h.tok_start) for h in hits} for hits in per_part[1:]]
        ok = set.intersection(*sentence_sets) if sentence_sets else None
        return [h for h in per_part[0] if ok is None or ctx.sentence_of(h.tok_start) in ok]

    def _filter(self, ctx: ItemContext, hits: list[Hit]) -> list[Hit]:
        if self.first_tokens is not None:
            hits = [h for h in hits if h.tok_start < self.first_tokens]
        if not hits:
            return hits  # nothing to filter: the neighbours need not be looked for
        if self.unless and any(m.fires(ctx) for m in self.unless):
            return []
        if not (self.not_after or self.not_before or self.followed_by or self.preceded_by):
            return hits

        def near(matchers: list[CompiledMatcher]) -> list[tuple[Hit, int]]:
            # a neighbour's own `window` wins over this matcher's
            return [(b, m.window if m.window_given else self.window) for m in matchers for b in m.find(ctx)]

        after, before = near(self.not_after), near(self.not_before)
        follow, precede = near(self.followed_by), near(self.preceded_by)
        kept = []
        for h in hits:
            sent = ctx.sentence_of(h.tok_start)
            if self.followed_by and not any(h.tok_end <= b.tok_start <= h.tok_end + w
                                            and ctx.sentence_of(b.tok_start) == sent for b, w in follow):
                continue
            if self.preceded_by and not any(h.tok_start - w <= b.tok_end <= h.tok_start and b.tok_start < h.tok_start
                                            and ctx.sentence_of(b.tok_start) == sent for b, w in precede):
                continue
            if any(h.tok_start - w <= b.tok_end <= h.tok_start and b.tok_start < h.tok_start
                   and ctx.sentence_of(b.tok_start) == sent for b, w in after):
                continue
            if any(h.tok_end <= b.tok_start <= h.tok_end + w and ctx.sentence_of(b.tok_start) == sent
                   for b, w in before):
                continue
            kept.append(h)
        return kept


def _is_list(ctx: ItemContext) -> bool:
    key = -2
    if key not in ctx.cache:
        ctx.cache[key] = is_list_line(ctx.doc, ctx.text)  # type: ignore[assignment]
    return ctx.cache[key]  # type: ignore[return-value]


def _entities_of(ctx: ItemContext) -> list[tuple[str, int, int]]:
    """(label, start, end) of the doc's critic spans, in their order."""
    key = -3
    if key not in ctx.cache:
        ctx.cache[key] = span_tuples(ctx.doc)  # type: ignore[assignment]
    return ctx.cache[key]  # type: ignore[return-value]


def _numbers_of(ctx: ItemContext) -> tuple[numbers.NumberSpan, ...]:
    key = -1
    if key not in ctx.cache:
        ctx.cache[key] = numbers.classified(ctx.text)  # type: ignore[assignment]
    return ctx.cache[key]  # type: ignore[return-value]


class Matchers(list):  # type: ignore[type-arg]
    """A list of compiled matchers that knows the key their joint hits are kept under in an item's cache."""

    __slots__ = ("cheap_first", "key")

    def __init__(self, matchers: list[CompiledMatcher]) -> None:
        super().__init__(matchers)
        self.key = tuple(m.cache_id for m in matchers)
        # the matchers that run no token patterns first (stable): what any_hits tries first
        self.cheap_first = sorted(matchers, key=lambda m: m.runs_patterns)


def compile_list(specs: Any, index: MatcherIndex, lexicons: dict[str, Lexicon], where: str,
                 used_lexicons: set[str]) -> list[CompiledMatcher]:
    """Compile a list of matcher specs (a single mapping is accepted as a one-item list)."""
    if specs is None:
        return Matchers([])
    if isinstance(specs, dict):
        specs = [specs]
    if not isinstance(specs, list):
        raise ConfigError(f"{where}: expected a list of matchers")
    return Matchers([CompiledMatcher(s, index, lexicons, f"{where}[{i}]", used_lexicons) for i, s in enumerate(specs)])


def first_hits(matchers: list[CompiledMatcher], ctx: ItemContext) -> list[Hit]:
    """All hits of a list of matchers (any), sorted by position (kept in the item's cache: do not modify)."""
    if not matchers:
        return _NO_HITS
    if len(matchers) == 1:
        hits = matchers[0].find(ctx)
        if len(hits) < 2:
            return hits
    key = matchers.key if type(matchers) is Matchers else tuple(m.cache_id for m in matchers)
    cached = ctx.cache.get(key)
    if cached is None:
        out: list[Hit] = []
        for m in matchers:
            out.extend(m.find(ctx))
        if not out:
            out = _NO_HITS
        elif len(matchers) > 1 or len(out) > 1:
            out = sorted(set(out), key=_hit_order)
        cached = ctx.cache[key] = out
    return cached  # type: ignore[no-any-return]


def any_hits(matchers: list[CompiledMatcher], ctx: ItemContext) -> bool:
    """Whether any of the matchers fires in the item: bool(first_hits(matchers, ctx)), trying the matchers
    without token patterns first and stopping at the first that fires."""
    if not matchers:
        return False
    cache = ctx.cache
    if type(matchers) is Matchers:
        cached = cache.get(matchers.key)
        if cached is not None:
            return bool(cached)
        ordered = matchers.cheap_first
    else:
        ordered = matchers
    for m in ordered:
        cached = cache.get(m.cache_id)
        if cached:
            return True
    return any(m.fires(ctx) for m in ordered)


def _hit_order(h: Hit) -> tuple[int, int, str]:
    return h.start, h.end, h.source
