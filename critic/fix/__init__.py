"""From critique to a better resume: fill the placeholders with the person's answers, re-check each
filled bullet, and write the improved resume with a change log."""

from __future__ import annotations

from critic.fix.core import Change, Check, Edit, edits, fill, invented_numbers, recheck
from critic.fix.session import FixSession, open_session
from critic.fix.writers import FORMATS, change_log, write

__all__ = ["FORMATS", "Change", "Check", "Edit", "FixSession", "change_log", "edits", "fill", "invented_numbers",
           "open_session", "recheck", "write"]
