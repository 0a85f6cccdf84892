"""Spoken and written numbers, money and periods: the one vocabulary for reading amounts out of speech.

`read_number` reads a number phrase from word tokens: digits with separators and glued scales ("500k",
"1.2M"), number words ("five hundred thousand", "half a million", "two and a half million", "a dozen").
`money_at` reads money ("$10", "10 cents", "a tenth of a cent", "175 grand"), `period_at` a period after a
rate word ("per day", "a month", "/yr", "per business day"). Periods are measured in days with a 365-day
year (a month is 365/12 days). critic.numbers classifies number spans with the same number words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------------------
# vocabulary

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mil": 1e6}
GLUED_SCALES = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
FRACTIONS = {"half": 0.5, "quarter": 0.25}
CURRENCY_SYMBOLS = {"$", "€", "£"}
CURRENCY_WORDS = {"dollar", "dollars", "usd", "bucks", "euro", "euros"}
CENT_WORDS = {"cent", "cents", "penny", "pennies"}
DIGIT_WORDS = {w: v for w, v in UNITS.items() if v < 10} | {"oh": 0}
GRAND = {"grand"}  # "175 grand": thousands of dollars
# a currency word with an article or fraction before it: "a dollar", "half a cent", "a tenth of a cent"
ONE_UNIT = {"a": 1.0, "an": 1.0, "one": 1.0, "half": 0.5, "quarter": 0.25, "tenth": 0.1}
DAYS_PER_YEAR = 365.0
# period word -> its length in days
PERIODS = {
    "second": 1 / 86400, "seconds": 1 / 86400, "sec": 1 / 86400, "s": 1 / 86400,
    "minute": 1 / 1440, "minutes": 1 / 1440, "min": 1 / 1440,
    "hour": 1 / 24, "hours": 1 / 24, "hr": 1 / 24, "h": 1 / 24,
    "day": 1.0, "days": 1.0, "d": 1.0,
    "week": 7.0, "weeks": 7.0, "wk": 7.0,
    "month": DAYS_PER_YEAR / 12, "months": DAYS_PER_YEAR / 12, "mo": DAYS_PER_YEAR / 12,
    "quarter": DAYS_PER_YEAR / 4, "quarters": DAYS_PER_YEAR / 4,
    "year": DAYS_PER_YEAR, "years": DAYS_PER_YEAR, "yr": DAYS_PER_YEAR, "annum": DAYS_PER_YEAR,
    "y": DAYS_PER_YEAR,
}
PERIOD_ADVERBS = {
    "hourly": 1 / 24, "daily": 1.0, "nightly": 1.0, "weekly": 7.0, "monthly": DAYS_PER_YEAR / 12,
    "quarterly": DAYS_PER_YEAR / 4, "yearly": DAYS_PER_YEAR, "annually": DAYS_PER_YEAR,
    "annual": DAYS_PER_YEAR,
}
PERIOD_NAMES = {1 / 86400: "second", 1 / 1440: "minute", 1 / 24: "hour", 1.0: "day", 7.0: "week",
                 DAYS_PER_YEAR / 12: "month", DAYS_PER_YEAR / 4: "quarter", DAYS_PER_YEAR: "year"}
BUSINESS_DAY = DAYS_PER_YEAR / 260  # calendar days per business day
PER = {"per", "/", "a", "an", "each", "every"}

# ---------------------------------------------------------------------------------------------------------
# tokens

_TOKEN_RE = re.compile(r"[$€£]|\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|[A-Za-z]+\d+[A-Za-z\d]*"
                       r"|[A-Za-z]+(?:['’][A-Za-z]+)?|[^\sA-Za-z\d]")


@dataclass(frozen=True)
class Tok:
    text: str
    low: str
    start: int
    end: int
    glued: bool  # no space between this token and the previous one


def tokens(text: str) -> list[Tok]:
    out: list[Tok] = []
    prev_end = -1
    for m in _TOKEN_RE.finditer(text):
        low = m.group(0).lower().replace("’", "'")
        out.append(Tok(m.group(0), low, m.start(), m.end(), m.start() == prev_end))
        prev_end = m.end()
    return out


def is_digits(tok: Tok) -> bool:
    return tok.low[:1].isdigit() or (tok.low[:1] == "." and tok.low[1:2].isdigit())


# ---------------------------------------------------------------------------------------------------------
# numbers


def read_number(toks: list[Tok], i: int, *, bare_scale: bool = False) -> tuple[float, int] | None:
    """The number phrase starting at toks[i] and the index after it, or None.

    Digits with separators and glued scales ("500k", "1.2M"), number words ("five hundred thousand",
    "half a million", "two and a half million", "a dozen"). A bare scale word ("million") starts a number
    only when `bare_scale` (the denominator of a unit price); vague phrases ("a few thousand") never do.
    """
    n = len(toks)
    j = i
    total = 0.0
    current = 0.0
    seen = False

    def word(k: int) -> str:
        return toks[k].low if k < n else ""

    first = word(i)
    if not first:
        return None
    if not (is_digits(toks[i]) or first in UNITS or first in ("a", "an", "half")
            or (bare_scale and (first in SCALES or first in GLUED_SCALES))):
        return None
    while j < n:
        w = word(j)
        tok = toks[j]
        if is_digits(tok):
            if seen and toks[j - 1].low not in ("and", "-"):
                break
            current += float(w.replace(",", ""))
            seen = True
            j += 1
            if j < n and toks[j].glued and toks[j].low in GLUED_SCALES:
                total += current * GLUED_SCALES[toks[j].low]
                current = 0.0
                j += 1
            continue
        if w == "point" and seen and word(j + 1) in DIGIT_WORDS:  # "two point five million"
            digits = ""
            j += 1
            while word(j) in DIGIT_WORDS:
                digits += str(DIGIT_WORDS[word(j)])
                j += 1
            current += float("0." + digits)
            continue
        if w in UNITS:
            current += UNITS[w]
            seen = True
            j += 1
            continue
        if w in ("hundred", "dozen") and (seen or word(j - 1) in ("a", "an")):
            current = (current or 1.0) * (100 if w == "hundred" else 12)
            seen = True
            j += 1
            continue
        if w in SCALES and (seen or bare_scale or word(j - 1) in ("a", "an", "half", "quarter")):
            total += (current or 1.0) * SCALES[w]
            current = 0.0
            seen = True
            j += 1
            continue
        if bare_scale and not seen and w in GLUED_SCALES:
            total += GLUED_SCALES[w]
            seen = True
            j += 1
            continue
        if w in ("a", "an"):
            nxt = word(j + 1)
            if nxt in FRACTIONS or nxt in SCALES or nxt in ("hundred", "dozen"):
                if nxt not in FRACTIONS:
                    current += 1.0
                j += 1
                continue
            break
        if w in FRACTIONS:
            nxt, nxt2 = word(j + 1), word(j + 2)
            if w == "quarter" and not (nxt in SCALES or (nxt in ("a", "an") and nxt2 in SCALES)):
                break
            if w == "half" and not (seen or nxt in SCALES or (nxt in ("a", "an") and nxt2 in SCALES)):
                break
            current += FRACTIONS[w]
            seen = True
            j += 1
            if word(j) in ("a", "an") and word(j + 1) in SCALES:
                j += 1
            continue
        if w in ("and", "-") and seen and (word(j + 1) in UNITS or word(j + 1) in ("a", "half")):
            j += 1
            continue
        break
    if not seen:
        return None
    # trailing glue words ("a", "and") are not part of the number
    while j > i and toks[j - 1].low in ("a", "an", "and", "-"):
        j -= 1
    value = total + current
    if value <= 0 and not any(is_digits(toks[k]) for k in range(i, j)):
        return None
    return value, j


def parse_amount(text: str) -> float | None:
    """The value of a number phrase such as "500k", "1.2M", "half a million", "$10" or "1,500"."""
    toks = [t for t in tokens(text) if t.low not in CURRENCY_SYMBOLS]
    if not toks:
        return None
    read = read_number(toks, 0)
    if read is None or read[1] != len(toks):
        return None
    return read[0]


def period_at(toks: list[Tok], j: int) -> tuple[float, int] | None:
    """A period after a rate word: "per day", "a month", "/yr", "each year", "per business day"."""
    n = len(toks)
    if j >= n:
        return None
    w = toks[j].low
    if w in PERIOD_ADVERBS:
        return PERIOD_ADVERBS[w], j + 1
    if w in ("over", "for", "in") and j + 1 < n:
        k = j + 1
        if toks[k].low in ("a", "an", "the", "one", "per"):
            k += 1
        if k < n and toks[k].low in PERIODS and toks[k].low not in ("s", "h", "d", "y", "min", "sec"):
            return PERIODS[toks[k].low], k + 1
        return None
    if w == "per" and j + 1 < n and toks[j + 1].low == "annum":
        return DAYS_PER_YEAR, j + 2
    if w in PER or (w == "for" and j + 1 < n and toks[j + 1].low in ("each", "every")):
        k = j + 1 if w != "for" else j + 2
        if k < n and toks[k].low in ("business", "working") and k + 1 < n and toks[k + 1].low in ("day", "days"):
            return BUSINESS_DAY, k + 2
        if k < n and toks[k].low == "weekday":
            return BUSINESS_DAY, k + 1
        if k < n and toks[k].low in PERIODS:
            single = toks[k].low in ("s", "h", "d", "y")
            if single and w != "/":
                return None
            return PERIODS[toks[k].low], k + 1
    return None


def money_at(toks: list[Tok], i: int) -> tuple[float, int, int] | None:
    """Money at toks[i]: (value in currency units, start index, index after)."""
    n = len(toks)
    if toks[i].low in CURRENCY_SYMBOLS and i + 1 < n:
        read = read_number(toks, i + 1)
        if read is None:
            return None
        value, j = read
        if j < n and toks[j].low in CURRENCY_WORDS:
            j += 1
        return value, i, j
    spoken = unit_money(toks, i)
    if spoken is not None:
        return spoken
    read = read_number(toks, i)
    if read is None:
        return None
    value, j = read
    if j < n and toks[j].low in CURRENCY_WORDS:
        return value, i, j + 1
    if j < n and toks[j].low in CENT_WORDS:
        return value / 100, i, j + 1
    if j < n and toks[j].low in GRAND:
        return value * 1000, i, j + 1
    return None


def unit_money(toks: list[Tok], i: int) -> tuple[float, int, int] | None:
    """ "a dollar", "one cent", "half a cent", "a tenth of a cent": (value, start, index after)."""
    words = [t.low for t in toks[i:i + 5]]
    if not words or words[0] not in ONE_UNIT:
        return None
    share, k = ONE_UNIT[words[0]], 1
    if words[0] in ("a", "an") and len(words) > 1 and words[1] in ("half", "quarter", "tenth"):
        share, k = ONE_UNIT[words[1]], 2
    if share < 1:
        if k < len(words) and words[k] == "of":
            k += 1
        if k < len(words) and words[k] in ("a", "an", "one"):
            k += 1
        else:
            return None
    if k >= len(words):
        return None
    if words[k] in ("dollar", "buck", "euro"):
        return share, i, i + k + 1
    if words[k] in ("cent", "penny"):
        return share / 100, i, i + k + 1
    return None

