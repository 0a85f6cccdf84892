"""Open an HTML report in headless Chromium and assert on the rendered DOM.

Checks that the page renders offline (title, score, a finding, a rewrite) and that hostile document text
(script tags, event-handler attributes) shows as text and never runs.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from critic.findings import Finding
from critic.model import Document, Item, Section
from critic.report import ItemResult, Report, RuleInfo, render
from critic.rewrite import Placeholder, Rewrite

pytestmark = pytest.mark.browser

HOSTILE = "Shipped <script>document.title='pwned';alert(1)</script> search <img src=x onerror=\"document.title='img'\">"


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _report() -> Report:
    bad1 = "Worked with the ML team on search ranking"
    items = [
        ItemResult(
            Item("e1.b1", "bullet", bad1, "Experience", "experience", page=1),
            [Finding("black-box-language", "error", "The AI work is credited to someone else.", 0.9, "e1.b1")],
            Rewrite(bad1, "Chose [which option] with the ML team on search ranking.",
                    [Placeholder("[which option]", "What did you decide?")], ["black-box-language"]),
            score=59.5, gain=13.5),
        ItemResult(
            Item("e1.b2", "bullet", HOSTILE, "Experience", "experience", page=1),
            [Finding("missing-quantification", "warning", "Nothing measures the result.", 0.8, "e1.b2")],
            Rewrite(HOSTILE, HOSTILE + ", moving [metric] from [baseline] to [X].",
                    [Placeholder("[metric]", "Which number moved?")], ["missing-quantification"]),
            score=80.0, gain=6.7),
    ]
    doc = Document(source="jane <b>doe</b>.pdf", format="pdf",
                   sections=[Section("experience", "Experience", 1, items=[r.item for r in items])])
    rules = {"black-box-language": RuleInfo("black-box-language", "error", "credited elsewhere",
                                            "Committees want your decision.", "Partnered with ML.",
                                            "Chose [x] with ML.")}
    return Report(document=doc, items=items, document_findings=[], score=69.75, top_edits=["e1.b1", "e1.b2"],
                  rules=rules)


@pytest.fixture(scope="module")
def dom(tmp_path_factory) -> str:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("headless Chromium not installed (Debian: apt-get install chromium)")
    folder = tmp_path_factory.mktemp("html")
    page = folder / "report.html"
    page.write_text(render([_report()], "html"), encoding="utf-8")
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={folder / 'profile'}", "--dump-dom", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "<html" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_title_score_and_finding_render(dom):
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and html.unescape(title.group(1)) == "critic review — jane <b>doe</b>.pdf"
    score = re.search(r'<p class="score [^"]*" data-score="(\d+)">(.*?)</p>', dom, re.S)
    assert score and score.group(1) == "70" and _text(score.group(2)) == "70/100"
    assert "The AI work is credited to someone else." in dom
    assert 'data-rule="black-box-language"' in dom
    assert "Top 2 edits" in dom
    assert "<mark>[which option]</mark>" in dom


def test_hostile_text_shows_as_text_and_no_script_ran(dom):
    assert "<script" not in dom.lower()  # no script element was created from document text
    assert "<img" not in dom.lower()
    assert "&lt;script&gt;document.title='pwned';alert(1)&lt;/script&gt;" in dom
    title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    assert "pwned" not in title and "img" not in title
    assert _text(dom).count("document.title='pwned'") >= 2  # BAD and GOOD both show it as text
