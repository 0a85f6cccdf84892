"""cohort.csv, cohort.jsonl, --compare and the dashboard HTML, from hand-made records."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from typing import Any

import pytest

from critic.batch import dashboard
from critic.batch.compare import annotate, diff_findings, match
from critic.batch.export import csv_text, jsonl_text, read_jsonl, rule_columns


def _record(file: str, score: int, counts: dict[str, int], **extra: Any) -> dict[str, Any]:
    findings = [{"rule": rule, "severity": "warning", "message": f"{rule} message", "item": f"i{n}",
                 "text": f"{rule} bullet {n}"} for rule, k in sorted(counts.items()) for n in range(k)]
    rec = {"file": file, "status": "ok", "error": None, "kind": "resume", "score": score, "counts": counts,
           "findings": findings, "document_findings": [], "worst_severity": "warning",
           "top_edits": [{"item": "i0", "bad": f"bad of {file}", "good": f"good of {file} [X%]", "rules": []}],
           "examples": {rule: {"item": "i0", "bad": f"{rule} bad in {file}", "good": f"{rule} good in {file}",
                               "rules": [rule]} for rule in counts},
           "reports": {"html": f"reports/{file}.html", "json": f"reports/{file}.json"},
           "sha256": hashlib.sha256(file.encode()).hexdigest(), "_rules": ["r-a", "r-b", "r-c"]}
    rec.update(extra)
    return rec


def _failed(file: str, error: str) -> dict[str, Any]:
    return {"file": file, "status": "failed", "error": error, "sha256": ""}


RECORDS = [
    _record("a.pdf", 82, {"r-a": 1}),
    _record("b.docx", 45, {"r-a": 2, "r-b": 1}),
    _failed("c.pdf", "encrypted PDF — remove the password and try again"),
    _record("d.md", 100, {}),
]


def test_csv_has_one_row_per_input_and_a_count_column_per_rule() -> None:
    text = csv_text(RECORDS, rule_columns(RECORDS))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["file", "status", "score", "r-a", "r-b", "r-c", "top_edits", "error"]
    assert [r[0] for r in rows[1:]] == ["a.pdf", "b.docx", "c.pdf", "d.md"]
    assert rows[2][:6] == ["b.docx", "ok", "45", "2", "1", "0"]
    assert rows[2][6] == "1. bad of b.docx -> good of b.docx [X%]"
    assert rows[3] == ["c.pdf", "failed", "", "", "", "", "", "encrypted PDF — remove the password and try again"]
    assert rows[4][3:6] == ["0", "0", "0"]


def test_jsonl_is_deterministic_and_private_keys_stay_out() -> None:
    text = jsonl_text(RECORDS)
    assert text == jsonl_text([dict(reversed(list(r.items()))) for r in RECORDS])
    objs = read_jsonl(text, "cohort.jsonl")
    assert [o["file"] for o in objs] == ["a.pdf", "b.docx", "c.pdf", "d.md"]
    assert all("_rules" not in o and o["schema_version"] == "1" for o in objs)
    with pytest.raises(ValueError, match="cohort.jsonl:2: not valid JSON"):
        read_jsonl('{"file": "x"}\n{oops\n', "cohort.jsonl")


def test_findings_diff_matches_edited_bullets_and_reports_fixed_and_new() -> None:
    before = [("missing-quantification", "Improved relevance of search results for shoppers"),
              ("black-box-language", "Worked with the ML team to improve relevance of search results"),
              ("missing-trade-off", "Chose a smaller re-ranker to save cost"),
              ("no-trade-off-anywhere", "")]
    after = [("missing-quantification", "Improved relevance of search results for all shoppers in Q3"),
             ("missing-kill-criteria", "Launched the new ranking model to all users")]
    fixed, new = diff_findings(before, after)
    assert fixed == [{"rule": "black-box-language", "text": before[1][1]},
                     {"rule": "missing-trade-off", "text": before[2][1]},
                     {"rule": "no-trade-off-anywhere", "text": ""}]
    assert new == [{"rule": "missing-kill-criteria", "text": after[1][1]}]


def test_a_different_bullet_with_the_same_rule_is_fixed_plus_new() -> None:
    fixed, new = diff_findings([("r", "Led the pricing page redesign")],
                               [("r", "Migrated the warehouse to a new vendor")])
    assert len(fixed) == 1 and len(new) == 1


def test_candidates_match_by_label_then_content_then_unique_name() -> None:
    prev = [{"file": "old/a.pdf", "sha256": "1"}, {"file": "x/b.pdf", "sha256": "2"}, {"file": "c.pdf", "sha256": "3"}]
    cur = [{"file": "c.pdf", "sha256": "9"}, {"file": "renamed.pdf", "sha256": "2"}, {"file": "new/a.pdf", "sha256": "7"},
           {"file": "z.pdf", "sha256": "8"}]
    assert match(cur, prev) == {0: 2, 1: 1, 2: 0}


def test_annotate_adds_score_change_fixed_new_and_lists_removed() -> None:
    prev = [_record("a.pdf", 70, {"r-a": 1, "r-b": 1}), _record("gone.pdf", 50, {})]
    cur = [_record("a.pdf", 82, {"r-a": 1}), _record("new.pdf", 60, {})]
    removed = annotate(cur, prev)
    assert removed == ["gone.pdf"]
    cmp = cur[0]["compare"]
    assert cmp["previous_score"] == 70 and cmp["score_change"] == 12
    assert cmp["fixed"] == [{"rule": "r-b", "text": "r-b bullet 0"}] and cmp["new"] == []
    assert cur[1]["compare"] == {"previous": None}


def test_histogram_bins_include_both_ends() -> None:
    assert dashboard.histogram([0, 9.9, 10, 55, 99, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_weaknesses_rank_by_candidates_and_pick_the_cleanest_example() -> None:
    recs = [_record("a.pdf", 80, {"r-a": 1}), _record("b.pdf", 50, {"r-a": 3, "r-b": 1}),
            _record("c.pdf", 60, {"r-b": 1, "r-c": 1})]
    recs[1]["examples"]["r-a"]["rules"] = ["r-a", "r-b"]  # a rewrite shaped by two rules is a worse example
    weak = dashboard.weaknesses(recs)
    assert [(w["rule"], w["candidates"], w["findings"]) for w in weak] == [("r-a", 2, 4), ("r-b", 2, 2), ("r-c", 1, 1)]
    assert weak[0]["example"]["file"] == "a.pdf"
    assert weak[0]["message"] == "r-a message"


def test_dashboard_escapes_every_text_and_pins_its_script() -> None:
    evil = '<script>document.title="pwned"</script>'
    recs = [_record(f"x{evil}.pdf", 40, {"r-a": 1}), _failed(f"y{evil}.pdf", f"bad {evil}")]
    recs[0]["top_edits"][0]["bad"] = evil
    recs[0]["examples"]["r-a"]["good"] = evil
    page = dashboard.render(recs, title=f"T {evil}")
    assert "<script>document.title" not in page
    assert page.count("<script>") == 1
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)  # type: ignore[union-attr]
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)  # type: ignore[union-attr]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    for text in (script, style):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"sha256-{digest}" in csp
    assert "default-src 'none'" in csp
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing to fetch


def test_dashboard_content_links_and_compare_column() -> None:
    recs = [dict(r) for r in RECORDS]
    annotate(recs, [_record("a.pdf", 70, {"r-a": 2})])
    page = dashboard.render(recs, compare=True, removed=["old.pdf"])
    assert '<a href="reports/a.pdf.html">a.pdf</a>' in page
    assert 'data-band="40-49" data-count="1"' in page and 'data-band="90-100" data-count="1"' in page
    assert 'data-key="change"' in page and ">+12<" in page
    assert "encrypted PDF" in page and "old.pdf" in page
    assert page == dashboard.render(recs, compare=True, removed=["old.pdf"])


def test_report_link_prefers_html_then_json() -> None:
    assert dashboard.report_link({"reports": {"json": "reports/a b.json"}}) == "reports/a%20b.json"
    assert dashboard.report_link({"reports": {"json": "r/a.json", "html": "r/a.html"}}) == "r/a.html"
    assert dashboard.report_link({}) is None
    assert json.dumps(dashboard.weaknesses([])) == "[]"


def test_document_level_weakness_falls_back_to_the_rules_own_example() -> None:
    rec = _record("a.pdf", 70, {"no-trade-off-anywhere": 1})
    rec["examples"] = {}
    rec["_rule_info"] = {"no-trade-off-anywhere": {"message": "No trade-off anywhere", "severity": "warning",
                                                   "bad": "Shipped search.", "good": "Shipped search, accepting [cost]."}}
    weak = dashboard.weaknesses([rec])
    assert weak[0]["example"] is None and weak[0]["canonical"]["good"] == "Shipped search, accepting [cost]."
    assert weak[0]["message"] == "No trade-off anywhere"
    page = dashboard.render([rec])
    assert "Shipped search, accepting [cost]." in page and "the rule&#x27;s own example" in page


def test_csv_cells_never_start_a_formula() -> None:
    records = [_record("=HYPERLINK(\"http://x\")", 50, {"r-a": 1}), _failed("@SUM(A1).pdf", "-2+3 broken"),
               _record("+cmd.pdf", 60, {}, top_edits=[])]
    rows = list(csv.reader(io.StringIO(csv_text(records, rule_columns(records)))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")" and rows[2][-1] == "'-2+3 broken"


def test_dashboard_names_candidates_and_leaves_unjudged_files_out_of_the_scores() -> None:
    named = _record("/home/coach/cohort/a.pdf", 80, {"r-a": 1}, name="Lena Okafor", judged=3)
    empty = _record("/home/coach/cohort/b.pdf", 100, {}, judged=0)
    redacted = _record("candidate-1.pdf", 60, {"r-a": 1}, name="[name redacted]", judged=2)
    page = dashboard.render([named, empty, redacted])
    assert '<td class="name"><a href="reports//home/coach/cohort/a.pdf.html">Lena Okafor</a>' in page  # heatmap
    assert ">candidate-1.pdf<" in page and ">a.pdf<" in page and ">b.pdf<" in page  # the table's files
    assert ">/home/coach/cohort/a.pdf<" not in page and 'data-v="/home/coach' not in page
    assert 'id="fig-unjudged"' in page
    assert re.search(r'id="fig-mean"><span class="muted">Mean score</span><b>70\.0</b>', page)


@pytest.mark.parametrize(("field", "value"), [("score", "high"), ("findings", "none"), ("counts", ["r-a"]),
                                              ("document_findings", [1]), ("file", 3)])
def test_a_previous_run_with_fields_of_the_wrong_type_is_refused_in_one_line(field: str, value: Any) -> None:
    record = {**_record("a.pdf", 70, {"r-a": 1}), field: value}
    with pytest.raises(ValueError, match=rf"cohort.jsonl:1: not a cohort record \(field '{field}'"):
        read_jsonl(json.dumps(record) + "\n", "cohort.jsonl")
