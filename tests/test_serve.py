"""`critic serve`'s web app through Starlette's TestClient: the token, the Host check, cross-origin POSTs,
the upload cap, bad uploads as one line, autoescaping, the re-check as answers come in, downloads, and
coach mode."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("starlette.testclient", exc_type=(ImportError, RuntimeError))

from starlette.testclient import TestClient  # noqa: E402

from critic.fix.jsonresume import validate  # noqa: E402
from critic.fix.session import open_session  # noqa: E402
from critic.serve.app import ServeSettings, create_app  # noqa: E402

RESUMES = Path(__file__).resolve().parents[1] / "fixtures" / "resumes"
RESUME = """# Ada Quill

## Experience

### Product Manager — Hexfield
*2021 – Present*

- Worked with the ML team to improve search relevance for shoppers
- Cut p95 latency from 900 ms to 400 ms by caching embeddings, accepting results up to 10 minutes stale
"""


def _client(**settings) -> tuple[TestClient, ServeSettings]:
    s = ServeSettings(hosts=frozenset({"testserver"}), **settings)
    return TestClient(create_app(s), base_url="http://testserver"), s


@pytest.fixture()
def app() -> tuple[TestClient, ServeSettings]:
    client, s = _client(max_upload_mb=0.5)
    assert client.get(f"/?token={s.token}").status_code == 200  # sets the cookie
    return client, s


def _open(client: TestClient, data: bytes, name: str) -> str:
    r = client.post("/open", content=data, headers={"X-Filename": name})
    assert r.status_code == 200, r.text
    return r.json()["url"]


def test_token_is_required_and_then_kept_in_a_cookie() -> None:
    client, s = _client()
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    r = client.get(f"/?token={s.token}")
    assert r.status_code == 200 and "Drop a resume here" in r.text
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{s.cookie}={s.token};") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/").status_code == 200  # the cookie now
    for header in ("content-security-policy", "x-frame-options", "referrer-policy"):
        assert header in r.headers
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_host_header_must_be_the_local_one(app) -> None:
    client, s = app
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example"):
        r = client.get(f"/?token={s.token}", headers={"Host": host})
        assert r.status_code == 403 and "Host not allowed" in r.text


def test_host_port_is_checked_when_known() -> None:
    s = ServeSettings(port=8123)
    client = TestClient(create_app(s), base_url="http://127.0.0.1:8123")
    assert client.get(f"/?token={s.token}").status_code == 200
    assert client.get(f"/?token={s.token}", headers={"Host": "127.0.0.1:9999"}).status_code == 403
    assert client.get(f"/?token={s.token}", headers={"Host": "localhost:8123"}).status_code == 200


def test_cross_origin_post_is_refused(app) -> None:
    client, _ = app
    r = client.post("/open", content=RESUME.encode(), headers={"X-Filename": "a.md", "Origin": "http://evil.example"})
    assert r.status_code == 403


def test_upload_over_the_cap_is_refused(app) -> None:
    client, _ = app
    r = client.post("/open", content=b"x" * (600 * 1024), headers={"X-Filename": "big.pdf"})
    assert r.status_code == 413 and r.json() == {"error": "big.pdf: over the upload limit of 0.5 MB"}


def test_bad_upload_is_one_line_naming_the_file(app) -> None:
    client, _ = app
    r = client.post("/open", content=b"%PDF-1.7 broken", headers={"X-Filename": "../../etc/cv.pdf"})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error.startswith("cv.pdf: ") and "\n" not in error and "Traceback" not in error
    assert client.post("/open", content=b"", headers={"X-Filename": "e.md"}).json() == {"error": "e.md: empty file"}


def test_open_answer_recheck_and_download(app) -> None:
    client, _ = app
    url = _open(client, RESUME.encode(), "ada.md")
    page = client.get(url).text
    session = open_session(RESUME.encode(), name="ada.md")
    e = session.edits[0]
    for p in e.rewrite.placeholders:
        assert f'data-ph="{p.text}"' in page
    # not all answered (the last slot left open): why not; then fully answered: fixed
    partial = {p.text: p.sample for p in e.rewrite.placeholders[:-1]}
    r = client.post(f"{url}/check", json={"item": e.result.item.id, "answers": partial})
    assert r.json()["ok"] is False and r.json()["reason"].startswith("still to answer")
    answers = {p.text: p.sample for p in e.rewrite.placeholders}
    r = client.post(f"{url}/check", json={"item": e.result.item.id, "answers": answers}).json()
    assert r["ok"] is True and r["accepted"] == 1 and set(r["cleared"]) == set(e.rules)
    md = client.get(f"{url}/download/md")
    assert md.headers["content-disposition"] == 'attachment; filename="ada.improved.md"'
    assert f"- {r['text']}\n" in md.text
    data = json.loads(client.get(f"{url}/download/json").content)
    assert validate(data) == [] and r["text"] in data["work"][0]["highlights"]
    import docx

    doc = docx.Document(io.BytesIO(client.get(f"{url}/download/docx").content))
    assert r["text"] in [p.text for p in doc.paragraphs]
    assert f"- After: {r['text']}" in client.get(f"{url}/download/changes").text
    # an answer that stops passing withdraws the change
    r = client.post(f"{url}/check", json={"item": e.result.item.id, "answers": {}}).json()
    assert r["ok"] is False and r["accepted"] == 0
    assert e.result.item.text in client.get(f"{url}/download/md").text


def test_document_text_is_escaped(app) -> None:
    client, _ = app
    hostile = ("ADA QUILL\n\nEXPERIENCE\n\nProduct Manager - Hexfield\n2021 - Present\n"
               "• Worked with the ML team to improve ranking <script>alert(1)</script>\n")
    page = client.get(_open(client, hostile.encode(), "x<b>.txt")).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "x<b>.txt" not in page and "x&lt;b&gt;.txt" in page


def test_check_rejects_bad_requests(app) -> None:
    client, _ = app
    url = _open(client, RESUME.encode(), "ada.md")
    assert client.post(f"{url}/check", content=b"not json").status_code == 400
    assert client.post(f"{url}/check", json={"item": "nope"}).status_code == 404
    assert client.post(f"{url}/check", json={"item": "x", "wording": "w" * 300_000}).status_code == 413
    assert client.get("/doc/0000/download/md").status_code == 404
    assert client.get(f"{url}/download/exe").status_code == 404


def test_pdf_page_shows_boxes_linked_to_cards(app) -> None:
    client, _ = app
    client_big, s = _client()
    client_big.get(f"/?token={s.token}")
    url = _open(client_big, (RESUMES / "sample_resume.pdf").read_bytes(), "sample_resume.pdf")
    page = client_big.get(url).text
    session = open_session(RESUMES / "sample_resume.pdf")
    # one box per bullet the page can fix (a card with a rewrite), each linked to its card
    assert page.count('<a class="mk ') == len(session.edits) >= 3 and "data:image/png;base64," in page
    for e in session.edits:
        assert f'data-item="{e.result.item.id}"' in page and f'id="item-{e.result.item.id}"' in page


def test_coach_mode_lists_the_cohort_and_opens_a_candidate(tmp_path: Path) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    cv = folder / "ada.md"
    cv.write_text(RESUME, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    records = [{"file": "cohort/ada.md", "status": "ok", "score": 61, "sha256": hashlib.sha256(cv.read_bytes()).hexdigest()},
               {"file": "cohort/gone.pdf", "status": "failed", "error": "cohort/gone.pdf: no such file"}]
    (out / "cohort.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    client, s = _client(cohort=out)
    home = client.get(f"/?token={s.token}").text
    assert "Cohort (2 files)" in home and "cohort/ada.md" in home and "cohort/gone.pdf: no such file" in home
    r = client.get("/coach/0", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/doc/")
    assert "Worked with the ML team" in client.get(r.headers["location"]).text
    cv.write_text(RESUME + "- Changed since\n", encoding="utf-8")
    assert client.get("/coach/0").status_code == 404  # not the file the batch read
    assert client.get("/coach/7").status_code == 404


@pytest.mark.parametrize("arg, problem", [("nothere.pdf", "nothere.pdf: no such file"),
                                           (".", ".: no cohort.jsonl here; run `critic batch FOLDER -o OUT` and serve OUT")])
def test_serve_bad_path_is_one_line_exit_2(tmp_path: Path, arg: str, problem: str) -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "critic", "serve", arg], capture_output=True, text=True, cwd=tmp_path,
                       env={"PYTHONPATH": str(RESUMES.parents[1]), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert (r.returncode, r.stderr) == (2, f"critic: error: {problem}\n")
