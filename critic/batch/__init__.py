"""`critic batch`: review a whole cohort of resumes and interview transcripts locally.

    critic batch cohort/ -o report/                 # folders, globs and files; formats may be mixed
    critic batch cohort/ -o report/ --redact        # shareable: no names, emails, phones, URLs, addresses
    critic batch cohort/ -o report-v2/ --compare report/   # what changed since the last round

What it writes in OUTDIR (the same inputs always give byte-identical files):

- ``index.html``: one self-contained page (no network; a Content-Security-Policy allows only its own
  style and script): summary figures, the score distribution (inline SVG), the cohort's most common
  weaknesses each with a BAD -> GOOD rewrite taken from the cohort, a candidate x rule heatmap, a
  sortable candidate table linking to each report (``#sort=score-desc`` in the URL sorts on opening),
  and the files that could not be reviewed with the reason.
- ``reports/<name>.html`` and ``.json``: each candidate's report in the `critic review` formats
  (``--format html,json,markdown,text,line`` chooses).
- ``cohort.csv``: one row per input: file, status (ok / failed), score, one count column per rule,
  top_edits (the three best BAD -> GOOD rewrites), error; with --compare also previous_score,
  score_change, findings_fixed, findings_new.
- ``cohort.jsonl``: the same records in full (findings with their item text, top edits, examples,
  warnings, sha256 of the file, report paths; with --compare the fixed and new findings).

How it runs:

- Worker processes (``--jobs``, default all cores) each build the rule engine and spaCy once; results
  stream back as files finish, with at most two files per worker in flight, so memory stays flat.
  A progress bar (done / failed / ETA) shows on a terminal, one line per file otherwise.
- One bad file never stops the batch. Each file has a time limit (``--timeout``, default 60 s, or the
  config's ``[limits]``); a worker stuck past it is killed and replaced; a file that crashes a worker is
  retried alone and then reported. Workers run under the parse memory limit themselves, so parsing needs
  no extra process per file.
- Exit code: 2 when any file could not be reviewed (listed with its one-line reason), else 1 when a
  reviewed file has a finding at or above ``--fail-on`` (default: the config's fail-on, else ``error``),
  else 0.
- Incremental: OUTDIR/.cache keeps each file's result keyed by the sha256 of its bytes, its name, the
  critic version (plus a hash of critic's own sources), a hash of every rule and lexicon file (bundled
  and the config's extra folders) and the settings that change results. Re-running after three
  students updated their resumes reviews those three; an interrupted run resumes where it stopped;
  files that cannot be read are remembered too (time-outs and crashes are retried). ``--no-cache``
  reviews everything again.
- ``--compare PREVIOUS_OUTDIR`` reads the earlier cohort.jsonl and matches candidates by file name (then
  by content, then by unique base name); findings are matched per rule by item text (rapidfuzz
  token_set_ratio >= 70, so an edited bullet is the same bullet), giving per-candidate score change,
  findings fixed and findings new.
- ``--redact`` replaces, in every output (reports, CSV, JSONL, dashboard, the cache, file names and the
  log): the document's name, name-like lines of the contact section and transcript speaker names
  (wherever they appear), emails, URLs and social handles, phone numbers, and street addresses. Contact
  details found in the contact section are removed everywhere else too; outside it only unambiguous
  shapes are (an address followed by a ZIP code or "City, ST"; international or 10-digit phone
  numbers), so metrics, dates and version numbers stay. A file that cannot be read is shown as
  "[file name redacted <hash>]" since its name cannot be checked.

Library use: ``run_batch(BatchOptions(paths=[...], outdir=...))`` returns a BatchResult (records in input
order, exit code, pool statistics); ``WorkerSpec(process=..., init=...)`` replaces the per-file work.
Call it under ``if __name__ == "__main__":`` (workers are started with the fork server or spawn).
"""

from __future__ import annotations

from critic.batch.pool import Task, WorkerSpec
from critic.batch.runner import BatchOptions, BatchResult, run_batch
from critic.batch.worker import BatchSettings

__all__ = ["BatchOptions", "BatchResult", "BatchSettings", "Task", "WorkerSpec", "run_batch"]
