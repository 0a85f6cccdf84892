"""`critic serve [PATH]`: the local web page (see critic.serve)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

from critic.errors import CriticError


def _fail(message: str) -> None:
    click.echo(f"critic: error: {message}", err=True)
    sys.exit(2)


@click.command("serve")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: a free one).")
@click.option("--max-upload-mb", type=click.FloatRange(0.1, 200), default=20.0, show_default=True,
              help="Largest file the page accepts.")
@click.option("--open/--no-open", "open_browser", default=False, help="Also open the page in the default web browser.")
def command(path: Path | None, port: int, max_upload_mb: float, open_browser: bool) -> None:
    """Open resumes in a local web page: findings on the page, answers re-checked as you type, the
    improved DOCX / Markdown / JSON Resume to download.

    PATH: a resume to open at once, or a `critic batch` output folder (coach mode: its candidates
    listed). Listens on 127.0.0.1 only, behind a random token in the printed address; stop with Ctrl-C.
    """
    try:
        import uvicorn

        from critic.serve.app import ServeSettings, create_app
    except ModuleNotFoundError as exc:
        _fail(f"critic serve needs the 'serve' extra (pip install 'critic[serve]'): {exc.name} is missing")
    settings = ServeSettings(max_upload_mb=max_upload_mb)
    open_file = None
    if path is not None:
        if path.is_dir():
            if not (path / "cohort.jsonl").is_file():
                _fail(f"{path}: no cohort.jsonl here; run `critic batch FOLDER -o OUT` and serve OUT")
            settings.cohort = path
        elif not path.exists():
            _fail(f"{path}: no such file")
        else:
            open_file = path
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        _fail(f"port {port}: cannot listen on 127.0.0.1: {exc.strerror or exc}")
    settings.port = sock.getsockname()[1]
    try:
        app = create_app(settings, open_file=open_file)
    except CriticError as exc:
        sock.close()
        _fail(str(exc))
    url = f"http://127.0.0.1:{settings.port}/?token={settings.token}"
    click.echo(f"critic serve: open {url}", color=False)
    click.echo("(files stay in memory on this computer; Ctrl-C to stop)", err=True)
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
