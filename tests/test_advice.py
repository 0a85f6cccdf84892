"""The advice layer on invented resumes: what is raised, what stays a note and why, the budgets, the
document headline, the screen-prep list and the score with its reasons."""

from __future__ import annotations

import pytest

from critic.advice.gates import GATES
from critic.api import build_report, engine_for
from critic.config import Config
from critic.engine.schema import ADVICE_GATES
from critic.model import Item
from critic.parse import parse
from critic.parse.itemtype import classify

RESUME = """# Dana Example

## Summary
Product manager who drove growth for consumer AI products.
Curious, calm and organised.

## Experience

### Senior Product Manager, Lumen Health · 2022 – Present
- Worked with the ML team to launch a triage model for nurse hotlines.
- Piloted an AI note-taker in three clinics.
- Cut onboarding time for new clinics 40% by rewriting the setup guide.
- Chose a distilled in-house model over the vendor API for symptom search, cutting cost per query 55%.
- Wrote the quarterly planning documents.
- Hosted weekly demos for sales.

### Product Manager, Orbit Pay · 2019 – 2022
- Launched instant payouts for small merchants.
- Supported the pricing launch for the enterprise tier.
- Moved the fraud rules to a vendor platform.

### Barista, Corner Cafe · 2008 – 2010
- Trained new staff on the espresso machines.

## Skills
- Python, SQL, Looker, Figma
"""


@pytest.fixture(scope="module")
def report():
    doc = parse(RESUME.encode(), name="dana.md")
    return build_report(doc, engine_for(Config()))


def _by_text(report, start: str):
    for r in report.items:
        if r.item.text.startswith(start):
            return r
    raise AssertionError(f"no item starting {start!r}")


def _raised(result) -> set[str]:
    return {f.rule for f in result.findings if f.raised and f.severity != "info"}


def test_every_rule_gate_has_code() -> None:
    assert set(ADVICE_GATES) == set(GATES)


@pytest.mark.parametrize("text,section,expected", [
    ("Python, SQL, Looker, Figma", "skills", "skill"),
    ("Awarded the regional innovation prize for the triage pilot.", "experience", "honour"),
    ("Held a department-awarded teaching post given to one student a year.", "experience", "honour"),
    ("Selected as one of 12 fellows for the civic data programme.", "experience", "honour"),
    ("30 out of 1,400 applicants chosen for the city design residency.", "experience", "honour"),
    ("Chosen to be a Civic Data Fellow for 2019.", "experience", "honour"),
    ("Took part in three regional coding contests and won a national award.", "experience", "honour"),
    ("Chose 3 of 40 vendors for the triage pilot after a bake-off.", "experience", "achievement"),
    # what the writer learned or completed is a skill line, not a claim of work
    ("Gained expertise in network forensics from lab work on several routers.", "experience", "skill"),
    ("Sharpened presentation skills through weekly demo days.", "experience", "skill"),
    ("Completed the in-house analytics certification program", "experience", "skill"),
    ("Completed the migration of the billing system to Postgres.", "experience", "achievement"),
    ("Improved understanding of churn drivers with a cohort study.", "experience", "achievement"),
    ("Chose a smaller model for the triage pilot to halve latency.", "experience", "achievement"),
    ("Responsible for the onboarding roadmap across 12 clinics.", "experience", "scope"),
    ("Launched instant payouts for small merchants.", "experience", "achievement"),
    ("Proficient in Tableau and dbt.", "experience", "skill"),
    ("Remote", "experience", "context"),
    ("Product manager who drove growth for consumer AI products.", "summary", "summary"),
    ("Concentration in machine learning, minor in economics.", "education", "education"),
    ("PRESENTED AT THE REGIONAL PRODUCT SUMMIT 2022", "other", "context"),
    ("Over that summer I learned a lot about lean manufacturing.", "experience", "skill"),
    ("Everything that moves the needle.", "experience", "context"),
    ("Nothing but shipping.", "summary", "context"),
])
def test_item_types(text: str, section: str, expected: str) -> None:
    item = Item(id="x", kind="bullet", text=text, section="S", section_kind=section)
    assert classify(item) == expected


def test_participation_on_ai_work_is_raised_as_black_box(report) -> None:
    assert "black-box-language" in _raised(_by_text(report, "Worked with the ML team"))


def test_at_most_two_asks_per_bullet_and_per_role(report) -> None:
    per_entry: dict[str, int] = {}
    for r in report.items:
        asks = _raised(r)
        assert len(asks) <= 2
        per_entry[r.item.section + str(r.item.id.rsplit("-", 1)[0])] = \
            per_entry.get(r.item.section + str(r.item.id.rsplit("-", 1)[0]), 0) + len(asks)
    assert max(per_entry.values()) <= 2


def test_later_bullets_keep_notes_with_the_budget_reason(report) -> None:
    r = _by_text(report, "Wrote the quarterly planning documents")
    notes = [f for f in r.findings if not f.raised]
    assert notes and all(f.severity == "info" for f in notes)
    assert any("two comments" in f.note for f in notes)


def test_old_unrelated_role_is_not_asked_for_a_number(report) -> None:
    r = _by_text(report, "Trained new staff")
    assert not _raised(r)
    assert any("older role" in f.note for f in r.findings)


def test_skills_are_never_judged(report) -> None:
    r = _by_text(report, "Python, SQL")
    assert r.item.type == "skill" and not r.findings and r.rewrite is None


def test_notes_are_never_rewritten(report) -> None:
    """Only raised findings are rewritten, and those held back by the comment budget alone (JSON and --all
    show those): a note about what the item is never gets a rewrite."""
    for r in report.items:
        held = [f for f in r.findings if not f.raised and f.note.endswith("already used on earlier bullets")]
        if not _raised(r) and not held:
            assert r.rewrite is None
        elif not _raised(r):
            assert r.rewrite is None or set(r.rewrite.rules) <= {f.rule for f in held}


def test_profile_sentence_without_claim_is_not_raised(report) -> None:
    r = _by_text(report, "Curious, calm")
    assert not _raised(r)


def test_top_edits_one_per_bullet_from_raised_items(report) -> None:
    assert 1 <= len(report.top_edits) <= 3
    assert len(set(report.top_edits)) == len(report.top_edits)
    for item_id in report.top_edits:
        assert _raised(report.item(item_id))


def test_score_has_band_and_reasons(report) -> None:
    assert report.score is not None and 0 <= report.score <= 100
    assert report.score_band in ("strong", "competitive", "needs work", "weak")
    assert 1 <= len(report.score_reasons) <= 3


def test_nothing_judged_gets_no_score() -> None:
    doc = parse(b"# Skills\n- Python, SQL, Looker\n- Figma, Miro\n", name="skills.md")
    report = build_report(doc, engine_for(Config()))
    assert report.score is None
    assert "no score" in report.summary_line()


def test_kill_criteria_anywhere_is_screen_prep_not_a_raised_finding(report) -> None:
    kill = {f.rule: f for f in report.document_findings}["no-kill-criteria-anywhere"]
    assert not kill.raised and kill.severity == "info" and "screening call" in kill.note


def test_no_trade_off_anywhere_names_the_strongest_decision_bullet() -> None:
    text = ("# Sam Example\n\n## Experience\n\n### Product Manager, Northwind · 2021 – Present\n"
            "- Wrote release notes for 30 customer teams.\n"
            "- Migrated search ranking from hand-written rules to a learned ranker for 2M shoppers.\n")
    report = build_report(parse(text.encode(), name="t.md"), engine_for(Config()))
    trade = {f.rule: f for f in report.document_findings}["no-trade-off-anywhere"]
    assert trade.raised and "strongest decision" in trade.message and "Migrated search ranking" in trade.message


def test_screen_prep_names_at_most_three_bullets(report) -> None:
    assert 1 <= len(report.prep) <= 3
    for q in report.prep:
        assert q.question.endswith("?") and report.item(q.item_id)


def _advice_examples() -> list[tuple[str, str, str, str]]:
    from critic.engine import Engine

    out = []
    for rule in Engine().rules:
        for verdict, examples in (getattr(rule, "advice", {}) or {}).get("examples", {}).items():
            for ex in examples:
                out.append((rule.id, verdict, ex["where"], ex["text"]))
    return out


def _one_role_resume(text: str, where: str) -> bytes:
    lines = ["# Sam Example", "", "## Summary"]
    lines.append(text if where == "summary" else "Product manager for consumer apps since 2016.")
    lines += ["", "## Experience", "", "### Senior Product Manager, Northwind · 2021 – Present"]
    lines.append(f"- {text}" if where == "role" else "- Cut checkout drop-off 12% for 300,000 monthly buyers.")
    lines += ["", "### Product Manager, Blue Finch · 2017 – 2021",
              "- Grew trial-to-paid conversion from 4% to 7% across 8,000 sign-ups a month."]
    lines += ["", "### Barista, Corner Cafe · 2008 – 2010",
              f"- {text}" if where == "old-role" else "- Opened the shop on weekdays for 40 regulars."]
    return "\n".join(lines).encode()


@pytest.mark.parametrize(("rule", "verdict", "where", "text"), _advice_examples(),
                         ids=lambda v: v if len(v) < 30 else v[:27] + "...")
def test_rule_advice_examples(rule: str, verdict: str, where: str, text: str) -> None:
    """Each core rule's advice examples: literal on the item, and raised or kept as a note as listed."""
    doc = parse(_one_role_resume(text, where), name="one-role.md")
    report = build_report(doc, engine_for(Config()))
    result = _by_text(report, text[:30])
    fired = {f.rule: f for f in result.findings}
    if verdict == "raise":
        assert rule in fired and fired[rule].raised, [(f.rule, f.raised, f.note) for f in result.findings]
    else:
        assert rule not in fired or not fired[rule].raised, fired[rule].note


def test_every_core_rule_has_raise_and_note_examples() -> None:
    examples = _advice_examples()
    for rule in ("missing-quantification", "black-box-language", "missing-trade-off", "missing-kill-criteria"):
        assert {v for r, v, _, _ in examples if r == rule} == {"raise", "note"}


def test_html_review_boxes_raised_items_on_the_page_and_links_each_to_its_card() -> None:
    import re
    from pathlib import Path

    from critic.report import render

    sample = Path(__file__).resolve().parents[1] / "fixtures" / "resumes" / "sample_resume.pdf"
    report = build_report(parse(sample), engine_for(Config()))
    report.document.source = str(sample)
    page = render([report], "html", pages=True)
    links = re.findall(r'<a class="mk [a-z]+" id="mark-([^"]+)" href="#([^"]+)"', page)
    assert links and 'class="pdfpage"' in page
    for mark, target in links:
        assert mark == target and f'id="{target}"' in page  # every box opens a card that exists
    assert len(links) == len({r.item.box and (r.item.page, r.item.box.top) for r in report.raised})
    assert "pdfpage" not in render([report], "html")  # pages only when asked


def test_review_exits_2_with_one_line_when_nothing_can_be_judged(tmp_path) -> None:
    from click.testing import CliRunner

    from critic.cli import cli

    path = tmp_path / "skills.md"
    path.write_text("# Skills\n- Python, SQL, Looker\n- Figma, Miro\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(path)])
    assert result.exit_code == 2
    errors = [ln for ln in result.output.splitlines() if "nothing to review" in ln]
    assert len(errors) == 1 and str(path) in errors[0] and "Traceback" not in result.output
    assert "no score" in result.output


@pytest.mark.parametrize("text, expected", [
    ("Shipped an AI-powered search assistant for the help centre.", True),
    ("Moved ranking to an LLM-based reranker.", True),
    ("Kept the non-AI fallback for enterprise tenants.", False),
    ("Redesigned the checkout page for returning buyers.", False),
])
def test_ai_work_is_read_in_compounds_it_leads(text: str, expected: bool) -> None:
    from critic.advice.context import mentions_ai

    assert mentions_ai(text) is expected
