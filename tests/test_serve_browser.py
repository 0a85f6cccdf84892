"""`critic serve` driven in real headless Chromium (DevTools protocol over a pipe): open the bundled sample
PDF through the file picker, see its raised bullets boxed on the page, type the answers to the top edit,
watch its finding clear, download the DOCX and check that the edited bullet passes the rules it was
flagged for."""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cdp import CHROMIUM, Browser
from PIL import Image

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "resumes" / "sample_resume.pdf"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (Debian: apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "critic", "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path_factory.mktemp("serve"))
    line = proc.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=(\S+)", line)
    assert match, line + proc.stderr.read()
    yield {"base": match.group(1), "url": match.group(0)}
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    b = Browser(tmp_path_factory.mktemp("profile"))
    yield b
    b.close()


def test_from_upload_to_a_downloaded_docx_that_passes(server, browser, tmp_path: Path) -> None:
    import docx

    from critic.api import engine_for
    from critic.config import Config
    from critic.fix.session import open_session

    # what the person will type: the example answers the rewrite itself carries for the top edit
    expected = open_session(SAMPLE)
    top = expected.edits[0]
    answers = {p.text: p.sample for p in top.rewrite.placeholders}

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
    browser.page("Page.enable")
    browser.page("Page.navigate", url=server["url"])
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('file')")

    # the file picker: choose the sample PDF
    root = browser.page("DOM.getDocument")["root"]["nodeId"]
    node = browser.page("DOM.querySelector", nodeId=root, selector="#file")["nodeId"]
    browser.page("DOM.setFileInputFiles", files=[str(SAMPLE)], nodeId=node)
    browser.wait_for("location.pathname.startsWith('/doc/') && document.readyState === 'complete'", timeout=120)
    assert browser.js("document.title") == "critic — sample_resume.pdf"

    # the page image is drawn, with every raised bullet boxed and numbered
    assert browser.wait_for("(() => { const i = document.querySelector('.pdfpage img');"
                            " return i && i.complete && i.naturalWidth > 500; })()")
    boxed = browser.js("Array.from(document.querySelectorAll('.pdfpage .mk')).flatMap(a => a.dataset.items.split(' '))")
    assert top.result.item.id in boxed and len(boxed) == len(set(boxed)) == len(expected.edits)
    cards = browser.js("Array.from(document.querySelectorAll('.card')).map(c => c.dataset.item)")
    assert cards[0] == top.result.item.id
    card = f"document.querySelector('.card[data-item=\"{top.result.item.id}\"]')"
    assert browser.js(f"{card}.dataset.state") == "open"

    # type each answer into its field, as a person would
    for placeholder, value in answers.items():
        browser.js(f"{card}.querySelector('input[data-ph=\"{placeholder}\"]').focus()")
        browser.page("Input.insertText", text=value)
    status = browser.wait_for(f"{card}.dataset.state === 'ok' && {card}.querySelector('.status').textContent",
                              timeout=60)
    assert status.startswith("✓ Fixed: clears")
    assert browser.js(f"document.getElementById({card}.querySelector('a.num').dataset.mark).classList.contains('cleared')")
    assert browser.js("document.getElementById('count').textContent").startswith("1 of ")
    shot = base64.b64decode(browser.page("Page.captureScreenshot", format="png")["data"])
    with Image.open(io.BytesIO(shot)) as img:
        assert img.size[0] >= 1000 and len(img.convert("RGB").getcolors(maxcolors=1 << 20) or ()) > 50
    (tmp_path / "serve.png").write_bytes(shot)
    if os.environ.get("CRITIC_SERVE_SCREENSHOT"):  # to refresh the README's picture
        Path(os.environ["CRITIC_SERVE_SCREENSHOT"]).write_bytes(shot)

    # download the DOCX
    browser.js("document.getElementById('dl-docx').click()")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(downloads.glob("*.docx")):
        time.sleep(0.2)
    (path,) = downloads.glob("*.docx")
    assert path.name == "sample_resume.improved.docx"
    paragraphs = [p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs]
    new_text = browser.js(f"{card}.querySelector('.new-text').textContent")
    assert new_text in paragraphs and top.result.item.text not in paragraphs
    still = {f.rule for f in engine_for(Config()).check([(new_text, top.result.item.kind)])[0]}
    assert not still & set(top.rules), still


def test_the_real_server_checks_token_and_host(server) -> None:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(server["url"])

    def get(path: str, host: str) -> int:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.request("GET", path, headers={"Host": host})
        status = conn.getresponse().status
        conn.close()
        return status

    local = f"127.0.0.1:{parts.port}"
    assert get(f"/?{parts.query}", local) == 200
    assert get("/", local) == 403
    assert get(f"/?{parts.query}", f"rebind.example:{parts.port}") == 403
