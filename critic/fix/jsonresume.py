"""A document in the JSON Resume shape (jsonresume.org schema v1), and a structural check of that shape.

The check covers what the schema constrains for the keys critic writes: each top-level key's type, the
string / list-of-strings fields of its entries, and ISO 8601 dates (YYYY, YYYY-MM or YYYY-MM-DD).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from critic.model import Document, Entry, Section

_DATE = re.compile(r"^[1-2]\d{3}(?:-[0-1]\d(?:-[0-3]\d)?)?$")
# top-level list key -> (string fields, list-of-strings fields, date fields) its entries may carry
_LISTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "work": (("name", "location", "description", "position", "url", "summary"), ("highlights",),
             ("startDate", "endDate")),
    "volunteer": (("organization", "position", "url", "summary"), ("highlights",), ("startDate", "endDate")),
    "education": (("institution", "url", "area", "studyType", "score"), ("courses",), ("startDate", "endDate")),
    "awards": (("title", "awarder", "summary"), (), ("date",)),
    "certificates": (("name", "issuer", "url"), (), ("date",)),
    "publications": (("name", "publisher", "url", "summary"), (), ("releaseDate",)),
    "skills": (("name", "level"), ("keywords",), ()),
    "languages": (("language", "fluency"), (), ()),
    "interests": (("name",), ("keywords",), ()),
    "references": (("name", "reference"), (), ()),
    "projects": (("name", "description", "url", "entity", "type"), ("highlights", "keywords", "roles"),
                 ("startDate", "endDate")),
}
_BASICS = ("name", "label", "image", "email", "phone", "url", "summary")


def validate(data: Any) -> list[str]:
    """Problems with data as a JSON Resume (empty when it has the schema's shape)."""
    if not isinstance(data, dict):
        return ["the resume is not an object"]
    problems = []
    basics = data.get("basics", {})
    if not isinstance(basics, dict):
        problems.append("basics is not an object")
    else:
        problems += [f"basics.{k} is not a string" for k in _BASICS if k in basics and not isinstance(basics[k], str)]
        if not isinstance(basics.get("profiles", []), list):
            problems.append("basics.profiles is not a list")
        if not isinstance(basics.get("location", {}), dict):
            problems.append("basics.location is not an object")
    for key, (strings, lists, dates) in _LISTS.items():
        entries = data.get(key, [])
        if not isinstance(entries, list):
            problems.append(f"{key} is not a list")
            continue
        for i, entry in enumerate(entries):
            where = f"{key}[{i}]"
            if not isinstance(entry, dict):
                problems.append(f"{where} is not an object")
                continue
            problems += [f"{where}.{k} is not a string" for k in strings if k in entry and not isinstance(entry[k], str)]
            for k in lists:
                value = entry.get(k, [])
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    problems.append(f"{where}.{k} is not a list of strings")
            for k in dates:
                if k in entry and not (isinstance(entry[k], str) and _DATE.match(entry[k])):
                    problems.append(f"{where}.{k} is not an ISO 8601 date")
    return problems


def _dates(entry: Entry) -> dict[str, str]:
    out = {}
    for key, value in (("startDate", entry.start), ("endDate", entry.end)):
        if value and _DATE.match(value):
            out[key] = value
    return out


def _texts(items: list[Any], after: Mapping[str, str]) -> list[str]:
    return [after.get(i.id, i.text) for i in items]


def _section(out: dict[str, Any], section: Section, after: Mapping[str, str]) -> None:
    kind = section.kind
    loose = _texts(section.items, after)
    if kind == "contact":
        _contact(out["basics"], " | ".join(loose))
    elif kind == "summary":
        out["basics"]["summary"] = " ".join([out["basics"].get("summary", ""), *loose]).strip()
        loose = []
    elif kind == "skills":
        out.setdefault("skills", []).extend({"name": t} for t in loose)
        loose = []
    elif kind == "education":
        for e in section.entries:
            out.setdefault("education", []).append(
                {"institution": e.organisation or e.header, **({"studyType": e.title} if e.title else {}),
                 **_dates(e), **({"courses": _texts(e.items, after)} if e.items else {})})
    elif kind in ("experience", "projects", "other"):
        key = "work" if kind == "experience" else "projects"
        for e in section.entries:
            if kind == "experience":
                entry = {"name": e.organisation or e.header, **({"position": e.title} if e.title else {})}
            else:
                entry = {"name": e.title or e.organisation or e.header}
            if e.location:
                entry["location"] = e.location
            out.setdefault(key, []).append({**entry, **_dates(e), "highlights": _texts(e.items, after)})
    if loose and kind != "contact":
        out.setdefault("projects", []).append({"name": section.title or kind, "highlights": loose})


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\(?\d[\d ().-]{7,}\d")
_URL = re.compile(r"(?:https?://)?(?:www\.)?[\w-]+\.(?:com|org|net|io|dev|me|ai|co)(?:/[\w./-]*)?", re.I)


def _contact(basics: dict[str, Any], text: str) -> None:
    """Email, phone and web address from the contact lines, as written."""
    for key, pattern in (("email", _EMAIL), ("phone", _PHONE)):
        m = pattern.search(text)
        if m and key not in basics:
            basics[key] = m.group(0).strip()
    rest = _EMAIL.sub(" ", text)
    m = _URL.search(rest)
    if m and "url" not in basics:
        basics["url"] = m.group(0) if m.group(0).startswith("http") else "https://" + m.group(0)


def from_document(doc: Document, after: Mapping[str, str]) -> dict[str, Any]:
    """The document as a JSON Resume, each item's text replaced by after[item id] where given."""
    out: dict[str, Any] = {"basics": {"name": doc.name} if doc.name else {}}
    for section in doc.sections:
        _section(out, section, after)
    return out
