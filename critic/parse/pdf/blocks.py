"""Reading-ordered PDF lines -> Blocks: running headers dropped, bullets found and joined, headings marked.

A line that starts with a bullet marker starts a bullet block; a following line without a marker joins it
when it sits where the bullet's wrapped text would (aligned with the bullet's text, same size, normal
line spacing) and the previous line was full: its first word would not have fitted on it. That test
also joins a bullet continuing at the top of the next page and the wrapped lines of a paragraph.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from critic.model import Box, Document
from critic.parse.blocks import Block
from critic.parse.claims import opens_claim
from critic.parse.pdf.layout import PageLine, is_letter_o_bullet
from critic.parse.pdf.text import (
    PUA_BULLETS,
    SOFT,
    STRONG_BULLETS,
    TEXT,
    WEAK_BULLETS,
    Glyph,
    Word,
    join_hyphenated,
    normalise_spaces,
)

_NUMBERED = re.compile(r"^(\d{1,2}[.)]|\(\d{1,2}\)|\[\d{1,2}\]|\([a-z]\)|[a-z]\))$")
_PAGE_NUMBER = re.compile(
    r"^(page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(\s*(of|/|von|de)\s*\d{1,3})?$|^page\s+\d{1,3}\b.*$", re.I
)
_ITALIC = re.compile(r"italic|oblique|-it$|it$|cmti|cmsl", re.I)
_SENTENCE_END = (".", "!", "?", ":", ";")
_RUNS_ON = re.compile(r"([,;&/(\-–—]|\b(and|or|of|the|to|with|for|in|on|at|by|a|an|as|from|into|via))$", re.I)


def body_size(glyphs: Iterable[Glyph]) -> float:
    """The document's body font size: the size most characters are set in."""
    # exact sizes first (a document uses only a few), counted in C
    by_size = Counter([g.size for g in glyphs if g.kind == TEXT and g.text.strip()])
    counts: dict[float, int] = {}
    for size, n in by_size.items():
        key = round(size * 2) / 2
        counts[key] = counts.get(key, 0) + n
    if not counts:
        return 10.0
    return max(sorted(counts), key=counts.__getitem__)


def line_text_for_layout(ln: PageLine) -> str:
    """A line's text as laid out, for Page.lines: bullet glyphs kept, icon-font glyphs left out."""
    return normalise_spaces(" ".join(w.text for w in ln.words if not w.icon))


@dataclass
class LogicalLine:
    """A line (or one bullet of a row of bullets) ready for block building."""

    src: PageLine
    words: list[Word]
    marker: str = ""
    text: str = ""
    ends_soft: bool = False
    heading: bool = False
    x0: float = 0.0  # where the text (after any marker) starts
    marker_x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    tabbed: bool = False  # several segments on one row: an entry header, never a wrapped line
    first_word_width: float = 0.0
    glyphs: list[Glyph] = field(default_factory=list)
    bold_glyphs: int = 0  # how many of the glyphs are bold

    @property
    def page(self) -> int:
        return self.src.page


@functools.lru_cache(maxsize=1024)
def _is_italic(font: str) -> bool:
    return bool(_ITALIC.search(font))


# Wide gaps inside a row (a title and its right-aligned dates) become a tab: the structure builder
# splits entry headers into fields there; items see a plain space.
SEGMENT_JOIN = "\t"


def _tidy(text: str) -> str:
    """Collapse runs of spaces, keep tabs (one, without spaces around them), strip the ends."""
    text = re.sub(r" *\t[\t ]*", "\t", text)
    return re.sub(r" {2,}", " ", text).strip(" \t")


_PUNCT_WORD = re.compile(r"^[.,;:!?)\]%'’”]+$")
_LEADERS = re.compile(r"[-–—._·]{4,}|(\. ){3,}")


def _make_line(src: PageLine, words: list[Word], marker: str, marker_x0: float, tabbed: bool,
               seg_starts: set[int] | frozenset[int] = frozenset()) -> LogicalLine | None:
    """A logical line from words; segments of one row (title ... dates) are joined with a tab."""
    parts: list[str] = []
    kept: list[Word] = []
    for w in words:
        if w.icon or not w.text.strip():
            continue
        t = w.text
        # A bare closing mark after an italic correction or a dropped icon: "Sizes ." -> "Sizes."
        if parts and not w.space_before and _PUNCT_WORD.match(t):
            parts[-1] += t
        elif parts and id(w) in seg_starts:
            parts.append(SEGMENT_JOIN + t)
        else:
            parts.append(t)
        kept.append(w)
    words = kept
    text = _tidy(" ".join(parts))
    if not words or not any(c.isalnum() for c in text):
        return None
    glyphs = [g for w in words for g in w.glyphs]
    last = words[-1].glyphs[-1]
    bold = italic = 0
    font, slanted = None, False
    for g in glyphs:
        if g.bold:
            bold += 1
        if g.font != font:
            font = g.font
            slanted = _is_italic(font)
        if slanted:
            italic += 1
    n = len(glyphs)
    return LogicalLine(
        src=src, words=words, marker=marker, text=text, ends_soft=last.kind == SOFT,
        x0=words[0].x0, marker_x0=marker_x0 if marker else words[0].x0, x1=max(w.x1 for w in words),
        top=min(w.top for w in words), bottom=max(w.bottom for w in words), size=src.size,
        bold=bool(glyphs) and bold * 2 > n, italic=bool(glyphs) and italic * 2 > n,
        tabbed=tabbed or bool(_LEADERS.search(text)), first_word_width=words[0].x1 - words[0].x0,
        glyphs=glyphs, bold_glyphs=bold,
    )


def _split_marker(w: Word) -> tuple[str, Word | None]:
    """(marker, rest-of-word) for a word starting with a strong bullet glyph ("•Selenium")."""
    t = w.text
    if not t or not (t[0] in STRONG_BULLETS or t[0] in PUA_BULLETS):
        return "", w
    if len(w.glyphs) == 1 or len(t) == 1:
        return t[0], None
    rest = Word(w.glyphs[1:], space_before=True, gap_before=w.glyphs[1].x0 - w.glyphs[0].x1).finish()
    return t[0], rest


def _separator(w: Word) -> Word:
    """A middle dot standing where a bullet glyph separated items inside a line."""
    g = w.glyphs[0]
    dot = Glyph("\u00b7", TEXT, g.x0, g.x1, g.top, g.bottom, g.size, g.font, g.bold, g.seq)
    return Word([dot], space_before=w.space_before, gap_before=w.gap_before).finish()


def logical_lines(lines: list[PageLine], icon_starts: Counter[str]) -> list[LogicalLine]:
    """Find bullet markers and split rows of bullets; strip icons; inline bullet separators become '·'."""
    out: list[LogicalLine] = []
    for ln in lines:
        words = list(ln.words)
        tabbed = len(ln.segments) > 1
        seg_starts = {id(s.words[0]) for s in ln.segments[1:]}
        if not words:
            continue
        marker, marker_x0 = "", words[0].x0
        first = words[0]
        if first.icon:
            if icon_starts[first.text] >= 2 and len(words) > 1:
                marker = "\u2022" if first.glyphs[0].font == "vector" else first.text
            words = words[1:]
        else:
            m, rest = _split_marker(first)
            if m and (rest is not None or len(words) > 1):
                marker = m
                words = ([rest] if rest is not None else []) + words[1:]
            elif (first.text in WEAK_BULLETS or is_letter_o_bullet(first)) and len(words) > 1 \
                    and words[1].x0 - first.x1 > 0.1 * first.size:
                marker = first.text
                words = words[1:]
            elif _NUMBERED.match(first.text) and len(words) > 1:
                marker = first.text
                words = words[1:]
        # Split a row of bullets ("• SQL • Python") and turn other inline bullet glyphs into separators.
        pieces: list[tuple[str, float, list[Word]]] = [(marker, marker_x0, [])]
        for w in words:
            if w.icon:
                pieces[-1][2].append(w)  # dropped when the line's text is made (_make_line)
                continue
            m, rest = _split_marker(w)
            if m and marker and m == marker and pieces[-1][2]:
                pieces.append((m, w.x0, [rest] if rest is not None else []))
                continue
            if m:  # a bullet glyph inside a line separates items: "Python • SQL" -> "Python · SQL"
                pieces[-1][2].append(_separator(w))
                if rest is None:
                    continue
                w = rest
            pieces[-1][2].append(w)
        for m, mx0, ws in pieces:
            ll = _make_line(ln, ws, m, mx0, tabbed, seg_starts)
            if ll is not None:
                out.append(ll)
    return out


_CONTACTISH = re.compile(r"@|https?:|www\.|\.com\b|\d{3}[-. )]\d{3}")
_CONTACT_TOKEN = re.compile(r"@\w|^https?:|^www\.|\.(com|org|net|io|dev|me)(/|$)")
_LINK_END = re.compile(r"(^|\s)(https?://|www\.|[\w.-]+\.(com|org|net|io|dev|me)/)\S*-$")


def _style(ll: LogicalLine) -> tuple[float, bool, bool]:
    letters = [c for c in ll.text if c.isalpha()]
    caps = bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    return (round(ll.size * 2) / 2, ll.bold, caps)


def _is_heading(ll: LogicalLine, body: float, prev: LogicalLine | None, nxt: LogicalLine | None) -> bool:
    """Heading by layout: clearly larger than body text, or a short bold / ALL-CAPS line on its own.

    `prev` and `nxt` are the neighbouring lines of the same column when they are close above / below.
    A bold or capitalised line standing in a run of lines of the same style (a list of bold award
    names) is not a heading unless extra space sets it off from the line above.
    """
    if ll.marker or ll.tabbed:
        return False
    text = ll.text
    if _CONTACTISH.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    n_words = len(text.split())
    if _strong_heading(ll, body) and n_words <= 10 and len(text) <= 80:
        return True
    if n_words > 6 or len(text) > 60 or text.endswith((".", ",", ";")) or not text[0].isalpha():
        return False
    if any(c.isdigit() for c in text):
        return False
    style = _style(ll)
    if not (ll.bold or (style[2] and len(letters) >= 3)):
        return False
    em = max(ll.size, 1.0)
    spaced_above = prev is None or ll.top - prev.bottom > 0.6 * em
    if spaced_above:
        return True
    return _style(prev) != style and (nxt is None or _style(nxt) != style)


def _neighbour(lls: list[LogicalLine], i: int, step: int) -> LogicalLine | None:
    """The line just above (step -1) or below (step 1) lls[i] in the same column, if close."""
    j = i + step
    if not 0 <= j < len(lls):
        return None
    a, b = lls[i], lls[j]
    if a.page != b.page or a.src.column != b.src.column or a.src.region_right != b.src.region_right:
        return None
    upper, lower = (b, a) if step < 0 else (a, b)
    gap = lower.top - upper.bottom
    return upper if step < 0 and -0.5 * a.size < gap < 2.5 * a.size else (
        lower if step > 0 and -0.5 * a.size < gap < 2.5 * a.size else None)


def _running_lines(lines: list[PageLine], texts: dict[int, str], sizes: dict[int, tuple[float, float]]) -> set[int]:
    """ids of running headers/footers (same text at the same place on several pages) and page numbers."""
    drop: set[int] = set()
    pages = sorted({ln.page for ln in lines})
    by_key: dict[str, list[PageLine]] = {}
    for ln in lines:
        text = texts.get(id(ln), "")
        if not text:
            continue
        _, height = sizes[ln.page]
        zone = ln.top < 0.15 * height or ln.bottom > 0.85 * height
        if not zone:
            continue
        if _PAGE_NUMBER.match(text.strip()):
            drop.add(id(ln))
            continue
        key = re.sub(r"\d+", "#", re.sub(r"\s+", "", text.lower()))
        by_key.setdefault(key, []).append(ln)
    if len(pages) >= 2:
        for group in by_key.values():
            on = {ln.page for ln in group}
            if len(on) < 2 or len(on) * 2 < len(pages):
                continue
            tops = [ln.top for ln in group]
            height = sizes[group[0].page][1]
            if max(tops) - min(tops) <= 0.03 * height:
                drop.update(id(ln) for ln in group)
    return drop


def _duplicates(lines: list[PageLine], texts: dict[int, str]) -> set[int]:
    """Lines drawn twice a few points apart (shadow effects): keep the first."""
    drop: set[int] = set()
    for i, a in enumerate(lines):
        ta = texts.get(id(a))
        if not ta or id(a) in drop:
            continue
        for b in lines[i + 1 : i + 6]:
            if b.page == a.page and texts.get(id(b)) == ta and abs(b.x0 - a.x0) <= 1.5 * a.size \
                    and abs(b.top - a.top) <= 1.2 * a.size:
                drop.add(id(b))
    return drop


@dataclass
class Edges:
    """Right edges that text wraps at, per column region and indent.

    Bullets may wrap narrower than other text of the same column (a right indent, a text box), so a
    line's wrap edge is the furthest any line starting at the same indent reaches; a title row with
    right-aligned dates does not count.
    """

    starts: dict[tuple[int, int, float], list[tuple[float, float]]] = field(default_factory=dict)

    @staticmethod
    def key(ll: LogicalLine) -> tuple[int, int, float]:
        return (ll.page, ll.src.column, round(ll.src.region_right, 1))

    def add(self, ll: LogicalLine) -> None:
        if not ll.tabbed:
            start = ll.marker_x0 if ll.marker else ll.x0
            self.starts.setdefault(self.key(ll), []).append((start, ll.x1))

    def edge(self, block: list[LogicalLine]) -> float:
        head = block[0]
        indents = {head.marker_x0, head.x0} | {ll.x0 for ll in block[1:]}
        right = block[-1].src.region_right
        far: float | None = None  # the furthest right edge of lines starting at one of the indents
        for start, x1 in self.starts.get(self.key(block[-1]), ()):
            if far is not None and not x1 > far:
                continue
            for i in indents:
                if abs(start - i) <= 1.5:
                    far = x1
                    break
        if far is None:
            return right
        return right if right < far else far  # min(far, right)


def _would_fit(block: list[LogicalLine], nxt: LogicalLine, edges: Edges) -> bool:
    """Whether the next line's first word would have fitted at the end of the block's last line: then
    that line was not full and the break was not a wrap."""
    prev = block[-1]
    space = 0.25 * prev.size
    return prev.x1 + space + nxt.first_word_width <= edges.edge(block) - 0.5


def _strong_heading(ll: LogicalLine, body: float) -> bool:
    """A heading by size, which never continues a paragraph."""
    return ll.size >= body * 1.12 and ll.size >= body + 1.0


def _continues(block: list[LogicalLine], nxt: LogicalLine, edges: Edges, *, same_page_only: bool,
               heading: bool) -> bool:
    """Whether nxt is a wrapped continuation of the block whose last line is block[-1].

    `heading` tells whether nxt counts as a heading here (then it starts a new block, unless the block
    itself is a heading that wrapped).
    """
    prev = block[-1]
    head = block[0]
    if nxt.marker or nxt.tabbed or prev.tabbed or (heading and not head.heading):
        return False
    if abs(nxt.size - prev.size) > 0.6:
        return False
    em = max(prev.size, 1.0)
    if nxt.page == prev.page:
        if nxt.src.column != prev.src.column or nxt.src.region_right != prev.src.region_right:
            return False
        gap = nxt.top - prev.bottom
        if gap < -0.3 * em or gap > 0.75 * em:
            return False
        if len(block) >= 2:  # keep the block's own line spacing
            pitch = block[1].top - block[0].top
            if abs((nxt.top - prev.top) - pitch) > 0.35 * em:
                return False
    else:
        if same_page_only or nxt.page != prev.page + 1:
            return False
    if head.marker:
        if nxt.x0 < head.marker_x0 - 1.0 or nxt.x0 > head.x0 + 1.5 * em:
            return False
    else:
        if not head.heading and (nxt.bold != prev.bold or nxt.italic != prev.italic):
            return False
        ref = block[1].x0 if len(block) >= 2 else head.x0
        runs_lower = nxt.text[:1].islower() and not prev.text.endswith(_SENTENCE_END)
        aligned = abs(nxt.x0 - ref) <= 0.6 * em
        indented_first = len(block) == 1 and head.x0 - 3 * em <= nxt.x0 < head.x0
        hanging = len(block) == 1 and head.x0 < nxt.x0 <= head.x0 + 3 * em and runs_lower
        wide = prev.x1 - prev.x0 >= 0.6 * (prev.src.region_right - prev.src.region_left)
        centred = (abs((nxt.x0 + nxt.x1) - (prev.x0 + prev.x1)) <= 2 * em and runs_lower and wide
                   and not _CONTACTISH.search(prev.text + " " + nxt.text))
        if not (aligned or indented_first or hanging or centred):
            return False
    if _CONTACT_TOKEN.search(prev.text.split()[-1]) and _CONTACT_TOKEN.search(nxt.text.split()[0]) \
            and not prev.text.endswith("-"):
        return False  # an e-mail address, then a profile link: two contact lines
    first = nxt.text[:1]
    lower = first.islower() or (first.isalpha() and not first.isupper())  # caseless scripts (CJK) run on
    if prev.text.count("(") > prev.text.count(")") and nxt.text.count(")") > nxt.text.count("("):
        return True  # "Spanish (Professional Working" / "Proficiency)": the bracket closes on this line
    runs_on = not prev.text.endswith(_SENTENCE_END)
    if prev.text.endswith("-") and prev.text[-2:-1].isalpha() and nxt.text[:1].isalnum():
        return True  # a line ending in a hyphenated word runs on
    if _CONTACT_TOKEN.search(nxt.text.split()[0]) and (_CONTACTISH.search(prev.text) or _would_fit(block, nxt, edges)):
        return False  # a web or mail address on a line of its own after a contact line or a short line
    if _would_fit(block, nxt, edges):
        # The break was not forced by the margin (narrow text box, manual break): still a wrap when
        # the text plainly runs on in lower case at the same indent.
        if not (lower and runs_on and abs(nxt.x0 - (block[1].x0 if len(block) >= 2 else head.x0)) <= 0.6 * em):
            return False
        return bool(head.marker) or len(prev.text.split()) >= 5 or _is_cjk(prev.text[-1:])
    if head.marker or head.heading:
        return True
    # A full line followed by a capitalised one may be a list of short lines without markers
    # ("Operating Systems" / "Machine Learning"): join only text that reads as running prose.
    if lower or (first in "([\"'“‘" and nxt.text[1:2].islower()):
        return True
    if _RUNS_ON.search(prev.text):
        return True
    if prev.text[:1].isupper() and opens_claim(nxt.text):
        return False  # unmarked achievement lines, each opening with its own verb ("Led ..." / "Scaled ...")
    first_word = nxt.text.split()[0]
    same_font = prev.glyphs[-1].font == nxt.glyphs[0].font
    # Long lines of prose in one font: a proper noun, or a new sentence inside a running paragraph.
    return ((runs_on or len(block) >= 2) and same_font and len(prev.text.split()) >= 8 and first.isalpha()
            and not (first_word.isupper() and len(first_word) > 1))


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uff00" <= ch <= "\uffef"
                         or "\u3000" <= ch <= "\u303f")


def _join(block: list[LogicalLine], vocabulary: set[str], soft_is_hyphen: bool) -> str:
    text = block[0].text
    for prev, ll in zip(block, block[1:], strict=False):
        if text.endswith("-") and _LINK_END.search(text):
            text = text + ll.text  # a link broken at one of its own hyphens
        elif text.endswith("-") and len(text) >= 2 and text[-2].isalpha():
            soft = prev.ends_soft and not soft_is_hyphen
            text = join_hyphenated(text[:-1], ll.text, soft=soft, vocabulary=vocabulary)
        elif _is_cjk(text[-1:]) or _is_cjk(ll.text[:1]):
            text = text + ll.text
        else:
            text = text + " " + ll.text
    return _tidy(text)


def _vocabulary(lls: list[LogicalLine]) -> set[str]:
    vocab: set[str] = set()
    for ll in lls:
        words = ll.text.lower().split()
        for w in words[:-1] if ll.text.endswith("-") else words:
            w = w.strip(".,;:()[]{}\"'!?")
            if w:
                vocab.add(w)
    return vocab


def _box(block: list[LogicalLine]) -> Box:
    first = [ll for ll in block if ll.page == block[0].page]
    return Box(min(min(ll.marker_x0, ll.x0) for ll in first), min(ll.top for ll in first),
               max(ll.x1 for ll in first), max(ll.bottom for ll in first))


def build_blocks(lines: list[PageLine], sizes: dict[int, tuple[float, float]], body: float, doc: Document) -> list[Block]:
    """Blocks from all pages' reading-ordered lines."""
    texts = {id(ln): line_text_for_layout(ln) for ln in lines}
    drop = _running_lines(lines, texts, sizes) | _duplicates(lines, texts)
    kept = [ln for ln in lines if id(ln) not in drop and texts.get(id(ln))]
    icon_starts: Counter[str] = Counter(ln.words[0].text for ln in kept if ln.words and ln.words[0].icon)
    lls = logical_lines(kept, icon_starts)
    for i, ll in enumerate(lls):
        ll.heading = _is_heading(ll, body, _neighbour(lls, i, -1), _neighbour(lls, i, 1))
    vocabulary = _vocabulary(lls)
    edges = Edges()
    for ll in lls:
        edges.add(ll)
    # a soft hyphen glyph reads "-", so only lines with a "-" can hold one
    soft_is_hyphen = any("-" in ll.text and any(g.kind == SOFT for g in ll.glyphs[:-1]) for ll in lls)

    # The last line of each page and the first of the next may belong to one bullet.
    last_on_page: dict[int, int] = {}
    first_on_page: dict[int, int] = {}
    for i, ll in enumerate(lls):
        last_on_page[ll.page] = i
        first_on_page.setdefault(ll.page, i)

    blocks: list[Block] = []
    current: list[LogicalLine] = []

    def close() -> None:
        if not current:
            return
        head = current[0]
        text = _join(current, vocabulary, soft_is_hyphen)
        glyphs = sum(len(ll.glyphs) for ll in current)
        bold = glyphs > 0 and sum(ll.bold_glyphs for ll in current) * 2 > glyphs
        kind = "heading" if head.heading else ("bullet" if head.marker else "line")
        blocks.append(Block(text=text, kind=kind, page=head.page, box=_box(current), size=round(head.size, 2),
                            bold=bold, marker=head.marker, column=head.src.column))
        current.clear()

    for i, ll in enumerate(lls):
        if current:
            prev = current[-1]
            page_turn = (ll.page == prev.page + 1 and last_on_page.get(prev.page) == i - 1
                         and first_on_page.get(ll.page) == i)
            if ll.page == prev.page or page_turn:
                if current[0].heading:
                    joins = ll.heading and _continues(current, ll, edges, same_page_only=True, heading=True)
                else:
                    # a wrapped line wins over looking like a heading ("SSL)" ending a bullet)
                    joins = _continues(current, ll, edges, same_page_only=not current[0].marker,
                                       heading=ll.heading and _strong_heading(ll, body))
                if joins:
                    current.append(ll)
                    continue
        close()
        current.append(ll)
    close()
    return blocks
