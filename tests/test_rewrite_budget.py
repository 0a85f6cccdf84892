"""Items held back only by the per-role comment budget still get a rewrite (JSON and --all show it)."""

from __future__ import annotations

import json

import pytest

from critic.api import review
from critic.report.json import render_json
from critic.report.text import render_text

RESUME = """Sam Placeholder
sam.placeholder@example.com

EXPERIENCE
Product Manager, Invented Co | Jan 2021 - Dec 2024
- Built a fully automated release pipeline for the invoicing service.
- Designed and launched a self-serve returns portal for marketplace sellers.
- Rewrote the outbound email templates for the spring campaign.
- Set up a shared triage queue for support tickets.
- Automated the weekly sales reports for the regional managers.
"""


@pytest.fixture(scope="module")
def report():
    return review(RESUME.encode("utf-8"), name="resume.txt")


def test_budget_held_items_get_a_rewrite_answering_the_held_finding(report):
    held = [r for r in report.items if r.findings and not any(f.raised for f in r.findings)
            and any(f.note.endswith("already used on earlier bullets") for f in r.findings)]
    assert len(held) >= 2
    for r in held:
        assert r.rewrite is not None, r.item.text
        assert set(r.rewrite.rules) <= {f.rule for f in r.findings if f.note.endswith("earlier bullets")}
        assert r.rewrite.placeholders and len(r.rewrite.placeholders) <= 2
    # an item whose findings are notes for what it is (not the budget) gets none
    for r in report.items:
        if r.findings and not any(f.raised for f in r.findings) and r not in held:
            assert r.rewrite is None, r.item.text


def test_json_and_all_show_them_the_default_report_does_not(report):
    held = next(r for r in report.items if r.rewrite is not None and not any(f.raised for f in r.findings))
    items = {i["id"]: i for i in json.loads(render_json([report]))["items"]}
    assert items[held.item.id]["rewrite"]["good"] == held.rewrite.good
    assert held.rewrite.good not in render_text([report])
    assert render_text([report], show_all=True).count(held.rewrite.good) == 1
