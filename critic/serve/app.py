"""The Starlette app behind `critic serve` (see critic.serve)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from critic.errors import CriticError
from critic.fix.session import FixSession, open_session
from critic.fix.writers import FORMATS, extension
from critic.parse.sandbox import Limits
from critic.report.pages import item_anchor, mark_ids, markers, pages_html

HERE = Path(__file__).parent
MAX_OPEN = 50  # documents kept in memory at once
MAX_CHECK_BYTES = 256 * 1024  # one re-check request's JSON
_MEDIA = {"md": "text/markdown; charset=utf-8", "json": "application/json",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


@dataclass
class ServeSettings:
    """How the app is served: its token, the Host values it answers to, the upload cap, what it opens."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    hosts: frozenset[str] = frozenset({"127.0.0.1", "localhost"})
    port: int | None = None  # when set, the Host header must carry this port
    max_upload_mb: float = 20.0
    cohort: Path | None = None  # a `critic batch` output folder (coach mode)
    limits: Limits = field(default_factory=Limits)

    @property
    def cookie(self) -> str:
        return f"critic_token_{self.port or 0}"


class Guard:
    """ASGI middleware: Host header check, token check (query once, then a cookie), security headers."""

    def __init__(self, app: ASGIApp, settings: ServeSettings) -> None:
        self.app = app
        self.settings = settings

    def _host_ok(self, host: str) -> bool:
        name, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
        if not name:
            name = host
        if name not in self.settings.hosts:
            return False
        return self.settings.port is None or port == str(self.settings.port)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        s = self.settings
        if not self._host_ok(request.headers.get("host", "")):
            await _plain(403, "Host not allowed: open the address critic serve printed.")(scope, receive, send)
            return
        origin = request.headers.get("origin")
        if origin is not None and request.method != "GET" and origin.split("://", 1)[-1] != request.headers["host"]:
            await _plain(403, "Cross-origin request refused.")(scope, receive, send)
            return
        given = request.query_params.get("token")
        by_query = given is not None and hmac.compare_digest(given, s.token)
        cookie = request.cookies.get(s.cookie, "")
        if not (by_query or (cookie and hmac.compare_digest(cookie, s.token))):
            await _plain(403, "Missing or wrong token: open the address critic serve printed.")(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", _CSP.encode()), (b"x-frame-options", b"DENY"),
                            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"cache-control", b"no-store")]
                if by_query:
                    headers.append((b"set-cookie", f"{s.cookie}={s.token}; Path=/; HttpOnly; SameSite=Strict"
                                    .encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _plain(status: int, text: str) -> Response:
    return Response(text + "\n", status_code=status, media_type="text/plain; charset=utf-8")


async def _read_capped(request: Request, cap: int) -> bytes | None:
    """The request body, or None as soon as it is known to be over cap bytes."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > cap:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _error(status: int, text: str) -> JSONResponse:
    return JSONResponse({"error": text}, status_code=status)


@dataclass
class _Open:
    """An opened document: its fix session and the rendered pages (HTML), made once."""

    session: FixSession
    pages: str


class State:
    """What the app holds in memory: opened documents by id, one lock around the rule engine."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.docs: dict[str, _Open] = {}
        self.lock = threading.Lock()

    def open(self, data: bytes, name: str) -> str:
        with self.lock:
            session = open_session(data, name=name, limits=self.settings.limits)
            # the bullets this page can fix are boxed: each box links to its card
            pages = pages_html(session.report, data, limits=self.settings.limits, only=_fixable(session))
        doc_id = secrets.token_hex(8)
        self.docs[doc_id] = _Open(session, pages)
        while len(self.docs) > MAX_OPEN:  # the oldest goes first
            self.docs.pop(next(iter(self.docs)))
        return doc_id


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(HERE / "templates")),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def _fixable(session: FixSession) -> set[str]:
    """The ids of the items the session has an edit (a card) for."""
    return {e.result.item.id for e in session.edits}


def _cards(session: FixSession) -> list[dict[str, Any]]:
    only = _fixable(session)
    numbers = {m.item_id: m.number for m in markers(session.report, only)}
    marks = mark_ids(session.report, only=only) if session.report.document.format == "pdf" else {}
    cards = []
    for rank, e in enumerate(session.edits, 1):
        item = e.result.item
        seen: dict[str, Any] = {}
        for p in e.rewrite.placeholders:
            seen.setdefault(p.text, p)
        cards.append({"id": item.id, "anchor": item_anchor(item.id), "number": numbers.get(item.id, rank),
                      "mark": marks.get(item.id), "section": item.section or item.section_kind, "bad": item.text,
                      "good": e.rewrite.good, "placeholders": list(seen.values()),
                      "findings": [f for f in e.result.findings if f.rule in e.rules]})
    return cards


def _cohort(folder: Path) -> list[dict[str, Any]]:
    from critic.batch.export import read_jsonl

    path = folder / "cohort.jsonl"
    try:
        return read_jsonl(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CriticError(f"{path}: cannot be read as a batch result ({exc})") from None


def _candidate_file(folder: Path, record: dict[str, Any]) -> Path | None:
    """The candidate's file named by a batch record, where it still has the bytes the batch read."""
    label = str(record.get("_raw_label") or record.get("file") or "")
    for base in (Path.cwd(), folder.parent, folder):
        path = base / label
        if path.is_file():
            sha = record.get("sha256")
            if not sha or hashlib.sha256(path.read_bytes()).hexdigest() == sha:
                return path
    return None


def create_app(settings: ServeSettings | None = None, *, open_file: Path | None = None) -> Starlette:
    """The web app; open_file is reviewed at start and the home page opens it."""
    settings = settings or ServeSettings()
    state = State(settings)
    env = _env()
    cohort = _cohort(settings.cohort) if settings.cohort is not None else None
    first: dict[str, str] = {}
    if open_file is not None:
        from critic.parse import read_input

        first["id"] = state.open(read_input(open_file, settings.limits), open_file.name)

    def page(name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    async def home(request: Request) -> Response:
        if "id" in first and "stay" not in request.query_params:
            return RedirectResponse(f"/doc/{first['id']}", status_code=303)
        opened = [(doc_id, o.session.source) for doc_id, o in state.docs.items()]
        return page("home.html", opened=opened, cohort=cohort, max_mb=settings.max_upload_mb)

    async def upload(request: Request) -> Response:
        name = Path(request.headers.get("x-filename", "") or "upload").name[:200] or "upload"
        cap = int(settings.max_upload_mb * 1024 * 1024)
        data = await _read_capped(request, cap)
        if data is None:
            return _error(413, f"{name}: over the upload limit of {settings.max_upload_mb:g} MB")
        if not data:
            return _error(400, f"{name}: empty file")
        from starlette.concurrency import run_in_threadpool

        try:
            doc_id = await run_in_threadpool(state.open, data, name)
        except CriticError as exc:
            return _error(400, str(exc))
        return JSONResponse({"url": f"/doc/{doc_id}"})

    def _get(request: Request) -> _Open | None:
        return state.docs.get(request.path_params["doc"])

    async def document(request: Request) -> Response:
        opened = _get(request)
        if opened is None:
            return _plain(404, "No such document (the server keeps documents only while it runs).")
        s = opened.session
        return page("doc.html", doc_id=request.path_params["doc"], source=s.source, report=s.report,
                    pages=opened.pages, cards=_cards(s), formats=FORMATS, coach=cohort is not None)

    async def check(request: Request) -> Response:
        opened = _get(request)
        if opened is None:
            return _error(404, "no such document")
        raw = await _read_capped(request, MAX_CHECK_BYTES)
        if raw is None:
            return _error(413, "answers too long")
        try:
            body = json.loads(raw)
            item_id = str(body["item"])
            answers = {str(k): str(v) for k, v in dict(body.get("answers") or {}).items()}
            wording = str(body.get("wording") or "") or None
        except (ValueError, KeyError, TypeError, AttributeError):
            return _error(400, "expected JSON: {item, answers, wording}")
        s = opened.session
        try:
            s.edit(item_id)
        except KeyError:
            return _error(404, f"no raised item {item_id}")
        from starlette.concurrency import run_in_threadpool

        def run() -> tuple[str, Any]:
            with state.lock:
                return s.check(item_id, answers, wording)

        text, result = await run_in_threadpool(run)
        if result.ok:
            s.accept(item_id, text, result)
        else:
            s.withdraw(item_id)
        return JSONResponse({"ok": result.ok, "reason": result.reason, "text": text, "cleared": list(result.cleared),
                             "accepted": len(s.accepted), "total": len(s.edits)})

    async def download(request: Request) -> Response:
        opened = _get(request)
        fmt = request.path_params["fmt"]
        if opened is None or fmt not in (*FORMATS, "changes"):
            return _plain(404, "No such download.")
        s = opened.session
        stem = Path(s.source).stem or "resume"
        if fmt == "changes":
            data, media, filename = s.log().encode("utf-8"), "text/markdown; charset=utf-8", f"{stem}.changes.md"
        else:
            data, _missing = s.output(fmt)
            media, filename = _MEDIA[fmt], f"{stem}.improved{extension(fmt)}"
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)
        return Response(data, media_type=media, headers={"content-disposition": f'attachment; filename="{safe}"'})

    async def coach_open(request: Request) -> Response:
        if cohort is None or settings.cohort is None:
            return _plain(404, "Not in coach mode.")
        n = request.path_params["n"]
        if not 0 <= n < len(cohort):
            return _plain(404, "No such candidate.")
        path = _candidate_file(settings.cohort, cohort[n])
        if path is None:
            return _plain(404, "The candidate's file is no longer where the batch read it (or has changed).")
        from starlette.concurrency import run_in_threadpool

        try:
            doc_id = await run_in_threadpool(state.open, path.read_bytes(), path.name)
        except CriticError as exc:
            return _plain(400, str(exc))
        return RedirectResponse(f"/doc/{doc_id}", status_code=303)

    async def script(request: Request) -> Response:
        return Response((HERE / "static" / "app.js").read_bytes(), media_type="text/javascript; charset=utf-8")

    routes = [
        Route("/", home),
        Route("/open", upload, methods=["POST"]),
        Route("/doc/{doc}", document),
        Route("/doc/{doc}/check", check, methods=["POST"]),
        Route("/doc/{doc}/download/{fmt}", download),
        Route("/coach/{n:int}", coach_open),
        Route("/static/app.js", script),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(Guard, settings=settings)
    return app
