"""Edits are never already true, never move work under another employer, and page 1 that cannot be
read gets a note instead of a verdict."""

from __future__ import annotations

from critic.model import Box, Document, Entry, Item, Section
from critic.parse.structure import finalise
from critic.screen.case import evaluate, prepare
from critic.screen.core import page_one_note, screen_document
from critic.screen.edits import _in_current_role, candidates
from critic.screen.reading import ReadingModel
from critic.screen.sheet import ScreenLine, Sheet


def _doc(bullets: list[str]) -> Document:
    doc = Document(source="built.md", format="markdown", name="Ada Quill")
    contact = Section("contact", "", items=[Item("", "line", "Ada Quill", section_kind="contact")])
    roles = [Entry(header="Senior Product Manager | Quillworks | Jan 2022 – Present", title="Senior Product Manager",
                   organisation="Quillworks", start="2022-01", end="present",
                   items=[Item("", "bullet", b, section_kind="experience") for b in bullets]),
             Entry(header="Product Manager | Inkline | Mar 2019 – Dec 2021", title="Product Manager",
                   organisation="Inkline", start="2019-03", end="2021-12",
                   items=[Item("", "bullet", "Wrote specs for the search team", section_kind="experience")])]
    doc.sections = [contact, Section("experience", "Experience", entries=roles)]
    for s in doc.sections:
        for i in s.all_items():
            i.section = s.title
    finalise(doc)
    return doc


def test_no_placeholder_ai_result_when_a_measured_one_is_on_page_1() -> None:
    filler = [f"Ran the weekly {w} review with the design and data teams every sprint" for w in
              ("launch", "pricing", "roadmap", "support", "growth", "quality")]
    doc = _doc(filler + ["Cut LLM support cost by 40% by routing easy questions to a smaller model"])
    case = prepare(doc)
    _, j = evaluate(case, ReadingModel())
    assert j.ai_impact.where == "page-1"
    assert "quantify-ai-impact" not in {c.id for c in candidates(case, j)}


def test_a_placeholder_ai_result_when_none_is_on_page_1() -> None:
    case = prepare(_doc(["Worked on LLM features with the ML team"]))
    _, j = evaluate(case, ReadingModel())
    assert "quantify-ai-impact" in {c.id for c in candidates(case, j)}


def test_a_bullet_under_a_second_role_of_the_same_entry_is_not_in_the_current_role() -> None:
    doc = _doc(["Cut LLM cost by 40%"])
    case = prepare(doc)
    lines = [ScreenLine(0, 1, "PM · Quillworks", Box(0, 0, 9, 9), role="entry", entry=(1, 0)),
             ScreenLine(1, 1, "first bullet", Box(0, 10, 9, 19), role="bullet", entry=(1, 0), unit="a"),
             ScreenLine(2, 1, "APM · Lantern", Box(0, 20, 9, 29), role="entry", entry=(1, 0)),
             ScreenLine(3, 1, "second bullet", Box(0, 30, 9, 39), role="bullet", entry=(1, 0), unit="b")]
    case.sheet = Sheet(lines, {}, {1: (612.0, 792.0)}, simulated=False)
    from critic.screen.sheet import Unit
    case.sheet.units = {u: Unit(u, u, [u], "bullet", "experience", (1, 0), 1) for u in ("a", "b")}
    case.located.current = (1, 0)
    case.located.current_role_lines = [0]
    assert _in_current_role(case, "a") and not _in_current_role(case, "b")


def test_no_add_name_edit_when_the_name_is_alone_on_top_in_the_largest_type() -> None:
    result = screen_document(_doc(["Worked on LLM features with the ML team"]))
    assert "add-name" not in {e.id for e in result.edits}


def _sheet(text: str) -> Sheet:
    lines = [ScreenLine(i, 1, t, None) for i, t in enumerate(text.split("\n"))]
    return Sheet(lines, {}, {1: (612.0, 792.0)}, simulated=True)


def test_page_one_in_another_script_gets_a_note() -> None:
    assert "not in English" in page_one_note(_sheet("产品经理 负责推荐系统的设计与上线 提升点击率 " * 8))


def test_page_one_in_another_latin_language_gets_a_note() -> None:
    text = "Gerente de producto con experiencia en sistemas de recomendación y equipos globales " * 6
    assert "English" in page_one_note(_sheet(text))


def test_an_empty_page_one_gets_a_note_and_an_english_one_none() -> None:
    assert "no readable text" in page_one_note(_sheet("  \n "))
    text = "Led the launch of the assistant for the support team and cut the cost of each answer " * 5
    assert page_one_note(_sheet(text)) == ""


def test_no_verdict_and_no_edits_when_page_one_is_not_english() -> None:
    doc = _doc(["负责推荐系统的设计与上线 提升点击率 降低成本 优化模型 " * 6])
    result = screen_document(doc)
    assert result.verdict == "NO VERDICT" and result.note and result.edits == []
    assert result.to_dict()["reasons"] == []
