"""`critic batch` end to end on a mixed cohort: real resumes, transcripts and broken files.

The cohort is assembled at test time from fixtures/resumes, fixtures/broken, fixtures/transcripts and the
invented people in fixtures/cohort (no binary is duplicated in the repo).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
BROKEN = ["encrypted.pdf", "truncated.docx", "empty.txt", "binary.txt", "jsonresume_wrong_types.json"]
TRANSCRIPTS = ["qa.txt", "zoom.vtt", "otter.txt", "malformed.srt"]
COHORT_FILES = ["priya_raman_resume.md", "marco-delgado.txt", "sam_whitfield.json", "interview_lena_okafor.md"]


def critic(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "critic", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=600)


def expected_errors() -> dict[str, str]:
    out = {}
    for line in (FIXTURES / "broken" / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, phrase = line.split("\t")[:2]
            out[name] = phrase
    return out


def build_cohort(dest: Path) -> list[str]:
    """Copy a mixed cohort into dest/cohort; returns the labels critic batch will show."""
    cohort = dest / "cohort"
    (cohort / "transcripts").mkdir(parents=True)
    (cohort / "broken").mkdir()
    resumes = sorted(p for p in (FIXTURES / "resumes").iterdir() if p.is_file())
    if not resumes:
        pytest.skip("fixtures/resumes is empty")
    for p in resumes:
        shutil.copy(p, cohort / p.name)
    for name in COHORT_FILES:
        shutil.copy(FIXTURES / "cohort" / name, cohort / name)
    for name in BROKEN:
        shutil.copy(FIXTURES / "broken" / name, cohort / "broken" / name)
    for name in TRANSCRIPTS:
        shutil.copy(FIXTURES / "transcripts" / name, cohort / "transcripts" / name)
    return sorted(p.relative_to(dest).as_posix() for p in cohort.rglob("*") if p.is_file())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """First run over the cohort, then a re-run after one file lost a flagged bullet (with --compare)."""
    base = tmp_path_factory.mktemp("batch")
    labels = build_cohort(base)
    first = critic("batch", "cohort", "-o", "out", "-j", "2", "--no-progress", cwd=base)
    first_records = read_jsonl(base / "out" / "cohort.jsonl")
    (base / "prev").mkdir()
    shutil.copy(base / "out" / "cohort.jsonl", base / "prev" / "cohort.jsonl")

    # drop one flagged bullet of the Markdown resume
    target = "cohort/priya_raman_resume.md"
    rec = next(r for r in first_records if r["file"] == target)
    path = base / target
    lines = path.read_text(encoding="utf-8").splitlines()
    flagged = [f for f in rec["findings"] if f"- {f['text']}" in lines]
    assert flagged, "the Markdown fixture has a flagged single-line bullet"
    removed_text = flagged[0]["text"]
    path.write_text("\n".join(line for line in lines if line != f"- {removed_text}") + "\n", encoding="utf-8")
    second = critic("batch", "cohort", "-o", "out", "-j", "2", "--no-progress", "--compare", "prev", cwd=base)
    return {"base": base, "labels": labels, "first": first, "first_records": first_records, "second": second,
            "target": target, "removed_text": removed_text, "removed_rules": sorted(
                f["rule"] for f in rec["findings"] if f["text"] == removed_text)}


def test_a_cohort_with_broken_files_runs_to_completion_and_lists_failures(run: dict[str, Any]) -> None:
    first = run["first"]
    assert first.returncode == 2, first.stderr
    assert "Traceback" not in first.stderr + first.stdout
    phrases = expected_errors()
    summary = first.stdout.splitlines()
    failed_lines = [line for line in summary if line.startswith("  ")]
    for name in BROKEN:
        label = f"cohort/broken/{name}"
        line = next((x for x in failed_lines if x.strip().startswith(label + ":")), None)
        assert line is not None, f"{label} missing from the failure list"
        assert phrases[name].lower() in line.lower()
    malformed = next(x for x in failed_lines if "malformed.srt" in x)
    assert "malformed SRT" in malformed
    assert len(failed_lines) == len(BROKEN) + 1
    assert summary[0].startswith(f"{len(run['labels'])} files: {len(run['labels']) - 6} reviewed, 6 failed")


def test_outputs_match_the_inputs_one_to_one(run: dict[str, Any]) -> None:
    out = run["base"] / "out"
    rows = read_csv(out / "cohort.csv")
    records = read_jsonl(out / "cohort.jsonl")
    assert [r["file"] for r in rows] == run["labels"]
    assert [r["file"] for r in records] == run["labels"]
    ok = [r for r in records if r["status"] == "ok"]
    reports = sorted(p.name for p in (out / "reports").iterdir())
    expected = sorted(Path(p).name for r in ok for p in r["reports"].values())
    assert reports == expected and len(reports) == 2 * len(ok)
    for rec, row in zip(records, rows, strict=True):
        assert row["status"] == rec["status"]
        if rec["status"] != "ok":
            assert row["score"] == "" and rec["error"] and row["error"] == rec["error"]
            continue
        report = json.loads((out / rec["reports"]["json"]).read_text(encoding="utf-8"))
        assert report["source"] == rec["file"]
        assert report["score"] == rec["score"] == int(row["score"])
        fired = {f["rule"] for item in report["items"] for f in item["findings"]}
        fired |= {f["rule"] for f in report["document_findings"]}
        assert {k for k, v in rec["counts"].items() if v} == fired
        for rule, n in rec["counts"].items():
            assert int(row[rule]) == n
        html = (out / rec["reports"]["html"]).read_text(encoding="utf-8")
        assert html.lstrip().lower().startswith("<!doctype html")
    page = (out / "index.html").read_text(encoding="utf-8")
    for rec in ok:
        assert f'href="{rec["reports"]["html"]}"' in page


def test_a_rerun_with_one_changed_file_reviews_only_that_file(run: dict[str, Any]) -> None:
    second = run["second"]
    assert second.returncode == 2, second.stderr
    n = len(run["labels"])
    assert f"· {n - 1} from the cache ·" in second.stdout.splitlines()[0]
    log = [line for line in second.stderr.splitlines() if line.startswith("[")]
    assert len(log) == n
    reviewed = [line for line in log if "] ok " in line]
    assert len(reviewed) == 1 and run["target"] in reviewed[0]
    assert sum("] cached " in line for line in log) == n - 1 - 6 and sum("] failed " in line for line in log) == 6


def test_compare_reports_score_change_and_the_findings_of_the_removed_bullet_as_fixed(run: dict[str, Any]) -> None:
    records = {r["file"]: r for r in read_jsonl(run["base"] / "out" / "cohort.jsonl")}
    before = {r["file"]: r for r in run["first_records"]}
    target = records[run["target"]]["compare"]
    assert target["score_change"] == records[run["target"]]["score"] - before[run["target"]]["score"]
    fixed = {(f["rule"], f["text"]) for f in target["fixed"]}
    assert {(rule, run["removed_text"]) for rule in run["removed_rules"]} <= fixed
    assert all(f["text"] == "" for f in target["new"])  # only document-level findings can be new
    for label, rec in records.items():
        if label != run["target"] and rec["status"] == "ok":
            assert rec["compare"]["score_change"] == 0 and rec["compare"]["fixed"] == rec["compare"]["new"] == []
            assert rec["compare"]["unchanged"] is True
    rows = read_csv(run["base"] / "out" / "cohort.csv")
    row = next(r for r in rows if r["file"] == run["target"])
    assert int(row["findings_fixed"]) == len(target["fixed"])
    assert "compared:" in run["second"].stdout


def _small(base: Path) -> None:
    (base / "in").mkdir(parents=True)
    for name in ("markdown_resume.md", "plain_text.txt", "jsonresume.json"):
        shutil.copy(FIXTURES / "resumes" / name, base / "in" / name)
    shutil.copy(FIXTURES / "transcripts" / "qa.txt", base / "in" / "qa.txt")


def test_output_is_byte_identical_whatever_the_worker_count_and_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    _small(tmp_path)
    a = critic("batch", "in", "-o", "a", "-j", "1", "--no-progress", "--fail-on", "none", cwd=tmp_path)
    b = critic("batch", "in", "-o", "b", "-j", "2", "--no-progress", "--fail-on", "none", cwd=tmp_path)
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    for name in ("cohort.csv", "cohort.jsonl", "index.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    for path in sorted((tmp_path / "a" / "reports").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / "reports" / path.name).read_bytes(), path.name
    records = read_jsonl(tmp_path / "a" / "cohort.jsonl")
    assert any(r["worst_severity"] for r in records)
    # served from the cache, the exit code still follows --fail-on
    c = critic("batch", "in", "-o", "a", "--no-progress", "--fail-on", "info", cwd=tmp_path)
    assert c.returncode == 1 and "4 from the cache" in c.stdout


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    _small(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_bytes(b"precious")
    r = critic("batch", "in", "-o", "mine", cwd=tmp_path)
    assert r.returncode == 2 and "not empty and was not written by `critic batch`" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and (tmp_path / "mine" / "thesis.docx").exists()
    (tmp_path / "empty").mkdir()
    r = critic("batch", "empty", "-o", "out", cwd=tmp_path)
    assert r.returncode == 2 and "no input files found in empty" in r.stderr and "Traceback" not in r.stderr
    r = critic("batch", "in", "-o", "out", "--compare", "in", cwd=tmp_path)
    assert r.returncode == 2 and "no cohort.jsonl" in r.stderr


def test_redact_removes_invented_personal_data_from_every_output(tmp_path: Path) -> None:
    rows = [line.split("\t") for line in (FIXTURES / "cohort" / "PII.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    secrets = sorted({value for _, _, value in rows})
    (tmp_path / "in").mkdir()
    for name in COHORT_FILES:
        shutil.copy(FIXTURES / "cohort" / name, tmp_path / "in" / name)
    # a broken file whose name is a person's: its name cannot be learnt from its content
    shutil.copy(FIXTURES / "broken" / "encrypted.pdf", tmp_path / "in" / "nina_brandt_resume.pdf")
    secrets.append("nina_brandt")
    r = critic("batch", "in", "-o", "out", "--redact", "--format", "html,json,markdown,text", "--no-progress",
               cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    blobs = {"<stdout>": r.stdout, "<stderr>": r.stderr}
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            blobs[str(path.relative_to(tmp_path))] = path.read_text(encoding="utf-8")
            assert "priya" not in path.name.lower() and "marco" not in path.name.lower()
    assert any(name.endswith(".md") for name in blobs) and any("/.cache/" in name for name in blobs)
    for where, text in blobs.items():
        low = text.lower()
        for secret in secrets:
            assert secret.lower() not in low, f"{secret!r} leaked into {where}"
    records = read_jsonl(tmp_path / "out" / "cohort.jsonl")
    assert {r["status"] for r in records} == {"ok", "failed"}
    page = blobs["out/index.html"]
    assert "[name redacted]" in page and "personal data redacted" in page
    reports = "".join(v for k, v in blobs.items() if k.startswith("out/reports/"))
    for marker in ("[name redacted]", "[email redacted]", "[phone redacted]", "[url redacted]", "[address redacted]"):
        assert marker in reports
    assert "hybrid retrieval model" in reports and "billing questions" in reports  # the content is kept


SHARED = ROOT.parent / "shared" / "realworld"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/realworld (real public resumes) is not present")
def test_real_world_cohort_with_broken_files_runs_redacted_to_completion(tmp_path: Path) -> None:
    import hashlib
    import re

    cohort = tmp_path / "cohort"
    cohort.mkdir()
    for sub, keep in (("resumes_pdf", None), ("resumes_docx", None), ("resumes_text", None), ("answers", 2)):
        for p in sorted(p for p in (SHARED / sub).glob("*") if p.is_file())[:keep]:
            shutil.copy(p, cohort / p.name)  # every real resume, two (long) real interview transcripts
    broken = {}
    for name in ("encrypted.pdf", "truncated.docx", "binary.txt"):
        shutil.copy(FIXTURES / "broken" / name, cohort / name)
        broken[hashlib.sha256((cohort / name).read_bytes()).hexdigest()[:8]] = expected_errors()[name]
    inputs = sorted(p.name for p in cohort.iterdir())
    r = critic("batch", "cohort", "-o", "out", "--redact", "--no-progress", "-j", "2", "--timeout", "120",
               cwd=tmp_path)
    assert r.returncode == 2, r.stderr[-3000:]
    assert "Traceback" not in r.stdout + r.stderr
    records = read_jsonl(tmp_path / "out" / "cohort.jsonl")
    assert len(records) == len(inputs) == len(read_csv(tmp_path / "out" / "cohort.csv"))
    failed = [rec for rec in records if rec["status"] == "failed"]
    for tag, phrase in broken.items():
        rec = next(x for x in failed if tag in x["file"])
        assert phrase.lower() in rec["error"].lower()
    assert all(rec["error"] and "\n" not in rec["error"] for rec in failed)
    ok = [rec for rec in records if rec["status"] == "ok"]
    assert len(ok) >= len(inputs) - len(broken) - 3  # real files may be refused, with a reason, but rarely
    for line in (f"  {rec['file']}: {rec['error']}" for rec in failed):
        assert line in r.stdout.splitlines()
    email = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not email.search(text), f"an email address is left in {path.name}"
    for rec in ok:
        for rel in rec["reports"].values():
            assert (tmp_path / "out" / rel).is_file()


def test_candidate_and_interviewer_flags_reach_the_parse_of_each_transcript(tmp_path: Path) -> None:
    """Without the flags the speaker with most words is the candidate; --candidate/--interviewer override it
    for every transcript of the batch (and a re-run with other speakers is not served from the cache)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "screen.txt").write_text(
        "Rowan: How would you decide whether to ship the new ranking model?\n"
        "Ines: I would compare the offline metrics first and then run a two-week test on a share of traffic, "
        "with a rollback if the error rate rises.\n"
        "Rowan: And the cost?\n"
        "Ines: I would estimate the monthly bill before launch and agree a budget with finance.\n",
        encoding="utf-8")

    def candidate(*flags: str) -> tuple[str, str, int]:
        done = critic("batch", "in", "-o", "out", "-j", "1", "--no-progress", "--format", "json", *flags,
                      cwd=tmp_path)
        assert done.returncode in (0, 1), done.stderr
        report = json.loads(next((tmp_path / "out" / "reports").glob("*.json")).read_text(encoding="utf-8"))
        answers = [i for i in report["items"] if i["kind"] == "answer"]
        return report["candidate"], report["candidate_reason"], len(answers)

    assert candidate()[0] == "Ines" and candidate()[1].startswith("most words")
    name, reason, answers = candidate("--candidate", "Rowan", "--interviewer", "Ines")
    assert (name, answers) == ("Rowan", 2) and "--candidate Rowan" in reason
    config = tmp_path / "critic.toml"
    config.write_text('[tool.critic]\ncandidate = "Rowan"\n', encoding="utf-8")
    assert candidate("--config", str(config))[0] == "Rowan"
    assert candidate("--config", str(config), "--candidate", "Ines")[0] == "Ines"
