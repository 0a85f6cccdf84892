"""A merged item's other claims are shown as bullets of their own, and the detail a long rewrite left out as
moved, in every human-facing format."""

from __future__ import annotations

import json
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


def _review(tmp_path_factory: pytest.TempPathFactory, text: str):
    path = Path(tmp_path_factory.mktemp("resume")) / "resume.txt"
    path.write_text(text, encoding="utf-8")
    return review(str(path))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    return _review(tmp_path_factory, RESUME)


def test_the_split_claim_is_in_the_rewrite(report):
    splits = [it.rewrite.split for it in report.items if it.rewrite is not None and it.rewrite.split]
    assert splits == [["Wrote the on-call runbook for the platform engineers on the team."]]


@pytest.mark.parametrize("fmt, mark", [("text", "SPLIT Wrote the on-call runbook"),
                                       ("markdown", "**SPLIT:** Wrote the on-call runbook"),
                                       ("html", "<span class=\"label\">SPLIT</span>Wrote the on-call runbook")])
def test_every_human_format_shows_the_split_claim(report, fmt: str, mark: str):
    out = render([report], fmt)
    assert mark in out and "(a bullet of its own)" in out


LONG = """Dana Reyes
dana@example.com

EXPERIENCE
Site Reliability Engineer, Northwind Freight, 2019 - 2023
- Built and deployed the delivery-tracking service infrastructure for the dispatch teams utilizing Docker, CircleCI and Terraform (EC2, ECS, Route 53, S3, CloudFront, RDS), focusing on availability, fault tolerance and auto-scaling.
"""


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory):
    return _review(tmp_path_factory, LONG)


def test_a_long_rewrite_sheds_its_tool_lists(long_report):
    rewrites = [it.rewrite for it in long_report.items if it.rewrite is not None]
    assert len(rewrites) == 1
    rw = rewrites[0]
    # the bracketed names first, then the list after "utilizing"; the focus areas are the claim and stay
    assert rw.moved == ["EC2, ECS, Route 53, S3, CloudFront, RDS", "utilizing Docker, CircleCI and Terraform"]
    assert "EC2" not in rw.good and "Docker" not in rw.good
    assert "delivery-tracking service infrastructure" in rw.good
    assert rw.good.endswith("focusing on availability, fault tolerance and auto-scaling.")
    for detail in rw.moved:  # what went is shown, and nothing else of BAD is lost
        assert detail in rw.bad and detail not in rw.good


@pytest.mark.parametrize("fmt, mark", [("text", "MOVED EC2, ECS, Route 53"),
                                       ("markdown", "**MOVED:** EC2, ECS, Route 53"),
                                       ("html", "<span class=\"label\">MOVED</span>EC2, ECS, Route 53")])
def test_every_human_format_shows_what_was_moved(long_report, fmt: str, mark: str):
    out = render([long_report], fmt)
    assert mark in out and "tools go to Skills" in out


def test_json_lists_what_was_moved(long_report):
    items = json.loads(render([long_report], "json"))["items"]
    moved = [it["rewrite"]["moved"] for it in items if it.get("rewrite") and "moved" in it["rewrite"]]
    assert moved and moved[0][0] == "EC2, ECS, Route 53, S3, CloudFront, RDS"
