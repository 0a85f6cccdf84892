"""Line report for editors and CI: ``file:line:col: severity rule message``, one finding a line.

The line is the item's source line in text formats (text, Markdown, transcripts); in formats without
lines (PDF, DOCX, JSON Resume) it is the item's number in reading order, i.e. the paragraph number of a
DOCX. Document-level findings sit at line 1. A compiler-style problem matcher reads this output as is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from critic.report import Report


@dataclass(frozen=True)
class Location:
    """Where a finding is shown: file, 1-based line and column, severity, rule, one-line message."""

    path: str
    line: int
    column: int
    severity: str
    rule: str
    message: str
    item_id: str | None  # None for document-level findings


def one_line(text: str) -> str:
    """text with every run of white space (new lines included) as one space."""
    return " ".join(str(text).split())


def locations(reports: Sequence[Report]) -> Iterator[Location]:
    """Every raised finding of the reports: items in reading order, then document-level findings (notes the
    advice layer did not raise are left out, as in the default text report)."""
    for report in reports:
        path = report.source
        for number, result in enumerate(report.items, 1):
            line = result.item.line if result.item.line else number
            for f in result.findings:
                if not f.raised:
                    continue
                yield Location(path, line, 1, f.severity, f.rule, one_line(f.message), result.item.id)
        for f in report.document_findings:
            if not f.raised:
                continue
            yield Location(path, 1, 1, f.severity, f.rule, one_line(f.message), None)


def render_line(reports: Sequence[Report]) -> str:
    """One ``file:line:col: severity rule message`` line a finding."""
    return "".join(f"{loc.path}:{loc.line}:{loc.column}: {loc.severity} {loc.rule} {loc.message}\n"
                   for loc in locations(reports))
