"""Bounds on the review after parsing: how many items are judged, how long an item may be, and a time and
memory limit for judging a whole document (the parse sandbox's limits, applied a second time).

A text of 20,000 bullets or a one-megabyte "bullet" is not a resume; judging it would take minutes and
gigabytes. What is cut is reported as a document warning, so the report says what it did not judge.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from critic.model import Document
from critic.parse.sandbox import Limits, run_limited

if TYPE_CHECKING:
    from critic.engine import Engine


def bound_document(doc: Document, limits: Limits) -> int:
    """Drop items longer than limits.max_item_chars and items after the first limits.max_items (reading
    order) from doc, with a warning for each kind of cut; returns the number of items dropped."""
    kept = 0
    long_cut: list[str] = []
    over = 0
    for section in doc.sections:
        holders = [section.items, *(entry.items for entry in section.entries)]
        for holder in holders:
            keep = []
            for item in holder:
                if len(item.text) > limits.max_item_chars:
                    long_cut.append(item.id)
                elif kept >= limits.max_items:
                    over += 1
                else:
                    keep.append(item)
                    kept += 1
            holder[:] = keep
    if long_cut:
        shown = ", ".join(long_cut[:5]) + (" ..." if len(long_cut) > 5 else "")
        doc.warn(f"{len(long_cut)} item{'s' if len(long_cut) != 1 else ''} longer than "
                 f"{limits.max_item_chars:,} characters not judged ({shown})")
    if over:
        doc.warn(f"only the first {limits.max_items:,} items were judged; {over:,} more were not "
                 "(raise the max-items limit to judge them)")
    return len(long_cut) + over


def read_document(source: str, label: str, limits: Limits, candidate: str | None = None,
                  interviewer: str | None = None, data: bytes | None = None) -> tuple[Document, dict[str, set[str]]]:
    """Read and parse a file (``-``: standard input) for review: printable text only (critic.termsafe),
    inline ``critic: ignore`` directives taken out (item id -> rule ids, see critic.suppress). candidate
    and interviewer name a transcript's speakers; data: the file's bytes when already read (a Ray row)."""
    return start_read_document(source, label, limits, candidate, interviewer, data)()


def start_read_document(source: str, label: str, limits: Limits, candidate: str | None = None,
                        interviewer: str | None = None, data: bytes | None = None
                        ) -> Callable[[], tuple[Document, dict[str, set[str]]]]:
    """Start :func:`read_document`: the file is read now and parsed in the limited child process; the
    returned function waits for the document, so the caller can load the rules meanwhile."""
    from critic.errors import CriticError, InputError
    from critic.parse import read_input, start_parse
    from critic.parse.detect import decode_text

    if data is None:
        data = read_input(source, limits)
    elif len(data) > limits.max_mb * 1024 * 1024:
        raise InputError(label, f"file is {len(data) / 1048576:.1f} MB, over the size limit of {limits.max_mb:g} MB")
    pending = start_parse(data, name=label, limits=limits, candidate=candidate, interviewer=interviewer)
    raw = data

    def finish() -> tuple[Document, dict[str, set[str]]]:
        from critic.suppress import take_directives
        from critic.termsafe import clean_document

        doc = pending()
        clean_document(doc)
        text = None
        if doc.format not in ("pdf", "docx") and not doc.format.endswith("docx"):
            try:
                text = decode_text(raw, label)
            except CriticError:
                text = None
        return doc, take_directives(doc, text)

    return finish


def judge(doc: Document, engine: Engine, limits: Limits, suppressed: dict[str, set[str]], *,
          min_severity: str = "info", explain: bool = False) -> Any:
    """The bounded review of doc, with suppressed findings removed (and scored without them) and findings
    below min_severity hidden (the score is unchanged by hiding)."""
    from critic.suppress import hide_below

    report = review_bounded(doc, engine, limits, min_severity="info", explain=explain, suppressed=suppressed)
    hide_below(report, min_severity)
    return report


def review_bounded(doc: Document, engine: Engine, limits: Limits, **options: Any) -> Any:
    """critic.api.build_report(doc, engine, **options) on the bounded document, under limits' time and
    memory budget (in a child process where the platform allows); an overrun is an InputError."""
    from critic.api import build_report

    bound_document(doc, limits)
    return run_limited(partial(build_report, doc, engine, **options), source=doc.source, limits=limits,
                       action="reviewing")
