"""Progress: a redrawn bar on a terminal, one plain line per file otherwise."""

from __future__ import annotations

import io

from critic.batch.progress import Progress


def test_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    p = Progress(3, stream=out, tty=False)
    p.update("a.pdf", "ok", detail="score 71")
    p.update("b.pdf", "failed", detail="encrypted PDF")
    p.update("c.pdf", "ok", cached=True, detail="score 50")
    p.close()
    assert out.getvalue().splitlines() == [
        "[1/3] ok      a.pdf  score 71",
        "[2/3] failed  b.pdf: encrypted PDF",
        "[3/3] cached  c.pdf  score 50",
    ]


def test_quiet_keeps_only_failures() -> None:
    out = io.StringIO()
    p = Progress(2, stream=out, tty=False, quiet=True)
    p.update("a.pdf", "ok")
    p.update("b.pdf", "failed", detail="empty file")
    assert out.getvalue() == "[2/2] failed  b.pdf: empty file\n"


def test_bar_on_a_terminal_counts_done_failed_and_ends_its_line() -> None:
    out = io.StringIO()
    p = Progress(4, stream=out, tty=True, width=8)
    assert p.eta() is None
    p.update("a.pdf", "ok")
    p.update("b.pdf", "failed", detail="x")
    assert p.line().startswith("[####----] 2/4  failed 1  ETA ")
    assert p.eta() is not None
    p.update("c.pdf", "ok", cached=True)
    p.update("d.pdf", "ok")
    p.close()
    text = out.getvalue()
    assert "\n" not in text[:-1] and text.endswith("\n")  # redrawn in place, one final newline
    assert text.rstrip("\n").split("\r")[-1] == "\x1b[2K[########] 4/4  failed 1  cached 1  ETA 0:00"
    assert "a.pdf" not in text  # no per-file lines under the bar
