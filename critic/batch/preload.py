"""Imported once by the batch fork server, before it forks any worker: what every worker needs.

spaCy is imported without its command-line interface (critic.lightspacy), so a batch does not pay for web
and CLI libraries before the first file.
"""

from __future__ import annotations

from critic.lightspacy import import_spacy_without_cli

LIGHT_SPACY = import_spacy_without_cli()
