"""Benchmark one `critic review` of the bundled sample PDF against `python -c "import spacy"` (a script).

    .venv/bin/python tests/benchmarks/bench_startup.py [--rounds 9] [--file fixtures/resumes/sample_resume.pdf]

Each round runs both commands once, in fresh processes and in alternating order (so load from other
work on the machine falls on both alike), and takes their wall times; the figures are the medians over
the rounds and the median of the per-round ratios. Target (issue 12): the review takes at most 1.5x the
spaCy import.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = 1.5


def _critic() -> list[str]:
    """The installed `critic` script beside this Python, else `python -m critic`."""
    script = Path(sys.executable).with_name("critic")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "critic"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], ok: tuple[int, ...]) -> tuple[float, float]:
    """Wall and CPU seconds (the process and the children it waited for) of one run."""
    cpu, started = _cpu(), time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return wall, _cpu() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time one critic review against the spaCy import.")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--file", default="fixtures/resumes/sample_resume.pdf")
    args = ap.parse_args(argv)
    spacy_cmd = [sys.executable, "-c", "import spacy"]
    review_cmd = [*_critic(), "review", args.file]
    if shutil.which(review_cmd[0]) is None and not Path(review_cmd[0]).is_file():
        raise SystemExit(f"cannot run {review_cmd[0]}")
    _run(spacy_cmd, (0,))  # warm the file cache for both
    _run(review_cmd, (0, 1))
    spacy_times, review_times, ratios, cpu_ratios = [], [], [], []
    for n in range(args.rounds):
        pair = [("spacy", spacy_cmd, (0,)), ("review", review_cmd, (0, 1))]
        if n % 2:
            pair.reverse()
        runs = {name: _run(cmd, ok) for name, cmd, ok in pair}
        spacy_times.append(runs["spacy"][0])
        review_times.append(runs["review"][0])
        ratios.append(runs["review"][0] / runs["spacy"][0])
        cpu_ratios.append(runs["review"][1] / runs["spacy"][1])
    s, r = statistics.median(spacy_times), statistics.median(review_times)
    ratio = statistics.median(ratios)
    print(f"{args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"python -c 'import spacy'   {s * 1000:7.0f} ms")
    print(f"critic review {args.file}   {r * 1000:7.0f} ms")
    print(f"CPU time ratio {statistics.median(cpu_ratios):.2f}x (the review's process and its parse child; "
          "less sensitive to other load than wall time)")
    print(f"ratio {ratio:.2f}x (median of per-round ratios; {r / s:.2f}x of the medians); target <= {TARGET}x: "
          f"{'met' if ratio <= TARGET else 'not met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
