"""A review's result (Report) and its writers: text, line, json, markdown, html.

Every writer takes a list of Reports (one per input file) and returns a string; the same reports always
render to the same string.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from critic import __version__
from critic.findings import SEVERITIES, Finding, severity_rank
from critic.model import Document, Item
from critic.rewrite import Rewrite
from critic.score import SCORE_VERSION, display

if TYPE_CHECKING:
    from critic.answers.metrics import AnswerMetrics, TranscriptMetrics

SCHEMA_VERSION = "1.2"
FORMATS = ("text", "line", "json", "markdown", "html")


@dataclass(frozen=True)
class RuleInfo:
    """What a report says about a rule that fired (so reports need no engine to render)."""

    id: str
    severity: str
    message: str
    why: str = ""  # first line of the rule's description
    example_bad: str = ""
    example_good: str = ""
    source: str = ""
    theme: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"severity": self.severity, "message": self.message, "why": self.why,
                             "source": self.source, "theme": self.theme, "example": None}
        if self.example_bad and self.example_good:
            d["example"] = {"bad": self.example_bad, "good": self.example_good}
        return d


@dataclass
class ItemResult:
    """One item with what the rules found and its rewrite."""

    item: Item
    findings: list[Finding] = field(default_factory=list)
    rewrite: Rewrite | None = None
    score: float | None = None  # unrounded; None when the item is not judged
    gain: float = 0.0  # document-score gain if this item's findings were fixed
    metrics: AnswerMetrics | None = None  # transcript answers: words, talk time, framing, trade-offs

    @property
    def flagged(self) -> bool:
        return bool(self.findings)

    @property
    def asks(self) -> list[Finding]:
        """The findings raised as advice on this item, in report order."""
        return [f for f in self.findings if f.asked]

    def worst(self) -> int:
        return max((severity_rank(f.severity) for f in self.findings), default=-1)

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        it = self.item
        d: dict[str, Any] = {
            "id": it.id,
            "kind": it.kind,
            "text": it.text,
            "section": it.section,
            "section_kind": it.section_kind,
            "page": it.page,
            "line": it.line,
            "score": None if self.score is None else display(self.score),
            "findings": [f.to_dict(explain=explain) for f in self.findings],
            "rewrite": self.rewrite.to_dict() if self.rewrite else None,
        }
        if it.question is not None:
            d["question"] = it.question
        if it.type is not None:
            d["type"] = it.type
        if it.read != "whole":
            d["read"] = it.read
        if it.kind == "answer":
            d["metrics"] = self.metrics.to_dict() if self.metrics is not None else None
        return d


@dataclass
class Report:
    """The review of one document: item results, document-level findings, score and top edits."""

    document: Document
    items: list[ItemResult]
    document_findings: list[Finding]
    score: float | None  # unrounded 0-100; None when nothing could be judged
    top_edits: list[str]  # item ids, best first
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    score_version: str = SCORE_VERSION
    explain: bool = False
    metrics: TranscriptMetrics | None = None  # transcripts: per-answer figures and their totals
    score_band: str | None = None  # resumes: strong / competitive / needs work / weak
    score_reasons: list[str] = field(default_factory=list)  # resumes: the two or three reasons behind it
    prep: list[Any] = field(default_factory=list)  # screen-prep questions (critic.advice.PrepQuestion)
    set_aside: list[str] = field(default_factory=list)  # item ids not judged: read cut or merged

    @property
    def source(self) -> str:
        return self.document.source

    @property
    def flagged(self) -> list[ItemResult]:
        return [r for r in self.items if r.findings]

    @property
    def raised(self) -> list[ItemResult]:
        """Items with advice raised (error or warning findings), in reading order."""
        return [r for r in self.items if r.asks]

    def edits(self) -> list[ItemResult]:
        """The top edits as item results, best first."""
        return [self.item(i) for i in self.top_edits]

    def findings(self) -> list[Finding]:
        """Every finding, item-level in reading order then document-level."""
        out = [f for r in self.items for f in r.findings]
        return out + list(self.document_findings)

    def severity_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings():
            counts[f.severity] = counts.get(f.severity, 0) + 1
        return counts

    def worst_severity(self) -> str | None:
        ranks = [severity_rank(f.severity) for f in self.findings()]
        return SEVERITIES[max(ranks)] if ranks else None

    def item(self, item_id: str) -> ItemResult:
        for r in self.items:
            if r.item.id == item_id:
                return r
        raise KeyError(item_id)

    def judged(self) -> int:
        return sum(1 for r in self.items if r.score is not None)

    def summary_line(self) -> str:
        """One line: file, score, how many items are flagged, findings by severity."""
        counts = self.severity_counts()
        parts = [f"{counts[s]} {s}" + ("s" if counts[s] != 1 and s != "info" else "")
                 for s in reversed(SEVERITIES) if counts[s]]
        findings = ", ".join(parts) if parts else "no findings"
        unit = "answers" if self.document.kind == "transcript" else "items"
        if self.score is None:
            return f"{self.source}: no score · nothing could be judged · {findings}"
        if self.document.kind == "transcript":
            return (f"{self.source}: score {display(self.score)}/100 · {len(self.flagged)} of {self.judged()} "
                    f"{unit} flagged · {findings}")
        band = f" ({self.score_band})" if self.score_band else ""
        raised = self.raised
        return (f"{self.source}: score {display(self.score)}/100{band} · {len(raised)} of {self.judged()} "
                f"{unit} with advice · {findings}")

    def to_dict(self, *, explain: bool | None = None) -> dict[str, Any]:
        from critic.report.json import report_dict

        return report_dict(self, explain=self.explain if explain is None else explain)

    def to_json(self, *, explain: bool | None = None) -> str:
        """The report as deterministic JSON (sorted keys, no timestamps); schema in docs/report-schema.md."""
        from critic.report.json import dumps

        return dumps(self.to_dict(explain=explain))


def render(reports: Sequence[Report], fmt: str, *, color: bool = False, explain: bool = False,
           width: int | None = None, show_all: bool = False, pages: bool = False) -> str:
    """Render reports in one of FORMATS (show_all: text also lists the notes that were not raised; pages:
    the HTML review shows a PDF's pages with the raised items boxed, read back from its path)."""
    if fmt == "text":
        from critic.report.text import render_text

        return render_text(reports, color=color, explain=explain, width=width, show_all=show_all)
    if fmt == "line":
        from critic.report.line import render_line

        return render_line(reports)
    if fmt == "json":
        from critic.report.json import render_json

        return render_json(reports, explain=explain)
    if fmt == "markdown":
        from critic.report.markdown import render_markdown

        return render_markdown(reports, explain=explain)
    if fmt == "html":
        from critic.report.html import render_html

        return render_html(reports, explain=explain, pages=pages)
    raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")


def version() -> str:
    return __version__
