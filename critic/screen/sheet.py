"""The laid-out page a recruiter looks at: visual lines with a role each, in scan order.

For a PDF the lines come from the parser's layout (``Document.pages``) and are matched back to the
document model (name, section headings, entry headers, items). Formats without a page layout (DOCX,
text, Markdown, JSON Resume) are typeset on a virtual US Letter page from reading order (see
``simulate``): the approximation is documented in docs/screen-model.md.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field, replace

from critic.model import Box, Document, Entry, Item, Page, Section
from critic.parse.structure import find_date_range

ROLES = ("name", "headline", "contact", "heading", "entry", "bullet", "summary", "text")
REGIONS = ("band", "main", "side")

# Virtual page for formats without a layout: US Letter in points, 0.75 in margins.
PAGE_W, PAGE_H, MARGIN = 612.0, 792.0, 54.0
BODY_CHARS = 95  # characters per body line at 10 pt in a proportional font, about 5 pt a character
BULLET_CHARS = 90  # bullets are indented
SIM_METRICS: dict[str, tuple[float, float, bool]] = {  # role -> (font size, line height, bold)
    "name": (20.0, 26.0, True),
    "headline": (11.0, 14.0, False),
    "contact": (9.5, 12.5, False),
    "heading": (12.0, 16.0, True),
    "entry": (10.5, 13.5, True),
    "bullet": (10.0, 12.5, False),
    "summary": (10.0, 12.5, False),
    "text": (10.0, 12.5, False),
}
SPACE_BEFORE = {"heading": 8.0, "entry": 4.0}

_CONTACT_RE = re.compile(
    r"@|https?://|www\.|linkedin|github\.com|\+?\d[\d\s().-]{7,}\d|\b\w+\.(?:com|io|dev|me|org|net)\b", re.I
)


def norm(text: str) -> str:
    """Comparable form of a text: NFKC, lower case, letters and digits only, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def count_words(text: str) -> int:
    """Words a reader has to take in: whitespace tokens with a letter or digit (no lone dashes or pipes)."""
    return sum(1 for t in text.split() if any(c.isalnum() for c in t))


def looks_like_contact(text: str) -> bool:
    """An email, phone number, URL or profile link line."""
    return bool(_CONTACT_RE.search(text))


@dataclass
class ScreenLine:
    """One visual line with what it is for the reader."""

    uid: int  # stable id (index in the sheet as built; edits may add new ones)
    page: int
    text: str
    box: Box | None
    size: float = 0.0
    bold: bool = False
    region: str = "main"  # band (full-width top of page 1) | main | side (a narrower column)
    role: str = "text"
    section: int | None = None  # index into Document.sections
    section_kind: str = ""
    entry: tuple[int, int] | None = None  # (section index, entry index)
    unit: str | None = None  # the judged unit (item or items sharing a paragraph) this line shows
    unit_offset: int = 0  # words of the unit before this line
    words: int = 0

    def __post_init__(self) -> None:
        if not self.words:
            self.words = count_words(self.text)


@dataclass
class Unit:
    """The text of one item (or of the summary sentences laid out as one paragraph)."""

    id: str
    text: str
    item_ids: list[str]
    kind: str
    section_kind: str
    entry: tuple[int, int] | None
    page: int | None


@dataclass
class Sheet:
    """All visual lines of a document in scan order, plus the page sizes."""

    lines: list[ScreenLine]
    units: dict[str, Unit]
    page_sizes: dict[int, tuple[float, float]]
    simulated: bool
    columns: int = 1
    name_source: str = "document"  # document | layout | none
    name_text: str = ""  # the name as printed, without text sharing its line
    notes: list[str] = field(default_factory=list)

    def page_lines(self, page: int) -> list[ScreenLine]:
        return [ln for ln in self.lines if ln.page == page]

    def by_uid(self) -> dict[int, ScreenLine]:
        return {ln.uid: ln for ln in self.lines}

    def copy(self) -> Sheet:
        return replace(self, lines=[replace(ln) for ln in self.lines], units=dict(self.units),
                       notes=list(self.notes))


def _item_role(item: Item) -> str:
    if item.section_kind == "contact":
        return "contact"
    if item.kind == "bullet":
        return "bullet"
    if item.kind == "summary":
        return "summary"
    return "text"


def _units(doc: Document) -> tuple[dict[str, Unit], dict[str, str]]:
    """Group items into units (summary sentences of one paragraph share a box) -> (units, item id -> unit id)."""
    units: dict[str, Unit] = {}
    item_unit: dict[str, str] = {}
    for si, section in enumerate(doc.sections):
        groups: list[tuple[tuple[int, int] | None, list[Item]]] = [(None, list(section.items))]
        groups += [((si, ei), list(e.items)) for ei, e in enumerate(section.entries)]
        for entry_key, items in groups:
            prev: Item | None = None
            for item in items:
                same_para = (
                    prev is not None and item.kind == "summary" and prev.kind == "summary"
                    and item.box is not None and prev.box is not None and item.page == prev.page
                    and item.box.to_dict() == prev.box.to_dict()
                )
                if same_para and prev is not None:
                    unit = units[item_unit[prev.id]]
                    unit.text = f"{unit.text} {item.text}"
                    unit.item_ids.append(item.id)
                    item_unit[item.id] = unit.id
                else:
                    units[item.id] = Unit(item.id, item.text, [item.id], item.kind, section.kind, entry_key,
                                          item.page)
                    item_unit[item.id] = item.id
                prev = item
    return units, item_unit


def _header_pieces(entry: Entry) -> list[str]:
    return [p.strip() for p in entry.header.split(" | ") if p.strip()]


# ---------------------------------------------------------------------------------------------------
# PDF: match the parser's lines back to the document model
# ---------------------------------------------------------------------------------------------------

def _contains(outer: Box, inner: Box, tol: float = 1.5) -> bool:
    cx = (inner.x0 + inner.x1) / 2
    cy = (inner.top + inner.bottom) / 2
    return outer.x0 - tol <= cx <= outer.x1 + tol and outer.top - tol <= cy <= outer.bottom + tol


def _regions(page: Page, heading_tops: list[float]) -> dict[int, str]:
    """Line index -> band | main | side for one page, from the parser's column numbers and the line boxes.

    The band is the full-width top of the page: every line above the first section heading (or, with no
    heading, above the first line of the right-hand column). Below it, the wider column is the main one
    and the other a side column; two columns of about equal width are both main.
    """
    lines = page.lines
    out = {i: "main" for i in range(len(lines))}
    cols = sorted({ln.column for ln in lines})
    if page.columns < 2 or len(cols) < 2:
        return out
    x0s: dict[int, list[float]] = {c: sorted(ln.box.x0 for ln in lines if ln.column == c) for c in cols}
    left, right = sorted(cols, key=lambda c: x0s[c][len(x0s[c]) // 2])[:2]
    gutter = x0s[right][len(x0s[right]) // 2] - 2  # the right column's usual left edge
    if heading_tops:
        column_top = min(heading_tops)
    else:
        column_top = min((ln.box.top for ln in lines if ln.column == right and ln.box.x0 >= gutter), default=0.0)
    body = [ln for ln in lines if ln.box.top >= column_top - 1]
    extent: dict[int, tuple[float, float]] = {}
    for c in cols:
        members = [ln.box for ln in body if ln.column == c] or [ln.box for ln in lines if ln.column == c]
        extent[c] = (min(b.x0 for b in members), max(b.x1 for b in members))
    widths = {c: extent[c][1] - extent[c][0] for c in cols}
    main_col = max(cols, key=lambda c: (widths[c], -c))
    similar = min(widths.values()) >= 0.8 * max(widths.values())  # two equal columns: both main
    for i, ln in enumerate(lines):
        if ln.box.bottom <= column_top + 1:
            out[i] = "band"
        elif similar or ln.column == main_col or (ln.box.x0 < gutter - 2 and ln.box.x1 > gutter + 2):
            out[i] = "main"
        else:
            out[i] = "side"
    return out


def _from_layout(doc: Document) -> Sheet:
    units, item_unit = _units(doc)
    items_by_page: dict[int, list[Item]] = {}
    for item in doc.items():
        if item.page is not None and item.box is not None:
            items_by_page.setdefault(item.page, []).append(item)
    headings = [(si, s) for si, s in enumerate(doc.sections) if s.title]
    entry_pieces: list[tuple[int, int, str]] = []  # (section idx, entry idx, normalised piece)
    for si, s in enumerate(doc.sections):
        for ei, e in enumerate(s.entries):
            for piece in _header_pieces(e):
                if norm(piece):
                    entry_pieces.append((si, ei, norm(piece)))
    used_heading: set[int] = set()
    heading_keys: dict[int, set[str]] = {}
    for _, sec in headings:
        if sec.page is not None:
            heading_keys.setdefault(sec.page, set()).add(norm(sec.title))
    used_pieces: set[int] = set()
    lines: list[ScreenLine] = []
    page_sizes: dict[int, tuple[float, float]] = {}
    columns = 1
    unit_words: dict[str, int] = {}
    for page in doc.pages:
        page_sizes[page.number] = (page.width, page.height)
        if page.number == 1:
            columns = page.columns
        heading_tops = [pl.box.top for pl in page.lines
                        if norm(pl.text) in heading_keys.get(page.number, set())]
        regions = _regions(page, heading_tops)
        for li, pl in enumerate(page.lines):
            text = " ".join(pl.text.split())
            if not text:
                continue
            key = norm(text)
            line = ScreenLine(uid=len(lines), page=page.number, text=text, box=pl.box, size=pl.size,
                              bold=pl.bold, region=regions[li])
            owner = _owning_item(pl.box, key, items_by_page.get(page.number, []))
            if owner is not None:
                unit_id = item_unit[owner.id]
                line.unit = unit_id
                line.role = _item_role(owner)
                line.section_kind = owner.section_kind
                line.unit_offset = unit_words.get(unit_id, 0)
                unit_words[unit_id] = line.unit_offset + line.words
                unit = units[unit_id]
                line.entry = unit.entry
                line.section = _section_index(doc, owner)
            else:
                hit = next((si for si, s in headings if si not in used_heading and s.page in (None, page.number)
                            and norm(s.title) == key), None)
                if hit is not None:
                    used_heading.add(hit)
                    line.role, line.section, line.section_kind = "heading", hit, doc.sections[hit].kind
                else:
                    ent = _match_entry(key, entry_pieces, used_pieces)
                    if ent is not None:
                        line.role, line.entry, line.section = "entry", ent, ent[0]
                        line.section_kind = doc.sections[ent[0]].kind
            lines.append(line)
    sheet = Sheet(lines=lines, units=units, page_sizes=page_sizes, simulated=False, columns=columns)
    _fill_sections(sheet)
    _mark_name_band(sheet, doc)
    return sheet


def _section_index(doc: Document, item: Item) -> int | None:
    for si, s in enumerate(doc.sections):
        if any(i is item for i in s.all_items()):
            return si
    return None


def _owning_item(box: Box, key: str, items: list[Item]) -> Item | None:
    """The item whose box holds this line; among several (summary sentences), the one sharing most words."""
    hits = [it for it in items if it.box is not None and _contains(it.box, box)]
    if len(hits) <= 1:
        return hits[0] if hits else None
    words = set(key.split())
    return max(hits, key=lambda it: len(words & set(norm(it.text).split())))


def _match_entry(key: str, pieces: list[tuple[int, int, str]], used: set[int]) -> tuple[int, int] | None:
    """The first entry (in reading order) with a header piece this line shows that no line took yet.

    Two roles at one company share a line like "Acme, New York": the second such line belongs to the
    second role, so each piece is taken once; a piece longer than the line (a paragraph joined from
    several lines) may take several lines.
    """
    if len(key) < 2:
        return None
    words = key.split()
    for n, (si, ei, piece) in enumerate(pieces):
        if n in used and key == piece:
            continue
        pw = piece.split()
        if key == piece or (len(key) >= 4 and (_has_run(pw, words) or _has_run(words, pw))):
            if n in used and not (len(piece) > len(key)):
                continue
            used.add(n)
            return (si, ei)
    return None


def _has_run(hay: list[str], needle: list[str]) -> bool:
    """needle's words appear in hay as a contiguous run (whole words: "engineer i" is not in "engineer intern")."""
    k = len(needle)
    return k > 0 and any(hay[i: i + k] == needle for i in range(len(hay) - k + 1))


def _fill_sections(sheet: Sheet) -> None:
    """Lines the matcher left unassigned inherit the section of the line before them in reading order."""
    current: tuple[int | None, str] = (None, "")
    for line in sheet.lines:
        if line.section is not None:
            current = (line.section, line.section_kind)
        elif current[0] is not None:
            line.section, line.section_kind = current


def _mark_name_band(sheet: Sheet, doc: Document) -> None:
    """Find the name: the largest type in the top third of page 1 (any column), else the document's name.

    A line holding the name and more ("Jo Bloggs | Product Manager") gives the name alone; a sidebar
    heading, a job title or a tagline is never taken for a name.
    """
    first = [ln for ln in sheet.lines if ln.page == 1]
    if not first:
        sheet.name_source = "none"
        return
    height = sheet.page_sizes.get(1, (PAGE_W, PAGE_H))[1]
    top = [ln for ln in first if (ln.box is None or ln.box.top <= height / 3) and ln.role in ("text", "contact")]
    name_line, text = _largest_name(top)
    sheet.name_source = "layout"
    if doc.name and _name_like(doc.name):
        key = norm(doc.name)
        same = next((ln for ln in top if norm(ln.text) == key), None)
        inside = next((ln for ln in top if key and _has_run(norm(ln.text).split(), key.split())), None)
        if same is not None and (name_line is None or same.size >= 0.9 * name_line.size):
            name_line, text = same, same.text
            sheet.name_source = "document"
        elif name_line is None and inside is not None:
            name_line, text = inside, doc.name
            sheet.name_source = "document"
    if name_line is None:
        sheet.name_source = "none"
        return
    name_line.role = "name"
    sheet.name_text = text
    # the headline: the first short non-contact line right under the name, before any heading
    after = first[first.index(name_line) + 1:]
    for ln in after[:3]:
        if ln.role == "heading" or ln.region == "side":
            break
        if ln.role in ("text", "contact") and not looks_like_contact(ln.text) and 1 <= ln.words <= 14:
            ln.role = "headline"
            break


_PIECE_RE = re.compile(r"\s*[|•·,]\s*|\s+[–—-]\s+")


def _largest_name(top: list[ScreenLine]) -> tuple[ScreenLine | None, str]:
    """The line in the largest type at the top that shows a name, and the name part of it."""
    sized = [ln for ln in top if ln.size > 0 and any(c.isalpha() for c in ln.text)]
    for size in sorted({round(ln.size, 1) for ln in sized}, reverse=True)[:3]:
        biggest = max(ln.size for ln in sized)
        for ln in (ln for ln in sized if round(ln.size, 1) == size):
            part = name_part(ln.text, alone=size >= biggest - 0.1 and size >= 1.2 * _body_size(sized))
            if part:
                return ln, part
    return None, ""


def _body_size(lines: list[ScreenLine]) -> float:
    sizes = sorted(ln.size for ln in lines)
    return sizes[len(sizes) // 2] if sizes else 0.0


def name_part(text: str, alone: bool = False) -> str:
    """The name a line shows: the whole line, its first piece ("Jo Bloggs | PM"), or its leading
    capitalised words before a job title ("Jo Bloggs Product Manager"). A single word counts only when
    alone is set (the line is in a type clearly larger than the body)."""
    text = " ".join(text.split())
    if _name_like(text) or (alone and _one_word_name(text)):
        return text
    pieces = [p for p in _PIECE_RE.split(text) if p.strip()]
    if len(pieces) > 1 and (_name_like(pieces[0]) or (alone and _one_word_name(pieces[0]))):
        return pieces[0].strip()
    words = text.split()
    for n in (4, 3, 2):
        lead = " ".join(words[:n])
        nxt = words[n].strip(",.") if len(words) > n else ""
        if nxt and _name_like(lead) and (nxt.lower() in _NOT_NAME or looks_like_contact(nxt)):
            return lead
    return ""


def _one_word_name(text: str) -> bool:
    return (len(text.split()) == 1 and text.isalpha() and text[:1].isupper() and len(text) >= 2
            and text.lower() not in _NOT_NAME)


_NOT_NAME = frozenset(
    "contact me resume résumé curriculum vitae cv profile summary objective developer engineer manager designer "
    "analyst scientist consultant specialist director product lead head senior staff principal founder "
    "co-founder ceo cto vp intern architect researcher strategist officer owner skills experience education "
    "languages tools tech about details personal info information links projects certifications references "
    "interests hobbies portfolio work history expertise achievements awards publications page".split()
)


def _name_like(text: str) -> bool:
    """Two to four capitalised words, no digits or contact punctuation, not a heading or a job title."""
    words = text.split()
    return (1 < len(words) <= 4 and not any(ch.isdigit() or ch in "@/:|&" for ch in text)
            and all(w[:1].isupper() or w in _PARTICLES for w in words if w[:1].isalpha())
            and words[0][:1].isupper()
            and not {w.strip(",.-").lower() for w in words} & _NOT_NAME
            and not _tagline(words))


_PARTICLES = frozenset("van von de da di del der den du la le bin al ter dos das".split())


def _tagline(words: list[str]) -> bool:
    """A slogan in Title Case ("Building AI Products That Matter"): a gerund, or an acronym in mixed case."""
    mixed = not all(w.isupper() for w in words)
    return any(w.lower().endswith("ing") and len(w) > 5 for w in words) or (
        mixed and any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words))


# ---------------------------------------------------------------------------------------------------
# Formats without layout: typeset on a virtual page
# ---------------------------------------------------------------------------------------------------

def _section_flow(section: Section) -> list[tuple[str, object]]:
    """Section content in reading order: ('item', Item) and ('entry', (index, Entry)) elements."""
    elements: list[tuple[float, int, str, object]] = []
    seq = 0
    have_lines = all(i.line is not None for i in section.all_items()) and section.all_items()
    for item in section.items:
        elements.append((float(item.line) if have_lines and item.line else float(seq), seq, "item", item))
        seq += 1
    for ei, entry in enumerate(section.entries):
        first = entry.items[0].line if entry.items and have_lines else None
        pos = (first - 0.5) if first is not None else float(seq)
        elements.append((pos, seq, "entry", (ei, entry)))
        seq += 1
    if have_lines:
        elements.sort(key=lambda e: (e[0], e[1]))
    return [(kind, obj) for _, _, kind, obj in elements]


def simulate(doc: Document) -> Sheet:
    """Typeset a layout-less document on virtual Letter pages in reading order (see module docstring)."""
    units, item_unit = _units(doc)
    lines: list[ScreenLine] = []
    state = {"page": 1, "y": MARGIN}
    unit_words: dict[str, int] = {}

    def emit(text: str, role: str, *, section: int | None, section_kind: str, entry: tuple[int, int] | None = None,
             unit: str | None = None, width: int = BODY_CHARS, indent: float = 0.0) -> None:
        size, height, bold = SIM_METRICS[role]
        state["y"] += SPACE_BEFORE.get(role, 0.0)
        chunks = textwrap.wrap(text, width=width) if role != "name" else [text]
        for chunk in chunks or [text]:
            if state["y"] + height > PAGE_H - MARGIN:
                state["page"] += 1
                state["y"] = MARGIN
            char_w = size * 0.5
            x0 = MARGIN + indent
            box = Box(x0, state["y"], min(PAGE_W - MARGIN, x0 + char_w * len(chunk)), state["y"] + height * 0.85)
            line = ScreenLine(uid=len(lines), page=state["page"], text=chunk, box=box, size=size, bold=bold,
                              region="main", role=role, section=section, section_kind=section_kind, entry=entry,
                              unit=unit)
            if unit is not None:
                line.unit_offset = unit_words.get(unit, 0)
                unit_words[unit] = line.unit_offset + line.words
            lines.append(line)
            state["y"] += height

    name_done = False
    for si, section in enumerate(doc.sections):
        if section.title:
            emit(section.title, "heading", section=si, section_kind=section.kind)
        for kind, obj in _section_flow(section):
            if kind == "entry":
                ei, entry = obj  # type: ignore[misc]
                pieces = _header_pieces(entry) or [" ".join(p for p in (entry.title, entry.organisation) if p)]
                if (entry.start or entry.end) and not any(find_date_range(p)[2] for p in pieces):
                    # the format keeps dates apart (JSON Resume): show them as a typesetter would
                    pieces[0] = f"{pieces[0]}  {_show_date(entry.start)} – {_show_date(entry.end)}".strip()
                for piece in pieces:
                    emit(piece, "entry", section=si, section_kind=section.kind, entry=(si, ei))
                for item in entry.items:
                    _emit_item(emit, item, si, section, (si, ei), item_unit)
                continue
            item = obj
            assert isinstance(item, Item)
            if not name_done and doc.name and _name_like(doc.name) and section.kind == "contact" \
                    and norm(item.text) == norm(doc.name):
                emit(item.text, "name", section=si, section_kind=section.kind, unit=item_unit.get(item.id))
                name_done = True
                continue
            _emit_item(emit, item, si, section, None, item_unit)
    if doc.name and _name_like(doc.name) and not name_done:  # JSON Resume: the name is outside the sections
        size, height, bold = SIM_METRICS["name"]
        for ln in lines:
            if ln.page == 1 and ln.box is not None:
                ln.box = Box(ln.box.x0, ln.box.top + height, ln.box.x1, ln.box.bottom + height)
        lines.insert(0, ScreenLine(uid=-1, page=1, text=doc.name, size=size, bold=bold, role="name",
                                   box=Box(MARGIN, MARGIN, MARGIN + size * 0.5 * len(doc.name), MARGIN + height * 0.85),
                                   section_kind="contact"))
        for i, ln in enumerate(lines):
            ln.uid = i
    sheet = Sheet(lines=lines, units=units, page_sizes={p: (PAGE_W, PAGE_H) for p in {ln.page for ln in lines}},
                  simulated=True, name_source="document" if doc.name else "none")
    first = [ln for ln in lines if ln.page == 1]
    if doc.name:
        idx = next((i for i, ln in enumerate(first) if ln.role == "name"), None)
        if idx is not None:
            for ln in first[idx + 1: idx + 3]:
                if ln.role == "heading":
                    break
                if ln.role == "contact" and not looks_like_contact(ln.text) and 1 <= ln.words <= 14:
                    ln.role = "headline"
                    break
    return sheet


_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _show_date(value: str | None) -> str:
    """'2021-03' -> 'Mar 2021', 'present' -> 'Present', None -> '?'."""
    if not value:
        return "?"
    if value == "present":
        return "Present"
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{_MONTH_NAMES[int(m.group(2)) - 1]} {m.group(1)}"
    return value


def _emit_item(emit, item: Item, si: int, section: Section, entry: tuple[int, int] | None,  # type: ignore[no-untyped-def]
               item_unit: dict[str, str]) -> None:
    role = _item_role(item)
    width = BULLET_CHARS if role == "bullet" else BODY_CHARS
    emit(item.text, role, section=si, section_kind=section.kind, entry=entry, unit=item_unit.get(item.id),
         width=width, indent=12.0 if role == "bullet" else 0.0)


def build_sheet(doc: Document) -> Sheet:
    """The sheet for a document: its own layout when it has pages, else a simulated one."""
    if doc.pages and any(p.lines for p in doc.pages):
        return _from_layout(doc)
    return simulate(doc)
