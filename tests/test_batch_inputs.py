"""Input discovery (files, folders, globs) and per-candidate report names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from critic.batch.inputs import discover, slugs


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for rel in ("cohort/b.pdf", "cohort/a.docx", "cohort/sub/c.md", "cohort/notes.xlsx", "cohort/.hidden.pdf",
                "cohort/.git/x.pdf", "cohort/out/old.pdf", "other/d.txt", "other/e.vtt", "cohort/README.md",
                "cohort/sub/License.txt", "cohort/readme_jo.pdf"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


def test_folders_are_searched_recursively_for_supported_files(tree: Path) -> None:
    got = discover(["cohort"])
    assert [i.label for i in got] == ["cohort/a.docx", "cohort/b.pdf", "cohort/out/old.pdf", "cohort/readme_jo.pdf",
                                      "cohort/sub/c.md"]
    assert all(i.problem is None for i in got)


def test_a_folders_own_notes_are_skipped_unless_named(tree: Path) -> None:
    labels = [i.label for i in discover(["cohort"])]
    assert "cohort/README.md" not in labels and "cohort/sub/License.txt" not in labels
    assert [i.label for i in discover(["cohort/README.md"])] == ["cohort/README.md"]


def test_the_output_folder_is_skipped(tree: Path) -> None:
    got = discover(["cohort"], exclude="cohort/out")
    assert "cohort/out/old.pdf" not in [i.label for i in got]


def test_globs_files_and_folders_mix_and_duplicates_are_dropped(tree: Path) -> None:
    got = discover(["other/*.txt", "cohort/b.pdf", "cohort", "./cohort/b.pdf", "other"])
    labels = [i.label for i in got]
    assert labels == sorted(labels)
    assert labels.count("cohort/b.pdf") == 1
    assert {"other/d.txt", "other/e.vtt", "cohort/sub/c.md"} <= set(labels)


def test_an_explicit_file_is_taken_whatever_its_extension(tree: Path) -> None:
    assert [i.label for i in discover(["cohort/notes.xlsx"])] == ["cohort/notes.xlsx"]


def test_missing_paths_and_empty_globs_become_failed_inputs(tree: Path) -> None:
    got = {i.label: i.problem for i in discover(["nope.pdf", "cohort/*.rtf", "cohort/a.docx"])}
    assert got == {"nope.pdf": "no such file", "cohort/*.rtf": "no supported file matches this pattern",
                   "cohort/a.docx": None}


def test_slugs_are_unique_safe_and_drop_the_shared_folder() -> None:
    labels = ["/h/cohort/Ana María.pdf", "/h/cohort/sub/x.pdf", "/h/cohort/sub__x.pdf", "/h/cohort/ana_maria.pdf",
              "/h/cohort/" + "long" * 60 + ".pdf"]
    got = slugs(labels)
    assert got[0] == "Ana_Maria.pdf"
    assert got[1] == "sub__x.pdf" and got[2] == "sub__x.pdf-2"
    assert got[3] == "ana_maria.pdf-2"  # case-insensitive file systems would clash with "Ana_Maria.pdf"
    assert len(got[4]) <= 100 and len(set(got)) == len(got)
    assert all(s.replace("_", "").replace("-", "").replace(".", "").isalnum() for s in got)
    assert slugs(labels) == got  # stable


def test_relative_labels_keep_the_path_as_given(tree: Path) -> None:
    got = discover([os.path.join("cohort", "sub")])
    assert [i.label for i in got] == ["cohort/sub/c.md"]
    assert got[0].path == os.path.join("cohort", "sub", "c.md")
