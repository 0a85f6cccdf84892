"""`critic drill`: the question bank, answers files, the non-interactive run, and the interactive run
through a pseudo-terminal."""

from __future__ import annotations

import io
import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import critic.costmath.rule  # noqa: F401  (registers the cost-math rule kind)
from critic.answers import drill
from critic.cli import cli
from critic.commands.drill import Drill, read_answer
from critic.engine import Engine
from critic.errors import CriticError, InputError
from critic.rewrite import invented_numbers

ROOT = Path(__file__).parents[1]
BRIEF_THEMES = {"partial-data", "drift", "cost", "rollback", "trade-off", "compliance"}
WRONG_COST = ("About 300,000 conversations a day at roughly 1,000 tokens each. At $10 per million tokens "
              "that's $3,000 a day, so about $109,500 a year.")
VAGUE = "Honestly I'd wait for more data before deciding, and it would cost a few thousand dollars a month."


@pytest.fixture(scope="module")
def bank() -> list[drill.Question]:
    return drill.load_bank()


# -- the bank ----------------------------------------------------------------------------------------------

def test_bank_has_at_least_twelve_questions_over_the_themes(bank) -> None:
    assert len(bank) >= 12
    assert BRIEF_THEMES <= set(drill.themes(bank))
    assert len({q.id for q in bank}) == len(bank)
    for q in bank:
        assert q.text[-1] in "?." and len(q.text.split()) >= 8, q.id
        assert q.covers and q.follow_up and re.search(r"seed \d{3}", q.source)


def test_every_question_is_judged_by_existing_rules(bank) -> None:
    engine = Engine()
    for q in bank:
        for rule_id in q.rules:
            assert engine.rule(rule_id).applies_to != ["document"], (q.id, rule_id)


def test_bank_validation_names_the_file_and_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bank.yaml"
    bad.write_text("questions:\n  - id: Not An Id\n    theme: cost\n    text: x?\n    covers: [a]\n"
                   "    rules: [cost-math]\n    follow_up: y\n    source: seed 000\n", encoding="utf-8")
    with pytest.raises(CriticError, match=r"bank\.yaml: question 1: id 'Not An Id'"):
        drill.load_bank(bad)
    bad.write_text("questions:\n  - id: a\n    theme: cost\n    txt: x?\n", encoding="utf-8")
    with pytest.raises(CriticError, match="unknown key 'txt'"):
        drill.load_bank(bad)


def test_selection_is_deterministic_with_a_seed(bank) -> None:
    orders = {tuple(q.id for q in drill.select(bank, seed=s)) for s in range(5)}
    assert all(tuple(q.id for q in drill.select(bank, seed=s)) in orders for s in range(5))
    assert drill.select(bank, seed=7) == drill.select(bank, seed=7)
    assert len(orders) > 1  # different seeds, different orders
    picked = drill.select(bank, theme="cost", question="cost-model-choice", seed=1)
    assert picked[0].id == "cost-model-choice" and {q.theme for q in picked} == {"cost"}
    with pytest.raises(CriticError, match="unknown question 'nope'"):
        drill.select(bank, question="nope")
    with pytest.raises(CriticError, match="unknown theme 'weather'"):
        drill.select(bank, theme="weather")


# -- reading answers -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("first line\nsecond line\n\n\nafter\n", "first line\nsecond line"),
    ("para one\n\npara two\n\n\n", "para one\n\npara two"),
    ("\n\nnot read\n", ""),  # two empty lines first: no answer (skip the question)
    ("ended by Ctrl-D", "ended by Ctrl-D"),
])
def test_read_answer_stops_at_two_empty_lines_or_end_of_input(typed: str, expected: str) -> None:
    assert read_answer(io.StringIO(typed)) == expected


def test_read_answer_at_end_of_input_is_none() -> None:
    assert read_answer(io.StringIO("")) is None


def test_answers_files_in_yaml_json_and_text(tmp_path: Path, bank) -> None:
    (tmp_path / "a.yaml").write_text(f"cost-summaries-yearly: |\n  {WRONG_COST}\ndrift-retraining-plan: We'd retrain "
                                     "quarterly.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps([{"id": "cost-summaries-yearly", "answer": WRONG_COST}]),
                                     encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"# cost-summaries-yearly\n{WRONG_COST}\n\n[drift-retraining-plan]\nWe'd "
                                    "retrain quarterly.\n", encoding="utf-8")
    for name, ids in (("a.yaml", ["cost-summaries-yearly", "drift-retraining-plan"]),
                      ("a.json", ["cost-summaries-yearly"]),
                      ("a.txt", ["cost-summaries-yearly", "drift-retraining-plan"])):
        pairs = drill.read_answers(tmp_path / name, bank)
        assert [q.id for q, _ in pairs] == ids, name
        assert pairs[0][1].split() == WRONG_COST.split()


@pytest.mark.parametrize("content, suffix, problem", [
    ("unknown-question: text\n", ".yaml", "unknown question id 'unknown-question'"),
    ("a: [unclosed\n", ".yaml", "invalid YAML at line"),
    ("{\"a\": }", ".json", "invalid JSON at line 1"),
    ("some text before any header\n# cost-summaries-yearly\nanswer\n", ".txt", "line 1: text before the first"),
    ("", ".yaml", "no answers found"),
    ("cost-summaries-yearly: [1, 2]\n", ".yaml", "must be text"),
])
def test_bad_answers_files_raise_one_clear_input_error(tmp_path: Path, bank, content: str, suffix: str,
                                                       problem: str) -> None:
    path = tmp_path / f"answers{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        drill.read_answers(path, bank)
    assert err.value.source == str(path) and problem in err.value.problem


# -- critiques -------------------------------------------------------------------------------------------------

def test_critique_has_findings_rewrite_metrics_and_cost_math(bank) -> None:
    question = next(q for q in bank if q.id == "cost-summaries-yearly")
    coach = Drill(Engine())
    c = coach.critique(question, WRONG_COST)
    assert c.findings[0].rule == "cost-math"  # the question's own rules come first
    assert c.flagged_focus == ["cost-math"]
    # the wrong yearly total is replaced by the one computed from the answer's own inputs, with its arithmetic
    assert c.rewrite is not None and "$109,500" not in c.rewrite.good
    assert "about $1,095,000 a year (300,000 conversations/day × 1,000 tokens × $10 per 1M tokens × 365 days)" \
        in c.rewrite.good
    assert invented_numbers(c.rewrite.bad, c.rewrite.good) == ["1,095,000", "1", "365"]
    assert invented_numbers(c.rewrite.bad, c.rewrite.good, c.rewrite.derived) == []
    assert c.metrics is not None and c.metrics.words == len(WRONG_COST.split())
    assert c.cost is not None and [v.ok for v in c.cost.verdicts] == [True, False]
    text = drill.render_text(c)
    assert "should be about $1,095,000 a year" in text and "A strong answer covers" in text
    assert question.follow_up in " ".join(text.split())


# -- the command, non-interactive ------------------------------------------------------------------------------

def _answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(f"cost-summaries-yearly: {json.dumps(WRONG_COST)}\npartial-data-launch: {json.dumps(VAGUE)}\n",
                    encoding="utf-8")
    return path


def test_drill_answers_json_is_deterministic(tmp_path: Path) -> None:
    path = _answers(tmp_path)
    runner = CliRunner()
    first = runner.invoke(cli, ["drill", "--answers", str(path), "--format", "json"])
    second = runner.invoke(cli, ["drill", "--answers", str(path), "--format", "json", "--seed", "3"])
    assert first.exit_code == 1, first.output  # the wrong cost total is an error-level finding
    assert first.output == second.output
    data = json.loads(first.output)
    assert data["schema_version"] == drill.SCHEMA_VERSION
    by_id = {c["question"]["id"]: c for c in data["critiques"]}
    assert list(by_id) == ["cost-summaries-yearly", "partial-data-launch"]  # file order
    assert "cost-math" in [f["rule"] for f in by_id["cost-summaries-yearly"]["findings"]]
    totals = by_id["cost-summaries-yearly"]["cost_math"]["totals"]
    assert [t["ok"] for t in totals] == [True, False] and totals[1]["expected"] == 1_095_000
    rules = [f["rule"] for f in by_id["partial-data-launch"]["findings"]]
    assert {"deference", "vague-cost-estimate"} <= set(rules)
    assert by_id["partial-data-launch"]["rewrite"]["good"] != VAGUE


def test_drill_answers_text_with_question_filter(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["drill", "--answers", str(_answers(tmp_path)), "--question",
                                      "partial-data-launch", "--no-color"])
    assert result.exit_code == 0, result.output
    assert "partial-data-launch" in result.output and "cost-summaries-yearly" not in result.output
    assert "deference" in result.output and "BAD -> GOOD" in result.output and "\x1b[" not in result.output


def test_drill_list_shows_the_bank(bank) -> None:
    result = CliRunner().invoke(cli, ["drill", "--list"])
    assert result.exit_code == 0 and all(q.id in result.output for q in bank)


def test_interactive_loop_reads_stdin(bank) -> None:
    typed = f"{WRONG_COST}\n\n\ny\n\n\n\nn\n"  # answer, next: yes, an empty answer, next: no
    result = CliRunner().invoke(cli, ["drill", "--theme", "cost", "--seed", "1", "--no-color"], input=typed)
    assert result.exit_code == 0, result.output
    assert result.output.count("Question ") == 2 and "No answer given; skipping." in result.output
    assert "Done: 1 answer critiqued." in result.output


def test_bad_answers_file_is_one_line_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("no-such-question: hello\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "critic", "drill", "--answers", str(path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"critic: error: {path}: unknown question id 'no-such-question' "
                                                "(see `critic drill --list`)"]
    assert "Traceback" not in proc.stderr


# -- the command, interactive, through a pseudo-terminal -------------------------------------------------------

class Terminal:
    """`python -m critic drill ...` on a pseudo-terminal: type into it, read what it prints."""

    def __init__(self, *args: str) -> None:
        self.master, slave = os.openpty()
        env = dict(os.environ, COLUMNS="100", LINES="40", TERM="dumb")
        self.proc = subprocess.Popen([sys.executable, "-m", "critic", "drill", *args], stdin=slave, stdout=slave,
                                     stderr=slave, cwd=ROOT, env=env, close_fds=True)
        os.close(slave)
        self.seen = b""

    def type(self, data: str) -> None:
        os.write(self.master, data.encode())

    def expect(self, pattern: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if re.search(pattern, text):
                return text
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    break
        raise AssertionError(f"{pattern!r} not seen; the terminal showed:\n{self.text()}")

    def text(self) -> str:
        return re.sub(r"\x1b\[[0-9;]*m", "", self.seen.decode("utf-8", "replace")).replace("\r\n", "\n")

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=60)
        finally:
            os.close(self.master)


def test_interactive_answer_ended_by_two_empty_lines() -> None:
    term = Terminal("--question", "cost-summaries-yearly")
    try:
        term.expect(r"Ctrl-D")
        assert "Estimate what that costs per year" in " ".join(term.text().split())
        term.type(WRONG_COST.replace(". ", ".\n") + "\n\n\n")  # pasted over two lines, then two empty lines
        screen = term.expect(r"Next question\? \[Y/n\]")
        flat = " ".join(screen.split())
        assert "cost-math" in flat and "should be about $1,095,000 a year" in flat
        assert "BAD -> GOOD" in flat and "Follow-up" in flat
        term.type("n\n")
        term.expect(r"Done: 1 answer critiqued\.")
    finally:
        assert term.close() == 0


def test_interactive_answer_ended_by_ctrl_d_then_next_question() -> None:
    term = Terminal("--theme", "drift", "--seed", "2")
    try:
        term.expect(r"Ctrl-D")
        term.type("Honestly the ML team would figure it out and tell us if something looked off.\n")
        term.type("\x04")  # Ctrl-D at the start of a line ends the answer
        screen = term.expect(r"Next question\? \[Y/n\]")
        assert "black-box-language" in screen
        term.type("y\n")
        term.expect(r"Question 2 of 2")
        term.type("\x04")  # no answer: the drill ends
        term.expect(r"Done: 1 answer critiqued\.")
    finally:
        assert term.close() == 0


def test_drill_answers_exit_zero_without_an_error_finding(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(f"partial-data-launch: {json.dumps(VAGUE)}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["drill", "--answers", str(path), "--format", "json"])
    data = json.loads(result.output)
    errors = [f for c in data["critiques"] for f in c["findings"] if f["severity"] == "error"]
    assert result.exit_code == (1 if errors else 0)


def test_ctrl_c_exits_130(monkeypatch) -> None:
    from critic.commands import drill as drill_command

    def interrupted(_stream):
        raise KeyboardInterrupt

    monkeypatch.setattr(drill_command, "read_answer", interrupted)
    result = CliRunner().invoke(cli, ["drill", "--theme", "cost", "--seed", "1", "--no-color"], input="")
    assert result.exit_code == 130 and "Interrupted." in result.output


def test_the_cost_question_volume_is_read_from_the_question(bank) -> None:
    from critic.engine import Engine

    question = next(q for q in bank if q.id == "cost-summaries-yearly")  # "about 300,000 a day"
    coach = Drill(Engine())
    wrong = coach.critique(question, "At 2,000 tokens each and $2.50 per million tokens it is about $54,750 a year.")
    assert "cost-math" in [f.rule for f in wrong.findings]
    assert wrong.cost is not None and "from the question" in wrong.cost.to_dict()["inputs"][0]["text"]
    right = coach.critique(question, "At 2,000 tokens each and $2.50 per million tokens it is about $547,500 a year.")
    assert "cost-math" not in [f.rule for f in right.findings]


def test_follow_up_asks_for_what_the_answer_lacks() -> None:
    q = drill.Question(id="x", theme="t", text="?", covers=("a",), rules=("r",), follow_up="default",
                       source="s", follow_ups=(drill.FollowUp("route?", unless=("route",)),
                                               drill.FollowUp("stop?", when=("missing-kill-criteria",))))
    assert q.next_question("We would route easy requests to the small model.", set()) == "default"
    assert q.next_question("We would route easy requests.", {"missing-kill-criteria"}) == "stop?"
    assert q.next_question("We would pick the larger one.", set()) == "route?"


def test_the_drill_annotates_an_answer_once(bank, monkeypatch) -> None:
    from critic.engine import Engine

    engine = Engine()
    coach = Drill(engine)
    calls = []
    real = engine.annotator.annotate
    monkeypatch.setattr(engine.annotator, "annotate", lambda texts: calls.append(list(texts)) or real(texts))
    answer = "I decided to launch to 10% of users and pull it back if complaints doubled in a week."
    coach.critique(bank[0], answer)
    assert sum(texts == [answer] for texts in calls) == 1  # the rewrite's re-check reads its own GOOD text


def test_the_drill_reads_each_answer_once_and_compiles_the_cost_rule_once(bank, monkeypatch) -> None:
    """Counted, not timed: the answer goes through the NLP pipeline once (findings, cost check, metrics and
    the rewrite share it) and the cost rule is compiled once (the engine's compiled rule is reused)."""
    import critic.nlp
    from critic.engine.kinds import CompiledRule

    compiled: list[str] = []
    real_compile = CompiledRule.compile.__func__  # type: ignore[attr-defined]

    def counting_compile(cls, rule, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(rule.id)
        return real_compile(cls, rule, *args, **kwargs)

    monkeypatch.setattr(CompiledRule, "compile", classmethod(counting_compile))
    engine = Engine()
    coach = Drill(engine)
    assert compiled.count("cost-math") == 1

    seen: list[str] = []
    language = type(critic.nlp.get_nlp(None))
    real_call = language.__call__
    monkeypatch.setattr(language, "__call__", lambda nlp, text, **kw: seen.append(text) or real_call(nlp, text, **kw))
    real_annotate = engine.annotator.annotate
    monkeypatch.setattr(engine.annotator, "annotate", lambda texts: seen.extend(texts) or real_annotate(texts))
    question = next(q for q in bank if q.id == "cost-summaries-yearly")
    c = coach.critique(question, WRONG_COST)
    assert c.rewrite is not None and c.cost is not None and c.metrics is not None
    assert seen.count(WRONG_COST) == 1, seen
    assert compiled.count("cost-math") == 1  # not compiled again for an answer


def test_the_drill_reviews_an_answer_through_the_review_orchestrator(bank, monkeypatch) -> None:
    """One path for a review: each answer is reviewed by critic.api.build_report as a transcript of one
    answer, so its findings and metrics are those of a review of the same answer."""
    import critic.api

    calls: list = []
    real = critic.api.build_report
    monkeypatch.setattr(critic.api, "build_report", lambda doc, engine, **kw: calls.append(doc) or real(doc, engine, **kw))
    engine = Engine()
    question = next(q for q in bank if q.id == "partial-data-launch")
    c = Drill(engine).critique(question, VAGUE)
    assert len(calls) == 1 and calls[0].kind == "transcript" and [i.text for i in calls[0].items()] == [VAGUE]
    review = real(drill.answer_document(question, VAGUE), engine).items[0]
    assert c.findings and sorted(f.rule for f in c.findings) == sorted(f.rule for f in review.findings)
    assert c.metrics is not None and c.metrics == review.metrics
    assert c.rewrite is not None and review.rewrite is not None


def test_a_total_wrong_only_with_the_question_volume_is_added_once(bank) -> None:
    """The question's volume makes a total wrong: its cost-math finding is added to the review's findings
    (once, and not when the rule already fires on the answer's own figures)."""
    question = next(q for q in bank if q.id == "cost-summaries-yearly")
    coach = Drill(Engine())
    c = coach.critique(question, "At 2,000 tokens each and $2.50 per million tokens it is about $54,750 a year.")
    assert [f.rule for f in c.findings].count("cost-math") == 1 and c.failing
    own = coach.critique(question, WRONG_COST)  # wrong on its own figures: the rule's finding, not a second one
    assert [f.rule for f in own.findings].count("cost-math") == 1


def test_bank_asks_what_real_ai_pm_screens_ask(bank) -> None:
    assert {"deep-dive", "evaluation", "latency", "explanation", "safety", "estimation", "build-vs-buy"} <= set(
        drill.themes(bank))


def test_the_routing_follow_up_is_skipped_when_the_answer_routes(bank) -> None:
    from critic.engine import Engine

    q = next(x for x in bank if x.id == "cost-model-choice")
    coach = Drill(Engine())
    routed = coach.critique(q, "I would route only the hard cases to the larger model, about a tenth of traffic.")
    assert "route only some requests" not in routed.follow_up
    plain = coach.critique(q, "I would pick the larger model because quality matters most to our users.")
    assert "route only some requests" in plain.follow_up


def test_follow_ups_are_validated(tmp_path: Path) -> None:
    bad = tmp_path / "bank.yaml"
    bad.write_text("questions:\n  - id: a\n    theme: cost\n    text: x?\n    covers: [a]\n    rules: [cost-math]\n"
                   "    follow_up: y?\n    source: s\n    follow_ups: [{text: z?, if: [cost-math]}]\n", encoding="utf-8")
    with pytest.raises(CriticError, match="unknown key 'if'"):
        drill.load_bank(bad)
