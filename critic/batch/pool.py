"""Run a per-file function over many files in worker processes, robustly.

- Workers are started by a ProcessPoolExecutor whose initializer builds the expensive state (the rule
  engine, spaCy) once per process; results stream back as they complete and at most ``2 x jobs`` files
  are in flight, so memory stays flat however many files there are.
- Each file runs under a time limit inside the worker (an interval timer raising :class:`FileTimeout`).
  A worker stuck in C code past the limit is killed by the parent (a watchdog that reads, from shared
  memory, which file each worker started when); the pool is rebuilt and the other in-flight files are
  resubmitted.
- A worker that dies (segfault, out-of-memory kill) breaks the pool: the files it may have been running
  are retried one at a time; a file that kills a worker on its own is reported failed.
- Any exception from the per-file function becomes a failed record with a one-line reason.

The per-file function is pluggable: ``process(task, settings) -> dict`` and ``init(settings)`` must be
importable module-level functions (they are pickled by reference).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from critic.errors import CriticError, InputError

INFLIGHT_PER_JOB = 2
SLOT_FIELDS = 3  # pid, task index, start time (time.time())
WATCHDOG_GRACE_MIN = 5.0


class FileTimeout(BaseException):
    """Raised inside a worker when one file exceeds its time limit (BaseException: not swallowed by
    a parser's ``except Exception``)."""


@dataclass(frozen=True)
class Task:
    """One file for a worker."""

    index: int  # position in the sorted input list
    label: str  # as shown in outputs
    path: str
    slug: str = ""  # per-candidate report name
    key: str = ""  # cache key ("" = do not cache)
    sha256: str = ""


@dataclass(frozen=True)
class WorkerSpec:
    """The pluggable per-file work: module-level callables, pickled by reference."""

    process: Callable[[Task, Any], dict[str, Any]]
    init: Callable[[Any], None] | None = None


@dataclass
class PoolStats:
    """What happened to the pool during a run (for logs and the benchmark)."""

    restarts: int = 0
    killed: int = 0  # workers killed by the watchdog
    crashed: int = 0  # pool breakages not caused by the watchdog
    worker_peak_rss_kb: int = 0
    worker_pids: set[int] = field(default_factory=set)

    @property
    def workers(self) -> int:
        return len(self.worker_pids)


def failed_record(task: Task, reason: str) -> dict[str, Any]:
    """The record of a file that could not be reviewed."""
    reason = " ".join(str(reason).split()) or "unknown error"
    return {"file": task.label, "status": "failed", "error": reason}


# ---------------------------------------------------------------------------------------------------------
# worker side

_W: dict[str, Any] = {}


def _on_alarm(signum: int, frame: Any) -> None:
    raise FileTimeout()


def _worker_init(spec: WorkerSpec, settings: Any, slots: Any, counter: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    with counter.get_lock():
        slot = counter.value
        counter.value += 1
    nslots = len(slots) // SLOT_FIELDS
    _W.update(spec=spec, settings=settings, slots=slots, slot=slot if slot < nslots else None)
    if _W["slot"] is not None:
        base = _W["slot"] * SLOT_FIELDS
        slots[base] = float(os.getpid())
        slots[base + 1] = -1.0
        slots[base + 2] = 0.0
    install_time_limit()
    if spec.init is not None:
        try:
            spec.init(settings)
        except Exception as exc:  # reported with the first record; the parent stops the run
            _W["init_error"] = str(exc) if isinstance(exc, CriticError) else f"{type(exc).__name__}: {exc}"


def _mark(index: int, started: float) -> None:
    slot = _W.get("slot")
    if slot is None:
        return
    slots = _W["slots"]
    base = slot * SLOT_FIELDS
    slots[base + 2] = started
    slots[base + 1] = float(index)


def _peak_rss_kb() -> int:
    try:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(rss // 1024) if sys.platform == "darwin" else int(rss)
    except (ImportError, OSError):
        return 0


def install_time_limit() -> bool:
    """Let :func:`run_file` stop a file at its time limit in this process; False where it cannot (no
    SIGALRM, or not the main thread)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    signal.signal(signal.SIGALRM, _on_alarm)
    return True


def run_file(work: Callable[[], dict[str, Any]], task: Task, timeout: float) -> dict[str, Any]:
    """Run one file's work under its time limit (where :func:`install_time_limit` armed it); any failure
    becomes the file's failed record with a one-line reason."""
    timer = (timeout > 0 and hasattr(signal, "setitimer") and signal.getsignal(signal.SIGALRM) is _on_alarm
             and threading.current_thread() is threading.main_thread())
    try:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            record = work()
        finally:
            if timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimeout:
        record = failed_record(task, f"took longer than the time limit of {timeout:g} s")
    except InputError as exc:
        record = failed_record(task, exc.problem)
    except CriticError as exc:
        record = failed_record(task, str(exc))
    except MemoryError:
        record = failed_record(task, "ran out of memory")
    except RecursionError:
        record = failed_record(task, "too deeply nested to review (a malformed file?)")
    except Exception as exc:  # a bug: keep the batch going, report it as this file's failure
        record = failed_record(task, f"internal error: {type(exc).__name__}: {exc}"[:300])
    record.setdefault("file", task.label)
    return record


def _worker_run(task: Task, timeout: float) -> dict[str, Any]:
    spec: WorkerSpec = _W["spec"]
    if _W.get("init_error"):
        return {"file": task.label, "status": "failed", "error": "", "_init_error": _W["init_error"]}
    _mark(task.index, time.time())
    try:
        record = run_file(lambda: spec.process(task, _W["settings"]), task, timeout)
    finally:
        _mark(-1, 0.0)
    record["_pid"] = os.getpid()
    record["_rss_kb"] = _peak_rss_kb()
    return record


# ---------------------------------------------------------------------------------------------------------
# parent side


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


class _Pool:
    """A ProcessPoolExecutor plus the shared slots its workers report into."""

    def __init__(self, jobs: int, spec: WorkerSpec, settings: Any, preload: Iterable[str]) -> None:
        ctx = _context()
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(list(preload))  # type: ignore[attr-defined]
        self.nslots = jobs * 4  # workers are never replaced within one executor; room to spare
        self.slots = ctx.Array("d", [0.0] * (self.nslots * SLOT_FIELDS), lock=False)
        self.counter = ctx.Value("i", 0)
        for i in range(self.nslots):
            self.slots[i * SLOT_FIELDS + 1] = -1.0
        self.executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=ctx,
            initializer=_worker_init,
            initargs=(spec, settings, self.slots, self.counter),
        )

    def running(self) -> list[tuple[int, int, float]]:
        """(pid, task index, start time) for every worker busy with a file."""
        out = []
        for i in range(self.nslots):
            base = i * SLOT_FIELDS
            pid, index, started = self.slots[base], self.slots[base + 1], self.slots[base + 2]
            if pid > 0 and index >= 0:
                out.append((int(pid), int(index), float(started)))
        return out

    def pids(self) -> list[int]:
        return [int(self.slots[i * SLOT_FIELDS]) for i in range(self.nslots) if self.slots[i * SLOT_FIELDS] > 0]

    def shutdown(self, *, kill: bool = False) -> None:
        """Stop the workers: let them finish their current file, or (kill) stop them at once."""
        if kill:
            for pid in self.pids():
                try:
                    os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
                except (ProcessLookupError, PermissionError):
                    pass
        try:
            self.executor.shutdown(wait=not kill, cancel_futures=True)
        except Exception:  # a broken pool may complain while shutting down; it is gone either way
            pass


def run_pool(
    tasks: Iterable[Task],
    spec: WorkerSpec,
    settings: Any,
    *,
    jobs: int,
    timeout: float,
    on_result: Callable[[Task, dict[str, Any]], None],
    on_tick: Callable[[], None] | None = None,
    preload: Iterable[str] = (),
    grace: float | None = None,
) -> PoolStats:
    """Run spec.process over tasks in `jobs` worker processes; on_result gets every (task, record).

    Every task yields exactly one record (status "ok" from the function, or "failed" with a reason).
    A worker still busy with one file `grace` seconds after its time limit (default: a quarter of the
    limit, at least 5 s) is killed. Raises CriticError when the workers cannot start (the initializer
    failed, e.g. a bad rule pack).
    """
    jobs = max(1, int(jobs))
    stats = PoolStats()
    pending: deque[Task] = deque(tasks)
    suspects: deque[Task] = deque()  # running when a worker died: retried one at a time
    isolating: Task | None = None  # the suspect currently running alone
    if grace is None:
        grace = max(WATCHDOG_GRACE_MIN, timeout * 0.25) if timeout > 0 else 0.0
    bound = jobs * INFLIGHT_PER_JOB
    preload = tuple(preload)
    pool = _Pool(jobs, spec, settings, preload)
    inflight: dict[Future[dict[str, Any]], Task] = {}
    killed: dict[int, Task] = {}  # task index -> task the watchdog stopped
    idle_breaks = 0  # pool breakages in a row with no file running: workers dying at start-up

    def submit(task: Task) -> None:
        inflight[pool.executor.submit(_worker_run, task, timeout)] = task

    def deliver(task: Task, record: dict[str, Any]) -> None:
        init_error = record.pop("_init_error", None)
        if init_error:
            raise CriticError(f"cannot start the review workers: {init_error}")
        pid = record.pop("_pid", None)
        if pid:
            stats.worker_pids.add(int(pid))
        stats.worker_peak_rss_kb = max(stats.worker_peak_rss_kb, int(record.pop("_rss_kb", 0) or 0))
        on_result(task, record)

    try:
        while pending or suspects or inflight:
            if suspects or isolating is not None:
                if not inflight and suspects:
                    isolating = suspects.popleft()
                    submit(isolating)
            else:
                while pending and len(inflight) < bound:
                    submit(pending.popleft())
            done, _ = wait(list(inflight), timeout=0.25, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                if _is_broken(future):
                    broken = True
                    continue
                task = inflight.pop(future)
                if task is isolating:
                    isolating = None
                try:
                    record = future.result()
                except Exception as exc:  # e.g. a record that cannot be pickled
                    record = failed_record(task, f"internal error: {type(exc).__name__}: {exc}"[:300])
                deliver(task, record)
            if not broken and timeout > 0:
                now = time.time()
                by_index = {t.index: t for t in inflight.values()}
                for pid, index, started in pool.running():
                    task = by_index.get(index)
                    if task is None or started <= 0 or index in killed or now - started <= timeout + grace:
                        continue
                    killed[index] = task
                    stats.killed += 1
                    try:
                        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
                    except ProcessLookupError:
                        pass
            if broken:
                wait(list(inflight), timeout=60)  # a broken pool fails every pending future promptly
                running = {index for _, index, _ in pool.running()}
                if not killed:
                    stats.crashed += 1
                idle_breaks = idle_breaks + 1 if not running and not killed else 0
                if idle_breaks >= 3:
                    raise CriticError("cannot start the review workers: they stop as soon as they start")
                for future, task in list(inflight.items()):
                    inflight.pop(future)
                    if not future.done():  # cannot happen with a broken pool; never lose a file
                        pending.appendleft(task)
                    elif not _is_broken(future):  # finished before the breakage
                        try:
                            deliver(task, future.result())
                        except CriticError:
                            raise
                        except Exception as exc:
                            deliver(task, failed_record(task, f"internal error: {type(exc).__name__}: {exc}"[:300]))
                    elif task.index in killed:
                        deliver(task, failed_record(task, f"took longer than the time limit of {timeout:g} s"))
                    elif task is isolating:
                        deliver(task, failed_record(
                            task, "the review process crashed on this file (a malformed file?)"))
                    elif task.index in running and not killed:
                        suspects.append(task)
                    else:
                        pending.appendleft(task)
                isolating = None
                killed.clear()
                pool.shutdown()
                stats.restarts += 1
                pool = _Pool(jobs, spec, settings, preload)
            if on_tick is not None:
                on_tick()
    except BaseException:  # Ctrl-C or an error: do not wait for files in progress (finished ones are cached)
        pool.shutdown(kill=True)
        raise
    pool.shutdown()
    return stats


def _is_broken(future: Future[Any]) -> bool:
    if not future.done() or future.cancelled():
        return False
    return isinstance(future.exception(), BrokenProcessPool)
