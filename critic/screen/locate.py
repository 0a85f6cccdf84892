"""Find the six data points of TheLadders' eye-tracking study on a sheet.

name, current title and company, current start/end dates, previous title and company, previous
dates, education. Each is located in the document model (sections -> entries) and tied to the
visual lines that show it, so the reading model can say whether the glance reaches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from critic.model import Box, Document
from critic.parse.structure import ROLE_WORDS, SEPARATORS_RE, find_date_range
from critic.screen.roles import Role, current_and_previous, rank_roles, read_education, read_roles
from critic.screen.sheet import ScreenLine, Sheet, count_words, norm

DATA_POINTS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("current_role", "Current title and company"),
    ("current_dates", "Current start and end dates"),
    ("previous_role", "Previous title and company"),
    ("previous_dates", "Previous start and end dates"),
    ("education", "Education"),
)
LABELS = dict(DATA_POINTS)
MAX_HEADER_LINES = 3  # an entry's header is at most this many lines (title, company, dates); more is content
ENTRY_KEYS = ("current_role", "current_dates", "previous_role", "previous_dates", "education")


@dataclass
class Target:
    """Where one data point is, before the reading model says whether the glance reaches it."""

    key: str
    found: bool
    text: str = ""
    page: int | None = None
    lines: list[tuple[int, int]] = field(default_factory=list)  # (uid, words of that line needed)
    complete: bool = True
    note: str = ""  # what is incomplete, or why it is missing

    @property
    def uids(self) -> list[int]:
        return [uid for uid, _ in self.lines]


@dataclass
class Located:
    """The data points plus the entries they came from."""

    targets: dict[str, Target]
    current: tuple[int, int] | None  # (section index, entry index) of the latest role
    previous: tuple[int, int] | None
    education: tuple[int, int] | None
    roles: list[tuple[int, int]]  # all experience entries, most recent first
    hunt: list[int]  # uids the hunt reads: every header line of the three entries above
    current_bullets: list[int]  # uids of the latest role's bullet lines, in order
    current_role_lines: list[int] = field(default_factory=list)  # uids of the latest role's header lines
    titles: list[str] = field(default_factory=list)  # current then previous job title, as printed


def order_roles(doc: Document) -> list[tuple[int, int]]:
    """Experience entries, most recent first (critic.screen.roles.rank_roles, one key per entry)."""
    return list(dict.fromkeys(r.entry for r in rank_roles(read_roles(doc)) if r.item is None))


def _entry_lines(sheet: Sheet, key: tuple[int, int]) -> list[ScreenLine]:
    return [ln for ln in sheet.lines if ln.role == "entry" and ln.entry == key]


def _fragment_end(line_text: str, fragment: str) -> int | None:
    """Words of line_text up to the end of fragment (matched loosely), or None when absent."""
    if not fragment:
        return None
    low = line_text.lower()
    i = low.find(fragment.lower())
    if i >= 0:
        return count_words(line_text[: i + len(fragment)])
    if norm(fragment) and norm(fragment) in norm(line_text):
        # fall back on word positions of the normalised texts
        words = norm(line_text).split()
        frag = norm(fragment).split()
        for j in range(len(words) - len(frag) + 1):
            if words[j: j + len(frag)] == frag:
                return j + len(frag)
    return None


def _fuzzy_lines(sheet: Sheet, fragments: list[str], page: int | None) -> list[ScreenLine]:
    """Lines that show one of the fragments, when the entry's own header lines were not matched."""
    out = []
    for ln in sheet.lines:
        if page is not None and ln.page != page:
            continue
        if ln.role in ("bullet", "summary", "name"):
            continue
        if any(f and fuzz.partial_ratio(norm(f), norm(ln.text)) >= 92 for f in fragments if len(norm(f)) >= 3):
            out.append(ln)
    return out[:3]


def _role_page(doc: Document, role: Role) -> int | None:
    if role.item is not None:
        return next((i.page for i in doc.items() if i.id == role.item), None)
    return doc.sections[role.entry[0]].entries[role.entry[1]].page


def _role_lines(sheet: Sheet, role: Role, doc: Document) -> list[ScreenLine]:
    """The header lines that show this role (an entry may hold two roles: only the lines with its pieces)."""
    if role.item is not None:
        unit = next((ln.unit for ln in sheet.lines if ln.unit is not None and role.item in
                     sheet.units[ln.unit].item_ids), None)
        return [ln for ln in sheet.lines if unit is not None and ln.unit == unit][:MAX_HEADER_LINES]
    lines = _entry_lines(sheet, role.entry)
    keys = [norm(p) for p in role.pieces if len(norm(p)) >= 2]
    mine = [ln for ln in lines if any(k in norm(ln.text) or (len(norm(ln.text)) >= 4 and norm(ln.text) in k)
                                      for k in keys)]
    if mine:
        return mine[:MAX_HEADER_LINES + 2]  # a title or company may wrap onto a line of its own
    entry = doc.sections[role.entry[0]].entries[role.entry[1]]
    frags = [f for f in (role.title, role.company) if f] or [entry.header]
    return lines[:MAX_HEADER_LINES] or _fuzzy_lines(sheet, frags, entry.page)


def _role_target(key: str, sheet: Sheet, doc: Document, role: Role | None) -> Target:
    if role is None:
        return Target(key, False, note="no role found under an experience heading")
    lines = _role_lines(sheet, role, doc)
    frags = [f for f in (role.title, role.company) if f]
    text = role.text or display_entry(lines)
    page = lines[0].page if lines else _role_page(doc, role)
    need: list[tuple[int, int]] = []
    for ln in lines:
        ends = [e for e in (_fragment_end(ln.text, f) for f in frags) if e is not None]
        if ends:
            need.append((ln.uid, max(ends)))
    if not need and lines:
        need = [(lines[0].uid, lines[0].words)]
    complete = bool(role.title and role.company)
    note = "" if complete else ("no company named" if role.title else "no job title named")
    return Target(key, True, text=text, page=page, lines=need, complete=complete, note=note)


def _has_role_word(text: str) -> bool:
    return any(w.strip(",.()").lower() in ROLE_WORDS for w in text.split())


def _shows_title_and_company(display: str) -> bool:
    """A header that shows a job title next to at least one other name (the company), however it is split.

    A second opinion on the structure builder's title/company split, which varies with separators.
    """
    pieces = [_strip_place(p.strip(" ,|·–—-()")) for p in display.split(" · ")]
    pieces = [q.strip(" ,|·–—-()") for p in pieces for q in SEPARATORS_RE.split(p)]
    pieces = [p for p in pieces if p and any(c.isalpha() for c in p)]
    if len(pieces) < 2:
        return False
    def role_like(p: str) -> bool:
        return any(w.strip(",.()").lower() in ROLE_WORDS for w in p.split())
    return any(role_like(p) for p in pieces) and any(not role_like(p) for p in pieces)


_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
_PLACE_END_RE = re.compile(
    r"(?:^|(?<=[\s,·|–—-]))(?:[A-Z][a-z]+\s)?[A-Z][a-z]+,\s*(?P<code>[A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*$"
)


def _strip_place(text: str) -> str:
    """Drop a trailing "City, ST" (a real US state code) or "City, Country"; keep "Product Manager, AI"."""
    m = _PLACE_END_RE.search(text.strip())
    if m is None:
        return text
    code = m.group("code")
    if len(code) == 2 and code not in _US_STATES:
        return text
    if {w.strip(",.").lower() for w in m.group(0).rsplit(",", 1)[0].split()} & ROLE_WORDS:
        return text
    return text.strip()[: m.start()]


def display_entry(lines: list[ScreenLine]) -> str:
    """An entry as shown: its header lines without the dates, joined with " · "."""
    parts = []
    for ln in lines:
        text = ln.text
        _, _, span = find_date_range(text)
        if span is not None:
            text = text[: span[0]] + "  " + text[span[1]:]
        text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)  # brackets the dates stood in
        text = " ".join(text.split()).strip(" ,|·–—-")
        if text and not any(norm(text) in norm(p) for p in parts):  # a wrapped line shown twice
            parts.append(text)
    return " · ".join(parts)


def _dates_target(key: str, sheet: Sheet, doc: Document, role: Role | None) -> Target:
    if role is None:
        return Target(key, False, note="no role found")
    if not (role.start or role.end):
        return Target(key, False, note="the role has no dates")
    lines = _role_lines(sheet, role, doc)
    need: list[tuple[int, int]] = []
    shown = ""
    for ln in lines:
        start, end, span = find_date_range(ln.text)
        if span is not None:
            need.append((ln.uid, count_words(ln.text[: span[1]])))
            if (start, end) == (role.start, role.end) or not role.dates:
                shown = ln.text[span[0]: span[1]].strip()
            break
    complete = bool(role.start and role.end)
    text = shown or role.dates or " – ".join(d for d in (role.start, role.end) if d)
    note = "" if complete else "only one date: a reader cannot tell how long the role lasted"
    page = lines[0].page if lines else _role_page(doc, role)
    return Target(key, True, text=text, page=page, lines=need, complete=complete, note=note)


def _education(doc: Document) -> tuple[tuple[int, int] | None, int | None]:
    """(section, entry) of the first education entry, or (section, None) when the section has only items."""
    for si, s in enumerate(doc.sections):
        if s.kind != "education":
            continue
        for ei, e in enumerate(s.entries):
            if e.title or e.organisation or e.header:
                return (si, ei), si
        if s.items:
            return None, si
    return None, None


def _education_target(sheet: Sheet, doc: Document) -> tuple[Target, tuple[int, int] | None, list[int]]:
    ek, si = _education(doc)
    if si is None:
        return Target("education", False, note="no education section found"), None, []
    edu = read_education(doc)
    if edu is not None:
        section = doc.sections[edu.entry[0]]
        entry_page = section.entries[edu.entry[1]].page if edu.entry[1] >= 0 else section.items[0].page
        edu_key = edu.entry if edu.entry[1] >= 0 else None
        frags = [f for f in (edu.degree, edu.school) if f]
        pool = [ln for ln in sheet.lines if ln.section == edu.entry[0] and ln.role not in ("heading", "name")]
        lines = [ln for ln in pool if any(_fragment_end(ln.text, f) is not None or
                                          (len(norm(ln.text)) >= 4 and norm(ln.text) in norm(f)) for f in frags)]
        if not lines:
            lines = _fuzzy_lines(sheet, frags, entry_page)
        need = []
        for ln in lines[:MAX_HEADER_LINES]:
            ends = [e for e in (_fragment_end(ln.text, f) for f in frags) if e is not None]
            need.append((ln.uid, max(ends) if ends else ln.words))
        page = lines[0].page if lines else entry_page
        return (Target("education", True, text=edu.text, page=page, lines=need), edu_key,
                [ln.uid for ln in lines[:MAX_HEADER_LINES]])
    if ek is not None:
        entry = doc.sections[ek[0]].entries[ek[1]]
        lines = _entry_lines(sheet, ek)
        frags = [f for f in (entry.title, entry.organisation) if f]
        if not lines:
            lines = _fuzzy_lines(sheet, frags or [entry.header], entry.page)
        text = display_entry(lines[:2]) or " — ".join(frags) or entry.header
        need = []
        for ln in lines:
            ends = [e for e in (_fragment_end(ln.text, f) for f in frags) if e is not None]
            need.append((ln.uid, max(ends) if ends else ln.words))
        hunt = [ln.uid for ln in lines[:MAX_HEADER_LINES]]
        page = lines[0].page if lines else entry.page
        return Target("education", True, text=text, page=page, lines=need[:2]), ek, hunt
    # a section of plain lines: its first line is the degree or school
    first = next((ln for ln in sheet.lines if ln.section == si and ln.role != "heading"), None)
    item = doc.sections[si].items[0]
    if first is None:
        return Target("education", True, text=item.text, page=item.page), None, []
    return Target("education", True, text=first.text, page=first.page, lines=[(first.uid, first.words)]), None, [first.uid]


def locate(doc: Document, sheet: Sheet) -> Located:
    """The six data points of a document on its sheet."""
    all_roles = read_roles(doc)
    cur_role, prev_role = current_and_previous(all_roles)
    roles = list(dict.fromkeys(r.entry for r in rank_roles(all_roles) if r.item is None))
    current = cur_role.entry if cur_role and cur_role.item is None else None
    previous = prev_role.entry if prev_role and prev_role.item is None else None
    targets: dict[str, Target] = {}
    name_line = next((ln for ln in sheet.lines if ln.role == "name"), None)
    if name_line is not None:
        text = sheet.name_text or name_line.text
        end = _fragment_end(name_line.text, text) or name_line.words
        targets["name"] = Target("name", True, text=text, page=name_line.page, lines=[(name_line.uid, end)])
    else:
        targets["name"] = Target("name", False, note="no name line found at the top of page 1")
    targets["current_role"] = _role_target("current_role", sheet, doc, cur_role)
    targets["current_dates"] = _dates_target("current_dates", sheet, doc, cur_role)
    if previous is None and current is not None:
        targets["previous_role"] = Target("previous_role", False, note="only one role listed")
        targets["previous_dates"] = Target("previous_dates", False, note="only one role listed")
    else:
        targets["previous_role"] = _role_target("previous_role", sheet, doc, prev_role)
        targets["previous_dates"] = _dates_target("previous_dates", sheet, doc, prev_role)
    edu, edu_key, edu_hunt = _education_target(sheet, doc)
    targets["education"] = edu
    hunt: list[int] = []
    for r in (cur_role, prev_role):
        if r is not None:
            hunt.extend(ln.uid for ln in _role_lines(sheet, r, doc))
    for t in targets.values():
        if t.key != "name":
            hunt.extend(uid for uid in t.uids if uid not in hunt)
    hunt.extend(uid for uid in edu_hunt if uid not in hunt)
    bullets: list[int] = []
    if current is not None:
        bullets = [ln.uid for ln in sheet.lines if ln.entry == current and ln.role in ("bullet", "summary", "text")]
    role_lines = [ln.uid for ln in _role_lines(sheet, cur_role, doc)] if cur_role is not None else []
    titles = [r.title for r in (cur_role, prev_role) if r is not None and r.title]
    return Located(targets=targets, current=current, previous=previous, education=edu_key, roles=roles,
                   hunt=list(dict.fromkeys(hunt)), current_bullets=bullets, current_role_lines=role_lines,
                   titles=titles)


def union_box(boxes: list[Box]) -> Box | None:
    """The rectangle around boxes (None for none)."""
    if not boxes:
        return None
    return Box(min(b.x0 for b in boxes), min(b.top for b in boxes), max(b.x1 for b in boxes),
               max(b.bottom for b in boxes))
