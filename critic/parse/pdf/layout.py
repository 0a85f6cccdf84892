"""Page layout for the PDF parser: glyphs -> visual lines -> segments -> columns -> reading order.

Lines are grouped by vertical overlap (a bullet glyph from another font sits on a slightly different
baseline than its text). A line is cut into segments at wide horizontal gaps; columns are found as a
vertical gutter that no segment crosses over a tall stretch of the page with enough text on both sides.
A stretch where the text left and right of the gap pairs up row by row (label/value tables, right-
aligned dates) is a table, read row by row, not a pair of columns.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from critic.parse.pdf.text import (
    PUA_BULLETS,
    SPACE,
    STRONG_BULLETS,
    TEXT,
    WEAK_BULLETS,
    Glyph,
    SpacingStats,
    Word,
    median,
    split_words,
)

# A segment ends where the gap to the next word exceeds this many ems.
SEGMENT_GAP_EM = 1.2


@dataclass
class Segment:
    """Words of one visual line with no wide gap between them."""

    words: list[Word]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    def __post_init__(self) -> None:
        ws = self.words
        w = ws[0]
        if len(ws) == 1:
            self.x0, self.x1, self.top, self.bottom = w.x0, w.x1, w.top, w.bottom
        else:
            x0, x1 = w.x0, w.x1
            for w in ws:
                if w.x0 < x0:
                    x0 = w.x0
                if w.x1 > x1:
                    x1 = w.x1
            self.x0, self.x1 = x0, x1
            self.top = median([w.top for w in ws])
            self.bottom = median([w.bottom for w in ws])
        self.size = _dominant_size(ws)

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass
class PageLine:
    """A visual line of one column in reading order: one or more segments on the same row."""

    segments: list[Segment]
    page: int
    column: int = 0  # 0 = left or full width, 1 = right column, ...
    region_right: float = 0.0  # right text edge of the column / region this line sits in
    region_left: float = 0.0
    words: list[Word] = field(default_factory=list)
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    def __post_init__(self) -> None:
        segs = self.segments
        s = segs[0]
        if len(segs) == 1:
            self.words = list(s.words)
            self.x0, self.x1, self.top, self.bottom = s.x0, s.x1, s.top, s.bottom
        else:
            segs.sort(key=_X0)
            s = segs[0]
            self.words = [w for s in segs for w in s.words]
            x0, x1, top, bottom = s.x0, s.x1, s.top, s.bottom
            for s in segs:
                if s.x0 < x0:
                    x0 = s.x0
                if s.x1 > x1:
                    x1 = s.x1
                if s.top < top:
                    top = s.top
                if s.bottom > bottom:
                    bottom = s.bottom
            self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.size = _dominant_size(self.words)


_X0 = attrgetter("x0")
_TOP = attrgetter("top")
_SEQ = attrgetter("seq")


def _dominant_size(words: Sequence[Word]) -> float:
    weight: dict[float, int] = {}
    for w in words:
        if w.icon:
            continue
        key = round(w.size * 2) / 2
        weight[key] = weight.get(key, 0) + len(w.glyphs)
    if not weight:
        return max((w.size for w in words), default=0.0)
    if len(weight) == 1:
        for key in weight:
            return key
    return max(sorted(weight), key=weight.__getitem__)


# --- lines ---------------------------------------------------------------------------------------


def group_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into rows by vertical overlap; each row sorted left to right, overprints removed."""
    rows: list[list[Glyph]] = []
    bands: list[list[float]] = []  # per row: [top, bottom] of its core (median-ish, first glyphs)
    active: list[int] = []
    # A glyph with the same top and bottom as the one before goes to the same row, unless that one
    # moved its row's band: the rows within reach and their bands are the same, and so is the best one.
    last_top = last_bottom = float("nan")
    last_row = -1
    ordered = sorted(glyphs, key=_X0)
    ordered.sort(key=_TOP)  # by (top, x0): two stable sorts on one key each, faster than one on tuples
    for g in ordered:
        g_top, g_bottom = g.top, g.bottom
        if g_top == last_top and g_bottom == last_bottom:
            row = rows[last_row]
            row.append(g)
            if g.kind == TEXT and len(row) <= 3:
                band = bands[last_row]
                band[0] = median([x.top for x in row if x.kind == TEXT])
                band[1] = median([x.bottom for x in row if x.kind == TEXT])
                last_top = float("nan")  # the band moved: the next glyph looks again
            continue
        h = g_bottom - g_top
        if 0.1 > h:
            h = 0.1
        reach = g_top - 0.5
        best, best_ov = -1, 0.0
        gone = False
        for r in active:
            top, bottom = bands[r]
            if bottom < reach:  # rows entirely above: no longer reachable
                gone = True
                continue
            # ov = min(bottom, g.bottom) - max(top, g.top); ratio = ov / min(h, bottom - top)
            ov = (g_bottom if g_bottom < bottom else bottom) - (g_top if g_top > top else top)
            span = bottom - top
            ratio = ov / (span if span < h else h)
            if ratio > 0.5 and ratio > best_ov:
                best, best_ov = r, ratio
        if gone:
            active = [r for r in active if not bands[r][1] < reach]
        last_top, last_bottom = g_top, g_bottom
        if best < 0:
            rows.append([g])
            bands.append([g_top, g_bottom])
            last_row = len(rows) - 1
            active.append(last_row)
        else:
            last_row = best
            row = rows[best]
            row.append(g)
            if g.kind == TEXT and len(row) <= 3:
                # the row's band follows its first text glyphs (robust to tall icons / superscripts)
                band = bands[best]
                band[0] = median([x.top for x in row if x.kind == TEXT])
                band[1] = median([x.bottom for x in row if x.kind == TEXT])
                last_top = float("nan")
    out = []
    for row in rows:
        row.sort(key=_SEQ)  # then by x0: sorted by (x0, seq), faster than one sort on tuples
        row.sort(key=_X0)
        out.append(_dedupe(row))
    out.sort(key=_median_top)
    return out


def _median_top(row: list[Glyph]) -> float:
    return median([g.top for g in row])


def _drop_shadow_runs(row: list[Glyph]) -> list[Glyph]:
    """Drop a second drawing of the same text a few points off (a shadow effect), which would interleave
    with the first ("RREEFFEERREENNCCEESS")."""
    last = row[0]
    for g in row[1:]:
        if not (g.seq > last.seq and g.seq - last.seq <= 2 and g.x0 >= last.x0 - 0.5 * g.size):
            break
        last = g
    else:
        return row  # already in drawing order and one run (the loop below would find the same)
    glyphs = iter(sorted(row, key=_SEQ))
    last = next(glyphs)
    run = [last]
    runs: list[list[Glyph]] = [run]
    for g in glyphs:
        if g.seq - last.seq <= 2 and g.x0 >= last.x0 - 0.5 * g.size:
            run.append(g)
        else:
            run = [g]
            runs.append(run)
        last = g
    if len(runs) < 2:
        return row
    drop: set[int] = set()
    texts = ["".join([g.text for g in r if g.kind != SPACE]) for r in runs]
    for i, a in enumerate(runs):
        if i in drop or len(texts[i]) < 3:
            continue
        a0, a1 = min(g.x0 for g in a), max(g.x1 for g in a)
        for j in range(i + 1, len(runs)):
            if j in drop or texts[j] != texts[i]:
                continue
            b = runs[j]
            b0, b1 = min(g.x0 for g in b), max(g.x1 for g in b)
            if min(a1, b1) - max(a0, b0) > 0.5 * min(a1 - a0, b1 - b0):
                drop.add(j)
    if not drop:
        return row
    gone = {id(g) for j in drop for g in runs[j]}
    return [g for g in row if id(g) not in gone]


def _dedupe(row: list[Glyph]) -> list[Glyph]:
    """Drop glyphs drawn twice at (almost) the same place: fake bold and shadow effects. `row` is sorted
    left to right, so only kept glyphs starting less than the tolerance to the left can be copies."""
    row = _drop_shadow_runs(row)
    kept: list[Glyph] = []
    for g in row:
        tol = 0.15 * g.size
        if tol > 1.0:
            tol = 1.0
        x0 = g.x0
        if kept and x0 - kept[-1].x0 < tol:
            dup = False
            # the last four kept glyphs; sorted by x0, so scanning back from the last x0 - k.x0 only grows
            for k in kept[:-5:-1]:
                if not x0 - k.x0 < tol:
                    break
                # a copy sits on its original; glyphs narrower than the offset are squeezed successive letters
                if k.text == g.text and abs(k.top - g.top) < tol and k.x1 - k.x0 > x0 - k.x0:
                    dup = True
                    break
            if dup:
                continue
        kept.append(g)
    return kept


def split_segments(row: list[Glyph], stats: SpacingStats | None = None) -> list[Segment]:
    """Cut a row of glyphs into words, then into segments at wide gaps.

    A gap is wide when it exceeds SEGMENT_GAP_EM ems and three times the row's typical word gap (a
    justified line stretches all its gaps alike). The gap after a bullet marker never splits, a gap
    before a mid-row marker always does (bullets laid out in a grid), a closing punctuation mark never
    starts a segment.
    """
    words = split_words(row, stats)
    if len(words) < 2:
        return [Segment(words)] if words else []
    gaps: list[float] = []
    prev = words[0]
    for w in words:
        if w.x0 > prev.x0:
            gaps.append(w.x0 - prev.x1)
        prev = w
    typical = median(gaps) if len(gaps) >= 3 else 0.0
    wide = 3 * typical
    prev = words[0]
    prev_marker = is_marker_word(prev)
    current = [prev]
    segments: list[list[Word]] = [current]
    for i in range(1, len(words)):
        w = words[i]
        marker = is_marker_word(w)
        em = w.size if w.size < prev.size else prev.size  # min(prev.size, w.size)
        if 1.0 > em:
            em = 1.0
        gap = w.x0 - prev.x1
        if prev_marker and (len(current) == 1 or current[-2].x1 < prev.x0 - 0.8 * em) and gap < 4 * em:
            current.append(w)  # the gap after a bullet marker is part of the bullet
        elif w.x0 < prev.x0 - 0.5 * em:
            current = [w]
            segments.append(current)
        elif marker and not w.icon and not w.text[:1].isalnum() and gap > 0.8 * em:
            current = [w]  # a bullet glyph starting mid-row: a grid of bullets
            segments.append(current)
        elif gap > (wide if wide > SEGMENT_GAP_EM * em else SEGMENT_GAP_EM * em) and not _CLOSING.match(w.text):
            current = [w]
            segments.append(current)
        else:
            current.append(w)
        prev, prev_marker = w, marker
    return [Segment(ws) for ws in segments]


_CLOSING = re.compile(r"^[.,;:!?)\]}%]+$")
_MARKER_FIRST = STRONG_BULLETS | PUA_BULLETS
_O_BULLET_FONT = re.compile(r"courier|symbol|wingding", re.I)


def is_marker_word(w: Word) -> bool:
    """A word that could be a bullet marker (checked again against the document's markers later)."""
    if w.icon:
        return True
    t = w.text
    return bool(t) and (t[0] in _MARKER_FIRST or t in WEAK_BULLETS or is_letter_o_bullet(w))


def is_letter_o_bullet(w: Word) -> bool:
    """Word's second-level bullet: a lone "o" set in Courier New (or a symbol font)."""
    return w.text == "o" and bool(_O_BULLET_FONT.search(w.glyphs[0].font))


# --- columns ---------------------------------------------------------------------------------------


def _free_runs(segs: list[Segment], x: float, pad: float) -> list[tuple[float, float]]:
    """Vertical stretches at position x not crossed by any segment (`segs` sorted by top)."""
    runs: list[tuple[float, float]] = []
    y = float("-inf")
    for b in segs:
        if b.x0 - pad < x < b.x1 + pad:
            if b.top > y:
                runs.append((y, b.top))
            if b.bottom > y:
                y = b.bottom
    runs.append((y, float("inf")))
    return runs


@dataclass
class Split:
    gutter: float
    top: float
    bottom: float
    left: list[Segment]
    right: list[Segment]


def find_split(segs: list[Segment], body: float) -> Split | None:
    """The best column gutter of a set of segments, or None.

    A gutter candidate is a vertical line x that no segment crosses over a stretch [top, bottom]; the
    segments of the stretch left and right of x are the would-be columns. Candidates need at least three
    rows per side; stretches that read as tables (see _is_table) are not columns. Among the rest, the
    one with the most rows on its smaller side wins.
    """
    if len(segs) < 6:
        return None
    x_lo = min(s.x0 for s in segs)
    x_hi = max(s.x1 for s in segs)
    width = x_hi - x_lo
    if width < 20 * body:
        return None
    text_height = max(s.bottom for s in segs) - min(s.top for s in segs)
    best: tuple[int, Split] | None = None
    step = max(body / 3, 1.0)
    x = x_lo + 0.08 * width
    seen: set[tuple[int, int, int]] = set()
    stretches: dict[tuple[float, float], list[Segment]] = {}  # the same free runs recur at many x
    by_top = sorted(segs, key=_TOP)
    # What happens at x depends only on which side of x each segment edge (and edge -/+ 0.5) lies: when
    # no edge lies between the previous x and this one, this x repeats the previous one and is skipped.
    edges = sorted({e for s in segs for e in (s.x0, s.x1, s.x0 - 0.5, s.x1 + 0.5)})
    last_x: float | None = None
    while x < x_hi - 0.08 * width:
        if last_x is not None:
            i = bisect_left(edges, last_x)
            if i == len(edges) or edges[i] > x:
                last_x = x
                x += step
                continue
        last_x = x
        for top, bottom in _free_runs(by_top, x, 0.5):
            inside = stretches.get((top, bottom))
            if inside is None:
                inside = [s for s in segs if s.top >= top - 0.5 and s.bottom <= bottom + 0.5]
                stretches[(top, bottom)] = inside
            if len(inside) < 3:  # too few for three segments on either side
                continue
            left = [s for s in inside if s.x1 <= x]
            right = [s for s in inside if s.x0 >= x]
            if len(left) < 3 or len(right) < 3:
                continue
            key = (len(left), len(right), round(max(top, -1e6)))
            if key in seen:
                continue
            seen.add(key)
            gutter_lo = max(s.x1 for s in left)
            gutter_hi = min(s.x0 for s in right)
            if gutter_hi - gutter_lo < 2.0:
                continue
            score = min(_rows(left), _rows(right))
            if score < 3 or (best is not None and score <= best[0]):
                continue
            split = Split((gutter_lo + gutter_hi) / 2, top, bottom, left, right)
            if _is_table(split, text_height):
                continue
            best = (score, split)
        x += step
    return best[1] if best else None


def _rows(segs: list[Segment]) -> int:
    """Number of distinct rows among segments."""
    mids = sorted(s.mid for s in segs)
    n, last = 0, float("-inf")
    for m in mids:
        if m - last > 1.0:
            n += 1
            last = m
    return n


def _paired(a: Segment, others: list[Segment]) -> bool:
    return any(abs(o.bottom - a.bottom) < 0.25 * max(a.size, 1.0) for o in others)


def _largest_cluster_share(values: list[float], tol: float = 1.5) -> float:
    """Share of values in the largest group of values within `tol` of each other."""
    vals = sorted(values)
    best, start = 0, 0
    for end in range(len(vals)):
        while vals[end] - vals[start] > tol:
            start += 1
        best = max(best, end - start + 1)
    return best / len(vals) if vals else 0.0


_DATE = re.compile(
    r"\b(19|20)\d{2}\b|\bpresent\b|\bcurrent\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{2,4}",
    re.I,
)


def _seg_text(s: Segment) -> str:
    return " ".join(w.text for w in s.words)


def _flush_right(segs: list[Segment]) -> bool:
    """Text aligned on its right edge with a ragged left edge: dates and places, not a text column."""
    return len(segs) >= 2 and _largest_cluster_share([s.x1 for s in segs]) >= 0.8 \
        and _largest_cluster_share([s.x0 for s in segs]) <= 0.6


def _mostly_dates(segs: list[Segment]) -> bool:
    short = [s for s in segs if len(s.words) <= 6]
    return len(short) >= 0.6 * len(segs) and sum(bool(_DATE.search(_seg_text(s))) for s in short) >= 0.6 * len(segs)


def _wraps(segs: list[Segment]) -> int:
    """How many lines of one side continue on the next row because they ran into the side's right edge.

    A line is wrapped when it fills most of the side, runs on (four or more words, no closing
    punctuation), the line below, aligned with it, starts in lower case (or the line ends with a comma or
    hyphen) and its first word would not have fitted at the end. Wrapping against the gutter (left side) or starting right of it (right side) shows that text
    flows inside a column.
    """
    if len(segs) < 2:
        return 0
    edge = max(s.x1 for s in segs)
    side = edge - min(s.x0 for s in segs)
    rows = sorted(segs, key=lambda s: (s.top, s.x0))
    count = 0
    for a in rows:
        em = max(a.size, 1.0)
        if side < 10 * em or a.x1 - a.x0 < 0.6 * side or len(a.words) < 4:
            continue
        if a.words[-1].text.endswith((".", ":", ";", "|", "!", "?")):
            continue
        below = [b for b in rows if 0 <= b.top - a.bottom <= 0.8 * em and -1.0 * em <= b.x0 - a.x0 <= 2.5 * em]
        if not below:
            continue
        b = min(below, key=lambda b: b.top)
        first = b.words[0]
        runs_on = first.text[:1].islower() or a.words[-1].text.endswith((",", "-", "&"))
        if runs_on and a.x1 + 0.25 * em + (first.x1 - first.x0) > edge + 0.5:
            count += 1
    return count


def _is_table(split: Split, text_height: float) -> bool:
    """Whether the two sides of a gutter belong together row by row (a table) rather than being columns.

    Tables: a flush-right side (dates, places) or a side made of dates. Columns must show text flowing
    inside them: lines that wrap against the gutter or wrapped lines starting right of it. Labels and
    values, skill grids and title/date rows do not wrap that way.
    """
    left, right = split.left, split.right
    if _flush_right(right) or _flush_right(left) or _mostly_dates(left) or _mostly_dates(right):
        return True
    if _wraps(left) + _wraps(right) >= 3:
        return False
    return not _unpaired_sidebar(split, text_height)


def _unpaired_sidebar(split: Split, text_height: float) -> bool:
    """A sidebar beside a main column: two left-aligned sides over most of the page whose rows do not line
    up (each side keeps its own line pitch), so nothing reads across the gutter row by row."""
    left, right = split.left, split.right
    if split.bottom - split.top < 0.5 * text_height and min(_rows(left), _rows(right)) < 8:
        return False
    if _largest_cluster_share([s.x0 for s in left]) < 0.6 or _largest_cluster_share([s.x0 for s in right]) < 0.5:
        return False
    small, other = (left, right) if _rows(left) <= _rows(right) else (right, left)
    if _rows(small) < 5:
        return False
    paired = sum(_paired(s, other) for s in small)
    return paired <= 0.5 * len(small)


def order_segments(segs: list[Segment], body: float, depth: int = 0) -> list[tuple[list[Segment], int, bool]]:
    """Reading order: a list of (segments, column index, is_two_column) groups, top to bottom.

    Regions above and below a two-column stretch are ordered recursively, so a full-width header stays
    first and a full-width footer last.
    """
    if not segs:
        return []
    split = find_split(segs, body) if depth < 3 else None
    if split is None:
        return [(segs, 0, False)]
    inside = {id(s) for s in split.left} | {id(s) for s in split.right}
    above = [s for s in segs if id(s) not in inside and s.mid < split.top + 1.0]
    below = [s for s in segs if id(s) not in inside and s.mid >= split.top + 1.0]
    out = order_segments(above, body, depth + 1)
    out.append((split.left, 0, True))
    out.append((split.right, 1, True))
    out.extend(order_segments(below, body, depth + 1))
    return out


def assemble_lines(segs: list[Segment], page: int, column: int) -> list[PageLine]:
    """Group a region's segments into lines (same row) in top-to-bottom order.

    A segment that starts with a bullet glyph (or, far from the text before it, with an icon) starts its
    own line even when it shares a row with another segment: bullets laid out in a grid.
    """
    rows: list[list[Segment]] = []
    for s in sorted(segs, key=lambda s: (s.mid, s.x0)):
        placed = False
        for row in reversed(rows[-3:]):
            ref = row[0]
            ov = min(ref.bottom, s.bottom) - max(ref.top, s.top)
            if ov > 0.5 * min(ref.height, s.height):
                row.append(s)
                placed = True
                break
        if not placed:
            rows.append([s])
    lines: list[PageLine] = []
    left = min((s.x0 for s in segs), default=0.0)
    # The right edge text wraps at: rows of one segment only (a title row with right-aligned dates
    # may reach further than the body text ever does).
    single = [row[0].x1 for row in rows if len(row) == 1]
    right = max(single) if single else max((s.x1 for s in segs), default=0.0)
    for row in rows:
        row.sort(key=lambda s: s.x0)
        groups: list[list[Segment]] = [[row[0]]]
        for s in row[1:]:
            first = s.words[0]
            far = s.x0 - groups[-1][-1].x1 > 3 * max(first.size, 1.0)
            if is_marker_word(first) and len(s.words) > 1 and (not first.icon or far):
                groups.append([s])
            else:
                groups[-1].append(s)
        for g in groups:
            lines.append(PageLine(g, page=page, column=column, region_right=right, region_left=left))
    return lines
