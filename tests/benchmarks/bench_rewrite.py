"""Benchmark: rewrite quality on the labelled dev real resumes (../shared/eval/realworld_dev_labels.jsonl).

Each item is rewritten as the advice layer will ask: only the rules the coach raised (at most two, in
priority order), with the item's type. Prints the figures as JSON (placeholders per rewrite, GOODs over 40
words, redundant asks, damaged words, rewrites of honours/skills/publications/context, invented numbers)
and the same figures for the coach's own rewrites of the top edits, for comparison.

    python tests/benchmarks/bench_rewrite.py [--untyped] [--dump FILE.jsonl]

Not a test: pytest does not collect it (tests/test_rewrite_quality.py checks the targets).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from critic.engine import Engine
from critic.rewrite.quality import coach_figures, figures, labelled_rewrites

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--untyped", action="store_true", help="do not pass item types (the old behaviour)")
    ap.add_argument("--dump", type=Path, help="write every BAD/GOOD pair here as JSON lines")
    args = ap.parse_args()
    rows = [json.loads(line) for line in (EVAL / "realworld_dev_labels.jsonl").read_text().splitlines() if line]
    done = labelled_rewrites(Engine(), rows, typed=not args.untyped)
    out = {"critic": figures(done)}
    top = EVAL / "realworld_dev_top_edits.json"
    if top.is_file():
        out["coach"] = coach_figures(json.loads(top.read_text()))
    print(json.dumps(out, indent=1))
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for item_type, rw in done:
                fh.write(json.dumps({"type": item_type, **rw.to_dict()}) + "\n")


if __name__ == "__main__":
    main()
