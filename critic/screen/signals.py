"""The two content signals the screen looks for: a quantified AI impact and decision ownership.

- quantified AI impact: an AI term, a result and a measure in one clause (a sentence or a part set off
  by a semicolon or a dash) of an item. The AI term is one of critic.nlp's AI_TERM / MODEL spans (the
  one AI vocabulary, lexicons/ai-terms.txt: "LLM", "hallucination", "model drift" ...), or an AI-risk
  dimension (AI_RISK: cost, latency, errors, drift ...) when the role's own header names AI; the words
  lexicons/ai-terms-general.txt calls too general ("agent lists", "a pricing model") count only beside
  another AI term, in the item or in the role's header (a header naming only such a word names no AI). The
  result is a result verb or noun (signals.yaml: cut, improved, raising, achieving, lift ...). The
  measure (critic.numbers) is a percentage, money, a multiplier, a from-to change ..., or a count or
  value as the object of a change ("by 40 ms", "to 12,000"). Tenure ("15+ years"), counts of things
  ("170+ currencies"), counts of people ("a team of 6 ML engineers") are not impact; a bare duration
  counts only next to an AI-risk term ("cut retraining from three weeks to four days").
- decision ownership: a phrasing of a decision the candidate made (signals.yaml), not of work done.

Each signal records how many words of its item a reader must take in to have seen it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from critic import numbers, yamlio
from critic.advice.context import mentions_ai
from critic.errors import ConfigError
from critic.lexicons import read_yaml, word_list
from critic.model import Document
from critic.screen.sheet import Sheet, count_words

AI_IMPACT, OWNERSHIP = "ai_impact", "ownership"
_DATA = Path(__file__).with_name("signals.yaml")


@dataclass(frozen=True)
class Signal:
    """One signal found in one unit (an item, or a paragraph of summary sentences)."""

    kind: str  # ai_impact | ownership
    unit: str
    start: int  # char offsets into the unit text
    end: int
    text: str  # the evidence, e.g. "inference cost … 38%"
    word_end: int  # words of the unit up to the end of the evidence

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "unit": self.unit, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class _Tables:
    ownership: tuple[re.Pattern[str], ...]
    team_after: re.Pattern[str]
    team_before: re.Pattern[str]
    results: tuple[re.Pattern[str], ...]
    count_lead: re.Pattern[str]
    ambiguous: frozenset[str]
    not_models: tuple[re.Pattern[str], ...]
    verb_use: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """The compiled contents of signals.yaml, with the AI terms too general to count alone (the lexicon's)."""
    try:
        raw = read_yaml(_DATA)
        ownership = tuple(re.compile(p, re.IGNORECASE) for p in raw["ownership"])
        nouns = "|".join(sorted((re.escape(n) for n in raw["team_nouns"]), key=len, reverse=True))
        leads = "|".join(sorted((re.escape(n) for n in raw["team_lead_ins"]), key=len, reverse=True))
        results = tuple(re.compile(p, re.IGNORECASE) for p in raw["result_words"])
        count_lead = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in raw['count_lead_ins'])})\s+(?:[~≈]|about\s+|"
                                rf"roughly\s+|nearly\s+|over\s+|almost\s+)?[$€£]?$", re.IGNORECASE)
        not_models = tuple(re.compile(p, re.IGNORECASE) for p in raw["not_models"])
        verb_use = tuple(re.compile(p, re.IGNORECASE) for p in raw["verb_uses"])
    except (OSError, KeyError, TypeError, re.error, yamlio.YAMLError) as exc:
        raise ConfigError(f"{_DATA.name}: unreadable screen signal table ({exc})") from exc
    ambiguous = frozenset(word_list("ai-terms-general"))
    team_after = re.compile(rf"^\s*(?:[\w/-]+\s+){{0,2}}(?:{nouns})\b", re.IGNORECASE)
    team_before = re.compile(rf"\b(?:{leads})\s+(?:a\s+|an\s+)?$", re.IGNORECASE)
    return _Tables(ownership, team_after, team_before, results, count_lead, ambiguous, not_models, verb_use)


def _is_team_count(text: str, span: numbers.NumberSpan, t: _Tables) -> bool:
    if span.type not in ("count", "value"):
        return False
    return bool(t.team_after.match(text[span.end:span.end + 40]) or t.team_before.search(text[:span.start]))


def ownership_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of decision-ownership phrasings in text, in order."""
    found = set()
    for p in tables().ownership:
        for m in p.finditer(text):
            start = m.start()
            while start < m.end() and not text[start].isalnum():  # a clause lead-in: ", accepting" -> "accepting"
                start += 1
            lead = re.match(r"(?:and|then|by|while)\s+", text[start:m.end()])
            found.add((start + (lead.end() if lead else 0), m.end()))
    return sorted(found)


def _ai_spans(docs_text: list[str], model: str | None) -> list[dict[str, list[tuple[int, int]]]]:
    from critic import nlp

    out = []
    for doc in nlp.annotate(docs_text, model=model):
        spans: dict[str, list[tuple[int, int]]] = {}
        for label in ("AI_TERM", "MODEL", "AI_RISK"):
            spans[label] = [(s.start_char, s.end_char) for s in nlp.spans(doc, label)]
        out.append(spans)
    return out


_CLAUSE_RE = re.compile(r"(?<=[.!?;])\s+|\s+[—–]\s+|\s*\n\s*")
_OUTCOME_TYPES = frozenset({"percent", "money", "multiplier", "fraction", "from-to", "comparison", "rate", "ratio"})
_TENURE_RE = re.compile(r"^\+?\s*(?:years?|yrs?|months?)\b", re.IGNORECASE)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Char spans of the clauses of a text (sentences, and parts set off by a semicolon or a dash)."""
    out, start = [], 0
    for m in _CLAUSE_RE.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if b > a]


def _is_outcome(text: str, span: numbers.NumberSpan, clause_start: int, t: _Tables) -> bool:
    """A measure that can state a result: an outcome type, or a count or value as the object of a change."""
    if _is_team_count(text, span, t) or _TENURE_RE.match(text[span.end:span.end + 12]):
        return False
    if span.type in _OUTCOME_TYPES:
        return True
    return bool(t.count_lead.search(text[clause_start:span.start]))


def ai_impact_span(text: str, ai: dict[str, list[tuple[int, int]]], ai_context: bool) -> tuple[int, int] | None:
    """The span from the AI term to the measure of the first clause that states a quantified AI impact."""
    t = tables()
    models = [(a, b) for a, b in ai["MODEL"] if not any(p.match(text, a) for p in t.not_models)]
    terms = ai["AI_TERM"] + models
    terms = [(a, b) for a, b in terms if not any(p.search(text[max(0, a - 12):a]) for p in t.verb_use)]
    risks = ai["AI_RISK"]
    measures = numbers.measures(text)
    best: tuple[int, int] | None = None
    for c0, c1 in _clauses(text):
        inside = [(a, b) for a, b in terms if c0 <= a and b <= c1]
        plain = [(a, b) for a, b in inside if text[a:b].lower() not in t.ambiguous]
        anchors = inside if plain or ai_context else []  # a general word: beside an AI term, or in an AI role
        if ai_context:
            anchors += [(a, b) for a, b in risks if c0 <= a and b <= c1]
        clause = text[c0:c1]
        if not anchors or not any(p.search(clause) for p in t.results):
            continue
        clause_risks = [(a, b) for a, b in risks if c0 <= a and b <= c1]
        for m in measures:
            if not (c0 <= m.start and m.end <= c1) or not _is_outcome(text, m, c0, t):
                continue
            if m.type == "duration" and not clause_risks:
                continue
            for a0, a1 in anchors:
                if a0 < m.end and m.start < a1:  # the number is part of a model name or the term itself
                    continue
                span = (min(m.start, a0), max(m.end, a1))
                if best is None or (span[1], span[0]) < (best[1], best[0]):
                    best = span
        if best is not None:
            return best
    return best


def find_signals(texts: dict[str, str], context: dict[str, str] | None = None,
                 model: str | None = None) -> dict[str, list[Signal]]:
    """Signals per unit id. context: unit id -> the text of its role's header (for AI context)."""
    context = context or {}
    ids = sorted(texts)
    ctx_ids = sorted({u for u in ids if context.get(u)})
    annotated = _ai_spans([texts[u] for u in ids] + [context[u] for u in ctx_ids], model)
    spans = dict(zip(ids, annotated[: len(ids)], strict=True))
    # a header names AI as the advice reads AI work (lexicons/ai-terms.txt without its general words; "AI" in
    # "Document AI" counts, as a title names a team's field), or names a model
    ctx_ai = {u: bool(a["MODEL"]) or mentions_ai(context[u]) for u, a in zip(ctx_ids, annotated[len(ids):], strict=True)}
    out: dict[str, list[Signal]] = {}
    for uid in ids:
        text = texts[uid]
        found: list[Signal] = []
        hit = ai_impact_span(text, spans[uid], bool(ctx_ai.get(uid)))
        if hit is not None:
            start, end = hit
            found.append(Signal(AI_IMPACT, uid, start, end, text[start:end], count_words(text[:end])))
        own = ownership_spans(text)
        if own:
            s0, e0 = own[0]
            found.append(Signal(OWNERSHIP, uid, s0, e0, text[s0:e0], count_words(text[:e0])))
        if found:
            out[uid] = found
    return out


def sheet_signals(doc: Document, sheet: Sheet, model: str | None = None) -> dict[str, list[Signal]]:
    """Signals of every judged unit of the sheet (items of the document, grouped as laid out)."""
    texts = {uid: u.text for uid, u in sheet.units.items() if u.text.strip()}
    context: dict[str, str] = {}
    for uid, unit in sheet.units.items():
        if unit.entry is not None:
            si, ei = unit.entry
            context[uid] = doc.sections[si].entries[ei].header
    return find_signals(texts, context, model=model)
