"""What each rule asks for in a rewrite (role, rank, sentence forms), read from its ``rewrite:`` data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from critic.errors import CriticError
from critic.rewrite.model import Placeholder, default_sample


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if type(obj) is dict or isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def rewrite_data(rule: Any) -> Mapping[str, Any] | None:
    """The rule's rewrite data as a mapping, or None when it has none."""
    data = _get(rule, "rewrite")
    if data is None:
        return None
    if type(data) is dict or isinstance(data, Mapping):
        return data
    keys = ("action", "template", "placeholders", "example", "role", "rank", "answers", "restate", "decides",
            "inline", "forms", "types", "named", "participation", "resume_participation", "lead")
    return {k: _get(data, k) for k in keys}


def canonical_example(rule: Any) -> tuple[str, str] | None:
    """The rule's canonical (BAD, GOOD) example pair, or None."""
    data = rewrite_data(rule)
    example = _get(data, "example") if data else None
    bad, good = _get(example, "bad"), _get(example, "good")
    if bad and good:
        return str(bad), str(good)
    return None



# the same as critic.engine.schema.REWRITE_ROLES and REWRITE_FORMS (tested): the rewrite does not import the engine
ROLES = ("decision", "framing", "commitment", "result", "baseline", "trade-off", "kill", "other")
FORMS = ("note", "note_plan", "summary", "spoken", "spoken_plan")
ACTIONS = ("append", "prepend", "replace-match")


@dataclass(frozen=True)
class Part:
    """How a rule's ask is placed in GOOD, from its ``rewrite:`` block.

    role: what the rule asks for; rules of one role share a single part, supplied by the raised rule with
    the lowest ``rank``. answers: further roles that part also answers. The sentence forms are used
    outside clause position (``note`` for bullets, ``summary`` for summaries, ``spoken`` for answers; the
    ``*_plan`` variants when the item describes a plan); each may use only placeholders the rule declares,
    and an empty form means "use the rule's template".
    """

    role: str
    rank: int = 0
    answers: tuple[str, ...] = ()
    note: str = ""
    note_plan: str = ""
    summary: str = ""
    spoken: str = ""
    spoken_plan: str = ""
    restate: bool = False  # a decision restated in place (the rule's template gives verb and placeholder)
    decides: bool = False  # the restatement may also answer a deferral or add ", deciding [...] myself"
    inline: bool = False  # inserted right after the measured change it qualifies


def part_of(data: Mapping[str, Any] | None) -> Part | None:
    """A rule's part from its rewrite data; None when the rule declares no role (it keeps its own part,
    placed last)."""
    role = _get(data, "role") if data else None
    if role not in ROLES:
        return None
    forms = _get(data, "forms") or {}
    return Part(str(role), int(_get(data, "rank") or 0), tuple(_get(data, "answers") or ()),
                **{name: str(_get(forms, name) or "") for name in FORMS},
                restate=bool(_get(data, "restate")), decides=bool(_get(data, "decides")),
                inline=bool(_get(data, "inline")))


@dataclass(frozen=True)
class RuleFacts:
    """What a rewrite reads from one rule, read once: action, templates, part and placeholders."""

    action: str
    template: Any  # one string, or item kind -> string with an optional "default"
    types: Mapping[str, str]  # item type -> the clause that type asks for
    part: Part | None
    placeholders: tuple[Placeholder, ...]
    named: str = ""  # the clause put right after an outcome an achievement names without a number
    participation: str = ""  # the placeholder that replaces participation-only phrasing ("Helped", "Supported")
    lead: bool = False  # an achievement's result leads, the item's own work as the means (lexicons/rewrite)
    resume_participation: str = ""  # the participation placeholder for resume items (answers keep the other)

    @property
    def role(self) -> int:
        """Index of the rule's role in ROLES ("other" when it declares none)."""
        return ROLES.index(self.part.role if self.part is not None else "other")

    def template_for(self, kind: str, item_type: str | None = None) -> tuple[str, bool]:
        """The template for an item, and whether it is the item type's own clause."""
        if item_type and kind != "answer" and self.types.get(item_type):
            return self.types[item_type], True
        template = self.template
        if isinstance(template, Mapping):
            template = template.get(kind) or template.get("default") or ""
        return str(template or ""), False


def rule_facts(rule: Any) -> RuleFacts | None:
    """The rewrite facts of a rule (an object or a mapping), or None when it has no usable rewrite data."""
    data = rewrite_data(rule)
    if not data:
        return None
    action = str(_get(data, "action") or "append")
    if action not in ACTIONS:
        return None
    types = _get(data, "types") or {}
    return RuleFacts(action, _get(data, "template"), {str(k): str(v) for k, v in dict(types).items()},
                     part_of(data), tuple(_placeholder_specs(data)), str(_get(data, "named") or ""),
                     str(_get(data, "participation") or ""), bool(_get(data, "lead")),
                     str(_get(data, "resume_participation") or ""))


RuleLookup = Mapping[str, Any] | Callable[[str], Any]


class RuleBook:
    """Rules' rewrite facts, each read once from a lookup (a mapping or a function such as ``Engine.rule``).

    Build one per engine or per batch of rewrites; nothing is cached beyond the book itself.
    """

    def __init__(self, rules: RuleLookup) -> None:
        self.rules = rules
        self._facts: dict[str, RuleFacts | None] = {}

    def facts(self, rule_id: str) -> RuleFacts | None:
        """The facts of a rule; None for an unknown rule or one without rewrite data."""
        if rule_id not in self._facts:
            rule = _lookup(self.rules, rule_id)
            self._facts[rule_id] = rule_facts(rule) if rule is not None else None
        return self._facts[rule_id]


def book_of(rules: RuleLookup | RuleBook) -> RuleBook:
    """``rules`` as a RuleBook (a new one unless it already is one)."""
    return rules if isinstance(rules, RuleBook) else RuleBook(rules)


def _lookup(rules: RuleLookup, rule_id: str) -> Any:
    if callable(rules) and not isinstance(rules, Mapping):
        try:
            return rules(rule_id)
        except (LookupError, CriticError):  # an unknown rule has no rewrite data
            return None
    return rules.get(rule_id)


def _placeholder_specs(data: Mapping[str, Any]) -> list[Placeholder]:
    out: list[Placeholder] = []
    for spec in _get(data, "placeholders") or []:
        text = str(_get(spec, "text") or "").strip()
        if not text:
            continue
        question = str(_get(spec, "question") or "").strip() or f"What is {text.strip('[]')}?"
        sample = str(_get(spec, "sample") or "").strip() or default_sample(text)
        out.append(Placeholder(text, question, sample))
    return out


