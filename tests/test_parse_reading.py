"""Reading confidence: items that start mid-sentence, stop mid-sentence or run together are flagged."""

from __future__ import annotations

import pytest

from critic.model import Document, Item, Section
from critic.parse.reading import diagnose, mark_reading, unread


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Cut onboarding time from 9 days to 4 by rewriting the setup guide.", "whole"),
        ("iOS app rebuilt in Swift for the field team.", "whole"),
        ("eBay listings synced nightly.", "whole"),
        ("and reduced churn by a third across the mid-market plan.", "cut"),
        ("42%", "cut"),
        ("$1.2M", "cut"),
        ("Led the pricing review with finance and", "cut"),
        ("Rebuilt the partner onboard-", "cut"),
        ("Shipped search • Ran the beta • Hired two engineers", "merged"),
        (" ".join(["Worked"] + ["on the launch"] * 31) + ".", "merged"),
    ],
)
def test_diagnose(text: str, read: str) -> None:
    got, note = diagnose(Item(id="x", kind="bullet", text=text))
    assert got == read
    assert (note is None) == (read == "whole")


def test_mark_reading_skips_skills_and_transcripts() -> None:
    doc = Document(source="x.pdf", format="pdf")
    doc.sections.append(Section(kind="skills", title="Skills", items=[
        Item(id="s", kind="bullet", text="kafka, rabbitmq", type="skill")]))
    doc.sections.append(Section(kind="experience", title="Experience", items=[
        Item(id="a", kind="bullet", text="with the sales team to close the gap."),
        Item(id="b", kind="line", text="and a trailing line")]))
    mark_reading(doc)
    assert [(i.id, i.read) for i in unread(doc)] == [("a", "cut")]
    assert doc.items()[1].to_dict()["read"] == "cut" and "lower case" in doc.items()[1].to_dict()["read_note"]
    doc.kind = "transcript"
    doc.sections[1].items[1].kind = "answer"
    mark_reading(doc)
    assert doc.sections[1].items[1].read == "whole"
