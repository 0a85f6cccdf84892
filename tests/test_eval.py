"""`critic eval`, `critic rules`, `critic explain`, and the accuracy floors on labelled sets."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from critic import cli
from critic.engine import Engine
from critic.engine.evaluation import RuleScore, evaluate, read_labelled
from critic.errors import InputError

ROOT = Path(__file__).parents[1]
SHARED = ROOT.parent / "shared"
GOLDEN = SHARED / "eval" / "seed_golden.jsonl"
DEV = Path(__file__).parent / "data" / "dev_labelled.jsonl"
# labelled sets written without looking at the detectors: (file, minimum items); their floors catch regressions
BLIND = [(Path(__file__).parent / "data" / name, size) for name, size in
         (("blind_labelled.jsonl", 220), ("blind2_labelled.jsonl", 60), ("blind3_labelled.jsonl", 60),
          ("blind4_labelled.jsonl", 50), ("blind5_labelled.jsonl", 130),
          ("blind6_labelled.jsonl", 110))]
CORE = ("missing-quantification", "black-box-language", "missing-trade-off", "missing-kill-criteria")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the CLI entry point in-process (same exit-code handling as the installed script)."""

    def _run(*args: str) -> Run:
        monkeypatch.setattr(sys, "argv", ["critic", *args])
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out = capsys.readouterr()
        return Run(code, out.out, out.err)

    return _run


def test_module_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "critic", "rules"], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0 and "missing-quantification" in result.stdout


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def test_seed_golden_is_exact(engine: Engine) -> None:
    if not GOLDEN.is_file():
        pytest.skip(f"seed golden set not found at {GOLDEN} (../shared is absent)")
    result = evaluate(engine, read_labelled(GOLDEN))
    assert set(CORE) <= set(result.rules)
    for rule_id, score in result.rules.items():
        assert (score.precision, score.recall) == (1.0, 1.0), (rule_id, score, result.misjudged)


def test_dev_set_floor(engine: Engine) -> None:
    items = read_labelled(DEV)
    assert len(items) >= 150
    assert {i.kind for i in items} == {"bullet", "answer"}
    result = evaluate(engine, items)
    assert set(CORE) <= set(result.rules)
    for rule_id, score in result.rules.items():
        assert score.f1 >= 0.9 and score.precision >= 0.9, (rule_id, score.to_dict())
    for rule_id in CORE:
        assert result.rules[rule_id].tp >= 10 and result.rules[rule_id].tn >= 10


@pytest.mark.parametrize("path, size", BLIND, ids=[p.stem for p, _ in BLIND])
def test_blind_set_floor(engine: Engine, path: Path, size: int) -> None:
    items = read_labelled(path)
    assert len(items) >= size
    assert {i.kind for i in items} == {"bullet", "answer"}
    result = evaluate(engine, items)
    for rule_id in CORE:
        score = result.rules[rule_id]
        assert score.f1 >= 0.9 and score.precision >= 0.9, (path.name, rule_id, score.to_dict())
        assert score.tp >= 3 and score.tn >= 3, (path.name, rule_id, score.to_dict())


def test_blind_sets_are_mostly_bullets_with_a_third_answers() -> None:
    items = [i for path, _ in BLIND for i in read_labelled(path)]
    share = sum(1 for i in items if i.kind == "answer") / len(items)
    assert 0.25 <= share <= 0.45
    assert len({i.id for i in items}) == len(items)


def test_empty_denominators() -> None:
    assert RuleScore(tn=3).to_dict() == {"tp": 0, "fp": 0, "fn": 0, "tn": 3, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert RuleScore(fn=2).f1 == 0.0
    assert RuleScore(fp=1, tn=1).precision == 0.0
    assert RuleScore(tp=1, fp=1, fn=1).to_dict()["f1"] == 0.5


@pytest.mark.parametrize("line, problem", [
    ('{"id": "a", "kind": "bullet", "text": "x"', "not valid JSON"),
    ('["a"]', "JSON object"),
    ('{"id": "a", "kind": "tweet", "text": "x"}', "'kind'"),
    ('{"id": "a", "kind": "bullet", "text": ""}', "'text'"),
    ('{"id": "a", "kind": "bullet", "text": "x", "expect": "black-box-language"}', "'expect'"),
    ('{"id": "a", "kind": "bullet", "text": "x", "expect": ["r"], "expect_not": ["r"]}', "both"),
])
def test_bad_lines_name_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text('{"id": "ok", "kind": "bullet", "text": "Fine."}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_labelled(path)
    assert f"{path}:2" in str(err.value) and problem in str(err.value)


def test_cli_json_output_shape_and_determinism(tmp_path: Path, run) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(json.dumps(o) for o in [
        {"id": "b1", "kind": "bullet", "text": "Worked on LLM features", "expect": ["black-box-language"]},
        {"id": "a1", "kind": "answer", "text": "We'll retrain when PSI exceeds 0.2 and roll back if recall drops below 90%.",
         "expect_not": ["missing-kill-criteria", "missing-quantification"]},
    ]) + "\n", encoding="utf-8")
    first = run("eval", str(path), "--format", "json")
    second = run("eval", str(path), "--format", "json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert set(data) == {"rules", "items"}
    assert set(data["rules"]) == {"black-box-language", "missing-kill-criteria", "missing-quantification"}
    for score in data["rules"].values():
        assert set(score) == {"tp", "fp", "fn", "tn", "precision", "recall", "f1"}
    assert data["rules"]["black-box-language"]["tp"] == 1
    assert data["rules"]["missing-kill-criteria"]["tn"] == 1
    assert [i["id"] for i in data["items"]] == ["b1", "a1"]
    assert all(set(i) <= {"id", "flagged", "rewrite"} and i["flagged"] == sorted(i["flagged"]) for i in data["items"])
    for i in data["items"]:  # flagged items carry the review's rewrite object, clean ones none
        assert ("rewrite" in i) == bool(i["flagged"])
        if "rewrite" in i:
            assert {"bad", "good", "placeholders"} <= set(i["rewrite"])
    assert "black-box-language" in data["items"][0]["flagged"]


def test_cli_text_output_lists_misjudged_and_min_f1_exit(tmp_path: Path, run) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"id": "x1", "kind": "bullet", "text": "Cut inference cost by 41%.",
                                "expect": ["missing-quantification"]}) + "\n", encoding="utf-8")
    result = run("eval", str(path), "--min-f1", "0.9", "--explain")
    assert result.returncode == 1
    assert "FN missing-quantification" in result.stdout and "x1" in result.stdout
    assert run("eval", str(path)).returncode == 0


def test_cli_bad_jsonl_exits_2_naming_the_line(tmp_path: Path, run) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "a", "kind": "bullet", "text": "x"}\nnot json\n', encoding="utf-8")
    result = run("eval", str(path))
    assert result.returncode == 2
    assert f"{path}:2" in result.stderr and "Traceback" not in result.stderr
    missing = run("eval", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "nope.jsonl" in missing.stderr


def test_cli_golden_at_full_score(run) -> None:
    if not GOLDEN.is_file():
        pytest.skip(f"seed golden set not found at {GOLDEN} (../shared is absent)")
    result = run("eval", str(GOLDEN), "--min-f1", "1.0")
    assert result.returncode == 0, result.stdout
    assert "All 48 items judged as labelled." in result.stdout


def test_rules_command_text_and_json(run) -> None:
    text = run("rules")
    assert text.returncode == 0
    assert any(line.startswith("missing-kill-criteria") and "error" in line for line in text.stdout.splitlines())
    data = json.loads(run("rules", "--format", "json").stdout)
    ids = [r["id"] for r in data["rules"]]
    assert ids == sorted(ids) and set(CORE) <= set(ids)
    assert {"id", "severity", "applies_to", "message"} <= set(data["rules"][0])


def test_explain_command(run) -> None:
    result = run("explain", "missing-trade-off")
    assert result.returncode == 0
    for heading in ("What it does:", "Why it matters:", "Example (flagged):", "Use instead:", "Source:\n  “"):
        assert heading in result.stdout
    unknown = run("explain", "no-such-rule")
    assert unknown.returncode == 2 and "no-such-rule" in unknown.stderr
