"""Benchmark `critic batch --executor ray` against the local pool on the same files (a script, not a test).

    .venv/bin/python tests/benchmarks/bench_ray.py [--files 200] [--jobs 2] [--repeat 2]

Generates --files varied resume PDFs (the batch benchmark's generator, fixed seed), then runs, in
interleaved rounds, `critic batch` with the local worker pool and with a local Ray runtime of the same
number of CPUs, each in a fresh Python process into a fresh output folder (no cache). For each it gives
the wall time (imports, Ray start-up and worker or actor set-up included) and the steady rate: files per
second per core between the 10th percentile and the last completion, which is what a long job sees once
its workers are up. The best round of each kind is kept (other load on the machine only adds time).
The capacity lines turn the steady rate into documents per day per core and the cores a 1M/day job needs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DAY = 86400.0


def _generate(out: Path, n: int) -> list[Path]:
    spec = importlib.util.spec_from_file_location("bench_batch", HERE / "bench_batch.py")
    if spec is None or spec.loader is None:
        raise SystemExit("tests/benchmarks/bench_batch.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.generate(out, n))


class _Clock:
    """A progress stream that notes when each file's line is written (one line per finished file)."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def write(self, text: str) -> int:
        self.times.extend(time.perf_counter() for _ in range(text.count("\n")))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def child(files: list[str], jobs: int, outdir: str, executor: str, started: float) -> dict[str, Any]:
    """One `critic batch` run in this process (as the CLI runs it), with completion times."""
    from critic.batch import BatchOptions, run_batch

    clock = _Clock()
    result = run_batch(BatchOptions(paths=files, outdir=outdir, jobs=jobs, tty=False, executor=executor,
                                    fail_on="none"), progress_stream=clock)
    times = sorted(clock.times)
    first = times[len(times) // 10]
    steady = (len(times) - 1 - len(times) // 10) / (times[-1] - first) if times[-1] > first else 0.0
    return {"wall": time.time() - started, "steady_per_s": steady, "files": len(result.records),
            "failed": [r["file"] for r in result.failed]}


def measure(executor: str, listing: Path, jobs: int, outdir: Path) -> dict[str, Any]:
    shutil.rmtree(outdir, ignore_errors=True)
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    started = time.time()
    proc = subprocess.run([sys.executable, __file__, "--child", executor, "--listing", str(listing),
                           "--child-jobs", str(jobs), "--child-out", str(outdir), "--started", repr(started)],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{executor} run failed:\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["wall"] = time.time() - started
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark critic batch on Ray against the local pool.")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes / Ray CPUs")
    ap.add_argument("--repeat", type=int, default=2, help="interleaved rounds; the best of each kind is kept")
    ap.add_argument("--work", type=Path, default=None, help="keep generated PDFs and outputs here")
    ap.add_argument("--child", choices=("local", "ray"), help=argparse.SUPPRESS)
    ap.add_argument("--listing", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-jobs", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-out", help=argparse.SUPPRESS)
    ap.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        files = [f for f in args.listing.read_text(encoding="utf-8").split("\n") if f]
        print(json.dumps(child(files, args.child_jobs, args.child_out, args.child, args.started)))
        return 0

    work = args.work or Path(tempfile.mkdtemp(prefix="critic-bench-ray-"))
    pdfs = work / "pdfs"
    if pdfs.is_dir() and len(list(pdfs.glob("*.pdf"))) >= args.files:
        paths = sorted(pdfs.glob("*.pdf"))[: args.files]
    else:
        paths = _generate(pdfs, args.files)
    listing = work / "files.txt"
    listing.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    n = len(paths)
    print(f"{n} PDFs; {args.jobs} workers / Ray CPUs; {os.cpu_count()} CPUs on this machine; "
          f"Python {sys.version.split()[0]}")

    best: dict[str, dict[str, Any]] = {}
    for _ in range(args.repeat):
        for executor in ("local", "ray"):
            data = measure(executor, listing, args.jobs, work / f"out-{executor}")
            if data["failed"]:
                print(f"warning: {len(data['failed'])} files failed with {executor}: {data['failed'][:3]}")
            if executor not in best or data["wall"] < best[executor]["wall"]:
                best[executor] = data
    print(f"\nbest of {args.repeat} rounds")
    print(f"{'executor':>8} {'wall s':>7} {'files/s/core (wall)':>20} {'files/s/core (steady)':>22} "
          f"{'docs/day/core (steady)':>23}")
    for executor in ("local", "ray"):
        d = best[executor]
        per_core = d["steady_per_s"] / args.jobs
        print(f"{executor:>8} {d['wall']:>7.1f} {n / d['wall'] / args.jobs:>20.2f} {per_core:>22.2f} "
              f"{per_core * DAY:>23,.0f}")
    local, on_ray = best["local"], best["ray"]
    if local["steady_per_s"] and on_ray["steady_per_s"]:
        per_doc = (1 / on_ray["steady_per_s"] - 1 / local["steady_per_s"]) * args.jobs * 1000
        print(f"\nRay overhead per document (steady, per core): {per_doc:+.0f} ms "
              f"({local['steady_per_s'] / on_ray['steady_per_s']:.2f}x the local pool's time); "
              f"fixed start-up: Ray {on_ray['wall'] - n / on_ray['steady_per_s']:.0f} s, "
              f"local {local['wall'] - n / local['steady_per_s']:.0f} s")
        for executor in ("local", "ray"):
            per_core_day = best[executor]["steady_per_s"] / args.jobs * DAY
            print(f"1M documents/day with {executor}: {math.ceil(1e6 / per_core_day)} cores at full load")
    return 0


if __name__ == "__main__":
    sys.exit(main())
