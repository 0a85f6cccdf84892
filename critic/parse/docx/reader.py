"""Word (.docx) resumes -> Blocks, by walking the WordprocessingML in document order.

python-docx's `Document.paragraphs` skips tables, content controls (w:sdt), text boxes and tracked
insertions, so the body XML is walked directly: paragraphs, tables (row by row, cell by cell),
content controls, text boxes (one branch of mc:AlternateContent) and w:ins runs; w:del text is
skipped. Header content comes first, footer content last, page numbers dropped.

Untrusted input: `check_docx_zip` rejects decompression bombs from the ZIP central directory before
python-docx reads a member, and python-docx's lxml parsers never resolve entities
(resolve_entities=False), so an XXE payload stays an unexpanded reference that is never read.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree

from critic.errors import InputError
from critic.model import Document
from critic.parse.blocks import Block
from critic.parse.structure import DATE_RANGE_RE, heading_lexicon
from critic.parse.text import (
    ASCII_MARKERS,
    GLYPH_MARKERS,
    clean_inline,
    has_words,
    is_caps_heading,
    split_marker,
)

if TYPE_CHECKING:  # pragma: no cover
    import docx.document

MAX_MEMBERS = 5000
LONG_PARAGRAPH = 1000
_GAP = re.compile(r"\t+| {3,}")
_GLYPHS = set(ASCII_MARKERS + GLYPH_MARKERS)
_RATIO_MIN_SIZE = 1 << 20  # the ratio check applies to members that expand beyond 1 MiB

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC, W_SDT, W_SDTCONTENT = map(_w, ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent"))
W_PPR, W_RPR, W_PSTYLE, W_RSTYLE, W_NUMPR, W_NUMID, W_ILVL = map(
    _w, ("pPr", "rPr", "pStyle", "rStyle", "numPr", "numId", "ilvl"))
W_TXBX = _w("txbxContent")
W_FLDSIMPLE, W_INSTR, W_FLDCHAR, W_FLDCHARTYPE, W_INSTRTEXT = map(
    _w, ("fldSimple", "instr", "fldChar", "fldCharType", "instrText"))
W_TAB, W_PTAB, W_BR, W_CR, W_NBHYPHEN, W_SYM, W_CHAR, W_OUTLINE = map(
    _w, ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym", "char", "outlineLvl"))
_DRAWINGS = {_w("drawing"), _w("pict"), _w("object")}
W_VAL = _w("val")
MC_ALT, MC_CHOICE, MC_FALLBACK = (f"{{{MC_NS}}}{t}" for t in ("AlternateContent", "Choice", "Fallback"))
_INLINE_WRAPPERS = {_w(t) for t in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir",
                                     "bdo")}
_BLOCK_WRAPPERS = {_w(t) for t in ("customXml", "ins", "moveTo")}
_SKIP = {_w(t) for t in ("del", "moveFrom")}
_PAGE_FIELDS = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES)\b", re.IGNORECASE)
_PAGE_LINE = re.compile(r"^[\s\-–—|/()\[\].]*(?:(?:page|pg\.?|p\.|seite|página|pagina)\s*)?\d{0,3}\s*"
                        r"(?:(?:of|/|von|de|di)\s*\d{0,3})?[\s\-–—|/()\[\].]*$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list (bullet|number|paragraph)( \d)?$")
_HEADING_STYLE = re.compile(r"^heading (\d)$")


# ---------------------------------------------------------------------------------------------
# Opening: ZIP checks first, then python-docx
# ---------------------------------------------------------------------------------------------

def check_docx_zip(data: bytes, source: str, *, max_uncompressed: int = 100 * 1024 * 1024,
                   max_ratio: int = 200) -> None:
    """Reject corrupt ZIPs and decompression bombs using only the central directory.

    Limits: total declared uncompressed size, member count, and each large member's
    compression ratio. Only stored/deflated members are allowed (what Word writes). The declared
    sizes bound what is later read: zipfile stops at a member's declared size and a member
    that lies about it fails its CRC check.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(source, f"corrupt DOCX: not a readable ZIP archive ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise InputError(source, f"decompression bomb: {len(infos)} ZIP members (limit {MAX_MEMBERS})")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(source, f"corrupt DOCX: encrypted ZIP member {info.filename}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InputError(source, f"corrupt DOCX: unsupported compression in member {info.filename}")
        total += info.file_size
        if total > max_uncompressed:
            raise InputError(source, f"decompression bomb: members expand to over {max_uncompressed // (1 << 20)} MB")
        if info.file_size > _RATIO_MIN_SIZE and info.file_size > max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise InputError(source, f"decompression bomb: member {info.filename} expands {ratio}x "
                                     f"(limit {max_ratio}x)")


def open_docx(data: bytes, source: str) -> docx.document.Document:
    """Open a DOCX after `check_docx_zip`; any failure becomes InputError("corrupt DOCX: ...")."""
    from docx.opc.exceptions import PackageNotFoundError
    from docx.opc.package import OpcPackage

    check_docx_zip(data, source)
    try:
        package = OpcPackage.open(io.BytesIO(data))
        part = package.main_document_part
        if part.content_type not in _WORD_MAIN_TYPES:
            raise InputError(source, "a ZIP archive but not a Word document")
        document = part.document  # type: ignore[attr-defined]
        _ = document.element.body  # forces the main part to be usable
        return document
    except InputError:
        raise
    except etree.XMLSyntaxError as exc:
        raise InputError(source, f"corrupt DOCX: malformed XML ({exc.msg})") from None
    except KeyError as exc:
        raise InputError(source, f"corrupt DOCX: missing part {exc}") from None
    except zlib.error:
        raise InputError(source, "corrupt DOCX: a compressed part is damaged") from None
    except (PackageNotFoundError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            AttributeError, RuntimeError, NotImplementedError) as exc:
        raise InputError(source, f"corrupt DOCX: {exc}") from None


# ---------------------------------------------------------------------------------------------
# Styles and numbering
# ---------------------------------------------------------------------------------------------

def _on(el: Any) -> bool | None:
    """A toggle property (<w:b/>, <w:caps w:val="0"/>): True/False, or None when absent."""
    if el is None:
        return None
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off", "none")


@dataclass
class _RunProps:
    bold: bool | None = None
    size: float | None = None  # points
    caps: bool | None = None
    vanish: bool | None = None

    @classmethod
    def read(cls, rpr: Any) -> _RunProps:
        if rpr is None:
            return cls()
        sz = rpr.find(_w("sz"))
        size = None
        if sz is not None:
            try:
                size = int(sz.get(W_VAL, "")) / 2
            except ValueError:
                size = None
        return cls(bold=_on(rpr.find(_w("b"))), size=size, caps=_on(rpr.find(_w("caps"))),
                   vanish=_on(rpr.find(_w("vanish"))))

    def under(self, base: _RunProps) -> _RunProps:
        """These properties, falling back to `base` where unset."""
        return _RunProps(*(a if a is not None else b for a, b in zip(
            (self.bold, self.size, self.caps, self.vanish), (base.bold, base.size, base.caps, base.vanish),
            strict=True)))


@dataclass
class _Style:
    sid: str
    kind: str
    name: str
    based_on: str | None
    num: tuple[str, str | None] | None  # (numId, ilvl) from the style's pPr
    outline: int | None
    rpr: _RunProps


@dataclass
class _ParaStyle:
    names: list[str]
    heading_level: int | None  # None: not a heading
    num: tuple[str, str | None] | None
    list_style: bool
    rpr: _RunProps


class _Styles:
    """Resolves paragraph/character style chains (basedOn) from styles.xml."""

    def __init__(self, root: Any) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default: dict[str, str] = {}
        self.doc_rpr = _RunProps()
        self._cache: dict[str | None, _ParaStyle] = {}
        if root is None:
            return
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{W_RPR}")
        self.doc_rpr = _RunProps.read(defaults)
        for st in root.iter(_w("style")):
            sid = st.get(_w("styleId"), "")
            kind = st.get(_w("type"), "paragraph")
            name_el = st.find(_w("name"))
            name = (name_el.get(W_VAL, "") if name_el is not None else sid).strip().lower()
            based = st.find(_w("basedOn"))
            ppr = st.find(W_PPR)
            num = _num_of(ppr)
            outline = None
            if ppr is not None and (ol := ppr.find(_w("outlineLvl"))) is not None:
                try:
                    outline = int(ol.get(W_VAL, "9"))
                except ValueError:
                    outline = None
            style = _Style(sid, kind, name, based.get(W_VAL) if based is not None else None, num, outline,
                           _RunProps.read(st.find(W_RPR)))
            self.by_id[sid] = style
            if st.get(_w("default")) in ("1", "true", "on"):
                self.default.setdefault(kind, sid)

    def chain(self, sid: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen and len(out) < 20:
            seen.add(sid)
            out.append(self.by_id[sid])
            sid = self.by_id[sid].based_on
        return out

    def para(self, sid: str | None) -> _ParaStyle:
        sid = sid if sid in self.by_id else self.default.get("paragraph")
        if sid in self._cache:
            return self._cache[sid]
        chain = self.chain(sid)
        names = [s.name for s in chain]
        level: int | None = None
        for s in chain:
            m = _HEADING_STYLE.match(s.name)
            if m:
                level = int(m.group(1))
                break
            if s.name == "title":
                level = 0  # a heading, but outside the Heading 1..9 hierarchy (usually the name)
                break
            if s.outline is not None:
                level = s.outline + 1 if s.outline < 9 else None
                break
        num = next((s.num for s in chain if s.num is not None), None)
        list_style = any(_LIST_STYLE.match(n) for n in names)
        rpr = _RunProps()
        for s in chain:
            rpr = rpr.under(s.rpr)
        info = _ParaStyle(names, level, num, list_style, rpr.under(self.doc_rpr))
        self._cache[sid] = info
        return info

    def char(self, sid: str | None) -> _RunProps:
        rpr = _RunProps()
        for s in self.chain(sid):
            rpr = rpr.under(s.rpr)
        return rpr


def _num_of(ppr: Any) -> tuple[str, str | None] | None:
    """(numId, ilvl) from a pPr's numPr, or None when it has none."""
    if ppr is None:
        return None
    numpr = ppr.find(W_NUMPR)
    if numpr is None:
        return None
    nid = numpr.find(W_NUMID)
    lvl = numpr.find(W_ILVL)
    return (nid.get(W_VAL, "") if nid is not None else "", lvl.get(W_VAL) if lvl is not None else None)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


MAX_LIST_NUMBER = 9999  # list numbers formatted at most this large (a hostile start value stays cheap)
MAX_MARKER_TEXT = 64  # characters of a level's marker template read


def _format_number(n: int, fmt: str) -> str:
    n = max(0, min(n, MAX_LIST_NUMBER))
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        out = ""
        for value, sym in _ROMAN:
            while n >= value:
                out += sym
                n -= value
        return out.upper() if fmt == "upperRoman" else out
    return str(n)


class _Numbering:
    """List definitions from numbering.xml, with running counters for numbered markers."""

    def __init__(self, root: Any, styles: _Styles) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId -> ilvl -> (fmt, text, start)
        self.abstract_of: dict[str, str] = {}
        self.style_link: dict[str, str] = {}  # abstractNumId -> numbering style id
        self.counters: dict[str, list[int]] = {}
        self.styles = styles
        if root is None:
            return
        for an in root.iter(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"), "")
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iter(_w("lvl")):
                try:
                    ilvl = int(lvl.get(_w("ilvl"), "0"))
                except ValueError:
                    continue
                fmt_el, text_el, start_el = lvl.find(_w("numFmt")), lvl.find(_w("lvlText")), lvl.find(_w("start"))
                raw_start = start_el.get(W_VAL, "1") if start_el is not None else "1"
                try:
                    start = int(raw_start) if len(raw_start) <= 6 else MAX_LIST_NUMBER
                except ValueError:
                    start = 1
                levels[ilvl] = (fmt_el.get(W_VAL, "decimal") if fmt_el is not None else "decimal",
                                (text_el.get(W_VAL, "") if text_el is not None else "")[:MAX_MARKER_TEXT],
                                max(0, min(start, MAX_LIST_NUMBER)))
            self.levels[aid] = levels
            link = an.find(_w("numStyleLink"))
            if link is not None:
                self.style_link[aid] = link.get(W_VAL, "")
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is not None:
                self.abstract_of[num.get(_w("numId"), "")] = ref.get(W_VAL, "")

    def _levels(self, num_id: str) -> dict[int, tuple[str, str, int]]:
        aid = self.abstract_of.get(num_id, "")
        levels = self.levels.get(aid, {})
        if not levels and aid in self.style_link:  # the list's definition lives on a numbering style
            linked = next((s.num for s in self.styles.chain(self.style_link[aid]) if s.num), None)
            if linked:
                levels = self.levels.get(self.abstract_of.get(linked[0], ""), {})
        return levels

    def marker(self, num_id: str, ilvl: int) -> str:
        """The marker Word would draw for the next item of list `num_id` at level `ilvl`."""
        levels = self._levels(num_id)
        fmt, text, _start = levels.get(ilvl, ("bullet", "", 1))
        counts = self.counters.setdefault(num_id, [0] * 9)
        ilvl = max(0, min(ilvl, 8))
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if fmt == "bullet":
            return text
        if fmt == "none":
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k <= 8:
                return ""
            lf, _lt, lstart = levels.get(k, ("decimal", "", 1))
            return _format_number(max(counts[k], 1) + lstart - 1, lf)

        return re.sub(r"%(\d)", sub, text).strip()


# ---------------------------------------------------------------------------------------------
# Paragraph text
# ---------------------------------------------------------------------------------------------

@dataclass
class _Span:
    text: str
    bold: bool
    size: float
    caps: bool


@dataclass
class _ParaText:
    spans: list[_Span] = field(default_factory=list)
    boxes: list[Any] = field(default_factory=list)  # w:txbxContent elements found inside
    fields: list[list[Any]] = field(default_factory=list)  # complex-field stack: [instr, in_result]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


def _t_text(t: Any) -> str:
    """Text of a w:t, ignoring any unresolved entity reference nodes inside it."""
    parts = [t.text or ""]
    parts.extend(child.tail or "" for child in t)
    return "".join(parts)


def _choose_branch(alt: Any) -> Any | None:
    """One branch of mc:AlternateContent: the first Choice, else the Fallback."""
    choice = alt.find(MC_CHOICE)
    return choice if choice is not None else alt.find(MC_FALLBACK)


def _find_boxes(el: Any) -> Iterator[Any]:
    """Outermost w:txbxContent among the children of `el` (an element or a list of elements) and
    their descendants, taking one branch of each mc:AlternateContent."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == MC_ALT:
            branch = _choose_branch(child)
            if branch is not None:
                yield from _find_boxes(branch)
        elif tag == W_TXBX:
            yield child
        else:
            yield from _find_boxes(child)


class _Walker:
    """Walks block containers (body, cell, text box, header) and emits Blocks."""

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.in_margin = False  # header/footer: drop page numbers

    # -- emission ------------------------------------------------------------------------------
    def emit(self, block: Block) -> None:
        if block.kind == "blank":
            if self.blocks and self.blocks[-1].kind != "blank":
                self.blocks.append(block)
            return
        if has_words(block.text):
            self.blocks.append(block)

    # -- containers ----------------------------------------------------------------------------
    def walk(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W_P:
                self.paragraph(child)
            elif tag == W_TBL:
                self.table(child)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self.walk(content)
            elif tag == MC_ALT:
                branch = _choose_branch(child)
                if branch is not None:
                    self.walk(branch)
            elif tag in _BLOCK_WRAPPERS:
                self.walk(child)

    def _rows(self, tbl: Any) -> Iterator[Any]:
        for child in tbl:
            if child.tag == W_TR:
                yield child
            elif child.tag == W_SDT or child.tag in _BLOCK_WRAPPERS:
                inner = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
                if inner is not None:
                    yield from self._rows(inner)

    def _cells(self, tr: Any) -> Iterator[Any]:
        for child in tr:
            if child.tag == W_TC:
                tcpr = child.find(_w("tcPr"))
                if tcpr is not None:
                    vmerge = tcpr.find(_w("vMerge"))
                    hmerge = tcpr.find(_w("hMerge"))
                    if vmerge is not None and vmerge.get(W_VAL, "continue") == "continue":
                        continue  # the merged cell's text lives in the row where it starts
                    if hmerge is not None and hmerge.get(W_VAL, "continue") == "continue":
                        continue
                yield child
            elif child.tag == W_SDT or child.tag in _BLOCK_WRAPPERS:
                inner = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
                if inner is not None:
                    yield from self._cells(inner)

    def table(self, tbl: Any) -> None:
        """Row by row, cells left to right. A row of single-line cells becomes one line
        ("2019 – 2021 | Product Manager"); other rows are read cell by cell, blank-separated."""
        for tr in self._rows(tbl):
            cells: list[list[Block]] = []
            for tc in self._cells(tr):
                saved = self.blocks
                self.blocks = []
                self.walk(tc)
                content = self.blocks
                self.blocks = saved
                while content and content[-1].kind == "blank":
                    content.pop()
                while content and content[0].kind == "blank":
                    content.pop(0)
                if content:
                    cells.append(content)
            if not cells:
                continue
            simple = len(cells) > 1 and all(len(c) == 1 and c[0].kind == "line" for c in cells)
            if simple:
                first = cells[0][0]
                self.emit(Block(text=" | ".join(c[0].text for c in cells), kind="line", size=first.size,
                                bold=all(c[0].bold for c in cells)))
                continue
            for cell in cells:
                if len(cells) > 1:
                    self.emit(Block(text="", kind="blank"))
                for b in cell:
                    self.emit(b)
            if len(cells) > 1:
                self.emit(Block(text="", kind="blank"))

    # -- paragraphs ----------------------------------------------------------------------------
    def _collect(self, container: Any, out: _ParaText, pstyle: _ParaStyle) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W_R:
                self._run(child, out, pstyle)
            elif tag == W_FLDSIMPLE:
                if _PAGE_FIELDS.match(child.get(W_INSTR, "")):
                    continue
                self._collect(child, out, pstyle)
            elif tag in _INLINE_WRAPPERS:
                self._collect(child, out, pstyle)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self._collect(content, out, pstyle)
            elif tag == MC_ALT:
                branch = _choose_branch(child)
                if branch is not None:
                    self._collect(branch, out, pstyle)

    def _in_page_field(self, out: _ParaText) -> bool:
        return any(f[1] and _PAGE_FIELDS.match(f[0]) for f in out.fields)

    def _run(self, r: Any, out: _ParaText, pstyle: _ParaStyle) -> None:
        rpr_el = r.find(W_RPR)
        props = _RunProps.read(rpr_el)
        if rpr_el is not None and (rs := rpr_el.find(W_RSTYLE)) is not None:
            props = props.under(self.styles.char(rs.get(W_VAL)))
        props = props.under(pstyle.rpr)
        buf: list[str] = []
        for child in r:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W_FLDCHAR:
                kind = child.get(W_FLDCHARTYPE)
                if kind == "begin":
                    out.fields.append(["", False])
                elif kind == "separate" and out.fields:
                    out.fields[-1][1] = True
                elif kind == "end" and out.fields:
                    out.fields.pop()
                continue
            if tag == W_INSTRTEXT:
                if out.fields and not out.fields[-1][1]:
                    out.fields[-1][0] += child.text or ""
                continue
            if out.fields and not out.fields[-1][1]:
                continue  # between begin and separate only the instruction lives
            if tag in _DRAWINGS or tag == MC_ALT:
                out.boxes.extend(_find_boxes(child) if tag != MC_ALT else _find_boxes([child]))
                continue
            if props.vanish or (self.in_margin and self._in_page_field(out)):
                continue
            if tag == W_T:
                buf.append(_t_text(child))
            elif tag in (W_TAB, W_PTAB):
                buf.append("\t")
            elif tag in (W_BR, W_CR):
                buf.append("\n")
            elif tag == W_NBHYPHEN:
                buf.append("-")
            elif tag == W_SYM:
                try:
                    buf.append(chr(int(child.get(W_CHAR, ""), 16)))
                except ValueError:
                    pass
        if buf:
            out.spans.append(_Span("".join(buf), bool(props.bold), props.size or 0.0, bool(props.caps)))

    def paragraph(self, p: Any) -> None:
        ppr = p.find(W_PPR)
        sid = None
        if ppr is not None and (ps := ppr.find(W_PSTYLE)) is not None:
            sid = ps.get(W_VAL)
        pstyle = self.styles.para(sid)
        out = _ParaText()
        self._collect(p, out, pstyle)
        raw = out.text
        visible = [s for s in out.spans if s.text.strip()]
        bold = bool(visible) and all(s.bold for s in visible)
        caps = bool(visible) and all(s.caps for s in visible)
        size = _main_size(visible)
        lines = raw.split("\n")
        if self.in_margin:
            lines = [ln for ln in lines if not _PAGE_LINE.match(ln)]

        level = pstyle.heading_level
        if ppr is not None and (ol := ppr.find(W_OUTLINE)) is not None:
            try:
                lv = int(ol.get(W_VAL, "9"))
                level = lv + 1 if lv < 9 else None
            except ValueError:
                pass
        num = _num_of(ppr)
        if num is None:
            num = pstyle.num
        numbered = num is not None and num[0] not in ("", "0")
        explicit_off = num is not None and num[0] == "0"

        joined = clean_inline(" ".join(lines), gaps=False)
        if not joined:
            if not out.boxes:
                self.emit(Block(text="", kind="blank"))
        elif level is not None:
            self.emit(Block(text=joined, kind="heading", heading_level=level, bold=bold, size=size))
        elif numbered or (pstyle.list_style and not explicit_off):
            marker = ""
            if numbered:
                try:
                    ilvl = int(num[1]) if num and num[1] is not None else 0
                except ValueError:
                    ilvl = 0
                marker = self.numbering.marker(num[0], ilvl) if num else ""
            text = joined
            split = split_marker(text)
            if split is not None and split[0] in _GLYPHS:  # a typed marker on top of the list's own
                marker, text = marker or split[0], split[1]
            self.emit(Block(text=text, kind="bullet", marker=marker, bold=bold, size=size))
        else:
            self._plain_lines(lines, bold, caps, size)
        for box in out.boxes:
            self.emit(Block(text="", kind="blank"))
            self.walk(box)
            self.emit(Block(text="", kind="blank"))

    def _plain_lines(self, lines: list[str], bold: bool, caps: bool, size: float) -> None:
        """A non-list paragraph: each soft-broken line is its own block; typed markers make bullets.

        A wall of text over LONG_PARAGRAPH characters with wide gaps in it (layout flattened into
        one paragraph) is split at the gaps, which is where a reader sees it break."""
        if any(len(ln) > LONG_PARAGRAPH for ln in lines):
            lines = [seg for ln in lines for seg in (unflatten(ln) if len(ln) > LONG_PARAGRAPH else [ln])]
        for ln in lines:
            stripped = ln.strip()
            if not stripped:
                continue
            split = split_marker(stripped)
            if split is not None:
                marker, rest = split
                self.emit(Block(text=clean_inline(rest, gaps=False), kind="bullet", marker=marker, bold=bold,
                                size=size))
                continue
            text = clean_inline(ln)
            if is_caps_heading(text, caps=caps):
                self.emit(Block(text=text, kind="heading", bold=bold, size=size))
            else:
                self.emit(Block(text=text, kind="line", bold=bold, size=size))


_WALL_GAP = re.compile(r"\t+| {2,}")
_LEAD_DATES = re.compile(rf"(?:{DATE_RANGE_RE.pattern})", re.I)
# "AviaBit Performed a ...": a run of capitalised words (the employer) before the sentence's first word
_NAME_THEN_SENTENCE = re.compile(r"((?:[A-Z][\w&.'-]*\s+){1,4})([A-Z][a-z][\w'-]*,?\s+[a-z(«\"“].*)")


def _heading_names() -> re.Pattern[str]:
    """Lexicon headings as they are printed in a flattened wall: 'Summary', 'Work Experience'."""
    names = sorted((n for n in heading_lexicon() if 1 <= len(n.split()) <= 3), key=len, reverse=True)
    alts = "|".join(re.escape(n[:1].upper() + n[1:]).replace("\\ ", "\\s+") for n in names)
    return re.compile(rf"(?<![\w-])(?:{alts})(?=\s+[A-Z«\"“])")


def unflatten(wall: str) -> list[str]:
    """A document flattened into one paragraph (line breaks turned into runs of spaces) as lines.

    Splits at the runs of two or more spaces, then before and after a heading name glued to its text
    ("... teams. Experience Front End Team lead"), and an employer glued to a role's first sentence
    after the role's dates ("2020 – Present AviaBit Performed a ...")."""
    names = _heading_names()
    out: list[str] = []
    after_dates = False
    for seg in (s.strip() for s in _WALL_GAP.split(wall)):
        if not seg:
            continue
        pieces: list[str] = []
        start = 0
        for m in names.finditer(seg):
            pieces += [seg[start:m.start()], m.group(0)]
            start = m.end()
        pieces.append(seg[start:])
        for piece in (p.strip() for p in pieces):
            if not piece:
                continue
            lead = _LEAD_DATES.match(piece)
            head, rest = (piece[: lead.end()], piece[lead.end():].strip()) if lead else ("", piece)
            m = _NAME_THEN_SENTENCE.fullmatch(rest) if (lead or after_dates) else None
            if m and len(rest.split()) >= 6:
                out += [f"{head} {m.group(1).strip()}".strip(), m.group(2)]
            else:
                out.append(piece)
            after_dates = bool(lead) and not rest
    return out


def _main_size(spans: list[_Span]) -> float:
    """The font size carrying most of the paragraph's characters."""
    weight: dict[float, int] = {}
    for s in spans:
        weight[s.size] = weight.get(s.size, 0) + len(s.text.strip())
    if not weight:
        return 0.0
    return max(sorted(weight), key=lambda k: weight[k])


# ---------------------------------------------------------------------------------------------
# Document
# ---------------------------------------------------------------------------------------------

def _related_root(document: Any, reltype: str) -> Any | None:
    try:
        return document.part.part_related_by(reltype).element
    except (KeyError, AttributeError, ValueError):
        return None


def _margin_parts(document: Any, kind: str) -> list[Any]:
    """Header or footer roots referenced by the sections, in order, each once."""
    body = document.element.body
    refs: list[Any] = []
    for sect in body.iter(_w("sectPr")):
        title_pg = _on(sect.find(_w("titlePg")))
        for ref in sect.findall(_w(f"{kind}Reference")):
            if ref.get(_w("type")) == "first" and not title_pg:
                continue  # a first-page header Word does not show
            refs.append(ref)
    order = {"first": 0, "default": 1, "even": 2}
    refs.sort(key=lambda r: order.get(r.get(_w("type"), "default"), 3))
    roots: list[Any] = []
    seen: set[str] = set()
    for ref in refs:
        rid = ref.get(f"{{{R_NS}}}id", "")
        if rid in seen:
            continue
        seen.add(rid)
        try:
            roots.append(document.part.related_parts[rid].element)
        except (KeyError, AttributeError):
            continue
    return roots


def parse_docx(data: bytes, doc: Document, *, document: Any = None) -> list[Block]:
    """Turn a DOCX into Blocks in reading order: header lines, body, footer lines.

    `document`: the python-docx Document when the caller has already opened `data` with
    `open_docx` (saves parsing it twice).
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    if document is None:
        document = open_docx(data, doc.source)
    styles = _Styles(_related_root(document, RT.STYLES))
    numbering = _Numbering(_related_root(document, RT.NUMBERING), styles)
    walker = _Walker(styles, numbering)

    try:
        _walk_document(walker, document)
    except RecursionError:
        raise InputError(doc.source, "corrupt DOCX: content nested too deeply") from None
    blocks = _join_broken_sentences(walker.blocks)
    while blocks and blocks[-1].kind == "blank":
        blocks.pop()
    while blocks and blocks[0].kind == "blank":
        blocks.pop(0)
    if not blocks:
        doc.warn("no text found in the Word document")
    return blocks


def _walk_document(walker: _Walker, document: Any) -> None:
    """Headers (each text once), the body, then footers."""
    walker.in_margin = True
    seen: set[str] = set()
    for root in _margin_parts(document, "header"):
        start = len(walker.blocks)
        walker.walk(root)
        _dedupe(walker.blocks, start, seen)
    walker.emit(Block(text="", kind="blank"))
    walker.in_margin = False
    walker.walk(document.element.body)
    walker.emit(Block(text="", kind="blank"))
    walker.in_margin = True
    for root in _margin_parts(document, "footer"):
        start = len(walker.blocks)
        walker.walk(root)
        _dedupe(walker.blocks, start, seen)


def _join_broken_sentences(blocks: list[Block]) -> list[Block]:
    """Re-join a sentence split over two paragraphs (common in PDF-to-Word conversions): a long
    line or bullet without closing punctuation, followed directly by a line starting in lower case."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and b.kind == "line"
            and prev.kind in ("line", "bullet")
            and b.text[:1].islower()
            and len(prev.text) >= 40
            and not prev.text.endswith((".", "!", "?", ":", ";"))
            and " | " not in prev.text
        ):
            prev.text = f"{prev.text} {b.text}"
            continue
        out.append(b)
    return out


def _dedupe(blocks: list[Block], start: int, seen: set[str]) -> None:
    """Drop header/footer blocks whose text an earlier header/footer already gave."""
    kept = blocks[:start]
    for b in blocks[start:]:
        if b.kind != "blank":
            if b.text in seen:
                continue
            seen.add(b.text)
        kept.append(b)
    blocks[:] = kept
