"""The PDF parser: reading order, word spacing, bullets, hyphenation, running headers, bad files.

Most PDFs here are written by hand with a tiny PDF writer (RawPDF) so that every glyph position is
known: two-column pages, bullets that wrap and cross a page break, LaTeX-style text without space
characters, icon-font and private-use bullet glyphs, vector-drawn bullets. Fixture files under
fixtures/ are checked too when present.
"""

from __future__ import annotations

import json
import random
import zlib
from dataclasses import asdict
from pathlib import Path

import pytest
from pdfminer.fontmetrics import FONT_METRICS

import critic.parse.pdf.reader as pdfmod
from critic.errors import InputError
from critic.model import Document
from critic.parse.blocks import Block
from critic.parse.pdf.reader import parse_pdf
from critic.parse.pdf.text import ICON, SOFT, TEXT, classify, font_is_bold, join_hyphenated

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"

WIDTHS = {"F1": FONT_METRICS["Helvetica"][1], "F2": FONT_METRICS["Helvetica-Bold"][1]}


def text_width(text: str, size: float, font: str = "F1") -> float:
    table = WIDTHS.get(font, WIDTHS["F1"])
    return sum(table.get(c, 556) for c in text) * size / 1000


def wrap(text: str, width: float, size: float, font: str = "F1") -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        if current and text_width(" ".join([*current, word]), size, font) > width:
            lines.append(" ".join(current))
            current = []
        current.append(word)
    lines.append(" ".join(current))
    return lines


class RawPDF:
    """A minimal PDF writer: text in the standard Helvetica fonts at exact positions.

    Fonts: F1 Helvetica, F2 Helvetica-Bold (WinAnsi, so "•" is 0x95), F9 Helvetica whose ToUnicode map
    turns 0x95 into the private-use U+F0B7 (Word's Symbol bullet), 0xA4 into an unmapped glyph (U+0000),
    0xAE/0xAF into the fi/ffl ligatures and 0xAD into a soft hyphen; FZ ZapfDingbats ("l" is a filled
    circle). `y` is the baseline measured from the top of the page.
    """

    def __init__(self, width: float = 612.0, height: float = 792.0) -> None:
        self.width, self.height = width, height
        self.pages: list[list[bytes]] = []
        self.image_pages: set[int] = set()

    def new_page(self) -> RawPDF:
        self.pages.append([])
        return self

    def op(self, raw: bytes, page: int = -1) -> None:
        self.pages[page].append(raw)

    def text(self, x: float, y: float, s: str, *, font: str = "F1", size: float = 10.0, page: int = -1) -> None:
        self.op(b"BT /%s %.2f Tf 1 0 0 1 %.3f %.3f Tm (%s) Tj ET"
                % (font.encode(), size, x, self.height - y, _escape(s)), page)

    def words(self, x: float, y: float, words: list[str], *, gap_em: float, size: float = 10.0) -> None:
        """Words separated only by positioning (no space characters), as LaTeX and Google Docs do."""
        shift = int(gap_em * 1000)
        parts = b" ".join(b"(%s)" % _escape(w) for w in words).replace(b") (", b") -%d (" % shift)
        self.op(b"BT /F1 %.2f Tf 1 0 0 1 %.3f %.3f Tm [%s] TJ ET" % (size, x, self.height - y, parts))

    def rotated(self, x: float, y: float, s: str, size: float = 10.0) -> None:
        self.op(b"BT /F1 %.2f Tf 0 1 -1 0 %.3f %.3f Tm (%s) Tj ET" % (size, x, self.height - y, _escape(s)))

    def dot(self, x: float, y: float, d: float = 3.5) -> None:
        """A small filled square centred at (x, y from top): a bullet drawn as a shape."""
        self.op(b"0 0 0 rg %.3f %.3f %.3f %.3f re f" % (x - d / 2, self.height - y - d / 2, d, d))

    def image_only(self) -> RawPDF:
        self.pages.append([b"q 500 0 0 700 50 50 cm /Im1 Do Q"])
        self.image_pages.add(len(self.pages) - 1)
        return self

    def build(self) -> bytes:
        objs: list[bytes] = []

        def add(body: bytes) -> int:
            objs.append(body)
            return len(objs)

        cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def "
                b"1 begincodespacerange <00> <FF> endcodespacerange 6 beginbfchar "
                b"<95> <F0B7> <A4> <0000> <AE> <FB01> <AF> <FB04> <AD> <00AD> <AB> <000D> endbfchar endcmap "
                b"CMapName currentdict /CMap defineresource pop end end")
        cm = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap))
        f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        f9 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
                 b"/ToUnicode %d 0 R >>" % cm)
        fz = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>")
        pixels = bytes(random.Random(7).randrange(256) for _ in range(64 * 64))
        im = add(b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                 b"/BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream" % (len(pixels), pixels))
        fonts = b"/Font << /F1 %d 0 R /F2 %d 0 R /F9 %d 0 R /FZ %d 0 R >>" % (f1, f2, f9, fz)
        pages_id = len(objs) + 1 + 2 * len(self.pages)
        kids = []
        for i, ops in enumerate(self.pages):
            content = b"\n".join(ops)
            c = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
            res = fonts + (b" /XObject << /Im1 %d 0 R >>" % im if i in self.image_pages else b"")
            kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << %s >> "
                            b"/Contents %d 0 R >>" % (pages_id, self.width, self.height, res, c)))
        kid_refs = b" ".join(b"%d 0 R" % k for k in kids)
        assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kid_refs, len(kids))) == pages_id
        root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
        out = bytearray(b"%PDF-1.4\n")
        offsets = []
        for i, body in enumerate(objs, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, xref)
        return bytes(out)


def _escape(s: str) -> bytes:
    raw = s.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class Resume:
    """Lays out resume parts on a RawPDF page by page, tracking the baseline."""

    def __init__(self, pdf: RawPDF, x0: float = 72, x1: float = 540, y: float = 80, bottom: float = 740) -> None:
        self.pdf, self.x0, self.x1, self.y, self.bottom = pdf, x0, x1, y, bottom
        self.page = len(pdf.pages) - 1

    def _room(self, lead: float) -> None:
        if self.y + lead > self.bottom:
            self.pdf.new_page()
            self.page = len(self.pdf.pages) - 1
            self.y = 80

    def line(self, text: str, *, size: float = 10, bold: bool = False, right: str = "", before: float = 0) -> None:
        self.y += before
        self._room(size * 1.3)
        font = "F2" if bold else "F1"
        self.pdf.text(self.x0, self.y, text, font=font, size=size, page=self.page)
        if right:
            self.pdf.text(self.x1 - text_width(right, size, font), self.y, right, font=font, size=size, page=self.page)
        self.y += size * 1.3

    def bullet(self, text: str, *, size: float = 10, marker: str = "\u2022", font: str = "F1",
               lines: list[str] | None = None, marker_font: str | None = None) -> None:
        indent = 14
        for i, ln in enumerate(lines or wrap(text, self.x1 - self.x0 - indent, size)):
            self._room(size * 1.25)
            if i == 0:
                self.pdf.text(self.x0, self.y, marker, font=marker_font or font, size=size, page=self.page)
            self.pdf.text(self.x0 + indent, self.y, ln, font=font, size=size, page=self.page)
            self.y += size * 1.25


def parse(data: bytes, name: str = "resume.pdf", **kw: int) -> tuple[list[Block], Document]:
    doc = Document(source=name, format="pdf")
    return parse_pdf(data, doc, **kw), doc


def texts(blocks: list[Block], kind: str | None = None) -> list[str]:
    return [b.text for b in blocks if kind is None or b.kind == kind]


LONG_1 = ("Cut the median cost per support answer from 4.1 cents to 0.9 cents by routing easy questions to a "
          "distilled model and keeping the large model for the hardest fifth of the traffic")
LONG_2 = ("Set the rollback rule for the ranking model: if the weekly complaint rate rises above 2 percent for "
          "two weeks in a row the old ranker returns and the team reviews the training data")
SHORT = "Ran weekly evaluation reviews with the applied science team"


def single_column() -> bytes:
    pdf = RawPDF().new_page()
    r = Resume(pdf)
    r.line("Avery Quinn", size=20, bold=True)
    r.line("avery.quinn@example.com | (555) 010-0100 | Remote", size=9)
    r.line("EXPERIENCE", size=12, bold=True, before=8)
    r.line("Senior Product Manager, Northwind AI", bold=True, right="2021 \u2013 Present")
    r.bullet(LONG_1)
    r.bullet(SHORT)
    r.bullet(LONG_2)
    r.line("SKILLS", size=12, bold=True, before=8)
    r.line("Evaluation design, SQL, experiment analysis")
    return pdf.build()


def test_single_column_blocks_in_order() -> None:
    blocks, doc = parse(single_column())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Avery Quinn"),
        ("line", "avery.quinn@example.com | (555) 010-0100 | Remote"),
        ("heading", "EXPERIENCE"),
        ("line", "Senior Product Manager, Northwind AI\t2021 \u2013 Present"),
        ("bullet", LONG_1),
        ("bullet", SHORT),
        ("bullet", LONG_2),
        ("heading", "SKILLS"),
        ("line", "Evaluation design, SQL, experiment analysis"),
    ]
    assert all(b.marker == "\u2022" for b in blocks if b.kind == "bullet")
    assert all(b.page == 1 and b.box is not None for b in blocks)
    assert blocks[0].size == 20 and blocks[0].bold
    assert doc.page_count == 1 and len(doc.pages) == 1 and doc.pages[0].columns == 1
    assert not any("two-column" in w for w in doc.warnings)


def test_page_layout_is_recorded() -> None:
    blocks, doc = parse(single_column())
    page = doc.pages[0]
    assert (page.number, page.width, page.height) == (1, 612, 792)
    tops = [ln.box.top for ln in page.lines]
    assert tops == sorted(tops)
    assert page.lines[0].text == "Avery Quinn" and page.lines[0].bold and page.lines[0].size == 20
    for ln in page.lines:
        assert 0 <= ln.box.x0 < ln.box.x1 <= page.width and 0 <= ln.box.top < ln.box.bottom <= page.height
    # a wrapped bullet is one block but several laid-out lines
    assert sum(1 for ln in page.lines if ln.text.startswith("\u2022")) == 3
    wrapped = len(wrap(LONG_1, 540 - 72 - 14, 10)) + len(wrap(LONG_2, 540 - 72 - 14, 10))
    assert wrapped >= 4
    assert len(page.lines) == 6 + 1 + wrapped


def two_column(sidebar: str) -> bytes:
    """A full-width name band, then a sidebar and a main column whose lines share baselines."""
    pdf = RawPDF().new_page()
    pdf.text(72, 60, "Jordan Okafor", font="F2", size=22)
    pdf.text(72, 80, "Product Manager, Applied ML  |  jordan@example.com  |  (555) 010-0142", size=9)
    side_x, main_x = (72, 250) if sidebar == "left" else (420, 72)
    main_right = 540 if sidebar == "left" else 390
    side = Resume(pdf, x0=side_x, x1=side_x + 130, y=120)
    side.line("CONTACT", bold=True, size=11)
    side.line("Remote")
    side.line("@jokafor")
    side.line("SKILLS", bold=True, size=11, before=6)
    for skill in ("Evaluation design", "Retrieval and ranking", "SQL and Python", "Pricing experiments"):
        side.line(skill)
    side.line("EDUCATION", bold=True, size=11, before=6)
    side.line("B.Sc. Statistics, 2016")
    main = Resume(pdf, x0=main_x, x1=main_right, y=120)
    main.line("EXPERIENCE", bold=True, size=11)
    main.line("Product Manager, Kestrel Pay", bold=True)
    main.bullet(LONG_1)
    main.bullet(LONG_2)
    main.bullet(SHORT)
    return pdf.build()


@pytest.mark.parametrize("sidebar", ["left", "right"])
def test_two_column_reading_order(sidebar: str) -> None:
    blocks, doc = parse(two_column(sidebar))
    found = texts(blocks)
    assert found[:2] == ["Jordan Okafor",
                         "Product Manager, Applied ML | jordan@example.com | (555) 010-0142"]
    side = ["CONTACT", "Remote", "@jokafor", "SKILLS", "Evaluation design", "Retrieval and ranking",
            "SQL and Python", "Pricing experiments", "EDUCATION", "B.Sc. Statistics, 2016"]
    main = ["EXPERIENCE", "Product Manager, Kestrel Pay", LONG_1, LONG_2, SHORT]
    assert found[2:] == (side + main if sidebar == "left" else main + side)
    assert texts(blocks, "bullet") == [LONG_1, LONG_2, SHORT]
    assert any(w.startswith("two-column layout") for w in doc.warnings)
    page = doc.pages[0]
    assert page.columns == 2
    sidebar_column = 0 if sidebar == "left" else 1
    assert {ln.column for ln in page.lines if ln.text == "SQL and Python"} == {sidebar_column}
    assert {ln.column for ln in page.lines if ln.text == "EXPERIENCE"} == {1 - sidebar_column}


def test_title_and_right_aligned_dates_are_not_columns() -> None:
    """Rows of titles with right-aligned dates (and label/value rows) are read row by row."""
    pdf = RawPDF().new_page()
    r = Resume(pdf)
    r.line("EDUCATION", bold=True, size=12)
    for school, year in [("Harbor State University", "2014 \u2013 2018"), ("Lakeside College", "2012 \u2013 2014"),
                         ("Riverside Academy", "2008 \u2013 2012"), ("Summit Online", "2019")]:
        r.line(school, bold=True, right=year)
        r.line("B.Sc. Applied Mathematics", right="Springfield, IL")
    r.line("SKILLS", bold=True, size=12, before=6)
    blocks, doc = parse(pdf.build())
    assert texts(blocks)[1:5] == ["Harbor State University\t2014 \u2013 2018", "B.Sc. Applied Mathematics\tSpringfield, IL",
                                  "Lakeside College\t2012 \u2013 2014", "B.Sc. Applied Mathematics\tSpringfield, IL"]
    assert doc.pages[0].columns == 1 and not doc.warnings


def test_bullet_continues_across_page_break_without_running_header_or_footer() -> None:
    pdf = RawPDF().new_page()
    r = Resume(pdf, y=120, bottom=730)
    r.line("EXPERIENCE", bold=True, size=12)
    for _ in range(3):
        r.bullet(LONG_2)
    filler = wrap(LONG_1, 540 - 72 - 14, 10)
    # fill page 1 so that the next bullet starts on its last two lines
    while r.y + 3 * 12.5 <= 730:
        r.bullet(SHORT)
    r.bullet(LONG_1, lines=filler)
    r.line("EDUCATION", bold=True, size=12, before=6)
    r.line("B.A. Economics, Westbrook University", right="2015")
    assert len(pdf.pages) == 2
    for i in range(2):
        pdf.text(400, 40, "Avery Quinn \u2014 Resume", size=8, page=i)
        pdf.text(280, 770, f"Page {i + 1} of 2", size=8, page=i)
        pdf.text(560, 785, str(i + 1), size=8, page=i)
    blocks, doc = parse(pdf.build())
    assert LONG_1 in texts(blocks, "bullet")
    crossing = next(b for b in blocks if b.text == LONG_1)
    assert crossing.page == 1 and crossing.kind == "bullet"
    assert texts(blocks)[-2:] == ["EDUCATION", "B.A. Economics, Westbrook University\t2015"]
    joined = " ".join(texts(blocks))
    assert "Resume" not in joined and "Page" not in joined
    assert not any(b.text.strip().isdigit() for b in blocks)
    # the layout keeps what is printed on the page
    assert any(ln.text == "Page 2 of 2" for ln in doc.pages[1].lines)
    assert doc.page_count == 2


def test_line_end_hyphenation() -> None:
    pdf = RawPDF().new_page()
    r = Resume(pdf)
    r.line("PROJECTS", bold=True, size=12)
    r.bullet("", lines=["Led the latency optim-", "ization of the ranking service end to end"])
    r.bullet("", lines=["Chose a cost-", "effective labelling vendor after a two-week bake-off"])
    r.bullet("", lines=["Shipped an AI-", "Powered triage queue for the support team"])
    r.y += 6
    pdf.text(72, r.y, "\u2022", size=10)
    pdf.text(86, r.y, "Wrote the data recom\xad", font="F9", size=10)
    pdf.text(86, r.y + 12.5, "mendation for the self\xadserve dashboard team", font="F9", size=10)
    blocks, _ = parse(pdf.build())
    bullets = texts(blocks, "bullet")
    assert bullets[:3] == ["Led the latency optimization of the ranking service end to end",
                           "Chose a cost-effective labelling vendor after a two-week bake-off",
                           "Shipped an AI-Powered triage queue for the support team"]
    # soft hyphen: dropped at the line end, a visible hyphen mid-line
    assert bullets[3] == "Wrote the data recommendation for the self-serve dashboard team"


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [("optim", "ization of", "optimization of"), ("cost", "effective", "cost-effective"),
     ("data", "driven roadmap", "data-driven roadmap"), ("AI", "Powered", "AI-Powered"),
     ("man", "agement", "management"), ("under", "standing", "understanding"),
     ("version 2", "3 rollout", "version 2-3 rollout")],
)
def test_join_hyphenated(before: str, after: str, joined: str) -> None:
    assert join_hyphenated(before, after, soft=False) == joined


def test_join_hyphenated_uses_the_document_spelling() -> None:
    assert join_hyphenated("cross", "functional", soft=False, vocabulary={"cross-functional"}) == "cross-functional"
    assert join_hyphenated("road", "map", soft=False, vocabulary={"roadmap"}) == "roadmap"
    assert join_hyphenated("cost", "effective", soft=True) == "costeffective"


def test_spaces_recovered_without_space_characters() -> None:
    pdf = RawPDF().new_page()
    sentence = "Inference cost fell by 40% with a distilled model and a nightly quality gate".split()
    y = 100
    pdf.text(72, y - 20, "SUMMARY", font="F2", size=12)
    for _ in range(6):
        pdf.words(72, y, sentence, gap_em=0.14)
        y += 14
    # a ligature glyph mapped to U+FB01 must not split its word ("de fi ned")
    pdf.text(72, y + 10, "Wrote the de\xaened evaluation rubric and the ba\xafe checklist", font="F9")
    blocks, doc = parse(pdf.build())
    lines = [b.text for b in blocks if b.kind == "line"]
    assert lines[0] == " ".join(sentence * 6)
    assert lines[-1] == "Wrote the defined evaluation rubric and the baffle checklist"
    assert any(w.startswith("spaces recovered") for w in doc.warnings)
    # pdfplumber's default tolerance fuses these words: the case the recovery is for
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf.build())) as plumber:
        assert "Inferencecostfell" in plumber.pages[0].extract_text()


def test_normal_spacing_gives_no_spacing_warning() -> None:
    _, doc = parse(single_column())
    assert not any(w.startswith("spaces recovered") for w in doc.warnings)


def glyph_page(marker: str, font: str) -> bytes:
    pdf = RawPDF().new_page()
    r = Resume(pdf)
    r.line("EXPERIENCE", bold=True, size=12)
    r.bullet(LONG_1, marker=marker, marker_font=font)
    r.bullet(SHORT, marker=marker, marker_font=font)
    return pdf.build()


@pytest.mark.parametrize(
    ("marker", "font", "expected"),
    [("\u2022", "F1", "\u2022"), ("\u2022", "F9", "\uf0b7"), ("l", "FZ", "\u25cf"), ("\u2013", "F1", "\u2013"),
     ("-", "F1", "-"), ("*", "F1", "*"), ("1.", "F1", "1.")],
    ids=["bullet", "private-use", "zapf-dingbats", "en-dash", "hyphen", "asterisk", "numbered"],
)
def test_bullet_glyphs(marker: str, font: str, expected: str) -> None:
    blocks, _ = parse(glyph_page(marker, font))
    bullets = [b for b in blocks if b.kind == "bullet"]
    assert [b.text for b in bullets] == [LONG_1, SHORT]
    assert {b.marker for b in bullets} == {expected}


def test_vector_drawn_bullets() -> None:
    pdf = RawPDF().new_page()
    r = Resume(pdf)
    r.line("EXPERIENCE", bold=True, size=12)
    for text in (LONG_2, SHORT):
        pdf.dot(r.x0 + 3, r.y - 3.5)
        r.bullet(text, marker="")
    blocks, _ = parse(pdf.build())
    assert texts(blocks, "bullet") == [LONG_2, SHORT]


WIDE = ("Product manager for retrieval, ranking and evaluation work across search, support and pricing teams, "
        "six years")


def test_inline_glyphs_rows_of_bullets_and_icons() -> None:
    pdf = RawPDF().new_page()
    pdf.text(72, 60, WIDE)  # full-width text sets the width lines wrap at
    pdf.text(72, 80, "\u2022 avery@example.com", font="F9")  # a one-off icon before contact details
    pdf.text(72, 100, "SKILLS", font="F2", size=12)
    pdf.text(72, 120, "Python \u2022 SQL \u2022 Looker")  # separators inside a line
    pdf.text(72, 135, "\u2022 Roadmaps \u2022 Pricing")  # a row of two bullets
    pdf.text(72, 150, "\u2022 Experiment design")
    pdf.text(72, 165, "-Mentor, 2019")  # a dash glued to a word is not a marker
    blocks, _ = parse(pdf.build())
    assert [(b.kind, b.text) for b in blocks] == [
        ("line", WIDE),
        ("line", "avery@example.com"),
        ("heading", "SKILLS"),
        ("line", "Python \u00b7 SQL \u00b7 Looker"),
        ("bullet", "Roadmaps"),
        ("bullet", "Pricing"),
        ("bullet", "Experiment design"),
        ("line", "-Mentor, 2019"),
    ]


def test_grid_of_icon_bullets_and_icons_inside_contact_lines() -> None:
    pdf = RawPDF().new_page()
    pdf.text(72, 60, WIDE)
    # contact details with an icon before each item, close together: one line
    pdf.text(72, 80, "(555) 010-0100 | ", size=9)
    pdf.text(150, 80, "\u2022 avery@example.com | \u2022 avery.dev", font="F9", size=9)
    pdf.text(72, 100, "SKILLS", font="F2", size=12)
    for i, (left, right) in enumerate([("Roadmaps", "SQL"), ("Pricing", "Python"), ("Hiring", "Looker")]):
        pdf.text(72, 120 + 15 * i, "\u2022", font="F9")  # Word's Symbol bullet, far from a second column
        pdf.text(90, 120 + 15 * i, left)
        pdf.text(300, 120 + 15 * i, "\u2022", font="F9")
        pdf.text(318, 120 + 15 * i, right)
    blocks, _ = parse(pdf.build())
    assert [(b.kind, b.text) for b in blocks][1:3] == [("line", "(555) 010-0100 | avery@example.com | avery.dev"),
                                                      ("heading", "SKILLS")]
    assert sorted(texts(blocks, "bullet")) == sorted(["Roadmaps", "SQL", "Pricing", "Python", "Hiring", "Looker"])
    assert {b.marker for b in blocks if b.kind == "bullet"} == {"\uf0b7"}


def test_justified_lines_and_tabbed_bullet_markers_still_wrap() -> None:
    pdf = RawPDF().new_page()
    pdf.text(72, 60, WIDE)
    y = 90.0
    for words in (LONG_1.split()[:9], LONG_1.split()[9:18]):  # stretched to the margin: wide, even gaps
        gap = (540 - 90 - sum(text_width(w, 9) for w in words)) / (len(words) - 1)
        x = 90.0
        if y == 90.0:
            pdf.text(72, y, "\u2022", size=9)  # marker 18 pt left of the text, as Word sets it
        for w in words:
            pdf.text(x, y, w, size=9)
            x += text_width(w, 9) + gap
        y += 11.5
    pdf.text(90, y, " ".join(LONG_1.split()[18:]), size=9)
    blocks, _ = parse(pdf.build())
    assert texts(blocks, "bullet") == [LONG_1]


def test_copy_protected_pdf_without_a_user_password_parses() -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "Avery Quinn")
    pdf.ln()
    pdf.cell(0, 8, "- Shipped the ranking evaluation suite")
    pdf.set_encryption(owner_password="owner-only")
    blocks, _ = parse(bytes(pdf.output()))
    assert [(b.kind, b.text) for b in blocks] == [("line", "Avery Quinn"),
                                                  ("bullet", "Shipped the ranking evaluation suite")]


def test_unmapped_ligature_glyph_is_read_from_its_width() -> None:
    pdf = RawPDF().new_page()
    pdf.text(72, 60, WIDE)
    pdf.text(72, 100, "Made the onboarding flow more e\xa4ective for new sellers", font="F9")
    pdf.text(72, 115, "Kept a fine-grained list of staff profiles", font="F9")
    blocks, doc = parse(pdf.build())
    assert texts(blocks)[1:] == ["Made the onboarding flow more effective for new sellers",
                                 "Kept a fine-grained list of staff profiles"]
    assert any("ligature" in w for w in doc.warnings)


def test_overprinted_and_shadowed_text_is_read_once() -> None:
    pdf = RawPDF().new_page()
    for dx in (0.0, 0.25, 0.5):  # fake bold: the same line drawn three times
        pdf.text(72 + dx, 100, "Leadership Experience", font="F2", size=12)
    pdf.text(72, 130, "REFERENCES", font="F2", size=12)
    pdf.text(78, 130.5, "REFERENCES", font="F2", size=12)  # a drop shadow on the same row
    pdf.text(72, 150, "Available on request")
    blocks, _ = parse(pdf.build())
    assert texts(blocks) == ["Leadership Experience", "REFERENCES", "Available on request"]


def test_rotated_text_is_left_out() -> None:
    pdf = RawPDF().new_page()
    pdf.text(72, 100, "Avery Quinn")
    for i in range(4):
        pdf.rotated(580, 300 + i * 120, "Confidential draft watermark text")
    blocks, doc = parse(pdf.build())
    assert texts(blocks) == ["Avery Quinn"]
    assert any("rotated" in w for w in doc.warnings)


def test_deterministic_output() -> None:
    data = two_column("left")
    first_blocks, first_doc = parse(data)
    second_blocks, second_doc = parse(data)
    assert [asdict(b) for b in first_blocks] == [asdict(b) for b in second_blocks]
    assert json.dumps(first_doc.to_dict(layout=True), sort_keys=True) == \
        json.dumps(second_doc.to_dict(layout=True), sort_keys=True)


# --- bad files ----------------------------------------------------------------------------------


def expect_error(data: bytes, phrase: str, **kw: int) -> None:
    with pytest.raises(InputError) as info:
        parse(data, name="cv.pdf", **kw)
    assert info.value.source == "cv.pdf"
    assert phrase in info.value.problem
    assert "\n" not in str(info.value)


def test_encrypted_pdf() -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Private resume")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    expect_error(bytes(pdf.output()), "encrypted PDF")


def test_image_only_pdf_has_no_text_layer() -> None:
    expect_error(RawPDF().image_only().build(), "no text layer")


def test_blank_pdf_has_no_text_layer() -> None:
    expect_error(RawPDF().new_page().build(), "no text layer")


def test_truncated_pdf() -> None:
    data = single_column()
    expect_error(data[: len(data) // 2], "truncated or corrupt")


def test_corrupt_pdf() -> None:
    junk = bytes(random.Random(3).randrange(256) for _ in range(4000))
    expect_error(b"%PDF-1.7\n" + junk + b"\n%%EOF\n", "truncated or corrupt")


def test_page_limit() -> None:
    pdf = RawPDF()
    for i in range(3):
        pdf.new_page().text(72, 100, f"Page body {i}")
    expect_error(pdf.build(), "3 pages, over the limit of 2", max_pages=2)
    blocks, doc = parse(pdf.build(), max_pages=3)
    assert doc.page_count == 3


def test_decompression_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfmod, "MAX_STREAM_MB", 1)
    payload = zlib.compress(zlib.compress(b"0" * (6 * 1024 * 1024), 9), 9)
    data = single_column().replace(
        b"%%EOF", b"99 0 obj\n<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(payload)
        + payload + b"\nendstream\nendobj\n%%EOF")
    expect_error(data, "decompression bomb")


def test_too_many_text_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfmod, "MAX_TEXT_OBJECTS", 200)
    pdf = RawPDF().new_page()
    for i in range(300):
        pdf.text(72, 100 + (i % 40) * 15, "x")
    expect_error(pdf.build(), "time limit")


@pytest.mark.parametrize(("extra", "binary", "counted"),
                         [(b"/Length1 4000", False, False), (b"/Subtype /Image", False, False),
                          (b"", True, False), (b"/Subtype /Form", False, True), (b"", False, True)])
def test_text_objects_counted_in_content_streams_only(monkeypatch: pytest.MonkeyPatch, extra: bytes,
                                                      binary: bool, counted: bool) -> None:
    monkeypatch.setattr(pdfmod, "MAX_TEXT_OBJECTS", 200)
    payload = zlib.compress((b"\x00\x01" if binary else b"") + b"BT ET " * 300)
    data = single_column().replace(
        b"%%EOF", b"99 0 obj\n<< /Length %d %s /Filter /FlateDecode >>\nstream\n" % (len(payload), extra)
        + payload + b"\nendstream\nendobj\n%%EOF")
    if counted:
        expect_error(data, "time limit")
    else:
        pdfmod.check_streams(data, "x.pdf")  # font programs, images and binary maps hold no text operators


# --- glyph classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "font", "kind", "normalised"),
    [("\ufb01", "", TEXT, "fi"), ("\ufb03", "", TEXT, "ffi"), ("\uf0b7", "", ICON, "\uf0b7"),
     ("(cid:120)", "SymbolMT", ICON, "(cid:120)"), ("GITHUB-SQUARE", "", ICON, "GITHUB-SQUARE"),
     ("\u00ad", "", SOFT, "-"), ("\u2011", "", TEXT, "-"), ("l", "ABCDEF+ZapfDingbats", TEXT, "\u25cf"),
     ("\U0001f4f1", "", ICON, "\U0001f4f1"), ("\u2709", "", ICON, "\u2709"), ("é", "", TEXT, "é"),
     ("Th", "", TEXT, "Th")],
)
def test_classify(text: str, font: str, kind: int, normalised: str) -> None:
    assert classify(text, font) == (kind, normalised)


@pytest.mark.parametrize(
    ("font", "bold"),
    [("ABCDEF+Lato-Bold", True), ("CMBX10", True), ("NimbusRomNo9L-Medi", True), ("Arial-BoldMT", True),
     ("SourceSansPro-Semibold", True), ("Helvetica", False), ("Raleway-Medium", False), ("CMR10", False),
     ("SourceSansPro-LightIt", False)],
)
def test_font_is_bold(font: str, bold: bool) -> None:
    assert font_is_bold(font) is bold


# --- committed fixtures -------------------------------------------------------------------------------


def _pdf_fixtures() -> list[Path]:
    return sorted(p for p in (FIXTURES / "resumes").glob("*.pdf") if (FIXTURES / "expected" / f"{p.stem}.json").exists())


@pytest.mark.parametrize("path", _pdf_fixtures(), ids=lambda p: p.stem)
def test_fixture_bullets_exact(path: Path) -> None:
    expected = json.loads((FIXTURES / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
    blocks, doc = parse(path.read_bytes(), name=path.name)
    want = [(i["text"], i.get("page")) for i in expected["items"] if i["kind"] == "bullet"]
    got = [(b.text, b.page) for b in blocks if b.kind == "bullet"]
    assert got == want
    if "two_column" in path.stem:
        assert any(w.startswith("two-column layout") for w in doc.warnings)
    if "latex" in path.stem:
        assert any(w.startswith("spaces recovered") for w in doc.warnings)


@pytest.mark.parametrize(
    ("name", "phrase"),
    [("encrypted.pdf", "encrypted"), ("scanned_image_only.pdf", "no text layer"),
     ("truncated.pdf", "truncated or corrupt"), ("corrupt.pdf", "truncated or corrupt"),
     ("over_page_limit.pdf", "51 pages, over the limit of 50"), ("pdf_decompression_bomb.pdf", "decompression"),
     ("slow_text_operators.pdf", "time limit")],
)
def test_broken_fixture_errors(name: str, phrase: str) -> None:
    path = FIXTURES / "broken" / name
    if not path.exists():
        pytest.skip(f"fixture {name} not present")
    with pytest.raises(InputError) as info:
        parse(path.read_bytes(), name=name)
    assert phrase in info.value.problem


def short_line_sidebar(pitch: float) -> bytes:
    """A left sidebar of one-word lines beside a main column of short bullets that never wrap: nothing
    crosses the gutter, and with its own line pitch the sidebar's rows do not line up with the main ones."""
    pdf = RawPDF().new_page()
    side = Resume(pdf, x0=40, x1=200, y=60)
    side.line("Sam Rivera", size=18, bold=True)
    side.line("sam.rivera@example.com", size=9)
    side.line("(555) 010-0177", size=9)
    side.line("SKILLS", bold=True, before=8)
    for skill in ("Forecasting", "SQL", "Pricing", "Experimentation", "Roadmaps", "Python", "Interviewing"):
        side.y += pitch - 13
        side.line(skill)
    main = Resume(pdf, x0=230, x1=560, y=64)
    main.line("EXPERIENCE", bold=True)
    for title, org, bullets in [("Product Lead", "Harbor Freight Labs", ["Ran the pricing council", "Cut refunds by a third"]),
                                ("Product Manager", "Tern Systems", ["Shipped the partner portal", "Hired two analysts"])]:
        main.line(title, bold=True, right="2019 \u2013 2023", before=4)
        main.line(org)
        for b in bullets:
            main.bullet(b)
    return pdf.build()


def test_sidebar_of_short_lines_is_a_column_of_its_own() -> None:
    blocks, doc = parse(short_line_sidebar(pitch=17.5))
    found = texts(blocks)
    assert found.index("Interviewing") < found.index("EXPERIENCE")
    assert texts(blocks, "bullet") == ["Ran the pricing council", "Cut refunds by a third",
                                       "Shipped the partner portal", "Hired two analysts"]
    assert doc.pages[0].columns == 2
    assert not any("SQL" in t and "Product" in t for t in found)


def test_space_glyphs_mapped_to_line_breaks_are_spaces() -> None:
    """Some Word exports map their space glyph to a carriage return: spaces, not icons, so a run of them
    before right-aligned dates keeps the dates on their row instead of starting a bullet."""
    pdf = RawPDF().new_page()
    pdf.text(72, 100, "EDUCATION", font="F2", size=12)
    pdf.text(72, 120, "Harbor\xabState\xabUniversity" + "\xab" * 40 + "May\xab2019", font="F9")
    pdf.text(72, 134, "B.A.\xabEconomics", font="F9")
    blocks, _ = parse(pdf.build())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "EDUCATION"), ("line", "Harbor State University\tMay 2019"), ("line", "B.A. Economics")]


def test_letter_spaced_heading_beside_tight_text_keeps_its_word() -> None:
    """Word gaps are judged per run of a row: a letter-spaced sidebar heading on the row of a main column
    set without letter spacing stays one word."""
    pdf = RawPDF().new_page()
    pdf.op(b"BT /F2 10 Tf 1.5 Tc 1 0 0 1 72 692 Tm (AWARDS) Tj 0 Tc ET")
    pdf.text(250, 100, "Aug 2017 - Feb 2019 - Pacific Coast, CA, with a longer tail of ordinary words here")
    blocks, _ = parse(pdf.build())
    assert texts(blocks)[0].split("\t")[0] == "AWARDS"


def test_unmarked_claim_lines_under_a_role_stay_apart() -> None:
    """Achievement lines set without markers or final stops, each opening with its own verb, are items of
    their own; a wrapped sentence whose next line starts with a name still joins."""
    pdf = RawPDF().new_page()
    r = Resume(pdf)
    r.line("EXPERIENCE", size=12, bold=True)
    r.line("Operations Lead, Harbor Freight Labs", right="2020 \u2013 2023")
    for claim in ("Rebuilt the returns desk around a two-day promise, cutting refund complaints by half",
                  "Scaled the night shift from four to eleven pickers across two warehouses",
                  "Trained six leads on the new slotting plan and the weekly count"):
        r.line("    " + claim)
    r.line("Ran the vendor reviews for the cold-chain partners and wrote the scorecard used by")
    r.line("Northwind Logistics for its own audits")
    blocks, _ = parse(pdf.build())
    assert texts(blocks)[2:] == [
        "Rebuilt the returns desk around a two-day promise, cutting refund complaints by half",
        "Scaled the night shift from four to eleven pickers across two warehouses",
        "Trained six leads on the new slotting plan and the weekly count",
        "Ran the vendor reviews for the cold-chain partners and wrote the scorecard used by Northwind Logistics "
        "for its own audits",
    ]


def _with_stream(header: bytes, payload: bytes) -> bytes:
    return single_column().replace(
        b"%%EOF", b"99 0 obj\n<< /Length %d %s >>\nstream\n" % (len(payload), header) + payload
        + b"\nendstream\nendobj\n%%EOF")


def test_font_program_bomb_is_still_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A font program is inflated only when its size could reach the limit: a small one cannot."""
    monkeypatch.setattr(pdfmod, "MAX_STREAM_MB", 1)
    payload = zlib.compress(b"\x00" * (6 * 1024 * 1024), 9)
    expect_error(_with_stream(b"/Length1 6291456 /Filter /FlateDecode", payload), "decompression bomb")


def test_small_font_program_is_not_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    inflated: list[int] = []
    real = pdfmod._inflated_size

    def spy(raw: bytes, layers: int, cap: int, *, count_texts: bool = True) -> tuple[int, int]:
        inflated.append(len(raw))
        return real(raw, layers, cap, count_texts=count_texts)

    monkeypatch.setattr(pdfmod, "_inflated_size", spy)
    font = zlib.compress(bytes(range(256)) * 64, 9)
    content = zlib.compress(b"BT /F1 10 Tf (x) Tj ET", 9)
    data = _with_stream(b"/Length1 16384 /Filter /FlateDecode", font).replace(
        b"%%EOF", b"98 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
        + b"\nendstream\nendobj\n%%EOF")
    pdfmod.check_streams(data, "x.pdf")
    assert len(inflated) == 1 and abs(inflated[0] - len(content)) <= 2  # the content stream only


@pytest.mark.parametrize("own_line", [False, True])
def test_rail_label_on_two_lines_heads_its_own_section(own_line: bool) -> None:
    """A left-rail label that wraps ("Core" over "Competencies") beside a grid of tools is one heading:
    neither half is left in the contact block, and the grid is the skills section. So too when the other
    headings stand on lines of their own."""
    from critic.parse import parse_bytes

    pdf = RawPDF().new_page()
    pdf.text(30, 40, "Morgan Hale", font="F2", size=16)
    pdf.text(30, 60, "morgan.hale@example.com | (555) 010-0199 | Denver, CO")
    pdf.text(30, 95, "Core", font="F2")
    pdf.text(30, 108, "Competencies", font="F2")
    for x, top, bottom in ((230, "Figma", "Amplitude"), (330, "Looker", "Jira"), (430, "dbt", "Mixpanel")):
        pdf.text(x, 95, top)
        pdf.text(x, 108, bottom)
    if own_line:
        pdf.text(30, 135, "Experience", font="F2", size=12)
    else:
        pdf.text(30, 150, "Experience", font="F2")
    pdf.text(120, 150, "Product Manager, Lakeside Freight")
    pdf.text(470, 150, "2021 - 2024")
    pdf.text(135, 165, "Cut quote turnaround from two days to four hours for regional shippers")
    pdf.text(135, 178, "Launched carrier scorecards used by 40 dispatch teams")
    doc = parse_bytes(pdf.build(), "rail.pdf")
    kinds = [(s.kind, s.title) for s in doc.sections]
    assert kinds[:3] == [("contact", ""), ("skills", "Core Competencies"), ("experience", "Experience")]
    contact = " ".join(i.text for i in doc.sections[0].all_items())
    assert "Core" not in contact and "Figma" not in contact
    skills = " ".join(i.text for i in doc.sections[1].all_items())
    assert all(tool in skills for tool in ("Figma", "Amplitude", "Looker", "Jira", "dbt", "Mixpanel"))
    assert [i.text for i in doc.sections[2].all_items()] == [
        "Cut quote turnaround from two days to four hours for regional shippers",
        "Launched carrier scorecards used by 40 dispatch teams"]


def test_web_address_on_a_short_line_of_its_own_is_not_a_wrap() -> None:
    """An address line, then a web address that would have fitted after it: two contact lines."""
    pdf = RawPDF().new_page()
    pdf.text(72, 60, "Robin Vale", font="F2", size=18)
    for i, line in enumerate(("(555) 010-0177", "robin.vale@example.com", "88 Quarry Lane Town, ST 10001",
                              "www.robinvale.example.com")):
        pdf.text(72, 90 + 14 * i, line)
    pdf.text(72, 170, "Experience", font="F2", size=12)
    pdf.text(72, 190, "Ran the returns desk for a regional outdoor retailer and rebuilt its weekly stock count.")
    blocks, _ = parse(pdf.build())
    assert texts(blocks)[1:5] == ["(555) 010-0177", "robin.vale@example.com", "88 Quarry Lane Town, ST 10001",
                                  "www.robinvale.example.com"]
