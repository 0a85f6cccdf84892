"""`critic review FILE...`: findings, BAD -> GOOD rewrites, scores and top edits for each file."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from critic.bounds import judge, start_read_document
from critic.commands.parse import limit_options
from critic.config import FAIL_LEVELS, Config, config_for, load_config
from critic.errors import ConfigError, CriticError
from critic.findings import SEVERITIES, severity_rank
from critic.lightspacy import import_spacy_without_cli
from critic.report import FORMATS, Report, render
from critic.termsafe import clean

if TYPE_CHECKING:
    from critic.engine import Engine

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CLI_FORMATS = (*FORMATS, "sarif", "github")
STDIN = "-"


def _error(message: str) -> None:
    click.echo(f"critic: error: {clean(message)}", err=True)


def split_ids(values: Sequence[str]) -> tuple[str, ...]:
    """Rule ids from repeated and comma-separated option values (``--select a,b --select c``), in order."""
    out = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return tuple(dict.fromkeys(out))


def _engine(cfg: Config, select: tuple[str, ...], ignore: tuple[str, ...]) -> Engine:
    """The rule engine for cfg; an unknown rule id given on the command line is a usage error."""
    from critic.api import engine_for

    try:
        engine = engine_for(cfg)
    except ConfigError as exc:
        if exc.rule is not None and exc.key in ("select", "ignore") and exc.rule in select + ignore:
            option = "--select" if exc.rule in select else "--ignore"
            raise click.UsageError(f"{option}: unknown rule '{exc.rule}' (see `critic rules`)") from None
        raise
    for option, ids in (("--select", select), ("--ignore", ignore)):
        for rid in ids:
            try:
                engine.rule(rid)
            except CriticError:
                raise click.UsageError(f"{option}: unknown rule '{rid}' (see `critic rules`)") from None
    return engine


def _rule_files_ahead(cfg: Config) -> Callable[[], Any] | None:
    """Start parsing the rule and lexicon YAML files in a child process, while spaCy loads here."""
    from critic import yamlio
    from critic.parse.sandbox import start_limited
    from critic.resources import data_dir

    try:
        folders = [data_dir("rules"), data_dir("lexicons"), *cfg.rule_dirs, *cfg.lexicon_dirs]
        return start_limited(yamlio.parse_files, folders, source="rule files", limits=cfg.parse_limits())
    except (FileNotFoundError, OSError):  # the engine build reports a missing folder in its own words
        return None


def _use_ahead(ahead: Callable[[], Any]) -> None:
    from critic import yamlio

    try:
        yamlio.use_parsed(ahead())
    except CriticError:  # the child failed: the engine reads the files itself
        pass


def fails(report: Report, fail_on: str) -> bool:
    """Whether a report has a finding at or above the fail level ("none" never fails)."""
    if fail_on == "none":
        return False
    worst = report.worst_severity()
    return worst is not None and severity_rank(worst) >= severity_rank(fail_on)


def _nothing_reason(report: Report) -> str:
    doc = report.document
    if doc.kind == "transcript":
        return "no candidate answer was found (the report's notes say why)"
    if doc.language not in (None, "en", "unknown"):
        return f"the document is not in English (read as '{doc.language}'), and the checks are English-only"
    return "no achievement, scope or summary item could be read and judged"


def expand(files: Sequence[str]) -> tuple[list[str], list[str]]:
    """The files to review (a folder stands for its resumes and transcripts, searched as `critic batch`
    does) and notes about what a folder search skipped."""
    out: list[str] = []
    notes: list[str] = []
    for name in files:
        if name != STDIN and os.path.isdir(name):
            from critic.batch.inputs import discover  # only for a folder: the batch package is large

            found = [i.path for i in discover([name], skipped=notes) if i.problem is None]
            if not found:
                notes.append(f"{name}: no resume or transcript files found in this folder")
            out.extend(found)
        else:
            out.append(name)
    return list(dict.fromkeys(out)), notes


def use_colour(flag: bool | None, to_terminal: bool) -> bool:
    """--color/--no-color win; otherwise colour on a terminal unless NO_COLOR is set (no-color.org)."""
    if flag is not None:
        return flag
    return to_terminal and not os.environ.get("NO_COLOR")


def render_any(reports: list[Report], fmt: str, *, color: bool, explain: bool, width: int | None,
               show_all: bool = False) -> str:
    """Render in one of CLI_FORMATS."""
    if fmt == "sarif":
        from critic.report.sarif import render_sarif

        return render_sarif(reports)
    if fmt == "github":
        from critic.report.github import render_github

        return render_github(reports)
    return render(reports, fmt, color=color, explain=explain, width=width, show_all=show_all, pages=True)


@click.command("review")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(CLI_FORMATS), default="text", show_default=True,
              help="Report format: text, line (file:line:col: severity rule message), json, markdown, html, "
                   "sarif (SARIF 2.1.0 for code scanning) or github (workflow annotations).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to PATH instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS, case_sensitive=False),
              help="Exit 1 when a shown finding is at or above this severity (default: error; none = never).")
@click.option("--min-severity", type=click.Choice(SEVERITIES, case_sensitive=False),
              help="Hide findings below this severity; the score does not change (default: info).")
@click.option("--select", multiple=True, metavar="RULE[,RULE]", help="Only run these rules (repeatable, or a comma list).")
@click.option("--ignore", multiple=True, metavar="RULE[,RULE]", help="Do not run these rules (repeatable, or a comma list).")
@click.option("--explain", is_flag=True, help="Show each finding's confidence and evidence.")
@click.option("--all", "show_all", is_flag=True, help="Also list findings kept as notes, with why they were not raised.")
@click.option("--spacy-model", metavar="NAME", help="Use a trained spaCy pipeline instead of the blank one.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of the nearest .critic.toml / pyproject.toml.")
@click.option("--color/--no-color", default=None,
              help="Force colour on or off (default: on a terminal, unless NO_COLOR is set).")
@click.option("--max-items", type=click.IntRange(min=1), default=None,
              help="Most items judged in one file; the rest are reported as not judged (default 1000).")
@click.option("--candidate", metavar="SPEAKER", help="Transcripts: the candidate's speaker name or label; "
              "'transcript' reviews all the speech as one answer.")
@click.option("--interviewer", metavar="SPEAKER", help="Transcripts: the interviewer's speaker name or label.")
@limit_options
def command(files: tuple[str, ...], fmt: str, output: Path | None, fail_on: str | None, min_severity: str | None,
            select: tuple[str, ...], ignore: tuple[str, ...], explain: bool, show_all: bool, spacy_model: str | None,
            config_path: Path | None, color: bool | None, max_items: int | None, timeout: float | None,
            memory_mb: int | None, max_pages: int | None, max_mb: float | None, candidate: str | None,
            interviewer: str | None) -> None:
    """Review resumes and interview transcripts: what is weak, why, and a rewrite to finish.

    FILES are files, folders (searched for resumes and transcripts) or - for standard input. A line
    holding `critic: ignore[RULE]` (or `critic: ignore` for every rule) suppresses that item's findings.

    Exit status: 0 clean, 1 a finding at or above --fail-on, 2 a usage, config or input error (the
    other files are still reviewed).
    """
    select_ids, ignore_ids = split_ids(select), split_ids(ignore)
    explicit: Config | None = load_config(config_path) if config_path is not None else None
    paths, notes = expand(files)
    for note in notes:
        click.echo(f"critic: {clean(note)}", err=True)
    if paths.count(STDIN) > 1:
        raise click.UsageError("standard input (-) can be read only once")
    overrides = {k: v for k, v in (("timeout_s", timeout), ("memory_mb", memory_mb), ("max_pages", max_pages),
                                   ("max_mb", max_mb), ("max_items", max_items)) if v is not None}
    reports: list[Report] = []
    failing = False
    errors = 0 if paths else 1
    for name in paths:
        try:
            cfg = explicit if explicit is not None else config_for("." if name == STDIN else name)
            cfg = cfg.merged(
                select=select_ids or None,
                ignore=tuple(dict.fromkeys([*cfg.ignore, *ignore_ids])) if ignore_ids else None,
                fail_on=fail_on.lower() if fail_on else None,
                min_severity=min_severity.lower() if min_severity else None,
                spacy_model=spacy_model,
                candidate=candidate,
                interviewer=interviewer,
            )
            limits = replace(cfg.parse_limits(), **overrides)
            # the file is parsed and the rule files read in child processes while spaCy loads here
            pending = start_read_document(name, "<stdin>" if name == STDIN else name, limits,
                                          candidate=cfg.candidate, interviewer=cfg.interviewer)
            ahead = None if "spacy" in sys.modules else _rule_files_ahead(cfg)
            import_spacy_without_cli()  # this process only reviews: spaCy's CLI is never used
            if ahead is not None:
                _use_ahead(ahead)
            engine = _engine(cfg, select_ids, ignore_ids)
            doc, suppressed = pending()
            report = judge(doc, engine, limits, suppressed, min_severity=cfg.min_severity, explain=explain)
        except CriticError as exc:  # InputError, ConfigError: one line, then the next file
            _error(str(exc))
            errors += 1
            continue
        reports.append(report)
        failing = failing or fails(report, cfg.fail_on)
        if report.score is None:  # said in the report too; the exit code says it
            _error(f"{name}: nothing to review: {_nothing_reason(report)}")
            errors += 1

    if reports:
        to_terminal = output is None and sys.stdout.isatty()
        colour = use_colour(color, to_terminal) and fmt == "text"
        width = shutil.get_terminal_size((100, 24)).columns if to_terminal and fmt == "text" else None
        text = render_any(reports, fmt, color=colour, explain=explain, width=width, show_all=show_all)
        if output is None:
            click.echo(text, nl=False, color=colour)
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                _error(f"{output}: cannot write the report: {exc.strerror or exc}")
                sys.exit(EXIT_ERROR)
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)
