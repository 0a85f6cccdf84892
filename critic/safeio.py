"""Read input files safely: regular files only, never more than a size limit, never blocking.

A FIFO, a character device (``/dev/zero``) or a socket reports a size of 0 and can be read forever or
block forever, so a file is opened non-blocking, checked with ``fstat`` on the opened descriptor (no race
with a rename) and read up to the limit plus one byte.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from critic.errors import InputError

STDIN_NAMES = ("-",)
_CHUNK = 1 << 20


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return f"cannot be read: {exc.strerror or 'input/output error'}"


def too_big(size: float, max_bytes: int) -> str:
    """The message for a file over the size limit."""
    return f"file is {size / 1048576:.1f} MB, over the size limit of {max_bytes / 1048576:g} MB"


def open_regular(path: str | Path, name: str | None = None) -> BinaryIO:
    """Open path for binary reading if it is a regular file (symbolic links followed); else InputError."""
    label = str(name if name is not None else path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(label, _os_problem(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(label, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(label, "is not a regular file (a pipe, device or socket); give a saved file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(fh: BinaryIO, max_bytes: int, label: str) -> bytes:
    """At most max_bytes from an open stream; InputError when there is more."""
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= max_bytes:
            block = fh.read(min(_CHUNK, max_bytes + 1 - total))
            if not block:
                break
            chunks.append(block)
            total += len(block)
    except OSError as exc:
        raise InputError(label, _os_problem(exc)) from None
    if total > max_bytes:
        raise InputError(label, f"over the size limit of {max_bytes / 1048576:g} MB")
    return b"".join(chunks)


def read_regular(path: str | Path, max_bytes: int, name: str | None = None) -> bytes:
    """The bytes of a regular file of at most max_bytes; InputError (naming the file) otherwise.

    ``-`` reads standard input (bounded the same way).
    """
    label = str(name if name is not None else path)
    if str(path) in STDIN_NAMES:
        return read_limited(sys.stdin.buffer, max_bytes, "<stdin>" if name is None else label)
    with open_regular(path, label) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise InputError(label, too_big(size, max_bytes))
        return read_limited(fh, max_bytes, label)


def read_text_file(path: str | Path, max_bytes: int = 20 << 20, name: str | None = None) -> str:
    """A regular UTF-8 text file (BOM allowed) of at most max_bytes; InputError otherwise."""
    label = str(name if name is not None else path)
    data = read_regular(path, max_bytes, label)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(label, "is not UTF-8 text") from None
