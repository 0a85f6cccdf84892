"""BAD -> GOOD rewrites built from an item's own words plus the fired rules' rewrite data.

A rewrite never invents a fact: everything only the candidate knows becomes a ``[placeholder]`` with a
one-line question. Each rule that fired is answered by the GOOD itself, in a fixed order of *roles*:

1. **decision** -- black-box or vague-ownership phrasing is restated in place as the writer's own
   decision ("Partnered with the data team to ..." -> "Decided [what you decided] with the data team to ...");
2. **framing**, then the **result**, the **baseline** (inserted right after the change it qualifies when
   the sentence allows it), the **trade-off** and last the **kill criterion**.

Rules that ask for the same thing share one part: "missing quantification", "output not outcome" and
"tactic without outcome" all get one measured-result part; a kill criterion also answers "vague
monitoring". Nothing else is skipped: a part is never dropped because a *sample* value happens to satisfy
a rule.

How a part is written depends on the item (see docs/review.md, "Rewrites"):

- a short, single-sentence bullet keeps its sentence and takes the first part as a clause at its end
  (the rule's ``template``); further parts follow as short labelled sentences ("Trade-off: ...");
- a long or multi-sentence bullet and a summary keep their text and add labelled sentences;
- an interview answer is spoken: first-person sentences ("The trade-off: I gave up ...").

Each rule's ``rewrite`` data::

    action: append | prepend | replace-match
    template: ", moving [result metric] from [before] to [after]"
    placeholders: [{text: "[result metric]", question: "Which number moved?", sample: "p95 latency"}]
    example: {bad: "...", good: "..."}

The guards that keep rewrites honest are library functions (used by the tests over every fixture and
labelled item): :func:`invented_numbers`, :func:`reflagged` and :func:`content_kept`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

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
    rules: list[str] = field(default_factory=list)  # rules GOOD answers, in the order their parts appear
    replaced: list[str] = field(default_factory=list)  # words of BAD an edit removed or re-inflected on purpose

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
    if type(obj) is dict or isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def rewrite_data(rule: Any) -> Mapping[str, Any] | None:
    """The rule's rewrite data as a mapping, or None when it has none."""
    data = _get(rule, "rewrite")
    if data is None:
        return None
    if type(data) is dict or isinstance(data, Mapping):
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


# ---------------------------------------------------------------------------------------------------------
# roles: what each built-in rule asks for, and how its part is written outside a clause


ROLES = ("decision", "framing", "commitment", "result", "baseline", "trade-off", "kill", "other")


@dataclass(frozen=True)
class Part:
    """How a rule's ask is placed in GOOD.

    role: what the rule asks for; rules of one role share a single part, supplied by the fired rule with
    the lowest ``rank``. answers: further roles that part also answers. The sentence forms are used
    outside clause position (``note`` for bullets, ``summary`` for summaries, ``spoken`` for answers; the
    ``*_plan`` variants when the item describes a plan); each may use only placeholders the rule declares,
    and an empty form means "use the rule's template".
    """

    role: str
    rank: int = 0
    answers: tuple[str, ...] = ()
    note: str = ""
    note_plan: str = ""
    summary: str = ""
    spoken: str = ""
    spoken_plan: str = ""
    restate: bool = False  # a decision restated in place (the rule's template gives verb and placeholder)
    decides: bool = False  # the restatement may also answer a deferral or add ", deciding [...] myself"
    inline: bool = False  # inserted right after the measured change it qualifies


def _result(metric: str, rank: int) -> Part:
    return Part(
        "result", rank,
        note=f"Result: {metric} moved from [before] to [after].",
        note_plan=f"Target: {metric} from [before] to [after].",
        summary=f"Best result: {metric} moved from [before] to [after].",
        spoken=f"The result: {metric} went from [before] to [after].",
        spoken_plan=f"Success means {metric} moves from [before] to [after].",
    )


PARTS: dict[str, Part] = {
    "black-box-language": Part("decision", 0, restate=True, decides=True),
    "vague-ownership": Part("decision", 1, restate=True),
    "deference": Part("commitment", answers=("kill",)),
    "consensus-instead-of-decision": Part(
        "decision", 3,
        note="My call: [your decision], because [your reason].",
        spoken="I decided [your decision] because [your reason].",
        spoken_plan="My call: [your decision], because [your reason].",
    ),
    "solution-first": Part("framing"),
    "vague-cost-estimate": Part("result", 0),
    "output-not-outcome": _result("[business metric]", 1),
    "tactic-without-outcome": _result("[product metric]", 2),
    "missing-quantification": _result("[result metric]", 3),
    "missing-baseline": Part(
        "baseline", inline=True,
        note="Baseline: [baseline], measured over [period].",
        spoken="That is against a baseline of [baseline], measured over [period].",
    ),
    "missing-trade-off": Part(
        "trade-off",
        note="Trade-off: gave up [what you gave up] for [what you gained].",
        note_plan="Trade-off: giving up [what you gave up] for [what you gained].",
        spoken="The trade-off: I gave up [what you gave up] for [what you gained].",
        spoken_plan="The trade-off: I'd give up [what you gave up] for [what you gained].",
    ),
    "missing-kill-criteria": Part(
        "kill", 0,
        note="Kill criterion: [roll back] if [metric to watch] crosses [threshold] within [N days].",
        spoken="My kill criterion: [roll back] if [metric to watch] crosses [threshold] within [N days].",
    ),
    "vague-monitoring": Part(
        "kill", 1,
        note="Alert: [owner] is paged when [metric to watch] crosses [threshold] over [window].",
        spoken="The alert: [owner] gets paged when [metric to watch] crosses [threshold] over [window].",
    ),
}

# Rules critic does not know (a coach's pack) keep their own part; the fixed order places it by the
# words of its id or theme.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("restate", ("black-box", "ownership", "consensus", "passive", "deferr")),
    ("result", ("quantif", "outcome", "vanity", "tactic", "result", "impact")),
    ("baseline", ("baseline", "duration", "timeframe")),
    ("trade-off", ("trade-off", "tradeoff", "trade_off")),
    ("kill", ("kill", "monitor", "rollback", "stop")),
)
_STAGE_ROLE = {"restate": "decision", "result": "result", "baseline": "baseline", "trade-off": "trade-off",
               "kill": "kill"}


def stage_of(rule_id: str, theme: str = "") -> int:
    """Position of a rule's part in the fixed rewrite order (unknown rules go last)."""
    part = PARTS.get(rule_id)
    if part is not None:
        role = part.role if part.role in _STAGE_ROLE.values() else "decision"
        return next(i for i, (name, _) in enumerate(STAGES) if _STAGE_ROLE[name] == role)
    for key in (rule_id.lower(), (theme or "").lower()):
        for index, (_, needles) in enumerate(STAGES):
            if any(n in key for n in needles):
                return index
    return len(STAGES)


def _role_index(rule_id: str, theme: str) -> int:
    part = PARTS.get(rule_id)
    if part is not None:
        return ROLES.index(part.role)
    stage = stage_of(rule_id, theme)
    return ROLES.index(_STAGE_ROLE[STAGES[stage][0]]) if stage < len(STAGES) else ROLES.index("other")


# ---------------------------------------------------------------------------------------------------------
# text helpers

_PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,60}\]")
_TERMINAL = ".!?。！？"
_ACTIONS = ("append", "prepend", "replace-match")


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of every ``[...]`` placeholder in text."""
    return [m.span() for m in _PLACEHOLDER_RE.finditer(text)]


def _cap_first(text: str) -> str:
    """Capitalise the first letter, unless the text opens with a number or a placeholder ("500k", "[X]")."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if ch == "[" or ch.isdigit():
            return text
    return text


def _lower_first_word(text: str) -> str:
    """Lower-case a Titlecase first word so a prefix can lead ("Worked on" -> "worked on").

    Acronyms ("LLM"), "I", mixed case ("iOS", "OpenAI") and words with digits stay as written.
    """
    match = re.match(r"\s*([A-Za-z][\w'’-]*)", text)
    if not match:
        return text
    word = match.group(1)
    if re.fullmatch(r"I(?:['’].*)?", word):
        return text
    if not (word[0].isupper() and word[1:] == word[1:].lower()) or any(c.isdigit() for c in word):
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


# URLs, e-mail addresses and ellipses pass through tidy() untouched
_PROTECTED_RE = re.compile(r"\S*(?:://|www\.|@)\S*[\w/]|\.{3,}|…")


# tidy's clean-up steps, each with text one of whose strings its regex needs to match at all: a step whose
# strings are all absent cannot change the text and is skipped (whitespace is single spaces by then)
_TIDY_STEPS = [(re.compile(pattern), repl, needs) for pattern, repl, needs in (
    (r"\s+([,;:.!?])", r"\1", (" ,", " ;", " :", " .", " !", " ?")),  # no space before punctuation
    (r"([,;:])(?:\s*[,;:])+", r"\1", (",", ";", ":")),  # ",," ", ;" -> first mark
    (r"[,;:]\s*([.!?])", r"\1", (",", ";", ":")),  # ", ." -> "."
    (r"\.(?:\s*\.)+", ".", (".",)),  # ".." ". ." -> "."
    (r"([,;:])(?=[A-Za-z\[])", r"\1 ", (",", ";", ":")),  # a space after a mark before a word
    (r"\(\s+", "(", ("( ",)),
    (r"\s+\)", ")", (" )",)),
)]
_PROTECTED_NEEDS = ("://", "www.", "@", "...", "…")  # what a _PROTECTED_RE match holds
_KEPT_RE = re.compile(r"\x00(\d+)\x00")


def tidy(text: str, *, multi_sentence: bool = False) -> str:
    """Normalise joins: single spaces, no doubled or dangling punctuation, capitalised, one final period."""
    out = " ".join(text.split())  # re.sub(r"\s+", " ", text).strip(): \s and str.split agree on whitespace
    kept: list[str] = []

    def protect(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    if any(s in out for s in _PROTECTED_NEEDS):
        out = _PROTECTED_RE.sub(protect, out)
    for regex, repl, needs in _TIDY_STEPS:
        if any(s in out for s in needs):
            out = regex.sub(repl, out)
    if "\x00" in out:
        out = _KEPT_RE.sub(lambda m: kept[int(m.group(1))], out)
    out = out.strip(" ,;:")
    out = _cap_first(out)
    if not out:
        return out
    body, terminal = _split_terminal(out)
    if not multi_sentence or not terminal:
        terminal = terminal if terminal in ("?", "!") and multi_sentence else "."
    return body.rstrip(" ,;:") + terminal


_ABBREVIATION_RE = re.compile(
    r"(?:^|[\s(])(?:etc|inc|ltd|corp|co|e\.g|i\.e|vs|u\.s|u\.k|dept|approx|est|govt|intl|no|jr|sr|dr|mr|ms|mrs|"
    r"st|a\.m|p\.m)$", re.I)


def _is_sentence_template(template: str) -> bool:
    """A template that starts with a capital letter is added as a sentence of its own."""
    stripped = template.lstrip()
    return bool(stripped) and (stripped[0].isupper() or stripped.startswith("["))


def _clause_text(template: str) -> str:
    """A clause template with the glue it needs in front (", moving ..." / " from ...")."""
    body = template.rstrip()
    if body[:1] in ",;:":
        return body
    return " " + body.lstrip()


def _sentence_text(template: str) -> str:
    out = _cap_first(template.strip())
    return out if out[-1:] in _TERMINAL else out + "."


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
# verbs: inflecting the decision verb to the form of the phrase it replaces


@lru_cache(maxsize=1)
def _irregular_forms() -> dict[str, tuple[str, ...]]:
    """lemma -> its irregular forms, from lexicons/verb-forms.txt ("choose: chose chosen")."""
    from critic.resources import data_dir

    table: dict[str, tuple[str, ...]] = {}
    path = data_dir("lexicons") / "verb-forms.txt"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        lemma, sep, forms = line.partition(":")
        if sep and lemma.strip():
            table[lemma.strip()] = tuple(forms.split())
    return table


def _lemma(word: str) -> str:
    from critic.nlp import lemma_of

    return lemma_of(word)


def _is_verb(word: str) -> bool:
    from critic.nlp import verb_table

    return word.lower() in verb_table()


def _doubles(lemma: str) -> bool:
    """Whether a short stressed verb doubles its last consonant (ship -> shipped, cap -> capping)."""
    return bool(re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", lemma)) and len(lemma) <= 4


def inflect(lemma: str, form: str) -> str:
    """``lemma`` in ``form``: base | past | participle | gerund | third."""
    irregular = [f for f in _irregular_forms().get(lemma, ()) if not f.endswith("ing")]
    irregular_ing = [f for f in _irregular_forms().get(lemma, ()) if f.endswith("ing")]
    if form == "base":
        return lemma
    if form in ("past", "participle"):
        if irregular:
            return irregular[1] if form == "participle" and len(irregular) > 1 else irregular[0]
        if lemma.endswith("e"):
            return lemma + "d"
        if re.search(r"[^aeiou]y$", lemma):
            return lemma[:-1] + "ied"
        return lemma + lemma[-1] + "ed" if _doubles(lemma) else lemma + "ed"
    if form == "gerund":
        if irregular_ing:
            return irregular_ing[0]
        if lemma.endswith("ie"):
            return lemma[:-2] + "ying"
        if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
            return lemma[:-1] + "ing"
        return lemma + lemma[-1] + "ing" if _doubles(lemma) else lemma + "ing"
    if re.search(r"(s|x|z|ch|sh)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


_AUX_FORM = {"was": "past", "were": "past", "been": "participle", "is": "third", "'s": "third", "am": "base",
             "are": "base", "'m": "base", "'re": "base", "be": "base", "being": "gerund"}
_BASE_BEFORE = {"i", "we", "you", "they", "to", "will", "'ll", "would", "'d", "can", "could", "should", "must",
                "shall", "may", "might", "and", "or", "also", "then", "let", "'s"}


def _form_of(word: str) -> str:
    """The inflection of ``word`` (a verb, or an adjective such as "responsible": read as past)."""
    low, lemma = word.lower(), _lemma(word)
    if low.endswith("ing") and low != lemma:
        return "gerund"
    if low == lemma and _is_verb(low):
        return "base"
    if low == lemma + "s" or low == lemma + "es" or (lemma.endswith("y") and low == lemma[:-1] + "ies"):
        return "third"
    return "past"


# ---------------------------------------------------------------------------------------------------------
# analysing an item


class _Tok(NamedTuple):
    text: str
    lower: str
    lemma: str
    start: int
    end: int
    team: bool
    sent_start: bool


@dataclass
class _Item:
    text: str
    kind: str
    toks: list[_Tok]
    sents: list[tuple[int, int]]  # char spans of sentences

    def tok_at(self, char: int) -> int | None:
        for i, t in enumerate(self.toks):
            if t.start <= char < t.end:
                return i
            if t.start > char:
                return i
        return None

    def sentence_of(self, char: int) -> tuple[int, int]:
        for s, e in self.sents:
            if s <= char < e:
                return s, e
        return self.sents[-1] if self.sents else (0, len(self.text))

    def words(self) -> int:
        return len(self.text.split())


def _analyse(text: str, kind: str, doc: Any = None) -> _Item:
    """Tokens and sentences of an item; `doc` is the annotation of `text` by critic's default pipeline,
    if at hand."""
    from spacy.attrs import IDX, LEMMA, ORTH, SENT_START

    from critic.nlp import get_nlp, span_tuples

    if doc is None:
        doc = get_nlp()(text)
    # the pipeline flags (token._.critic_team) exactly the tokens of its TEAM spans; reading the spans is faster
    team = {i for label, start, end in span_tuples(doc) if label == "TEAM" for i in range(start, end)}
    if doc.user_hooks or not doc.has_annotation("SENT_START"):  # let spaCy find (or refuse) the sentences
        return _analyse_tokens(text, kind, doc, team)
    # the tokens and sentences read as arrays: what iterating the doc's tokens and sentences gives
    strings = doc.vocab.strings
    toks: list[_Tok] = []
    bounds: list[tuple[int, int]] = []  # sentences as (start char, end char)
    first = 0
    for i, (orth, lemma, idx, sent_start) in enumerate(doc.to_array([ORTH, LEMMA, IDX, SENT_START]).tolist()):
        word = strings[orth]
        if i and sent_start == 1:
            bounds.append((toks[first].start, toks[i - 1].end))
            first = i
        toks.append(_new_tok(_Tok, (word, word.lower(), strings[lemma], idx, idx + len(word), i in team,
                                    sent_start == 1)))
    if toks:
        bounds.append((toks[first].start, toks[-1].end))
    return _Item(text, kind, toks, _sentences(text, bounds))


_new_tok = tuple.__new__  # _Tok(...) without the keyword handling of a NamedTuple's __new__


def _analyse_tokens(text: str, kind: str, doc: Any, team: set[int]) -> _Item:
    toks = [_Tok(t.text, t.text.lower(), t.lemma_, t.idx, t.idx + len(t.text), t.i in team,
                 bool(t.is_sent_start)) for t in doc]
    return _Item(text, kind, toks, _sentences(text, [(sent.start_char, sent.end_char) for sent in doc.sents]))


_SENTENCE_END_RE = re.compile(r"[.!?。！？][\"')]*\s*$")


def _sentences(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences' char spans, joining a split on something that is not a sentence end."""
    sents: list[tuple[int, int]] = []
    for s, e in bounds:
        if text[s:e].strip():
            if sents and not _SENTENCE_END_RE.search(text[sents[-1][0]:sents[-1][1]]):
                sents[-1] = (sents[-1][0], e)  # the sentencizer split on something that is not an end
            else:
                sents.append((s, e))
    return sents or [(0, len(text))]


_MODAL_WORDS = {"will", "'ll", "’ll", "would", "'d", "’d", "shall", "wo", "gonna"}


def _has_past(toks: Sequence[_Tok]) -> bool:
    """Whether a past-tense verb appears ("shipped", "built"; not "-ing" or "-s" forms)."""
    return any(t.lower != t.lemma and not t.lower.endswith(("ing", "s")) and _is_verb(t.lower) for t in toks)


def _is_plan(item: _Item) -> bool:
    """Whether the item describes a plan or a hypothetical ("We'll retrain", "I'd ship") rather than a past.

    An answer with no past-tense verb at all ("We bias toward false negatives") reads as a plan too.
    """
    toks = item.toks
    if item.kind == "answer" and not _has_past(toks):
        return True
    for i, t in enumerate(toks):
        nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
        if t.lower in _MODAL_WORDS or (t.lower in ("going", "plan", "planning", "intend", "want") and nxt == "to") \
                or (t.lower == "let" and nxt in ("'s", "’s", "us")):
            return True
        if item.kind != "answer" and _has_past([t]):
            return False  # a bullet that opens in the past ("Killed X after it showed it would ...")
    return False


_SUBJECTS = {"i", "we", "they", "you", "also", "then", "personally"}


def _verb_led(item: _Item) -> bool:
    """Whether the item opens with a verb (after an optional subject): "Led ...", "I built ..."."""
    toks = [t for t in item.toks if re.search(r"\w", t.text)]
    for t in toks[:3]:
        if t.lower in _SUBJECTS or t.lower.endswith("ly"):
            continue
        return _is_verb(t.lower)
    return False


# ---------------------------------------------------------------------------------------------------------
# restating a black-box or weak-ownership phrase as the writer's decision

_HELP = {"help", "assist", "support", "aid"}
_COLLAB = {"work", "collaborate", "partner", "team", "coordinate", "liaise", "cooperate", "interface", "sync",
           "consult", "engage"}
_LEAN = {"rely", "defer", "lean", "depend", "count"}
_PARTICIPATE = {"contribute", "participate"}
_PARTICIPATE_WORDS = {"involved", "responsible", "exposure", "exposed", "part", "member"}
_LEVERAGE = {"leverage": "using", "utilize": "using", "utilise": "using", "harness": "using", "tap": "using",
             "embrace": "using", "use": "using", "employ": "using", "apply": "applying", "deploy": "deploying"}
_PREPOSITIONS = {"with", "on", "in", "to", "for", "of", "at", "by", "from", "across", "through", "via", "into",
                 "during", "under", "over", "alongside", "within", "without", "as", "about", "around"}
_DETERMINERS = {"the", "a", "an", "our", "my", "their", "its", "his", "her", "this", "that", "these", "those",
                "several", "multiple", "two", "three", "both", "all", "various", "other"}
_TEAM_HEADS = {"team", "teams", "engineer", "engineers", "scientist", "scientists", "researcher", "researchers",
               "designer", "designers", "analyst", "analysts", "engineering", "science", "squad", "group", "org"}
_DEFERRAL_ASK = {"ask", "check", "see", "consult", "poll"}
_NOT_PEOPLE = {"model", "algorithm", "ai", "system", "tool", "llm", "vendor's"}
# words that hand a decision to someone else ("... will handle it", "let the model decide", "trust them")
_DEFER_WORDS = {"let", "trust", "leave", "delegate", "outsource", "punt", "hand", "ask", "check", "see", "handle",
                "figure", "decide", "own", "fix", "sort", "deal", "choose", "pick", "drive", "determine", "tell",
                "tune", "manage", "call", "know", "whatever", "whichever", "rely", "defer", "lean", "depend",
                "care", "question", "up"}


@dataclass
class _Decision:
    """The verb and placeholder a restatement writes, from the governing rule's template."""

    verb: str  # lemma, e.g. "decide"
    placeholder: str  # e.g. "[what you decided]"
    prep: str  # the preposition for "... [placeholder] <prep> <the work>" ("for", "of")
    rule: str


def _decision_of(rule_id: str, template: str) -> _Decision | None:
    """Read "decided [what you decided] with" / "led [the part you owned] of" into a _Decision."""
    m = re.fullmatch(r"\s*([A-Za-z]+)\s+(\[[^\[\]]+\])\s*,?\s*(.*?)\s*", template)
    if not m:
        return None
    verb = _lemma(m.group(1))
    if not _is_verb(verb):
        return None
    tail = m.group(3).split()
    prep = tail[-1].lower() if tail and tail[-1].lower() in _PREPOSITIONS - {"with"} else "for"
    return _Decision(verb, m.group(2), prep, rule_id)


@dataclass
class _Edit:
    """Replace BAD[start:end] with text (start == end inserts); ``order`` breaks ties at one position."""

    start: int
    end: int
    text: str
    order: int = 0


def _is_base_verb(tok: _Tok) -> bool:
    return _is_verb(tok.lower) and tok.lemma == tok.lower and tok.lower not in _DETERMINERS


def _is_gerund(tok: _Tok) -> bool:
    return tok.lower.endswith("ing") and tok.lemma != tok.lower and _is_verb(tok.lower)


_CLAUSE_MARKS = {",", ";", "-", "–", "—", ":", "and", "or", "then", "also"}
_GERUND_AFTER = _CLAUSE_MARKS | {"by", "in", "of", "from", "while", "when", "after", "before", "since"}


def _verb_position_ok(item: _Item, i: int) -> bool:
    """Whether the token at i heads a clause of its own: "Worked with ...", "I also partnered with ...",
    "..., working with ..." -- not "the data team with ..." or "targeting using machine learning"."""
    tok = item.toks[i]
    if i == 0 or tok.sent_start:
        return True
    prev = item.toks[i - 1].lower
    if prev in _SUBJECTS or prev in _AUX_FORM or prev.endswith("ly"):
        return True
    if tok.lower.endswith("ing") and tok.lower != tok.lemma:
        return prev in _GERUND_AFTER
    return prev in _BASE_BEFORE or prev in _CLAUSE_MARKS


class _Restater:
    """Builds the edits that turn a weak opening into the writer's decision."""

    def __init__(self, item: _Item, decision: _Decision) -> None:
        self.item = item
        self.d = decision
        self.removed: list[str] = []
        self.clause = False  # the restatement ends in a comma clause of its own

    # -- helpers
    def _verb_text(self, head: int, first: int) -> str:
        """The decision verb in the form of the phrase it replaces ("was involved" -> "decided")."""
        toks = self.item.toks
        aux = toks[first].lower if first < head else ""
        return inflect(self.d.verb, _AUX_FORM.get(aux) or _form_of(toks[head].text))

    def _start(self, head: int) -> int:
        """Index of the first token to replace: the head, or the "was" / sentence-opening adverb before it."""
        toks = self.item.toks
        first = head
        if head > 0 and toks[head - 1].lower in _AUX_FORM and toks[head].lower in _PARTICIPATE_WORDS:
            first = head - 1  # "was responsible for", "I'm involved in"
        if first > 0 and toks[first - 1].lower.endswith("ly") and toks[first - 1].sent_start:
            first -= 1  # "Closely partnered with"
        return first

    def _lead(self, first: int, head: int, words: str) -> str:
        """The replacement text, capitalised when it opens a sentence."""
        toks = self.item.toks
        out = f"{self._verb_text(head, first)} {words}"
        if toks[first].sent_start or first == 0:
            out = _cap_first(out)
        return out

    def _remove(self, a: int, b: int) -> None:
        self.removed.append(self.item.text[self.item.toks[a].start:self.item.toks[b].end])

    # -- patterns
    def restate(self, spans: Sequence[tuple[int, int]], *, every: bool = False) -> list[_Edit] | None:
        """Edits restating the first span that reads as a weak verb phrase (every such span with ``every``)."""
        item = self.item
        out: list[_Edit] = []
        for s, _e in spans:
            i = item.tok_at(s)
            if i is None:
                continue
            for head in (i, i + 1):  # "I was involved in": the span may start one token early
                if head >= len(item.toks):
                    break
                edits = self._at(head)
                if edits is not None and not any(_overlaps(e, out) for e in edits):
                    out.extend(edits)
                    break
            if out and not every:
                break
        return out or None

    def _at(self, head: int) -> list[_Edit] | None:
        toks = self.item.toks
        tok = toks[head]
        lemma = tok.lemma
        nxt = toks[head + 1].lower if head + 1 < len(toks) else ""
        if lemma in _HELP and _verb_position_ok(self.item, head):
            return self._help(head)
        if lemma in _COLLAB | _LEAN and _verb_position_ok(self.item, head):
            return self._collab(head)
        if (lemma in _PARTICIPATE or tok.lower in _PARTICIPATE_WORDS) and _verb_position_ok(self.item, head):
            return self._participate(head)
        if lemma in ("play", "have") and nxt in ("a", "an"):
            return self._participate(head)
        if lemma in _LEVERAGE and _verb_position_ok(self.item, head):
            return self._leverage(head)
        return None

    def _collab(self, head: int) -> list[_Edit] | None:
        toks = self.item.toks
        lemma = toks[head].lemma
        if lemma == "work" and head + 1 < len(toks) and toks[head + 1].lower == "on":
            return self._participate(head)
        for j in range(head + 1, min(head + 5, len(toks))):
            low = toks[j].lower
            if low in (",", ";", ".", ":", "(", ")"):
                return None
            if low in ("with", "alongside"):
                break
            if lemma in _LEAN and low in ("on", "to", "upon"):
                np = toks[j + 1 : j + 5]
                if not any(t.team for t in np) or any(t.lemma in _NOT_PEOPLE for t in np):
                    if self.item.kind == "answer":
                        return None  # handing the call to a model or vendor: the deferral form
                    return self._gerund(head)  # "Decided [...], relying on the vendor's model to ..."
                break
        else:
            return None
        first = self._start(head)
        self._remove(first, j)
        lead = self._lead(first, head, f"{self.d.placeholder} with")
        return [_Edit(toks[first].start, toks[j].end, lead)]

    def _participate(self, head: int) -> list[_Edit] | None:
        toks = self.item.toks
        for j in range(head + 1, min(head + 5, len(toks))):
            if toks[j].lower in (",", ";", ".", ":"):
                return None
            if toks[j].lower in ("on", "to", "in", "for", "of", "with"):
                break
        else:
            return None
        first = self._start(head)
        following = toks[j + 1] if j + 1 < len(toks) else None
        if toks[j].lower == "with" and any(t.team for t in toks[j + 1 : j + 5]):
            prep = "with"
        elif following is not None and _is_gerund(following):
            prep = "in"
        else:
            prep = self.d.prep
        self._remove(first, j)
        return [_Edit(toks[first].start, toks[j].end, self._lead(first, head, f"{self.d.placeholder} {prep}"))]

    def _help(self, head: int) -> list[_Edit] | None:
        toks = self.item.toks
        first = self._start(head)
        j = head + 1
        if j >= len(toks):
            return None
        nxt = toks[j]
        ph = self.d.placeholder
        # "Helped with the launch", "assisted in the migration": the help is participation
        if nxt.lower in ("with", "on", "in", "for") and not (j + 1 < len(toks) and toks[j + 1].team):
            return self._participate(head)
        # "Helped launch search", "helped to launch search": name the work
        if nxt.lower == "to" and j + 1 < len(toks) and _is_base_verb(toks[j + 1]):
            self._remove(first, j)
            return [_Edit(toks[first].start, toks[j].end, self._lead(first, head, f"{ph} {self.d.prep} the work to"))]
        if _is_base_verb(nxt) and nxt.lower not in _PREPOSITIONS:
            self._remove(first, head)
            return [_Edit(toks[first].start, toks[head].end, self._lead(first, head, f"{ph} {self.d.prep} the work to"))]
        # the object: "the data science team", "our ML engineers", "the rollout of ..."
        k = j
        while k < len(toks) and toks[k].lower in _DETERMINERS:
            k += 1
        obj_start = k
        team = False
        while k < len(toks):
            t = toks[k]
            if not re.search(r"\w", t.text) or (t.lower in _PREPOSITIONS and k > obj_start):
                break
            if k > obj_start and not t.team and t.lower not in _TEAM_HEADS | {"and", "or", "'s", "’s"} and (
                    (toks[k - 1].lower in _TEAM_HEADS and t.text.isalpha() and not t.lower.endswith("s"))
                    or ((toks[k - 1].team or toks[k - 1].lower.endswith("s")) and _is_base_verb(t))):
                break  # "the ops team | tag 5,000 invoices": the verb the team was helped to do
            team = team or t.team or t.lower in _TEAM_HEADS
            k += 1
        if k == obj_start:
            return None
        if not team:
            if k < len(toks) and _is_base_verb(toks[k]) and toks[k].lower not in _PREPOSITIONS:
                # "Helped customers find answers": the work is helping them
                self._remove(first, head)
                return [_Edit(toks[first].start, toks[head].end,
                              self._lead(first, head, f"{ph} {self.d.prep} the work to help"))]
            self._remove(first, head)
            return [_Edit(toks[first].start, toks[head].end, self._lead(first, head, f"{ph} {self.d.prep}"))]
        edits = [_Edit(toks[first].start, toks[j].start, self._lead(first, head, f"{ph} with") + " ")]
        self._remove(first, head)
        if k < len(toks):
            comp = toks[k]
            after = toks[k + 1] if k + 1 < len(toks) else None
            if comp.lower == "with":
                edits.append(_Edit(comp.start, comp.end, "on"))
            elif comp.lower == "in" and after is not None and _is_gerund(after):
                edits.append(_Edit(comp.start, after.end, f"to {after.lemma}"))
                self._remove(k, k + 1)
            elif comp.text.isalpha() and not comp.team and comp.lower not in _PREPOSITIONS | {"and", "or"} \
                    and (_is_base_verb(comp) or toks[k - 1].lower in _TEAM_HEADS):
                edits.append(_Edit(comp.start, comp.start, "to "))
        return edits

    def _leverage(self, head: int) -> list[_Edit] | None:
        return self._gerund(head, _LEVERAGE[self.item.toks[head].lemma])

    def _gerund(self, head: int, gerund: str = "") -> list[_Edit]:
        """"Leveraged AI to ..." -> "Decided [...], using AI to ...": the decision, then the phrase as a clause."""
        toks = self.item.toks
        first = self._start(head)
        gerund = gerund or inflect(toks[head].lemma, "gerund")
        self._remove(first, head)
        self.clause = True
        lead = self._lead(first, head, f"{self.d.placeholder}, {gerund}")
        return [_Edit(toks[first].start, toks[head].end, lead)]

    # -- deferral: the sentence stays, and the writer's own decision follows it
    def defer(self, span: tuple[int, int]) -> list[_Edit]:
        """"The platform team will handle it." -> "The platform team will handle it, but I'll decide [...] myself."
        "Let's ask the vendor what they suggest." -> "I'll ask the vendor what they suggest, then decide ..."."""
        item = self.item
        s, e = item.sentence_of(span[0])
        body, _ = _split_terminal(item.text[s:e])
        body = body.rstrip(" ,;:")
        stoks = [t for t in item.toks if s <= t.start < s + len(body)]
        ph = self.d.placeholder
        lows = [t.lower for t in stoks]
        future = any(w in ("will", "'ll", "’ll") for w in lows)
        past = _has_past(stoks) and not any(w in _MODAL_WORDS for w in lows)
        self.clause = True
        ask = next((i for i, t in enumerate(stoks) if t.lemma in _DEFERRAL_ASK), None)
        if ask is not None and any(w in ("what", "whatever", "which", "whichever", "how") for w in lows[ask:]):
            then = inflect(self.d.verb, "past") if past else self.d.verb
            new = body
            if len(lows) > 1 and lows[0] == "let" and lows[1] in ("'s", "’s", "us"):
                new = "I'll" + body[stoks[1].end - s:]
                self.removed.append(body[: stoks[1].end - s])
            return [_Edit(s, s + len(body), f"{new}, then {then} {ph} myself")]
        if item.kind != "answer":
            subject = "I " if any(w in ("i", "we") for w in lows) else ""
            verb = self.d.verb if future and subject else inflect(self.d.verb, "past")
            subject = "I'll " if future and subject else subject
        elif future:
            subject, verb = "I'll ", self.d.verb
        elif past:
            subject, verb = "I ", inflect(self.d.verb, "past")
        else:
            subject, verb = "I'd ", self.d.verb
        return [_Edit(s + len(body), s + len(body), f", but {subject}{verb} {ph} myself")]


# ---------------------------------------------------------------------------------------------------------
# composing a rewrite


@dataclass
class _Rule:
    id: str
    role: int  # index in ROLES
    stage: int
    part: Part | None
    action: str
    template: str
    placeholders: list[Placeholder]
    spans: list[tuple[int, int]]  # match evidence spans (whole words of BAD)


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


def _match_spans(bad: str, finding: Finding) -> list[tuple[int, int]]:
    """Spans of the finding's "match" evidence that cover whole words of BAD, in order."""
    out: list[tuple[int, int]] = []
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
        if _on_word_boundaries(bad, *span) and span not in out:
            out.append(span)
    return out


# what _rules reads from a rule for an item kind, by (id(rule), kind, rule id): the rule and its rewrite
# data and theme as read (the entry holds only while they are the same objects), and (action, template, role,
# stage, part, placeholders), or None when the rule has no usable rewrite
_RuleFacts = tuple[str, str, int, int, Part | None, tuple[Placeholder, ...]]
_RULE_FACTS: dict[tuple[int, str, str], tuple[Any, Any, str, _RuleFacts | None]] = {}


def _rule_facts(rule: Any, rule_id: str, kind: str) -> _RuleFacts | None:
    raw = _get(rule, "rewrite")
    theme = str(_get(rule, "theme") or "")
    key = (id(rule), kind, rule_id)
    known = _RULE_FACTS.get(key)
    if known is not None and known[0] is rule and known[1] is raw and known[2] == theme:
        return known[3]
    facts: _RuleFacts | None = None
    data = rewrite_data(rule)
    if data:
        action = str(_get(data, "action") or "append")
        template = _template_for(data, kind)
        if action in _ACTIONS and template.strip():
            facts = (action, template, _role_index(rule_id, theme), stage_of(rule_id, theme), PARTS.get(rule_id),
                     tuple(_placeholder_specs(data)))
    if len(_RULE_FACTS) > 4096:
        _RULE_FACTS.clear()
    _RULE_FACTS[key] = (rule, raw, theme, facts)  # holding the rule keeps its id from being reused
    return facts


def _rules(bad: str, kind: str, findings: Sequence[Finding], rules: RuleLookup) -> list[_Rule]:
    out: list[_Rule] = []
    seen: set[str] = set()
    for finding in findings:
        if finding.rule in seen:
            continue
        seen.add(finding.rule)
        rule = _lookup(rules, finding.rule)
        facts = _rule_facts(rule, finding.rule, kind) if rule is not None else None
        if facts is None:
            continue
        action, template, role, stage, part, placeholders = facts
        spans = _match_spans(bad, finding)
        if action == "replace-match" and not spans and not PARTS.get(finding.rule, Part("other")).restate:
            continue
        out.append(_Rule(finding.rule, role, stage, part, action, template, list(placeholders), spans))
    out.sort(key=lambda r: (r.role, r.part.rank if r.part else 0, r.stage, r.id))
    return out


def _form(rule: _Rule, register: str, plan: bool, kind: str) -> str:
    """The sentence form of a rule's part for a register, or "" (use the template)."""
    part = rule.part
    if part is None:
        return ""
    if register == "spoken":
        form = (part.spoken_plan if plan else "") or part.spoken
    elif kind == "summary" and part.summary and not plan:
        form = part.summary
    else:
        form = (part.note_plan if plan else "") or part.note
    declared = {p.text for p in rule.placeholders}
    if form and all(m.group(0) in declared for m in _PLACEHOLDER_RE.finditer(form)):
        return form
    return ""


_CHANGE_TYPES = ("percent", "money", "multiplier", "fraction", "time", "ratio", "value", "comparison")
_AFTER_CHANGE = {"with", "through", "via", "by", "using", "after", "across", "for", "in", "on", "while", "and",
                 "thanks", "within", "without", "as", "when", "despite", "among", "at", "per", "from"}


def _baseline_inline(text: str, template: str) -> list[_Edit] | None:
    """Insert the baseline clause right after the first measured change it can follow ("by 17%", "to 450ms")."""
    try:
        from critic.numbers import measures
    except ImportError:  # pragma: no cover - number semantics ship with the rule engine
        return None
    body, _ = _split_terminal(text)
    parts = template.strip().split(" over ", 1)
    for span in measures(body):
        if span.type not in _CHANGE_TYPES:
            continue
        before = re.findall(r"[\w'’]+", body[: span.start].lower())[-1:]
        after = re.match(r"\s*([\w'’]+|[^\w\s])?", body[span.end :])
        nxt = (after.group(1) or "").lower() if after else ""
        boundary = nxt == "" or nxt in _AFTER_CHANGE or nxt in (",", ";", ":", ")", "—", "–")
        if not boundary:
            continue
        if before == ["by"]:
            return [_Edit(span.end, span.end, " " + template.strip(), order=-1)]
        if before == ["to"] and len(parts) == 2 and parts[0].startswith("from "):
            to_at = body.lower().rfind("to", 0, span.start)
            return [_Edit(to_at, to_at, parts[0] + " ", order=-1),
                    _Edit(span.end, span.end, " over " + parts[1], order=-1)]
    return None


@dataclass
class _Built:
    good: str
    answered: list[str]
    replaced: list[str]
    placeholders: list[Placeholder]


def _apply(text: str, edits: Sequence[_Edit]) -> str:
    out = text
    for e in sorted(edits, key=lambda e: (e.start, e.order), reverse=True):
        out = out[: e.start] + e.text + out[e.end :]
    return out


def _overlaps(a: _Edit, edits: Sequence[_Edit]) -> bool:
    return any(a.start < b.end and b.start < a.end for b in edits)


def _end_of(text: str, sent: tuple[int, int]) -> int:
    """Where a clause goes in a sentence: before its final punctuation (after "etc.")."""
    s, e = sent
    body, terminal = _split_terminal(text[s:e])
    body = body.rstrip()
    while body and body[-1] in ",;:":
        body = body[:-1].rstrip()
    if terminal.startswith(".") and _ABBREVIATION_RE.search(body):
        return s + len(body) + 1
    return s + len(body)


class _Composer:
    """Builds one GOOD from BAD and the fired rules (see the module docstring for the parts and forms)."""

    def __init__(self, bad: str, kind: str, rules: Sequence[_Rule], *, own: frozenset[str] = frozenset(),
                 every: bool = False, item: _Item | None = None) -> None:
        self.bad, self.kind, self.rules = bad, kind, rules
        self.own = own  # rules that get a part of their own, as a sentence, even when their role is answered
        self.every = every  # restate every weak phrase, not only the first
        self.item = item if item is not None else _analyse(bad, kind)
        self.plan = _is_plan(self.item)
        if kind == "answer":
            self.register = "spoken"
        elif kind == "summary" or len(self.item.sents) > 1 or self.item.words() > LONG_ITEM_WORDS \
                or not _verb_led(self.item) or _ABBREVIATION_RE.search(_split_terminal(bad)[0]):
            self.register = "note"  # "..., etc." takes no clause after it either
        else:
            self.register = "clause"
        self.edits: list[_Edit] = []
        self.removed: list[str] = []
        self.prefixes: list[str] = []
        self.sentences: list[str] = []
        self.answered: list[tuple[int, str]] = []  # (position key, rule id)
        self.clause_used = False  # a short bullet takes one clause; later parts are sentences

    def build(self) -> _Built:
        by_role: dict[int, list[_Rule]] = {}
        for rule in self.rules:
            by_role.setdefault(rule.role, []).append(rule)
        covered: set[str] = set()
        seq = 0
        for role_index in sorted(by_role):
            group = by_role[role_index]
            known = [r for r in group if r.part is not None]
            supplier = known[0] if known and ROLES[role_index] not in covered else None
            todo = [r for r in known if r is supplier or r.id in self.own] + [r for r in group if r.part is None]
            for rule in todo:
                seq += 1
                key = self._place(rule, group, seq)
                if key is None:
                    continue
                self.answered.append((key, rule.id))
                if rule.part is not None:
                    covered.update(rule.part.answers)
                if rule is supplier:  # the other rules of its role ask for the same thing
                    self.answered.extend((key, r.id) for r in known if r not in todo)
            if supplier is None:  # another role's part answers this one (a deferral's reversal condition)
                self.answered.extend((10_000 + seq, r.id) for r in known if r not in todo)
        text = _apply(self.bad, self.edits)
        if self.prefixes:
            lead = " ".join(self.prefixes)
            text = f"{lead} {text.lstrip()}" if lead.endswith((".", "!", "?")) else f"{lead} {_lower_first_word(text)}"
        if self.sentences:
            body, terminal = _split_terminal(text)
            text = f"{body.rstrip(' ,;:')}{terminal or '.'} " + " ".join(self.sentences)
        multi = self.kind == "answer" or bool(self.sentences) or len(self.item.sents) > 1
        good = tidy(text, multi_sentence=multi)
        order = [rid for _, rid in sorted(self.answered, key=lambda t: t[0])]
        return _Built(good, list(dict.fromkeys(order)), self.removed, _collect_placeholders(good, self.rules))

    # -- one rule's part; returns its position key (for the order of `rules`), None when nothing was placed
    def _place(self, rule: _Rule, group: Sequence[_Rule], seq: int) -> int | None:
        part = rule.part
        if part is not None and part.restate:
            return seq if self._restate(rule, group, seq) else None
        if rule.action == "replace-match":
            return seq if self._replace(rule) else None
        if rule.action == "prepend":
            self.prefixes.append(rule.template.strip())
            return -1000 + seq
        if part is not None and part.inline:
            inline = _baseline_inline(self.bad, rule.template)
            if inline and not any(_overlaps(e, self.edits) for e in inline):
                self.edits.extend(inline)
                return seq
            return self._sentence(_form(rule, self.register, self.plan, self.kind) or _sentence_text(
                rule.template), seq)
        form = _form(rule, self.register, self.plan, self.kind)
        clause = not _is_sentence_template(rule.template)
        if self.register == "clause" and clause and not self.clause_used and rule.id not in self.own:
            end = _end_of(self.bad, (0, len(self.bad)))
            self.edits.append(_Edit(end, end, _clause_text(rule.template), order=100 + seq))
            self.clause_used = True
            return seq
        if form:
            return self._sentence(form, seq)
        if clause:  # no sentence form: the clause goes at the end of the sentence the rule is about
            sent = self.item.sentence_of(rule.spans[0][0]) if rule.spans else (0, len(self.bad))
            end = _end_of(self.bad, sent)
            self.edits.append(_Edit(end, end, _clause_text(rule.template), order=100 + seq))
            return seq
        return self._sentence(_sentence_text(rule.template), seq)

    def _sentence(self, text: str, seq: int) -> int:
        self.sentences.append(text)
        self.clause_used = True  # later parts follow this sentence, keeping the fixed order
        return 1000 + seq

    def _replace(self, rule: _Rule) -> bool:
        """The rule's replace-match template in place of its first match, as written."""
        if not rule.spans:
            return False
        s, e = rule.spans[0]
        edit = _Edit(s, e, rule.template.strip())
        if _overlaps(edit, self.edits):
            return False
        if s == 0 or self.bad[:s].rstrip()[-1:] in _TERMINAL:
            edit.text = _cap_first(edit.text)
        self.edits.append(edit)
        self.removed.append(self.bad[s:e])
        return True

    def _restate(self, rule: _Rule, group: Sequence[_Rule], seq: int) -> bool:
        """The weak phrase restated as the writer's decision; for black-box language, a deferral keeps its
        sentence and gains the decision, and anything else gains "; I decided [...] myself"."""
        d = _decision_of(rule.id, rule.template)
        if d is None:
            return self._replace(rule)
        spans = sorted({s for r in group if r.part is not None and r.part.restate for s in r.spans})
        restater = _Restater(self.item, d)
        new = restater.restate(spans, every=self.every)
        decides = rule.part is not None and rule.part.decides
        if new is None and decides and spans and _looks_deferral(self.item, spans[0]):
            new = restater.defer(spans[0])
        if new is not None and not any(_overlaps(e, self.edits) for e in new):
            self.edits.extend(new)
            self.removed.extend(restater.removed)
            self.clause_used = self.clause_used or restater.clause
            return True
        if not decides:
            return self._replace(rule)
        end = _end_of(self.bad, self.item.sentence_of(spans[0][0]) if spans else self.item.sents[0])
        verb = f"I'd {d.verb}" if self.plan else f"I {inflect(d.verb, 'past')}"
        words = f", and {verb} {d.placeholder} myself" if self.kind == "answer" else f"; {verb} {d.placeholder} myself"
        self.edits.append(_Edit(end, end, words, order=seq))
        self.clause_used = True
        return True


def _looks_deferral(item: _Item, span: tuple[int, int]) -> bool:
    """Whether a black-box span hands the decision to someone else rather than describing work."""
    words = {t.lemma for t in item.toks if span[0] <= t.start < span[1]}
    return bool(words & _DEFER_WORDS)


def _collect_placeholders(good: str, rules: Sequence[_Rule]) -> list[Placeholder]:
    """Every placeholder of GOOD, in order of appearance, with its question (merged when two rules that ask
    differently share one placeholder text)."""
    specs: dict[str, Placeholder] = {}
    for rule in rules:
        for p in rule.placeholders:
            have = specs.get(p.text)
            if have is None:
                specs[p.text] = p
            elif p.question not in have.question:
                specs[p.text] = Placeholder(p.text, f"{have.question} {p.question}", have.sample)
    out: list[Placeholder] = []
    for m in _PLACEHOLDER_RE.finditer(good):
        text = m.group(0)
        if any(p.text == text for p in out):
            continue
        out.append(specs.get(text) or Placeholder(text, f"What is {text.strip('[]')}?", default_sample(text)))
    return out


# Items longer than this many words keep their sentence and take every part as a short sentence after it.
LONG_ITEM_WORDS = 20


def rewrite(
    text: str,
    kind: str,
    findings: Sequence[Finding],
    rules: RuleLookup,
    *,
    check: Callable[[str, str], Sequence[Finding]] | None = None,
    doc: Any = None,
) -> Rewrite | None:
    """Rewrite a flagged item; None when no fired rule carries rewrite data.

    rules: rule id -> Rule (a mapping or a lookup function such as ``Engine.rule``).
    check: optional ``Engine.check_text`` (or ``Engine.checker(ids)`` for ids including every fired rule).
    Parts are never skipped on its word; it is used only to *add*:
    when GOOD, placeholders filled with samples, is still flagged by a rule that fired, that rule gets a
    part of its own, written as a sentence (a decision rule: every weak phrase is restated, not only the
    first).
    doc: `text` already annotated by critic's default pipeline (``critic.nlp.get_nlp()``), to reuse.
    """
    steps = _rewrite_steps(text, kind, findings, rules, checked=check is not None, doc=doc)
    try:
        pending = next(steps)
        while True:
            assert check is not None
            pending = steps.send(check(pending, kind))
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


# (text, kind, rule ids) -> findings (or the ids of the rules that flag it), for many texts at once
CheckMany = Callable[[Sequence[tuple[str, str, frozenset[str]]]], Sequence[Sequence[Finding | str]]]


@dataclass(frozen=True)
class RewriteJob:
    """One item to rewrite with :func:`rewrite_many`: ``checked`` asks for the re-check of the fired rules;
    ``doc`` is the text's annotation by critic's default pipeline, when at hand."""

    text: str
    kind: str
    findings: Sequence[Finding]
    checked: bool = True
    doc: Any = None


def rewrite_many(jobs: Sequence[RewriteJob], rules: RuleLookup, check_many: CheckMany) -> list[Rewrite | None]:
    """:func:`rewrite` for many items, their re-checks batched: each round sends every pending GOOD (filled
    with samples) to ``check_many`` at once, with the ids of the rules that flagged its item. Each item gets
    the same rewrite as from ``rewrite(..., check=...)``."""
    results: list[Rewrite | None] = [None] * len(jobs)
    running: dict[int, Any] = {}
    pending: dict[int, str] = {}
    for i, job in enumerate(jobs):
        steps = _rewrite_steps(job.text, job.kind, job.findings, rules, checked=job.checked, doc=job.doc)
        try:
            pending[i] = next(steps)
            running[i] = steps
        except StopIteration as done:
            results[i] = done.value
    while pending:
        order = sorted(pending)
        answers = check_many([(pending[i], jobs[i].kind, frozenset(f.rule for f in jobs[i].findings))
                              for i in order])
        for i, found in zip(order, answers, strict=True):
            try:
                pending[i] = running[i].send(found)
            except StopIteration as done:
                results[i] = done.value
                del pending[i], running[i]
    return results


def _rewrite_steps(text: str, kind: str, findings: Sequence[Finding], rules: RuleLookup, *, checked: bool,
                   doc: Any = None) -> Generator[str, Sequence[Finding | str], Rewrite | None]:
    """The rewrite of one item; when ``checked``, yields each filled GOOD to re-check and takes its findings."""
    fired = _rules(text, kind, findings, rules)
    if not fired:
        return None
    item = _analyse(text, kind, doc)
    built = _Composer(text, kind, fired, item=item).build()
    if checked:
        own: set[str] = set()
        every = False
        for _ in range(3):
            rw = Rewrite(text, built.good, built.placeholders)
            found = yield rw.filled()
            still = {f if isinstance(f, str) else f.rule for f in found} & {r.id for r in fired}
            restated = {r.id for r in fired if r.part is not None and r.part.restate}
            grow = still - restated - own  # a part of its own, as a sentence
            if not grow and (every or not still & restated):
                break
            own |= grow
            every = every or bool(still & restated)  # restate every weak phrase, not only the first
            built = _Composer(text, kind, fired, own=frozenset(own), every=every, item=item).build()
    return Rewrite(bad=text, good=built.good, placeholders=built.placeholders, rules=built.answered,
                   replaced=built.replaced)


def rewrite_for(engine: Any, text: str, kind: str, findings: Sequence[Finding]) -> Rewrite | None:
    """Rewrite with a rule engine: its rules' rewrite data, and its check_text to make sure every rule is answered."""
    return rewrite(text, kind, findings, engine.rule, check=checker_for(engine, findings))


def check_many_for(engine: Any) -> CheckMany:
    """The batched re-check :func:`rewrite_many` needs: the engine's ``flagged_each`` (the ids of the rules
    that still flag) or ``check_each`` when it has one, else its ``check_text`` one text at a time."""
    each = getattr(engine, "flagged_each", None) or getattr(engine, "check_each", None)
    if each is not None:
        return each  # type: ignore[no-any-return]
    return lambda requests: [engine.check_text(text, kind) for text, kind, _ in requests]


def checker_for(engine: Any, findings: Sequence[Finding]) -> Callable[[str, str], Sequence[Finding]]:
    """The re-check for a rewrite of an item with these findings: the engine's check of just those rules
    when it offers one (``Engine.checker``), else its full ``check_text``."""
    subset = getattr(engine, "checker", None)
    return subset({f.rule for f in findings}) if subset is not None else engine.check_text


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
# minus the words an edit removed or re-inflected on purpose (the black-box phrase itself). A key word is
# kept when some GOOD word scores >= WORD_MATCH on rapidfuzz's fuzz.ratio (normalised Indel similarity):
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
