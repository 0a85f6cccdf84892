"""Score formula v1: item and document scores, gains and the top edits."""

from __future__ import annotations

import pytest

from critic.findings import Finding
from critic.score import (
    DOCUMENT_WEIGHTS,
    ITEM_WEIGHTS,
    SCORE_VERSION,
    display,
    document_score,
    item_score,
    score_document,
    top_edits,
)


def f(severity: str, confidence: float = 1.0, rule: str = "r") -> Finding:
    return Finding(rule, severity, "m", confidence)


def test_version_is_declared():
    assert SCORE_VERSION == "2"


def test_item_score_is_product_of_weighted_costs():
    assert item_score([]) == 100.0
    assert item_score([f("error")]) == pytest.approx(100 * (1 - ITEM_WEIGHTS["error"]))
    assert item_score([f("warning", 0.5)]) == pytest.approx(100 * (1 - ITEM_WEIGHTS["warning"] * 0.5))
    two = item_score([f("error"), f("warning")])
    assert two == pytest.approx(100 * (1 - ITEM_WEIGHTS["error"]) * (1 - ITEM_WEIGHTS["warning"]))


def test_item_score_never_negative_and_monotone_in_severity_and_confidence():
    many = [f("error")] * 40
    assert 0.0 <= item_score(many) < 1.0
    assert item_score([f("info")]) > item_score([f("warning")]) > item_score([f("error")])
    assert item_score([f("error", 0.3)]) > item_score([f("error", 0.9)])


def test_document_score_mean_times_document_factor():
    assert document_score([100.0, 50.0], []) == pytest.approx(75.0)
    assert document_score([100.0, 50.0], [f("warning")]) == pytest.approx(75.0 * (1 - DOCUMENT_WEIGHTS["warning"]))
    assert document_score([], []) == 100.0


def test_only_judged_items_count():
    items = [("a", "bullet", []), ("b", "line", []), ("c", "bullet", [f("error")]), ("d", "line", [f("info")])]
    s = score_document(items, [])
    assert set(s.items) == {"a", "c", "d"}  # a plain line counts only once flagged
    assert s.document == pytest.approx((100 + item_score([f("error")]) + item_score([f("info")])) / 3)


def test_gain_is_the_document_score_rise_when_an_item_is_fixed():
    items = [("a", "bullet", [f("error")]), ("b", "bullet", [f("warning")]), ("c", "bullet", [])]
    doc_findings = [f("warning")]
    s = score_document(items, doc_findings)
    fixed = score_document([("a", "bullet", []), items[1], items[2]], doc_findings)
    assert s.gains["a"] == pytest.approx(fixed.document - s.document)
    assert s.gains["c"] == 0.0


def test_top_edits_largest_gain_first_ties_in_reading_order_and_only_candidates():
    items = [("a", "bullet", [f("warning")]), ("b", "bullet", [f("error")]), ("c", "bullet", [f("warning")]),
             ("d", "bullet", [f("error")]), ("e", "bullet", [f("info")])]
    s = score_document(items, [])
    order = [i for i, _, _ in items]
    assert top_edits(s, order, order) == ["b", "d", "a"]
    assert top_edits(s, order, ["a", "c", "e"]) == ["a", "c", "e"]
    assert top_edits(s, order, ["e"]) == ["e"]


def test_display_rounds_half_up():
    assert display(61.5) == 62
    assert display(62.5) == 63
    assert display(0.49) == 0
