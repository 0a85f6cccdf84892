"""The fixture corpus parses to what a careful reader sees; every broken input fails cleanly.

fixtures/expected/<stem>.json is the ground truth for fixtures/resumes/<stem>.*, written by
fixtures/make_fixtures.py from the same data it renders. Bullets must match exactly and in order
(kind, text, section kind, and page for PDFs); summary sentences and other lines must be present
in the right kind of section. fixtures/broken/EXPECTED.tsv lists each broken input with the phrase
its one-line error must contain.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from critic.errors import InputError
from critic.model import ITEM_KINDS, SECTION_KINDS, Document

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
RESUMES = FIXTURES / "resumes"
EXPECTED = FIXTURES / "expected"
BROKEN = FIXTURES / "broken"
PAGED_FORMATS = {"pdf"}


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _load_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(EXPECTED.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        case["_stem"] = path.stem
        cases.append(case)
    return cases


CASES = _load_cases()
CASE_IDS = [c["_stem"] for c in CASES]


def _load_broken() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in (BROKEN / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, phrase, options, _what = line.split("\t")
        rows.append((name, phrase, [] if options == "-" else options.split()))
    return rows


BROKEN_ROWS = _load_broken()


@functools.cache
def _parsed(source: str) -> Document:
    from critic.parse import parse

    return parse(RESUMES / source)


def _bullet_tuples(items: list[Any], paged: bool) -> list[tuple[Any, ...]]:
    return [(i["kind"], i["text"], i["section_kind"]) + ((i["page"],) if paged else ())
            for i in items if i["kind"] == "bullet"]


# -- the corpus itself ---------------------------------------------------------------------------------


def test_every_resume_has_an_expected_file() -> None:
    resumes = sorted(p.name for p in RESUMES.iterdir() if p.is_file())
    assert resumes, "no fixtures under fixtures/resumes"
    assert sorted(c["source"] for c in CASES) == resumes
    assert len({Path(r).stem for r in resumes}) == len(resumes), "two fixtures share a stem"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_expected_file_is_well_formed(case: dict[str, Any]) -> None:
    assert case["source"].startswith(case["_stem"] + ".")
    assert {s["kind"] for s in case["sections"]} <= set(SECTION_KINDS)
    assert {i["kind"] for i in case["items"]} <= set(ITEM_KINDS)
    assert {i["section_kind"] for i in case["items"]} <= {s["kind"] for s in case["sections"]}
    assert sum(i["kind"] == "bullet" for i in case["items"]) >= 9
    for item in case["items"]:
        assert item["text"] == _norm(item["text"]) and item["text"]
        assert ("page" in item) == (case["format"] in PAGED_FORMATS)


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_fixtures"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("make_fixtures", None)
    return module


def test_expected_files_match_the_generator(tmp_path: Path) -> None:
    """Expected JSON and the text-format fixtures are exactly what make_fixtures.py writes today."""
    pytest.importorskip("fpdf", reason="fpdf2 (dev extra) is needed to regenerate fixtures")
    generator = _load_generator()
    if generator.find_fonts() is None:
        pytest.skip("Liberation/DejaVu fonts not installed (fonts-liberation, fonts-dejavu-core)")
    generator.build_resumes(tmp_path / "resumes", tmp_path / "expected")
    stale = [p.name for p in sorted((tmp_path / "expected").iterdir())
             if not (EXPECTED / p.name).exists() or (EXPECTED / p.name).read_bytes() != p.read_bytes()]
    for p in sorted((tmp_path / "resumes").iterdir()):
        if p.suffix in (".md", ".txt", ".json"):
            if (RESUMES / p.name).read_bytes() != p.read_bytes():
                stale.append(p.name)
    assert not stale, f"stale fixtures, run python fixtures/make_fixtures.py: {stale}"


def test_latex_fixture_loses_spaces_under_default_tolerance() -> None:
    """The LaTeX-like PDF must keep exercising word-gap recovery: default pdfplumber fuses words."""
    import pdfplumber

    with pdfplumber.open(RESUMES / "latex_tight.pdf") as pdf:
        page = pdf.pages[0]
        fused = len(page.extract_words())
        recovered = len(page.extract_words(x_tolerance_ratio=0.15))
        chars = {c["text"] for c in page.chars}
        page.close()
    assert fused * 3 < recovered, (fused, recovered)
    assert " " not in chars and {"\ufb01", "\ufb03"} <= chars


def test_icon_fixture_text_layer_holds_the_odd_markers() -> None:
    import pdfplumber

    with pdfplumber.open(RESUMES / "icon_bullets.pdf") as pdf:
        page = pdf.pages[0]
        found = {(c["text"], c["fontname"].split("+")[-1]) for c in page.chars
                 if c["text"] in ("\uf0b7", "l", "\u25aa", "\u27a2") and c["x0"] < 70}
        page.close()
    assert {t for t, _ in found} == {"\uf0b7", "l", "\u25aa", "\u27a2"}
    assert ("l", "ZapfDingbats") in found


def test_wrapped_fixture_has_running_header_footer_and_hyphen() -> None:
    import pdfplumber

    with pdfplumber.open(RESUMES / "wrapped_two_page.pdf") as pdf:
        texts = [p.extract_text() for p in pdf.pages]
        for p in pdf.pages:
            p.close()
    assert len(texts) == 2
    for n, text in enumerate(texts, 1):
        assert "Noor Haddad - Resume" in text and f"Page {n} of 2" in text
    assert "recom-\nmendation" in texts[0]


# -- parsing the good fixtures --------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_format_name_and_pages(case: dict[str, Any]) -> None:
    doc = _parsed(case["source"])
    assert doc.format == case["format"]
    assert doc.name == case["name"]
    if case["format"] in PAGED_FORMATS:
        assert doc.page_count == case["page_count"]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_bullets_exact_and_in_order(case: dict[str, Any]) -> None:
    paged = case["format"] in PAGED_FORMATS
    doc = _parsed(case["source"])
    got = [("bullet", _norm(i.text), i.section_kind) + ((i.page,) if paged else ())
           for i in doc.items() if i.kind == "bullet"]
    assert got == _bullet_tuples(case["items"], paged)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_summaries_and_lines_present(case: dict[str, Any]) -> None:
    """Summary sentences are summary items of a summary-kind section (or of the section the
    expectation names); other lines appear, whole words, as a line item or inside an entry header
    of a section of the expected kind."""
    doc = _parsed(case["source"])
    summaries: dict[str, set[str]] = {}
    haystack: dict[str, list[str]] = {}
    for section in doc.sections:
        hay = haystack.setdefault(section.kind, [])
        for entry in section.entries:
            hay.append(_norm(entry.header))
        for item in section.all_items():
            if item.kind == "summary":
                summaries.setdefault(section.kind, set()).add(_norm(item.text))
            elif item.kind != "bullet":
                hay.append(_norm(item.text))
    missing = []
    for item in case["items"]:
        kind, text, where = item["kind"], item["text"], item["section_kind"]
        if kind == "summary":
            if text not in summaries.get(where, set()):
                missing.append((where, kind, text))
        elif kind == "line":
            pattern = re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")
            if not any(pattern.search(h) for h in haystack.get(where, [])):
                missing.append((where, kind, text))
    assert not missing, f"{len(missing)} expected texts not found: {missing}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_sections_in_order(case: dict[str, Any]) -> None:
    doc = _parsed(case["source"])
    titled = [(s["kind"], s["title"]) for s in case["sections"] if s["title"] is not None]
    if titled:
        got = [(s.kind, _norm(s.title)) for s in doc.sections if s.title]
        assert got == titled
    else:  # formats without written headings (JSON Resume): the kinds must all be there
        assert {s["kind"] for s in case["sections"]} <= {s.kind for s in doc.sections}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_experience_entry_dates(case: dict[str, Any]) -> None:
    doc = _parsed(case["source"])
    got = [(e.start, e.end) for s in doc.sections if s.kind == "experience" for e in s.entries]
    want = [(e["start"], e["end"]) for e in case["entries"] if e["section_kind"] == "experience"]
    assert got == want


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_experience_entry_titles(case: dict[str, Any]) -> None:
    doc = _parsed(case["source"])
    got = [(e.title, e.organisation) for s in doc.sections if s.kind == "experience" for e in s.entries]
    want = [(e["title"], e["organisation"]) for e in case["entries"] if e["section_kind"] == "experience"]
    assert got == want


@pytest.mark.parametrize("case", [c for c in CASES if c["absent"]], ids=[c["_stem"] for c in CASES if c["absent"]])
def test_running_headers_and_footers_dropped(case: dict[str, Any]) -> None:
    doc = _parsed(case["source"])
    leaked = [(s, i.text) for i in doc.items() for s in case["absent"] if s in i.text]
    assert not leaked


# -- broken inputs ------------------------------------------------------------------------------------


def test_every_broken_file_is_listed() -> None:
    on_disk = sorted(p.name for p in BROKEN.iterdir() if p.name != "EXPECTED.tsv")
    assert on_disk == sorted(name for name, _, _ in BROKEN_ROWS)


def _run_cli(path: Path, options: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "critic", "parse", *options, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)


def _assert_one_clear_line(proc: subprocess.CompletedProcess[str], name: str, phrase: str) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.strip() == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert name in lines[0]
    assert phrase.lower() in lines[0].lower(), lines[0]


@pytest.mark.parametrize(("name", "phrase", "options"), BROKEN_ROWS, ids=[r[0] for r in BROKEN_ROWS])
def test_broken_input_cli(name: str, phrase: str, options: list[str]) -> None:
    _assert_one_clear_line(_run_cli(BROKEN / name, options), name, phrase)


def _limits(options: list[str]) -> Any:
    from critic.parse import Limits

    names = {"--timeout": ("timeout_s", float), "--memory-mb": ("memory_mb", int),
             "--max-pages": ("max_pages", int), "--max-mb": ("max_mb", float)}
    kwargs = {}
    for flag, value in zip(options[::2], options[1::2], strict=True):
        field, cast = names[flag]
        kwargs[field] = cast(value)
    return Limits(**kwargs)


@pytest.mark.parametrize(("name", "phrase", "options"), BROKEN_ROWS, ids=[r[0] for r in BROKEN_ROWS])
def test_broken_input_library(name: str, phrase: str, options: list[str]) -> None:
    from critic.parse import parse

    with pytest.raises(InputError) as info:
        parse(BROKEN / name, limits=_limits(options))
    assert name in info.value.source
    assert phrase.lower() in info.value.problem.lower()


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    """A 21 MB file (a valid resume PDF padded with comment lines) is refused before parsing."""
    big = tmp_path / "padded_resume.pdf"
    data = (RESUMES / "sample_resume.pdf").read_bytes()
    pad = (b"%" + b"x" * 1022 + b"\n") * ((21 * 1024 * 1024 - len(data)) // 1024 + 1)
    big.write_bytes(data + pad)
    assert big.stat().st_size > 21 * 1024 * 1024
    _assert_one_clear_line(_run_cli(big, []), big.name, "size limit")
