"""BAD -> GOOD rewrites built from an item's own words plus the fired rules' rewrite data.

A rewrite never invents a fact: everything only the candidate knows becomes a ``[placeholder]`` with a
one-line question. Rules contribute edits in a fixed order -- restating black-box or vague ownership as a
first-person decision, then the measured result, the baseline or duration, the trade-off and last the
kill criterion -- so the GOOD reads as decision + result + trade-off + kill criterion.

Each rule's ``rewrite`` data::

    action: append | prepend | replace-match
    template: ", moving [metric] from [baseline] to [X]"
    placeholders: [{text: "[metric]", question: "Which number moved?", sample: "p95 latency"}]
    example: {bad: "...", good: "..."}

The guards that keep rewrites honest are library functions (used by the tests over every fixture and
labelled item): :func:`invented_numbers`, :func:`reflagged` and :func:`content_kept`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from critic.errors import CriticError
from critic.findings import Finding

# ---------------------------------------------------------------------------------------------------------
# data


@dataclass(frozen=True)
class Placeholder:
    """A gap only the candidate can fill, e.g. ``[baseline]``, with the question that fills it."""

    text: str
    question: str
    sample: str = ""  # an example value used only to check the rewrite; never shown as the candidate's

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "question": self.question}


@dataclass
class Rewrite:
    """One item's BAD -> GOOD pair."""

    bad: str
    good: str
    placeholders: list[Placeholder] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # rules whose rewrite data shaped GOOD, in order applied
    replaced: list[str] = field(default_factory=list)  # spans of BAD a replace-match edit removed on purpose

    def to_dict(self) -> dict[str, Any]:
        return {
            "bad": self.bad,
            "good": self.good,
            "placeholders": [p.to_dict() for p in self.placeholders],
            "rules": list(self.rules),
        }

    def filled(self) -> str:
        """GOOD with each placeholder replaced by its sample value (for the re-flag guard)."""
        return fill_placeholders(self.good, self.placeholders)


# ---------------------------------------------------------------------------------------------------------
# rule data access (rules may be objects or mappings; rewrite data may be a mapping or an object)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def rewrite_data(rule: Any) -> Mapping[str, Any] | None:
    """The rule's rewrite data as a mapping, or None when it has none."""
    data = _get(rule, "rewrite")
    if data is None:
        return None
    if isinstance(data, Mapping):
        return data
    keys = ("action", "template", "placeholders", "example")
    return {k: _get(data, k) for k in keys}


def canonical_example(rule: Any) -> tuple[str, str] | None:
    """The rule's canonical (BAD, GOOD) example pair, or None."""
    data = rewrite_data(rule)
    example = _get(data, "example") if data else None
    bad, good = _get(example, "bad"), _get(example, "good")
    if bad and good:
        return str(bad), str(good)
    return None


# The fixed order in which rules' edits are applied: stage of the rule, then rule id.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("restate", ("black-box", "ownership", "consensus", "passive", "deferr")),
    ("result", ("quantif", "outcome", "vanity", "tactic", "result", "impact")),
    ("baseline", ("baseline", "duration", "timeframe")),
    ("trade-off", ("trade-off", "tradeoff", "trade_off")),
    ("kill", ("kill", "monitor", "rollback", "stop")),
)


def stage_of(rule_id: str, theme: str = "") -> int:
    """Position of a rule's edit in the fixed rewrite order (unknown rules go last)."""
    for key in (rule_id.lower(), (theme or "").lower()):
        for index, (_, needles) in enumerate(STAGES):
            if any(n in key for n in needles):
                return index
    return len(STAGES)


# ---------------------------------------------------------------------------------------------------------
# text helpers

_PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,60}\]")
_TERMINAL = ".!?。！？"
_ACTIONS = ("append", "prepend", "replace-match")


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of every ``[...]`` placeholder in text."""
    return [m.span() for m in _PLACEHOLDER_RE.finditer(text)]


def _cap_first(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if ch == "[":  # a placeholder at the start stays as written
            return text
    return text


def _lower_first_word(text: str) -> str:
    """Lower-case a Titlecase first word so a prefix can lead ("Worked on" -> "worked on").

    Acronyms ("LLM"), "I", mixed case ("iOS", "OpenAI") and words with digits stay as written.
    """
    match = re.match(r"\s*([A-Za-z][\w'-]*)", text)
    if not match:
        return text
    word = match.group(1)
    if word == "I" or not (word[0].isupper() and word[1:] == word[1:].lower()) or any(c.isdigit() for c in word):
        return text
    if len(word) == 1:
        return text
    i = match.start(1)
    return text[:i] + word[0].lower() + text[i + 1 :]


def _split_terminal(text: str) -> tuple[str, str]:
    """Split trailing terminal punctuation (and closing quotes/brackets after it) from text."""
    body = text.rstrip()
    end = len(body)
    while end > 0 and body[end - 1] in _TERMINAL + "\"')":
        if body[end - 1] in "\"')" and (end < 2 or body[end - 2] not in _TERMINAL):
            break
        end -= 1
    return body[:end], body[end:]


def tidy(text: str, *, multi_sentence: bool = False) -> str:
    """Normalise joins: single spaces, no doubled or dangling punctuation, capitalised, one final period."""
    out = re.sub(r"\s+", " ", text).strip()
    out = re.sub(r"\s+([,;:.!?])", r"\1", out)  # no space before punctuation
    out = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)  # ",," ", ;" -> first mark
    out = re.sub(r"[,;:]\s*([.!?])", r"\1", out)  # ", ." -> "."
    out = re.sub(r"\.(?:\s*\.)+", ".", out)  # ".." ". ." -> "."
    out = re.sub(r"([,;:])(?=[^\s\d\]])", r"\1 ", out)  # space after a mark (not inside numbers)
    out = re.sub(r"\(\s+", "(", out)
    out = re.sub(r"\s+\)", ")", out)
    out = out.strip(" ,;:")
    out = _cap_first(out)
    if not out:
        return out
    body, terminal = _split_terminal(out)
    if not multi_sentence or not terminal:
        terminal = terminal if terminal in ("?", "!") and multi_sentence else "."
    return body.rstrip(" ,;:") + terminal


_ABBREVIATIONS = ("etc", "inc", "ltd", "corp", "co", "e.g", "i.e", "vs", "u.s")


def _insert_before_terminal(text: str, clause: str) -> str:
    body, terminal = _split_terminal(text)
    if terminal.startswith(".") and body.lower().endswith(_ABBREVIATIONS):
        body, terminal = body + ".", terminal[1:]  # "etc." keeps its period
    return f"{body.rstrip(' ,;:')}{clause}{terminal}"


def _is_sentence_template(template: str) -> bool:
    """A template that starts with a capital letter is added as a sentence of its own."""
    stripped = template.lstrip()
    return bool(stripped) and (stripped[0].isupper() or stripped.startswith("["))


def _join_clause(text: str, template: str) -> str:
    """Append a clause template (", moving ...") before the final period, or a sentence template after it."""
    if _is_sentence_template(template):
        body, terminal = _split_terminal(text)
        return f"{body.rstrip(' ,;:')}{terminal or '.'} {template.strip()}"
    glue = "" if template[:1] in ",;:" else " "
    if template[:1] in "—–-":
        glue = " "
    return _insert_before_terminal(text, glue + template.rstrip())


def _is_sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in _TERMINAL


# ---------------------------------------------------------------------------------------------------------
# placeholders

_NUMERIC_HINT = re.compile(r"(?:\bX\b|\bN\b|%|\$|#|\bnumber\b|\bcount\b|\bthreshold\b)", re.I)


def default_sample(placeholder: str) -> str:
    """A sample value for a placeholder whose rule gave none (used only by the re-flag guard)."""
    inner = placeholder.strip("[]").strip()
    low = inner.lower()
    if "%" in inner:
        return "12%"
    if "$" in inner or "cost" in low or "budget" in low:
        return "$40k"
    if "week" in low:
        return "6 weeks"
    if "day" in low:
        return "14 days"
    if "month" in low:
        return "3 months"
    if _NUMERIC_HINT.search(inner):
        return "12%"
    return inner


def _placeholder_specs(data: Mapping[str, Any]) -> list[Placeholder]:
    out: list[Placeholder] = []
    for spec in _get(data, "placeholders") or []:
        text = str(_get(spec, "text") or "").strip()
        if not text:
            continue
        question = str(_get(spec, "question") or "").strip() or f"What is {text.strip('[]')}?"
        sample = str(_get(spec, "sample") or "").strip() or default_sample(text)
        out.append(Placeholder(text, question, sample))
    return out


def fill_placeholders(good: str, placeholders: Iterable[Placeholder]) -> str:
    """Replace each placeholder in GOOD by its sample value."""
    samples = {p.text: (p.sample or default_sample(p.text)) for p in placeholders}

    def sub(m: re.Match[str]) -> str:
        return samples.get(m.group(0)) or default_sample(m.group(0))

    return _PLACEHOLDER_RE.sub(sub, good)


# ---------------------------------------------------------------------------------------------------------
# the rewrite


@dataclass
class _Edit:
    rule: str
    stage: int
    action: str
    template: str
    placeholders: list[Placeholder]
    match: tuple[int, int] | None = None  # replace-match: span in BAD


RuleLookup = Mapping[str, Any] | Callable[[str], Any]


def _lookup(rules: RuleLookup, rule_id: str) -> Any:
    if callable(rules) and not isinstance(rules, Mapping):
        try:
            return rules(rule_id)
        except (LookupError, CriticError):  # an unknown rule has no rewrite data
            return None
    return rules.get(rule_id)


def _template_for(data: Mapping[str, Any], kind: str) -> str:
    """A rule's template: one string, or a mapping of item kind -> string with an optional "default"."""
    template = _get(data, "template")
    if isinstance(template, Mapping):
        template = template.get(kind) or template.get("default") or ""
    return str(template or "")


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is whole words (not "assisted" inside "AI-assisted")."""
    def joined(a: str, b: str) -> bool:
        return (a.isalnum() and b.isalnum()) or (a in "-/" and b.isalnum()) or (a.isalnum() and b in "-/")

    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not joined(before, text[start]) and not joined(text[end - 1], after)


def _match_span(bad: str, finding: Finding) -> tuple[int, int] | None:
    """The span of the finding's first "match" evidence, when it covers whole words of BAD."""
    for ev in finding.evidence:
        if ev.kind != "match":
            continue
        if ev.start is not None and ev.end is not None and 0 <= ev.start < ev.end <= len(bad):
            span = ev.start, ev.end
        elif ev.text and ev.text.lower() in bad.lower():
            index = bad.lower().find(ev.text.lower())
            span = index, index + len(ev.text)
        else:
            continue
        return span if _on_word_boundaries(bad, *span) else None
    return None


def _edits(bad: str, kind: str, findings: Sequence[Finding], rules: RuleLookup) -> list[_Edit]:
    edits: list[_Edit] = []
    seen: set[str] = set()
    for finding in findings:
        if finding.rule in seen:
            continue
        seen.add(finding.rule)
        rule = _lookup(rules, finding.rule)
        data = rewrite_data(rule) if rule is not None else None
        if not data:
            continue
        action = str(_get(data, "action") or "append")
        template = _template_for(data, kind)
        if action not in _ACTIONS or not template.strip():
            continue
        span = _match_span(bad, finding) if action == "replace-match" else None
        if action == "replace-match" and span is None:
            continue
        edits.append(_Edit(finding.rule, stage_of(finding.rule, str(_get(rule, "theme") or "")), action,
                           template, _placeholder_specs(data), span))
    edits.sort(key=lambda e: (e.stage, e.rule))
    return edits


BASELINE_STAGE = next(i for i, (name, _) in enumerate(STAGES) if name == "baseline")
_CHANGE_TYPES = ("percent", "money", "multiplier", "fraction", "time", "ratio", "value", "comparison")


def _measure_end(text: str) -> int | None:
    """End of the first measured change in text ("by 17%", "to 450ms"), unless it ends the text."""
    try:
        from critic.numbers import measures
    except ImportError:  # pragma: no cover - number semantics ship with the rule engine
        return None
    body, _ = _split_terminal(text)
    for span in measures(body):
        if span.type in _CHANGE_TYPES:
            rest = body[span.end :]
            if not rest.strip(" ,;:"):
                return None
            return span.end
    return None


def _compose(bad: str, edits: Sequence[_Edit], *, multi_sentence: bool) -> tuple[str, list[str], list[str]]:
    """Apply edits to BAD; returns (GOOD, rules applied in order, replaced spans)."""
    applied: list[str] = []
    replaced: list[str] = []
    text = re.sub(r"[\s,;:]+$", "", bad.strip())
    # 1. replace-match edits against BAD's own offsets, right to left so earlier offsets stay valid;
    #    an edit overlapping one from an earlier stage is dropped.
    taken: list[tuple[int, int, _Edit]] = []
    for edit in edits:
        if edit.action != "replace-match" or edit.match is None:
            continue
        s, e = edit.match
        if any(s < te and ts < e for ts, te, _ in taken):
            continue
        taken.append((s, e, edit))
    offset = len(bad) - len(bad.lstrip())
    for s, e, edit in sorted(taken, key=lambda t: -t[0]):
        s, e = s - offset, e - offset
        if s < 0:
            continue
        replacement = edit.template.strip()
        if _is_sentence_start(text, s):
            replacement = _cap_first(replacement)
        # keep the space structure around the replaced span
        text = text[:s] + replacement + text[e:]
        replaced.append(bad[s + offset : e + offset])
    applied.extend(edit.rule for _, _, edit in sorted(taken, key=lambda t: (t[2].stage, t[2].rule)))
    # 2. prepends, in stage order, as one lead-in
    prefixes = [e for e in edits if e.action == "prepend"]
    if prefixes:
        lead = " ".join(p.template.strip() for p in prefixes)
        text = f"{lead} {_lower_first_word(text)}" if not lead.endswith((".", "!", "?")) else f"{lead} {text}"
        applied.extend(p.rule for p in prefixes)
    # 3. appends in stage order; a baseline/duration clause goes right after the change it qualifies
    for edit in edits:
        if edit.action == "append":
            anchor = _measure_end(text) if edit.stage == BASELINE_STAGE else None
            if anchor is not None and not _is_sentence_template(edit.template):
                text = f"{text[:anchor]} {edit.template.strip()}{text[anchor:]}"
            else:
                text = _join_clause(text, edit.template)
            applied.append(edit.rule)
    return tidy(text, multi_sentence=multi_sentence), applied, replaced


def _collect_placeholders(good: str, edits: Sequence[_Edit], applied: Sequence[str]) -> list[Placeholder]:
    specs: dict[str, Placeholder] = {}
    for edit in edits:
        if edit.rule not in applied:
            continue
        for p in edit.placeholders:
            specs.setdefault(p.text, p)
        for m in _PLACEHOLDER_RE.finditer(edit.template):  # brackets in a template without a spec
            specs.setdefault(m.group(0), Placeholder(m.group(0), f"What is {m.group(0).strip('[]')}?",
                                                     default_sample(m.group(0))))
    found: list[tuple[int, Placeholder]] = []
    for text, p in specs.items():
        index = good.find(text)
        if index >= 0:
            found.append((index, p))
    found.sort(key=lambda t: (t[0], t[1].text))
    return [p for _, p in found]


def rewrite(
    text: str,
    kind: str,
    findings: Sequence[Finding],
    rules: RuleLookup,
    *,
    check: Callable[[str, str], Sequence[Finding]] | None = None,
) -> Rewrite | None:
    """Rewrite a flagged item; None when no fired rule carries rewrite data.

    rules: rule id -> Rule (a mapping or a lookup function such as ``Engine.rule``).
    check: optional ``Engine.check_text``; when given, a later rule's edit is skipped if the GOOD built so
    far (placeholders filled with samples) already clears that rule -- so "measured result" and "output not
    outcome" do not both append a metric clause.
    """
    edits = _edits(text, kind, findings, rules)
    if not edits:
        return None
    multi = kind == "answer"
    if check is not None:
        kept: list[_Edit] = []
        for edit in edits:
            if kept and edit.action != "replace-match":
                good, applied, _ = _compose(text, kept, multi_sentence=multi)
                filled = fill_placeholders(good, _collect_placeholders(good, kept, applied))
                if edit.rule not in {f.rule for f in check(filled, kind)}:
                    continue
            kept.append(edit)
        edits = kept
    good, applied, replaced = _compose(text, edits, multi_sentence=multi)
    return Rewrite(bad=text, good=good, placeholders=_collect_placeholders(good, edits, applied),
                   rules=applied, replaced=replaced)


def rewrite_for(engine: Any, text: str, kind: str, findings: Sequence[Finding]) -> Rewrite | None:
    """Rewrite with a rule engine: its rules' rewrite data, and its check_text to skip redundant edits."""
    return rewrite(text, kind, findings, engine.rule, check=engine.check_text)


# ---------------------------------------------------------------------------------------------------------
# guards

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion half halved double doubled twice triple tripled quadrupled tenfold dozen".split()
)


def _strip_placeholders(text: str) -> str:
    return _PLACEHOLDER_RE.sub(" ", text)


def numbers_in(text: str) -> list[str]:
    """Numbers (digit runs, with their decimal/thousands separators) and number words in text, lower-cased."""
    digits = [m.group(0).rstrip(".,") for m in _NUMBER_RE.finditer(text)]
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w in NUMBER_WORDS]
    return digits + words


def invented_numbers(bad: str, good: str) -> list[str]:
    """Guard (a): numbers in GOOD, outside placeholders, that do not appear in BAD (empty = honest)."""
    have = set(numbers_in(bad))
    return [n for n in numbers_in(_strip_placeholders(good)) if n not in have]


def reflagged(check: Callable[[str, str], Sequence[Finding]], rw: Rewrite, rule_ids: Iterable[str],
              kind: str) -> list[str]:
    """Guard (b): of rule_ids, those that still flag GOOD once its placeholders hold sample values."""
    fired = {f.rule for f in check(rw.filled(), kind)}
    return sorted(r for r in set(rule_ids) if r in fired)


# Guard (c). Key content words are BAD's words that are not stop words (acronyms such as "ML" count),
# minus the span a replace-match edit removed on purpose (the black-box phrase itself). A key word is kept
# when some GOOD word scores >= WORD_MATCH on rapidfuzz's fuzz.ratio (normalised Indel similarity):
# inflections of the same word score well above it ("model"/"models" 91, "improve"/"improved" 93,
# "recommendation"/"recommendations" 97) while different short words fall below ("cost"/"cast" 75,
# "team"/"teams" 89 passes, "drift"/"draft" 80 fails). A rewrite only adds words, so a healthy one keeps
# every key word; KEEP_THRESHOLD = 0.9 leaves room for a tidy-up that changes one word in ten (e.g. a
# duplicated punctuation token) and still fails a rewrite that drops the candidate's system or numbers.
WORD_MATCH = 85
KEEP_THRESHOLD = 0.9

_STOP_WORDS: frozenset[str] | None = None


def _stop_words() -> frozenset[str]:
    global _STOP_WORDS
    if _STOP_WORDS is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP_WORDS = frozenset(STOP_WORDS)
    return _STOP_WORDS


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9+#.%'-]*[A-Za-z0-9%+#]|[A-Za-z0-9]", text)


def key_words(bad: str, removed: Iterable[str] = ()) -> list[str]:
    """BAD's key content words (lower-cased, in order, deduplicated), minus words of removed spans."""
    stop = _stop_words()
    gone = {w.lower() for span in removed for w in _words(span)}
    out: list[str] = []
    for w in _words(bad):
        low = w.lower()
        if low in gone or low in stop or low in out:
            continue
        if len(low) < 3 and not (w.isupper() or any(c.isdigit() for c in w)):
            continue
        out.append(low)
    return out


def content_kept(bad: str, good: str, removed: Iterable[str] = ()) -> float:
    """Guard (c): share of BAD's key content words that GOOD keeps (1.0 when BAD has none)."""
    keys = key_words(bad, removed)
    if not keys:
        return 1.0
    candidates = [w.lower() for w in _words(_strip_placeholders(good))]
    if not candidates:
        return 0.0
    kept = sum(
        1 for k in keys
        if process.extractOne(k, candidates, scorer=fuzz.ratio, score_cutoff=WORD_MATCH) is not None
    )
    return kept / len(keys)


def keeps_content(rw: Rewrite) -> bool:
    """Guard (c) as a verdict: GOOD keeps at least KEEP_THRESHOLD of BAD's key content words."""
    return content_kept(rw.bad, rw.good, rw.replaced) >= KEEP_THRESHOLD
