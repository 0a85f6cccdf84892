"""Plain-text and Markdown resumes -> Blocks.

Also holds the line-level functions the DOCX parser shares: bullet markers, inline clean-up
(letter-spaced headings, leader dots, column gaps), ALL-CAPS headings and entry-header detection.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from critic.model import Document
from critic.parse.blocks import Block

# ---------------------------------------------------------------------------------------------
# Shared line functions
# ---------------------------------------------------------------------------------------------

# Glyphs that mark a list item when they open a line. ASCII ones need a following space.
ASCII_MARKERS = "-*+"
GLYPH_MARKERS = (
    "•◦▪▫●○■□▸▹►▻‣⁃∙·–—➢➣➤➔→✓✔✗❖◆◇♦⦁⚫⬤"
    "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06c\uf06e\uf0e8\uf0f0\uf071\uf0a1\uf0de"
)
_NUMBERED = re.compile(r"(\d{1,2}[.)]|\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)|[a-z][)])\s+")
_GLYPH_RUN = re.compile("[" + re.escape(GLYPH_MARKERS) + r"]\s*")


def split_marker(line: str) -> tuple[str, str] | None:
    """Split a leading bullet marker from `line` (already left-stripped): (marker, rest) or None."""
    if not line:
        return None
    first = line[0]
    if first in ASCII_MARKERS:
        if len(line) > 1 and line[1] in " \t":
            rest = line[1:].strip()
            return (first, rest) if rest else None
        return None
    if first in GLYPH_MARKERS:
        if first in "–—" and not (len(line) > 1 and line[1] in " \t"):
            return None  # a dash glued to a word is punctuation, not a marker
        m = _GLYPH_RUN.match(line)
        rest = line[m.end():].strip() if m else ""
        return (first, rest) if rest else None
    if first == "o" and len(line) > 2 and line[1] in " \t" and (line[2:].lstrip()[:1].isupper()):
        return "o", line[1:].strip()  # second-level bullet of Word's plain-text export
    m = _NUMBERED.match(line)
    if m:
        rest = line[m.end():].strip()
        return (m.group(1), rest) if rest else None
    return None


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_LEADERS = re.compile(r"(?:^|\s+)[-–—_.·…=*~]{4,}(?:\s+|$)")
_GAP = re.compile(r"\t+| {3,}")
_MULTISPACE = re.compile(r"\s+")


def _collapse_letter_spacing(segment: str) -> tuple[str, bool]:
    """'C O N T A C T  M E' -> 'CONTACT ME' when the segment is letter-spaced; (text, was_spaced)."""
    tokens = segment.split()
    singles = sum(1 for t in tokens if len(t) == 1 and t.isalnum())
    if singles < 4 or singles < 0.6 * len(tokens):
        return segment, False
    words = []
    for group in re.split(r" {2,}", segment.strip()):
        out: list[str] = []
        glue = False  # previous token was a single letter
        for tok in group.split(" "):
            if not tok:
                continue
            single = len(tok) == 1 and tok.isalnum()
            if single and glue:
                out[-1] += tok
            else:
                out.append(tok)
            glue = single
        words.append(" ".join(out))
    return " ".join(words), True


def clean_inline(text: str, *, gaps: bool = True) -> str:
    """Normalise one displayed line.

    Removes zero-width and private-use glyphs, joins letter-spaced words, turns leader runs
    ("-----", "....") and, when `gaps`, column gaps (tabs, 3+ spaces) into " | ", and collapses
    other whitespace to single spaces.
    """
    text = _SPACES.sub(" ", text.translate(_ZERO_WIDTH))
    text = _PRIVATE_USE.sub("", text)
    segments = [s for s in _GAP.split(text) if s.strip()]
    if not segments:
        return ""
    cleaned: list[str] = []
    all_spaced = True
    for seg in segments:
        seg, spaced = _collapse_letter_spacing(seg)
        all_spaced = all_spaced and spaced
        cleaned.append(seg)
    joiner = " " if (all_spaced or not gaps) else " | "
    text = joiner.join(s.strip() for s in cleaned)
    text = _LEADERS.sub(" | " if gaps else " ", text)
    text = _MULTISPACE.sub(" ", text).strip()
    return text.strip(" |").strip() if gaps else text


def is_caps_heading(text: str, *, caps: bool = False) -> bool:
    """A short line written (or styled, `caps`) in capitals: a heading candidate.

    A parenthesised remark ("PROJECTS (selected)") does not count against it.
    """
    text = re.sub(r"\([^)]*\)", "", text).strip().rstrip(":").strip()
    if not text or len(text) > 40 or len(text.split()) > 5:
        return False
    if re.search(r"[\d,;|@!?]", text) or text.endswith("."):
        return False
    letters = [c for c in text if c.isalpha()]
    cased = [c for c in letters if c.lower() != c.upper()]
    if len(cased) < 3 or len(cased) < 0.8 * len(letters):
        return False
    return caps or all(c.isupper() for c in cased)


def has_words(text: str) -> bool:
    """Whether a line carries any letter or digit (not just rules, dots or stray punctuation)."""
    return any(c.isalnum() for c in text)


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19|20)\d{2}(?:[./]\d{1,2})?"
_DATE = rf"(?:{_MONTH}\.?,?\s*)?(?:\d{{1,2}}/)?{_YEAR}"
_DATE_RANGE = re.compile(
    rf"\b{_DATE}\s*(?:[-–—~]|\bto\b|\buntil\b)\s*(?:{_DATE}|present|current|now|today|date)\b",
    re.IGNORECASE,
)


def looks_like_entry_header(text: str) -> bool:
    """A line that opens a role/degree rather than continuing a sentence: date range, ' | ', ':' end."""
    text = text.strip()
    return bool(_DATE_RANGE.search(text)) or " | " in text or text.endswith(":")


# ---------------------------------------------------------------------------------------------
# Markdown inline clean-up
# ---------------------------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_REFLINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+|[^>\s@]+@[^>\s]+)>")
_MD_CODE = re.compile(r"`+([^`]+?)`+")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_MD_EM_UNDER = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_MD_STRIKE = re.compile(r"~~(.+?)~~")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_BOLD_LINE = re.compile(r"\s*(\*\*|__)(?=\S)(.+?)(?<=\S)\1\s*:?\s*")


def md_inline(text: str) -> str:
    """Strip Markdown inline syntax: emphasis, links, images, code spans, HTML tags, escapes."""
    text = _MD_ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)  # protect escapes
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REFLINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = _HTML_TAG.sub("", text)
    text = _MD_CODE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis, e.g. ***x***
        text = _MD_STRONG.sub(r"\2", text)
        text = _MD_EM_STAR.sub(r"\1", text)
        text = _MD_EM_UNDER.sub(r"\1", text)
    text = _MD_STRIKE.sub(r"\1", text)
    text = re.sub("[\ue021-\ue07e]", lambda m: chr(ord(m.group(0)) - 0xE000), text)
    return html.unescape(text)


# ---------------------------------------------------------------------------------------------
# Block building
# ---------------------------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+|~+)\s*$")
_RULE = re.compile(r"^ {0,3}([-*_=~])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TASK = re.compile(r"^\[[ xX]\]\s+")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_STOPWORDS = {
    "and", "or", "of", "to", "for", "the", "a", "an", "in", "on", "with", "by", "at", "from", "as",
    "into", "via", "across", "including", "between", "while", "that", "which", "using", "through",
    "over", "under", "within", "per", "than", "our", "my", "their", "its",
}


@dataclass
class _Src:
    """One source line kept for block building."""

    no: int  # 1-based line number
    raw: str  # the line without its newline, trailing spaces kept
    md: bool  # apply Markdown syntax to this line


def _strip_html_comments(lines: list[str]) -> list[str]:
    """Blank out <!-- ... --> (possibly multi-line) while keeping the line count."""
    out: list[str] = []
    inside = False
    for line in lines:
        buf = ""
        rest = line
        while rest:
            if inside:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                else:
                    rest = rest[end + 3:]
                    inside = False
            else:
                start = rest.find("<!--")
                if start < 0:
                    buf += rest
                    rest = ""
                else:
                    buf += rest[:start]
                    rest = rest[start + 4:]
                    inside = True
        out.append(buf if buf.strip() or not line.strip() else "\x00")  # \x00: "dropped, not blank"
    return out


def _source_lines(text: str, markdown: bool) -> list[_Src]:
    """Split into lines; in Markdown drop front matter, comments and code fences (unless the fence
    holds most of the document, as when a plain-text resume is pasted into one)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    if not markdown:
        return [_Src(i + 1, ln, False) for i, ln in enumerate(lines)]
    lines = _strip_html_comments(lines)
    drop = [ln == "\x00" for ln in lines]
    if lines and lines[0].strip() == "---":
        for j in range(1, min(len(lines), 80)):
            if lines[j].strip() in ("---", "..."):
                for k in range(j + 1):
                    drop[k] = True
                break
    fenced = [False] * len(lines)
    fence: str | None = None
    for i, ln in enumerate(lines):
        m = _FENCE.match(ln)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            drop[i] = True
        elif fence is not None and m and m.group(1).startswith(fence) and not ln.strip().strip(fence[0]):
            fence = None
            drop[i] = True
        elif fence is not None:
            fenced[i] = True
    content = [i for i in range(len(lines)) if lines[i].strip() and not drop[i]]
    inside = sum(1 for i in content if fenced[i])
    keep_fenced = bool(content) and inside > 0.5 * len(content)
    out: list[_Src] = []
    for i, ln in enumerate(lines):
        if drop[i] or (fenced[i] and not keep_fenced) or _REFDEF.match(ln):
            continue
        out.append(_Src(i + 1, ln, not fenced[i]))
    return out


def _indent(raw: str) -> int:
    return len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())


def _word_starts(raw: str) -> set[int]:
    """Columns where a word starts after a space (a hanging indent aligns with one of them)."""
    raw = raw.expandtabs(4)
    return {m.start(1) for m in re.finditer(r"(?<=\S) +(\S)", raw)}


def _tabular(prev_raw: str, raw: str) -> bool:
    """Two lines laid out in columns: a word after a 2+ space gap in one starts a word in the other."""
    gap_starts = {m.start(1) for m in re.finditer(r"(?<=\S) {2,}(\S)", prev_raw.expandtabs(4))}
    return bool(gap_starts & _word_starts(raw))


def _lowercase_continuations(src: list[_Src], width: int) -> int:
    """Lines that start in lower case right after a long line without closing punctuation."""
    count = 0
    for prev, cur in zip(src, src[1:], strict=False):
        p = prev.raw.rstrip()
        c = cur.raw.strip()
        if (c[:1].islower() and len(p.expandtabs(4)) >= max(30, 0.6 * width)
                and not p.endswith((".", "!", "?", ":", ";")) and split_marker(c) is None):
            count += 1
    return count


def _wrap_width(src: list[_Src]) -> int:
    lengths = sorted(len(s.raw.rstrip().expandtabs(4)) for s in src if len(s.raw.strip()) >= 20)
    if not lengths:
        return 80
    return max(40, lengths[int(0.9 * (len(lengths) - 1))])


@dataclass
class _Open:
    """A block being assembled from one or more physical lines."""

    kind: str  # "bullet" | "line"
    marker: str
    line: int
    indent: int  # indent of the first line (the marker's column for bullets)
    first_raw: str
    parts: list[str] = field(default_factory=list)
    last_raw: str = ""
    hard_break: bool = False  # Markdown hard line break at the end of the last line
    bold: bool = False


class _Builder:
    def __init__(self, src: list[_Src], markdown: bool) -> None:
        self.src = src
        self.markdown = markdown
        self.width = _wrap_width(src)
        self.hard_wrapped = _lowercase_continuations(src, self.width) >= 2
        self.blocks: list[Block] = []
        self.open: _Open | None = None

    # -- emission ------------------------------------------------------------------------------
    def emit(self, block: Block) -> None:
        if block.kind == "blank":
            if not self.blocks or self.blocks[-1].kind == "blank":
                return
        elif not has_words(block.text):
            return
        self.blocks.append(block)

    def close(self) -> None:
        o = self.open
        self.open = None
        if o is None:
            return
        text = clean_inline(" ".join(o.parts), gaps=o.kind != "bullet")
        if o.kind == "line" and len(o.parts) == 1 and is_caps_heading(text):
            self.emit(Block(text=text, kind="heading", line=o.line, bold=o.bold))
            return
        self.emit(Block(text=text, kind=o.kind, line=o.line, marker=o.marker, bold=o.bold))

    def inline(self, s: _Src, text: str) -> str:
        return md_inline(text) if s.md else text

    # -- continuation logic ----------------------------------------------------------------------
    def _long(self, raw: str, share: float) -> bool:
        n = len(raw.rstrip().expandtabs(4))
        return n >= 30 and n >= share * self.width

    def _wrapped(self, prev: str, text: str) -> bool:
        """The previous line ended only because the next word did not fit: a soft wrap.

        Only trusted when the document shows hard wrapping elsewhere (lines continuing in lower
        case); otherwise a long line followed by a capitalised one is two items.
        """
        if not self.hard_wrapped or prev.endswith((".", "!", "?", ":", ";", ")")):
            return False
        first_word = text.split(" ", 1)[0]
        return self._long(prev, 0.7) and len(prev.expandtabs(4)) + 1 + len(first_word) > self.width

    def continues(self, o: _Open, s: _Src, text: str) -> bool:
        """Whether the un-marked line `text` continues the open block `o`."""
        if o.hard_break:
            return False
        indent = _indent(s.raw)
        prev = o.last_raw.rstrip()
        prev_words = prev.split()
        prev_last = prev_words[-1].lower().strip("\"'") if prev_words else ""
        first_char = text[:1]
        soft_end = prev.endswith((",", ";", "&", "/", "(", "-", "–", "+")) or prev_last in _STOPWORDS
        if o.kind == "bullet":
            if indent > o.indent:
                return not (self.markdown and s.md and _ATX.match(s.raw))
            if looks_like_entry_header(text) or is_caps_heading(text):
                return False
            return first_char.islower() or soft_end or self._wrapped(prev, text)
        # a plain line / paragraph
        if looks_like_entry_header(text) or is_caps_heading(text):
            return False
        if indent >= 4 and indent > o.indent and indent in _word_starts(o.first_raw):
            # hanging indent under a label column, unless the first line is an entry header
            return not (_DATE_RANGE.search(o.first_raw) or _LEADERS.search(o.first_raw))
        if looks_like_entry_header(clean_inline(prev)):
            return False
        if abs(indent - _indent(o.last_raw)) > 1 or not self._long(prev, 0.6):
            return False
        if _tabular(o.last_raw, s.raw):
            return False
        return first_char.islower() or soft_end or self._wrapped(prev, text)

    # -- main loop ----------------------------------------------------------------------------
    def run(self) -> list[Block]:
        for s in self.src:
            self.feed(s)
        self.close()
        while self.blocks and self.blocks[-1].kind == "blank":
            self.blocks.pop()
        while self.blocks and self.blocks[0].kind == "blank":
            self.blocks.pop(0)
        return self.blocks

    def feed(self, s: _Src) -> None:
        raw = s.raw
        stripped = raw.strip()
        if not stripped:
            self.close()
            self.emit(Block(text="", kind="blank", line=s.no))
            return
        # setext underline or horizontal rule
        if _SETEXT.match(raw) or _RULE.match(raw):
            o = self.open
            char = stripped[0]
            if (
                o is not None
                and o.kind == "line"
                and char in "=-~"
                and _SETEXT.match(raw)
                and len(stripped) >= (1 if s.md else 3)
                and (s.md or len(o.parts[-1].strip()) <= 60)
            ):
                last = o.parts.pop()
                line_no = s.no - 1
                if o.parts:
                    self.close()
                else:
                    self.open = None
                text = clean_inline(last, gaps=False)  # already Markdown-stripped
                self.emit(Block(text=text, kind="heading", line=line_no, heading_level=1 if char == "=" else 2))
                return
            prev = self.blocks[-1] if self.blocks else None
            if o is None and prev is not None and prev.kind == "heading" and prev.line == s.no - 1 and char in "=-":
                if not prev.heading_level:  # "EXPERIENCE" already taken as a heading, now underlined
                    prev.heading_level = 1 if char == "=" else 2
                return
            self.close()  # a rule separates like a blank line
            self.emit(Block(text="", kind="blank", line=s.no))
            return
        if s.md:
            m = _ATX.match(raw)
            if m is not None:
                self.close()
                text = clean_inline(md_inline(m.group(2) or ""), gaps=False)
                if text:
                    self.emit(Block(text=text, kind="heading", line=s.no, heading_level=len(m.group(1))))
                return
            if stripped.startswith(">"):
                raw = re.sub(r"^\s*(>\s?)+", "", raw)
                stripped = raw.strip()
                if not stripped:
                    self.close()
                    return
            if stripped.startswith("|") or (_TABLE_SEP.match(stripped) and "|" in stripped):
                self.close()
                if _TABLE_SEP.match(stripped):
                    return
                cells = [clean_inline(md_inline(c), gaps=False) for c in _split_row(stripped)]
                text = " | ".join(c for c in cells if c)
                self.emit(Block(text=text, kind="line", line=s.no))
                return
        hard_break = s.md and (raw.endswith("  ") or raw.rstrip().endswith("\\"))
        if s.md and raw.rstrip().endswith("\\"):
            raw = raw.rstrip()[:-1]
        marker = split_marker(stripped)
        if marker is not None and marker[0][:1].isalnum() and is_caps_heading(marker[1]):
            self.close()  # "1. EXPERIENCE": a numbered section heading, not a list item
            self.emit(Block(text=clean_inline(self.inline(s, marker[1]), gaps=False), kind="heading", line=s.no))
            return
        if marker is not None:
            mark, rest = marker
            if s.md:
                rest = _TASK.sub("", rest)
            self.close()
            text = self.inline(s, rest)
            self.open = _Open("bullet", mark, s.no, _indent(raw), raw, [text], raw, hard_break)
            return
        text = self.inline(s, stripped)
        bold = bool(s.md and _MD_BOLD_LINE.fullmatch(stripped))
        if not text.strip():
            return  # e.g. a line that held only an image or an HTML tag
        o = self.open
        if o is not None and self.continues(o, s, text):
            o.parts.append(text)
            o.last_raw = raw
            o.hard_break = hard_break
            o.bold = o.bold and bold
            return
        self.close()
        if is_caps_heading(clean_inline(text, gaps=False)) and not looks_like_entry_header(text):
            self.emit(Block(text=clean_inline(text, gaps=False), kind="heading", line=s.no, bold=bold))
            return
        indent = _indent(raw)
        self.open = _Open("line", "", s.no, indent, raw, [text], raw, hard_break, bold)


def _split_row(row: str) -> list[str]:
    """Cells of a Markdown table row, honouring escaped pipes."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", row)]


def parse_text(text: str, doc: Document, *, markdown: bool) -> list[Block]:
    """Turn a plain-text or Markdown resume into Blocks in reading order (1-based `line`)."""
    src = _source_lines(text, markdown)
    blocks = _Builder(src, markdown).run()
    if not any(b.kind != "blank" for b in blocks):
        doc.warn("no text found")
    return blocks
