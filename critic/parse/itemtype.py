"""What each item is, as a reader would classify it: achievement, scope, summary, honour, skill line,
publication, education line or context (GUIDE item types).

The parser sets ``Item.type`` where the layout knows (a skills row, an awards section); this module fills
in the rest from the section kind and the item's own wording. It reads text only, so it runs after any
parser. Later stages decide what to judge by type: honours, skill lines, publications, education and
context lines are never judged as achievements.
"""

from __future__ import annotations

import re

from critic.model import Document, Entry, Item, Section

_AWARD_SECTION = re.compile(r"\b(award|honou?r|achievement|distinction|prize|scholarship|certif|licen[cs]e)", re.I)
_PUBLICATION_SECTION = re.compile(r"\b(publication|paper|talk|presentation|patent|press|speaking|writing)", re.I)
_SKILL_SECTION = re.compile(r"\b(skill|tool|technolog|stack|competenc|language|expertise|proficienc)", re.I)
_EDUCATION_SECTION = re.compile(r"\b(education|course|academic|training|degree)", re.I)
_CONTEXT_SECTION = re.compile(r"\b(interest|hobb|reference|contact|personal|volunteer interests)", re.I)

_HONOUR = re.compile(
    r"^\s*(awarded|received\b.*\b(award|prize|grant|scholarship|certification|fellowship)|winner|won\b.*"
    r"\b(award|prize|competition|hackathon)|recipient|finalist|ranked|ranking|top \d+\s*(%|percent)|"
    r"dean'?s list|promot(ed|ion) (from|to)|named\b.*\b(fellow|of the year)|certified\b|"
    r"(\w+\s){0,4}(award|prize|scholarship|fellowship|medal)( winner| recipient)?\s*[.,]?\s*$)",
    re.I,
)
# an honour named anywhere in the line: "Served in a faculty-awarded position", "Selected as one of 12 fellows"
# "52 out of 2,500 applicants chosen", "Selected to be a Kleiner Fellow"
_HONOUR_ANY = re.compile(
    r"\w-awarded\b|\b(selected|chosen|nominated) (as|for) (one|\d+) of\b"
    r"|\b\d[\d,]*\+? (out )?of [\d,]+\+? (applicants|candidates|entrants|entries|nominees|submissions)\b"
    r"|\b(selected|chosen|named) (as|to be) (an? |the )?(\w+ ){0,4}(fellow|scholar|finalist|laureate)s?\b"
    r"|\bwon (an? |the )?([\w-]+ ){0,3}(award|prize|medal|scholarship)s?\b", re.I)
_PUBLICATION = re.compile(
    r"(\bpatents?\b|\bpublished\b|\bproceedings\b|\bjournal\b|\bpreprint\b|\barxiv\b|\bdoi\b|"
    r"\bet al\.|^\s*[\"“][^\"”]{8,}[\"”]\s*(,|by|\()|\bkeynote\b|\bspeaker at\b)",
    re.I,
)
_SKILL_LEAD = re.compile(
    r"^\s*((skills?|tools?|technolog(y|ies)|tech stack|stack|languages?|frameworks?|platforms?|software|"
    r"libraries|databases|methods)\s*:|proficient (in|with)|proficiency in|familiar(ity)? with|knowledge of|experience (with|in)|"
    r"expertise in|working knowledge|working with|exposure to|(i )?(developed|gained|learned) (skills|a lot)"
    r"|(gained|enhanced|strengthened|honed|sharpened) ([\w-]+ ){0,4}?"
    r"(expertise|knowledge|skills|proficiency|understanding)\b(?! (base|graph|transfer))"
    r"|completed (an? |the )?([\w-]+ ){0,4}?(certification|certificate|course|bootcamp|training)( program(me)?)?\s*[.,]?\s*$"
    r"|certifications?)\b",
    re.I,
)
_SCOPE_LEAD = re.compile(
    r"^\s*(responsible for|accountable for|in charge of|tasked with|charged with|own|owns|owning|lead|leads|"
    r"leading|manage|manages|managing|run|runs|oversee|oversees|overseeing|supervise|supervises|direct|"
    r"directs|head|heads|use|uses|support|supports|serve as|serves as|act as|acts as|"
    r"(product|project|program|engineering|team|tech(nical)?) (owner|lead|manager) (for|of|on)|"
    r"point of contact|primary contact|my (role|job|duties|responsibilit\w+)|"
    r"(this|it|the role|the job|the position) (involved|included|consisted|entailed|required)|"
    r"i (was|served|worked|acted) as|as (a|an|the) \w+( \w+)?, i (was|had)|i had (many )?responsibilit)\b",
    re.I,
)
_SUMMARY_LEAD = re.compile(
    r"^\s*(i am|i'm|i have|passionate|seasoned|experienced|results?-driven|detail-oriented|motivated|"
    r"dedicated|highly|expertise|a \w+ (product|engineer|manager|designer|scientist|leader)|"
    r"(senior |staff |principal |lead )?(product|project|program|software|data|machine learning|ml|ai) "
    r"(manager|engineer|scientist|leader|analyst)\b)",
    re.I,
)
# a verb-led claim: a past-tense or base verb opening, or "I"/"We" + verb
_VERB_LEAD = re.compile(
    r"^\s*((co-|re-)?[a-z]+(ed|ght|ilt|ote|ew|an|on|ent|ade|old|ook|ove|ept|oke|ung|id|et|ut|ave)\b|"
    r"(i|we)\s+[a-z]+)",
    re.I,
)
_VERB = re.compile(
    r"\b((co-|re-)?[a-z]{3,}(ed|ing)|built|led|ran|won|made|grew|cut|set|drove|wrote|took|gave|"
    r"brought|began|saw|got|kept|sold|taught|thought|spent|sent|met|held|began|is|are|was|were|has|have|"
    r"own|owns|lead|leads|manage|manages|build|builds|design|designs|develop|develops|drive|drives|"
    r"create|creates|launch|launches|deliver|delivers|improve|improves|reduce|reduces)\b",
    re.I,
)
_LIST_SEP = re.compile(r"[,;|/•·]")
# "Acme is a ...", "Acme is building ...": a description of the company, not a claim of the candidate's
_DESCRIPTION = re.compile(r"^\s*(the )?[A-Z][\w&.'’-]*( [A-Z][\w&.'’-]*){0,5} (is|are|was|were) (a|an|the|building|"
                          r"one of|on a mission|dedicated|focused|an?\b)", re.U)
_AUTHORS = re.compile(r"^\s*([A-Z][a-z]+( [A-Z]\.)* [A-Z][\w'-]+, ){1,}(and )?[A-Z][a-z]+( [A-Z]\.)* [A-Z][\w'-]+\.")
_EDUCATION_LINE = re.compile(
    r"^\s*(concentration|minor|major|specialization|specialisation|coursework|relevant coursework|thesis|"
    r"dissertation|gpa|honou?rs degree|graduated|expected graduation)\b", re.I)
_LEARNING = re.compile(r"^\W*(\w+\W+){0,5}?i (learned|learnt|developed skills|gained (skills|experience|exposure))\b",
                       re.I)
_DATED_LEAD = re.compile(r"^\s*((19|20)\d{2}|\d{1,2}/\d{2,4})\b")


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w'’+#.-]*", text)


def looks_like_list(text: str) -> bool:
    """A run of names or areas separated by commas/semicolons with no clause of its own."""
    parts = [p.strip() for p in _LIST_SEP.split(text.rstrip(" .;")) if p.strip()]
    if len(parts) < 3:
        return False
    long_parts = sum(1 for p in parts if len(p.split()) > 4)
    return long_parts == 0 and not _VERB_LEAD.match(text) or (long_parts <= 1 and ":" in text[:40])


def _shouting(text: str) -> bool:
    """A short line set in capitals (a header or banner scrap), not a sentence of the candidate's."""
    letters = [c for c in text if c.isalpha()]
    return len(_words(text)) <= 12 and len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


# a tagline opening with an indefinite pronoun ("Everything that matters.", "All things data") claims nothing
_PRONOUN_TAGLINE = re.compile(r"^\W*(everything|anything|something|nothing|whatever|all things)\b", re.I)


def _is_fragment(text: str) -> bool:
    words = _words(text)
    if len(words) <= 2 or (len(words) <= 5 and _PRONOUN_TAGLINE.match(text)):
        return True
    return len(words) <= 4 and not _VERB.search(text)


def classify(item: Item, section: Section | None = None, entry: Entry | None = None) -> str:
    """The GUIDE item type of one item from its section and wording."""
    if item.kind == "answer":
        return "answer"
    text = item.text.strip()
    title = section.title if section is not None else item.section
    kind = section.kind if section is not None else item.section_kind
    if kind == "contact":
        return "summary" if len(_words(text)) >= 8 and _VERB.search(text) else "context"
    if kind == "skills" or (kind == "other" and _SKILL_SECTION.search(title or "")):
        return "skill"
    if kind == "other" and _AWARD_SECTION.search(title or ""):
        return "honour"
    if kind == "other" and _PUBLICATION_SECTION.search(title or ""):
        return "publication"
    if kind == "other" and _CONTEXT_SECTION.search(title or ""):
        return "context"
    if _is_fragment(text) or _DESCRIPTION.match(text) or _shouting(text):
        return "context"
    if _EDUCATION_LINE.match(text):
        return "education"
    if _LEARNING.match(text):
        return "skill"
    if _AUTHORS.match(text):
        return "publication"
    if _HONOUR.search(text) or _HONOUR_ANY.search(text):
        return "honour"
    if _PUBLICATION.search(text) and not _VERB_LEAD.match(text):
        return "publication"
    if _SKILL_LEAD.match(text) or (looks_like_list(text) and not _VERB_LEAD.match(text)
                                   and kind in ("skills", "other")):
        return "skill"
    if kind == "education" or (kind == "other" and _EDUCATION_SECTION.search(title or "")):
        return "achievement" if _VERB_LEAD.match(text) and len(_words(text)) >= 5 else "education"
    if kind == "summary" or item.kind == "summary":
        return "summary"
    if _SUMMARY_LEAD.match(text) and entry is None:
        return "summary"
    if _SCOPE_LEAD.match(text):
        return "scope"
    if looks_like_list(text) and not _VERB_LEAD.match(text):
        # "Web platform architecture, automation, mentoring.": a role's areas of work
        return "scope" if entry is not None else "skill"
    if not _VERB.search(text) and len(_words(text)) < 8:
        return "context"
    return "achievement"


def _settle(item: Item, section: Section, entry: Entry | None) -> None:
    if item.type is None:
        item.type = classify(item, section, entry)
    # a plain line that reads as a claim (a verb first, a sentence's length, not a dated header or a
    # lead-in) is judged like the bullet or summary sentence it is
    text = item.text.strip()
    if item.kind != "line" or len(_words(text)) < 5 or text.endswith(":") or _DATED_LEAD.match(text):
        return
    if item.type in ("achievement", "scope") and (_VERB_LEAD.match(text) or _SCOPE_LEAD.match(text)):
        item.kind = "bullet"
    elif item.type == "summary":
        item.kind = "summary"


def assign_types(doc: Document) -> Document:
    """Fill in ``Item.type`` for every item the parser left untyped, and judge plain lines that read as
    claims like bullets (in place; returns the document). Transcripts are left as they are."""
    if doc.kind == "transcript":
        for item in doc.items():
            if item.type is None and item.kind == "answer":
                item.type = "answer"
        return doc
    for section in doc.sections:
        for item in section.items:
            _settle(item, section, None)
        for entry in section.entries:
            for item in entry.items:
                _settle(item, section, entry)
    return doc
