"""spaCy imported without its command-line interface, for processes that only review.

spaCy's package ``__init__`` imports its command-line interface (``spacy.cli``), which in turn imports
web and CLI libraries (requests, httpx, typer, weasel) that a review never uses: about a quarter of
spaCy's import time. :func:`import_spacy_without_cli` imports spaCy with empty placeholder ``spacy.cli``
modules, which nothing outside spaCy's own CLI reads, and removes them afterwards (the real CLI still
imports on demand). If a spaCy release needs more from them, the placeholders are dropped and spaCy is
imported normally. Used by the batch fork server (critic.batch.preload) and by `critic review`, whose
process does nothing else; never on importing critic as a library.
"""

from __future__ import annotations

import sys
import types


def import_spacy_without_cli() -> bool:
    """Import spaCy with placeholder CLI modules; False when spaCy was imported normally instead."""
    if "spacy" in sys.modules:
        return False
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    info = types.ModuleType("spacy.cli.info")
    info.info = None  # type: ignore[attr-defined]
    placeholders = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(placeholders)
    try:
        import spacy  # noqa: F401
    except Exception:
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        import spacy  # noqa: F401  (a normal import; raises if spaCy is really broken)

        return False
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return True
