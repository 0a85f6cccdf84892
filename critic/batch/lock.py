"""One `critic batch` at a time per output folder: an exclusive lock on OUTDIR/.cache/lock.

Two batches writing one folder would interleave their rows and prune each other's reports; the second
one stops at once with a reason instead (exit 2). The lock is an OS file lock, released when the process
ends however it ends, so a killed batch never leaves a stale lock behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from critic.errors import CriticError

LOCK_NAME = "lock"


@contextmanager
def output_lock(folder: Path, outdir: Path) -> Iterator[None]:
    """Hold an exclusive lock on folder/lock for the block; CriticError when another process holds it."""
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): run unlocked
        yield
        return
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise CriticError(f"{outdir}: another `critic batch` is writing to this folder; wait for it to "
                              "finish or choose another output folder") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
