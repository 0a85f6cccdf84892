"""The context a coach reads a bullet in: its role, how relevant and recent that role is, where the bullet
stands in it, whether it is about AI work, and whether the same claim was already made elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from critic.lexicons import bundled, read_entries
from critic.model import Document, Entry, Item
from critic.parse.itemtype import assign_types

RECENT_YEARS = 5  # any role that ended within this many years of the resume's latest date is relevant
DUPLICATE_SIMILARITY = 90  # rapidfuzz token-set ratio above which two items make the same claim
_YEAR = re.compile(r"(19|20)\d{2}")
_RELEVANT_ROLE = re.compile(
    r"\b(product|pm|ai|a\.i\.|ml|machine learning|data|analytic\w*|scien\w*|research\w*|engineer\w*|"
    r"develop\w*|software|design\w*|technical|technology|platform|growth|strategy|consult\w*|founder|"
    r"co-founder|cto|ceo|head of|director|lead|manager|architect|llm|nlp|computer vision|intelligence)\b",
    re.I,
)


_PRODUCT_WORK = re.compile(
    r"\b(product|roadmap|strategy|requirements?|user stories|user research|go-to-market|gtm|launch\w*|"
    r"pricing|prioriti[sz]\w*|discovery|customers?|users?|adoption|retention|onboarding|experiment\w*|"
    r"a/b|mvp|0-to-1|zero-to-one|stakeholders?|specs?|specifications?|prd)\b",
    re.I,
)


def product_work(text: str) -> bool:
    """Whether the item is about product work (strategy, roadmap, requirements, launch, users...)."""
    return bool(_PRODUCT_WORK.search(text))


_RELEVANT_WORK = re.compile(
    r"\b(product|data|analy[sz]\w*|software|engineer\w*|develop\w*|research\w*|model\w*|algorithm\w*|"
    r"statistic\w*|experiment\w*|users?|customers?|platform|api|sql|python|design\w*|launch\w*)\b",
    re.I,
)


@lru_cache(maxsize=1)
def ai_terms() -> tuple[re.Pattern[str], ...]:
    """The AI vocabulary (lexicons/ai-terms.txt, the AI_TERM spans' lexicon) as whole-word patterns."""
    # words too general alone for "this bullet is about AI work" ("model", "algorithm") are left out
    general = set(read_entries(bundled("ai-terms-general.txt"), lower=True))
    words = [re.escape(line) for line in read_entries(bundled("ai-terms.txt")) if line.lower() not in general]
    words.sort(key=len, reverse=True)
    # a term may lead a compound ("AI-powered", "LLM-based"), not end one ("non-AI") or join a word ("ML5")
    return (re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?!\w)"),
            re.compile(r"(?<![\w-])(" + "|".join(w for w in words if not w.isupper()) + r")(?!\w)", re.I))


def mentions_ai(text: str) -> bool:
    """Whether the text is about AI/ML/data-model work (acronyms case-sensitive, words not)."""
    exact, loose = ai_terms()
    return bool(exact.search(text) or loose.search(text))


@dataclass
class EntryInfo:
    """One role (entry), or a pseudo-entry for items outside any role (the summary, a project list)."""

    key: int
    index: int  # reading order among roles: 0 = the first (usually most recent) role
    relevant: bool
    summary: bool
    title: str
    entry: Entry | None = None
    ai: bool = False  # any item of the role mentions AI work


@dataclass
class ItemInfo:
    """An item with the context the advice gates read."""

    item: Item
    entry: EntryInfo
    position: int  # 0-based among the role's judged items
    ai: bool
    duplicate_of: str | None = None


def _end_year(entry: Entry, latest: int) -> int | None:
    if entry.end and str(entry.end).lower() == "present":
        return latest
    for value in (entry.end, entry.start):
        m = _YEAR.search(str(value or ""))
        if m:
            return int(m.group(0))
    return None


def _latest_year(doc: Document) -> int:
    years = [int(m.group(0)) for s in doc.sections for e in s.entries
             for v in (e.start, e.end) for m in [_YEAR.search(str(v or ""))] if m]
    return max(years) if years else 0


def _relevant(entry: Entry, end: int | None, latest: int, ai: bool) -> bool:
    """A product, AI/ML, data or adjacent role (by its header or its bullets), or any recent role."""
    if end is None or not latest or end >= latest - RECENT_YEARS or ai:
        return True
    header = " ".join(x for x in (entry.title, entry.organisation, entry.header) if x)
    return bool(_RELEVANT_ROLE.search(header)) or any(_RELEVANT_WORK.search(i.text) for i in entry.items)


def document_items(doc: Document) -> list[ItemInfo]:
    """Every item of a resume with its role context, in reading order (item types filled in)."""
    assign_types(doc)
    latest = _latest_year(doc)
    out: list[ItemInfo] = []
    key = 0
    role_index = 0
    for section in doc.sections:
        loose_summary = section.kind in ("summary", "contact")
        groups: list[tuple[Entry | None, list[Item]]] = []
        if section.items:
            groups.append((None, section.items))
        groups.extend((e, e.items) for e in section.entries)
        for entry, items in groups:
            ai = any(mentions_ai(i.text) for i in items)
            if entry is None:
                info = EntryInfo(key=key, index=role_index if not loose_summary else -1, relevant=True,
                                 summary=loose_summary or all(i.type == "summary" for i in items),
                                 title=section.title, ai=ai)
            else:
                end = _end_year(entry, latest)
                info = EntryInfo(key=key, index=role_index, relevant=_relevant(entry, end, latest, ai),
                                 summary=False, title=entry.title or entry.organisation or entry.header,
                                 entry=entry, ai=ai)
                if section.kind in ("experience", "projects", "other"):
                    role_index += 1
            key += 1
            position = 0
            for item in items:
                out.append(ItemInfo(item=item, entry=info, position=position, ai=mentions_ai(item.text)))
                if item.type in ("achievement", "scope", "summary"):
                    position += 1
    _mark_duplicates(out)
    return out


def _mark_duplicates(infos: list[ItemInfo]) -> None:
    seen: list[ItemInfo] = []
    for info in infos:
        if info.item.type not in ("achievement", "scope", "summary") or len(info.item.text) < 30:
            continue
        text = info.item.text.lower()
        for other in seen:
            if fuzz.token_set_ratio(text, other.item.text.lower()) >= DUPLICATE_SIMILARITY \
                    and abs(len(text) - len(other.item.text)) < 0.3 * len(text):
                info.duplicate_of = other.item.id
                break
        else:
            seen.append(info)
