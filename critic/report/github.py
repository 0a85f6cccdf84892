"""GitHub Actions workflow commands: one ``::error|warning|notice file=...,line=...::message`` a finding,
shown as annotations on the pull request's changed files."""

from __future__ import annotations

from collections.abc import Sequence

from critic.report import Report
from critic.report.line import locations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[Report]) -> str:
    """Workflow annotation commands, escaped as GitHub documents for data and properties."""
    out = []
    for loc in locations(reports):
        level = LEVELS.get(loc.severity, "notice")
        props = f"file={_prop(loc.path)},line={loc.line},col={loc.column},title={_prop(f'critic {loc.rule}')}"
        out.append(f"::{level} {props}::{_data(loc.message)}\n")
    return "".join(out)
