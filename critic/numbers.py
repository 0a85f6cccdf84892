"""Number semantics: which number-ish spans in a text measure something.

Every number-ish span is classified as one of:

- ``measure``: a percentage ("41%", "8 percentage points"), money ("$1.2M", "4 cents"), a multiplier
  ("3x", "10-fold", "doubled", "halved", "twice"), a fraction ("a third", "by half"), a count with a unit
  ("12M users", "a 3-person pod", "two engineers"), a duration or timeframe ("21-day", "three weeks",
  "within a week"), a time value ("400ms", "2.4 s"), a rate ("15k/year", "500k queries per day"), a ratio ("4.6/5", "1 in 5"), a from-to change
  ("from 3.2% to 0.9%"), a comparison ("> 3%", "under 800ms") or a bare value ("0.8", "at 0.2").
- ``not-measure``: tenure ("4+ years of experience", "a decade of experience": time in a job, not a
  measure of the work), a schedule ("every six months": how often, not how much), a model, tool or standard name with its version or size ("GPT-4", "Llama 3 70B",
  "TensorFlow 2.8", "a 7B model", "SOC 2"), a year or year range ("2024", "2019-2023"), a quarter or
  half ("Q3", "H1", "FY24"), a date ("March 5", "03/2024"), a label or ordinal position ("week 3",
  "Phase 2", "Tier 2", "Article 18", "3rd", "p95", "L6"), an identifier ("24/7", "1:1", "3D", "B2B",
  "0-to-1"), a phone number, a descriptor compound ("two-sided", "one-click", "360-degree").
  Decision: a point in time or position ("week 3", "day 1") is not a measure; a span of time
  ("three weeks", "within 3 weeks", "21-day review") is.
- ``vague``: a magnitude that sounds like a measure but is not one ("significantly", "numerous",
  "a few thousand", "hundreds of", "many"). Number words inside a vague phrase are not measures.

A digit that no not-measure reading explains is a measure: precision on "has a measure" matters more
than naming its type. Word lists live in lexicons/ (model-names, number-labels, duration-units,
compound-descriptors, vague-magnitudes, word-measures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from critic.lexicons import word_list
from critic.spoken_numbers import SCALES, UNITS

MEASURE = "measure"
NOT_MEASURE = "not-measure"
VAGUE = "vague"
KINDS = (MEASURE, NOT_MEASURE, VAGUE)
# Types a matcher may ask for with {number: TYPE}
MEASURE_TYPES = ("percent", "money", "multiplier", "fraction", "count", "duration", "time", "rate", "ratio",
                 "from-to", "comparison", "value")

# Lexicons read by this module (not referenced by rules)
LEXICONS = ("model-names", "number-labels", "duration-units", "compound-descriptors",
            "vague-magnitudes", "word-measures", "descriptor-nouns")


@dataclass(frozen=True)
class NumberSpan:
    """A number-ish span of a text and how it reads."""

    start: int
    end: int
    text: str
    kind: str  # measure | not-measure | vague
    type: str  # e.g. percent, money, duration ... | model, year, quarter, label ... | vague
    note: str = ""


def read_word_list(name: str) -> list[str]:
    """Entries of the bundled one-a-line lexicon `name` (lowercased, comments and blanks dropped)."""
    return word_list(name)


def _alternation(entries: list[str]) -> str:
    parts = sorted({re.escape(e).replace(r"\ ", r"[\s-]+") for e in entries}, key=len, reverse=True)
    return "|".join(parts)


# number words, from the one vocabulary shared with the reading of spoken amounts (critic.spoken_numbers)
_NUMBER_WORDS = {**{w: int(v) for w, v in UNITS.items()}, "hundred": 100, "dozen": 12,
                 **{w: int(SCALES[w]) for w in ("thousand", "million", "billion")}}
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_CURRENCY_WORDS = ("dollars?|usd|eur|euros?|gbp|pounds?|cents?|yen|inr|rupees?|k€|bucks")
_PERCENT_WORDS = r"(?:%|\s?percent\b|\s?per\s?cent\b|\s?percentage[\s-]points?\b|\s?basis[\s-]points?\b|\s?bps\b|\s?pp\b|\s?points?\b|\s?pts\b)"
# letters that may follow a digit as a unit suffix ("15k", "1.2M", "3x", "400ms", "2.4s", "70B")
_SUFFIX_UNITS = {
    "k": "count", "m": "count", "mm": "count", "b": "count", "bn": "count", "x": "multiplier",
    "ms": "time", "s": "time", "sec": "time", "secs": "time", "min": "time", "mins": "time", "h": "duration", "hr": "duration", "hrs": "duration", "d": "duration",
    "w": "duration", "wk": "duration", "wks": "duration", "mo": "duration", "mos": "duration",
    "y": "duration", "yr": "duration", "yrs": "duration", "pp": "percent", "bps": "percent",
    "gb": "count", "tb": "count", "mb": "count", "kb": "count", "pb": "count", "ghz": "value",
    "kg": "count", "km": "count", "t": "count", "tokens": "count",
}
_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
_PERIOD_PREFIXES = {"q", "h", "fy", "cy", "fq"}
_DETERMINERS = {"the", "these", "those", "both", "either", "neither"}
_TIME_WORDS = {"day", "days", "week", "weeks", "month", "months", "quarter", "quarters", "year", "years",
               "hour", "hours", "minute", "minutes", "sprint", "sprints", "second", "seconds"}


@dataclass(frozen=True)
class _Tables:
    model_re: re.Pattern[str]
    vague_re: re.Pattern[str]
    word_measure_re: re.Pattern[str]
    labels: frozenset[str]
    durations: frozenset[str]
    descriptors: frozenset[str]
    descriptor_nouns: frozenset[str]
    # what an ASCII text needs for these regexes to match in it (see _Words); None: no shortcut
    model_needs: tuple[tuple[str, ...], tuple[tuple[str, ...], ...]] | None = None
    vague_words: frozenset[str] | None = None
    word_measure_words: frozenset[str] | None = None


_RUN_RE = re.compile(r"[a-z0-9]+")


def _whole_words(entries: list[str]) -> frozenset[str] | None:
    """One word of each entry (its longest run of a-z0-9): an entry matched between non-word characters,
    its spaces matching spaces or hyphens, shows each such run as a whole run of a-z0-9 in the text.
    None when some entry is not ASCII or has no such run (no shortcut then)."""
    out = set()
    for entry in entries:
        runs = _RUN_RE.findall(entry.lower())
        if not entry.isascii() or not runs:
            return None
        out.add(max(runs, key=len))
    return frozenset(out)


def _model_needs(entries: list[str]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]] | None:
    """What a family name needs in a lower-cased ASCII text, matched at a word start and then maybe glued
    to a version: a one-run name ("gpt") opens a run of a-z0-9 of the text ("gpt4o"); any other ("gpt-4",
    "s&p", "code llama") shows each of its space-separated parts as written. None when some entry is not
    ASCII or does not open with a-z0-9 (no shortcut then)."""
    opening, literal = set(), set()
    for entry in entries:
        low = entry.lower()
        m = _RUN_RE.match(low)
        if not entry.isascii() or m is None:
            return None
        if m.end() == len(low):
            opening.add(low)
        else:
            literal.add(tuple(low.split()))
    return tuple(sorted(opening)), tuple(sorted(literal))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    families = read_word_list("model-names")
    # family, then an optional version / size / variant tail: "GPT-4-turbo", "Llama 3 70B", "TensorFlow 2.8",
    # "Claude 3.5 Sonnet", "Llama-2-7b-chat", "Python 3.11", "TPU v4", "SOC 2", "ISO 27001"
    version = r"(?:v?\d+(?:\.\d+)*[a-z]?)"
    size = r"(?:\d+(?:\.\d+)?[bmk])"
    variant = (r"(?:turbo|mini|nano|pro|ultra|flash|sonnet|opus|haiku|instruct|chat|base|large|small|xl|"
               r"medium|tiny|vision|preview|max|plus|lite|o|type\s+(?:i|ii)|dss)")
    tail = rf"(?:[\s-]*(?:{size}|{version}|{variant})(?!\w|\.\d))"
    model_re = re.compile(
        rf"(?<![\w-])(?:{_alternation(families)})(?:{tail}+)"
        rf"|(?<![\w.])\d+(?:\.\d+)?[bm][\s-]*(?:param(?:eter)?s?\b|model\b|llm\b)",
        re.IGNORECASE,
    )
    vague = read_word_list("vague-magnitudes")
    vague_re = re.compile(rf"(?<![\w-])(?:{_alternation(vague)})(?![\w-])", re.IGNORECASE)
    wm = read_word_list("word-measures")
    time_words = "|".join(sorted(_TIME_WORDS))
    word_measure_re = re.compile(
        rf"(?<![\w-])(?:{_alternation(wm)}|\w+-?fold|one\s+in\s+(?:\d+|\w+)|(?:in|within|under|over|after|for)"
        rf"\s+an?\s+(?:{time_words})"
        # "a month ahead of plan", "half a day early": a span of time gained or lost
        rf"|(?:an?|one|half\s+an?)\s+(?:{time_words})\s+(?:ahead|early|earlier|sooner|faster|quicker|late|later|behind)"
        rf"|half\s+an?\s+(?:{time_words})"
        # "half a point", "a full percentage point", "more than a point", "by one point"
        rf"|half\s+an?\s+(?:percentage\s+)?point|an?\s+full\s+(?:percentage\s+)?point|(?:an?|one)\s+percentage\s+point"
        rf"|(?:(?:more|less|fewer)\s+than|at\s+least|at\s+most|by|over|under)\s+(?:an?|one)\s+(?:full\s+)?point)(?![\w-])",
        re.IGNORECASE,
    )
    wm_words = _whole_words(wm)
    return _Tables(
        model_re=model_re,
        vague_re=vague_re,
        word_measure_re=word_measure_re,
        labels=frozenset(read_word_list("number-labels")),
        durations=frozenset(read_word_list("duration-units")),
        descriptors=frozenset(read_word_list("compound-descriptors")),
        descriptor_nouns=frozenset(read_word_list("descriptor-nouns")),
        # model_re: a family name (see _model_needs), or "param" / "model" / "llm" after a size
        model_needs=_model_needs(families),
        vague_words=_whole_words(vague),
        # word_measure_re: an entry, or "fold" (checked apart), "one in ...", a time word or "point"
        word_measure_words=None if wm_words is None else wm_words | {"one", "point"} | _TIME_WORDS,
    )


_DIGIT_ANYWHERE_RE = re.compile(r"\d")
_MODEL_SIZE_WORDS = ("param", "model", "llm")


class _Words:
    """Cheap necessary conditions for the costly regexes, so a text that cannot match one skips it.

    Every match of the model, date, year, phone, digit, from-to and comparison regexes holds a digit. In
    an ASCII text (where case-insensitive matching is plain a-z/A-Z folding), a match of a word-list regex
    shows one word of its entry as a whole run of a-z0-9 of the lower-cased text (see _whole_words), and
    the words a regex opens with ("every", "from", "under", a month) show as whole runs too. A text that
    is not ASCII takes no word shortcut. tests/test_engine_equivalence.py checks the shortcuts change
    nothing; a change to one of these regexes must keep its condition here true."""

    def __init__(self, text: str | None) -> None:
        self.digits = text is None or _DIGIT_ANYWHERE_RE.search(text) is not None
        self.low = text.lower() if text is not None and text.isascii() else None
        self.runs = set(_RUN_RE.findall(self.low)) if self.low is not None else None
        # a date needs "-" (2024-03), "/" (03/2024) or a month name; a year range one of its dashes or "/"
        marks = text is None or any(c in text for c in "-/")
        self.date = self.digits and (marks or self.any_of(_MONTH_WORDS))
        self.year_range = self.digits and (text is None or any(c in text for c in "-–—/"))

    def any_of(self, words: frozenset[str] | None) -> bool:
        return self.runs is None or words is None or not self.runs.isdisjoint(words)

    def model(self, needs: tuple[tuple[str, ...], tuple[tuple[str, ...], ...]] | None) -> bool:
        if not self.digits:
            return False
        low = self.low
        if self.runs is None or low is None or needs is None:
            return True
        opening, literal = needs
        by_first = _by_first_letter(opening)
        for run in self.runs:
            names = by_first.get(run[0])  # a run opens with a name only if it opens with the name's first letter
            if names is not None and run.startswith(names):
                return True
        if any(w in low for w in _MODEL_SIZE_WORDS):
            return True
        for parts in literal:
            for part in parts:
                if part not in low:
                    break
            else:
                return True
        return False


@lru_cache(maxsize=4)
def _by_first_letter(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The names grouped by their first character."""
    out: dict[str, list[str]] = {}
    for name in names:
        out.setdefault(name[:1], []).append(name)
    return {first: tuple(group) for first, group in out.items()}


_MONTH_WORDS = frozenset(_MONTHS.split("|"))
# words _COMPARISON_RE and _CADENCE_RE open with (whole runs of a-z0-9 where they match)
_COMPARISON_WORDS = frozenset({"under", "over", "above", "below", "more", "less", "fewer", "at", "up", "exceed", "exceeds",
                               "exceeded", "exceeding", "crossed", "crosses", "beyond", "within"})
_CADENCE_WORDS = frozenset({"every", "each"})
_FROM = frozenset({"from"})

_PHONE_RE = re.compile(r"(?<![\w.])\+?\(?\d{1,4}\)?(?:[\s.-]\(?\d{2,4}\)?){2,4}(?![\w.%])")
_DATE_RE = re.compile(
    rf"(?<![\w/])(?:\d{{4}}-\d{{1,2}}(?:-\d{{1,2}})?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}/\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\d)|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b)(?![\w/])",
    re.IGNORECASE,
)
_YEAR_RANGE_RE = re.compile(r"(?<![\w$.,])(?:19|20)\d\d\s*[-–—/]\s*(?:(?:19|20)\d\d|\d\d)(?![\w%.,])")
_FROM_TO_RE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|~)?[$€£]?\d[\d,.]*[^\s,;]*(?:\s+\w+){0,3}?\s+(?:to|down to|up to)\s+"
    r"(?:about\s+|around\s+|under\s+|over\s+|below\s+|above\s+|~)?[$€£]?\d[\d,.]*\S*",
    re.IGNORECASE,
)
_COMPARISON_RE = re.compile(
    r"(?:[<>≤≥]=?\s*|\b(?:under|over|above|below|more than|less than|fewer than|at least|at most|"
    r"up to|exceeds?|exceeded|exceeding|crosse[sd]|crosses|beyond|within)\s+)[$€£]?\d",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"(?<![\d.,])\d+(?:,\d{3})*(?:\.\d+)?(?![\d])")
_NUMBER_WORD_RE = re.compile(
    r"(?<![\w-])(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)"
    r"|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
# every alternative of _NUMBER_WORD_RE is one of these words, or two of them joined by a hyphen
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_SCALE_WORD_RE = re.compile(r"\s+(?:hundred|thousand|million|billion|of)\b", re.IGNORECASE)
# tenure: how long the writer has worked, not a measure of the work ("4+ years of experience", "12+ years in
# fintech", "a decade of product experience", "9 years' experience", "over 8 years in product"); "N+ years"
# with the plus is always tenure
_TENURE_NUMBER = r"(?:\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_TENURE_RE = re.compile(
    rf"\b{_TENURE_NUMBER}\s*\+\s*(?:years?|yrs?)\b['’]?"
    rf"|\b{_TENURE_NUMBER}\s*(?:years?|yrs?|months?)['’]?(?:\s+of)?(?:\s+[\w/&-]+){{0,4}}?\s+(?:experience|expertise)\b"
    rf"|(?:^|\bwith\s+|\b(?:over|more\s+than|nearly|almost)\s+){_TENURE_NUMBER}\s*(?:years?|yrs?)(?=\s+(?:in|as|of|across)\s+(?!\d))"
    r"|\b(?:a|one|two|over\s+a|nearly\s+a|almost\s+a)\s+decades?['’]?(?:\s+of)?(?:\s+[\w/&-]+){0,4}?\s+(?:experience|expertise)\b",
    re.IGNORECASE,
)
_TENURE_WORDS = frozenset({"years", "year", "yrs", "yr", "decade", "decades", "months", "month"})
_CADENCE_RE = re.compile(
    r"\b(?:every|each)\s+(?:other\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|sprints?)\b",
    re.IGNORECASE,
)


def _prev_word(text: str, pos: int) -> str:
    words = _WORD_RE.findall(text[max(0, pos - 40):pos])
    return words[-1].lower() if words else ""


def _next_word(text: str, pos: int) -> str:
    m = _WORD_RE.match(text[pos:].lstrip(" \t"))
    return m.group(0).lower() if m else ""


def _overlaps(spans: list[NumberSpan], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def classify_numbers(text: str) -> list[NumberSpan]:
    """Classify every number-ish span of `text`, sorted by start offset."""
    return list(_classified(text))


def classified(text: str) -> tuple[NumberSpan, ...]:
    """classify_numbers as a tuple (shared: the pipeline, the rules and the rewrites all ask about the same
    item texts)."""
    return _classified(text)


@lru_cache(maxsize=2048)
def _classified(text: str) -> tuple[NumberSpan, ...]:
    return tuple(_classify(text))


def _classify(text: str, shortcuts: bool = True) -> list[NumberSpan]:
    """classify_numbers; `shortcuts` skips the regexes a text cannot match (see _Words): same result."""
    t = _tables()
    found: list[NumberSpan] = []

    def add(start: int, end: int, kind: str, typ: str, note: str = "") -> None:
        found.append(NumberSpan(start, end, text[start:end], kind, typ, note))

    can = _Words(text) if shortcuts else _ALWAYS
    # 1. spans that are names, dates and identifiers: the numbers inside them are not measures
    for m in (t.model_re.finditer(text) if can.model(t.model_needs) else ()):
        if _DIGIT_ANYWHERE_RE.search(m.group(0)):
            add(m.start(), m.end(), NOT_MEASURE, "model", "model, tool or standard name with version or size")
    for regex, typ, note, may in ((_DATE_RE, "date", "a date", can.date),
                                  (_YEAR_RANGE_RE, "year", "a year range", can.year_range),
                                  (_PHONE_RE, "phone", "a phone number", can.digits)):
        for m in (regex.finditer(text) if may else ()):
            digits = re.sub(r"\D", "", m.group(0))
            if typ == "phone" and (len(digits) < 9 or re.search(r"[$%]", m.group(0))):
                continue
            if not _overlaps(found, m.start(), m.end()):
                add(m.start(), m.end(), NOT_MEASURE, typ, note)
    # 2. vague magnitudes (they swallow the number words after them: "a few hundred thousand")
    for m in (t.vague_re.finditer(text) if can.any_of(t.vague_words) else ()):
        if not _overlaps(found, m.start(), m.end()):
            end = m.end()
            while (nxt := _SCALE_WORD_RE.match(text, end)) is not None:
                end = nxt.end()
            add(m.start(), end, VAGUE, "vague", "a vague magnitude, not a measure")
    # tenure is not a measure: "4+ years of experience", "a decade of experience"
    for m in (_TENURE_RE.finditer(text) if can.any_of(_TENURE_WORDS) else ()):
        if not _overlaps(found, m.start(), m.end()):
            add(m.start(), m.end(), NOT_MEASURE, "tenure", "time in a job or field (tenure), not a measure")
    # a schedule is not a measure: "every six months", "every 2 weeks"
    for m in (_CADENCE_RE.finditer(text) if can.any_of(_CADENCE_WORDS) else ()):
        if not _overlaps(found, m.start(), m.end()):
            add(m.start(), m.end(), NOT_MEASURE, "cadence", "a schedule (how often), not a measure")
    # 3. measures written in words: multipliers and fractions
    may_measure = can.any_of(t.word_measure_words) or can.low is None or "fold" in can.low
    for m in (t.word_measure_re.finditer(text) if may_measure else ()):
        if _overlaps(found, m.start(), m.end()):
            continue
        word = m.group(0).lower()
        words = set(word.split())
        if "point" in words:
            typ = "percent"
        elif words & _TIME_WORDS and not re.fullmatch(r"(?:a|one|two|three)[\s-]+quarters?", word):
            typ = "duration"
        elif any(w in word for w in ("half", "third", "quarter", "fifth", "tenth", " in ")):
            typ = "fraction"
        else:
            typ = "multiplier"
        if word in ("a quarter",) and _prev_word(text, m.start()) in {"next", "last", "this", "per", "each", "every"}:
            continue
        add(m.start(), m.end(), MEASURE, typ, "a measure written in words")
    # 4. digits
    for m in (_DIGIT_RE.finditer(text) if can.digits else ()):
        if _overlaps(found, m.start(), m.end()):
            continue
        span = _classify_digits(text, m.start(), m.end(), t)
        if span is not None:
            found.append(span)
    # 5. number words
    for m in (_NUMBER_WORD_RE.finditer(text) if can.any_of(_NUMBER_WORD_SET) else ()):
        if _overlaps(found, m.start(), m.end()):
            continue
        span = _classify_number_word(text, m.start(), m.end(), t)
        if span is not None:
            found.append(span)
    # from-to changes and comparisons refine the type of the measures they contain
    refined: list[NumberSpan] = []
    from_to = [(m.start(), m.end()) for m in _FROM_TO_RE.finditer(text)] if can.digits and can.any_of(_FROM) else []
    may_compare = can.digits and (can.any_of(_COMPARISON_WORDS) or any(c in text for c in "<>≤≥"))
    comparisons = [(m.start(), m.end()) for m in _COMPARISON_RE.finditer(text)] if may_compare else []
    for s in found:
        if s.kind == MEASURE and any(a <= s.start < b for a, b in from_to):
            s = NumberSpan(s.start, s.end, s.text, s.kind, "from-to", "a change from one value to another")
        elif s.kind == MEASURE and s.type in ("value", "count") and any(a <= s.start < b for a, b in comparisons):
            s = NumberSpan(s.start, s.end, s.text, s.kind, "comparison", "a value compared with a bound")
        refined.append(s)
    return sorted(refined, key=lambda s: (s.start, s.end))


_ALWAYS = _Words(None)  # no shortcut: every regex runs


# the patterns _classify_digits tries (compiled once)
_PERCENT_RE = re.compile(_PERCENT_WORDS, re.IGNORECASE)
_CURRENCY_AFTER_RE = re.compile(rf"\s?(?:{_CURRENCY_WORDS})\b", re.IGNORECASE)
_GLUED_BEFORE_RE = re.compile(r"([A-Za-z]+)[-]?$")
_CURRENCY_SIGN_END_RE = re.compile(r"[$€£]$")
_LETTERS_RE = re.compile(r"[A-Za-z]*")
_PAIR_RE = re.compile(r"([:/])(\d+)")
_SUFFIX_RE = re.compile(r"([A-Za-z]+)")
_CURRENCY_BEFORE_RE = re.compile(r"(?:[$€£¥]|usd|eur|gbp)\s?$", re.IGNORECASE)
_MODEL_SIZE_AFTER_RE = re.compile(r"[\s-]*(?:param|model|llm)")
_SUFFIX_RATE_RE = re.compile(r"\s?/\s?[a-z]|\s+(?:per|a|an|each)\s+(?:day|week|month|year|quarter|hour|user|query|request)", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_NOT_YEAR_AFTER_RE = re.compile(r"\s?(?:%|percent|x\b)")
_ZERO_TO_ONE_RE = re.compile(r"\s?(?:-?to-?|→|->)\s?1\b")
_ZERO_TO_ONE_SPAN_RE = re.compile(r"\s?(?:-?to-?|→|->)\s?1")
_HYPHEN_WORDS_RE = re.compile(r"-([A-Za-z]+(?:-[A-Za-z]+)?)")
_TIMES_RE = re.compile(r"\s?(?:x|×|times)\b", re.IGNORECASE)
_RATE_AFTER_RE = re.compile(r"\s?/\s?[a-z]|\s+\w+\s?/\s?[a-z]|\s+(?:\w+\s+)?(?:per|a|an|each)\s+(?:day|week|month|year|quarter|hour|second|minute)\b", re.IGNORECASE)


def _classify_digits(text: str, start: int, end: int, t: _Tables) -> NumberSpan | None:
    core = text[start:end]
    before = text[max(0, start - 4):start]
    after = text[end:end + 24]
    nxt = _next_word(text, end)
    prev = _prev_word(text, start)

    def span(kind: str, typ: str, note: str, s: int = start, e: int = end) -> NumberSpan:
        return NumberSpan(s, e, text[s:e], kind, typ, note)

    # letters glued before the digits: Q3, H1, FY24, v2, p95, L6, A100, COVID-19, Web3
    glued = _GLUED_BEFORE_RE.search(before)
    if glued and not _CURRENCY_SIGN_END_RE.search(before):
        prefix = glued.group(1).lower()
        s = start - len(glued.group(0))
        m_suffix = _LETTERS_RE.match(text[end:])
        e = end + (m_suffix.end() if m_suffix else 0)
        if prefix in _PERIOD_PREFIXES:
            return span(NOT_MEASURE, "quarter", "a quarter, half or fiscal period", s, e)
        if prefix == "v":
            return span(NOT_MEASURE, "version", "a version", s, e)
        if prefix == "p" and not before.endswith("-"):
            return span(NOT_MEASURE, "label", "a percentile name, not a value", s, e)
        return span(NOT_MEASURE, "identifier", "an identifier", s, e)
    # identifiers made of digit:digit or digit/digit
    m_pair = _PAIR_RE.match(text[end:])
    if m_pair:
        e = end + m_pair.end()
        pair = text[start:e]
        if pair in ("24/7", "1:1", "24/365", "9/11", "365/24"):
            return span(NOT_MEASURE, "identifier", "an identifier, not a measure", start, e)
        if m_pair.group(1) == ":" and core in ("1",) and m_pair.group(2) == "1":
            return span(NOT_MEASURE, "identifier", "a one-to-one", start, e)
        return span(MEASURE, "ratio", "a ratio or score", start, e)
    # suffix letters glued after the digits: 15k, 1.2M, 3x, 400ms, 70B, 3rd, 3D, 2FA
    m_suf = _SUFFIX_RE.match(text[end:])
    currency = bool(_CURRENCY_BEFORE_RE.search(before))
    if m_suf:
        suf = m_suf.group(1).lower()
        e = end + m_suf.end()
        if suf in _ORDINAL_SUFFIXES:
            return span(NOT_MEASURE, "ordinal", "an ordinal position", start, e)
        if suf in _SUFFIX_UNITS and not (len(suf) == 1 and suf in "dwyht" and m_suf.group(1).isupper()):
            rest = text[e:e + 20].lower()
            if suf in ("b", "m") and not currency and _MODEL_SIZE_AFTER_RE.match(rest):
                return span(NOT_MEASURE, "model", "a model size", start, e)
            typ = "money" if currency else _SUFFIX_UNITS[suf]
            if _SUFFIX_RATE_RE.match(text[e:e + 20]):
                typ = "rate" if typ != "money" else "money"
            return span(MEASURE, typ, f"a {typ}", start, e)
        return span(NOT_MEASURE, "identifier", "an identifier (digits glued to letters)", start, e)
    # labels and ordinal positions: "week 3", "Phase 2", "version 3.2", "Article 18"
    lab = re.search(rf"(?<![\w-]){re.escape(prev)}[\s#.]*$", text[:start], re.IGNORECASE) if prev else None
    if prev in t.labels and lab and not currency:
        return span(NOT_MEASURE, "label", f"a label or position ('{prev} N'), not a measure", lab.start(), end)
    if before.endswith("#"):
        return span(NOT_MEASURE, "label", "a numbered label", start - 1, end)
    # years
    if _YEAR_RE.fullmatch(core) and not currency and not _NOT_YEAR_AFTER_RE.match(after):
        if not (nxt.endswith("s") and nxt not in ("is", "was", "has", "as", "its", "this", "us") and len(nxt) > 3):
            return span(NOT_MEASURE, "year", "a year")
    # "0-to-1", "zero to one" products
    if core == "0" and _ZERO_TO_ONE_RE.match(after):
        m0 = _ZERO_TO_ONE_SPAN_RE.match(after)
        return span(NOT_MEASURE, "identifier", "a product stage (0 to 1)", start, end + (m0.end() if m0 else 0))
    # hyphen compounds: "21-day" (measure), "3-tier" (descriptor)
    m_hy = _HYPHEN_WORDS_RE.match(text[end:])
    if m_hy:
        word = m_hy.group(1).lower()
        head = word.split("-")[0]
        if word in t.descriptors or head in t.descriptors:
            return span(NOT_MEASURE, "descriptor", "a descriptor compound, not a measure", start, end + m_hy.end())
        typ = "duration" if head in t.durations or head.rstrip("s") in t.durations else "count"
        if typ == "count" and _next_word(text, end + m_hy.end()) in t.descriptor_nouns:
            # "a 5-point rubric", "a 10-question survey": the number describes the thing, it measures nothing
            return span(NOT_MEASURE, "descriptor", "a descriptor of a method or artefact, not a measure",
                        start, end + m_hy.end())
        return span(MEASURE, typ, f"a {typ}", start, end + m_hy.end())
    if _is_version_after_name(text, start, end):
        return span(NOT_MEASURE, "version", "a version after a product or tool name")
    # measures proper
    m_pct = _PERCENT_RE.match(text[end:])
    if m_pct:
        return span(MEASURE, "percent", "a percentage or points", start, end + m_pct.end())
    if currency or _CURRENCY_AFTER_RE.match(after):
        return span(MEASURE, "money", "an amount of money")
    if _TIMES_RE.match(after):
        return span(MEASURE, "multiplier", "a multiplier")
    if nxt in t.durations:
        return span(MEASURE, "duration", "a duration")
    if _RATE_AFTER_RE.match(after):
        return span(MEASURE, "rate", "a rate")
    if nxt and nxt[0].isalpha():
        return span(MEASURE, "count", "a count with a unit")
    return span(MEASURE, "value", "a value")


_NAME_BEFORE_RE = re.compile(r"(?:^|[^\w.!?:;]\s*|[\w,]\s+)([A-Z][A-Za-z]*[a-z][A-Za-z]*)\s+$")
_VERSION_NEXT_RE = re.compile(r"(?:\s*$|\s*[.,;:)]|\s+(?:and|or|with|in|on|for|to|via|as|from|plus)\b)")


def _is_version_after_name(text: str, start: int, end: int) -> bool:
    """True for "Tesseract 5", "PaddleOCR 2.7": a small number or x.y right after a capitalised name
    (not the first word of a sentence) and followed by nothing that could be its unit."""
    core = text[start:end]
    if not re.fullmatch(r"\d{1,2}(?:\.\d+){0,2}", core) or "," in core:
        return False
    before = text[max(0, start - 60):start]
    m = _NAME_BEFORE_RE.search(before)
    if m is None:
        return False
    # the name must not open a sentence (a capitalised verb: "Reached 40 ...")
    head = before[:m.start(1)].rstrip()
    if not head or head[-1] in ".!?:;\n•-–—*":
        return False
    return _VERSION_NEXT_RE.match(text, end) is not None


def _classify_number_word(text: str, start: int, end: int, t: _Tables) -> NumberSpan | None:
    word = text[start:end].lower()
    prev = _prev_word(text, start)
    nxt = _next_word(text, end)
    after = text[end:end + 20]

    def span(kind: str, typ: str, note: str, e: int = end) -> NumberSpan:
        return NumberSpan(start, e, text[start:e], kind, typ, note)

    m_hy = re.match(r"-([A-Za-z]+)", after)
    if m_hy:
        head = m_hy.group(1).lower()
        if head in t.durations or head.rstrip("s") in t.durations:
            return span(MEASURE, "duration", "a duration written in words", end + m_hy.end())
        if head in ("person", "people", "member", "engineer"):
            return span(MEASURE, "count", "a count written in words", end + m_hy.end())
        return span(NOT_MEASURE, "descriptor", "a descriptor compound, not a measure", end + m_hy.end())
    if word == "one":
        if nxt in _TIME_WORDS or nxt in t.durations:
            return span(MEASURE, "duration", "a duration written in words")
        return None  # "one of", "one model": not a measure
    if word in ("hundred", "thousand", "million", "billion") and prev not in _NUMBER_WORDS:
        return None  # bare scale words outside a vague phrase: "a million things" is rhetoric
    if word == "zero":
        if re.match(r"\s+to\s+one\b", after, re.IGNORECASE):
            return span(NOT_MEASURE, "identifier", "a product stage (zero to one)")
        return span(MEASURE, "count", "zero of something") if nxt else None
    if prev in _DETERMINERS:
        return None  # "the two models": a reference, not a quantity
    if nxt in ("of",) and word in ("one",):
        return None
    if prev in t.labels and prev not in _TIME_WORDS:
        return span(NOT_MEASURE, "label", "a label ('phase two')")
    if nxt in _TIME_WORDS or nxt in t.durations:
        return span(MEASURE, "duration", "a duration written in words")
    if re.match(r"\s+times\b", after, re.IGNORECASE):
        return span(MEASURE, "multiplier", "a multiplier written in words")
    if re.match(r"\s+(?:percent|per\s?cent|points|percentage)", after, re.IGNORECASE):
        return span(MEASURE, "percent", "a percentage written in words")
    return span(MEASURE, "count", "a count written in words")


def measures(text: str) -> list[NumberSpan]:
    """Only the measure spans of `text`."""
    return [s for s in classify_numbers(text) if s.kind == MEASURE]


def has_measure(text: str) -> bool:
    """True when `text` contains at least one measure."""
    return bool(measures(text))
