"""`critic screen`: simulate a recruiter's 6-second glance at page 1 of one resume or a pile of them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from critic.commands.parse import limit_options, make_limits
from critic.errors import InputError

FORMATS = ("text", "json", "html", "csv")
RESUME_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".markdown", ".json")


def expand(paths: tuple[str, ...]) -> list[str]:
    """Files as given; a folder stands for its resume files (sorted, not recursive, hidden files skipped)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(str(f) for f in sorted(path.iterdir())
                       if f.is_file() and not f.name.startswith(".") and f.suffix.lower() in RESUME_SUFFIXES)
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def _style(verdict: str) -> str:
    colour = {"ADVANCE": "green", "MAYBE": "yellow", "REJECT": "red"}.get(verdict)
    return click.style(verdict, fg=colour, bold=True)


@click.command("screen")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--seconds", type=click.FloatRange(min=0.5, max=120.0), default=6.0, show_default=True,
              help="Length of the glance (TheLadders 2012: about 6 s; their 2018 update: about 7.4 s).")
@click.option("--wps", "words_per_second", type=click.FloatRange(min=1.0, max=40.0), default=None,
              help="Reading speed in words per second (default 12, a skimming rate).")
@click.option("--jd", "jd_path", type=click.Path(path_type=str), default=None,
              help="A job description (file, or - for standard input): report its keyword coverage beside "
                   "the verdict, never in it.")
@click.option("--role", default=None,
              help="The role screened for (default: the job description's role with --jd, else AI product "
                   "manager); the verdict says when the resume's titles read as another role.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=str), default=None,
              help="Write to this file instead of standard output.")
@click.option("--no-score", is_flag=True, help="Skip the critique score (ranking ties then go by file name).")
@click.option("--spacy-model", default=None, help="A trained spaCy pipeline to use instead of the blank one.")
@limit_options
def command(files: tuple[str, ...], seconds: float, words_per_second: float | None, jd_path: str | None,
            role: str | None, fmt: str,
            output: str | None, no_score: bool, spacy_model: str | None, timeout: float | None,
            memory_mb: int | None, max_pages: int | None, max_mb: float | None) -> None:
    """Simulate a recruiter's 6-second screen of FILES (resumes, or folders of them).

    Shows which of the six data points a recruiter sees on page 1 (name, current title and company,
    current dates, previous title and company, previous dates, education), the text inside the glance,
    whether a quantified AI impact and a decision-ownership signal fall inside it, a verdict ADVANCE /
    MAYBE / REJECT with its reasons, and the 1-3 edits most likely to flip it. Several files are ranked
    (verdict, then critique score). Exit status: 0 when every file was screened, 2 when any could not be.
    """
    from critic.parse import parse
    from critic.screen import attach_jd, critique_score
    from critic.screen.core import screen_document
    from critic.screen.fit import target_role
    from critic.screen.reading import ReadingModel
    from critic.screen.render import Failure, render_csv, render_json, render_ranked_text, render_text

    model = ReadingModel(seconds=seconds, **({"words_per_second": words_per_second} if words_per_second else {}))
    limits = make_limits(timeout=timeout, memory_mb=memory_mb, max_pages=max_pages, max_mb=max_mb)
    jd_text = None
    if jd_path is not None:
        from critic.screen.jd import read_jd

        jd_text = read_jd(jd_path)  # a bad JD ends the run: it applies to every file
    target = target_role(role, jd_text)
    paths = expand(files)
    if not paths:
        raise click.UsageError("no resume files found in the given folders")
    results = []
    failures: list[Failure] = []
    images: dict[str, bytes | None] = {}
    for path in paths:
        try:
            doc = parse(path, limits=limits)
            if doc.kind == "transcript":
                raise InputError(path, f"an interview transcript ({doc.format}), not a resume: the screen reads "
                                 "resumes (use `critic review` for answers)")
            result = screen_document(doc, model, spacy_model=spacy_model, target_role=target)
            if jd_text is not None:
                attach_jd(result, doc, jd_text, jd_path or "")
            if not no_score:
                result.critique_score = critique_score(doc, path)
            if fmt == "html":
                images[result.source] = _page_image(path, doc, limits)
        except InputError as exc:
            click.echo(f"critic: error: {exc}", err=True)
            failures.append(Failure(path, exc.problem))
            continue
        results.append(result)
    colour = output is None and fmt == "text" and sys.stdout.isatty()
    style = _style if colour else None
    if fmt == "json":
        text = render_json(results, failures, single=len(paths) == 1)
    elif fmt == "csv":
        text = render_csv(results, failures)
    elif fmt == "html":
        from critic.screen.html import render_html

        text = render_html(results, images, failures)
    elif len(paths) == 1:
        text = render_text(results[0], style=style) if results else ""
    else:
        text = render_ranked_text(results, failures, style=style)
    if text:
        if output is not None:
            try:
                Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
            except OSError as exc:
                raise InputError(output, f"cannot write the output: {exc.strerror or exc}") from None
        else:
            click.echo(text.rstrip("\n"))
    if failures:
        sys.exit(2)


def _page_image(path: str, doc, limits) -> bytes | None:  # type: ignore[no-untyped-def]
    """Page 1 of a PDF as PNG, rendered under the same resource limits as parsing; None for other formats."""
    if not doc.pages:
        return None
    from critic.parse import read_input
    from critic.parse.sandbox import run_limited
    from critic.screen.html import page_png

    data = read_input(path, limits)
    return run_limited(page_png, data, source=path, limits=limits)
