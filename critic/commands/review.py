"""`critic review FILE...`: findings, BAD -> GOOD rewrites, scores and top edits for each file."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from critic.config import FAIL_LEVELS, Config, config_for, load_config
from critic.errors import ConfigError, CriticError
from critic.findings import SEVERITIES, severity_rank
from critic.lightspacy import import_spacy_without_cli
from critic.report import FORMATS, Report, render

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _error(message: str) -> None:
    click.echo(f"critic: error: {message}", err=True)


def _engine(cfg: Config, select: tuple[str, ...], ignore: tuple[str, ...]) -> object:
    """The rule engine for cfg; an unknown rule id given on the command line is a usage error."""
    from critic.api import engine_for

    try:
        engine = engine_for(cfg)
    except ConfigError as exc:
        match = re.search(r"unknown rule '([^']+)'", str(exc))
        if match and match[1] in select + ignore:
            option = "--select" if match[1] in select else "--ignore"
            raise click.UsageError(f"{option}: unknown rule '{match[1]}' (see `critic rules`)") from None
        raise
    rule = getattr(engine, "rule", None)
    for option, ids in (("--select", select), ("--ignore", ignore)):
        for rid in ids:
            try:
                rule(rid)  # type: ignore[misc]
            except (LookupError, CriticError):
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


@click.command("review")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to PATH instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS, case_sensitive=False),
              help="Exit 1 when a finding at or above this severity is reported (default: error; none = never).")
@click.option("--min-severity", type=click.Choice(SEVERITIES, case_sensitive=False),
              help="Hide findings below this severity (default: info).")
@click.option("--select", multiple=True, metavar="RULE", help="Only run these rules (repeatable).")
@click.option("--ignore", multiple=True, metavar="RULE", help="Do not run these rules (repeatable).")
@click.option("--explain", is_flag=True, help="Show each finding's confidence and evidence.")
@click.option("--spacy-model", metavar="NAME", help="Use a trained spaCy pipeline instead of the blank one.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of the nearest .critic.toml / pyproject.toml.")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: when a terminal).")
def command(files: tuple[str, ...], fmt: str, output: Path | None, fail_on: str | None, min_severity: str | None,
            select: tuple[str, ...], ignore: tuple[str, ...], explain: bool, spacy_model: str | None,
            config_path: Path | None, color: bool | None) -> None:
    """Review resumes and interview transcripts: what is weak, why, and a rewrite to finish.

    Exit status: 0 clean, 1 a finding at or above --fail-on, 2 a usage, config or input error (the
    other files are still reviewed).
    """
    from critic.api import build_report
    from critic.parse import start_parse

    explicit: Config | None = load_config(config_path) if config_path is not None else None
    reports: list[Report] = []
    failing = False
    errors = 0
    for name in files:
        try:
            cfg = explicit if explicit is not None else config_for(name)
            cfg = cfg.merged(
                select=select or None,
                ignore=tuple(dict.fromkeys([*cfg.ignore, *ignore])) if ignore else None,
                fail_on=fail_on.lower() if fail_on else None,
                min_severity=min_severity.lower() if min_severity else None,
                spacy_model=spacy_model,
            )
            parsed = start_parse(name, limits=cfg.parse_limits())  # parses in a child process meanwhile
            ahead = None if "spacy" in sys.modules else _rule_files_ahead(cfg)
            try:
                import_spacy_without_cli()  # this process only reviews: spaCy's CLI is never used
                if ahead is not None:
                    _use_ahead(ahead)
                engine = _engine(cfg, select, ignore)
            except (CriticError, click.UsageError):
                parsed()  # a file that cannot be read is reported first, as before
                raise
            doc = parsed()
            report = build_report(doc, engine, min_severity=cfg.min_severity, explain=explain)
        except CriticError as exc:  # InputError, ConfigError: one line, then the next file
            _error(str(exc))
            errors += 1
            continue
        reports.append(report)
        failing = failing or fails(report, cfg.fail_on)

    if reports:
        to_terminal = output is None and sys.stdout.isatty()
        use_color = to_terminal if color is None else color
        width = shutil.get_terminal_size((100, 24)).columns if to_terminal and fmt == "text" else None
        text = render(reports, fmt, color=use_color and fmt == "text", explain=explain, width=width)
        if output is None:
            click.echo(text, nl=False, color=use_color)
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                _error(f"{output}: cannot write the report: {exc.strerror or exc}")
                sys.exit(EXIT_ERROR)
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)
