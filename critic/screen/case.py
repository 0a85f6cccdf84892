"""The case the screen judges: a document's sheet, data points and signals, and how to judge it.

Shared by the screen (core) and the edit search (edits), which tries changes on copies of a case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from critic.model import Document
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
    target_role: str = ""  # the role screened for (critic.screen.fit)

    def copy(self) -> Case:
        targets = {k: replace(t, lines=list(t.lines)) for k, t in self.located.targets.items()}
        located = replace(self.located, targets=targets, hunt=list(self.located.hunt),
                          current_bullets=list(self.located.current_bullets), roles=list(self.located.roles))
        return Case(self.doc, self.sheet.copy(), located, {k: list(v) for k, v in self.signals.items()},
                    self.target_role)


def evaluate(case: Case, model: ReadingModel) -> tuple[Reading, Judgement]:
    """Simulate the glance over a case and judge it."""
    reading = simulate(case.sheet.lines, case.located.hunt, case.located.current_role_lines, case.located.current_bullets,
                       model)
    return reading, judge(case.located, case.sheet, reading, case.signals)


def prepare(doc: Document, *, spacy_model: str | None = None) -> Case:
    """The case for a parsed document (layout, data points, signals)."""
    sheet = build_sheet(doc)
    return Case(doc, sheet, locate(doc, sheet), sheet_signals(doc, sheet, model=spacy_model))
