"""Special files (FIFOs, devices, links out of a folder) are refused at once, never read or waited on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from critic.errors import InputError
from critic.parse import Limits, read_input
from critic.safeio import read_regular

ROOT = Path(__file__).resolve().parents[1]
RESUME = "Jo Park\n\nEXPERIENCE\nAcme, Product Manager, 2021-2024\n- Led the launch of a search feature.\n"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")


def critic(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "critic", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=timeout, stdin=subprocess.DEVNULL)


@needs_fifo
def test_read_input_refuses_a_fifo_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "resume.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_input(fifo, Limits())


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_not_read_forever() -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_input("/dev/zero", Limits())


def test_reads_stop_at_the_limit_plus_one_byte(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    assert read_regular(path, 2048) == b"x" * 2048
    with pytest.raises(InputError, match="over the size limit"):
        read_regular(path, 2047)


def test_a_folder_and_a_missing_file_say_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_regular(tmp_path, 100)
    with pytest.raises(InputError, match="no such file"):
        read_regular(tmp_path / "nope.txt", 100)


@needs_fifo
@pytest.mark.parametrize("args", [
    ("review", "{fifo}"), ("parse", "{fifo}"), ("screen", "{fifo}"), ("drill", "--answers", "{fifo}"),
    ("eval", "{fifo}"), ("screen", "--jd", "{fifo}", "{resume}"),
])
def test_commands_refuse_a_fifo(tmp_path: Path, args: tuple[str, ...]) -> None:
    fifo = tmp_path / "answers.txt"
    os.mkfifo(fifo)
    (tmp_path / "resume.txt").write_text(RESUME, encoding="utf-8")
    out = critic(*(a.format(fifo=fifo, resume=tmp_path / "resume.txt") for a in args), cwd=tmp_path, timeout=60)
    assert out.returncode == 2, out.stderr
    assert "not a regular file" in out.stderr
    assert "Traceback" not in out.stderr


@needs_fifo
def test_batch_skips_links_out_of_the_folder_and_refuses_fifos(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    (cohort / "jo.txt").write_text(RESUME, encoding="utf-8")
    os.mkfifo(cohort / "pipe.txt")
    outside = tmp_path / "private.txt"
    outside.write_text(RESUME.replace("Jo Park", "Kim Outside"), encoding="utf-8")
    (cohort / "leak.txt").symlink_to(outside)
    (cohort / "zero.txt").symlink_to("/dev/zero")
    (cohort / "inside.txt").symlink_to(cohort / "jo.txt")  # inside the folder: the same file, kept once
    out = critic("batch", "cohort", "-o", "out", "-j", "1", "--no-progress", cwd=tmp_path, timeout=300)
    assert out.returncode == 2, out.stderr  # the FIFO is a failed row
    assert "Traceback" not in out.stderr
    assert "cohort/leak.txt: skipped: a symbolic link to a file outside the folders named" in out.stdout
    assert "cohort/zero.txt: skipped" in out.stdout
    rows = (tmp_path / "out" / "cohort.csv").read_text(encoding="utf-8")
    assert "Kim Outside" not in rows and "leak.txt" not in rows
    assert "cohort/pipe.txt,failed" in rows and "not a regular file" in rows
    assert "cohort/inside.txt" in rows or "cohort/jo.txt" in rows


def test_the_screen_page_carries_a_content_security_policy() -> None:
    from critic.screen.html import render_html

    page = render_html([], {}, [])
    assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" in page


def test_parse_prints_no_escape_sequences_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "cv\x1b[31m.txt").write_text("Jo\x1b]0;owned\x07 Park\n\nEXPERIENCE\n- Led \u202esearch\n",
                                            encoding="utf-8")
    out = critic("parse", "cv\x1b[31m.txt", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout and "\u202e" not in out.stdout and "Jo Park" in out.stdout
    missing = critic("parse", "gone\x1b[2J.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "\x1b" not in missing.stderr


def test_batch_bounds_the_items_judged_and_reports_the_cut(tmp_path: Path) -> None:
    from critic.batch.runner import BatchOptions, run_batch

    (tmp_path / "cohort").mkdir()
    bullets = "".join(f"- Shipped release {n} of the search bar\n" for n in range(6))
    (tmp_path / "cohort" / "jo.txt").write_text(RESUME + bullets, encoding="utf-8")
    result = run_batch(BatchOptions(paths=[str(tmp_path / "cohort")], outdir=str(tmp_path / "out"), jobs=1,
                                    quiet=True, tty=False, limits_overrides={"max_items": 3}))
    record = result.records[0]
    assert record["status"] == "ok" and record["items"] == 3
    assert any("only the first 3 items were judged" in w for w in record["warnings"])
