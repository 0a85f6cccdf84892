"""Report building and the five writers, on a hand-built document and a real engine over a pack of three
small rules of its own (no built-in rules), so these tests pin the report's structure, ordering, escaping and determinism
independently of the real rules (which other tests cover end to end).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from critic.api import build_report
from critic.engine import Engine
from critic.model import Document, Entry, Item, Section
from critic.report import FORMATS, render
from critic.report.markdown import esc

# ---------------------------------------------------------------------------------------------- the rules

BLACK_BOX = """\
id: black-box-language
applies_to: [bullet, summary, answer]
severity: error
message: The AI work is credited to someone else.
description: |
  Committees look for the decision you made.
  Longer text.
detection:
  kind: existence
  match:
    - {phrase: worked with, label: bb}
confidence: 0.9
rewrite:
  action: replace-match
  template: chose [which option] with
  placeholders:
    - {text: "[which option]", question: "What did you choose?", sample: BM25}
  example: {bad: "Partnered with ML on search.", good: "Chose [which option] with ML on search."}
examples:
  flag: [Worked with ML on search., I worked with the data team., Worked with vendors on the bot.]
  pass: [Chose the ranker., Decided the launch., Picked the vendor.]
source: seed 000
"""
QUANTIFICATION = """\
id: missing-quantification
applies_to: [bullet, summary, answer]
severity: warning
message: Nothing measures the result.
description: A result without a number cannot be weighed.
detection:
  kind: absence
  require_any:
    - {regex: "\\\\d+\\\\s*(?:%|ms\\\\b)", label: measure}
rewrite:
  action: append
  template: ", moving [metric] from [baseline] to [X]"
  placeholders:
    - {text: "[metric]", question: "Which number moved?", sample: CTR}
    - {text: "[baseline]", question: "Before?", sample: "2%"}
    - {text: "[X]", question: "After?", sample: "3%"}
  example: {bad: "Improved search.", good: "Improved search, moving [metric] ..."}
examples:
  flag: [Improved search., Shipped the bot., Led the launch.]
  pass: [Cut latency by 40%., Raised CTR 3%., Cut p95 to 400 ms.]
source: seed 000
"""
NO_TRADE_OFF = """\
id: no-trade-off-anywhere
applies_to: [document]
severity: warning
message: No item names a trade-off.
description: Judgement shows in trade-offs.
detection:
  kind: document-absence
  require_any:
    - {phrase: traded off}
confidence: 1.0
examples:
  flag: [Improved search., Shipped the bot., Led the launch.]
  pass: [Traded off recall., We traded off speed., Traded off cost.]
source: seed 000
"""
RULES = {"evidence/black-box-language": BLACK_BOX, "evidence/missing-quantification": QUANTIFICATION,
         "document/no-trade-off-anywhere": NO_TRADE_OFF}
MESSAGE = "The AI work is credited to someone else."


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three small rules: 'worked with' -> black-box (error); no "N%"/"N ms" -> quantification (warning);
    no "traded off" anywhere -> no trade-off (document)."""
    root = tmp_path_factory.mktemp("rules")
    for name, text in RULES.items():
        (root / f"{name}.yaml").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def engine(pack: Path) -> Engine:
    return Engine(rule_dirs=[pack], builtin_rules=False)


@pytest.fixture(scope="module")
def quiet(pack: Path) -> Engine:
    """The pack without its document rule."""
    return Engine(rule_dirs=[pack], builtin_rules=False, ignore=["no-trade-off-anywhere"])


def make_doc() -> Document:
    items = [
        Item("e1.b1", "bullet", "Worked with the ML team to improve search relevance", "Experience", "experience",
             page=1),
        Item("e1.b2", "bullet", "Cut p95 latency from 900 ms to 400 ms by caching embeddings.", "Experience",
             "experience", page=1),
    ]
    later = [Item("e1.b3", "bullet", "Shipped the <script>alert(1)</script> & \"quoted\" assistant", "Experience",
                  "experience", page=2)]
    skills = Item("s1", "line", "Python, SQL", "Skills", "skills", page=2)
    return Document(source="cv <1>.pdf", format="pdf", sections=[
        Section("experience", "Experience", 1, entries=[Entry(header="Acme", items=items),
                                                        Entry(header="Beta", items=later)]),
        Section("skills", "Skills", 2, items=[skills]),
    ])


@pytest.fixture
def report(engine: Engine):
    return build_report(make_doc(), engine)


# ---------------------------------------------------------------------------------------------- building


def test_build_report_scores_rewrites_and_top_edits(report):
    assert [r.item.id for r in report.flagged] == ["e1.b1", "e1.b3"]
    r1 = report.item("e1.b1")
    assert [f.rule for f in r1.findings] == ["black-box-language", "missing-quantification"]  # worst first
    # both asks would take four questions: the rewrite keeps the one that restates the weak opening
    assert r1.rewrite.good == "Chose [which option] with the ML team to improve search relevance."
    assert report.item("e1.b2").rewrite is None and report.item("e1.b2").score == 100.0
    assert report.item("s1").score is None  # a plain, unflagged line is not judged
    assert report.top_edits == ["e1.b1", "e1.b3"]  # the item with most asks first
    assert report.item("e1.b1").gain > report.item("e1.b3").gain > 0
    assert 0 < report.score < 100
    assert report.rules["black-box-language"].why == "Committees look for the decision you made."
    assert report.rules["missing-quantification"].example_bad == "Improved search."


def test_min_severity_drops_findings_before_scoring(engine: Engine):
    report = build_report(make_doc(), engine, min_severity="error")
    assert {f.rule for f in report.findings()} == {"black-box-language"}
    assert report.top_edits == ["e1.b1"]
    assert report.document_findings == []


# ---------------------------------------------------------------------------------------------- writers


def test_json_schema_and_determinism(report, engine: Engine):
    text = report.to_json()
    assert text == build_report(make_doc(), engine).to_json()
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["schema_version"] == "1.2" and data["source"] == "cv <1>.pdf"
    assert "metrics" not in data and "metrics" not in data["items"][0]  # transcripts only
    assert data["score"] == round(report.score)
    item = data["items"][0]
    assert {"id", "kind", "text", "section", "findings", "rewrite"} <= set(item)
    assert item["findings"][0] == {"rule": "black-box-language", "severity": "error",
                                   "message": MESSAGE, "confidence": 0.9}
    assert item["rewrite"]["placeholders"][0] == {"text": "[which option]", "question": "What did you choose?"}
    assert data["items"][1]["rewrite"] is None
    assert data["document_findings"][0]["rule"] == "no-trade-off-anywhere"
    assert [t["item"] for t in data["top_edits"]] == ["e1.b1", "e1.b3"]
    assert "evidence" not in item["findings"][0]
    explained = json.loads(report.to_json(explain=True))
    assert explained["items"][0]["findings"][0]["evidence"][0]["text"] == "Worked with"


def test_json_several_reports_is_an_array(report):
    data = json.loads(render([report, report], "json"))
    assert isinstance(data, list) and len(data) == 2


def test_line_format(report):
    lines = render([report], "line").splitlines()
    assert lines[0] == "cv <1>.pdf:1:1: error black-box-language The AI work is credited to someone else."
    assert "cv <1>.pdf:3:1: warning missing-quantification Nothing measures the result." in lines
    assert lines[-1] == "cv <1>.pdf:1:1: warning no-trade-off-anywhere No item names a trade-off."
    assert len(lines) == 4


def test_text_layout_order_and_plain_when_not_colour(report):
    out = render([report], "text")
    assert "\x1b[" not in out
    first = out.splitlines()[0]
    assert first == report.summary_line() and "score" in first and "2 of 3 items with advice" in first
    headline = out.index("ACROSS THE RESUME")
    top = out.index("TOP 2 EDITS")
    assert headline < top
    assert out.index("error black-box-language") < out.index("warning missing-quantification")  # worst first
    assert "[which option]  What did you choose?" in out
    assert out.count("Worked with the ML team to improve search relevance") == 1  # BAD -> GOOD once
    assert "not raised" not in out  # every finding here is raised: no notes line


def test_text_colour_on_request(report):
    assert "\x1b[" in render([report], "text", color=True, width=100)


def test_text_explain_shows_evidence(report):
    out = render([report], "text", explain=True)
    assert "evidence: match 'Worked with' [0:11] (bb)" in out


def test_markdown_escapes_document_text(report):
    out = render([report], "markdown")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert out.startswith("# critic review\n")
    assert "### Top 2 edits" in out and "### Across the resume" in out
    assert esc("a*b_[c]") == "a\\*b\\_\\[c\\]"


def test_html_escapes_every_piece_of_document_text(report):
    out = render([report], "html")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in out
    assert "<title>critic review — cv &lt;1&gt;.pdf</title>" in out
    assert 'data-score="' in out
    assert "http://" not in out and "https://" not in out and "<link" not in out and "@import" not in out
    assert "<mark>[which option]</mark>" in out


def test_every_format_renders_several_reports(report, engine: Engine):
    other = build_report(make_doc(), engine, min_severity="error")
    for fmt in FORMATS:
        out = render([report, other], fmt)
        assert out.endswith("\n") and len(out) > 100
        assert out == render([report, other], fmt)


def test_transcript_answers_show_their_question(engine: Engine):
    doc = Document(source="mock.vtt", format="vtt", kind="transcript", candidate="Sam", sections=[
        Section("interview", "Interview", items=[
            Item("a1", "answer", "I worked with the platform team on it.", "Interview", "interview",
                 question="How did you decide on the launch plan?"),
        ])])
    report = build_report(doc, engine)
    text = render([report], "text")
    q = text.index("Q: How did you decide on the launch plan?", text.index("ANSWERS"))
    assert q < text.index("■ black-box-language", q) < text.index("BAD   I worked with the platform team on it.")
    assert "1 of 1 answers flagged" in text.splitlines()[0]
    assert "How did you decide on the launch plan?" in render([report], "html")
    assert json.loads(report.to_json())["items"][0]["question"] == "How did you decide on the launch plan?"


def test_clean_document_says_so(quiet: Engine):
    doc = Document(source="ok.txt", format="text", sections=[
        Section("experience", "Experience", items=[Item("b1", "bullet", "Cut churn by 12% in 3 months.")])])

    report = build_report(doc, quiet)
    assert report.item("b1").score == 100.0 and report.top_edits == []
    assert report.score is not None
    assert "No weak items found" in render([report], "text")


def test_report_round_trips_through_json(report):
    from critic.report.json import report_from_dict

    data = json.loads(report.to_json(explain=True))
    again = report_from_dict(data)
    assert json.loads(again.to_json(explain=True)) == data
    assert render([again], "line") == render([report], "line")
    assert "Chose <mark>[which option]</mark> with the ML team" in render([again], "html")


def _transcript_report(engine: Engine, timed: bool):
    from critic.answers.metrics import AnswerMetrics, TranscriptMetrics

    doc = Document(source="mock <i>.vtt", format="vtt", kind="transcript", candidate="Sam",
                   candidate_reason="most words (60 of 90)", sections=[
                       Section("interview", "Interview", items=[
                           Item("a1", "answer", "I worked with the platform team on it.", "Interview", "interview",
                                question="How did you <b>decide</b> on the launch plan?"),
                           Item("a2", "answer", "Cut p95 latency from 900 ms to 400 ms.", "Interview",
                                "interview", question="What changed?"),
                       ])])
    report = build_report(doc, engine)
    if timed:
        answers = [AnswerMetrics("a1", 8, 1, 4000, 120.0, 1, "I worked with the platform team on it.", 0, 0, 0,
                                 0.0),
                   AnswerMetrics("a2", 9, 1, 116000, 4.7, None, None, None, None, 1, 0.52)]
    else:
        answers = [AnswerMetrics("a1", 8, 1), AnswerMetrics("a2", 9, 2, framing_sentence=2, words_to_framing=4,
                                                            tradeoff_statements=1)]
    report.metrics = TranscriptMetrics(answers)
    for r, m in zip(report.items, answers, strict=True):
        r.metrics = m
    return report


def test_transcript_header_and_answer_metrics_timed(engine: Engine):
    report = _transcript_report(engine, timed=True)
    text = render([report], "text")
    lines = text.splitlines()
    assert lines[1] == "Candidate: Sam — most words (60 of 90)"
    # 17 words over 2:00 -> 8.5 words/min; 1 trade-off statement over 2 minutes -> 0.50 per minute
    assert lines[2] == ("2 answers · 17 words · talk time 2:00 · 8.5 words/min · 1 trade-off statement · "
                        "judgment density 0.50 trade-off statements per candidate minute · "
                        "a framing statement in 1 of 2 answers")
    start = text.index("ANSWERS")
    q = text.index("Q: How did you <b>decide</b> on the launch plan?", start)
    assert q < text.index("■ black-box-language · error —", q) < text.index("BAD   I worked", q)
    assert text.index("GOOD  I chose [which option]", q) < text.index(
        "Metrics: 8 words · 120 words/min over 0:04 · framing statement in the first sentence · "
        "0 trade-off statements", q)
    assert "untimed" not in text
    html = render([report], "html")
    assert "<b>decide</b>" not in html and "&lt;b&gt;decide&lt;/b&gt;" in html
    assert "judgment density 0.50 trade-off statements per candidate minute" in html
    assert "Metrics: 8 words · 120 words/min over 0:04" in html
    md = render([report], "markdown")
    assert "**Q:** How did you &lt;b&gt;decide&lt;/b&gt; on the launch plan?" in md
    assert "*Metrics: 8 words · 120 words/min over 0:04" in md


def test_transcript_header_untimed_says_so_and_round_trips(engine: Engine):
    from critic.report.json import report_from_dict

    report = _transcript_report(engine, timed=False)
    text = render([report], "text")
    assert text.splitlines()[2] == ("2 answers · 17 words · 1 trade-off statement · untimed: no talk time or "
                                    "judgment density · a framing statement in 1 of 2 answers")
    assert "Metrics: 8 words · untimed · no framing statement" in text
    assert "judgment density 0" not in text and "words/min" not in text
    data = json.loads(report.to_json())
    assert data["metrics"]["judgment_density"] is None and data["metrics"]["talk_ms"] is None
    assert data["candidate_reason"] == "most words (60 of 90)"
    assert data["items"][1]["metrics"]["framing_sentence"] == 2
    again = report_from_dict(data)
    assert json.loads(again.to_json()) == data
    assert render([again], "text").split("ANSWERS", 1)[1] == text.split("ANSWERS", 1)[1]


def test_transcript_line_format_numbers_the_answer(engine: Engine):
    report = _transcript_report(engine, timed=True)
    lines = render([report], "line").splitlines()
    assert lines[0] == "mock <i>.vtt:1:1: error black-box-language The AI work is credited to someone else."
