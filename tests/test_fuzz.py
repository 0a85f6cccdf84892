"""Fuzz every parser with mutated fixtures: the only exception allowed out is critic's InputError, and its
message is one line in plain words (no Python exception names, no library internals).

A bounded, seeded mutation loop (no extra dependency): byte flips, cuts, repeats and inserts for every
format, plus structure-aware mutations of the XML parts inside DOCX files and of JSON values. Each test
runs for a fixed time (CRITIC_FUZZ_SECONDS, default 5 s; five tests) and is deterministic in what it tries first.
"""

from __future__ import annotations

import copy
import io
import json
import os
import random
import re
import signal
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from critic.errors import InputError
from critic.parse import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
BUDGET = float(os.environ.get("CRITIC_FUZZ_SECONDS", "5"))
PER_CASE = 10  # seconds; a case that runs longer is reported (the sandbox bounds it in real use)
INTERNALS = re.compile(r"\b[A-Z][A-Za-z]+(?:Error|Exception)\b|Traceback|set_int_max_str_digits|"
                       r"Error -?\d+ while|NoneType|object has no attribute|\bzlib\b")


def corpus(*suffixes: str) -> list[Path]:
    folders = [ROOT / "fixtures" / "resumes", ROOT / "fixtures" / "transcripts", ROOT / "fixtures" / "cohort"]
    files = [p for folder in folders for p in sorted(folder.iterdir()) if p.suffix.lower() in suffixes]
    return [p for p in files if p.name.lower() != "readme.md"]


HUGE = [b"9" * 5000, b"-1", b"0", b"4294967296", b"99999999999999999999", b"NaN", b"", b"\x00", b"\xff\xfe",
        b"\xe2\x80\xae", b"\x1b[2J", b"<" * 50, b"&#0;", b"&amp;" * 20, b"]]>"]


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """A generic mutation: flip, cut, repeat a slice, insert a hostile token, or swap two slices."""
    if not data:
        return rng.choice(HUGE)
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        i = rng.randrange(len(buf) or 1)
        j = min(len(buf), i + rng.randint(1, 64))
        if op == 0 and buf:
            buf[i] = rng.randrange(256)
        elif op == 1:
            buf = buf[: rng.randrange(len(buf) + 1)]
        elif op == 2:
            buf[i:i] = buf[i:j] * rng.randint(2, 50)
        elif op == 3:
            buf[i:i] = rng.choice(HUGE)
        else:
            k = rng.randrange(len(buf) or 1)
            buf[i:j], buf[k:k] = b"", buf[i:j]
    return bytes(buf)


_NUMBER = re.compile(rb'(?<=")\d+(?=")|(?<==")[^"]{0,12}(?=")')


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Re-zip a DOCX with one XML part mutated: attribute values, element text, cut or repeated markup."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in src.namelist() if n.endswith(".xml") or n.endswith(".rels")]
    target = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == target:
                if rng.random() < 0.6:
                    values = list(_NUMBER.finditer(blob))
                    for m in rng.sample(values, min(len(values), rng.randint(1, 6))):
                        blob = blob[: m.start()] + rng.choice(HUGE).replace(b'"', b"") + blob[m.end():]
                else:
                    blob = mutate_bytes(blob, rng)
            dst.writestr(info.filename, blob)
    return out.getvalue()


ODD_VALUES: list[Any] = [None, 0, -1, 10**30, 1e308, "", "x" * 300, [], {}, [[[]]], {"a": {"b": {}}}, True,
                         "\u202e\x1b[31m", ["a", 1, None]]


def _paths(obj: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*here, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, (*here, i))


def mutate_json(data: bytes, rng: random.Random) -> bytes:
    """Replace one or more values of a JSON document with values of other types, or mutate the bytes."""
    try:
        obj = json.loads(data)
    except ValueError:
        return mutate_bytes(data, rng)
    if rng.random() < 0.2:
        return mutate_bytes(data, rng)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _paths(obj) if p]
        if not paths:
            break
        path = rng.choice(paths)
        parent = obj
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return json.dumps(obj).encode("utf-8")


class _Slow(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Slow


def fuzz(files: list[Path], mutator: Callable[[bytes, random.Random], bytes], seed: int) -> None:
    """Run mutated copies of files through parse_bytes until the time budget is spent."""
    if not files:
        pytest.skip("no fixtures of this kind")
    rng = random.Random(seed)
    originals = [(p.name, p.read_bytes()) for p in files]
    timer = hasattr(signal, "SIGALRM")
    previous = signal.signal(signal.SIGALRM, _alarm) if timer else None
    deadline = time.monotonic() + BUDGET
    cases = 0
    limit = sys.getrecursionlimit()
    try:
        while time.monotonic() < deadline or cases < len(originals):
            name, original = originals[cases % len(originals)]
            data = mutator(original, rng)
            cases += 1
            if timer:
                signal.alarm(PER_CASE)
            try:
                parse_bytes(data, name, 50)
            except InputError as exc:
                message = str(exc)
                assert "\n" not in message, message
                assert not INTERNALS.search(message), f"{name} case {cases}: {message}"
            except _Slow:
                pytest.fail(f"{name} case {cases} (seed {seed}): parsing ran over {PER_CASE} s in process")
            except MemoryError:
                pass  # the sandbox turns this into the memory-limit message
            except Exception as exc:  # the bug this test exists to find
                path = Path(os.environ.get("CRITIC_FUZZ_KEEP", "")) / f"fuzz-{seed}-{cases}-{name}"
                if os.environ.get("CRITIC_FUZZ_KEEP"):
                    path.write_bytes(data)
                pytest.fail(f"{name} case {cases} (seed {seed}): {type(exc).__name__}: {exc}"[:500])
            finally:
                if timer:
                    signal.alarm(0)
                sys.setrecursionlimit(limit)
    finally:
        if timer and previous is not None:
            signal.signal(signal.SIGALRM, previous)


def test_fuzz_text_markdown_and_transcripts() -> None:
    fuzz(corpus(".txt", ".md", ".vtt", ".srt"), mutate_bytes, seed=1)


def test_fuzz_json_resume() -> None:
    fuzz(corpus(".json"), mutate_json, seed=2)


def test_fuzz_docx_parts() -> None:
    fuzz(corpus(".docx"), mutate_docx, seed=3)


def test_fuzz_docx_bytes() -> None:
    fuzz(corpus(".docx"), mutate_bytes, seed=4)


def test_fuzz_pdf() -> None:
    fuzz(corpus(".pdf")[:4], mutate_bytes, seed=5)


@pytest.mark.parametrize("raw", [
    "corrupt DOCX: not a readable ZIP archive (Error -3 while decompressing data: invalid stored block lengths)",
    "could not be read: TypeError: expected str, got NoneType",
    "could not be read: AttributeError: 'NoneType' object has no attribute 'text'",
    "invalid JSON Resume: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; "
    "use sys.set_int_max_str_digits() to increase the limit",
    "corrupt PDF (PdfiumError: Failed to load document)",
    "corrupt PDF: PdfminerException: no /Root object",
])
def test_input_errors_put_library_internals_in_plain_words(raw: str) -> None:
    message = str(InputError("cv.docx", raw))
    assert message.startswith("cv.docx: ") and not INTERNALS.search(message), message


def test_the_json_answers_of_the_drill_are_bounded(tmp_path: Path) -> None:
    from critic.answers.drill import read_answers

    deep = tmp_path / "answers.json"
    deep.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    with pytest.raises(InputError, match="too deeply nested"):
        read_answers(deep, [])
