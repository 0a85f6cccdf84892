"""A LinkedIn "Save to PDF" profile (invented, drawn by tests/linkedin_pdf.py) read as a layout of its own:
name from the main column, the sidebar as contact and skills, roles grouped under their company, durations
left out of the items."""

from __future__ import annotations

import pytest

from critic.model import Document
from critic.parse import parse_bytes

pytest.importorskip("fpdf")

from linkedin_pdf import linkedin_pdf  # noqa: E402


@pytest.fixture(scope="module")
def doc() -> Document:
    return parse_bytes(linkedin_pdf(), "Profile.pdf")


def test_name_comes_from_the_main_column(doc: Document) -> None:
    assert doc.name == "Morgan Ellery"
    assert not any(s.title == "Morgan Ellery" for s in doc.sections)


def test_sidebar_is_contact_and_skills_not_achievements(doc: Document) -> None:
    kinds = {s.title: s.kind for s in doc.sections}
    assert kinds["Contact"] == "contact" and kinds["Top Skills"] == "skills"
    contact = next(s for s in doc.sections if s.title == "Contact")
    assert [i.text for i in contact.items] == ["morgan.ellery@example.com",
                                               "www.linkedin.com/in/morgan-ellery-pm (LinkedIn)"]
    languages = next(s for s in doc.sections if s.title == "Languages")
    assert [i.text for i in languages.items] == ["English (Native or Bilingual)",
                                                 "Spanish (Professional Working Proficiency)"]
    sidebar = [i for s in doc.sections if s.title in ("Contact", "Top Skills", "Languages", "Certifications")
               for i in s.items]
    assert sidebar and all(i.kind == "line" for i in sidebar)


def test_roles_grouped_under_their_company(doc: Document) -> None:
    exp = next(s for s in doc.sections if s.kind == "experience")
    assert [(e.title, e.organisation, e.start, e.end, e.location) for e in exp.entries] == [
        ("Senior Product Manager, AI Platforms", "Kestrel Analytics", "2022-03", "present",
         "Portland, Oregon, United States"),
        ("Product Manager", "Kestrel Analytics", "2020-10", "2022-03", "Seattle, Washington, United States"),
        ("Associate Product Manager", "Tern Systems", "2018-06", "2020-09", "Austin, Texas, United States"),
        ("Business Analyst Intern", "Harbor Point Credit Union", "2017-05", "2017-08",
         "Austin, Texas, United States"),
    ]


def test_durations_and_page_footers_are_not_items(doc: Document) -> None:
    texts = [i.text for i in doc.items()]
    assert not any("months" in t or "Page 1 of" in t for t in texts)
    exp = next(s for s in doc.sections if s.kind == "experience")
    first = exp.entries[0]
    assert [i.text for i in first.items] == [
        "Lead the forecasting platform used by 1,200 retail stores.",
        "Cut forecast error by 18% by moving from weekly to daily retraining with a drift check.",
        "Set the launch bar for the ranking model: no release unless offline recall held within 2 points of "
        "the old model.",
        "Hired and coached three product managers.",
    ]
    assert all(i.kind == "bullet" for e in exp.entries for i in e.items)


def test_main_column_continues_on_the_next_page(doc: Document) -> None:
    exp = next(s for s in doc.sections if s.kind == "experience")
    last = exp.entries[-1]
    assert [i.text for i in last.items] == ["Built the branch wait-time report that the operations team still uses."]
    assert last.items[0].page == 2
    certifications = next(s for s in doc.sections if s.title == "Certifications")
    assert [i.text for i in certifications.items] == ["Certified Scrum Product Owner", "Cloud Practitioner Foundations"]


def test_summary_is_read_sentence_by_sentence(doc: Document) -> None:
    summary = next(s for s in doc.sections if s.kind == "summary")
    assert [i.kind for i in summary.items] == ["summary"] * 3
    assert summary.items[1].text.startswith("I have led search")
