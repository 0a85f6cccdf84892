"""Keyword coverage of a job description: which of its keywords the resume has, and which the glance shows.

Reported beside the verdict, never folded into it. Keywords are picked from the job description
alone, without a model: runs of content words between stop words and punctuation (RAKE-style), kept
as 1-3 word phrases, plus tool-like tokens (acronyms, CamelCase, "A/B", "C++"); scored by frequency
and length; boilerplate job-ad words (experience, ability, team, requirements ...) never count. A
keyword is covered when its words appear in order in the resume text, compared on critic's lemmas
(so "roadmaps" covers "roadmap").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from critic.errors import InputError

MAX_KEYWORDS = 25
_STOP = frozenset("""
a about above across after again against all also am among an and any are as at be because been before being
below between both but by can could did do does doing down during each either etc few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just least less like
make makes making many may me might more most much must my myself near need needs no nor not now of off on once
one only or other others our ours ourselves out over own per plus same shall she should so some such than that
the their theirs them themselves then there these they this those through thus to too under until up upon us
use used using very via was we well were what when where whether which while who whom whose why will with
within without would yet you your yours yourself yourselves e.g i.e eg ie
""".split())
_BOILERPLATE = frozenset("""
ability able about applicant applicants apply benefits best bonus candidate candidates closely company
competitive compensation culture day degree demonstrated desire employer environment equal excellent
exceptional experience experienced familiarity great help ideal ideally including job join key knowledge
level location looking minimum new nice opportunity orientation position preferred proven qualification
qualifications related relevant remote requirement requirements responsibilities responsibility role
salary skill skills strong successful team teams track record understanding want wide work working world
year years highly deep passion passionate excited across within must-have nice-to-have bonus-points etc
first hand hands-on hands equivalent field related including include includes other others
""".split())
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[+#]+|(?:[./&'’-][A-Za-z0-9]+)*)")
_BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\"“”•·|\n\t]|\s[-–—/]\s")


@dataclass
class Keyword:
    text: str
    score: float
    in_resume: bool = False
    in_glance: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"keyword": self.text, "in_resume": self.in_resume, "in_glance": self.in_glance}


@dataclass
class Coverage:
    """How much of a job description's vocabulary the resume and its glance carry."""

    source: str
    keywords: list[Keyword] = field(default_factory=list)

    @property
    def found(self) -> int:
        return sum(k.in_resume for k in self.keywords)

    @property
    def in_glance(self) -> int:
        return sum(k.in_glance for k in self.keywords)

    @property
    def ratio(self) -> float:
        return self.found / len(self.keywords) if self.keywords else 0.0

    @property
    def missing(self) -> list[str]:
        return [k.text for k in self.keywords if not k.in_resume]

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "keywords": len(self.keywords),
            "found": self.found,
            "in_glance": self.in_glance,
            "coverage": round(self.ratio, 3),
            "missing": self.missing,
            "items": [k.to_dict() for k in self.keywords],
        }


def _lemma(word: str) -> str:
    from critic.nlp import lemma_of

    return lemma_of(word)


def _is_tool(token: str) -> bool:
    """Acronyms, CamelCase and symbol-bearing tokens: SQL, LLMs, PyTorch, A/B, C++."""
    core = token.rstrip("s") if token.endswith("s") and token[:-1].isupper() else token
    return (
        (len(core) >= 2 and core.isupper() and core.isalpha())
        or bool(re.search(r"[a-z][A-Z]", token))
        or bool(re.search(r"[+#]|[A-Za-z]/[A-Za-z]", token))
    )


def _runs(text: str) -> list[list[str]]:
    """Runs of content tokens between stop words, boilerplate and punctuation."""
    runs: list[list[str]] = []
    for chunk in _BREAK_RE.split(text):
        run: list[str] = []
        for tok in _TOKEN_RE.findall(chunk):
            low = tok.lower()
            if low in _STOP or low in _BOILERPLATE or len(low) < 2 and not tok.isupper():
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(tok)
        if run:
            runs.append(run)
    return runs


def extract_keywords(text: str, limit: int = MAX_KEYWORDS) -> list[Keyword]:
    """The job description's keywords, best first (deterministic: ties by text)."""
    counts: Counter[str] = Counter()
    display: dict[str, str] = {}
    tools: set[str] = set()
    for run in _runs(text):
        for n in (1, 2, 3):
            for i in range(len(run) - n + 1):
                gram = run[i: i + n]
                key = " ".join(_lemma(w) for w in gram)
                counts[key] += 1
                if key not in display:
                    display[key] = " ".join(w if _is_tool(w) else w.lower() for w in gram)
                if n == 1 and _is_tool(gram[0]):
                    tools.add(key)
    scored: list[Keyword] = []
    for key, c in counts.items():
        n = len(key.split())
        if n == 1 and key not in tools and c < 2:
            continue
        if n > 1 and c < 2:
            continue
        score = c * (1.0 + 0.5 * (n - 1)) + (1.5 if key in tools else 0.0)
        scored.append(Keyword(display[key], score))
    scored.sort(key=lambda k: (-k.score, k.text))
    chosen: list[Keyword] = []
    for kw in scored:
        words = _key(kw.text)
        # a word already inside a chosen phrase that occurs no more often than it adds nothing
        if any(_contains(_key(c.text), words) and counts[" ".join(words)] <= counts[" ".join(_key(c.text))] + 0
               for c in chosen):
            continue
        chosen.append(kw)
        if len(chosen) >= limit:
            break
    return chosen


def _key(text: str) -> list[str]:
    return [_lemma(w) for w in _TOKEN_RE.findall(text)]


def _contains(hay: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i: i + n] == needle for i in range(len(hay) - n + 1))


def read_jd(path: str) -> str:
    """The text of a job description file (.txt/.md as text; PDF/DOCX through critic's parser; "-": stdin)."""
    if path == "-":
        import sys

        text = sys.stdin.read()
        if not text.strip():
            raise InputError("<stdin>", "empty job description")
        return text
    p = Path(path)
    if not p.exists() or p.is_dir():
        raise InputError(path, "no such file" if not p.exists() else "is a folder, not a file")
    if p.suffix.lower() in (".pdf", ".docx"):
        from critic.parse import parse

        doc = parse(path)
        parts = [s.title for s in doc.sections if s.title]
        parts += [e.header for s in doc.sections for e in s.entries]
        parts += [i.text for i in doc.items()]
        return "\n".join(parts)
    from critic.safeio import read_regular

    data = read_regular(p, 20 << 20, path)  # a regular file of at most 20 MB: a FIFO or device is refused
    if b"\x00" in data[:4096]:
        raise InputError(path, "a binary file, not a job description in text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if not text.strip():
        raise InputError(path, "empty job description")
    return text


def coverage(jd_text: str, resume_text: str, glance_text: str, source: str = "") -> Coverage:
    """Which JD keywords the resume and its glance contain."""
    resume = _key(resume_text)
    glance = _key(glance_text)
    out = Coverage(source=source)
    for kw in extract_keywords(jd_text):
        words = _key(kw.text)
        kw.in_resume = _contains(resume, words)
        kw.in_glance = _contains(glance, words)
        out.keywords.append(kw)
    return out
