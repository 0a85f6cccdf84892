"""Data flows one way: critic's packages import only those below them, and no import goes in a circle.

Every `import critic.X` / `from critic.X import …` in critic's sources (also those inside functions) is an
edge between two top-level parts of critic (a package such as critic.engine or a module such as
critic.numbers). Parts named in LAYERS import only parts of a lower or equal layer; equal layers are
allowed when no circle forms.
"""

from __future__ import annotations

import ast
from pathlib import Path

import critic

ROOT = Path(critic.__file__).resolve().parent

# the layer of each part, lowest first: parse/model < nlp < engine < advice < rewrite < report/api/commands
LAYERS = {
    "errors": 0, "resources": 0, "yamlio": 0, "safeio": 0, "termsafe": 0, "findings": 0, "lexicons": 0,
    "numbers": 0, "spoken_numbers": 0, "lightspacy": 0, "suppress": 0,
    "model": 1, "parse": 1, "config": 1,
    "nlp": 2,
    "engine": 3, "costmath": 3,
    "advice": 4,
    "rewrite": 5, "score": 5,
    "report": 7, "api": 8, "evaluate": 8, "commands": 12, "cli": 12,
}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "critic"


def _module_of(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The critic modules a source file imports (``from critic import x`` counts as critic.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "critic":
                found.update(f"critic.{alias.name}" for alias in node.names if alias.name != "__version__")
            elif node.module.startswith("critic."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("critic."))
    return found


def _edges() -> dict[str, set[str]]:
    """Part -> the other parts it imports."""
    edges: dict[str, set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "_data" in path.parts:
            continue
        source = _part(_module_of(path))
        for target in map(_part, _imports(path)):
            if target != source:
                edges.setdefault(source, set()).add(target)
    return edges


def test_the_walk_sees_known_imports() -> None:
    """The walk finds imports that are there (so the checks below are not vacuous)."""
    edges = _edges()
    assert "nlp" in edges["engine"] and "engine" in edges["api"] and "lexicons" in edges["numbers"]


def test_no_part_imports_a_higher_layer() -> None:
    upward = sorted((a, b) for a, targets in _edges().items() for b in targets
                    if a in LAYERS and b in LAYERS and LAYERS[b] > LAYERS[a])
    assert upward == []


def test_nlp_does_not_import_the_engine() -> None:
    assert "engine" not in _edges().get("nlp", set())
    for path in (ROOT / "nlp").rglob("*.py"):
        assert not any(m.startswith("critic.engine") for m in _imports(path)), path


def test_no_import_circle() -> None:
    edges = _edges()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert circles == []
