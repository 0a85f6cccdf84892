"""What a kind of choice usually costs (lexicons/rewrite/trade-off-costs.yaml): the concrete slot a trade-off
asks for in place of the generic one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from critic.rewrite.lead import lexicon_slot, read_lexicon
from critic.rewrite.model import Placeholder


@dataclass(frozen=True)
class CostKind:
    """Cue words of a kind of choice, and the slot that asks what it cost."""

    pattern: re.Pattern[str]
    slot: Placeholder


@lru_cache(maxsize=1)
def cost_kinds() -> tuple[str, tuple[CostKind, ...]]:
    """The slot to replace and the kinds, read and checked once."""
    from critic.errors import ConfigError
    from critic.resources import data_dir

    path = data_dir("lexicons") / "rewrite" / "trade-off-costs.yaml"
    data = read_lexicon(path)
    replaces = data.get("replaces")
    if not isinstance(replaces, str) or not re.fullmatch(r"\[[^\[\]\d]+\]", replaces):
        raise ConfigError(f"{path}: 'replaces' must be one placeholder")
    kinds: list[CostKind] = []
    for n, kind in enumerate(data.get("kinds") or []):
        cues = kind.get("cues") if isinstance(kind, dict) else None
        if not (isinstance(cues, list) and cues and all(isinstance(c, str) and c.strip() for c in cues)):
            raise ConfigError(f"{path}: kinds[{n}] needs cues and a slot (text, question, sample)")
        alts = "|".join(re.escape(c.lower()).replace(r"\ ", r"[\s-]+") + "(?:s|es)?"
                        for c in sorted(cues, key=len, reverse=True))
        kinds.append(CostKind(re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I),
                              lexicon_slot(path, kind.get("slot"), f"kinds[{n}].slot")))
    return replaces, tuple(kinds)


def cost_slot(text: str) -> tuple[str, Placeholder] | None:
    """(the generic slot, the concrete one) for the first kind of choice ``text`` names; None when none."""
    replaces, kinds = cost_kinds()
    found = next((k for k in kinds if k.pattern.search(text)), None)
    return (replaces, found.slot) if found is not None else None
