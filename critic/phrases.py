"""Plain-text readings of a phrase that the advice and rewrite stages share, with no NLP pipeline behind them."""

from __future__ import annotations

import re

# words naming a change as the time the work happened in, not the work or the writer's decision ("mentored two
# engineers through the platform migration")
_BACKDROP = frozenset({"through", "during", "amid", "amidst", "throughout"})
BACKDROP_WORDS = 4  # "through the billing platform | migration"


def backdrop(text: str, at: int) -> bool:
    """Whether the word at ``at`` follows, within four words of its own sentence, a word naming it as the time
    of the work."""
    before = re.split(r"[.;:!?]\s", text[:at])[-1]
    return any(w.lower() in _BACKDROP for w in before.split()[-BACKDROP_WORDS:])
