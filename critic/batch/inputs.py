"""Expand `critic batch` arguments (files, folders, globs) into a sorted, de-duplicated list of inputs.

Each input keeps a *label* (the path as the user would recognise it, forward slashes) used in every
output, and gets a *slug*: a file-system-safe, unique name for its per-candidate reports.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Extensions picked up when a folder or a glob is expanded; a file named explicitly is always taken
# (the parser detects formats from content, not from the name).
SUPPORTED_SUFFIXES = (".pdf", ".docx", ".doc", ".txt", ".md", ".markdown", ".json", ".vtt", ".srt")
_GLOB_CHARS = re.compile(r"[*?\[]")
_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
SLUG_MAX = 100


@dataclass(frozen=True)
class Input:
    """One file to review (or a named path that does not exist: it becomes a failed row)."""

    label: str  # as shown in outputs, e.g. "cohort/alice.pdf"
    path: str  # where to read it
    problem: str | None = None  # set when the input cannot be read at all ("no such file")


def _label(path: str) -> str:
    norm = os.path.normpath(path)
    return PurePosixPath(Path(norm).as_posix()).as_posix()


# a folder's own notes, not a candidate's file: skipped when a folder is searched (still read when named)
FOLDER_NOTES = ("readme", "license", "licence", "changelog")


def _is_note(name: str) -> bool:
    return name.lower().split(".", 1)[0] in FOLDER_NOTES


def _hidden(rel_parts: Iterable[str]) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in rel_parts)


def _inside(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _escapes(path: str, roots: Sequence[str]) -> bool:
    """Whether path is a symbolic link whose target lies outside every root folder."""
    if not os.path.islink(path):
        return False
    target = os.path.realpath(path)
    for root in roots:
        real = os.path.realpath(root)
        if target == real or target.startswith(real.rstrip(os.sep) + os.sep):
            return False
    return True


LINK_SKIPPED = "skipped: a symbolic link to a file outside the folders named"


def _walk(folder: str, exclude: Path | None, roots: Sequence[str], skipped: list[str]) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        rel = os.path.relpath(root, folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _inside(Path(root, d), exclude))
        if rel != "." and _hidden(Path(rel).parts):
            continue
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES) or _is_note(name):
                continue
            path = os.path.join(root, name)
            if _escapes(path, roots):
                skipped.append(f"{_label(path)}: {LINK_SKIPPED}")
                continue
            found.append(path)
    return found


def _glob_root(pattern: str) -> str:
    """The folder part of a glob before its first wildcard ("cohort/*/x.pdf" -> "cohort")."""
    head = _GLOB_CHARS.split(pattern, 1)[0]
    return os.path.dirname(head) or "."


def discover(args: Sequence[str], *, exclude: str | Path | None = None,
             skipped: list[str] | None = None) -> list[Input]:
    """Inputs named by args, sorted by label.

    Folders are searched recursively for supported files (skipped: hidden files and folders, a folder's
    README / LICENSE / CHANGELOG notes, and `exclude`, the output folder); globs (``cohort/*.pdf``, ``**``)
    are expanded when no file has that exact name; explicit files are taken whatever their extension. A
    path that does not exist, or a glob that matches nothing, becomes an input with a problem so it shows
    as a failed row. The same file reached twice is kept once. A symbolic link found in a folder or by a
    glob whose target lies outside the folders named is not followed; a line saying so is appended to
    `skipped` (when given).
    """
    excluded = Path(exclude).resolve() if exclude is not None else None
    seen: set[str] = set()
    out: list[Input] = []
    notes: list[str] = skipped if skipped is not None else []

    def add(path: str, problem: str | None = None) -> None:
        key = os.path.realpath(path) if problem is None else f"\0{path}"
        if key in seen:
            return
        seen.add(key)
        out.append(Input(label=_label(path), path=path, problem=problem))

    for arg in args:
        if os.path.isdir(arg):
            for path in _walk(arg, excluded, [arg], notes):
                add(path)
        elif os.path.exists(arg) or os.path.islink(arg):
            add(arg)
        elif _GLOB_CHARS.search(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            roots = [_glob_root(arg)]
            files: list[str] = []
            for match in matches:
                if os.path.isdir(match):
                    files.extend(_walk(match, excluded, roots, notes))
                elif match.lower().endswith(SUPPORTED_SUFFIXES) and not _inside(Path(match), excluded):
                    if _escapes(match, roots):
                        notes.append(f"{_label(match)}: {LINK_SKIPPED}")
                        continue
                    files.append(match)
            if not files:
                add(arg, "no supported file matches this pattern")
            for path in files:
                add(path)
        else:
            add(arg, "no such file")
    out.sort(key=lambda i: i.label)
    return out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _common_parent(labels: Sequence[str]) -> PurePosixPath | None:
    parents = [PurePosixPath(label).parent for label in labels]
    if not parents:
        return None
    common = parents[0].parts
    for parent in parents[1:]:
        parts = parent.parts
        n = 0
        while n < min(len(common), len(parts)) and common[n] == parts[n]:
            n += 1
        common = common[:n]
    return PurePosixPath(*common) if common else None


def slugs(labels: Sequence[str]) -> list[str]:
    """A unique, file-system-safe report name for each label (same order), stable for the same labels.

    The folder all labels share is dropped ("cohort/a/x.pdf" -> "a__x.pdf"); other separators become
    "__", anything outside [A-Za-z0-9._-] becomes "_"; collisions get "-2", "-3" ...
    """
    common = _common_parent(labels)
    used: set[str] = set()
    out: list[str] = []
    for label in labels:
        rel = PurePosixPath(label)
        if common is not None and common.parts:
            rel = rel.relative_to(common)
        parts = [p for p in rel.parts if p not in ("/", "..", ".")]
        base = "__".join(_SLUG_UNSAFE.sub("_", _fold(p)).strip("_") or "_" for p in parts) or "input"
        base = base.lstrip(".") or "input"
        if len(base) > SLUG_MAX:
            digest = hashlib.sha256(label.encode("utf-8")).hexdigest()[:10]
            base = f"{base[: SLUG_MAX - 11]}-{digest}"
        slug, n = base, 1
        while slug.lower() in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug.lower())
        out.append(slug)
    return out
