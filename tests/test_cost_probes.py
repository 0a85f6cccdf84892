"""The cost-math check on spoken cost answers: every wrong total caught, no right one flagged.

tests/data/cost_probes_invented.jsonl holds invented answers, one per class of mistake (a per-1K price
applied per token, output priced at the input rate, 300 days a year, QPS x 3,600, cents read as dollars,
nodes counted as GPUs, an annual total called monthly, a bad addition, a side forgotten) beside right
answers in the same forms. The dev probes in ../shared/eval are checked the same way when present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import critic.costmath.rule  # noqa: F401  (registers the cost-math rule kind)
from critic.costmath import analyse, extract
from critic.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
INVENTED = ROOT / "tests" / "data" / "cost_probes_invented.jsonl"
DEV = ROOT.parent / "shared" / "eval" / "cost_probes_dev.jsonl"


def _probes(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _flagged(engine: Engine, text: str) -> bool:
    return any(f.rule == "cost-math" for f in engine.check([(text, "answer")])[0])


@pytest.mark.parametrize("probe", _probes(INVENTED), ids=lambda p: p["id"])
def test_invented_probes(engine: Engine, probe: dict) -> None:
    assert _flagged(engine, probe["text"]) == (not probe["is_right"]), probe["class"]


def test_invented_probes_cover_both_outcomes() -> None:
    probes = _probes(INVENTED)
    assert sum(p["is_right"] for p in probes) >= 15 and sum(not p["is_right"] for p in probes) >= 15


def test_dev_probes(engine: Engine) -> None:
    if not DEV.exists():
        pytest.skip(f"dev cost probes not found at {DEV} (../shared is absent)")
    probes = _probes(DEV)
    missed = [p["id"] for p in probes if not p["is_right"] and not _flagged(engine, p["text"])]
    false = [p["id"] for p in probes if p["is_right"] and _flagged(engine, p["text"])]
    assert not missed and not false, (missed, false)


def _note(text: str) -> str:
    return "; ".join(v.explanation() for v in analyse(text).verdicts)


def test_the_recomputation_is_shown() -> None:
    note = _note("Three nodes with eight H100s each at $2.50 per GPU-hour, around the clock, is $5,475 a month.")
    assert note.startswith("should be about $43,800 a month: (3 nodes × 8 GPUs) × $2.50 per GPU-hour × 24 hours/day")
    note = _note("Input costs $100 a day plus $80 for output, so $280 a day.")
    assert "should be about $180 a day: $100 + $80 = $180 a day" in note
    note = _note("At 20 queries per second, that's 72,000 queries a day.")
    assert "should be about 1,728,000 queries a day: 20 queries/second × 86,400 seconds" in note


def test_a_total_that_forgets_a_side_is_wrong_and_a_side_total_is_not() -> None:
    base = ("Each call has 1,000 input tokens and 200 output tokens at $1 per million input tokens and $4 per million "
            "output tokens; at 100,000 calls a day ")
    assert analyse(base + "that's $100 a day.").wrong
    assert not analyse(base + "input costs $100 a day and output $80 a day, $180 a day in all.").wrong


@pytest.mark.parametrize("text, role, value", [
    ("about 300,000 a day", "volume", 300_000),
    ("9M a month", "volume", 9e6 / (365 / 12)),
    ("1,200 input and 300 output tokens", "tokens", 1200),
    ("a tenth of a cent per thousand tokens", "token-price", 0.001 / 1000),
    ("175 grand a year", "total", 175_000),
    ("one point two million dollars a year", "total", 1_200_000),
    ("$2 per GPU-hour", "gpu-price", 2),
    ("16 A100s", "gpus", 16),
    ("running 8 hours a day", "hours", 8),
    ("50,000 employees", "users", 50_000),
])
def test_spoken_forms_are_read(text: str, role: str, value: float) -> None:
    assert [q.value for q in extract(text) if q.role == role][:1] == [pytest.approx(value)]


def test_a_bare_volume_yields_to_a_counted_one() -> None:
    assert [q.text for q in extract("500k chats a day, about 300,000 a day on weekends") if q.role == "volume"] == [
        "500k chats a day"]


def test_a_volume_per_user_needs_the_users() -> None:
    assert analyse("Each user sends 20 messages a day, 500 tokens a message, $1 per million tokens: $10 a day.").wrong == []
    assert analyse("10,000 users send 20 messages a day each, 500 tokens a message, $1 per million tokens: "
                   "$10 a day.").wrong
