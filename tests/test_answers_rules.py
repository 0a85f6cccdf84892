"""Answer rules: the cost-math check and its number reading, solution-first order, and how the other
answer rules (deference, A/B test without a metric, vague cost estimate) behave at their edges.

Each rule's own flag/pass examples run in tests/test_rules.py; these are targeted cases.
"""

from __future__ import annotations

import pytest

from critic import costmath
from critic.costmath import extract
from critic.costmath import rule as cost_rule
from critic.engine import Engine
from critic.engine.kinds import FUNCTIONS
from critic.lexicons import lexicon_files
from critic.resources import data_dir
from critic.rewrite import fill_placeholders, rewrite
from critic.spoken_numbers import parse_amount

ANSWER_RULES = ("solution-first", "deference", "ab-test-without-metric", "vague-cost-estimate", "cost-math")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def fired(engine: Engine, text: str) -> set[str]:
    return {f.rule for f in engine.check([(text, "answer")])[0]}


def finding(engine: Engine, text: str, rule: str):
    return next((f for f in engine.check([(text, "answer")])[0] if f.rule == rule), None)


# -- number reading ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("500k", 500_000), ("1.2M", 1_200_000), ("2.5mm", 2_500_000), ("3bn", 3e9), ("1,500", 1_500),
    ("0.002", 0.002), ("$10", 10), ("half a million", 500_000), ("two and a half million", 2_500_000),
    ("a quarter million", 250_000), ("500 thousand", 500_000), ("five hundred thousand", 500_000),
    ("nine hundred twelve thousand", 912_000), ("twenty-five thousand", 25_000), ("a million", 1_000_000),
    ("1.5 million", 1_500_000), ("a dozen", 12), ("two dozen", 24), ("forty", 40),
])
def test_parse_amount_reads_digits_suffixes_and_words(text: str, value: float) -> None:
    assert parse_amount(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["a few thousand", "several hundred", "thousands", "millions of", "many", "a"])
def test_parse_amount_leaves_vague_magnitudes_alone(text: str) -> None:
    assert parse_amount(text) is None


def _roles(text: str) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for q in extract(text):
        out.setdefault(q.role, []).append(q.value)
    return out


@pytest.mark.parametrize("text, role, per_unit", [
    ("at $10 per 1M tokens", "token-price", 10 / 1e6),
    ("at $10 per million tokens", "token-price", 10 / 1e6),
    ("at $10/1M tokens", "token-price", 10 / 1e6),
    ("at $3/MTok", "token-price", 3 / 1e6),
    ("at $0.03 per 1K tokens", "token-price", 0.03 / 1e3),
    ("ten dollars per million tokens", "token-price", 10 / 1e6),
    ("a million tokens costs $10", "token-price", 10 / 1e6),
    ("$0.004 per query", "request-price", 0.004),
    ("10 cents per thousand queries", "request-price", 0.10 / 1000),
    ("each query costs $0.004", "request-price", 0.004),
    ("500 tokens each", "tokens", 500),
    ("a 500-token prompt", "tokens", 500),
])
def test_prices_and_token_counts_are_normalised(text: str, role: str, per_unit: float) -> None:
    assert _roles(text)[role] == [pytest.approx(per_unit)]


@pytest.mark.parametrize("text, per_day", [
    ("500,000 queries a day", 500_000), ("500k daily queries", 500_000), ("half a million queries per day", 500_000),
    ("2M requests/month", 2e6 / (365 / 12)), ("3.65M calls a year", 10_000), ("50 QPS", 50 * 86_400),
    ("12k tickets a week", 12_000 / 7),
])
def test_volumes_are_read_per_day(text: str, per_day: float) -> None:
    assert _roles(text)["volume"] == [pytest.approx(per_day)]


def test_totals_carry_their_period() -> None:
    totals = [q for q in extract("that's $2,500 a day, $76k/month, or $912,500 annually") if q.role == "total"]
    assert [(q.value, round(q.days, 2)) for q in totals] == [(2500, 1.0), (76_000, 30.42), (912_500, 365.0)]


def test_prices_are_not_totals() -> None:
    assert "total" not in _roles("we charge $20 a month per seat")
    assert "total" not in _roles("it's $10 per million tokens")


# -- the cost-math check ---------------------------------------------------------------------------------

SEED = "We expect 500k queries a day at about 500 tokens each, and the tier we'd pick is $10 per 1M tokens, so {total}."


def test_seed_worked_example_passes(engine: Engine) -> None:
    assert "cost-math" not in fired(engine, SEED.format(total="about $912,500 a year"))


@pytest.mark.parametrize("total", ["about $91,250 a year", "roughly $9M a year", "$250 a day", "about $2,000 a month"])
def test_wrong_total_is_caught_with_the_recomputation(engine: Engine, total: str) -> None:
    f = finding(engine, SEED.format(total=total), "cost-math")
    assert f is not None and f.severity == "error"
    match = [e for e in f.evidence if e.kind == "match"]
    assert len(match) == 1 and match[0].text in total
    # the note says what the total should be, computed from the stated inputs
    expected = {"year": "$912,500", "day": "$2,500", "month": "$76,042"}[total.rsplit(" ", 1)[1]]
    assert f"should be about {expected}" in match[0].note
    assert "500,000 queries/day × 500 tokens × $10 per 1M tokens" in match[0].note
    roles = {e.source for e in f.evidence if e.kind == "number"}
    assert {"cost-math:volume", "cost-math:tokens", "cost-math:token-price"} <= roles


def test_tolerance_is_ten_percent(engine: Engine) -> None:
    # 912,500: a million is 9.6% high, 820k is 10.1% low
    assert "cost-math" not in fired(engine, SEED.format(total="roughly a million dollars a year"))
    assert "cost-math" not in fired(engine, SEED.format(total="about $830k a year"))
    assert "cost-math" in fired(engine, SEED.format(total="about $820k a year"))


@pytest.mark.parametrize("text, ok", [
    ("Each query costs $0.004 and we see 1.2M queries a day, so about $4,800 a day.", True),
    ("Each query costs $0.004 and we see 1.2M queries a day, so about $48,000 a day.", False),
    ("At 2M requests a month and 1,000 tokens per request, with $0.01 per 1K tokens, the bill is $20,000 a month.", True),
    ("At 2M requests a month and 1,000 tokens per request, with $0.01 per 1K tokens, that's $24,000 a year.", False),
    ("Input is $3 per million input tokens and output $15 per million output tokens; 100,000 chats a day with "
     "400 input tokens and 100 output tokens is $270 a day.", True),
    ("Input is $3 per million input tokens and output $15 per million output tokens; 100,000 chats a day with "
     "400 input tokens and 100 output tokens is $750 a day.", False),
    ("Five hundred thousand queries a day, five hundred tokens each, ten dollars per million tokens: about nine "
     "hundred twelve thousand dollars a year.", True),
    ("We serve 50 QPS at about 800 tokens a call and $2 per million tokens, roughly $6,900 a day.", True),
    ("40,000 claims a day at 1,500 tokens each is 60 million tokens a day.", True),
    ("40,000 claims a day at 1,500 tokens each is 6 million tokens a day.", False),
])
def test_units_periods_and_pricing_schemes(engine: Engine, text: str, ok: bool) -> None:
    assert ("cost-math" not in fired(engine, text)) == ok


def test_nothing_is_judged_without_every_input(engine: Engine) -> None:
    # no unit price, then no volume: the total cannot be recomputed, so it is not flagged
    assert "cost-math" not in fired(engine, "We see 500k queries a day at 500 tokens each, so about $91,250 a year.")
    assert "cost-math" not in fired(engine, "At 500 tokens each and $10 per 1M tokens that's about $91,250 a year.")


def test_budgets_and_other_scenarios_are_not_recomputed(engine: Engine) -> None:
    base = "At 500k queries a day, 500 tokens each and $10 per 1M tokens we spend $2,500 a day"
    assert "cost-math" not in fired(engine, base + ", well under our $100k monthly budget.")
    assert "cost-math" not in fired(engine, base + ". With caching it drops to about $600k a year.")
    # a baseline named as such is still checked
    assert "cost-math" in fired(engine, base + ", or $91,250 a year before caching.")


def test_a_restated_wrong_total_is_one_span(engine: Engine) -> None:
    text = "500k queries a day, 500 tokens each, $10 per 1M tokens: that's $250 a day, so about $91,250 a year."
    f = finding(engine, text, "cost-math")
    assert f is not None
    [match] = [e for e in f.evidence if e.kind == "match"]
    assert match.text == "$250 a day, so about $91,250 a year"
    assert "$2,500 a day" in match.note and "$912,500 a year" in match.note


def test_analyse_reports_right_totals_too() -> None:
    check = costmath.analyse(SEED.format(total="about $912,500 a year"))
    assert check.complete and not check.wrong
    assert [v.ok for v in check.verdicts] == [True]
    assert "= $912,500 a year" in check.verdicts[0].explanation()


# -- solution-first: order within the opening --------------------------------------------------------

SOLUTION = "I'd fine-tune a Llama model on past bookings and put a retrieval layer over the listings."
FRAMING = "The decision is whether the planner replaces search for returning travelers, judged by repeat bookings."


def test_solution_before_framing_is_flagged(engine: Engine) -> None:
    assert "solution-first" in fired(engine, f"{SOLUTION} {FRAMING}")


def test_framing_before_solution_passes(engine: Engine) -> None:
    assert "solution-first" not in fired(engine, f"{FRAMING} {SOLUTION}")


def test_only_the_opening_is_judged(engine: Engine) -> None:
    filler = "There is a lot to say here. Let me think about the shape of it. It is an interesting one. "
    # the model shows up after the opening (three sentences): not solution-first
    assert "solution-first" not in fired(engine, filler + SOLUTION + " " + FRAMING)


@pytest.mark.parametrize("text", [
    "Before picking a model, I'd ask who the travelers are and whether the planner replaces search or sits beside it.",
    "We chose the distilled model last spring; it was four points worse on our rubric but a fifth of the cost.",
    "I'd use GPT-4.",  # too short to have an opening
])
def test_negated_retrospective_and_short_answers_pass(engine: Engine, text: str) -> None:
    assert "solution-first" not in fired(engine, text)


# -- deference, A/B tests, vague cost: edges --------------------------------------------------------------

def test_deference_does_not_repeat_black_box_language(engine: Engine) -> None:
    # deferring AI work to the engineers or the ML team is black-box language, reported once
    for text in ("Honestly, the engineers can figure that part out.", "The ML team will decide the thresholds."):
        rules = fired(engine, text)
        assert "black-box-language" in rules and "deference" not in rules, text
    # deferring the decision itself to more data or to leadership is deference
    for text in ("I'd hold off until we have better data, then decide.", "Whether we launch in Europe is up to leadership."):
        rules = fired(engine, text)
        assert "deference" in rules and "black-box-language" not in rules, text


def test_deference_passes_with_a_decision_and_an_expiry(engine: Engine) -> None:
    assert "deference" not in fired(engine, "Leadership wanted more data first, but I made the call to launch to 10% "
                                            "with a kill switch and a 14-day expiry.")
    assert "deference" in fired(engine, "That's not really my call; it sits with leadership.")


def test_ab_test_needs_a_metric_or_stop_rule(engine: Engine) -> None:
    bare = "We'd A/B test the two prompts and roll out whichever one wins."
    assert "ab-test-without-metric" in fired(engine, bare)
    assert "ab-test-without-metric" not in fired(engine, bare.replace("wins", "wins on resolution rate"))
    assert "ab-test-without-metric" not in fired(engine, bare.replace("wins", "wins after two weeks"))
    assert "ab-test-without-metric" not in fired(engine, "We tested the model against last year's fraud cases.")


def test_vague_cost_estimate_wants_a_figure(engine: Engine) -> None:
    assert "vague-cost-estimate" in fired(engine, "Probably a few thousand dollars a month.")
    assert "vague-cost-estimate" not in fired(engine, "Probably $4,000 a month.")
    assert "vague-cost-estimate" not in fired(engine, "The bigger model is more expensive to run, so I'd route only long claims to it.")


# -- rewrites of the answer rules clear their rule ----------------------------------------------------------

@pytest.mark.parametrize("rule_id", ANSWER_RULES)
def test_rewrites_of_flag_examples_clear_the_rule(engine: Engine, rule_id: str) -> None:
    rule = engine.rule(rule_id)
    for text in rule.examples["flag"] + [rule.rewrite["example"]["bad"]]:
        f = finding(engine, text, rule_id)
        assert f is not None, text
        rw = rewrite(text, "answer", [f], engine.rule)
        assert rw is not None and rw.rules == [rule_id]
        assert rule_id not in fired(engine, fill_placeholders(rw.good, rw.placeholders)), rw.good


# -- data ------------------------------------------------------------------------------------------------------

def test_answer_rules_are_loaded_for_answers_only(engine: Engine) -> None:
    for rule_id in ANSWER_RULES:
        rule = engine.rule(rule_id)
        assert rule.applies_to == ["answer"] and rule.theme == "answer"
        assert "seed 0" in rule.source


def test_every_answer_lexicon_is_used_by_a_rule(engine: Engine) -> None:
    answer_lexicons = {p.stem for p in lexicon_files(data_dir("lexicons")) if p.stem.startswith("answer-")}
    assert answer_lexicons and answer_lexicons <= engine.used_lexicons


def test_cost_math_rule_file_names_the_registered_function(engine: Engine) -> None:
    assert (data_dir("rules") / "answer" / "cost-math.yaml").is_file()
    assert engine.rule("cost-math").detection["function"] == "cost-math"
    assert FUNCTIONS["cost-math"] is cost_rule.cost_math
