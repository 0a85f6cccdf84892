"""Unit tests of the screen simulator: reading model, verdict rules one by one, signals, JD coverage,
simulated layout and the data-point locator, on documents built in the test."""

from __future__ import annotations

import pytest

from critic.model import Box, Document, Entry, Item, Section
from critic.screen.case import evaluate, prepare
from critic.screen.core import screen_document
from critic.screen.jd import coverage, extract_keywords
from critic.screen.locate import order_roles
from critic.screen.reading import READ, ReadingModel, scan_order, simulate
from critic.screen.sheet import ScreenLine, count_words
from critic.screen.sheet import simulate as simulate_sheet
from critic.screen.signals import AI_IMPACT, OWNERSHIP, Signal, find_signals, ownership_spans
from critic.screen.verdict import BURIED, MISSING, SEEN, DataPoint, SignalStatus, verdict_reasons

# --------------------------------------------------------------------------------------------------
# reading model
# --------------------------------------------------------------------------------------------------


def _line(uid: int, text: str, role: str = "text", region: str = "main", page: int = 1, **kw) -> ScreenLine:
    return ScreenLine(uid=uid, page=page, text=text, box=Box(50, 20 * uid, 300, 20 * uid + 12), role=role,
                      region=region, **kw)


def test_count_words_skips_punctuation_tokens() -> None:
    assert count_words("Senior PM | Acme – 2021 – Present") == 5


def test_scan_order_reads_band_then_main_then_side() -> None:
    lines = [_line(0, "side a", region="side"), _line(1, "main a"), _line(2, "band", region="band"),
             _line(3, "side b", region="side"), _line(4, "main b")]
    assert [ln.uid for ln in scan_order(lines)] == [2, 1, 4, 0, 3]


def test_costs_follow_the_model_parameters() -> None:
    m = ReadingModel(seconds=6, words_per_second=10, fixation=0.2, pass_cost=0.05)
    lines = [_line(0, "Ada Lovelace", role="name"), _line(1, "filler one two three"),
             _line(2, "EXPERIENCE", role="heading"), _line(3, "Engineer at Analytical Engines", role="entry")]
    r = simulate(lines, targets=[3], current_role=[3], current_bullets=[], model=m)
    ev = {}
    for e in r.events:
        ev.setdefault(e.uid, e)  # the first time the eye is on each line
    assert ev[0].end == pytest.approx(0.2 + 2 / 10)  # fixation + 2 words
    assert ev[1].mode == "edge" and ev[1].end - ev[1].start == pytest.approx(0.05)
    # the heading follows the passed line: no new fixation; the entry follows the heading: none either
    assert ev[2].end - ev[2].start == pytest.approx(1 / 10)
    assert ev[3].end - ev[3].start == pytest.approx(4 / 10)
    assert r.hunt_done == pytest.approx(ev[3].end)


def test_budget_cuts_a_line_part_way() -> None:
    m = ReadingModel(seconds=1.0, words_per_second=10, fixation=0.2)
    lines = [_line(0, "one two three four five six seven eight nine ten eleven twelve", role="entry")]
    r = simulate(lines, targets=[0], current_role=[0], current_bullets=[], model=m)
    assert r.read_words[0] == 8  # (1.0 - 0.2) s x 10 words/s
    assert r.events[0].end > 1.0  # the walk itself is not cut: it says when the line would be done


def test_data_points_are_hunted_before_the_first_bullets() -> None:
    m = ReadingModel(seconds=60)
    lines = [_line(0, "EXPERIENCE", role="heading"), _line(1, "PM, Acme 2020 - Present", role="entry"),
             _line(2, "Did a thing with a model", role="bullet", unit="b1"), _line(3, "EDUCATION", role="heading"),
             _line(4, "BS, State University", role="entry")]
    r = simulate(lines, targets=[1, 4], current_role=[1], current_bullets=[2], model=m)
    order = [e.uid for e in r.events if e.mode == READ]
    assert order.index(4) < order.index(2)
    assert r.hunt_done is not None and r.hunt_done <= r.read_at[2]


def test_while_looking_for_the_latest_role_every_entry_header_is_read() -> None:
    m = ReadingModel(seconds=60)
    lines = [_line(0, "PROJECTS", role="heading"), _line(1, "A side project", role="entry"),
             _line(2, "EXPERIENCE", role="heading"), _line(3, "PM, Acme", role="entry"),
             _line(4, "Older job", role="entry")]
    r = simulate(lines, targets=[3], current_role=[3], current_bullets=[], model=m)
    read = {e.uid for e in r.events if e.mode == READ and e.phase == "hunt"}
    assert 1 in read  # met before the current role: read
    assert 4 not in read  # after it (and not a target): passed in the hunt


def test_first_bullets_limit() -> None:
    m = ReadingModel(seconds=60, first_bullets=1)
    lines = [_line(0, "PM", role="entry"), _line(1, "first bullet", role="bullet", unit="a"),
             _line(2, "first bullet wraps", role="bullet", unit="a"), _line(3, "second", role="bullet", unit="b")]
    r = simulate(lines, targets=[0], current_role=[0], current_bullets=[1, 2, 3], model=m)
    phases = {e.uid: e.phase for e in r.events if e.mode == READ}
    assert phases[1] == phases[2] == "bullets"
    assert phases[3] == "rest"


def test_reading_model_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        ReadingModel(seconds=0)


# --------------------------------------------------------------------------------------------------
# verdict rules, one by one
# --------------------------------------------------------------------------------------------------

def _points(**status: str) -> dict[str, DataPoint]:
    out = {}
    for key in ("name", "current_role", "current_dates", "previous_role", "previous_dates", "education"):
        st = status.get(key, SEEN)
        complete = st != "incomplete"
        st = SEEN if st == "incomplete" else st
        out[key] = DataPoint(key, st, complete and st != MISSING, "x" if st != MISSING else "", 1, None, 1.0, "")
    return out


def _sig(kind: str, where: str) -> SignalStatus:
    if where == "none":
        return SignalStatus(kind, False, "none", None)
    page = 1 if where in ("glance", "page-1") else int(where.split("-")[1])
    return SignalStatus(kind, where == "glance", where, Signal(kind, "u", 0, 3, "cut cost 40%", 3), page, 2.0)


def _rules(points=None, ai="glance", own="glance", single=False) -> list[str]:  # type: ignore[no-untyped-def]
    reasons = verdict_reasons(points or _points(), _sig(AI_IMPACT, ai), _sig(OWNERSHIP, own), 6.0,
                              single_role=single)
    return [r.rule for r in reasons]


def _verdict(rules_caps: list[str]) -> str:
    from critic.screen.verdict import RULES, VERDICTS

    return VERDICTS[min((VERDICTS.index(RULES[r][0]) for r in rules_caps), default=2)]


def test_all_clear_is_advance() -> None:
    assert _rules() == []
    assert _verdict(_rules()) == "ADVANCE"


@pytest.mark.parametrize("status", [MISSING, BURIED])
def test_r1_current_role_unseen_rejects(status: str) -> None:
    rules = _rules(_points(current_role=status))
    assert "current-role-unseen" in rules and _verdict(rules) == "REJECT"


@pytest.mark.parametrize("where", ["none", "page-2"])
def test_r2_no_ai_impact_on_page_1_rejects(where: str) -> None:
    rules = _rules(ai=where)
    assert rules == ["no-ai-impact-on-page-1"] and _verdict(rules) == "REJECT"


def test_r3_too_few_data_points_rejects() -> None:
    rules = _rules(_points(current_dates=MISSING, previous_role=MISSING, previous_dates=MISSING, education=MISSING))
    assert "too-few-data-points" in rules and _verdict(rules) == "REJECT"
    # three seen is enough to escape R3
    rules = _rules(_points(previous_role=MISSING, previous_dates=MISSING, education=MISSING))
    assert "too-few-data-points" not in rules


def test_m1_ai_impact_outside_glance_is_maybe() -> None:
    rules = _rules(ai="page-1")
    assert rules == ["ai-impact-outside-glance"] and _verdict(rules) == "MAYBE"


@pytest.mark.parametrize("where", ["none", "page-1", "page-2"])
def test_m2_no_decision_ownership_in_glance_is_maybe(where: str) -> None:
    rules = _rules(own=where)
    assert rules == ["no-decision-ownership"] and _verdict(rules) == "MAYBE"


@pytest.mark.parametrize("status", [MISSING, BURIED, "incomplete"])
def test_m3_current_dates_unseen_is_maybe(status: str) -> None:
    rules = _rules(_points(current_dates=status))
    assert rules == ["current-dates-unseen"] and _verdict(rules) == "MAYBE"


def test_m4_name_unseen_is_maybe() -> None:
    rules = _rules(_points(name=MISSING))
    assert rules == ["name-unseen"] and _verdict(rules) == "MAYBE"


def test_m5_history_needs_two_misses() -> None:
    assert _rules(_points(education=MISSING)) == []
    rules = _rules(_points(education=MISSING, previous_dates=BURIED))
    assert rules == ["history-unseen"] and _verdict(rules) == "MAYBE"


def test_m5_single_role_counts_the_missing_predecessor_once() -> None:
    points = _points(previous_role=MISSING, previous_dates=MISSING)
    assert _rules(points, single=True) == []
    assert _rules(points, single=False) == ["history-unseen"]


def test_m6_incomplete_current_role_is_maybe_not_reject() -> None:
    rules = _rules(_points(current_role="incomplete"))
    assert rules == ["current-role-incomplete"] and _verdict(rules) == "MAYBE"


def test_reasons_keep_rule_order() -> None:
    rules = _rules(_points(current_role=MISSING, name=MISSING), ai="none", own="none")
    assert rules == ["current-role-unseen", "no-ai-impact-on-page-1", "no-decision-ownership", "name-unseen"]


# --------------------------------------------------------------------------------------------------
# signals
# --------------------------------------------------------------------------------------------------

def _kinds(text: str, context: str = "") -> set[str]:
    found = find_signals({"u": text}, {"u": context} if context else None)
    return {s.kind for s in found.get("u", [])}


@pytest.mark.parametrize("text", [
    "Cut LLM inference cost 38% by routing easy questions to a smaller model",
    "Reduced hallucination rate from 6.1% to 2.3% on the weekly eval set",
    "Raised recommendation click-through by 11% across the home feed",
])
def test_quantified_ai_impact(text: str) -> None:
    assert AI_IMPACT in _kinds(text)


@pytest.mark.parametrize("text", [
    "Worked on LLM features for the support assistant",  # AI, no measure
    "Grew checkout conversion 12% with a redesigned cart",  # measure, no AI
    "Led a team of 6 ML engineers building ranking models",  # a head count is not impact
    "Shipped a GPT-4 assistant in Q3 2024",  # model version and dates are not measures
])
def test_not_quantified_ai_impact(text: str) -> None:
    assert AI_IMPACT not in _kinds(text)


def test_ai_risk_measure_counts_with_an_ai_role_header() -> None:
    text = "Cut p95 latency from 2.4 s to 900 ms"
    assert AI_IMPACT not in _kinds(text)
    assert AI_IMPACT in _kinds(text, context="Product Manager, LLM Platform | Acme")


@pytest.mark.parametrize("text", [
    "Owned the trade-off between personalisation and PII exposure",
    "Chose a distilled model over the hosted one, accepting slower answers",
    "Killed the visual-search pilot after six weeks",
    "Set the rollback threshold for the ranking model",
    "Decided to ship the classifier behind a confidence gate",
    "Moved search to embeddings, accepting higher serving cost",
    "Shipped the beta; paused the rollout when refunds rose",
])
def test_decision_ownership(text: str) -> None:
    assert ownership_spans(text)


@pytest.mark.parametrize("text", [
    "Led model development for fraud scoring",
    "Worked with the ML team on ranking",
    "Collaborated with data science to improve recall",
    "Responsible for the roadmap of the assistant",
    "Reduced cancelled orders with a churn model",
    "Built a checkout accepting 12 currencies",
])
def test_not_decision_ownership(text: str) -> None:
    assert not ownership_spans(text)


def test_signal_word_end_counts_words_to_the_evidence() -> None:
    found = find_signals({"u": "Cut LLM inference cost 38% by routing"})["u"]
    sig = next(s for s in found if s.kind == AI_IMPACT)
    assert sig.word_end == count_words("Cut LLM inference cost 38%")


# --------------------------------------------------------------------------------------------------
# documents built here: simulated layout, locator, the whole screen
# --------------------------------------------------------------------------------------------------

def _doc(*, dates: bool = True, first_bullet: str | None = None, roles_oldest_first: bool = False,
         education: bool = True) -> Document:
    doc = Document(source="built.md", format="markdown", name="Ada Quill")
    contact = Section("contact", "", items=[Item("", "line", "Ada Quill", section_kind="contact"),
                                            Item("", "line", "Product Manager, Applied AI", section_kind="contact"),
                                            Item("", "line", "ada@example.com | (555) 555-0100", section_kind="contact")])
    b1 = first_bullet or "Cut LLM support cost 40% by choosing a smaller model over the hosted one"
    roles = [
        Entry(header="Senior Product Manager, Applied AI | Quillworks", title="Senior Product Manager, Applied AI",
              organisation="Quillworks", start="2022-01" if dates else None, end="present" if dates else None,
              items=[Item("", "bullet", b1, section_kind="experience"),
                     Item("", "bullet", "Ran the weekly launch review", section_kind="experience")]),
        Entry(header="Product Manager | Inkline", title="Product Manager", organisation="Inkline",
              start="2019-03" if dates else None, end="2021-12" if dates else None,
              items=[Item("", "bullet", "Wrote specs for the search team", section_kind="experience")]),
    ]
    if roles_oldest_first:
        roles.reverse()
    sections = [contact, Section("experience", "Experience", entries=roles)]
    if education:
        sections.append(Section("education", "Education", entries=[
            Entry(header="BS Computer Science | Pine University", title="BS Computer Science",
                  organisation="Pine University", start="2012", end="2016")]))
    doc.sections = sections
    from critic.parse.structure import finalise

    for s in doc.sections:
        for i in s.all_items():
            i.section = s.title
    finalise(doc)
    return doc


def test_simulated_sheet_puts_layoutless_text_on_a_virtual_page() -> None:
    doc = _doc()
    sheet = simulate_sheet(doc)
    assert sheet.simulated
    roles = [ln.role for ln in sheet.lines]
    assert roles[0] == "name" and "headline" in roles
    tops = [ln.box.top for ln in sheet.lines if ln.page == 1]
    assert tops == sorted(tops)
    assert all(ln.box.x1 <= 612 for ln in sheet.lines)


def test_simulated_layout_wraps_long_items() -> None:
    long = " ".join(["word"] * 60)
    sheet = simulate_sheet(_doc(first_bullet=long))
    wrapped = [ln for ln in sheet.lines if ln.unit and ln.text.startswith("word")]
    assert len(wrapped) >= 2
    assert wrapped[1].unit_offset == wrapped[0].words


def test_order_roles_latest_first() -> None:
    doc = _doc(roles_oldest_first=True)
    roles = order_roles(doc)
    assert doc.sections[roles[0][0]].entries[roles[0][1]].organisation == "Quillworks"


def test_order_roles_keeps_reading_order_without_dates() -> None:
    doc = _doc(dates=False)
    assert order_roles(doc) == [(1, 0), (1, 1)]


def test_built_document_advances() -> None:
    result = screen_document(_doc())
    assert result.verdict == "ADVANCE", result.to_dict()["reasons"]
    assert result.seen_count == 6
    assert result.judgement.ai_impact.in_glance and result.judgement.ownership.in_glance
    assert result.edits == []


def test_built_document_without_dates_is_maybe_and_adding_dates_flips_it() -> None:
    result = screen_document(_doc(dates=False))
    rules = [r.rule for r in result.judgement.reasons]
    assert result.verdict == "MAYBE" and "current-dates-unseen" in rules
    assert result.edits and result.edits[0].id == "add-current-dates"
    assert result.edits[-1].verdict_after == "ADVANCE"
    assert "[Mon YYYY]" in result.edits[0].text  # a placeholder, never an invented date


def test_built_document_without_ai_impact_rejects_with_a_placeholder_edit() -> None:
    result = screen_document(_doc(first_bullet="Worked on LLM features with the ML team"))
    assert result.verdict == "REJECT"
    assert result.edits[0].id == "quantify-ai-impact"
    assert "[baseline]" in result.edits[0].text
    assert not any(ch.isdigit() for ch in result.edits[0].text)


def test_glance_text_is_what_was_read_in_order() -> None:
    result = screen_document(_doc())
    assert result.glance_text.startswith("Ada Quill")
    assert "Quillworks" in result.glance_text
    last = max(s.end for s in result.segments)
    assert last <= result.model.seconds + 1e-9


def test_longer_budget_sees_more() -> None:
    doc = _doc(first_bullet="Ran weekly reviews with legal, design, sales and support before we cut LLM cost 40%")
    short = screen_document(doc, ReadingModel(seconds=4))
    long = screen_document(doc, ReadingModel(seconds=30))
    assert len(long.glance_text) > len(short.glance_text)
    assert not short.judgement.ai_impact.in_glance and long.judgement.ai_impact.in_glance


def test_edits_are_verified_on_the_model() -> None:
    case = prepare(_doc(dates=False))
    model = ReadingModel()
    _, before = evaluate(case, model)
    from critic.screen.edits import candidates

    cand = next(c for c in candidates(case, before) if c.id == "add-current-dates")
    trial = case.copy()
    cand.apply(trial)
    _, after = evaluate(trial, model)
    assert "current-dates-unseen" in [r.rule for r in before.reasons]
    assert "current-dates-unseen" not in [r.rule for r in after.reasons]
    # the original case is untouched by the trial
    _, again = evaluate(case, model)
    assert [r.rule for r in again.reasons] == [r.rule for r in before.reasons]


def test_json_is_deterministic() -> None:
    import json

    a = json.dumps(screen_document(_doc()).to_dict(), sort_keys=True)
    b = json.dumps(screen_document(_doc()).to_dict(), sort_keys=True)
    assert a == b
    d = json.loads(a)
    for key in ("verdict", "data_points", "glance_text", "reasons", "edits"):
        assert key in d


# --------------------------------------------------------------------------------------------------
# job-description keyword coverage
# --------------------------------------------------------------------------------------------------

JD = """Senior AI Product Manager
You will own the roadmap for our LLM platform. Experience with LLM evaluation, A/B testing and SQL.
You will define evaluation metrics for LLM features and work on retrieval-augmented generation.
Strong communication skills. Experience with A/B testing at scale. SQL required. Evaluation metrics matter.
"""


def test_jd_keywords_skip_boilerplate_and_keep_tools() -> None:
    words = [k.text for k in extract_keywords(JD)]
    assert "LLM" in words and "SQL" in words and "A/B testing" in words
    assert "evaluation metrics" in words
    assert not any(w in ("experience", "strong", "skills") for w in words)


def test_jd_keywords_are_deterministic() -> None:
    assert [k.text for k in extract_keywords(JD)] == [k.text for k in extract_keywords(JD)]


def test_jd_coverage_in_resume_and_in_glance() -> None:
    cov = coverage(JD, resume_text="Built LLM evaluation metrics; ran A/B tests in SQL", glance_text="LLM", source="jd")
    got = {k.text: (k.in_resume, k.in_glance) for k in cov.keywords}
    assert got["LLM"] == (True, True)
    assert got["SQL"] == (True, False)
    assert got["evaluation metrics"] == (True, False)
    assert cov.found >= 3 and cov.in_glance >= 1
    assert 0 < cov.ratio < 1


def test_jd_is_reported_beside_never_in_the_verdict() -> None:
    from critic.screen import attach_jd

    doc = _doc()
    plain = screen_document(doc)
    with_jd = screen_document(doc)
    attach_jd(with_jd, doc, "Kubernetes Terraform Golang Kubernetes Terraform Golang", "jd.txt")
    assert with_jd.jd.found == 0
    assert with_jd.verdict == plain.verdict
    assert [r.rule for r in with_jd.judgement.reasons] == [r.rule for r in plain.judgement.reasons]
    assert "jd" in with_jd.to_dict() and "jd" not in plain.to_dict()


# --------------------------------------------------------------------------------------------------
# PDF layout: regions and matching lines back to the document model
# --------------------------------------------------------------------------------------------------

def _pdf_doc() -> Document:
    from critic.model import Line, Page

    def ln(text: str, x0: float, top: float, x1: float, col: int, size: float = 10, bold: bool = False) -> Line:
        return Line(text, Box(x0, top, x1, top + size), size, bold, col)

    lines = [
        ln("Ada Quill", 40, 40, 160, 0, 20, True),  # the band: above the first heading, in column 0
        ln("ada@example.com | (555) 555-0100", 40, 66, 330, 0),
        ln("SKILLS", 40, 100, 90, 0, 11, True), ln("SQL, Python", 40, 116, 150, 0),  # narrow left column
        ln("EXPERIENCE", 200, 100, 290, 1, 11, True),  # wide right column
        ln("Product Manager, Search  2021 – Present", 200, 116, 570, 1),
        ln("Acme Corp, Denver, CO", 200, 130, 400, 1),
        ln("Cut LLM cost 30% by choosing a smaller model", 210, 144, 560, 1),
        ln("Associate Product Manager  2019 – 2021", 200, 170, 570, 1),
        ln("Acme Corp, Denver, CO", 200, 184, 400, 1),
    ]
    doc = Document(source="two.pdf", format="pdf", name="Ada Quill", page_count=1)
    doc.pages = [Page(1, 612, 792, lines, columns=2)]
    b = Item("", "bullet", "Cut LLM cost 30% by choosing a smaller model", section_kind="experience", page=1,
             box=Box(205, 143, 562, 155))
    doc.sections = [
        Section("contact", "", page=1, items=[Item("", "line", "Ada Quill", section_kind="contact", page=1,
                                                   box=Box(40, 40, 160, 60)),
                                              Item("", "line", "ada@example.com | (555) 555-0100",
                                                   section_kind="contact", page=1, box=Box(40, 66, 330, 76))]),
        Section("skills", "SKILLS", page=1, items=[Item("", "line", "SQL, Python", section_kind="skills", page=1,
                                                        box=Box(40, 116, 150, 126))]),
        Section("experience", "EXPERIENCE", page=1, entries=[
            Entry(header="Product Manager, Search  2021 – Present | Acme Corp, Denver, CO", title="Product Manager",
                  organisation="Acme Corp", start="2021", end="present", page=1, items=[b]),
            Entry(header="Associate Product Manager  2019 – 2021 | Acme Corp, Denver, CO",
                  title="Associate Product Manager", organisation="Acme Corp", start="2019", end="2021", page=1),
        ]),
    ]
    from critic.parse.structure import finalise

    finalise(doc)
    return doc


def test_pdf_regions_band_main_and_side() -> None:
    from critic.screen.sheet import build_sheet

    sheet = build_sheet(_pdf_doc())
    region = {ln.text: ln.region for ln in sheet.lines}
    assert region["Ada Quill"] == region["ada@example.com | (555) 555-0100"] == "band"
    assert region["SKILLS"] == "side" and region["EXPERIENCE"] == "main"
    order = [ln.text for ln in scan_order(sheet.lines)]
    assert order.index("EXPERIENCE") < order.index("SKILLS")


def test_pdf_lines_map_to_roles_once_each() -> None:
    from critic.screen.sheet import build_sheet

    sheet = build_sheet(_pdf_doc())
    company = [ln for ln in sheet.lines if ln.text == "Acme Corp, Denver, CO"]
    assert [ln.entry for ln in company] == [(2, 0), (2, 1)]  # the shared company line goes to each role once
    roles = {ln.text: ln.role for ln in sheet.lines}
    assert roles["Ada Quill"] == "name" and roles["EXPERIENCE"] == "heading"
    assert roles["Cut LLM cost 30% by choosing a smaller model"] == "bullet"


def test_pdf_document_screens_with_boxes() -> None:
    result = screen_document(_pdf_doc())
    dp = result.judgement.data_points
    assert dp["current_role"].status == "seen" and dp["current_role"].box is not None
    assert dp["current_role"].box.top == pytest.approx(116)
    assert dp["previous_dates"].text == "2019 – 2021"
    assert result.judgement.ai_impact.in_glance


def test_signal_caught_at_the_left_edge_is_reported_so() -> None:
    doc = _doc(first_bullet="Ran the weekly launch review with legal and design")
    exp = doc.sections[1]
    exp.entries[1].items[0].text = "Killed the visual-search pilot after its launch bar was missed"
    result = screen_document(doc, ReadingModel(seconds=4))  # over before the rest of the page is read
    own = result.judgement.ownership
    assert own.in_glance and own.via == "edge"
    assert "Killed" in own.signal.text
