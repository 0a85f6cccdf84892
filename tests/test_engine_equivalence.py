"""The engine's shortcuts give the results of the plain computation they replace.

- token patterns gated on their literal words (critic.engine.gated) match as one spaCy Matcher with every
  pattern does, for the engine's keys and for the pipeline's span ruler;
- judging a subset of rules, and judging many texts at once, give the full check's findings of those rules;
- the number classifier's regex shortcuts give the classification without them;
- batched rewrites (rewrite_many) are the rewrites of rewrite(..., check=...).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher

from critic import nlp, numbers
from critic.engine import Engine
from critic.engine.gated import SPAN_LABEL, GatedMatcher, anchors
from critic.engine.matchers import compile_list
from critic.findings import Finding
from critic.rewrite import RewriteJob, check_many_for, rewrite, rewrite_many

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
FLAGS = {f"critic_{label.lower()}": label for label in nlp.LABELS}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def texts(engine) -> list[tuple[str, str]]:
    """Every rule example and labelled item, and the GOOD of its rewrite when it is flagged (what the
    rewrite's re-check reads)."""
    pairs: set[tuple[str, str]] = set()
    for rule in engine.rules:
        kinds = [k for k in rule.applies_to if k != "document"] or ["bullet"]
        for text in (*rule.examples["flag"], *rule.examples["pass"]):
            pairs.update((text, kind) for kind in kinds)
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                pairs.add((row["text"], row["kind"]))
    pairs_list = sorted(pairs)
    for (text, kind), findings in zip(pairs_list, engine.check_texts(pairs_list), strict=True):
        rw = rewrite(text, kind, findings, engine.rule) if findings else None
        if rw is not None:
            pairs.add((rw.filled(), kind))
    return sorted(pairs)


def test_the_corpus_is_large(texts) -> None:
    assert len(texts) >= 1000


# -- gated token patterns ----------------------------------------------------------------------------

def test_gated_keys_match_as_one_spacy_matcher_does(engine, texts) -> None:
    index = engine.index
    strings = engine.nlp.vocab.strings
    plain = Matcher(engine.nlp.vocab)
    keys = {strings[key_id]: [pattern for _, _, pattern in entries] for key_id, entries in index.tokens.keys.items()}
    for key, patterns in keys.items():
        plain.add(key, patterns)
    assert len(keys) >= 30
    differ, ran = [], 0
    for ctx in engine.contexts(texts[::2]):  # every other text keeps the test quick
        want: dict[str, set[tuple[int, int]]] = {}
        for match_id, start, end in plain(ctx.doc):
            want.setdefault(strings[match_id], set()).add((start, end))
        phrase: dict[str, set[tuple[int, int]]] = {}
        for matcher in index.phrase.values():
            for match_id, start, end in matcher(ctx.doc):
                phrase.setdefault(strings[match_id], set()).add((start, end))
        for key in keys:
            got = set(index.pairs(ctx, key)) - phrase.get(key, set())
            ran += bool(got)
            if got != want.get(key, set()) - phrase.get(key, set()):
                differ.append((key, ctx.text))
    assert differ == []
    assert ran > 50  # the patterns did fire


def test_the_span_ruler_finds_what_spacys_own_ruler_finds(texts) -> None:
    pipeline = nlp.get_nlp()
    assert isinstance(pipeline.get_pipe("critic_ruler").matcher, GatedMatcher)
    reference = spacy.blank("en")
    reference.add_pipe("critic_lemmatizer")
    reference.add_pipe("sentencizer")
    ruler = reference.add_pipe("span_ruler", name="critic_ruler",
                               config={"spans_key": nlp.LEX_SPAN_KEY, "phrase_matcher_attr": "LEMMA"})
    ruler.add_patterns(nlp._ruler_patterns())
    reference.add_pipe("critic_numbers")
    plain = [t for t, _ in texts]

    def spans(doc) -> list[tuple[int, int, str, str]]:
        return [(s.start, s.end, s.label_, s.id_) for key in (nlp.LEX_SPAN_KEY, nlp.SPAN_KEY)
                for s in doc.spans.get(key, [])]

    differ = [a.text for a, b in zip(pipeline.pipe(plain), reference.pipe(plain), strict=True) if spans(a) != spans(b)]
    assert differ == []


def test_anchors_read_operators_as_spacy_does() -> None:
    (first, *_), (second, low, high) = anchors([{"LOWER": "a"}, {"OP": "{0,3}"}, {"_": {"critic_metric": True}}], FLAGS)
    assert first[0] != SPAN_LABEL and second[0] == SPAN_LABEL and (low, high) == (1, 4)
    chain = anchors([{"LOWER": "a", "LEMMA": "b"}, {"LOWER": "x", "OP": "?"}, {"LOWER": "c", "OP": "+"},
                     {"LOWER": "d"}])
    assert [(lo, hi) for _, lo, hi in chain] == [(0, 0), (0, 0), (1, 2), (1, float("inf"))]
    # optional, negated and zero-width tokens are no anchors; a pattern without anchors runs everywhere
    assert anchors([{"LOWER": "a", "OP": "?"}, {"LOWER": "b", "OP": "!"}, {"LOWER": "c", "OP": "*"}]) == []
    assert anchors([{"IS_DIGIT": True}, {"LOWER": {"REGEX": "^x"}}]) == []


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "trade"}, {"LOWER": "-", "OP": "?"}, {"LEMMA": "off"}],
    [{"LOWER": {"IN": ["cut", "reduce"]}}, {"OP": "{1,3}"}, {"LOWER": "by"}],
    [{"LOWER": "at"}, {"LOWER": {"IN": ["least", "most"]}}],
    [{"LOWER": "x", "OP": "+"}, {"LOWER": "y"}],
    [{"LOWER": "a"}, {"LOWER": "b", "OP": "!"}, {"LOWER": "c"}],
    [{"ORTH": "AI"}, {"OP": "*"}, {"LOWER": "team"}],
    [{"IS_DIGIT": True}, {"LOWER": "x"}],
])
def test_a_gated_pattern_matches_as_spacy_does(pattern: list[dict]) -> None:
    pipeline = nlp.get_nlp()
    gated = GatedMatcher(pipeline.vocab, validate=True)
    gated.add("k", [pattern])
    plain = Matcher(pipeline.vocab)
    plain.add("k", [pattern])
    rng = random.Random(7)
    words = ["trade", "-", "off", "offs", "cut", "reduce", "costs", "by", "at", "least", "most", "x", "y", "a", "b",
             "c", "AI", "ai", "team", "3", "the", "Trade", "X"]
    for _ in range(300):
        doc = pipeline(" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))))
        assert sorted(gated(doc)) == sorted(plain(doc)), doc.text


def test_gated_matcher_stands_in_for_a_spacy_matcher() -> None:
    pipeline = nlp.get_nlp()
    gated = GatedMatcher(pipeline.vocab, validate=True)
    with pytest.raises(ValueError):
        gated.add("bad", [[{"LOWER": {"NOPE": 1}}]])
    assert len(gated) == 0 and "bad" not in gated
    gated.add("k", [[{"LOWER": "hello"}]])
    assert "k" in gated and len(gated) == 1
    assert [(s, e) for _, s, e in gated(pipeline("well hello there"))] == [(1, 2)]
    gated.add("k", [[{"LOWER": "there"}]])  # more patterns under a key: the kept matchers are rebuilt
    assert sorted((s, e) for _, s, e in gated(pipeline("well hello there"))) == [(1, 2), (2, 3)]
    gated.remove("k")
    assert len(gated) == 0 and gated(pipeline("hello")) == []
    flagged = GatedMatcher(pipeline.vocab, flags=FLAGS)
    with pytest.raises(ValueError):
        flagged(pipeline("hello"))


def test_flag_gates_need_a_span_of_their_label(engine) -> None:
    """A pattern asking for a METRIC-flagged token runs only where the doc has a METRIC span."""
    gated = GatedMatcher(engine.nlp.vocab, flags=FLAGS)
    gated.add("k", [[{"LOWER": "by"}, {"_": {"critic_metric": True}}]])
    ctx_with, ctx_without = engine.contexts([("Cut churn by 12%.", "bullet"), ("Cut churn by a lot.", "bullet")])
    spans = [(s.label_, s.start, s.end) for s in ctx_with.doc.spans[nlp.SPAN_KEY]]
    assert [(s, e) for _, s, e in gated.matches(ctx_with.doc, "k", spans=spans)] == [(2, 4)]
    assert gated.matches(ctx_without.doc, "k", spans=[]) == []


# -- judging ------------------------------------------------------------------------------------------

def test_a_rule_subset_gives_the_full_checks_findings_of_those_rules(engine, texts) -> None:
    rng = random.Random(3)
    ids = [r.id for r in engine.rules]
    texts = texts[1::3]
    full = engine.check_texts(texts)
    assert sum(map(bool, full)) > 100
    requests = []
    for (text, kind), findings in zip(texts, full, strict=True):
        subset = frozenset(rng.sample(ids, 3)) | {f.rule for f in findings[:1]}
        requests.append((text, kind, subset))
    for (text, _, subset), want, got in zip(requests, full, engine.check_each(requests), strict=True):
        assert got == [f for f in want if f.rule in subset], text
    text, kind = texts[0]
    assert engine.check_text(text, kind, rules=None) == engine.check_text(text, kind)
    assert engine.checker({"missing-trade-off"})("Added a reranking stage to the search.", "bullet") == \
        [f for f in engine.check_text("Added a reranking stage to the search.", "bullet") if f.rule == "missing-trade-off"]


def test_matchers_with_one_spec_share_their_hits(engine) -> None:
    spec = {"lexicon": "trade-off", "not_after": [{"lexicon": "trade-off-negators"}], "window": 0}
    one = compile_list([spec], engine.index, engine.lexicons, "test.a", set())[0]
    two = compile_list([dict(spec)], engine.index, engine.lexicons, "test.b", set())[0]
    other = compile_list([{**spec, "window": 1}], engine.index, engine.lexicons, "test.c", set())[0]
    assert one.cache_id == two.cache_id != other.cache_id
    ctx = engine.contexts([("We chose the hosted model at the cost of some control.", "bullet")])[0]
    hits = one.find(ctx)
    assert hits and two.find(ctx) is hits


# -- numbers -------------------------------------------------------------------------------------------

def test_number_shortcuts_change_no_classification(texts) -> None:
    rng = random.Random(5)
    words = [w for name in ("vague-magnitudes", "word-measures", "model-names", "duration-units", "number-labels")
             for w in numbers.read_word_list(name)]
    words += [*numbers._NUMBER_WORDS, "twenty-one", "tenfold", "10-fold", "one in 5", "half a point", "by one point",
              "within a month", "7B params", "GPT-4o", "Llama 3 70B", "from 3% to 5%", "over 800ms", "every 2 weeks",
              "2019-2023", "+1 415 555 0100", "March 5, 2024", "S&P 500", "Code-Llama 7b"]
    filler = ["the", "we", "cut", "latency", "by", "40%", "-", ",", "(", "x", "İstanbul", "ſome", "café", "3", "$1.2M"]
    generated = []
    for _ in range(3000):
        parts = [rng.choice(words) if rng.random() < 0.5 else rng.choice(filler) for _ in range(rng.randint(1, 9))]
        parts = [p.upper() if rng.random() < 0.15 else p.title() if rng.random() < 0.2 else p for p in parts]
        generated.append("".join(p + rng.choice([" ", "-", "", ", "]) for p in parts).strip())
    differ = [t for t in [*(t for t, _ in texts), *generated]
              if numbers._classify(t) != numbers._classify(t, shortcuts=False)]
    assert differ == []


def test_classify_numbers_returns_a_fresh_list() -> None:
    first = numbers.classify_numbers("Cut p95 latency by 40% in 3 weeks.")
    first.clear()
    assert numbers.classify_numbers("Cut p95 latency by 40% in 3 weeks.") != []


# -- rewrites ------------------------------------------------------------------------------------------

def test_batched_rewrites_are_the_one_at_a_time_rewrites(engine, texts) -> None:
    texts = texts[::4]
    flagged = [(t, k, f) for (t, k), f in zip(texts, engine.check_texts(texts), strict=True) if f]
    jobs = [RewriteJob(t, k, f) for t, k, f in flagged]
    batched = rewrite_many(jobs, engine.rule, check_many_for(engine))
    single = [rewrite(t, k, f, engine.rule, check=engine.check_text) for t, k, f in flagged]
    assert [r.to_dict() if r else None for r in batched] == [r.to_dict() if r else None for r in single]
    assert sum(r is not None for r in batched) > 50


def test_rewrite_many_falls_back_to_check_text() -> None:
    """An engine without check_each is asked one text at a time."""
    asked: list[str] = []

    class Plain:
        def check_text(self, text: str, kind: str) -> list[Finding]:
            asked.append(text)
            return []

    check = check_many_for(Plain())
    assert check([("a", "bullet", frozenset()), ("b", "bullet", frozenset())]) == [[], []]
    assert asked == ["a", "b"]
