"""DOCX list numbering cannot be used to amplify a small file into minutes of work or gigabytes."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

from critic.parse import parse_bytes

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "resumes" / "numbered_lists.docx"


def with_numbering(edit) -> bytes:  # type: ignore[no-untyped-def]
    src = zipfile.ZipFile(io.BytesIO(FIXTURE.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "word/numbering.xml":
                blob = edit(blob)
            dst.writestr(info.filename, blob)
    return out.getvalue()



def test_a_huge_roman_start_is_formatted_cheaply() -> None:
    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb'<w:start w:val="\d+"/>', b'<w:start w:val="' + b"9" * 4000 + b'"/>', xml)
        return xml.replace(b'w:val="decimal"', b'w:val="upperRoman"')

    started = time.monotonic()
    doc = parse_bytes(with_numbering(edit), "roman.docx")
    assert time.monotonic() - started < 20
    assert doc.items() and all(len(i.text) < 2000 for i in doc.items())


def test_many_number_placeholders_in_a_marker_stay_short() -> None:
    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb'<w:lvlText w:val="[^"]*"/>', b'<w:lvlText w:val="' + b"%1" * 20000 + b'"/>', xml)
        xml = re.sub(rb'<w:start w:val="\d+"/>', b'<w:start w:val="987654"/>', xml)
        return xml.replace(b'w:val="decimal"', b'w:val="lowerLetter"')

    started = time.monotonic()
    doc = parse_bytes(with_numbering(edit), "letters.docx")
    assert time.monotonic() - started < 20
    assert all(len(i.text) < 2000 for i in doc.items())
