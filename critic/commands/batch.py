"""`critic batch PATH... -o OUTDIR`: review a cohort in parallel; dashboard, CSV, JSONL, per-candidate reports."""

from __future__ import annotations

import sys

import click

from critic.batch.runner import EXIT_FAILED, BatchOptions, BatchResult, default_jobs, run_batch
from critic.batch.worker import DEFAULT_FORMATS, EXTENSIONS
from critic.commands.parse import limit_options
from critic.config import FAIL_LEVELS


def _formats(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in EXTENSIONS:
                raise click.BadParameter(f"unknown format {part!r}; choose from {', '.join(EXTENSIONS)}",
                                         param_hint="--format")
            if part not in out:
                out.append(part)
    return tuple(out) or DEFAULT_FORMATS


def summary_lines(result: BatchResult) -> list[str]:
    """The end-of-run summary: counts, failed files with reasons, --compare totals, what was written."""
    records = result.records
    failed = result.failed
    ok = len(records) - len(failed)
    head = f"{len(records)} file{'s' if len(records) != 1 else ''}: {ok} reviewed, {len(failed)} failed"
    if result.cached:
        head += f" · {result.cached} from the cache"
    head += f" · {result.elapsed:.1f} s"
    lines = [head]
    lines.extend(result.skipped)
    if failed:
        lines.append("failed:")
        lines.extend(f"  {r['file']}: {r.get('error') or 'unknown error'}" for r in failed)
    redacted: dict[str, int] = {}
    for r in records:
        for kind, n in (r.get("redacted") or {}).items():
            redacted[kind] = redacted.get(kind, 0) + int(n)
    if redacted:
        lines.append("redacted: " + ", ".join(f"{n} {kind}{'s' if n != 1 else ''}"
                                              for kind, n in sorted(redacted.items())))
    compared = [r.get("compare") for r in records if r.get("compare")]
    if compared:
        changes = [c["score_change"] for c in compared if c.get("score_change") is not None]
        fixed = sum(len(c.get("fixed", [])) for c in compared)
        new = sum(len(c.get("new", [])) for c in compared)
        added = sum(1 for c in compared if c.get("previous") is None)
        lines.append(f"compared: {sum(1 for c in changes if c > 0)} improved, {sum(1 for c in changes if c < 0)} "
                     f"declined, {sum(1 for c in changes if c == 0)} unchanged; {fixed} findings fixed, {new} new"
                     + (f"; {added} new file{'s' if added != 1 else ''}" if added else "")
                     + (f"; {len(result.removed)} only in the previous run" if result.removed else ""))
    out = result.outdir
    lines.append(f"wrote {out / 'index.html'}, {out / 'cohort.csv'}, {out / 'cohort.jsonl'} and "
                 f"{sum(len(r.get('reports') or {}) for r in records)} reports in {out / 'reports'}")
    return lines


@click.command("batch")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False),
              help="Output folder (created; re-used for incremental runs).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help=f"Worker processes (default: all cores, here {default_jobs()}).")
@click.option("--compare", "compare", type=click.Path(file_okay=False, exists=True), default=None,
              help="Output folder of an earlier run: show score changes and findings fixed / new.")
@click.option("--redact", is_flag=True,
              help="Replace names, emails, phone numbers, URLs and street addresses in every output.")
@click.option("--format", "formats", multiple=True, metavar="FORMAT[,FORMAT]",
              help=f"Per-candidate report formats: {', '.join(EXTENSIONS)} (default: html,json).")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS, case_sensitive=False), default=None,
              help="Exit 1 when a reviewed file has a finding at or above this severity (default: config, "
                   "else error).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Config file (default: the nearest .critic.toml / pyproject.toml above the inputs).")
@click.option("--no-cache", is_flag=True, help="Review every file again (the cache is still refreshed).")
@click.option("--title", default="Cohort review", show_default=True, help="Dashboard title.")
@click.option("-q", "--quiet", is_flag=True, help="No per-file lines (failures are still listed).")
@click.option("--progress/--no-progress", "progress", default=None,
              help="Force the progress bar on or off (default: on when stderr is a terminal).")
@click.option("--max-items", type=click.IntRange(min=1), default=None,
              help="Most items judged in one file; the rest are reported as not judged (default 1000).")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: worker processes on this machine; ray: a Ray Data job (pip install 'critic[ray]').")
@click.option("--ray-address", default=None, metavar="ADDR",
              help="With --executor ray: the Ray cluster to join (default: a local Ray runtime of --jobs CPUs).")
@click.option("--candidate", metavar="NAME|SPEAKER", default=None,
              help="Transcripts: the candidate's speaker name or label; 'transcript' reviews all the speech as "
                   "one answer (default: the config's, else found from the transcript).")
@click.option("--interviewer", metavar="NAME|SPEAKER", default=None,
              help="Transcripts: the interviewer's speaker name or label (default: the config's).")
@limit_options
def command(paths: tuple[str, ...], outdir: str, jobs: int | None, compare: str | None, redact: bool,
            formats: tuple[str, ...], fail_on: str | None, config_path: str | None, no_cache: bool, title: str,
            quiet: bool, progress: bool | None, max_items: int | None, executor: str, ray_address: str | None,
            candidate: str | None, interviewer: str | None, timeout: float | None, memory_mb: int | None,
            max_pages: int | None, max_mb: float | None) -> None:
    """Review every resume and transcript in PATHS (files, folders, globs) into OUTDIR.

    Folders are searched recursively; hidden files and a folder's README / LICENSE / CHANGELOG notes are
    skipped unless named.

    Writes OUTDIR/index.html (dashboard), cohort.csv, cohort.jsonl and per-candidate reports in
    OUTDIR/reports/. Results are cached in OUTDIR/.cache by file content, critic version and rules, so a
    re-run reviews only changed files. One bad file never stops the batch: it is listed with its reason.

    Exit codes: 0 all files reviewed and none reached --fail-on; 1 a file has findings at or above
    --fail-on; 2 a file could not be reviewed (this wins over 1), or a usage / configuration error.
    """
    if ray_address and executor != "ray":
        raise click.BadParameter("needs --executor ray", param_hint="--ray-address")
    options = BatchOptions(
        paths=paths,
        outdir=outdir,
        jobs=jobs or 0,
        timeout=timeout,
        formats=_formats(formats),
        redact=redact,
        compare=compare,
        config=config_path,
        fail_on=fail_on.lower() if fail_on else None,
        use_cache=True,
        quiet=quiet,
        tty=progress,
        title=title,
        limits_overrides={"memory_mb": memory_mb, "max_pages": max_pages, "max_mb": max_mb, "max_items": max_items},
        executor=executor,
        ray_address=ray_address,
        candidate=(candidate or "").strip() or None,
        interviewer=(interviewer or "").strip() or None,
    )
    options.refresh = no_cache
    result = run_batch(options)
    for line in summary_lines(result):
        click.echo(line)
    sys.exit(result.exit_code if result.exit_code <= EXIT_FAILED else EXIT_FAILED)


for _param in command.params:  # the shared limit options describe parsing; here the limit is per file
    if _param.name == "timeout" and isinstance(_param, click.Option):
        _param.help = "Seconds one file may take, parsing and review together (default 60)."
