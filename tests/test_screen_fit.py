"""Target-role fit: the verdict reads the titles against the role screened for."""

from __future__ import annotations

import pytest

from critic.model import Document, Entry, Item, Section
from critic.parse.structure import finalise
from critic.screen.core import screen_document
from critic.screen.fit import DEFAULT_ROLE, family_of, role_fit, target_from_jd, target_role


@pytest.mark.parametrize(("title", "family"), [
    ("Senior Product Manager, Applied AI", "product"), ("Group PM", "product"), ("AI product manager", "product"),
    ("Senior Software Engineer", "engineering"), ("Site Reliability Engineer", "engineering"),
    ("Data Scientist", "data"), ("Sales Representative", "sales"), ("Founder", None),
])
def test_family_of(title: str, family: str | None) -> None:
    assert family_of(title) == family


def test_role_fit_reads_the_first_title_with_a_family() -> None:
    assert role_fit(["Senior Software Engineer", None]).fits is False
    assert role_fit(["Senior Software Engineer", "Product Manager for ML platforms"]).fits is True
    assert role_fit(["Founder"]).fits is None
    assert role_fit(["Senior Software Engineer"], "software engineer").fits is True


def test_target_role_precedence() -> None:
    jd = "About us\nSenior Data Scientist, Search\nWe are hiring ..."
    assert target_role("Designer", jd) == "Designer"
    assert target_role(None, jd) == "Senior Data Scientist, Search" == target_from_jd(jd)
    assert target_role(None, None) == DEFAULT_ROLE


def _doc(title: str) -> Document:
    bullets = ["Cut LLM support cost by 40% by choosing a smaller model over the hosted one",
               "Ran the weekly launch review"]
    doc = Document(source="built.md", format="markdown", name="Ada Quill")
    doc.sections = [
        Section("contact", "", items=[Item("", "line", "Ada Quill", section_kind="contact")]),
        Section("experience", "Experience", entries=[
            Entry(header=f"{title} | Quillworks | Jan 2022 – Present", start="2022-01", end="present",
                  items=[Item("", "bullet", b, section_kind="experience") for b in bullets]),
            Entry(header=f"{title} | Inkline | Mar 2019 – Dec 2021", start="2019-03", end="2021-12",
                  items=[Item("", "bullet", "Wrote specs for the search team", section_kind="experience")])]),
        Section("education", "Education", entries=[Entry(header="BS Computer Science | Pine University | 2012 – 2016")]),
    ]
    for s in doc.sections:
        for i in s.all_items():
            i.section = s.title
    finalise(doc)
    return doc


def test_an_engineer_resume_screened_for_ai_pm_is_never_advanced() -> None:
    result = screen_document(_doc("Senior Software Engineer"))
    assert result.verdict == "MAYBE"
    assert "targets-another-role" in {r.rule for r in result.judgement.reasons}
    assert all(e.verdict_after != "ADVANCE" for e in result.edits)
    assert result.to_dict()["target_role"]["reads_as"] == "engineering"


def test_the_same_resume_screened_for_its_own_role_advances() -> None:
    assert screen_document(_doc("Senior Software Engineer"), target_role="software engineer").verdict == "ADVANCE"
    assert screen_document(_doc("Senior Product Manager")).verdict == "ADVANCE"
