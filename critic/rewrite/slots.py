"""Concrete slots by the kind of thing an item names: a generic placeholder ("[what it cost]", "[the model, data
or threshold]") swapped for one that asks about the thing at stake. Each lexicon (``lexicons/rewrite/<name>.yaml``)
names the slot it ``replaces`` and kinds of cue words, each with its slot; the first kind the item names wins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from critic.phrases import backdrop
from critic.rewrite.lead import lexicon_slot, read_lexicon
from critic.rewrite.model import Placeholder

# the lexicons of slot swaps: what a trade-off cost; which choice about the AI was the writer's
SWAPS = ("trade-off-costs", "ai-choices")


@dataclass(frozen=True)
class SlotKind:
    """Cue words of a kind of thing, and the slot that asks about it."""

    pattern: re.Pattern[str]
    slot: Placeholder


def _path(name: str) -> Path:
    """Where the rewrite lexicon ``name`` is bundled."""
    from critic.resources import data_dir

    return data_dir("lexicons") / "rewrite" / f"{name}.yaml"


@lru_cache(maxsize=len(SWAPS))
def slot_kinds(name: str) -> tuple[str, tuple[SlotKind, ...]]:
    """The slot a swap lexicon replaces and its kinds, read and checked once."""
    from critic.errors import ConfigError

    path = _path(name)
    data = read_lexicon(path)
    replaces = data.get("replaces")
    if not isinstance(replaces, str) or not re.fullmatch(r"\[[^\[\]\d]+\]", replaces):
        raise ConfigError(f"{path}: 'replaces' must be one placeholder")
    kinds: list[SlotKind] = []
    for n, kind in enumerate(data.get("kinds") or []):
        cues = kind.get("cues") if isinstance(kind, dict) else None
        if not (isinstance(cues, list) and cues and all(isinstance(c, str) and c.strip() for c in cues)):
            raise ConfigError(f"{path}: kinds[{n}] needs cues and a slot (text, question, sample)")
        alts = "|".join(re.escape(c.lower()).replace(r"\ ", r"[\s-]+") + "(?:s|es)?"
                        for c in sorted(cues, key=len, reverse=True))
        # the last part of a hyphenated compound counts ("auto-scrape"), a first part does not ("fraud-free")
        kinds.append(SlotKind(re.compile(rf"(?<!\w)(?:{alts})(?![\w-])", re.I),
                              lexicon_slot(path, kind.get("slot"), f"kinds[{n}].slot")))
    return replaces, tuple(kinds)


def swap_slot(name: str, text: str) -> tuple[str, Placeholder] | None:
    """(the generic slot, the concrete one) of lexicon ``name`` for the first kind ``text`` names; None when
    it names none."""
    replaces, kinds = slot_kinds(name)
    found = next((k for k in kinds if any(not backdrop(text, m.start()) for m in k.pattern.finditer(text))), None)
    return (replaces, found.slot) if found is not None else None


def cost_slot(text: str) -> tuple[str, Placeholder] | None:
    """The concrete slot of what a trade-off cost ("[the added complexity]" for a cache)."""
    return swap_slot("trade-off-costs", text)


def choice_slot(text: str) -> tuple[str, Placeholder] | None:
    """The concrete slot of the writer's choice about the AI ("[the decision threshold]" for a classifier)."""
    return swap_slot("ai-choices", text)


@lru_cache(maxsize=1)
def model_in_place() -> tuple[frozenset[str], Placeholder] | None:
    """(head nouns, slot) of a generic AI noun replaced where it stands by the model the writer chose
    (``in_place`` of lexicons/rewrite/ai-choices.yaml); None when the lexicon declares none."""
    from critic.errors import ConfigError

    path = _path("ai-choices")
    raw = read_lexicon(path).get("in_place")
    if raw is None:
        return None
    heads = raw.get("heads") if isinstance(raw, dict) else None
    if not (isinstance(heads, list) and heads and all(isinstance(h, str) and h.strip() for h in heads)):
        raise ConfigError(f"{path}: in_place needs heads (a list of words) and a slot")
    return frozenset(h.lower() for h in heads), lexicon_slot(path, raw.get("slot"), "in_place.slot")
