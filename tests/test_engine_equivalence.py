"""The engine's shortcuts give the results of the plain computation they replace.

- token patterns gated on their literal words (critic.nlp.gated) match as one spaCy Matcher with every
  pattern does, for the engine's keys and for the pipeline's span ruler;
- judging a subset of rules, and judging many texts at once, give the full check's findings of those rules;
- the number classifier's regex shortcuts give the classification without them;
- batched rewrites (rewrite_many) are the rewrites of rewrite(..., check=...);
- the pipeline's array-based components annotate docs as token-by-token ones do, and the engine's direct
  run of the components gives nlp.pipe's docs;
- a rule's verdict without evidence (flags, flagged, any_hits) is the full judgement's;
- the rewrite's shortcuts (tidy's skipped steps, tokens read as arrays, rule facts kept) change nothing.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from critic import nlp, numbers
from critic.engine import Engine
from critic.engine.matchers import ItemContext, any_hits, compile_list, first_hits
from critic.findings import Finding
from critic.nlp.gated import SPAN_LABEL, GatedMatcher, anchors
from critic.rewrite import RewriteJob, check_many_for, checker_for, compose, item, rewrite, rewrite_many
from critic.rewrite import text as rewrite_text

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
    for (text, kind), findings in zip(pairs_list, engine.check(pairs_list), strict=True):
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


@Language.component("plain_critic_lemmatizer")
def _plain_lemmatizer(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = nlp.lemma_of(token.text)
    return doc


@Language.component("plain_critic_numbers")
def _plain_numbers(doc: Doc) -> Doc:
    spans: list[Span] = list(doc.spans[nlp.LEX_SPAN_KEY]) if nlp.LEX_SPAN_KEY in doc.spans else []
    # "AI" ending a company name ("Scale AI") is no AI term
    spans = [s for s in spans if not (s.label_ == "AI_TERM" and nlp._names_a_company(doc, s.start, s.end))]
    label_of = {numbers.MEASURE: "METRIC", numbers.VAGUE: "VAGUE", numbers.NOT_MEASURE: "NUMBER"}
    for ns in numbers._classify(doc.text, shortcuts=False):
        label = "MODEL" if ns.type == "model" else label_of[ns.kind]
        span = doc.char_span(ns.start, ns.end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    spans = sorted(set(spans), key=lambda s: (s.start, s.end, s.label_))
    doc.spans[nlp.SPAN_KEY] = spans
    for span in spans:
        for token in span:
            token._.set(f"critic_{span.label_.lower()}", True)
    return doc


def _annotations(doc: Doc) -> tuple:
    """Everything the pipeline sets on a doc that critic reads."""
    return (doc.text, [t.lemma_ for t in doc], [t.is_sent_start for t in doc],
            [(s.start, s.end, s.label_, s.id_) for key in (nlp.LEX_SPAN_KEY, nlp.SPAN_KEY) for s in doc.spans.get(key, [])],
            [[t._.get(name) for name in FLAGS] for t in doc])


def test_the_pipeline_annotates_as_token_by_token_components_do(engine, texts) -> None:
    """Reference: lemmas set token by token, spaCy's own span ruler (no gates, its own span handling) and
    number spans with flags set through token._; the engine's docs (components run directly) and nlp.pipe's
    docs both equal it, and span_tuples reads the spans the pipeline set."""
    pipeline = nlp.get_nlp()
    assert isinstance(pipeline.get_pipe("critic_ruler").matcher, GatedMatcher)
    reference = spacy.blank("en")
    reference.add_pipe("plain_critic_lemmatizer")
    reference.add_pipe("sentencizer")
    ruler = reference.add_pipe("span_ruler", name="critic_ruler",
                               config={"spans_key": nlp.LEX_SPAN_KEY, "phrase_matcher_attr": "LEMMA"})
    ruler.add_patterns(nlp._ruler_patterns())
    reference.add_pipe("plain_critic_numbers")
    plain = [t for t, _ in texts] + ["", " ", "Led the ML team of 12; cut p95 latency by 40%. Then 3x revenue!"]
    want = [_annotations(doc) for doc in reference.pipe(plain)]
    assert [_annotations(doc) for doc in pipeline.pipe(plain)] == want
    assert [_annotations(doc) for doc in engine.annotator.annotate(plain)] == want
    for doc in engine.annotator.annotate(plain[::7]):
        assert nlp.span_tuples(doc) == [(s.label_, s.start, s.end) for s in doc.spans.get(nlp.SPAN_KEY, [])]
    assert sum(bool(a[3]) for a in want) > 300 and sum(any(any(f) for f in a[4]) for a in want) > 300


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


@pytest.mark.parametrize("pattern", [
    # patterns of fixed tokens (found without spaCy's Matcher)
    [{"LOWER": {"IN": ["a", "b", "x"]}, "LEMMA": {"IN": ["a", "x"]}}, {"ORTH": "AI"}],
    [{"TEXT": "x"}, {"lower": "y"}, {"LEMMA": {"IN": ["a", "b"]}}],
    [{"LOWER": "x"}],
    # repeated tokens that test a word: their run bounds how far a match reaches
    [{"LOWER": "a"}, {"LOWER": {"IN": ["x", "y"]}, "OP": "+"}, {"LOWER": "b"}],
    [{"LOWER": {"IN": ["x", "y"]}, "OP": "*"}, {"LOWER": "c"}, {"LOWER": "x", "OP": "*"}],
    [{"LOWER": "at"}, {"LOWER": {"IN": ["x", "y", "a"]}, "OP": "{2,}"}, {"LOWER": "b", "OP": "?"}],
    [{"LOWER": "a"}, {"OP": "{0,2}"}, {"LOWER": {"IN": ["x", "y"]}, "OP": "+"}],
])
def test_a_fixed_or_repeated_pattern_matches_as_spacy_does(pattern: list[dict]) -> None:
    pipeline = nlp.get_nlp()
    gated = GatedMatcher(pipeline.vocab, validate=True)
    gated.add("k", [pattern, [{"LOWER": "c"}, {"LOWER": "a", "OP": "?"}, {"LOWER": "b"}]])  # and one for spaCy
    plain = Matcher(pipeline.vocab)
    plain.add("k", [pattern, [{"LOWER": "c"}, {"LOWER": "a", "OP": "?"}, {"LOWER": "b"}]])
    rng = random.Random(8)
    words = ["a", "b", "c", "x", "y", "X", "AI", "ai", "at", "the"]
    found = 0
    for _ in range(400):
        doc = pipeline(" ".join(rng.choice(words) for _ in range(rng.randint(0, 14))))
        want = sorted(plain(doc))
        assert sorted(gated(doc)) == want, doc.text
        found += len(want)
    assert found > 20  # the patterns did match


@pytest.mark.parametrize("pattern", [
    [{"LOWER": {"IN": ["in", "over", "by"]}}, {"_": {"critic_number": True}, "OP": "+"}],
    [{"LOWER": "from"}, {"OP": "{0,3}"}, {"_": {"critic_metric": True}, "OP": "+"}, {"LOWER": "to", "OP": "?"}],
    [{"_": {"critic_metric": True}}, {"LOWER": {"IN": ["in", "over"]}}, {"_": {"critic_number": True}, "OP": "*"}],
])
def test_a_gated_flag_pattern_matches_as_spacy_does(engine, pattern: list[dict]) -> None:
    gated = GatedMatcher(engine.nlp.vocab, flags=FLAGS)
    gated.add("k", [pattern])
    plain = Matcher(engine.nlp.vocab)
    plain.add("k", [pattern])
    rng = random.Random(11)
    words = ["in", "over", "by", "from", "to", "3", "12", "40%", "$2M", "2024", "Q3", "week", "3", "the", "x",
             "GPT-4", "twenty", "a", "few", "weeks"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 14))) for _ in range(400)]
    found = 0
    for ctx in engine.contexts([(t, "bullet") for t in texts]):
        spans = nlp.span_tuples(ctx.doc)
        got = sorted(gated.matches(ctx.doc, "k", spans=spans))
        assert got == sorted(plain(ctx.doc)), ctx.text
        found += bool(got)
    assert found > 20


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
    full = engine.check(texts)
    assert sum(map(bool, full)) > 100
    requests = []
    for (text, kind), findings in zip(texts, full, strict=True):
        subset = frozenset(rng.sample(ids, 3)) | {f.rule for f in findings[:1]}
        requests.append((text, kind, subset))
    for (text, kind, subset), want in zip(requests, full, strict=True):
        assert engine.check([(text, kind)], subset)[0] == [f for f in want if f.rule in subset], text
    text, kind = texts[0]
    assert engine.check([(text, kind)], rules=None)[0] == engine.check([(text, kind)])[0]
    bullet = "Added a reranking stage to the search."
    trade_off = [f for f in engine.check([(bullet, "bullet")])[0] if f.rule == "missing-trade-off"]
    assert trade_off and checker_for(engine, trade_off)(bullet, "bullet") == trade_off


def test_checking_contexts_is_checking_their_texts(engine, texts) -> None:
    """check() takes annotated contexts, (text, kind) pairs or a mix, with the same findings."""
    texts = texts[:40]
    contexts = engine.contexts(texts)
    mixed = [ctx if i % 2 else pair for i, (ctx, pair) in enumerate(zip(contexts, texts, strict=True))]
    want = engine.check(texts)
    assert sum(map(bool, want)) > 5
    assert engine.check(contexts) == want
    assert engine.check(mixed) == want


def test_a_verdict_without_evidence_is_the_judgements(engine, texts) -> None:
    """flagged names the rules of check's findings; CompiledRule.flags is judge() is not None;
    any_hits is bool(first_hits) for every matcher list of every rule (each on a fresh item)."""
    rng = random.Random(9)
    ids = [r.id for r in engine.rules]
    requests = [(text, kind, frozenset(rng.sample(ids, 5)) if i % 2 else None) for i, (text, kind) in enumerate(texts)]
    flagged = engine.flagged(requests)
    assert flagged == [[f.rule for f in engine.check([(text, kind)], rules)[0]] for text, kind, rules in requests]
    assert sum(map(bool, flagged)) > 200
    lists = [(rule, name, matchers) for rule in engine._compiled for name, matchers in sorted(rule.parts.items())
             if name != "all_of"]
    lists += [(rule, "all_of", group) for rule in engine._compiled for group in rule.parts.get("all_of", [])]
    fired = 0
    for base in engine.contexts(texts[::3]):
        def fresh(base=base) -> ItemContext:
            return ItemContext(text=base.text, kind=base.kind, doc=base.doc, sents=base.sents)
        for rule in engine._for_kind.get(base.kind, ()):
            assert rule.flags(fresh()) == (rule.judge(fresh()) is not None), (rule.id, base.text)
        for rule, name, matchers in lists:
            want = bool(first_hits(matchers, fresh()))
            assert any_hits(matchers, fresh()) == want, (rule.id, name, base.text)
            fired += want
    assert fired > 500


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
    flagged = [(t, k, f) for (t, k), f in zip(texts, engine.check(texts), strict=True) if f]
    jobs = [RewriteJob(t, k, f) for t, k, f in flagged]
    batched = rewrite_many(jobs, engine.rule, check_many_for(engine))
    single = [rewrite(t, k, f, engine.rule, check=lambda text, kind: engine.check([(text, kind)])[0])
              for t, k, f in flagged]
    assert [r.to_dict() if r else None for r in batched] == [r.to_dict() if r else None for r in single]
    assert sum(r is not None for r in batched) > 50


def _plain_tidy(text: str, *, multi_sentence: bool = False) -> str:
    """tidy() as it was written before its shortcuts: every step, as a regex."""
    import re

    out = re.sub(r"\s+", " ", text).strip()
    kept: list[str] = []

    def protect(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    out = rewrite_text._PROTECTED_RE.sub(protect, out)
    out = re.sub(r"\s+([,;:.!?])", r"\1", out)
    out = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)
    out = re.sub(r"[,;:]\s*([.!?])", r"\1", out)
    out = re.sub(r"\.(?:\s*\.)+", ".", out)
    out = re.sub(r"([,;:])(?=[A-Za-z\[])", r"\1 ", out)
    out = re.sub(r"\(\s+", "(", out)
    out = re.sub(r"\s+\)", ")", out)
    out = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], out)
    out = out.strip(" ,;:")
    out = rewrite_text._cap_first(out)
    if not out:
        return out
    body, terminal = rewrite_text._split_terminal(out)
    if not multi_sentence or not terminal:
        terminal = terminal if terminal in ("?", "!") and multi_sentence else "."
    return body.rstrip(" ,;:") + terminal


def test_tidy_skips_only_steps_that_cannot_change_the_text(texts) -> None:
    rng = random.Random(13)
    bits = ["word", "AI", " ", "  ", "\t", "\n", "\u00a0", ",", ";", ":", ".", "..", "!", "?", "(", ")", "[x]",
            "see https://x.io/a", "a@b.co", "www.site.com", "…", "...", " , ", " . ", "e.g.", "-", "’s"]
    generated = ["".join(rng.choice(bits) for _ in range(rng.randint(0, 16))) for _ in range(4000)]
    for text in [t for t, _ in texts] + generated:
        for multi in (False, True):
            assert rewrite_text.tidy(text, multi_sentence=multi) == _plain_tidy(text, multi_sentence=multi), repr(text)


def test_items_read_as_arrays_are_the_token_by_token_reading(engine, texts) -> None:
    contexts = engine.contexts(texts)
    for ctx in contexts:
        team = {i for label, start, end in nlp.span_tuples(ctx.doc) if label == "TEAM" for i in range(start, end)}
        assert item._analyse(ctx.text, ctx.kind, ctx.doc) == \
            item._analyse_tokens(ctx.text, ctx.kind, ctx.doc, team), ctx.text
    assert any(len(item._analyse(c.text, c.kind, c.doc).sents) > 1 for c in contexts)


def test_rule_facts_follow_the_rule_they_were_read_from(engine) -> None:
    """A rule read again with other rewrite data (a new object) gets facts of its own."""
    rule = {"id": "r", "theme": "evidence", "rewrite": {"action": "append", "template": ", adding [x]",
                                                         "placeholders": [{"text": "[x]", "sample": "3"}]}}
    finding = Finding(rule="r", severity="info", message="m", confidence=0.5, item_id=None, evidence=[])
    first = compose._rules("Did a thing.", "bullet", [finding], {"r": rule})
    rule["rewrite"] = {"action": "append", "template": ", adding [y]"}
    second = compose._rules("Did a thing.", "bullet", [finding], {"r": rule})
    assert [r.template for r in first] == [", adding [x]"] and [r.template for r in second] == [", adding [y]"]
    assert [p.text for p in first[0].placeholders] == ["[x]"] and second[0].placeholders == []
