"""`critic review` start-up: the parse child runs while the engine is built; spaCy without its CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from critic.errors import InputError
from critic.parse import parse, start_parse
from critic.parse.sandbox import Limits, can_sandbox, start_limited

ROOT = Path(__file__).resolve().parents[1]
needs_fork = pytest.mark.skipif(not can_sandbox(), reason="the sandbox child needs fork (Linux)")


def _quick(x: int) -> int:
    return x * 2


def _spin() -> None:
    while True:
        pass


@needs_fork
def test_a_result_sent_in_time_is_kept_however_late_it_is_read() -> None:
    finish = start_limited(_quick, 21, source="f.pdf", limits=Limits(timeout_s=1))
    time.sleep(1.5)  # the caller was busy past the time limit; the child had answered long before
    assert finish() == 42


@needs_fork
def test_a_child_still_busy_at_the_limit_is_stopped() -> None:
    finish = start_limited(_spin, source="slow.pdf", limits=Limits(timeout_s=1))
    with pytest.raises(InputError, match="longer than the time limit of 1 s"):
        finish()


def test_start_parse_gives_what_parse_gives(tmp_path: Path) -> None:
    sample = ROOT / "fixtures" / "resumes" / "plain_text.txt"
    pending = start_parse(sample)
    assert pending().to_dict() == parse(sample).to_dict()
    with pytest.raises(InputError, match="no such file"):
        start_parse(tmp_path / "missing.pdf")


def test_review_process_loads_spacy_without_its_cli() -> None:
    code = textwrap.dedent(f"""
        import sys
        sys.argv = ["critic", "review", {str(ROOT / "fixtures" / "resumes" / "plain_text.txt")!r}]
        from critic.cli import main
        try:
            main()
        except SystemExit:
            pass
        print("CHECK", "spacy" in sys.modules, "spacy.cli" in sys.modules, "requests" in sys.modules,
              file=sys.stderr)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert "CHECK True False False" in proc.stderr, proc.stderr[-2000:]
    assert "Score" in proc.stdout or "score" in proc.stdout


def test_yaml_parsed_ahead_is_what_load_gives_and_is_given_once(tmp_path: Path) -> None:
    from critic import yamlio

    (tmp_path / "a.yaml").write_text("id: a\nwords: [x, y]\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("- 1\n- two\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("id: c\n", encoding="utf-8")
    parsed = yamlio.parse_files([tmp_path, tmp_path / "missing"])
    assert parsed == {"id: a\nwords: [x, y]\n": {"id": "a", "words": ["x", "y"]}, "- 1\n- two\n": [1, "two"]}
    yamlio.use_parsed({"id: a\n": {"id": "from ahead"}})
    try:
        assert yamlio.load("id: a\n") == {"id": "from ahead"}
        assert yamlio.load("id: a\n") == {"id": "a"}  # given once; later loads parse the text again
    finally:
        yamlio._AHEAD.clear()
    with pytest.raises(yamlio.YAMLError):
        yamlio.load((tmp_path / "bad.yaml").read_text(encoding="utf-8"))
