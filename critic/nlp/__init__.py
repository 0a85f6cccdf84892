"""The NLP pipeline: spaCy's blank English tokenizer plus rule components built from lexicons/.

Components, in order:
- ``critic_lemmatizer``: lookup lemmas from lexicons/verb-forms.txt (works for capitalised,
  bullet-initial verbs: "Led" -> lead, "Improved" -> improve), contractions ("'ll" -> will), and a
  plural-stripping fallback so lexicon phrases match their plurals ("ML teams" -> "ml team").
- ``sentencizer`` (skipped when a trained pipeline already sets sentence boundaries).
- ``critic_ruler``: a spaCy SpanRuler over lexicons for TEAM (teams and roles), AI_RISK (cost,
  latency, error/hallucination, drift, bias, safety, compliance) and AI_TERM (AI/ML vocabulary),
  matched on lemmas into ``doc.spans["critic_lex"]``.
- ``critic_numbers``: number semantics from critic.numbers: METRIC (measures), VAGUE, NUMBER
  (numbers that are not measures) and MODEL (names with versions), merged with the ruler's spans into
  ``doc.spans["critic"]``; tokens get flags ``token._.critic_<label>`` for token patterns.

Bullets are judged as one unit (the engine ignores sentence boundaries inside a bullet).
Build once per process with :func:`get_nlp`; use ``nlp.pipe`` for many texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.tokens.underscore import Underscore
from spacy.util import filter_spans
from spacy.vocab import Vocab

from critic import numbers
from critic.errors import ConfigError
from critic.lexicons import load_lexicon_file, word_list
from critic.nlp.gated import GatedMatcher
from critic.resources import data_dir

SPAN_KEY = "critic"
LEX_SPAN_KEY = "critic_lex"
LABELS = ("TEAM", "AI_RISK", "AI_TERM", "MODEL", "METRIC", "VAGUE", "NUMBER")
# lexicon name -> span label, for the span ruler
RULER_LEXICONS = {"teams": "TEAM", "ai-risk": "AI_RISK", "ai-terms": "AI_TERM"}
# every lexicon read by code rather than by a rule (exempt from the "orphan lexicon" check)
CODE_LEXICONS = frozenset({"verb-forms", "ai-name-words", "ai-terms-general", "duty-nouns", *RULER_LEXICONS, *numbers.LEXICONS})

_CONTRACTIONS = {
    "'ll": "will", "’ll": "will", "'d": "would", "’d": "would", "'re": "be", "’re": "be", "'m": "be",
    "’m": "be", "'ve": "have", "’ve": "have", "n't": "not", "n’t": "not", "ca": "can", "wo": "will",
    "sha": "shall", "'s": "'s", "’s": "'s",
}
_IRREGULAR_BASE = {
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be",
    "has": "have", "had": "have", "having": "have", "does": "do", "did": "do", "done": "do",
    "doing": "do", "goes": "go", "went": "go", "gone": "go", "going": "go",
}

_FLAG_NAMES = {label: f"critic_{label.lower()}" for label in LABELS}  # label -> token flag set on its spans
for _ext in _FLAG_NAMES.values():
    if not Token.has_extension(_ext):
        Token.set_extension(_ext, default=False)


def _inflections(verb: str) -> set[str]:
    """Regular inflected forms of `verb` (over-generating is harmless: both sides are lemmatised)."""
    forms = {verb}
    vowels = "aeiou"
    if re.search(r"(s|x|z|ch|sh)$", verb):
        forms.add(verb + "es")
    elif re.search(rf"[^{vowels}]y$", verb):
        forms.add(verb[:-1] + "ies")
    else:
        forms.add(verb + "s")
    if verb.endswith("e"):
        forms.update({verb + "d", verb[:-1] + "ing" if not verb.endswith("ee") else verb + "ing"})
    elif re.search(rf"[^{vowels}]y$", verb):
        forms.update({verb[:-1] + "ied", verb + "ing"})
    else:
        forms.update({verb + "ed", verb + "ing"})
        if re.search(rf"[^{vowels}][{vowels}][^{vowels}wxy]$", verb):
            forms.update({verb + verb[-1] + "ed", verb + verb[-1] + "ing"})
    if verb.endswith("ie"):
        forms.add(verb[:-2] + "ying")
    if verb.endswith("c"):
        forms.update({verb + "ked", verb + "king"})
    return forms


@lru_cache(maxsize=1)
def verb_forms() -> dict[str, tuple[str, ...]]:
    """lemma -> its irregular forms (empty for a regular verb), read once from lexicons/verb-forms.txt."""
    forms: dict[str, tuple[str, ...]] = {}
    for line in word_list("verb-forms"):
        lemma, _, irregular = line.partition(":")
        lemma = lemma.strip()  # a verb listed twice keeps the irregular forms of both lines
        forms[lemma] = tuple(dict.fromkeys([*forms.get(lemma, ()), *irregular.split()]))
    return forms


@lru_cache(maxsize=1)
def verb_table() -> dict[str, str]:
    """form -> lemma, from lexicons/verb-forms.txt ("lemma" or "lemma: irregular forms")."""
    table: dict[str, str] = {}
    for lemma, irregular in verb_forms().items():
        for form in _inflections(lemma):
            table.setdefault(form, lemma)
        for form in irregular:
            table[form] = lemma
    table.update(_IRREGULAR_BASE)
    return table


@lru_cache(maxsize=1 << 16)
def lemma_of(word: str) -> str:
    """The lemma critic uses for one word (lowercased lookup, then a plural-stripping fallback)."""
    low = word.lower()
    if low in _CONTRACTIONS:
        return _CONTRACTIONS[low]
    table = verb_table()
    if low in table:
        return table[low]
    ise = re.fullmatch(r"([a-z]{3,}i[sz])(?:ed|es|ing)", low)
    if ise:  # -ise/-ize verbs not in the table: "deprioritised" -> "deprioritise"
        return ise.group(1) + "e"
    if len(low) > 4 and low.endswith("ies"):
        return low[:-3] + "y"
    if len(low) > 4 and re.search(r"(sses|xes|ches|shes|zes)$", low):
        return low[:-2]
    if len(low) > 3 and low.endswith("s") and not re.search(r"(ss|us|is|'s|’s)$", low) and low.isalpha():
        return low[:-1]
    return low


class _Lemmatizer:
    """Sets each token's lemma to lemma_of(its text), read and written as arrays (no Token objects)."""

    def __init__(self, vocab: Vocab) -> None:
        self.strings = vocab.strings
        self.lemmas: dict[int, int] = {}  # orth hash -> lemma hash (in self.strings)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmas = self.lemmas
        if len(lemmas) > 1 << 16:
            lemmas.clear()
        out = []
        for orth in doc.to_array(ORTH).tolist():
            lemma = lemmas.get(orth)
            if lemma is None:
                lemma = lemmas[orth] = self.strings.add(lemma_of(self.strings[orth]))
            out.append(lemma)
        doc.from_array([LEMMA], numpy.array(out, dtype=numpy.uint64))
        return doc


@Language.factory("critic_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> _Lemmatizer:
    return _Lemmatizer(nlp.vocab)


_SPAN_TUPLES = "critic_span_tuples"  # doc.user_data key: the critic spans as (label, start, end), see span_tuples
_NUMBER_LABEL = {numbers.MEASURE: "METRIC", numbers.VAGUE: "VAGUE", numbers.NOT_MEASURE: "NUMBER"}


_FLAGS_BY_KEY: list[bool] = []  # whether spaCy keeps token extension values where _numbers_component puts them


def _flags_by_key(token: Token) -> bool:
    """Whether this spaCy keeps a token's extension values in doc.user_data under ("._.", name, token.idx,
    None) (see Underscore._get_key); if not, flags are set through token._."""
    if not _FLAGS_BY_KEY:
        try:
            key = Underscore(Underscore.token_extensions, token, start=token.idx)._get_key("critic_probe")
        except (AttributeError, TypeError):  # a spaCy without this private layout: use the public setter
            key = None
        _FLAGS_BY_KEY.append(key == ("._.", "critic_probe", token.idx, None))
    return _FLAGS_BY_KEY[0]


@Language.component("critic_numbers")
def _numbers_component(doc: Doc) -> Doc:
    # one span per (start, end, label): the ruler gives a label's spans a single id, numbers none
    found: dict[tuple[int, int, str], Span] = {}
    for span in doc.spans[LEX_SPAN_KEY] if LEX_SPAN_KEY in doc.spans else ():
        if span.label_ == "AI_TERM" and _names_a_company(doc, span.start, span.end):
            continue
        found.setdefault((span.start, span.end, span.label_), span)
    for ns in numbers.classified(doc.text):
        label = "MODEL" if ns.type == "model" else _NUMBER_LABEL[ns.kind]
        span = doc.char_span(ns.start, ns.end, label=label, alignment_mode="expand")
        if span is not None:
            found.setdefault((span.start, span.end, label), span)
    order = sorted(found)
    doc.spans[SPAN_KEY] = [found[key] for key in order]
    doc.user_data[_SPAN_TUPLES] = [(label, start, end) for start, end, label in order]
    if not order:
        return doc
    if not _flags_by_key(doc[0]):
        for start, end, label in order:
            for token in doc[start:end]:
                token._.set(f"critic_{label.lower()}", True)
        return doc
    idx = doc.to_array(IDX).tolist()
    user_data = doc.user_data
    for start, end, label in order:
        name = _FLAG_NAMES[label]
        for i in range(start, end):
            user_data[("._.", name, idx[i], None)] = True
    return doc


@lru_cache(maxsize=1)
def _ai_name_words() -> frozenset[str]:
    return frozenset(numbers.read_word_list("ai-name-words"))


def _names_a_company(doc: Doc, start: int, end: int) -> bool:
    """True for "AI" as the last word of a company or product name: "C3 AI", "Scale AI", "Jasper AI" (a
    capitalised word or a name with digits right before it, not opening the sentence and not one of the
    words that make it AI work, "Generative AI")."""
    if end - start != 1 or doc[start].text != "AI" or start == 0:
        return False
    prev = doc[start - 1]
    if prev.is_sent_start or prev.lower_ in _ai_name_words() or not prev.text[:1].isupper():
        return False
    return prev.text.isalpha() or any(c.isdigit() for c in prev.text)


def span_tuples(doc: Doc) -> list[tuple[str, int, int]]:
    """(label, start, end) of the doc's critic spans, in their order (do not modify the list): kept by the
    pipeline as it sets them, so reading them needs no Span objects."""
    found = doc.user_data.get(_SPAN_TUPLES)
    if found is None:
        found = [(s.label_, s.start, s.end) for s in doc.spans.get(SPAN_KEY, [])]
    return found  # type: ignore[no-any-return]


def _ruler_patterns() -> list[dict]:
    patterns: list[dict] = []
    lex_dir = data_dir("lexicons")
    for name, label in sorted(RULER_LEXICONS.items()):
        path = next((p for p in (lex_dir / f"{name}.txt", lex_dir / f"{name}.yaml") if p.is_file()), None)
        if path is None:
            raise ConfigError(f"lexicons/{name}: missing (needed by the NLP pipeline)")
        lex = load_lexicon_file(path)
        patterns.extend({"label": label, "pattern": entry, "id": name} for entry in lex.entries)
        # two-word entries also match hyphenated as a compound modifier: "query-understanding experiments"
        patterns.extend({"label": label, "pattern": entry.replace(" ", "-"), "id": name}
                        for entry in lex.entries if len(entry.split()) == 2 and "-" not in entry)
        patterns.extend({"label": label, "pattern": pattern, "id": name} for pattern in lex.patterns)
    return patterns


@lru_cache(maxsize=4)
def get_nlp(model: str | None = None) -> Language:
    """The pipeline, built once per process per model name (None: spaCy's blank English)."""
    if model:
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise ConfigError(f"spaCy pipeline '{model}' is not installed ({exc.__class__.__name__})") from exc
        # critic's lexicons are written against its own lemmas: replace any trained lemmatizer's output
        nlp.add_pipe("critic_lemmatizer", last=True)
        if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
            nlp.add_pipe("sentencizer")
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("critic_lemmatizer")
        nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("span_ruler", name="critic_ruler",
                         config={"spans_key": LEX_SPAN_KEY, "phrase_matcher_attr": "LEMMA", "validate": True})
    # the ruler's token patterns run only where they can match (same spans, less work)
    ruler.matcher = GatedMatcher(nlp.vocab, validate=ruler.validate, fuzzy_compare=ruler.matcher_fuzzy_compare)
    ruler.add_patterns(_ruler_patterns())
    if hasattr(ruler, "_require_patterns") and hasattr(ruler, "_match_label_id_map"):  # else spaCy's own match
        ruler.match = _RulerMatch(ruler)  # the spans SpanRuler.match finds, with a Span made only for each kept
    nlp.add_pipe("critic_numbers")
    return nlp


class _RulerMatch:
    """SpanRuler.match for critic's ruler (no span filter): the deduplicated, sorted spans of its matches.

    Spans equal on (start char, end char, label, kb id, span id) and sort on that: a match id stands for
    one (label, id), and a span's chars grow with its tokens, so (start, end, label, id) tokens and hashes
    dedupe and sort the same way."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.ids: dict[int, tuple[int, int]] = {}  # match id -> (label hash, span id hash)

    def __call__(self, doc: Doc) -> list[Span]:
        ruler = self.ruler
        ruler._require_patterns()
        found = {(start, end, m_id) for m_id, start, end in (*ruler.matcher(doc), *ruler.phrase_matcher(doc))
                 if start != end}
        if not found:
            return []
        ids = self.ids
        keys = []
        for start, end, m_id in found:
            label_id = ids.get(m_id)
            if label_id is None:
                entry = ruler._match_label_id_map[m_id]
                label_id = ids[m_id] = (doc.vocab.strings.add(entry["label"]), doc.vocab.strings.add(entry["id"]))
            keys.append((start, end, *label_id))
        keys.sort()
        return [Span(doc, start, end, label=label, span_id=span_id) for start, end, label, span_id in keys]


_LIST_SPLIT_RE = re.compile(r"\s*(?:[,;|•·]|\s/\s|\s[-–—]\s|\band\b|&(?=\s*$))\s*")
_LIST_LABEL_RE = re.compile(r"^[^,:;]{1,40}:\s+")
_CLAIM_OPENING_RE = re.compile(
    r"^\W*(?:(?:hands-on|deep|strong|solid|extensive|proven)\s+)?(?:experience|experienced|proficien\w*|skilled|familiar\w*"
    r"|knowledge|knowledgeable|expertise|expert|exposure|background|fluent|fluency|versed|certified)\b",
    re.IGNORECASE)
_DETERMINER_AFTER = {"the", "a", "an", "our", "my", "its", "their", "all", "new"}
_CLAUSE_WORDS = {"i", "we", "you", "they", "he", "she", "it", "'ll", "’ll", "will", "would", "'d", "’d", "should",
                 "can", "could", "must", "shall", "is", "are", "was", "were", "'m", "'re", "our", "my"}


# endings of a noun of doing ("implementation", "testing", "management"); critic.rewrite reads them too
DUTY_ENDINGS = ("tion", "ment", "ance", "ence", "sis", "ing")
# fields named as skills ("machine learning", "statistical modeling"), not duties
_FIELD_WORDS = frozenset({"learning", "modeling", "modelling", "processing", "computing", "programming",
                          "engineering", "vision", "intelligence", "science", "statistics"})


@lru_cache(maxsize=1)
def _duty_nouns() -> frozenset[str]:
    from critic.lexicons import word_list

    return frozenset(word_list("duty-nouns"))


def _duty_list(parts: list[str]) -> bool:
    """Whether most parts of a list are work activities (their last word an activity noun)."""
    nouns = _duty_nouns()
    words = " ".join(parts).split()[1:]  # the line's first word is capitalised by convention
    if any(re.match(r"[A-Z]", w) for w in words):
        return False  # a name among them ("SQL", "Figma"): a list of names and skills
    duties = 0
    for part in parts:
        words = re.findall(r"[a-z]+", part.lower())
        last = words[-1] if words else ""
        if last in nouns or (len(last) > 5 and last.endswith(DUTY_ENDINGS) and last not in _FIELD_WORDS):
            duties += 1
    return duties >= 2 and duties >= 0.75 * len(parts)


def is_list_line(doc: Doc, text: str | None = None) -> bool:
    """True when an item reads as a list of names rather than a statement of work: three or more short
    comma/semicolon/pipe-separated parts, or two of at most two words ("Python, SQL, Looker, dbt";
    "Tools: Jira | Figma | Amplitude"; "Kafka, RabbitMQ"), and no verb telling what was done (no subject
    or auxiliary, no past-tense verb, no opening verb with an object). `text` is doc.text, when at hand."""
    if text is None:
        text = doc.text
    if _CLAIM_OPENING_RE.match(text):
        return False  # "Experience with PyTorch, LangChain and ...": a claim about the writer
    label = _LIST_LABEL_RE.match(text.strip()) is not None  # "Tools: …", "Skills: …": always names
    text = _LIST_LABEL_RE.sub("", text.strip()).rstrip(". ")
    parts = [p for p in _LIST_SPLIT_RE.split(text) if p and p.strip(" ()[]")]
    sizes = [len(p.split()) for p in parts]
    if len(parts) < 2 or (len(parts) == 2 and max(sizes) > 2):
        return False
    if max(sizes) > 6 or sum(1 for n in sizes if n <= 4) < 0.8 * len(sizes):
        return False
    if not label and _duty_list(parts):
        return False  # "Software implementation, testing, mentoring": duties, a statement of work
    table = verb_table()
    for i, token in enumerate(doc):
        low = token.lower_
        if low in _CLAUSE_WORDS:
            return False  # a subject or an auxiliary: a sentence, not a list
        lemma = table.get(low)
        if lemma is None:
            continue
        if low != lemma and not low.endswith(("s", "ing")):
            return False  # a past tense or participle: "Built", "led", "shipped"
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if i == 0 and low == lemma and nxt in _DETERMINER_AFTER:
            return False  # an opening verb with its object: "Own the roadmap, ..."
    return True


def capabilities(nlp: Language) -> set[str]:
    """What a pipeline provides beyond tokens: 'pos' (a tagger or morphologizer) and 'dep' (a parser)."""
    caps: set[str] = set()
    if nlp.has_pipe("tagger") or nlp.has_pipe("morphologizer"):
        caps.add("pos")
    if nlp.has_pipe("parser"):
        caps.add("dep")
    return caps


def annotate(texts: Iterable[str], model: str | None = None, batch_size: int = 64) -> list[Doc]:
    """Run the pipeline over many texts with nlp.pipe (a text past spaCy's max_length is cut there)."""
    nlp = get_nlp(model)
    return list(nlp.pipe((t[: nlp.max_length] for t in texts), batch_size=batch_size))


def spans(doc: Doc, label: str | None = None) -> list[Span]:
    """critic's spans of `doc` (all, or those with `label`), non-overlapping within a label."""
    found = [s for s in doc.spans.get(SPAN_KEY, []) if label is None or s.label_ == label]
    return filter_spans(found) if label else found
