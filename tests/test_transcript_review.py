"""`critic review` on transcripts, end to end with the real rule engine: every fixture format, each answer
with its question, findings, BAD -> GOOD rewrite and metrics, in every report format.

The figures themselves are tested in test_metrics.py; here they must reach the report intact and agree
with the report's own items.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from critic.cli import cli
from critic.report.json import report_from_dict
from critic.report.markdown import esc
from critic.rewrite import invented_numbers

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures" / "transcripts"
REALWORLD = REPO.parent / "shared" / "realworld" / "answers"
TIMED = ["timestamped.txt", "zoom.vtt", "teams.vtt", "sample.srt", "otter.txt", "teams.docx"]
UNTIMED = ["qa.txt", "interviewer-candidate.md", "meet.docx"]  # meet.docx: stamps mark turns, no end times
ALL = TIMED + UNTIMED


def review(fmt: str, names: list[str] = ALL) -> str:
    """`critic review NAMES --format FMT` through the command line, its standard output."""
    result = CliRunner().invoke(cli, ["review", *[str(FIXTURES / n) for n in names], "--format", fmt,
                                      "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    """Each fixture's JSON report, by file name."""
    data = json.loads(review("json"))
    assert isinstance(data, list) and len(data) == len(ALL)
    return {Path(d["source"]).name: d for d in data}


def _answers(report: dict) -> list[dict]:
    return [i for i in report["items"] if i["kind"] == "answer"]


@pytest.mark.parametrize("name", ALL)
def test_json_answers_have_questions_and_metrics(reports, name: str) -> None:
    r = reports[name]
    assert r["schema_version"] == "1.1" and r["kind"] == "transcript"
    assert r["candidate"] and r["candidate_reason"]
    answers = _answers(r)
    assert answers
    for a in answers:
        assert a["question"].strip(), f"{a['id']} has no question"
        m = a["metrics"]
        assert m is not None and m["id"] == a["id"]
        assert m["words"] == len(a["text"].split())
        assert 0 <= m["tradeoff_statements"] <= m["sentences"]
        if m["framing_sentence"] is not None:
            assert m["framing_text"] and m["framing_text"] in a["text"]
    t = r["metrics"]
    assert t["answers"] == len(answers)
    assert t["words"] == sum(a["metrics"]["words"] for a in answers)
    assert t["tradeoff_statements"] == sum(a["metrics"]["tradeoff_statements"] for a in answers)


@pytest.mark.parametrize("name", TIMED)
def test_timed_fixtures_report_judgment_density(reports, name: str) -> None:
    t = reports[name]["metrics"]
    assert t["timed"] is True and t["talk_ms"] > 0
    assert isinstance(t["judgment_density"], float)
    assert t["judgment_density"] == pytest.approx(t["tradeoff_statements"] / (t["talk_ms"] / 60000), abs=0.005)
    assert t["words_per_minute"] == pytest.approx(t["words"] / (t["talk_ms"] / 60000), abs=0.05)
    for a in _answers(reports[name]):
        m = a["metrics"]
        assert m["timed"] is True and isinstance(m["judgment_density"], float) and m["talk_ms"] > 0
    assert t["talk_ms"] == sum(a["metrics"]["talk_ms"] for a in _answers(reports[name]))


@pytest.mark.parametrize("name", UNTIMED)
def test_untimed_fixtures_have_null_rates(reports, name: str) -> None:
    t = reports[name]["metrics"]
    assert t["timed"] is False
    assert t["judgment_density"] is None and t["talk_ms"] is None and t["words_per_minute"] is None
    for a in _answers(reports[name]):
        m = a["metrics"]
        assert m["judgment_density"] is None and m["ms_to_framing"] is None and m["words_per_minute"] is None


def test_report_rewrites_keep_the_honesty_guards(reports) -> None:
    """Every rewrite in a transcript report: no number that the answer did not say, outside a placeholder."""
    rewrites = [(n, a["id"], a["rewrite"]) for n, r in reports.items() for a in _answers(r) if a["rewrite"]]
    assert len(rewrites) >= 5
    for name, item, rw in rewrites:
        assert not invented_numbers(rw["bad"], rw["good"]), f"{name}:{item}: {rw['good']!r}"
        for p in rw["placeholders"]:
            assert p["text"] in rw["good"] and p["question"].strip()


def test_text_shows_each_flagged_answer_with_question_findings_rewrite_and_metrics(reports) -> None:
    out = review("text")
    blocks = out.split("-" * 40)
    assert len(blocks) == len(ALL)
    checked = 0
    for name, block in zip(ALL, blocks, strict=True):
        r = reports[name]
        assert f"Candidate: {r['candidate']} — {r['candidate_reason']}" in block
        if name in TIMED:
            assert "judgment density" in block and "talk time" in block and "untimed" not in block
        else:
            assert "untimed: no talk time or judgment density" in block
        body = block[block.index("ANSWERS"):] if "ANSWERS" in block else ""
        for a in (a for a in _answers(r) if a["findings"]):
            q = body.index(f"Q: {a['question']}")
            metrics = body.index(f"Metrics: {a['metrics']['words']} words", q)
            for f in a["findings"]:
                assert q < body.index(f"■ {f['rule']}", q) < metrics
            assert q < body.index(f"GOOD  {a['rewrite']['good']}", q) < metrics
            checked += 1
    assert checked >= 10


def test_markdown_and_html_show_questions_and_metrics(reports) -> None:
    md = review("markdown")
    page = review("html")
    for name in ALL:
        r = reports[name]
        for a in _answers(r):
            if not a["findings"]:
                continue
            assert f"**Q:** {esc(a['question'])}" in md
            assert f"Q:</span>{html.escape(a['question'], quote=True)}</div>" in page
            assert f"Metrics: {a['metrics']['words']} words" in md
            assert f"<p class=\"metrics\">Metrics: {a['metrics']['words']} words" in page
    assert md.count("untimed: no talk time or judgment density") == len(UNTIMED)
    assert page.count("untimed: no talk time or judgment density") == len(UNTIMED)
    assert page.count("judgment density") - page.count("untimed: no talk time or judgment density") == len(TIMED)


def test_line_format_gives_each_answer_its_line(reports) -> None:
    lines = review("line", ["zoom.vtt"]).splitlines()
    items = reports["zoom.vtt"]["items"]
    expected = [f"{FIXTURES / 'zoom.vtt'}:{a['line'] or n}:1: {f['severity']} {f['rule']} {' '.join(f['message'].split())}"
                for n, a in enumerate(items, 1) if a["kind"] == "answer" for f in a["findings"]]
    assert expected and lines[:len(expected)] == expected


def test_json_is_byte_identical_across_runs() -> None:
    names = ["teams.vtt", "qa.txt", "meet.docx"]
    assert review("json", names) == review("json", names)


@pytest.mark.parametrize("name", ["zoom.vtt", "qa.txt"])
def test_report_from_dict_round_trip(reports, name: str) -> None:
    data = reports[name]
    again = report_from_dict(data)
    assert again.metrics is not None and len(again.metrics.answers) == len(_answers(data))
    assert json.loads(again.to_json()) == data


def test_a_real_transcript_gets_metrics() -> None:
    """One real (public) transcript, never tuned on: it reviews as a transcript with measured answers."""
    import critic

    files = sorted(REALWORLD.glob("*")) if REALWORLD.is_dir() else []
    if not files:
        pytest.skip(f"real-world transcripts not found at {REALWORLD} (the shared folder sits beside the repo)")
    path = min(files, key=lambda p: p.stat().st_size)
    report = critic.review(path)
    assert report.document.kind == "transcript" and report.metrics is not None
    data = json.loads(report.to_json())
    assert all(a["metrics"]["words"] == len(a["text"].split()) for a in _answers(data))
    assert data["metrics"]["words"] > 100
