"""After the review: inline suppressions (``critic: ignore[rule]``, as ruff's ``noqa``) and hiding
findings below a severity.

A suppression sits on the item's own source line (text, Markdown, transcripts) or in its text (any
format, e.g. a JSON Resume highlight), as ``critic: ignore[rule-a, rule-b]`` or ``critic: ignore`` for
every rule; in Markdown an HTML comment keeps it out of the rendered page:
``- Led the launch ... <!-- critic: ignore[missing-trade-off] -->``. A JSON Resume can list rules to ignore
in the whole document under ``meta.critic.ignore``. Suppressed findings are gone: the score is computed
without them. Hiding (``--min-severity``) only changes what is shown; the score stays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from critic.findings import severity_rank

ALL = "*"
DIRECTIVE = re.compile(
    r"\s*(?:<!--\s*|#+\s*|//\s*|%\s*)?\bcritic:\s*ignore(?:\[(?P<rules>[^\]\n]*)\])?(?:\s*-->)?", re.I
)


def _rules(match: re.Match[str]) -> set[str]:
    raw = match.group("rules")
    if raw is None:
        return {ALL}
    return {r.strip().lower() for r in raw.split(",") if r.strip()} or {ALL}


def line_directives(text: str) -> dict[int, set[str]]:
    """1-based line number -> rule ids suppressed on that line (ALL for every rule)."""
    out: dict[int, set[str]] = {}
    if "critic" not in text.lower():
        return out
    for number, line in enumerate(text.splitlines(), 1):
        for m in DIRECTIVE.finditer(line):
            out.setdefault(number, set()).update(_rules(m))
    return out


def document_ignores(doc: Any, text: str) -> set[str]:
    """A JSON Resume's ``meta.critic.ignore`` rule ids (empty for other formats or when absent)."""
    if getattr(doc, "format", "") != "jsonresume":
        return set()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return set()
    meta = data.get("meta") if isinstance(data, Mapping) else None
    block = meta.get("critic") if isinstance(meta, Mapping) else None
    rules = block.get("ignore") if isinstance(block, Mapping) else None
    if isinstance(rules, str):
        rules = [rules]
    if not isinstance(rules, list):
        return set()
    return {str(r).strip().lower() for r in rules if str(r).strip()}


def take_directives(doc: Any, source_text: str | None = None) -> dict[str, set[str]]:
    """item id -> suppressed rule ids, from the item's source line and its own text; the directive is
    removed from the item's text so the rules do not read it."""
    by_line = line_directives(source_text) if source_text else {}
    out: dict[str, set[str]] = {}
    for item in doc.items():
        rules = set(by_line.get(item.line or 0, ()))
        if "critic" in item.text.lower():
            for m in DIRECTIVE.finditer(item.text):
                rules |= _rules(m)
            if rules:
                item.text = DIRECTIVE.sub("", item.text).strip()
        if rules:
            out[item.id] = rules
    everywhere = document_ignores(doc, source_text or "")
    if everywhere:
        out[ALL] = everywhere
    return out


def _kept(rule: str, suppressed: set[str]) -> bool:
    return ALL not in suppressed and rule.lower() not in suppressed


def suppress_findings(per_item: Mapping[str, Sequence[Any]], document_findings: Sequence[Any],
                      suppressed: Mapping[str, set[str]]) -> tuple[dict[str, list[Any]], list[Any], int]:
    """Drop suppressed findings before they are gated and scored; returns (per item, document, removed)."""
    everywhere = set(suppressed.get(ALL, ()))
    removed = 0
    out: dict[str, list[Any]] = {}
    for item_id, findings in per_item.items():
        rules = everywhere | set(suppressed.get(item_id, ()))
        kept = [f for f in findings if _kept(f.rule, rules)] if rules else list(findings)
        removed += len(findings) - len(kept)
        out[item_id] = kept
    kept_doc = [f for f in document_findings if _kept(f.rule, everywhere)]
    removed += len(document_findings) - len(kept_doc)
    return out, kept_doc, removed


def hide_below(report: Any, min_severity: str) -> int:
    """Hide findings below min_severity from a report (its scores are unchanged); returns how many."""
    floor = severity_rank(min_severity)
    hidden = 0
    for r in report.items:
        kept = [f for f in r.findings if severity_rank(f.severity) >= floor]
        hidden += len(r.findings) - len(kept)
        r.findings = kept
    kept_doc = [f for f in report.document_findings if severity_rank(f.severity) >= floor]
    hidden += len(report.document_findings) - len(kept_doc)
    report.document_findings = kept_doc
    return hidden
