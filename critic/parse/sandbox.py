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
    max_items: int = 1000  # items judged in one document (the rest are cut and reported)
    max_item_chars: int = 20000  # longer items are not judged (reported)

    def check(self) -> None:
        if min(self.max_mb, self.max_pages, self.timeout_s, self.memory_mb, self.max_items, self.max_item_chars) <= 0:
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


def clamp_limits(resource: Any, which: int, want: int) -> None:
    """Set a soft resource limit to want, never above the hard limit (a shell's `ulimit -v` is kept)."""
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    try:
        resource.setrlimit(which, (want, hard))
    except (ValueError, OSError):
        pass  # keep the limit already in force


def plain_failure(exc: BaseException) -> str:
    """One sentence for a parser's unexpected exception, without Python or library internals."""
    name = type(exc).__name__
    module = type(exc).__module__ or ""
    if name == "error" and module == "zlib":
        return "a compressed part of the file is damaged"
    if "pdfium" in module.lower() or "pdfminer" in module.lower() or name.startswith(("Pdf", "PDF", "PS")):
        return "damaged or unsupported PDF structure"
    if "zipfile" in module or name == "BadZipFile":
        return "damaged ZIP archive"
    if "lxml" in module or "xml" in module.lower():
        return "malformed XML inside the file"
    if isinstance(exc, UnicodeError):
        return "text in an encoding that cannot be read"
    if isinstance(exc, ValueError) and "max_str_digits" in str(exc):
        return "a number too long to read"
    return "the file is damaged or uses a structure critic cannot read"


def _run(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return ("ok", func(*args))
    except InputError as exc:
        return ("input", exc.problem)
    except MemoryError:
        return ("memory", None)
    except RecursionError:
        return ("input", "too deeply nested to read (a malformed or hostile file)")
    except Exception as exc:  # a parser bug or an unreadable file: report it as the file's problem
        return ("crash", plain_failure(exc))


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> None:
    import resource

    budget = limits.memory_mb * 1024 * 1024
    base = vm_size_bytes()
    if base:
        clamp_limits(resource, resource.RLIMIT_AS, base + budget)
    cpu = max(1, int(limits.timeout_s + 0.999))
    clamp_limits(resource, resource.RLIMIT_CPU, cpu)
    result = _run(func, args)
    try:
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory", None))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        payload = pickle.dumps(("crash", "the result could not be passed back"))
    conn.send_bytes(payload)
    conn.close()


def run_limited(func: Callable[..., T], *args: Any, source: str, limits: Limits, action: str = "parsing") -> T:
    """Call func(*args) in a limited child process and return its result.

    Raises InputError(source, ...) when the child exceeds memory, CPU or wall-clock limits, or dies.
    Exceptions other than InputError raised by func are reported as unreadable-file errors, in plain words;
    `action` names the work in those messages ("parsing", "reviewing").
    """
    return start_limited(func, *args, source=source, limits=limits, action=action)()


def start_limited(func: Callable[..., T], *args: Any, source: str, limits: Limits,
                  action: str = "parsing") -> Callable[[], T]:
    """Start func(*args) in a limited child process; the returned function waits for its result, as
    :func:`run_limited` returns it, so the caller can work meanwhile (the time limit runs from now)."""
    if not limits.sandbox or not can_sandbox():
        def here() -> T:
            status, value = _run(func, args)
            if status == "memory":
                raise MemoryError
            return _result(status, value, source, limits, action)

        return here
    ctx = multiprocessing.get_context("fork")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child_conn, func, args, limits), daemon=True)
    proc.start()
    child_conn.close()
    deadline = time.monotonic() + limits.timeout_s
    return lambda: _finish(proc, parent_conn, deadline, source, limits, action)


def _finish(proc: Any, parent_conn: Any, deadline: float, source: str, limits: Limits, action: str) -> Any:
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
            raise InputError(source, f"{action} took longer than the time limit of {limits.timeout_s:g} s "
                             "(a malformed or hostile file?)")
        if code is not None and code < 0 and -code == signal.SIGKILL:
            raise InputError(source, f"{action} needed more than the memory limit of {limits.memory_mb} MB "
                             "(a decompression bomb?)")
        raise InputError(source, f"{action} stopped unexpectedly (exit code {code})")
    status, value = pickle.loads(payload)
    return _result(status, value, source, limits, action)


def _result(status: str, value: Any, source: str, limits: Limits, action: str) -> Any:
    if status == "ok":
        return value
    if status == "input":
        raise InputError(source, value)
    if status == "memory":
        raise InputError(source, f"{action} needed more than the memory limit of {limits.memory_mb} MB "
                         "(a decompression bomb?)")
    raise InputError(source, f"could not be read: {value}")
