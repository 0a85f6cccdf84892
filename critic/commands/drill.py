"""`critic drill`: practise screening questions; each answer is critiqued like a transcript answer."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

if TYPE_CHECKING:
    from critic.answers.drill import Critique, Question
    from critic.engine import Engine

FORMATS = ("text", "json")
_END_HINT = "(Type or paste your answer. Finish with two empty lines, or Ctrl-D.)"


class Drill:
    """Critiques answers with one rule engine, each through the review's orchestrator
    (critic.api.build_report) as a transcript of one answer; the engine and its compiled cost rule are
    set up once and reused for every answer."""

    def __init__(self, engine: Engine) -> None:
        from critic.answers.drill import compiled_rule

        self.engine = engine
        self._cost_rule = compiled_rule(engine, "cost-math")

    def critique(self, question: Question, answer: str) -> Critique:
        """The critique of one answer: annotated once, reviewed, its cost totals checked with the question's
        volume, findings in the question's focus order."""
        from functools import partial

        from critic.answers.drill import (
            MAX_ANSWER_CHARS,
            Critique,
            answer_document,
            focus_order,
            question_cost,
        )
        from critic.api import build_report
        from critic.costmath.rule import check_context
        from critic.errors import InputError

        if len(answer) > MAX_ANSWER_CHARS:  # a typed or pasted answer is bounded like a file's
            raise InputError(question.id, f"the answer is {len(answer):,} characters; the most critic judges is "
                             f"{MAX_ANSWER_CHARS:,} (about an hour of speech)")
        text = " ".join(answer.split())
        if not text:
            return Critique(question=question, answer=text, follow_up=question.follow_up)
        doc = answer_document(question, text)
        contexts = self.engine.document_contexts(doc)  # annotated once: findings, cost check, metrics, rewrite
        cost = check_context(self._cost_rule, contexts[question.id], given=question.text)
        # every finding is rewritten, the question's own rules first (an answer is judged as spoken)
        report = build_report(doc, self.engine, contexts=contexts,
                              added={question.id: question_cost(self._cost_rule, cost, text, question.id)},
                              asks=partial(focus_order, question))
        result = report.items[0]
        findings = focus_order(question, result.findings)
        return Critique(question=question, answer=text, findings=findings, rewrite=result.rewrite,
                        metrics=result.metrics, cost=cost,
                        follow_up=question.next_question(text, {f.rule for f in findings}))


def read_answer(stream: IO[str]) -> str | None:
    """Lines up to two empty lines in a row or end of input; None when the input ended before any text."""
    lines: list[str] = []
    blank_run = 0
    saw_any = False
    while True:
        line = stream.readline()
        if line == "":  # end of input (Ctrl-D)
            break
        saw_any = True
        line = line.rstrip("\r\n")
        if not line.strip():
            blank_run += 1
            if blank_run >= 2:  # two empty lines end the answer (with nothing typed: no answer)
                break
        else:
            blank_run = 0
        lines.append(line)
    text = "\n".join(lines).strip()
    if not text and not saw_any:
        return None
    return text


def _ask_next(stream: IO[str], *, err: bool = False) -> bool:
    click.echo("Next question? [Y/n] ", nl=False, err=err)
    (sys.stderr if err else sys.stdout).flush()
    reply = stream.readline()
    if reply == "":
        click.echo(err=err)
        return False
    return reply.strip().lower() not in ("n", "no", "q", "quit", "exit")


@click.command("drill")
@click.option("--theme", metavar="THEME", help="Only ask questions of this theme (partial-data, drift, cost, ...).")
@click.option("--question", "question_id", metavar="ID", help="Start with this question.")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=True, path_type=Path), metavar="FILE",
              help="Critique the answers in FILE (YAML/JSON mapping of question id to answer, or text "
                   "with '# ID' headers) instead of asking.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--seed", type=int, help="Shuffle the questions with this seed (same seed, same order).")
@click.option("--explain", is_flag=True, help="Show every finding's evidence.")
@click.option("--list", "list_only", is_flag=True, help="List the question bank and exit.")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: when a terminal).")
def command(theme: str | None, question_id: str | None, answers_file: Path | None, fmt: str, seed: int | None,
            explain: bool, list_only: bool, color: bool | None) -> None:
    """Practise AI product-manager screening questions and get each answer critiqued.

    Asks a question, reads your typed or pasted answer (finish with two empty lines or Ctrl-D),
    then shows the findings, a BAD -> GOOD rewrite, the answer's metrics and any cost-math
    recomputation, and offers the next question. With --answers FILE it runs without asking.

    Exit status: 0 done; 1 with --answers, an answer has an error-level finding; 2 a usage or input
    error; 130 interrupted (Ctrl-C).
    """
    try:
        _run(theme, question_id, answers_file, fmt, seed, explain, list_only, color)
    except KeyboardInterrupt:
        click.echo("\nInterrupted.", err=True)
        sys.exit(130)


def _run(theme: str | None, question_id: str | None, answers_file: Path | None, fmt: str, seed: int | None,
         explain: bool, list_only: bool, color: bool | None) -> None:
    from critic.answers import drill
    from critic.engine import Engine

    bank = drill.load_bank()
    if list_only:
        for q in bank:
            click.echo(f"{q.id:<28} {q.theme:<13} {q.text}")
        return
    if color is None:
        color = sys.stdout.isatty() and fmt == "text"
    width = min(shutil.get_terminal_size((100, 24)).columns, 100) if color else 88
    if answers_file is not None:
        pairs = drill.read_answers(answers_file, bank)
        selected = {q.id for q in drill.select(bank, theme=theme, question=question_id, seed=seed)}
        if question_id is not None:
            selected = {question_id}
        pairs = [(q, a) for q, a in pairs if q.id in selected]
        if not pairs:
            raise click.UsageError("no answer in the file matches --theme/--question")
        coach = Drill(Engine())
        critiques = [coach.critique(q, a) for q, a in pairs]
        if fmt == "json":
            click.echo(drill.to_json(critiques, explain=explain), nl=False)
        else:
            for n, c in enumerate(critiques, 1):
                if n > 1:
                    click.echo()
                click.echo(drill.render_question(c.question, n, len(critiques), color=color, width=width), nl=False)
                click.echo(drill.render_text(c, color=color, width=width, explain=explain), nl=False)
        if any(c.failing for c in critiques):
            sys.exit(1)
        return
    questions = drill.select(bank, theme=theme, question=question_id, seed=seed)
    stdin = sys.stdin
    coach = None
    answered = 0
    for n, q in enumerate(questions, 1):
        quiet = fmt == "json"  # JSON on stdout; the conversation goes to stderr
        click.echo(drill.render_question(q, n, len(questions), color=color, width=width), nl=False, err=quiet)
        click.echo(_END_HINT, err=quiet)
        sys.stdout.flush()
        answer = read_answer(stdin)
        if answer is None:
            break
        if not answer:
            click.echo("No answer given; skipping.", err=quiet)
        else:
            if coach is None:
                coach = Drill(Engine())
            critique = coach.critique(q, answer)
            answered += 1
            if fmt == "json":
                click.echo(drill.to_json_line(critique, explain=explain), nl=False)
            else:
                click.echo()
                click.echo(drill.render_text(critique, color=color, width=width, explain=explain))
        if n == len(questions) or not _ask_next(stdin, err=quiet):
            break
    click.echo(f"Done: {answered} answer{'s' if answered != 1 else ''} critiqued.", err=fmt == "json")
