"""Every real resume in ../shared/realworld parses (or fails with a clear InputError) and reads cleanly.

The files are public resumes kept outside the repository; this test reads them in place and skips with
a visible reason when they are absent. For English documents no item may contain a run of more than 25
letters without a space (lost word spacing) or a bullet glyph (bullets merged into one item). The
MANIFEST's layout column and notes say which PDFs are two-column and which lose their spaces under
pdfplumber's default tolerance; the matching warnings must appear.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from critic.errors import InputError
from critic.parse import parse

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
FILES = sorted(p for d in sorted(REALWORLD.glob("resumes_*")) for p in sorted(d.iterdir()) if p.is_file())

SPACELESS = re.compile(r"[^\W\d_]{26,}")
BULLET_GLYPHS = re.compile(r"[•▪●◦‣➢✓■□►▶➤✔❖◆◇○⁃◾▫✦★⦁\ue000-\uf8ff]|\(cid:\d+\)")


def _manifest() -> dict[str, dict[str, str]]:
    path = REALWORLD / "MANIFEST.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row["local_file"]: row for row in csv.DictReader(fh, delimiter="\t")}


MANIFEST = _manifest()

if not FILES:
    pytest.skip(f"real-world resumes not found under {REALWORLD} (the shared folder is absent)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def parsed() -> dict[Path, object]:
    """Each file parsed once: a Document, or the InputError it raised."""
    out: dict[Path, object] = {}
    for path in FILES:
        try:
            out[path] = parse(path)
        except InputError as exc:
            out[path] = exc
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:60])
def test_parses_or_fails_clearly(path: Path, parsed: dict[Path, object]) -> None:
    result = parsed[path]
    if isinstance(result, InputError):
        assert str(path) in str(result) and "\n" not in str(result)
        return
    assert result.items(), f"{path.name}: no items found"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:60])
def test_items_are_clean(path: Path, parsed: dict[Path, object]) -> None:
    doc = parsed[path]
    if isinstance(doc, InputError):
        pytest.skip(f"{path.name} did not parse: {doc.problem}")
    if doc.language not in (None, "en"):
        pytest.skip(f"{path.name} is not English ({doc.language})")
    for item in doc.items():
        assert not SPACELESS.search(item.text), f"{path.name}: lost spaces in {item.text!r}"
        assert not BULLET_GLYPHS.search(item.text), f"{path.name}: bullet glyph inside {item.text!r}"


PDFS = [p for p in FILES if p.suffix.lower() == ".pdf"]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name[:60])
def test_pdf_layout_warnings_match_the_manifest(path: Path, parsed: dict[Path, object]) -> None:
    doc = parsed[path]
    row = MANIFEST.get(f"{path.parent.name}/{path.name}")
    if row is None:
        pytest.skip(f"{path.name} is not described in MANIFEST.tsv")
    assert not isinstance(doc, InputError), f"{path.name}: {doc}"
    two_column = any(w.startswith("two-column layout") for w in doc.warnings)
    assert two_column == (row["layout"] == "two-column"), doc.warnings
    if "merges words" in row["notes"]:
        assert any(w.startswith("spaces recovered") for w in doc.warnings), doc.warnings
    assert doc.page_count == len(doc.pages) >= 1
