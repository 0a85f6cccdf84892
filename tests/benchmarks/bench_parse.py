"""Benchmark: critic's PDF parser against bare pdfplumber and bare PDFium text extraction, per page.

Runs all three over the same files (the fixture PDFs and, when present, the real resumes in
../shared/realworld/resumes_pdf), each phase in its own child process so that peak memory is measured
separately, and prints a table of milliseconds per page, the ratios and the peak resident memory.

    python tests/benchmarks/bench_parse.py [--repeat 3] [--rounds 3] [FILE.pdf ...]

On a shared machine the load changes from minute to minute, so the phases are interleaved: each round
runs pdfplumber, PDFium and critic one after the other, a ratio is taken within each round, and the
summary line gives the median of the rounds' ratios. Not a test: pytest does not collect it. Times
are the best of --repeat runs within a round.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def default_files() -> list[Path]:
    files = sorted((ROOT / "fixtures" / "resumes").glob("*.pdf"))
    real = ROOT.parent / "shared" / "realworld" / "resumes_pdf"
    if real.is_dir():
        files += sorted(real.glob("*.pdf"))
    return files


def plumber_file(path: Path) -> int:
    """Bare pdfplumber: extract_text() of every page; returns the page count."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def pdfium_file(path: Path) -> int:
    """Bare PDFium (pypdfium2): every page's text; returns the page count."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path.read_bytes())
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
        return len(pdf)
    finally:
        pdf.close()


def critic_file(path: Path) -> int:
    """critic's whole PDF parse in this process (no sandbox): layout, blocks, sections, entries, items."""
    from critic.parse import parse_bytes

    return parse_bytes(path.read_bytes(), path.name).page_count or 0


PHASES = {"pdfplumber": plumber_file, "pdfium": pdfium_file, "critic": critic_file}


def run_phase(name: str, files: list[str], repeat: int, out: mp.Queue) -> None:
    func = PHASES[name]
    times: dict[str, tuple[int, float]] = {}
    for f in files:
        best = float("inf")
        pages = 0
        for _ in range(repeat):
            start = time.perf_counter()
            pages = func(Path(f))
            best = min(best, time.perf_counter() - start)
        times[f] = (pages, best)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.put((name, times, peak_kb))


def measure(name: str, files: list[Path], repeat: int) -> tuple[dict[str, tuple[int, float]], int]:
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=run_phase, args=(name, [str(f) for f in files], repeat, queue))
    proc.start()
    _, times, peak_kb = queue.get()
    proc.join()
    return times, peak_kb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    files = args.files or default_files()
    if not files:
        print("no PDF files to measure", file=sys.stderr)
        return 1
    rounds = []
    for _ in range(max(1, args.rounds)):
        rounds.append({name: measure(name, files, args.repeat) for name in PHASES})
    # per file: the best time over all rounds; per round: the ratio of the totals
    best = {name: {str(f): min(r[name][0][str(f)][1] for r in rounds) for f in files} for name in PHASES}
    pages = {str(f): rounds[0]["critic"][0][str(f)][0] for f in files}
    print(f"{'file':50} {'pages':>5} {'pdfplumber ms/p':>16} {'pdfium ms/p':>12} {'critic ms/p':>12} "
          f"{'/plumber':>8} {'/pdfium':>8}")
    for f in files:
        key, n = str(f), pages[str(f)]
        tb, tp, tc = best["pdfplumber"][key], best["pdfium"][key], best["critic"][key]
        print(f"{f.name[:50]:50} {n:5d} {1000 * tb / n:16.1f} {1000 * tp / n:12.1f} "
              f"{1000 * tc / n:12.1f} {tc / tb:8.2f} {tc / tp:8.2f}")
    total_pages = sum(pages.values())
    totals = [{name: sum(t for _, t in r[name][0].values()) for name in PHASES} for r in rounds]
    vs_plumber = statistics.median(t["critic"] / t["pdfplumber"] for t in totals)
    vs_pdfium = statistics.median(t["critic"] / t["pdfium"] for t in totals)
    med = {name: statistics.median(t[name] for t in totals) for name in PHASES}
    print(f"{'all ' + str(len(files)) + ' files':50} {total_pages:5d} {1000 * med['pdfplumber'] / total_pages:16.1f} "
          f"{1000 * med['pdfium'] / total_pages:12.1f} {1000 * med['critic'] / total_pages:12.1f} "
          f"{vs_plumber:8.2f} {vs_pdfium:8.2f}")
    print("rounds (critic/pdfium): " + ", ".join(f"{t['critic'] / t['pdfium']:.2f}" for t in totals)
          + f"; median {vs_pdfium:.2f}")
    peak = {name: max(r[name][1] for r in rounds) / 1024 for name in PHASES}
    print(f"peak RSS: pdfplumber {peak['pdfplumber']:.0f} MB, pdfium {peak['pdfium']:.0f} MB, "
          f"critic {peak['critic']:.0f} MB (each phase in its own process; best of {args.repeat} runs "
          f"per round, {len(rounds)} interleaved rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
