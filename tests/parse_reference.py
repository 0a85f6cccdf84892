"""Measure critic's reading against hand-checked references of real resumes.

A reference (../shared/eval/parse_reference_dev.json) lists, per file, what a person reads on the page:
entries with their title/organisation and every bullet joined as written, summary sentences and
skills lines. Three figures per file and in total:

- whole: share of reference bullets and summary sentences that come out as one item (text compared
  after normalising case, whitespace, punctuation and line-wrap hyphenation; fuzzy ratio >= 92);
- entry: share of entry bullets whose best-matching item sits under an entry whose header names the
  reference title and organisation;
- skills judged: skills lines read as a judged item (a bullet or summary not typed as a skill).

    python tests/parse_reference.py [--reference FILE] [--verbose]

Used by tests/test_parse_reference.py with thresholds a little below the measured figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "eval" / "parse_reference_dev.json"
FOLDERS = ("resumes_pdf", "resumes_docx", "resumes_text")
WHOLE = 92.0  # ratio of normalised texts for "read whole"
JUDGED = ("bullet", "summary", "answer")
NOT_ACHIEVEMENT = ("skill", "honour", "publication", "education", "context")


def norm(text: str) -> str:
    """Lower-case letters and digits only: spacing, hyphenation and punctuation differences vanish."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").lower()
    return re.sub(r"[\W_]+", "", text)


@dataclass
class Score:
    """Counts for one file (or the total)."""

    whole: int = 0
    items: int = 0
    right_entry: int = 0
    bullets: int = 0
    skills_judged: int = 0
    skills: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for key in ("whole", "items", "right_entry", "bullets", "skills_judged", "skills"):
            setattr(self, key, getattr(self, key) + getattr(other, key))

    def row(self, name: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a:3d}/{b:<3d} {100 * a / b:5.1f}%" if b else "   -/0        "

        return (f"{name[:58]:58s} whole {pct(self.whole, self.items)}  entry {pct(self.right_entry, self.bullets)}"
                f"  skills judged {self.skills_judged}/{self.skills}")


def locate(name: str) -> Path | None:
    for folder in FOLDERS:
        path = SHARED / "realworld" / folder / name
        if path.exists():
            return path
    return None


def _found(needle: str, haystack: str) -> bool:
    n = norm(needle)
    return bool(n) and (n in haystack or fuzz.partial_ratio(n, haystack) >= 90)


def score_file(ref: dict, doc: object) -> Score:
    """Compare one parsed Document with its reference."""
    placed = []  # (normalised text, item, entry or None)
    for section in doc.sections:
        for item in section.items:
            placed.append((norm(item.text), item, None))
        for entry in section.entries:
            for item in entry.items:
                placed.append((norm(item.text), item, entry))
    texts = [p[0] for p in placed]
    score = Score()

    used: set[int] = set()

    def best(text: str) -> tuple[float, int]:
        """The closest item; of equally close ones (a bullet the author repeats under two roles) the
        first not already paired with a reference bullet."""
        target = norm(text)
        top, at = 0.0, -1
        for i, t in enumerate(texts):
            r = 100.0 if t == target else fuzz.ratio(t, target)
            if r > top or (r == top and at in used and i not in used):
                top, at = r, i
        used.add(at)
        return top, at

    wanted = [(b, e) for e in ref.get("entries", []) for b in e.get("bullets", [])]
    wanted += [(s, None) for s in ref.get("summary_items", [])]
    for text, ref_entry in wanted:
        score.items += 1
        top, at = best(text)
        if top >= WHOLE:
            score.whole += 1
        else:
            score.misses.append(f"cut/merged ({top:.0f}): {text[:90]}")
        if ref_entry is None:
            continue
        score.bullets += 1
        if at < 0:
            continue
        if top < WHOLE:  # the fragment that holds most of it
            at = max(range(len(texts)), key=lambda i: fuzz.partial_ratio(texts[i], norm(text)) * min(1, len(texts[i]) / 20))
        entry = placed[at][2]
        header = norm(" ".join(filter(None, [entry.header, entry.title, entry.organisation]))) if entry else ""
        title, org = ref_entry.get("title"), ref_entry.get("organization")
        ok = bool(header) and (title or org) is not None
        if ok and title:
            ok = _found(title, header)
        if ok and org and not str(ref_entry.get("organization_note", "")).startswith("implied"):
            ok = _found(org, header)
        if ok:
            score.right_entry += 1
        else:
            got = entry.header if entry else "(no entry)"
            score.misses.append(f"wrong entry: want {title!r} @ {org!r}, got {got[:60]!r}: {text[:50]}")
    for line in ref.get("skills_lines", []):
        score.skills += 1
        target = norm(line if isinstance(line, str) else line.get("text", ""))
        for t, item, _ in placed:
            if len(t) < 8 or not (t == target or fuzz.ratio(t, target) >= 85 or (len(t) >= 15 and t in target)):
                continue
            if item.kind in JUDGED and item.type not in NOT_ACHIEVEMENT:
                score.skills_judged += 1
                score.misses.append(f"skills judged as {item.kind}: {item.text[:80]}")
                break
    return score


def measure(reference: Path = REFERENCE, *, verbose: bool = False, out=sys.stdout) -> dict[str, Score]:
    """Parse every referenced file present and score it; returns the per-file scores and 'TOTAL'."""
    from critic.errors import InputError
    from critic.parse import parse

    refs = json.loads(reference.read_text(encoding="utf-8"))["files"]
    scores: dict[str, Score] = {}
    total = Score()
    for name in sorted(refs):
        ref = refs[name]
        path = locate(name)
        if path is None or ref.get("language", "en") != "en":
            continue
        try:
            doc = parse(path)
        except InputError as exc:
            print(f"{name}: {exc}", file=out)
            continue
        s = score_file(ref, doc)
        scores[name] = s
        total.add(s)
        print(s.row(name), file=out)
        if verbose:
            for miss in s.misses:
                print(f"    {miss}", file=out)
    scores["TOTAL"] = total
    print(total.row("TOTAL"), file=out)
    return scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=REFERENCE)
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    if not args.reference.exists():
        print(f"{args.reference}: reference not found", file=sys.stderr)
        return 2
    measure(args.reference, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
