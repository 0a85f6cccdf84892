"""Reading confidence: mark items the parser probably did not read whole.

A reader notices a bullet that starts mid-sentence, one that stops on "and" or a hyphen, a number
standing alone, or several bullets run together. Such items carry `read = "cut"` or `"merged"` and a
short `read_note`; later stages set them aside rather than critique a reading fault.
"""

from __future__ import annotations

import re

from critic.model import Document, Item

JUDGED_KINDS = ("bullet", "summary")
NOT_JUDGED_TYPES = ("skill", "honour", "publication", "education", "context")
MERGED_WORDS = 90  # longer than any bullet a person writes: several items read as one
_DANGLING = frozenset(
    "and or but nor the a an to of with for in on by at from as into via than that which who whose "
    "including such like across between through over under our their its my your is are was were".split()
)
_NUMBER_ONLY_RE = re.compile(r"[\W_]*[$€£]?\d[\d.,]*\s*(?:%|[kmb]|x|\+)?[\W_]*", re.I)
_INNER_GLYPH_RE = re.compile(r"\s[•▪●◦‣➢■►▶➤❖◆⁃]\s")
_MIXED_CASE_RE = re.compile(r"[a-z][\w.-]*[A-Z]")  # iOS, eBay, n2N: a lowercase start that is the word's spelling


def diagnose(item: Item) -> tuple[str, str | None]:
    """('whole', None), or ('cut' | 'merged', why) from the item's text alone."""
    text = item.text.strip()
    if not text:
        return "whole", None
    if _NUMBER_ONLY_RE.fullmatch(text):
        return "cut", "a number alone: probably torn from the line above"
    first = text.split()[0]
    if text[0].islower() and not _MIXED_CASE_RE.match(first) and "." not in first:
        return "cut", "starts in lower case: probably the tail of the line above"
    last = text.split()[-1]
    if text.endswith(("-", "‐")) and not text.endswith("--"):
        return "cut", f"ends on {text[-1]!r}: probably continues on the next line"
    if last.lower() in _DANGLING and len(text.split()) > 1:
        return "cut", f"ends on {last!r}: probably continues on the next line"
    if _INNER_GLYPH_RE.search(text):
        return "merged", "a bullet mark inside: probably several items read as one"
    if len(text.split()) > MERGED_WORDS and item.kind == "bullet":
        return "merged", f"over {MERGED_WORDS} words: probably several items read as one"
    return "whole", None


def mark_reading(doc: Document) -> None:
    """Set read/read_note on every judged item of a resume (transcripts keep theirs)."""
    if doc.kind == "transcript":
        return
    for item in doc.items():
        if item.kind in JUDGED_KINDS and item.type not in NOT_JUDGED_TYPES and item.read == "whole":
            item.read, item.read_note = diagnose(item)


def unread(doc: Document) -> list[Item]:
    """Items not read whole, in reading order."""
    return [i for i in doc.items() if i.read != "whole"]
