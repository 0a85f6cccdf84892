"""The worker pool: every file yields one record, whatever the per-file function does.

The per-file functions here are fakes driven by the file's content, so each behaviour (ok, bad input,
bug, slow Python, stuck C code, a crashing process, a failing initializer) is exercised for real in
worker processes.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from critic.batch.pool import Task, WorkerSpec, run_pool
from critic.errors import CriticError, InputError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pool tests use Linux signals")


def fake_init(settings: Any) -> None:
    if settings == "fail-init":
        raise CriticError("rules/bad.yaml: unknown key 'colour'")


def fake_process(task: Task, settings: Any) -> dict[str, Any]:
    text = Path(task.path).read_text(encoding="utf-8")
    if text == "crash":
        os._exit(7)  # the worker dies mid-file
    if text == "spin":
        while True:  # slow Python code: the in-worker timer stops it
            pass
    if text == "stuck":
        # stuck where no signal gets through (like a hung C extension): only the watchdog can stop it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            time.sleep(0.05)
    if text == "bad":
        raise InputError(task.label, "encrypted PDF")
    if text == "bug":
        raise KeyError("boom")
    return {"status": "ok", "score": len(text), "pid": os.getpid()}


def _tasks(tmp_path: Path, contents: list[str]) -> list[Task]:
    tasks = []
    for i, text in enumerate(contents):
        path = tmp_path / f"f{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        tasks.append(Task(index=i, label=path.name, path=str(path)))
    return tasks


def _run(tasks: list[Task], *, jobs: int = 2, timeout: float = 5, settings: Any = None,
         grace: float | None = None) -> dict[int, dict[str, Any]]:
    got: dict[int, dict[str, Any]] = {}

    def on_result(task: Task, record: dict[str, Any]) -> None:
        assert task.index not in got, "a file reported twice"
        got[task.index] = record

    run_pool(tasks, WorkerSpec(process=fake_process, init=fake_init), settings, jobs=jobs, timeout=timeout,
             on_result=on_result, grace=grace)
    return got


def test_every_task_yields_its_own_record(tmp_path: Path) -> None:
    contents = ["x" * n for n in range(1, 26)]
    got = _run(_tasks(tmp_path, contents))
    assert sorted(got) == list(range(25))
    assert [got[i]["score"] for i in range(25)] == list(range(1, 26))
    assert len({r["pid"] for r in got.values()}) <= 2  # workers are reused, not one per file


def test_errors_become_failed_records_with_one_line_reasons(tmp_path: Path) -> None:
    got = _run(_tasks(tmp_path, ["ok", "bad", "bug", "fine"]))
    assert got[0]["status"] == "ok" and got[3]["status"] == "ok"
    assert got[1] == {"file": "f01.txt", "status": "failed", "error": "encrypted PDF"}
    assert got[2]["status"] == "failed" and got[2]["error"].startswith("internal error: KeyError")
    assert "\n" not in got[2]["error"]


def test_slow_python_is_stopped_by_the_time_limit(tmp_path: Path) -> None:
    started = time.monotonic()
    got = _run(_tasks(tmp_path, ["spin", "ok"]), timeout=1)
    assert got[0]["status"] == "failed" and "time limit of 1 s" in got[0]["error"]
    assert got[1]["status"] == "ok"
    assert time.monotonic() - started < 20


def test_a_worker_stuck_past_the_limit_is_killed_and_the_rest_finish(tmp_path: Path) -> None:
    got = _run(_tasks(tmp_path, ["stuck", "a", "bb", "ccc", "dddd"]), timeout=1, grace=0.5)
    assert got[0]["status"] == "failed" and "time limit" in got[0]["error"]
    assert [got[i]["status"] for i in range(1, 5)] == ["ok"] * 4
    assert [got[i]["score"] for i in range(1, 5)] == [1, 2, 3, 4]


def test_a_crashing_file_is_isolated_and_reported_while_the_others_succeed(tmp_path: Path) -> None:
    contents = ["a", "crash", "bb", "ccc", "dddd", "eeeee"]
    got = _run(_tasks(tmp_path, contents))
    assert got[1]["status"] == "failed" and "crashed" in got[1]["error"]
    assert all(got[i]["status"] == "ok" for i in (0, 2, 3, 4, 5))


def test_a_failing_initializer_stops_the_run_with_its_message(tmp_path: Path) -> None:
    with pytest.raises(CriticError, match="cannot start the review workers: rules/bad.yaml: unknown key"):
        _run(_tasks(tmp_path, ["a", "b"]), settings="fail-init")


def dying_init(settings: Any) -> None:
    os._exit(3)


def test_workers_that_die_at_start_up_stop_the_run(tmp_path: Path) -> None:
    with pytest.raises(CriticError, match="cannot start the review workers"):
        run_pool(_tasks(tmp_path, ["a", "b"]), WorkerSpec(process=fake_process, init=dying_init), None, jobs=1,
                 timeout=5, on_result=lambda task, record: None)
