"""The answers file for `critic fix --answers`: a YAML template of every question, and reading it back.

One entry per raised item, best first::

    - item: experience-1-4
      bad: "Worked with the ML team to improve search relevance"
      good: "Decided [what you decided] with the ML team to ..."
      answers:
        # What did you decide yourself (a threshold, a model choice, what to cut)?
        "[what you decided]": ""
      # or your own wording for the whole bullet (then the answers are not used):
      wording: ""
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from critic import yamlio
from critic.errors import InputError
from critic.fix.session import FixSession


@dataclass
class ItemAnswers:
    """What the person wrote for one item."""

    item: str
    bad: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    wording: str = ""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def template(session: FixSession) -> str:
    """The answers template for a session's raised edits, each question as a comment above its answer."""
    out = [f"# Answers for {session.source}: fill in each \"\" and run `critic fix` again with --answers.",
           "# Leave an item's answers empty to skip it. Numbers are never made up: only what you type is used.",
           ""]
    for e in session.edits:
        rw = e.rewrite
        out += [f"- item: {_q(e.result.item.id)}", f"  bad: {_q(rw.bad)}", f"  good: {_q(rw.good)}"]
        out += [f"  # kept after it (worth a bullet of its own): {sentence}" for sentence in rw.split]
        out += [f"  # left out of the bullet (tools go to Skills): {detail}" for detail in rw.moved]
        if rw.placeholders:
            out.append("  answers:")
            seen: set[str] = set()
            for p in rw.placeholders:
                if p.text in seen:
                    continue
                seen.add(p.text)
                out += [f"    # {p.question}", f"    {_q(p.text)}: \"\""]
        out += ["  # or your own wording for the whole bullet (then the answers are not used):",
                "  wording: \"\"", ""]
    return "\n".join(out)


def read_answers(path: Path) -> list[ItemAnswers]:
    """The answers file's entries; a file that is not an answers file raises InputError naming it."""
    name = str(path)
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(name, f"cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text") from None
    except yamlio.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(name, f"not valid YAML{where}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError(name, "expected a list of items (- item: ID ...), as in the template")
    out = []
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("item"), str):
            raise InputError(name, f"entry {n}: expected a mapping with an 'item' id")
        answers = entry.get("answers") or {}
        if not isinstance(answers, dict):
            raise InputError(name, f"entry {n} ({entry['item']}): 'answers' must map each [placeholder] to text")
        wording = entry.get("wording") or ""
        if not isinstance(wording, (str, int, float)):
            raise InputError(name, f"entry {n} ({entry['item']}): 'wording' must be text")
        out.append(ItemAnswers(entry["item"], str(entry.get("bad") or ""),
                               {str(k): "" if v is None else str(v) for k, v in answers.items()}, str(wording)))
    return out


def apply_answers(session: FixSession, entries: list[ItemAnswers]) -> list[tuple[str, str]]:
    """Fill, re-check and accept each answered item; returns (item id, why not) for those not accepted."""
    ids = {e.result.item.id for e in session.edits}
    problems: list[tuple[str, str]] = []
    for entry in entries:
        if entry.item not in ids:
            problems.append((entry.item, "no raised item with this id in the file"))
            continue
        item = session.edit(entry.item).result.item
        if entry.bad and " ".join(entry.bad.split()) != " ".join(item.text.split()):
            problems.append((entry.item, "the bullet in the file is no longer the one answered"))
            continue
        if not entry.wording.strip() and not any(v.strip() for v in entry.answers.values()):
            continue  # left empty: skipped
        text, check = session.check(entry.item, entry.answers, entry.wording or None)
        if check.ok:
            session.accept(entry.item, text, check)
        else:
            problems.append((entry.item, check.reason))
    return problems

