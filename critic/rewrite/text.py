"""Joining and tidying text: capitals, terminal punctuation, clause and sentence glue."""

from __future__ import annotations

import re
from collections.abc import Iterable

_TERMINAL = ".!?。！？"


def _cap_first(text: str) -> str:
    """Capitalise the first letter, unless the text opens with a number or a placeholder ("500k", "[X]")."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if ch == "[" or ch.isdigit():
            return text
    return text


def _lower_first_word(text: str) -> str:
    """Lower-case a Titlecase first word so a prefix can lead ("Worked on" -> "worked on").

    Acronyms ("LLM"), "I", mixed case ("iOS", "OpenAI") and words with digits stay as written.
    """
    match = re.match(r"\s*([A-Za-z][\w'’-]*)", text)
    if not match:
        return text
    word = match.group(1)
    if re.fullmatch(r"I(?:['’].*)?", word):
        return text
    if not (word[0].isupper() and word[1:] == word[1:].lower()) or any(c.isdigit() for c in word):
        return text
    if len(word) == 1:
        return text
    i = match.start(1)
    return text[:i] + word[0].lower() + text[i + 1 :]


def _split_terminal(text: str) -> tuple[str, str]:
    """Split trailing terminal punctuation (and closing quotes/brackets after it) from text."""
    body = text.rstrip()
    end = len(body)
    while end > 0 and body[end - 1] in _TERMINAL + "\"')":
        if body[end - 1] in "\"')" and (end < 2 or body[end - 2] not in _TERMINAL):
            break
        end -= 1
    return body[:end], body[end:]


# URLs, e-mail addresses and ellipses pass through tidy() untouched
_PROTECTED_RE = re.compile(r"\S*(?:://|www\.|@)\S*[\w/]|\.{3,}|…")


# tidy's clean-up steps, each with text one of whose strings its regex needs to match at all: a step whose
# strings are all absent cannot change the text and is skipped (whitespace is single spaces by then)
_TIDY_STEPS = [(re.compile(pattern), repl, needs) for pattern, repl, needs in (
    (r"\s+([,;:.!?])", r"\1", (" ,", " ;", " :", " .", " !", " ?")),  # no space before punctuation
    (r"([,;:])(?:\s*[,;:])+", r"\1", (",", ";", ":")),  # ",," ", ;" -> first mark
    (r"[,;:]\s*([.!?])", r"\1", (",", ";", ":")),  # ", ." -> "."
    (r"\.(?:\s*\.)+", ".", (".",)),  # ".." ". ." -> "."
    (r"([,;:])(?=[A-Za-z\[])", r"\1 ", (",", ";", ":")),  # a space after a mark before a word
    (r"\(\s+", "(", ("( ",)),
    (r"\s+\)", ")", (" )",)),
)]
_PROTECTED_NEEDS = ("://", "www.", "@", "...", "…")  # what a _PROTECTED_RE match holds
_KEPT_RE = re.compile(r"\x00(\d+)\x00")


def tidy(text: str, *, multi_sentence: bool = False, keep: Iterable[str] = ()) -> str:
    """Normalise joins: single spaces, no doubled or dangling punctuation, capitalised, one final period.

    keep: tokens that pass through untouched (BAD's own tokens with punctuation inside, see
    :func:`inner_punctuation`: "using .NET" must not become "using.NET").
    """
    out = " ".join(text.split())  # re.sub(r"\s+", " ", text).strip(): \s and str.split agree on whitespace
    kept: list[str] = []

    def protect(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    for token in sorted(set(keep), key=len, reverse=True):
        if token in out:
            kept.append(token)
            out = out.replace(token, f"\x00{len(kept) - 1}\x00")
    if any(s in out for s in _PROTECTED_NEEDS):
        out = _PROTECTED_RE.sub(protect, out)
    for regex, repl, needs in _TIDY_STEPS:
        if any(s in out for s in needs):
            out = regex.sub(repl, out)
    if "\x00" in out:
        out = _KEPT_RE.sub(lambda m: kept[int(m.group(1))], out)
    out = out.strip(" ,;:")
    out = _cap_first(out)
    if not out:
        return out
    body, terminal = _split_terminal(out)
    if not multi_sentence or not terminal:
        terminal = terminal if terminal in ("?", "!") and multi_sentence else "."
    return body.rstrip(" ,;:") + terminal


_ABBREVIATION_RE = re.compile(
    r"(?:^|[\s(])(?:etc|inc|ltd|corp|co|e\.g|i\.e|vs|u\.s|u\.k|dept|approx|est|govt|intl|no|jr|sr|dr|mr|ms|mrs|"
    r"st|a\.m|p\.m)$", re.I)


def _is_sentence_template(template: str) -> bool:
    """A template that starts with a capital letter is added as a sentence of its own."""
    stripped = template.lstrip()
    return bool(stripped) and (stripped[0].isupper() or stripped.startswith("["))


def _clause_text(template: str) -> str:
    """A clause template with the glue it needs in front (", moving ..." / " from ...")."""
    body = template.rstrip()
    if body[:1] in ",;:":
        return body
    return " " + body.lstrip()


def _sentence_text(template: str) -> str:
    out = _cap_first(template.strip())
    return out if out[-1:] in _TERMINAL else out + "."






def words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated, a placeholder counted as written."""
    return len(text.split())


# a GOOD reads as one bullet: at most BULLET_WORDS words or BAD's length + GROWTH_WORDS, and never over
# MAX_WORDS unless BAD already was
BULLET_WORDS = 30
GROWTH_WORDS = 12
MAX_WORDS = 40


def over_budget(bad: str, good: str) -> bool:
    """Whether GOOD is longer than one bullet should be, given BAD."""
    n, b = words(good), words(bad)
    return n > max(BULLET_WORDS, b + GROWTH_WORDS) or (n > MAX_WORDS >= b)


_INNER_MARK_RE = re.compile(r"[,;:.!?(]")
_TOKEN_END = ",;:.!?)\"'”’。！？，；："


def inner_punctuation(text: str) -> list[str]:
    """Tokens of text with punctuation inside them (".NET", "Node.JS", "retry,Karate"), trailing marks off."""
    out = []
    for raw in text.split():
        token = raw.rstrip(_TOKEN_END)
        if _INNER_MARK_RE.search(token):
            out.append(token)
    return out
