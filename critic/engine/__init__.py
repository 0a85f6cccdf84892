"""The rule engine: rules and lexicons as data (rules/, lexicons/), rule kinds as code.

    from critic.engine import Engine
    engine = Engine()
    engine.check([("Partnered with the ML team on smarter search.", "bullet")])
"""

from __future__ import annotations

from critic.engine import functions as functions  # noqa: F401  (registers the built-in function kinds)
from critic.engine.core import Engine
from critic.engine.kinds import register
from critic.engine.schema import Rule
from critic.nlp.context import ITEM_KINDS, ItemContext

__all__ = ["ITEM_KINDS", "Engine", "ItemContext", "Rule", "register"]
