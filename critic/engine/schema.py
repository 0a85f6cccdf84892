"""The rule file schema (rules/<theme>/<id>.yaml, one rule a file) and its strict validation.

Unknown keys are rejected with a ConfigError naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from critic import yamlio
from critic.engine.kinds.base import KINDS
from critic.errors import ConfigError
from critic.findings import SEVERITIES

APPLIES_TO = ("bullet", "summary", "answer", "document")
RULE_KEYS = {"id", "applies_to", "severity", "message", "description", "detection", "needs", "confidence",
             "rewrite", "examples", "source", "advice"}
REQUIRED_KEYS = ("id", "applies_to", "severity", "message", "description", "detection", "examples", "source")
NEEDS = ("pos", "dep")
# detection keys per rule kind (every item-level kind also takes `scope`, `guards` and `min_words`)
OPENING_KEYS = {"sentences", "fraction"}
REWRITE_KEYS = {"action", "template", "placeholders", "example", "role", "rank", "answers", "restate", "decides",
                "inline", "forms", "types", "named", "participation", "resume_participation", "lead"}
REWRITE_ACTIONS = ("append", "prepend", "replace-match")
# what a rule asks for in a rewrite, in the order parts appear; rules of one role share one part
REWRITE_ROLES = ("decision", "framing", "commitment", "result", "baseline", "trade-off", "kill", "other")
# sentence forms of a part outside clause position: bullets (note), summaries, spoken answers; *_plan for plans
REWRITE_FORMS = ("note", "note_plan", "summary", "spoken", "spoken_plan")
# item types a rule may give its own clause template (see critic.model.ITEM_TYPES)
REWRITE_TYPES = ("achievement", "scope", "summary")
PLACEHOLDER_KEYS = {"text", "question", "sample"}
EXAMPLE_KEYS = {"flag", "pass"}
# the advice block: which item types a finding can be raised on, through which gate, in what priority
ADVICE_KEYS = {"gate", "types", "priority", "examples"}
ADVICE_WHERE = ("role", "summary", "old-role")  # where an advice example stands in its one-role test resume
ADVICE_GATES = ("quantification", "black-box", "trade-off", "kill-criteria", "note", "always",
                "interview-prep", "if-ai-work")  # the last two: document rules
ADVICE_TYPES = ("achievement", "scope", "summary", "honour", "skill", "publication", "education", "context")
MIN_EXAMPLES = 3
ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass
class Rule:
    """A validated rule; `detection` stays raw here and is compiled by the engine."""

    id: str
    severity: str
    applies_to: list[str]
    message: str
    description: str
    source: str
    examples: dict[str, list[str]]
    rewrite: dict[str, Any]
    kind: str
    needs: list[str]
    theme: str
    confidence: float
    detection: dict[str, Any] = field(repr=False, default_factory=dict)
    path: Path | None = None
    advice: dict[str, Any] = field(default_factory=dict)  # empty: raised wherever it fires

    @property
    def document_level(self) -> bool:
        return self.applies_to == ["document"]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "applies_to": list(self.applies_to),
                "message": self.message, "theme": self.theme, "kind": self.kind,
                "confidence": self.confidence, "needs": list(self.needs), "source": self.source}


def _fail(path: Path, problem: str, key: str | None = None) -> ConfigError:
    return ConfigError(f"{path}: {problem}", path=str(path), key=key, rule=path.stem)


def _check_unknown(path: Path, data: dict, allowed: set[str], where: str = "") -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        at = f" in {where}" if where else ""
        raise _fail(path, f"unknown key '{unknown[0]}'{at} (allowed: {', '.join(sorted(allowed))})", key=unknown[0])


def _str(path: Path, data: dict, key: str, where: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"'{where}{key}' must be a non-empty string")
    return value.strip()


def validate_advice(path: Path, advice: Any) -> dict[str, Any]:
    """Check a rule's advice block: a known gate, known item types, an integer priority (1 = asked first)."""
    if not isinstance(advice, dict):
        raise _fail(path, "'advice' must be a mapping")
    _check_unknown(path, advice, ADVICE_KEYS, "advice")
    if advice.get("gate") not in ADVICE_GATES:
        raise _fail(path, f"'advice.gate' must be one of {', '.join(ADVICE_GATES)}")
    types = advice.get("types", list(ADVICE_TYPES[:3]))
    if not isinstance(types, list) or not types or any(t not in ADVICE_TYPES for t in types):
        raise _fail(path, f"'advice.types' must be a non-empty list of {', '.join(ADVICE_TYPES)}")
    priority = advice.get("priority", 9)
    if not isinstance(priority, int) or isinstance(priority, bool) or not 1 <= priority <= 99:
        raise _fail(path, "'advice.priority' must be a whole number from 1 to 99")
    examples = advice.get("examples", {})
    if not isinstance(examples, dict) or set(examples) - {"raise", "note"}:
        raise _fail(path, "'advice.examples' must be a mapping with 'raise' and/or 'note' lists")
    checked: dict[str, list[dict[str, str]]] = {}
    for key, values in examples.items():
        if not isinstance(values, list):
            raise _fail(path, f"'advice.examples.{key}' must be a list")
        checked[key] = []
        for i, ex in enumerate(values):
            ex = {"text": ex} if isinstance(ex, str) else ex
            if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or not ex["text"].strip() \
                    or set(ex) - {"text", "where"} or ex.get("where", "role") not in ADVICE_WHERE:
                raise _fail(path, f"advice.examples.{key}[{i}] must be a text, or a mapping with text and where "
                                  f"({', '.join(ADVICE_WHERE)})")
            checked[key].append({"text": ex["text"].strip(), "where": ex.get("where", "role")})
    return {"gate": advice["gate"], "types": list(types), "priority": priority, "examples": checked}


def _no_numbers(path: Path, text: str, where: str) -> None:
    if re.search(r"\d", re.sub(r"\[[^\]]*\]", "", text)):
        raise _fail(path, f"'{where}' must not contain numbers outside placeholders")


def validate_rewrite(path: Path, rewrite: Any) -> dict[str, Any]:
    """Check a rule's rewrite data; templates and forms never carry numbers (numbers live in samples), and
    every placeholder they use is declared with its question."""
    if not isinstance(rewrite, dict):
        raise _fail(path, "'rewrite' must be a mapping")
    _check_unknown(path, rewrite, REWRITE_KEYS, "rewrite")
    action = rewrite.get("action")
    if action not in REWRITE_ACTIONS:
        raise _fail(path, f"'rewrite.action' must be one of {', '.join(REWRITE_ACTIONS)}")
    template = _str(path, rewrite, "template", "rewrite.")
    _no_numbers(path, template, "rewrite.template")
    texts = {"rewrite.template": template}
    role = rewrite.get("role", "other")
    if role not in REWRITE_ROLES:
        raise _fail(path, f"'rewrite.role' must be one of {', '.join(REWRITE_ROLES)}")
    rank = rewrite.get("rank", 0)
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 0:
        raise _fail(path, "'rewrite.rank' must be a non-negative integer")
    answers = rewrite.get("answers", [])
    if not isinstance(answers, list) or any(a not in REWRITE_ROLES for a in answers):
        raise _fail(path, f"'rewrite.answers' must be a list of {', '.join(REWRITE_ROLES)}")
    for key in ("restate", "decides", "inline", "lead"):
        if not isinstance(rewrite.get(key, False), bool):
            raise _fail(path, f"'rewrite.{key}' must be true or false")
    for key, allowed in (("forms", REWRITE_FORMS), ("types", REWRITE_TYPES)):
        table = rewrite.get(key, {})
        if not isinstance(table, dict):
            raise _fail(path, f"'rewrite.{key}' must be a mapping")
        _check_unknown(path, table, set(allowed), f"rewrite.{key}")
        for name in sorted(table):
            where = f"rewrite.{key}.{name}"
            value = _str(path, table, name, f"rewrite.{key}.")
            _no_numbers(path, value, where)
            texts[where] = value
    # named: the clause put right after an outcome an achievement names without a number;
    # participation: the placeholder that replaces participation-only phrasing ("Helped", "Supported")
    for key in ("named", "participation", "resume_participation"):
        if key in rewrite:
            texts[f"rewrite.{key}"] = _str(path, rewrite, key, "rewrite.")
            _no_numbers(path, texts[f"rewrite.{key}"], f"rewrite.{key}")
    if "participation" in rewrite and not re.fullmatch(r"\[[^\[\]]+\]", rewrite["participation"]):
        raise _fail(path, "'rewrite.participation' must be one placeholder, like [what you did yourself]")
    if "resume_participation" in rewrite and not re.fullmatch(r"(?:[a-z]+ )?\[[^\[\]]+\]",
                                                              rewrite["resume_participation"]):
        raise _fail(path, "'rewrite.resume_participation' must be one placeholder, or a verb and one placeholder,"
                          " like: owned [the part that was yours]")
    placeholders = rewrite.get("placeholders", [])
    if not isinstance(placeholders, list):
        raise _fail(path, "'rewrite.placeholders' must be a list")
    for i, ph in enumerate(placeholders):
        if not isinstance(ph, dict):
            raise _fail(path, f"rewrite.placeholders[{i}] must be a mapping with text/question/sample")
        _check_unknown(path, ph, PLACEHOLDER_KEYS, f"rewrite.placeholders[{i}]")
        for key in sorted(PLACEHOLDER_KEYS):
            _str(path, ph, key, f"rewrite.placeholders[{i}].")
        if not re.fullmatch(r"\[[^\[\]]+\]", ph["text"]):
            raise _fail(path, f"rewrite.placeholders[{i}].text must look like [name]")
        if not any(ph["text"] in text for text in texts.values()):
            raise _fail(path, f"rewrite.placeholders[{i}].text {ph['text']} does not appear in the template or a form")
    declared = {ph["text"] for ph in placeholders}
    for where, text in texts.items():
        for name in re.findall(r"\[[^\]]+\]", text):
            if name not in declared:
                raise _fail(path, f"{where} placeholder {name} has no entry in rewrite.placeholders")
    example = rewrite.get("example")
    if not isinstance(example, dict):
        raise _fail(path, "'rewrite.example' must be a mapping with bad and good")
    _check_unknown(path, example, {"bad", "good"}, "rewrite.example")
    _str(path, example, "bad", "rewrite.example.")
    _str(path, example, "good", "rewrite.example.")
    return rewrite


def validate_rule(path: Path, data: Any, theme: str) -> Rule:
    """Validate one parsed rule file into a Rule (detection is compiled later)."""
    if not isinstance(data, dict):
        raise _fail(path, "a rule file must be a YAML mapping")
    _check_unknown(path, data, RULE_KEYS)
    for key in REQUIRED_KEYS:
        if key not in data:
            raise _fail(path, f"missing required key '{key}'")
    rule_id = _str(path, data, "id")
    if not ID_RE.match(rule_id):
        raise _fail(path, f"id '{rule_id}' must be lowercase words joined by hyphens")
    if rule_id != path.stem:
        raise _fail(path, f"id '{rule_id}' does not match the file name '{path.stem}'")
    applies = data["applies_to"]
    if not isinstance(applies, list) or not applies or any(a not in APPLIES_TO for a in applies):
        raise _fail(path, f"'applies_to' must be a non-empty list of {', '.join(APPLIES_TO)}")
    if "document" in applies and len(applies) > 1:
        raise _fail(path, "'applies_to: [document]' cannot be combined with item kinds")
    severity = data["severity"]
    if severity not in SEVERITIES:
        raise _fail(path, f"'severity' must be one of {', '.join(SEVERITIES)}")
    message = _str(path, data, "message")
    if "\n" in message:
        raise _fail(path, "'message' must be one line")
    description = _str(path, data, "description")
    source = _str(path, data, "source")
    needs = data.get("needs", []) or []
    if not isinstance(needs, list) or any(n not in NEEDS for n in needs):
        raise _fail(path, f"'needs' must be a list of {', '.join(NEEDS)}")
    confidence = data.get("confidence", 0.8)
    if not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or not 0 < confidence <= 1:
        raise _fail(path, "'confidence' must be a number in (0, 1]")
    detection = data["detection"]
    if not isinstance(detection, dict):
        raise _fail(path, "'detection' must be a mapping with a 'kind'")
    kind = detection.get("kind")
    # the detection keys each kind takes and needs are the kind's own (critic.engine.kinds)
    if kind not in KINDS:
        raise _fail(path, f"unknown detection kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    _check_unknown(path, detection, set(KINDS[kind].allowed_keys()), "detection")
    for key in KINDS[kind].required:
        if key not in detection:
            raise _fail(path, f"detection kind '{kind}' needs '{key}'")
    level = KINDS[kind].level
    if level != "both" and (level == "document") != (applies == ["document"]):
        raise _fail(path, "document-level rules use kind 'document-absence' (or 'function'), item rules the others")
    if "opening" in detection:
        opening = detection["opening"]
        if not isinstance(opening, dict):
            raise _fail(path, "'detection.opening' must be a mapping")
        _check_unknown(path, opening, OPENING_KEYS, "detection.opening")
    if "min_words" in detection and (not isinstance(detection["min_words"], int) or detection["min_words"] < 0):
        raise _fail(path, "'detection.min_words' must be a non-negative integer")
    if kind == "function":
        _str(path, detection, "function", "detection.")
        if "params" in detection and not isinstance(detection["params"], dict):
            raise _fail(path, "'detection.params' must be a mapping")
    examples = data["examples"]
    if not isinstance(examples, dict):
        raise _fail(path, "'examples' must be a mapping with flag and pass lists")
    _check_unknown(path, examples, EXAMPLE_KEYS, "examples")
    for key in ("flag", "pass"):
        values = examples.get(key)
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise _fail(path, f"'examples.{key}' must be a list of strings")
        if len(values) < MIN_EXAMPLES:
            raise _fail(path, f"'examples.{key}' needs at least {MIN_EXAMPLES} examples")
    rewrite = validate_rewrite(path, data["rewrite"]) if "rewrite" in data else {}
    if not rewrite and applies != ["document"]:
        raise _fail(path, "item rules need 'rewrite' data")
    return Rule(id=rule_id, severity=severity, applies_to=list(applies), message=message,
                description=description, source=source,
                examples={"flag": list(examples["flag"]), "pass": list(examples["pass"])},
                rewrite=rewrite, kind=kind, needs=list(needs), theme=theme, confidence=float(confidence),
                detection=detection, path=path,
                advice=validate_advice(path, data["advice"]) if "advice" in data else {})


def load_rule_file(path: Path, theme: str) -> Rule:
    """Read and validate one rule file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot read rule file ({exc.__class__.__name__})") from exc
    try:
        data = yamlio.load(text)
    except yamlio.YAMLError as exc:
        raise _fail(path, f"invalid YAML ({str(exc).splitlines()[0]})") from exc
    return validate_rule(path, data, theme)


def rule_files(directory: Path) -> list[tuple[Path, str]]:
    """(path, theme) of every rule file under a rules folder; the theme is the sub-folder name."""
    if not directory.is_dir():
        raise ConfigError(f"{directory}: rules folder not found", path=str(directory))
    out = []
    for path in sorted(directory.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file():
            rel = path.relative_to(directory)
            theme = rel.parts[0] if len(rel.parts) > 1 else "general"
            out.append((path, theme))
    return out
