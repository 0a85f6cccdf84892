"""Literal precision and recall of the core rules on the dev real-resume labels (GUIDE.md step 2).

Each labelled item carries, per core rule, `literal` true / false / null. A rule is scored only on the
items whose label for it is not null; fires on null items (the rule does not apply there) are counted
apart. The dev files are split by a hash of the file name: two thirds to tune on, one third held out.

Run as a script for the figures and the misses:

    python tests/test_realworld_literal.py [all|tune|holdout] [--misses RULE]
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from critic.engine import Engine
from critic.engine.evaluation import RuleScore

LABELS = Path(__file__).parents[1].parent / "shared" / "eval" / "realworld_dev_labels.jsonl"
CORE = ("missing-quantification", "black-box-language", "missing-trade-off", "missing-kill-criteria")
# the item types of GUIDE.md step 1 that critic judges as summary sentences; the others as bullets
KIND_OF_TYPE = {"summary": "summary"}


@dataclass
class LiteralScore(RuleScore):
    """Confusion counts of one rule over the items labelled for it, and its fires on unlabelled ones."""

    null_fires: int = 0
    nulls: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)  # ("FP"|"FN"|"NA", text)


def in_holdout(file_name: str) -> bool:
    """True for the third of the dev files kept out of tuning (stable: a hash of the file's stem)."""
    stem = file_name.rsplit(".", 1)[0]
    return int(hashlib.sha1(stem.encode("utf-8")).hexdigest(), 16) % 3 == 0


def read_items(split: str = "all") -> list[dict]:
    """The labelled items of one split: all, tune (two thirds of the files) or holdout (one third)."""
    items = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split == "all":
        return items
    return [i for i in items if in_holdout(i["file"]) == (split == "holdout")]


def score(engine: Engine, items: list[dict]) -> dict[str, LiteralScore]:
    """Literal scores per core rule over `items`."""
    findings = engine.check([(i["text"], KIND_OF_TYPE.get(i["item_type"], "bullet")) for i in items])
    scores = {rule: LiteralScore() for rule in CORE}
    for item, found in zip(items, findings, strict=True):
        fired = {f.rule for f in found}
        for rule in CORE:
            label = item["labels"][rule]["literal"]
            s, hit = scores[rule], rule in fired
            if label is None:
                s.nulls += 1
                s.null_fires += hit
                if hit:
                    s.misses.append(("NA", item["text"]))
            elif label and hit:
                s.tp += 1
            elif label:
                s.fn += 1
                s.misses.append(("FN", item["text"]))
            elif hit:
                s.fp += 1
                s.misses.append(("FP", item["text"]))
            else:
                s.tn += 1
    return scores


def table(scores: dict[str, LiteralScore]) -> str:
    """One line per rule: counts, precision, recall, fires on unlabelled items."""
    lines = [f"{'rule':24} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4}  {'P':>5} {'R':>5}  fires on NA"]
    for rule, s in scores.items():
        lines.append(f"{rule:24} {s.tp:4} {s.fp:4} {s.fn:4} {s.tn:4}  {s.precision:5.2f} {s.recall:5.2f}"
                     f"  {s.null_fires}/{s.nulls}")
    return "\n".join(lines)


# floors on the dev labels (all files): a regression below them fails
FLOORS = {"missing-quantification": (0.95, 0.88), "black-box-language": (0.9, 0.75),
          "missing-trade-off": (0.9, 0.85), "missing-kill-criteria": (0.95, 0.8)}


@pytest.fixture(scope="module")
def dev_scores() -> dict[str, LiteralScore]:
    if not LABELS.is_file():
        pytest.skip(f"dev labels not found at {LABELS} (../shared is absent)")
    return score(Engine(), read_items())


@pytest.mark.parametrize("rule", CORE)
def test_literal_floor_on_dev_labels(dev_scores: dict[str, LiteralScore], rule: str) -> None:
    s = dev_scores[rule]
    precision, recall = FLOORS[rule]
    assert s.precision >= precision and s.recall >= recall, (rule, s.tp, s.fp, s.fn, s.misses[:10])


def test_holdout_split_is_about_a_third() -> None:
    if not LABELS.is_file():
        pytest.skip(f"dev labels not found at {LABELS} (../shared is absent)")
    files = {i["file"] for i in read_items()}
    held = {f for f in files if in_holdout(f)}
    assert 0.2 <= len(held) / len(files) <= 0.45


if __name__ == "__main__":
    args = sys.argv[1:]
    split = args[0] if args and not args[0].startswith("--") else "all"
    result = score(Engine(), read_items(split))
    print(f"split: {split}")
    print(table(result))
    if "--misses" in args:
        rule = args[args.index("--misses") + 1]
        for kind, text in sorted(result[rule].misses):
            print(f"{kind}  {text}")
