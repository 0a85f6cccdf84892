"""Run a parser on untrusted bytes under memory, CPU and wall-clock limits.

A 1.4 KB PDF of nested FlateDecode streams can inflate to gigabytes and a small PDF of repeated
operators can keep a PDF library busy for minutes, so parsing happens in a forked child process with
RLIMIT_AS / RLIMIT_CPU set and a wall-clock deadline; the parent turns any overrun into an InputError.
Off Linux (no safe fork), parsing runs in-process with only the size and page limits.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from critic.errors import InputError

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """Resource limits for parsing one input; all configurable."""

    max_mb: float = 20.0  # file size
    max_pages: int = 50
    timeout_s: float = 60.0  # wall clock and CPU seconds for one file
    memory_mb: int = 2048  # extra address space the parser may use
    sandbox: bool = True  # False: parse in-process (tests, trusted input)

    def check(self) -> None:
        if self.max_mb <= 0 or self.max_pages <= 0 or self.timeout_s <= 0 or self.memory_mb <= 0:
            raise ValueError("parse limits must be positive")


def can_sandbox() -> bool:
    """Whether this platform supports the forked, resource-limited child."""
    if not sys.platform.startswith("linux"):
        return False  # fork is unsafe on macOS and absent on Windows
    return "fork" in multiprocessing.get_all_start_methods()


def vm_size_bytes() -> int:
    """This process's virtual memory size in bytes (0 where /proc is unavailable)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> None:
    import resource

    budget = limits.memory_mb * 1024 * 1024
    base = vm_size_bytes()
    if base:
        resource.setrlimit(resource.RLIMIT_AS, (base + budget, base + budget))
    cpu = max(1, int(limits.timeout_s + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    try:
        result: tuple[str, Any] = ("ok", func(*args))
    except InputError as exc:
        result = ("input", exc.problem)
    except MemoryError:
        result = ("memory", None)
    except RecursionError:
        result = ("input", "too deeply nested to parse (a malformed or hostile file)")
    except Exception as exc:  # a parser bug or an unreadable file: report it as the file's problem
        result = ("crash", f"{type(exc).__name__}: {exc}"[:300])
    try:
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory", None))
    conn.send_bytes(payload)
    conn.close()


def run_limited(func: Callable[..., T], *args: Any, source: str, limits: Limits) -> T:
    """Call func(*args) in a limited child process and return its result.

    Raises InputError(source, ...) when the child exceeds memory, CPU or wall-clock limits, or dies.
    Exceptions other than InputError raised by func are reported as unreadable-file errors.
    """
    return start_limited(func, *args, source=source, limits=limits)()


def start_limited(func: Callable[..., T], *args: Any, source: str, limits: Limits) -> Callable[[], T]:
    """Start func(*args) in a limited child process; the returned function waits for its result, as
    :func:`run_limited` returns it, so the caller can work meanwhile (the time limit runs from now)."""
    if not limits.sandbox or not can_sandbox():
        return lambda: func(*args)
    ctx = multiprocessing.get_context("fork")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child_conn, func, args, limits), daemon=True)
    proc.start()
    child_conn.close()
    deadline = time.monotonic() + limits.timeout_s
    return lambda: _finish(proc, parent_conn, deadline, source, limits)


def _finish(proc: Any, parent_conn: Any, deadline: float, source: str, limits: Limits) -> Any:
    payload: bytes | None = None
    timed_out = False
    try:
        while payload is None:
            remaining = max(0.0, deadline - time.monotonic())
            if parent_conn.poll(min(remaining, 0.5)):  # a result sent in time is read however late
                try:
                    payload = parent_conn.recv_bytes()
                except EOFError:
                    break
            elif remaining <= 0:
                timed_out = True
                break
            elif not proc.is_alive():
                # the child may have died after sending; one last non-blocking look
                if parent_conn.poll(0):
                    try:
                        payload = parent_conn.recv_bytes()
                    except EOFError:
                        pass
                break
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent_conn.close()
    if payload is None:
        code = proc.exitcode
        if (code is not None and code < 0 and -code == signal.SIGXCPU) or timed_out:
            raise InputError(source, f"parsing took longer than the time limit of {limits.timeout_s:g} s "
                             "(a malformed or hostile file?)")
        if code is not None and code < 0 and -code == signal.SIGKILL:
            raise InputError(source, f"parsing needed more than the memory limit of {limits.memory_mb} MB "
                             "(a decompression bomb?)")
        raise InputError(source, f"the parser stopped unexpectedly (exit code {code})")
    status, value = pickle.loads(payload)
    if status == "ok":
        return value
    if status == "input":
        raise InputError(source, value)
    if status == "memory":
        raise InputError(source, f"parsing needed more than the memory limit of {limits.memory_mb} MB "
                         "(a decompression bomb?)")
    raise InputError(source, f"could not be read: {value}")

