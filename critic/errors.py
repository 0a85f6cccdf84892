"""Errors that end a run with a one-line message and exit code 2."""

from __future__ import annotations

import re


class CriticError(Exception):
    """A problem the user can fix: bad input, bad config, bad usage."""


# Library phrasing that means nothing to a reader, mapped to a sentence that does (applied in order).
_PLAIN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Error -?\d+ while (?:de)?compressing[^()]*", re.I), "a compressed part is damaged"),
    (re.compile(r"Exceeds the limit \(\d+ digits\)[^;]*;?\s*use sys\.set_int_max_str_digits\(\)[\w ]*", re.I),
     "a number too long to read"),
    (re.compile(r"\S*set_int_max_str_digits\S*", re.I), "a number too long to read"),
    (re.compile(r"[^()]*maximum recursion depth[^()]*", re.I), "nested too deeply to read"),
    (re.compile(r"\b(?:PdfiumError|PdfminerException|PDFSyntaxError|PSEOF|PSSyntaxError|PDFException)\b:?\s*"),
     "damaged PDF structure: "),
    (re.compile(r"\b(?:zlib\.)?error:\s*", re.I), ""),
    (re.compile(r"\bNoneType\b"), "nothing"),
    (re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b:?\s*"), ""),
    (re.compile(r"'NoneType' object[^()]*|object of type '?\w+'? has no len\(\)[^()]*|"
                r"'\w+' object (?:has no attribute|is not \w+)[^()]*"), "a part of the file is missing or malformed"),
)


def plain_problem(problem: str) -> str:
    """The problem on one line with Python exception names and library internals put in plain words."""
    text = " ".join(str(problem).split())
    for pattern, replacement in _PLAIN:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\(\s*\)|:\s*(?=\)|$)", "", text)
    text = re.sub(r"\s{2,}", " ", text).strip(" :")
    return text or "could not be read"


class InputError(CriticError):
    """An input file that cannot be read; names the file and the problem (in plain words)."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = plain_problem(problem)
        super().__init__(f"{source}: {self.problem}")


class ConfigError(CriticError):
    """An invalid configuration, rule pack or lexicon. `path` (the file), `key` (the setting or YAML key) and
    `rule` (the rule id) are set when known, so callers need not read them back out of the message."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None,
                 rule: str | None = None) -> None:
        self.path = path
        self.key = key
        self.rule = rule
        super().__init__(message)
