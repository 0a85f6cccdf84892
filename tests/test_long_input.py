"""Inputs past spaCy's 1,000,000-character limit end in a clear message or a bounded review, never a
traceback: a one-megabyte drill answer, a one-megabyte line on a screened page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from critic.answers.drill import load_bank, read_answers
from critic.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
LONG = "and then more words " * 60000  # 1.2 million characters


def test_a_megabyte_drill_answer_is_refused_in_one_line(tmp_path: Path) -> None:
    bank = load_bank()
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({bank[0].id: "I decided to launch. " + LONG}), encoding="utf-8")
    with pytest.raises(InputError, match="characters; the most critic judges is 60,000"):
        read_answers(path, bank)


def test_the_screen_reads_a_page_with_a_megabyte_line(tmp_path: Path) -> None:
    resume = tmp_path / "long.txt"
    resume.write_text("Jo Park\nProduct Manager\n\nEXPERIENCE\nAcme, PM, 2021 - 2024\n- Led the launch of search "
                      + LONG + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "critic", "screen", str(resume), "--format", "json", "--no-score"],
                          capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0 and json.loads(proc.stdout)


def test_a_megabyte_answer_typed_into_the_drill_ends_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "critic", "drill", "--question", load_bank()[0].id], input="I decided. " + LONG + "\n\n",
                          capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 2 and "the most critic judges is 60,000" in proc.stderr
