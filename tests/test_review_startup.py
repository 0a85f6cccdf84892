"""`critic review` of one file imports only what it uses (start-up time, issue 12)."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_expanding_a_file_argument_does_not_import_the_batch_package(tmp_path):
    resume = tmp_path / "resume.txt"
    resume.write_text("Jane Doe\nProduct Manager\n", encoding="utf-8")
    modules = _modules_after(f"from critic.commands.review import expand\nprint(expand([{str(resume)!r}]))")
    assert "critic.commands.review" in modules
    assert not any(m == "critic.batch" or m.startswith("critic.batch.") for m in modules)


def test_expanding_a_folder_still_finds_its_files(tmp_path):
    from critic.commands.review import expand

    (tmp_path / "resume.txt").write_text("Jane Doe\nProduct Manager\n- Led a team\n", encoding="utf-8")
    found, notes = expand([str(tmp_path)])
    assert [p.endswith("resume.txt") for p in found] == [True]
    assert notes == []
