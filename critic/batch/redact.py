"""Replace personal data (names, emails, phone numbers, URLs, street addresses) before anything is written.

Redaction runs in two passes so that what is found in the contact section is removed everywhere:

1. *discover*: the document's name, name-like lines of the contact section (and the first line of a PDF),
   transcript speaker names, and phone numbers / addresses written in the contact section (where loose
   patterns are safe) become literal strings to remove;
2. *apply*: every string field of the Document (items, headers, page lines, turns, warnings ...) gets the
   literals replaced, then strict patterns that are safe anywhere (emails, URLs, social handles,
   international-format phone numbers, street addresses followed by a city or ZIP code).

The same :class:`Redactor` then cleans the file label and serves as a final guard over every output
text (:meth:`Redactor.scrub`), which replaces any literal still present in plain, HTML-escaped or
JSON-escaped form.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

NAME = "[name redacted]"
EMAIL = "[email redacted]"
PHONE = "[phone redacted]"
URL = "[url redacted]"
ADDRESS = "[address redacted]"
MARKERS = (NAME, EMAIL, PHONE, URL, ADDRESS)

_L = r"[^\W\d_]"  # a letter (any script)
_NOT_LETTER_BEFORE = rf"(?<!{_L})"
_NOT_LETTER_AFTER = rf"(?!{_L})"

EMAIL_RE = re.compile(
    r"[A-Za-z0-9._%+-]+\s*(?:@|\s\[at\]\s|\s\(at\)\s|\[at\]|\(at\))\s*"
    r"[A-Za-z0-9-]+(?:(?:\.|\s\[dot\]\s|\[dot\]|\(dot\))[A-Za-z0-9-]+)*(?:\.|\s\[dot\]\s|\[dot\]|\(dot\))[A-Za-z]{2,}"
)
_TLDS = (
    "com|org|net|edu|gov|io|dev|ai|me|co|app|info|xyz|tech|site|page|blog|us|uk|in|ca|de|fr|eu|ly|so|gg|sh|"
    "to|tv|cc|biz|pro|design|studio|online|link|bio|one|id|nl|se|ch|au|nz|sg|jp|cn|br|es|it|pl|ie|il"
)
URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'|,;]+"  # scheme or www.
    rf"|(?<![@\w.-])(?:[A-Za-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"'|,;]*)?"  # bare domain, lower-case TLD
    r"|(?<![\w/])/in/[A-Za-z0-9_-]+/?"  # LinkedIn path written without the domain
)
# web addresses inside file names, where "_" separates words ("cs_janedoe.dev_cv.pdf")
LABEL_URL_RE = re.compile(rf"(?<![A-Za-z0-9.-])(?:[A-Za-z0-9-]+\.)+(?:{_TLDS})(?![A-Za-z0-9])")
HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z][A-Za-z0-9_]{2,30}\b")
# International or 10+ digit phone numbers: safe anywhere (dates, ranges and amounts have fewer digits
# or other separators); the digit count is checked in code.
PHONE_RE = re.compile(
    r"(?<![\w.+-])(?:\+\d{1,3}[\s.-]?|\(\+\d{1,3}\)\s?)?(?:\(\d{1,4}\)[\s.-]?|\d{1,4}[\s.-])(?:\d{2,4}[\s.-]){0,2}"
    r"\d{3,4}(?![\w-]|\.\d)"
)
# Local seven-digit numbers ("555-0100") only in the contact section.
LOCAL_PHONE_RE = re.compile(r"(?<![\w.-])\d{3}[\s.-]\d{4}(?![\w-]|\.\d)")
_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|"
    r"Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Crescent|Close|Row|Alley|Trail|Plaza)"
)
_UNIT = r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl|#)\.?\s*#?[\w-]+)?"
_STREET = rf"\b\d{{1,6}}[A-Za-z]?\s+(?:[A-Z0-9][\w.'-]*\s+){{1,4}}{_SUFFIX}\b\.?{_UNIT}"
_ZIP = r"\b\d{5}(?:-\d{4})?\b"
_CITY_STATE_ZIP = rf",?\s*(?:[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){{0,3}},\s*)?(?:[A-Z]{{2}}\s+)?{_ZIP}"
_CITY = r",\s*[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3}"
_STATE = r",\s*[A-Z]{2}\b"
# A street address is redacted anywhere when a ZIP code or "City, ST" follows it (so "2 Google Drive,
# Slack" in a bullet stays); in the contact section also on its own or with a city only.
ADDRESS_STRICT_RE = re.compile(rf"{_STREET}(?:{_CITY_STATE_ZIP}|{_CITY}{_STATE})")
ADDRESS_CONTACT_RE = re.compile(rf"{_STREET}(?:{_CITY_STATE_ZIP}|{_CITY}(?:{_STATE})?)?")
# Continental style, contact section only: "Hauptstrasse 5, 10115 Berlin".
ADDRESS_EU_RE = re.compile(
    r"\b[A-Z][\w'-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|laan|straat|gatan|gade|vej|vei|väg)"
    r"\s+\d{1,5}[a-z]?(?:,\s*\d{4,5}\s+[A-Z][\w-]+)?"
)
# "City, ST" and "City, Country" on a contact line are places, not names.
_PLACE_RE = re.compile(
    r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s*(?:[A-Z]{2}\b|USA|UK|India|Canada|Germany|France|Singapore|"
    r"Australia|Ireland|Netherlands|Israel|Japan|Spain|Brazil|Mexico|Remote)"
)
PO_BOX_RE = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b(?:" + _CITY_STATE_ZIP + r")?", re.IGNORECASE)
ZIP_LINE_RE = re.compile(rf"\b[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){{0,3}},\s*[A-Z]{{2}}\s+{_ZIP}")
UK_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
# Safe anywhere: a UK postcode in its written form (outward code, space, inward code of the letters Royal
# Mail uses), with the street and town before it when they are there.
_UK_PC = r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\s+\d[ABD-HJLNP-UW-Z]{2}\b"
UK_ADDRESS_RE = re.compile(rf"(?:{_STREET},?\s+(?:[A-Z][\w'-]+\s+){{0,3}})?{_UK_PC}")
# Continental street lines with a postcode and a town, safe anywhere: "12 rue de Rivoli, 75001 Paris",
# "Keizersgracht 123, 1015 CJ Amsterdam", "Hauptstraße 5, 10115 Berlin".
_EU_TOWN = r"[A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)?"
EU_ADDRESS_RE = re.compile(
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|quai|allée|chemin|impasse|cours|"
    r"via|viale|piazza|calle|avenida|plaza|paseo|rua)\s+[^,\n]{2,40},\s*\d{4,5}\s+" + _EU_TOWN
    + r"|\b(?:Rue|Avenue|Boulevard|Via|Viale|Piazza|Calle|Avenida|Plaza|Rua)\s+[^,\n\d]{2,40}\s\d{1,4}[a-z]?,\s*"
    r"\d{4,5}\s+" + _EU_TOWN
    + r"|\b[A-Z][\w'-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|laan|straat|gracht|plein|kade|singel|"
    r"dijk|gatan|gade|vej|vei|väg)\s+\d{1,5}[a-zA-Z]?(?:[-/]\d{1,4})?,?\s*\d{4,5}(?:\s?[A-Z]{2})?\s+" + _EU_TOWN
)
_TLD_WORDS = r"(?:com|org|net|edu|io|dev|ai|me|co|uk|de|fr|in|nl)"
# Spelled-out emails: "jane dot doe at example dot com".
SPOKEN_EMAIL_RE = re.compile(
    r"\b[A-Za-z0-9_%+-]+(?:(?:\s+dot\s+|\.)[A-Za-z0-9_%+-]+)*\s+(?:at|AT)\s+[A-Za-z0-9-]+"
    rf"(?:\s+(?:dot|DOT)\s+[A-Za-z0-9-]+)*\s+(?:dot|DOT)\s+{_TLD_WORDS}\b"
)
PHONE_REGIONS = ("US", "GB", "DE", "FR", "NL", "IN")  # how numbers without a country code are read

_HANDLE_SEGMENT_RE = re.compile(r"^(?=[^@]*[A-Za-z])@?[A-Za-z0-9][A-Za-z0-9_.-]{2,38}$")  # a lone username on a contact line
_SEPARATORS_RE = re.compile(r"\s*(?:[|•·▪●◦,;/]|\s[-–—]\s|\t|\s{3,})\s*")
# Words that make a short Title Case line a heading, a job title or a place rather than a person.
NOT_NAME_WORDS = frozenset(
    """
    resume résumé cv curriculum vitae contact contacts profile summary about experience education skills
    projects references email phone mobile address linkedin github portfolio website page of
    product manager management senior junior lead principal staff director head engineer engineering
    scientist science analyst designer developer consultant founder cofounder co-founder intern associate
    vp president officer chief technical program project data machine learning ai ml platform group
    growth strategy operations research marketing sales business technology software hardware
    university college school institute inc llc ltd corp company remote hybrid united states kingdom
    new york san francisco london berlin seattle boston austin chicago toronto bangalore paris
    street avenue road drive lane suite apt mr mrs ms dr prof phd mba
    available immediately open relocation relocate willing citizen citizenship authorized authorization visa
    status languages english spanish french german hindi mandarin native fluent references request upon
    mountain view palo alto santa clara monica valley bay area los angeles
    financial finance bank capital labs lab technologies technology systems solutions partners consulting
    health studio studios media ventures holdings global international network networks services security
    cloud digital analytics apache spring google microsoft amazon meta apple oracle adobe salesforce
    the and for with at in on to by from a an my our your interview transcript interviewer candidate speaker
    """.split()
)
GENERIC_SPEAKERS_RE = re.compile(
    r"^(?:interviewer|interviewee|candidate|speaker|host|guest|moderator|recruiter|me|you|unknown|narrator|"
    r"participant|person|user|q|a)(?:\s*[#-]?\s*\d+)?$",
    re.IGNORECASE,
)
# Fields of the document model that hold codes, not document text.
SKIP_FIELDS = frozenset({"id", "kind", "format", "section_kind", "role", "language", "marker"})


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


_PARTICLES = frozenset({"van", "von", "de", "da", "del", "della", "der", "den", "di", "du", "le", "la", "bin",
                        "bint", "al", "el", "ben", "ter", "ten"})
_NAME_PREFIX_RE = re.compile(r"^(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von)[A-Z]")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """English stop words (spaCy's list when it is importable: it is already loaded in review workers)."""
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - spaCy is a dependency
        STOP_WORDS = set()
    return frozenset(STOP_WORDS) | {"what’s", "what's", "let’s", "let's"}


def looks_like_name(text: str) -> bool:
    """Whether a short line reads as a person's name: 2-4 capitalised words; no digits, role, company or
    place words, stop words, acronyms ("SQL") or inner capitals ("IntelliJ", but "McKay" is fine)."""
    words = text.strip().split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in text):
        return False
    all_caps = text.upper() == text
    letters = 0
    for i, word in enumerate(words):
        if not word[0].isalpha() or not all(ch.isalpha() or ch in "'’.-" for ch in word):
            return False
        bare = word.lower().strip(".,")
        if 0 < i < len(words) - 1 and bare in _PARTICLES:
            continue  # "Ludwig van Beethoven"
        if bare in NOT_NAME_WORDS or bare in _stop_words():
            return False
        first = next((ch for ch in word if ch.isalpha()), "")
        if not first.isupper():
            return False
        alpha = [ch for ch in word if ch.isalpha()]
        if not all_caps:
            if len(alpha) > 1 and all(ch.isupper() for ch in alpha):
                return False  # an acronym inside a mixed-case line
            if any(ch.isupper() for ch in alpha[1:]) and not _NAME_PREFIX_RE.match(word) and "-" not in word:
                return False
        letters += len(alpha)
    return letters >= 4


def _title(name: str) -> str:
    """Title case that keeps inner capitals of mixed-case words ("McKay", "O'Neil")."""
    words = []
    for word in name.split():
        if word.isupper() or word.islower():
            word = "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))
        words.append(word)
    return " ".join(words)


def _name_parts(name: str) -> list[str]:
    """The full name and its words of two letters or more ("Mary-Jane O'Neil" -> ... "Mary", "Jane" ...)."""
    name = " ".join(name.split())
    parts = [name]
    for word in re.split(r"[\s]+", name):
        word = word.strip(".,")
        pieces = [word] + (word.split("-") if "-" in word else [])
        for piece in pieces:
            if sum(ch.isalpha() for ch in piece) >= 2 and piece.lower() not in NOT_NAME_WORDS:
                parts.append(piece)
    return parts


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of phone numbers (Google's libphonenumber: valid numbers of any country, written in
    international form or as a number of the PHONE_REGIONS), eight digits or more, or with a "+", "00" or "("
    lead; merged where they overlap."""
    if _digits(text) < 7:
        return []
    import phonenumbers

    spans = []
    for region in PHONE_REGIONS:
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if _digits(m.raw_string) >= 8 or m.raw_string.startswith(("+", "00", "(")):
                spans.append((m.start, m.end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Common given names (critic/batch/first_names.txt), lower case."""
    from pathlib import Path

    text = (Path(__file__).with_name("first_names.txt")).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


# A Presidio-style person recogniser: a capitalised name shape scored by evidence around it. Words before a
# name that say a person follows, and what may come after one.
_BEFORE_PERSON = re.compile(
    r"(?:\b(?:with|by|to|from|for|and|under|alongside|mentored|mentoring|hired|hiring|coached|coaching|managed|"
    r"managing|reported|reporting|partnered|thanks|interviewed|onboarded|supervised|replaced|succeeded|"
    r"manager|director|lead|ceo|cto|cfo|coo|vp|founder|colleague|teammate|mentor|advisor|professor|"
    r"recruiter|engineer|designer|analyst)\b|[(,;:])\s*$",
    re.IGNORECASE,
)
_AFTER_PERSON = re.compile(r"^(?:['’]s\b|\s*(?:,\s*(?:our|my|the|a|an)\b|\(|and I\b|who\b|,?\s*(?:CEO|CTO|CFO|VP)\b))")
_HONORIFIC = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?\s*$")
_PERSON_SHAPE = re.compile(r"(?<![\w@./-])[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}(?![\w@/-])")


def person_spans(text: str) -> list[tuple[int, int]]:
    """Spans of third-party person names: a capitalised one- to three-word name where two kinds of evidence
    agree (a common given name first; a context word before or after; an honorific)."""
    if not any(ch.isupper() for ch in text):
        return []
    names = first_names()
    out = []
    for m in _PERSON_SHAPE.finditer(text):
        # a sentence's first word is capitalised too ("Hired Tom"): try the shape without its leading words
        starts = [m.start()] + [m.start() + k.start() + 1 for k in re.finditer(r"\s(?=\S)", m.group(0))]
        for start in starts:
            if _is_person(text, start, m.end(), names):
                out.append((start, m.end()))
                break
    return out


def _is_person(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    candidate = text[start:end]
    words = candidate.split()
    before, after = text[max(0, start - 30):start], text[end:end + 12]
    honorific = bool(_HONORIFIC.search(before))
    given = words[0].lower().strip("'’") in names
    context = bool(_BEFORE_PERSON.search(before) or _AFTER_PERSON.match(after))
    if len(words) == 1:
        return given and (context or honorific) and start > 0 and words[0].lower() not in NOT_NAME_WORDS
    return looks_like_name(candidate) and given + context + honorific >= 2


def _replace_spans(text: str, spans: list[tuple[int, int]], marker: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + marker + text[end:]
    return text


@dataclass
class Redactor:
    """Literal strings to remove (names, contact details found in the contact section) plus patterns."""

    names: list[str] = field(default_factory=list)
    literals: dict[str, str] = field(default_factory=dict)  # exact text -> marker
    counts: dict[str, int] = field(default_factory=dict)  # marker -> how many replacements were made

    def __post_init__(self) -> None:
        self._compile()

    # -- building --------------------------------------------------------------------------------------
    def add_name(self, name: str | None) -> None:
        if not name or not name.strip():
            return
        for part in _name_parts(name):
            if part not in self.names:
                self.names.append(part)
        self._compile()

    def add_literal(self, text: str, marker: str) -> None:
        text = text.strip(" ,;|")
        if len(text) >= 4 and text not in self.literals:
            self.literals[text] = marker
            self._compile()

    def _compile(self) -> None:
        names = sorted(set(self.names), key=lambda s: (-len(s), s))
        self._name_text: re.Pattern[str] | None = None
        self._name_path: re.Pattern[str] | None = None
        self._joined_re: re.Pattern[str] | None = None
        if names:
            # each name as written, in capitals and in title case ("MARCO" -> "Marco"), never lower case
            variants = sorted({v for n in names for v in (n, n.upper(), _title(n))}, key=lambda s: (-len(s), s))
            body = "|".join(r"\s+".join(re.escape(w) for w in v.split()) for v in variants)
            self._name_text = re.compile(rf"{_NOT_LETTER_BEFORE}(?:{body}){_NOT_LETTER_AFTER}")
            # in file names, names are often run together or glued to a handle ("mhzaman", "janedoe_cv"):
            # full names across separators, and each name word of 4+ letters anywhere
            full = ["[-_. ]*".join(re.escape(w) for w in n.split()) for n in names if " " in n]
            parts = [re.escape(n) for n in names if " " not in n and sum(ch.isalpha() for ch in n) >= 4]
            self._name_path = re.compile("|".join(full + parts), re.IGNORECASE) if full or parts else None
        # a full name run together, in any case, inside a handle or link anywhere ("janedoe", "jane.doe42")
        joined = sorted({"".join(n.split()).lower() for n in names if " " in n and len("".join(n.split())) >= 6})
        self._joined_re = (re.compile(rf"[A-Za-z0-9_.-]*(?:{'|'.join(re.escape(j) for j in joined)})[A-Za-z0-9_-]*",
                                      re.IGNORECASE) if joined else None)
        lits = sorted(self.literals, key=lambda s: (-len(s), s))
        self._literal_re = re.compile("|".join(re.escape(s) for s in lits)) if lits else None

    # -- discovery -------------------------------------------------------------------------------------
    def _related_name(self, segment: str) -> bool:
        """A name-like segment sharing a word with a name already known ("V. Lucet" for "Valentin Lucet")."""
        if not looks_like_name(segment):
            return False
        known = {n.lower() for n in self.names if " " not in n}
        return any(w.lower().strip(".,") in known for w in segment.split())

    def learn_contact_line(self, line: str, *, names: bool = True) -> None:
        """Remember names (related to known ones), usernames, phone numbers and addresses on a contact line."""
        for segment in _SEPARATORS_RE.split(_PLACE_RE.sub("|", line)):
            segment = segment.strip()
            if names and self._related_name(segment):
                self.add_name(segment)
            elif _HANDLE_SEGMENT_RE.match(segment) and segment.lower() not in NOT_NAME_WORDS and (
                    self._name_in(segment)
                    or (segment == segment.lower() and any(ch.isdigit() or ch == "_" for ch in segment))):
                # a username: holds the person's name, or is lower case with digits/underscores
                # ("jdoe_42"; "CSS3" on a contact line is a skill)
                self.add_literal(segment.lstrip("@"), URL)
        known = {n.lower() for n in self.names}
        for token in re.split(r"[\s|•·,;()<>\[\]]+", line):
            token = token.strip("/:.@")
            if "@" in token:
                continue  # an email: EMAIL_RE removes it everywhere
            if len(token) >= 5 and token.lower() not in known and self._name_in(token):
                self.add_literal(token, URL)  # a handle or link holding the name ("linkedin.com/in/janedoe")
        for m in ADDRESS_CONTACT_RE.finditer(line):
            self.add_literal(m.group(0), ADDRESS)
        for m in ADDRESS_EU_RE.finditer(line):
            self.add_literal(m.group(0), ADDRESS)
        for m in PO_BOX_RE.finditer(line):
            self.add_literal(m.group(0), ADDRESS)
        for m in ZIP_LINE_RE.finditer(line):
            self.add_literal(m.group(0), ADDRESS)
        for m in UK_POSTCODE_RE.finditer(line):
            self.add_literal(m.group(0), ADDRESS)
        for m in PHONE_RE.finditer(line):
            if _digits(m.group(0)) >= 7:
                self.add_literal(m.group(0), PHONE)
        for m in LOCAL_PHONE_RE.finditer(line):
            self.add_literal(m.group(0), PHONE)

    def _name_in(self, token: str) -> bool:
        """Whether a single token is a known name word or names run together ("janedoe", "jdoe" no)."""
        low = token.lower().lstrip("@")
        words = [n.lower() for n in self.names if " " not in n and sum(ch.isalpha() for ch in n) >= 4]
        return any(w in low for w in words)

    def learn_document(self, doc: Any) -> None:
        """Discover what to remove from a critic.model.Document (see the module docstring).

        Names come from the document's name (when it reads as one), the first name-like segment of its
        first line, and contact-section lines that share a word with those; not from any other
        Title Case line, which in a real contact section is as often a skill or a company.
        """
        name = getattr(doc, "name", None)
        if name and (getattr(doc, "format", "") == "jsonresume" or looks_like_name(name)):
            self.add_name(name)
        firsts = []
        pages = getattr(doc, "pages", None) or []
        if pages and pages[0].lines:
            firsts.append(pages[0].lines[0].text)
        items = doc.items() if hasattr(doc, "items") else []
        if items:
            firsts.append(items[0].text)
        for first in firsts:
            for segment in _SEPARATORS_RE.split(first):
                if looks_like_name(segment.strip()):
                    self.add_name(segment.strip())
                    break
        contact_lines = []
        for section in getattr(doc, "sections", []):
            if section.kind != "contact":
                continue
            contact_lines.extend(item.text for item in section.all_items())
            contact_lines.extend(entry.header for entry in section.entries)
        for line in contact_lines:
            self.learn_contact_line(line)
        if getattr(doc, "kind", "") == "transcript":
            speakers = {t.speaker for t in getattr(doc, "turns", []) if t.speaker}
            if getattr(doc, "candidate", None):
                speakers.add(doc.candidate)
            for speaker in sorted(speakers):
                cleaned = speaker.strip(" :")
                if cleaned and not GENERIC_SPEAKERS_RE.match(cleaned):
                    # speaker labels are names even when written as one word ("Priya")
                    for part in _name_parts(cleaned):
                        if part not in self.names and sum(ch.isalpha() for ch in part) >= 2:
                            self.names.append(part)
            self._compile()

    # -- applying --------------------------------------------------------------------------------------
    def _count(self, marker: str, n: int = 1) -> str:
        self.counts[marker] = self.counts.get(marker, 0) + n
        return marker

    def _sub(self, pattern: re.Pattern[str], marker: str, text: str) -> str:
        return pattern.sub(lambda m: self._count(marker), text)

    def text(self, value: str) -> str:
        """Redact one piece of document text."""
        if not value:
            return value
        out = value
        if self._literal_re is not None:
            out = self._literal_re.sub(lambda m: self._count(self.literals[m.group(0)]), out)
        out = self._sub(EMAIL_RE, EMAIL, out)
        out = self._sub(SPOKEN_EMAIL_RE, EMAIL, out)
        out = self._sub(URL_RE, URL, out)
        out = self._sub(HANDLE_RE, URL, out)
        out = self._sub(ADDRESS_STRICT_RE, ADDRESS, out)
        out = self._sub(EU_ADDRESS_RE, ADDRESS, out)
        out = self._sub(UK_ADDRESS_RE, ADDRESS, out)
        out = self._sub(PO_BOX_RE, ADDRESS, out)
        out = self._sub(ZIP_LINE_RE, ADDRESS, out)
        phones = phone_spans(out)
        if phones:
            self._count(PHONE, len(phones))
            out = _replace_spans(out, phones, PHONE)
        out = PHONE_RE.sub(lambda m: self._count(PHONE) if _digits(m.group(0)) >= 10 or
                           (m.group(0).startswith("+") and _digits(m.group(0)) >= 8) else m.group(0), out)
        if self._joined_re is not None:
            out = self._sub(self._joined_re, URL, out)
        if self._name_text is not None:
            out = self._sub(self._name_text, NAME, out)
        people = person_spans(out)
        if people:
            self._count(NAME, len(people))
            out = _replace_spans(out, people, NAME)
        return out

    def kinds(self) -> dict[str, int]:
        """What was redacted so far: kind ("name", "email", "phone", "url", "address") -> count."""
        return {marker.strip("[]").split()[0]: n for marker, n in sorted(self.counts.items()) if n}

    def label(self, label: str) -> str:
        """Redact a file label: names in any case, across "_", "-" and "." or run together ("jane_doe.pdf",
        "janedoe-cv.pdf"), plus literals, emails and web addresses ("janedoe.dev_resume.pdf")."""
        out = EMAIL_RE.sub(EMAIL, label)
        out = SPOKEN_EMAIL_RE.sub(EMAIL, out)
        out = _replace_spans(out, phone_spans(out.replace("_", " ")), PHONE)  # also in folder names
        out = PHONE_RE.sub(lambda m: PHONE if _digits(m.group(0)) >= 8 else m.group(0), out)
        if self._literal_re is not None:
            out = self._literal_re.sub(lambda m: self.literals[m.group(0)], out)
        out = LABEL_URL_RE.sub(URL, out)
        if self._name_path is not None:
            out = self._name_path.sub(NAME, out)
        return out

    def document(self, doc: Any) -> Any:
        """Redact every string field of a Document (or any dataclass tree) in place; returns it."""
        _walk(doc, self.text)
        return doc

    def scrub(self, output: str) -> str:
        """Final guard over an output text: remove any literal or name left in plain/HTML/JSON form."""
        targets: dict[str, str] = {}
        for lit, marker in self.literals.items():
            targets[lit] = marker
        for name in self.names:
            targets[name] = NAME
        forms: dict[str, str] = {}
        for text, marker in targets.items():
            for form in (text, html.escape(text, quote=True), html.escape(text, quote=False),
                         json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]):
                forms.setdefault(form, marker)
        if not forms:
            return EMAIL_RE.sub(EMAIL, output)
        pattern = re.compile(
            _NOT_LETTER_BEFORE + "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=lambda s: (-len(s), s)))
            + ")" + _NOT_LETTER_AFTER
        )
        output = pattern.sub(lambda m: forms[m.group(0)], output)
        return EMAIL_RE.sub(EMAIL, output)

    def leaks(self, output: str) -> list[str]:
        """Literal PII strings (names, contact details) still present in an output text."""
        found = []
        for text in sorted(set(self.literals) | set(self.names)):
            if re.search(_NOT_LETTER_BEFORE + re.escape(text) + _NOT_LETTER_AFTER, output):
                found.append(text)
        found.extend(m.group(0) for m in EMAIL_RE.finditer(output))
        return found


def _walk(obj: Any, fn: Any, _depth: int = 0) -> Any:
    if _depth > 50:
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name in SKIP_FIELDS:
                continue
            value = getattr(obj, f.name)
            new = _walk(value, fn, _depth + 1)
            if new is not value:
                setattr(obj, f.name, new)
        return obj
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, list):
        for i, value in enumerate(obj):
            new = _walk(value, fn, _depth + 1)
            if new is not value:
                obj[i] = new
        return obj
    if isinstance(obj, dict):
        for key in list(obj):
            new = _walk(obj[key], fn, _depth + 1)
            if new is not obj[key]:
                obj[key] = new
        return obj
    return obj


def redactor_for(doc: Any, extra_names: Iterable[str] = ()) -> Redactor:
    """A Redactor that has learned the document's personal data."""
    r = Redactor()
    r.learn_document(doc)
    for name in extra_names:
        r.add_name(name)
    return r
