"""The per-document review as a plain function, for engines that bring their own scheduler.

    from critic.batch.udf import review_bytes
    row = review_bytes(data, "cohort/jo-park.pdf")   # the document's bytes and its name

A row holds ``file``, ``status`` ("ok" / "failed"), ``score`` (None when failed), ``error`` (the one-line
reason, None when reviewed), ``record`` (the full `cohort.jsonl` record as JSON text) and ``reports``
(report format -> text, the `critic review` formats). The first call in a process builds the rule engine
and spaCy (about a second); later calls reuse them, as a `critic batch` worker does. Each document is
parsed in a resource-limited child process and reviewed under the time limit, so a hostile file gives a
failed row instead of an exception.

:class:`Reviewer` is the same review as a callable class over a batch of documents (a pandas DataFrame
with ``path`` and ``bytes`` or ``content`` columns: what Ray's ``read_binary_files`` and Spark's
``binaryFile`` give); :func:`review_frames` is the iterator form that Spark's ``mapInPandas`` expects.
docs/scale-out.md shows Ray, Spark and Dask use; `critic batch --executor ray` runs the review as a Ray
Data job (critic.batch.ray_executor).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from critic.batch.inputs import slugs
from critic.batch.pool import Task, failed_record, install_time_limit, run_file
from critic.batch.worker import EXTENSIONS, BatchSettings, init, review
from critic.batch.worker import _limits as limits_of
from critic.errors import InputError
from critic.parse.sandbox import can_sandbox, run_limited

ROW_FIELDS = ("file", "status", "score", "error", "record", "reports")
UDF_FORMATS = ("json",)


class Reviewer:
    """Reviews documents from their bytes; builds the engine and spaCy once, on construction."""

    def __init__(self, settings: BatchSettings | None = None, timeout: float | None = None) -> None:
        self.settings = settings or BatchSettings(outdir="", formats=UDF_FORMATS, cache=False)
        init(self.settings, cap_memory=False)  # a host process is not ours to cap: parse in the sandbox
        limits = limits_of(self.settings)
        self.timeout = float(limits.timeout_s) if timeout is None else float(timeout)
        # without SIGALRM here (Ray runs actors off the main thread) the time limit is kept by reviewing
        # each file in the resource-limited child process, which parses without a sandbox of its own
        self.in_child = not install_time_limit() and limits.sandbox and can_sandbox()
        self.child_limits = replace(limits, timeout_s=self.timeout)
        self.child_settings = replace(self.settings, limits=replace(limits, sandbox=False))

    def review(self, task: Task, data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
        """One document's record and its reports (extension -> bytes; none when it failed)."""
        settings = self.child_settings if self.in_child else self.settings
        reports: dict[str, dict[str, bytes]] = {}

        def work() -> dict[str, Any]:
            record, reports["out"] = review(task, settings, data)
            return record

        if self.in_child:
            try:
                record, reports["out"] = run_limited(lambda: (run_file(work, task, 0), reports.get("out", {})),
                                                     source=task.label, limits=self.child_limits)
            except InputError as exc:
                record = failed_record(task, exc.problem)
        else:
            record = run_file(work, task, self.timeout)
        return record, (reports.get("out", {}) if record.get("status") == "ok" else {})

    def row(self, data: bytes, name: str) -> dict[str, Any]:
        """A flat row for a data frame: see the module docstring."""
        task = Task(index=0, label=name, path=name, slug=slugs([name])[0],
                    sha256=hashlib.sha256(data).hexdigest())
        record, reports = self.review(task, data)
        formats = {ext: fmt for fmt, ext in EXTENSIONS.items()}
        ok = record.get("status") == "ok"
        public = {k: v for k, v in record.items() if not k.startswith("_")}
        return {"file": name, "status": "ok" if ok else "failed", "score": record.get("score") if ok else None,
                "error": None if ok else str(record.get("error") or "unknown error"),
                "record": json.dumps(public, sort_keys=True, ensure_ascii=False),
                "reports": {formats[ext]: blob.decode("utf-8") for ext, blob in sorted(reports.items())}}

    def __call__(self, batch: Any) -> Any:
        """Review a pandas DataFrame of documents (``path`` plus ``bytes`` or ``content``); one row each."""
        import pandas as pd

        column = "bytes" if "bytes" in batch.columns else "content"
        rows = [self.row(bytes(data), str(path)) for path, data in zip(batch["path"], batch[column], strict=True)]
        frame = pd.DataFrame(rows, columns=list(ROW_FIELDS))
        frame["score"] = frame["score"].astype("Int64")  # a nullable integer column (None when failed)
        return frame


_REVIEWER: dict[str, Reviewer] = {}


def _default() -> Reviewer:
    """This process's reviewer with the default settings, built on first use."""
    if "default" not in _REVIEWER:
        _REVIEWER["default"] = Reviewer()
    return _REVIEWER["default"]


def review_bytes(data: bytes, name: str) -> dict[str, Any]:
    """Review one document from its bytes (name: its file name, shown in the outputs); see the module
    docstring for the row. The reviewer is built on the first call in a process and kept."""
    return _default().row(bytes(data), name)


def review_frames(frames: Iterator[Any]) -> Iterator[Any]:
    """Spark ``mapInPandas``: pandas DataFrames of documents in, one DataFrame of rows out for each."""
    reviewer = _default()
    for frame in frames:
        yield reviewer(frame)
