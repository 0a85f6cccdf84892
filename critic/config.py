"""Configuration: ``[tool.critic]`` in pyproject.toml or a ``.critic.toml``, nearest to the input wins.

Keys (kebab-case; snake_case is accepted too)::

    select = ["missing-quantification", ...]   # only these rules (default: all)
    ignore = ["missing-trade-off"]             # never these rules
    fail-on = "warning"                        # exit 1 at/above this severity: info|warning|error|none
    min-severity = "info"                      # hide findings below this severity
    rule-dirs = ["coach/rules"]                # extra rule folders, relative to the config file
    lexicon-dirs = ["coach/lexicons"]          # extra lexicon folders, relative to the config file
    spacy-model = "en_core_web_sm"             # a trained spaCy pipeline to use instead of the blank one
    candidate = "transcript"                   # transcripts: the candidate's speaker, or "transcript" (all one answer)
    interviewer = "Speaker 2"                  # transcripts: the interviewer's speaker

    [tool.critic.severity]                     # per-rule severity overrides
    missing-trade-off = "error"

    [tool.critic.limits]                       # parsing limits per input file
    timeout = 60        # seconds
    memory = 2048       # MB of extra address space
    max-pages = 50
    max-mb = 20
    max-items = 1000    # items judged in one document; the rest are reported as not judged

In ``.critic.toml`` the same keys sit at the top level, or under a ``[tool.critic]`` header as in
pyproject.toml (both forms are read). When one folder has both files, ``.critic.toml`` wins. Unknown keys or bad values raise ConfigError naming the file and key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from critic.errors import ConfigError
from critic.findings import SEVERITIES

CONFIG_NAMES = (".critic.toml", "pyproject.toml")
FAIL_LEVELS = (*SEVERITIES, "none")
DEFAULT_FAIL_ON = "error"
_KEYS = ("select", "ignore", "severity", "rule-dirs", "lexicon-dirs", "fail-on", "min-severity", "limits",
         "spacy-model", "candidate", "interviewer")
_LIMIT_KEYS = {"timeout": "timeout_s", "memory": "memory_mb", "memory-mb": "memory_mb", "max-pages": "max_pages",
               "max-mb": "max_mb", "max-items": "max_items"}
_INT_LIMITS = ("max_pages", "memory_mb", "max_items")


@dataclass
class Config:
    """Settings for a review; every field has a default, so ``Config()`` is the built-in behaviour."""

    path: Path | None = None  # the file it was read from
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    rule_dirs: tuple[Path, ...] = ()
    lexicon_dirs: tuple[Path, ...] = ()
    fail_on: str = DEFAULT_FAIL_ON
    min_severity: str = "info"
    limits: dict[str, float] = field(default_factory=dict)  # Limits field name -> value
    spacy_model: str | None = None
    candidate: str | None = None  # transcripts: who the candidate is (a speaker, or "transcript")
    interviewer: str | None = None  # transcripts: who the interviewer is

    def parse_limits(self) -> Any:
        """These limits as critic.parse.Limits (defaults for keys not set)."""
        from critic.parse import Limits

        values: dict[str, Any] = dict(self.limits)
        for key in _INT_LIMITS:
            if key in values:
                values[key] = int(values[key])
        return Limits(**values)

    def engine_key(self) -> tuple[Any, ...]:
        """What decides the rule engine's set-up (configs with equal keys can share one engine)."""
        return (self.select, self.ignore, tuple(sorted(self.severity.items())), self.rule_dirs,
                self.lexicon_dirs, self.spacy_model)

    def merged(self, **overrides: Any) -> Config:
        """A copy with the given fields replaced (None values are ignored)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _fail(path: Path, key: str, problem: str, rule: str | None = None) -> ConfigError:
    return ConfigError(f"{path}: {key}: {problem}", path=str(path), key=key, rule=rule)


def _norm(key: str) -> str:
    return key.replace("_", "-")


def _str_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, key, "expected a list of strings")
    return tuple(v.strip() for v in value)


def _severity(path: Path, key: str, value: Any, allowed: tuple[str, ...] = SEVERITIES,
              rule: str | None = None) -> str:
    if not isinstance(value, str) or value.lower() not in allowed:
        raise _fail(path, key, f"expected one of {', '.join(allowed)}, got {value!r}", rule)
    return value.lower()


def _dirs(path: Path, key: str, value: Any) -> tuple[Path, ...]:
    out = []
    for raw in _str_list(path, key, value):
        folder = Path(raw).expanduser()
        if not folder.is_absolute():
            folder = path.parent / folder
        if not folder.is_dir():
            raise _fail(path, key, f"folder {raw!r} does not exist")
        out.append(folder.resolve())
    return tuple(out)


def from_table(table: Mapping[str, Any], path: Path) -> Config:
    """Validate one ``[tool.critic]`` table (or a .critic.toml's top level) read from path."""
    cfg = Config(path=path)
    for raw_key, value in table.items():
        key = _norm(raw_key)
        if key not in _KEYS:
            raise _fail(path, raw_key, f"unknown key (known: {', '.join(_KEYS)})")
        if key == "select":
            cfg.select = _str_list(path, raw_key, value)
        elif key == "ignore":
            cfg.ignore = _str_list(path, raw_key, value)
        elif key == "severity":
            if not isinstance(value, Mapping):
                raise _fail(path, raw_key, "expected a table of rule id = severity")
            cfg.severity = {str(r): _severity(path, f"severity.{r}", s, rule=str(r)) for r, s in value.items()}
        elif key == "rule-dirs":
            cfg.rule_dirs = _dirs(path, raw_key, value)
        elif key == "lexicon-dirs":
            cfg.lexicon_dirs = _dirs(path, raw_key, value)
        elif key == "fail-on":
            cfg.fail_on = _severity(path, raw_key, value, FAIL_LEVELS)
        elif key == "min-severity":
            cfg.min_severity = _severity(path, raw_key, value)
        elif key == "spacy-model":
            if not isinstance(value, str) or not value.strip():
                raise _fail(path, raw_key, "expected a spaCy pipeline name")
            cfg.spacy_model = value.strip()
        elif key in ("candidate", "interviewer"):
            if not isinstance(value, str) or not value.strip():
                raise _fail(path, raw_key, "expected a speaker name")
            setattr(cfg, key, value.strip())
        elif key == "limits":
            if not isinstance(value, Mapping):
                raise _fail(path, raw_key, f"expected a table ({', '.join(_LIMIT_KEYS)})")
            for lk, lv in value.items():
                name = _LIMIT_KEYS.get(_norm(lk))
                if name is None:
                    raise _fail(path, f"limits.{lk}", f"unknown key (known: {', '.join(_LIMIT_KEYS)})")
                if isinstance(lv, bool) or not isinstance(lv, int | float) or lv <= 0:
                    raise _fail(path, f"limits.{lk}", f"expected a positive number, got {lv!r}")
                cfg.limits[name] = float(lv)
    return cfg


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}", path=str(path)) from None


def _critic_table(path: Path, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """pyproject.toml: its [tool.critic] table. Other files (.critic.toml): the top level, or a
    [tool.critic] table when that is all the file holds (a snippet copied from a pyproject.toml)."""
    tool = data.get("tool")
    if path.name != "pyproject.toml" and not (set(data) == {"tool"} and isinstance(tool, Mapping)
                                               and set(tool) == {"critic"}):
        return data
    table = tool.get("critic") if isinstance(tool, Mapping) else None
    if table is not None and not isinstance(table, Mapping):
        raise ConfigError(f"{path}: tool.critic: expected a table", path=str(path), key="tool.critic")
    return table


def load_config(path: str | Path) -> Config:
    """Read a config file given explicitly (``--config``): .critic.toml or a pyproject with [tool.critic]."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: config file not found", path=str(p))
    table = _critic_table(p, _read_toml(p))
    if table is None:
        raise ConfigError(f"{p}: no [tool.critic] table", path=str(p))
    return from_table(table, p)


def find_config(start: str | Path) -> Path | None:
    """The nearest config file walking up from start (a folder, or a file's folder); None when none."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        dot = folder / ".critic.toml"
        if dot.is_file():
            return dot
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _critic_table(pyproject, _read_toml(pyproject)) is not None:
            return pyproject
    return None


def config_for(source: str | Path) -> Config:
    """The config that applies to an input file: the nearest one found from its folder, else defaults."""
    found = find_config(Path(source).parent if not Path(source).is_dir() else Path(source))
    return load_config(found) if found else Config()
