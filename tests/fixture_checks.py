"""Shared check of a committed resume fixture against its expected items (fixtures/expected/)."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_pairs(suffixes: tuple[str, ...]) -> list[tuple[Path, Path]]:
    """(resume, expected JSON) pairs of the committed fixtures with one of `suffixes`."""
    folder = FIXTURES / "resumes"
    pairs = [(p, FIXTURES / "expected" / f"{p.stem}.json") for p in sorted(folder.glob("*"))] if folder.is_dir() else []
    return [(p, e) for p, e in pairs if p.suffix in suffixes and e.is_file()]


def check_fixture(path: Path, expected: Path) -> None:
    """Bullets, and the summary section's sentences, equal the fixture's expected texts in order."""
    from critic.parse import parse_bytes

    want = json.loads(expected.read_text(encoding="utf-8"))["items"]
    doc = parse_bytes(path.read_bytes(), path.name)
    assert [i.text for i in doc.items() if i.kind == "bullet"] == [i["text"] for i in want if i["kind"] == "bullet"]
    assert [i.text for i in doc.items() if i.section_kind == "summary"] == [
        i["text"] for i in want if i["section_kind"] == "summary"]
