"""Redaction of personal data: patterns, name discovery, the Document walk, and the output guard."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from critic.batch.redact import ADDRESS, EMAIL, NAME, PHONE, URL, Redactor, looks_like_name, redactor_for
from critic.model import Box, Document, Entry, Item, Line, Page, Section, Turn

COHORT = Path(__file__).resolve().parents[1] / "fixtures" / "cohort"


@pytest.mark.parametrize(
    ("text", "secret", "marker"),
    [
        ("Reach me at jo.park+jobs@example.com today", "jo.park+jobs@example.com", EMAIL),
        ("mail: jo [at] example [dot] org", "jo [at] example [dot] org", EMAIL),
        ("Portfolio https://jopark.example.dev/work?x=1 (new)", "https://jopark.example.dev/work?x=1", URL),
        ("see www.jopark.example.com for more", "www.jopark.example.com", URL),
        ("linkedin.com/in/jo-park-42 and more", "linkedin.com/in/jo-park-42", URL),
        ("github: @jopark_dev", "@jopark_dev", URL),
        ("call (555) 010-4477 after six", "(555) 010-4477", PHONE),
        ("call +44 20 7946 0958 after six", "+44 20 7946 0958", PHONE),
        ("call 555.010.4477", "555.010.4477", PHONE),
        ("Lives at 221B Baker Street, Springfield, IL 62704 now", "221B Baker Street, Springfield, IL 62704", ADDRESS),
        ("Lives at 9 Elm Ave, Apt 3, Portland, OR 97201", "9 Elm Ave, Apt 3, Portland, OR 97201", ADDRESS),
        ("PO Box 4410, Austin, TX 78701", "PO Box 4410, Austin, TX 78701", ADDRESS),
        # invented people and places
        ("Partnered with Sarah Okonjo to cut churn 12%", "Sarah Okonjo", NAME),
        ("Mentored Dr. Omar Haddadi on pricing", "Omar Haddadi", NAME),
        ("Reported to Maria Lindqvist, our VP of Product", "Maria Lindqvist", NAME),
        ("Hired Tomasz and Anna for the data team", "Anna", NAME),
        ("write to jane dot doe at example dot com", "jane dot doe at example dot com", EMAIL),
        ("mail ravi at example dot in", "ravi at example dot in", EMAIL),
        ("Mobile +91-98765-43210 (evenings)", "+91-98765-43210", PHONE),
        ("Tel. 0049 30 1234567", "0049 30 1234567", PHONE),
        ("Home: 14 Orchard Close, Leeds LS6 2QR", "14 Orchard Close, Leeds LS6 2QR", ADDRESS),
        ("Post to SW1A 2AA please", "SW1A 2AA", ADDRESS),
        ("Atelier 12 rue des Lilas, 75011 Paris", "12 rue des Lilas, 75011 Paris", ADDRESS),
        ("Office Prinsengracht 263, 1016 GV Amsterdam", "Prinsengracht 263, 1016 GV Amsterdam", ADDRESS),
        ("Lindenstraße 14, 10969 Berlin", "Lindenstraße 14, 10969 Berlin", ADDRESS),
    ],
)
def test_strict_patterns_redact_anywhere(text: str, secret: str, marker: str) -> None:
    out = Redactor().text(text)
    assert secret not in out
    assert marker in out


@pytest.mark.parametrize(
    "text",
    [
        "Cut p95 latency from 2.4 s to 1.1 s in Q3 2024 across 2019-2023 releases",
        "Grew revenue to $1.2M (10-15% a quarter) with 3 ML engineers",
        "Fine-tuned Llama 3 70B and GPT-4 on ASP.NET and Node.js services, version 2.8.10",
        "Shipped 2 Google Drive, Slack and Notion connectors in 6 weeks",
        "Served 1,200,000 users at 99.95% availability; moved 40 000 tickets",
        "Ran the 2024.01.15 launch review with the team",
        "Owned the @ mentions feature and the e.g. shortcuts",
        "Shipped Customer Success Hub with Google Cloud and Vertex AI",
        "Grace Hopper Award for the search relaunch",
        "Led Q3 4PM reviews with the ML team at Acme Corp",
        "Cut cost from 1200000 to 400000 between 2019 and 2021",
        "Moved 30 at 2 dot releases",
        "Built with Claude and Gemini models for Amazon Prime",
    ],
)
def test_ordinary_resume_text_is_left_alone(text: str) -> None:
    assert Redactor().text(text) == text


def test_contact_section_loose_patterns_are_learned_and_removed_everywhere() -> None:
    r = Redactor()
    r.add_name("Jo Park")
    r.learn_contact_line("J. Park | 555-0199 | 12 Quarry Road, Leeds | jpark_42 | jopark")
    assert "J. Park" in r.names
    out = r.text("J. Park led the move; call 555-0199; office at 12 Quarry Road, Leeds; jpark_42 / jopark.")
    for secret in ("555-0199", "Quarry Road", "Park", "jpark_42", "jopark"):
        assert secret not in out
    assert out.count(NAME) == 1 and PHONE in out and ADDRESS in out and out.count(URL) == 2


def test_only_contact_lines_related_to_the_name_add_names() -> None:
    r = Redactor()
    r.add_name("Valentin Lucet")
    for line in ("Spring Security | Apache Cordova", "V. Lucet", "Cinch Financial", "Mountain View, CA"):
        r.learn_contact_line(line)
    assert "V. Lucet" in r.names
    assert not {"Spring", "Security", "Apache", "Cordova", "Cinch", "Mountain"} & set(r.names)


def test_a_local_phone_shape_outside_contact_lines_is_kept() -> None:
    # seven digits with a dash are a range in a bullet ("200-5000"), only a phone on a contact line
    assert Redactor().text("Scaled from 200-5000 users") == "Scaled from 200-5000 users"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jo Park", True),
        ("Mary-Jane O'Neil", True),
        ("JOSÉ ÁLVAREZ", True),
        ("Senior Product Manager", False),
        ("AI Product Manager", False),
        ("Mountain View", False),
        ("Open to relocation", False),
        ("Jo", False),
        ("Jo Park 2024", False),
        ("Education", False),
        ("IntelliJ IDEA", False),
        ("Spring MVC", False),
        ("What’s Next", False),
        ("Cinch Financial", False),
        ("Contact Me At", False),
        ("Ludwig van Beethoven", True),
        ("DeShawn McKay", True),
        ("Ian K. Eaves", True),
    ],
)
def test_name_like_lines(line: str, expected: bool) -> None:
    assert looks_like_name(line) is expected


def test_places_on_a_contact_line_are_not_names() -> None:
    r = Redactor()
    r.add_name("Jo Park")
    r.learn_contact_line("Palo Verde, AZ · J. Park")
    assert "J. Park" in r.names
    assert "Palo Verde" not in r.names and "Palo" not in r.names


def test_name_matches_in_capitals_and_title_case_but_not_lower_case_words() -> None:
    r = Redactor()
    r.add_name("ROSE HOPE")
    out = r.text("Rose Hope wrote this. ROSE agreed. We hope the rose garden ships.")
    assert out == f"{NAME} wrote this. {NAME} agreed. We hope the rose garden ships."


def test_label_redaction_matches_names_across_separators_case_and_run_together() -> None:
    r = Redactor()
    r.add_name("Jo Parkinson")
    assert r.label("cohort/jo_parkinson-resume.pdf") == f"cohort/{NAME}-resume.pdf"
    assert r.label("cohort/JO.PARKINSON.docx") == f"cohort/{NAME}.docx"
    assert r.label("cohort/jparkinson_cv.pdf") == f"cohort/j{NAME}_cv.pdf"
    assert r.label("cohort/joparkinson.dev_cv.pdf") == f"cohort/{URL}_cv.pdf"
    assert r.label("cohort/jogging.pdf") == "cohort/jogging.pdf"  # short name words only as whole words


def _document() -> Document:
    contact = Section(kind="contact", title="", items=[
        Item(id="c1", kind="line", text="Jo Park", section_kind="contact"),
        Item(id="c2", kind="line", text="jo@example.com · (555) 010-4477 · 12 Quarry Road, Leeds",
             section_kind="contact"),
    ])
    exp = Section(kind="experience", title="Experience", entries=[Entry(
        header="Product Manager — Acme", items=[
            Item(id="b1", kind="bullet", text="Jo Park cut review time from 25 to 9 minutes", section="Experience",
                 section_kind="experience")])])
    doc = Document(source="in/jo_park.pdf", format="pdf", name="Jo Park", sections=[contact, exp],
                   warnings=["jo_park.pdf: two-column layout"])
    doc.pages = [Page(number=1, width=600, height=800, lines=[
        Line(text="Jo Park", box=Box(0, 0, 10, 10)),
        Line(text="jo@example.com · (555) 010-4477 · 12 Quarry Road, Leeds", box=Box(0, 10, 10, 20))])]
    return doc


def test_document_walk_redacts_every_text_field_and_keeps_codes() -> None:
    doc = _document()
    r = redactor_for(doc)
    r.document(doc)
    blob = json.dumps(doc.to_dict(layout=True))
    for secret in ("Jo Park", "jo@example.com", "010-4477", "Quarry Road"):
        assert secret not in blob
    assert doc.items()[2].text == f"{NAME} cut review time from 25 to 9 minutes"
    assert doc.items()[0].id == "c1" and doc.sections[0].kind == "contact" and doc.format == "pdf"


def test_transcript_speakers_are_names_but_generic_labels_are_not() -> None:
    doc = Document(source="t.txt", format="qa-text", kind="transcript", candidate="Priyanka",
                   turns=[Turn(speaker="Interviewer", role="interviewer", text="Hi Priyanka, welcome."),
                          Turn(speaker="Priyanka", role="candidate", text="Thanks!"),
                          Turn(speaker="Speaker 2", role="interviewer", text="Go on.")])
    r = redactor_for(doc)
    assert "Priyanka" in r.names
    assert "Interviewer" not in r.names and "Speaker 2" not in r.names
    r.document(doc)
    assert doc.turns[0].text == f"Hi {NAME}, welcome."
    assert doc.turns[0].speaker == "Interviewer" and doc.candidate == NAME


def test_scrub_removes_leftovers_in_html_and_json_forms() -> None:
    r = Redactor()
    r.add_name("Zoë O'Hara")
    r.add_literal("(555) 010-4477", PHONE)
    page = f"<p>{html.escape(chr(10).join(['Zoë O' + chr(39) + 'Hara', '(555) 010-4477']))}</p>"
    blob = json.dumps({"a": "Zoë O'Hara"}) + json.dumps({"b": "Zoë"}, ensure_ascii=False)
    for out in (r.scrub(page), r.scrub(blob)):
        assert r.leaks(out) == []
        assert "Hara" not in out and "Zo\\u00eb" not in out and "010-4477" not in out


def test_invented_cohort_files_learn_their_people() -> None:
    from critic.parse import parse

    rows = [line.split("\t") for line in (COHORT / "PII.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    by_file: dict[str, list[str]] = {}
    for name, _, value in rows:
        by_file.setdefault(name, []).append(value)
    for name, secrets in sorted(by_file.items()):
        doc = parse(COHORT / name)
        r = redactor_for(doc)
        r.document(doc)
        blob = json.dumps(doc.to_dict(layout=True), ensure_ascii=False)
        for secret in secrets:
            assert secret not in blob, (name, secret)


def test_a_full_name_run_together_is_removed_anywhere() -> None:
    r = Redactor()
    r.add_name("Jo Parkinson")
    out = r.text("Profiles: LinkedIn:// joparkinson/ and JoParkinson42 on the forum")
    assert "parkinson" not in out.lower() and out.count(URL) == 2


def test_kinds_redacted_are_counted_and_folder_names_are_cleaned() -> None:
    r = Redactor()
    r.text("Partnered with Sarah Okonjo; call +44 20 7946 0958 or sarah at example dot com")
    assert r.kinds() == {"email": 1, "name": 1, "phone": 1}
    assert r.label("cohort/Lee +44 20 7946 0958/cv.pdf") == f"cohort/Lee {PHONE}/cv.pdf"
