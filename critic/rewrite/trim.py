"""Detail a long bullet can shed: the tool lists it enumerates, a trailing clause naming partners, a clause
naming where the work ran, and split-off sentences that are detail rather than a claim.

A coach trims an overlong bullet before anything else: "(EC2, ECS, S3, RDS)", "using Docker, CircleCI and
Terraform", ", focusing on availability, fault tolerance and scaling" name detail that belongs in Skills or
in the interview, not in the one line a screener reads. This module only finds such lists in an item's text;
the composer decides whether the rewrite is long enough to shed them and reports what it took out, so no
word of the candidate's disappears unseen.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from critic.lexicons import word_list
from critic.rewrite.verbs import _is_verb, _lemma

# an entry of a list names a thing: at most this many words ("AWS multi-account", "post-release stabilization")
ENTRY_WORDS = 4
# a list sheds only with at least this many entries: two names read as part of the claim ("Python and SQL")
MIN_ENTRIES = 3
# ... and only when at least this share of its entries are names (a capital or a digit: "EC2", "Kubernetes"):
# tools belong in Skills, while a list of activities or qualities ("privacy reviews, beta cycles") is the claim
NAME_SHARE = 2 / 3

_CONJUNCTIONS = ("and", "or", "&")
_LEADING = re.compile(r"^(?:including|incl\.|e\.g\.,?|i\.e\.,?|such as|like)\s+", re.I)
# "etc." or "and more" closing a list: part of the list, at its end (_TRAILING) or right after it (_CLOSING)
_ETC = r",?\s*(?:etc\.?|and more|and others)"
_TRAILING = re.compile(_ETC + r"\s*$", re.I)
_CLOSING = re.compile(_ETC + r"(?=\W|$)", re.I)
_BOUNDARY = re.compile(r"[;:()]|\.(?=\s|$)|\s[–—-]\s")


class Detail(NamedTuple):
    """A list of detail in an item's text: BAD[start:end] can go; ``moved`` is what the candidate is shown."""

    start: int
    end: int
    moved: str


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    """Words that open a list of detail ("using", "including", "focusing on"), longest first."""
    return tuple(sorted(word_list("rewrite/list-heads"), key=len, reverse=True))


def _name(words: list[str], compound: bool) -> bool:
    """Whether words read as one entry of a list: a name of at most ENTRY_WORDS words, or (``compound``) two
    such short names joined by a conjunction ("App Store and Play Store submission")."""
    if 0 < len(words) <= ENTRY_WORDS:
        return True
    at = next((k for k, w in enumerate(words) if w.lower() in _CONJUNCTIONS), None)
    return compound and at is not None and 0 < at <= 3 and 0 < len(words) - at - 1 <= 3


def _entries(body: str) -> tuple[list[str], int] | None:
    """The entries of a comma list at the start of body ("A, B, and C, ...", "A, B and C", "A, B, C") and
    where the list ends in body; None when a part is longer than a name. A conjunction in a part after the
    first closes the list; without one the list runs to the end of body."""
    out: list[str] = []
    pos = 0
    parts = body.split(",")
    for n, part in enumerate(parts):
        words = part.split()
        end = pos + len(part)
        conj = next((k for k, w in enumerate(words) if w.lower() in _CONJUNCTIONS and k < len(words) - 1), None)
        if n and conj is not None and (conj == 0 or _name(words[:conj], False)):
            if conj:
                out.append(" ".join(words[:conj]))
            last = words[conj + 1:]
            if not _name(last, False):
                return None
            out.append(" ".join(last))
            return out, pos + len(part.rstrip())
        if not words:
            if n == len(parts) - 1:
                break
            return None
        if not _name(words, compound=True):
            return None
        out.append(" ".join(words))
        pos = end + 1
    return out, len(body.rstrip(" ,"))


def _tools(entries: list[str]) -> bool:
    """Whether a list names tools: at least NAME_SHARE of its entries carry a capital or a digit."""
    named = sum(1 for e in entries if re.search(r"[A-Z0-9]", e))
    return len(entries) >= MIN_ENTRIES and named >= NAME_SHARE * len(entries)


def _bracketed(text: str) -> list[Detail]:
    """Bracketed lists of names: "(Including EC2, ECS, Route 53, S3)", "(Logistic Regression, SVM, Perceptron)"."""
    out = []
    for m in re.finditer(r"\s*\(([^()]{3,240})\)", text):
        inner = _TRAILING.sub("", _LEADING.sub("", m.group(1).strip()))
        found = _entries(inner)
        if found is not None and _tools(found[0]) and found[1] >= len(inner.rstrip(" ,")):
            out.append(Detail(m.start(), m.end(), m.group(1).strip()))
    return out


def _headed(text: str) -> list[Detail]:
    """Lists after a head word that run to the end of their clause: "using Docker, CircleCI and Terraform",
    ", including A, B and C", ", focusing on A, B and C". The head must follow a word (not "and" or a comma,
    where it would be an action of its own), except "including", which a comma opens."""
    out = []
    low = text.lower()
    for head in _heads():
        for m in re.finditer(rf"(?<![\w-]){re.escape(head)}\s+", low):
            before = text[:m.start()].rstrip()
            prev = before.split()[-1].lower() if before.split() else ""
            comma = before.endswith(",")
            if not prev or prev in _CONJUNCTIONS or (comma and head not in ("including", "such as", "focusing on")):
                continue
            stop = _BOUNDARY.search(text, m.end())
            limit = stop.start() if stop else len(text)
            found = _entries(_TRAILING.sub("", text[m.end():limit]))
            if found is None or not _tools(found[0]):
                continue
            end = m.end() + found[1]
            trailing = _CLOSING.match(text, end)
            if trailing:
                end = trailing.end()
            start = len(before) - 1 if comma else len(before)
            out.append(Detail(start, end, text[m.start():end].strip(" ,")))
    return out


_EXPANSION = re.compile(r"\b([A-Za-z][A-Za-z0-9]{1,6})\s*\(([^()]{3,80})\)")


def _expansions(text: str) -> list[Detail]:
    """A bracket that spells out the acronym before it ("IAP (GCP Identity Aware Proxy)", "IaC(Infrastructure
    as Code)"): the acronym stays, its expansion is detail. The acronym's letters must be, in order, first
    letters of the bracket's words, and the acronym must carry at least two capitals."""
    out = []
    for m in _EXPANSION.finditer(text):
        acronym, inner = m.group(1), m.group(2)
        if sum(c.isupper() for c in acronym) < 2 or not acronym[:1].isupper():
            continue
        initials = iter(w[0].lower() for w in re.findall(r"[A-Za-z][\w'-]*", inner))
        if all(any(i == c for i in initials) for c in acronym.lower() if c.isalpha()):
            start = m.start(2) - 1  # the bracket, with the space before it when there is one
            start -= text[start - 1:start] == " "
            out.append(Detail(start, m.end(), inner.strip()))
    return out


# a trailing clause sheds only when it is at least this long and at least this much of its sentence stays
TAIL_WORDS = 4
CLAIM_WORDS = 8
_SENTENCE_END = re.compile(r"[;]|\.(?=\s|$)")


@lru_cache(maxsize=1)
def _ai_terms() -> re.Pattern[str]:
    """Any AI term of the lexicon, as a whole word: a clause that names the AI work is the claim itself."""
    terms = sorted(word_list("ai-terms"), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.I)


@lru_cache(maxsize=1)
def _tail_open() -> re.Pattern[str]:
    """A comma and an opening of lexicons/rewrite/partner-tails.txt."""
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(word_list("rewrite/partner-tails"),
                                                                         key=len, reverse=True))
    return re.compile(rf",\s+(?:{alts})\s", re.I)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence or semicolon clause holding ``at`` starts."""
    return max(text.rfind(". ", 0, at) + 1, text.rfind(";", 0, at) + 1, 0)


def _claims_itself(clause: str) -> bool:
    """Whether a clause carries a figure, a placeholder or an AI term: the result or the AI work is the claim."""
    return bool(re.search(r"[\d\[%$]", clause) or _ai_terms().search(clause))


def _tails(text: str) -> list[Detail]:
    """Clauses that trail a claim after a comma, run to the end of its sentence and name who the work was done
    alongside (", partnering with A, B and C to ...", ", along with the lead engineer who ..."). Clauses with a
    figure, a placeholder or an AI term stay: the result or the AI work is the claim."""
    out = []
    for m in _tail_open().finditer(text):
        stop = _SENTENCE_END.search(text, m.end())
        end = stop.start() if stop else len(text.rstrip())
        tail = text[m.start():end]
        claim = text[_sentence_start(text, m.start()):m.start()]
        if len(tail.split()) < TAIL_WORDS or len(claim.split()) < CLAIM_WORDS or _claims_itself(tail):
            continue
        out.append(Detail(m.start(), end, tail.strip(" ,")))
    return out


@lru_cache(maxsize=1)
def _aim_verbs() -> frozenset[str]:
    """Verbs of a purpose that names an aim: lexicons/rewrite/aim-verbs.txt and the verbs that move a metric
    (movement-verbs.txt)."""
    return frozenset(word_list("rewrite/aim-verbs")) | frozenset(word_list("movement-verbs"))


def names_aim(purpose: str) -> bool:
    """Whether a purpose clause ("to support more reliable operations") names an aim rather than what the work
    does ("to trade used textbooks")."""
    m = re.match(r"\s*(?:in\s+order\s+)?to\s+([a-z]+)", purpose, re.I)
    return bool(m) and _lemma(m.group(1).lower()) in _aim_verbs()


# a clause saying where the work ran (", deployed on AWS ECS using Docker"): it runs to the next comma,
# semicolon, dash or bracket, the end of the sentence, or a purpose ("to provide ..."), which belongs to the
# work and stays. Where the work was shown ("; used during a talk on X") stays too: it is the evidence of use
_WHERE_OPEN = re.compile(
    r"\s*[,;]\s+(?:deployed|hosted|running|served|containeri[sz]ed|packaged)\s+(?:on|in|to|at|via|onto|into|using|with)\s",
    re.I)
_WHERE_END = re.compile(r"[,;:()]|\.(?=\s|$)|\s[–—-]\s|\s+to\s+(?=[a-z]+\s)")
WHERE_MAX_WORDS = 14


def _where(text: str) -> list[Detail]:
    """Clauses naming where the work ran, after a claim of at least CLAIM_WORDS words; not one with a figure, a
    placeholder or an AI term."""
    out = []
    for m in _WHERE_OPEN.finditer(text):
        stop = _WHERE_END.search(text, m.end())
        end = stop.start() if stop else len(text.rstrip())
        clause = text[m.start():end]
        sentence_start = max(text.rfind(". ", 0, m.start()) + 1, 0)
        if len(clause.split()) > WHERE_MAX_WORDS or len(text[sentence_start:m.start()].split()) < CLAIM_WORDS \
                or _claims_itself(clause):
            continue
        out.append(Detail(m.start(), end, clause.strip(" ,;")))
    return out


# a purpose closing a long claim ("... an on-boarding process to guide new engineers and set expectations"):
# once a result leads the line, the figure asked says what the work was for (the composer checks that the
# lead's kind of work is named outside it). Only a sentence's first "to <verb>" can open one, and not after a
# verb that takes it as its object ("used X to", "allows users to", "help them to"): that is the claim itself
_PURPOSE_OPEN = re.compile(r"\s+(?:in\s+order\s+)?to\s+([a-z]+)\s", re.I)
_TAKES_TO = {"use", "utilize", "utilise", "leverage", "employ", "allow", "enable", "help", "let", "ask", "require",
             "empower", "encourage", "teach", "train", "invite", "permit", "force", "want", "need", "able", "how",
             "go", "have", "seek", "aim", "plan", "try", "decide", "choose", "agree", "hire", "assign", "push"}
PURPOSE_MAX_WORDS = 25
# what makes a purpose say what the thing does rather than what it was for: a list of its functions ("thread
# creation, voting on replies, etc.") or a part named by its acronym ("deploy the UI and API tests"); it stays
_CONCRETE = re.compile(r"\b(?:etc\b|and\s+more\b|and\s+so\s+on\b)|\b[A-Z]{2,}s?\b")
PURPOSE_REACH = 6  # words before "to" in which a verb taking it as its object is looked for
PURPOSE_CLAIM_WORDS = 3  # a verb and its object at least, before a purpose (the composer keeps SHED_FLOOR words)


@lru_cache(maxsize=256)
def purposes(text: str) -> tuple[Detail, ...]:
    """Purpose clauses ("to <verb> ...") running to the end of their sentence, after a claim of at least
    PURPOSE_CLAIM_WORDS words; not one with a figure, a placeholder or an AI term, nor "to be". Read once per
    text: a rewrite builds its GOOD several times."""
    out = []
    seen: set[int] = set()  # sentences whose first "to" was read
    for m in _PURPOSE_OPEN.finditer(text):
        sentence_start = _sentence_start(text, m.start())
        if sentence_start in seen:
            continue
        seen.add(sentence_start)
        verb = m.group(1).lower()
        before = text[sentence_start:m.start()].split()
        if verb in ("be", "have") or not _is_verb(verb) or _lemma(verb) != verb \
                or any(_lemma(w.lower().strip(",;:()")) in _TAKES_TO or w.lower() in ("them", "him", "her", "us",
                                                                                     "me", "it", "you")
                       for w in before[-PURPOSE_REACH:]):
            continue
        stop = _SENTENCE_END.search(text, m.end())
        end = stop.start() if stop else len(text.rstrip())
        clause = text[m.start():end]
        if len(clause.split()) > PURPOSE_MAX_WORDS or len(before) < PURPOSE_CLAIM_WORDS \
                or _claims_itself(clause) or _CONCRETE.search(clause):
            continue
        out.append(Detail(m.start(), end, clause.strip()))
    return tuple(out)


@lru_cache(maxsize=256)
def detail_lists(text: str) -> tuple[Detail, ...]:
    """Detail in text, in the order a bullet sheds it: bracketed lists and spelled-out acronyms first, then
    lists after a head word, then trailing clauses and clauses of where the work ran; the last in the text
    first. No two overlap. Read once per text: a rewrite builds its GOOD several times."""
    found = _bracketed(text) + _expansions(text) + sorted(_headed(text), key=lambda d: -d.start) + \
        sorted(_tails(text) + _where(text), key=lambda d: -d.start)
    out: list[Detail] = []
    for d in found:
        if all(d.end <= o.start or o.end <= d.start for o in out):
            out.append(d)
    return tuple(out)


# A sentence of a merged item that is detail, not a claim: too short to stand ("In production."), where or with
# what the work ran ("Deployed on AWS using Docker containers."), the tools used ("For this tool I used Python
# and Kafka."), or context about a team or product ("The team's portfolio includes NLU and speech."). Such a
# sentence is shown as moved out, not suggested as a bullet of its own; one of where it ran or of tools stays a
# bullet when it carries a figure or names AI work, a sentence of context never does.
CLAIM_MIN_WORDS = 4
_DESCRIBED = re.compile(
    r"^(?:deployed|hosted|built|written|implemented|developed|coded|programmed|run|served|packaged|containeri[sz]ed"
    r"|powered)\s+(?:on|in|with|using|via|at|onto|into|by)\b", re.I)
_TOOLS_USED = re.compile(r"\b(?:i|we)\s+used\b", re.I)
_CONTEXT = re.compile(
    r"^(?:(?:the|our|my)\s+)?(?:\w+['’]s\s+\w+|(?:team|company|product|portfolio|project|platform|group)\b)"
    r"(?:\s+\w+){0,4}\s+(?:includes|included|is|was|are|were|has|had|covers|covered|consists|spans)\b", re.I)
DETAIL_MAX_WORDS = 14
CONTEXT_MAX_WORDS = 25


def detail_sentence(sentence: str) -> bool:
    """Whether a sentence split off a merged item is detail rather than a claim of its own (see above)."""
    words = sentence.split()
    if len(words) < CLAIM_MIN_WORDS:
        return True
    text = sentence.strip()
    if _CONTEXT.match(text) and len(words) <= CONTEXT_MAX_WORDS:
        return True  # about a team or product, whatever it names: no claim of the writer's to make a bullet of
    if len(words) > DETAIL_MAX_WORDS or re.search(r"\d", sentence) or _ai_terms().search(sentence):
        return False  # a figure or the AI work named: a claim worth its own bullet
    return bool(_DESCRIBED.match(text) or _TOOLS_USED.search(text))
