"""The PDF layout pass takes shortcuts for speed; each must give what the plain computation gives.

Each test runs the module's function and a straightforward reference (written here, the way the
computation reads without shortcuts) on seeded random inputs, and compares the results exactly.
"""

from __future__ import annotations

import random
import statistics

import pytest

from critic.parse.pdf import layout as pdf_layout
from critic.parse.pdf.layout import Segment, Split, find_split, group_rows
from critic.parse.pdf.text import ICON, SPACE, TEXT, Glyph, Word, classify, median, split_words

WORDS = ("data", "model", "users", "launched", "pricing", "search", "team", "latency", "and", "the",
         "with", "retention", "experiments", "roadmap", "2021", "2023", "Present")


def _glyph(text: str, x0: float, top: float, size: float, seq: int, kind: int = TEXT, bold: bool = False) -> Glyph:
    return Glyph(text, kind, x0, x0 + 0.5 * size * max(len(text), 1), top, top + size, size, "Helvetica", bold, seq)


def _word(text: str, x0: float, top: float, size: float, seq: int) -> Word:
    glyphs = []
    x = x0
    for i, ch in enumerate(text):
        glyphs.append(_glyph(ch, x, top, size, seq + i))
        x += 0.5 * size
    return Word(glyphs).finish()


# --- median ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_median_matches_statistics_median(seed: int) -> None:
    rng = random.Random(seed)
    for n in range(1, 12):
        floats = [round(rng.uniform(-5, 30), rng.choice((0, 1, 3))) for _ in range(n)]
        ints = [rng.randint(-3, 3) for _ in range(n)]
        assert median(floats) == statistics.median(floats)
        assert median(ints) == statistics.median(ints)
        assert median(list(floats)) == statistics.median(floats)  # and it leaves its input alone
    assert median([1.0, 4.0]) == 2.5


# --- classify cache ----------------------------------------------------------------------------------


def test_classify_cache_keeps_symbol_fonts_apart() -> None:
    for _ in range(2):  # the second round reads cached results
        assert classify("l", "ZapfDingbats") == (TEXT, "\u25cf")
        assert classify("l", "ABCDEF+Helvetica") == (TEXT, "l")
        assert classify("l") == (TEXT, "l")
        assert classify(" ", "Wingdings") == (SPACE, " ")  # a space stays a space in a symbol font
        assert classify("\ufb01", "Helvetica") == (TEXT, "fi")
        assert classify("\uf0b7", "Helvetica") == (ICON, "\uf0b7")


# --- rows, overprints and shadows ------------------------------------------------------------------------


def _reference_shadow_runs(row: list[Glyph]) -> list[Glyph]:
    by_seq = sorted(row, key=lambda g: g.seq)
    runs: list[list[Glyph]] = [[by_seq[0]]]
    for g in by_seq[1:]:
        last = runs[-1][-1]
        if g.seq - last.seq <= 2 and g.x0 >= last.x0 - 0.5 * g.size:
            runs[-1].append(g)
        else:
            runs.append([g])
    if len(runs) < 2:
        return row
    drop: set[int] = set()
    texts = ["".join(g.text for g in r if g.kind != SPACE) for r in runs]
    for i, a in enumerate(runs):
        if i in drop or len(texts[i]) < 3:
            continue
        a0, a1 = min(g.x0 for g in a), max(g.x1 for g in a)
        for j in range(i + 1, len(runs)):
            if j in drop or texts[j] != texts[i]:
                continue
            b0, b1 = min(g.x0 for g in runs[j]), max(g.x1 for g in runs[j])
            if min(a1, b1) - max(a0, b0) > 0.5 * min(a1 - a0, b1 - b0):
                drop.add(j)
    gone = {id(g) for j in drop for g in runs[j]}
    return [g for g in row if id(g) not in gone]


def _reference_dedupe(row: list[Glyph]) -> list[Glyph]:
    kept: list[Glyph] = []
    for g in _reference_shadow_runs(row):
        tol = min(1.0, 0.15 * g.size)
        if not any(k.text == g.text and abs(k.x0 - g.x0) < tol and abs(k.top - g.top) < tol
                   and k.x1 - k.x0 > abs(g.x0 - k.x0) for k in kept[-4:]):
            kept.append(g)
    return kept


def _reference_group_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    rows: list[list[Glyph]] = []
    bands: list[list[float]] = []
    active: list[int] = []
    for g in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        h = max(g.bottom - g.top, 0.1)
        best, best_ov = -1, 0.0
        still: list[int] = []
        for r in active:
            top, bottom = bands[r]
            if bottom < g.top - 0.5:
                continue
            still.append(r)
            ratio = (min(bottom, g.bottom) - max(top, g.top)) / min(h, bottom - top)
            if ratio > 0.5 and ratio > best_ov:
                best, best_ov = r, ratio
        active = still
        if best < 0:
            rows.append([g])
            bands.append([g.top, g.bottom])
            active.append(len(rows) - 1)
        else:
            rows[best].append(g)
            if g.kind == TEXT and len(rows[best]) <= 3:
                bands[best][0] = statistics.median([x.top for x in rows[best] if x.kind == TEXT])
                bands[best][1] = statistics.median([x.bottom for x in rows[best] if x.kind == TEXT])
    out = [_reference_dedupe(sorted(row, key=lambda g: (g.x0, g.seq))) for row in rows]
    out.sort(key=lambda r: statistics.median(g.top for g in r))
    return out


def _random_page(rng: random.Random) -> list[Glyph]:
    """Lines of text with overprints (fake bold: glyphs drawn twice a little apart), shadowed words,
    lines drawn out of order, narrow letters, icons and superscripts."""
    glyphs: list[Glyph] = []
    seq = 0
    for line in range(rng.randint(3, 12)):
        top = 40 + 14 * line + rng.uniform(-0.4, 0.4)
        size = rng.choice((6.0, 9.0, 10.0, 10.5, 12.0))
        x = rng.uniform(30, 80)
        line_glyphs: list[Glyph] = []
        shadows = {rng.randint(0, 3)} if rng.random() < 0.4 else set()
        for k in range(rng.randint(1, 6)):
            text = rng.choice(WORDS + ("illicit", "fill"))
            for ch in text:
                g = _glyph(ch, x, top, size, seq)
                if ch in "il":
                    g.x1 = x + 0.25 * size
                line_glyphs.append(g)
                if rng.random() < 0.05:  # accents stacked on the letter, then the letter drawn again
                    line_glyphs.append(_glyph("\u00b4", x + 0.1, top - 2.0, size, seq + 1))
                    line_glyphs.append(_glyph("\u00a8", x + 0.2, top - 2.0, size, seq + 2))
                    line_glyphs.append(_glyph(ch, x + 0.3, top, size, seq + 3))
                    seq += 3
                elif rng.random() < 0.15:  # overprint: the same glyph again, up to a little over a point off
                    line_glyphs.append(_glyph(ch, x + rng.uniform(0.0, 1.3), top + rng.uniform(-0.3, 0.3), size,
                                              seq + rng.choice((1, 3))))
                    seq += 3
                x = g.x1
                seq += 1
            if k in shadows:  # the whole word again, drawn later and a little down and right
                dx, dy = rng.uniform(0.5, 2.5), rng.uniform(0.5, 1.5)
                shadow = [_glyph(g.text, g.x0 + dx, g.top + dy, size, seq + 50 + i)
                          for i, g in enumerate(line_glyphs[-len(text):])]
                line_glyphs.extend(shadow)
                seq += 50 + len(text)
            line_glyphs.append(_glyph(" ", x, top, size, seq, kind=SPACE))
            seq += 1
            x += 0.3 * size + rng.choice((0.0, 0.0, 0.5, 14.0))
        if rng.random() < 0.3:  # drawn right to left: x order and drawing order disagree
            seqs = sorted(g.seq for g in line_glyphs)
            for g, n in zip(line_glyphs, reversed(seqs), strict=True):
                g.seq = n
        glyphs.extend(line_glyphs)
        if rng.random() < 0.3:  # a tall icon before the line and a superscript after it
            glyphs.append(_glyph("\uf0b7", 18.0, top - 2.0, size * 1.6, seq, kind=ICON))
            glyphs.append(_glyph("1", x, top - 3.0, size * 0.6, seq + 1))
            seq += 2
    seqs = [g.seq for g in glyphs]
    assert len(set(seqs)) == len(seqs)
    rng.shuffle(glyphs)
    return glyphs


@pytest.mark.parametrize("seed", range(40))
def test_group_rows_matches_reference(seed: int) -> None:
    glyphs = _random_page(random.Random(seed))
    got = group_rows(list(glyphs))
    want = _reference_group_rows(list(glyphs))
    assert [[g.seq for g in row] for row in got] == [[g.seq for g in row] for row in want]


def test_group_rows_drops_fake_bold_and_shadows() -> None:
    fat = [_glyph(ch, 50 + 5 * i + d, 100, 10, 2 * i + (d > 0)) for i, ch in enumerate("Data") for d in (0.0, 0.2)]
    team = [_glyph(ch, 90 + 5 * i, 100, 10, 10 + i) for i, ch in enumerate("Team")]
    shadow = [_glyph(ch, 91.5 + 5 * i, 101.5, 10, 50 + i) for i, ch in enumerate("Team")]
    (row,) = group_rows(fat + team + shadow)
    assert "".join(g.text for g in row) == "DataTeam"


def test_group_rows_keeps_squeezed_repeated_letters() -> None:
    # hidden text squeezed into a few points: each glyph narrower than the step to the next
    squeezed = [Glyph(ch, TEXT, 50 + 0.22 * i, 50.22 + 0.22 * i, 100, 110, 10, "Helvetica", False, i)
                for i, ch in enumerate("312-555-0123")]
    (row,) = group_rows(squeezed)
    assert "".join(g.text for g in row) == "312-555-0123"


# --- words ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_word_finish_matches_min_max(seed: int) -> None:
    rng = random.Random(seed)
    glyphs = [Glyph(rng.choice("abc"), TEXT, rng.uniform(0, 50), rng.uniform(0, 50), rng.uniform(0, 9),
                    rng.uniform(9, 20), rng.choice((8.0, 10.0, 11.0)), "F", rng.random() < 0.5, i)
              for i in range(rng.randint(1, 7))]
    w = Word(glyphs).finish()
    assert (w.text, w.x0, w.x1, w.top, w.bottom, w.size) == (
        "".join(g.text for g in glyphs), min(g.x0 for g in glyphs), max(g.x1 for g in glyphs),
        min(g.top for g in glyphs), max(g.bottom for g in glyphs), max(g.size for g in glyphs))
    assert w.bold == (sum(g.bold for g in glyphs) * 2 > len(glyphs))
    assert w.icon is False


def test_split_words_counts_inferred_breaks() -> None:
    from critic.parse.pdf.text import SpacingStats

    row = [_glyph(ch, 10 + 5 * i + (4 if i >= 4 else 0), 50, 10, i) for i, ch in enumerate("datateam")]
    stats = SpacingStats()
    assert [w.text for w in split_words(row, stats)] == ["data", "team"]
    assert (stats.breaks, stats.inferred) == (1, 0)  # a 4 pt gap: a break, but not one under 3 pt


# --- columns -------------------------------------------------------------------------------------------


def _reference_find_split(segs: list[Segment], body: float) -> Split | None:
    """find_split evaluating every x step, with no skipping."""
    if len(segs) < 6:
        return None
    x_lo, x_hi = min(s.x0 for s in segs), max(s.x1 for s in segs)
    width = x_hi - x_lo
    if width < 20 * body:
        return None
    text_height = max(s.bottom for s in segs) - min(s.top for s in segs)
    best: tuple[int, Split] | None = None
    step = max(body / 3, 1.0)
    x = x_lo + 0.08 * width
    seen: set[tuple[int, int, int]] = set()
    while x < x_hi - 0.08 * width:
        blockers = sorted((s for s in segs if s.x0 - 0.5 < x < s.x1 + 0.5), key=lambda s: s.top)
        runs, y = [], float("-inf")
        for b in blockers:
            if b.top > y:
                runs.append((y, b.top))
            y = max(y, b.bottom)
        runs.append((y, float("inf")))
        for top, bottom in runs:
            inside = [s for s in segs if s.top >= top - 0.5 and s.bottom <= bottom + 0.5]
            left = [s for s in inside if s.x1 <= x]
            right = [s for s in inside if s.x0 >= x]
            if len(left) < 3 or len(right) < 3:
                continue
            key = (len(left), len(right), round(max(top, -1e6)))
            if key in seen:
                continue
            seen.add(key)
            gutter_lo, gutter_hi = max(s.x1 for s in left), min(s.x0 for s in right)
            if gutter_hi - gutter_lo < 2.0:
                continue
            score = min(pdf_layout._rows(left), pdf_layout._rows(right))
            if score < 3 or (best is not None and score <= best[0]):
                continue
            split = Split((gutter_lo + gutter_hi) / 2, top, bottom, left, right)
            if pdf_layout._is_table(split, text_height):
                continue
            best = (score, split)
        x += step
    return best[1] if best else None


def _random_segments(rng: random.Random) -> list[Segment]:
    """A header, then two columns of wrapped prose (or a label/value table) with a gutter from 2.5 pt
    wide, then a footer."""
    size = 10.0
    seq = 0
    gutter_lo = rng.uniform(200, 330)
    gutter_hi = gutter_lo + rng.uniform(2.5, 30)
    page_right = gutter_hi + rng.uniform(150, 250)

    def seg(x0: float, top: float, n_words: int, lower: bool, right_edge: float, full: bool) -> Segment:
        nonlocal seq
        words: list[Word] = []
        x = x0
        for i in range(n_words):
            text = rng.choice(WORDS)
            text = text.lower() if (lower or i) else text.capitalize()
            w = _word(text, x, top, size, seq)
            if w.x1 > right_edge:
                break
            words.append(w)
            seq += len(text)
            x = w.x1 + 0.3 * size
        if not words:
            words.append(_word("a", x0, top, size, seq))
            seq += 1
        if full:  # a wrapped line reaches the column's edge
            words[-1].glyphs[-1].x1 = right_edge
            words[-1].finish()
        return Segment(words)

    segs = [seg(40, 30, 6, False, page_right, False)]
    rows = rng.randint(4, 16)
    table = rng.random() < 0.3
    for r in range(rows):
        top = 60 + 13 * r
        full = not table and rng.random() < 0.7
        segs.append(seg(40, top, rng.randint(2, 4) if table else 12, r % 3 != 0, gutter_lo, full))
        if rng.random() < 0.85:
            segs.append(seg(gutter_hi, top + (0 if table else rng.uniform(-0.5, 0.5)), 12, r % 2 == 1, page_right,
                            not table and rng.random() < 0.7))
    segs.append(seg(40, 60 + 13 * rows + 10, rng.randint(5, 9), False, page_right, False))
    return segs


def test_find_split_matches_reference() -> None:
    rng = random.Random(7)
    found = 0
    for _ in range(200):
        segs = _random_segments(rng)
        body = rng.choice((9.0, 10.0, 11.0))
        got, want = find_split(segs, body), _reference_find_split(segs, body)
        if want is None:
            assert got is None
            continue
        found += 1
        assert got is not None
        assert (got.gutter, got.top, got.bottom) == (want.gutter, want.top, want.bottom)
        assert [id(s) for s in got.left] == [id(s) for s in want.left]
        assert [id(s) for s in got.right] == [id(s) for s in want.right]
    assert found >= 50  # the layouts do produce columns, so the comparison covers found splits
