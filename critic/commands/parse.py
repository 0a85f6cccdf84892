"""`critic parse`: show what the parser saw — sections, entries, items, warnings."""

from __future__ import annotations

import json
import sys

import click

from critic.errors import InputError
from critic.model import Document
from critic.parse import Limits, parse
from critic.termsafe import clean, clean_document


def limit_options(func):  # type: ignore[no-untyped-def]
    """Shared --timeout/--memory-mb/--max-pages/--max-mb options."""
    d = Limits()
    func = click.option("--max-mb", type=click.FloatRange(min=0.001), default=None,
                        help=f"Largest input file in MB (default {d.max_mb:g}).")(func)
    func = click.option("--max-pages", type=click.IntRange(min=1), default=None,
                        help=f"Most PDF pages (default {d.max_pages}).")(func)
    func = click.option("--memory-mb", type=click.IntRange(min=16), default=None,
                        help=f"Memory one file's parser may use (default {d.memory_mb}).")(func)
    func = click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
                        help=f"Seconds one file's parser may take (default {d.timeout_s:g}).")(func)
    return func


def make_limits(base: Limits | None = None, *, timeout: float | None = None, memory_mb: int | None = None,
                max_pages: int | None = None, max_mb: float | None = None) -> Limits:
    """Limits from defaults (or a config's) overridden by command-line values."""
    base = base or Limits()
    return Limits(
        max_mb=max_mb if max_mb is not None else base.max_mb,
        max_pages=max_pages if max_pages is not None else base.max_pages,
        timeout_s=timeout if timeout is not None else base.timeout_s,
        memory_mb=memory_mb if memory_mb is not None else base.memory_mb,
        sandbox=base.sandbox,
    )


def render_text(doc: Document) -> str:
    """A readable outline of the parsed document."""
    out: list[str] = []
    head = f"{doc.source}  [{doc.format}"
    if doc.page_count:
        head += f", {doc.page_count} page{'s' if doc.page_count != 1 else ''}"
    head += f", {len(doc.items())} items]"
    out.append(head)
    if doc.name:
        out.append(f"name: {doc.name}")
    if doc.kind == "transcript" and doc.candidate:
        out.append(f"candidate: {doc.candidate} ({doc.candidate_reason})")

    def item_line(item, indent: str) -> str:  # type: ignore[no-untyped-def]
        where = f"p{item.page} " if item.page else (f"l{item.line} " if item.line else "")
        mark = {"bullet": "•", "summary": "›", "answer": "A:"}.get(item.kind, "·")
        line = f"{indent}{mark} {item.text}  ({where}{item.id})"
        if item.question:
            line = f"{indent}Q: {item.question}\n{line}"
        return line

    for section in doc.sections:
        title = section.title or "(top of document)"
        out.append("")
        out.append(f"== {title} [{section.kind}]")
        for item in section.items:
            out.append(item_line(item, "  "))
        for entry in section.entries:
            bits = [b for b in (entry.title, entry.organisation, entry.location) if b]
            dates = f"{entry.start or '?'} – {entry.end or '?'}" if (entry.start or entry.end) else ""
            out.append(f"  -- {' | '.join(bits) or entry.header}{'  (' + dates + ')' if dates else ''}")
            for item in entry.items:
                out.append(item_line(item, "     "))
    unread = [i for i in doc.items() if i.read != "whole"]
    if unread:
        out.append("")
        out.append(f"not read whole ({len(unread)}):")
        out.extend(f"  {i.id} [{i.read}] {i.read_note}: {i.text}" for i in unread)
    if doc.warnings:
        out.append("")
        for w in doc.warnings:
            out.append(f"warning: {w}")
    return "\n".join(out)


@click.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--layout", is_flag=True, help="JSON: include page layout (lines with boxes).")
@click.option("--candidate", default=None, help="Transcripts: the candidate's speaker name.")
@limit_options
def command(files: tuple[str, ...], fmt: str, layout: bool, candidate: str | None, timeout: float | None,
            memory_mb: int | None, max_pages: int | None, max_mb: float | None) -> None:
    """Show what critic's parser saw in FILES: sections, entries, items and warnings."""
    limits = make_limits(timeout=timeout, memory_mb=memory_mb, max_pages=max_pages, max_mb=max_mb)
    failed = 0
    docs: list[dict] = []
    for i, path in enumerate(files):
        try:
            doc = parse(path, limits=limits, candidate=candidate)
        except InputError as exc:
            click.echo(f"critic: error: {clean(str(exc))}", err=True)
            failed += 1
            continue
        if fmt == "json":
            docs.append(doc.to_dict(layout=layout))
        else:
            if i:
                click.echo("")
            clean_document(doc)  # no escape sequences or bidi overrides from the file reach the terminal
            click.echo(render_text(doc))
    if fmt == "json" and docs:
        payload = docs[0] if len(files) == 1 else docs
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False))
    if failed:
        sys.exit(2)
