"""The six data points against hand-checked page-1 references of real resumes (../shared/eval).

Each reference names what page 1 prints for the name, the current and previous role (title and
company), their dates and the education (degree and school), or null when page 1 does not show it.
A data point is right when the screen shows the same words (case and punctuation aside; dates as the
same start and end), and null when the screen finds it nowhere on page 1. Skipped when the shared
material is absent.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from critic.errors import InputError
from critic.parse import Limits, parse
from critic.parse.structure import find_date_range
from critic.screen.core import screen_document
from critic.screen.locate import DATA_POINTS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "eval" / "parse_reference_dev.json"
TARGET = 0.9


def _words(text: str | None) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(c if c.isalnum() else " " for c in text).split()


def _expected(key: str, ref: Any) -> str | None:
    """The reference as one string of words (None when page 1 does not show it)."""
    if ref is None:
        return None
    if isinstance(ref, dict):
        parts = [ref.get(k) for k in (("degree", "school") if key == "education" else ("title", "company"))]
        joined = " ".join(p for p in parts if p)
        return joined or None
    return str(ref)


def right(key: str, ref: Any, shown: str | None) -> bool:
    """Whether the screen's page-1 value matches the reference."""
    want = _expected(key, ref)
    if want is None or not _words(want):  # absent, or masked ("*****"): nothing legible to show
        return not _words(shown)
    if shown is None:
        return False
    if key.endswith("_dates"):
        a, b = find_date_range(want), find_date_range(shown)
        if a[2] is not None and b[2] is not None and a[:2] == b[:2]:
            return True
    if key in ("name", "current_dates", "previous_dates"):
        return _words(want) == _words(shown)
    return sorted(set(_words(want))) == sorted(set(_words(shown)))


def _cases() -> list[tuple[str, Path, dict[str, Any] | None]]:
    if not REFERENCE.is_file():
        return []
    files = json.loads(REFERENCE.read_text(encoding="utf-8"))["files"]
    out = []
    for name, ref in sorted(files.items()):
        found = sorted((SHARED / "realworld").glob(f"*/{name}"))
        if found:
            out.append((name, found[0], ref.get("screen_points")))
    return out


CASES = _cases()
pytestmark = pytest.mark.skipif(not CASES, reason=f"page-1 references not found at {REFERENCE}")


def page1_points(path: Path) -> dict[str, str | None]:
    """What the screen shows for each data point on page 1 (None when it is not there)."""
    try:
        doc = parse(path, limits=Limits(timeout_s=60))
    except InputError:
        return {key: None for key, _ in DATA_POINTS}
    points = screen_document(doc, suggest=False).judgement.data_points
    return {key: (p.text if p.status != "missing" and p.page == 1 and p.text else None) for key, p in points.items()}


def test_page1_data_points_match_the_references(capsys: pytest.CaptureFixture[str]) -> None:
    total = good = 0
    misses: list[str] = []
    for name, path, ref in CASES:
        shown = page1_points(path)
        for key, _ in DATA_POINTS:
            want = (ref or {}).get(key)
            ok = right(key, want, shown[key])
            total += 1
            good += ok
            if not ok:
                misses.append(f"{name} {key} shown {shown[key]!r} want {_expected(key, want)!r}")
    with capsys.disabled():
        print(f"\npage-1 data points: {good}/{total} right ({good / total:.0%})")
        for m in misses:
            print("  miss:", m)
    assert good / total >= TARGET, "\n".join(misses)


@pytest.mark.parametrize(("key", "ref", "shown", "ok"), [
    ("name", "Jo Bloggs", "JO BLOGGS", True),
    ("name", "Jo Bloggs", "Jo Bloggs Product Manager", False),
    ("name", "*******", None, True),
    ("current_role", {"title": "PM", "company": "Acme"}, "PM · Acme", True),
    ("current_role", {"title": "PM", "company": "Acme"}, "PM · Acme, Boston, MA", False),
    ("current_role", {"title": None, "company": "Acme"}, "Acme", True),
    ("current_dates", "Jan 2020 – Present", "January 2020 - present", True),
    ("current_dates", "Jan 2020 – Present", "Jan 2020", False),
    ("education", None, "BS Physics · Acme University", False),
    ("education", None, None, True),
])
def test_the_comparison_itself(key: str, ref: Any, shown: str | None, ok: bool) -> None:
    assert right(key, ref, shown) is ok
