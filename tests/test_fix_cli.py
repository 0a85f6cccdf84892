"""`critic fix`: the interactive walk (driven through click's CliRunner input), the answers file and its
template, output formats, exit codes, and bad input as one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from critic.cli import cli
from critic.fix.session import open_session

REPO = Path(__file__).resolve().parents[1]
RESUME = """# Ada Quill

## Experience

### Product Manager — Hexfield
*2021 – Present*

- Worked with the ML team to improve search relevance for shoppers
- Cut p95 latency from 900 ms to 400 ms by caching embeddings, accepting results up to 10 minutes stale
"""


@pytest.fixture()
def resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "ada.md"
    path.write_text(RESUME, encoding="utf-8")
    return path


def _typed(answers: dict[str, str]) -> str:
    return "".join(f"{v}\n" for v in answers.values())


def test_interactive_walk_answers_rechecks_and_writes(resume: Path) -> None:
    session = open_session(resume)
    first = session.edits[0]
    samples = {p.text: p.sample for p in dict.fromkeys(first.rewrite.placeholders)}
    typed = _typed(samples) + "a\n" + "q\n" * 50
    result = CliRunner().invoke(cli, ["fix", str(resume)], input=typed)
    assert "BAD   " + first.result.item.text in result.output
    for p in first.rewrite.placeholders:
        assert p.question in result.output
    assert "✓ clears" in result.output
    out = Path("ada.improved.md").read_text(encoding="utf-8")
    filled = next(line for line in result.output.splitlines() if line.startswith("  NEW   "))[8:]
    assert f"- {filled}\n" in out and first.result.item.text not in out
    log = Path("ada.improved.md.changes.md").read_text(encoding="utf-8")
    assert f"- Before: {first.result.item.text}" in log and f"- After: {filled}" in log
    assert result.exit_code == (0 if len(session.edits) == 1 else 1)


def test_interactive_says_why_and_asks_again_then_edit_wording(resume: Path) -> None:
    session = open_session(resume)
    first = session.edits[0]
    blanks = "\n" * len(dict.fromkeys(first.rewrite.placeholders))
    # nothing answered: it says what is missing; then the person writes the bullet themselves, inventing
    # nothing, and accepts; then quits
    own = "Chose the ranking model for shoppers with the ML team over a cheaper one, accepting 10 minutes of lag"
    typed = blanks + "e\n" + own + "\n"
    result = CliRunner().invoke(cli, ["fix", str(resume)], input=typed + "a\n" + "q\n" * 50)
    assert "✗ still to answer:" in result.output
    assert f"  NEW   {own}" in result.output
    assert "✓ clears black-box-language" in result.output
    assert f"- {own}\n" in Path("ada.improved.md").read_text(encoding="utf-8")


def test_interactive_skip_leaves_the_bullet(resume: Path) -> None:
    session = open_session(resume)
    blanks = "\n" * len(dict.fromkeys(session.edits[0].rewrite.placeholders))
    result = CliRunner().invoke(cli, ["fix", str(resume)], input=(blanks + "s\n") * len(session.edits))
    assert result.exit_code == 1 and "(0 of" in result.output
    assert Path("ada.improved.md").read_text(encoding="utf-8") == RESUME


def test_answers_template_then_answers_file(resume: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    result = CliRunner().invoke(cli, ["fix", str(resume), "--answers", str(answers)])
    assert result.exit_code == 1 and f"wrote {answers}" in result.output
    template = answers.read_text(encoding="utf-8")
    entries = yaml.safe_load(template)
    session = open_session(resume)
    assert [e["item"] for e in entries] == [e.result.item.id for e in session.edits]
    for e in session.edits:
        for p in e.rewrite.placeholders:
            assert f"# {p.question}" in template
    first = session.edits[0]
    entries[0]["answers"] = {p.text: p.sample for p in first.rewrite.placeholders}
    answers.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["fix", str(resume), "--answers", str(answers), "-o", "out.json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(Path("out.json").read_text(encoding="utf-8"))
    assert data["basics"]["name"] == "Ada Quill"
    highlights = data["work"][0]["highlights"]
    assert first.result.item.text not in highlights and len(highlights) == 2


def test_answer_that_fails_the_recheck_is_not_applied(resume: Path, tmp_path: Path) -> None:
    session = open_session(resume)
    first = session.edits[0]
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump([{"item": first.result.item.id, "bad": first.result.item.text,
                                        "answers": {first.rewrite.placeholders[0].text: "Worked"}},
                                       {"item": "nope-9", "answers": {"[x]": "y"}}]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["fix", str(resume), "--answers", str(answers)])
    assert result.exit_code == 1
    # "Worked with ..." is the weak phrasing itself, or a slot is left open: either way it is not applied
    assert f"{first.result.item.id}: not applied: still" in result.output
    assert "nope-9: not applied: no raised item with this id" in result.output
    assert first.result.item.text in Path("ada.improved.md").read_text(encoding="utf-8")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "critic", "fix", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=300)


@pytest.mark.parametrize("content, problem", [
    ("- item: [unclosed\n", "not valid YAML at line 2"),
    ("item: x\n", "expected a list of items (- item: ID ...), as in the template"),
    ("- answers: {}\n", "entry 1: expected a mapping with an 'item' id"),
])
def test_bad_answers_file_is_one_line_exit_2(resume: Path, tmp_path: Path, content: str, problem: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    r = _run(str(resume), "--answers", str(bad), cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr == f"critic: error: {bad}: {problem}\n"


def test_missing_or_broken_input_is_one_line_exit_2(tmp_path: Path) -> None:
    r = _run("nothere.pdf", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (2, "critic: error: nothere.pdf: no such file\n")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    r = _run(str(broken), cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith(f"critic: error: {broken}: ") and len(r.stderr.splitlines()) == 1
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr.replace("critic: error:", "")


def test_pdf_to_docx_from_the_command_line(tmp_path: Path) -> None:
    sample = REPO / "fixtures" / "resumes" / "sample_resume.pdf"
    session = open_session(sample)
    first = session.edits[0]
    given = {p.text: p.sample for p in first.rewrite.placeholders}
    expected, check = session.check(first.result.item.id, given)
    assert check.ok, check.reason
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump([{"item": first.result.item.id, "answers": given}]))
    r = _run(str(sample), "--answers", str(answers), "--format", "docx", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith(f"wrote sample_resume.improved.docx (1 of {len(session.edits)} bullet(s) improved)")
    import docx

    text = [p.text for p in docx.Document(str(tmp_path / "sample_resume.improved.docx")).paragraphs]
    assert first.result.item.text not in text and expected in text


def test_a_transcript_is_refused_as_one_line(tmp_path: Path) -> None:
    transcript = tmp_path / "interview.txt"
    transcript.write_text("Interviewer: Tell me about a model you shipped.\n"
                          "Candidate: We worked with the ML team to ship a ranking model.\n"
                          "Interviewer: What did you trade off?\n"
                          "Candidate: We chose speed over recall.\n", encoding="utf-8")
    r = _run(str(transcript), cwd=tmp_path)
    assert (r.returncode, r.stderr) == (2, f"critic: error: {transcript}: an interview transcript: fix improves "
                                           "resumes (practise answers with `critic drill`)\n")
