"""A fix session: one reviewed file, its raised edits in rank order, and the changes accepted so far."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from critic.fix.core import Change, Check, Edit, edits, fill, recheck
from critic.fix.writers import change_log, default_format, write
from critic.report import Report

if TYPE_CHECKING:
    from critic.engine import Engine


@dataclass
class FixSession:
    """A reviewed document being improved: the report, the engine that re-checks, the file's bytes."""

    report: Report
    engine: Engine
    data: bytes
    edits: list[Edit] = field(default_factory=list)
    accepted: dict[str, Change] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.edits:
            self.edits = edits(self.report)

    @property
    def source(self) -> str:
        return self.report.source

    def edit(self, item_id: str) -> Edit:
        for e in self.edits:
            if e.result.item.id == item_id:
                return e
        raise KeyError(item_id)

    def check(self, item_id: str, answers: Mapping[str, str], wording: str | None = None) -> tuple[str, Check]:
        """The item's GOOD filled with answers (or the person's own wording) and its re-check.

        The sentences the rewrite suggests as bullets of their own stay after the filled GOOD, so accepting it
        never drops the candidate's other sentences (the person's own wording replaces the whole bullet)."""
        e = self.edit(item_id)
        typed = [str(v) for v in answers.values()]
        if wording is not None and wording.strip():
            text = " ".join(wording.split())
            typed.append(text)
            return text, recheck(self.engine, e.result.item, text, e.rules, typed)
        text = fill(e.rewrite, answers)
        check = recheck(self.engine, e.result.item, text, e.rules, typed)
        return " ".join([text, *e.rewrite.split]), check

    def accept(self, item_id: str, text: str, check: Check) -> Change:
        """Record an accepted change (only a passing re-check may be accepted)."""
        if not check.ok:
            raise ValueError(f"{item_id}: {check.reason}")
        item = self.edit(item_id).result.item
        change = Change(item_id, item.section, item.text, text, check.cleared)
        self.accepted[item_id] = change
        return change

    def withdraw(self, item_id: str) -> None:
        """Forget an accepted change."""
        self.accepted.pop(item_id, None)

    def changes(self) -> list[Change]:
        """The accepted changes in reading order."""
        order = {r.item.id: i for i, r in enumerate(self.report.items)}
        return sorted(self.accepted.values(), key=lambda c: order.get(c.item_id, len(order)))

    def output(self, fmt: str | None = None) -> tuple[bytes, list[str]]:
        """The improved resume in fmt (default: the input's own format, Markdown for PDF), and the ids of
        changes that could not be placed."""
        return write(self.report.document, self.data, self.changes(), fmt or default_format(self.report.document))

    def log(self) -> str:
        """The change log as Markdown."""
        return change_log(self.changes())


def open_session(source: str | Path | bytes, *, name: str | None = None, config: Any = None,
                 limits: Any = None) -> FixSession:
    """Parse (in the sandbox) and review a file or its bytes, ready to fix."""
    from critic.api import build_report, engine_for, resolve_config
    from critic.errors import InputError
    from critic.parse import parse, read_input

    cfg = resolve_config(source, config)
    limits = limits if limits is not None else cfg.parse_limits()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        data = read_input(source, limits)
        name = name or str(source)
    doc = parse(data, name=name, limits=limits)
    if doc.kind != "resume":
        raise InputError(doc.source, "an interview transcript: fix improves resumes "
                                     "(practise answers with `critic drill`)")
    engine = engine_for(cfg)
    return FixSession(build_report(doc, engine, min_severity=cfg.min_severity), engine, data)
