"""Turn-taking without speaker labels, generic labels mapped to roles, and talk that is not an interview.

The invented recordings in tests/data/turns hold one practice screen (four questions; the candidate
says 211 words) in five forms: whisper text, WebVTT without voice tags (cues on sentence boundaries,
and captions cut every seven words, mid-sentence), a diarised Markdown export with "Speaker 1/2" (the
candidate is Speaker 1) and an Otter export whose host block runs on into the guest's first word. The real unlabelled recordings in ../shared/realworld/answers are checked against
the hand-made reference in tests/data/turns_reference_dev.json: answers within 35% of the real number
of questions answered, candidate words within 25%, and the one-presenter videos called monologues.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from critic.parse import parse
from critic.parse.transcript.common import Segment
from critic.parse.transcript.turns import asks, backchannel, kind_of_talk

ROOT = Path(__file__).resolve().parents[1]
TURNS = ROOT / "tests" / "data" / "turns"
REFERENCE = json.loads((ROOT / "tests" / "data" / "turns_reference_dev.json").read_text(encoding="utf-8"))
REALWORLD = ROOT.parent / "shared" / "realworld" / "answers"
FORMATS = ["interview_whisper.txt", "interview_novoice.vtt", "interview_captions.vtt", "interview_diarized.md",
           "interview_otter.txt"]
CANDIDATE_WORDS = 211


def _answers(doc) -> list:
    return [i for i in doc.items() if i.kind == "answer"]


def _candidate_words(doc) -> int:
    return sum(len(t.text.split()) for t in doc.turns if t.role == "candidate")


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_splits_into_the_four_answers(name: str) -> None:
    doc = parse(TURNS / name)
    assert doc.kind == "transcript"
    answers = _answers(doc)
    assert len(answers) == 4
    assert abs(_candidate_words(doc) - CANDIDATE_WORDS) <= 0.1 * CANDIDATE_WORDS
    # the questions are the interviewer's; no answer holds one of them
    assert all(a.question for a in answers)
    assert not any("Walk me through" in a.text or "Tell me about" in a.text for a in answers)
    # the first answer opens with the candidate's "Sure."; no answer takes the interviewer's next words
    assert answers[0].text.startswith(("Sure.", "I've been"))
    assert not any(a.text.endswith(("Great.", "Thank you.")) for a in answers)


def test_backchannels_and_a_clarifying_reply_stay_inside_the_answer() -> None:
    doc = parse(TURNS / "interview_whisper.txt")
    second, third = _answers(doc)[1:3]
    assert "switch back" in second.text  # "Yeah." did not cut the answer
    assert "Should I assume" in third.text and "weekly sample" in third.text  # nor did the reply, nor "That's smart."


def test_otter_guest_first_words_move_to_the_guest() -> None:
    doc = parse(TURNS / "interview_otter.txt")
    assert _answers(doc)[0].text.startswith("Sure.")
    assert not doc.turns[0].text.endswith("Sure.")


def test_otter_block_cut_mid_sentence_moves_the_rest_to_the_guest() -> None:
    text = ("Dana Whitfield  0:00\nHow would you size the market? So the way I\n\n"
            "Sam Okafor  0:04\nthink about it is trips a year times the share we could win.\n\n"
            "Dana Whitfield  0:12\nWhy that share? Why not more?\n\n"
            "Sam Okafor  0:15\nBecause two rivals already hold most of it.\n")
    doc = parse(text.encode(), name="otter.txt")
    assert doc.format == "otter"
    assert _answers(doc)[0].text.startswith("So the way I think about it")
    assert doc.turns[2].text == "Why that share? Why not more?"


def test_generic_speaker_labels_go_to_whoever_asks() -> None:
    doc = parse(TURNS / "interview_diarized.md")
    assert doc.candidate == "Speaker 1"


def test_the_interviewer_is_not_the_candidate_for_talking_more() -> None:
    lines = []
    for k in range(3):
        lines.append(f"Speaker 1: Let me set the scene at length. {'We run a large marketplace with many moving parts. ' * 8}"
                     f"How would you decide what to build first for case {k}?")
        lines.append(f"Speaker 2: I would start with the sellers who churn in their first month, case {k}.")
    doc = parse("\n".join(lines).encode(), name="screen.txt")
    assert doc.candidate == "Speaker 2" and "asks the questions" in doc.candidate_reason
    assert len(_answers(doc)) == 3


def test_interviewer_option_overrides_the_guess() -> None:
    text = "Ana: How would you size it?\nBo: About two million a day.\nAna: Why that number?\nBo: From last year's data.\n"
    assert parse(text.encode(), name="t.txt", interviewer="Bo").candidate == "Ana"
    assert parse(text.encode(), name="t.txt").candidate == "Bo"


MONOLOGUE = """[00:00] Are you interviewing for a product role this month?
[00:04] In this video I'm going to walk you through one of the questions interviewers love.
[00:09] What is your favorite product, and how would you improve it?
[00:13] Here's the framework I use. First I pick a product I actually use every week.
[00:19] Then I say who it's for and what problem it solves for them.
[00:25] A common mistake candidates make is jumping straight to features.
[00:31] So what would I improve? I would make saved lists shareable with one tap.
[00:37] If this helped, subscribe and I'll see you in the next video.
"""


def test_a_presenter_answering_their_own_questions_is_a_monologue() -> None:
    doc = parse(MONOLOGUE.encode(), name="talk.txt")
    assert doc.kind == "transcript" and _answers(doc) == []
    assert any("monologue" in w for w in doc.warnings)
    whole = parse(MONOLOGUE.encode(), name="talk.txt", candidate="transcript")
    assert len(_answers(whole)) == 1


@pytest.mark.parametrize("text, expected", [
    ("Tell me about a time you shipped something", True),
    ("So how would you measure that", True),
    ("Should I assume it's mobile only?", False),
    ("Does that make sense?", False),
    ("How do you find a good vase?", True),
    ("The interviewer wants structure.", False),
])
def test_questions_addressed_to_the_other_person(text: str, expected: bool) -> None:
    assert asks(text) == expected


@pytest.mark.parametrize("text", ["Yeah.", "That's smart.", "Mm-hmm, go on.", "Got it. Okay."])
def test_backchannels(text: str) -> None:
    assert backchannel(text)


def test_kind_of_talk() -> None:
    one = [Segment(None, "We should look at retention next. Then pricing. Then the roadmap.")]
    assert kind_of_talk(one) == "practice"  # one person's answer: nobody is asked anything
    rhetorical = [Segment(None, "Why does this matter? Because retention drives revenue. What would I do? Fix onboarding.")]
    assert kind_of_talk(rhetorical) == "monologue"
    guest = [Segment(None, "Today we have Priya with us. How would you size the market? About two million buyers.")]
    assert kind_of_talk(guest) == "interview"


def _reference_words(path: Path, ranges: list[list[int]]) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return sum(len(re.sub(r"^\[[\d:]+\]\s*", "", lines[n - 1]).split()) for a, b in ranges for n in range(a, b + 1))


@pytest.mark.parametrize("name", sorted(REFERENCE["files"]), ids=lambda n: n.split("__")[1][:24])
def test_real_recordings_against_the_reference(name: str) -> None:
    path = REALWORLD / name
    if not path.exists():
        pytest.skip(f"real transcripts not found at {REALWORLD} (../shared is absent)")
    ref = REFERENCE["files"][name]
    doc = parse(path)
    answers = _answers(doc)
    if ref["kind"] == "monologue":
        assert answers == [] and any("monologue" in w for w in doc.warnings)
        return
    assert abs(len(answers) - ref["qa"]) <= 0.35 * ref["qa"], len(answers)
    words = _reference_words(path, ref["candidate_lines"])
    assert abs(_candidate_words(doc) - words) <= 0.25 * words, (_candidate_words(doc), words)
    # asides at the edges are not anybody's answer
    assert not any("subscribe" in a.text.lower() for a in answers)


PREP = """# Prep for the AI PM loop

## Questions they may ask
- Tell me about a time you shipped an ML feature.
- How would you measure hallucinations in a summarizer?
- Walk me through a launch you decided to stop.
- What would it cost to serve a million requests a day?

## My stories
- Planner ranking: bookings up a little over 3% (STAR)
- Kill switch on the review summaries
"""
BANK = "\n".join(f"{k}. {q}" for k, q in enumerate([
    "Why do you want to work on AI products?", "Describe a model you chose not to ship.",
    "How would you explain a declined loan to the applicant?", "What is your latency budget for search?",
    "How do you decide between building and buying a model?"], 1))


@pytest.mark.parametrize("text, kind", [(PREP, "prep notes"), (BANK, "a list of interview questions")])
def test_prep_notes_and_question_banks_are_refused(tmp_path: Path, text: str, kind: str) -> None:
    from click.testing import CliRunner

    from critic.cli import cli

    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(path)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and kind in lines[0] and "not a resume" in lines[0]
    assert "Traceback" not in result.output and "Error:" not in result.output.replace("error:", "")


def test_a_resume_with_a_question_is_still_a_resume() -> None:
    text = ("# Ana Ruiz\nana@example.com\n\n## Experience\nProduct Manager, Travelio 2021 - present\n"
            "- Asked 'what would make you rebook?' in 40 interviews and cut the flow to 3 steps.\n"
            "- Shipped ranked suggestions, bookings +3%.\n")
    assert parse(text.encode(), name="resume.md").kind != "transcript"


PASTED = ("So thanks for making the time today, um, I know it's a busy week. Tell me about the last AI feature you "
          "shipped and how you knew it was working.\n"
          "Yeah, so, um, last spring we shipped ranked hotel suggestions in the planner, and I mean the main thing we "
          "watched was bookings from the planner, which went up a little over three percent over four weeks.\n"
          "Okay, and how would you decide when to turn it off?\n"
          "So we agreed up front, you know, that if complaints about irrelevant hotels doubled in a week we would "
          "switch back to the old list, and I owned that call with the support lead, kind of as a standing rule, "
          "and we wrote it into the launch doc so nobody had to argue about it later on.\n")


def test_pasted_speech_without_labels_or_times_is_a_transcript() -> None:
    doc = parse(PASTED.encode(), name="call.txt")
    assert doc.kind == "transcript" and doc.format == "speech-text"
    assert len(_answers(doc)) == 2
