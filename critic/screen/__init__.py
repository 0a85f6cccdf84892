"""`critic screen`: a 6-second recruiter screen simulated on the parsed page-1 layout.

>>> from critic.screen import screen_path                    # doctest: +SKIP
>>> result = screen_path("resume.pdf")                       # doctest: +SKIP
>>> result.verdict, result.glance_text                        # doctest: +SKIP

The reading model and the verdict rules are documented in docs/screen-model.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from critic.screen.core import ScreenResult, screen_document
from critic.screen.reading import ReadingModel

__all__ = ["ReadingModel", "ScreenResult", "screen_document", "screen_path"]


def screen_path(source: str | Path, model: ReadingModel | None = None, *, jd_text: str | None = None,
                score: bool = True, limits: Any = None, spacy_model: str | None = None,
                role: str | None = None) -> ScreenResult:
    """Parse a resume file and screen it for `role` (by default the job description's role, else an AI
    product manager); jd_text adds job-description keyword coverage."""
    from critic.parse import parse
    from critic.screen.fit import target_role

    doc = parse(source, limits=limits)
    result = screen_document(doc, model, spacy_model=spacy_model, target_role=target_role(role, jd_text))
    if jd_text is not None:
        attach_jd(result, doc, jd_text)
    if score:
        result.critique_score = critique_score(doc, source)
    return result


def attach_jd(result: ScreenResult, doc: Any, jd_text: str, jd_source: str = "") -> None:
    """Add job-description keyword coverage to a result (beside the verdict, not in it)."""
    from critic.screen.jd import coverage

    parts = [doc.name or ""] + [s.title for s in doc.sections]
    parts += [e.header for s in doc.sections for e in s.entries]
    parts += [i.text for i in doc.items()]
    result.jd = coverage(jd_text, "\n".join(p for p in parts if p), result.glance_text, jd_source)


def critique_score(doc: Any, source: str | Path) -> float:
    """critic's review score (0-100) of the parsed document, with the config found for the file."""
    from critic.api import build_report, engine_for
    from critic.config import config_for

    config = config_for(source)
    return float(build_report(doc, engine_for(config), min_severity=config.min_severity).score)
