"""`critic batch` end to end: inputs -> cache lookups -> worker pool -> cohort outputs -> exit code.

Outputs in OUTDIR (all deterministic for the same inputs, in input-label order):
  index.html           the dashboard
  reports/<slug>.*     per-candidate reports in the `critic review` formats (files that were reviewed)
  cohort.csv           one row per input: file, status, score, one count column per rule, top_edits, error
  cohort.jsonl         one JSON record per input
  .cache/              the incremental cache

Exit codes: 2 when any input failed (it is listed with its reason); otherwise 1 when a reviewed file has
a finding at or above the fail-on level; otherwise 0.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from critic.batch import compare as compare_mod
from critic.batch import dashboard, export
from critic.batch.cache import (
    CACHE_DIR,
    Cache,
    critic_build,
    entry_key,
    rules_hash,
    settings_hash,
    sha256_file,
    valid_basic_record,
)
from critic.batch.cache import write_atomic as _write
from critic.batch.inputs import Input, discover, slugs
from critic.batch.lock import output_lock
from critic.batch.pool import PoolStats, Task, WorkerSpec, failed_record, run_pool
from critic.batch.progress import Progress
from critic.batch.worker import EXTENSIONS, REPORTS_DIR, BatchSettings, store_failure
from critic.errors import CriticError, InputError
from critic.findings import severity_rank

EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 2
OUTPUT_FILES = ("index.html", "cohort.csv", "cohort.jsonl")


def default_jobs() -> int:
    """Usable CPU cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


@dataclass
class BatchOptions:
    """What `critic batch` was asked to do."""

    paths: Sequence[str]
    outdir: str
    jobs: int = 0  # 0: all usable cores
    timeout: float | None = None  # per-file seconds (None: config limits, else 60)
    formats: tuple[str, ...] = ("html", "json")
    redact: bool = False
    compare: str | None = None
    config: Any = None  # critic.config.Config, or None to look for one from the inputs' common folder
    fail_on: str | None = None  # None: the config's
    use_cache: bool = True
    refresh: bool = False  # review every file again, but still store results in the cache
    quiet: bool = False
    tty: bool | None = None  # progress bar (None: when stderr is a terminal)
    title: str = "Cohort review"
    limits_overrides: dict[str, Any] = field(default_factory=dict)  # Limits field -> value
    executor: str = "local"  # "local": the worker pool; "ray": a Ray Data job (critic.batch.ray_executor)
    ray_address: str | None = None  # an existing Ray cluster (None: a local Ray runtime with `jobs` CPUs)
    candidate: str | None = None  # transcripts: the candidate's speaker name or label (None: the config's)
    interviewer: str | None = None  # transcripts: the interviewer's speaker name or label (None: the config's)


@dataclass
class BatchResult:
    """The records of a run (input order) and what happened."""

    records: list[dict[str, Any]]
    outdir: Path
    exit_code: int
    reviewed: int = 0  # files reviewed by a worker in this run
    cached: int = 0  # files served from the cache
    stats: PoolStats = field(default_factory=PoolStats)
    removed: list[str] = field(default_factory=list)  # --compare: labels only in the previous run
    elapsed: float = 0.0
    skipped: list[str] = field(default_factory=list)  # "label: why" for files found but not reviewed

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r.get("status") != "ok"]


def _prepare_outdir(outdir: Path) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise CriticError(f"{outdir}: exists and is not a folder")
    if outdir.is_dir() and any(outdir.iterdir()) and not (outdir / CACHE_DIR).is_dir():
        raise CriticError(f"{outdir}: folder is not empty and was not written by `critic batch`; "
                          "choose a new or empty output folder")
    (outdir / CACHE_DIR).mkdir(parents=True, exist_ok=True)
    (outdir / REPORTS_DIR).mkdir(exist_ok=True)


def _common_folder(inputs: Sequence[Input]) -> Path:
    folders = [os.path.dirname(os.path.abspath(i.path)) for i in inputs if i.problem is None]
    if not folders:
        return Path.cwd()
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:
        return Path.cwd()


def _resolve_config(options: BatchOptions, inputs: Sequence[Input]) -> Any:
    from critic.config import Config, config_for, load_config

    if options.config is None:
        cfg = config_for(_common_folder(inputs) / "_")
    elif isinstance(options.config, Config):
        cfg = options.config
    else:
        cfg = load_config(options.config)
    if options.candidate is not None or options.interviewer is not None:  # the speakers said on the command line
        cfg = cfg.merged(candidate=options.candidate, interviewer=options.interviewer)
    return cfg


def _limits(cfg: Any, options: BatchOptions) -> tuple[Any, float]:
    from dataclasses import replace

    limits = cfg.parse_limits()
    overrides = {k: v for k, v in options.limits_overrides.items() if v is not None}
    if options.timeout is not None:
        overrides["timeout_s"] = float(options.timeout)
    if overrides:
        limits = replace(limits, **overrides)
    limits.check()
    return limits, float(limits.timeout_s)


def redacted_failed_label(label: str, sha: str) -> str:
    """A failed file's label under --redact: its name is unknown, so the file name is withheld."""
    suffix = PurePosixPath(label).suffix
    tag = f" {sha[:8]}" if sha else ""
    return f"[file name redacted{tag}]{suffix}"


def _fails(record: dict[str, Any], fail_on: str) -> bool:
    if fail_on == "none" or record.get("status") != "ok":
        return False
    worst = record.get("worst_severity")
    return worst is not None and severity_rank(worst) >= severity_rank(fail_on)


def _redact_error(error: str, raw: Sequence[str], shown: str) -> str:
    from critic.batch.redact import Redactor

    for text in sorted({t for t in raw if t}, key=len, reverse=True):
        error = error.replace(text, shown)
    return Redactor().text(error)


def _redacted_slugs(inputs: Sequence[Input], shas: Sequence[str]) -> list[str]:
    import hashlib

    used: set[str] = set()
    out = []
    for inp, sha in zip(inputs, shas, strict=True):
        base = "candidate-" + (sha or hashlib.sha256(inp.label.encode("utf-8")).hexdigest())[:10]
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        out.append(slug)
    return out


# imported once by the fork server, so each worker starts with them loaded (critic.batch.preload imports
# spaCy); the parsers of other formats are imported by a worker when its first such file comes
DEFAULT_PRELOAD = (
    "critic.batch.preload", "pypdfium2", "critic.batch.worker", "critic.api", "critic.engine", "critic.nlp",
    "critic.parse", "critic.parse.detect", "critic.parse.pdf.reader", "critic.parse.text", "critic.report.html",
    "critic.report.json",
)


def run_batch(
    options: BatchOptions,
    *,
    spec: WorkerSpec | None = None,
    settings_extra: dict[str, Any] | None = None,
    progress_stream: Any = None,
) -> BatchResult:
    """Run a batch and write every output; see the module docstring.

    spec replaces the per-file work (module-level functions; see critic.batch.pool); settings_extra is
    passed to it in BatchSettings.extra and is part of the cache key.
    """
    from dataclasses import asdict

    from critic.batch import worker

    outdir = Path(options.outdir)
    skipped: list[str] = []
    inputs = discover(options.paths, exclude=outdir, skipped=skipped)
    if not inputs:
        raise CriticError(f"no input files found in {', '.join(options.paths) or '(no paths)'}")
    unknown = [f for f in options.formats if f not in EXTENSIONS]
    if unknown or not options.formats:
        raise CriticError(f"--format: unknown report format {', '.join(unknown) or '(none)'}; "
                          f"choose from {', '.join(EXTENSIONS)}")
    formats = tuple(dict.fromkeys(options.formats))
    previous = compare_mod.load_previous(options.compare) if options.compare else None
    cfg = _resolve_config(options, inputs)
    limits, timeout = _limits(cfg, options)
    fail_on = options.fail_on or getattr(cfg, "fail_on", "error")
    jobs = options.jobs or default_jobs()
    _prepare_outdir(outdir)
    with output_lock(outdir / CACHE_DIR, outdir):

        spec = spec or WorkerSpec(process=worker.process, init=worker.init)
        preload = DEFAULT_PRELOAD if spec.process is worker.process else ("critic.batch.pool",)
        settings = BatchSettings(outdir=str(outdir), formats=formats, redact=options.redact, config=cfg,
                                 limits=limits, cache=options.use_cache, extra=dict(settings_extra or {}))
        context = settings_hash({
            "build": critic_build(),
            "rules": rules_hash(getattr(cfg, "rule_dirs", ()), getattr(cfg, "lexicon_dirs", ())),
            "formats": formats,
            "redact": options.redact,
            "limits": asdict(limits),
            "config": [repr(cfg.engine_key()), getattr(cfg, "min_severity", "info")] if hasattr(cfg, "engine_key") else None,
            "speakers": [getattr(cfg, "candidate", None), getattr(cfg, "interviewer", None)],
            "work": f"{spec.process.__module__}.{spec.process.__qualname__}",
            "extra": settings.extra,
        })
        cache = Cache(outdir, validate=None if spec.process is worker.process else valid_basic_record)

        shas: list[str] = []
        problems: list[str | None] = []
        for inp in inputs:
            problem, sha = inp.problem, ""
            if problem is None:
                try:
                    sha = sha256_file(inp.path, max_bytes=int(limits.max_mb * 1024 * 1024))
                except InputError as exc:  # a folder, FIFO, device, unreadable or oversized file
                    problem = exc.problem
            shas.append(sha)
            problems.append(problem)
        names = (_redacted_slugs(inputs, shas) if options.redact
                 else slugs([Path(os.path.abspath(i.path)).as_posix() for i in inputs]))

        records: list[dict[str, Any] | None] = [None] * len(inputs)
        progress = Progress(len(inputs), stream=progress_stream, tty=options.tty, quiet=options.quiet)
        counters = {"reviewed": 0, "cached": 0}

        def finish(index: int, record: dict[str, Any], *, cached: bool) -> dict[str, Any]:
            inp = inputs[index]
            record = dict(record)
            record["sha256"] = shas[index]
            record["_raw_label"] = inp.label
            if record.get("status") == "ok":
                if not options.redact:
                    record["file"] = inp.label
                score = record.get("score")
                detail = f"score {score}" if score is not None else ""
            else:
                record["status"] = "failed"
                record.setdefault("error", "unknown error")
                if options.redact:
                    shown = redacted_failed_label(inp.label, shas[index])
                    record["file"] = shown
                    record["error"] = _redact_error(str(record["error"]), [inp.label, inp.path], shown)
                else:
                    record["file"] = inp.label
                record.pop("reports", None)
                detail = str(record["error"])
            counters["cached" if cached else "reviewed"] += 1
            records[index] = record
            progress.update(record["file"], record["status"], cached=cached, detail=detail)
            return record

        tasks: list[Task] = []
        for i, inp in enumerate(inputs):
            task = Task(index=i, label=inp.label, path=inp.path, slug=names[i], sha256=shas[i],
                        key=entry_key(shas[i], inp.label, context) if options.use_cache and shas[i] else "")
            if problems[i] is not None:
                finish(i, failed_record(task, problems[i] or ""), cached=False)
                continue
            hit = cache.get(task.key) if task.key and not options.refresh else None
            if hit is not None:
                summary, artifacts = hit
                summary.pop("_artifacts", None)
                if summary.get("status") == "ok":
                    cache.restore(artifacts, outdir / REPORTS_DIR / names[i])
                    # the slug may differ from the cached run's (the set of inputs changed)
                    exts = {ext: fmt for fmt, ext in EXTENSIONS.items()}
                    summary["reports"] = {exts[ext]: f"{REPORTS_DIR}/{names[i]}.{ext}" for ext in artifacts if ext in exts}
                finish(i, summary, cached=True)
                continue
            tasks.append(task)

        def on_result(task: Task, record: dict[str, Any]) -> None:
            final = finish(task.index, record, cached=False)
            if final["status"] != "ok":  # stored as shown (redacted under --redact)
                store_failure(settings, task, final)

        stats = PoolStats()
        try:
            if tasks and options.executor == "ray":
                from critic.batch.ray_executor import run_ray

                stats = run_ray(tasks, spec, settings, jobs=min(jobs, len(tasks)), timeout=timeout,
                                on_result=on_result, on_tick=progress.tick, address=options.ray_address)
            elif tasks:
                stats = run_pool(tasks, spec, settings, jobs=min(jobs, len(tasks)), timeout=timeout,
                                 on_result=on_result, on_tick=progress.tick, preload=preload)
        finally:
            progress.close()

        final = [r for r in records if r is not None]
        assert len(final) == len(inputs), "every input yields exactly one record"
        removed: list[str] = []
        if previous is not None:
            removed = compare_mod.annotate(final, previous)
        rules = export.rule_columns(final)
        _write(outdir / "cohort.csv", export.csv_text(final, rules, compare=previous is not None).encode("utf-8"))
        _write(outdir / "cohort.jsonl", export.jsonl_text(final).encode("utf-8"))
        page = dashboard.render(final, title=options.title, compare=previous is not None, removed=removed,
                                redacted=options.redact)
        _write(outdir / "index.html", page.encode("utf-8"))
        _prune_reports(outdir, final)

        if any(r["status"] != "ok" for r in final):
            code = EXIT_FAILED
        elif any(_fails(r, fail_on) for r in final):
            code = EXIT_FINDINGS
        else:
            code = EXIT_OK
        return BatchResult(records=final, outdir=outdir, exit_code=code, reviewed=counters["reviewed"],
                           cached=counters["cached"], stats=stats, removed=removed, elapsed=progress.elapsed,
                           skipped=skipped)


def _prune_reports(outdir: Path, records: Sequence[dict[str, Any]]) -> None:
    """Delete per-candidate reports left by earlier runs, so reports match this run's inputs one to one."""
    keep = {PurePosixPath(p).name for r in records for p in (r.get("reports") or {}).values()}
    folder = outdir / REPORTS_DIR
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()
