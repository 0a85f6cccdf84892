"""DOCX parser: documents built here with python-docx (plus raw XML where python-docx has no API)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from critic.errors import InputError
from critic.model import Document
from critic.parse.blocks import Block
from critic.parse.docx.reader import check_docx_zip, open_docx, parse_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld" / "resumes_docx"


def save(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def blocks_of(data: bytes) -> list[Block]:
    return parse_docx(data, Document(source="test.docx", format="docx"))


def pairs(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks]


def body_xml(document: docx.document.Document, xml: str) -> None:
    """Append a raw WordprocessingML block (paragraph, table, sdt) before the section properties."""
    document.element.body.sectPr.addprevious(parse_xml(f"<w:wrapper {NS}>{xml}</w:wrapper>")[0])


def numbering_with_bullet(document: docx.document.Document) -> str:
    """Add an abstract bullet list + num instance to the numbering part; return its numId."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {NS} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="bullet"/><w:lvlText w:val="▪"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


# --- lists and headings ------------------------------------------------------------------------

def test_styles_give_headings_and_list_items():
    d = docx.Document()
    d.add_paragraph("Priya Raman", style="Title")
    d.add_heading("Experience", level=1)
    d.add_paragraph("Senior PM, Lumen Health | 2021 – Present")
    d.add_paragraph("Shipped a triage model that cut nurse review time by 30%", style="List Bullet")
    d.add_paragraph("Set kill criteria for two pilots before launch", style="List Bullet")
    d.add_heading("Projects", level=2)
    d.add_paragraph("Defined the offline eval suite", style="List Number")
    d.add_paragraph("Ran the human-in-the-loop review", style="List Number")
    blocks = blocks_of(save(d))
    assert pairs(blocks) == [
        ("heading", "Priya Raman"),
        ("heading", "Experience"),
        ("line", "Senior PM, Lumen Health | 2021 – Present"),
        ("bullet", "Shipped a triage model that cut nurse review time by 30%"),
        ("bullet", "Set kill criteria for two pilots before launch"),
        ("heading", "Projects"),
        ("bullet", "Defined the offline eval suite"),
        ("bullet", "Ran the human-in-the-loop review"),
    ]
    assert [b.heading_level for b in blocks if b.kind == "heading"] == [0, 1, 2]  # Title has no level
    assert [b.marker for b in blocks[-2:]] == ["1.", "2."]  # numbered list counters


def test_numbering_from_paragraph_numpr_and_from_custom_style():
    d = docx.Document()
    num_id = numbering_with_bullet(d)
    # a Normal paragraph with its own numPr
    p = d.add_paragraph("Launched retrieval-augmented search for 40k support reps")
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    # a custom style whose name says nothing about lists but whose pPr carries the numbering
    style = d.styles.add_style("Achievement", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = d.styles["Normal"]
    style.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {NS}><w:numId w:val="{num_id}"/></w:numPr>'))
    d.add_paragraph("Cut model cost per query from 4 cents to 1 cent", style="Achievement")
    # numId 0 switches a list style's numbering off: a plain paragraph
    p = d.add_paragraph("Not a list item any more", style="List Bullet")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="0"/></w:numPr>'))
    blocks = blocks_of(save(d))
    assert pairs(blocks) == [
        ("bullet", "Launched retrieval-augmented search for 40k support reps"),
        ("bullet", "Cut model cost per query from 4 cents to 1 cent"),
        ("line", "Not a list item any more"),
    ]
    assert [b.marker for b in blocks[:2]] == ["▪", "▪"]


def test_typed_bullet_characters_make_bullets():
    d = docx.Document()
    d.add_paragraph("• Ran 12 customer interviews a month")
    d.add_paragraph("\uf0b7\tOwned the model launch checklist")
    d.add_paragraph("- Wrote the PRD for the ranking change")
    d.add_paragraph("-5% churn is the target")  # a minus sign, not a marker
    assert pairs(blocks_of(save(d))) == [
        ("bullet", "Ran 12 customer interviews a month"),
        ("bullet", "Owned the model launch checklist"),
        ("bullet", "Wrote the PRD for the ranking change"),
        ("line", "-5% churn is the target"),
    ]


def test_soft_breaks_split_lines_but_join_list_items():
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Product Manager")
    p.add_run().add_break()
    p.add_run("Northwind Analytics")
    li = d.add_paragraph(style="List Bullet")
    li.add_run("Reduced false positives in fraud alerts")
    li.add_run().add_break()
    li.add_run("by 18% with a threshold review")
    assert pairs(blocks_of(save(d))) == [
        ("line", "Product Manager"),
        ("line", "Northwind Analytics"),
        ("bullet", "Reduced false positives in fraud alerts by 18% with a threshold review"),
    ]


def test_all_caps_short_line_is_a_heading_and_tabs_become_separators():
    d = docx.Document()
    d.add_paragraph("SKILLS")
    d.add_paragraph("Staff PM\tJan 2020 – Present")
    d.add_paragraph("S U M M A R Y")
    blocks = blocks_of(save(d))
    assert pairs(blocks) == [
        ("heading", "SKILLS"),
        ("line", "Staff PM | Jan 2020 – Present"),
        ("heading", "SUMMARY"),
    ]


def test_flattened_wall_of_text_is_split_at_wide_gaps():
    d = docx.Document()
    first = "Staff PM, Quanta Retail. " + "Owned the demand model roadmap and its review cadence. " * 12
    second = "2019 – 2022 Lumen Bank. " + "Ran the credit-limit experiment programme with risk. " * 12
    d.add_paragraph(first.strip() + "          " + second.strip())  # > 1,000 characters, one paragraph
    d.add_paragraph("Short line    with a gap")
    rest = second.strip().removeprefix("2019 – 2022 Lumen Bank. ")  # the employer after the dates is its own line
    assert [b.text for b in blocks_of(save(d))] == [first.strip(), "2019 – 2022 Lumen Bank.", rest,
                                                     "Short line | with a gap"]


def test_empty_paragraphs_become_single_blank_separators():
    d = docx.Document()
    d.add_paragraph("Role A")
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.add_paragraph("Role B")
    assert [b.kind for b in blocks_of(save(d))] == ["line", "blank", "line"]


# --- tables ------------------------------------------------------------------------------------

def test_layout_table_is_read_cell_by_cell():
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "SKILLS"
    left.add_paragraph("Python, SQL")
    left.add_paragraph("Experiment design")
    right.paragraphs[0].text = "EXPERIENCE"
    right.add_paragraph("Group PM, Atlas Robotics | 2019 – 2023")
    right.add_paragraph("Defined the success metric for grasp planning", style="List Bullet")
    blocks = [b for b in blocks_of(save(d)) if b.kind != "blank"]
    assert pairs(blocks) == [
        ("heading", "SKILLS"),
        ("line", "Python, SQL"),
        ("line", "Experiment design"),
        ("heading", "EXPERIENCE"),
        ("line", "Group PM, Atlas Robotics | 2019 – 2023"),
        ("bullet", "Defined the success metric for grasp planning"),
    ]
    kinds = [b.kind for b in blocks_of(save(d))]
    assert kinds.index("blank") == 3  # the two cells are separated


def test_rows_of_single_line_cells_become_one_line_each():
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "2021 – 2023"
    table.cell(0, 1).text = "AI Product Lead, Fernway"
    table.cell(1, 0).text = "2018 – 2021"
    table.cell(1, 1).text = "Product Manager, Brightline"
    assert pairs(blocks_of(save(d))) == [
        ("line", "2021 – 2023 | AI Product Lead, Fernway"),
        ("line", "2018 – 2021 | Product Manager, Brightline"),
    ]


def test_vertically_merged_cell_is_read_once():
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "Sidebar: Python, SQL, Figma"
    table.cell(0, 1).text = "Led pricing experiments across 3 markets"
    table.cell(1, 1).text = "Built a churn model review process"
    assert [b.text for b in blocks_of(save(d)) if b.kind != "blank"] == [
        "Sidebar: Python, SQL, Figma | Led pricing experiments across 3 markets",
        "Built a churn model review process",  # the merged cell's continuation is not read again
    ]


def test_nested_table_inside_a_cell():
    d = docx.Document()
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "Before nested"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Left inner"
    inner.cell(0, 1).text = "Right inner"
    cell.add_paragraph("After nested")
    assert [b.text for b in blocks_of(save(d)) if b.kind != "blank"] == [
        "Before nested", "Left inner | Right inner", "After nested",
    ]


# --- headers, footers, text boxes, content controls, tracked changes -----------------------------

def test_header_comes_first_and_footer_page_numbers_are_dropped():
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "Mara Ellison"
    section.header.add_paragraph("mara@example.org | +1 555 0100")
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    footer._p.append(parse_xml(
        f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" of ")
    footer._p.append(parse_xml(
        f'<w:r {NS}><w:fldChar w:fldCharType="begin"/></w:r>'))
    footer._p.append(parse_xml(f'<w:r {NS}><w:instrText> NUMPAGES </w:instrText></w:r>'))
    footer._p.append(parse_xml(f'<w:r {NS}><w:fldChar w:fldCharType="separate"/></w:r>'))
    footer._p.append(parse_xml(f'<w:r {NS}><w:t>2</w:t></w:r>'))
    footer._p.append(parse_xml(f'<w:r {NS}><w:fldChar w:fldCharType="end"/></w:r>'))
    section.footer.add_paragraph("References available on request")
    d.add_paragraph("Summary line in the body")
    texts = [b.text for b in blocks_of(save(d)) if b.kind != "blank"]
    assert texts == [
        "Mara Ellison",
        "mara@example.org | +1 555 0100",
        "Summary line in the body",
        "References available on request",
    ]


TEXTBOX = """
<w:p><w:r>
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>
      <wps:wsp><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>Boxed headline: AI platform PM</w:t></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>Grew weekly active teams 2.4x</w:t></w:r></w:p>
      </w:txbxContent></wps:txbx></wps:wsp>
    </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>Boxed headline: AI platform PM</w:t></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>Grew weekly active teams 2.4x</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent>
</w:r><w:r><w:t>Anchor text</w:t></w:r></w:p>
"""


def test_text_box_read_once_from_one_alternate_content_branch():
    d = docx.Document()
    d.add_paragraph("Before the box")
    body_xml(d, TEXTBOX)
    d.add_paragraph("After the box")
    assert pairs([b for b in blocks_of(save(d)) if b.kind != "blank"]) == [
        ("line", "Before the box"),
        ("line", "Anchor text"),
        ("line", "Boxed headline: AI platform PM"),
        ("bullet", "Grew weekly active teams 2.4x"),
        ("line", "After the box"),
    ]


def test_tracked_changes_content_controls_and_hidden_text():
    d = docx.Document()
    body_xml(d, """
      <w:p>
        <w:r><w:t xml:space="preserve">Reduced support tickets by </w:t></w:r>
        <w:del w:id="1" w:author="x"><w:r><w:delText>10%</w:delText></w:r></w:del>
        <w:ins w:id="2" w:author="x"><w:r><w:t>22%</w:t></w:r></w:ins>
        <w:r><w:rPr><w:vanish/></w:rPr><w:t> secret keywords</w:t></w:r>
      </w:p>""")
    body_xml(d, """
      <w:sdt><w:sdtPr/><w:sdtContent>
        <w:p><w:r><w:t>Inside a block content control</w:t></w:r></w:p>
      </w:sdtContent></w:sdt>""")
    body_xml(d, """
      <w:p><w:r><w:t xml:space="preserve">Email: </w:t></w:r>
        <w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>pat@example.com</w:t></w:r></w:sdtContent></w:sdt>
        <w:hyperlink><w:r><w:t xml:space="preserve"> | portfolio</w:t></w:r></w:hyperlink>
      </w:p>""")
    assert [b.text for b in blocks_of(save(d))] == [
        "Reduced support tickets by 22%",
        "Inside a block content control",
        "Email: pat@example.com | portfolio",
    ]


def test_paragraphs_api_misses_what_the_walker_finds():
    """The motivating case: text that only lives in a table is invisible to doc.paragraphs."""
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Contact and skills column"
    table.cell(0, 1).paragraphs[0].text = "Staff PM, Orbit Labs"
    table.cell(0, 1).add_paragraph("Drove the LLM evaluation roadmap", style="List Bullet")
    data = save(d)
    assert "".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs).strip() == ""
    texts = [b.text for b in blocks_of(data)]
    assert "Drove the LLM evaluation roadmap" in texts and "Staff PM, Orbit Labs" in texts


# --- hostile and broken files ------------------------------------------------------------------

def rewrite_member(data: bytes, name: str, content: bytes) -> bytes:
    """Copy a DOCX, replacing one member's bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


def document_xml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f'<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>').encode()


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-VALUE")
    base = save(docx.Document())
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    data = rewrite_member(base, "word/document.xml", document_xml(
        "<w:p><w:r><w:t>Before &xxe; after</w:t></w:r></w:p>", doctype))
    blocks = blocks_of(data)
    assert not any("TOPSECRET" in b.text for b in blocks)
    assert [b.text for b in blocks] == ["Before after"]


def test_external_parameter_entity_is_not_loaded(tmp_path):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leaked "TOPSECRET-DTD">')
    doctype = f'<!DOCTYPE w:document [<!ENTITY % ext SYSTEM "{secret.as_uri()}"> %ext;]>'
    data = rewrite_member(save(docx.Document()), "word/document.xml", document_xml(
        "<w:p><w:r><w:t>A &leaked; B</w:t></w:r></w:p>", doctype))
    # the DTD is never fetched, so "leaked" is undefined: the file is refused, nothing leaks
    with pytest.raises(InputError, match="corrupt DOCX: malformed XML") as err:
        blocks_of(data)
    assert "TOPSECRET" not in str(err.value)


@pytest.mark.parametrize("depth", [3, 9])
def test_internal_entities_are_not_expanded(depth):
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, depth + 1))
    doctype = f'<!DOCTYPE w:document [<!ENTITY l0 "ha">{laughs}]>'  # 10^depth "ha" if expanded
    data = rewrite_member(save(docx.Document()), "word/document.xml", document_xml(
        f"<w:p><w:r><w:t>A &l{depth}; B</w:t></w:r></w:p>", doctype))
    try:
        blocks = blocks_of(data)
    except InputError as exc:  # libxml2 may refuse a billion-laughs DTD outright: also safe
        assert depth == 9 and "corrupt DOCX: malformed XML" in str(exc)
        return
    assert [b.text for b in blocks] == ["A B"]


def zip_with_member(name: str, size: int, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP holding `size` zero bytes under `name` (written in chunks, compressed ~1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in (extra or {}).items():
            zf.writestr(k, v)
        with zf.open(name, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return out.getvalue()


def test_zip_bomb_rejected_from_central_directory_before_reading():
    base = save(docx.Document())
    src = zipfile.ZipFile(io.BytesIO(base))
    bomb = zip_with_member("word/media/image1.png", 120 << 20,
                           extra={i.filename: src.read(i.filename) for i in src.infolist()})
    assert len(bomb) < 1 << 20  # a small file ...
    with pytest.raises(InputError, match="decompression bomb"):  # ... refused by its declared sizes
        check_docx_zip(bomb, "bomb.docx")
    with pytest.raises(InputError, match="decompression bomb"):
        parse_docx(bomb, Document(source="bomb.docx", format="docx"))


def test_high_ratio_member_rejected_even_under_the_total_limit():
    data = zip_with_member("word/document.xml", 8 << 20)
    with pytest.raises(InputError, match=r"expands \d+x \(limit 200x\)"):
        check_docx_zip(data, "ratio.docx")
    check_docx_zip(data, "ratio.docx", max_ratio=5000)  # the limits are parameters


def test_total_size_limit_is_configurable():
    data = save(docx.Document())
    check_docx_zip(data, "ok.docx")
    with pytest.raises(InputError, match="over 0 MB"):
        check_docx_zip(data, "small-limit.docx", max_uncompressed=1000)


def test_member_that_understates_its_size_fails_as_corrupt():
    d = docx.Document()
    d.add_paragraph("x" * 5000)
    data = bytearray(save(d))
    # shrink document.xml's declared uncompressed size in the central directory
    declared = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml").file_size
    assert declared > 200
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        assert pos >= 0
        name_len = int.from_bytes(data[pos + 28:pos + 30], "little")
        if data[pos + 46:pos + 46 + name_len] == b"word/document.xml":
            data[pos + 24:pos + 28] = (200).to_bytes(4, "little")
            break
        pos += 4
    with pytest.raises(InputError, match="corrupt DOCX"):
        parse_docx(bytes(data), Document(source="lying.docx", format="docx"))


@pytest.mark.parametrize("mutate, message", [
    (lambda b: b[: len(b) // 2], "corrupt DOCX"),
    (lambda b: rewrite_member(b, "word/document.xml", b"<w:document><unclosed>"), "corrupt DOCX: malformed XML"),
])
def test_corrupt_files_give_one_clear_error(mutate, message):
    data = mutate(save(docx.Document()))
    with pytest.raises(InputError) as err:
        open_docx(data, "broken.docx")
    assert message in str(err.value)
    assert str(err.value).startswith("broken.docx: ")
    assert "\n" not in str(err.value)


def test_missing_main_part_is_corrupt():
    src = zipfile.ZipFile(io.BytesIO(save(docx.Document())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
    with pytest.raises(InputError, match="corrupt DOCX"):
        open_docx(out.getvalue(), "nomain.docx")


# --- real resumes ------------------------------------------------------------------------------

def _visible_chars(data: bytes) -> int:
    """Non-space characters in w:t elements of the body and headers (deleted text excluded)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    total = 0
    for name in zf.namelist():
        if re.fullmatch(r"word/(document|header\d*)\.xml", name):
            xml = zf.read(name).decode("utf-8")
            xml = re.sub(r"<w:del\b.*?</w:del>", "", xml, flags=re.S)
            for m in re.finditer(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml):
                total += len(re.sub(r"\s", "", m.group(1)))
    return total


def _realworld_files() -> list[Path]:
    return sorted(REALWORLD.glob("*.docx")) if REALWORLD.is_dir() else []


@pytest.mark.skipif(not REALWORLD.is_dir(), reason=f"real-world DOCX folder not found: {REALWORLD}")
@pytest.mark.parametrize("path", _realworld_files(), ids=lambda p: p.name[:40])
def test_realworld_docx_text_is_recovered(path):
    data = path.read_bytes()
    blocks = blocks_of(data)
    got = sum(len(re.sub(r"\s|\|", "", b.text)) for b in blocks)
    want = _visible_chars(data)
    assert want > 0
    assert got >= 0.95 * want, f"{path.name}: {got} of {want} characters"
    for b in blocks:
        assert not re.search(r"[^\W\d_]{26,}", b.text), f"lost spaces: {b.text[:80]}"
        if b.kind == "bullet":
            assert b.text[:1] not in "•▪●◦\uf0b7\uf0a7", f"marker left in text: {b.text[:40]}"


# --- committed fixtures (fixtures/resumes + fixtures/expected) -----------------------------------

from fixture_checks import check_fixture, fixture_pairs  # noqa: E402

DOCX_FIXTURES = fixture_pairs((".docx",))


@pytest.mark.skipif(not DOCX_FIXTURES, reason="no DOCX resume fixtures with expected JSON in fixtures/")
@pytest.mark.parametrize("path, expected", DOCX_FIXTURES, ids=lambda p: p.name)
def test_docx_fixtures(path, expected):
    check_fixture(path, expected)


def test_flattened_wall_is_read_as_lines() -> None:
    from critic.parse.docx.reader import unflatten

    wall = ("Data analyst Summary A careful analyst with 6 years in retail. Built the stock model.  "
            "Experience Pricing Analyst          2018 – 2021 Larkspur Retail Owned the weekly price file for "
            "all stores.  Stack: SQL, Python.   Junior Analyst      2016 – 2018      Larkspur Retail Kept the "
            "sales ledger for the east region.")
    assert unflatten(wall) == [
        "Data analyst", "Summary", "A careful analyst with 6 years in retail. Built the stock model.",
        "Experience", "Pricing Analyst", "2018 – 2021 Larkspur Retail", "Owned the weekly price file for all stores.",
        "Stack: SQL, Python.", "Junior Analyst", "2016 – 2018", "Larkspur Retail",
        "Kept the sales ledger for the east region.",
    ]
