"""SARIF 2.1.0 (the OASIS static-analysis results format code-scanning tools read): one run, one result
a finding, each rule described once in the tool's driver."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from critic import __version__
from critic.report import Report
from critic.report.line import locations, one_line

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return PurePath(path).as_posix() if path not in ("-", "<stdin>") else "stdin"


def sarif_dict(reports: Sequence[Report]) -> dict[str, Any]:
    """The SARIF log as a dict (deterministic: rules sorted by id, results in report order)."""
    infos: dict[str, Any] = {}
    for report in reports:
        for rid, info in report.rules.items():
            infos.setdefault(rid, info)
    rule_ids = sorted({loc.rule for loc in locations(reports)} | set(infos))
    index = {rid: n for n, rid in enumerate(rule_ids)}
    rules = []
    for rid in rule_ids:
        info = infos.get(rid)
        rule: dict[str, Any] = {"id": rid, "shortDescription": {"text": one_line(info.message if info else rid)}}
        if info is not None:
            if info.why:
                rule["fullDescription"] = {"text": one_line(info.why)}
            rule["defaultConfiguration"] = {"level": LEVELS.get(info.severity, "note")}
            if info.example_bad and info.example_good:
                rule["help"] = {"text": f"BAD: {one_line(info.example_bad)}\nGOOD: {one_line(info.example_good)}"}
        rules.append(rule)
    results = []
    for loc in locations(reports):
        result: dict[str, Any] = {
            "ruleId": loc.rule,
            "ruleIndex": index[loc.rule],
            "level": LEVELS.get(loc.severity, "note"),
            "message": {"text": loc.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(loc.path)},
                "region": {"startLine": loc.line, "startColumn": loc.column},
            }}],
        }
        if loc.item_id is not None:
            result["properties"] = {"item": loc.item_id}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "critic", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render_sarif(reports: Sequence[Report]) -> str:
    """The SARIF log as indented, sorted-key JSON."""
    return json.dumps(sarif_dict(reports), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
