"""The cost check sits below the rule engine and reads numbers with the vocabulary critic.numbers uses."""

from __future__ import annotations

import subprocess
import sys

import pytest

from critic import numbers
from critic.engine.kinds.function import FUNCTION_MODULES
from critic.spoken_numbers import parse_amount


def test_the_cost_check_imports_nothing_of_the_engine_or_the_answers_package() -> None:
    code = ("import sys, critic.costmath; "
            "print(sorted(m for m in sys.modules if m.startswith(('critic.engine', 'critic.answers'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_engine_registers_the_cost_kind_without_the_answers_package() -> None:
    assert "critic.costmath.rule" in FUNCTION_MODULES
    assert not any(m.startswith("critic.answers") for m in FUNCTION_MODULES)


@pytest.mark.parametrize("word", sorted(w for w in numbers._NUMBER_WORDS if w != "zero"))
def test_every_number_word_of_the_classifier_reads_as_its_value(word: str) -> None:
    phrase = f"a {word}" if word in ("hundred", "dozen", "thousand", "million", "billion") else word
    assert parse_amount(phrase) == numbers._NUMBER_WORDS[word]
