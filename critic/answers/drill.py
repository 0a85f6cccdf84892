"""The screening drill: a bank of questions (questions/screening.yaml), and the critique of an answer.

A critique is the review of the answer as a transcript of one answer (critic.api.build_report, run by
critic.commands.drill): the engine's findings (the question's own rules first), a BAD -> GOOD rewrite, the
answer's metrics (words, sentences, the first framing statement, trade-off statements) and the cost-math
recomputation when the answer does cost arithmetic, the question's volume counted. This module holds the
bank, answers files, the pieces a critique is made of and its rendering; `critic drill` asks the questions
and prints critiques.
"""

from __future__ import annotations

import json
import random
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from critic import costmath, yamlio
from critic.answers.metrics import AnswerMetrics
from critic.engine.kinds import CompiledRule
from critic.errors import ConfigError, CriticError, InputError
from critic.findings import Finding, severity_rank
from critic.model import Document, Item, Section
from critic.resources import data_dir
from critic.rewrite.answer import CoverPoint, cover_point

if TYPE_CHECKING:
    from critic.engine import Engine

SCHEMA_VERSION = 1
BANK_FILE = "screening.yaml"
QUESTION_KEYS = {"id", "theme", "text", "covers", "rules", "follow_up", "follow_ups", "source"}
FOLLOW_UP_KEYS = {"text", "when", "unless"}
_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


# ---------------------------------------------------------------------------------------------------------
# the question bank


@dataclass(frozen=True)
class FollowUp:
    """A follow-up asked when the answer lacks something: `when` one of these rules fired (any answer if
    empty), `unless` the answer already says one of these phrases."""

    text: str
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def fits(self, answer: str, fired: set[str]) -> bool:
        low = answer.lower()
        return (not self.when or bool(fired & set(self.when))) and not any(p in low for p in self.unless)


@dataclass(frozen=True)
class Question:
    """One screening question and what a strong answer to it covers."""

    id: str
    theme: str
    text: str
    covers: tuple[str, ...]
    rules: tuple[str, ...]  # the rules the answer is judged by first
    follow_up: str  # asked when no follow-up in `follow_ups` fits the answer
    source: str
    follow_ups: tuple[FollowUp, ...] = ()
    points: tuple[CoverPoint, ...] = ()  # the covers as the rewrite asks for them (critic.rewrite.answer)

    def next_question(self, answer: str, fired: set[str]) -> str:
        """The follow-up for this answer: the first that asks for what it lacks, else the default."""
        return next((f.text for f in self.follow_ups if f.fits(answer, fired)), self.follow_up)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "theme": self.theme, "text": self.text, "covers": list(self.covers),
                "rules": list(self.rules), "follow_up": self.follow_up, "source": self.source}


def bank_path() -> Path:
    """The bundled question bank."""
    return data_dir("questions") / BANK_FILE


def load_bank(path: Path | None = None) -> list[Question]:
    """Read and validate a question bank; a problem raises ConfigError naming the file."""
    path = path or bank_path()
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the question bank ({exc.__class__.__name__})") from exc
    except yamlio.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list) or not data["questions"]:
        raise ConfigError(f"{path}: expected a mapping with a non-empty 'questions' list")
    out: list[Question] = []
    seen: set[str] = set()
    for n, raw in enumerate(data["questions"], 1):
        where = f"{path}: question {n}"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: must be a mapping")
        unknown = sorted(set(raw) - QUESTION_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(QUESTION_KEYS))})")
        for key in ("id", "theme", "text", "follow_up", "source"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise ConfigError(f"{where}: '{key}' must be a non-empty string")
        value = raw.get("rules")
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{where}: 'rules' must be a non-empty list of strings")
        if not isinstance(raw.get("covers"), list) or not raw["covers"]:
            raise ConfigError(f"{where}: 'covers' must be a non-empty list of points")
        try:
            points = tuple(cover_point(c, f"covers {i}") for i, c in enumerate(raw["covers"], 1))
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        qid = raw["id"].strip()
        if not _ID_RE.match(qid):
            raise ConfigError(f"{where}: id '{qid}' must be lowercase words joined by hyphens")
        if qid in seen:
            raise ConfigError(f"{where}: duplicate id '{qid}'")
        seen.add(qid)
        out.append(Question(id=qid, theme=raw["theme"].strip(), text=" ".join(raw["text"].split()),
                            covers=tuple(" ".join(c.text.split()) for c in points), points=points,
                            rules=tuple(r.strip() for r in raw["rules"]), follow_up=" ".join(raw["follow_up"].split()),
                            source=raw["source"].strip(), follow_ups=_follow_ups(raw.get("follow_ups", []), where)))
    return out


def _follow_ups(raw: Any, where: str) -> tuple[FollowUp, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: 'follow_ups' must be a list of {{text, when, unless}} mappings")
    out = []
    for n, entry in enumerate(raw, 1):
        at = f"{where}: follow_ups {n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
            raise ConfigError(f"{at}: expected a mapping with a non-empty 'text'")
        unknown = sorted(set(entry) - FOLLOW_UP_KEYS)
        if unknown:
            raise ConfigError(f"{at}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(FOLLOW_UP_KEYS))})")
        lists = {}
        for key in ("when", "unless"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ConfigError(f"{at}: '{key}' must be a list of strings")
            lists[key] = tuple(v.strip().lower() if key == "unless" else v.strip() for v in value)
        out.append(FollowUp(" ".join(entry["text"].split()), lists["when"], lists["unless"]))
    return tuple(out)


MATCH_SHARE = 0.8  # share of a bank question's content words an interviewer's question must say to be it
_FUNCTION_WORDS = frozenset("""
    a an the and or but of to in on at for with by from as is are was were be been it its this that these those
    you your we our i my me they them their what which who whom how when where why do does did would could should
    will can so if then than there here about into out up over under one some any all
""".split())


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in _FUNCTION_WORDS}


def match_question(asked: str, bank: Sequence[Question]) -> Question | None:
    """The bank question an interviewer asked, else None: the asked question must say at least
    MATCH_SHARE of the bank question's content words (a preamble before it does not count against it);
    the best share wins, then the lower id."""
    said = _content_words(asked)
    if len(said) < 4:
        return None
    best: tuple[float, str] | None = None
    found: Question | None = None
    for q in bank:
        words = _content_words(q.text)
        share = len(words & said) / len(words) if words else 0.0
        if share >= MATCH_SHARE and (best is None or (share, best[1]) > (best[0], q.id)):
            best, found = (share, q.id), q
    return found


def covers_for(asked: str | None, bank: Sequence[Question] | None = None) -> tuple[CoverPoint, ...]:
    """The cover points of the bank question an interviewer asked; () when it is not one of the bank's."""
    if not asked:
        return ()
    q = match_question(asked, bank if bank is not None else _default_bank())
    return q.points if q is not None else ()


_BANK: list[Question] = []


def _default_bank() -> list[Question]:
    if not _BANK:
        _BANK.extend(load_bank())
    return _BANK


def themes(bank: Sequence[Question]) -> list[str]:
    """The bank's themes, sorted."""
    return sorted({q.theme for q in bank})


def select(bank: Sequence[Question], *, theme: str | None = None, question: str | None = None,
           seed: int | None = None) -> list[Question]:
    """The questions to ask, in order: `question` first (if given), then the rest of `theme` (or of the
    whole bank) shuffled by `seed` (random order without one). Unknown names raise CriticError."""
    by_id = {q.id: q for q in bank}
    if question is not None and question not in by_id:
        raise CriticError(f"--question: unknown question '{question}' (one of: {', '.join(sorted(by_id))})")
    if theme is not None and theme not in themes(bank):
        raise CriticError(f"--theme: unknown theme '{theme}' (one of: {', '.join(themes(bank))})")
    pool = [q for q in bank if (theme is None or q.theme == theme) and q.id != question]
    rng = random.Random(seed) if seed is not None else random.Random()
    rng.shuffle(pool)
    first = [by_id[question]] if question is not None else []
    return first + pool


# ---------------------------------------------------------------------------------------------------------
# answers files


MAX_ANSWER_CHARS = 60000


def read_answers(path: Path, bank: Sequence[Question]) -> list[tuple[Question, str]]:
    """(question, answer) pairs of an answers file, in file order.

    Formats: YAML or JSON, either a mapping of question id -> answer, or a list of {id, answer}; or
    text where a line "# ID", "## ID" or "[ID]" starts the answer to question ID.
    """
    from critic.safeio import read_text_file

    name = str(path)
    text = read_text_file(path, name=name)  # regular files only: a FIFO or device is refused, not read
    suffix = path.suffix.lower()
    if suffix == ".json" or (suffix not in (".yaml", ".yml") and text.lstrip().startswith(("{", "["))):
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
        except (RecursionError, ValueError):  # deep nesting; a number too long to convert
            raise InputError(name, "JSON too deeply nested or with a number too long to read") from None
        pairs = _structured_pairs(name, data)
    elif suffix in (".yaml", ".yml"):
        try:
            data = yamlio.load(text)
        except yamlio.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise InputError(name, f"invalid YAML{where}: {getattr(exc, 'problem', None) or 'cannot parse'}") from None
        except RecursionError:
            raise InputError(name, "YAML too deeply nested to read") from None
        pairs = _structured_pairs(name, data)
    else:
        pairs = _text_pairs(name, text)
    if not pairs:
        raise InputError(name, "no answers found (expected question ids mapped to answers)")
    by_id = {q.id: q for q in bank}
    out: list[tuple[Question, str]] = []
    for qid, answer in pairs:
        if qid not in by_id:
            raise InputError(name, f"unknown question id '{qid}' (see `critic drill --list`)")
        if len(answer) > MAX_ANSWER_CHARS:
            raise InputError(name, f"the answer to '{qid}' is {len(answer):,} characters; the most critic judges "
                             f"is {MAX_ANSWER_CHARS:,} (about an hour of speech)")
        out.append((by_id[qid], answer))
    return out


def _structured_pairs(name: str, data: Any) -> list[tuple[str, str]]:
    if isinstance(data, dict):
        items = [(k, v) for k, v in data.items()]
    elif isinstance(data, list):
        items = []
        for n, entry in enumerate(data, 1):
            if not isinstance(entry, dict) or "answer" not in entry or not ({"id", "question"} & set(entry)):
                raise InputError(name, f"entry {n}: expected a mapping with 'id' and 'answer'")
            items.append((entry.get("id", entry.get("question")), entry["answer"]))
    elif data is None:
        return []
    else:
        raise InputError(name, "expected a mapping of question id to answer, or a list of {id, answer}")
    out = []
    for qid, answer in items:
        if not isinstance(qid, str) or not isinstance(answer, str):
            raise InputError(name, f"the answer to '{qid}' must be text")
        out.append((qid.strip(), answer.strip()))
    return out


_HEADER_RE = re.compile(r"^\s*(?:#{1,3}\s*([a-z][a-z0-9-]*)\s*|\[([a-z][a-z0-9-]*)\])\s*$")


def _text_pairs(name: str, text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, list[str]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        m = _HEADER_RE.match(line)
        if m:
            out.append((m.group(1) or m.group(2), []))
        elif out:
            out[-1][1].append(line)
        elif line.strip():
            raise InputError(name, f"line {n}: text before the first question header ('# QUESTION-ID')")
    return [(qid, "\n".join(lines).strip()) for qid, lines in out]


# ---------------------------------------------------------------------------------------------------------
# critiques


@dataclass
class Critique:
    """The critique of one answer to one question."""

    question: Question
    answer: str
    findings: list[Finding] = field(default_factory=list)
    rewrite: Any = None  # critic.rewrite.Rewrite | None
    metrics: AnswerMetrics | None = None
    cost: costmath.CostCheck | None = None
    follow_up: str = ""  # the follow-up chosen for this answer

    @property
    def failing(self) -> bool:
        """An error-level finding."""
        return any(f.severity == "error" for f in self.findings)

    @property
    def flagged_focus(self) -> list[str]:
        fired = {f.rule for f in self.findings}
        return [r for r in self.question.rules if r in fired]

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        return {
            "question": self.question.to_dict(),
            "answer": self.answer,
            "findings": [f.to_dict(explain=explain) for f in self.findings],
            "rewrite": self.rewrite.to_dict() if self.rewrite is not None else None,
            "metrics": self.metrics.to_dict() if self.metrics is not None else None,
            "cost_math": self.cost.to_dict() if self.cost is not None and self.cost.verdicts else None,
            "focus": {"rules": list(self.question.rules), "flagged": self.flagged_focus},
            "follow_up": self.follow_up or self.question.follow_up,
        }


def answer_document(question: Question, text: str) -> Document:
    """One answer to a bank question as a transcript of one answer (its id the question's), for a review."""
    item = Item(id=question.id, kind="answer", text=text, section="Interview", section_kind="interview",
                question=question.text)
    return Document(source=question.id, format="drill", kind="transcript",
                    sections=[Section(kind="interview", title="Interview", items=[item])])


def focus_order(question: Question, findings: Sequence[Finding]) -> list[Finding]:
    """Findings with the question's own rules first (in its order), then by severity and rule id."""
    focus = {r: i for i, r in enumerate(question.rules)}
    return sorted(findings, key=lambda f: (focus.get(f.rule, len(focus)), -severity_rank(f.severity), f.rule))


def question_cost(rule: CompiledRule | None, cost: costmath.CostCheck, text: str,
                  item_id: str | None = None) -> list[Finding]:
    """The cost-math finding of a total that is wrong once the question's volume is counted (`cost` is the
    check with the question given); [] when every total is right or the rule is unknown."""
    if not cost.wrong or rule is None:
        return []
    return [Finding(rule="cost-math", severity=rule.rule.severity, message=rule.rule.message,
                    confidence=rule.rule.confidence, item_id=item_id, evidence=costmath.evidence_of(cost, text))]


def compiled_rule(engine: Engine, rule_id: str) -> CompiledRule | None:
    """The engine's own compiled rule when it runs it, else the rule compiled here (once); None when unknown."""
    for compiled in engine._compiled:
        if compiled.id == rule_id:
            return compiled
    try:
        rule = engine.rule(rule_id)
    except CriticError:
        return None
    return CompiledRule.compile(rule, engine.index, engine.lexicons, set())


# ---------------------------------------------------------------------------------------------------------
# rendering

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _wrap(text: str, indent: int, width: int, hang: int = 0) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(text, width=max(40, width), initial_indent=pad, subsequent_indent=pad + " " * hang,
                         break_long_words=False, break_on_hyphens=False) or [pad]


def render_question(question: Question, number: int, total: int, *, color: bool = False, width: int = 88) -> str:
    """The question as asked in the terminal."""
    style = _styler(color)
    head = style(f"Question {number} of {total}", bold=True) + f"  [{question.theme}] {question.id}"
    return "\n".join([head, *_wrap(question.text, 2, width)]) + "\n"


def render_text(c: Critique, *, color: bool = False, width: int = 88, explain: bool = False) -> str:
    """A critique as text: findings, BAD -> GOOD, metrics, cost math, what a strong answer covers."""
    style = _styler(color)
    lines: list[str] = []
    if not c.answer:
        return "No answer given.\n"
    n = len(c.findings)
    lines.append(style(f"Findings ({n})" if n else "Findings: none", bold=True))
    for f in c.findings:
        wrapped = _wrap(f"{f.severity:<7} {f.rule}: {f.message}", 2, width, hang=8)
        sev = style(f"{f.severity:<7}", fg=_SEVERITY_COLOURS.get(f.severity), bold=f.severity == "error")
        wrapped[0] = wrapped[0].replace(f"{f.severity:<7}", sev, 1)
        lines.extend(wrapped)
        for ev in f.evidence:
            if f.rule == "cost-math" and ev.kind == "match" and ev.note:
                lines.extend(_wrap(ev.note, 10, width))
            elif explain:
                lines.extend(_wrap(f"{ev.kind} {ev.text!r} {ev.source} {ev.note}".strip(), 10, width, hang=2))
    if c.rewrite is not None:
        lines.append("")
        lines.append(style("BAD -> GOOD", bold=True))
        lines.extend(_labelled("BAD", c.rewrite.bad, style("BAD", fg="red", bold=True), width))
        lines.extend(_labelled("GOOD", c.rewrite.good, style("GOOD", fg="green", bold=True), width))
        for p in c.rewrite.placeholders:
            wrapped = _wrap(f"{p.text}  {p.question}", 8, width, hang=2)
            wrapped[0] = wrapped[0].replace(p.text, style(p.text, fg="magenta"), 1)
            lines.extend(wrapped)
    m = c.metrics
    if m is not None:
        lines.append("")
        lines.append(style("Metrics", bold=True))
        framing = (f"sentence {m.framing_sentence} (after {m.words_to_framing} words)"
                   if m.framing_sentence is not None else "none found")
        lines.extend(_wrap(f"words {m.words} · sentences {m.sentences} · first framing statement: {framing} · "
                           f"trade-off statements {m.tradeoff_statements}", 2, width, hang=2))
    if c.cost is not None and c.cost.verdicts:
        lines.append(style("Cost math", bold=True))
        for v in c.cost.verdicts:
            mark = "ok" if v.ok and v.reading is not None else ("not checked" if v.reading is None else "WRONG")
            lines.extend(_wrap(f"{v.total.text}: {mark} — {v.explanation()}", 2, width, hang=2))
    lines.append("")
    lines.append(style("A strong answer covers", bold=True))
    for item in c.question.covers:
        lines.extend(_wrap(f"- {item}", 2, width, hang=2))
    flagged = c.flagged_focus
    lines.extend(_wrap(f"Judged first by: {', '.join(c.question.rules)}"
                       + (f" (flagged: {', '.join(flagged)})" if flagged else " (none flagged)"), 2, width, hang=2))
    lines.append(style("Follow-up", bold=True))
    lines.extend(_wrap(c.follow_up or c.question.follow_up, 2, width))
    return "\n".join(lines).rstrip() + "\n"


def _labelled(label: str, text: str, styled: str, width: int) -> list[str]:
    wrapped = _wrap(text, 8, width)
    first = wrapped[0][8:]
    return [f"  {styled}{' ' * (6 - len(label))}{first}", *wrapped[1:]]


def _styler(color: bool) -> Any:
    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if color else text

    return style


def to_json(critiques: Sequence[Critique], *, explain: bool = False) -> str:
    """A batch of critiques as one deterministic JSON document."""
    doc = {"schema_version": SCHEMA_VERSION, "critiques": [c.to_dict(explain=explain) for c in critiques]}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_json_line(critique: Critique, *, explain: bool = False) -> str:
    """One critique as one line of JSON (interactive --format json)."""
    doc = {"schema_version": SCHEMA_VERSION, **critique.to_dict(explain=explain)}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False) + "\n"
