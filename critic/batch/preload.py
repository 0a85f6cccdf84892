"""Imported once by the batch fork server, before it forks any worker: what every worker needs.

spaCy's package ``__init__`` imports its command-line interface (``spacy.cli``), which in turn imports
web and CLI libraries (requests, httpx, typer, weasel) that a review never uses. That takes about a
quarter of spaCy's import time, and a batch pays it before the first file. The fork server therefore
imports spaCy with empty placeholder ``spacy.cli`` modules. Nothing outside spaCy's own CLI reads them.
If a spaCy release needs more from them, the placeholders are dropped and spaCy is imported normally.
This applies only inside the fork server and its workers, never in the process that runs ``critic``.
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


LIGHT_SPACY = import_spacy_without_cli()
