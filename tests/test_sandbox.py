"""The resource-limited child process that parses untrusted input."""

from __future__ import annotations

import pytest

from critic.errors import InputError
from critic.parse.sandbox import Limits, can_sandbox, run_limited

pytestmark = pytest.mark.skipif(not can_sandbox(), reason="resource-limited fork needs Linux")


def _ok(x: int) -> int:
    return x * 2


def _hog_memory() -> int:
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))


def _spin() -> None:
    while True:
        pass


def _refuse() -> None:
    raise InputError("ignored", "encrypted PDF")


def _bug() -> None:
    raise ValueError("boom")


def test_result_comes_back() -> None:
    assert run_limited(_ok, 21, source="f", limits=Limits()) == 42


def test_memory_limit_becomes_input_error() -> None:
    with pytest.raises(InputError, match="memory limit of 64 MB") as info:
        run_limited(_hog_memory, source="bomb.pdf", limits=Limits(memory_mb=64, timeout_s=20))
    assert info.value.source == "bomb.pdf"


def test_time_limit_becomes_input_error() -> None:
    with pytest.raises(InputError, match="time limit of 1 s"):
        run_limited(_spin, source="slow.pdf", limits=Limits(timeout_s=1))


def test_input_error_keeps_its_problem_and_names_the_source() -> None:
    with pytest.raises(InputError) as info:
        run_limited(_refuse, source="locked.pdf", limits=Limits())
    assert str(info.value) == "locked.pdf: encrypted PDF"


def test_parser_bug_is_reported_as_unreadable_file_in_plain_words() -> None:
    for limits in (Limits(), Limits(sandbox=False)):
        with pytest.raises(InputError, match="could not be read") as info:
            run_limited(_bug, source="odd.pdf", limits=limits)
        assert "ValueError" not in str(info.value) and "boom" not in str(info.value)


def _zlib_bug() -> None:
    import zlib

    zlib.decompress(b"not deflate data")


def test_library_errors_become_a_sentence() -> None:
    with pytest.raises(InputError) as info:
        run_limited(_zlib_bug, source="odd.docx", limits=Limits())
    assert str(info.value) == "odd.docx: could not be read: a compressed part of the file is damaged"


def test_a_hard_address_space_limit_below_the_budget_is_respected() -> None:
    """Under `ulimit -v` the child keeps the hard limit instead of failing to raise it."""
    import subprocess
    import sys

    code = (
        "import resource\n"
        "from critic.parse.sandbox import Limits, run_limited, vm_size_bytes\n"
        "cap = vm_size_bytes() + 512 * 1024 * 1024\n"
        "resource.setrlimit(resource.RLIMIT_AS, (cap, cap))\n"
        "print(run_limited(pow, 6, 7, source='f', limits=Limits(memory_mb=4096)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(6**7)


def test_without_sandbox_runs_in_process() -> None:
    assert run_limited(_ok, 2, source="f", limits=Limits(sandbox=False)) == 4
