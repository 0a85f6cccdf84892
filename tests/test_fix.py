"""critic.fix: filling answers in, the re-check, and writing the improved resume in each format."""

from __future__ import annotations

import difflib
import io
import json
from pathlib import Path

import docx
import pytest

from critic.engine import Engine
from critic.fix.core import Change, edits, fill, invented_numbers, numbers_in, recheck
from critic.fix.jsonresume import validate
from critic.fix.session import FixSession, open_session
from critic.fix.writers import change_log, docx_paragraphs, write
from critic.model import Item
from critic.report.pages import mark_ids, markers, pages_html
from critic.rewrite import Placeholder, Rewrite

RESUMES = Path(__file__).resolve().parents[1] / "fixtures" / "resumes"
ALL = ["sample_resume.pdf", "markdown_resume.md", "plain_text.txt", "jsonresume.json", "numbered_lists.docx",
       "table_layout.docx"]


@pytest.fixture(scope="module")
def sessions() -> dict[str, FixSession]:
    return {name: open_session(RESUMES / name) for name in ALL}


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx_paragraphs(docx.Document(io.BytesIO(data))))


def answer_all(session: FixSession) -> dict[str, dict[str, str]]:
    """Answer every raised edit with its placeholders' example values; accept those that pass."""
    given = {}
    for e in session.edits:
        answers = {p.text: p.sample for p in e.rewrite.placeholders}
        text, check = session.check(e.result.item.id, answers)
        if check.ok:
            session.accept(e.result.item.id, text, check)
            given[e.result.item.id] = answers
    return given


# -- fill ---------------------------------------------------------------------------------------------


def test_fill_puts_each_answer_in_its_placeholder_and_leaves_the_rest() -> None:
    rw = Rewrite("Improved search", "Improved search, moving [metric] from [before] to [after].",
                 [Placeholder("[metric]", "Which?"), Placeholder("[before]", "Before?"), Placeholder("[after]", "After?")])
    assert fill(rw, {"[metric]": "  zero-result  searches ", "before": "9%"}) == \
        "Improved search, moving zero-result searches from 9% to [after]."
    assert fill(rw, {"[metric]": "", "[before]": "  "}) == rw.good


# -- recheck with a real engine over three small rules: the logic, whatever the built-in rules say ----------

TRIGGERS = {"helped": ("black-box", "error"), "launch": ("kill", "error"), "hmm": ("vague", "warning")}


def _trigger_rule(rule_id: str, severity: str, word: str) -> str:
    return f"""\
id: {rule_id}
applies_to: [bullet]
severity: {severity}
message: {rule_id} fired
description: A stand-in rule.
detection:
  kind: existence
  match:
    - {{regex: "(?i){word}"}}
rewrite:
  action: append
  template: " with [what]"
  placeholders:
    - {{text: "[what]", question: "What?", sample: "a team"}}
  example: {{bad: "Shipped it.", good: "Shipped it with [what]."}}
examples:
  flag: [{word} one, {word} two, {word} three]
  pass: [one, two, three]
source: seed
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Flags rule r for a text containing its trigger word."""
    root = tmp_path_factory.mktemp("rules")
    (root / "stand-in").mkdir()
    for word, (rule_id, severity) in TRIGGERS.items():
        (root / "stand-in" / f"{rule_id}.yaml").write_text(_trigger_rule(rule_id, severity, word), encoding="utf-8")
    return Engine(rule_dirs=[root], builtin_rules=False)


ITEM = Item("e1.b1", "bullet", "Helped the ML team ship ranking in 2 sprints")


def test_recheck_passes_when_the_answered_rule_clears(engine: Engine) -> None:
    check = recheck(engine, ITEM, "Decided the ranking cut-off with the ML team in 2 sprints", ["black-box"])
    assert check.ok and check.cleared == ("black-box",)


def test_recheck_fails_while_the_answered_rule_still_flags(engine: Engine) -> None:
    check = recheck(engine, ITEM, "Helped decide the ranking with the ML team in 2 sprints", ["black-box"])
    assert not check.ok and check.reason == "still flagged: black-box fired"


def test_recheck_fails_on_a_new_error_but_not_a_new_warning(engine: Engine) -> None:
    assert recheck(engine, ITEM, "Decided the launch with the ML team", ["black-box"]).reason == \
        "new problem: kill fired"
    assert recheck(engine, ITEM, "Decided, hmm, the ranking with the ML team", ["black-box"]).ok


def test_recheck_fails_with_a_placeholder_left(engine: Engine) -> None:
    check = recheck(engine, ITEM, "Decided [what you decided] with the ML team", ["black-box"])
    assert not check.ok and "[what you decided]" in check.reason


def test_recheck_refuses_a_number_nobody_typed(engine: Engine) -> None:
    text = "Decided the cut-off with the ML team in 2 sprints, lifting clicks 14%"
    check = recheck(engine, ITEM, text, ["black-box"], answers=["the cut-off"])
    assert not check.ok and "14" in check.reason
    assert recheck(engine, ITEM, text, ["black-box"], answers=["the cut-off", "14%"]).ok


def test_invented_numbers_counts_digits_and_number_words() -> None:
    assert invented_numbers("cut cost by half in 3 weeks", "cut cost in 3 weeks") == ["half"]
    assert invented_numbers("from 1,900 to 1,550", "x", ["1,900", "1,550"]) == []
    assert numbers_in("$1.2M, 40%. twice") == ["1.2", "40", "twice"]


# -- the whole path on every fixture format ----------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_every_number_in_the_output_is_in_the_original_or_typed(sessions: dict[str, FixSession], name: str) -> None:
    session = sessions[name]
    given = answer_all(session)
    assert session.accepted, "the example answers should fix at least one bullet"
    doc = session.report.document
    original = set(numbers_in(json.dumps(doc.to_dict(), ensure_ascii=False)))
    if doc.format != "pdf" and doc.format != "docx":
        original |= set(numbers_in(session.data.decode("utf-8")))
    typed = {n for answers in given.values() for v in answers.values() for n in numbers_in(v)}
    for fmt in ("md", "json", "docx"):
        data, missing = write(doc, session.data, session.changes(), fmt)
        assert missing == []
        if fmt == "docx":
            text = docx_text(data)
            if doc.format == "docx":
                original |= set(numbers_in(docx_text(session.data)))
        else:
            text = data.decode("utf-8")
        invented = [n for n in numbers_in(text) if n not in original | typed]
        assert invented == [], (fmt, invented)
        for change in session.changes():
            assert " ".join(change.after.split()) in " ".join(text.split()), (fmt, change.item_id)


@pytest.mark.parametrize("name", ALL)
def test_output_is_the_same_bytes_every_time(sessions: dict[str, FixSession], name: str) -> None:
    session = sessions[name]
    answer_all(session)
    for fmt in ("md", "json", "docx"):
        assert session.output(fmt) == session.output(fmt)


def test_edited_bullets_pass_the_rules_they_were_flagged_for(sessions: dict[str, FixSession]) -> None:
    session = sessions["sample_resume.pdf"]
    answer_all(session)
    for change in session.changes():
        e = session.edit(change.item_id)
        still = {f.rule for f in session.engine.check([(change.after, e.result.item.kind)])[0]}
        assert not still & set(e.rules)
        assert set(change.cleared) == set(e.rules)


def test_rank_order_starts_with_the_top_edits(sessions: dict[str, FixSession]) -> None:
    report = sessions["sample_resume.pdf"].report
    ids = [e.result.item.id for e in edits(report)]
    assert ids[: len(report.top_edits)] == [i for i in report.top_edits if i in ids]
    assert all(f.severity != "info" for e in edits(report) for f in e.result.findings if f.rule in e.rules)


# -- writers -------------------------------------------------------------------------------------------


def test_markdown_in_markdown_out_changes_only_the_edited_bullets(sessions: dict[str, FixSession]) -> None:
    session = sessions["markdown_resume.md"]
    answer_all(session)
    before = session.data.decode("utf-8")
    after = session.output("md")[0].decode("utf-8")
    assert after.startswith("# ") and after != before
    for change in session.changes():
        assert change.after in after
    # every line that differs belongs to a changed bullet: the rest of the file is as it was
    def norm(text: str) -> str:
        return " ".join(text.replace("**", "").removeprefix("- ").split())

    olds = [norm(c.before) for c in session.changes()]
    a, b = before.splitlines(), after.splitlines()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        for line in a[i1:i2] if tag != "equal" else ():
            assert any(norm(line.strip()) in old or old in norm(line) for old in olds), line


def test_a_wrapped_markdown_bullet_is_replaced_whole() -> None:
    source = "# A\n\n## Experience\n\n### PM — Acme\n*2020 – Present*\n\n- Worked with the ML team to improve\n  ranking for shoppers\n- Other\n"
    session = open_session(source.encode(), name="a.md")
    item = next(i for i in session.report.document.items() if i.text.startswith("Worked"))
    change = Change(item.id, "Experience", item.text, "Chose the ranking model for shoppers")
    out = write(session.report.document, session.data, [change], "md")[0].decode()
    assert "- Chose the ranking model for shoppers\n- Other\n" in out and "Worked" not in out


def test_accepting_a_split_rewrite_keeps_the_sentences_it_suggests_as_bullets_of_their_own() -> None:
    source = ("# A\n\n## Experience\n\n### PM — Acme\n*2020 – Present*\n\n"
              "- Monitored system performance and documented issues for the data platform team. Enhanced the "
              "runbooks to streamline on-boarding for new assistants and trained the night shift on them.\n- Other\n")
    session = open_session(source.encode(), name="a.md")
    e = next(e for e in session.edits if e.rewrite.split)
    text, check = session.check(e.result.item.id, {p.text: p.sample for p in e.rewrite.placeholders})
    assert check.ok and text.endswith(e.rewrite.split[-1])
    session.accept(e.result.item.id, text, check)
    out = session.output("md")[0].decode()
    assert all(sentence in out for sentence in e.rewrite.split) and e.rewrite.bad not in out


def test_jsonresume_in_jsonresume_out_validates_and_keeps_the_rest(sessions: dict[str, FixSession]) -> None:
    session = sessions["jsonresume.json"]
    answer_all(session)
    original = json.loads(session.data)
    out = json.loads(session.output("json")[0])
    assert validate(out) == []
    assert out["basics"]["name"] == original["basics"]["name"] and out.keys() == original.keys()
    highlights = [h for w in out["work"] for h in w.get("highlights", [])]
    for change in session.changes():
        assert change.after in highlights or change.after in json.dumps(out, ensure_ascii=False)


@pytest.mark.parametrize("name", ["sample_resume.pdf", "numbered_lists.docx", "markdown_resume.md"])
def test_jsonresume_built_from_the_model_validates(sessions: dict[str, FixSession], name: str) -> None:
    session = sessions[name]
    answer_all(session)
    out = json.loads(write(session.report.document, session.data, session.changes(), "json")[0])
    assert validate(out) == []
    assert out["basics"]["name"] and out["work"] and all(w["highlights"] for w in out["work"])


def test_validate_finds_what_breaks_the_schema() -> None:
    assert validate([]) == ["the resume is not an object"]
    bad = {"basics": {"name": 3}, "work": [{"name": "X", "startDate": "March 2020", "highlights": "one"}],
           "skills": "many"}
    assert validate(bad) == ["basics.name is not a string", "work[0].highlights is not a list of strings",
                             "work[0].startDate is not an ISO 8601 date", "skills is not a list"]


def _docx(paragraphs: list[tuple[str, list[tuple[str, bool]]]]) -> bytes:
    d = docx.Document()
    for style, runs in paragraphs:
        p = d.add_paragraph(style=style)
        for text, bold in runs:
            p.add_run(text).bold = bold
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_docx_round_trip_keeps_style_numbering_and_first_run_formatting() -> None:
    data = _docx([
        ("Title", [("Ada Quill", False)]),
        ("Heading 1", [("Experience", False)]),
        ("Normal", [("Product Manager, Hexfield", True)]),
        ("List Bullet", [("Worked with the ML team ", True), ("to improve search ranking", False)]),
        ("List Number", [("Improved data extraction quality", False)]),
        ("List Bullet", [("Cut review time from 25 to 9 minutes per file", False)]),
    ])
    session = open_session(data, name="ada.docx")
    items = {i.text: i for i in session.report.document.items()}
    one = items["Worked with the ML team to improve search ranking"]
    two = items["Improved data extraction quality"]
    changes = [Change(one.id, "", one.text, "Chose the search ranking model with the ML team"),
               Change(two.id, "", two.text, "Raised extraction precision from [a] to [b]")]
    out, missing = write(session.report.document, data, changes, "docx")
    assert missing == []
    before = docx.Document(io.BytesIO(data)).paragraphs
    after = docx.Document(io.BytesIO(out)).paragraphs
    assert [p.style.name for p in after] == [p.style.name for p in before]
    assert after[3].text == "Chose the search ranking model with the ML team"
    assert after[3].runs[0].bold is True and len(after[3].runs) == 1
    assert after[4].text == "Raised extraction precision from [a] to [b]"
    for b, a in zip(before, after, strict=True):  # paragraph properties (style, numbering) untouched
        assert (b._p.pPr.xml if b._p.pPr is not None else None) == (a._p.pPr.xml if a._p.pPr is not None else None)
    assert [p.text for p in after[:3] + after[5:]] == [p.text for p in before[:3] + before[5:]]


def test_docx_fixture_numbered_paragraphs_keep_their_numbering(sessions: dict[str, FixSession]) -> None:
    session = sessions["numbered_lists.docx"]
    answer_all(session)
    out = session.output("docx")[0]
    before = {p.text: p for p in docx.Document(io.BytesIO(session.data)).paragraphs}
    after = {p.text: p for p in docx.Document(io.BytesIO(out)).paragraphs}
    changed = 0
    for change in session.changes():
        if change.before in before and change.after in after:
            b, a = before[change.before], after[change.after]
            assert a.style.name == b.style.name and a._p.pPr.xml == b._p.pPr.xml
            changed += 1
    assert changed >= 1


def test_change_log_names_item_before_after_and_cleared() -> None:
    log = change_log([Change("e1.b1", "Experience", "Helped ship", "Chose X", ("black-box-language",))])
    assert log.splitlines()[2:7] == ["## 1. Experience (e1.b1)", "", "- Before: Helped ship", "- After: Chose X",
                                     "- Cleared: black-box-language"]
    assert change_log([]).endswith("No bullet was changed.\n")


# -- pages ----------------------------------------------------------------------------------------------


def test_pdf_pages_box_every_raised_item_and_link_each_to_its_card(sessions: dict[str, FixSession]) -> None:
    session = sessions["sample_resume.pdf"]
    report = session.report
    found = markers(report)
    raised = [r for r in report.items if any(f.severity in ("error", "warning") for f in r.findings)]
    assert [m.item_id for m in found] == [r.item.id for r in raised]
    assert [m.number for m in found] == list(range(1, len(found) + 1))
    html = pages_html(report, session.data)
    assert html.count('<img src="data:image/png;base64,') == 1
    marks = mark_ids(report)
    for m in found:
        assert f'id="{marks[m.item_id]}"' in html
    assert html.count('class="mk ') == len(set(marks.values()))
    assert pages_html(open_session(RESUMES / "markdown_resume.md").report, b"") == ""


def test_report_pages_html_reads_the_pdf_back_for_the_html_review(tmp_path: Path) -> None:
    from critic.api import review
    from critic.report.pages import item_anchor, report_pages_html

    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes((RESUMES / "sample_resume.pdf").read_bytes())
    report = review(pdf)
    html = report_pages_html(report, anchor=lambda i: "doc-1-" + item_anchor(i))
    assert 'href="#doc-1-item-' in html and html.count('<figure class="pdfpage"') == 1
    pdf.unlink()  # gone since the review: no pages, no error
    assert report_pages_html(report) == ""
    assert report_pages_html(review(RESUMES / "markdown_resume.md")) == ""
