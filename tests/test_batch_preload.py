"""The fork server's preload: spaCy imported without its command-line interface, with a safe fallback."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path


def _run(code: str, *, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(path), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, timeout=120)


def test_spacy_loads_without_its_cli_and_still_tokenizes() -> None:
    proc = _run("""
        import sys
        import critic.batch.preload as preload
        import spacy
        assert preload.LIGHT_SPACY is True
        assert "spacy.cli" not in sys.modules and "requests" not in sys.modules
        assert [t.text for t in spacy.blank("en")("Cut cost 30%.")] == ["Cut", "cost", "30", "%", "."]
        from spacy.cli.info import info  # the real CLI still imports on demand
        assert callable(info)
        print("ok")
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_falls_back_to_a_normal_import_when_spacy_needs_more_from_its_cli(tmp_path: Path) -> None:
    fake = tmp_path / "spacy"
    (fake / "cli").mkdir(parents=True)
    (fake / "__init__.py").write_text("from .cli.info import info, extra\n")
    (fake / "cli" / "__init__.py").write_text("")
    (fake / "cli" / "info.py").write_text("info = 'real info'\nextra = 'real extra'\n")
    proc = _run("""
        import critic.batch.preload as preload
        import spacy
        assert preload.LIGHT_SPACY is False
        assert (spacy.info, spacy.extra) == ("real info", "real extra")
        print("ok")
    """, path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
