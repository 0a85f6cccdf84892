"""The NLP pipeline: lemmas, sentences, spans from lexicons and number semantics."""

from __future__ import annotations

import pytest

from critic import nlp


@pytest.fixture(scope="module")
def pipeline():
    return nlp.get_nlp()


def test_pipeline_is_built_once() -> None:
    assert nlp.get_nlp() is nlp.get_nlp()


@pytest.mark.parametrize("word, lemma", [
    ("Improved", "improve"), ("Led", "lead"), ("Built", "build"), ("Shipped", "ship"), ("Capped", "cap"),
    ("chose", "choose"), ("Rolled", "roll"), ("retraining", "retrain"), ("Reduces", "reduce"),
    ("Prioritized", "prioritize"), ("teams", "team"), ("'ll", "will"), ("was", "be"),
])
def test_lemmas_work_for_capitalised_and_inflected_words(word: str, lemma: str) -> None:
    assert nlp.lemma_of(word) == lemma


def test_lemmas_are_set_on_tokens(pipeline) -> None:
    doc = pipeline("Led the rollout and Improved recall.")
    assert [t.lemma_ for t in doc][:3] == ["lead", "the", "rollout"]
    assert doc[4].lemma_ == "improve"


def test_sentences_split_answers(pipeline) -> None:
    doc = pipeline("We launched it. Then we watched the numbers! Did it work?")
    assert len(list(doc.sents)) == 3


def labels(doc) -> set[tuple[str, str]]:
    return {(s.text, s.label_) for s in doc.spans[nlp.SPAN_KEY]}


def test_spans_for_teams_risks_models_and_metrics(pipeline) -> None:
    doc = pipeline("Partnered with the ML team to cut p95 latency by 40% on GPT-4 and Llama 3 70B for 12M users.")
    found = labels(doc)
    assert ("ML team", "TEAM") in found
    assert ("latency", "AI_RISK") in found
    assert ("40%", "METRIC") in found
    assert ("12M", "METRIC") in found
    assert ("GPT-4", "MODEL") in found
    assert ("Llama 3 70B", "MODEL") in found
    assert not any(label == "METRIC" and "70" in text for text, label in found)


def test_vague_and_non_measure_numbers_are_labelled(pipeline) -> None:
    found = labels(pipeline("In Q3 2024 we served a few thousand users."))
    assert ("a few thousand", "VAGUE") in found
    assert ("Q3", "NUMBER") in found
    assert ("2024", "NUMBER") in found
    assert not any(label == "METRIC" for _, label in found)


def test_token_flags_follow_spans(pipeline) -> None:
    doc = pipeline("Data scientists cut errors by 12%.")
    assert doc[0]._.critic_team and doc[1]._.critic_team
    assert any(t._.critic_metric for t in doc)
    assert not doc[2]._.critic_metric


def test_annotate_uses_pipe_and_keeps_order() -> None:
    docs = nlp.annotate(["First text.", "Second one with 3 numbers."])
    assert [d.text for d in docs] == ["First text.", "Second one with 3 numbers."]


def test_blank_pipeline_has_no_pos_or_dep(pipeline) -> None:
    assert nlp.capabilities(pipeline) == set()


def test_unknown_spacy_model_is_a_clear_error() -> None:
    from critic.errors import ConfigError

    with pytest.raises(ConfigError, match="not installed"):
        nlp.get_nlp("xx_no_such_pipeline_sm")


@pytest.mark.parametrize("text, expected", [
    ("Python, SQL, Looker, dbt", True),
    ("LangChain, Pinecone, Weights & Biases, Vertex AI", True),
    ("Tools: Jira | Figma | Amplitude", True),
    ("Kafka, RabbitMQ", True),
    ("A/B testing, experimentation, SQL, roadmapping", True),
    ("Led search, recs, and ads ML teams", False),          # a past-tense verb: a statement of work
    ("Own the roadmap, pricing, and launches", False),      # an opening verb with its object
    ("We'll launch, measure, and adjust.", False),          # a subject and an auxiliary
    ("Cut costs, raised NPS", False),
    ("Experience with PyTorch, LangChain and vector databases.", False),  # a claim about the writer
    ("Improved search relevance for the marketplace app.", False),
])
def test_list_lines_are_told_from_statements(pipeline, text: str, expected: bool) -> None:
    assert nlp.is_list_line(pipeline(text)) is expected



@pytest.mark.parametrize("word,lemma", [("Deprioritised", "deprioritise"), ("operationalizing", "operationalize"),
                                        ("raising", "raise"), ("rising", "rise")])
def test_ise_ize_verbs_outside_the_table_get_their_base_form(word: str, lemma: str) -> None:
    assert nlp.lemma_of(word) == lemma


def _flags(doc) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    names = sorted(nlp._FLAG_NAMES.values())
    return [(t.text, [n for n in names if t._.get(n)]) for t in doc]


def test_token_flags_fall_back_to_the_public_setter(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Cut p95 latency 40% across 3 regions for the churn model, working with the ML team."
    expected = _flags(nlp.get_nlp()(text))
    assert any(flags for _, flags in expected)

    own_key = nlp.Underscore._get_key

    def other_layout(self: object, name: str) -> tuple[object, ...]:  # a spaCy keeping values elsewhere
        return ("elsewhere", *own_key(self, name))

    monkeypatch.setattr(nlp, "_FLAGS_BY_KEY", [])
    monkeypatch.setattr(nlp.Underscore, "_get_key", other_layout)
    assert _flags(nlp.get_nlp()(text)) == expected
    assert nlp._FLAGS_BY_KEY == [False]


@pytest.mark.parametrize("text, is_ai_work", [
    ("Built labelling tools at Scale AI.", False),          # a company name ending in AI
    ("Joined Acme AI as the second PM.", False),
    ("Worked with C3 AI consultants on demand.", False),    # a name with digits
    ("AI tools for contract review.", True),                # opening the sentence
    ("Shipped Generative AI features for sellers.", True),  # a word that makes it AI work
    ("Owned the AI roadmap for support.", True),
])
def test_ai_at_the_end_of_a_company_name_is_not_ai_work(pipeline, text: str, is_ai_work: bool) -> None:
    doc = pipeline(text)
    assert any(label == "AI_TERM" for _, label in labels(doc)) is is_ai_work, labels(doc)
