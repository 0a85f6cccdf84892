"""`critic fix FILE`: answer each raised edit's questions, re-check, and write the improved resume."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from critic.errors import CriticError
from critic.fix.writers import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"critic: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _interactive(session: object) -> None:
    """Walk the raised edits in rank order: show BAD, ask each question, re-check, accept/edit/skip."""
    from critic.fix.session import FixSession

    assert isinstance(session, FixSession)
    total = len(session.edits)
    for n, e in enumerate(session.edits, 1):
        item, rw = e.result.item, e.rewrite
        click.echo("")
        click.secho(f"[{n}/{total}] {item.section or item.section_kind} · {item.id}", bold=True)
        for f in e.result.findings:
            if f.rule in e.rules:
                click.echo(f"  - {f.message} ({f.rule}, {f.severity})")
        click.echo(f"  BAD   {item.text}")
        click.echo(f"  GOOD  {rw.good}")
        for sentence in rw.split:  # kept after GOOD; the report suggests it as a bullet of its own
            click.echo(f"  KEPT  {sentence}")
        for detail in rw.moved:  # left out of GOOD to fit one bullet; not written back
            click.echo(f"  MOVED {detail}")
        answers: dict[str, str] = {}
        wording: str | None = None
        ask = True
        while True:
            if ask:
                for p in dict.fromkeys(rw.placeholders):
                    answers[p.text] = click.prompt(f"  {p.text} {p.question}", default=answers.get(p.text, ""),
                                                   show_default=bool(answers.get(p.text)))
            text, check = session.check(item.id, answers, wording)
            click.echo(f"  NEW   {text}")
            if check.ok:
                click.secho(f"  ✓ clears {', '.join(check.cleared) or 'the finding'}", fg="green")
                choice = click.prompt("  [a]ccept, [e]dit wording, [r]e-answer, [s]kip, [q]uit",
                                      type=click.Choice(["a", "e", "r", "s", "q"]), default="a",
                                      show_choices=False)
            else:
                click.secho(f"  ✗ {check.reason}", fg="red")
                choice = click.prompt("  [r]e-answer, [e]dit wording, [s]kip, [q]uit",
                                      type=click.Choice(["r", "e", "s", "q"]), default="r", show_choices=False)
            if choice == "a":
                session.accept(item.id, text, check)
                break
            if choice == "e":
                wording = click.prompt("  Your wording", default=text)
                ask = False
            elif choice == "r":
                wording, ask = None, True
            elif choice == "s":
                break
            else:
                return


@click.command("fix")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--answers", "answers_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Answer from this YAML file instead of asking (written as a template when missing).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the improved resume here (default: FILE's name + '.improved' in this folder).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: the input's own; Markdown for a PDF).")
@click.option("--log", "log_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the change log here (default: the output's name + '.changes.md').")
def command(file: Path, answers_path: Path | None, output: Path | None, fmt: str | None, log_path: Path | None) -> None:
    """Improve a resume: answer each flagged bullet's questions, re-check it, write the result.

    Walks the raised edits best first; every number in the result is in the original or typed by you.
    With --answers it runs without asking. Exit status: 0 every raised edit fixed, 1 some remain
    (or a template was written), 2 a usage, config or input error.
    """
    from critic.fix.answers import apply_answers, read_answers, template
    from critic.fix.session import open_session
    from critic.fix.writers import default_format, extension, format_for, native_format

    try:
        session = open_session(file)
    except CriticError as exc:
        _fail(str(exc))
    doc = session.report.document
    fmt = fmt or (format_for(output.name) if output is not None else None) or default_format(doc)
    if fmt in ("md", "text") and native_format(doc) in ("md", "text"):
        fmt = native_format(doc)  # plain text and Markdown are edited in place as what they are
    if fmt == "text" and native_format(doc) != "text":
        fmt = "md"
    if not session.edits:
        click.echo(f"{file}: nothing to fix: no raised item has a rewrite.")
        sys.exit(EXIT_CLEAN)
    if answers_path is not None and not answers_path.exists():
        try:
            answers_path.write_text(template(session), encoding="utf-8")
        except OSError as exc:
            _fail(f"{answers_path}: cannot write the template: {exc.strerror or exc}")
        click.echo(f"wrote {answers_path}: {len(session.edits)} bullet(s) to answer; "
                   f"fill it in and run `critic fix {file} --answers {answers_path}` again.")
        sys.exit(EXIT_FINDINGS)
    if answers_path is not None:
        try:
            problems = apply_answers(session, read_answers(answers_path))
        except CriticError as exc:
            _fail(str(exc))
        for item_id, why in problems:
            click.echo(f"{answers_path}: {item_id}: not applied: {why}", err=True)
    else:
        _interactive(session)
    if output is None:
        output = Path(f"{file.stem}.improved{extension(fmt)}")
    if output.resolve() == file.resolve():
        _fail(f"{output}: would overwrite the input; choose another -o")
    log_path = log_path or output.with_name(output.name + ".changes.md")
    try:
        data, missing = session.output(fmt)
        output.write_bytes(data)
        log_path.write_text(session.log(), encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}")
    except CriticError as exc:
        _fail(str(exc))
    for item_id in missing:
        click.echo(f"{file}: {item_id}: could not find the bullet to replace; left as it was", err=True)
    done = len(session.accepted) - len(missing)
    click.echo(f"wrote {output} ({done} of {len(session.edits)} bullet(s) improved) and {log_path}")
    sys.exit(EXIT_CLEAN if done == len(session.edits) else EXIT_FINDINGS)
