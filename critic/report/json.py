"""JSON report: versioned schema (docs/report-schema.md), sorted keys, no timestamps."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from critic import __version__
from critic.findings import SEVERITIES
from critic.report import SCHEMA_VERSION, Report
from critic.score import display


def _r(x: float) -> float:
    return round(x, 2)


def report_dict(report: Report, *, explain: bool = False) -> dict[str, Any]:
    """The JSON object of one report."""
    doc = report.document
    counts = report.severity_counts()
    by_id = {r.item.id: r for r in report.items}
    top = []
    for rank, item_id in enumerate(report.top_edits, 1):
        r = by_id[item_id]
        top.append({"rank": rank, "item": item_id, "gain": _r(r.gain),
                    "rewrite": r.rewrite.to_dict() if r.rewrite else None})
    fired = sorted({f.rule for f in report.findings()})
    d: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "critic_version": __version__,
        "score_version": report.score_version,
        "source": doc.source,
        "format": doc.format,
        "kind": doc.kind,
        "score": display(report.score),
        "score_band": report.score_band,
        "score_reasons": list(report.score_reasons),
        "summary": {
            "items": len(report.items),
            "judged": report.judged(),
            "flagged": len(report.flagged),
            "raised": len(report.raised),
            "set_aside": list(report.set_aside),
            "findings": {s: counts.get(s, 0) for s in SEVERITIES},
            "worst_severity": report.worst_severity(),
        },
        "top_edits": top,
        "items": [r.to_dict(explain=explain) for r in report.items],
        "document_findings": [f.to_dict(explain=explain) for f in report.document_findings],
        "rules": {rid: report.rules[rid].to_dict() for rid in fired if rid in report.rules},
        "warnings": list(doc.warnings),
        "notices": list(report.notices),
        "screen_prep": [q.to_dict() for q in report.prep],
    }
    if doc.kind == "transcript":
        d["candidate"] = doc.candidate
        d["candidate_reason"] = doc.candidate_reason
        d["metrics"] = report.metrics.to_dict()["transcript"] if report.metrics is not None else None
    return d


def dumps(obj: Any) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, UTF-8 kept, trailing newline."""
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def render_json(reports: Sequence[Report], *, explain: bool = False) -> str:
    """One report -> its object; several -> a JSON array of report objects in input order."""
    objs = [report_dict(r, explain=explain) for r in reports]
    return dumps(objs[0] if len(objs) == 1 else objs)


def report_from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a Report from its JSON object (e.g. a cached result) so any writer can render it again.

    Scores come back as the rounded values the JSON holds; evidence is kept when the JSON has it.
    """
    from critic.advice import PrepQuestion
    from critic.answers.metrics import AnswerMetrics, TranscriptMetrics
    metric_fields = [f.name for f in dataclasses.fields(AnswerMetrics)]  # its JSON adds the derived "timed"
    from critic.findings import Evidence, Finding
    from critic.model import Document, Item, Section
    from critic.report import ItemResult, RuleInfo
    from critic.rewrite import Placeholder, Rewrite

    def finding(d: dict[str, Any], item_id: str | None) -> Finding:
        evidence = [Evidence(kind=e["kind"], text=e.get("text", ""), start=e.get("start"), end=e.get("end"),
                             source=e.get("source", ""), note=e.get("note", "")) for e in d.get("evidence", [])]
        return Finding(d["rule"], d["severity"], d["message"], float(d["confidence"]), item_id, evidence,
                       raised=bool(d.get("raised", True)), note=str(d.get("note", "")))

    doc = Document(source=data["source"], format=data.get("format", ""), kind=data.get("kind", "resume"),
                   warnings=list(data.get("warnings", [])), candidate=data.get("candidate"),
                   candidate_reason=data.get("candidate_reason"))
    sections: dict[tuple[str, str], Section] = {}
    gains = {t["item"]: float(t["gain"]) for t in data.get("top_edits", [])}
    results: list[ItemResult] = []
    for d in data.get("items", []):
        item = Item(id=d["id"], kind=d["kind"], text=d["text"], section=d.get("section", ""),
                    section_kind=d.get("section_kind", "other"), page=d.get("page"), line=d.get("line"),
                    question=d.get("question"), type=d.get("type"), read=d.get("read", "whole"))
        key = (item.section, item.section_kind)
        if key not in sections:
            sections[key] = Section(kind=item.section_kind, title=item.section)
            doc.sections.append(sections[key])
        sections[key].items.append(item)
        rw = d.get("rewrite")
        rewrite = None
        if rw:
            rewrite = Rewrite(bad=rw["bad"], good=rw["good"], rules=list(rw.get("rules", [])),
                              placeholders=[Placeholder(p["text"], p["question"]) for p in rw["placeholders"]])
        score = d.get("score")
        m = d.get("metrics")
        metrics = AnswerMetrics(**{k: m[k] for k in metric_fields if k in m}) if m else None
        results.append(ItemResult(item=item, findings=[finding(f, item.id) for f in d.get("findings", [])],
                                  rewrite=rewrite, score=None if score is None else float(score),
                                  gain=gains.get(item.id, 0.0), metrics=metrics))
    rules = {}
    for rid, r in data.get("rules", {}).items():
        example = r.get("example") or {}
        rules[rid] = RuleInfo(rid, r["severity"], r["message"], r.get("why", ""), example.get("bad", ""),
                              example.get("good", ""), r.get("source", ""), r.get("theme", ""))
    # the transcript totals are sums and medians of the answers' figures, so the answers rebuild them
    transcript = None
    if data.get("metrics") is not None:
        transcript = TranscriptMetrics([r.metrics for r in results if r.metrics is not None])
    return Report(document=doc, items=results,
                  document_findings=[finding(f, None) for f in data.get("document_findings", [])],
                  score=None if data.get("score") is None else float(data["score"]),
                  top_edits=[t["item"] for t in data.get("top_edits", [])],
                  rules=rules, notices=list(data.get("notices", [])),
                  score_version=str(data.get("score_version", "")), metrics=transcript,
                  score_band=data.get("score_band"), score_reasons=list(data.get("score_reasons", [])),
                  prep=[PrepQuestion(**q) for q in data.get("screen_prep", [])],
                  set_aside=list(data.get("summary", {}).get("set_aside", [])))
