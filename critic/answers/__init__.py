"""Interview answers: the cost-math check (a function rule kind), answer metrics and the screening drill.

Importing this package registers the ``cost-math`` function rule kind with the rule engine.
"""

from __future__ import annotations

from critic.answers import costmath as costmath  # noqa: F401  (registers the cost-math rule kind)
