"""The case the screen judges: a document's sheet, data points and signals, and how to judge it.

Shared by the screen (core) and the edit search (edits), which tries changes on copies of a case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from critic.model import Document
from critic.screen.fit import DEFAULT_ROLE, Fit, family_of, role_fit
from critic.screen.locate import Located, locate
from critic.screen.reading import Reading, ReadingModel, simulate
from critic.screen.sheet import Sheet, build_sheet
from critic.screen.signals import Signal, sheet_signals
from critic.screen.verdict import Judgement, judge


@dataclass
class Case:
    """Everything the reading model and the verdict need; edits make changed copies of it."""

    doc: Document
    sheet: Sheet
    located: Located
    signals: dict[str, list[Signal]]
    fit: Fit | None = None  # the titles against the role screened for

    def copy(self) -> Case:
        targets = {k: replace(t, lines=list(t.lines)) for k, t in self.located.targets.items()}
        located = replace(self.located, targets=targets, hunt=list(self.located.hunt),
                          current_bullets=list(self.located.current_bullets), roles=list(self.located.roles))
        return Case(self.doc, self.sheet.copy(), located, {k: list(v) for k, v in self.signals.items()}, self.fit)


def evaluate(case: Case, model: ReadingModel) -> tuple[Reading, Judgement]:
    """Simulate the glance over a case and judge it."""
    reading = simulate(case.sheet.lines, case.located.hunt, case.located.current_role_lines, case.located.current_bullets,
                       model)
    return reading, judge(case.located, case.sheet, reading, case.signals, case.fit)


def prepare(doc: Document, *, spacy_model: str | None = None, target_role: str = DEFAULT_ROLE) -> Case:
    """The case for a parsed document (layout, data points, signals, fit to the role screened for)."""
    sheet = build_sheet(doc)
    located = locate(doc, sheet)
    headline = next((ln.text for ln in sheet.lines if ln.role == "headline" and ln.page == 1), None)
    current = located.titles[0] if located.titles else None
    read = [current, headline] if (family_of(current) or family_of(headline)) else located.titles[1:]
    fit = role_fit(read, target_role)
    return Case(doc, sheet, located, sheet_signals(doc, sheet, model=spacy_model), fit)
