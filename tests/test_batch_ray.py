"""`critic batch --executor ray` against the local pool, byte for byte, on one local Ray runtime (2 CPUs);
the per-document review function (critic.batch.udf)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

import ray  # noqa: E402  (the test extra installs critic[ray])

from critic.batch import BatchOptions, BatchResult, run_batch  # noqa: E402
from critic.batch.pool import Task  # noqa: E402
from critic.batch.ray_executor import import_ray  # noqa: E402
from critic.batch.udf import Reviewer, review_bytes  # noqa: E402
from critic.cli import cli  # noqa: E402
from critic.errors import CriticError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
FOLDERS = ("resumes", "broken", "cohort")  # 34 files: 17 resumes and notes, 17 broken or hostile ones


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    """One local Ray runtime for the module (critic joins a runtime already started in its process)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


def _batch(outdir: Path, executor: str, paths: list[str] | None = None) -> BatchResult:
    paths = paths or [os.path.relpath(FIXTURES / f) for f in FOLDERS]
    return run_batch(BatchOptions(paths=paths, outdir=str(outdir), jobs=2, quiet=True, tty=False,
                                  executor=executor))


@pytest.fixture(scope="module")
def runs(ray_session: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("ray-vs-local")
    cwd = os.getcwd()
    os.chdir(ROOT)  # labels relative to the checkout, as a user would type them
    try:
        local = _batch(base / "local", "local")
        on_ray = _batch(base / "ray", "ray")
    finally:
        os.chdir(cwd)
    return {"local": local, "ray": on_ray}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_ray_outputs_and_cache_match_the_local_pool_byte_for_byte(runs: dict[str, Any]) -> None:
    local, on_ray = _tree(runs["local"].outdir), _tree(runs["ray"].outdir)
    assert len(runs["local"].records) >= 30
    assert sorted(local) == sorted(on_ray)  # same reports and the same cache keys
    assert any(name.startswith(".cache/") for name in local)
    differ = [name for name in local if local[name] != on_ray[name]]
    assert differ == []


def test_a_broken_file_fails_only_its_row(runs: dict[str, Any]) -> None:
    result: BatchResult = runs["ray"]
    assert result.exit_code == 2
    assert result.reviewed == len(result.records) and result.cached == 0
    failed = {r["file"] for r in result.failed}
    assert failed == {r["file"] for r in result.records if r["file"].startswith("fixtures/broken/")}
    assert len(failed) == 17 and all(r.get("error") for r in result.failed)
    assert sum(1 for r in result.records if r["status"] == "ok") == 17


def test_cli_ray_rerun_reviews_only_the_changed_file(runs: dict[str, Any], tmp_path: Path) -> None:
    inputs = tmp_path / "cohort"
    shutil.copytree(FIXTURES / "cohort", inputs)
    out = tmp_path / "out"
    args = ["batch", str(inputs), "-o", str(out), "-q", "--no-progress", "--fail-on", "none"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    text = inputs / "marco-delgado.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n- Cut onboarding time for new sellers.\n",
                    encoding="utf-8")
    again = CliRunner().invoke(cli, [*args, "--executor", "ray", "-j", "2"])
    assert again.exit_code == 0, again.output
    assert "4 files: 4 reviewed, 0 failed · 3 from the cache" in again.output
    record = [json.loads(line) for line in (out / "cohort.jsonl").read_text(encoding="utf-8").splitlines()
              if "marco-delgado" in line][0]
    report = json.loads((out / record["reports"]["json"]).read_text(encoding="utf-8"))
    assert any("Cut onboarding time" in item["text"] for item in report["items"])


def test_ray_address_needs_the_ray_executor(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["batch", str(FIXTURES / "cohort"), "-o", str(tmp_path / "o"),
                                       "--ray-address", "auto"])
    assert result.exit_code == 2
    assert "--ray-address" in result.output and "Traceback" not in result.output


def test_missing_ray_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(CriticError, match=r"pip install 'critic\[ray\]'"):
        import_ray()


def test_review_bytes_gives_the_batch_record(runs: dict[str, Any]) -> None:
    by_file = {r["file"]: r for r in runs["local"].records}
    label = "fixtures/resumes/plain_text.txt"
    row = review_bytes((ROOT / label).read_bytes(), label)
    record = json.loads(row["record"])
    expected = by_file[label]
    assert (row["file"], row["status"], row["error"]) == (label, "ok", None)
    assert row["score"] == expected["score"] == record["score"]
    assert record["findings"] == expected["findings"] and record["counts"] == expected["counts"]
    assert set(row["reports"]) == {"json"} and json.loads(row["reports"]["json"])
    broken = "fixtures/broken/truncated.docx"
    bad = review_bytes((ROOT / broken).read_bytes(), broken)
    assert (bad["status"], bad["score"], bad["error"]) == ("failed", None, by_file[broken]["error"])
    assert bad["reports"] == {}


def test_a_reviewer_without_an_alarm_keeps_the_time_limit_in_the_child() -> None:
    reviewer = Reviewer(timeout=0.001)
    reviewer.in_child = True  # as in a Ray actor, which runs off the main thread
    data = (FIXTURES / "resumes" / "sample_resume.pdf").read_bytes()
    record, reports = reviewer.review(Task(index=0, label="slow.pdf", path="slow.pdf", slug="slow"), data)
    assert record["status"] == "failed" and "longer than the time limit of 0.001 s" in record["error"]
    assert reports == {}
    reviewer = Reviewer()
    reviewer.in_child = True
    record, reports = reviewer.review(Task(index=0, label="ok.pdf", path="ok.pdf", slug="ok"), data)
    assert record["status"] == "ok" and set(reports) == {"json"}


def test_reviewer_reviews_a_data_frame_of_documents(runs: dict[str, Any]) -> None:
    import pandas as pd

    by_file = {r["file"]: r for r in runs["local"].records}
    labels = ["fixtures/cohort/sam_whitfield.json", "fixtures/broken/empty.txt"]
    frame = pd.DataFrame({"path": labels, "content": [(ROOT / f).read_bytes() for f in labels]})
    out = Reviewer()(frame)
    assert list(out.columns) == ["file", "status", "score", "error", "record", "reports"]
    assert list(out["status"]) == ["ok", "failed"]
    assert out["score"][0] == by_file[labels[0]]["score"] and pd.isna(out["score"][1])
    assert out["error"][1] == by_file[labels[1]]["error"]
