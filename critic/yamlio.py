"""Read YAML with PyYAML's libyaml loader when it is built in (several times faster), else the pure-Python one.

Both are *safe* loaders: plain data only, no Python objects.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
YAMLError = yaml.YAMLError


def load(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """The data of one YAML document (safe: plain types only).

    An error is reported in the pure-Python loader's words, the same on every machine (libyaml phrases
    some problems differently)."""
    text = stream.read() if hasattr(stream, "read") else stream
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader:
            raise
    return yaml.load(text, Loader=yaml.SafeLoader)  # raises the error again, in the reference wording
