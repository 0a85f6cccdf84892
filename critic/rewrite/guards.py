"""The guards that keep rewrites honest: no invented number, the rule cleared, the candidate's words kept."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz, process

from critic.findings import Finding
from critic.rewrite.model import _PLACEHOLDER_RE, Rewrite

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion half halved double doubled twice triple tripled quadrupled tenfold dozen".split()
)


def _strip_placeholders(text: str) -> str:
    return _PLACEHOLDER_RE.sub(" ", text)


def numbers_in(text: str) -> list[str]:
    """Numbers (digit runs, with their decimal/thousands separators) and number words in text, lower-cased."""
    digits = [m.group(0).rstrip(".,") for m in _NUMBER_RE.finditer(text)]
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w in NUMBER_WORDS]
    return digits + words


def invented_numbers(bad: str, good: str, derived: Iterable[str] = ()) -> list[str]:
    """Guard (a): numbers in GOOD, outside placeholders, that do not appear in BAD (empty = honest).

    derived: numbers a check computed from BAD's own numbers (``Rewrite.derived``, e.g. a recomputed cost
    total); only these are allowed besides BAD's.
    """
    have = set(numbers_in(bad)) | {n for d in derived for n in numbers_in(d)}
    return [n for n in numbers_in(_strip_placeholders(good)) if n not in have]


def reflagged(check: Callable[[str, str], Sequence[Finding]], rw: Rewrite, rule_ids: Iterable[str],
              kind: str) -> list[str]:
    """Guard (b): of rule_ids, those that still flag GOOD once its placeholders hold sample values."""
    fired = {f.rule for f in check(rw.filled(), kind)}
    return sorted(r for r in set(rule_ids) if r in fired)


def new_errors(check: Callable[[str, str], Sequence[Finding]], rw: Rewrite, kind: str,
               before: Iterable[str] = ()) -> list[str]:
    """Guard (b'): rules of severity "error" that flag GOOD, placeholders filled, but did not flag BAD
    (``before``: the ids of the rules that flagged BAD)."""
    had = set(before)
    return sorted({f.rule for f in check(rw.filled(), kind) if f.severity == "error" and f.rule not in had})


# Guard (c). Key content words are BAD's words that are not stop words (acronyms such as "ML" count),
# minus the words an edit removed or re-inflected on purpose (the black-box phrase itself). A key word is
# kept when some GOOD word scores >= WORD_MATCH on rapidfuzz's fuzz.ratio (normalised Indel similarity):
# inflections of the same word score well above it ("model"/"models" 91, "improve"/"improved" 93,
# "recommendation"/"recommendations" 97) while different short words fall below ("cost"/"cast" 75,
# "team"/"teams" 89 passes, "drift"/"draft" 80 fails). A rewrite only adds words, so a healthy one keeps
# every key word; KEEP_THRESHOLD = 0.9 leaves room for a tidy-up that changes one word in ten (e.g. a
# duplicated punctuation token) and still fails a rewrite that drops the candidate's system or numbers.
WORD_MATCH = 85
KEEP_THRESHOLD = 0.9

_STOP_WORDS: frozenset[str] | None = None


def _stop_words() -> frozenset[str]:
    global _STOP_WORDS
    if _STOP_WORDS is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP_WORDS = frozenset(STOP_WORDS)
    return _STOP_WORDS


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9+#.%'-]*[A-Za-z0-9%+#]|[A-Za-z0-9]", text)


def key_words(bad: str, removed: Iterable[str] = ()) -> list[str]:
    """BAD's key content words (lower-cased, in order, deduplicated), minus words of removed spans."""
    stop = _stop_words()
    gone = {w.lower() for span in removed for w in _words(span)}
    out: list[str] = []
    for w in _words(bad):
        low = w.lower()
        if low in gone or low in stop or low in out:
            continue
        if len(low) < 3 and not (w.isupper() or any(c.isdigit() for c in w)):
            continue
        out.append(low)
    return out


def content_kept(bad: str, good: str, removed: Iterable[str] = ()) -> float:
    """Guard (c): share of BAD's key content words that GOOD keeps (1.0 when BAD has none)."""
    keys = key_words(bad, removed)
    if not keys:
        return 1.0
    candidates = [w.lower() for w in _words(_strip_placeholders(good))]
    if not candidates:
        return 0.0
    kept = sum(
        1 for k in keys
        if process.extractOne(k, candidates, scorer=fuzz.ratio, score_cutoff=WORD_MATCH) is not None
    )
    return kept / len(keys)


def keeps_content(rw: Rewrite) -> bool:
    """Guard (c) as a verdict: GOOD keeps at least KEEP_THRESHOLD of BAD's key content words."""
    return content_kept(rw.bad, rw.kept_text(), rw.replaced) >= KEEP_THRESHOLD


