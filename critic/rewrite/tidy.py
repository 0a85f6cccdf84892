"""Tidy-ups a rewrite makes to the candidate's own words where they stand: praise and padding dropped, common
misspellings and inflated words made plain, "Lead" read as "Led", the opening "I" dropped, a list closed by
"etc." ended at its last item, a closing purpose that only lists qualities dropped, slips of agreement mended
("an HTML5 player", "which gathers", "for regulating traffic"), and spacing (a glued bracket, a doubled small
word, a word split after its hyphen). Each edit is made unless another edit already touches the word; the
words changed are listed as replaced."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from critic.lexicons import word_list, word_set
from critic.rewrite.item import _Item
from critic.rewrite.restate import _Edit, _is_base_verb, _overlaps
from critic.rewrite.text import _cap_first
from critic.rewrite.verbs import _form_of, _is_verb, _lemma, inflect


class _Tidy:
    """The tidy-up steps of a rewrite's composer, over its item, its BAD text and the edits made so far."""

    item: _Item
    bad: str
    edits: list[_Edit]
    removed: list[str]

    def _drop_fillers(self) -> None:
        """Praise and padding words inside a sentence ("a modern pipeline", "to easily connect") go, with the
        space after them; not a sentence's first word, nor a word another edit touches."""
        fillers = word_set("rewrite/filler-words")
        toks = self.item.toks
        for n, t in enumerate(toks[:-1]):
            if t.lower not in fillers or t.sent_start or n == 0 or not re.match(r"\s", self.bad[t.end:t.end + 1]):
                continue
            prev, nxt = toks[n - 1], toks[n + 1]
            if nxt.lower == "and" and n + 3 < len(toks) and toks[n + 2].lower in fillers \
                    and toks[n + 3].text[:1].isalnum() and prev.text[-1:].isalnum() and prev.lower not in _COORDINATORS:
                # a pair of praise words ("delightful and performant apps") goes as one
                self._edit_word(_Edit(t.start, toks[n + 3].start, "", order=-1),
                                self.bad[t.start:toks[n + 2].end], keep_next=True)
                continue
            if prev.lower == "and" and n >= 2 and toks[n - 2].lower in fillers:
                continue  # the second of a pair, gone with the first
            if prev.end == t.start or not re.match(r"[\w,(]", prev.text[-1:]) or not nxt.text[:1].isalnum() \
                    or prev.lower in _COORDINATORS or nxt.lower in _COORDINATORS:
                continue  # a compound, after a dash, before punctuation or in a pair ("quick and easy"): as written
            if prev.lower in ("a", "an") and (t.lower[:1] in "aeiou") != (nxt.lower[:1] in "aeiou"):
                # "an easily manageable system" -> "a manageable system": the article follows the next word
                article = ("an" if nxt.lower[:1] in "aeiou" else "a")
                article = article.capitalize() if prev.text[:1].isupper() else article
                if not _overlaps(_Edit(prev.start, prev.end, ""), self.edits):
                    self._edit_word(_Edit(prev.start, nxt.start, article + " ", order=-1), f"{prev.text} {t.text}",
                                    keep_next=True)
                continue
            self._edit_word(_Edit(t.start, nxt.start, "", order=-1), t.text, keep_next=True)

    def _fix_spelling(self) -> None:
        """Common misspellings corrected and inflated words made plain ("utilizing" -> "using") where they stand,
        unless another edit touches the word."""
        right = _misspellings()
        for t in self.item.toks:
            fix = right.get(t.lower)
            if fix is None:
                continue
            self._edit_word(_Edit(t.start, t.end, fix[:1].upper() + fix[1:] if t.text[:1].isupper() else fix, order=-1),
                            t.text)

    def _fix_lead_tense(self) -> None:
        """"Lead" opening a sentence as a verb ("Lead a team of 6", "Lead development of X") is the past "Led" a
        bullet means; "Lead engineer ..." (a role) and "Lead-gen" stay."""
        toks = self.item.toks
        for n, t in enumerate(toks[:-1]):
            if t.text == "Lead" and (n == 0 or t.sent_start) and toks[n + 1].start > t.end \
                    and toks[n + 1].lower not in _LEAD_ROLE_NOUNS and toks[n + 1].text[:1].islower():
                end = next((k for k in range(n + 1, len(toks)) if toks[k].sent_start), len(toks))
                if any(toks[k - 1].lower in ("and", "&", ",", "/") and _is_base_verb(toks[k])
                       for k in range(n + 1, end)):
                    continue  # "Lead and mentor ...", "Lead X and mentor Y": a present tense kept throughout
                self._edit_word(_Edit(t.start, t.end, "Led", order=-1), t.text)

    def _drop_quality_list(self) -> None:
        """A closing purpose that only lists qualities ("... to implement products that are usable, accessible,
        delightful and cost effective") goes: three or more adjectives say nothing a reader can check, and the
        figure asked is what proves the claim. Not where another edit touches the words."""
        for m in _QUALITY_LIST_RE.finditer(self.bad):
            if re.search(r"[\dA-Z]", m.group(0)):
                continue
            edit = _Edit(m.start(), m.end(), "", order=-1)
            if not _overlaps(edit, self.edits):
                self.edits.append(edit)
                self.removed.append(m.group(0).strip())

    def _drop_etc(self) -> None:
        """A list closed by "etc." ends at its last item, joined by "and" ("thread creation, voting on replies,
        etc." -> "thread creation and voting on replies"): a bullet names what it did, not that there was more.
        Not where another edit touches the words."""
        toks = self.item.toks
        for n, t in enumerate(toks):
            if t.lower != "etc" or n < 2:
                continue
            start = toks[n - 1].start if toks[n - 1].text == "," else toks[n - 1].end
            end = t.end
            if n + 2 < len(toks) and toks[n + 1].text == "." and toks[n + 1].start == t.end:
                end = toks[n + 1].end  # "etc. both on AWS": the stop of the abbreviation goes too
            edit = _Edit(start, end, "", order=-1)
            if _overlaps(edit, self.edits) or any(e.start == edit.start for e in self.edits):
                continue
            first = start if toks[n - 1].text == "," else toks[n - 1].start
            comma = next((k for k in range(n - 2, max(n - 10, 0), -1) if toks[k].text == ","), None)
            if comma is not None and not any(toks[k].lower in ("and", "&", "or") for k in range(comma, n)) \
                    and toks[comma].end <= first:
                join = _Edit(toks[comma].start, toks[comma].end, " and", order=-1)
                if _overlaps(join, self.edits):
                    continue
                self.edits.append(join)
            self.edits.append(edit)
            self.removed.append("etc")

    def _drop_first_person(self) -> None:
        """A bullet opening with "I" and a verb in the past ("I recruited and trained ...") loses the "I": a
        resume bullet has no subject. So does an "I" right after an opening phrase of time or place and its comma
        ("At a logistics startup, I built ..."); after a phrase naming partners the "I" says whose the work is.
        Other openings, and an "I" another edit touches, stay."""
        toks = self.item.toks
        if len(toks) > 2 and toks[0].text == "I" and toks[1].start > toks[0].end and toks[1].text.islower() \
                and _is_verb(_lemma(toks[1].lower)) and _form_of(toks[1].text) == "past":
            self._edit_word(_Edit(0, toks[1].end, _cap_first(toks[1].text), order=-1), "I")
            return
        comma = next((n for n, t in enumerate(toks[:FRAME_TOKENS]) if t.text in (",", ".", ";")), None)
        if comma is None or toks[comma].text != "," or comma < 2 or comma + 2 >= len(toks):
            return
        i, verb = toks[comma + 1], toks[comma + 2]
        if any(t.lower in _PARTNER_WORDS for t in toks[:comma]):
            return  # "In partnership with another engineer, I built": the "I" is what the writer owns beside them
        if i.text == "I" and verb.start > i.end and verb.text.isalpha() and verb.text.islower() \
                and _is_verb(_lemma(verb.lower)) and _form_of(verb.text) == "past":
            self._edit_word(_Edit(i.start, verb.start, "", order=-1), "I")

    def _fix_agreement(self) -> None:
        """Slips of grammar a reader trips on, fixed where they stand: "a" before a word read with a vowel ("a
        HTML5 player", "a online store" -> "an ..."), a verb's "-ing" form given an "of" ("for regulating of
        traffic" -> "for regulating traffic"), and a verb after "which"/"that" agreeing with the singular noun
        before it ("an environment which gather logs" -> "which gathers"). Not where another edit touches the
        word."""
        toks = self.item.toks
        for n, t in enumerate(toks[:-1]):
            nxt = toks[n + 1]
            if t.lower == "a" and _vowel_sound(nxt.text) and nxt.start > t.end:
                self._edit_word(_Edit(t.start, t.end, "An" if t.text == "A" else "an", order=-1), t.text)
            elif _is_gerund_tok(t) and nxt.lower == "of" and n and toks[n - 1].lower in _GERUND_PREPOSITIONS \
                    and _lemma(t.lower) not in word_set("rewrite/takes-of") and n + 2 < len(toks) \
                    and toks[n + 2].text[:1].isalnum():
                # "a core architecture for regulating of outbound traffic" -> "for regulating outbound traffic"
                self._edit_word(_Edit(t.end, nxt.end, "", order=-1), nxt.text)
            elif t.lower in ("which", "that") and 0 < n and _singular_noun(toks[n - 1].text) and nxt.text.islower() \
                    and _is_verb(nxt.lower) and _form_of(nxt.text) == "base" and nxt.lower not in _NOT_THIRD \
                    and (n + 2 >= len(toks) or toks[n + 2].lower not in ("to", "and", "or")) \
                    and not (n + 2 < len(toks) and toks[n + 2].text == "-"):
                self._edit_word(_Edit(nxt.start, nxt.end, inflect(nxt.lower, "third"), order=-1), nxt.text)

    def _fix_spacing(self) -> None:
        """A bracket glued to the word before it gets its space ("application(Google Play)" -> "application
        (Google Play)"), a small word typed twice loses its copy ("such as as") and a word split after its hyphen
        is joined ("K- Means" -> "K-Means"), unless another edit touches the word."""
        for m in _GLUED_BRACKET_RE.finditer(self.bad):
            at = m.start(2)
            end = next((k for k in range(at, len(self.bad)) if self.bad[k].isspace()), len(self.bad))
            raw = self.bad[self.bad.rfind(" ", 0, at) + 1:end]  # the whole token: "stack(Including"
            self._edit_word(_Edit(at, at, " ", order=-1), raw)
        for m in _REPEATED_WORD_RE.finditer(self.bad):
            self._edit_word(_Edit(m.start(2) - 1, m.end(2), "", order=-1), m.group(2))
        for m in _SPLIT_HYPHEN_RE.finditer(self.bad):  # "K- Means", "e- commerce": one word, as typed before the break
            self._edit_word(_Edit(m.end(1), m.start(2), "-", order=-1), m.group(0))

    def _edit_word(self, edit: _Edit, word: str, *, keep_next: bool = False) -> None:
        """A tidy-up edit of one word, made unless another edit already touches it: overlaps it or starts where
        it starts (or, with ``keep_next``, where it ends: the word after, whose space the edit takes)."""
        if _overlaps(edit, self.edits) or any(e.start == edit.start or keep_next and e.start == edit.end
                                              for e in self.edits):
            return
        self.edits.append(edit)
        self.removed.append(word)


_COORDINATORS = {"and", "or", "&", "nor", "but"}
_PARTNER_WORDS = {"with", "partnership", "together", "alongside", "along"}
FRAME_TOKENS = 12  # an opening phrase before "I" ends with a comma within this many tokens


# a closing purpose that only lists qualities: "to implement products that are usable, accessible, ... and cost
# effective" (three or more, the last of up to two words, ending the sentence)
_QUALITY_LIST_RE = re.compile(r"\s+to\s+[a-z]+\s+(?:[a-z-]+\s+){0,3}(?:that|which)\s+(?:are|is|were|was)\s+"
                              r"(?:[a-z-]+,\s+)+[a-z-]+,?\s+and\s+[a-z-]+(?:\s+[a-z-]+)?(?=\s*(?:[.;]|$))")
# acronyms read with a vowel sound by their first letter ("an HTML5 player", "an SDK", "an NLP model")
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
# words opening with a vowel letter but read with a consonant ("a one-off", "a user", "a European")
_CONSONANT_SOUND = ("one", "once", "uni", "use", "usa", "usu", "uti", "euro", "eu")
# base forms that do not take an "s" after "which"/"that" as written (modals, "be", "do" forms kept as typed)
_NOT_THIRD = frozenset({"be", "can", "could", "may", "might", "must", "shall", "should", "will", "would", "do", "have"})


# prepositions after which an "-ing" word is a verb taking its object ("for regulating outbound traffic")
_GERUND_PREPOSITIONS = frozenset({"for", "by", "in", "on", "with", "without", "after", "before", "while", "through",
                                  "via", "when"})


def _is_gerund_tok(tok: Any) -> bool:
    """Whether a token is the -ing form of a verb ("regulating"), not a noun in -ing ("building", "morning";
    lexicons/rewrite/ing-nouns.txt)."""
    low = tok.lower
    return low.endswith("ing") and len(low) > 5 and tok.text.isalpha() and tok.text.islower() \
        and low not in word_set("rewrite/ing-nouns")


def _vowel_sound(word: str) -> bool:
    """Whether ``word`` is read opening with a vowel: an acronym by its letter name ("HTML5", "SDK"; not "SQL"),
    one read as a word by its first letter ("MATLAB", "NASA"), a lower-case word by its letter ("online",
    "internal"; not "user", "one-off")."""
    if len(word) >= 2 and word[:2].isupper() and word[:1].isalpha():
        if word[1] in "AEIOU":  # read as a word ("MATLAB", "NASA", "IAM"): by its first letter's sound
            return word[0] in "AEIOU"
        return word[0] in _VOWEL_LETTERS and not word.startswith("SQL")  # "a SQL database" is read "sequel" too
    low = word.lower()
    return word[:1].islower() and low[:1] in "aeio" and not low.startswith(_CONSONANT_SOUND)


def _singular_noun(word: str) -> bool:
    """Whether ``word`` reads as a singular common noun ("environment", "tool"): lower-case letters, not a
    plural, not a verb form, not a word a verb may follow as its subject otherwise ("data", "people")."""
    low = word.lower()
    return word.isalpha() and word.islower() and len(word) > 3 and not low.endswith(("s", "ing", "ed")) \
        and low not in ("data", "people", "media", "staff", "team", "criteria", "personnel") and not _is_verb(low)


# a word of three letters or more with an opening bracket glued to it and a word inside ("stack(Including")
_GLUED_BRACKET_RE = re.compile(r"\b([A-Za-z]{3,})(\()(?=[A-Za-z])")
# what "Lead" names as a role, not a verb, when it opens a line ("Lead engineer on X")
_LEAD_ROLE_NOUNS = {"engineer", "developer", "designer", "architect", "analyst", "scientist", "researcher", "manager",
                    "consultant", "product", "data", "software", "backend", "frontend", "ux", "ui", "technical",
                    "program", "project", "qa", "test", "instructor", "teacher", "author", "generation", "gen"}
# a word split after its hyphen by a space ("K- Means", "e- commerce"): a prefix of one or two letters
_SPLIT_HYPHEN_RE = re.compile(r"(?<![\w-])([A-Za-z]{1,2})- ([A-Za-z]{3,})\b")
# a small word typed twice in a row
_REPEATED_WORD_RE = re.compile(r"\b(as|the|a|an|to|of|and|in|for|on|with|by|is)\s+(\1)\b", re.I)


@cache
def _misspellings() -> dict[str, str]:
    """Wrong -> right spellings (lexicons/rewrite/misspellings.txt) and inflated -> plain words
    (lexicons/rewrite/plain-words.txt)."""
    pairs = [line.split() for name in ("misspellings", "plain-words") for line in word_list(f"rewrite/{name}")]
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}
