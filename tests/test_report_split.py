"""A merged item's other claims are shown as bullets of their own in every human-facing format."""

from __future__ import annotations

from pathlib import Path

import pytest

from critic.api import review
from critic.report import render

RESUME = """Dana Reyes
dana@example.com

EXPERIENCE
Site Reliability Engineer, Northwind Freight, 2019 - 2023
- Provisioned the alerting stack for the payments services with Grafana and Loki. Wrote the on-call runbook for the platform engineers on the team.
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    path = Path(tmp_path_factory.mktemp("split")) / "resume.txt"
    path.write_text(RESUME, encoding="utf-8")
    return review(str(path))


def test_the_split_claim_is_in_the_rewrite(report):
    splits = [it.rewrite.split for it in report.items if it.rewrite is not None and it.rewrite.split]
    assert splits == [["Wrote the on-call runbook for the platform engineers on the team."]]


@pytest.mark.parametrize("fmt, mark", [("text", "SPLIT Wrote the on-call runbook"),
                                       ("markdown", "**SPLIT:** Wrote the on-call runbook"),
                                       ("html", "<span class=\"label\">SPLIT</span>Wrote the on-call runbook")])
def test_every_human_format_shows_the_split_claim(report, fmt: str, mark: str):
    out = render([report], fmt)
    assert mark in out and "(a bullet of its own)" in out
