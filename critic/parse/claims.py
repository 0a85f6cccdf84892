"""Lines that open a claim with a past-tense verb ("Built an event pipeline ..."), read from the verb
lexicon (lexicons/verb-forms.txt). Layout uses it where nothing else tells a list of unmarked achievement
lines from a wrapped paragraph or an entry header.
"""

from __future__ import annotations

import re
from functools import lru_cache

from critic.resources import data_dir

_VOWELS = "aeiou"


def _past(lemma: str, irregular: list[str]) -> set[str]:
    """Past-tense forms of a lemma: its irregular forms, else the regular -ed form(s)."""
    if irregular:
        return set(irregular)
    if lemma.endswith("e"):
        return {lemma + "d"}
    if re.search(rf"[^{_VOWELS}]y$", lemma):
        return {lemma[:-1] + "ied"}
    forms = {lemma + "ed"}
    if re.search(rf"[^{_VOWELS}][{_VOWELS}][^{_VOWELS}wxy]$", lemma):
        forms.add(lemma + lemma[-1] + "ed")
    if lemma.endswith("c"):
        forms.add(lemma + "ked")
    return forms


@lru_cache(maxsize=1)
def past_tense_verbs() -> frozenset[str]:
    """Lower-case past-tense forms of every verb in lexicons/verb-forms.txt."""
    out: set[str] = set()
    path = data_dir("lexicons") / "verb-forms.txt"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        lemma, _, irregular = line.partition(":")
        out |= _past(lemma.strip(), irregular.split())
    return frozenset(out)


def opens_claim(text: str) -> bool:
    """A capitalised past-tense verb followed by a lower-case word or a number: "Built an ...", "Cut 40% ..."
    (a title or company name such as "Applied Scientist" or "United Airlines" goes on capitalised)."""
    words = text.split(maxsplit=2)
    if len(words) < 2:
        return False
    first, second = words[0], words[1]
    if not (first[:1].isupper() and first[1:].islower()):
        return False
    if not (second[:1].islower() or second[:1].isdigit()):
        return False
    return first.lower() in past_tense_verbs()
