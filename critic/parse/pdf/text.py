"""Glyph-level text handling for the PDF parser.

Turns the PDF's characters into classified glyphs (text, icon, space, soft hyphen), normalises
their text (ligatures, unusual hyphens, unmapped ligature glyphs) and groups a line's glyphs into words
by the gaps between them, so that PDFs without space characters (LaTeX, Google Docs) keep their word
boundaries. Also holds the bullet-marker vocabulary and the end-of-line hyphenation decision.
"""

from __future__ import annotations

import functools
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

# Glyph kinds.
TEXT = 0
SPACE = 1
ICON = 2  # icon-font / private-use / unmapped glyph: a bullet at line start, otherwise dropped
SOFT = 3  # U+00AD: a hyphen drawn by the typesetter (line-end hyphenation, or a real hyphen mid-line)

# Glyphs that are bullets wherever they start a line.
STRONG_BULLETS = frozenset(
    "•▪●◦‣➢✓■□►▶➤✔❖◆◇○⁃∙◾▫✦★☐⚫⦁⬤▸▹❯›»➔⇒✗✘☑❍◉⊙⁌⁍◘♦⯀⯁→➜➝➞➙➛"
)
# Symbol / Wingdings bullets as Word exports them (private-use code points).
PUA_BULLETS = frozenset("\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06c\uf06e\uf071\uf0e8\uf0d7\uf0a1\uf0b2\uf09f")
# Characters that are bullets only when they stand alone before the text (followed by a space).
WEAK_BULLETS = frozenset("-–—*+")
# Symbols that are contact icons rather than bullets even though Unicode files them with dingbats.
CONTACT_ICONS = frozenset("✉☎✆⌂☏✇✍⚲⌨")

LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
    "\ufb06": "st",
}
# Multi-character texts pdfminer produces for ligature glyphs (not glyph names).
LIGATURE_TEXTS = frozenset({"ff", "fi", "fl", "ffi", "ffl", "ft", "st", "Th", "ct", "fj", "tt", "fb", "fh", "fk"})
HYPHENS = {"\u2010": "-", "\u2011": "-", "\u2212": "-"}
SPACES = frozenset(" \u00a0\t\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
# Carriage return / line feed drawn as a glyph: some Word exports map their space glyph to it.
LINE_BREAKS = frozenset("\r\n")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")

_GLYPH_NAME = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]{2,}$")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|extrab|ultrab|cmbx|-medi\b|-medi$|bd$|-b$|,bold", re.I)
_SUBSET = re.compile(r"^[A-Z]{6}\+")


@functools.lru_cache(maxsize=512)
def font_is_bold(fontname: str) -> bool:
    """Whether a PDF font name denotes a bold face ("ABCDEF+Lato-Bold", "CMBX10", "NimbusRomNo9L-Medi")."""
    name = _SUBSET.sub("", fontname or "")
    return bool(_BOLD.search(name))


@functools.lru_cache(maxsize=512)
def is_symbol_font(font: str) -> bool:
    """Whether a font is a symbol font whose codes stand for dingbats (ZapfDingbats, Wingdings)."""
    return bool(DINGBAT_FONTS.search(font))


def is_private_use(ch: str) -> bool:
    return len(ch) == 1 and (0xE000 <= ord(ch) <= 0xF8FF or 0xF0000 <= ord(ch) <= 0x10FFFF)


# Symbol fonts without a Unicode mapping: pdfminer reports the code as a Latin letter ("l" for the
# ZapfDingbats / Wingdings filled circle). The common bullet shapes, by code.
DINGBAT_FONTS = re.compile(r"zapfdingbats|dingbats|wingdings|webdings|marlett", re.I)
DINGBATS = {
    "l": "●", "n": "■", "u": "◆", "v": "❖", "o": "❏", "p": "❐", "q": "❑", "r": "❒", "s": "▲", "t": "▼",
    "w": "◗", "H": "★", "3": "✓", "4": "✔", "5": "✕", "7": "✗", "8": "✘", "m": "❍", "Ø": "➢", "§": "▪",
    "ü": "✓", "û": "✗", "ú": "▪", "Ÿ": "•", "¨": "◻", "ð": "➔", "à": "➔", "è": "➔",
}


def classify(text: str, font: str = "") -> tuple[int, str]:
    """A character's kind and normalised text (`font` is the PDF font name, for symbol fonts)."""
    if font and is_symbol_font(font) and text.strip():
        mapped = DINGBATS.get(text) or (text if text in STRONG_BULLETS else None)
        return (TEXT, mapped) if mapped else (ICON, text)
    # Outside symbol fonts the result depends on the text alone: cached, pages repeat their characters.
    known = _PLAIN.get(text)
    if known is None:
        known = _classify_plain(text)
        if len(_PLAIN) < _PLAIN_MAX:
            _PLAIN[text] = known
    return known


_PLAIN: dict[str, tuple[int, str]] = {}
_PLAIN_MAX = 50_000


def _classify_plain(text: str) -> tuple[int, str]:
    """classify() for a character outside symbol fonts."""
    if text in SPACES or text in LINE_BREAKS:
        return SPACE, " "
    if text == "\u00ad":
        return SOFT, "-"
    if len(text) == 1:
        if text in LIGATURES:
            return TEXT, LIGATURES[text]
        if text in HYPHENS:
            return TEXT, HYPHENS[text]
        if text in ZERO_WIDTH:
            return SPACE, ""
        if text in PUA_BULLETS or is_private_use(text) or text in CONTACT_ICONS:
            return ICON, text
        cp = ord(text)
        if cp >= 0x1F000 and unicodedata.category(text) == "So":  # emoji pictographs (phone, mail, ...)
            return ICON, text
        if cp < 0x20 or 0x7F <= cp < 0xA0:  # control characters: unmapped glyphs
            return ICON, text
        return TEXT, text
    if text.startswith("(cid:"):
        return ICON, text
    if text in LIGATURE_TEXTS:
        return TEXT, text
    if _GLYPH_NAME.match(text):  # a glyph name such as "GITHUB-SQUARE": an icon font without Unicode
        return ICON, text
    return TEXT, unicodedata.normalize("NFKC", text) if any(c in LIGATURES for c in text) else text


def median(values: list[float]) -> float:
    """statistics.median of a non-empty list (the mean of the two middle values for an even count),
    without its overhead on the short lists of a page layout."""
    n = len(values)
    if n == 1:
        return values[0]
    data = sorted(values)
    i = n // 2
    return data[i] if n % 2 else (data[i - 1] + data[i]) / 2


@dataclass(slots=True)
class Glyph:
    """One drawn character in page coordinates (points, origin top-left)."""

    text: str
    kind: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    seq: int  # order in the content stream
    ligature: bool = False


@dataclass(slots=True)
class Word:
    """Glyphs with no word gap between them."""

    glyphs: list[Glyph]
    space_before: bool = False  # an explicit space character preceded it
    gap_before: float = 0.0  # the horizontal gap to the previous word (points)
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    icon: bool = False  # a lone icon glyph

    def finish(self) -> Word:
        gs = self.glyphs
        g = gs[0]
        x0, x1, top, bottom, size = g.x0, g.x1, g.top, g.bottom, g.size
        if len(gs) == 1:
            self.text = g.text
            self.bold = bool(g.bold)
            self.icon = g.kind == ICON
        else:
            bold = 0
            for g in gs:
                if g.x0 < x0:
                    x0 = g.x0
                if g.x1 > x1:
                    x1 = g.x1
                if g.top < top:
                    top = g.top
                if g.bottom > bottom:
                    bottom = g.bottom
                if g.size > size:
                    size = g.size
                if g.bold:
                    bold += 1
            self.text = "".join([g.text for g in gs])
            self.bold = bold * 2 > len(gs)
            self.icon = False
        self.x0, self.x1, self.top, self.bottom, self.size = x0, x1, top, bottom, size
        return self


@dataclass
class SpacingStats:
    """How many word breaks had to be inferred from gaps (no space character in the PDF)."""

    breaks: int = 0
    inferred: int = 0  # breaks without a space character whose gap is under 3 pt (default tolerance fuses)
    ligature_guesses: dict[str, int] = field(default_factory=dict)


RUN_GAP_EM = 1.5  # ink glyphs further apart than this many ems belong to different runs of a row


def _line_threshold(gaps: Sequence[float], em: float) -> float:
    """The gap above which two glyphs of a line belong to different words.

    Most gaps in a line are inside words (kerning, near zero); a letter-spaced line shifts all of them.
    The threshold sits a tenth of an em above the line's typical intra-word gap.
    """
    base = median(gaps) if len(gaps) >= 4 else 0.0
    base = min(max(base, -0.15 * em), 0.6 * em)
    return base + max(0.1 * em, 0.5 * max(base, 0.0))


def split_words(glyphs: Sequence[Glyph], stats: SpacingStats | None = None) -> list[Word]:
    """Group one line's glyphs (sorted left to right) into words."""
    words: list[Word] = []
    if not glyphs:
        return words
    # Gaps between neighbouring ink glyphs not separated by a space character, per run: a row's runs
    # far apart (columns, right-aligned dates) may be set with different letter spacing.
    sizes: list[float] = []
    run: list[float] = []
    runs: list[list[float]] = [run]
    run_starts: list[int] = []  # index (among ink glyphs) where each run after the first starts
    prev: Glyph | None = None
    spaced = False
    for g in glyphs:
        kind = g.kind
        if kind == SPACE:
            spaced = True
            continue
        size = g.size
        if prev is not None:
            gap = g.x0 - prev.x1
            if gap > RUN_GAP_EM * (size if size > prev.size else prev.size) or g.x0 < prev.x0:
                run_starts.append(len(sizes))
                run = []
                runs.append(run)
            elif not spaced and kind == TEXT and prev.kind == TEXT:
                run.append(gap)
        sizes.append(size)
        prev, spaced = g, False
    if not sizes:
        return words
    em = median(sizes) or 10.0
    gaps = runs[0] if len(runs) == 1 else [gap for r in runs for gap in r]
    threshold = _line_threshold(gaps, em)
    thresholds = [_line_threshold(r, em) if len(r) >= 4 else threshold for r in runs]
    threshold = thresholds[0]
    run_starts.append(-1)
    next_run = run_starts[0]  # the ink index where the next threshold applies
    run_no = 0
    em_wide = em * 1.15
    counting = stats is not None
    breaks = inferred = 0

    current: list[Glyph] = []
    space_before = False
    pending_space = False
    gap_before = 0.0
    prev = None
    ink = -1
    for g in glyphs:
        kind = g.kind
        if kind == SPACE:
            pending_space = True
            continue
        ink += 1
        if ink == next_run:
            run_no += 1
            threshold = thresholds[run_no]
            next_run = run_starts[run_no]
        if prev is not None:
            gap = g.x0 - prev.x1
            size = prev.size if prev.size > g.size else g.size  # max(g.size, prev.size)
            limit = threshold * size / em if size > em_wide else threshold
            if prev.ligature or g.ligature:  # ligature glyph widths are often off by a little
                limit = max(limit, 0.2 * size)
            if (
                pending_space
                or gap > limit
                or kind == ICON
                or prev.kind == ICON
                or g.x0 < prev.x0 - 0.5 * size  # drawn back to the left: not the same word
            ):
                if current:
                    words.append(Word(current, space_before, gap_before).finish())
                if counting and kind != ICON and prev.kind != ICON:
                    breaks += 1
                    if not pending_space and gap < 3.0:
                        inferred += 1
                current = []
                space_before, gap_before = pending_space, gap
        current.append(g)
        prev = g
        pending_space = False
    if current:
        words.append(Word(current, space_before, gap_before).finish())
    if stats is not None:
        stats.breaks += breaks
        stats.inferred += inferred
    return words


_DEFAULT_WIDTHS = {"f": 0.32, "i": 0.27, "l": 0.27}  # em, when the page has no f / i / l in that font


def _touches(n: Glyph | None, g: Glyph) -> bool:
    """Whether n is a letter glyph right next to g on its line."""
    return (
        n is not None and n.kind == TEXT and n.text[-1:].isalpha()
        and abs(n.top - g.top) < 0.3 * g.size
        and min(abs(n.x0 - g.x1), abs(g.x0 - n.x1)) < 0.15 * g.size
    )


def guess_ligatures(glyphs: list[Glyph], stats: SpacingStats | None = None) -> None:
    """Replace unmapped glyphs between letters by the ligature whose width fits ("e\\x00ective" -> ff).

    Some fonts (Google Docs exports) carry no Unicode mapping for the ff/ffi/ffl ligatures. The
    candidate is chosen by comparing the glyph's width (or advance) with the widths of f, i and l in the
    same font; a glyph with no width at all is taken for "ff", the one most often left unmapped.
    """
    unknown = [g for g in glyphs if g.kind == ICON and len(g.text) == 1 and ord(g.text) < 0x20 and g.size > 0]
    if not unknown:
        return
    samples: dict[tuple[str, str], list[float]] = {}
    for g in glyphs:
        if g.text in _DEFAULT_WIDTHS and g.kind == TEXT and g.size > 0:
            samples.setdefault((g.font, g.text), []).append((g.x1 - g.x0) / g.size)
    order = sorted(glyphs, key=lambda g: (round(g.top), g.x0))
    index = {id(g): k for k, g in enumerate(order)}
    for g in unknown:
        k = index[id(g)]
        left = order[k - 1] if k > 0 else None
        right = order[k + 1] if k + 1 < len(order) else None
        if not (_touches(left, g) or _touches(right, g)):
            continue
        w = {ch: statistics.median(samples[(g.font, ch)]) if (g.font, ch) in samples else default
             for ch, default in _DEFAULT_WIDTHS.items()}
        width = g.x1 - g.x0
        if right is not None and abs(right.top - g.top) < 0.3 * g.size and 0 < right.x0 - g.x0 < 1.5 * g.size:
            width = max(width, right.x0 - g.x0)  # some PDFs give the unmapped glyph no width, only an advance
        g.x1 = g.x0 + width
        rel = width / g.size
        candidates = {"ff": 2 * w["f"], "fi": w["f"] + w["i"], "fl": w["f"] + w["l"],
                      "ffi": 2 * w["f"] + w["i"], "ffl": 2 * w["f"] + w["l"]}
        best = min(sorted(candidates), key=lambda c: abs(candidates[c] - rel)) if rel > 0.1 else "ff"
        g.text, g.kind, g.ligature = best, TEXT, True
        if stats is not None:
            stats.ligature_guesses[best] = stats.ligature_guesses.get(best, 0) + 1


def normalise_spaces(text: str) -> str:
    return _WHITE.sub(" ", text).strip()


_WHITE = re.compile(r"\s+")


# --- end-of-line hyphenation -------------------------------------------------------------------

# Halves of hyphenated compounds common on resumes. A line-end hyphen between a first part and a
# second part ("cost-\neffective", "data-\ndriven", "end-to-\nend") is kept; otherwise it is taken for
# the typesetter's hyphenation and dropped ("optim-\nization").
FIRST_PARTS = frozenset(
    """ai all award back best big brand co cost cross customer client cloud data day decision deep detail
    early east end enterprise ever face fast fine first five four front full goal hands high human
    in key large last long low machine market mid mission model near next non north off on one open
    out over part peer per problem product real results right risk role self senior short side single six
    small south state team ten test third three to top two user value web well west wide world year
    zero""".split()
)
SECOND_PARTS = frozenset(
    """aware based bound built by centric class critical day defined depth driven effective end
    enabled facing first focused free friendly functional grade in led level long made maker making
    minded month native off on oriented out owned party powered quality ready related run scale
    sensitive serve service side solving source specific stage step term time to up user wide world
    year""".split()
)
SUFFIXES = frozenset(
    """tion tions sion sions ment ments ness ity ities ing ings ize ized izes ization izations ise ised
    able ible ably ally ly ed er ers est al ous ive ives ic ics ist ists ism ure ures ance ances ence
    ences ant ants ent ents ful less ship ward wise ory ary ery age ages ial ian ty cy gy phy""".split()
)


def join_hyphenated(before: str, after: str, *, soft: bool, vocabulary: frozenset[str] | set[str] = frozenset()) -> str:
    """Join a line ending in a hyphen with the next line.

    `before` is the first line's text without its final hyphen, `after` the next line's text. A soft
    hyphen (U+00AD) is always the typesetter's and is dropped. A hyphen is kept when the next line starts
    with a capital or digit ("AI-\nPowered"), when the document spells the compound with a hyphen
    elsewhere, or when both halves are common compound parts; it is dropped when the document spells the
    joined word elsewhere or the second half is a bare suffix or fragment.
    """
    if soft:
        return before + after
    m_left = re.search(r"([A-Za-z]+)$", before)
    m_right = re.match(r"([A-Za-z]+)", after)
    if not m_left or not m_right or not after[:1].islower():
        return before + "-" + after
    left, right = m_left.group(1).lower(), m_right.group(1).lower()
    if left + right in vocabulary:
        return before + after
    if f"{left}-{right}" in vocabulary:
        return before + "-" + after
    if right in SUFFIXES:
        return before + after
    if left in FIRST_PARTS and right in SECOND_PARTS:
        return before + "-" + after
    return before + after
