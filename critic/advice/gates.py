"""Gate kinds: when a literal finding is worth raising on this item (GUIDE step 3 and 4).

A rule names its gate in its YAML ``advice:`` block; each gate is a function of the item, its role and the
other literal findings on it, and returns True (raise) or the reason it was kept as a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from critic.advice.context import EntryInfo, ItemInfo, mentions_ai
from critic.findings import Finding
from critic.model import Item
from critic.phrases import backdrop

Verdict = bool | str
Gate = Callable[["GateInput"], Verdict]

# a summary sentence claims impact with a result verb in the past or third person ("drove growth",
# "delivers AI products"), or an impact word ("impact", "track record", "seen by millions"); a verb inside a
# compound ("data-driven") or a gerund of a tagline ("Building products that...") is no claim. The past-tense
# verbs also keep an objective that reports a result a claim.
_PAST_VERBS = ("drove|delivered|grew|built|launched|increased|improved|scaled|generated|reduced|saved|shipped|"
               "transformed|spearheaded|led|created|founded|won|owned|managed")
_IMPACT_CLAIM = re.compile(
    rf"(?<![-\w])({_PAST_VERBS}|drives|delivers|grows|builds|launches|scales|ships|leads|owns|cut|"
    r"turned around|established|proven|impact|track record|"
    r"(seen|used|trusted) by (millions|thousands|\w+ of)|millions|billions)\b",
    re.I,
)
# an objective or a tagline: what the candidate wants or likes, not what they did
_ASPIRATION = re.compile(
    r"\b(looking (to|for)|seeking|passion(ate)? (for|about)|aim(ing)? to|hop(e|ing) to|eager to|"
    r"want(s|ing)? to|would like to|interested in|excited (to|about))\b",
    re.I,
)
_PAST_CLAIM = re.compile(rf"(?<![-\w])({_PAST_VERBS})\b", re.I)
_PARTICIPATION = re.compile(
    r"(^\W*|[.;]\s+|,\s+)(i\s+)?(helped|help(s|ing)?|assist(ed|s|ing)?|support(ed|s|ing)?|contribut(ed|es|ing|ions?)|"
    r"participat(ed|es|ing|ion)|involved|was (a )?part of|took part|exposure|currently working)\b",
    re.I,
)
# collaboration with a named business function (Legal, Sales, clients...) is naturally cross-functional;
# with "the team", "others" or on AI work it hides what the candidate did
_NAMED_FUNCTION = re.compile(
    r"\b(legal|sales|marketing|finance|hr|human resources|operations|ops|support|customer success|clients?|"
    r"customers?|stakeholders?|co-?founders?|ceo|cto|cpo|coo|founders?|leadership|executives?|vendors?|"
    r"partners?|it|security|compliance|procurement|designers?|design team|recruit\w*|faculty|professors?)\b",
    re.I,
)
_COLLABORATION = re.compile(
    r"^\W*(i\s+)?(worked (with|on|alongside|closely|as part)|work(s|ing)? (with|on)|collaborat(ed|es|ing)|"
    r"partner(ed|s|ing)?|in partnership|co-?ordinat(ed|es|ing)|liais(ed|es|ing))\b",
    re.I,
)
_OUTCOME = re.compile(
    r"\d\s*(%|percent|x\b)|\b(cut|reduc\w*|increas\w*|lift(ed|ing)?|grew|grow(ing|s)?|improv\w*|rais(ed|ing)|"
    r"lower(ed|ing)|dropp?\w*|fell|sav(ed|ing)|boost\w*|doubl\w*|tripl\w*|halv\w*|shortened|sped|"
    r"resulting in|leading to|achiev\w*)\b[^.;]*\d",
    re.I,
)
_OWN_DECISION = re.compile(
    r"\b(chose|chosen|choose|selected|picked|decided|defined|set (the|a|an)?|designed|specified|scoped|"
    r"prioriti[sz]ed|framed|owned|set up the eval|evaluated|benchmarked|tuned|calibrated|capped|gated)\b",
    re.I,
)
_TENSION = re.compile(
    r"\b(migrat\w*|transition\w* (\w+ ){0,4}(from|to)|switch\w* (\w+ ){0,4}(from|to)|replac\w*|"
    r"mov(ed|ing) (\w+ ){0,4}(from|off)|cho(se|sen|ose)|select(ed|ing)|pick(ed|ing)|opt(ed|ing) for|"
    r"prioriti[sz]\w*|deprioriti[sz]\w*|descop\w*|cut (the )?scope|sunset\w*|deprecat\w*|consolidat\w*|"
    r"vendors?|in-house|outsourc\w*|pric(ed|ing)|benchmark\w*|evaluat(ed|ing) (\w+ ){0,6}(against|versus|vs\.?|"
    r"over|alternatives?|options)|trade-?offs?|instead of|rather than|fine-tun\w*|distill\w*|"
    r"human[- ]in[- ]the[- ]loop|human review|(\w+-)?first (approach|strategy|design))\b",
    re.I,
)
_TECHNIQUE_CHOICE = re.compile(r"\b(using|via|based on|built on|powered by)\b(\W+\w+){0,5}", re.I)
OUTCOME_REPORTED = "an outcome is already reported: the stop rule is interview material, not a bullet edit"
_TRIAL = re.compile(
    r"\b(pilot\w*|prototyp\w*|experiment\w*|a/?b[- ]test\w*|split[- ]test\w*|beta|trial\w*|canary|"
    r"roll(ed|ing)? ?out|monitor\w*|guardrail\w*|proof[- ]of[- ]concept|poc|mvp)\b",
    re.I,
)
_HIGH_RISK = re.compile(
    r"\b(fraud|risk|safety|health\w*|clinic\w*|medical|patient\w*|credit|loan\w*|lending|payment\w*|"
    r"compliance|security|privacy|moderation|abuse|hiring|insurance|underwriting|legal)\b",
    re.I,
)


@dataclass(frozen=True)
class GateInput:
    """What a gate reads."""

    item: Item
    info: ItemInfo
    entry: EntryInfo
    finding: Finding
    literal: set[str]  # ids of every rule that fired on the item


def _other_role(g: GateInput) -> str:
    return "an older role unrelated to the target: compress or cut it rather than add to it"


def quantification(g: GateInput) -> Verdict:
    """Raise on unmeasured achievements and scope lines of relevant roles; summaries only for impact claims."""
    if not g.entry.relevant:
        return _other_role(g)
    if g.item.type == "summary" and (not _IMPACT_CLAIM.search(g.item.text)
                                     or _ASPIRATION.search(g.item.text) and not _PAST_CLAIM.search(g.item.text)):
        return "a profile sentence with no claim of impact: the numbers belong in the bullets below it"
    return True


def black_box(g: GateInput) -> Verdict:
    """Raise when the whole claim is participation, or AI work is the point and no decision of the
    candidate's own is visible."""
    text = g.item.text
    participation = bool(_PARTICIPATION.search(text))
    ai = mentions_ai(text)
    if not g.entry.relevant and not ai:
        return _other_role(g)
    if participation:
        return True
    collaboration = _COLLABORATION.search(text)
    if collaboration and ai and not _OWN_DECISION.search(text):
        return True
    if collaboration and not _NAMED_FUNCTION.search(text[collaboration.end():collaboration.end() + 60]):
        return True
    if ai and not _OWN_DECISION.search(text):
        return True
    if ai:
        return "a decision of your own about the AI work is already named"
    return "the collaboration is named, but what you did yourself is clear"


def trade_off(g: GateInput) -> Verdict:
    """Raise on a flagship decision with an obvious tension (a model, vendor or approach choice, a migration,
    a scope cut, pricing, prioritisation); not on routine execution."""
    if not g.entry.relevant:
        return _other_role(g)
    if g.item.type not in ("achievement", "scope"):
        return "not a decision bullet"
    text = g.item.text
    if any(not backdrop(text, m.start()) for m in _TENSION.finditer(text)) \
            or any(mentions_ai(m.group(0)) for m in _TECHNIQUE_CHOICE.finditer(text)):
        return True
    return "routine execution: a trade-off here would be trivial"


def kill_criteria(g: GateInput) -> Verdict:
    """Raise only where the pilot, experiment, rollout or monitor is the claim (no outcome reported) and it is
    AI work or high-risk; otherwise it is interview preparation."""
    text = g.item.text
    if not _TRIAL.search(text):
        return "no launch, pilot or experiment is the claim here"
    if "missing-quantification" not in g.literal and _OUTCOME.search(text):
        return OUTCOME_REPORTED
    if not (mentions_ai(text) or _HIGH_RISK.search(text)):
        return "not AI or high-risk work: a stop rule is interview material here"
    if not g.entry.relevant:
        return _other_role(g)
    return True


def note(g: GateInput) -> Verdict:
    """Never raised on resume items: a secondary check the core asks already cover."""
    return "a secondary check: the main asks on this bullet cover it"


def always(g: GateInput) -> Verdict:
    """Always raised (a coach's own rule that should never be gated)."""
    return True


def interview_prep(g: GateInput) -> Verdict:
    """Document rules: never raised on a resume; kill criteria are probed in the screening call, so the
    report's screen-prep list carries them."""
    return "kill criteria are probed in the screening call: see the screen-prep questions"


def if_ai_work(g: GateInput) -> Verdict:
    """Document rules: raised only when the resume names AI work to quantify a risk for."""
    return True if g.info.ai else "no AI work on this resume to quantify a risk for"


GATES: dict[str, Gate] = {
    "interview-prep": interview_prep,
    "if-ai-work": if_ai_work,
    "quantification": quantification,
    "black-box": black_box,
    "trade-off": trade_off,
    "kill-criteria": kill_criteria,
    "note": note,
    "always": always,
}
