"""The cohort dashboard rendered by a real browser (headless Chromium): content, sorting, no script
injection, and a saved screenshot."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (Debian: apt-get install chromium)"),
]
EVIL = "<script>document.title='pwned'</script>"
EVIL_NAME = "x<img src=x onerror=document.title=7>.txt"  # file names may hold markup too


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("dash")
    cohort = base / "cohort"
    cohort.mkdir()
    for name in ("markdown_resume.md", "plain_text.txt", "jsonresume.json", "sample_resume.pdf"):
        shutil.copy(FIXTURES / "resumes" / name, cohort / name)
    shutil.copy(FIXTURES / "broken" / "encrypted.pdf", cohort / "locked.pdf")
    hostile = cohort / EVIL_NAME
    hostile.write_text(
        "ADA QUILL\n\nEXPERIENCE\n\nProduct Manager - Hexfield\n2021 - Present\n"
        f"• Worked with the ML team to improve ranking {EVIL}\n"
        "• Improved search relevance for shoppers\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "critic", "batch", "cohort", "-o", "out", "-j", "2", "--no-progress"],
                       cwd=base, capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 2, r.stderr  # locked.pdf fails
    return {"base": base, "index": base / "out" / "index.html", "files": 6}


def _dom(dashboard: dict[str, Any], fragment: str = "") -> str:
    url = dashboard["index"].as_uri() + fragment
    r = chromium(dashboard["base"], "--virtual-time-budget=3000", "--dump-dom", url)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "<html" in r.stdout
    return r.stdout


def _table_rows(dom: str) -> list[list[str]]:
    body = re.search(r'<table class="sortable" id="candidates-table">.*?<tbody>(.*?)</tbody>', dom, re.S)
    assert body is not None
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows.append(cells)
    return rows


def test_rendered_dashboard_shows_the_cohort(dashboard: dict[str, Any]) -> None:
    dom = _dom(dashboard)
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title is not None and html.unescape(title.group(1)) == "Cohort review — 6 files"
    assert len(re.findall(r'<rect class="bar"', dom)) == 10
    counts = [int(n) for n in re.findall(r'data-count="(\d+)"', dom)]
    assert sum(counts) == 5  # every reviewed file sits in one score band
    rows = _table_rows(dom)
    assert len(rows) == dashboard["files"]
    assert sorted(r[0] for r in rows) == sorted(["cohort/jsonresume.json", "cohort/locked.pdf",
                                                   "cohort/markdown_resume.md", "cohort/plain_text.txt",
                                                   "cohort/sample_resume.pdf", f"cohort/{EVIL_NAME}"])
    failed = [r for r in rows if r[-1] == "failed"]
    assert len(failed) == 1 and "encrypted" in failed[0][-2]
    assert re.search(r'<div class="weak" data-rule="[a-z-]+">', dom)
    assert 'class="ex-good"' in dom and 'id="heatmap"' in dom


def test_hostile_text_shows_as_text_and_no_injected_script_runs(dashboard: dict[str, Any]) -> None:
    dom = _dom(dashboard)
    title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)  # type: ignore[union-attr]
    assert "pwned" not in title and title != "7"
    assert "<img" not in dom and html.escape(EVIL_NAME, quote=False) in dom
    assert html.escape(EVIL, quote=False) in dom  # the bullet's text is shown, as text
    assert len(re.findall(r"<script", dom)) == 1


def test_table_sorts_in_the_browser(dashboard: dict[str, Any]) -> None:
    asc = _table_rows(_dom(dashboard, "#sort=score-asc"))
    desc = _table_rows(_dom(dashboard, "#sort=score-desc"))
    def scores(rows: list[list[str]]) -> list[int]:
        return [int(r[2]) for r in rows if r[2]]
    assert scores(asc) == sorted(scores(asc)) and len(scores(asc)) == 5
    assert scores(desc) == sorted(scores(asc), reverse=True)
    assert asc[0][2] == ""  # the failed file has no score and sorts first ascending
    by_name = _table_rows(_dom(dashboard, "#sort=file-desc"))
    names = [r[0].lower() for r in by_name]
    assert names == sorted(names, reverse=True)


def test_screenshot_is_saved_and_not_blank(dashboard: dict[str, Any]) -> None:
    shot = dashboard["base"] / "dashboard.png"
    r = chromium(dashboard["base"], "--window-size=1280,2200", "--hide-scrollbars", f"--screenshot={shot}",
                 dashboard["index"].as_uri())
    assert r.returncode == 0, r.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 20_000
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(shot) as img:
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, chart and heatmap, not an empty page
    print(f"dashboard screenshot: {shot}")
