"""Bounds on the review after parsing: how many items are judged, how long an item may be, and a time and
memory limit for judging a whole document (the parse sandbox's limits, applied a second time).

A text of 20,000 bullets or a one-megabyte "bullet" is not a resume; judging it would take minutes and
gigabytes. What is cut is reported as a document warning, so the report says what it did not judge.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from critic.model import Document
from critic.parse.sandbox import Limits, run_limited


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


def review_bounded(doc: Document, engine: Any, limits: Limits, **options: Any) -> Any:
    """critic.api.build_report(doc, engine, **options) on the bounded document, under limits' time and
    memory budget (in a child process where the platform allows); an overrun is an InputError."""
    from critic.api import build_report

    bound_document(doc, limits)
    return run_limited(partial(build_report, doc, engine, **options), source=doc.source, limits=limits,
                       action="reviewing")
