"""Text, JSON and CSV output of screen results (one resume or a ranked pile)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from critic.screen.core import ScreenResult
from critic.screen.locate import DATA_POINTS, LABELS
from critic.screen.verdict import BURIED, MISSING, SEEN, VERDICTS
from critic.termsafe import SafeCSVWriter

MARKS = {SEEN: "✓", BURIED: "~", MISSING: "✗"}
CSV_COLUMNS = ("rank", "file", "status", "verdict", "data_points_seen", "quantified_ai_impact", "decision_ownership",
               "critique_score", "jd_coverage", "reasons", "top_edit", "error")


@dataclass
class Failure:
    """A file that could not be screened."""

    source: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error}


def rank(results: Sequence[ScreenResult]) -> list[ScreenResult]:
    """Best first: verdict, then critique score (higher first, none last), then file name."""
    def key(r: ScreenResult) -> tuple[int, int, float, str]:
        score = r.critique_score
        level = -VERDICTS.index(r.verdict) if r.verdict in VERDICTS else 1  # no verdict ranks last
        return (level, 0 if score is not None else 1, -(score or 0.0), r.source)
    return sorted(results, key=key)


def _secs(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f} s"


def _signal_line(label: str, status: dict[str, object]) -> str:
    text = status.get("text")
    item = status.get("item_text") or ""
    context = f" in \"{item}\"" if item and item != text else ""
    if status["in_glance"]:
        how = ", from the first words of a line the eye passed" if status.get("via") == "edge" else ""
        return f"{label}: in the glance{how} — \"{text}\"{context}"
    if text is None:
        return f"{label}: none found"
    where = status["where"]
    place = "on page 1 but outside the glance" if where == "page-1" else f"only on page {status['page']}"
    at = f", reached at {_secs(status['at'])}" if where == "page-1" and status.get("at") is not None else ""
    return f"{label}: {place}{at} — \"{text}\""


def render_text(result: ScreenResult, *, style=None) -> str:  # type: ignore[no-untyped-def]
    """A readable report of one screen; style(text, verdict) may colour the verdict."""
    d = result.to_dict()
    model = d["reading_model"]
    verdict = d["verdict"] if style is None else style(d["verdict"])
    layout = "simulated page (no layout in this format)" if model["layout"] == "simulated" else (
        f"PDF page 1, {model['columns']} column{'s' if model['columns'] != 1 else ''}")
    out = [f"{result.source}: {verdict}",
           f"  {d['data_points_seen']} of 6 data points seen in a {model['seconds']:g} s glance · {layout}"
           + (f" · critique score {d['critique_score']:.0f}" if d["critique_score"] is not None else "")]
    fit = d.get("target_role")
    if fit:
        reads = "" if fit["fits"] is None else (" · the titles fit it" if fit["fits"] else
                                                 f" · the titles read as {fit['reads_as']}")
        out.append(f"  Screened for: {fit['role']}{reads}")
    if d["note"]:
        out.append(f"  Note: {d['note']}.")
    if d["reasons"]:
        out.append("")
        out.append("Why")
        out.extend(f"  - {r['message']}" for r in d["reasons"])
    if d["edits"]:
        out.append("")
        out.append("Edits most likely to flip it")
        for i, e in enumerate(d["edits"], 1):
            out.append(f"  {i}. {e['text']}  (-> {e['verdict_after']})")
    out.append("")
    out.append("Six data points")
    width = max(len(label) for _, label in DATA_POINTS)
    for key, _ in DATA_POINTS:
        p = d["data_points"][key]
        mark = MARKS[p["status"]] if p["complete"] or p["status"] == MISSING else "!"
        if p["status"] == SEEN:
            detail = f"\"{p['text']}\" (page {p['page']}, read by {_secs(p['at'])})"
            if not p["complete"]:
                detail += f"; {p['note']}"
        elif p["status"] == BURIED:
            detail = f"\"{p['text']}\" — {p['note']}"
        else:
            detail = f"missing: {p['note']}" if p["note"] else "missing"
        out.append(f"  {mark} {LABELS[key]:<{width}}  {detail}")
    out.append("")
    out.append(_signal_line("Quantified AI impact", d["signals"]["quantified_ai_impact"]))
    out.append(_signal_line("Decision ownership", d["signals"]["decision_ownership"]))
    out.append("")
    done = model["data_points_done_at"]
    out.append(f"Glance ({model['words_per_second']:g} words/s; data points done at {_secs(done)})")
    for seg in d["glance"]:
        if seg["mode"] != "read":
            continue
        cut = "" if seg["whole_line"] else " …"
        out.append(f"  {seg['start']:4.1f}–{seg['end']:4.1f}  {seg['text']}{cut}")
    if "jd" in d:
        jd = d["jd"]
        out.append("")
        out.append(f"Job description keywords (reported beside the verdict, not part of it): {jd['found']}/"
                   f"{jd['keywords']} in the resume ({jd['coverage']:.0%}), {jd['in_glance']} inside the glance")
        if jd["missing"]:
            out.append("  missing: " + ", ".join(jd["missing"]))
    if d["warnings"]:
        out.append("")
        out.extend(f"warning: {w}" for w in d["warnings"])
    return "\n".join(out)


def _table_rows(results: Sequence[ScreenResult]) -> list[list[str]]:
    rows = []
    for i, r in enumerate(rank(results), 1):
        d = r.to_dict()
        sig = d["signals"]
        score = "" if d["critique_score"] is None else f"{d['critique_score']:.0f}"
        jd = f"{d['jd']['coverage']:.0%}" if "jd" in d else ""
        rows.append([str(i), r.verdict, f"{d['data_points_seen']}/6", _where(sig["quantified_ai_impact"]),
                     _where(sig["decision_ownership"]), score, jd, r.source])
    return rows


def _where(status: dict[str, object]) -> str:
    where = str(status["where"])
    return {"glance": "glance", "none": "none"}.get(where, where.replace("-", " "))


def render_ranked_text(results: Sequence[ScreenResult], failures: Sequence[Failure] = (), *, style=None,  # type: ignore[no-untyped-def]
                       details: bool = True) -> str:
    """A ranked table of several screens, then each one's report."""
    head = ["#", "verdict", "seen", "AI impact", "ownership", "score", "JD", "file"]
    rows = _table_rows(results)
    if not any(r[6] for r in rows):
        head.pop(6)
        rows = [r[:6] + r[7:] for r in rows]
    widths = [max(len(head[c]), *(len(r[c]) for r in rows)) if rows else len(head[c]) for c in range(len(head))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    for r in rows:
        cells = [c.ljust(w) for c, w in zip(r, widths, strict=True)]
        if style is not None:
            cells[1] = style(r[1]) + " " * (widths[1] - len(r[1]))
        lines.append("  ".join(cells).rstrip())
    for f in failures:
        lines.append(f"-  failed: {f.source}: {f.error}")
    lines.append("")
    lines.append("Ranked by verdict, then critique score; the JD column is reported, not ranked on.")
    if details:
        for r in rank(results):
            lines.append("")
            lines.append("─" * 78)
            lines.append(render_text(r, style=style))
    return "\n".join(lines)


def render_json(results: Sequence[ScreenResult], failures: Sequence[Failure] = (), *, single: bool = False) -> str:
    """JSON: one result object, or {"ranking": [...], "results": [...], "failed": [...]} for several."""
    if single and len(results) == 1 and not failures:
        payload: object = results[0].to_dict()
    else:
        ranked = rank(results)
        payload = {
            "schema_version": results[0].to_dict()["schema_version"] if results else "1",
            "ranking": [{"rank": i, "source": r.source, "verdict": r.verdict,
                         "critique_score": None if r.critique_score is None else round(r.critique_score, 1)}
                        for i, r in enumerate(ranked, 1)],
            "results": [r.to_dict() for r in ranked],
            "failed": [f.to_dict() for f in sorted(failures, key=lambda f: f.source)],
        }
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True)


def render_csv(results: Sequence[ScreenResult], failures: Sequence[Failure] = ()) -> str:
    """One row per file, ranked; failed files last with their error."""
    buf = io.StringIO()
    w = SafeCSVWriter(csv.writer(buf, lineterminator="\n"))  # no spreadsheet formulas from file text
    w.writerow(CSV_COLUMNS)
    for i, r in enumerate(rank(results), 1):
        d = r.to_dict()
        sig = d["signals"]
        w.writerow([
            i, r.source, "ok", r.verdict, d["data_points_seen"], sig["quantified_ai_impact"]["where"],
            sig["decision_ownership"]["where"],
            "" if d["critique_score"] is None else f"{d['critique_score']:.1f}",
            f"{d['jd']['coverage']:.3f}" if "jd" in d else "",
            ";".join(x["rule"] for x in d["reasons"]),
            d["edits"][0]["text"] if d["edits"] else "", "",
        ])
    for f in sorted(failures, key=lambda f: f.source):
        w.writerow(["", f.source, "failed", "", "", "", "", "", "", "", "", f.error])
    return buf.getvalue()
