"""Roles as a recruiter reads them off entry headers: title, company and dates, one role per date range.

The parser's entries are the starting point, but an entry header may hold two roles (two date ranges)
or carry a location, a tech stack or a tagline beside the company. Here each header is cut into roles
at its date ranges, every piece is classed (date, place, tech list, description, title, company) and
the current and previous roles are chosen the way a recruiter would: the latest full-time role is
current, a concurrent side role (started before, and still running past, a job at another employer)
is neither current nor previous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from critic.model import Document, Entry, Item
from critic.parse.structure import ROLE_WORDS, find_date_range

# Places a header names beside the company: US states, Canadian provinces, countries, work modes.
_STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY ON QC BC AB MB NS NB NL PE SK".split()
)
_REGIONS = frozenset(w.lower() for w in (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
    "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota "
    "Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah "
    "Vermont Virginia Washington Wisconsin Wyoming Ontario Quebec USA US UK UAE Canada India Germany France "
    "Singapore Australia Ireland Netherlands Israel Japan China Spain Brazil Mexico Switzerland Sweden Poland "
    "Portugal Italy Korea S.Korea Russia Ukraine Belarus Nigeria Kenya Egypt Pakistan Bangladesh Vietnam "
    "Indonesia Philippines Malaysia Thailand Turkey Greece Austria Belgium Denmark Norway Finland Estonia "
    "Romania Hungary Czechia Argentina Chile Colombia Peru Remote Hybrid Onsite").split()
) | {"united states", "united kingdom", "new york", "new jersey", "new mexico", "new hampshire",
     "north carolina", "south carolina", "north dakota", "south dakota", "west virginia", "rhode island",
     "south korea", "new zealand", "hong kong", "south africa", "british columbia"}
# First words of two-word city names ("New York", "East Lansing", "St. Louis").
_CITY_LEADS = frozenset(
    "new san los las st. st saint fort el la le salt east west north south santa palo mountain college ann "
    "grand long kansas oklahoma baton des cedar jersey hong tel kuala buenos rio sao são mexico chevy "
    "silver white red green ho abu cape port".split()
)
_FUNCTION_END = frozenset("of the and for & at in - on".split())
_SPLIT_RE = re.compile(r"\s*[|•·]\s*|\s+[–—@]\s*|\s+-\s*(?=[A-Z])|\s+-\s+|\s*-{3,}\s*|\s{3,}|\t|\s+at\s+(?=[A-Z])")
_REMOTE_RE = re.compile(r"\s*\((?:remote|hybrid|on-?site)\)\s*$", re.I)
_TECH = frozenset(
    "python java javascript typescript sql aws gcp azure docker kubernetes react node tensorflow pytorch c++ "
    "linux go rust spark hadoop excel tableau nlp llms figma jira power bi scala r kotlin swift".split()
)
_SIDE_WORDS = frozenset("substack newsletter freelance volunteer side project blog podcast part-time".split())
DEGREE_WORDS = frozenset(
    "bachelor bachelors bachelor's master masters master's doctorate doctor phd ph.d ph.d. mba b.a b.a. b.e b.e. "
    "m.eng b.eng bsc msc b.sc m.sc b.s b.s. m.s m.s. bs ms ba ma m.a m.a. bscs mscs bsee msee btech b.tech mtech "
    "m.tech llb llm jd md degree diploma associate's honours honors bba b.b.a bcom b.com mcom bfa mfa mph mpp mpa "
    "bsba edd ed.d dba m.phil mphil".split()
)
_TITLE_WORDS = (frozenset(ROLE_WORDS) - DEGREE_WORDS - {"teaching", "minor", "major", "certificate"}) | frozenset(
    "candidate driver interviewer teacher tutor nurse writer editor agent clerk technician operator trainee "
    "apprentice instructor lecturer professor postdoc chair secretary accountant attorney lawyer cashier "
    "representative supervisor sde swe".split()
)
_SCHOOL_WORDS = frozenset(
    "university universität université universidad college institute school academy polytechnic conservatory "
    "".split()
)
_CAPS_LEAD_RE = re.compile(r"^((?:[A-Z][A-Z&.'-]{4,})(?:\s+[A-Z][A-Z&.'-]+)*),?\s+(?=[A-Z][a-z])")
_PAREN_END_RE = re.compile(r"\s*\([^()]*\)\s*$")
_NOISE_RE = re.compile(r"\s*[-–—,]?\s*(?:cum\.?\s+|major\s+)?gpa\b.*$|\s*[-–—,]?\s*(?:expected\s+)?graduation(?:\s+date)?:?.*$"
                       r"|\s*\((?:expected|in progress)\)\s*$", re.I)


@dataclass
class Role:
    """One role read off an entry header."""

    entry: tuple[int, int]  # (section index, entry index)
    order: int  # reading order over all roles
    title: str | None
    company: str | None
    dates: str  # as printed ("" when none)
    start: str | None
    end: str | None
    pieces: list[str] = field(default_factory=list)  # the header pieces this role was read from
    item: str | None = None  # the item id, for a role printed as a dated line the parser left as an item

    @property
    def text(self) -> str:
        """Title and company as a reader would quote them."""
        return " · ".join(p for p in (self.title, self.company) if p)


def is_place(text: str) -> bool:
    """A location piece: "Boston, MA", "Seoul, S.Korea", "Remote", "Berlin, Germany", "Norcross,Georgia"."""
    parts = [p.strip(" .()") for p in re.split(r",", text.strip(" ()")) if p.strip(" .()")]
    if not parts or len(text) > 40:
        return False
    if len(parts) == 1:
        words = parts[0].split()
        if _region(parts[0]):
            return True
        return len(words) >= 2 and words[-1] in _STATE_CODES and _city_like(" ".join(words[:-1]))  # "Boston MA"
    if len(parts) > 3 or (len(parts) == 3 and not _region(parts[1])):
        return False
    if _region(parts[-1]):
        return all(_city_like(p) for p in parts[:-1])
    return _region(parts[0]) and _city_like(parts[-1])  # "(Israel, Rehovot)"


def _region(text: str) -> bool:
    text = text.strip(" .()")
    return text in _STATE_CODES or text.lower() in _REGIONS


def _city_like(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)


def strip_place(text: str) -> str:
    """Drop a trailing location from a company piece: "Amazon Fresh Chevy Chase, MD" -> "Amazon Fresh"."""
    text = _REMOTE_RE.sub("", text).strip(" ,")
    parts = text.split(",")
    if len(parts) < 2:
        words = text.split()
        if len(words) > 1 and words[-1] in _STATE_CODES and words[-2][:1].isupper() and len(words[-1]) == 2:
            parts = [" ".join(words[:-1]), words[-1]]  # "Boston MA"
        else:
            return text
    if not _region(parts[-1]):
        return text
    head = parts[:-1]
    if len(head) > 1 and _city_like(head[-1].strip()) and len(head[-1].split()) <= 2:
        return ",".join(head[:-1]).strip(" ,")  # ", Rexburg, Idaho": the whole "City, Region" tail
    words = head[0].split()
    for n in (2, 1):  # the city's words at the end of the company piece
        if len(words) <= n:
            continue
        city = words[-n:]
        if n == 2 and city[0].lower() not in _CITY_LEADS:
            continue
        if not all(w[:1].isupper() for w in city):
            continue
        rest = words[:-n]
        if rest and rest[-1].lower() not in _FUNCTION_END:
            return " ".join(rest).strip(" ,-–—")
    return text


def _tokens(piece: str) -> list[str]:
    return [w.lower().strip(".") for w in re.findall(r"[\w.']+", piece.replace("’", "'"))]


def _caps(piece: str) -> bool:
    """Set in capitals (small-caps fonts often come out with a lower-case "i": "UNiVERSiTY")."""
    return piece.replace("i", "I").isupper()


def _is_title(piece: str) -> bool:
    return any(w in _TITLE_WORDS for w in _tokens(piece))


def _is_degree(piece: str) -> bool:
    return any(w in DEGREE_WORDS or w + "." in DEGREE_WORDS for w in _tokens(piece))


def _is_school(piece: str) -> bool:
    return any(w in _SCHOOL_WORDS for w in _tokens(piece))


def _is_tech(piece: str) -> bool:
    items = [p.strip().lower() for p in piece.split(",") if p.strip()]
    return len(items) >= 3 and sum(1 for i in items if i in _TECH) >= 2


def _is_description(piece: str) -> bool:
    words = [w for w in piece.split() if any(c.isalnum() for c in w)]
    limit = 12 if _is_title(piece) else 9
    return len(words) > limit or (len(words) > 4 and piece.rstrip().endswith("."))


def split_pieces(text: str) -> list[str]:
    """Header text cut at its separators, a date range its own piece."""
    out: list[str] = []
    raws: list[str] = []
    for raw in text.split(" | "):
        if raws and re.search(r"(?:19|20)\d\d\s*[-–—]\s*$", raws[-1]):  # a date range wrapped after its dash
            raws[-1] = f"{raws[-1]} {raw}"
        elif not raw.rstrip().endswith(":"):  # a label ("Areas of responsibility:")
            raws.append(raw)
    for raw in raws:
        _, _, span = find_date_range(raw)
        chunks = [raw]
        if span is not None:
            chunks = [raw[: span[0]], raw[span[0]: span[1]], raw[span[1]:]]
        for chunk in chunks:
            if find_date_range(chunk)[2] is not None and chunk.strip():
                out.append(chunk.strip(" ,|–—-()"))
                continue
            for piece in _SPLIT_RE.split(chunk):
                piece = piece.strip(" ,|–—-:")
                if piece.count("(") > piece.count(")"):  # the bracket the dates stood in
                    piece = piece.rstrip(" (")
                if piece.count(")") > piece.count("("):
                    piece = piece.lstrip(" )")
                if piece and any(c.isalnum() for c in piece):
                    out.append(piece)
    return out


def read_role(pieces: list[str]) -> tuple[str | None, str | None, str]:
    """(title, company, dates as printed) from a role's header pieces."""
    dates = ""
    others: list[str] = []
    for piece in pieces:
        if find_date_range(piece)[2] is not None:
            dates = dates or piece
            continue
        m = _PAREN_END_RE.search(piece)
        if m and is_place(m.group(0)):  # "Bank Otkritie (Russia, Moscow)"
            piece = piece[: m.start()].strip(" ,")
        if not piece or is_place(piece) or _is_tech(piece) or _is_description(piece):
            continue
        others.append(piece)
    title = next((p for p in others if _is_title(p)), None)
    rest = [p for p in others if p is not title]
    company = next((c for c in (strip_place(p) for p in rest) if c), None)
    placed = next((i for i, p in enumerate(rest) if strip_place(p) not in ("", p)), None)
    if title is not None and placed and others.index(rest[0]) == others.index(title) + 1 \
            and all(len(p.split()) <= 3 for p in rest[:placed]):
        # "Senior Product Manager, ML" / "Platform" / "Acme Health, Portland, OR": a title wrapped onto a
        # second line before the company and its place
        title = " ".join([title, *rest[:placed]])
        rest = rest[placed:]
        company = strip_place(rest[0])
    if company is not None and title is not None and _caps(company):
        at = next(i for i, p in enumerate(rest) if strip_place(p) == company)
        units = [strip_place(p) for p in rest[at + 1:] if _caps(p)]
        if units and len(units) == len(rest) - at - 1:  # "UNIVERSITY - ECOLOGY LAB": an organisation and its unit
            company = " · ".join([company, *units])
    if company is None and title is not None and ", " in title:  # "Java developer, Bank Otkritie"
        head, tail = title.rsplit(", ", 1)
        first, last = title.split(", ", 1)
        if _is_title(head) and not _is_title(tail) and tail[:1].isupper():
            title, company = head, tail
        elif not _is_title(first) and _is_title(last) and first[:1].isupper():  # "Acme Health, Senior PM"
            title, company = last, first
    if company is None and title is not None:  # "ACMECORP Senior Engineer": the employer in capitals first
        m = _CAPS_LEAD_RE.match(title)
        if m and not _caps(title) and _is_title(title[m.end():]) and not _is_title(m.group(1)):
            title, company = title[m.end():].strip(), m.group(1)
    if title is None and len(rest) >= 2:  # no title word: company first, then the title, as printed
        title = rest[1]
    return title, company, dates


def _groups(pieces: list[str]) -> list[list[str]]:
    """A header's pieces cut into roles, one date range each."""
    dated = [i for i, p in enumerate(pieces) if find_date_range(p)[2] is not None]
    if len(dated) <= 1:
        return [pieces]
    if dated[0] == 0:  # "2018-2023 | Salsify" ...: a date opens each role
        cuts = dated + [len(pieces)]
        return [pieces[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    out: list[list[str]] = []
    start = 0
    for i in dated:
        out.append(pieces[start: i + 1])
        start = i + 1
    if start < len(pieces):
        out[-1].extend(pieces[start:])
    return out


def _show(value: str | None) -> str:
    return value or "?"


def read_roles(doc: Document) -> list[Role]:
    """Every role under an experience heading, in reading order."""
    roles: list[Role] = []
    for si, section in enumerate(doc.sections):
        if section.kind != "experience":
            continue
        if not section.entries:
            roles.extend(_item_roles(si, section.items, len(roles)))
            continue
        company_above: str | None = None
        title_above: str | None = None
        for ei, entry in enumerate(section.entries):
            for group in _groups(split_pieces(entry.header)) if entry.header else [[]]:
                title, company, dates = read_role(group)
                start, end = _group_dates(entry, dates)
                if not (title or company or start or end):
                    continue
                if not dates and (entry.start or entry.end):  # dates kept apart (JSON Resume)
                    dates = f"{_show(entry.start)} – {_show(entry.end)}"
                if company_above is not None and not dates_only(group):
                    if company is None and title is not None:
                        company = company_above  # several roles under one employer header
                    elif title is None and company is not None and _repeats(company, title_above):
                        title, company = company, company_above  # a promotion line under the employer above
                roles.append(Role((si, ei), len(roles), title, company, dates, start, end, group))
                company_above = company or company_above
                title_above = title
    return roles


MAX_ROLE_LINE_WORDS = 18  # a dated line longer than this is a sentence about the work, not a role header
_URL_RE = re.compile(r"\s*(?:https?://|www\.)\S+")


def _item_roles(si: int, items: list[Item], order: int) -> list[Role]:
    """Roles printed as dated lines ("2017 – 2020: Developer, Acme Labs") in a section the parser left
    without entries: a line that opens with a date range and is short enough to be a header."""
    out: list[Role] = []
    for item in items:
        start, end, span = find_date_range(item.text)
        text = _URL_RE.sub("", item.text)
        if span is None or span[0] > 3 or len(text.split()) > MAX_ROLE_LINE_WORDS:
            continue
        pieces = split_pieces(text)
        title, company, dates = read_role(pieces)
        if title or company:
            out.append(Role((si, -1), order + len(out), title, company, dates, start, end, pieces, item.id))
    return out


def _repeats(piece: str, title: str | None) -> bool:
    """A line that repeats most words of the title above ("Cloud Engineer III" under "Cloud Engineer IV")."""
    words, above = set(_tokens(piece)), set(_tokens(title or ""))
    return bool(words) and len(words & above) * 2 >= len(words)


def dates_only(group: list[str]) -> bool:
    return all(find_date_range(p)[2] is not None for p in group)


def _group_dates(entry: Entry, dates: str) -> tuple[str | None, str | None]:
    if dates:
        start, end, _ = find_date_range(dates)
        return start, end
    return entry.start, entry.end


def _key(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    if value == "present":
        return (9999, 12)
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value)
    return (int(m.group(1)), int(m.group(2) or 0)) if m else None


def _ongoing(role: Role, latest_start: tuple[int, int]) -> bool:
    return role.end == "present" or (role.end is None and role.start is not None and _key(role.start) == latest_start)


def _same_company(a: Role, b: Role) -> bool:
    return bool(a.company and b.company and a.company.lower() == b.company.lower())


def _side(role: Role, roles: list[Role], latest_start: tuple[int, int]) -> bool:
    """A side role: named as one, or ongoing since before a finished job at another employer ended."""
    words = {w.strip("()&,.").lower() for p in role.pieces for w in p.split()}
    if words & _SIDE_WORDS:
        return True
    if not _ongoing(role, latest_start) or _key(role.start) is None:
        return False
    start = _key(role.start)
    return any(not _ongoing(o, latest_start) and not _same_company(o, role) and _key(o.end) is not None
               and start < _key(o.start or o.end)  # type: ignore[operator]
               for o in roles if o is not role)


def rank_roles(roles: list[Role]) -> list[Role]:
    """Roles most recent first: ongoing ones in reading order, then by end and start date, latest first.

    Side roles go last. Without any date, reading order stands (resumes are written newest first).
    """
    if not any(_key(r.end) or _key(r.start) for r in roles):
        return list(roles)
    latest_start = max((_key(r.start) or (0, 0) for r in roles), default=(0, 0))
    side = {r.order for r in roles if _side(r, roles, latest_start)}
    if len(side) == len(roles):
        side = set()

    def key(r: Role) -> tuple[int, int, int, int, int, int]:
        if _ongoing(r, latest_start):
            return (int(r.order in side), 0, 0, 0, 0, r.order)
        end = _key(r.end) or _key(r.start) or (0, 0)
        start = _key(r.start) or (0, 0)
        return (int(r.order in side), 1, -end[0], -end[1], -start[0], r.order)

    return sorted(roles, key=key)


def current_and_previous(roles: list[Role]) -> tuple[Role | None, Role | None]:
    """The current role and the one before it; a role still running beside the current one at another
    employer is a side role, not the previous one."""
    ranked = rank_roles(roles)
    if not ranked:
        return None, None
    current = ranked[0]
    latest_start = max((_key(r.start) or (0, 0) for r in roles), default=(0, 0))
    for r in ranked[1:]:
        if _ongoing(current, latest_start) and _ongoing(r, latest_start) and not _same_company(r, current) \
                and r.company is not None:
            continue
        return current, r
    return current, None


@dataclass
class Education:
    """The first degree printed under an education heading, with its school."""

    entry: tuple[int, int]
    degree: str | None
    school: str | None
    pieces: list[str]

    @property
    def text(self) -> str:
        return " · ".join(p for p in (self.degree, self.school) if p)


def _clean(piece: str) -> str:
    return _NOISE_RE.sub("", piece).strip(" ,|–—-:;")


def read_education(doc: Document) -> Education | None:
    """Degree and school from the first education section: the first piece naming a degree (a
    certificate or course line above it is passed over) and the school printed nearest it."""
    for si, section in enumerate(doc.sections):
        if section.kind != "education" or not (section.entries or section.items):
            continue
        flat: list[tuple[int, str]] = []
        for ei, entry in enumerate(section.entries):
            flat.extend((ei, p) for p in (split_pieces(entry.header) if entry.header else []))
        if not section.entries:  # a section of plain lines: each line its own group
            flat.extend((-1 - n, p) for n, item in enumerate(section.items) for p in split_pieces(item.text))
        pieces = [(ei, _clean(p)) for ei, p in flat if find_date_range(p)[2] is None or _is_degree(p)]
        pieces = [(ei, p) for ei, p in pieces if p and not is_place(p)]
        at = next((i for i, (_, p) in enumerate(pieces) if _is_degree(p) and not _is_school(p)), None)
        if at is None:
            at = next((i for i, (_, p) in enumerate(pieces) if _is_degree(p)), None)
        if at is None:
            return None
        ei, degree = pieces[at]
        degree = _strip_dates(degree)
        school = None
        near = sorted(range(len(pieces)), key=lambda i: (pieces[i][0] != ei, abs(i - at), i > at))
        for i in near:
            if i != at and _is_school(pieces[i][1]) and not _is_degree(pieces[i][1]):
                school = strip_place(pieces[i][1])
                if i > 0 and i - 1 != at and pieces[i - 1][0] == pieces[i][0] and _continues(pieces[i - 1][1], school):
                    school = f"{pieces[i - 1][1]} {school}"  # "NORTHWEST MISSOURI" / "STATE UNIVERSITY"
                break
        if school is None and ", " in degree:  # "M.S. Statistics, Cascade Institute" on one line
            head, tail = degree.rsplit(", ", 1)
            if _is_school(tail) and _is_degree(head) and not _is_school(head):
                degree, school = head, strip_place(tail)
        return Education((si, ei), degree, school, [p for _, p in pieces if p in (degree, school)] or [degree])
    return None


def _strip_dates(text: str) -> str:
    _, _, span = find_date_range(text)
    if span is not None:
        text = (text[: span[0]] + " " + text[span[1]:])
    return " ".join(text.split()).strip(" ,|–—-:;")


def _continues(before: str, school: str) -> bool:
    """A short name fragment on the line above a school that starts mid-name ("STATE UNIVERSITY")."""
    first = school.split()[0].lower() if school.split() else ""
    return (first in {"state", "university", "college", "institute", "polytechnic"} and len(before.split()) <= 3
            and not _is_degree(before) and not _is_school(before) and not is_place(before))
