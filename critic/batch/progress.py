"""Progress for `critic batch`: a one-line bar on a terminal (done / failed / ETA), plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Counts finished files and shows them.

    On a terminal: a bar redrawn in place at most every 0.1 s. Otherwise one line per file
    (``[ 12/200] ok      cohort/alice.pdf  score 72``), unless quiet.
    """

    def __init__(self, total: int, *, stream: TextIO | None = None, tty: bool | None = None,
                 quiet: bool = False, width: int = 28) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.quiet = quiet
        self.width = width
        self.done = 0
        self.failed = 0
        self.cached = 0
        self._start = time.monotonic()
        self._reviewed_time = 0.0  # seconds of wall time spent on files not served from the cache
        self._last_draw = 0.0
        self._drawn = False

    def eta(self) -> float | None:
        """Seconds left, from the rate of reviewed (not cached) files so far."""
        reviewed = self.done - self.cached
        left = self.total - self.done
        if left <= 0:
            return 0.0
        if reviewed <= 0:
            return None
        elapsed = time.monotonic() - self._start
        return elapsed / reviewed * left

    def line(self) -> str:
        """The bar's text."""
        frac = self.done / self.total if self.total else 1.0
        filled = int(frac * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        eta = self.eta()
        eta_text = "--:--" if eta is None else _clock(eta)
        bits = [f"[{bar}] {self.done}/{self.total}", f"failed {self.failed}"]
        if self.cached:
            bits.append(f"cached {self.cached}")
        bits.append(f"ETA {eta_text}")
        return "  ".join(bits)

    def update(self, label: str, status: str, *, cached: bool = False, detail: str = "") -> None:
        """Record one finished file (status "ok" or "failed") and show it."""
        self.done += 1
        if status != "ok":
            self.failed += 1
        if cached:
            self.cached += 1
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw >= 0.1 or self.done == self.total:
                self._draw()
                self._last_draw = now
        elif not self.quiet or status != "ok":
            n = len(str(self.total))
            tag = "failed" if status != "ok" else ("cached" if cached else "ok")
            text = f"[{self.done:>{n}}/{self.total}] {tag:<7} {label}"
            if detail:
                text += (": " if status != "ok" else "  ") + detail
            print(text, file=self.stream, flush=True)

    def tick(self) -> None:
        """Redraw the bar (ETA moves even when no file finished)."""
        if self.tty and time.monotonic() - self._last_draw >= 0.5:
            self._draw()
            self._last_draw = time.monotonic()

    def _draw(self) -> None:
        self.stream.write("\r\x1b[2K" + self.line())
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line."""
        if self.tty and self._drawn:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._start
