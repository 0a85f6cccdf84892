"""The default per-file work of `critic batch`, run inside worker processes.

``init`` builds the rule engine (and spaCy) once per worker; ``process`` parses one file, redacts it when
asked, reviews it with ``critic.api.build_report``, writes its per-candidate reports (the `critic review`
formats) to OUTDIR/reports/ and to the cache, and returns the file's summary record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from critic.batch.cache import Cache, write_atomic
from critic.batch.pool import Task
from critic.errors import InputError
from critic.parse.sandbox import vm_size_bytes

REPORTS_DIR = "reports"
# review format -> file extension of the per-candidate report
EXTENSIONS = {"html": "html", "json": "json", "markdown": "md", "text": "txt", "line": "lines.txt"}
DEFAULT_FORMATS = ("html", "json")
CACHED_PRIVATE = ("_rules", "_rule_info")  # private record keys (not in cohort.jsonl) kept in the cache


@dataclass(frozen=True)
class BatchSettings:
    """Everything a worker needs; pickled once per worker."""

    outdir: str
    formats: tuple[str, ...] = DEFAULT_FORMATS
    redact: bool = False
    config: Any = None  # critic.config.Config (None: built-in defaults)
    limits: Any = None  # critic.parse.Limits (None: from the config)
    cache: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # free-form, for custom per-file functions


_STATE: dict[str, Any] = {}


def _config(settings: BatchSettings) -> Any:
    if settings.config is not None:
        return settings.config
    from critic.config import Config

    return Config()


def limit_memory(memory_mb: int) -> bool:
    """Cap this process's address space at its current size plus memory_mb; False when not possible.

    A worker is a disposable process, so it can be the parse sandbox itself: a decompression bomb then
    fails with MemoryError here instead of in a forked child per file (which costs ~50 ms a file).
    """
    try:
        import resource
    except ImportError:
        return False
    base = vm_size_bytes()
    if not base:
        return False
    cap = base + memory_mb * 1024 * 1024
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        return False
    return True


def _limits(settings: BatchSettings) -> Any:
    return settings.limits if settings.limits is not None else _config(settings).parse_limits()


def init(settings: BatchSettings, *, cap_memory: bool = True) -> None:
    """Build the engine and the NLP pipeline once for this worker process, then (cap_memory) cap its
    memory; uncapped, each file is parsed in the resource-limited child process instead."""
    from critic.api import engine_for
    from critic.parse import parse_bytes

    engine = engine_for(_config(settings))
    engine.check([("Led the launch of a search feature.", "bullet")])  # loads spaCy and the lexicons now
    parse_bytes(b"Jo Park\n\nEXPERIENCE\n- Led the launch of search.\n", "warm-up.txt")  # parser imports
    _STATE["engine"] = engine
    limits = _limits(settings)
    _STATE["self_limited"] = cap_memory and bool(limits.sandbox) and limit_memory(int(limits.memory_mb))


def report_paths(slug: str, formats: Sequence[str]) -> dict[str, str]:
    """format -> report path relative to OUTDIR."""
    return {fmt: f"{REPORTS_DIR}/{slug}.{EXTENSIONS[fmt]}" for fmt in formats}


def _examples(report: Any) -> dict[str, dict[str, Any]]:
    """For each rule, the rewrite of this document that shows it best (see dashboard.example_rank)."""
    from critic.batch.dashboard import example_rank

    best: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
    for pos, r in enumerate(report.items):
        if not r.findings or r.rewrite is None:
            continue
        rules = sorted({f.rule for f in r.findings})
        for rule in rules:
            ex = {"item": r.item.id, "kind": r.item.kind, "bad": r.rewrite.bad, "good": r.rewrite.good,
                  "rules": rules}
            rank = (*example_rank(ex, rule, ""), pos)
            if rule not in best or rank < best[rule][0]:
                best[rule] = (rank, ex)
    return {rule: ex for rule, (_, ex) in sorted(best.items())}


def summarize(report: Any, *, label: str, task: Task, formats: Sequence[str], rules: Sequence[str]) -> dict[str, Any]:
    """The file's record for cohort.csv / cohort.jsonl / the dashboard."""
    from critic.score import display

    doc = report.document
    counts: dict[str, int] = {}
    findings = []
    for r in report.items:
        for f in r.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
            findings.append({"rule": f.rule, "severity": f.severity, "message": f.message,
                             "item": r.item.id, "text": r.item.text})
    for f in report.document_findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    by_id = {r.item.id: r for r in report.items}
    top = []
    for item_id in report.top_edits:
        r = by_id[item_id]
        top.append({"item": item_id, "gain": round(r.gain, 2), "bad": r.rewrite.bad if r.rewrite else r.item.text,
                    "good": r.rewrite.good if r.rewrite else "",
                    "rules": sorted({f.rule for f in r.findings if f.raised})})
    return {
        "file": label,
        "status": "ok",
        "error": None,
        "kind": doc.kind,
        "format": doc.format,
        "name": doc.name,
        "score": display(report.score),
        "score_exact": None if report.score is None else round(report.score, 2),
        "items": len(report.items),
        "judged": report.judged(),
        "flagged": len(report.flagged),
        "counts": dict(sorted(counts.items())),
        "worst_severity": report.worst_severity(),
        "findings": findings,
        "document_findings": sorted(f.rule for f in report.document_findings),
        "top_edits": top,
        "examples": _examples(report),
        "warnings": list(doc.warnings),
        "sha256": task.sha256,
        "reports": report_paths(task.slug, formats),
        "_rules": sorted(rules),
        "_rule_info": {rid: {"message": info.message, "severity": info.severity, "bad": info.example_bad,
                             "good": info.example_good} for rid, info in sorted(report.rules.items())},
    }


def _scrub_record(obj: Any, redactor: Any) -> Any:
    if isinstance(obj, str):
        return redactor.scrub(obj)
    if isinstance(obj, list):
        return [_scrub_record(v, redactor) for v in obj]
    if isinstance(obj, dict):
        return {k: (v if k in ("sha256", "reports") else _scrub_record(v, redactor)) for k, v in obj.items()}
    return obj


def process(task: Task, settings: BatchSettings) -> dict[str, Any]:
    """Review one file, write its reports and cache entry; raises critic.errors.InputError for a file that
    cannot be read."""
    record, artifacts = review(task, settings)
    outdir = Path(settings.outdir)
    for ext, data in artifacts.items():
        write_atomic(outdir / REPORTS_DIR / f"{task.slug}.{ext}", data)
    store_result(settings, task, record, artifacts)
    return record


def review(task: Task, settings: BatchSettings, data: bytes | None = None) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Review one file (its bytes when given, else read from task.path): its record and its reports
    (extension -> bytes), written nowhere; raises critic.errors.InputError for a file that cannot be read."""
    from critic.bounds import judge, read_document
    from critic.report import render

    cfg = _config(settings)
    engine = _STATE.get("engine")
    if engine is None:
        init(settings)
        engine = _STATE["engine"]
    limits = _limits(settings)
    if _STATE.get("self_limited"):
        limits = replace(limits, sandbox=False)  # this worker already runs under the memory cap
    try:
        doc, suppressed = read_document(task.path, task.label, limits, candidate=getattr(cfg, "candidate", None),
                                        interviewer=getattr(cfg, "interviewer", None), data=data)
    except MemoryError:
        raise InputError(task.label, f"parsing needed more than the memory limit of {limits.memory_mb} MB "
                         "(a decompression bomb?)") from None
    label = task.label
    redactor = None
    if settings.redact:
        from critic.batch.redact import redactor_for

        redactor = redactor_for(doc)
        redactor.document(doc)
        label = redactor.label(task.label)
        doc.source = label
    # the pool already bounds this worker's time (and memory, when capped): judge in this process
    report = judge(doc, engine, replace(limits, sandbox=False), suppressed, min_severity=cfg.min_severity)
    artifacts: dict[str, bytes] = {}
    for fmt in settings.formats:
        text = render([report], fmt, color=False)
        if redactor is not None:
            text = redactor.scrub(text)
        artifacts[EXTENSIONS[fmt]] = text.encode("utf-8")
    record = summarize(report, label=label, task=task, formats=settings.formats,
                       rules=[r.id for r in engine.rules])
    if redactor is not None:
        record = _scrub_record(record, redactor)
        record["redacted"] = redactor.kinds()  # what kinds of personal data were removed, and how many
    return record, artifacts


def store_result(settings: BatchSettings, task: Task, record: dict[str, Any], artifacts: dict[str, bytes]) -> None:
    """Cache a reviewed file's record and report bytes (extension -> bytes) under the task's key."""
    if settings.cache and task.key:
        Cache(settings.outdir).put(task.key, {k: v for k, v in record.items() if not k.startswith("_")
                                              or k in CACHED_PRIVATE}, artifacts)


def cacheable_failure(record: dict[str, Any]) -> bool:
    """Whether a failed record can be reused: unreadable files are, time-outs and crashes are not."""
    error = str(record.get("error") or "")
    return not any(s in error for s in ("longer than the time limit", "crashed", "internal error", "out of memory"))


def store_failure(settings: BatchSettings, task: Task, record: dict[str, Any]) -> None:
    """Cache a failed record (no reports) so a re-run does not parse a broken file again."""
    if settings.cache and task.key and cacheable_failure(record):
        Cache(settings.outdir).put(task.key, {k: v for k, v in record.items() if not k.startswith("_")}, {})


def dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)
