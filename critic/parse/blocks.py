"""The intermediate form every layout parser (PDF, DOCX, text, Markdown) emits.

A parser turns its format into logical blocks in reading order: a bullet whose lines wrapped
(even over a page break) is ONE block; a heading is one block. `critic.parse.structure.build`
then assigns sections, entries and items from the blocks, the same way for every format.
"""

from __future__ import annotations

from dataclasses import dataclass

from critic.model import Box

BLOCK_KINDS = ("heading", "bullet", "line", "blank")


@dataclass
class Block:
    """One logical unit of text as laid out in the source."""

    text: str
    kind: str = "line"  # heading | bullet | line | blank
    page: int | None = None  # 1-based (paged formats)
    box: Box | None = None  # union box of the block's lines on its first page
    line: int | None = None  # 1-based source line (text formats)
    size: float = 0.0  # font size (PDF/DOCX) or 0 when unknown
    bold: bool = False
    heading_level: int = 0  # explicit level (Markdown "#", DOCX Heading n), 0 when none
    marker: str = ""  # the bullet marker as found ("•", "-", "1.", "\uf0b7", ...)
    column: int = 0  # the page column the block starts in (PDF), 0 when one column or unknown
