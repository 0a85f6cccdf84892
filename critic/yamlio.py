"""Read YAML with PyYAML's libyaml loader when it is built in (several times faster), else the pure-Python one.

Both are *safe* loaders: plain data only, no Python objects.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
YAMLError = yaml.YAMLError


def load(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """The data of one YAML document (safe: plain types only)."""
    return yaml.load(stream, Loader=_LOADER)  # noqa: S506 - a safe loader
