"""`--compare PREVIOUS_OUTDIR`: per-candidate score change and findings fixed / new since an earlier run.

Candidates are matched by file label (the redacted label too, so two redacted runs compare), then by
content hash (a renamed file), then by file name when that is unique on both sides. Findings are
matched per rule by item text: students edit the bullets they fix, so an item's text is matched
fuzzily (rapidfuzz token_set_ratio >= ITEM_MATCH; an edit that adds a number or a clause keeps most
words, while a different bullet shares few). An unmatched finding of the previous run is *fixed*; an
unmatched finding of this run is *new*. Document-level findings match by rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from rapidfuzz import fuzz

from critic.batch.export import read_jsonl
from critic.errors import CriticError

ITEM_MATCH = 70.0  # token_set_ratio: edited versions of one bullet score ~75-100, different bullets < 60


def load_previous(outdir: str | Path) -> list[dict[str, Any]]:
    """Records of an earlier `critic batch` run; CriticError when the folder is not one."""
    path = Path(outdir) / "cohort.jsonl"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CriticError(f"{outdir}: no cohort.jsonl here; --compare needs the output folder of an "
                          "earlier `critic batch` run") from None
    except OSError as exc:
        raise CriticError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        return read_jsonl(text, str(path))
    except ValueError as exc:
        raise CriticError(str(exc)) from None


def _findings(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(rule, item text) for every item finding, "" as the text of document-level findings."""
    out = [(f.get("rule", ""), f.get("text", "")) for f in record.get("findings") or []]
    out.extend((rule, "") for rule in record.get("document_findings") or [])
    return out


def diff_findings(before: Sequence[tuple[str, str]], after: Sequence[tuple[str, str]]) -> tuple[
        list[dict[str, str]], list[dict[str, str]]]:
    """(fixed, new) findings between two runs of one candidate, each as {"rule", "text"}."""
    fixed: list[dict[str, str]] = []
    new: list[dict[str, str]] = []
    for rule in sorted({r for r, _ in before} | {r for r, _ in after}):
        old_texts = [t for r, t in before if r == rule]
        new_texts = [t for r, t in after if r == rule]
        pairs = []
        for i, a in enumerate(old_texts):
            for j, b in enumerate(new_texts):
                score = 100.0 if a == b else (fuzz.token_set_ratio(a, b) if a and b else 0.0)
                if score >= ITEM_MATCH:
                    pairs.append((-score, i, j))
        pairs.sort()
        used_old: set[int] = set()
        used_new: set[int] = set()
        for _, i, j in pairs:  # greedy best-first matching, deterministic tie-break by position
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
        fixed.extend({"rule": rule, "text": t} for i, t in enumerate(old_texts) if i not in used_old)
        new.extend({"rule": rule, "text": t} for j, t in enumerate(new_texts) if j not in used_new)
    return fixed, new


def _name(label: str) -> str:
    return PurePosixPath(label).name


def match(current: Sequence[Mapping[str, Any]], previous: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """current index -> previous index."""
    out: dict[int, int] = {}
    taken: set[int] = set()
    by_label: dict[str, int] = {}
    by_sha: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    for j, p in enumerate(previous):
        by_label.setdefault(p.get("file", ""), j)
        if p.get("sha256"):
            by_sha.setdefault(p["sha256"], j)
        by_name.setdefault(_name(p.get("file", "")), []).append(j)
    cur_names: dict[str, int] = {}
    for c in current:
        cur_names[_name(c.get("file", ""))] = cur_names.get(_name(c.get("file", "")), 0) + 1
    for i, c in enumerate(current):
        for key in (c.get("file", ""), c.get("_raw_label", "")):
            j = by_label.get(key) if key else None
            if j is not None and j not in taken:
                out[i] = j
                taken.add(j)
                break
    for i, c in enumerate(current):
        if i in out:
            continue
        j = by_sha.get(c.get("sha256", "")) if c.get("sha256") else None
        if j is not None and j not in taken:
            out[i] = j
            taken.add(j)
            continue
        name = _name(c.get("file", ""))
        cands = [j for j in by_name.get(name, []) if j not in taken]
        if len(by_name.get(name, [])) == 1 and cur_names.get(name) == 1 and cands:
            out[i] = cands[0]
            taken.add(cands[0])
    return out


def annotate(current: list[dict[str, Any]], previous: Sequence[Mapping[str, Any]]) -> list[str]:
    """Add a "compare" object to every current record; returns the previous labels with no match."""
    pairs = match(current, previous)
    for i, rec in enumerate(current):
        j = pairs.get(i)
        if j is None:
            rec["compare"] = {"previous": None}
            continue
        prev = previous[j]
        cmp: dict[str, Any] = {"previous": prev.get("file"), "previous_status": prev.get("status")}
        ok_now = rec.get("status") == "ok"
        ok_before = prev.get("status") == "ok"
        cmp["previous_score"] = prev.get("score") if ok_before else None
        if ok_now and ok_before and isinstance(prev.get("score"), (int, float)) \
                and isinstance(rec.get("score"), (int, float)):
            cmp["score_change"] = rec["score"] - prev["score"]
        else:
            cmp["score_change"] = None
        if ok_now and ok_before:
            fixed, new = diff_findings(_findings(prev), _findings(rec))
            cmp["fixed"] = fixed
            cmp["new"] = new
        cmp["unchanged"] = bool(prev.get("sha256")) and prev.get("sha256") == rec.get("sha256")
        rec["compare"] = cmp
    used = set(pairs.values())
    return sorted(p.get("file", "") for j, p in enumerate(previous) if j not in used)
