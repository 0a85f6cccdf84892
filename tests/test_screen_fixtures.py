"""The screen on resumes designed to pass or fail a 6-second glance for a known reason, and the
`critic screen` command (formats, ranking, errors, HTML page image and escaping)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from critic.parse import parse
from critic.screen.core import ScreenResult, screen_document
from critic.screen.reading import ReadingModel

ROOT = Path(__file__).resolve().parents[1]
SCREEN = ROOT / "fixtures" / "screen"
RESUMES = ROOT / "fixtures" / "resumes"


@cache
def screened(path: Path) -> ScreenResult:
    if not path.exists():
        pytest.skip(f"fixture {path.name} is missing (run fixtures/screen/make_screen_fixtures.py)")
    return screen_document(parse(path))


def rules(result: ScreenResult) -> list[str]:
    return [r.rule for r in result.judgement.reasons]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "critic", "screen", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


# --------------------------------------------------------------------------------------------------
# designed outcomes
# --------------------------------------------------------------------------------------------------

def test_lead_with_impact_advances() -> None:
    r = screened(SCREEN / "advance_lead_with_impact.pdf")
    assert r.verdict == "ADVANCE", rules(r)
    assert r.seen_count == 6
    assert r.judgement.ai_impact.in_glance and r.judgement.ownership.in_glance
    assert "42%" in r.glance_text
    assert r.edits == []
    # the six data points were all read before the budget ran out
    assert r.reading.hunt_done is not None and r.reading.hunt_done < r.model.seconds


def test_experience_in_the_sidebar_is_reached_too_late() -> None:
    r = screened(SCREEN / "reject_experience_in_sidebar.pdf")
    assert r.sheet.columns == 2
    assert r.verdict == "REJECT"
    side = [k for k, p in r.judgement.data_points.items() if p.status == "buried" and "side column" in p.note]
    assert {"previous_role", "education"} <= set(side)
    assert r.edits[0].id == "move-experience-to-main-column"
    assert r.edits[-1].verdict_after != "REJECT"


def test_black_box_bullets_have_no_quantified_ai_impact() -> None:
    r = screened(SCREEN / "reject_black_box.pdf")
    assert r.seen_count == 6  # the data points are fine
    assert r.verdict == "REJECT"
    assert "no-ai-impact-on-page-1" in rules(r)
    assert r.judgement.ai_impact.where == "none"  # "a team of 6 engineers" is not impact
    assert [e.id for e in r.edits] == ["quantify-ai-impact", "state-a-decision"]
    assert r.edits[-1].verdict_after == "ADVANCE"
    for e in r.edits:  # suggestions carry placeholders, not invented numbers
        assert "[" in e.text and not re.search(r"\d", e.text)


def test_impact_in_the_fourth_bullet_is_outside_the_glance() -> None:
    r = screened(SCREEN / "maybe_impact_fourth_bullet.pdf")
    assert r.verdict == "MAYBE"
    assert rules(r) == ["ai-impact-outside-glance"]
    assert r.judgement.ai_impact.at is not None and r.judgement.ai_impact.at > r.model.seconds
    assert r.edits[0].id == "lead-with-ai-impact" and r.edits[0].verdict_after == "ADVANCE"
    assert "Cut fraud losses" in r.edits[0].text


def test_oldest_first_hides_the_latest_role() -> None:
    r = screened(SCREEN / "reject_oldest_first.pdf")
    assert r.verdict == "REJECT"
    assert "current-role-unseen" in rules(r)
    cur = r.judgement.data_points["current_role"]
    assert cur.status == "buried" and "Machine Learning Recommendations" in cur.text
    assert r.edits[0].id == "latest-role-first"


def test_plain_text_without_dates_is_maybe_until_dated() -> None:
    r = screened(SCREEN / "maybe_no_dates.txt")
    assert r.sheet.simulated
    assert r.verdict == "MAYBE"
    assert rules(r) == ["current-dates-unseen"]
    assert r.judgement.data_points["current_dates"].status == "missing"
    assert r.edits[0].id == "add-current-dates" and r.edits[0].verdict_after == "ADVANCE"


def test_markdown_twin_gets_the_pdf_verdict() -> None:
    pdf = screened(SCREEN / "advance_lead_with_impact.pdf")
    md = screened(SCREEN / "advance_lead_with_impact.md")
    assert md.sheet.simulated and not pdf.sheet.simulated
    assert md.verdict == pdf.verdict == "ADVANCE"


def test_metrics_only_on_page_2_reject() -> None:
    r = screened(RESUMES / "screen_metrics_page2.pdf")
    assert r.verdict == "REJECT"
    assert "no-ai-impact-on-page-1" in rules(r)
    assert r.judgement.ai_impact.where == "page-2"
    # the page-2 result belongs to an older role: it is offered for the headline, never moved under the
    # latest role
    assert r.edits and r.edits[0].id == "headline-ai-impact" and "page 2" in r.edits[0].text
    assert all(e.id != "lead-with-ai-impact" for e in r.edits)


def test_no_dates_pdf_misses_only_the_dates() -> None:
    r = screened(RESUMES / "screen_no_dates.pdf")
    assert r.judgement.data_points["current_role"].status == "seen"
    assert r.judgement.data_points["current_dates"].status == "missing"
    assert "current-dates-unseen" in rules(r)


def test_longer_budget_never_lowers_the_verdict() -> None:
    from critic.screen.verdict import VERDICTS

    for name in ("reject_oldest_first.pdf", "maybe_impact_fourth_bullet.pdf", "reject_experience_in_sidebar.pdf"):
        doc = parse(SCREEN / name)
        short = screen_document(doc, ReadingModel(seconds=6))
        long = screen_document(doc, ReadingModel(seconds=20))
        assert VERDICTS.index(long.verdict) >= VERDICTS.index(short.verdict), name
        assert long.seen_count >= short.seen_count


# --------------------------------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------------------------------

def test_cli_text_single() -> None:
    p = run(str(SCREEN / "maybe_impact_fourth_bullet.pdf"), "--no-score")
    assert p.returncode == 0, p.stderr
    assert "MAYBE" in p.stdout and "Six data points" in p.stdout and "Edits most likely to flip it" in p.stdout


def test_cli_json_is_deterministic_and_has_the_keys() -> None:
    args = (str(SCREEN / "reject_black_box.pdf"), "--format", "json", "--no-score")
    a, b = run(*args), run(*args)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    d = json.loads(a.stdout)
    assert {"verdict", "data_points", "glance_text", "reasons", "edits"} <= set(d)
    assert set(d["data_points"]) == {"name", "current_role", "current_dates", "previous_role", "previous_dates",
                                     "education"}
    assert d["verdict"] == "REJECT"


def test_cli_several_files_rank_and_csv(tmp_path: Path) -> None:
    files = [SCREEN / "reject_black_box.pdf", SCREEN / "advance_lead_with_impact.pdf",
             SCREEN / "maybe_impact_fourth_bullet.pdf"]
    out = tmp_path / "pile.csv"
    p = run(*map(str, files), "--format", "csv", "-o", str(out))
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["verdict"] for r in rows] == ["ADVANCE", "MAYBE", "REJECT"]
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    assert all(r["critique_score"] for r in rows)


def test_ties_are_broken_by_the_critique_score() -> None:
    from critic.screen.render import rank

    a = screened(SCREEN / "reject_black_box.pdf")
    b = screened(SCREEN / "reject_oldest_first.pdf")
    assert a.verdict == b.verdict
    a.critique_score, b.critique_score = 40.0, 70.0
    try:
        assert [r.source for r in rank([a, b])] == [b.source, a.source]
        a.critique_score = 90.0
        assert [r.source for r in rank([a, b])] == [a.source, b.source]
    finally:
        a.critique_score = b.critique_score = None


def test_cli_bad_file_is_one_line_and_others_still_run(tmp_path: Path) -> None:
    p = run(str(tmp_path / "missing.pdf"), str(SCREEN / "maybe_no_dates.txt"), "--format", "json", "--no-score")
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    err = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and "missing.pdf" in err[0] and "no such file" in err[0]
    d = json.loads(p.stdout)
    assert [r["source"] for r in d["results"]] and d["failed"][0]["source"].endswith("missing.pdf")


def test_cli_jd_coverage_beside_the_verdict(tmp_path: Path) -> None:
    jd = tmp_path / "jd.txt"
    jd.write_text("AI Product Manager. Own LLM evaluation and model routing. LLM cost and routing model "
                  "experience. SQL. Model evaluation.", encoding="utf-8")
    base = run(str(SCREEN / "advance_lead_with_impact.pdf"), "--format", "json", "--no-score")
    with_jd = run(str(SCREEN / "advance_lead_with_impact.pdf"), "--format", "json", "--no-score", "--jd", str(jd))
    a, b = json.loads(base.stdout), json.loads(with_jd.stdout)
    assert "jd" not in a and b["jd"]["keywords"] > 0
    assert 0 < b["jd"]["found"] <= b["jd"]["keywords"]
    assert a["verdict"] == b["verdict"] and a["reasons"] == b["reasons"]


def test_cli_missing_jd_is_an_input_error(tmp_path: Path) -> None:
    p = run(str(SCREEN / "maybe_no_dates.txt"), "--jd", str(tmp_path / "nope.txt"), "--no-score")
    assert p.returncode == 2 and "nope.txt" in p.stderr and "Traceback" not in p.stderr


def test_cli_folder_expands_to_its_resumes() -> None:
    p = run(str(SCREEN), "--format", "json", "--no-score")
    assert p.returncode == 0, p.stderr
    sources = {Path(r["source"]).name for r in json.loads(p.stdout)["results"]}
    assert "reject_black_box.pdf" in sources and "maybe_no_dates.txt" in sources
    assert not any(s.endswith(".py") for s in sources)


def test_html_shows_page_one_with_boxes(tmp_path: Path) -> None:
    out = tmp_path / "screen.html"
    p = run(str(SCREEN / "reject_experience_in_sidebar.pdf"), "--format", "html", "-o", str(out), "--no-score")
    assert p.returncode == 0, p.stderr
    html = out.read_text(encoding="utf-8")
    assert html.count('<img src="data:image/png;base64,') == 1
    assert 'class="box g-read"' in html and 'class="box dp"' in html and 'class="box dp buried"' in html
    assert "<script" not in html and "http://" not in html and "https://" not in html
    # boxes are placed in percent of the page, inside it
    for left, top in re.findall(r"left:([\d.]+)%;top:([\d.]+)%", html):
        assert 0 <= float(left) <= 100 and 0 <= float(top) <= 100


def test_html_escapes_document_text(tmp_path: Path) -> None:
    resume = tmp_path / "evil.txt"
    resume.write_text("Eve <b>Doe</b>\nPM\n\nEXPERIENCE\nProduct Manager | <script>alert(1)</script> Inc | 2021 – Present\n"
                      "• Cut LLM cost 30% by choosing caching over a bigger model <img src=x onerror=alert(2)>\n",
                      encoding="utf-8")
    out = tmp_path / "evil.html"
    p = run(str(resume), "--format", "html", "-o", str(out), "--no-score")
    assert p.returncode == 0, p.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html and "<b>Doe" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_image_is_deterministic() -> None:
    from critic.screen.html import page_png

    data = (SCREEN / "advance_lead_with_impact.pdf").read_bytes()
    a, b = page_png(data), page_png(data)
    assert a == b and a.startswith(b"\x89PNG")


def test_cli_refuses_a_transcript() -> None:
    transcript = ROOT / "fixtures" / "transcripts" / "qa.txt"
    if not transcript.exists():
        pytest.skip("transcript fixture missing")
    p = run(str(transcript), "--no-score")
    assert p.returncode == 2 and "transcript" in p.stderr and "Traceback" not in p.stderr
