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


def test_parser_bug_is_reported_as_unreadable_file() -> None:
    with pytest.raises(InputError, match="could not be read: ValueError: boom"):
        run_limited(_bug, source="odd.pdf", limits=Limits())


def test_without_sandbox_runs_in_process() -> None:
    assert run_limited(_ok, 2, source="f", limits=Limits(sandbox=False)) == 4
