"""The incremental cache: keys, entries, and what invalidates them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from critic.batch.cache import (
    Cache,
    entry_key,
    settings_hash,
    sha256_file,
    tree_hash,
    valid_basic_record,
    valid_record,
)
from critic.batch.worker import cacheable_failure


def test_keys_change_with_content_label_and_context(tmp_path: Path) -> None:
    a = tmp_path / "a.pdf"
    a.write_bytes(b"one")
    base = entry_key(sha256_file(a), "a.pdf", "ctx")
    assert base == entry_key(sha256_file(a), "a.pdf", "ctx")
    a.write_bytes(b"two")
    assert entry_key(sha256_file(a), "a.pdf", "ctx") != base
    a.write_bytes(b"one")
    assert entry_key(sha256_file(a), "b.pdf", "ctx") != base
    assert entry_key(sha256_file(a), "a.pdf", "ctx2") != base


def test_settings_hash_is_order_independent_and_value_sensitive() -> None:
    assert settings_hash({"a": 1, "b": [1, 2]}) == settings_hash({"b": [1, 2], "a": 1})
    assert settings_hash({"a": 1}) != settings_hash({"a": 2})


def test_tree_hash_sees_edits_renames_and_new_files(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    (rules / "theme").mkdir(parents=True)
    (rules / "theme" / "r1.yaml").write_text("id: r1\n", encoding="utf-8")
    first = tree_hash([rules], (".yaml",))
    assert tree_hash([rules], (".yaml",)) == first
    (rules / "theme" / "notes.md").write_text("ignored", encoding="utf-8")
    assert tree_hash([rules], (".yaml",)) == first
    (rules / "theme" / "r1.yaml").write_text("id: r1\nseverity: error\n", encoding="utf-8")
    edited = tree_hash([rules], (".yaml",))
    assert edited != first
    (rules / "theme" / "r1.yaml").rename(rules / "theme" / "r2.yaml")
    assert tree_hash([rules], (".yaml",)) not in (first, edited)
    assert tree_hash([rules, tmp_path / "missing"], (".yaml",)) != tree_hash([rules], (".yaml",))


def test_entries_round_trip_and_restore_reports(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "out", validate=valid_basic_record)
    assert cache.get("ab" * 32) is None
    cache.put("ab" * 32, {"file": "a.pdf", "status": "ok", "score": 71}, {"html": b"<p>hi</p>", "json": b"{}"})
    summary, artifacts = cache.get("ab" * 32)  # type: ignore[misc]
    assert summary["score"] == 71 and sorted(artifacts) == ["html", "json"]
    written = cache.restore(artifacts, tmp_path / "out" / "reports" / "a.pdf")
    assert written["html"].read_bytes() == b"<p>hi</p>"
    assert written["html"].name == "a.pdf.html"
    mask = os.umask(0o022)
    os.umask(mask)
    for path in (artifacts["html"], written["html"]):  # normal permissions, not mkstemp's 0600
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~mask


def test_an_incomplete_entry_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path, validate=valid_basic_record)
    cache.put("cd" * 32, {"file": "a.pdf", "status": "ok"}, {"html": b"x"})
    _, artifacts = cache.get("cd" * 32)  # type: ignore[misc]
    artifacts["html"].unlink()
    assert cache.get("cd" * 32) is None
    (cache.root / "cd" / ("cd" * 32) / "summary.json").write_text("{not json", encoding="utf-8")
    assert cache.get("cd" * 32) is None


@pytest.mark.parametrize(("error", "reusable"), [
    ("encrypted PDF — remove the password and try again", True),
    ("a content stream holds over 50000 text objects, far more than any resume; refusing it rather than run "
     "past the time limit", True),  # decided by the file alone
    ("took longer than the time limit of 60 s", False),
    ("parsing took longer than the time limit of 30 s (a hostile file?)", False),
    ("the review process crashed on this file (a malformed file?)", False),
    ("internal error: KeyError: 'x'", False),
    ("ran out of memory", False),
])
def test_only_failures_decided_by_the_file_are_cached(error: str, reusable: bool) -> None:
    assert cacheable_failure({"status": "failed", "error": error}) is reusable


RECORD = {"file": "a.pdf", "status": "ok", "error": None, "kind": "resume", "format": "pdf", "score": 71,
          "score_exact": 70.6, "items": 3, "judged": 2, "flagged": 1, "counts": {"r-a": 1},
          "worst_severity": "warning",
          "findings": [{"rule": "r-a", "severity": "warning", "message": "m", "item": "i1", "text": "t"}],
          "document_findings": [], "top_edits": [{"item": "i1", "gain": 2.5, "bad": "b", "good": "g", "rules": ["r-a"]}],
          "examples": {"r-a": {"item": "i1", "bad": "b", "good": "g", "rules": ["r-a"]}}, "warnings": [],
          "reports": {"html": "reports/a.pdf.html"}}


def test_a_truncated_cached_report_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("ef" * 32, RECORD, {"html": b"<p>the whole report</p>"})
    assert cache.get("ef" * 32) is not None
    path = cache.root / "ef" / ("ef" * 32) / "report.html"
    path.write_bytes(b"<p>the whole")  # cut short by a full disk or a killed copy
    assert cache.get("ef" * 32) is None
    cache.put("ef" * 32, RECORD, {"html": b"<p>the whole report</p>"})  # the re-run rewrites it
    assert cache.get("ef" * 32) is not None


@pytest.mark.parametrize("bad", [
    [], "text", {"status": "ok"}, {**RECORD, "score": "71"}, {**RECORD, "counts": ["r-a"]},
    {**RECORD, "top_edits": [{"item": "i1"}]}, {**RECORD, "findings": None}, {**RECORD, "status": "maybe"},
    {"file": "a.pdf", "status": "failed", "error": 3},
])
def test_an_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path, bad: object) -> None:
    import json

    assert valid_record(dict(RECORD, _artifacts=[]))
    cache = Cache(tmp_path)
    cache.put("aa" * 32, RECORD, {})
    (cache.root / "aa" / ("aa" * 32) / "summary.json").write_text(json.dumps(bad), encoding="utf-8")
    assert cache.get("aa" * 32) is None


def test_a_second_batch_on_the_same_folder_stops_with_a_reason(tmp_path: Path) -> None:
    from critic.batch.lock import output_lock
    from critic.batch.runner import BatchOptions, run_batch
    from critic.errors import CriticError

    (tmp_path / "cohort").mkdir()
    (tmp_path / "cohort" / "a.txt").write_text("Jo Park\n\nEXPERIENCE\n- Led search.\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    with output_lock(out / ".cache", out):
        with pytest.raises(CriticError, match="another `critic batch` is writing to this folder"):
            run_batch(BatchOptions(paths=[str(tmp_path / "cohort")], outdir=str(out), jobs=1, quiet=True, tty=False))
    assert not (out / "cohort.csv").exists()
