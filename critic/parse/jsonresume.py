"""JSON Resume (jsonresume.org schema) -> sections, entries and items, built directly.

Item ids come from the shared structure builder's scheme (critic.parse.structure.assign_ids):
"<section kind>-<entry no>-<item no>", 1-based, entry 0 for items outside entries; a second
section of the same kind (volunteer after work) is prefixed "experience2".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from critic.errors import InputError
from critic.model import Document, Entry, Item, Section
from critic.parse.structure import assign_ids, split_sentences

# top-level key -> (section kind, section title)
SECTIONS: dict[str, tuple[str, str]] = {
    "basics": ("contact", "Contact"),
    "work": ("experience", "Work Experience"),
    "volunteer": ("experience", "Volunteer"),
    "projects": ("projects", "Projects"),
    "education": ("education", "Education"),
    "awards": ("other", "Awards"),
    "certificates": ("other", "Certificates"),
    "publications": ("other", "Publications"),
    "skills": ("skills", "Skills"),
    "languages": ("skills", "Languages"),
    "interests": ("other", "Interests"),
    "references": ("other", "References"),
}
KNOWN_KEYS = frozenset(SECTIONS) | {"meta", "$schema"}
_CONTENT_KEYS = frozenset(SECTIONS)


class _Invalid(Exception):
    """A schema violation; the message names the path, e.g. "'work[2].highlights' ..."."""


def load_json(text: str, source: str) -> Any:
    """json.loads with a one-line InputError naming the line and column of a syntax error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError(source, "invalid JSON: nested too deeply") from None
    except ValueError:  # an integer longer than Python converts
        raise InputError(source, "invalid JSON: a number too long to read") from None


def is_jsonresume(obj: object) -> bool:
    """A JSON object with at least one JSON Resume content key of the right container type."""
    if not isinstance(obj, dict):
        return False
    for key in _CONTENT_KEYS & obj.keys():
        value = obj[key]
        if key == "basics" and isinstance(value, dict):
            return True
        if key != "basics" and isinstance(value, list):
            return True
    return False


def _type_name(value: object) -> str:
    return {
        dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number",
        bool: "a boolean", type(None): "null",
    }.get(type(value), type(value).__name__)


def _text(value: object, path: str) -> str:
    """A scalar field as clean text ('' when absent)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise _Invalid(f"'{path}' should be a string, found a boolean")
    if isinstance(value, str | int | float):
        return re.sub(r"\s+", " ", str(value)).strip()
    raise _Invalid(f"'{path}' should be a string, found {_type_name(value)}")


def _list(value: object, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Invalid(f"'{path}' should be a list, found {_type_name(value)}")
    return value


def _obj(value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"'{path}' should be an object, found {_type_name(value)}")
    return value


def _strings(value: object, path: str) -> list[str]:
    out = []
    for i, v in enumerate(_list(value, path)):
        if isinstance(v, dict | list):
            raise _Invalid(f"'{path}[{i}]' should be a string, found {_type_name(v)}")
        text = _text(v, f"{path}[{i}]")
        if text:
            out.append(text)
    return out


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def _date(value: object, path: str, doc: Document) -> str | None:
    """ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD) -> "YYYY" / "YYYY-MM"; "present" words kept."""
    text = _text(value, path)
    if not text:
        return None
    if text.lower() in ("present", "current", "now", "today", "ongoing"):
        return "present"
    m = re.fullmatch(r"((?:19|20)\d{2})(?:[-/.](\d{1,2})(?:[-/.]\d{1,2}(?:T.*)?)?)?", text)
    if m and (m.group(2) is None or 1 <= int(m.group(2)) <= 12):
        return m.group(1) if m.group(2) is None else f"{m.group(1)}-{int(m.group(2)):02d}"
    m = re.fullmatch(r"([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d{2})", text)
    if m and m.group(1)[:3].lower() in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1)[:3].lower()]:02d}"
    doc.warn(f"{path}: '{text}' is not a date (JSON Resume uses YYYY-MM-DD)")
    return None


def _date_range(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{start} – {end}"
    return start or end or ""


class _Builder:
    """Collects sections in reading order; ids are assigned once at the end."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def section(self, kind: str, title: str) -> Section:
        return Section(kind=kind, title=title)

    def entry(self, sec: Section, **fields: Any) -> Entry:
        entry = Entry(**fields)
        sec.entries.append(entry)
        return entry

    def item(self, sec: Section, entry: Entry | None, kind: str, text: str) -> None:
        if not text:
            return
        target = sec.items if entry is None else entry.items
        target.append(Item(id="", kind=kind, text=text, section=sec.title, section_kind=sec.kind))

    def finish(self, sec: Section) -> None:
        if sec.items or sec.entries:
            self.doc.sections.append(sec)


def _header(*parts: str) -> str:
    return " | ".join(p for p in parts if p)


def _basics(b: _Builder, basics: dict[str, Any]) -> None:
    doc = b.doc
    name = _text(basics.get("name"), "basics.name")
    label = _text(basics.get("label"), "basics.label")
    doc.name = name or None
    contact = b.section("contact", "Contact")
    loc = basics.get("location")
    location = ""
    if loc is not None:
        loc = _obj(loc, "basics.location")
        location = ", ".join(
            t for t in (_text(loc.get(k), f"basics.location.{k}") for k in ("city", "region", "countryCode")) if t
        )
    for text in (name, label, _text(basics.get("email"), "basics.email"), _text(basics.get("phone"), "basics.phone"),
                 _text(basics.get("url") or basics.get("website"), "basics.url"), location):
        b.item(contact, None, "line", text)
    for i, prof in enumerate(_list(basics.get("profiles"), "basics.profiles")):
        prof = _obj(prof, f"basics.profiles[{i}]")
        net = _text(prof.get("network"), f"basics.profiles[{i}].network")
        where = _text(prof.get("url"), f"basics.profiles[{i}].url") or _text(
            prof.get("username"), f"basics.profiles[{i}].username")
        b.item(contact, None, "line", f"{net}: {where}" if net and where else net or where)
    b.finish(contact)
    summary = _text(basics.get("summary"), "basics.summary")
    if summary:
        sec = b.section("summary", "Summary")
        for sentence in split_sentences(summary):
            b.item(sec, None, "summary", sentence)
        b.finish(sec)


def _experience_like(b: _Builder, key: str, entries: list[Any], org_key: str) -> None:
    kind, title = SECTIONS[key]
    sec = b.section(kind, title)
    for i, raw in enumerate(entries):
        path = f"{key}[{i}]"
        e = _obj(raw, path)
        position = _text(e.get("position"), f"{path}.position")
        org = _text(e.get(org_key) or e.get("company" if org_key == "name" else org_key), f"{path}.{org_key}")
        start = _date(e.get("startDate"), f"{path}.startDate", b.doc)
        end = _date(e.get("endDate"), f"{path}.endDate", b.doc)
        if start and not end:
            end = "present"  # the schema leaves endDate out for a current role
        location = _text(e.get("location"), f"{path}.location")
        entry = b.entry(sec, header=_header(position, org, _date_range(start, end), location), title=position or None,
                        organisation=org or None, start=start, end=end, location=location or None)
        b.item(sec, entry, "summary", _text(e.get("summary") or e.get("description"), f"{path}.summary"))
        for text in _strings(e.get("highlights"), f"{path}.highlights"):
            b.item(sec, entry, "bullet", text)
    b.finish(sec)


def _projects(b: _Builder, entries: list[Any]) -> None:
    kind, title = SECTIONS["projects"]
    sec = b.section(kind, title)
    for i, raw in enumerate(entries):
        path = f"projects[{i}]"
        e = _obj(raw, path)
        name = _text(e.get("name"), f"{path}.name")
        org = _text(e.get("entity"), f"{path}.entity")
        roles = ", ".join(_strings(e.get("roles"), f"{path}.roles"))
        start = _date(e.get("startDate"), f"{path}.startDate", b.doc)
        end = _date(e.get("endDate"), f"{path}.endDate", b.doc)
        entry = b.entry(sec, header=_header(name, roles, org, _date_range(start, end)), title=name or None,
                        organisation=org or None, start=start, end=end)
        b.item(sec, entry, "summary", _text(e.get("description") or e.get("summary"), f"{path}.description"))
        for text in _strings(e.get("highlights"), f"{path}.highlights"):
            b.item(sec, entry, "bullet", text)
    b.finish(sec)


def _education(b: _Builder, entries: list[Any]) -> None:
    kind, title = SECTIONS["education"]
    sec = b.section(kind, title)
    for i, raw in enumerate(entries):
        path = f"education[{i}]"
        e = _obj(raw, path)
        inst = _text(e.get("institution"), f"{path}.institution")
        degree = " ".join(t for t in (_text(e.get("studyType"), f"{path}.studyType"),
                                      _text(e.get("area"), f"{path}.area")) if t)
        start = _date(e.get("startDate"), f"{path}.startDate", b.doc)
        end = _date(e.get("endDate"), f"{path}.endDate", b.doc)
        location = _text(e.get("location"), f"{path}.location")
        entry = b.entry(sec, header=_header(degree, inst, _date_range(start, end), location), title=degree or None,
                        organisation=inst or None, start=start, end=end, location=location or None)
        score = _text(e.get("score") or e.get("gpa"), f"{path}.score")
        b.item(sec, entry, "line", f"Score: {score}" if score else "")
        courses = _strings(e.get("courses"), f"{path}.courses")
        b.item(sec, entry, "line", "Courses: " + ", ".join(courses) if courses else "")
        b.item(sec, entry, "summary", _text(e.get("summary"), f"{path}.summary"))
        for text in _strings(e.get("highlights"), f"{path}.highlights"):
            b.item(sec, entry, "bullet", text)
    b.finish(sec)


def _dated_entries(b: _Builder, key: str, entries: list[Any], title_key: str, org_key: str, date_key: str) -> None:
    """awards, certificates, publications: a titled entry, its issuer and date, a summary."""
    kind, title = SECTIONS[key]
    sec = b.section(kind, title)
    for i, raw in enumerate(entries):
        path = f"{key}[{i}]"
        e = _obj(raw, path)
        name = _text(e.get(title_key), f"{path}.{title_key}")
        org = _text(e.get(org_key), f"{path}.{org_key}")
        date = _date(e.get(date_key), f"{path}.{date_key}", b.doc)
        entry = b.entry(sec, header=_header(name, org, date or ""), title=name or None, organisation=org or None,
                        start=date, end=date)
        b.item(sec, entry, "summary", _text(e.get("summary"), f"{path}.summary"))
    b.finish(sec)


def _keyword_lines(b: _Builder, key: str, entries: list[Any], name_key: str, extra_key: str) -> None:
    """skills, languages, interests: one line per entry, "name (level): keyword, keyword"."""
    kind, title = SECTIONS[key]
    sec = b.section(kind, title)
    for i, raw in enumerate(entries):
        path = f"{key}[{i}]"
        if isinstance(raw, str):  # tolerated: a bare string
            b.item(sec, None, "line", _text(raw, path))
            continue
        e = _obj(raw, path)
        name = _text(e.get(name_key), f"{path}.{name_key}")
        extra = _text(e.get(extra_key), f"{path}.{extra_key}")
        keywords = ", ".join(_strings(e.get("keywords"), f"{path}.keywords"))
        head = f"{name} ({extra})" if name and extra else name or extra
        b.item(sec, None, "line", f"{head}: {keywords}" if head and keywords else head or keywords)
    b.finish(sec)


_SECTION_READERS: dict[str, Callable[[_Builder, list[Any]], None]] = {
    "work": lambda b, v: _experience_like(b, "work", v, "name"),
    "volunteer": lambda b, v: _experience_like(b, "volunteer", v, "organization"),
    "projects": _projects,
    "education": _education,
    "awards": lambda b, v: _dated_entries(b, "awards", v, "title", "awarder", "date"),
    "certificates": lambda b, v: _dated_entries(b, "certificates", v, "name", "issuer", "date"),
    "publications": lambda b, v: _dated_entries(b, "publications", v, "name", "publisher", "releaseDate"),
    "skills": lambda b, v: _keyword_lines(b, "skills", v, "name", "level"),
    "languages": lambda b, v: _keyword_lines(b, "languages", v, "language", "fluency"),
    "interests": lambda b, v: _keyword_lines(b, "interests", v, "name", ""),
}
# Reading order of a rendered JSON Resume (the themes' usual order).
_ORDER = ("work", "volunteer", "projects", "education", "awards", "certificates", "publications", "skills",
          "languages", "interests")


def parse_jsonresume(obj: dict[str, Any], doc: Document) -> None:
    """Fill doc.sections (and doc.name) from a JSON Resume object; InputError when invalid.

    References (what other people wrote about the candidate) are not read.
    """
    if not isinstance(obj, dict):
        raise InputError(doc.source, f"invalid JSON Resume: the top level is {_type_name(obj)}, not an object")
    if not _CONTENT_KEYS & obj.keys():
        raise InputError(doc.source, "invalid JSON Resume: none of its keys (basics, work, education, skills, "
                                     "...) is present")
    b = _Builder(doc)
    try:
        if obj.get("basics") is not None:
            _basics(b, _obj(obj["basics"], "basics"))
        for key in _ORDER:
            entries = _list(obj.get(key), key)
            if entries:
                _SECTION_READERS[key](b, entries)
    except _Invalid as exc:
        raise InputError(doc.source, f"invalid JSON Resume: {exc}") from None
    assign_ids(doc)
    if not doc.items():
        doc.warn("no resume content found in the JSON Resume")
