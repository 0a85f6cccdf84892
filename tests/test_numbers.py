"""Number semantics: what counts as a measure, what is a name, a date or a position, what is vague."""

from __future__ import annotations

import pytest

from critic.numbers import MEASURE, NOT_MEASURE, VAGUE, classify_numbers, has_measure, measures


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(s.text, s.kind, s.type) for s in classify_numbers(text)]


@pytest.mark.parametrize("text, span, typ", [
    ("Cut churn by 12%.", "12%", "percent"),
    ("Raised CSAT by 8 percentage points.", "8 percentage points", "percent"),
    ("Lowered fraud by 17 basis points.", "17 basis points", "percent"),
    ("Saved $1.2M annually.", "1.2M", "money"),
    ("Each request costs 4 cents.", "4", "money"),
    ("Grew signups 3x.", "3x", "multiplier"),
    ("A 10-fold drop in errors.", "10-fold", "multiplier"),
    ("Throughput improved tenfold.", "tenfold", "multiplier"),
    ("Doubled weekly users.", "Doubled", "multiplier"),
    ("Halved review time.", "Halved", "multiplier"),
    ("Twice as fast as before.", "Twice", "multiplier"),
    ("Cut manual work by a third.", "a third", "fraction"),
    ("Two-thirds of tickets are now automated.", "Two-thirds", "fraction"),
    ("Cut translation spend in half.", "in half", "fraction"),
    ("Serves 12M users.", "12M", "count"),
    ("Led a 3-person pod.", "3-person", "count"),
    ("Managed two engineers.", "two", "count"),
    ("Set a 21-day review.", "21-day", "duration"),
    ("Shipped three weeks ahead of the deadline.", "three", "duration"),
    ("Certified within a week.", "within a week", "duration"),
    ("p95 fell to 400ms.", "400ms", "time"),
    ("Tickets dropped by 15k/year.", "15k", "rate"),
    ("Handles 500 queries per day.", "500", "rate"),
    ("Rated 4.6/5 by agents.", "4.6/5", "ratio"),
    ("Capped confidence at 0.8.", "0.8", "value"),
    ("Retention delta > 3% justifies it.", "3%", "percent"),
    ("One in five alerts was false.", "One in five", "fraction"),
    ("Delivered the migration a month ahead of plan.", "a month ahead", "duration"),
    ("Roll back if it rises more than half a point.", "half a point", "percent"),
    ("Promote it only if it wins by at least a point.", "at least a point", "percent"),
    ("It lost a full percentage point of recall.", "a full percentage point", "percent"),
    ("The review took half a day.", "half a day", "duration"),
    ("A 5-point drop in NPS.", "5-point", "count"),
    ("Zero downtime during the migration.", "Zero", "count"),
])
def test_measures(text: str, span: str, typ: str) -> None:
    found = [(s.text, s.kind, s.type) for s in classify_numbers(text) if s.text == span]
    assert found, kinds(text)
    assert found[0][1] == MEASURE
    assert found[0][2] == typ
    assert has_measure(text)


@pytest.mark.parametrize("text, span", [
    ("Shipped the app in 2 years with a team of three.", "2"),
    ("Grew revenue 3x in 2 years.", "2"),
    ("Kept the pilot running for 6 months.", "6"),
])
def test_durations_of_work_are_not_tenure(text: str, span: str) -> None:
    assert any(s.text == span and s.kind == MEASURE for s in classify_numbers(text)), kinds(text)


def test_from_to_is_typed_as_a_change() -> None:
    spans = measures("Reduced false-diagnosis rate from 3.2% to 0.9% over four quarters.")
    assert [s.type for s in spans[:2]] == ["from-to", "from-to"]
    assert spans[2].type == "duration"


@pytest.mark.parametrize("text, span, typ", [
    ("Moved from GPT-4 to GPT-4o.", "GPT-4", "model"),
    ("Moved from GPT-4 to GPT-4o.", "GPT-4o", "model"),
    ("Fine-tuned Llama 3 70B on claims.", "Llama 3 70B", "model"),
    ("Migrated to TensorFlow 2.8.", "TensorFlow 2.8", "model"),
    ("Rebuilt it on Claude 3.5 Sonnet.", "Claude 3.5 Sonnet", "model"),
    ("Served Llama-2-7b-chat on our GPUs.", "Llama-2-7b-chat", "model"),
    ("Upgraded to Python 3.11.", "Python 3.11", "model"),
    ("Picked a 7B model for the edge.", "7B model", "model"),
    ("Audited for SOC 2 Type II.", "SOC 2 Type II", "model"),
    ("Certified for ISO 27001.", "ISO 27001", "model"),
    ("Shipped in 2024.", "2024", "year"),
    ("Trained on 2019-2023 data.", "2019-2023", "year"),
    ("Planned for Q3.", "Q3", "quarter"),
    ("Goals for H1 and FY24.", "FY24", "quarter"),
    ("Launched on March 5.", "March 5", "date"),
    ("Started 03/2024.", "03/2024", "date"),
    ("Saw a drift spike in week 3.", "week 3", "label"),
    ("Led Phase 2 of the program.", "Phase 2", "label"),
    ("Met Tier 2 obligations under Article 18.", "Article 18", "label"),
    ("Shipped version 3.2 of the model.", "version 3.2", "label"),
    ("Promoted to L6.", "L6", "identifier"),
    ("Watched p95 latency.", "p95", "label"),
    ("Offered 24/7 support.", "24/7", "identifier"),
    ("Ran 1:1 coaching.", "1:1", "identifier"),
    ("Built a 3D viewer.", "3D", "identifier"),
    ("Came 3rd in the hackathon.", "3rd", "ordinal"),
    ("Built a two-sided marketplace.", "two-sided", "descriptor"),
    ("Added one-click feedback.", "one-click", "descriptor"),
    ("Ran a 360-degree review.", "360-degree", "descriptor"),
    ("Took it from 0 to 1.", "0 to 1", "identifier"),
    ("Call +1 (555) 123-4567 for access.", "+1 (555) 123-4567", "phone"),
    ("We retrain every six months.", "every six months", "cadence"),
    ("Upgraded OCR to Tesseract 5.", "5", "version"),
    ("Moved the parser to PaddleOCR 2.7 and Camelot.", "2.7", "version"),
    ("Graded answers on a 5-point rubric.", "5-point", "descriptor"),
    ("Sent a 10-question survey to agents.", "10-question", "descriptor"),
    ("Sold to a Fortune 500 bank.", "Fortune 500", "model"),
    ("Rebuilt the storefront for XHTML 1.0 and CSS.", "XHTML 1.0", "model"),
    ("Wrote the portal in ASP.NET 4.5 with a SQL backend.", "ASP.NET 4.5", "model"),
    ("Product manager with 6+ years of experience in logistics.", "6+ years", "tenure"),
    ("7+ yrs building B2B tools.", "7+ yrs", "tenure"),
    ("Brings a decade of platform experience.", "a decade of platform experience", "tenure"),
    ("Eleven years' experience in retail banking.", "Eleven years' experience", "tenure"),
    ("Three years of hands-on product experience.", "Three years of hands-on product experience", "tenure"),
    ("Over 8 years in marketplace products.", "Over 8 years", "tenure"),
])
def test_not_measures(text: str, span: str, typ: str) -> None:
    found = [(s.text, s.kind, s.type) for s in classify_numbers(text) if s.text == span]
    assert found, kinds(text)
    assert found[0][1:] == (NOT_MEASURE, typ)
    assert not has_measure(text), kinds(text)


@pytest.mark.parametrize("text", [
    "Significantly reduced hallucinations.",
    "Probably a few thousand dollars.",
    "Served numerous enterprise customers.",
    "Cut costs substantially.",
    "Reached hundreds of thousands of users.",
    "It would cost a few hundred thousand dollars a year.",
    "Improved many workflows for several teams.",
])
def test_vague_magnitudes_are_not_measures(text: str) -> None:
    spans = classify_numbers(text)
    assert any(s.kind == VAGUE for s in spans), kinds(text)
    assert not has_measure(text), kinds(text)


@pytest.mark.parametrize("text", [
    "the two models we compared",
    "one of the first launches",
    "a million things to do",
])
def test_number_words_that_are_not_quantities(text: str) -> None:
    assert not has_measure(text), kinds(text)


@pytest.mark.parametrize("text", [
    "Reached 40 users in the first week.",   # a capitalised verb opening the sentence is not a product name
    "We saw CSAT 4.2 last quarter.",          # an all-caps metric before its value
    "Scaled Elasticsearch to 3 regions.",     # a count with its unit
    "Ran a 12-week pilot.",                   # a duration compound stays a duration
])
def test_versions_and_descriptors_do_not_swallow_measures(text: str) -> None:
    assert has_measure(text), kinds(text)


def test_numbers_inside_names_do_not_hide_real_measures() -> None:
    text = "We took a 3% recall hit to switch from GPT-4 to a tuned Llama 3 70B, cutting cost by 55%."
    assert [s.text for s in measures(text)] == ["3%", "55%"]


def test_spans_are_sorted_and_offsets_match_text() -> None:
    text = "In Q3 2024 we cut p95 latency from 2.4 s to 900ms for 12M users."
    spans = classify_numbers(text)
    assert spans == sorted(spans, key=lambda s: (s.start, s.end))
    for s in spans:
        assert text[s.start:s.end] == s.text


def test_classification_is_deterministic() -> None:
    text = "Doubled adoption to 40% in 6 weeks on GPT-4, a few thousand users."
    assert classify_numbers(text) == classify_numbers(text)
