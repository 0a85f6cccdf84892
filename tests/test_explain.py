"""`critic explain` cites the hiring-committee articles by title."""

from __future__ import annotations

import re

from critic.commands.explain import SOURCE_TITLES, cite, explain_text
from critic.engine import Engine


def test_sources_are_cited_by_article_title() -> None:
    assert cite("seed 001 (kill criteria); seed 000 (monitoring)") == (
        f"“{SOURCE_TITLES['001']}” (kill criteria); “{SOURCE_TITLES['000']}” (monitoring)")
    assert cite("coach handbook, seed 999") == "coach handbook, seed 999"  # unknown: left as written


def test_every_rule_explanation_names_titles_not_seed_numbers() -> None:
    engine = Engine()
    for rule in engine.rules:
        text = explain_text(engine, rule.id)
        source = text.split("Source:", 1)[1]
        assert not re.search(r"\bseed \d{3}\b", source), (rule.id, source)
