"""function: a registered Python function (critic.engine.functions) for what data cannot express, on an
item or a document (by the rule's applies_to); params ending in ``_matchers`` are compiled as matcher lists."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from critic.engine.kinds.base import FUNCTIONS, Kind, kind
from critic.engine.matchers import ItemContext, MatcherIndex, compile_list
from critic.errors import ConfigError
from critic.findings import Evidence

if TYPE_CHECKING:
    from critic.engine.kinds import CompiledRule


# the modules that register function kinds, imported when a rule names a function not registered yet (each
# module registers its functions with @register on import): the engine's own, and the cost-math check
FUNCTION_MODULES = ("critic.engine.functions", "critic.costmath.rule")


def _import_function_modules() -> None:
    for module in FUNCTION_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


@kind
class Function(Kind):
    name = "function"
    level = "both"
    keys = frozenset({"function", "params"})
    required = ("function",)
    guards_first = True  # a guard only vetoes a finding: look for one before a (possibly costly) function

    def compile(self, rule: CompiledRule, index: MatcherIndex, lexicons: dict, used: set[str]) -> None:
        det = rule.rule.detection
        name = det["function"]
        if name not in FUNCTIONS:
            _import_function_modules()
        if name not in FUNCTIONS:
            raise ConfigError(f"{rule.rule.path}: unknown function '{name}' (registered: {', '.join(sorted(FUNCTIONS))})",
                              path=str(rule.rule.path), key="detection.function", rule=rule.id)
        rule.function = FUNCTIONS[name]
        rule.params = dict(det.get("params") or {})
        for key, value in sorted(rule.params.items()):
            if key.endswith("_matchers"):
                rule.parts[key] = compile_list(value, index, lexicons, f"{rule.rule.path}: detection.params.{key}", used)

    def find(self, rule: CompiledRule, ctx: ItemContext) -> list[Evidence] | None:
        assert rule.function is not None
        result = rule.function(rule, ctx)
        return None if result is None else list(result)

    def find_document(self, rule: CompiledRule, contexts: list[ItemContext]) -> list[Evidence] | None:
        assert rule.function is not None
        return rule.function(rule, contexts)  # type: ignore[no-any-return]
