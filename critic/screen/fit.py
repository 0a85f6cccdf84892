"""Target-role fit: do the resume's titles read as the role being screened for?

A recruiter screening for an AI product manager reads the current title and the line under the name
first. Each is put in a role family (signals.yaml: product, engineering, data, design, ...); the
resume targets another role when what it shows belongs to other families and none is the target's.
The target is "AI product manager" unless `--role` names another or `--jd` gives a job description
(its first line naming a role).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from critic import yamlio
from critic.errors import ConfigError
from critic.lexicons import read_yaml

DEFAULT_ROLE = "AI product manager"
_DATA = Path(__file__).with_name("signals.yaml")


@dataclass(frozen=True)
class Fit:
    """How the resume's titles read against the role screened for."""

    role: str  # the role screened for
    family: str | None  # its family
    reads_as: str | None  # the family the resume's titles show (None when they show none)
    evidence: str  # the title or headline read
    fits: bool | None  # None when the titles show no family, or the target has none

    @property
    def other_role(self) -> bool:
        return self.fits is False

    def to_dict(self) -> dict[str, object]:
        return {"role": self.role, "family": self.family, "reads_as": self.reads_as, "evidence": self.evidence,
                "fits": self.fits}


@lru_cache(maxsize=1)
def families() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(family, pattern of its phrases), in file order."""
    try:
        raw = read_yaml(_DATA)["role_families"]
        out = []
        for name, phrases in raw.items():
            alt = "|".join(sorted((re.escape(str(p)) for p in phrases), key=len, reverse=True))
            out.append((str(name), re.compile(rf"(?<![\w.])(?:{alt})(?![\w])", re.IGNORECASE)))
    except (OSError, KeyError, TypeError, AttributeError, re.error, yamlio.YAMLError) as exc:
        raise ConfigError(f"{_DATA.name}: unreadable role families ({exc})") from exc
    return tuple(out)


def family_of(text: str | None) -> str | None:
    """The family a title or role names (the first whose phrase it contains), else None."""
    if not text:
        return None
    text = text.replace("-", " ")
    return next((name for name, pattern in families() if pattern.search(text)), None)


def target_from_jd(jd_text: str) -> str:
    """The role a job description is for: its first short line naming a role family, else the default."""
    for line in jd_text.splitlines()[:15]:
        line = line.strip(" #*:-\t")
        if line and len(line.split()) <= 10 and family_of(line):
            return line
    return DEFAULT_ROLE


def role_fit(titles: list[str | None], target: str = DEFAULT_ROLE) -> Fit:
    """Fit of the titles a recruiter reads first (current title, then the headline) to the target."""
    family = family_of(target)
    shown = [(t, family_of(t)) for t in titles if t]
    known = [(t, f) for t, f in shown if f is not None]
    if family is None or not known:
        return Fit(target, family, None, known[0][0] if known else "", None)
    match = next(((t, f) for t, f in known if f == family), None)
    if match is not None:
        return Fit(target, family, family, match[0], True)
    return Fit(target, family, known[0][1], known[0][0], False)


def target_role(role: str | None, jd_text: str | None) -> str:
    """The role screened for: the one named, else the job description's, else the default."""
    if role and role.strip():
        return " ".join(role.split())
    if jd_text:
        return target_from_jd(jd_text)
    return DEFAULT_ROLE
