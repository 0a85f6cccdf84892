"""Blocks -> sections, entries and items: the one structure builder every layout parser shares.

Section headings come from the parser's layout hints (Markdown `#`, DOCX heading styles, PDF font size)
confirmed against a heading lexicon (lexicons/sections.yaml) matched fuzzily with rapidfuzz. In entry
sections (experience, projects, education) non-bullet lines open an entry whose header is parsed for
title, organisation, dates and location; bullets attach to the current entry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from critic.lexicons import bundled, read_yaml
from critic.model import Document, Entry, Item, Section
from critic.parse.blocks import Block
from critic.parse.claims import opens_claim
from critic.parse.reading import mark_reading

ENTRY_SECTIONS = {"experience", "projects", "education"}
HEADING_MAX_WORDS = 6
FUZZY_MIN = 88  # rapidfuzz ratio for a heading to map to a lexicon entry ("Experiance" -> experience)

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_RE = (
    rf"(?:{_MONTH_RE}\s*,?\s*(?:19|20)\d{{2}}|(?:0?[1-9]|1[0-2])\s*[/.-]\s*(?:19|20)\d{{2}}"
    rf"|(?:19|20)\d{{2}}\s*[/.-]\s*(?:0?[1-9]|1[0-2])(?!\d)|(?:19|20)\d{{2}}"
    rf"|(?:{_MONTH_RE}\s*,?\s*)?(?:19|20)XX(?![a-z]))"  # "March 20XX": a template's placeholder year
)
_PRESENT_RE = r"(?:present|current|now|today|ongoing|date)"
DATE_RANGE_RE = re.compile(
    rf"(?P<start>{_DATE_RE})\s*(?:-|–|—|to|until|till|→|~)\s*(?P<end>{_DATE_RE}|{_PRESENT_RE})"
    rf"|(?P<single>{_DATE_RE})",
    re.IGNORECASE,
)
SEPARATORS_RE = re.compile(r"\s*[|•·]\s*|\s+[–—]\s*|\s*[–—]\s+|\s+@\s+|\s+-\s+|\s{3,}|\t|\s+at\s+(?=[A-Z])")
_COUNTRIES = (
    "USA|U\\.S\\.A?\\.?|United States|UK|United Kingdom|Canada|India|Germany|France|Singapore|Australia|Ireland|"
    "Netherlands|Israel|Japan|China|Spain|Brazil|Mexico|Switzerland|Sweden|Poland|Portugal|Italy|Korea"
)
_REGIONS = (  # US states, DC, Canadian provinces
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|"
    "OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AB|BC|MB|NB|NL|NS|ON|PE|QC|SK"
)
LOCATION_RE = re.compile(
    rf"\b(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}},\s*(?:(?:{_REGIONS})\b|{_COUNTRIES})(?:,\s*(?:{_COUNTRIES}))?"
    r"|\(?(?:Remote|Hybrid|On-?site)\)?)"
)
ROLE_WORDS = {
    "manager", "engineer", "lead", "director", "analyst", "intern", "scientist", "product", "head",
    "vp", "founder", "co-founder", "cofounder", "consultant", "designer", "associate", "owner", "officer",
    "specialist", "developer", "architect", "researcher", "president", "principal", "senior", "staff",
    "chief", "coordinator", "administrator", "strategist", "advisor", "fellow", "assistant", "pm", "tpm",
    "apm", "cto", "ceo", "coo", "cpo", "executive", "representative", "programmer", "partner", "member",
    "bachelor", "bachelors", "bachelor's", "master", "masters", "master's", "doctorate", "b.a.", "b.e.",
    "m.eng", "b.eng", "be", "me", "bsc", "msc", "llb", "jd", "md", "b.s.", "m.s.", "bs", "ms", "ba", "ma", "mba", "phd", "ph.d.", "b.sc", "m.sc",
    "btech", "b.tech", "mtech", "m.tech", "degree", "diploma", "certificate", "minor", "major", "teaching",
    "tutor", "teacher", "instructor", "mentor", "volunteer", "clerk", "technician", "nurse", "writer", "editor",
    "accountant", "recruiter", "supervisor", "trainee", "apprentice", "teller", "cashier", "missionary", "reporter",
    "facilitator", "organizer", "organiser", "captain", "treasurer", "secretary", "chair", "chairperson", "ambassador",
}
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREV_END_RE = re.compile(r"\b(?:e\.g|i\.e|etc|vs|inc|ltd|co|dr|prof|mr|ms|mrs|jr|sr|no|approx|u\.s)\.$|"
                            r"(?<![\w.])(?-i:[A-Z])\.$", re.I)  # a name's initial: "Prof. R. Adams"
_EN_STOPWORDS = frozenset(
    "the and to of a in for with on by at from as is was were be an that this it our we i my".split()
)


@dataclass(frozen=True)
class HeadingMatch:
    kind: str
    entry: str
    score: float


@lru_cache(maxsize=1)
def heading_lexicon() -> dict[str, str]:
    """Normalised heading text -> section kind, from lexicons/sections.yaml."""
    raw = read_yaml(bundled("sections.yaml"))
    out: dict[str, str] = {}
    for kind, names in raw.items():
        for name in names:
            out[normalise_heading(name)] = kind
    return out


def normalise_heading(text: str) -> str:
    """Lower-case, strip punctuation and letter-spacing ("E X P E R I E N C E" -> "experience")."""
    text = unicodedata.normalize("NFKC", text).strip()
    tokens = text.split()
    if len(tokens) >= 4 and all(len(t) == 1 for t in tokens):
        text = "".join(tokens)
    else:
        # "E X P E R I E N C E   S K I L L S" style: runs of single letters separated by wider gaps
        text = re.sub(r"(?<=\b\w) (?=\w\b)", "", text) if sum(len(t) == 1 for t in tokens) >= 4 else text
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=4096)
def match_heading(text: str) -> HeadingMatch | None:
    """Map a heading's text to a section kind, or None when it is not a known heading."""
    norm = normalise_heading(text)
    if not norm or len(norm.split()) > HEADING_MAX_WORDS or any(ch.isdigit() for ch in norm):
        return None
    lexicon = heading_lexicon()
    if norm in lexicon:
        return HeadingMatch(lexicon[norm], norm, 100.0)
    best: HeadingMatch | None = None
    for entry, kind in lexicon.items():
        score = fuzz.ratio(norm, entry)
        if score >= FUZZY_MIN and (best is None or score > best.score):
            best = HeadingMatch(kind, entry, score)
    if best is not None and not _is_role(norm):  # "Researcher" is a role, not a misspelt "Research"
        return best
    words = norm.split()
    # "Relevant Skills", "Teaching Experience", "Computer Engineering Experience": qualifier + a name
    if len(words) <= 4 and "," not in text and not _is_role(norm):
        for size in (2, 1):
            tail = " ".join(words[-size:])
            if (len(words) > size and (size == 2 or tail in _QUALIFIED_KINDS) and lexicon.get(tail) in _QUALIFIED_KINDS
                    and all(w in _QUALIFIERS for w in words[:-size])):
                return HeadingMatch(lexicon[tail], tail, 90.0)
    # "Work Experience & Projects", "Skills / Tools": a heading made only of lexicon names and joiners
    words = [w for w in words if w not in ("and", "or", "of")]
    kinds: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            chunk = " ".join(words[i : i + size])
            if len(chunk) >= 4 and chunk in lexicon:
                kinds.append(lexicon[chunk])
                i += size
                break
        else:
            return None
    if not kinds:
        return None
    kind = next((k for k in _QUALIFIED_KINDS if k in kinds), kinds[0])  # "Leadership and Work Experience"
    return HeadingMatch(kind, norm, 90.0)


_QUALIFIED_KINDS = ("experience", "projects", "education", "skills", "summary")
# Words that qualify a section name ("Relevant Skills", "Computer Engineering Experience"); a name
# glued to a heading in a left rail ("Rowan Ellis Experience") is no qualifier.
_QUALIFIERS = frozenset(
    "relevant related selected select key core top additional other recent previous prior notable professional "
    "technical teaching performance research academic industry engineering computer software hardware product "
    "management leadership consulting clinical military volunteer community sales marketing design data "
    "business work career international startup entrepreneurial creative writing analytical soft hard "
    "transferable functional university college school course class capstone personal independent freelance side "
    "graduate undergraduate student".split()
)


def parse_date(text: str) -> str | None:
    """'Mar 2021' -> '2021-03', '03/2021' -> '2021-03', '2021' -> '2021', 'Present' -> 'present'."""
    t = text.strip().lower().rstrip(".")
    if re.fullmatch(_PRESENT_RE, t):
        return "present"
    m = re.fullmatch(rf"({_MONTH_RE})\s*,?\s*((?:19|20)\d{{2}})", t)
    if m:
        key = m.group(1).rstrip(".")
        month = MONTHS.get(key) or MONTHS.get(key[:3])
        return f"{m.group(2)}-{month:02d}" if month else m.group(2)
    m = re.fullmatch(r"(0?[1-9]|1[0-2])\s*[/.-]\s*((?:19|20)\d{2})", t)
    if m:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"((?:19|20)\d{2})\s*[/.-]\s*(0?[1-9]|1[0-2])", t)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = re.fullmatch(r"(?:19|20)\d{2}", t)
    return m.group(0) if m else None


def find_date_range(text: str) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """The first date range (or single date) in text: (start, end, span)."""
    if "19" not in text and "20" not in text:  # every date has a year 19xx / 20xx
        return None, None, None
    m = DATE_RANGE_RE.search(text)
    if not m:
        return None, None, None
    if m.group("single"):
        return parse_date(m.group("single")), None, m.span()
    return parse_date(m.group("start")), parse_date(m.group("end")), m.span()


_TENURE = r"\d+\s+(?:years?|yrs?|months?|mos?)(?:,?\s+\d+\s+(?:months?|mos?))?"
TENURE_LINE_RE = re.compile(rf"^\(?{_TENURE}\)?$", re.I)  # "4 years 3 months": a company's total tenure
_TENURE_RE = re.compile(rf"\(\s*{_TENURE}\s*\)|^\s*{_TENURE}\s*$", re.I)
_PLACE_LINE_RE = re.compile(rf"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}, [A-Z][a-z]+(?: [A-Z][a-z]+)?, (?:{_COUNTRIES})$")


def parse_entry_header(lines: list[str], section_kind: str) -> Entry:
    """Title, organisation, dates and location from an entry's header lines (durations such as
    "(2 years 1 month)" are left out)."""
    header = " | ".join(re.sub(r"\s{3,}", " | ", ln.strip()) for ln in lines)
    entry = Entry(header=header)
    rest_parts: list[str] = []
    for line in lines:
        line = _TENURE_RE.sub(" ", line)
        if entry.location is None and _PLACE_LINE_RE.match(line.strip()):
            entry.location = line.strip()  # "Portland, Oregon, United States" on a line of its own
            continue
        start, end, span = find_date_range(line)
        if span and entry.start is None and entry.end is None:
            entry.start, entry.end = start, end
            line = line[: span[0]] + "  " + line[span[1] :]
        for loc in reversed(list(LOCATION_RE.finditer(line))):
            entry.location = loc.group(0).strip("()")  # the first one wins (reversed walk)
            line = line[: loc.start()] + "   " + line[loc.end() :]
        rest_parts.append(_LINE_ENDS_RE.sub("", _EMPTY_BRACKETS_RE.sub(" ", line)))  # "Manager (L7)" keeps its bracket
    remaining: list[str] = []
    for part in rest_parts:
        for piece in SEPARATORS_RE.split(part):
            piece = _strip_field(piece)
            if piece and find_date_range(piece)[2] is None:
                remaining.append(piece)
    if not remaining:
        return entry
    role_idx = next((i for i, p in enumerate(remaining) if _is_role(p)), None)
    if role_idx is None:
        entry.organisation = remaining[0]
        if len(remaining) > 1:
            entry.title = remaining[1]
    else:
        entry.title = remaining[role_idx]
        others = [p for i, p in enumerate(remaining) if i != role_idx and not _is_role(p)]
        others = others or [p for i, p in enumerate(remaining) if i != role_idx]
        if others:
            entry.organisation = others[0]
        elif (cut := _last_open_comma(entry.title)) >= 0:
            # "Product Manager, Acme AI" with no other field: the part after the last comma is the employer
            head, tail = entry.title[:cut], entry.title[cut + 1:]
            if _is_role(head) and not _is_role(tail):
                org, paren, place = tail.partition("(")
                entry.title, entry.organisation = head.strip(), org.strip()
                if paren and entry.location is None:  # "Acme Ltd (Oslo)"
                    entry.location = place.partition(")")[0].strip() or None
    if section_kind == "projects" and entry.title is None:
        entry.title, entry.organisation = entry.organisation, None
    return entry


_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)")  # what was left of "(2019 – 2021)" once the dates are taken
_LINE_ENDS_RE = re.compile(r"^[\s,|–—:)-]+|[\s,|–—:(-]+$")


def _last_open_comma(text: str) -> int:
    """Index of the last comma outside brackets ("Acme (Oslo, Norway)" keeps its place whole), or -1."""
    depth, found = 0, -1
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            found = i
    return found


def _strip_field(piece: str) -> str:
    """Trim separators and unbalanced brackets from a header field."""
    piece = piece.strip(" ,|–—-·•:")
    while piece.endswith(")") and piece.count(")") > piece.count("("):
        piece = piece[:-1].rstrip()
    while piece.startswith("(") and piece.count("(") > piece.count(")"):
        piece = piece[1:].lstrip()
    if piece.startswith("(") and piece.endswith(")") and piece.count("(") == 1:
        piece = piece[1:-1].strip()
    return piece.strip(" ,|–—-·•")


def _is_role(piece: str) -> bool:
    """Whether a header field names a role or degree (contains a role word)."""
    return any(w.strip(",()") in ROLE_WORDS or w.strip(".,()") in ROLE_WORDS for w in piece.lower().split())


_WORK_LIST_RE = re.compile(r"(?:key\s+)?(?:responsibilities|achievements|accomplishments|duties)\s*:\s*", re.I)


def split_role_text(text: str) -> list[str]:
    """A role's prose as items: its sentences; after a 'Responsibilities:' / 'Key achievements:' label
    (dropped) also the comma-joined items that each start with a capital ("Coding X, Hiring Y")."""
    label = _WORK_LIST_RE.match(text)
    if not label:
        return split_sentences(text)
    out: list[str] = []
    for sentence in split_sentences(text[label.end():]):
        out.extend(_split_capital_list(sentence))
    return out


def _split_capital_list(text: str) -> list[str]:
    """Split at ', ' + a capitalised word outside brackets: 'Coding, Hiring staff, Support (C, SQL)'."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([{«":
            depth += 1
        elif ch in ")]}»":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0 and re.match(r",\s+[A-Z][a-z]+\b", text[i:]):
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences without breaking "e.g." or "3.5"."""
    parts: list[str] = []
    buf = ""
    for piece in _SENTENCE_SPLIT_RE.split(text.strip()):
        buf = f"{buf} {piece}".strip() if buf else piece
        if not _ABBREV_END_RE.search(buf):
            parts.append(buf)
            buf = ""
    if buf:
        parts.append(buf)
    return [p for p in parts if p]


_TOOLS_LINE_RE = re.compile(
    r"(?:tools|tech(?:nologies|nology)?|tech stack|stack|skills|languages|frameworks|environment)\s*(?:used)?\s*:", re.I)
_HONOUR_RE = re.compile(r"\b(?:awards?|honou?rs?|achievements?|certifications?|certificates?|licen[cs]es?|prizes?|"
                        r"scholarships?|recognition)\b", re.I)
_PUBLICATION_RE = re.compile(r"\b(?:publications?|papers?|patents?|talks?|presentations?)\b", re.I)


def section_item_type(section: Section) -> str | None:
    """The item type a section's layout decides: skills, honours, publications; None elsewhere."""
    if section.kind == "skills":
        return "skill"
    if section.kind != "other":
        return None
    if _PUBLICATION_RE.search(section.title):
        return "publication"
    if _HONOUR_RE.search(section.title):
        return "honour"
    return None


_LEADING_DATES_RE = re.compile(rf"\(?(?:{DATE_RANGE_RE.pattern})\)?\s*(?::|–|—|-|\|)", re.I)


def _is_dated_header(text: str) -> bool:
    """A short line that opens with a date range and a separator: a role header, even with a bullet mark."""
    return len(text.split()) <= 16 and bool(_LEADING_DATES_RE.match(text)) and not is_prose(text, min_words=3)


_WORK_LABEL_RE = re.compile(r"responsib|achiev|dut(?:y|ies)|result|accomplish|task|project|impact|highlight", re.I)


def _dated_role_line(text: str, max_words: int = 10) -> tuple[str, str] | None:
    """'QA Engineer, Contoso, Seattle, WA (Jun 2018 - Feb 2021) Leads QA.' -> (header, following text)."""
    start, end, span = find_date_range(text)
    if span is None or end is None:
        return None
    cut = span[1] + (1 if text[span[1]:span[1] + 1] == ")" else 0)
    head, rest = text[:cut].strip(), text[cut:].strip()
    before = text[: span[0]].strip(" (|,–—-")
    if not before or len(before.split()) > max_words or not _is_role(before) or ". " in before:
        return None
    return head, rest


def _is_role_line(text: str) -> bool:
    """'Staff Engineer, Globex Systems LLC': a short role-and-employer line, no sentence."""
    return len(text.split()) <= 8 and _is_role(text) and not text.rstrip().endswith((".", ";", ":"))


def is_skills_row(text: str) -> bool:
    """'Databases: PostgreSQL, MySQL, Redis': a short label, a colon, then a list of short names."""
    label, sep, rest = text.partition(":")
    if not sep or not 1 <= len(label.split()) <= 4 or not rest.strip() or _WORK_LABEL_RE.search(label):
        return False
    pieces = [p for p in re.split(r"\s*[,;/|]\s*", rest.strip().rstrip(".")) if p]
    return len(pieces) >= 2 and sum(len(p.split()) for p in pieces) / len(pieces) <= 3 and ". " not in rest


def is_prose(text: str, min_words: int = 8) -> bool:
    """A run of the author's sentences (ends with sentence punctuation), not a label, header or list."""
    words = text.split()
    return (len(words) >= min_words and text.rstrip(" )\"'”").endswith((".", "!", "?"))
            and "@" not in text and not text.endswith(":"))


def looks_like_name(text: str, *, single: bool = False) -> bool:
    """A person's name: two to four capitalised words (one when `single`: a mononym set as the title),
    no digits or contact marks, no heading, no job title ("Product Designer" is a tagline)."""
    words = text.split()
    return (
        (1 if single else 2) <= len(words) <= 4
        and not any(ch.isdigit() or ch in "@/:|" for ch in text)
        and all(w[:1].isupper() for w in words if w[:1].isalpha())
        and (len(words) > 1 or (text.isalpha() and len(text) >= 2 and text.lower() not in _NOT_NAMES))
        and match_heading(text) is None
        and not any(w.lower().strip(",") in _JOB_WORDS for w in words)
    )


_NOT_NAMES = frozenset({"resume", "résumé", "cv", "portfolio", "vitae", "profile", "contact"})
# Role words that are job titles, not degree abbreviations ("Ma", "Md" are also surnames)
_JOB_WORDS = frozenset(w for w in ROLE_WORDS if len(w) > 3 and "." not in w and not w.startswith(("bachelor", "master")))


def detect_language(texts: list[str]) -> str:
    """'en' when the text reads as English, else 'unknown' (CJK-heavy text -> 'zh'/'ja'/'ko'-agnostic)."""
    joined = " ".join(texts)
    if not joined.strip():
        return "unknown"
    cjk = len(_CJK_RE.findall(joined))
    if cjk:  # letters matter only for the CJK share
        letters = sum(1 for ch in joined if ch.isalpha())
        if letters and cjk / letters > 0.2:
            return "cjk"
    words = _LATIN_WORD_RE.findall(joined.lower())
    if len(words) < 20:
        return "en" if words else "unknown"
    ratio = sum(1 for w in words if w in _EN_STOPWORDS) / len(words)
    return "en" if ratio >= 0.04 else "unknown"


_CJK_RE = re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_LATIN_WORD_RE = re.compile(r"[a-zA-Z']+")


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.section: Section | None = None
        self.entry: Entry | None = None
        self.header_lines: list[str] = []
        self.header_page: int | None = None
        self.last_was_item = False
        self.kind_counts: dict[str, int] = {}
        self.company: str | None = None  # a company heading several roles (LinkedIn's grouping)

    # -- sections -------------------------------------------------------------------------------
    def open_section(self, kind: str, title: str, page: int | None) -> None:
        self.flush_header()
        self.section = Section(kind=kind, title=title, page=page)
        self.doc.sections.append(self.section)
        self.entry = None
        self.company = None
        self.last_was_item = False

    def resume(self, section: Section | None, entry: Entry | None) -> None:
        """Go on with a section (and entry) opened earlier: a column continued on the next page."""
        if section is None or section is self.section:
            return
        self.flush_header()
        self.section, self.entry = section, entry
        self.last_was_item = entry is not None and bool(entry.items)

    def ensure_section(self, page: int | None) -> Section:
        if self.section is None:
            self.open_section("contact", "", page)
        assert self.section is not None
        return self.section

    def section_is_empty(self) -> bool:
        """No item, entry or pending header yet: a heading here opens the first entry, not a section."""
        s = self.section
        return s is not None and not s.items and not s.entries and not self.header_lines

    # -- entries --------------------------------------------------------------------------------
    def flush_header(self) -> None:
        if not self.header_lines or self.section is None:
            self.header_lines = []
            return
        section = self.section
        if self.entry is not None and not self.entry.items and section.entries and section.entries[-1] is self.entry:
            # header lines split by a blank line ("Title — Org", blank, "2021 – Present"): one entry
            lines = self.entry.header_lines + self.header_lines
            page = self.entry.page
            section.entries.pop()
        else:
            lines, page = self.header_lines, self.header_page
        tenure = [i for i, ln in enumerate(lines) if TENURE_LINE_RE.match(ln.strip())]
        if tenure:
            # "Company" / "4 years 3 months" / title / dates: the company heads several roles
            self.company = lines[0] if tenure[0] == 1 else None
            lines = [ln for i, ln in enumerate(lines) if i not in tenure]
        entry = parse_entry_header(lines, section.kind)
        if not tenure and self.company and entry.organisation is None and entry.title:
            lines = [self.company, *lines]  # the next title under the same company
            entry = parse_entry_header(lines, section.kind)
        elif not tenure:
            self.company = None
        entry.page = page
        entry.header_lines = lines
        section.entries.append(entry)
        self.entry = entry
        self.header_lines = []
        self.header_page = None

    def add_header_line(self, text: str, page: int | None) -> None:
        if self.last_was_item:
            self.entry = None
        if not self.header_lines:
            self.header_page = page
        self.header_lines.append(text)
        self.last_was_item = False

    def dates_only_header(self) -> bool:
        """Pending header lines that hold only dates ("Mar 2021 - Present"), waiting for the role."""
        return bool(self.header_lines) and all(
            (span := find_date_range(ln)[2]) is not None and not _strip_field(ln[: span[0]] + ln[span[1]:])
            for ln in self.header_lines)

    def in_entry(self) -> bool:
        """Whether an entry is open (or its header lines are pending)."""
        return self.entry is not None or bool(self.header_lines)

    # -- items ----------------------------------------------------------------------------------
    def add_item(self, kind: str, text: str, block: Block, item_type: str | None = None) -> None:
        section = self.ensure_section(block.page)
        self.flush_header()
        item = Item(
            id="", kind=kind, text=text, section=section.title, section_kind=section.kind,
            page=block.page, box=block.box, line=block.line, type=item_type or section_item_type(section),
        )
        if self.entry is not None and section.kind in ENTRY_SECTIONS:
            self.entry.items.append(item)
        else:
            section.items.append(item)
        self.last_was_item = True


def _is_stack_line(text: str) -> bool:
    """'React, Next.js, TypeScript, Tailwind CSS': three or more short names in a list, no place, date,
    role or sentence."""
    pieces = [p.strip() for p in re.split(r"\s*[,;|·•]\s*", text.strip()) if p.strip()]
    return (len(pieces) >= 3 and all(len(p.split()) <= 3 for p in pieces)
            and sum(p[:1].isupper() or p[:1].isdigit() for p in pieces) * 2 >= len(pieces)
            and not text.rstrip().endswith(".") and not any(_is_role(p) for p in pieces)
            and LOCATION_RE.search(text) is None and find_date_range(text)[2] is None)


def _is_entry_line(block: Block, section_kind: str) -> bool:
    """A non-bullet line in an entry section that reads as a header rather than content."""
    text = block.text.strip()
    words = text.split()
    if block.kind == "heading":
        return True
    if find_date_range(text)[2] is not None and len(words) <= 16:
        return True
    if len(words) > 12 or text.endswith((";", ":")):
        return False
    if text[:1].islower():  # a wrapped continuation of the line above
        return False
    if len(words) >= 5 and opens_claim(text) and not SEPARATORS_RE.search(text):
        return False  # "Built an event pipeline for ..." with no final stop: a claim, not a header
    return not (text.endswith((".", "!", "?")) and len(words) >= 3 and not _COMPANY_SUFFIX_RE.search(text))


_COMPANY_SUFFIX_RE = re.compile(r"\b(?:inc|ltd|llc|corp|co|plc|gmbh|s\.a|n\.v)\.$", re.I)


def _section_levels(blocks: list[Block]) -> tuple[set[int], list[float], bool]:
    """Layout signature of lexicon-matched headings: explicit levels, sizes, all-caps style. Where the
    headings are set in capitals, a title-case one in smaller type is a sub-heading ("Leadership" over
    a paragraph under STRENGTHS) and leaves the signature alone."""
    matched = [b for b in blocks if b.kind == "heading" and match_heading(b.text)]
    caps_sizes = [b.size for b in matched if b.text.isupper() and b.size]
    if len(caps_sizes) >= 2:
        matched = [b for b in matched if not _sub_heading(b, caps_sizes)]
    levels = {b.heading_level for b in matched if b.heading_level}
    sizes = [b.size for b in matched if b.size]
    caps = [b.text.isupper() for b in matched]
    return levels, sizes, bool(caps) and all(caps)


def _is_label(text: str) -> bool:
    """A few words with no final stop: a label, not a sentence."""
    return len(text.split()) <= HEADING_MAX_WORDS and not text.rstrip().endswith((".", "!", "?"))


def _sub_heading(block: Block, caps_sizes: list[float]) -> bool:
    """A styled title-case line in smaller type than every heading set in capitals."""
    return (block.kind == "heading" and not block.text.isupper() and not block.heading_level
            and bool(block.size) and block.size < min(caps_sizes) - 0.5)


_GAP_RE = re.compile(r"[ \t]{3,}|\t")
_WHITE_RE = re.compile(r"\s+")


def build(blocks: list[Block], doc: Document) -> None:
    """Fill doc.sections (and doc.name, doc.language, warnings) from blocks in reading order."""
    blocks = split_rail_headings([b for b in blocks if b.kind == "blank" or b.text.strip()])
    levels, sizes, caps_style = _section_levels(blocks)
    matched_any = False
    name_size = max((b.size for b in blocks if b.page in (None, 1) and b.size), default=0.0)
    builder = _Builder(doc)
    blocks = join_continuations(blocks)
    where: tuple[int | None, int] | None = None  # (page, column) of the block before
    column_state: dict[int, tuple[Section | None, Entry | None]] = {}
    for index, block in enumerate(blocks):
        if block.kind != "blank" and block.page is not None and (block.page, block.column) != where:
            if where is not None:
                column_state[where[1]] = (builder.section, builder.entry)
                if (block.page != where[0] and block.column != where[1] and block.column in column_state
                        and match_heading(block.text.strip()) is None):
                    builder.resume(*column_state[block.column])  # the column goes on from the page before
            where = (block.page, block.column)
        if block.kind == "blank":
            if builder.section is not None and builder.section.kind in ENTRY_SECTIONS:
                builder.flush_header()  # the entry stays open: bullets may follow after a blank line
            continue
        gapped = _GAP_RE.sub("\ue000", block.text.strip())  # wide gaps separate header fields
        text = _WHITE_RE.sub(" ", gapped.replace("\ue000", " ")).strip()
        match = match_heading(text) if block.kind in ("heading", "line") else None
        is_heading = False
        if match is not None:
            if block.kind == "heading":
                is_heading = not (caps_style and _sub_heading(block, sizes))
            else:
                # a plain line counts as a heading when it is short, and is a heading-style line
                stripped = text.rstrip(":")
                is_heading = len(stripped.split()) <= 4 and (
                    stripped.isupper() or stripped.istitle() or text.endswith(":") or match.score == 100.0
                ) and not text.endswith(".")
                if (is_heading and caps_style and not stripped.isupper() and builder.header_lines
                        and builder.section is not None and builder.section.kind in ENTRY_SECTIONS):
                    is_heading = False  # "Volunteer" under a role line, where every real heading is in capitals
        elif block.kind == "heading":
            same_level = bool(block.heading_level) and block.heading_level in levels
            same_size = (
                not block.heading_level
                and bool(sizes)
                and block.size >= min(sizes) - 0.5
                and (text.isupper() == caps_style)
            )
            before_first_section = builder.section is None or builder.section.kind == "contact"
            in_entry_section = builder.section is not None and builder.section.kind in ENTRY_SECTIONS
            entry_like = _is_role(text) or find_date_range(text)[2] is not None or bool(SEPARATORS_RE.search(text))
            is_heading = (
                (same_level or same_size)
                and not (before_first_section and (looks_like_name(text) or not matched_any))
                and not (in_entry_section and (entry_like or builder.section_is_empty()))
                and len(text.split()) <= HEADING_MAX_WORDS
            )
        if (is_heading and match is None and doc.name is None and block.kind == "heading" and block.page in (None, 1)
                and block.size and block.size >= name_size and looks_like_name(text)
                and builder.section is not None and builder.section.title):
            # the name in the main column, set in the largest type, after a sidebar's headed sections
            builder.open_section("contact", "", block.page)
            doc.name = text
            builder.add_item("line", text, block)
            continue
        if is_heading:
            kind = match.kind if match else "other"
            if match is None and normalise_heading(text).endswith(" experience"):
                kind = "experience"  # a styled heading naming a kind of experience ("Customer Service Experience")
            elif match is None:
                kind = _listed_kind(text) or kind  # "Programs, Skills, Software"
            if kind == "other" and match is not None and match.entry in _ROLE_HOLDING and _opens_with_roles(blocks, index):
                kind = "experience"  # "Activities" that list dated roles with their bullets
            matched_any = matched_any or match is not None
            builder.open_section(kind, text.rstrip(":").strip(), block.page)
            continue

        section = builder.ensure_section(block.page)
        if section.kind == "contact" and section.title == "" and is_prose(text) and not text.startswith(('"', "“")):
            builder.open_section("summary", "", block.page)  # an unheaded summary under the contact lines
            section = builder.ensure_section(block.page)
        if block.kind != "bullet" and (section.kind == "skills" or _TOOLS_LINE_RE.match(text)):
            builder.add_item("line", text, block, item_type="skill")
        elif section.kind in ENTRY_SECTIONS and block.kind == "bullet" and (
                _is_dated_header(text) or (builder.dates_only_header() and _is_role_line(text))):
            builder.add_header_line(text, block.page)  # "2017 – 2020: Developer, Acme (Berlin)" with a bullet mark
        elif block.kind == "bullet" and is_skills_row(text):
            builder.add_item("bullet", text, block, item_type="skill")
        elif block.kind == "bullet" and section.kind == "summary" and len(sentences := split_sentences(text)) > 1:
            for sentence in sentences:  # a summary is judged sentence by sentence, marked or not
                builder.add_item("summary", sentence, block)
        elif block.kind == "bullet":
            builder.add_item("bullet", text, block)
        elif section.kind == "contact":
            if doc.name is None and (block.kind == "heading" or len(section.items) < 3) and looks_like_name(
                    text, single=block.kind == "heading" and not section.items):
                doc.name = text
            builder.add_item("line", text, block)
        elif section.kind == "summary" and (role := _dated_role_line(text)) is not None:
            builder.open_section("experience", "", block.page)  # roles under a summary with no heading of their own
            builder.add_header_line(role[0], block.page)
            for sentence in split_sentences(role[1]):
                builder.add_item("bullet", sentence, block)
        elif section.kind == "summary" and block.kind == "heading" and _is_label(text):
            builder.add_item("line", text, block)  # a styled sub-heading ("Leadership") labels what follows
        elif section.kind == "summary":
            for sentence in split_sentences(text):
                builder.add_item("summary", sentence, block)
        elif section.kind == "projects" and builder.header_lines and block.kind == "line" and _is_stack_line(text):
            builder.add_item("line", text, block, item_type="skill")  # the project's tools under its name
        elif (section.kind == "experience" and block.kind == "line"
              and (role := _dated_role_line(text, max_words=14)) is not None
              and (is_prose(role[1], min_words=4) or (len(role[1].split()) >= 5 and opens_claim(role[1])))):
            builder.add_header_line(role[0], block.page)  # "Acme, Oslo — Analyst 2018 - 2020 Built the ..."
            for sentence in split_role_text(role[1]):
                builder.add_item("bullet", sentence, block)
        elif section.kind in ENTRY_SECTIONS and _is_entry_line(block, section.kind):
            builder.add_header_line(_WHITE_RE.sub(" ", gapped).replace("\ue000", "   "), block.page)
        elif section.kind in ENTRY_SECTIONS and builder.in_entry() and is_prose(text, min_words=3):
            for sentence in split_role_text(text):  # a role told in prose: one item per sentence
                builder.add_item("bullet", sentence, block)
        elif section.kind in ENTRY_SECTIONS and builder.in_entry() and len(text.split()) >= 5 and opens_claim(text):
            builder.add_item("bullet", text, block)  # an unmarked claim line with no final stop
        else:
            builder.add_item("line", text, block)
    builder.flush_header()
    finalise(doc)
    if not matched_any:
        doc.warn("no resume structure found: no recognised section headings, so items are judged without sections")


# headings whose sections hold either a plain list or roles; roles when the section opens with a dated role
_ROLE_HOLDING = {"activities", "research", "teaching"}


def _opens_with_roles(blocks: list[Block], index: int) -> bool:
    """Whether the section headed at blocks[index] opens with an entry header carrying a date range (on
    one of its first lines, before any bullet) followed by bullets."""
    header_lines = 0
    dated = False
    for block in blocks[index + 1:]:
        if block.kind == "blank":
            continue
        if block.kind == "heading" and match_heading(block.text.strip()) is not None:
            return False
        if block.kind == "bullet":
            return dated
        text = _WHITE_RE.sub(" ", block.text).strip()
        header_lines += 1
        if header_lines > 3 or is_prose(text):
            return False
        dated = dated or (find_date_range(text)[1] is not None and len(text.split()) <= 16)
    return False


def _listed_kind(text: str) -> str | None:
    """The one section kind named among a heading's listed parts ("Programs, Skills, Software" ->
    skills), or None when none or several are named."""
    parts = [p for p in re.split(r"\s*[,&/;+]\s*|\s+and\s+", text.strip(" :")) if p]
    if len(parts) < 2:
        return None
    kinds = {match.kind for p in parts if (match := match_heading(p)) is not None}
    return kinds.pop() if len(kinds) == 1 else None


def split_rail_headings(blocks: list[Block]) -> list[Block]:
    """Headings in a left rail read on one line with their content ("Experience Staff Engineer, Acme
    2021 - 2024"): when no line is a heading on its own, a line opening with a section name (as printed:
    capitalised) is split into that heading and the rest. A label set on two lines beside its content
    ("Technical" over "Skills") is split off wherever it stands."""
    own_line = any(b.kind in ("heading", "line") and len(b.text.split()) <= HEADING_MAX_WORDS
                   and match_heading(b.text) for b in blocks)
    out: list[Block] = []
    for b in blocks:
        split = _rail_head(b)
        if split is None:
            out.append(b)
            continue
        head, rest = split
        if _rail_label_above(out, b, head):
            out.append(replace(b, text=rest, kind="line"))
        elif not own_line:
            out += [replace(b, text=head, kind="heading"), replace(b, text=rest, kind="line")]
        else:
            out.append(b)
    return out


def _rail_head(b: Block) -> tuple[str, str] | None:
    """A line opening with a section name as printed (capitalised) and more after it: (name, rest)."""
    words = b.text.split()
    if b.kind not in ("heading", "line"):
        return None
    for size in (3, 2, 1):
        head = " ".join(words[:size])
        if len(words) > size and _printed_heading(head):
            return head, " ".join(words[size:])
    return None


def _printed_heading(text: str) -> bool:
    """A section name as a heading is printed: capitalised, in title case or capitals."""
    return text[:1].isupper() and (text.istitle() or text.isupper()) and normalise_heading(text) in heading_lexicon()


def _rail_label_above(out: list[Block], b: Block, head: str) -> bool:
    """A rail label set on two lines ("Technical" over "Skills"): when the nearest line above that
    starts at the same left edge, at most two lines up, opens with words that make a section name with
    ``head``, that line is split and the whole label becomes the heading before it. Returns whether it
    did so."""
    if b.box is None or b.page is None:
        return False
    for i in range(len(out) - 1, max(len(out) - 3, -1), -1):
        above = out[i]
        if above.box is None or above.page != b.page or above.kind != "line":
            return False
        if b.box.top - above.box.top > 3 * max(b.size, 1.0):
            return False
        if abs(above.box.x0 - b.box.x0) > 1.0:
            continue
        words = above.text.split()
        for size in (2, 1):
            label = " ".join(words[:size] + [head])
            if len(words) > size and _printed_heading(label):
                out[i:i + 1] = [replace(above, text=label, kind="heading"),
                                replace(above, text=" ".join(words[size:]), kind="line")]
                return True
        return False
    return False


_OPEN_END_RE = re.compile(r"[^.!?:;]$")


def join_continuations(blocks: list[Block]) -> list[Block]:
    """Join a line that starts in lower case to the line or bullet before it when that one stops
    mid-sentence: a paragraph cut by a column or page break, a wrapped line read on its own."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        text = block.text.strip()
        if (prev is not None and block.kind == "line" and prev.kind in ("line", "bullet") and text[:1].islower()
                and not _MIXED_CASE_START_RE.match(text) and not _ADDRESS_START_RE.match(text)
                and _OPEN_END_RE.search(prev.text.strip())
                and len(prev.text.split()) >= 4):
            out[-1] = replace(prev, text=f"{prev.text.rstrip()} {text}")
            continue
        out.append(block)
    return out


_MIXED_CASE_START_RE = re.compile(r"[a-z][\w.-]*[A-Z]")  # iOS, eBay: the word's own spelling
# a web or mail address opening the line ("www.example.com", "jo@example.com", "github.com/jo"): its own line
_ADDRESS_START_RE = re.compile(r"(?:https?://|www\.|[\w.+-]+@[\w-]+\.|[\w-]+\.(?:com|org|net|io|dev|me|ai|co)\b)", re.I)


def assign_ids(doc: Document) -> None:
    """Stable ids: '<section kind>-<entry no>-<item no>' (entry 0 = not under an entry)."""
    seen: dict[str, int] = {}
    for section in doc.sections:
        seen[section.kind] = seen.get(section.kind, 0) + 1
        prefix = section.kind if seen[section.kind] == 1 else f"{section.kind}{seen[section.kind]}"
        for n, item in enumerate(section.items, 1):
            item.id = f"{prefix}-0-{n}"
        for e, entry in enumerate(section.entries, 1):
            for n, item in enumerate(entry.items, 1):
                item.id = f"{prefix}-{e}-{n}"


def finalise(doc: Document) -> None:
    """Ids, language and empty-document warnings; shared by every parser including JSON Resume."""
    if doc.kind != "transcript":  # transcript answers carry their own ids (answer-N)
        assign_ids(doc)
        mark_reading(doc)
    texts = [i.text for i in doc.items()]
    doc.language = detect_language(texts)
    if doc.language != "en" and texts:
        doc.warn("the document does not read as English; critic's rules are written for English text, so review does not judge it")
    if not texts:
        doc.warn("no text items found")
