"""Result first: an unmeasured achievement led by the outcome its kind of work usually moves.

"Built a release pipeline for billing" -> "Cut [deploy time] [X%] by building a release pipeline for billing":
the outcome verb and metric slot come from ``lexicons/rewrite/metrics.yaml`` (chosen by the item's own cue
words), the candidate's opening verb becomes the means ("by building"), and every other word stays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from critic.errors import ConfigError
from critic.lexicons import word_set
from critic.rewrite.item import _SUBJECTS, _Item, measure_word
from critic.rewrite.model import _PLACEHOLDER_RE, Placeholder
from critic.rewrite.text import _cap_first
from critic.rewrite.verbs import _is_verb, _lemma, inflect

TABLE_KEYS = {"description", "placeholders", "nominal", "verb_classes", "aims", "work_nouns", "role_nouns", "vague",
              "vague_change", "vague_result", "not_means", "outcomes", "duty_list", "classes", "fallback", "scope",
              "scope_fallback", "examples", "unused"}


@dataclass(frozen=True)
class MetricClass:
    """One kind of work: its cue words, the lead that names what it moves, and the lead's placeholders."""

    name: str
    cues: tuple[str, ...]
    lead: str
    placeholders: tuple[Placeholder, ...]
    source: str | None = None  # the cues' regex, compiled on first need (most items name few classes)
    generic: bool = False  # names a kind of thing ("a system", "a model"), not a kind of work
    prevails: bool = False  # named anywhere in the work, it outranks a generic class named first (AI work)
    silent: bool = False  # no generic result fits this work: no lead is written, the finding's question stands
    verbs: frozenset[str] = frozenset()  # when set, the class leads only after one of these opening verbs
    over: frozenset[str] = frozenset()  # classes it outranks wherever both are named (IaC over infrastructure)
    only_after: frozenset[str] = frozenset()  # when set, the class is read only after one of these opening verbs
    first_build: str = ""  # the class whose lead asks instead when the work built the first of its kind
    presumes_use: bool = False  # its lead counts people using the work: not read where the work had none
    task_verbs: frozenset[str] = frozenset()  # a closing purpose with one of these is the task the lead measures

    @property
    def pattern(self) -> re.Pattern[str] | None:
        return _compiled(self.source) if self.source is not None else None

    @property
    def heads(self) -> tuple[str, ...]:
        """The cues' first words, each needed in an item's text for its cue to match."""
        return _heads(self.cues)

    def named_in(self, low: str) -> bool:
        """Whether some cue's first word is in the lowercased text: needed for any cue to match, and cheap."""
        return any(head in low for head in self.heads)


@cache
def _heads(cues: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(cue.split(" ", 1)[0] for cue in cues))


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.I)


@dataclass(frozen=True)
class MetricTable:
    """The lexicon read and validated: classes in order, a fallback, nominal openings, non-means verbs."""

    classes: tuple[MetricClass, ...]
    fallback: MetricClass
    nominal: Mapping[str, str]
    not_means: frozenset[str]
    examples: tuple[tuple[str, str], ...]
    scope: tuple[MetricClass, ...] = ()  # a scope line's scale clause, by what the line names
    scope_fallback: MetricClass | None = None
    work_nouns: frozenset[str] = frozenset()  # nouns naming work of one's own ("architecture", "development")
    role_nouns: frozenset[str] = frozenset()  # nouns naming the writer's role ("developer", "architect")
    vague: frozenset[str] = frozenset()  # vague sizes ("several", "multiple") a one-slot lead asks the count of
    count: Placeholder | None = None  # the count's placeholder
    outcomes: frozenset[str] = frozenset()  # opening verbs that already state a result ("Achieved", "Cut")
    duty_list: MetricClass | None = None  # the lead of a verbless list of duties
    # vague sizes of a change ("a significant reduction"), the changes they size, and the slot asked in place
    vague_change: tuple[frozenset[str], frozenset[str], Placeholder] | None = None
    # opening verbs (lemmas) whose result is set by the verb, whatever the object names: "Evaluated five
    # vendors" yields a decision, not the vendors' metric
    verb_classes: Mapping[str, MetricClass] = field(default_factory=dict)
    # classes named in a purpose clause ("to meet compliance") that set the result whatever the object names
    aims: frozenset[str] = frozenset()
    # results named only by a vague size ("Significant impact at three companies"), and the slot asked instead
    vague_result: tuple[frozenset[str], Placeholder] | None = None
    # phrases saying the work had no users to count ("a demo for a talk", "currently private", "hackathon")
    unused: re.Pattern[str] | None = None

    def scale(self, text: str) -> MetricClass | None:
        """The scale clause for a scope line: the first listed class whose cue it names, else the fallback."""
        low = text.lower()
        return next((c for c in self.scope if c.source is not None and c.named_in(low) and c.pattern.search(text)),
                    self.scope_fallback)

    def by_name(self, name: str) -> MetricClass | None:
        """The class (or the duty list) of that name, if any."""
        return next((c for c in (*self.classes, self.duty_list) if c is not None and c.name == name), None)

    def lead_of(self, name: str) -> str:
        """The lead of the class (or the duty list) of that name; "" when there is none."""
        found = self.by_name(name)
        return found.lead if found is not None else ""

    def pick(self, text: str, verb: str = "", unused: bool | None = None) -> MetricClass:
        """The class whose cue appears first in text (the head of the work comes first; at one position the
        class listed first), else the fallback; a class read only after certain opening verbs counts only
        after ``verb`` (a lemma) is one of them, and a class that counts users is not read in work that had none
        ("a demo for a talk", "currently private"; ``unused`` when the caller read that in more of the line)."""
        found: list[tuple[int, int, int]] = []  # (start, class index, end) of each class's first cue
        low = text.lower()
        if unused is None:
            unused = self.unused is not None and self.unused.search(text) is not None
        for n, c in enumerate(self.classes):
            if c.source is None or not c.named_in(low) or c.only_after and verb not in c.only_after \
                    or unused and c.presumes_use:
                continue
            # a cue naming who did the work ("a research team", "the Infrastructure team") is not the work
            m = next((m for m in c.pattern.finditer(text) if not _GROUP.match(text, m.end())
                      and not _QUALITY.match(text, m.end())), None)
            if m is not None:
                found.append((m.start(), n, m.end()))
        if not found:
            return self.fallback
        found.sort(key=lambda f: (f[0], -f[2], f[1]))  # at one position the longer cue ("sales report") names it
        best = found[0]
        # in a compound the last word names the work ("service infrastructure", "engagement reports"), unless
        # it is a generic thing qualified by a kind of work ("forecasting models")
        run = [best]  # the cues that stand next to each other from the first one on: one compound
        for f in found[1:]:
            if f[0] < run[-1][2]:
                continue  # inside the cue before it
            if text[run[-1][2]:f[0]].strip(" -"):
                break  # a word between: the compound ends
            run.append(f)
        if not self.classes[run[-1][1]].generic:
            best = run[-1]  # "service infrastructure", "engagement reports": the last word names the work
        else:  # "backend website application", "forecasting models": the first kind of work qualifying it
            best = next((f for f in run if not self.classes[f[1]].generic), best)
        if self.classes[best[1]].generic:  # "a React front end for RAG-based Q&A" is AI work first
            best = min((f for f in found if self.classes[f[1]].prevails), key=lambda f: f[1], default=best)
        # "a hybrid infrastructure ... using Terraform" is provisioning work; a tool in brackets is detail only
        name = self.classes[best[1]].name
        best = min((f for f in found if name in self.classes[f[1]].over
                    and text.rfind("(", 0, f[0]) <= text.rfind(")", 0, f[0])), key=lambda f: f[1], default=best)
        return self.classes[best[1]]


# a cue naming who did the work: right before the group's word, or up to two more words of its name before it
# ("the Infrastructure team", "the AWS cloud infrastructure team")
_GROUP = re.compile(r"(?:\s+(?!(?:for|the|of|and|to|with|in|on|at|by|a|an|our|their|from|as)\b)[\w&/+.-]+){0,2}"
                    r"\s+(?:team|teams|group|groups|department|squad|squads|lab|unit)\b", re.I)


# a purpose clause: "to" + a verb ("to meet security compliance"), not "to the team" or "from A to B"
_PURPOSE = re.compile(r"\bto\s+(?!the\b|a\b|an\b|our\b|their\b|its\b|\d)(?=[a-z]+\b)", re.I)


# a cue that only qualifies a quality ("cost effective", "security-minded", "performance-driven") names no work
_QUALITY = re.compile(r"[\s-](?:effective|efficient|conscious|minded|aware|driven|focused|sensitive)\b", re.I)


def _cue_pattern(cues: tuple[str, ...]) -> str:
    """The regex (source) of a class's cues: whole words, words joined by spaces or hyphens, plurals."""
    alts = []
    for cue in sorted(cues, key=len, reverse=True):
        body = re.escape(cue.lower()).replace(r"\ ", r"[\s-]+")
        alts.append(body if len(cue) <= 3 else body + r"(?:s|es)?")
    return r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])"


def _fail(path: Path, message: str) -> ConfigError:
    return ConfigError(f"{path}: {message}")


def _placeholders(path: Path, raw: Any, where: str) -> tuple[Placeholder, ...]:
    if not isinstance(raw, list):
        raise _fail(path, f"'{where}' must be a list of {{text, question, sample}}")
    out = []
    for i, ph in enumerate(raw):
        if not isinstance(ph, dict) or set(ph) != {"text", "question", "sample"} \
                or not all(isinstance(v, str) and v.strip() for v in ph.values()):
            raise _fail(path, f"{where}[{i}] must be a mapping with text, question and sample")
        if not _PLACEHOLDER_RE.fullmatch(ph["text"]):
            raise _fail(path, f"{where}[{i}].text must look like [name]")
        out.append(Placeholder(ph["text"], ph["question"], ph["sample"]))
    return tuple(out)


def _metric_class(path: Path, raw: Any, where: str, shared: tuple[Placeholder, ...], *, cues: bool = True,
                  key: str = "lead") -> MetricClass:
    if not isinstance(raw, dict):
        raise _fail(path, f"'{where}' must be a mapping")
    allowed = {key, "placeholders"} | ({"name", "cues", "generic", "prevails", "silent", "verbs", "over",
                                        "only_after", "first_build", "presumes_use", "task_verbs"} if cues else set())
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _fail(path, f"unknown key '{unknown[0]}' in {where} (allowed: {', '.join(sorted(allowed))})")
    lead = raw.get(key)
    if not isinstance(lead, str) or not lead.strip():
        raise _fail(path, f"'{where}.{key}' must be a non-empty string")
    if re.search(r"\d", lead):
        raise _fail(path, f"'{where}.{key}' must not carry a number (numbers are the candidate's)")
    own = _placeholders(path, raw.get("placeholders") or [], f"{where}.placeholders")
    declared = {p.text for p in (*own, *shared)}
    used = _PLACEHOLDER_RE.findall(lead)
    if not used or any(u not in declared for u in used):
        raise _fail(path, f"'{where}.{key}' must use only declared placeholders, at least one")
    words: tuple[str, ...] = ()
    if cues:
        cue_list = raw.get("cues")
        if not isinstance(cue_list, list) or not cue_list or not all(isinstance(c, str) and c.strip() for c in cue_list):
            raise _fail(path, f"'{where}.cues' must be a non-empty list of words")
        words = tuple(str(c).strip().lower() for c in cue_list)
    slots = tuple(p for u in dict.fromkeys(used) for p in (*own, *shared) if p.text == u)
    name = str(raw.get("name") or where)
    flags = {flag: raw.get(flag, False) for flag in ("generic", "prevails", "silent", "presumes_use")}
    for flag, value in flags.items():
        if not isinstance(value, bool):
            raise _fail(path, f"'{where}.{flag}' must be true or false")
    verbs, over, only_after, task_verbs = (_words_of(path, raw, where, k, what) for k, what in (
        ("verbs", "verbs"), ("over", "class names"), ("only_after", "verbs"), ("task_verbs", "verbs")))
    return MetricClass(name, words, lead if key == "clause" else lead.strip(), slots,
                       _cue_pattern(words) if words else None, flags["generic"], flags["prevails"], flags["silent"],
                       frozenset(v.lower() for v in verbs), frozenset(over), frozenset(v.lower() for v in only_after),
                       str(raw.get("first_build") or "").strip(), flags["presumes_use"],
                       frozenset(v.lower() for v in task_verbs))


def _words_of(path: Path, raw: Mapping[str, Any], where: str, key: str, what: str) -> list[str]:
    """The list of words under ``key`` of a class (empty when absent), stripped; a ConfigError naming the file
    and the key when it is not a list of non-empty strings."""
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, f"'{where}.{key}' must be a list of {what}")
    return [v.strip() for v in value]


def _vague(path: Path, raw: Any, shared: tuple[Placeholder, ...]) -> tuple[frozenset[str], Placeholder | None]:
    """The vague sizes and the shared placeholder that asks their count."""
    if raw is None:
        return frozenset(), None
    if not isinstance(raw, dict) or set(raw) != {"words", "placeholder"} or not isinstance(raw["words"], list):
        raise _fail(path, "'vague' must be a mapping with words (a list) and placeholder")
    slot = next((p for p in shared if p.text == raw["placeholder"]), None)
    if slot is None:
        raise _fail(path, "'vague.placeholder' must be one of the shared placeholders")
    return frozenset(str(w).lower() for w in raw["words"]), slot


def _vague_change(path: Path, raw: Any, shared: tuple[Placeholder, ...]
                  ) -> tuple[frozenset[str], frozenset[str], Placeholder] | None:
    """The vague sizes of a change, the changes, and the shared placeholder asked in their place."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"words", "changes", "placeholder"} \
            or not all(isinstance(raw[k], list) and all(isinstance(w, str) for w in raw[k]) for k in ("words", "changes")):
        raise _fail(path, "'vague_change' must be a mapping with words and changes (lists) and placeholder")
    slot = next((p for p in shared if p.text == raw["placeholder"]), None)
    if slot is None:
        raise _fail(path, "'vague_change.placeholder' must be one of the shared placeholders")
    return frozenset(w.lower() for w in raw["words"]), frozenset(w.lower() for w in raw["changes"]), slot


def _vague_result(path: Path, raw: Any, shared: tuple[Placeholder, ...]
                  ) -> tuple[frozenset[str], Placeholder] | None:
    """The nouns of a result a vague size may name, and the shared placeholder asked in their place."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"nouns", "placeholder"} or not isinstance(raw["nouns"], list) \
            or not all(isinstance(w, str) for w in raw["nouns"]):
        raise _fail(path, "'vague_result' must be a mapping with nouns (a list) and placeholder")
    slot = next((p for p in shared if p.text == raw["placeholder"]), None)
    if slot is None:
        raise _fail(path, "'vague_result.placeholder' must be one of the shared placeholders")
    return frozenset(w.lower() for w in raw["nouns"]), slot


# words after which a vague result is the thing claimed ("delivered significant impact", "a record of major wins")
_RESULT_CLAIMED = {"delivered", "delivering", "delivers", "drove", "driving", "drives", "made", "making", "with", "of",
                   "generated", "generating", "created", "creating", "had", "having", ",", "and"}


def vague_change(item: _Item, table: MetricTable | None = None) -> Lead | None:
    """"resulting in a significant reduction in upkeep" -> "resulting in a [X%] reduction in upkeep": the vague
    size of a change the line names, asked where it stands; None when the line has none."""
    table = table or metric_table()
    if table.vague_change is None:
        return None
    words, changes, slot = table.vague_change
    toks = item.toks
    for n, tok in enumerate(toks[:-1]):
        if toks[n + 1].lower in changes and (tok.lower in words or _misspelt_one_of(tok.lower, words)):
            edits: list[tuple[int, int, str]] = [(tok.start, tok.end, slot.text)]
            if n and toks[n - 1].lower == "an":  # "an important cut" -> "a [X%] cut"
                edits.append((toks[n - 1].start, toks[n - 1].end, toks[n - 1].text[0]))
            return Lead(tuple(edits), (tok.text,), (slot,), "vague-change")
    if table.vague_result is not None:  # "Significant impact at three companies" -> "Delivered [the result ...] at"
        nouns, asked = table.vague_result
        for n, tok in enumerate(toks[:-1]):
            if toks[n + 1].lower not in nouns or not (tok.lower in words or _misspelt_one_of(tok.lower, words)) \
                    or n + 2 < len(toks) and toks[n + 2].lower in ("on", "to"):
                continue  # "a significant impact on retention": the change is named after it
            opens = n == 0 or tok.sent_start
            if not (opens or toks[n - 1].lower in _RESULT_CLAIMED):
                continue
            text = f"Delivered {asked.text}" if opens else asked.text
            return Lead(((tok.start, toks[n + 1].end, text),), (tok.text, toks[n + 1].text), (asked,), "vague-change")
    return None


def _misspelt_one_of(word: str, known: frozenset[str]) -> bool:
    """Whether a long word is a typo of one of ``known`` ("sifnificant"): 8 letters or more, within rapidfuzz's
    fuzz.ratio 85 of it (one or two letters off)."""
    if len(word) < 8 or not word.isalpha():
        return False
    from rapidfuzz import fuzz, process

    return process.extractOne(word, [w for w in known if len(w) >= 7], scorer=fuzz.ratio, score_cutoff=85) is not None


def read_lexicon(path: Path) -> dict[str, Any]:
    """A YAML lexicon of the rewrite, read and checked to be a mapping (a ConfigError naming the file if not)."""
    from critic import yamlio

    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except (OSError, yamlio.YAMLError) as exc:
        raise _fail(path, f"cannot read ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise _fail(path, "must be a mapping")
    return data


def lexicon_slot(path: Path, raw: Any, where: str) -> Placeholder:
    """One slot of a rewrite lexicon: text, question and sample, and no figure in its text."""
    slot = _placeholders(path, [raw], where)[0]
    if re.search(r"\d", slot.text):
        raise _fail(path, f"{where}.text must not carry a number (numbers are the candidate's)")
    return slot


def load_metric_table(path: Path) -> MetricTable:
    """Read and validate the metrics lexicon."""
    data = read_lexicon(path)
    unknown = sorted(set(data) - TABLE_KEYS)
    if unknown:
        raise _fail(path, f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(TABLE_KEYS))})")
    shared = _placeholders(path, data.get("placeholders") or [], "placeholders")
    classes = data.get("classes")
    if not isinstance(classes, list) or not classes:
        raise _fail(path, "'classes' must be a non-empty list")
    built = tuple(_metric_class(path, c, f"classes[{i}]", shared) for i, c in enumerate(classes))
    names = [c.name for c in built]
    if len(set(names)) != len(names):
        raise _fail(path, "class names must be unique")
    fallback = _metric_class(path, data.get("fallback"), "fallback", shared, cues=False)
    scope = data.get("scope")
    if not isinstance(scope, list) or not scope:
        raise _fail(path, "'scope' must be a non-empty list")
    scopes = tuple(_metric_class(path, c, f"scope[{i}]", shared, key="clause") for i, c in enumerate(scope))
    scope_fallback = _metric_class(path, data.get("scope_fallback"), "scope_fallback", shared, cues=False,
                                   key="clause")
    nominal = data.get("nominal") or {}
    if not isinstance(nominal, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in nominal.items()):
        raise _fail(path, "'nominal' must map nouns to gerunds")
    not_means = data.get("not_means") or []
    outcomes = data.get("outcomes") or []
    for key, value in (("not_means", not_means), ("outcomes", outcomes)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(path, f"'{key}' must be a list of verbs")
    examples = data.get("examples") or []
    if not isinstance(examples, list) or not all(
            isinstance(e, dict) and set(e) == {"bad", "good"} and all(isinstance(v, str) for v in e.values())
            for e in examples):
        raise _fail(path, "'examples' must be a list of {bad, good}")
    work_nouns = data.get("work_nouns") or []
    role_nouns = data.get("role_nouns") or []
    for key, value in (("work_nouns", work_nouns), ("role_nouns", role_nouns)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(path, f"'{key}' must be a list of nouns")
    by_name = {c.name: c for c in built}
    for c in built:
        if c.over - set(by_name):
            raise _fail(path, f"'{c.name}.over' names an unknown class '{sorted(c.over - set(by_name))[0]}'")
        if c.first_build and c.first_build not in by_name:
            raise _fail(path, f"'{c.name}.first_build' names an unknown class '{c.first_build}'")
    verb_classes: dict[str, MetricClass] = {}
    raw_verbs = data.get("verb_classes") or {}
    if not isinstance(raw_verbs, dict):
        raise _fail(path, "'verb_classes' must map class names to lists of verbs")
    for name, verbs in raw_verbs.items():
        if name not in by_name:
            raise _fail(path, f"'verb_classes' names an unknown class '{name}'")
        if not isinstance(verbs, list) or not all(isinstance(v, str) and v.strip() for v in verbs):
            raise _fail(path, f"'verb_classes.{name}' must be a list of verbs")
        for verb in verbs:
            if verb.strip().lower() in verb_classes:
                raise _fail(path, f"'verb_classes': the verb '{verb}' is listed twice")
            verb_classes[verb.strip().lower()] = by_name[name]
    return MetricTable(built, fallback, {k.lower(): v for k, v in nominal.items()}, frozenset(not_means + outcomes),
                       tuple((e["bad"], e["good"]) for e in examples), scopes, scope_fallback,
                       frozenset(w.lower() for w in work_nouns) | frozenset(nominal_key.lower() for nominal_key in nominal),
                       frozenset(w.lower() for w in role_nouns), *_vague(path, data.get("vague"), shared),
                       frozenset(outcomes),
                       _metric_class(path, data["duty_list"], "duty_list", shared, cues=False)
                       if "duty_list" in data else None, _vague_change(path, data.get("vague_change"), shared),
                       verb_classes, _aims(path, data.get("aims"), by_name),
                       _vague_result(path, data.get("vague_result"), shared), _unused(path, data.get("unused")))


def _unused(path: Path, raw: Any) -> re.Pattern[str] | None:
    """The phrases saying work had no users (whole words, case-insensitive), as one pattern."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw or not all(isinstance(w, str) and w.strip() for w in raw):
        raise _fail(path, "'unused' must be a non-empty list of phrases")
    alts = "|".join(re.escape(w.strip().lower()).replace(r"\ ", r"\s+") for w in sorted(raw, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I)


def _aims(path: Path, raw: Any, by_name: Mapping[str, MetricClass]) -> frozenset[str]:
    """The class names a purpose clause may set (each must name a class)."""
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(n, str) and n in by_name for n in raw):
        raise _fail(path, "'aims' must be a list of class names")
    return frozenset(raw)


@lru_cache(maxsize=1)
def metric_table() -> MetricTable:
    """The bundled metrics lexicon, read once."""
    from critic.resources import data_dir

    return load_metric_table(data_dir("lexicons") / "rewrite" / "metrics.yaml")


@dataclass(frozen=True)
class Lead:
    """Edits (start, end, text) of BAD: the opening verbs (or a nominal opening) replaced by the outcome and
    the means, and later past-tense actions of the sentence turned into gerunds."""

    edits: tuple[tuple[int, int, str], ...]
    removed: tuple[str, ...]
    placeholders: tuple[Placeholder, ...]
    kind: str  # the metric class chosen
    frame: str = ""  # the text of the edit that moved a framing opening after the work, which a long bullet may shed
    moved: tuple[str, ...] = ()  # detail of BAD the lead leaves out of the bullet, shown as moved


_JOINS = {",", "and", "&", "/"}
# what may stand before a hyphenated verb ("Co-authored", "Re-designed", "Fine-tuned"), unlike "React-based"
_VERB_PREFIXES = {"co", "re", "fine", "pre", "self", "cross", "hand", "over", "under", "de", "un", "auto", "multi"}
# after a participle, not an object: "held by one student", "led to a deal" stay as written
_NOT_OBJECT = {"by", "to", "in", "with", "from", "for", "on", "at", "as", "into", "",
               ".", ",", ";", ":"}
# what "lead" heads as a noun ("lead generation", "lead scoring")
_LEAD_COMPOUNDS = {"generation", "gen", "scoring", "score", "qualification", "magnet", "magnets", "nurturing",
                   "routing", "capture", "list", "lists", "time", "times"}
# participles that qualify a noun in marketing and are no later action ("email and paid social")
_ADJECTIVE_PARTICIPLES = {"paid", "earned"}
_VERB_LIST_MARKS = {",", "and", "&"}  # "architected, developed and maintained X": every verb of the list
_OBJECT_OPENERS = {"a", "an", "the", "all", "every", "several", "multiple", "new", "our", "their", "its"}
# what opens a clause about someone else's work: the verbs after it are theirs ("the lead engineer who designed ...")
_OTHERS_CLAUSE = {"who", "whom", "whose", "alongside"}


# openings of a phrase of time or place before the writer ("At a logistics startup, I built ...", "In 2019, we
# launched ..."): like "As part of X, ...", it moves after the work when a result leads
FRAMED_CLAIM_TOKENS = 16  # ... for a short claim: a long one would push the frame, often a company, out of the line
_FRAME_OPENERS = {"at", "in", "during", "while", "within", "for", "on", "across", "after", "before", "with"}
_LINK_ADVERBS = {"thus", "then", "also", "later", "finally", "thereby"}  # "..., and thus indicated X"
_FILLERS = {"successfully", "also", "then", "personally", "single-handedly", "independently"}


def _verb_form(low: str, lemma: str) -> str | None:
    """"past", "gerund", "base" or "third" for an opening verb; None for a word that is not one."""
    if not _is_verb(low):
        # a regular past form the verb table lacks ("crafted", "organised"): the tagger's lemma differs
        return "past" if low.endswith("ed") and lemma != low and lemma.isalpha() and len(low) > 4 else None
    if low.endswith("ing") and low != lemma:
        return "gerund"
    if low == lemma:
        return "base"
    if low in (lemma + "s", lemma + "es"):
        return "third"
    return "past"


_TAKES_E = ("is", "iz", "at", "uc", "ag", "iv", "lv", "rv", "ys", "yz", "ut", "ur", "bl", "pl", "dl", "tl", "nc")


def _lemma_of(low: str, tagged: str) -> str:
    """critic's lemma of a verb it knows, else the tagger's, else a regular past form undone
    ("crafted" -> "craft", "organised" -> "organise", "programmed" -> "program")."""
    if _is_verb(low):
        return _lemma(low)
    if tagged.lower() != low:
        return tagged.lower()
    if low.endswith("ing") and len(low) > 5:  # "refining" -> "refine", "mapping" -> "map"
        stem = low[:-3]
        for candidate in (stem + "e", stem, stem[:-1]):
            if _is_verb(candidate):
                return candidate
        return stem + "e" if stem.endswith(_TAKES_E) else stem
    if not low.endswith("ed") or len(low) < 5:
        return low
    stem = low[:-2]
    if stem.endswith("i"):
        return stem[:-1] + "y"
    for candidate in (stem + "e", stem):
        if _is_verb(candidate):
            return candidate
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "slz":
        return stem[:-1]
    return stem + "e" if stem.endswith(_TAKES_E) else stem


def result_lead(item: _Item, table: MetricTable | None = None) -> Lead | None:
    """The result-first lead of an item's first sentence, or None when it does not open with the
    candidate's own work (a label, a participation verb, a verbless fragment) or no class of work fits it
    (the lexicon's fallback menu of results is never written)."""
    table = table or metric_table()
    lead = _any_lead(item, table)
    if lead is None:
        return None
    named = _aim_first(item, lead)
    if named is not None:
        return named
    if lead.kind == table.fallback.name:
        return None
    kind = next((c for c in table.classes if c.name == lead.kind), None)
    if kind is not None and (kind.silent or kind.verbs and _opening_lemma(item, table) not in kind.verbs):
        return None  # research ends in a decision no generic lead names; a report written is not time saved
    # "Informed [...] by running research to inform the strategy": the line already says what its work was
    # for in the lead's own verb, and a second one would only repeat it
    verb = table.lead_of(lead.kind).split(" ", 1)[0].lower()
    lemma = _lemma_of(verb, verb) if verb else ""
    end = item.sents[0][1]
    if lemma and any(_lemma_of(t.lower, t.lemma) == lemma for t in item.toks if t.start < end):
        return None
    if kind is not None and kind.task_verbs:
        return _task_first(item, lead, kind) or lead
    return lead


# a closing purpose naming a model's task: "... to (successfully) identify clients prone to churn", up to the end
# of the sentence or a clause of its own after a comma (", monitoring X")
_TASK_RE = re.compile(r"\s+to\s+(?:(?:successfully|accurately|automatically|reliably)\s+)?([a-z]+)\s+"
                      r"([^,;:.]+?(?:\([^()]*\))?)(?=\s*(?:,\s+[a-z]+ing\b|[.!;]?\s*$))")
TASK_OBJECT_WORDS = 10  # a task longer than this is a clause of its own, not the thing measured


def _task_first(item: _Item, lead: Lead, kind: MetricClass) -> Lead | None:
    """A model's task, named by a closing purpose, leads with the figure that measures it ("Reached [model
    accuracy] by training X to identify clients prone to churn" -> "Identified clients prone to churn at [model
    accuracy] by training X"): the task is what the figure is of. None when the sentence names no such task."""
    a, b = item.sents[0]
    sentence = item.text[a:b]
    m = next((m for m in _TASK_RE.finditer(sentence) if _lemma_of(m.group(1), m.group(1)) in kind.task_verbs), None)
    first = lead.edits[0]
    if m is None or len(m.group(2).split()) > TASK_OBJECT_WORDS or not first[2].startswith(kind.lead):
        return None
    verb = inflect(_lemma_of(m.group(1), m.group(1)), "past")
    measure = kind.lead.split(" ", 1)[1]  # "[model accuracy]"
    return _purpose_first(item, lead, m, f"{verb[:1].upper()}{verb[1:]} {m.group(2)} at {measure}"
                                         f"{first[2][len(kind.lead):]}")


# a closing purpose naming what the work moved: "... to reduce repeat tickets", up to the end of the sentence or
# a clause of its own after a comma
_AIM_RE = re.compile(r"\s+(?:in\s+order\s+)?to\s+(?:help\s+)?([a-z]+)\s+([^,;:.()\[\]\d%$]+?)"
                     r"(?=\s*(?:,\s+[a-z]+ing\b|[.!;]?\s*$))")
AIM_OBJECT_WORDS = 6  # what moved, named in a few words; a longer object is a clause of its own
NAMED_AIM = "named-aim"  # the kind of a lead the line's own purpose names
# movement verbs whose purpose is a goal with its size in the verb ("to double sign-ups"): no figure to ask
_SIZED_VERBS = {"double", "triple", "halve", "bring", "drop", "recover"}


def size_slot() -> Placeholder | None:
    """The slot that asks the size of a change, as the metrics lexicon asks it ("[X%]"), if it declares one."""
    table = metric_table()
    return table.vague_change[2] if table.vague_change is not None else None


def _purpose_first(item: _Item, lead: Lead, m: re.Match[str], text: str, **fields: Any) -> Lead | None:
    """The lead with its first edit's text replaced by ``text`` and the closing purpose ``m`` (a match in the
    first sentence, its object as group 2) taken out, its opening words listed as removed; None when the purpose
    overlaps the lead's edits or comes before the lead's first edit ends. ``fields`` replace the lead's others."""
    a = item.sents[0][0]
    first = lead.edits[0]
    start, end = a + m.start(), a + m.end()
    if any(s < end and start < e for s, e, _ in lead.edits) or first[1] > start:
        return None
    opening = item.text[start:a + m.start(2)].split()  # "to", an adverb, the purpose's verb
    return replace(lead, edits=((first[0], first[1], text), *lead.edits[1:], (start, end, "")),
                   removed=(*lead.removed, *opening), **fields)


def _aim_first(item: _Item, lead: Lead) -> Lead | None:
    """A closing purpose that names what the work moved leads, measured where it stands ("Resolved recurring
    faults to reduce repeat tickets" -> "Reduced repeat tickets [X%] by resolving recurring faults"): the line
    says which figure moved, so no kind of work's usual figure is guessed. None when the sentence closes with
    no such purpose (lexicons/movement-verbs.txt, what it moved in lexicons/rewrite/measures.txt)."""
    a, b = item.sents[0]
    m = _AIM_RE.search(item.text[a:b])
    first = lead.edits[0]
    slot = size_slot()
    if m is None or slot is None or " by " not in first[2]:
        return None
    lemma = _lemma_of(m.group(1), m.group(1))
    words = m.group(2).split()
    if lemma not in word_set("movement-verbs") or lemma in _SIZED_VERBS or len(words) > AIM_OBJECT_WORDS \
            or not any(measure_word(w) for w in words):
        return None
    verb = inflect(lemma, "past")
    means = first[2][first[2].index(" by "):]  # " by resolving"
    return _purpose_first(item, lead, m, f"{verb[:1].upper()}{verb[1:]} {m.group(2)} {slot.text}{means}",
                          placeholders=(slot,), kind=NAMED_AIM)


def opening_lemma(item: _Item) -> str:
    """The lemma of the first sentence's opening verb (or of the verb its nominal opening names), "" when none."""
    return _opening_lemma(item, metric_table())


def _opening_lemma(item: _Item, table: MetricTable) -> str:
    """The lemma of the first sentence's opening verb, or of the verb a nominal opening names ("development" ->
    "develop"); "" when it opens with neither."""
    for t in item.toks[:6]:
        if t.lower in _SUBJECTS | _FILLERS or t.lower.endswith("ly"):
            continue
        lemma = _lemma_of(t.lower, t.lemma)
        if _verb_form(t.lower, lemma):
            return lemma
        gerund = table.nominal.get(t.lower, "")
        return _lemma_of(gerund, gerund) if gerund else ""
    return ""


def _any_lead(item: _Item, table: MetricTable) -> Lead | None:
    """:func:`result_lead`, the fallback class included."""
    toks = [t for t in item.toks if t.start < item.sents[0][1]]
    i = 0
    label = next((n for n, t in enumerate(toks[:5]) if t.text in ("-", "—", "–", ":") and n > 0), None)
    if label is not None and label + 1 < len(toks) and toks[label].end < toks[label + 1].start \
            and _verb_form(toks[0].lower, _lemma_of(toks[0].lower, toks[0].lemma)) not in ("past", "third"):
        i = label + 1  # "site.com - Developed ...": the label stays, the lead starts at the verb
    frame = None  # "As part of the DE&I task force, developed X": the frame moves after the work
    if label is None and toks and (toks[0].lower == "as" or toks[0].lower in _FRAME_OPENERS):
        # "At a logistics startup, I built X" too, when the writer follows the comma
        comma = next((n for n, t in enumerate(toks[:16]) if t.text == ","), None)
        if comma is not None and comma < len(toks) - 3 and (
                2 < comma and toks[0].lower == "as" or 1 < comma and toks[comma + 1].lower in ("i", "we")
                and len(toks) - comma <= FRAMED_CLAIM_TOKENS):
            frame, i = (toks[0].start, toks[comma].start), comma + 1
    opening = i
    while i < len(toks) and (toks[i].lower in _SUBJECTS | _FILLERS or (toks[i].lower.endswith("ly") and i < 2)):
        i += 1
    if i >= len(toks) - 2:
        return None
    first = toks[i]
    sentence = item.text[item.sents[0][0]:item.sents[0][1]]
    prefix = ""
    if inner_hyphen(toks, i + 1) and first.lower in _VERB_PREFIXES:
        prefix = first.lower + "-"  # "Fine-tuned", "Co-authored", "Re-designed": the verb after the hyphen
        i, first = i + 2, toks[i + 2]
    lemma = _lemma_of(first.lower, first.lemma)
    form = _verb_form(first.lower, lemma)
    nominal = table.nominal.get(first.lower) if i + 1 < len(toks) and toks[i + 1].lower == "of" else None
    if first.lower in ("the", "a", "an") and i + 2 < len(toks) and toks[i + 2].lower == "of":
        nominal = table.nominal.get(toks[i + 1].lower)
        i, first = i + 1, toks[i + 1]
    if nominal is not None:  # "The development of a site" -> "by developing a site"
        of = toks[i + 1]
        choice = _choose(table, item, of.end, sentence)
        start = toks[opening].start
        return Lead(((start, of.end, f"{choice.lead} by {nominal}"),), (item.text[start:of.end],),
                    choice.placeholders, choice.name)
    if frame is not None and form not in ("past", "base"):
        return None  # "As a lead, responsible for ...": no action to lead with
    if form == "base" and first.lower == "lead" and i + 1 < len(toks) and toks[i + 1].lower in _LEAD_COMPOUNDS:
        return None  # "Lead generation campaign", "Lead scoring model": a noun, not the verb
    # a role, its words maybe qualified ("Lead engineer on X", "Lead UX researcher for X")
    role = form == "base" and any(t.lower in table.role_nouns for t in toks[i + 1:i + 4]
                                  if not any(u.lower in _PHRASE_END for u in toks[i + 1:toks.index(t)]))
    if form is None or role:
        return _noun_lead(table, toks, opening, sentence, item.sents[0][0])  # a verbless opening, or a role ("Lead engineer on X")
    if lemma in table.not_means:
        return _means_lead(table, item, toks, opening, i, sentence) if lemma not in table.outcomes else None
    subject = any(t.lower in ("i", "we") for t in toks[opening:i])
    if form in ("base", "gerund") and not subject and i + 1 < len(toks) \
            and toks[i + 1].lower in ("of", "and", ",", "/", ":", "-"):
        return None  # a noun that is also a verb ("Design of ...", "Support and maintenance", "Teaching of")
    verbs = [i]
    j = i + 1
    while j + 1 < len(toks) and toks[j].lower in _JOINS:
        k = j + 1
        if k < len(toks) and toks[k].lower == "and":
            k += 1
        if k < len(toks) and _verb_form(toks[k].lower, _lemma_of(toks[k].lower, toks[k].lemma)) == form:
            verbs.append(k)
            j = k + 1
        else:
            break
    last = verbs[-1]
    if last + 1 >= len(toks) or not re.search(r"\w", toks[last + 1].text):
        return None  # nothing after the verbs to keep as the means
    obj = toks[last + 1:]
    if obj[0].lower in PARTICIPATION_NOUNS:
        return None  # "Developed contributions to X": the writer's part is asked (black-box), not a result of X
    if any(t.lower == "by" and n + 1 < len(obj) and obj[n + 1].lower.endswith("ing") and _is_verb(obj[n + 1].lower)
           for n, t in enumerate(obj)):
        return None  # "Built X by providing Y": a lead's "by ..." would make a second means
    if any(t.lower == "we" for t in obj):
        return None  # "... and then together we went door to door": a story, not a means to lead with
    head_end = next((n for n, t in enumerate(obj) if t.lower in _PHRASE_END - {":"} or t.text == ":"), len(obj))
    if head_end < len(obj) and obj[head_end].text == ":" and head_end <= 3:
        return None  # "Developed applications: A; B; C": one result for a list of different things
    if obj and obj[0].lower not in _OBJECT_OPENERS | {"both", "each", "my"} and _duty_list(obj) \
            and not any(t.lower in _PHRASE_END - {",", ";", ":", "-", "—", "–"} | {"using", "from", "into"} for t in obj):
        return None  # "Led systems design, security, strategy, automation": a list of duties picks no one metric
    choice = _choose(table, item, toks[last].end, sentence, lemma)
    pieces: list[str] = []
    removed: list[str] = []
    for n, v in enumerate(verbs):
        tok = toks[v]
        if n:
            pieces.append(item.text[toks[verbs[n - 1]].end:tok.start])
        pieces.append((prefix if not n else "") + (tok.lower if form == "gerund" else _gerund(tok.lower, tok.lemma)))
        removed.append(tok.text)
    # an adverb of manner stays with the work ("Manually configured" -> "by manually configuring"); a subject
    # or filler ("I", "Successfully") goes
    before = toks[opening:i - 2] if prefix else toks[opening:i]  # a hyphen prefix is the verb's own
    manner = [t.lower for t in before if t.lower not in _SUBJECTS | _FILLERS]
    removed.extend(t.text for t in before if t.lower not in manner)
    if prefix:
        removed.append(item.text[toks[i - 2].start:toks[i].end])
    start = toks[opening].start if frame is None else frame[0]
    edits = [(start, toks[last].end, f"{choice.lead} by {' '.join([*manner, ''.join(pieces)])}")]
    moved_frame = ""
    if frame is not None:  # the frame closes the sentence: ", as part of the DE&I task force"
        tail = toks[-1] if re.search(r"\w", toks[-1].text) else toks[-2]
        words = item.text[frame[0]:frame[1]]
        moved_frame = ", " + words[:1].lower() + words[1:]
        edits.append((tail.end, tail.end, moved_frame))
    if form != "gerund":  # "by conducting surveys and highlighted issues": later actions as gerunds too
        for k in range(last + 2, len(toks)):
            tok, prev = toks[k], toks[k - 1].lower
            if tok.lower in _OTHERS_CLAUSE or tok.lower == "along" and k + 1 < len(toks) and toks[k + 1].lower == "with":
                break  # "..., along with the lead who designed X and implemented Y": their verbs, as written
            if prev in _LINK_ADVERBS and k > 1 and toks[k - 2].lower in ("and", ","):
                prev = toks[k - 2].lower  # "..., and thus indicated X": the verb after the adverb
            nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
            tense = _verb_form(tok.lower, _lemma_of(tok.lower, tok.lemma))
            # "solved X and automate a handful of Y": a base form slipped in beside the past, before its object
            # or before a noun of work ("designed the strategy and lead development of X")
            slipped = tense == "base" and prev == "and" and (nxt in _OBJECT_OPENERS or nxt in table.work_nouns) \
                and not _in_infinitive(toks, last + 1, k)
            if tok.lower in _ADJECTIVE_PARTICIPLES:
                continue
            if prev in ("and", ",") and (tense == "past" or slipped) \
                    and _is_verb(tok.lower) and (nxt not in _NOT_OBJECT or nxt in _VERB_LIST_MARKS) \
                    and not (prev == "," and nxt.endswith("ing")):  # "X, automated testing": an adjective
                edits.append((tok.start, tok.end, _gerund(tok.lower, tok.lemma)))
                removed.append(tok.text)
    article = _missing_article(toks, last + 1)
    if article is not None:  # "by designing on-boarding process" -> "by designing an on-boarding process"
        edits.append(article)
    slots = choice.placeholders
    vague = next((k for k in range(last + 1, min(last + 4, len(toks))) if toks[k].lower in table.vague), None)
    if vague is not None and table.count is not None and len(slots) == 1 and vague + 1 < len(toks) \
            and toks[vague + 1].text.isalpha() and _counts(toks, vague + 1):
        # "by developing several APIs" -> "by developing [how many] APIs"
        edits.append((toks[vague].start, toks[vague].end, table.count.text))
        removed.append(toks[vague].text)
        slots = (*slots, table.count)
    return Lead(tuple(edits), tuple(removed), slots, choice.name, moved_frame)


def _in_infinitive(toks: Sequence[Any], start: int, k: int) -> bool:
    """Whether toks[k] goes on a "to <verb>" clause opened since ``start`` in the same clause ("allows students
    to track spending and reach their goals": "reach" is the students', not a later action of the writer's)."""
    for j in range(k - 1, start - 1, -1):
        if toks[j].text in (",", ";", ".", ":"):
            return False
        if toks[j].lower == "to" and j + 1 < k and _verb_form(toks[j + 1].lower, _lemma_of(
                toks[j + 1].lower, toks[j + 1].lemma)) == "base":
            return True
    return False


def inner_hyphen(toks: Sequence[Any], n: int) -> bool:
    """Whether toks[n] is a hyphen inside a word, joined to the tokens on both sides ("roll-out", "on-boarding")."""
    return 0 < n < len(toks) - 1 and toks[n].text == "-" and toks[n - 1].end == toks[n].start \
        and toks[n + 1].start == toks[n].end


# besides _PHRASE_END, what ends the noun phrase a missing article is looked for in
_ARTICLE_PHRASE_END = {"which", "that", "who", "and", "&", "(", "/", "as", "a", "an", "the", "through", "via", "into",
                       "under", "per", "between", "among", "around", "after", "before", "during", "without", "like",
                       "such", "including"}


# nouns that name taking part, not the work: an opening ("Contributions to X") or an object ("made
# contributions to X")
PARTICIPATION_NOUNS = frozenset({"contribution", "contributions", "participation"})


def _missing_article(toks: Sequence[Any], start: int) -> tuple[int, int, str] | None:
    """The "a "/"an " a bare noun phrase of work at ``start`` lacks: words up to a preposition, a comma or a
    relative word (a hyphen inside a word joins it: "on-boarding"), headed by a lowercase singular count noun
    (lexicons/rewrite/count-nouns.txt); its modifiers may be names or acronyms ("RESTful API server")."""
    phrase = []
    ended = False  # the phrase ends within reach ("... recommender systems" may run past its sixth word)
    for n, t in enumerate(toks[start:start + 7], start):
        hyphen = n + 1 < len(toks) and toks[n + 1].text == "-" and toks[n + 1].start == t.end
        glued = hyphen or bool(phrase) and inner_hyphen(toks, n)
        if not glued and (t.lower in _PHRASE_END or t.lower in _ARTICLE_PHRASE_END):
            ended = True
            break
        phrase.append(t)
    ended = ended or start + len(phrase) >= len(toks)
    if not phrase or not ended or len(phrase) > 6 or phrase[-1].lower not in word_set("rewrite/count-nouns") or not phrase[-1].text.islower() \
            or any(not (t.text == "-" or t.text.replace("-", "").isalpha()) for t in phrase) \
            or phrase[0].lower in _OBJECT_OPENERS | {"each", "every", "this", "my", "your", "his", "her", "one"}:
        return None
    first = phrase[0].text
    if len(first) > 1 and first.isupper():  # an acronym is read letter by letter: "an API", "a UI"
        vowel = first[0] in "AEFHILMNORSX"
    else:
        vowel = first[:1].lower() in "aeio"
    return phrase[0].start, phrase[0].start, ("an " if vowel else "a ")


_MEANS_PREPOSITIONS = ("to", "with", "on", "in", "for")


def means_after_by(toks: Sequence[Any], head: int, end: int) -> tuple[int, int, int] | None:
    """For "<participation verb> [to/with/on/in/for] <the work> by <acting> ..." within toks[:end], with the verb
    at `head`: (where the work starts, the index of "by", where the actions after it end); None when no action
    follows "by", the work runs into another clause, or the work is itself an action ("Helped develop X by")."""
    obj = head + 2 if head + 1 < end and toks[head + 1].lower in _MEANS_PREPOSITIONS else head + 1
    by = next((k for k in range(obj + 1, end) if toks[k].lower == "by"), None)
    if by is None or by + 1 >= len(toks):
        return None
    means = toks[by + 1]
    if not (means.lower.endswith("ing") and len(means.lower) > 5) \
            or any(not re.search(r"\w", t.text) and t.text not in ("-", "&", "/") for t in toks[obj:by]):
        return None
    if _verb_form(toks[obj].lower, _lemma_of(toks[obj].lower, toks[obj].lemma)) == "base":
        return None
    return obj, by, _means_end(toks, by + 2, end)


def partner_preposition(toks: Sequence[Any], head: int, obj: int, by: int) -> str:
    """"with" when the participation was with people ("Collaborated with the ML team by ..."), else "for"."""
    return "with" if toks[head + 1].lower == "with" and names_people(toks[obj:by]) else "for"


def _means_lead(table: MetricTable, item: _Item, toks: list[Any], opening: int, head: int, sentence: str
                ) -> Lead | None:
    """"Supported the uptime initiative by resolving recurring issues" -> "Cut [downtime] [X%] by resolving
    recurring issues for the uptime initiative": a participation opening whose own actions follow "by" leads
    with the result of those actions; None when no "by" + action follows the work."""
    found = means_after_by(toks, head, len(toks))
    if found is None:
        return None
    obj, by, stop = found
    choice = table.pick(sentence[toks[obj].start - item.sents[0][0]:])
    if choice is table.fallback:
        return None
    work = item.text[toks[obj].start:toks[by].start].rstrip()
    prep = partner_preposition(toks, head, obj, by)
    start = toks[opening].start
    edits = ((start, toks[by].end, f"{choice.lead} by"), (toks[stop - 1].end, toks[stop - 1].end, f" {prep} {work}"))
    removed = tuple(t.text for t in toks[opening:obj]) + (toks[by].text,)
    return Lead(edits, removed, choice.placeholders, choice.name)


def _means_end(toks: Sequence[Any], start: int, end: int) -> int:
    """Where the actions after "by" end: at a semicolon, colon or sentence end, or at a comma that opens a new
    clause ("..., boosting efficiency"), not one inside a list ("development, deployment and testing")."""
    for k in range(start, end):
        text = toks[k].text
        if text in (";", ":", ".", "!", "?"):
            return k
        if text == "," and k + 1 < end and toks[k + 1].lower.endswith(("ing", "ed")) and toks[k + 1].lower != "and":
            return k
    return end


# words that name a team or people worked with
TEAM_HEADS = {"team", "teams", "engineer", "engineers", "scientist", "scientists", "researcher", "researchers",
              "designer", "designers", "analyst", "analysts", "engineering", "science", "squad", "group", "org"}
_PEOPLE = TEAM_HEADS | {"colleagues", "partners", "department", "departments", "others", "staff", "squads", "groups",
                        "finance", "legal", "marketing", "sales", "operations", "ops", "stakeholders"}


def names_people(toks: Sequence[Any]) -> bool:
    """Whether a phrase names people worked with ("the ML team", "3 others"), not the work itself."""
    return any(t.team or t.lower in _PEOPLE for t in toks)


# a noun-phrase opening ends at the first of these: "Architecture and implementation of X", "App development (React)"
_PHRASE_END = {",", ";", ":", "(", "-", "—", "–", "of", "for", "using", "with", "in", "on", "at", "to", "by", "that",
               "over", "across", "within", "from"}
# what may open a noun phrase of work without being a subject, a determiner or a narrative's first word
_NOT_WORK_OPENING = {"the", "a", "an", "my", "our", "his", "her", "their", "this", "that", "these", "those", "it",
                     "as", "additionally", "also", "main", "latest", "key", "responsible", "part", "member"}


def _cue_words(table: MetricTable) -> frozenset[str]:
    """The single words of the table's cues: common words, lower-cased when they open a restated phrase."""
    return frozenset(w for c in table.classes for cue in c.cues for w in cue.split() if w.isalpha())


def _noun_lead(table: MetricTable, toks: list[Any], opening: int, sentence: str, base: int = 0) -> Lead | None:
    """"Architecture and implementation of X" -> "Reached [N users] through architecture and implementation of X":
    a verbless opening that names work of one's own keeps its words after the result; None for other openings."""
    if opening >= len(toks) or toks[opening].lower in _NOT_WORK_OPENING | _SUBJECTS:
        return None
    head = []
    for t in toks[opening:opening + 6]:
        if t.lower in _PHRASE_END:
            break
        if _verb_form(t.lower, _lemma_of(t.lower, t.lemma)) in ("past", "third"):
            return None  # a clause, not a noun phrase ("React-based front-end is focused ...")
        head.append(t)
    role = bool(head) and head[-1].lower in table.role_nouns  # "Backend developer for X" -> "... as backend developer"
    if not head or not role and not any(t.lower.rstrip("s") in table.work_nouns or t.lower in table.work_nouns
                                        or _verb_form(t.lower, _lemma_of(t.lower, t.lemma)) == "gerund" for t in head):
        return None
    if any(_lemma_of(t.lower, t.lemma) in table.not_means or t.lower.rstrip("s") in table.not_means
           or any(len(v) > 5 and t.lower.startswith(v[:-1]) for v in table.not_means) for t in head):
        return None  # "Participation in ...", "Contributions to ...": the writer's part is asked instead
    first = toks[opening]
    word = first.text
    common = first.lower in table.work_nouns | table.role_nouns or first.lower.rstrip("s") in table.work_nouns \
        or (word[:1].isupper() and word[1:].islower() and (_is_verb(first.lower) or first.lower in _cue_words(table)))
    after = toks[opening + 1].text if opening + 1 < len(toks) else ""
    if (common or role and word[1:].islower()) and not after[:1].isupper():  # "Backend developer", not "Data Science"
        word = word[:1].lower() + word[1:]
    if not role and table.duty_list is not None and _duty_list(toks[opening:]):
        duty = table.duty_list
        owned = _owned_duties(sentence, toks[opening:], base)
        if owned is not None:  # people and service duties, and any past the third, are shown as moved out
            kept, end, moved = owned
            return Lead(((first.start, end, f"{duty.lead} {_lower_opening(kept, word)}"),),
                        (), duty.placeholders, duty.name, moved=moved)
        edits: list[tuple[int, int, str]] = [(first.start, first.end, f"{duty.lead} {word}")]
        rest = toks[opening:]
        commas = [t for t in rest if t.text == ","]
        if commas and not any(t.lower in ("and", "&") for t in rest if t.start > commas[-1].start):
            edits.append((commas[-1].start, commas[-1].end, " and"))  # "testing, client services" -> "... and ..."
        turned: list[str] = []
        for n, t in enumerate(rest[1:-1], 1):  # a one-word duty that is a verb ("..., mentor.") -> "mentoring"
            if rest[n - 1].text in (",", "and") and rest[n + 1].text in (",", ".", ";") and _is_verb(t.lower) \
                    and _verb_form(t.lower, _lemma_of(t.lower, t.lemma)) == "base":
                edits.append((t.start, t.end, _gerund(t.lower, t.lemma)))
                turned.append(t.text)
        return Lead(tuple(edits), tuple(turned), duty.placeholders, duty.name)
    # a role's own words name who worked ("Backend developer"), what follows it the work ("for a platform ...")
    choice = table.pick(sentence[head[-1].end - base:]) if role else table.fallback
    if choice is table.fallback:
        choice = table.pick(sentence)
    link = "as" if role else "through"
    ofs = opening + len(head)
    leads = _ROLE_LEADS.get(head[-1].lower) if role else None
    if leads is not None and ofs + 1 < len(toks) and toks[ofs].lower in ("over", "of", "for", "on") \
            and toks[ofs + 1].text[:1].isalnum():
        # "Data science project lead over the NextGen apps" -> "... by leading the NextGen apps": what was led
        return Lead(((first.start, toks[ofs].end, f"{choice.lead} by {leads}"),),
                    (*(t.text for t in head), toks[ofs].text), choice.placeholders, choice.name)
    part = _ROLE_PARTS.get(head[-1].lower) if role and len(head) == 2 else None
    if part is not None and head[0].lower in _BUILT_PARTS and ofs + 2 < len(toks) and toks[ofs].lower == "for" \
            and toks[ofs + 1].lower in ("a", "an", "the") and not names_people(toks[ofs + 1:ofs + 5]):
        # "Backend developer for a logistics platform" -> "... by developing the backend of a logistics platform":
        # the part the role built, of the product named
        return Lead(((first.start, toks[ofs].end, f"{choice.lead} by {part} the {head[0].lower} of"),),
                    (*(t.text for t in head), toks[ofs].text), choice.placeholders, choice.name)
    if not role and ofs < len(toks) and toks[ofs].lower == "of" and all(
            t.lower in ("and", ",", "&") or t.lower in table.nominal for t in head) \
            and head[0].lower not in ("and", ",", "&"):
        # "Architecture and implementation of X" -> "by architecting and implementing X"
        words = [t.text if t.lower in ("and", ",", "&") else table.nominal[t.lower] for t in head]
        text = " ".join(words).replace(" ,", ",")
        return Lead(((first.start, toks[ofs].end, f"{choice.lead} by {text}"),),
                    tuple(t.text for t in head if t.lower not in ("and", ",", "&")) + ("of",),
                    choice.placeholders, choice.name)
    if not role and not (ofs < len(toks) and toks[ofs].text == ","):  # not one duty of a list
        compound = _object_then_nominal(table, head)
        if compound is not None:  # "Web application development using X" -> "by developing a web application using X"
            return Lead(((first.start, head[-1].end, f"{choice.lead} by {compound}"),),
                        tuple(t.text for t in head if t.lower in table.nominal), choice.placeholders, choice.name)
    return Lead(((first.start, first.end, f"{choice.lead} {link} {word}"),), (), choice.placeholders, choice.name)


# roles that name the doing of what follows them ("project lead over X" led X): the verb that says so
_ROLE_LEADS = {"lead": "leading", "leader": "leading", "manager": "managing"}
# roles that build a named part of a product ("backend developer for X" developed X's backend), and the parts
_ROLE_PARTS = {"developer": "developing", "engineer": "building"}
_BUILT_PARTS = {"backend", "back-end", "frontend", "front-end", "mobile", "ios", "android", "api", "web", "data"}


# common words that open the object of a verbless opening ("Web application development"): lower-cased after a verb
_COMMON_MODIFIERS = {"web", "mobile", "desktop", "backend", "back-end", "frontend", "front-end", "internal", "online",
                     "cloud", "data", "software", "native", "hybrid", "cross-platform", "new", "custom", "enterprise"}


def _object_then_nominal(table: MetricTable, head: Sequence[Any]) -> str | None:
    """"Web application development" -> "developing a web application", "web services creation and development"
    -> "creating and developing web services": a verbless opening of an object and the nominal(s) of the work
    done to it, turned into gerunds before the object; None for any other phrase."""
    n = len(head) - 1
    if n < 1 or head[n].lower not in table.nominal:
        return None
    while n >= 3 and head[n - 1].lower in ("and", "&") and head[n - 2].lower in table.nominal:
        n -= 2  # "creation and development"
    obj, work = head[:n], head[n:]
    if not obj \
            or any(not t.text.replace("-", "").isalpha() or t.lower in table.nominal or t.lower in table.work_nouns
                   or t.lower in _SUBJECTS or t.lower in _NOT_WORK_OPENING for t in obj):
        return None
    gerunds = " ".join(t.lower if t.lower in ("and", "&") else table.nominal[t.lower] for t in work)
    words = [t.text for t in obj]
    if words[0][:1].isupper() and words[0][1:].islower() and not (len(words) > 1 and words[1][:1].isupper()) \
            and (obj[0].lower in _COMMON_MODIFIERS or obj[0].lower in word_set("rewrite/count-nouns")):
        words[0] = words[0].lower()  # "Web application" -> "web application", not "Android application"
    noun = obj[-1].lower
    article = ""
    if noun in word_set("rewrite/count-nouns"):  # a singular count noun takes its article
        article = "an " if words[0][:1].lower() in "aeio" else "a "
    return f"{gerunds} {article}{' '.join(words)}"


_LIST_SEPARATORS = {",", ";", "and", "&"}
# a line of owned duties names at most this many: a longer list reads as a job description, not a bullet
MAX_OWNED_DUTIES = 3


def _duty_parts(toks: Sequence[Any]) -> list[list[Any]]:
    """The duties of a verbless list, each as its tokens: split at commas and semicolons, and the last at its
    "and" ("A, B and C"); an "and" inside an earlier duty stays ("architecture and implementation, hiring").
    A bracketed tool list stays with its duty."""
    parts: list[list[Any]] = [[]]
    depth = 0
    for t in toks:
        depth += (t.text == "(") - (t.text == ")")
        if not depth and t.text in (",", ";"):
            if parts[-1]:
                parts.append([])
        elif depth or t.text == ")" or re.search(r"\w", t.text):
            parts[-1].append(t)
    parts = [p[1:] if p and p[0].lower in ("and", "&") else p for p in parts]
    parts = [p for p in parts if p]
    if len(parts) >= 2:
        last = parts[-1]
        cut = next((n for n, t in enumerate(last) if t.lower in ("and", "&") and 0 < n < len(last) - 1), None)
        if cut is not None:
            parts[-1:] = [last[:cut], last[cut + 1:]]
    return parts


def _owned_duties(sentence: str, toks: Sequence[Any], base: int) -> tuple[str, int, tuple[str, ...]] | None:
    """A list of duties cut to what reads as owned, and the duties that go, with where the list ends: talks and
    outreach, which are not owned work (lexicons/rewrite/talk-duties.txt), always go; past MAX_OWNED_DUTIES,
    duties of people or service go first (lexicons/rewrite/people-duties.txt: kept within the cap, they are
    what a PM is read for), then the last ones. None when every duty stays, or when none would."""
    talks, people = word_set("rewrite/talk-duties"), word_set("rewrite/people-duties")
    parts = _duty_parts(toks)
    kept = [p for p in parts if not talks & _phrases([t.lower for t in p])]
    while len(kept) > MAX_OWNED_DUTIES:
        soft = [p for p in kept if people & _phrases([t.lower for t in p])]
        kept.remove(soft[-1] if soft else kept[-1])
    if not kept or len(kept) == len(parts):
        return None
    text = [_gerund(p[0].lower, p[0].lemma) if len(p) == 1 and _is_verb(p[0].lower)
            and _verb_form(p[0].lower, _lemma_of(p[0].lower, p[0].lemma)) == "base"
            else sentence[p[0].start - base:p[-1].end - base] for p in kept]  # "..., mentor" -> "mentoring"
    comma = "," if any(" and " in t for t in text) else ""  # "A and B, and C"
    joined = text[0] if len(text) == 1 else f"{', '.join(text[:-1])}{comma} and {text[-1]}"
    moved = tuple(sentence[p[0].start - base:p[-1].end - base] for p in parts if p not in kept)
    return joined, parts[-1][-1].end, moved


def _phrases(words: Sequence[str]) -> set[str]:
    """Every run of one to three words of ``words``, joined by spaces (to look up entries of a lexicon that
    may hold short phrases, "client services")."""
    return {" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}


def _lower_opening(text: str, word: str) -> str:
    """``text`` with its first word written as ``word`` (the opening as the lead writes it, "software")."""
    first = text.split(" ", 1)
    return word + (f" {first[1]}" if len(first) > 1 else "") if first[0].lower() == word.lower() else text


def _duty_list(toks: list[Any]) -> bool:
    """Whether a verbless sentence is a list of short duties rather than one phrase of work ("Architecture of
    the billing service"): three or more ("Software implementation, testing, client services."), or two
    nouns of doing split by a comma ("Software implementation, testing.")."""
    parts: list[list[str]] = [[]]
    depth = commas = 0
    for t in toks:
        depth += (t.text == "(") - (t.text == ")")
        if depth or t.text == ")":
            continue  # a bracketed tool list is detail of one duty
        commas += t.text == ","
        if t.lower in _LIST_SEPARATORS:
            if parts[-1]:
                parts.append([])
        elif re.search(r"\w", t.text):
            parts[-1].append(t.lower)
    parts = [p for p in parts if p]
    if len(parts) == 2 and commas == 1 and max(map(len, parts)) <= 3:  # two nouns of doing make a list too
        from critic.nlp import DUTY_ENDINGS

        return all(p[-1].endswith(DUTY_ENDINGS) and len(p[-1]) > 5 for p in parts)
    return len(parts) >= 3 and max(map(len, parts)) <= 5 and commas >= 2


# work that built the first of its kind ("the company's first data warehouse", "built from scratch"): no
# figure ran before it to cut
_FIRST_BUILT = re.compile(
    r"\b(?:(?:\w+(?:'s|’s|s'|s|ies)|my|our|their|its)\s+first(?:[\s-]ever)?\b|first[\s-]ever\b|from\s+scratch\b"
    r"|from\s+the\s+ground\s+up\b|greenfield\b|0-to-1\b|zero-to-one\b)", re.I)


def _choose(table: MetricTable, item: _Item, after: int, sentence: str, verb: str = "") -> MetricClass:
    """The class the opening verb sets, else the metric class of the work's object (what follows the verb),
    else of the whole first sentence."""
    if verb in table.verb_classes:
        return table.verb_classes[verb]
    obj = item.text[after:item.sents[0][1]]
    # work that had no users ("Prototyped X", "X for a hackathon"), read in the whole sentence
    unused = table.unused is not None and table.unused.search(sentence) is not None
    purpose = _PURPOSE.search(obj)  # "... to meet compliance and acquire a licence": what the work was for
    if purpose is not None:
        aim = table.pick(obj[purpose.end():], verb, unused)
        if aim is not table.fallback and aim.name in table.aims:
            return aim
    choice = table.pick(obj, verb, unused)
    choice = choice if choice is not table.fallback else table.pick(sentence, verb, unused)
    if choice.first_build and _FIRST_BUILT.search(obj):  # "the company's first data warehouse": nothing ran
        return table.by_name(choice.first_build) or choice  # before it, so nothing to cut; who uses it instead
    return choice


def part_result(item: _Item, after: int, table: MetricTable | None = None) -> MetricClass | None:
    """The kind of work named from ``after`` (where a participation restated as the writer's part leaves off:
    "Built [which feature or module] of| R packages ..."), when its result is asked with one question; None for
    the fallback, a silent class, a class that leads only after certain verbs, or a lead that asks two things."""
    table = table or metric_table()
    choice = _choose(table, item, after, item.text[item.sents[0][0]:item.sents[0][1]])
    if choice is table.fallback or choice.silent or choice.verbs or len(choice.placeholders) != 1:
        return None
    return choice


def _gerund(low: str, tagged: str) -> str:
    lemma = _lemma_of(low, tagged)
    if _is_verb(low):
        return inflect(lemma, "gerund")
    if low == lemma + lemma[-1] + "ed":  # a verb the table lacks: double only what its past doubled
        return lemma + lemma[-1] + "ing"
    return (lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing"


COUNTED_WORDS = 5  # the words after a vague size in which the thing it sizes is looked for


def _counts(toks: Sequence[Any], start: int) -> bool:
    """Whether the thing a vague size before toks[start] sizes is worth a count: not responsibilities, tasks
    or activities (lexicons/rewrite/uncounted.txt)."""
    uncounted = word_set("rewrite/uncounted")
    for t in toks[start:start + COUNTED_WORDS]:
        if t.lower in _PHRASE_END - {"and", "&"} or not re.search(r"\w", t.text) and t.text not in ("&", "-"):
            return True
        if t.lower in uncounted:
            return False
    return True


# who may stand before a team's name: "a team", "the data team", "my team of analysts"
_TEAM_DETERMINERS = {"a", "an", "the", "my", "our"}
_TEAM_WORDS = {"team", "squad", "crew"}
_TEAM_FOLLOWERS = {"and", "who", "which", "that", "through", "into"}


_TEAM_LEAD_VERBS = {"lead", "manage", "direct", "run", "head", "build", "grow", "oversee", "supervise"}


def leads_a_team(item: _Item) -> bool:
    """Whether the first sentence opens with leading or building a team: its verb, then a team as its object
    ("Managed a team for the TV assistant", "Built a support team across two sites")."""
    toks = [t for t in item.toks if t.start < item.sents[0][1]]
    words = [t for t in toks if t.lower not in _SUBJECTS | _FILLERS]
    if len(words) < 3 or _lemma_of(words[0].lower, words[0].lemma) not in _TEAM_LEAD_VERBS:
        return False
    for n, t in enumerate(words[1:7], 1):
        if t.lower in _TEAM_WORDS:
            # not a team whose work the line goes on to name ("a team that deployed X", "a team of analysts
            # building Y"): that work's result leads
            rest = words[n + 1:n + 6]
            return not any(w.lower in ("that", "who", "which", "to") or w.lower.endswith("ing") for w in rest)
        if t.lower in _PHRASE_END or not t.text.replace("-", "").replace("&", "").isalnum():
            return False
    return False


def scale_in_place(item: _Item, table: MetricTable | None = None) -> Lead | None:
    """The scale asked where the line names it, instead of a clause after it: "Led a team of analysts" ->
    "Led a [team size]-person team of analysts"; "Led development of multiple projects" -> "... of [how many]
    projects". None when the first sentence names neither a team nor a vague size."""
    table = table or metric_table()
    toks = [t for t in item.toks if t.start < item.sents[0][1]]
    team = next((p for c in table.scope if c.name == "team" for p in c.placeholders), None)
    for n, tok in enumerate(toks):
        if team is None or tok.lower not in _TEAM_WORDS or (n + 1 < len(toks) and toks[n + 1].text == "-"):
            continue
        det = None
        for d in range(n - 1, max(-1, n - 5), -1):
            word = toks[d]
            if word.lower in _TEAM_DETERMINERS:
                det = d
                break
            if not word.text.replace("-", "").isalpha() or word.lower in _PHRASE_END or word.lower == "and" \
                    and d < n - 1 and toks[d + 1].lower in _TEAM_WORDS:
                break
        after = toks[n + 1] if n + 1 < len(toks) else None
        if after is not None and (after.lower in ("'s", "’s") or after.text.isalpha()
                                  and after.lower not in _PHRASE_END | _TEAM_FOLLOWERS and not after.lower.endswith("ing")):
            continue  # "the team development process": the team names whose process, not a team led
        if det is None or any(t.text[:1].isdigit() or t.lower in table.vague for t in toks[det:n]):
            continue
        before = toks[det - 1] if det else None
        if before is None or det > 4 or _verb_form(before.lower, _lemma_of(before.lower, before.lemma)) is None:
            continue  # the team the opening verb names ("Led a team"), not one served later ("supporting the team")
        # praise before the team goes with it ("a (significantly) successful team" -> "a [team size]-person team")
        fillers = word_set("rewrite/filler-words")
        k = det + 1
        while k < n and (toks[k].lower in fillers or toks[k].lower.endswith("ly") and k + 1 < n
                         and toks[k + 1].lower in fillers):
            k += 1
        first = toks[k]
        edits: list[tuple[int, int, str]] = [(toks[det + 1].start, first.start, f"{team.text}-person ")]
        if toks[det].lower == "an":  # "an experienced team" -> "a [team size]-person experienced team"
            edits.append((toks[det].start, toks[det].end, toks[det].text[0]))
        return Lead(tuple(edits), tuple(t.text for t in toks[det + 1:k]), (team,), "team")
    if table.count is not None:
        for n, tok in enumerate(toks[:-1]):  # "managed teams of engineers" -> "managed teams of [how many] ...":
            # one word may describe the teams ("led diverse teams across sites"): the count goes before it
            v = n - 2 if n > 1 and toks[n - 1].text.isalpha() and toks[n - 1].text.islower() \
                and _verb_form(toks[n - 2].lower, _lemma_of(toks[n - 2].lower, toks[n - 2].lemma)) == "past" \
                else n - 1
            if tok.lower in ("teams", "squads") and v >= 0 and toks[n + 1].lower in ("of", "across", "in", "for") \
                    and _verb_form(toks[v].lower, _lemma_of(toks[v].lower, toks[v].lemma)) == "past":
                # the people led, when named, count for more than the teams ("managed [how many] teams across X")
                at = toks[n + 2].start if toks[n + 1].lower == "of" and n + 2 < len(toks) \
                    and toks[n + 2].text[:1].isalpha() and toks[n + 2].lower not in _OBJECT_OPENERS \
                    else toks[v + 1].start
                return Lead(((at, at, f"{table.count.text} "),), (), (table.count,), "count")
        for n, tok in enumerate(toks[:-1]):
            nxt = toks[n + 1]
            if tok.lower in table.vague and nxt.text.isalpha() and nxt.lower not in _PHRASE_END | {"and", "of"} \
                    and _counts(toks, n + 1):
                return Lead(((tok.start, tok.end, table.count.text),), (tok.text,), (table.count,), "count")
    return None


# what says the work has people using it ("in use by SMA customers"), and who they may be
_USED_BY = (("used", "by"), ("in", "use", "by"), ("adopted", "by"), ("trusted", "by"), ("relied", "on", "by"))
_USER_NOUNS = {"customers", "users", "clients", "teams", "merchants", "members", "students", "partners", "stores",
               "companies", "businesses", "brands", "retailers", "employees", "developers", "analysts", "agents",
               "engineers", "hospitals", "clinics", "schools", "banks", "sellers", "drivers", "doctors"}


def users_in_place(item: _Item, table: MetricTable | None = None) -> Lead | None:
    """The users a line names without a number, counted where they stand: "a product in use by SMA customers"
    -> "in use by [how many] SMA customers". None when the first sentence names no such users."""
    table = table or metric_table()
    if table.count is None:
        return None
    toks = [t for t in item.toks if t.start < item.sents[0][1]]
    low = [t.lower for t in toks]
    for n in range(len(toks)):
        phrase = next((p for p in _USED_BY if tuple(low[n:n + len(p)]) == p), None)
        if phrase is None:
            continue
        k = n + len(phrase)
        for j in range(k, min(k + 4, len(toks))):
            if low[j] in _USER_NOUNS:
                if any(not t.text.replace("-", "").replace("&", "").isalpha() or t.lower in table.vague
                       or t.lower in _PHRASE_END | {"and", "or", "the", "a", "an", "all", "our", "their", "its"}
                       for t in toks[k:j]):
                    break
                return Lead(((toks[k].start, toks[k].start, f"{table.count.text} "),), (), (table.count,), "count")
            if not toks[j].text.replace("-", "").replace("&", "").isalpha():
                break
    return None


# "by" before a stated size ("by 23%", "by roughly 10%", "by $2M"), which goes when another "by" opens the means
_BY_FIGURE_RE = re.compile(r"(?<=\w)\s+by(?=\s+(?:about\s+|roughly\s+|over\s+|nearly\s+|almost\s+|around\s+)?[~+$€£]?\d)", re.I)


def stated_result_first(item: _Item, table: MetricTable | None = None) -> Lead | None:
    """A first sentence that states its own measured result after the work, put result first, every word kept:
    "Built X, cutting effort by 60%" / "Built X which cut effort by 60%" -> "Cut effort 60% by building X";
    "Set up X and reduced calls by 23% by moving to Y" -> "Reduced calls 23% by moving to Y, setting up X".
    None unless the sentence opens with the writer's own past-tense verb and the result, led by an outcome verb
    after a comma, "which"/"that" or "and", carries a number within its first words."""
    table = table or metric_table()
    s, e = item.sents[0]
    toks = [t for t in item.toks if t.start < e]
    while toks and toks[-1].text in (".", "!", "?", ";", ":", ",", "…"):
        toks.pop()  # the terminal punctuation stays where it is
    i = 0
    while i < len(toks) and (toks[i].lower in _SUBJECTS | _FILLERS):
        i += 1
    if i >= len(toks) - 4 or any(t.lower in ("i", "we", "my", "our") for t in toks[i:]):
        return None
    lemma = _lemma_of(toks[i].lower, toks[i].lemma)
    form = _verb_form(toks[i].lower, lemma)
    if not (form == "past" or form == "base" and inflect(lemma, "past") == lemma) \
            or lemma in table.not_means | table.outcomes:
        return None  # the writer's own past-tense work ("Rebuilt", "Set up"), not help or a result already
    verbs = [i]
    while verbs[-1] + 2 < len(toks) and toks[verbs[-1] + 1].lower in ("and", "&", ","):
        nxt = toks[verbs[-1] + 2]
        if _verb_form(nxt.lower, _lemma_of(nxt.lower, nxt.lemma)) != "past":
            break
        verbs.append(verbs[-1] + 2)
    found = None
    for k in range(verbs[-1] + 2, len(toks)):
        low, prev = toks[k].lower, toks[k - 1].lower
        lemma = _lemma_of(low, toks[k].lemma)
        if lemma not in table.outcomes:
            continue
        form = _verb_form(low, lemma)
        if form == "gerund" and prev == "," or form in ("past", "third", "base") and prev in ("which", "that", "and"):
            found = k
            break
    if found is None:
        return None
    k = found
    cut = k - 1 if toks[k - 1].lower != "which" or toks[k - 2].lower != "," else k - 2  # ", which" goes whole
    means = next((n for n in range(k + 2, len(toks) - 1) if toks[n].lower == "by"
                  and toks[n + 1].lower.endswith("ing") and len(toks[n + 1].lower) > 5), None)  # "by caching ..."
    end = means if means is not None else len(toks)
    if not any(re.search(r"\d", t.text) for t in toks[k:min(end, k + 7)]) or end - k > 16:
        return None  # no number of its own in the result: nothing measured to lead with
    result_verb = inflect(_lemma_of(toks[k].lower, toks[k].lemma), "past")
    result = item.text[toks[k].end:toks[end - 1].end]
    removed = [toks[k].text] + [t.text for t in toks[cut:k]]
    # a second result joined by "and" takes the lead's tense too ("Reduced X by 42% and cut Y by 28%")
    for n in range(end - 1, k + 1, -1):
        low = toks[n].lower
        if toks[n - 1].lower == "and" and low.endswith("ing") and _lemma_of(low, toks[n].lemma) in table.outcomes:
            a, b = toks[n].start - toks[k].end, toks[n].end - toks[k].end
            result = result[:a] + inflect(_lemma_of(low, toks[n].lemma), "past") + result[b:]
            removed.append(toks[n].text)
    work_parts: list[str] = []
    for n, v in enumerate(verbs):
        if n:
            work_parts.append(item.text[toks[verbs[n - 1]].end:toks[v].start])
        work_parts.append(_gerund(toks[v].lower, toks[v].lemma))
        removed.append(toks[v].text)
    work = "".join(work_parts) + item.text[toks[verbs[-1]].end:toks[cut - 1].end]
    removed.extend(t.text for t in toks[:i])  # a subject or filler before the verb ("Successfully") goes
    # the size right after the change, as a coach writes it once "by" opens the means: "Cut calls 23% by moving"
    result, dropped = _BY_FIGURE_RE.subn("", result)
    removed.extend(["by"] * dropped)
    head = _cap_first(result_verb) + result
    if means is not None:  # "Reduced calls 23% by moving to Y, setting up X"
        how = item.text[toks[means].start:toks[-1].end]
        text = f"{head} {how}, {work}"
    else:
        text = f"{head} by {work}"
    return Lead(((toks[0].start, toks[-1].end, text),), tuple(removed), (), "stated")
