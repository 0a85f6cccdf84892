"""Locate the bundled data folders (rules/, lexicons/) in a wheel or a source checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder of bundled data `name` ("rules" or "lexicons")."""
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"critic's bundled '{name}' folder is missing from this installation")
