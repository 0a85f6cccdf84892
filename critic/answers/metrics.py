"""Answer metrics, per answer and per transcript.

- words; talk time and words a minute when the transcript is timed (the candidate's own turns,
  from Item.start_ms/end_ms and Document.turns);
- the first framing statement: the first sentence that names the decision, the user, the metric or a
  constraint (a hit of the solution-first rule's framing matchers), and the words and, when timed, the
  time from the start of the answer to it;
- trade-off statements: sentences with a hit of the trade-off matchers the missing-trade-off rule
  accepts; judgment density = trade-off statements / candidate minutes, for timed input only.

The figures are reported as they are; nothing here grades them against a norm. Matching goes through
the rule engine's own matchers, so the metrics move with the rules.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from critic.engine.matchers import CompiledMatcher, ItemContext, compile_list, first_hits
from critic.errors import CriticError
from critic.model import Document, Item, Turn

if TYPE_CHECKING:
    from critic.engine import Engine

FRAMING_RULE, FRAMING_KEY = "solution-first", "then"
TRADE_OFF_RULE, TRADE_OFF_KEY = "missing-trade-off", "unless"
FALLBACK_FRAMING: list[dict[str, Any]] = [{"lexicon": "answer-framing"}]
FALLBACK_TRADE_OFF: list[dict[str, Any]] = [{"lexicon": "trade-off"}]


@dataclass
class AnswerMetrics:
    """The figures of one answer (None where the input cannot give them)."""

    id: str
    words: int
    sentences: int
    talk_ms: int | None = None  # the candidate's own speaking time (timed input)
    words_per_minute: float | None = None
    framing_sentence: int | None = None  # 1-based index of the first framing sentence
    framing_text: str | None = None
    words_to_framing: int | None = None  # words spoken before it
    ms_to_framing: int | None = None  # from the answer's start to it (timed input)
    tradeoff_statements: int = 0
    judgment_density: float | None = None  # trade-off statements per candidate minute (timed input)

    @property
    def timed(self) -> bool:
        return self.talk_ms is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "words": self.words,
            "sentences": self.sentences,
            "timed": self.timed,
            "talk_ms": self.talk_ms,
            "words_per_minute": self.words_per_minute,
            "framing_sentence": self.framing_sentence,
            "framing_text": self.framing_text,
            "words_to_framing": self.words_to_framing,
            "ms_to_framing": self.ms_to_framing,
            "tradeoff_statements": self.tradeoff_statements,
            "judgment_density": self.judgment_density,
        }


@dataclass
class TranscriptMetrics:
    """The figures of a whole transcript: its answers' figures and their totals."""

    answers: list[AnswerMetrics] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(a.words for a in self.answers)

    @property
    def timed(self) -> bool:
        """Every answer is timed (judgment density is reported for timed transcripts only)."""
        return bool(self.answers) and all(a.timed for a in self.answers)

    @property
    def talk_ms(self) -> int | None:
        return sum(a.talk_ms or 0 for a in self.answers) if self.timed else None

    @property
    def words_per_minute(self) -> float | None:
        return _per_minute(self.words, self.talk_ms)

    @property
    def tradeoff_statements(self) -> int:
        return sum(a.tradeoff_statements for a in self.answers)

    @property
    def judgment_density(self) -> float | None:
        return _per_minute(self.tradeoff_statements, self.talk_ms, digits=2)

    @property
    def answers_with_framing(self) -> int:
        return sum(1 for a in self.answers if a.framing_sentence is not None)

    @property
    def median_words_to_framing(self) -> float | None:
        values = [a.words_to_framing for a in self.answers if a.words_to_framing is not None]
        return float(statistics.median(values)) if values else None

    @property
    def median_ms_to_framing(self) -> int | None:
        if not self.timed:
            return None
        values = [a.ms_to_framing for a in self.answers if a.ms_to_framing is not None]
        return round(statistics.median(values)) if values else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "answers": [a.to_dict() for a in self.answers],
            "transcript": {
                "answers": len(self.answers),
                "words": self.words,
                "timed": self.timed,
                "talk_ms": self.talk_ms,
                "words_per_minute": self.words_per_minute,
                "tradeoff_statements": self.tradeoff_statements,
                "judgment_density": self.judgment_density,
                "answers_with_framing": self.answers_with_framing,
                "median_words_to_framing": self.median_words_to_framing,
                "median_ms_to_framing": self.median_ms_to_framing,
            },
        }


def _per_minute(count: int, ms: int | None, digits: int = 1) -> float | None:
    if ms is None or ms <= 0:
        return None
    return round(count / (ms / 60000), digits)


class Signals:
    """The framing and trade-off matchers, compiled once against an engine's matcher index.

    They are read from the rules that define them (solution-first's framing matchers,
    missing-trade-off's accepted trade-offs), so a change to a rule changes the metric with it.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.framing = self._compile(FRAMING_RULE, FRAMING_KEY, FALLBACK_FRAMING)
        self.trade_off = self._compile(TRADE_OFF_RULE, TRADE_OFF_KEY, FALLBACK_TRADE_OFF)

    def _compile(self, rule_id: str, key: str, fallback: list[dict[str, Any]]) -> list[CompiledMatcher]:
        try:
            spec = self.engine.rule(rule_id).detection.get(key) or fallback
        except CriticError:
            spec = fallback
        return compile_list(spec, self.engine.index, self.engine.lexicons, f"metrics ({rule_id}.{key})", set())

    def contexts(self, texts: Sequence[str]) -> list[ItemContext]:
        return self.engine.contexts([(t, "answer") for t in texts])


def _sentences_with(matchers: list[CompiledMatcher], ctx: ItemContext) -> list[int]:
    """Indexes of the sentences where one of `matchers` fires."""
    return sorted({ctx.sentence_of(h.tok_start) for h in first_hits(matchers, ctx)})


def _words_before(text: str, char: int) -> int:
    return len(text[:char].split())


def _measure(item_id: str, ctx: ItemContext, signals: Signals, turns: Sequence[Turn] | None) -> AnswerMetrics:
    text = ctx.text
    words = len(text.split())
    metrics = AnswerMetrics(id=item_id, words=words, sentences=len(ctx.sents))
    framing = _sentences_with(signals.framing, ctx)
    if framing:
        sent = ctx.sents[framing[0]]
        metrics.framing_sentence = framing[0] + 1
        metrics.framing_text = sent.text.strip()
        metrics.words_to_framing = _words_before(text, sent.start_char)
    metrics.tradeoff_statements = len(_sentences_with(signals.trade_off, ctx))
    timed = bool(turns) and all(t.start_ms is not None and t.end_ms is not None and t.end_ms >= t.start_ms
                                for t in turns or ())
    if timed and turns:
        talk = sum((t.end_ms or 0) - (t.start_ms or 0) for t in turns)
        if talk > 0:
            metrics.talk_ms = talk
            metrics.words_per_minute = _per_minute(words, talk)
            metrics.judgment_density = _per_minute(metrics.tradeoff_statements, talk, digits=2)
            if metrics.words_to_framing is not None:
                metrics.ms_to_framing = _elapsed_at(turns, metrics.words_to_framing)
    return metrics


def _elapsed_at(turns: Sequence[Turn], word_index: int) -> int:
    """Milliseconds from the first turn's start to the `word_index`-th word, interpolated in its turn."""
    start = turns[0].start_ms or 0
    seen = 0
    for t in turns:
        n = len(t.text.split())
        if word_index < seen + n or t is turns[-1]:
            duration = (t.end_ms or 0) - (t.start_ms or 0)
            share = (word_index - seen) / n if n else 0.0
            return round((t.start_ms or 0) + min(max(share, 0.0), 1.0) * duration - start)
        seen += n
    return 0


def answer_turns(doc: Document) -> dict[str, list[Turn]]:
    """Each answer's candidate turns: answers are the candidate's consecutive turns joined in order."""
    candidate = [t for t in doc.turns if t.role == "candidate"]
    out: dict[str, list[Turn]] = {}
    i = 0
    for item in doc.items():
        if item.kind != "answer":
            continue
        group: list[Turn] = []
        target = item.text.split()
        got: list[str] = []
        while i < len(candidate) and len(got) < len(target):
            group.append(candidate[i])
            got.extend(candidate[i].text.split())
            i += 1
        out[item.id] = group if got == target else _by_time(item, candidate)
    return out


def _by_time(item: Item, candidate: list[Turn]) -> list[Turn]:
    if item.start_ms is None or item.end_ms is None:
        return []
    return [t for t in candidate if t.start_ms is not None and t.end_ms is not None
            and item.start_ms <= t.start_ms and t.end_ms <= item.end_ms]


def transcript_metrics(doc: Document, engine: Engine, signals: Signals | None = None,
                       contexts: Mapping[str, ItemContext] | None = None) -> TranscriptMetrics:
    """Per-answer and per-transcript figures of a parsed transcript (answers of any other document).

    `contexts` (Engine.document_contexts) reuses annotations the rule check already made.
    """
    signals = signals or Signals(engine)
    items = [i for i in doc.items() if i.kind == "answer"]
    turns = answer_turns(doc) if doc.turns else {}
    if contexts is None:
        contexts = dict(zip([i.id for i in items], signals.contexts([i.text for i in items]), strict=True))
    contexts = [contexts[i.id] for i in items]
    return TranscriptMetrics([_measure(i.id, ctx, signals, turns.get(i.id)) for i, ctx in zip(items, contexts, strict=True)])


def text_metrics(text: str, engine: Engine, signals: Signals | None = None, *, item_id: str = "answer",
                 ctx: ItemContext | None = None) -> AnswerMetrics:
    """The figures of one untimed answer text (words, framing, trade-off statements); `ctx`, when given, is
    the text already annotated (it is not annotated again)."""
    signals = signals or Signals(engine)
    return _measure(item_id, ctx if ctx is not None else signals.contexts([text])[0], signals, None)
