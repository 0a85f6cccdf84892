"""Plain-text readings of a phrase that the advice and rewrite stages share, with no NLP pipeline behind them."""

from __future__ import annotations

import re

# words naming a change as the time the work happened in, not the work or the writer's decision ("mentored two
# engineers through the platform migration", "during the data centre move")
_BACKDROP = frozenset({"during", "amid", "amidst", "throughout"})
BACKDROP_WORDS = 4  # "during the billing platform | migration"
# "through" names the time only after work of guiding people through it ("mentored two engineers through the
# migration"); after other work it names the means ("drove $4M ARR through pricing experiments")
_GUIDING = re.compile(r"^\W*(?:mentor|coach|guid|train|support|help|onboard|shepherd|steer|walk)\w*\b", re.I)


def backdrop(text: str, at: int) -> bool:
    """Whether the word at ``at`` follows, within four words of its own sentence, a word naming it as the time
    of the work."""
    sentence = re.split(r"[.;:!?]\s", text[:at])[-1]
    words = [w.lower() for w in sentence.split()[-BACKDROP_WORDS:]]
    return any(w in _BACKDROP for w in words) or "through" in words and bool(_GUIDING.match(sentence))
