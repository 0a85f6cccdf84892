"""Interview transcripts: format detection, turns, timing, candidate choice, answers, errors."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from critic.errors import InputError
from critic.model import Document
from critic.parse.transcript.reader import (
    parse_transcript_docx,
    parse_transcript_text,
    sniff_docx,
    sniff_text,
)

ROOT = Path(__file__).parents[1]
FIX = ROOT / "fixtures" / "transcripts"
REALWORLD = ROOT.parent / "shared" / "realworld" / "answers"


def parse_file(name: str, candidate: str | None = None) -> Document:
    path = FIX / name
    doc = Document(source=name, format="unknown")
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        fmt = sniff_docx(document)
        assert fmt is not None, f"{name} not detected as a transcript"
        parse_transcript_docx(document, fmt, doc, candidate=candidate)
    else:
        text = path.read_text(encoding="utf-8")
        fmt = sniff_text(text)
        assert fmt is not None, f"{name} not detected as a transcript"
        parse_transcript_text(text, fmt, doc, candidate=candidate)
    return doc


def parse_string(text: str, candidate: str | None = None, source: str = "t.txt") -> Document:
    fmt = sniff_text(text)
    assert fmt is not None, "not detected as a transcript"
    doc = Document(source=source, format="unknown")
    parse_transcript_text(text, fmt, doc, candidate=candidate)
    return doc


def docx_from(paragraphs: list[str | list[str]]) -> docx.document.Document:
    """A python-docx Document; a list item becomes one paragraph with line breaks."""
    document = docx.Document()
    for para in paragraphs:
        lines = [para] if isinstance(para, str) else para
        p = document.add_paragraph(lines[0])
        for line in lines[1:]:
            run = p.add_run()
            run.add_break()
            run.add_text(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def answers(doc: Document):
    assert [s.kind for s in doc.sections] == ["interview"]
    return doc.sections[0].items


def word_totals(doc: Document) -> dict[str, int]:
    totals: dict[str, int] = {}
    for t in doc.turns:
        totals[t.speaker] = totals.get(t.speaker, 0) + len(t.text.split())
    return totals


def assert_most_words(doc: Document) -> None:
    """The reason names the candidate's word count and the total, and both are right."""
    m = re.fullmatch(r"most words \(([\d,]+) of ([\d,]+)\)", doc.candidate_reason or "")
    assert m, doc.candidate_reason
    totals = word_totals(doc)
    assert int(m.group(1).replace(",", "")) == totals[doc.candidate] == max(totals.values())
    assert int(m.group(2).replace(",", "")) == sum(totals.values())


# ---------------------------------------------------------------------------------------------
# Detection

SNIFFED = {
    "qa.txt": "qa-text",
    "interviewer-candidate.md": "qa-text",
    "timestamped.txt": "timestamped-text",
    "zoom.vtt": "vtt",
    "teams.vtt": "vtt",
    "sample.srt": "srt",
    "otter.txt": "otter",
    "malformed.vtt": "vtt",
    "malformed.srt": "srt",
    "empty.vtt": "vtt",
}


@pytest.mark.parametrize("name,fmt", sorted(SNIFFED.items()))
def test_sniff_text_fixtures(name: str, fmt: str) -> None:
    assert sniff_text((FIX / name).read_text(encoding="utf-8")) == fmt


@pytest.mark.parametrize("name,fmt", [("teams.docx", "teams-docx"), ("meet.docx", "meet-docx")])
def test_sniff_docx_fixtures(name: str, fmt: str) -> None:
    assert sniff_docx(docx.Document(str(FIX / name))) == fmt


RESUME_TEXTS = [
    # contact block and skills lines: "Field: value" lines are not speakers
    "Jordan Lee\nEmail: jordan@example.com\nPhone: +1 555 0100\nLocation: Austin, TX\n\n"
    "EXPERIENCE\nSenior PM, Acme (2021-2024)\n- Cut review time 30% with an LLM triage step\n\n"
    "Skills: Python, SQL, experimentation\nTools: Amplitude, Looker\nLanguages: English, Spanish\n",
    # projects that repeat the same fields, alternating, many times
    "PROJECTS\nSearch ranking\nStack: PyTorch, Airflow\nImpact: 4% more clicks\n"
    "Support bot\nStack: GPT-4, LangChain\nImpact: 12% fewer tickets\n"
    "Fraud rules\nStack: XGBoost\nImpact: $1.2M saved\n",
    # repeated capitalised labels with no question asked: not an interview
    "Team: ML platform\nRole: Product manager\nTeam: Payments\nRole: Senior PM\nTeam: Growth\nRole: Lead PM\n",
    # a Markdown resume with times of day and dates
    "# Ana Ruiz\n\n## Experience\n**Product Manager**, Beta Co. (2020 - 2023)\n- Ran the 9:30 standup\n"
    "- Shipped v2.8 of the scoring API\n\n## Education\nBSc, 2019\n",
    # an article with a few colons and question marks
    "Why AI PM interviews differ\n\nMost panels ask one thing: can you decide? Note: this matters.\n"
    "Example: a launch with partial data. Why: judgement beats recall.\n",
    # an article contrasting weak and strong answers with repeated "Not:/But:" and "Bad:/Good:" labels
    "What panels look for\n\nNot: listing every metric you know.\nBut: picking the one that decides.\n"
    "Not: naming the model first.\nBut: naming the decision first.\nWhy does this matter? Time is short.\n"
    "Bad: We launched the model.\nGood: We launched to 5% and set a stop rule.\n"
    "Bad: We improved accuracy.\nGood: We cut false declines from 4% to 2%.\n",
    # an agency cover sheet: role words as field names, no exchange
    "Candidate: Jordan Lee\nRecruiter: Sam Park, Northwind Talent\nPosition: Senior AI PM\n\nSUMMARY\n"
    "Product manager with eight years in payments.\n",
    "",
]


@pytest.mark.parametrize("text", RESUME_TEXTS)
def test_sniff_text_does_not_claim_resumes(text: str) -> None:
    assert sniff_text(text) is None


def test_sniff_docx_does_not_claim_a_resume() -> None:
    document = docx_from(["Jordan Lee", "Senior Product Manager", "Email: jordan@example.com",
                          "Acme Corp  2021", "Led the fraud model launch", "Skills: SQL, Python"])
    assert sniff_docx(document) is None


def test_sniff_needs_several_turns() -> None:
    assert sniff_text("Candidate: I shipped the ranking model in six weeks.\n") is None
    assert sniff_text("Q: What would you cut?\nA: The Spanish flow, for one quarter.\n") == "qa-text"


# ---------------------------------------------------------------------------------------------
# Q:/A: and Interviewer:/Candidate: text


def test_qa_text() -> None:
    doc = parse_file("qa.txt")
    assert doc.kind == "transcript" and doc.format == "qa-text"
    assert [t.speaker for t in doc.turns] == ["Q", "A"] * 4 + ["Q"]
    assert [t.role for t in doc.turns] == ["interviewer", "candidate"] * 4 + ["interviewer"]
    assert doc.candidate == "A" and doc.candidate_reason == "labelled 'A'"
    assert doc.name is None  # a role label is not a person's name
    items = answers(doc)
    assert [i.id for i in items] == ["answer-1", "answer-2", "answer-3", "answer-4"]
    assert all(i.kind == "answer" and i.section_kind == "interview" for i in items)
    assert [i.line for i in items] == [5, 11, 15, 20]
    assert [i.question for i in items] == [
        "Tell me about a decision you made with only partial data.",
        "How would you notice model drift after launch?",
        "Roughly what would LLM summaries of every claim cost per year?",
        "What did you give up to ship on time?",
    ]
    # wrapped lines join; two "A:" lines in a row are one turn; a trailing question has no answer
    assert items[0].text.startswith("We had three weeks of pilot data")
    assert items[0].text.endswith("went above 8% in any week.")
    assert items[2].text.endswith("$109,500 a year. Before we commit I would also price a smaller model for the "
                                  "short claims.")
    # "Plan B:" inside an answer is not a speaker
    assert "the first release. Plan B: keep the old web form" in items[3].text
    assert all(i.start_ms is None and i.end_ms is None for i in items)
    assert all(t.start_ms is None for t in doc.turns)


def test_interviewer_candidate_markdown() -> None:
    doc = parse_file("interviewer-candidate.md")
    assert [t.speaker for t in doc.turns] == ["Interviewer", "Candidate"] * 5
    assert doc.turns[2].text == "Okay."
    assert doc.candidate == "Candidate" and doc.candidate_reason == "labelled 'Candidate'"
    items = answers(doc)
    assert len(items) == 4
    # the interviewer's "Okay." does not split the first answer
    assert items[0].text.startswith("First I would confirm with legal")
    assert items[0].text.endswith("accepting a lower catch rate there for a quarter.")
    assert items[0].question.startswith("Your fraud model now has to meet a rule")
    assert items[1].question == "Walk me through your rollback plan for the new model."
    assert [i.line for i in items] == [7, 22, 26, 30]
    # headings, rules, the italic preamble and bold markers are not speech
    text = " ".join(t.text for t in doc.turns)
    assert "Round" not in text and "**" not in text and "---" not in text


def test_named_speakers_with_an_interviewer_label() -> None:
    doc = parse_string(
        "Interviewer: What would you roll back first?\n"
        "Sam: The ranking change, because it touches checkout.\n"
        "Interviewer: And the threshold?\n"
        "Sam: A 2 point drop in conversion over three days.\n"
        "Interviewer: Thanks, that is a wrap, with a long closing remark from me about next steps today.\n")
    assert doc.candidate == "Sam"
    assert doc.candidate_reason == "the only speaker not labelled as interviewer"
    assert doc.name == "Sam"
    assert [i.question for i in answers(doc)] == ["What would you roll back first?", "And the threshold?"]


def test_a_name_used_once_answering_a_question() -> None:
    doc = parse_string("Interviewer: What would you cut to ship on time?\n"
                       "Sam Okafor: The Spanish flow, for one quarter.\nInterviewer: Thanks.\n")
    assert [t.speaker for t in doc.turns] == ["Interviewer", "Sam Okafor", "Interviewer"]
    assert doc.candidate == "Sam Okafor"


def test_label_on_its_own_line_and_candidate_first() -> None:
    doc = parse_string("Candidate:\nI'd start with the metric.\n\nInterviewer:\nWhich one?\n\n"
                       "Candidate:\nWeekly active reviewers.\n")
    items = answers(doc)
    assert [i.text for i in items] == ["I'd start with the metric.", "Weekly active reviewers."]
    assert items[0].question is None  # the candidate spoke first
    assert items[1].question == "Which one?"
    assert items[0].line == 1


def test_structured_answer_words_are_not_speakers() -> None:
    doc = parse_string("Q: Tell me about a launch.\nA: Situation: the model was late.\nTask: ship in Q3.\n"
                       "Result: shipped two weeks early.\nQ: Why?\nA: Because we cut scope.\n")
    assert [t.speaker for t in doc.turns] == ["Q", "A", "Q", "A"]
    assert answers(doc)[0].text == "Situation: the model was late. Task: ship in Q3. Result: shipped two weeks early."


def test_a_capitalised_phrase_used_once_is_not_a_speaker() -> None:
    doc = parse_string("Priya Raman: What did you decide?\nSam Okafor: To launch in one region.\n"
                       "Big Picture: the other regions wait a quarter.\nPriya Raman: Why one?\n"
                       "Sam Okafor: Support can only staff one.\n")
    assert [t.speaker for t in doc.turns] == ["Priya Raman", "Sam Okafor"] * 2
    assert answers(doc)[0].text == "To launch in one region. Big Picture: the other regions wait a quarter."


def test_an_interviewer_question_between_candidate_turns_splits_answers() -> None:
    doc = parse_string("Q: How do you size it?\nA: Volume first.\nQ: Why?\nA: Because cost follows volume.\n")
    assert [i.question for i in answers(doc)] == ["How do you size it?", "Why?"]


@pytest.mark.parametrize("text,speakers,candidate", [
    ("- **Interviewer:** What is the metric?\n- **Candidate:** Resolved tickets per week.\n",
     ["Interviewer", "Candidate"], "Candidate"),
    ("Q1: What is the metric?\nA1: Resolved tickets.\nQ2: Why?\nA2: It tracks cost.\n",
     ["Q", "A", "Q", "A"], "A"),
    ("INTERVIEWER: What is the metric?\nSAM OKAFOR: Resolved tickets.\nINTERVIEWER: Why?\n"
     "SAM OKAFOR: It tracks cost.\n", ["INTERVIEWER", "SAM OKAFOR"] * 2, "SAM OKAFOR"),
    ("AI Interviewer: What is the metric?\nYou: Resolved tickets.\nAI Interviewer: Why?\nYou: It tracks cost.\n",
     ["AI Interviewer", "You"] * 2, "You"),
    ("李娜: 你会先看哪个指标?\nJan van der Berg: Resolved tickets.\n李娜: 为什么?\nJan van der Berg: It tracks cost.\n",
     ["李娜", "Jan van der Berg"] * 2, "Jan van der Berg"),
    ("Hiring Manager (Dana): What is the metric?\nPM Candidate: Resolved tickets, weekly.\n",
     ["Hiring Manager (Dana)", "PM Candidate"], "PM Candidate"),
])
def test_label_variants(text: str, speakers: list[str], candidate: str) -> None:
    doc = parse_string(text)
    assert [t.speaker for t in doc.turns] == speakers
    assert doc.candidate == candidate


# ---------------------------------------------------------------------------------------------
# [mm:ss] / [hh:mm:ss] text


def test_timestamped_text() -> None:
    doc = parse_file("timestamped.txt")
    assert doc.format == "timestamped-text"
    assert [t.speaker for t in doc.turns] == ["Maya Chen", "Tomás Ortega"] * 4 + ["Maya Chen"]
    assert [t.start_ms for t in doc.turns] == [0, 12000, 44000, 45000, 51000, 59000, 66000, 69000, 90000]
    assert [t.end_ms for t in doc.turns][:-1] == [12000, 44000, 45000, 51000, 59000, 66000, 69000, 90000]
    last = doc.turns[-1]
    assert last.end_ms is not None and last.end_ms > last.start_ms  # estimated, and said so
    assert any("estimated" in w for w in doc.warnings)
    assert doc.candidate == "Tomás Ortega" and doc.name == "Tomás Ortega"
    assert_most_words(doc)
    items = answers(doc)
    assert len(items) == 3
    first = items[0]
    assert (first.start_ms, first.end_ms, first.line) == (12000, 51000, 6)
    assert first.question == ("Thanks for joining, Tomás. Let's start with cost. Your support assistant answers "
                              "500,000 questions a day. What does the model bill look like for a year?")
    # an unlabelled timestamped line continues the speaker; an untimed line continues the line;
    # the interviewer's "Mm-hmm." does not split the answer
    assert "250 million tokens a day. At $10 per million tokens that's $2,500 a day, which is roughly" in first.text
    assert first.text.endswith("so the number holds.")
    assert (items[2].start_ms, items[2].end_ms, items[2].question) == (69000, 90000, "Can you be more specific?")


def test_timestamped_hours_and_name_first_layouts() -> None:
    doc = parse_string("[00:59:58] Interviewer: Last one: what would make you stop the pilot?\n"
                       "[01:00:04] Candidate: Overturns above 8% for two weeks.\n"
                       "[01:00:11] Interviewer: Thanks.\n")
    assert [t.start_ms for t in doc.turns] == [3598000, 3604000, 3611000]
    assert doc.turns[0].end_ms == 3604000
    doc = parse_string("Lee Park (00:00:03): How big is the queue?\nAva Stone (00:00:07): About 40,000 a day.\n"
                       "Lee Park (00:00:12): And the cost?\nAva Stone (00:00:15): Roughly $300 a day.\n",
                       candidate="Ava")
    assert [t.speaker for t in doc.turns] == ["Lee Park", "Ava Stone"] * 2
    assert [t.start_ms for t in doc.turns] == [3000, 7000, 12000, 15000]
    assert doc.candidate == "Ava Stone" and doc.candidate_reason == "--candidate Ava"


def test_timestamped_speaker_who_speaks_once() -> None:
    doc = parse_string("[00:00] Ana Ruiz: What would you cut first?\n[00:03] Ben Cho: The Spanish flow.\n"
                       "[00:08] Ana Ruiz: Thanks.\n")
    assert [t.speaker for t in doc.turns] == ["Ana Ruiz", "Ben Cho", "Ana Ruiz"]


def test_bare_times_need_a_speaker_label() -> None:
    doc = parse_string("00:03 Interviewer: What would you cut?\n00:07 Candidate: The Spanish flow.\n"
                       "00:11 Interviewer: For how long?\n00:14 Candidate: One quarter.\n")
    assert doc.format == "timestamped-text"
    assert [t.start_ms for t in doc.turns] == [3000, 7000, 11000, 14000]
    assert sniff_text("09:00 standup\n10:30 roadmap review\n14:00 customer call\n16:00 retro\n") is None


def test_timestamped_without_speaker_labels_is_one_speaker() -> None:
    doc = parse_string("# Practice answer\n\n[00:00] So the decision was whether to launch.\n"
                       "[00:05] We had two weeks of data,\n[00:09] and I chose a 10% rollout.\n")
    assert [t.speaker for t in doc.turns] == ["Speaker"]
    assert doc.turns[0].role == "candidate"
    assert doc.candidate == "Speaker" and doc.candidate_reason == "no speaker labels: one speaker assumed"
    assert doc.name is None
    assert any(w.startswith("no speaker labels") for w in doc.warnings)
    (item,) = answers(doc)
    assert item.text == "So the decision was whether to launch. We had two weeks of data, and I chose a 10% rollout."
    assert item.question is None and item.start_ms == 0 and item.line == 3
    with pytest.raises(InputError, match="no candidate found: no speaker named 'Ana'.*no speaker labels"):
        parse_string("[00:00] a\n[00:05] b\n[00:09] c\n", candidate="Ana")


def test_speech_before_the_first_label_is_unknown() -> None:
    doc = parse_string("[00:00] Welcome back to the channel.\n[00:04] Interviewer: What is your north star?\n"
                       "[00:08] Candidate: Weekly resolved tickets.\n[00:12] Interviewer: Why that one?\n")
    assert [t.speaker for t in doc.turns] == ["Unknown speaker", "Interviewer", "Candidate", "Interviewer"]
    assert any("Unknown speaker" in w for w in doc.warnings)
    assert answers(doc)[0].question == "Welcome back to the channel. What is your north star?"


# ---------------------------------------------------------------------------------------------
# WebVTT and SRT


def test_zoom_vtt() -> None:
    doc = parse_file("zoom.vtt")
    assert doc.format == "vtt"
    assert [t.speaker for t in doc.turns] == ["Priya Raman", "Sam Okafor"] * 3
    assert [t.start_ms for t in doc.turns] == [1500, 12400, 28000, 33600, 41500, 47900]
    assert [t.end_ms for t in doc.turns] == [11900, 27300, 33100, 41000, 47250, 61000]
    assert doc.turns[0].text.startswith("Thanks for making the time, Sam.")  # label removed
    assert doc.candidate == "Sam Okafor"
    assert_most_words(doc)
    assert not doc.warnings
    items = answers(doc)
    assert [i.line for i in items] == [13, 25, 33]
    assert items[2].text == ("Two things. If conversion drops below the old model's 3.1% for three days, we roll "
                             "back the same day. Or if p95 latency goes over 300 ms for an hour, we fall back to "
                             "the cached ranking.")
    assert (items[2].start_ms, items[2].end_ms) == (47900, 61000)
    assert items[1].question == "How would you estimate the serving cost?"


def test_candidate_option() -> None:
    doc = parse_file("zoom.vtt", candidate="sam")
    assert doc.candidate == "Sam Okafor" and doc.candidate_reason == "--candidate sam"
    doc = parse_file("zoom.vtt", candidate="Priya Raman")
    assert doc.candidate == "Priya Raman"
    assert [t.role for t in doc.turns] == ["candidate", "interviewer"] * 3
    items = answers(doc)
    assert len(items) == 3 and items[0].question is None
    with pytest.raises(InputError, match=r"no candidate found: no speaker named 'Zed' \(speakers: Priya Raman, "
                                         r"Sam Okafor\)"):
        parse_file("zoom.vtt", candidate="Zed")


def test_ambiguous_candidate_option() -> None:
    text = ("Sam Lee: Which metric?\nSam Okafor: Resolved tickets.\nSam Lee: Why?\n"
            "Sam Okafor: It tracks cost per contact.\n")
    with pytest.raises(InputError, match="matches several speakers"):
        parse_string(text, candidate="Sam")
    assert parse_string(text, candidate="okafor").candidate == "Sam Okafor"


def test_teams_vtt_sorts_out_of_order_cues_and_reads_voices() -> None:
    doc = parse_file("teams.vtt")
    lena, jordan = "Lena Fischer", "Jordan Blake"
    assert [t.speaker for t in doc.turns] == [lena, jordan, lena, jordan, lena, jordan, lena]
    assert [t.start_ms for t in doc.turns] == [1000, 11200, 24300, 24300, 32500, 38600, 45400]
    assert doc.turns[0].text == ("Thanks for joining, Jordan. Let's talk about a compliance constraint. Your note "
                                 "summariser can't send patient data outside the EU. What do you do?")
    assert doc.turns[0].end_ms == 10600
    assert "2 cue(s) were out of order and were sorted by start time" in doc.warnings
    assert doc.candidate == jordan
    items = answers(doc)
    assert len(items) == 2
    assert items[0].question == doc.turns[0].text
    assert "on summary accuracy. So the hosting choice comes first. If the open model" in items[0].text
    assert (items[0].start_ms, items[0].end_ms) == (11200, 31800)
    # entities decoded, tags stripped
    assert items[1].text == "We'd let the model decide which notes need a clinician to check & flag."


def test_srt() -> None:
    doc = parse_file("sample.srt")
    assert doc.format == "srt"
    assert [t.speaker for t in doc.turns] == ["Interviewer", "Me"] * 3
    assert [t.start_ms for t in doc.turns] == [800, 5900, 19500, 23600, 30800, 34500]
    assert [t.end_ms for t in doc.turns] == [5200, 18900, 23000, 30100, 34000, 39700]
    assert doc.candidate == "Me" and doc.candidate_reason == "labelled 'Me'"
    items = answers(doc)
    assert [i.line for i in items] == [7, 19, 28]
    assert items[0].text == ("On our invoice extraction model we chose recall over precision, because a missed "
                             "field costs a clerk ten minutes and a wrong one costs thirty seconds to fix.")
    assert items[1].text.endswith("went above 45 seconds, we would switch back.")


def test_vtt_speaker_who_speaks_once() -> None:
    doc = parse_string("WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nAna Ruiz: What would you cut first?\n\n"
                       "00:00:03.500 --> 00:00:08.000\nBen Cho: The Spanish flow, for one quarter.\n\n"
                       "00:00:08.500 --> 00:00:10.000\nAna Ruiz: Thanks, that is all from me today.\n",
                       source="s.vtt")
    assert [t.speaker for t in doc.turns] == ["Ana Ruiz", "Ben Cho", "Ana Ruiz"]
    assert doc.turns[1].text == "The Spanish flow, for one quarter."


def test_vtt_without_labels_is_one_speaker() -> None:
    doc = parse_string("WEBVTT\nKind: captions\nLanguage: en\n\n00:00.000 --> 0:0:4.0 align:start\n"
                       "I'd launch to one region first.\n\n"
                       "00:00:04.000 --> 00:00:09.500\nThen widen after two clean weeks.\n", source="a.vtt")
    assert [t.speaker for t in doc.turns] == ["Speaker"]
    assert (doc.turns[0].start_ms, doc.turns[0].end_ms) == (0, 9500)
    assert len(answers(doc)) == 1


def _problem(text: str, fmt: str, source: str) -> str:
    with pytest.raises(InputError) as err:
        parse_transcript_text(text, fmt, Document(source=source, format=fmt))
    assert err.value.source == source
    return err.value.problem


def test_malformed_files_name_the_line() -> None:
    assert _problem((FIX / "malformed.vtt").read_text(), "vtt", "malformed.vtt") == (
        "malformed WebVTT at line 12: bad timestamp '00:0x:10.000'")
    assert _problem((FIX / "malformed.srt").read_text(), "srt", "malformed.srt") == (
        "malformed SRT at line 10: bad timestamp '00:00:1O,000'")
    assert _problem("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: hi\n\nstray text here\n", "vtt", "x.vtt") == (
        "malformed WebVTT at line 6: expected a cue timing line like '00:00:01.000 --> 00:00:04.000', "
        "found 'stray text here'")
    assert _problem("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nA: hi\n", "vtt", "x.vtt") == (
        "malformed WebVTT at line 3: the cue ends before it starts")
    assert _problem("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 --> 00:00:61,000\nyo\n",
                    "srt", "x.srt") == "malformed SRT at line 6: bad timestamp '00:00:61,000'"
    assert _problem("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: hi\n\n00:01:75.000 --> 00:01:80.000\nB: yo\n",
                    "vtt", "x.vtt") == "malformed WebVTT at line 6: bad timestamp '00:01:75.000'"
    broken_first = "1\n00:00:0l,000 --> 00:00:02,000\nInterviewer: hi\n"
    assert sniff_text(broken_first) == "srt"
    assert _problem(broken_first, "srt", "x.srt") == "malformed SRT at line 2: bad timestamp '00:00:0l,000'"
    assert _problem("Hello\n00:00:01.000 --> 00:00:02.000\nhi\n", "vtt", "x.vtt").startswith(
        "malformed WebVTT at line 1:")


def test_empty_transcript() -> None:
    assert _problem((FIX / "empty.vtt").read_text(), "vtt", "empty.vtt") == "empty transcript: no speech found"
    assert _problem("1\n00:00:01,000 --> 00:00:02,000\n\n", "srt", "e.srt") == "empty transcript: no speech found"


def test_no_candidate_found() -> None:
    text = "Interviewer: What is the metric?\nRecruiter: And the budget?\nInterviewer: Any risks?\n"
    assert sniff_text(text) == "qa-text"
    assert _problem(text, "qa-text", "i.txt").startswith("no candidate found: every speaker is labelled as an "
                                                         "interviewer")


# ---------------------------------------------------------------------------------------------
# Otter, Teams and Meet


def test_otter() -> None:
    doc = parse_file("otter.txt")
    assert doc.format == "otter"
    assert [t.speaker for t in doc.turns] == ["Dana Whitfield", "Alex Moreno"] * 3 + ["Dana Whitfield"]
    assert [t.start_ms for t in doc.turns] == [0, 14000, 41000, 47000, 55000, 58000, 76000]
    assert [t.end_ms for t in doc.turns][:-1] == [14000, 41000, 47000, 55000, 58000, 76000]
    assert doc.candidate == "Alex Moreno"
    assert_most_words(doc)
    items = answers(doc)
    assert [i.line for i in items] == [7, 14, 20]
    assert items[0].text.endswith("we switch the save offers off.")
    assert items[2].question == "Who made the call?"
    assert not any("otter.ai" in t.text or "Otter export" in t.text for t in doc.turns)


def test_teams_docx() -> None:
    doc = parse_file("teams.docx")
    assert doc.format == "teams-docx"
    assert [t.speaker for t in doc.turns] == ["Ines Duarte", "Kofi Mensah"] * 3
    assert [t.start_ms for t in doc.turns] == [3000, 15000, 52000, 56000, 64000, 68000]
    assert [t.end_ms for t in doc.turns][:-1] == [15000, 52000, 56000, 64000, 68000]
    assert doc.candidate == "Kofi Mensah"
    assert_most_words(doc)
    items = answers(doc)
    assert len(items) == 3
    assert "with light edits. So I'd expand to three more branches" in items[0].text  # two paragraphs, one turn
    assert items[1].question == "What does a memo cost to generate?"
    text = " ".join(t.text for t in doc.turns)
    for not_speech in ("transcription", "31m 12s", "March 4", "PM interview"):
        assert not_speech not in text


def test_meet_docx_skips_the_summary() -> None:
    doc = parse_file("meet.docx")
    assert doc.format == "meet-docx"
    assert [t.speaker for t in doc.turns] == ["Noor Haddad", "Ben Carter"] * 3
    assert doc.candidate == "Ben Carter"
    text = " ".join(t.text for t in doc.turns)
    for not_speech in ("asked how drift would be detected", "Staged launch", "rollback checklist",
                       "computer generated", "Transcription ended"):
        assert not_speech not in text
    # times only where the document gives them: block timestamps and the end of transcription
    assert doc.turns[0].start_ms == 0 and doc.turns[3].start_ms == 90000
    assert doc.turns[1].start_ms is None
    assert doc.turns[-1].end_ms == 192000
    items = answers(doc)
    assert len(items) == 3
    assert items[0].text.endswith("we stop and retrain before going wider.")
    assert items[2].question == "What's your rollback plan?"


def test_teams_docx_older_layouts() -> None:
    stream = docx_from([
        "Hiring screen", ["0:0:1.0 --> 0:0:4.5", "Rosa Diaz", "What would you measure first?"],
        ["0:0:5.0 --> 0:0:12.25", "Ken Ito", "Time to first useful answer, weekly."],
        ["0:0:13.0 --> 0:0:15.0", "Rosa Diaz", "Why weekly?"],
        ["0:0:15.5 --> 0:0:21.0", "Ken Ito", "Daily is too noisy for our volume."],
    ])
    assert sniff_docx(stream) == "teams-docx"
    doc = Document(source="s.docx", format="teams-docx")
    parse_transcript_docx(stream, "teams-docx", doc, candidate="Ken Ito")
    assert [(t.speaker, t.start_ms, t.end_ms) for t in doc.turns] == [
        ("Rosa Diaz", 1000, 4500), ("Ken Ito", 5000, 12250), ("Rosa Diaz", 13000, 15000), ("Ken Ito", 15500, 21000)]
    assert answers(doc)[1].text == "Daily is too noisy for our volume."

    separate = docx_from(["Rosa Diaz", "0:02", "What would you measure first?", "Ken Ito", "0:06",
                          "Time to first useful answer, weekly.", "Rosa Diaz", "0:13", "Why weekly?",
                          "Ken Ito", "0:16", "Daily is too noisy for our volume."])
    assert sniff_docx(separate) == "teams-docx"
    doc = Document(source="p.docx", format="teams-docx")
    parse_transcript_docx(separate, "teams-docx", doc)
    assert [(t.speaker, t.start_ms) for t in doc.turns] == [
        ("Rosa Diaz", 2000), ("Ken Ito", 6000), ("Rosa Diaz", 13000), ("Ken Ito", 16000)]
    assert doc.turns[0].text == "What would you measure first?"


def test_meet_docx_with_a_time_on_every_line() -> None:
    document = docx_from(["Notes", "Summary of the call.", "00:00:04 Rosa Diaz: What is the fallback?",
                          "00:00:09 Ken Ito: The rules engine stays warm.", "00:00:15 Rosa Diaz: For how long?",
                          "00:00:18 Ken Ito: Two releases."])
    assert sniff_docx(document) == "meet-docx"
    doc = Document(source="m.docx", format="meet-docx")
    parse_transcript_docx(document, "meet-docx", doc)
    assert [t.start_ms for t in doc.turns] == [4000, 9000, 15000, 18000]
    assert doc.turns[-1].end_ms is not None  # estimated from the pace, with a warning
    assert any("estimated" in w for w in doc.warnings)
    # 7 words each: a tie goes to the speaker who did not open, and the close call is reported
    assert doc.candidate == "Ken Ito"
    assert any("spoke about as much" in w for w in doc.warnings)


# ---------------------------------------------------------------------------------------------
# Output properties and fixtures


@pytest.mark.parametrize("name", ["qa.txt", "timestamped.txt", "teams.vtt", "otter.txt", "meet.docx"])
def test_json_is_deterministic(name: str) -> None:
    first = json.dumps(parse_file(name).to_dict(), sort_keys=True)
    assert first == json.dumps(parse_file(name).to_dict(), sort_keys=True)
    data = json.loads(first)
    assert data["kind"] == "transcript" and data["candidate"] and data["turns"]
    assert all(item["kind"] == "answer" for item in data["items"])


def test_docx_fixtures_match_their_generator(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(FIX / "make_transcripts.py"), str(tmp_path)], check=True)
    for name in ("teams.docx", "meet.docx"):
        with zipfile.ZipFile(FIX / name) as committed, zipfile.ZipFile(tmp_path / name) as fresh:
            assert committed.read("word/document.xml") == fresh.read("word/document.xml"), (
                f"{name} is stale: run fixtures/transcripts/make_transcripts.py")


def _realworld_files() -> list:
    files = sorted(REALWORLD.glob("*.md")) if REALWORLD.is_dir() else []
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"real transcripts not found at {REALWORLD}"))]
    return [pytest.param(f, id=f.name[:40]) for f in files]


@pytest.mark.parametrize("path", _realworld_files())
def test_realworld_transcripts_parse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert sniff_text(text) == "timestamped-text"
    doc = Document(source=path.name, format="unknown")
    parse_transcript_text(text, "timestamped-text", doc)
    # no speaker labels: the turns are inferred (tests/test_transcript_turns.py checks them against a
    # hand-made reference) or the talk is one presenter's monologue; either is said plainly
    assert any("inferred from content" in w or "monologue" in w for w in doc.warnings)
    speech = " ".join(t.text for t in doc.turns)
    assert doc.turns[0].start_ms is not None and doc.turns[-1].end_ms > 60_000
    assert "Video ID" not in speech and "whisper" not in speech
