"""Read YAML with PyYAML's libyaml loader when it is built in (several times faster), else the pure-Python one.

Both are *safe* loaders: plain data only, no Python objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
YAMLError = yaml.YAMLError
_AHEAD: dict[str, Any] = {}  # text -> its data, parsed ahead of need (see use_parsed)
_MISSING = object()


def load(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """The data of one YAML document (safe: plain types only).

    An error is reported in the pure-Python loader's words, the same on every machine (libyaml phrases
    some problems differently)."""
    text = stream.read() if hasattr(stream, "read") else stream
    if _AHEAD and isinstance(text, str):
        data = _AHEAD.pop(text, _MISSING)
        if data is not _MISSING:
            return data
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader:
            raise
    return yaml.load(text, Loader=yaml.SafeLoader)  # raises the error again, in the reference wording


def parse_files(folders: Iterable[str | Path]) -> dict[str, Any]:
    """The data of every .yaml / .yml file under the folders, keyed by the file's text; a file that cannot
    be read or parsed is left out (its reader meets the problem itself)."""
    out: dict[str, Any] = {}
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
                out[text] = load(text)
            except (OSError, UnicodeDecodeError, YAMLError):
                continue
    return out


def use_parsed(parsed: dict[str, Any]) -> None:
    """Let :func:`load` give these results, parsed ahead (by :func:`parse_files`, say in a helper process
    while this one does other work), for the same texts; each is given once, later loads parse again."""
    _AHEAD.update(parsed)
