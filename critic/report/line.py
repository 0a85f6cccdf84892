"""Line report: one finding a line, ``path:page:item:rule:message`` (grep- and editor-friendly)."""

from __future__ import annotations

from collections.abc import Sequence

from critic.report import Report


def _clean(text: str) -> str:
    return " ".join(text.split())


def render_line(reports: Sequence[Report]) -> str:
    """Item findings in reading order, then document-level findings (empty page and item)."""
    out: list[str] = []
    for report in reports:
        path = report.source
        for result in report.items:
            page = "" if result.item.page is None else str(result.item.page)
            for f in result.findings:
                out.append(f"{path}:{page}:{result.item.id}:{f.rule}:{_clean(f.message)}")
        for f in report.document_findings:
            out.append(f"{path}:::{f.rule}:{_clean(f.message)}")
    return "".join(line + "\n" for line in out)
