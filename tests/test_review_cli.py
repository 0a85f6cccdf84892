"""`critic review`: formats, output file, exit codes, config discovery, errors as one line.

Most tests run the real CLI entry point on small text resumes written here, with a stand-in rule engine
so the exit-code logic is pinned whatever the rules say; the end-to-end tests at the bottom use the real
engine on the bundled fixtures.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import critic.api
from critic.cli import main
from critic.config import Config
from critic.engine import Engine

REPO = Path(__file__).resolve().parents[1]

RESUME = """Jane Doe

EXPERIENCE
Acme AI, Product Manager, 2021 - 2024
- Worked with the ML team to improve search relevance
- Cut p95 latency from 900 ms to 400 ms by caching embeddings.
- Launched the assistant and monitored it.
"""
CLEAN = """Sam Roe

EXPERIENCE
Beta Labs, Product Manager, 2020 - 2023
- Cut p95 latency from 900 ms to 400 ms by caching embeddings.
"""


def _rule(rule_id: str, severity: str, phrase: str) -> str:
    """A small rule: `phrase` flags an item, unless it holds a placeholder or a baseline (as a rewrite does)."""
    return f"""\
id: {rule_id}
applies_to: [bullet, summary, answer]
severity: {severity}
message: {rule_id} message
description: Why {rule_id} matters.
detection:
  kind: existence
  match:
    - {{phrase: {phrase}}}
  guards:
    - {{regex: "\\\\[|baseline"}}
confidence: 0.9
rewrite:
  action: append
  template: ", moving [metric] from [baseline] to [X]"
  placeholders:
    - {{text: "[metric]", question: "Which number?", sample: CTR}}
    - {{text: "[baseline]", question: "From?", sample: "2%"}}
    - {{text: "[X]", question: "To?", sample: "3%"}}
  example: {{bad: "Shipped it.", good: "Shipped it, moving [metric] from [baseline] to [X]."}}
examples:
  flag: [one {phrase}, two {phrase}, three {phrase}]
  pass: [one, two, three]
source: seed
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """'worked with' -> black-box-language (error); 'monitored' -> missing-kill-criteria (warning); nothing at
    document level."""
    root = tmp_path_factory.mktemp("rules") / "stand-in"
    root.mkdir()
    for rule_id, severity, phrase in (("black-box-language", "error", "worked with"),
                                      ("missing-kill-criteria", "warning", "monitored")):
        (root / f"{rule_id}.yaml").write_text(_rule(rule_id, severity, phrase), encoding="utf-8")
    return root.parent


def pack_engine(pack: Path, cfg: Config) -> Engine:
    """A real engine over the pack alone, set up from cfg as critic.api.engine_for would."""
    return Engine(rule_dirs=[pack], builtin_rules=False, select=cfg.select, ignore=cfg.ignore,
                  severity=dict(cfg.severity) or None)


@pytest.fixture
def stub(monkeypatch, pack):
    monkeypatch.setattr(critic.api, "engine_for", lambda cfg: pack_engine(pack, cfg))


@pytest.fixture
def files(tmp_path):
    (tmp_path / "resume.txt").write_text(RESUME, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["critic", "review", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), out, err


# ---------------------------------------------------------------------------------------------- exit codes


def test_exit_1_on_error_finding_by_default(stub, files, monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, str(files / "resume.txt"))
    assert code == 1 and err == ""
    assert "black-box-language" in out and "TOP 2 EDITS" in out


def test_exit_0_when_clean(stub, files, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, str(files / "clean.txt"))
    assert code == 0
    assert "No weak items found" in out


@pytest.mark.parametrize(("args", "expected"), [
    (["--fail-on", "none"], 0),
    (["--fail-on", "warning", "--ignore", "black-box-language"], 1),
    (["--fail-on", "error", "--ignore", "black-box-language"], 0),
    (["--fail-on", "info"], 1),
    (["--min-severity", "error", "--fail-on", "warning", "--ignore", "black-box-language"], 0),
])
def test_fail_on_levels(stub, files, monkeypatch, capsys, args, expected):
    code, _, _ = run(monkeypatch, capsys, str(files / "resume.txt"), *args)
    assert code == expected


def test_missing_file_is_one_line_and_other_files_still_run(stub, files, monkeypatch, capsys):
    missing = files / "nope.pdf"
    code, out, err = run(monkeypatch, capsys, str(missing), str(files / "clean.txt"), "--format", "line")
    assert code == 2
    assert err == f"critic: error: {missing}: no such file\n"
    assert out == ""  # clean.txt has no findings: nothing to list
    code, out, err = run(monkeypatch, capsys, str(files / "resume.txt"), str(missing), "--format", "json")
    assert code == 2 and err.count("\n") == 1
    assert json.loads(out)["source"] == str(files / "resume.txt")


def test_usage_errors_exit_2(stub, files, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "pdf")
    assert code == 2 and "Invalid value for '--format'" in err
    code, _, err = run(monkeypatch, capsys, str(files / "resume.txt"), "--select", "no-such-rule")
    assert code == 2 and "unknown rule 'no-such-rule'" in err
    code, _, err = run(monkeypatch, capsys)
    assert code == 2 and "Missing argument" in err


# ---------------------------------------------------------------------------------------------- formats, output


@pytest.mark.parametrize("fmt", ["text", "line", "json", "markdown", "html"])
def test_every_format_renders_and_is_deterministic(stub, files, monkeypatch, capsys, fmt):
    args = [str(files / "resume.txt"), str(files / "clean.txt"), "--format", fmt]
    code, first, _ = run(monkeypatch, capsys, *args)
    _, second, _ = run(monkeypatch, capsys, *args)
    assert code == 1 and first == second and first.endswith("\n")
    assert "\x1b[" not in first  # piped output is plain


def test_line_format_fields(stub, files, monkeypatch, capsys):
    _, out, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "line")
    lines = out.splitlines()
    assert len(lines) == 2
    match = re.fullmatch(r"(.+):(\d+):(\d+): (\w+) ([a-z-]+) (.+)", lines[0])
    assert match, lines[0]
    path, line, col, severity, rule, message = match.groups()
    assert path == str(files / "resume.txt") and (line, col) == ("5", "1")  # the bullet's source line
    assert (severity, rule, message) == ("error", "black-box-language", "black-box-language message")


def test_output_file(stub, files, monkeypatch, capsys):
    target = files / "out" / "report.html"
    target.parent.mkdir()
    code, out, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "html", "-o", str(target))
    assert code == 1 and out == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "black-box-language" in page


def test_explain_adds_evidence(stub, files, monkeypatch, capsys):
    _, out, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--explain", "--format", "json")
    items = json.loads(out)["items"]
    finding = next(i for i in items if i["text"].startswith("Worked with"))["findings"][0]
    assert finding["evidence"][0] == {"kind": "match", "text": "Worked with", "start": 0, "end": 11,
                                      "source": "phrase:worked with"}


# ---------------------------------------------------------------------------------------------- config


def test_config_found_next_to_the_input(stub, files, monkeypatch, capsys):
    (files / ".critic.toml").write_text('ignore = ["black-box-language"]\nfail-on = "warning"\n')
    code, out, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "line")
    assert code == 1
    assert "black-box-language" not in out and "missing-kill-criteria" in out
    code, _, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--fail-on", "error")
    assert code == 0  # the command line beats the config


def test_bad_config_is_one_line_exit_2(stub, files, monkeypatch, capsys):
    (files / ".critic.toml").write_text('fail_on = "warning"\ncolour = true\n')
    code, out, err = run(monkeypatch, capsys, str(files / "resume.txt"))
    assert code == 2 and out == ""
    assert err.startswith("critic: error: ") and err.count("\n") == 1
    assert str(files / ".critic.toml") in err and "colour: unknown key" in err
    code, _, err = run(monkeypatch, capsys, str(files / "resume.txt"), "--config", str(files / "none.toml"))
    assert code == 2 and "config file not found" in err


# ---------------------------------------------------------------------------------------------- end to end


def _fixture_pdf() -> Path:
    pdf = REPO / "fixtures" / "resumes" / "sample_resume.pdf"
    if not pdf.is_file():
        pytest.skip(f"fixture {pdf.name} not found")
    return pdf


def test_end_to_end_real_engine_every_format(tmp_path):
    pytest.importorskip("critic.engine", reason="the rule engine (critic.engine) is not available")
    pdf = _fixture_pdf()
    for fmt in ("text", "line", "json", "markdown", "html"):
        target = tmp_path / f"report.{fmt}"
        proc = subprocess.run([sys.executable, "-m", "critic", "review", str(pdf), "--format", fmt,
                               "-o", str(target), "--fail-on", "none"],
                              capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""
        assert target.stat().st_size > 200
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == "1.2" and 0 <= data["score"] <= 100
    assert data["items"] and all(re.fullmatch(r"[a-z]+", i["kind"]) for i in data["items"])


COACH_RULE = """id: no-team-size
applies_to: [bullet]
severity: error
message: Say how many people you led.
description: |
  A coach's house rule: leadership claims name the team size.
detection:
  kind: existence
  match:
    - {regex: '(?i)\\bled a team\\b', label: "led a team"}
  guards:
    - {regex: '\\d', label: "a number"}
rewrite:
  action: replace-match
  template: "led a team of [N]"
  placeholders:
    - {text: "[N]", question: "How many people?", sample: "6"}
  example: {bad: "Led a team on search.", good: "Led a team of [N] on search."}
examples:
  flag: ["Led a team on search.", "I led a team for onboarding.", "Led a team through the migration."]
  pass: ["Led a team of 6 on search.", "Owned the roadmap.", "Cut cost by 12%."]
source: "coach handbook"
"""


def test_coach_rule_pack_from_config_end_to_end(tmp_path):
    pytest.importorskip("critic.engine", reason="the rule engine (critic.engine) is not available")
    (tmp_path / "pack" / "rules").mkdir(parents=True)
    (tmp_path / "pack" / "rules" / "no-team-size.yaml").write_text(COACH_RULE, encoding="utf-8")
    (tmp_path / ".critic.toml").write_text('rule-dirs = ["pack/rules"]\nselect = ["no-team-size"]\n')
    resume = tmp_path / "resume.md"
    resume.write_text("# Experience\n\n- Led a team on the search relaunch\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "critic", "review", str(resume), "--format", "json"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    flagged = [i for i in data["items"] if i["findings"]]
    assert [f["rule"] for f in flagged[0]["findings"]] == ["no-team-size"]
    assert flagged[0]["rewrite"]["good"] == "Led a team of [N] on the search relaunch."
    assert data["rules"]["no-team-size"]["why"] == "A coach's house rule: leadership claims name the team size."


# ---------------------------------------------------------------------------------------------- conventions


def test_select_and_ignore_take_comma_lists(stub, files, monkeypatch, capsys):
    _, out, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "line",
                    "--select", "black-box-language,missing-kill-criteria")
    assert "black-box-language" in out and "missing-kill-criteria" in out
    code, out, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "line",
                       "--ignore", "black-box-language, missing-kill-criteria")
    assert code == 0 and out == ""
    code, _, err = run(monkeypatch, capsys, str(files / "resume.txt"), "--select", "black-box-language,nope")
    assert code == 2 and "unknown rule 'nope'" in err


def test_min_severity_hides_findings_but_keeps_the_score(stub, files, monkeypatch, capsys):
    _, full, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "json")
    _, hidden, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "json", "--min-severity", "error")
    full_doc, hidden_doc = json.loads(full), json.loads(hidden)
    assert hidden_doc["score"] == full_doc["score"]
    rules = {f["rule"] for i in hidden_doc["items"] for f in i["findings"]}
    assert rules == {"black-box-language"}


def test_dash_reads_standard_input(stub, files, monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RESUME.encode("utf-8"))))
    code, out, _ = run(monkeypatch, capsys, "-", "--format", "line")
    assert code == 1
    assert out.startswith("<stdin>:5:1: error black-box-language ")


def test_a_folder_is_reviewed_file_by_file(stub, files, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, str(files), "--format", "json")
    sources = sorted(Path(r["source"]).name for r in json.loads(out))
    assert sources == ["clean.txt", "resume.txt"] and code == 1


def test_inline_suppression_drops_the_finding_and_rescores(stub, files, monkeypatch, capsys):
    marked = RESUME.replace("search relevance", "search relevance  # critic: ignore[black-box-language]")
    (files / "marked.md").write_text(marked, encoding="utf-8")
    (files / "comment.md").write_text(
        RESUME.replace("search relevance", "search relevance <!-- critic: ignore -->"), encoding="utf-8")
    _, before, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "json")
    for name in ("marked.md", "comment.md"):
        code, after, _ = run(monkeypatch, capsys, str(files / name), "--format", "json")
        doc = json.loads(after)
        assert {f["rule"] for i in doc["items"] for f in i["findings"]} == {"missing-kill-criteria"}
        assert doc["score"] > json.loads(before)["score"]
        assert not any("critic:" in i["text"] for i in doc["items"])


def test_max_items_cuts_and_says_so(stub, files, monkeypatch, capsys):
    many = RESUME + "".join(f"- Shipped release {n} of the search bar\n" for n in range(30))
    (files / "many.txt").write_text(many, encoding="utf-8")
    _, out, _ = run(monkeypatch, capsys, str(files / "many.txt"), "--format", "json", "--max-items", "5")
    doc = json.loads(out)
    assert len(doc["items"]) == 5
    assert any("only the first 5 items were judged" in w for w in doc["warnings"])


class SlowEngine(Engine):
    def check_document(self, doc, contexts=None):
        import time

        time.sleep(30)
        return {}, []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the review time limit needs a forked child")
def test_the_review_itself_has_a_time_limit(files, pack, monkeypatch, capsys):
    monkeypatch.setattr(critic.api, "engine_for", lambda cfg: SlowEngine(rule_dirs=[pack], builtin_rules=False))
    code, out, err = run(monkeypatch, capsys, str(files / "resume.txt"), "--timeout", "1")
    assert code == 2 and out == ""
    assert err == f"critic: error: {files / 'resume.txt'}: reviewing took longer than the time limit of 1 s " \
                  "(a malformed or hostile file?)\n"


def test_escape_sequences_in_text_and_names_are_not_printed(stub, files, monkeypatch, capsys):
    hostile = files / "evil\x1b]0;owned\x07name.txt"
    hostile.write_text(RESUME.replace("search relevance", "search \x1b[2J\x1b]8;;http://x\x07relevance\u202e"),
                       encoding="utf-8")
    for fmt in ("text", "line", "github"):
        _, out, _ = run(monkeypatch, capsys, str(hostile), "--format", fmt)
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
        assert "evil" in out and "owned" not in out.replace("evilname", "")
    _, _, err = run(monkeypatch, capsys, str(files / "gone\x1b[31m.txt"))
    assert "\x1b" not in err


def test_no_color_is_honoured(monkeypatch):
    from critic.commands.review import use_colour

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(None, True) and not use_colour(None, False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(None, True)
    assert use_colour(True, True)  # an explicit --color wins


def _check_sarif(log: dict) -> None:
    """The SARIF 2.1.0 structure a consumer needs (the schema's required properties and enums)."""
    assert log["version"] == "2.1.0" and "sarif-schema-2.1.0" in log["$schema"]
    assert isinstance(log["runs"], list) and log["runs"]
    for run_ in log["runs"]:
        driver = run_["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        ids = [r["id"] for r in driver["rules"]]
        assert len(ids) == len(set(ids))
        for rule in driver["rules"]:
            assert set(rule) <= {"id", "shortDescription", "fullDescription", "defaultConfiguration", "help"}
            assert isinstance(rule["shortDescription"]["text"], str)
        for result in run_["results"]:
            assert isinstance(result["message"]["text"], str) and result["message"]["text"]
            assert result["level"] in ("none", "note", "warning", "error")
            assert ids[result["ruleIndex"]] == result["ruleId"]
            for loc in result["locations"]:
                phys = loc["physicalLocation"]
                assert isinstance(phys["artifactLocation"]["uri"], str)
                assert phys["region"]["startLine"] >= 1 and phys["region"]["startColumn"] >= 1


def test_sarif_output(stub, files, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, str(files / "resume.txt"), "--format", "sarif")
    log = json.loads(out)
    _check_sarif(log)
    results = log["runs"][0]["results"]
    assert code == 1 and [(r["ruleId"], r["level"]) for r in results] == [
        ("black-box-language", "error"), ("missing-kill-criteria", "warning")]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5


def test_github_annotations_are_escaped(stub, files, monkeypatch, capsys):
    odd = files / "a,b:c%.txt"
    odd.write_text(RESUME, encoding="utf-8")
    _, out, _ = run(monkeypatch, capsys, str(odd), "--format", "github")
    first = out.splitlines()[0]
    assert first.startswith("::error file=") and "a%2Cb%3Ac%25.txt,line=5,col=1," in first
    assert first.endswith("::black-box-language message")


def test_a_one_megabyte_bullet_is_not_judged_and_is_reported(tmp_path):
    pytest.importorskip("critic.engine", reason="the rule engine (critic.engine) is not available")
    resume = tmp_path / "long.txt"
    resume.write_text(RESUME + "- Led the launch of search " + "and more words " * 70000 + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "critic", "review", str(resume), "--format", "json"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    warnings = json.loads(proc.stdout)["warnings"]
    assert any("longer than 20,000 characters not judged" in w for w in warnings)
