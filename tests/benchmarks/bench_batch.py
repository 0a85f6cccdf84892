"""Benchmark `critic batch` against bare pdfplumber extraction of the same PDFs (a script, not a test).

    .venv/bin/python tests/benchmarks/bench_batch.py [--files 200] [--jobs 1,2] [--sizes 50,100,200]

1. Generates --files varied resume PDFs (1-2 pages) with the fixture generator (fixtures/make_fixtures.py,
   fpdf2 and the Liberation/DejaVu fonts): invented people whose roles and bullets are drawn, with a fixed
   seed, from the fixture personas; single-column layouts with different fonts sizes, date styles, bullet
   glyphs and section orders, two-page resumes with running headers/footers, and two-column layouts.
2. The extraction floor: a ProcessPoolExecutor of N workers opening each PDF with pdfplumber and calling
   page.extract_text() on every page.
   (critic itself reads PDFs through PDFium, pypdfium2, which pdfplumber also installs; the per-stage
   breakdown also times bare PDFium text extraction, for reference.)
3. `critic batch` (run_batch, as the CLI runs it) with N workers into a fresh output folder (no cache):
   parse, rules, rewrites, scores, HTML + JSON reports per file, cohort.csv/jsonl and the dashboard.
Each measurement runs in a fresh Python process (imports and worker start-up included, as a user sees
it) and the wall time is taken around that process. Peak memory is the largest worker's peak RSS (its
ru_maxrss, reported by the worker with every result) and the parent's own peak RSS.

Targets (issue 6): critic <= 1.25x the floor at equal workers, >= 1.7x speed-up from 1 to 2 workers,
worker memory flat in the number of files.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIRST = ["Avery", "Noor", "Tomas", "Ines", "Kenji", "Leila", "Oskar", "Priti", "Rafael", "Sunniva", "Theo",
         "Yara", "Bram", "Chidi", "Dalia", "Emeka", "Freya", "Gideon", "Hana", "Ivo"]
LAST = ["Ashdown", "Brightwater", "Calloway", "Dunmore", "Everly", "Fairbank", "Greystone", "Holloway",
        "Ironside", "Jessop", "Kingsley", "Larkspur", "Merriweather", "Northcott", "Oakhurst", "Pemberton"]


def _fixture_generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "fixtures" / "make_fixtures.py")
    if spec is None or spec.loader is None:
        raise SystemExit("fixtures/make_fixtures.py not found")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_fixtures"] = module
    spec.loader.exec_module(module)
    return module


def generate(out: Path, n: int, seed: int = 6) -> list[Path]:
    """n varied resume PDFs in out (deterministic for a seed)."""
    mf = _fixture_generator()
    fonts = mf.find_fonts()
    if fonts is None:
        raise SystemExit("fonts missing: install fonts-liberation and fonts-dejavu-core (see fixtures/README.md)")
    rng = random.Random(seed)
    personas = [p for p in mf.PERSONAS.values() if p.roles]
    roles = [r for p in personas for r in p.roles if len(r.bullets) >= 2]
    summaries = [p.summary for p in personas if p.summary]
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for i in range(n):
            base = personas[i % len(personas)]
            layout = rng.random()
            two_page = layout < 0.25
            two_col = 0.25 <= layout < 0.40
            picked = rng.sample(roles, 5 if two_page else (3 if two_col else rng.choice((3, 4))))
            new_roles = []
            for role in picked:
                k = min(len(role.bullets), rng.randint(5, 6) if two_page else rng.randint(3, 5 if not two_col else 4))
                new_roles.append(replace(role, bullets=tuple(rng.sample(role.bullets, k))))
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            person = replace(base, name=name, email=f"{name.lower().replace(' ', '.')}@example.com",
                             summary=rng.choice(summaries)[:2 if two_col else 3], roles=tuple(new_roles))
            stem = f"bench_{i:04d}"
            mf.PERSONAS[stem] = person
            try:
                if two_col:
                    mf.pdf_two_column(stem, out, fonts, work, sidebar=rng.choice(("left", "right")))
                else:
                    raise ValueError("single column")
            except (AssertionError, ValueError):
                mf.pdf_single_column(
                    stem, out, fonts, work, exercises=[], body_size=rng.choice((9.5, 10, 10.5)),
                    style=rng.choice(("mon", "year", "mm/yyyy")), marker=rng.choice(("\u2022", "\u2013", "\u25aa")),
                    order=rng.choice((("summary", "experience", "projects", "education", "skills"),
                                      ("summary", "experience", "education", "skills", "projects"))),
                    running_header=f"{name} - Resume" if two_page else None, footer=two_page)
            paths.append(out / f"{stem}.pdf")
    return paths


# ---------------------------------------------------------------------------------------------------------
# children (each measurement runs in its own process)


def _peak_rss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _extract(path: str) -> tuple[int, int]:
    import pdfplumber

    chars = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            page.close()
    return chars, _peak_rss_kb()


def child_floor(files: list[str], jobs: int) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(_extract, files, chunksize=1))
    return {"files": len(files), "chars": sum(c for c, _ in results),
            "worker_peak_rss_kb": max(r for _, r in results), "parent_peak_rss_kb": _peak_rss_kb()}


def child_critic(files: list[str], jobs: int, outdir: str) -> dict[str, Any]:
    from critic.batch import BatchOptions, run_batch

    with open(os.devnull, "w") as devnull:
        result = run_batch(BatchOptions(paths=files, outdir=outdir, jobs=jobs, quiet=True, tty=False),
                           progress_stream=devnull)
    failed = [r["file"] for r in result.records if r["status"] != "ok"]
    return {"files": len(result.records), "failed": failed, "workers": result.stats.workers,
            "worker_peak_rss_kb": result.stats.worker_peak_rss_kb, "parent_peak_rss_kb": _peak_rss_kb()}


def child_breakdown(files: list[str]) -> dict[str, Any]:
    """Per-file time of each stage, serially in this process (after one warm-up file)."""
    import pdfplumber

    from critic.api import build_report
    from critic.batch import worker
    from critic.parse import Limits, parse
    from critic.report import render

    worker.init(worker.BatchSettings(outdir=tempfile.mkdtemp()))
    engine = worker._STATE["engine"]
    import pypdfium2 as pdfium

    totals = dict.fromkeys(("extract_text", "critic parse", "rules+rewrites+scores", "html+json reports",
                            "bare PDFium get_text_range"), 0.0)
    for i, path in enumerate(files):
        tp0 = time.perf_counter()
        pdf = pdfium.PdfDocument(path)
        for k in range(len(pdf)):
            page = pdf[k]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
        tp1 = time.perf_counter()
        t0 = time.perf_counter()
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
        t1 = time.perf_counter()
        doc = parse(path, limits=Limits(sandbox=False))
        t2 = time.perf_counter()
        report = build_report(doc, engine)
        t3 = time.perf_counter()
        render([report], "html")
        render([report], "json")
        t4 = time.perf_counter()
        if i == 0:
            continue
        for key, dt in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, tp1 - tp0), strict=True):
            totals[key] += dt
    n = max(1, len(files) - 1)
    return {k: v / n * 1000 for k, v in totals.items()}


def measure(kind: str, listing: Path, jobs: int, outdir: Path | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, "--listing", str(listing), "--child-jobs", str(jobs)]
    if outdir is not None:
        cmd += ["--child-out", str(outdir)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["wall"] = wall
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark critic batch against bare pdfplumber extraction.")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--sizes", default="50,100,200", help="cohort sizes for the memory column (2 workers)")
    ap.add_argument("--work", type=Path, default=None, help="keep generated PDFs and outputs here")
    ap.add_argument("--repeat", type=int, default=3, help="rounds; the best time of each kind is kept")
    ap.add_argument("--breakdown", type=int, default=40, help="files timed stage by stage (0: skip)")
    ap.add_argument("--child", choices=("floor", "critic", "breakdown"), help=argparse.SUPPRESS)
    ap.add_argument("--listing", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-jobs", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        files = args.listing.read_text(encoding="utf-8").split("\n")
        files = [f for f in files if f]
        if args.child == "floor":
            data = child_floor(files, args.child_jobs)
        elif args.child == "critic":
            data = child_critic(files, args.child_jobs, args.child_out)
        else:
            data = child_breakdown(files)
        print(json.dumps(data))
        return 0

    work = args.work or Path(tempfile.mkdtemp(prefix="critic-bench-"))
    pdfs = work / "pdfs"
    if pdfs.is_dir() and len(list(pdfs.glob("*.pdf"))) >= args.files:
        paths = sorted(pdfs.glob("*.pdf"))[: args.files]
    else:
        t = time.perf_counter()
        paths = generate(pdfs, args.files)
        print(f"generated {len(paths)} PDFs in {time.perf_counter() - t:.1f} s")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    jobs = [int(j) for j in args.jobs.split(",") if j]
    pages = 0
    total_bytes = 0
    import pdfplumber

    for p in paths:
        total_bytes += p.stat().st_size
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)
    print(f"{len(paths)} PDFs, {pages} pages, {total_bytes / len(paths) / 1024:.0f} KB each on average; "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")

    def listing(n: int) -> Path:
        path = work / f"files-{n}.txt"
        path.write_text("\n".join(str(p) for p in paths[:n]) + "\n", encoding="utf-8")
        return path

    full = listing(len(paths))
    best: dict[tuple[str, int], dict[str, Any]] = {}

    def keep(key: tuple[str, int], data: dict[str, Any]) -> None:
        if key not in best or data["wall"] < best[key]["wall"]:
            best[key] = data

    for _ in range(args.repeat):  # interleaved rounds; the best of each is kept (other load only adds time)
        for j in jobs:
            keep(("floor", j), measure("floor", full, j))
            out = work / f"out-{len(paths)}-j{j}"
            shutil.rmtree(out, ignore_errors=True)
            crit = measure("critic", full, j, out)
            if crit["failed"]:
                print(f"warning: {len(crit['failed'])} files failed in critic: {crit['failed'][:3]}")
            keep(("critic", j), crit)
    n = len(paths)
    print()
    print(f"best of {args.repeat} rounds")
    print(f"{'workers':>7} {'floor s':>8} {'critic s':>9} {'ratio':>6} {'floor/file':>11} {'critic/file':>12} "
          f"{'worker peak MB':>15}")
    for j in jobs:
        floor, crit = best[("floor", j)], best[("critic", j)]
        print(f"{j:>7} {floor['wall']:>8.1f} {crit['wall']:>9.1f} {crit['wall'] / floor['wall']:>6.2f} "
              f"{floor['wall'] / n * 1000:>9.0f}ms {crit['wall'] / n * 1000:>10.0f}ms "
              f"{crit['worker_peak_rss_kb'] / 1024:>15.0f}")
    if 1 in jobs and 2 in jobs:
        print(f"speed-up 1 -> 2 workers: critic {best[('critic', 1)]['wall'] / best[('critic', 2)]['wall']:.2f}x, "
              f"floor {best[('floor', 1)]['wall'] / best[('floor', 2)]['wall']:.2f}x")
    print()
    print(f"{'files':>7} {'critic s':>9} {'worker peak MB':>15} {'parent peak MB':>15}   (2 workers)")
    for size in sizes:
        if size > n:
            continue
        if size == n and ("critic", 2) in best:
            crit = best[("critic", 2)]
        else:
            out = work / f"out-{size}-mem"
            shutil.rmtree(out, ignore_errors=True)
            crit = measure("critic", listing(size), 2, out)
        print(f"{size:>7} {crit['wall']:>9.1f} {crit['worker_peak_rss_kb'] / 1024:>15.0f} "
              f"{crit['parent_peak_rss_kb'] / 1024:>15.0f}")
    if args.breakdown:
        data = measure("breakdown", listing(min(args.breakdown, len(paths))), 1)
        data.pop("wall", None)
        print()
        print("per-file time by stage, one process, ms (the floor is extract_text):")
        for key, ms in data.items():
            print(f"  {key:<24} {ms:>7.0f}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
