"""The cost-math check: recompute an answer's inference-cost arithmetic and flag a total that is off.

An answer that states a volume ("500k queries a day"), tokens per request ("about 500 tokens each"), a
unit price ("$10 per 1M tokens", or "$0.004 per request") and a total ("$912,500 a year") is
recomputed: volume per day x tokens x price per token x days in the total's period. A total more than
the tolerance (10% by default) away from every reading of the stated inputs is flagged, with the
recomputation as evidence. Intermediate token totals ("250 million tokens a day") are checked the same
way. Nothing is flagged unless every input is stated: a rule that is unsure does not flag.

Numbers are read with their words and suffixes: "500k", "1.2M", "half a million", "two and a half
million", "500 thousand", "$10 per million tokens", "$3/MTok", "10 cents per thousand queries",
"50 queries per second". Periods convert with a 365-day year (a month is 365/12 days).

Numbers, money and periods are read with critic.spoken_numbers, the vocabulary critic.numbers shares.
This package depends on nothing of the rule engine: critic.costmath.rule registers the check as the
function rule kind ``cost-math`` (rules/answer/cost-math.yaml); ``analyse`` is the same check on plain
text, for callers that want the recomputation even when it is right.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from critic.findings import Evidence, Finding
from critic.spoken_numbers import (
    BUSINESS_DAY,
    CURRENCY_SYMBOLS,
    PER,
    PERIOD_ADVERBS,
    PERIOD_NAMES,
    PERIODS,
    SCALES,
    Tok,
    is_digits,
    money_at,
    period_at,
    read_number,
    tokens,
)

DEFAULT_TOLERANCE = 0.10
RECOMPUTED = "cost-math:recomputed"  # the evidence source of a wrong total's recomputation
MAX_TOKENS_PER_REQUEST = 200_000  # an unqualified token count above this is not a per-request size

# ---------------------------------------------------------------------------------------------------------
# vocabulary

_RATE_ABBREVIATIONS = {"qps": 1 / 86400, "rps": 1 / 86400, "qpm": 1 / 1440, "rpm": 1 / 1440}
_REQUEST_NOUNS = frozenset("""
    query queries request requests call calls question questions message messages conversation conversations
    chat chats search searches document documents doc docs claim claims ticket tickets image images
    summary summaries prompt prompts completion completions interaction interactions session sessions
    email emails transaction transactions invoice invoices lookup lookups answer answers review reviews
    generation generations inference inferences task tasks reply replies response responses turn turns
    note notes transcript transcripts page pages article articles listing listings caption captions
    classification classifications recommendation recommendations translation translations
""".split())
_TOKEN_WORDS = {"token", "tokens", "tok", "toks"}
_GPU_WORDS = frozenset("gpu gpus tpu tpus accelerator accelerators".split())
_GPU_MODEL_RE = re.compile(r"^x?(?:[ahlvt]\d{1,3}[a-z]?|mi\d{3}x?|b\d{3}|gh\d{3})s?$")  # A100s, H100, L4, xH100
_NODE_WORDS = frozenset("node nodes server servers machine machines instance instances box boxes host hosts".split())
_HOUR_WORDS = {"hour", "hours", "hr", "hrs", "h"}
_TOKEN_SCALE_WORDS = {"mtok": 1e6, "mtoks": 1e6, "ktok": 1e3, "ktoks": 1e3}
_INPUT_WORDS = {"input", "prompt", "context"}
_OUTPUT_WORDS = {"output", "completion", "generated", "generation", "response"}
_REVERSE_FILLERS = {"costs", "cost", "is", "are", "at", "about", "around", "roughly", "=", ":", "~", "of", "runs",
                    "run", "'s", "would", "be", "will", "comes", "to", "approximately"}
_COST_FILLERS = {
    "is", "that", "that's", "thats", "s", "'s", "comes", "come", "to", "would", "will", "be", "about",
    "around", "roughly", "approximately", "~", "=", ":", ",", "of", "at", "works", "out", "total", "cost",
    "costs", "spend", "bill", "the", "it", "so", "which", "or", "and", "just", "only", "call", "say",
    "an", "a", "estimated", "estimate", "run", "rate", "runs", "some", "nearly", "almost", "close",
}

# ---------------------------------------------------------------------------------------------------------
# quantities


@dataclass(frozen=True)
class Quantity:
    """One number of a cost estimate, normalised.

    role: volume (requests per day), tokens (per request), flow (tokens per day), token-price ($ per
    token), request-price ($ per request), gpu-price ($ per GPU- or node-hour, `unit` "gpu" | "node" | ""),
    gpus, nodes, gpus-per-node, hours (a day), total ($ per `days`-long period; `part` when it is one
    side's cost), sum (a total stated as the sum of `addends`), or the derived totals checked like a
    total: token-total (tokens per `days`-long period) and volume-total (a volume restated in another
    period).
    """

    role: str
    value: float
    start: int
    end: int
    text: str
    days: float = 1.0  # the stated period's length in days (volume, flow, totals)
    part: str = ""  # "input" | "output" | "" (tokens and token prices)
    unit: str = ""  # what the value counts, for display ("queries", "tokens", "1M tokens", ...)
    addends: tuple[tuple[float, float], ...] = ()  # a stated sum's (value, days) parts ("$600 plus $750")
    bare: bool = False  # a volume stated without a noun ("about 300,000 a day")
    per_user: bool = False  # a volume per user ("each sends 20 messages a day")
    peak: bool = False  # a peak rate ("50 requests per second at peak"), not the average



def _part_of(word: str) -> str:
    return "input" if word in _INPUT_WORDS else "output" if word in _OUTPUT_WORDS else ""


def _part_after(toks: list[Tok], k: int) -> str:
    """"input" / "output" when the word at k says which tokens a count or price is for."""
    return _part_of(toks[k].low) if 0 <= k < len(toks) else ""


def _part_before(toks: list[Tok], s: int) -> str:
    """"input" / "output" for a price introduced as "output at $15", "input is $3", "input: $3"."""
    k = s - 1
    if k >= 0 and toks[k].low in ("is", "at", "costs", "cost", ":", "=", "runs", "tokens", "token"):
        k -= 1
    if k >= 0 and toks[k].low in ("tokens", "token"):
        k -= 1
    return _part_after(toks, k)


_PART_FILLERS = {"is", "costs", "cost", "comes", "come", "to", "about", "roughly", "around", "side", "tokens", "token",
                 "run", "runs", "at", ":", "=", "would", "be", "'s", "spend", "alone", "only", "then", "and", "the",
                 "approximately", "adds", "add", "up", "are"}


def _count_part_before(toks: list[Tok], i: int) -> str:
    """ "input" / "output" for a token count introduced as "input is 500 tokens", "output: 250 tokens"."""
    b = i - 1
    while b >= 0 and i - b <= 3 and toks[b].low in ("is", "are", "of", "uses", "takes", "about", "around", "roughly",
                                                     "~", ":", "=", "side", "maybe", "say", "averages", "average",
                                                     "runs", "has"):
        b -= 1
    return _part_after(toks, b) if b >= 0 and not (b > 0 and is_digits(toks[b - 1])) else ""


def _total_part(toks: list[Tok], s: int, k: int) -> str:
    """ "input" / "output" when a money total is one side's cost: "input costs $600 a day",
    "$750 a day for output", "the output side is $750 a day"."""
    b = s - 1
    while b >= 0 and s - b <= 5 and toks[b].low in _PART_FILLERS:
        b -= 1
    part = _part_after(toks, b)
    if part and not (b > 0 and (is_digits(toks[b - 1]) or toks[b - 1].low in SCALES)):  # not "100 output tokens"
        return part
    a = k
    if a < len(toks) and toks[a].low in ("for", "on", "of", "in"):
        a += 1 + (a + 1 < len(toks) and toks[a + 1].low == "the")
        return _part_after(toks, a)
    return ""



def _is_denominator(value: float) -> bool:
    """1, 1,000, 1M ...: a count that prices are quoted per."""
    return value == 1 or (value >= 1000 and float(f"{value:.1g}") == value and str(int(value)).startswith("1"))


def _span(text: str, toks: list[Tok], i: int, j: int) -> tuple[int, int, str]:
    start, end = toks[i].start, toks[j - 1].end
    return start, end, text[start:end]


def extract(text: str) -> list[Quantity]:
    """Every cost-estimate number in `text`, in order, with its role."""
    toks = tokens(text)
    n = len(toks)
    mentions_tokens = any(t.low in _TOKEN_WORDS or t.low in _TOKEN_SCALE_WORDS for t in toks)
    mentions_gpus = any(_is_gpu(t.low) for t in toks)
    out: list[Quantity] = []
    i = 0
    while i < n:
        found = (_money_quantity(text, toks, i, mentions_tokens, mentions_gpus)
                 or _count_quantity(text, toks, i, mentions_tokens, out))
        if found is None:
            i += 1
            continue
        quantity, i = found
        if quantity is not None:
            out.append(quantity)
    out = [_peak(toks, _per_user(toks, q)) if q.role == "volume" else q for q in out]
    out += _sums(text, toks)
    # a peak rate is the volume only when no average is stated
    if any(q.role == "volume" and not q.peak for q in out):
        out = [q for q in out if not (q.role == "volume" and q.peak)]
    # a bare "300,000 a day" is the volume only when no counted noun says what is counted
    if any(q.role == "volume" and not q.bare for q in out):
        out = [q for q in out if not (q.role == "volume" and q.bare)]
    else:
        bare = [q for q in out if q.role == "volume" and q.bare][1:]
        out = [q for q in out if q not in bare]
    return out


_PLUS = {"plus", "+", "and"}
_SUM_WORDS = {"=", "is", "are", "total", "totals", "so", ",", ":", "that's", "thats", "makes", "make", "comes", "to",
              "gives", "for", "a", "of", "about", "roughly", "around", "altogether", "together", "combined", "which",
              "that", "in", "all", "or", "call", "it", "it's", "approximately", "~", "the"}
_SIDE_WORDS = {"for", "on", "of", "in", "the", "input", "output", "tokens", "side", "prompt", "completion", "and",
               "plus", "+", "another", "more", "then"}


def _sums(text: str, toks: list[Tok]) -> list[Quantity]:
    """Totals stated as a sum: "$600 for input plus $750 for output, $1,350 a day" (checked as added)."""
    moneys: list[tuple[float, int, int, float | None]] = []  # value, start, end (after any period), days
    i = 0
    while i < len(toks):
        money = money_at(toks, i)
        if money is None:
            i += 1
            continue
        value, s, j = money
        period = period_at(toks, j)
        if period is None and j < len(toks) and toks[j].low in ("for", "on") and j + 2 < len(toks):
            period = period_at(toks, j + 2 + (toks[j + 1].low == "the"))
            period = (period[0], j) if period is not None else None
        days, end = (period[0], period[1]) if period is not None else (None, j)
        moneys.append((value, s, end, days))
        i = max(end, i + 1)
    out: list[Quantity] = []
    for a, b, c in zip(moneys, moneys[1:], moneys[2:], strict=False):
        between_ab = [t.low for t in toks[a[2]:b[1]]]
        between_bc = [t.low for t in toks[b[2]:c[1]]]
        if not (_PLUS & set(between_ab)) or len(between_ab) > 6 or not set(between_ab) <= _SIDE_WORDS | _SUM_WORDS:
            continue
        if len(between_bc) > 6 or not set(between_bc) <= _SUM_WORDS | _SIDE_WORDS or _PLUS & set(between_bc):
            continue
        days = c[3] or a[3] or b[3] or 1.0
        st, en, tx = _span(text, toks, c[1], c[2])
        out.append(Quantity("sum", c[0], st, en, tx, days=days, addends=((a[0], a[3] or days), (b[0], b[3] or days))))
    return out


_USER_WORDS = frozenset("""
    user users employee employees customer customers people person member members subscriber subscribers rep reps
    agent agents dau daus mau maus seat seats driver drivers seller sellers student students clinician clinicians
    doctor doctors analyst analysts advisor advisors developer developers engineer engineers merchant merchants
    shopper shoppers patient patients learner learners writer writers
""".split())
_EACH = {"each", "apiece", "per", "every", "a"}


def _per_user(toks: list[Tok], q: Quantity) -> Quantity:
    """A volume said per user ("who each ask 8 questions a day", "20 messages a day each", "per user")."""
    idx = {t.start: k for k, t in enumerate(toks)}
    first = idx.get(q.start, 0)
    last = max(k for k, t in enumerate(toks) if t.end <= q.end)
    before = [t.low for t in toks[max(0, first - 4):first]]
    after = [t.low for t in toks[last + 1:last + 3]]
    if ("each" in before or after[:1] in (["each"], ["apiece"]) or
            (after[:1] in (["per"], ["a"], ["every"]) and after[1:2] and after[1] in _USER_WORDS) or
            any(b in ("per", "every") and c in _USER_WORDS for b, c in zip(before, before[1:], strict=False))):
        return Quantity(q.role, q.value, q.start, q.end, q.text, days=q.days, unit=q.unit, per_user=True)
    return q


_PEAK_WORDS = {"peak", "peaks", "peaking", "burst", "bursts", "max", "maximum", "spike", "spikes", "busiest"}


def _peak(toks: list[Tok], q: Quantity) -> Quantity:
    """A volume said to be a peak ("50 requests per second at peak", "peaks of 200 QPS")."""
    first = next((k for k, t in enumerate(toks) if t.start == q.start), 0)
    last = max((k for k, t in enumerate(toks) if t.end <= q.end), default=first)
    before = [t.low for t in toks[max(0, first - 2):first]]
    if "and" in before or "," in before:  # "at peak and about 1M a day": the peak belongs to what came before
        before = before[before.index("and" if "and" in before else ",") + 1:]
    near = set(before) | {t.low for t in toks[last + 1:last + 3]}
    if near & _PEAK_WORDS:
        return replace(q, peak=True)
    return q


def _user_volumes(qs: list[Quantity]) -> list[Quantity]:
    """Users x a volume per user becomes the volume; a volume per user without a user count is dropped."""
    users = [q for q in qs if q.role == "users"]
    out = []
    for q in qs:
        if q.role != "volume" or not q.per_user:
            out.append(q)
            continue
        for u in users[:1]:
            unit = f"{q.unit} ({_fmt_count(u.value)} {u.unit} × {_fmt_count(q.value * q.days)} each)"
            out.append(Quantity("volume", u.value * q.value, q.start, q.end, q.text, days=q.days, unit=unit))
    return out


def _is_gpu(word: str) -> bool:
    return word in _GPU_WORDS or bool(_GPU_MODEL_RE.match(word))


def _gpu_or_node(word: str) -> str:
    """ "gpu" for a GPU noun ("GPUs", "H100s"), "node" for a machine noun, else ""."""
    return "gpu" if _is_gpu(word) else "node" if word in _NODE_WORDS else ""


def _hourly_price(toks: list[Tok], s: int, j: int) -> tuple[str, int] | None:
    """A GPU or node price per hour after money ending at j: ("gpu" | "node" | "", index after).

    "$2 per GPU-hour", "$2/GPU-hr", "$2 per GPU per hour", "$2 an hour per GPU", "$2 an hour each",
    "$20 per node-hour"; a plain "$2 an hour" is a price when a GPU or node noun (or "at") comes just
    before it, for the nearest such noun; otherwise it is a total per hour.
    """
    n = len(toks)

    def low(k: int) -> str:
        return toks[k].low if 0 <= k < n else ""

    k = j
    if low(k) == "each":
        k += 1
    if low(k) not in ("per", "/", "a", "an"):
        return None
    unit = _gpu_or_node(low(k + 1))
    if unit:  # per GPU-hour, per GPU hour, per GPU per hour, per node-hour
        m = k + 2 + (low(k + 2) == "-")
        if low(m) in _HOUR_WORDS:
            return unit, m + 1
        if low(m) in ("per", "an", "a", "/", "each") and low(m + 1) in _HOUR_WORDS:
            return unit, m + 2
        return None
    if low(k + 1) not in _HOUR_WORDS - {"h"} and not (low(k) == "/" and low(k + 1) == "h"):
        return None
    m = k + 2
    if low(m) in ("per", "a", "an", "/", "for") and _gpu_or_node(low(m + 1 + (low(m + 1) in ("each", "every")))):
        after = m + 1 + (low(m + 1) in ("each", "every"))
        return _gpu_or_node(low(after)), after + 1
    if low(m) in ("each", "apiece") or low(j) == "each":
        return _nearest_unit(toks, s) or "gpu", m + (low(m) in ("each", "apiece"))
    near = _nearest_unit(toks, s, 5)
    if near or low(s - 1) == "at":
        return near, m
    return None


def _nearest_unit(toks: list[Tok], s: int, reach: int = 12) -> str:
    """The unit ("gpu" | "node") of the nearest GPU or node noun before token s, within `reach`."""
    for k in range(s - 1, max(-1, s - 1 - reach), -1):
        unit = _gpu_or_node(toks[k].low)
        if unit:
            return unit
    return ""


def _money_quantity(text: str, toks: list[Tok], i: int, mentions_tokens: bool,
                    mentions_gpus: bool = False) -> tuple[Quantity | None, int] | None:
    money = money_at(toks, i)
    if money is None:
        return None
    value, s, j = money
    n = len(toks)
    if mentions_gpus:
        hourly = _hourly_price(toks, s, j)
        if hourly is not None:
            unit, k = hourly
            st, en, tx = _span(text, toks, s, k)
            return Quantity("gpu-price", value, st, en, tx, days=1 / 24, unit=unit), k
    # unit prices: $10 per 1M tokens, $3/MTok, $0.004 per query, 10 cents per thousand requests
    if j < n and (toks[j].low in ("per", "/", "every", "each", "a", "an")
                  or (toks[j].low == "for" and j + 1 < n and toks[j + 1].low in ("every", "each"))):
        k = j + (2 if toks[j].low == "for" else 1)
        if k < n and toks[k].low in ("every", "each"):
            k += 1
        denominator, k2 = 1.0, k
        if k < n and toks[k].low in _TOKEN_SCALE_WORDS:  # $3/MTok, $3 per MTok input
            denominator, k2 = _TOKEN_SCALE_WORDS[toks[k].low], k + 1
            part = _part_after(toks, k2) or _part_before(toks, s)
            if k2 < n and toks[k2].low in _INPUT_WORDS | _OUTPUT_WORDS:
                k2 += 1
            st, en, tx = _span(text, toks, s, k2)
            return Quantity("token-price", value / denominator, st, en, tx, part=part,
                            unit=f"{_fmt_count(denominator)} tokens"), k2
        read = read_number(toks, k, bare_scale=True) if k < n else None
        if read is not None:
            denominator, k2 = read
            if denominator <= 0:
                return None, j
        part = ""
        k3 = k2
        while k3 < n and k3 - k2 < 2 and toks[k3].low in _INPUT_WORDS | _OUTPUT_WORDS:
            part = "input" if toks[k3].low in _INPUT_WORDS else "output"
            k3 += 1
        if not part and k3 + 1 < n and toks[k3].low in ("for", "on") and _part_after(toks, k3 + 1) and mentions_tokens:
            part, k3 = _part_after(toks, k3 + 1), k3 + 2  # "$5 per million for output"
        if k3 < n and toks[k3].low in _TOKEN_WORDS:
            part = part or _part_after(toks, k3 + 1) or _part_before(toks, s)
            st, en, tx = _span(text, toks, s, k3 + 1)
            return Quantity("token-price", value / denominator, st, en, tx, part=part,
                            unit="token" if denominator == 1 else f"{_fmt_count(denominator)} tokens"), k3 + 1
        if read is not None and denominator >= 1000 and mentions_tokens and not (
                k3 < n and (toks[k3].low in _REQUEST_NOUNS or (k3 + 1 < n and toks[k3 + 1].low in _REQUEST_NOUNS))):
            st, en, tx = _span(text, toks, s, k3)
            return Quantity("token-price", value / denominator, st, en, tx, part=part or _part_before(toks, s),
                            unit=f"{_fmt_count(denominator)} tokens"), k3
        for skip in (0, 1):
            if k2 + skip < n and toks[k2 + skip].low in _REQUEST_NOUNS:
                st, en, tx = _span(text, toks, s, k2 + skip + 1)
                return (Quantity("request-price", value / denominator, st, en, tx, unit=toks[k2 + skip].low),
                        k2 + skip + 1)
    # totals: $912,500 a year, $2,500/day, $1.2M annually, $76k per month, $18k in total a month
    period = period_at(toks, j)
    if period is None and j < n and toks[j].low in ("total", "overall", "altogether", "all-in", "in"):
        skip = 2 if toks[j].low == "in" and j + 1 < n and toks[j + 1].low == "total" else 1
        period = period_at(toks, j + skip) if toks[j].low != "in" or skip == 2 else None
    if period is not None:
        days, k = period
        if k < n and toks[k].low in ("per", "each", "/") and period_at(toks, k) is None:
            return None, k  # "$20 a month per seat": a price, not a total
        st, en, tx = _span(text, toks, s, k)
        return Quantity("total", value, st, en, tx, days=days, part=_total_part(toks, s, k)), k
    # a price per request said the other way round: "each query costs $0.004", "cost per call is $0.01"
    b = s - 1
    while b >= 0 and s - b <= 4 and toks[b].low in _REVERSE_FILLERS:
        b -= 1
    if b >= 1 and toks[b].low in _REQUEST_NOUNS and toks[b - 1].low in ("each", "per", "a", "an", "every", "one", "single"):
        st, en, tx = _span(text, toks, b - 1, j)
        return Quantity("request-price", value, st, en, tx, unit=toks[b].low), j
    if j < n and toks[j].low in ("each", "apiece") and not (j + 1 < n and toks[j + 1].low in PERIODS):
        st, en, tx = _span(text, toks, s, j + 1)
        return Quantity("request-price", value, st, en, tx, unit="request"), j + 1
    # a period before the money: "an annual cost of $912,500", "monthly, that's $76k"
    b = s - 1
    while b >= 0 and toks[b].low in _COST_FILLERS:
        b -= 1
    if b >= 0 and toks[b].low in PERIOD_ADVERBS and s - b <= 6:
        st, en, tx = _span(text, toks, s, j)
        return Quantity("total", value, st, en, tx, days=PERIOD_ADVERBS[toks[b].low]), j
    # "per month that's $18k", "over a year it's $219,000"
    if b >= 1 and toks[b].low in PERIODS and len(toks[b].low) > 1 and s - b <= 5:
        lead = b - 1 - (toks[b - 1].low in ("a", "an", "the") and b >= 2)
        if toks[lead].low in ("per", "a", "an", "each", "every", "over", "for", "in"):
            st, en, tx = _span(text, toks, s, j)
            return Quantity("total", value, st, en, tx, days=PERIODS[toks[b].low]), j
    return None, j


def _count_quantity(text: str, toks: list[Tok], i: int, mentions_tokens: bool = False,
                    before: Sequence[Quantity] = ()) -> tuple[Quantity | None, int] | None:
    read = read_number(toks, i)
    if read is None:
        return None
    value, j = read
    n = len(toks)
    if value <= 0:
        return None, j
    hardware = _hardware_quantity(text, toks, i, j, value, before)
    if hardware is not None:
        return hardware
    for skip in range(0, 3):  # 50,000 employees, 2M daily active users
        word = toks[j + skip].low if j + skip < n else ""
        if word in _USER_WORDS:
            st, en, tx = _span(text, toks, i, j + skip + 1)
            return Quantity("users", value, st, en, tx, unit=toks[j + skip].text), j + skip + 1
        if not word.isalpha() or word in _REQUEST_NOUNS or word in _TOKEN_WORDS or word in PER:
            break
    # glued or spaced rate abbreviations: 50 QPS
    if j < n and toks[j].low in _RATE_ABBREVIATIONS:
        st, en, tx = _span(text, toks, i, j + 1)
        days = _RATE_ABBREVIATIONS[toks[j].low]
        return Quantity("volume", value / days, st, en, tx, days=days, unit="requests"), j + 1
    # token counts: 500 tokens (each | per query), 250 million tokens a day, 400 input tokens, 500-token prompts
    k = j
    part = ""
    if k < n and toks[k].low == "-" and k + 1 < n and toks[k + 1].low in _TOKEN_WORDS:
        st, en, tx = _span(text, toks, i, k + 2)
        return Quantity("tokens", value, st, en, tx, part=_part_after(toks, k + 2), unit="tokens"), k + 2
    while k < n and k - j < 2 and toks[k].low in _INPUT_WORDS | _OUTPUT_WORDS:
        part = "input" if toks[k].low in _INPUT_WORDS else "output"
        k += 1
    if k < n and toks[k].low in _TOKEN_WORDS:
        k += 1
        part = part or _part_after(toks, k) or _count_part_before(toks, i)
        if k < n and toks[k].low in _INPUT_WORDS | _OUTPUT_WORDS:
            part = "input" if toks[k].low in _INPUT_WORDS else "output"
            k += 1
        # reversed price: "a million tokens costs $10"
        m = k
        while m < n and m - k < 2 and toks[m].low in ("cost", "costs", "is", "are", "at", "for", "runs", "run", "=", ":", "about", "around", "roughly"):
            m += 1
        if (m > k or (m < n and toks[m].low in CURRENCY_SYMBOLS)) and _is_denominator(value):
            money = money_at(toks, m) if m < n else None
            if money is not None and period_at(toks, money[2]) is None:
                price, _, after = money
                st, en, tx = _span(text, toks, i, after)
                return Quantity("token-price", price / value, st, en, tx, part=part,
                                unit="token" if value == 1 else f"{_fmt_count(value)} tokens"), after
        period = period_at(toks, k)
        if period is not None:
            days, k2 = period
            st, en, tx = _span(text, toks, i, k2)
            return Quantity("flow", value / days, st, en, tx, days=days, unit="tokens"), k2
        per_request = False
        if k < n and toks[k].low in ("each", "apiece"):
            per_request, k = True, k + 1
        elif k < n and toks[k].low in PER | {"for"}:
            for skip in (1, 2):
                if k + skip < n and toks[k + skip].low in _REQUEST_NOUNS:
                    per_request, k = True, k + skip + 1
                    break
        if per_request or value <= MAX_TOKENS_PER_REQUEST:
            st, en, tx = _span(text, toks, i, k)
            return Quantity("tokens", value, st, en, tx, part=part, unit="tokens"), k
        return None, k
    # volumes: 500,000 questions a day, 2M requests/month, 40,000 new claims daily, 500k daily queries
    if k < n and toks[k].low in PERIOD_ADVERBS and toks[k].low != "annual":
        for skip in range(1, 4):
            if k + skip < n and toks[k + skip].low in _REQUEST_NOUNS:
                days = PERIOD_ADVERBS[toks[k].low]
                st, en, tx = _span(text, toks, i, k + skip + 1)
                return Quantity("volume", value / days, st, en, tx, days=days, unit=toks[k + skip].low), k + skip + 1
            if k + skip >= n or not toks[k + skip].low.isalpha():
                break
    # "1,200 input and 300 output" in an answer about tokens
    if part and mentions_tokens and value <= MAX_TOKENS_PER_REQUEST and not (k < n and toks[k].low in _REQUEST_NOUNS):
        st, en, tx = _span(text, toks, i, k)
        return Quantity("tokens", value, st, en, tx, part=part, unit="tokens"), k
    for skip in range(0, 4):
        m = j + skip
        if m >= n or not toks[m].low.isalpha() or toks[m].low in PER or toks[m].low in PERIODS:
            break
        if toks[m].low in _REQUEST_NOUNS:
            period = period_at(toks, m + 1)
            if period is None and m + 1 < n and toks[m + 1].low in ("are", "come", "arrive", "hit"):
                period = period_at(toks, m + 2)
            if period is not None:
                days, k2 = period
                st, en, tx = _span(text, toks, i, k2)
                return Quantity("volume", value / days, st, en, tx, days=days, unit=toks[m].low), k2
            break
    period = period_at(toks, j) if value >= 100 and (i == 0 or toks[i - 1].low not in CURRENCY_SYMBOLS) else None
    if period is not None and period[0] >= 1 / 86400:  # "about 300,000 a day", "9M a month"
        days, k2 = period
        st, en, tx = _span(text, toks, i, k2)
        return Quantity("volume", value / days, st, en, tx, days=days, unit="requests", bare=True), k2
    return None, j


def _hardware_quantity(text: str, toks: list[Tok], i: int, j: int, value: float,
                       before: Sequence[Quantity]) -> tuple[Quantity | None, int] | None:
    """GPU and node counts and hours a day: "8 H100s", "4 nodes", "nodes with 8 GPUs each", "24/7"."""
    n = len(toks)

    def low(k: int) -> str:
        return toks[k].low if 0 <= k < n else ""

    if low(j) == "/" and low(j + 1) == "7" and value == 24:
        st, en, tx = _span(text, toks, i, j + 2)
        return Quantity("hours", 24.0, st, en, tx, unit="hours a day"), j + 2
    if low(j) in _HOUR_WORDS - {"h"}:
        period = period_at(toks, j + 1)
        if period is not None and period[0] >= 1:
            days, k = period
            st, en, tx = _span(text, toks, i, k)
            return Quantity("hours", value / days, st, en, tx, unit="hours a day"), k
        return None
    m = j + (low(j) in ("-", "x", "×"))
    unit = _gpu_or_node(low(m))
    if not unit and j < n and is_digits(toks[j]):  # "four 8-GPU nodes": the first number counts nodes
        after = j + 1 + (low(j + 1) in ("-", "x", "×"))
        if _is_gpu(low(after)) and _gpu_or_node(low(after + 1)) == "node":
            st, en, tx = _span(text, toks, i, j)
            return Quantity("nodes", value, st, en, tx, unit=toks[after + 1].text), j
    if not unit:
        return None
    k = m + 1
    if unit == "gpu" and _gpu_or_node(low(k)) == "node":  # "8-GPU nodes": GPUs per node
        st, en, tx = _span(text, toks, i, k + 1)
        return Quantity("gpus-per-node", value, st, en, tx, unit="GPUs per node"), k + 1
    if unit == "gpu":
        per_node = low(k) in ("each", "apiece") or (low(k) in ("per", "a", "an") and _gpu_or_node(low(k + 1)) == "node")
        nodes_before = any(q.role == "nodes" for q in before) and low(i - 1) in ("with", "of", "each", "has", "having")
        if per_node or nodes_before:
            end = k + (1 if low(k) in ("each", "apiece") else 2 if per_node else 0)
            st, en, tx = _span(text, toks, i, end)
            return Quantity("gpus-per-node", value, st, en, tx, unit="GPUs per node"), end
    st, en, tx = _span(text, toks, i, k)
    return Quantity("gpus" if unit == "gpu" else "nodes", value, st, en, tx, unit=toks[m].text), k


# ---------------------------------------------------------------------------------------------------------
# the check


@dataclass(frozen=True)
class Reading:
    """One way to combine the stated inputs into a cost per day, with the words that say how."""

    per_day: float  # $ per day (or tokens per day for token totals)
    terms: tuple[str, ...]  # "500,000 queries/day", "500 tokens", "$10 per 1M tokens"
    base_days: float = 1.0  # the period the terms are stated in (the volume's)
    part: str = ""  # "input" | "output": one side's cost only


@dataclass(frozen=True)
class Verdict:
    """A stated total and how it compares with its recomputation."""

    total: Quantity
    expected: float | None  # the closest recomputation for the total's period
    reading: Reading | None
    ok: bool
    skipped: str = ""  # why the total was not judged

    @property
    def error(self) -> float | None:
        if self.expected is None or self.expected == 0:
            return None
        return (self.total.value - self.expected) / self.expected

    def _fmt(self) -> Callable[[float], str]:
        return {"total": _fmt_money, "sum": _fmt_money, "token-total": _fmt_tokens}.get(
            self.total.role, partial(_fmt_volume, self.total.unit))

    def formula(self) -> str:
        """How the total is recomputed from the stated inputs ("2M requests/day × 600 tokens × ..."), or ""."""
        if self.reading is None:
            return ""
        return " × ".join(self.reading.terms) + _fmt_factor(self.total.days, self.reading.base_days)

    def figure(self) -> str:
        """The recomputed total for the stated total's period ("$36,500 a month"), or ""."""
        if self.reading is None or self.expected is None:
            return ""
        return f"{self._fmt()(self.expected)} a {_period_name(self.total.days)}"

    def recomputation(self) -> str:
        """The recomputed total with its arithmetic: "$36,500 a month (2M requests/day × ... × 30.42 days)"."""
        return f"{self.figure()} ({self.formula()})" if self.figure() else ""

    def explanation(self) -> str:
        """One line: the recomputation and how the stated total compares."""
        if self.reading is None or self.expected is None:
            return self.skipped
        days = self.total.days
        period = _period_name(days)
        formula = self.formula()
        fmt = self._fmt()
        result = f"{formula} = {fmt(self.expected)} a {period}"
        if self.ok:
            return f"{result}; the stated {fmt(self.total.value)} a {period} matches"
        err = self.error or 0.0
        direction = "too high" if err > 0 else "too low"
        return (f"should be about {fmt(self.expected)} a {period}: {result}; the stated "
                f"{fmt(self.total.value)} is {abs(err):.0%} {direction}")


@dataclass
class CostCheck:
    """What the check found in one text."""

    quantities: list[Quantity] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether the inputs needed to recompute a total were all stated."""
        return any(v.reading is not None for v in self.verdicts)

    @property
    def wrong(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.reading is not None and not v.ok]

    def inputs(self) -> list[Quantity]:
        return [q for q in self.quantities if q.role not in ("total", "token-total")]

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": [{"role": q.role, "text": q.text, "value": _round(q.value)} for q in self.inputs()],
            "totals": [{"text": v.total.text, "stated": _round(v.total.value),
                        "expected": None if v.expected is None else _round(v.expected),
                        "ok": v.ok if v.reading is not None else None,
                        "note": v.explanation()} for v in self.verdicts],
        }


def _round(x: float) -> float:
    return float(f"{x:.6g}")


def _readings(qs: list[Quantity]) -> tuple[list[Reading], list[Reading]]:
    """(money readings $/day, token-flow readings tokens/day) from the stated inputs.

    A total must include every side stated: once input and output token counts are both stated, a
    blended price applies to their sum and split prices to each side; a reading of one side alone is
    only for a total said to be that side's ("input costs $600 a day").
    """
    vols = [q for q in qs if q.role == "volume"]
    toks = [q for q in qs if q.role == "tokens"]
    flows = [q for q in qs if q.role == "flow"]
    tprices = [q for q in qs if q.role == "token-price"]
    rprices = [q for q in qs if q.role == "request-price"]
    ins = [t for t in toks if t.part == "input"]
    outs = [t for t in toks if t.part == "output"]
    plain = [t for t in toks if not t.part]
    pin = [p for p in tprices if p.part == "input"]
    pout = [p for p in tprices if p.part == "output"]
    # the tokens of a whole request, for a blended price and for token flows
    whole: list[tuple[float, str]] = [(t.value, f"{_fmt_count(t.value)} tokens") for t in plain]
    if ins and outs:
        whole += [(ti.value + to.value, f"({_fmt_count(ti.value)} + {_fmt_count(to.value)}) tokens")
                  for ti, to in itertools.product(ins, outs)]
    else:
        whole += [(t.value, f"{_fmt_count(t.value)} tokens") for t in ins + outs]
        if 2 <= len(plain) <= 3 and not (ins or outs):
            whole.append((sum(t.value for t in plain), "(" + " + ".join(_fmt_count(t.value) for t in plain) + ") tokens"))
    # a price for one side is blended only when neither the counts nor the other prices are split
    blended = [p for p in tprices if not p.part or not (ins or outs or (pin and pout))]
    money: list[Reading] = []
    flow_readings: list[Reading] = []
    for v in vols:
        vt = f"{_fmt_count(v.value * v.days)} {v.unit}/{_period_name(v.days)}"
        for tv, tt in whole:
            flow_readings.append(Reading(v.value * tv, (vt, tt), v.days))
            for p in blended:
                money.append(Reading(v.value * tv * p.value, (vt, tt, _fmt_price(p)), v.days))
        sides = {"input": list(itertools.product(ins, pin)), "output": list(itertools.product(outs, pout))}
        for side, pairs in sides.items():
            for t, p in pairs:
                money.append(Reading(v.value * t.value * p.value, (vt, f"{_fmt_count(t.value)} tokens", _fmt_price(p)),
                                     v.days, part=side))
        for (ti, pi), (to, po) in itertools.product(sides["input"], sides["output"]):
            money.append(Reading(v.value * (ti.value * pi.value + to.value * po.value),
                                 (vt, f"({_fmt_count(ti.value)} tokens × {_fmt_price(pi)} + "
                                      f"{_fmt_count(to.value)} tokens × {_fmt_price(po)})"), v.days))
        for p in rprices:
            money.append(Reading(v.value * p.value, (vt, _fmt_price(p)), v.days))
    if not (vols and toks):
        for f in flows:
            for p in tprices:
                money.append(Reading(f.value * p.value, (f"{_fmt_count(f.value * f.days)} tokens/{_period_name(f.days)}",
                                                         _fmt_price(p)), f.days))
    return money + _gpu_readings(qs), flow_readings


def _gpu_readings(qs: list[Quantity]) -> list[Reading]:
    """GPUs (or nodes x GPUs per node) x $ per GPU-hour x hours a day (24 unless stated)."""
    prices = [q for q in qs if q.role == "gpu-price"]
    if not prices:
        return []
    gpus = [(q.value, f"{_fmt_count(q.value)} GPUs") for q in qs if q.role == "gpus"]
    nodes = [q.value for q in qs if q.role == "nodes"]
    per_node = [q.value for q in qs if q.role == "gpus-per-node"]
    gpus += [(n * g, f"({_fmt_count(n)} nodes × {_fmt_count(g)} GPUs)") for n in nodes for g in per_node]
    node_counts = [(n, f"{_fmt_count(n)} nodes") for n in nodes]
    hours = [q.value for q in qs if q.role == "hours"] or [24.0]
    out: list[Reading] = []
    for p in prices:
        units = (gpus if p.unit == "gpu" else node_counts if p.unit == "node" else gpus + node_counts)
        per = {"gpu": "GPU-hour", "node": "node-hour"}.get(p.unit, "hour")
        for (count, words), h in itertools.product(units, hours):
            out.append(Reading(count * p.value * h, (words, f"{_fmt_money(p.value)} per {per}", f"{h:g} hours/day")))
    return out


def _derived_volumes(qs: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """(inputs, restated volumes): a volume restated in another period ("50 QPS, so 180,000 a day") is
    checked against the first volume rather than used as another input."""
    vols = [q for q in qs if q.role == "volume"]
    if len(vols) < 2:
        return qs, []
    base = vols[0]
    restated = [v for v in vols[1:] if abs(v.days - base.days) > 1e-9]
    checks = [Quantity("volume-total", v.value * v.days, v.start, v.end, v.text, days=v.days, unit=v.unit)
              for v in restated]
    return [q for q in qs if q not in restated], checks


def evaluate(qs: Sequence[Quantity], *, tolerance: float = DEFAULT_TOLERANCE,
             skip: Callable[[Quantity], str] | None = None) -> CostCheck:
    """Recompute every stated total from the stated inputs (`skip` names totals not to judge)."""
    stated = list(qs)
    inputs, volume_checks = _derived_volumes(_user_volumes(stated))
    money, flows = _readings(inputs)
    check = CostCheck(quantities=stated)
    totals = [q for q in inputs if q.role in ("total", "sum")] + volume_checks
    if flows:  # a stated token flow is a total to check when volume and tokens are both stated
        totals += [Quantity("token-total", q.value * q.days, q.start, q.end, q.text, days=q.days, unit="tokens")
                   for q in inputs if q.role == "flow"]
    money = [r for r in money if r.per_day > 0]
    flows = [r for r in flows if r.per_day > 0]
    vols = [q for q in inputs if q.role == "volume"][:1]
    volume_readings = [Reading(v.value, (f"{_fmt_count(v.value * v.days)} {v.unit}/{_period_name(v.days)}",), v.days)
                       for v in vols]
    wrong_sums = {(q.start, q.end) for q in inputs if q.role == "sum" and not _sum_ok(q, tolerance)}
    for total in sorted(totals, key=lambda q: (q.start, q.role)):
        reason = skip(total) if skip is not None else ""
        if reason:
            check.verdicts.append(Verdict(total, None, None, True, reason))
            continue
        if total.role == "sum":
            check.verdicts.append(_sum_verdict(total, tolerance))
            continue
        if total.role == "total" and (total.start, total.end) in wrong_sums:
            continue
        readings = {"total": [r for r in money if r.part == total.part], "volume-total": volume_readings}.get(
            total.role, flows)
        if not readings:
            check.verdicts.append(Verdict(total, None, None, True, "not every input of the total is stated"))
            continue
        best = min(readings, key=lambda r: (abs(total.value - r.per_day * total.days) / (r.per_day * total.days), r.terms))
        expected = best.per_day * total.days
        ok = expected > 0 and abs(total.value - expected) <= tolerance * expected
        check.verdicts.append(Verdict(total, expected, best, ok))
    return check


def _sum_expected(q: Quantity) -> float:
    return sum(value / days * q.days for value, days in q.addends)


def _sum_ok(q: Quantity, tolerance: float) -> bool:
    expected = _sum_expected(q)
    return expected > 0 and abs(q.value - expected) <= tolerance * expected


def _sum_verdict(q: Quantity, tolerance: float) -> Verdict:
    terms = " + ".join(_fmt_money(value / days * q.days) for value, days in q.addends)
    reading = Reading(_sum_expected(q) / q.days, (terms,), q.days)
    return Verdict(q, _sum_expected(q), reading, _sum_ok(q, tolerance))


def analyse(text: str, *, tolerance: float = DEFAULT_TOLERANCE) -> CostCheck:
    """The cost-math check on plain text (no sentence context: every total is judged)."""
    return evaluate(extract(text), tolerance=tolerance)


# ---------------------------------------------------------------------------------------------------------
# evidence


def quantities_given(question: str) -> list[Quantity]:
    """The quantities a question states, placed before the answer (offsets -1: not in the answer's text)."""
    return [Quantity(q.role, q.value, -1, -1, f"{q.text} (from the question)", days=q.days, part=q.part,
                     unit=q.unit) for q in extract(question)]


def evidence_of(check: CostCheck, text: str) -> list[Evidence]:
    """A check's wrong totals (with their recomputation) and the inputs it read, as finding evidence."""
    evidence = []
    for group in _chains(text, check.wrong):
        start, end = group[0].total.start, group[-1].total.end
        evidence.append(Evidence(kind="match", text=text[start:end], start=start, end=end,
                                 source="cost-math:total", note="; then ".join(v.explanation() for v in group)))
        # the right figure, computed here from the answer's own inputs: a rewrite may put it in place of the span
        evidence.append(Evidence(kind="number", text=", or ".join(v.recomputation() for v in group), start=start,
                                 end=end, source=RECOMPUTED, note="≈ " + "; ≈ ".join(
                                     f"{v.figure()}: {v.formula()}" for v in group)))
    for q in check.inputs():
        start, end = (q.start, q.end) if q.start >= 0 else (None, None)
        evidence.append(Evidence(kind="number", text=q.text, start=start, end=end, source=f"cost-math:{q.role}",
                                 note=_describe(q)))
    return evidence


def with_recomputation(findings: Sequence[Finding]) -> list[Finding]:
    """The findings, a cost-math finding's message ending with the total recomputed from the answer's own
    inputs ("... Recomputed: ≈ $18,250 a month: 2M requests/day × 600 tokens × $0.50 per 1M tokens × 30.42 days.")."""
    out = []
    for f in findings:
        notes = [ev.note for ev in f.evidence if ev.source == RECOMPUTED and ev.note]
        if f.rule == "cost-math" and notes and notes[0] not in f.message:
            f = replace(f, message=f"{f.message.rstrip()} Recomputed: {'; '.join(notes)}.")
        out.append(f)
    return out


# wrong totals joined only by these words are one restatement: "$250 a day, so about $91,250 a year"
_CONNECTOR_RE = re.compile(
    r"^(?:[\s,;:()=~≈–—-]|\b(?:so|or|which|is|that|that's|thats|it's|i\.e\.|about|roughly|around|approximately|"
    r"call|it|making|meaning|comes|to|works|out|for|a|an|total|of|and|then)\b)*$", re.IGNORECASE)


def _chains(text: str, wrong: list[Verdict]) -> list[list[Verdict]]:
    """Wrong totals grouped when only connecting words stand between them (one span to replace)."""
    groups: list[list[Verdict]] = []
    for v in sorted(wrong, key=lambda v: v.total.start):
        if groups and _CONNECTOR_RE.match(text[groups[-1][-1].total.end:v.total.start]):
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


# ---------------------------------------------------------------------------------------------------------
# formatting


def _fmt_count(x: float) -> str:
    x = float(f"{x:.6g}")
    if x >= 1e9 and x % 1e8 == 0:
        return f"{x / 1e9:g}B"
    if x >= 1e6 and x % 1e5 == 0:
        return f"{x / 1e6:g}M"
    if x >= 1e4 and x % 100 == 0:
        return f"{x:,.0f}"
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.4g}"


def _fmt_money(x: float) -> str:
    if x >= 100 or (x >= 1 and abs(x - round(x)) < 1e-9):
        return f"${x:,.0f}"
    if x >= 1 or abs(x * 100 - round(x * 100)) < 1e-9:
        return f"${x:,.2f}"
    return f"${x:.3g}"


def _fmt_volume(unit: str, x: float) -> str:
    return f"{_fmt_count(round(x))} {unit}"


def _fmt_tokens(x: float) -> str:
    return f"{_fmt_count(round(x))} tokens"


def _fmt_price(p: Quantity) -> str:
    if p.role == "request-price":
        return f"{_fmt_money(p.value)} per {_singular(p.unit)}"
    per_million = p.value * 1e6
    part = f" {p.part}" if p.part else ""
    return f"{_fmt_money(per_million)} per 1M{part} tokens"


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith(("ches", "shes", "xes", "sses")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _fmt_factor(days: float, base_days: float) -> str:
    """" × 365 days", " × 12 months", " ÷ 30.42" : from the inputs' period to the total's."""
    ratio = days / base_days
    if abs(ratio - 1) < 1e-9:
        return ""
    if ratio > 1:
        unit = _period_name(base_days)
        shown = f"{ratio:,.0f}" if abs(ratio - round(ratio)) < 1e-9 else f"{ratio:,.4g}"
        return f" × {shown} {unit}s" if " " not in unit else f" × {shown}"
    return f" ÷ {1 / ratio:,.4g}"


def _period_name(days: float) -> str:
    for length, name in PERIOD_NAMES.items():
        if abs(length - days) < 1e-9:
            return name
    if abs(days - BUSINESS_DAY) < 1e-9:
        return "business day"
    return f"{days:g}-day period"


def _describe(q: Quantity) -> str:
    if q.role == "volume":
        return f"volume: {_fmt_count(q.value * q.days)} {q.unit} a {_period_name(q.days)}"
    if q.role == "tokens":
        part = f" ({q.part})" if q.part else ""
        return f"tokens per request: {_fmt_count(q.value)}{part}"
    if q.role == "flow":
        return f"tokens a {_period_name(q.days)}: {_fmt_count(q.value * q.days)}"
    if q.role in ("token-price", "request-price"):
        return f"unit price: {_fmt_price(q)}"
    return q.role
