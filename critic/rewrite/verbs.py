"""Verbs: inflecting a decision verb to the form of the phrase it replaces."""

from __future__ import annotations

import re


def _irregular_forms() -> dict[str, tuple[str, ...]]:
    """lemma -> its irregular forms ("choose: chose chosen"), from the lexicon critic.nlp reads once."""
    from critic.nlp import verb_forms

    return verb_forms()


def _lemma(word: str) -> str:
    from critic.nlp import lemma_of

    return lemma_of(word)


def _is_verb(word: str) -> bool:
    from critic.nlp import verb_table

    return word.lower() in verb_table()


def _doubles(lemma: str) -> bool:
    """Whether a short stressed verb doubles its last consonant (ship -> shipped, cap -> capping)."""
    return bool(re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", lemma)) and len(lemma) <= 4


def inflect(lemma: str, form: str) -> str:
    """``lemma`` in ``form``: base | past | participle | gerund | third."""
    irregular = [f for f in _irregular_forms().get(lemma, ()) if not f.endswith("ing")]
    irregular_ing = [f for f in _irregular_forms().get(lemma, ()) if f.endswith("ing")]
    if form == "base":
        return lemma
    if form in ("past", "participle"):
        if irregular:
            return irregular[1] if form == "participle" and len(irregular) > 1 else irregular[0]
        if lemma.endswith("e"):
            return lemma + "d"
        if re.search(r"[^aeiou]y$", lemma):
            return lemma[:-1] + "ied"
        return lemma + lemma[-1] + "ed" if _doubles(lemma) else lemma + "ed"
    if form == "gerund":
        if irregular_ing:
            return irregular_ing[0]
        if lemma.endswith("ie"):
            return lemma[:-2] + "ying"
        if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
            return lemma[:-1] + "ing"
        return lemma + lemma[-1] + "ing" if _doubles(lemma) else lemma + "ing"
    if re.search(r"(s|x|z|ch|sh)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


_AUX_FORM = {"was": "past", "were": "past", "been": "participle", "is": "third", "'s": "third", "am": "base",
             "are": "base", "'m": "base", "'re": "base", "be": "base", "being": "gerund"}
_BASE_BEFORE = {"i", "we", "you", "they", "to", "will", "'ll", "would", "'d", "can", "could", "should", "must",
                "shall", "may", "might", "and", "or", "also", "then", "let", "'s"}


def _form_of(word: str) -> str:
    """The inflection of ``word`` (a verb, or an adjective such as "responsible": read as past)."""
    low, lemma = word.lower(), _lemma(word)
    if low.endswith("ing") and low != lemma:
        return "gerund"
    if low == lemma and _is_verb(low):
        return "base"
    if low == lemma + "s" or low == lemma + "es" or (lemma.endswith("y") and low == lemma[:-1] + "ies"):
        return "third"
    return "past"



