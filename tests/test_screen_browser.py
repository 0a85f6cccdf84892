"""The screen's HTML overlay in headless Chromium: the page about 1,000 px wide and the numbered data
point labels in a gutter beside it, clear of the page's text (checked on a screenshot)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from critic.parse import parse
from critic.screen.core import screen_document
from critic.screen.html import CSP, LABEL_PX, PAGE_PX, label_tops, page_png, render_html

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "screen" / "reject_experience_in_sidebar.pdf"
PAGE_BORDER = (0xC9, 0xCD, 0xD6)
LABEL_BACKGROUNDS = {(0xF3, 0xFA, 0xF5), (0xFF, 0xF6, 0xE8)}


def _chromium() -> str | None:
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)


def test_label_tops_never_overlap_and_stay_on_the_page() -> None:
    tops = label_tops([100.0, 105.0, 110.0, 1290.0], 1294.0)
    assert all(b - a >= LABEL_PX for a, b in zip(sorted(tops), sorted(tops)[1:], strict=False))
    assert all(0 <= t <= 1294.0 - LABEL_PX for t in tops)


@pytest.fixture(scope="module")
def html_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not FIXTURE.exists():
        pytest.skip("screen fixture missing (run fixtures/screen/make_screen_fixtures.py)")
    result = screen_document(parse(FIXTURE))
    text = render_html([result], {result.source: page_png(FIXTURE.read_bytes())})
    folder = tmp_path_factory.mktemp("screen-html")
    page = folder / "screen.html"
    page.write_text(text, encoding="utf-8")
    return page, text


def test_html_is_self_contained_with_a_content_security_policy(html_page: tuple[Path, str]) -> None:
    _, text = html_page
    assert f'http-equiv="Content-Security-Policy" content="{CSP}"' in text
    assert "<script" not in text and "http://" not in text and "https://" not in text
    assert 'class="gutter"' in text and text.count('class="lbl') >= 3


def test_screenshot_shows_the_labels_beside_the_page(html_page: tuple[Path, str]) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("headless Chromium not installed (Debian: apt-get install chromium)")
    from PIL import Image

    page, _ = html_page
    shot = page.with_suffix(".png")
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
           "--disable-background-networking", f"--user-data-dir={page.parent / 'profile'}",
           "--window-size=1900,1500", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    width, height = image.size
    pixels = image.load()
    border_cols: dict[int, int] = {}
    label_xs: list[int] = []
    for x in range(width):
        for y in range(0, height, 2):
            rgb = pixels[x, y]
            if rgb == PAGE_BORDER:
                border_cols[x] = border_cols.get(x, 0) + 1
            elif rgb in LABEL_BACKGROUNDS:
                label_xs.append(x)
    edges = sorted(x for x, n in border_cols.items() if n > 200)  # the page's left and right borders
    assert len(edges) >= 2, "page border not found in the screenshot"
    left, right = edges[0], edges[-1]
    assert abs((right - left) - PAGE_PX) <= 4, (left, right)  # the page is shown 1,000 px wide
    assert label_xs, "no data point label in the screenshot"
    assert min(label_xs) > right, "a label overlaps the page"
