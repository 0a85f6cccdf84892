"""Lexicons and bundled data files: the one reader of critic's word lists and data tables.

Rules, the NLP pipeline, number semantics, the section headings and the screen's tables all read their
data here (:func:`read_entries`, :func:`word_list`, :func:`word_set`, :func:`read_yaml`, :func:`load_lexicon_file`).

- ``NAME.txt``: one phrase a line; ``#`` starts a comment. Phrases match on critic's lemmas, so
  "work with" also matches "Worked with" and "working with".
- ``NAME.yaml``: a mapping with ``description``, ``match`` (``lemma`` default, or ``lower`` to match
  the exact lowercase words), ``entries`` (phrases) and ``patterns`` (spaCy token patterns, each a
  list of token dicts). Unknown keys are rejected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from critic import yamlio
from critic.errors import ConfigError
from critic.resources import data_dir

LEXICON_KEYS = {"description", "match", "entries", "patterns"}
MATCH_ATTRS = {"lemma": "LEMMA", "lower": "LOWER"}
# lexicon files with their own format, read by their own consumers
EXEMPT = frozenset({"sections"})


@dataclass
class Lexicon:
    """One named lexicon."""

    name: str
    path: Path
    entries: list[str] = field(default_factory=list)
    patterns: list[list[dict]] = field(default_factory=list)
    match: str = "lemma"
    description: str = ""

    @property
    def attr(self) -> str:
        return MATCH_ATTRS[self.match]


STRING_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "SHAPE", "PREFIX", "SUFFIX", "ENT_TYPE", "POS", "TAG", "DEP"}


def check_pattern(pattern: list[dict], where: str) -> None:
    """Catch YAML's booleans where a word was meant (unquoted on/off/yes/no) with a clear message."""
    for i, token in enumerate(pattern):
        for key, value in token.items():
            if key.upper() not in STRING_ATTRS:
                continue
            values = [value] if not isinstance(value, dict) else [
                v for k, vs in value.items() if k in ("IN", "NOT_IN") and isinstance(vs, list) for v in vs]
            if any(isinstance(v, bool) for v in values):
                raise ConfigError(f"{where}: token {i} of a pattern has a true/false value under {key}: "
                                  "quote words like \"on\", \"off\", \"yes\" and \"no\" in YAML")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read lexicon ({exc.__class__.__name__})", path=str(path)) from exc


def bundled(name: str) -> Path:
    """The path of a bundled lexicons/ file (`name` with its extension)."""
    return data_dir("lexicons") / name


def read_entries(path: Path, *, lower: bool = False) -> list[str]:
    """The entries of a one-a-line word list: ``#`` starts a comment, blank lines are dropped."""
    out = []
    for raw in _read_text(path).splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line.lower() if lower else line)
    return out


def word_list(name: str) -> list[str]:
    """The lowercased entries of the bundled one-a-line lexicon `name` (lexicons/NAME.txt)."""
    return read_entries(bundled(f"{name}.txt"), lower=True)


@cache
def word_set(name: str) -> frozenset[str]:
    """:func:`word_list` as a set, read once per process."""
    return frozenset(word_list(name))


def read_yaml(path: Path) -> Any:
    """The data of a YAML data file; ConfigError naming the file when it cannot be read or parsed."""
    try:
        return yamlio.load(_read_text(path))
    except yamlio.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML ({str(exc).splitlines()[0]})", path=str(path)) from exc


def load_lexicon_file(path: Path) -> Lexicon:
    """Read and validate one lexicon file."""
    name = path.stem
    if path.suffix == ".txt":
        return Lexicon(name=name, path=path, entries=read_entries(path))
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a YAML lexicon must be a mapping with 'entries' and/or 'patterns'", path=str(path))
    unknown = sorted(set(data) - LEXICON_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(LEXICON_KEYS))})",
                          path=str(path), key=unknown[0])
    match = data.get("match", "lemma")
    if match not in MATCH_ATTRS:
        raise ConfigError(f"{path}: 'match' must be one of {', '.join(MATCH_ATTRS)}, not {match!r}", path=str(path), key="match")
    entries = data.get("entries") or []
    patterns = data.get("patterns") or []
    if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
        raise ConfigError(f"{path}: 'entries' must be a list of non-empty strings", path=str(path), key="entries")
    if not isinstance(patterns, list) or not all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
    ):
        raise ConfigError(f"{path}: 'patterns' must be a list of spaCy token patterns (lists of dicts)", path=str(path), key="patterns")
    for pattern in patterns:
        check_pattern(pattern, str(path))
    if not entries and not patterns:
        raise ConfigError(f"{path}: lexicon has no entries and no patterns", path=str(path))
    return Lexicon(name=name, path=path, entries=[e.strip() for e in entries], patterns=patterns,
                   match=match, description=str(data.get("description", "")))


def lexicon_files(directory: Path) -> list[Path]:
    """Lexicon files of a folder, sorted, exempt ones left out."""
    if not directory.is_dir():
        raise ConfigError(f"{directory}: lexicon folder not found", path=str(directory))
    files = [p for p in directory.iterdir() if p.suffix in (".txt", ".yaml", ".yml") and p.is_file()]
    return sorted(p for p in files if p.stem not in EXEMPT)


def load_lexicons(directories: Sequence[Path] | Iterable[Path]) -> dict[str, Lexicon]:
    """All lexicons of the folders; a later folder's lexicon replaces an earlier one of the same name."""
    out: dict[str, Lexicon] = {}
    for directory in directories:
        seen: dict[str, Path] = {}
        for path in lexicon_files(Path(directory)):
            if path.stem in seen:
                raise ConfigError(f"{path}: lexicon '{path.stem}' is also defined in {seen[path.stem].name}", path=str(path))
            seen[path.stem] = path
            out[path.stem] = load_lexicon_file(path)
    return out
