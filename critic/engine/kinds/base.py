"""The base of rule kinds: a kind turns a rule's compiled matchers into a verdict on an item or a document.

A kind is a :class:`Kind` subclass in a file of its own in this package, registered with :func:`kind`: its
name, the detection keys it takes (checked by the rule schema), the keys that are matcher lists (compiled
with the rule), and :meth:`Kind.find` (an item) and/or :meth:`Kind.find_document` (a document). What every
item kind shares — `min_words`, `scope` and `guards` — is applied around `find` by the compiled rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from critic import numbers
from critic.engine.matchers import CompiledMatcher, Hit, ItemContext, MatcherIndex
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.kinds import CompiledRule

ITEM_COMMON = frozenset({"scope", "guards", "min_words"})  # detection keys every item kind takes
ITEM_KINDS = ("bullet", "summary", "answer")  # the item kinds a document kind judges by default


class Kind:
    """One rule kind. `level`: "item", "document" or "both" (a function judges either, by applies_to)."""

    name: ClassVar[str]
    level: ClassVar[str] = "item"
    keys: ClassVar[frozenset[str]] = frozenset()  # its own detection keys (item kinds also take ITEM_COMMON)
    required: ClassVar[tuple[str, ...]] = ()
    matcher_keys: ClassVar[tuple[str, ...]] = ()  # keys holding matcher lists, compiled in this order
    guards_first: ClassVar[bool] = False  # look for guards before `find` (when it is costly)

    def allowed_keys(self) -> frozenset[str]:
        """Every detection key a rule of this kind may have (with 'kind')."""
        common = ITEM_COMMON if self.level == "item" else frozenset()
        return frozenset({"kind"}) | common | self.keys

    def compile(self, rule: CompiledRule, index: MatcherIndex, lexicons: dict, used: set[str]) -> None:
        """Compile what the rule needs beyond its matcher lists (nothing by default)."""

    def find(self, rule: CompiledRule, ctx: ItemContext) -> list[Evidence] | None:
        """The evidence when the kind flags the item (scope passed, guards not yet looked at), else None."""
        raise NotImplementedError(f"{self.name} judges documents only")

    def fires(self, rule: CompiledRule, ctx: ItemContext) -> bool:
        """find(...) is not None, without gathering evidence where a kind can tell more cheaply."""
        return self.find(rule, ctx) is not None

    def find_document(self, rule: CompiledRule, contexts: list[ItemContext]) -> list[Evidence] | None:
        """The evidence when the kind flags the document, else None."""
        raise NotImplementedError(f"{self.name} judges items only")


KINDS: dict[str, Kind] = {}


def kind(cls: type[Kind]) -> type[Kind]:
    """Register a Kind subclass under its name (one instance serves every rule of the kind)."""
    KINDS[cls.name] = cls()
    return cls


# function rule kinds: Python checks registered by name (see critic.engine.functions)
FUNCTIONS: dict[str, Callable[..., Any]] = {}


def register(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function rule kind under `name` (item- or document-level, by the rule's applies_to).

    Item functions: fn(rule, ctx) -> list[Evidence] | None; document functions: fn(rule, contexts).
    Returning None means "no finding"; a list (possibly empty) means a finding with that evidence.
    """

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = fn
        return fn

    return deco


def match_evidence(hits: list[Hit]) -> list[Evidence]:
    return [Evidence(kind="match", text=h.text, start=h.start, end=h.end, source=h.source, note=h.note)
            for h in hits]


def absence_evidence(matchers: list[CompiledMatcher], note: str) -> Evidence:
    return Evidence(kind="absence", source=", ".join(m.describe() for m in matchers), note=note)


def number_evidence(ctx: ItemContext) -> list[Evidence]:
    return [Evidence(kind="number", text=n.text, start=n.start, end=n.end, source=f"{n.kind}:{n.type}", note=n.note)
            for n in numbers.classified(ctx.text)]
