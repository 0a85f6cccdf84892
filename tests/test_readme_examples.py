"""The README's examples run as written: its commands, its config snippet and its library example."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
RESUME = "Jo Park\n\nEXPERIENCE\nAcme AI, Product Manager, 2021 - 2024\n- Worked with the ML team to improve search relevance\n"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def critic(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "critic", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=timeout, stdin=subprocess.DEVNULL)


def test_the_quick_start_review_runs_from_the_repository_root() -> None:
    commands = [line for block in blocks("sh") for line in block.splitlines() if "critic review" in line]
    assert commands, "the README shows a `critic review` command"
    target = re.search(r"critic review (\S+)", commands[0])[1]  # type: ignore[index]
    proc = critic("review", target, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stdout.startswith(f"{target}: score ")


@pytest.mark.parametrize("where", [".critic.toml", "pyproject.toml"])
def test_the_config_snippet_is_accepted_as_written(tmp_path: Path, where: str) -> None:
    snippet = next(b for b in blocks("toml") if "[tool.critic]" in b)
    for key in re.findall(r'(?:rule_dirs|lexicon_dirs|rule-dirs|lexicon-dirs)\s*=\s*\["([^"]+)"\]', snippet):
        (tmp_path / key).mkdir(parents=True, exist_ok=True)
    (tmp_path / where).write_text(snippet, encoding="utf-8")
    (tmp_path / "resume.txt").write_text(RESUME, encoding="utf-8")
    proc = critic("review", "resume.txt", "--format", "line", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stderr == ""


def test_the_eval_example_runs_or_says_where_it_looked(tmp_path: Path) -> None:
    line = next(m for m in re.findall(r"`(critic eval [^`]+)`", README) if ".jsonl" in m and "FILE" not in m)
    args = line.split()[1:]
    labelled = ROOT / args[-1]
    if labelled.is_file():  # the labelled seed set sits next to the repository
        proc = critic(*args, cwd=ROOT, timeout=600)
        assert proc.returncode == 0, proc.stderr
        assert "precision" in proc.stdout
    proc = critic(*args, cwd=tmp_path)  # from a folder where the file is not
    assert proc.returncode == 2
    assert proc.stderr == f"critic: error: {args[-1]}: no such file (looked for {(tmp_path / args[-1]).resolve()})\n"


def test_the_limit_options_the_readme_names_exist_on_review() -> None:
    named = set(re.findall(r"`(--(?:max-mb|max-pages|timeout|memory-mb))`", README))
    assert named, "the README names the limit options"
    help_text = critic("review", "--help", cwd=ROOT).stdout
    for option in named:
        assert option in help_text


def test_version_help_and_module_entry_point() -> None:
    assert critic("--version", cwd=ROOT).stdout.startswith("critic, version ")
    for name in ("review", "parse", "rules", "explain", "eval", "batch", "screen", "drill"):
        assert critic(name, "--help", cwd=ROOT).returncode == 0


def test_the_library_example(tmp_path: Path) -> None:
    code = next(b for b in blocks("python") if "critic.review(" in b)
    (tmp_path / "resume.pdf").write_bytes((ROOT / "fixtures" / "resumes" / "sample_resume.pdf").read_bytes())
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert " -> " in proc.stdout


def test_the_pre_commit_hook_runs_its_entry_on_a_file(tmp_path: Path) -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "critic")
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
    entry = hook["entry"].split()
    assert entry[0] == "critic"
    (tmp_path / "resume.md").write_text(RESUME, encoding="utf-8")
    proc = critic(*entry[1:], "resume.md", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert all(re.fullmatch(r"resume\.md:\d+:\d+: (info|warning|error) [a-z-]+ .+", line)
               for line in proc.stdout.splitlines()), proc.stdout
