"""Benchmark: critic's PDF parser against bare pdfplumber and bare PDFium text extraction, per page.

Runs both over the same files in the same run (the fixture PDFs and, when present, the real resumes in
../shared/realworld/resumes_pdf), each phase in its own child process so that peak memory is measured
separately, and prints a table of milliseconds per page, the ratio and the peak resident memory.

    python tests/benchmarks/bench_parse.py [--repeat 3] [FILE.pdf ...]

Not a test: pytest does not collect it. Times are the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
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
    args = parser.parse_args(argv)
    files = args.files or default_files()
    if not files:
        print("no PDF files to measure", file=sys.stderr)
        return 1
    base, base_peak = measure("pdfplumber", files, args.repeat)
    bare, bare_peak = measure("pdfium", files, args.repeat)
    ours, ours_peak = measure("critic", files, args.repeat)
    print(f"{'file':50} {'pages':>5} {'pdfplumber ms/p':>16} {'pdfium ms/p':>12} {'critic ms/p':>12} "
          f"{'/plumber':>8} {'/pdfium':>8}")
    total_pages = 0
    total_base = total_bare = total_ours = 0.0
    for f in files:
        pages, tb = base[str(f)]
        _, tp = bare[str(f)]
        _, tc = ours[str(f)]
        total_pages += pages
        total_base += tb
        total_bare += tp
        total_ours += tc
        print(f"{f.name[:50]:50} {pages:5d} {1000 * tb / pages:16.1f} {1000 * tp / pages:12.1f} "
              f"{1000 * tc / pages:12.1f} {tc / tb:8.2f} {tc / tp:8.2f}")
    print(f"{'all ' + str(len(files)) + ' files':50} {total_pages:5d} {1000 * total_base / total_pages:16.1f} "
          f"{1000 * total_bare / total_pages:12.1f} {1000 * total_ours / total_pages:12.1f} "
          f"{total_ours / total_base:8.2f} {total_ours / total_bare:8.2f}")
    print(f"peak RSS: pdfplumber {base_peak / 1024:.0f} MB, pdfium {bare_peak / 1024:.0f} MB, "
          f"critic {ours_peak / 1024:.0f} MB (each phase in its own process; best of {args.repeat} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
