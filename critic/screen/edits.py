"""The 1-3 edits most likely to flip a verdict, found by trying them on the model.

Each failing reason suggests candidate edits (move a section, add dates, lead with the measured AI
result, ...). Every candidate is applied to a copy of the case — the sheet's lines reordered, moved to
page 1, given the missing words — and the glance is simulated again. The edit that raises the verdict
most (then removes most reasons) is kept, and the search repeats on the edited case, up to three edits
or until the verdict is ADVANCE. Suggested wording never contains a number the resume does not have:
what only the candidate knows is a [placeholder].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from critic.screen.case import Case, evaluate
from critic.screen.locate import MAX_HEADER_LINES, Target, display_entry
from critic.screen.reading import ReadingModel, scan_order
from critic.screen.sheet import ScreenLine, count_words, name_part
from critic.screen.signals import AI_IMPACT, OWNERSHIP, Signal
from critic.screen.verdict import BURIED, MISSING, VERDICTS, Judgement

MAX_EDITS = 3
OPENER_WORDS = 8  # an opening that states the result: "Cut [AI metric] from [X] to [Y] ..." fits in 8 words
NEW_RESULT_WORDS = 6  # "Cut inference cost from [X] to [Y]": the measure is in the first six words


@dataclass
class Edit:
    """A suggested change and what the model says it does."""

    id: str
    text: str
    fixes: list[str]  # reason rules that stop failing with this edit
    verdict_after: str  # the verdict with this and the edits before it

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "fixes": list(self.fixes), "verdict_after": self.verdict_after}


@dataclass
class Candidate:
    id: str
    text: str
    apply: Callable[[Case], None]  # changes the (copied) case in place


# --------------------------------------------------------------------------------------------------
# helpers that change a case
# --------------------------------------------------------------------------------------------------

def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _role_name(case: Case, ek: tuple[int, int] | None) -> str:
    """A role as the resume shows it (its header lines without dates), quoted."""
    if ek is None:
        return "your current role"
    for key in ("current_role", "previous_role"):
        t = case.located.targets.get(key)
        if t is not None and t.found and ek == (case.located.current if key == "current_role" else case.located.previous):
            return f"\"{_short(t.text, 50)}\""
    shown = display_entry([ln for ln in case.sheet.lines if ln.role == "entry" and ln.entry == ek][:MAX_HEADER_LINES])
    return f"\"{_short(shown or case.doc.sections[ek[0]].entries[ek[1]].header, 50)}\""


def _index(case: Case, uid: int) -> int:
    return next(i for i, ln in enumerate(case.sheet.lines) if ln.uid == uid)


def _move(case: Case, uids: list[int], before: int | None = None, after: int | None = None,
          *, page: int = 1, region: str | None = None) -> None:
    """Move lines (in their order) before or after an anchor line, onto `page`."""
    moving = [ln for ln in case.sheet.lines if ln.uid in set(uids)]
    if not moving:
        return
    rest = [ln for ln in case.sheet.lines if ln.uid not in set(uids)]
    anchor_uid = before if before is not None else after
    pos = next((i for i, ln in enumerate(rest) if ln.uid == anchor_uid), None)
    if pos is None:
        pos = len([ln for ln in rest if ln.page <= page])
    elif after is not None:
        pos += 1
    anchor = rest[pos - 1] if after is not None and pos > 0 else (rest[pos] if pos < len(rest) else None)
    for ln in moving:
        ln.page = page
        ln.region = region or (anchor.region if anchor is not None and anchor.region != "band" else "main")
    case.sheet.lines = rest[:pos] + moving + rest[pos:]


def _new_uid(case: Case) -> int:
    return max((ln.uid for ln in case.sheet.lines), default=-1) + 1


def _first_bullet_unit(case: Case) -> str | None:
    lines = case.sheet.by_uid()
    for uid in case.located.current_bullets:
        ln = lines.get(uid)
        if ln is not None and ln.unit is not None:
            return ln.unit
    return None


def _ensure_first_bullet(case: Case) -> str | None:
    """The unit of the latest role's first bullet on page 1, adding an empty one when it has none."""
    unit = _first_bullet_unit(case)
    lines = case.sheet.by_uid()
    if unit is not None and lines[next(u for u in case.located.current_bullets if lines[u].unit == unit)].page == 1:
        return unit
    header = case.located.targets["current_role"].uids
    if not header or lines[header[-1]].page != 1:
        return None
    uid = _new_uid(case)
    new = ScreenLine(uid=uid, page=1, text="[new bullet]", box=None, role="bullet", unit=f"edit-{uid}",
                     entry=case.located.current, words=12)
    case.sheet.lines.insert(_index(case, header[-1]) + 1, new)
    case.located.current_bullets.insert(0, uid)
    return new.unit


def _unit_uids(case: Case, unit: str) -> list[int]:
    return [ln.uid for ln in case.sheet.lines if ln.unit == unit]


def _put_signal(case: Case, unit: str, kind: str, words: int, text: str) -> None:
    case.signals.setdefault(unit, []).append(Signal(kind, unit, 0, 0, text, words))


def _section_lines(case: Case, si: int, page: int | None = 1) -> list[ScreenLine]:
    return [ln for ln in case.sheet.lines if ln.section == si and (page is None or ln.page == page)]


def _experience_sections(case: Case) -> list[int]:
    return [si for si, s in enumerate(case.doc.sections) if s.kind == "experience"]


# --------------------------------------------------------------------------------------------------
# candidate edits per failing reason
# --------------------------------------------------------------------------------------------------

def _in_current_role(case: Case, unit: str) -> bool:
    """The unit is printed under the current role: same entry, and no other role's header line between
    the current role's header and the unit (an entry can hold two roles)."""
    u = case.sheet.units.get(unit)
    if u is None or case.located.current is None or u.entry != case.located.current:
        return False
    own = set(case.located.current_role_lines)
    started = not own
    for ln in case.sheet.lines:
        if ln.uid in own:
            started = True
        elif ln.unit == unit:
            return started
        elif started and ln.role == "entry" and ln.uid not in own:
            return False
    return False


def _signal_edits(case: Case, j: Judgement, kind: str) -> list[Candidate]:
    """Edits that bring a signal into the glance.

    A result from the latest role moves to its first bullet. A result from another role or section is
    never moved under the latest role (that would misstate where it happened): it goes into the headline
    under the name, with where it came from; the alternative is a first bullet written with placeholders.
    """
    status = j.ai_impact if kind == AI_IMPACT else j.ownership
    if status.in_glance:
        return []
    role = _role_name(case, case.located.current)
    out: list[Candidate] = []
    if kind == AI_IMPACT and status.signal is not None and not status.signal.text.startswith("["):
        sig = status.signal
        evidence = _short(sig.text, 50)
        bullet = case.sheet.units[sig.unit].text if sig.unit in case.sheet.units else sig.text
        where = f"page {status.page}" if status.page and status.page > 1 else "further down page 1"
        if _in_current_role(case, sig.unit):
            if _first_bullet_unit(case) == sig.unit:
                text = (f"Put the result (\"{evidence}\") in the first words of the first bullet under {role}, "
                        "before how you got there.")
            else:
                text = (f"Make \"{_short(bullet)}\" ({where}) the first bullet under {role}, with its result "
                        f"(\"{evidence}\") in the first words.")

            def apply(c: Case, sig: Signal = sig) -> None:
                lines = c.sheet.by_uid()
                if _first_bullet_unit(c) != sig.unit:
                    anchor = next((u for u in c.located.current_bullets if lines[u].page == 1), None)
                    uids = _unit_uids(c, sig.unit)
                    if anchor is None:
                        return
                    _move(c, uids, before=anchor)
                    c.located.current_bullets = uids + [u for u in c.located.current_bullets if u not in uids]
                c.signals[sig.unit] = [s for s in c.signals.get(sig.unit, []) if s.kind != AI_IMPACT] + [
                    replace(sig, word_end=min(sig.word_end, count_words(sig.text), OPENER_WORDS))]
            out.append(Candidate("lead-with-ai-impact", text, apply))
        else:
            origin = case.sheet.units[sig.unit].entry if sig.unit in case.sheet.units else None
            source = f", under {_role_name(case, origin)}" if origin is not None else ""
            text = (f"Add your strongest measured AI result to the line under your name, so it is read in the "
                    f"first second: \"{_short(bullet)}\" ({where}{source}).")

            def apply_headline(c: Case, sig: Signal = sig) -> None:
                headline = next((ln for ln in c.sheet.lines if ln.role == "headline" and ln.page == 1), None)
                added = min(count_words(sig.text), OPENER_WORDS)
                if headline is None:
                    name = next((ln for ln in c.sheet.lines if ln.role == "name" and ln.page == 1), None)
                    if name is None:
                        return
                    uid = _new_uid(c)
                    headline = ScreenLine(uid=uid, page=1, text="[headline]", box=None, role="headline",
                                          region=name.region, unit=f"edit-{uid}", words=1)
                    c.sheet.lines.insert(_index(c, name.uid) + 1, headline)
                headline.words += added
                unit = headline.unit or f"edit-{headline.uid}"
                headline.unit = unit
                _put_signal(c, unit, AI_IMPACT, headline.words, sig.text)
            out.append(Candidate("headline-ai-impact", text, apply_headline))
    if kind == AI_IMPACT and status.signal is not None and status.signal.text.startswith("["):
        return out  # a result this search already wrote in: nothing more to suggest for it
    if kind == AI_IMPACT and status.signal is not None and status.page == 1:
        return out  # a measured AI result is on page 1 already: bring it forward, never add a placeholder one
    if kind == AI_IMPACT:
        text = (f"Open the first bullet under {role} with a measured AI result, e.g. \"Cut [AI cost, latency or "
                "error metric] from [baseline] to [result] by [what you changed]\" — with your real numbers.")

        def apply_new(c: Case) -> None:
            unit = _ensure_first_bullet(c)
            if unit is not None:
                _put_signal(c, unit, AI_IMPACT, NEW_RESULT_WORDS, "[measured AI result]")
        out.append(Candidate("quantify-ai-impact", text, apply_new))
        return out
    example = f" (as in \"{_short(status.signal.text, 40)}\")" if status.signal is not None else ""
    text = (f"Say what you decided in the first bullet under {role}{example}: e.g. \"Chose [option] over "
            "[alternative], accepting [what you gave up]\".")

    def apply_own(c: Case) -> None:
        unit = _ensure_first_bullet(c)
        if unit is not None:
            _put_signal(c, unit, OWNERSHIP, 3, "[decision]")
    out.append(Candidate("state-a-decision", text, apply_own))
    return out


def _dates_edit(case: Case, j: Judgement, key: str) -> Candidate | None:
    p = j.data_points[key]
    ek = case.located.current if key == "current_dates" else case.located.previous
    if ek is None or p.ok or (p.status == BURIED and p.complete):
        return None
    role_key = "current_role" if key == "current_dates" else "previous_role"
    role = _role_name(case, ek)
    text = f"Add start and end dates to {role} on its first line: \"[Mon YYYY] – [Mon YYYY or Present]\"."

    def apply(c: Case) -> None:
        header = c.located.targets[role_key].uids or [ln.uid for ln in c.sheet.lines if ln.entry == ek
                                                      and ln.role == "entry"]
        if not header:
            return
        ln = c.sheet.by_uid()[header[0]]
        ln.words += 4
        c.located.targets[key] = Target(key, True, text="[dates]", page=ln.page, lines=[(ln.uid, ln.words)])
        if ln.uid not in c.located.hunt:
            c.located.hunt.append(ln.uid)
    return Candidate(f"add-{key.replace('_', '-')}", text, apply)


def _role_complete_edit(case: Case, j: Judgement, key: str) -> Candidate | None:
    p = j.data_points[key]
    if p.status == MISSING or p.complete:
        return None
    ek = case.located.current if key == "current_role" else case.located.previous
    text = f"Name both the job title and the company on the first line of {_role_name(case, ek)}."

    def apply(c: Case) -> None:
        c.located.targets[key] = replace(c.located.targets[key], complete=True)
    return Candidate(f"complete-{key.replace('_', '-')}", text, apply)


def _buried_role_edits(case: Case, j: Judgement) -> list[Candidate]:
    """Experience reached too late: in the side column, on page 2, or after long sections."""
    out: list[Candidate] = []
    cur = j.data_points["current_role"]
    exp = _experience_sections(case)
    if case.located.current is None:
        return out
    lines = case.sheet.by_uid()
    role_keys = ("current_role", "current_dates", "previous_role", "previous_dates")
    side = any(j.data_points[k].status == BURIED and lines[u].region == "side"
               for k in role_keys for u in case.located.targets[k].uids if u in lines)
    if side:
        def apply_side(c: Case) -> None:
            order = scan_order(c.sheet.lines)
            first_main = next((ln.uid for ln in order if ln.region == "main"), None)
            moving = [ln.uid for si in exp for ln in _section_lines(c, si) if ln.region == "side"]
            if first_main is None:
                for u in moving:
                    c.sheet.by_uid()[u].region = "main"
                return
            _move(c, moving, before=first_main, region="main")
        out.append(Candidate("move-experience-to-main-column",
                             "Move Experience out of the narrow side column into the main column, at the top.",
                             apply_side))
    elif cur.status != BURIED:
        pass
    elif cur.page == 1 and _roles_before_current(case):
        def apply_order(c: Case) -> None:
            first_role = _roles_before_current(c)
            moving = [ln.uid for ln in c.sheet.lines if ln.entry == c.located.current and ln.page == 1]
            if first_role and moving:
                _move(c, moving, before=first_role[0])
        out.append(Candidate("latest-role-first", f"List {_role_name(case, case.located.current)} first: put roles "
                             "newest first, so the latest is the first one the eye meets.", apply_order))
    elif cur.page and cur.page > 1:
        def apply_page(c: Case) -> None:
            moving = [ln.uid for si in exp for ln in c.sheet.lines if ln.section == si
                      and (ln.role == "heading" or ln.entry == c.located.current)]
            first_heading = next((ln.uid for ln in scan_order(c.sheet.lines) if ln.role == "heading"), None)
            _move(c, moving, before=first_heading, page=1)
        out.append(Candidate("move-experience-to-page-1",
                             f"Start Experience on page 1 with {_role_name(case, case.located.current)}, "
                             "ahead of the other sections.", apply_page))
    return out


def _roles_before_current(case: Case) -> list[int]:
    """uids of the first header line of every other role shown above the latest role on page 1."""
    order = scan_order(case.sheet.lines)
    cur = case.located.current
    out: list[int] = []
    seen: set[tuple[int, int]] = set()
    for ln in order:
        if ln.entry == cur and ln.role == "entry":
            break
        if ln.role == "entry" and ln.entry is not None and ln.entry not in seen \
                and case.doc.sections[ln.entry[0]].kind == "experience":
            seen.add(ln.entry)
            out.append(ln.uid)
    return out


def _sections_before_experience(case: Case) -> list[int]:
    """Sections shown on page 1 above the first experience heading (not the name band or contact)."""
    order = scan_order(case.sheet.lines)
    exp = set(_experience_sections(case))
    seen: list[int] = []
    for ln in order:
        if ln.section in exp and ln.role == "heading":
            break
        if ln.section is None or ln.region == "band" or ln.section_kind == "contact":
            continue
        if ln.section not in seen:
            seen.append(ln.section)
    return seen


def _trim_edit(case: Case, j: Judgement) -> Candidate | None:
    """A data point reached after the budget on page 1 because of what is scanned before it."""
    late = [k for k in ("current_role", "current_dates", "previous_role", "previous_dates", "education")
            if j.data_points[k].status == BURIED and j.data_points[k].page == 1]
    if not late:
        return None
    before = _sections_before_experience(case)
    if not before:
        return None
    si = max(before, key=lambda s: (len(_section_lines(case, s)), -s))
    section = case.doc.sections[si]
    title = section.title or section.kind
    exp = _experience_sections(case)
    if section.kind == "summary":
        text = f"Cut \"{_short(title, 30)}\" to two lines so the eye reaches your roles sooner."

        def apply_cut(c: Case) -> None:
            body = [ln for ln in _section_lines(c, si) if ln.role != "heading"]
            drop = {ln.uid for ln in body[2:]}
            c.sheet.lines = [ln for ln in c.sheet.lines if ln.uid not in drop]
        return Candidate("shorten-summary", text, apply_cut)
    text = f"Move \"{_short(title, 30)}\" below Experience so the eye reaches your roles first."

    def apply_move(c: Case) -> None:
        last_exp = [ln.uid for s in exp for ln in _section_lines(c, s)]
        if not last_exp:
            return
        anchor = max(last_exp, key=lambda u: _index(c, u))
        _move(c, [ln.uid for ln in _section_lines(c, si)], after=anchor)
    return Candidate("move-section-below-experience", text, apply_move)


def _reorder_edit(case: Case, j: Judgement) -> Candidate | None:
    """Move the section that costs the hunt most time, and holds no data point, below the last data point.

    Offered whenever the hunt passes such a section: the simulation decides whether it helps (it does
    when the time it frees lets the glance reach the first bullets of the latest role).
    """
    order = scan_order(case.sheet.lines)
    pos = {ln.uid: i for i, ln in enumerate(order)}
    target_uids = [u for t in case.located.targets.values() for u in t.uids if u in pos]
    if not target_uids:
        return None
    last = max(target_uids, key=lambda u: pos[u])
    last_line = order[pos[last]]
    holding = {order[pos[u]].section for u in target_uids} | {None}
    exp = set(_experience_sections(case))
    counts: dict[int, int] = {}
    for ln in order[: pos[last]]:
        if ln.section in holding or ln.section in exp or ln.region == "band" or ln.section_kind == "contact":
            continue
        counts[ln.section] = counts.get(ln.section, 0) + 1  # type: ignore[index]
    if not counts:
        return None
    si = max(counts, key=lambda k: (counts[k], -k))
    if counts[si] < 3:
        return None
    title = case.doc.sections[si].title or case.doc.sections[si].kind
    anchor_title = case.doc.sections[last_line.section].title if last_line.section is not None else ""
    text = (f"Move \"{_short(title, 30)}\" below \"{_short(anchor_title, 30)}\" so the eye reaches your "
            "data points, then your first bullets, sooner." if anchor_title else
            f"Move \"{_short(title, 30)}\" lower on the page so the eye reaches your data points sooner.")

    def apply(c: Case) -> None:
        c_order = scan_order(c.sheet.lines)
        c_pos = {ln.uid: i for i, ln in enumerate(c_order)}
        tail = [ln for ln in c_order if ln.section == last_line.section and c_pos[ln.uid] >= c_pos.get(last, 0)]
        anchor = tail[-1].uid if tail else last
        moving = [ln.uid for ln in c.sheet.lines if ln.section == si and ln.page == 1]
        _move(c, moving, after=anchor)
    return Candidate("move-section-down", text, apply)


def _history_edits(case: Case, j: Judgement) -> list[Candidate]:
    out: list[Candidate] = []
    edu = j.data_points["education"]
    lines = case.sheet.by_uid()
    if edu.status == MISSING:
        def apply_add(c: Case) -> None:
            uid = _new_uid(c)
            page1 = [ln for ln in c.sheet.lines if ln.page == 1]
            pos = _index(c, page1[-1].uid) + 1 if page1 else 0
            c.sheet.lines.insert(pos, ScreenLine(uid=uid, page=1, text="[degree], [school], [year]", box=None,
                                                 role="entry", words=4))
            c.located.targets["education"] = Target("education", True, text="[education]", page=1,
                                                    lines=[(uid, 4)])
            c.located.hunt.append(uid)
        out.append(Candidate("add-education", "Add an Education line at the end of page 1: \"[degree], [school], "
                             "[year]\".", apply_add))
    elif edu.status == BURIED and case.located.education is not None:
        si = case.located.education[0]

        def apply_edu(c: Case) -> None:
            moving = [ln.uid for ln in c.sheet.lines if ln.section == si
                      and (ln.role == "heading" or ln.entry == c.located.education)]
            exp_head = next((ln.uid for ln in scan_order(c.sheet.lines) if ln.role == "heading"
                             and ln.section in _experience_sections(c)), None)
            _move(c, moving, before=exp_head, page=1)
        out.append(Candidate("move-education-up", "Put Education on one line (degree, school, year) above "
                             "Experience on page 1.", apply_edu))
    prev = j.data_points["previous_role"]
    if prev.status == BURIED and prev.page and prev.page > 1 and case.located.previous is not None:
        prev_uids = [ln.uid for ln in case.sheet.lines if ln.entry == case.located.previous and ln.role == "entry"]

        def apply_prev(c: Case) -> None:
            cur_lines = [ln for ln in c.sheet.lines if ln.entry == c.located.current and ln.page == 1]
            bullets = [ln for ln in cur_lines if ln.role != "entry"]
            units: list[str] = []
            drop: set[int] = set()
            for ln in bullets:
                if ln.unit not in units:
                    units.append(ln.unit or "")
                if len(units) > 4:
                    drop.add(ln.uid)
            c.sheet.lines = [ln for ln in c.sheet.lines if ln.uid not in drop]
            anchor = max((ln.uid for ln in cur_lines if ln.uid not in drop), key=lambda u: _index(c, u), default=None)
            if anchor is not None:
                _move(c, prev_uids, after=anchor)
        out.append(Candidate("trim-current-role", f"Keep the four strongest bullets under "
                             f"{_role_name(case, case.located.current)} so {_role_name(case, case.located.previous)} "
                             "starts on page 1.", apply_prev))
    del lines
    return out


def _name_edit(case: Case, j: Judgement) -> Candidate | None:
    if j.data_points["name"].ok or _name_on_top(case):
        return None

    def apply(c: Case) -> None:
        uid = _new_uid(c)
        c.sheet.lines.insert(0, ScreenLine(uid=uid, page=1, text="[Your Name]", box=None, role="name",
                                           region="band", words=2))
        c.located.targets["name"] = Target("name", True, text="[name]", page=1, lines=[(uid, 2)])
    return Candidate("add-name", "Put your name alone on the first line of page 1, in the largest type.", apply)


def _name_on_top(case: Case) -> bool:
    """The first line of page 1 is already a name alone in the largest type (the edit would be true)."""
    page1 = [ln for ln in case.sheet.lines if ln.page == 1]
    if not page1:
        return False
    first = min(page1, key=lambda ln: (ln.box.top if ln.box is not None else 0.0, page1.index(ln)))
    biggest = max(ln.size for ln in page1)
    return first.size >= biggest - 0.1 and name_part(first.text, alone=True) == " ".join(first.text.split())


def candidates(case: Case, j: Judgement) -> list[Candidate]:
    """Candidate edits for the reasons that fail now (in a fixed order: ties keep it)."""
    out: list[Candidate | None] = []
    out.extend(_buried_role_edits(case, j))
    out.append(_role_complete_edit(case, j, "current_role"))
    out.extend(_signal_edits(case, j, AI_IMPACT))
    out.extend(_signal_edits(case, j, OWNERSHIP))
    out.append(_dates_edit(case, j, "current_dates"))
    out.append(_trim_edit(case, j))
    out.append(_reorder_edit(case, j))
    out.append(_name_edit(case, j))
    out.extend(_history_edits(case, j))
    out.append(_dates_edit(case, j, "previous_dates"))
    out.append(_role_complete_edit(case, j, "previous_role"))
    seen: set[str] = set()
    result = []
    for c in out:
        if c is not None and c.id not in seen:
            seen.add(c.id)
            result.append(c)
    return result


def suggest_edits(case: Case, model: ReadingModel, judgement: Judgement, max_edits: int = MAX_EDITS) -> list[Edit]:
    """Greedy search: the edit that helps most, then the next on the edited case; at most max_edits."""
    edits: list[Edit] = []
    current, j = case, judgement
    used: set[str] = set()
    while j.verdict != VERDICTS[-1] and len(edits) < max_edits:
        before = {r.rule for r in j.reasons}
        best: tuple[tuple[int, int], Candidate, Case, Judgement] | None = None
        for cand in candidates(current, j):
            if cand.id in used:
                continue
            trial = current.copy()
            cand.apply(trial)
            _, tj = evaluate(trial, model)
            key = (tj.level, -len(tj.reasons))
            if (tj.level, -len(tj.reasons)) <= (j.level, -len(j.reasons)):
                continue
            if best is None or key > best[0]:
                best = (key, cand, trial, tj)
        if best is None:
            break
        _, cand, trial, tj = best
        after = {r.rule for r in tj.reasons}
        edits.append(Edit(cand.id, cand.text, sorted(before - after), tj.verdict))
        used.add(cand.id)
        current, j = trial, tj
    return edits
