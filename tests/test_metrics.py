"""Answer metrics: words, talk time and words a minute for timed transcripts, the first framing
statement, trade-off statements, and judgment density for timed input only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import critic.costmath.rule  # noqa: F401  (registers the cost-math rule kind)
from critic.answers.metrics import Signals, answer_turns, text_metrics, transcript_metrics
from critic.engine import Engine
from critic.model import Document, Item, Section, Turn
from critic.parse import parse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"
TIMED = ["timestamped.txt", "zoom.vtt", "teams.vtt", "sample.srt", "otter.txt", "teams.docx"]
UNTIMED = ["qa.txt", "interviewer-candidate.md"]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def signals(engine: Engine) -> Signals:
    return Signals(engine)


@pytest.fixture(scope="module")
def parsed() -> dict[str, Document]:
    return {name: parse(FIXTURES / name) for name in TIMED + UNTIMED + ["meet.docx"]}


def _candidate_ms(doc: Document) -> int:
    return sum(t.end_ms - t.start_ms for t in doc.turns if t.role == "candidate")


@pytest.mark.parametrize("name", TIMED)
def test_timed_transcripts_report_talk_time_wpm_and_judgment_density(parsed, engine, signals, name: str) -> None:
    doc = parsed[name]
    m = transcript_metrics(doc, engine, signals)
    assert m.timed
    assert len(m.answers) == len([i for i in doc.items() if i.kind == "answer"])
    # talk time is the candidate's own speaking time, from the turns
    assert m.talk_ms == _candidate_ms(doc) > 0
    words = sum(len(i.text.split()) for i in doc.items() if i.kind == "answer")
    assert m.words == words
    assert m.words_per_minute == pytest.approx(words / (m.talk_ms / 60000), abs=0.05)
    assert m.judgment_density is not None
    assert m.judgment_density == pytest.approx(m.tradeoff_statements / (m.talk_ms / 60000), abs=0.005)
    for a in m.answers:
        assert a.timed and a.judgment_density is not None and a.words_per_minute is not None
        assert (a.ms_to_framing is None) == (a.framing_sentence is None)


@pytest.mark.parametrize("name", UNTIMED)
def test_untimed_transcripts_have_no_rates(parsed, engine, signals, name: str) -> None:
    m = transcript_metrics(parsed[name], engine, signals)
    assert not m.timed
    assert m.talk_ms is None and m.words_per_minute is None and m.judgment_density is None
    assert m.median_ms_to_framing is None
    assert all(a.talk_ms is None and a.judgment_density is None and a.ms_to_framing is None for a in m.answers)
    # what needs no clock is still counted
    assert m.words > 0 and all(a.words > 0 and a.sentences > 0 for a in m.answers)


def test_partly_timed_transcript_gets_no_judgment_density(parsed, engine, signals) -> None:
    doc = parsed["meet.docx"]
    assert any(t.start_ms is None or t.end_ms is None for t in doc.turns if t.role == "candidate")
    m = transcript_metrics(doc, engine, signals)
    assert not m.timed and m.judgment_density is None


def test_answers_map_to_their_own_turns(parsed) -> None:
    doc = parsed["timestamped.txt"]
    turns = answer_turns(doc)
    for item in doc.items():
        assert " ".join(t.text for t in turns[item.id]) == item.text
        assert all(t.role == "candidate" for t in turns[item.id])


def _timed_doc(turn_specs: list[tuple[str, str, int, int]]) -> Document:
    """A transcript built by hand: (role, text, start_ms, end_ms) turns; answers as the parser groups them."""
    turns = [Turn(speaker="Candidate" if role == "candidate" else "Interviewer", role=role, text=text,
                  start_ms=start, end_ms=end) for role, text, start, end in turn_specs]
    items: list[Item] = []
    group: list[Turn] = []
    for t in turns + [Turn(speaker="end", role="interviewer", text="")]:
        if t.role == "candidate":
            group.append(t)
        elif group:
            items.append(Item(id=f"answer-{len(items) + 1}", kind="answer", text=" ".join(g.text for g in group),
                              start_ms=group[0].start_ms, end_ms=group[-1].end_ms))
            group = []
    return Document(source="t.vtt", format="vtt", kind="transcript", turns=turns,
                    sections=[Section(kind="interview", title="Interview answers", items=items)])


def test_judgment_density_counts_trade_off_sentences_per_candidate_minute(engine, signals) -> None:
    answer = ("We launched it in two regions. We accepted a 3% drop in recall to halve the review queue. "
              "I chose speed over coverage for the first month. Then we measured it weekly.")
    doc = _timed_doc([("interviewer", "What did you give up?", 0, 5_000), ("candidate", answer, 5_000, 35_000)])
    m = transcript_metrics(doc, engine, signals)
    [a] = m.answers
    assert a.talk_ms == 30_000 and a.tradeoff_statements == 2
    assert a.judgment_density == pytest.approx(4.0)  # 2 statements in half a minute
    assert a.words_per_minute == pytest.approx(len(answer.split()) * 2, abs=0.05)
    assert m.judgment_density == pytest.approx(4.0)


def test_time_to_framing_is_interpolated_through_the_candidate_turns(engine, signals) -> None:
    first = "I would fine-tune a model on the old logs first and see."  # no framing
    second = "The goal is fewer escalations for new customers, so I would measure that weekly."
    # as the parser groups it: a backchannel between two candidate turns stays inside one answer
    turns = [Turn("Interviewer", "interviewer", "How would you approach it?", 0, 4_000),
             Turn("Candidate", "candidate", first, 4_000, 10_000),
             Turn("Interviewer", "interviewer", "Mm-hmm.", 10_000, 11_000),
             Turn("Candidate", "candidate", second, 11_000, 15_000)]
    item = Item(id="answer-1", kind="answer", text=f"{first} {second}", start_ms=4_000, end_ms=15_000)
    doc = Document(source="t.vtt", format="vtt", kind="transcript", turns=turns,
                   sections=[Section(kind="interview", title="Interview answers", items=[item])])
    [a] = transcript_metrics(doc, engine, signals).answers
    assert a.talk_ms == 10_000  # the candidate's two turns, not the backchannel
    assert a.framing_sentence == 2 and a.words_to_framing == len(first.split())
    assert a.ms_to_framing == 7_000  # the second turn starts 7 s after the answer began
    # inside a turn the time is interpolated by words
    one = Item(id="answer-1", kind="answer", text=f"{first} {second}", start_ms=4_000, end_ms=20_000)
    doc_one = Document(source="t.vtt", format="vtt", kind="transcript",
                       turns=[turns[0], Turn("Candidate", "candidate", f"{first} {second}", 4_000, 20_000)],
                       sections=[Section(kind="interview", title="Interview answers", items=[one])])
    [b] = transcript_metrics(doc_one, engine, signals).answers
    words = len(f"{first} {second}".split())
    assert b.ms_to_framing == round(len(first.split()) / words * 16_000)


def test_framing_follows_the_solution_first_rule(engine, signals) -> None:
    rule_framing = engine.rule("solution-first").detection["then"]
    assert rule_framing  # the metric reads the rule's own framing matchers
    m = text_metrics("I'd start with embeddings. Then a reranker. The users are claims adjusters.", engine, signals)
    assert m.framing_sentence == 3 and m.framing_text == "The users are claims adjusters."
    assert m.talk_ms is None and m.judgment_density is None


def test_metrics_are_deterministic_json(parsed, engine) -> None:
    one = json.dumps(transcript_metrics(parsed["zoom.vtt"], engine).to_dict(), sort_keys=True)
    two = json.dumps(transcript_metrics(parsed["zoom.vtt"], engine).to_dict(), sort_keys=True)
    assert one == two
    data = json.loads(one)
    assert data["transcript"]["timed"] is True and len(data["answers"]) == 3


REALWORLD = Path(__file__).parents[1].parent / "shared" / "realworld" / "answers"


def test_real_timed_transcripts_give_plausible_rates(engine, signals) -> None:
    files = sorted(REALWORLD.glob("*.md")) if REALWORLD.is_dir() else []
    if not files:
        pytest.skip(f"real transcripts not found at {REALWORLD} (../shared is absent)")
    for path in files:
        doc = parse(path)
        if not doc.items():  # a one-presenter monologue has no answers to measure
            assert any("monologue" in w for w in doc.warnings), path.name
            continue
        m = transcript_metrics(doc, engine, signals)
        assert m.timed, path.name
        # speech runs at roughly 100-220 words a minute; a unit slip (s vs ms) would be far outside
        assert 60 < (m.words_per_minute or 0) < 300, (path.name, m.words_per_minute)
        assert m.judgment_density is not None and m.judgment_density >= 0
