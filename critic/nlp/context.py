"""Items under judgement: a text, its kind and its annotation through critic's pipeline.

An :class:`Annotator` owns a pipeline (critic's own, or a trained spaCy pipeline named by `model`) and
turns (text, kind) pairs into :class:`ItemContext` objects, which rules and metrics read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from critic.nlp import capabilities, get_nlp
from critic.nlp.gated import DocWords

ITEM_KINDS = ("bullet", "summary", "answer")  # the kinds of item that are annotated and judged


@dataclass(slots=True)
class ItemContext:
    """An item under judgement: its text, kind, annotated doc and sentences, and a hit cache."""

    text: str
    kind: str
    doc: Doc
    sents: list[Span]
    cache: dict[Any, Any] = field(default_factory=dict)  # hits by matcher (see CompiledMatcher.find)
    keyed: dict[str, list[tuple[int, int]]] | None = None  # matcher key -> (start, end) token spans so far
    ran: set[str] = field(default_factory=set)  # token-pattern keys already run on this doc
    words: DocWords | None = None  # what the doc holds, for the token-pattern gates (GatedMatcher.words)
    _bounds: list[tuple[int, int]] | None = None
    _offsets: tuple[list[int], list[int]] | None = None  # token start and end chars
    _word_count: int | None = None

    def word_count(self) -> int:
        """Whitespace-separated words of the text."""
        if self._word_count is None:
            self._word_count = len(self.text.split())
        return self._word_count

    def sentence_of(self, tok: int) -> int:
        bounds = self._bounds
        if bounds is None:
            bounds = self._bounds = [(s.start, s.end) for s in self.sents]
        for i, (start, end) in enumerate(bounds):
            if start <= tok < end:
                return i
        return max(0, len(bounds) - 1)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of the tokens start..end (end > start) in the text."""
        offsets = self._offsets
        if offsets is None:
            idx, length = self.doc.to_array([IDX, LENGTH]).T
            offsets = self._offsets = (idx.tolist(), (idx + length).tolist())
        return offsets[0][start], offsets[1][end - 1]


class Annotator:
    """critic's pipeline (or the trained spaCy pipeline `model`) turning item texts into contexts."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self.nlp: Language = get_nlp(model)

    def capabilities(self) -> set[str]:
        """What the pipeline provides beyond tokens ('pos', 'dep')."""
        return capabilities(self.nlp)

    def annotate(self, texts: Sequence[str]) -> list[Doc]:
        """The texts through the pipeline. critic's own pipeline (rule-based components, nothing to batch)
        runs each text through its components directly: what nlp.pipe does, without its per-doc overhead."""
        if self.model is not None:
            return list(self.nlp.pipe(texts, batch_size=64))
        make_doc = self.nlp.make_doc
        components = [proc for _, proc in self.nlp.pipeline]
        docs = []
        for text in texts:
            doc = make_doc(text)
            for proc in components:
                doc = proc(doc)
            docs.append(doc)
        return docs

    def contexts(self, pairs: Sequence[tuple[str, str]]) -> list[ItemContext]:
        """Annotated contexts for (text, kind) pairs, in order; a kind outside ITEM_KINDS is a ValueError."""
        for _, kind in pairs:
            if kind not in ITEM_KINDS:
                raise ValueError(f"item kind must be one of {', '.join(ITEM_KINDS)}, not {kind!r}")
        docs = self.annotate([text for text, _ in pairs])
        return [item_context(text, kind, doc) for (text, kind), doc in zip(pairs, docs, strict=True)]


def item_context(text: str, kind: str, doc: Doc) -> ItemContext:
    """The context of an annotated item: a bullet is one unit, other kinds keep their sentences."""
    sents = [doc[:]] if kind == "bullet" or len(doc) == 0 else list(doc.sents)
    return ItemContext(text=text, kind=kind, doc=doc, sents=sents)
