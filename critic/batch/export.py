"""cohort.csv and cohort.jsonl: one row / one JSON line per input file, in input (label) order.

Records are plain dicts produced by the per-file function (see critic.batch.worker); keys starting
with "_" are private to the run (timings, cache bookkeeping) and never written. Output is deterministic:
sorted keys, fixed column order, no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from critic.termsafe import SafeCSVWriter

JSONL_SCHEMA_VERSION = "1"
BASE_COLUMNS = ("file", "status", "score")
TAIL_COLUMNS = ("top_edits", "error")
COMPARE_COLUMNS = ("previous_score", "score_change", "findings_fixed", "findings_new")


def public(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record without private keys (those starting with "_")."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def rule_columns(records: Iterable[Mapping[str, Any]], known: Iterable[str] = ()) -> list[str]:
    """Every rule id that is active in the run or fired somewhere, sorted."""
    rules = set(known)
    for r in records:
        rules.update(r.get("counts", {}) or {})
        rules.update(r.get("_rules", []) or [])
    return sorted(rules)


def top_edits_text(record: Mapping[str, Any]) -> str:
    """The record's top edits as one cell: "BAD -> GOOD" per edit, one per line."""
    lines = []
    for i, edit in enumerate(record.get("top_edits") or [], 1):
        bad, good = edit.get("bad", ""), edit.get("good", "")
        lines.append(f"{i}. {bad} -> {good}" if good else f"{i}. {bad}")
    return "\n".join(lines)


def csv_text(records: Sequence[Mapping[str, Any]], rules: Sequence[str], *, compare: bool = False) -> str:
    """cohort.csv: file, status, score, one count column per rule, top_edits, error (+ compare columns)."""
    buf = io.StringIO()
    writer = SafeCSVWriter(csv.writer(buf, lineterminator="\n"))
    header = [*BASE_COLUMNS, *rules, *TAIL_COLUMNS]
    if compare:
        header.extend(COMPARE_COLUMNS)
    writer.writerow(header)
    for r in records:
        ok = r.get("status") == "ok"
        counts = r.get("counts") or {}
        row: list[Any] = [r.get("file", ""), r.get("status", ""), r.get("score", "") if ok else ""]
        row.extend(counts.get(rule, 0) if ok else "" for rule in rules)
        row.append(top_edits_text(r) if ok else "")
        row.append(r.get("error") or "")
        if compare:
            cmp = r.get("compare") or {}
            row.append("" if cmp.get("previous_score") is None else cmp["previous_score"])
            row.append("" if cmp.get("score_change") is None else cmp["score_change"])
            row.append(len(cmp["fixed"]) if "fixed" in cmp else "")
            row.append(len(cmp["new"]) if "new" in cmp else "")
        writer.writerow(row)
    return buf.getvalue()


def jsonl_text(records: Iterable[Mapping[str, Any]]) -> str:
    """cohort.jsonl: one sorted-key JSON object per record."""
    lines = []
    for r in records:
        obj = public(r)
        obj["schema_version"] = JSONL_SCHEMA_VERSION
        lines.append(json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
    return "".join(line + "\n" for line in lines)


def read_jsonl(text: str, source: str) -> list[dict[str, Any]]:
    """Parse a cohort.jsonl written by an earlier run; raises ValueError naming the bad line."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{source}:{n}: not valid JSON ({exc.msg})") from None
        except (RecursionError, ValueError):
            raise ValueError(f"{source}:{n}: not valid JSON (nested too deeply or a number too long)") from None
        if not isinstance(obj, dict) or "file" not in obj:
            raise ValueError(f"{source}:{n}: not a cohort record")
        bad = _wrong_field(obj)
        if bad:
            raise ValueError(f"{source}:{n}: not a cohort record (field '{bad}' has the wrong type)")
        out.append(obj)
    return out


def _wrong_field(obj: Mapping[str, Any]) -> str | None:
    """The first field of a cohort record whose type the outputs cannot read, else None."""
    def is_list_of(value: Any, kind: type) -> bool:
        return isinstance(value, list) and all(isinstance(v, kind) for v in value)

    checks = {
        "file": lambda v: isinstance(v, str),
        "status": lambda v: isinstance(v, str),
        "score": lambda v: v is None or (isinstance(v, int | float) and not isinstance(v, bool)),
        "sha256": lambda v: v is None or isinstance(v, str),
        "counts": lambda v: v is None or (isinstance(v, dict) and all(
            isinstance(n, int) and not isinstance(n, bool) for n in v.values())),
        "findings": lambda v: v is None or (is_list_of(v, dict) and all(
            isinstance(f.get("rule", ""), str) and isinstance(f.get("text", ""), str) for f in v)),
        "document_findings": lambda v: v is None or is_list_of(v, str),
        "top_edits": lambda v: v is None or is_list_of(v, dict),
    }
    for key, ok in checks.items():
        if key in obj and not ok(obj[key]):
            return key
    return None
