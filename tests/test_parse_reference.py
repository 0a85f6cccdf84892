"""Critic reads real resumes as the hand-checked references do (../shared/eval/parse_reference_dev.json).

Thresholds sit a little below the measured figures so that a regression shows; `python
tests/parse_reference.py -v` prints the figures per file and every miss.
"""

from __future__ import annotations

import io

import pytest
from parse_reference import REFERENCE, Score, measure, norm, score_file

from critic.model import Document, Entry, Item, Section

MIN_WHOLE = 0.975  # measured 0.991
MIN_RIGHT_ENTRY = 0.975  # measured 0.998


def test_norm_ignores_spacing_case_and_hyphenation() -> None:
    assert norm("Built  the Con\u00adsul  cluster.") == norm("built the consul cluster")
    assert norm("Led A") != norm("Led B")


def _doc(*entries: tuple[str, list[str]], skills: list[Item] | None = None) -> Document:
    doc = Document(source="x.pdf", format="pdf")
    sec = Section(kind="experience", title="Experience")
    for header, bullets in entries:
        sec.entries.append(Entry(header=header, items=[Item(id=b[:5], kind="bullet", text=b) for b in bullets]))
    doc.sections.append(sec)
    if skills:
        doc.sections.append(Section(kind="skills", title="Skills", items=skills))
    return doc


def test_score_file_counts_cut_wrong_entry_and_judged_skills() -> None:
    ref = {"entries": [{"title": "Product Manager", "organization": "Acme",
                        "bullets": ["Shipped a search feature used by many teams.", "Ran the pricing study."]},
                       {"title": "Analyst", "organization": "Beta", "bullets": ["Wrote the churn model."]}],
           "summary_items": [], "skills_lines": ["Python, SQL, Tableau"]}
    good = score_file(ref, _doc(("Product Manager | Acme", ["Shipped a search feature used by many teams.",
                                                             "Ran the pricing study."]),
                                ("Analyst, Beta", ["Wrote the churn model."]),
                                skills=[Item(id="s", kind="line", text="Python, SQL, Tableau")]))
    assert (good.whole, good.items, good.right_entry, good.bullets, good.skills_judged) == (3, 3, 3, 3, 0)
    bad = score_file(ref, _doc(("Product Manager | Acme", ["Shipped a search feature", "used by many teams.",
                                                           "Ran the pricing study.", "Wrote the churn model.",
                                                           "Python, SQL, Tableau"])))
    assert (bad.whole, bad.right_entry, bad.skills_judged) == (2, 2, 1)


def test_a_bullet_repeated_under_two_roles_is_paired_once_with_each() -> None:
    ref = {"entries": [{"title": "Analyst", "organization": "Acme", "bullets": ["Built the weekly sales report."]},
                       {"title": "Analyst", "organization": "Beta", "bullets": ["Built the weekly sales report."]}],
           "summary_items": [], "skills_lines": []}
    both = score_file(ref, _doc(("Analyst | Acme", ["Built the weekly sales report."]),
                                ("Analyst | Beta", ["Built the weekly sales report."])))
    assert (both.whole, both.right_entry) == (2, 2)
    one = score_file(ref, _doc(("Analyst | Acme", ["Built the weekly sales report."]), ("Analyst | Beta", [])))
    assert (one.whole, one.right_entry) == (2, 1)


@pytest.mark.skipif(not REFERENCE.exists(), reason=f"reference not found: {REFERENCE}")
def test_dev_references_read_whole_and_under_the_right_entry() -> None:
    out = io.StringIO()
    scores = measure(out=out)
    total: Score = scores["TOTAL"]
    assert total.items > 400, out.getvalue()
    assert total.whole / total.items >= MIN_WHOLE, out.getvalue()
    assert total.right_entry / total.bullets >= MIN_RIGHT_ENTRY, out.getvalue()
    assert total.skills > 100 and total.skills_judged == 0, out.getvalue()
