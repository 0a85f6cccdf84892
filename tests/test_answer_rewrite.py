"""Answer rewrites (critic.rewrite.answer): the sentence that hands the call away is replaced by a
first-person part, nothing follows a sign-off, a known question's missing cover points lead the rewrite,
and a wrong cost total is replaced by its recomputation (whose numbers alone the number guard allows).

Every answer here is invented for these tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from critic.answers import drill
from critic.cli import cli
from critic.commands.drill import Drill
from critic.engine import Engine
from critic.errors import ConfigError
from critic.rewrite import invented_numbers, rewrite_for
from critic.rewrite.answer import MAX_POINTS, CoverPoint, cover_point

PLACEHOLDER = re.compile(r"\[[^\]]+\]")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def bank() -> dict[str, drill.Question]:
    return {q.id: q for q in drill.load_bank()}


def _good(engine: Engine, answer: str) -> str:
    rw = rewrite_for(engine, answer, "answer", engine.check([(answer, "answer")])[0])
    assert rw is not None
    return rw.good


@pytest.mark.parametrize("answer, hand_off, first_person", [
    ("We ran the pilot in two regions. We'd wait for more data before deciding anything about the launch.",
     "wait for more data", "My call now: [decision]"),
    ("We shipped the triage model in March. Honestly the ML team would handle rollbacks if it drifts.",
     "the ML team would handle", "I'd decide [what you decided] myself"),
    ("I'd defer to the data scientists on the threshold, they know the model best.",
     "defer to the data scientists", "I'd decide on the threshold myself: [what you decided]"),
    ("We'd let the model decide which notes need a second review.",
     "let the model decide", "I'd decide which notes need a second review myself: [what you decided]"),
])
def test_the_hand_off_sentence_is_replaced_by_a_first_person_part(engine: Engine, answer: str, hand_off: str,
                                                                  first_person: str) -> None:
    good = _good(engine, answer)
    assert hand_off not in good and first_person in good
    kept = answer.split(". ")[0] if answer.count(". ") else ""
    assert good.startswith(kept)  # the sentences around it stay as said


def test_nothing_is_added_after_a_sign_off(engine: Engine) -> None:
    answer = ("We'd wait for more data before deciding anything about the launch. Thanks for watching, "
              "and see you in the next video.")
    good = _good(engine, answer)
    assert good.endswith("Thanks for watching, and see you in the next video.")
    assert "wait for more data" not in good and PLACEHOLDER.search(good)


def test_the_hand_off_replaced_is_the_earliest_whatever_the_findings_order(engine: Engine) -> None:
    answer = ("We'd wait for more data before deciding anything about the launch. "
              "Thanks for watching, see you in the next video.")
    found = engine.check([(answer, "answer")])[0]
    assert "vague-monitoring" not in {f.rule for f in found}  # a sign-off's "watching" is not monitoring
    goods = {rewrite_for(engine, answer, "answer", order).good for order in (found, found[::-1])}
    assert len(goods) == 1
    good = goods.pop()
    assert "wait for more data" not in good and good.endswith("Thanks for watching, see you in the next video.")


def test_watching_a_metric_is_still_monitoring(engine: Engine) -> None:
    found = engine.check([("We'd be watching the error rate after launch and keep an eye on it.", "answer")])[0]
    assert "vague-monitoring" in {f.rule for f in found}


def test_a_sentence_with_the_candidates_own_figures_is_kept(engine: Engine) -> None:
    answer = "We agreed up front that if complaints doubled within a week, we would switch back."
    good = _good(engine, answer)
    assert good.startswith(answer[:-1])


def test_a_known_question_leads_with_its_missing_cover_points(engine: Engine, bank) -> None:
    question = bank["drift-quality-slipping"]
    answer = "Honestly, the data science team would keep an eye on it and tell us if something looked off."
    c = Drill(engine).critique(question, answer)
    assert c.rewrite is not None
    good = c.rewrite.good
    assert "keep an eye on it" not in good
    said = [p.say for p in question.points if p.say in good]
    assert 1 <= len(said) <= MAX_POINTS
    asked = {ph.text: ph.question for p in question.points for ph in p.placeholders}
    for ph in c.rewrite.placeholders:  # every placeholder is a cover point's, with the bank's question
        assert asked.get(ph.text) == ph.question
    # a point the answer already covers is not asked again
    covered = "Honestly we'd first check whether the inputs or users changed, or a release around the model. " + answer
    c2 = Drill(engine).critique(question, covered)
    assert c2.rewrite is not None and question.points[0].say not in c2.rewrite.good


def test_cover_points_are_validated(tmp_path: Path) -> None:
    point = cover_point({"text": "a threshold", "say": "I'd act at [threshold].",
                         "ask": {"[threshold]": "At what value?"}, "when": ["missing-kill-criteria"]})
    assert point.missing("we would look at it", {"missing-kill-criteria"})
    assert not point.missing("we would look at it", {"deference"})
    assert not CoverPoint("shown only").missing("anything", set())
    for bad in ({"text": "x", "say": "I'd act at [threshold].", "ask": {}},
                {"text": "x", "say": "I'd act at 5%.", "ask": {}},
                {"text": "x", "colour": "red"}, {"say": "no text"}):
        with pytest.raises(ValueError):
            cover_point(bad)
    path = tmp_path / "bank.yaml"
    path.write_text("questions:\n  - id: a\n    theme: cost\n    text: x?\n    rules: [cost-math]\n"
                    "    follow_up: y\n    source: seed 000\n    covers:\n      - {text: t, say: 'at [x]'}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"question 1: covers 1: 'ask' must give a question"):
        drill.load_bank(path)


def test_every_cover_point_names_rules_that_exist(engine: Engine, bank) -> None:
    points = [p for q in bank.values() for p in q.points]
    assert all(p.say for p in points)
    for p in points:
        for rule_id in p.when:
            assert engine.rule(rule_id).id == rule_id


def test_an_interviewer_question_is_matched_to_the_bank_only_when_it_is_one(bank) -> None:
    questions = list(bank.values())
    asked = ("Okay, next one. You have two candidate models for the support assistant. How do you decide which "
             "one goes to all users?")
    assert drill.match_question(asked, questions) is bank["experiment-two-models"]
    assert drill.covers_for(asked, questions) == bank["experiment-two-models"].points
    assert drill.match_question("Tell me about yourself and why you want this role.", questions) is None
    # a few of a bank question's words are not that question
    assert drill.match_question("How did you decide on the launch plan?", questions) is None
    assert drill.covers_for(None, questions) == () and drill.covers_for("Why?", questions) == ()


def test_a_transcript_answer_to_a_bank_question_follows_its_covers(tmp_path: Path, bank) -> None:
    question = bank["rollback-bad-release"]
    path = tmp_path / "screen.txt"
    path.write_text(f"Interviewer: {question.text}\n"
                    "Candidate: Honestly, the ML team would keep an eye on the dashboards and tell us if "
                    "anything looked off after we ship it.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(path), "--format", "json", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    answers = [i for i in json.loads(result.stdout)["items"] if i["kind"] == "answer"]
    rw = answers[0]["rewrite"]
    assert rw is not None and "keep an eye on the dashboards" not in rw["good"]
    assert any(p.say in rw["good"] for p in question.points)


def test_a_wrong_cost_total_is_replaced_by_its_recomputation(engine: Engine) -> None:
    answer = "We get 2M requests a day at 600 tokens each, and at $0.50 per 1M tokens that's about $3,600 a month."
    findings = engine.check([(answer, "answer")])[0]
    cost = next(f for f in findings if f.rule == "cost-math")
    recomputed = next(ev for ev in cost.evidence if ev.source == "cost-math:recomputed")
    assert recomputed.text == "$18,250 a month (2M requests/day × 600 tokens × $0.50 per 1M tokens × 30.42 days)"
    rw = rewrite_for(engine, answer, "answer", findings)
    assert rw is not None and "$3,600" not in rw.good and recomputed.text in rw.good
    assert rw.derived == [recomputed.text] and not rw.placeholders
    # the allowance is the recomputation's numbers only: any other new number is still caught
    assert invented_numbers(rw.bad, rw.good) != [] and invented_numbers(rw.bad, rw.good, rw.derived) == []
    assert invented_numbers(rw.bad, rw.good + " We saved $7,000.", rw.derived) == ["7,000"]


def test_a_right_cost_total_is_left_alone(engine: Engine) -> None:
    answer = "We get 2M requests a day at 600 tokens each, and at $0.50 per 1M tokens that's about $600 a day."
    assert "cost-math" not in {f.rule for f in engine.check([(answer, "answer")])[0]}


def test_the_cost_finding_message_carries_the_recomputed_total(tmp_path: Path, engine: Engine, bank) -> None:
    answer = "We get 2M requests a day at 600 tokens each, and at $0.50 per 1M tokens that's about $3,600 a month."
    expected = "Recomputed: ≈ $18,250 a month: 2M requests/day × 600 tokens × $0.50 per 1M tokens × 30.42 days."
    path = tmp_path / "screen.txt"
    path.write_text(f"Interviewer: What would it cost to run?\nCandidate: {answer}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(path), "--format", "json", "--fail-on", "none"])
    item = next(i for i in json.loads(result.stdout)["items"] if i["kind"] == "answer")
    cost = next(f for f in item["findings"] if f["rule"] == "cost-math")
    assert cost["message"].startswith(engine.rule("cost-math").message) and cost["message"].endswith(expected)
    c = Drill(engine).critique(bank["cost-summaries-yearly"], answer)
    assert next(f for f in c.findings if f.rule == "cost-math").message.endswith(expected)


def test_a_reviewed_answer_gets_one_focused_addition_the_most_severe_first(tmp_path: Path) -> None:
    from critic.api import review

    path = tmp_path / "interview.txt"
    path.write_text("Interviewer: Tell me about a launch you led.\n"
                    "Candidate: We launched the new AI ranking model to every user in March and it went well, "
                    "people liked it and we moved on to the next project.\n"
                    "Interviewer: Thanks, that is all.\n", encoding="utf-8")
    report = review(str(path))
    answers = [it for it in report.items if it.rewrite is not None]
    assert len(answers) == 1
    rules = {f.rule for f in answers[0].findings}
    assert {"missing-kill-criteria", "missing-trade-off", "missing-quantification"} <= rules
    rw = answers[0].rewrite
    assert "kill criterion" in rw.good and "trade-off" not in rw.good  # the error's part, not every template
    assert len(PLACEHOLDER.findall(rw.good)) <= 4 and rw.rules == ["missing-kill-criteria"]
