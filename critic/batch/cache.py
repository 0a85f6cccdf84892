"""The incremental cache in OUTDIR/.cache: one entry per (file content, label, critic build, rules, settings).

An entry holds the file's summary record and a copy of its per-candidate reports, so a re-run only
reviews files whose bytes (or critic, its rules or the batch settings) changed. Entries are written
atomically (temporary file + rename) by the worker that produced them, so an interrupted batch resumes
where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from critic import __version__
from critic.errors import InputError

CACHE_DIR = ".cache"
CACHE_FORMAT = "2"  # bump when the entry layout or the summary record changes
_PKG = Path(__file__).resolve().parents[1]


def sha256_file(path: str | Path, chunk: int = 1 << 20, max_bytes: int | None = None) -> str:
    """Hex sha256 of a regular file's bytes (InputError for a folder, FIFO or device, which are never read,
    and for a file over max_bytes)."""
    from critic.safeio import open_regular, too_big

    h = hashlib.sha256()
    total = 0
    with open_regular(path) as fh:
        while block := fh.read(chunk):
            h.update(block)
            total += len(block)
            if max_bytes is not None and total > max_bytes:
                raise InputError(str(path), too_big(os.fstat(fh.fileno()).st_size, max_bytes))
    return h.hexdigest()


def tree_hash(folders: Iterable[str | Path], suffixes: tuple[str, ...] = ()) -> str:
    """Hash of every file (relative name + bytes) under the folders, in a fixed order.

    Folders that do not exist contribute their name only, so adding one later changes the hash.
    """
    h = hashlib.sha256()
    for folder in folders:
        root = Path(folder)
        h.update(b"\0dir\0" + str(root.name).encode("utf-8"))
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if suffixes and path.suffix.lower() not in suffixes:
                continue
            if any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts):
                continue
            h.update(b"\0file\0" + path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def critic_build() -> str:
    """The critic version plus a fingerprint of its Python sources (name, size, modification time), so a
    changed checkout invalidates entries; stat-based, so it costs milliseconds."""
    h = hashlib.sha256()
    for path in sorted(_PKG.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        st = path.stat()
        h.update(f"{path.relative_to(_PKG).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return f"{__version__}+{h.hexdigest()[:16]}"


def rules_hash(rule_dirs: Iterable[str | Path] = (), lexicon_dirs: Iterable[str | Path] = ()) -> str:
    """Hash of every rule and lexicon file that can be loaded: the bundled ones plus extra folders."""
    from critic.resources import data_dir

    folders: list[str | Path] = []
    for name in ("rules", "lexicons"):
        try:
            folders.append(data_dir(name))
        except FileNotFoundError:
            folders.append(name)
    folders.extend(rule_dirs)
    folders.extend(lexicon_dirs)
    return tree_hash(folders, (".yaml", ".yml", ".txt", ".json", ".toml"))


def settings_hash(settings: Mapping[str, Any]) -> str:
    """Hash of the batch settings that change a file's results (JSON-serialisable)."""
    blob = json.dumps(settings, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def entry_key(file_sha256: str, label: str, context: str) -> str:
    """Cache key of one input: its content, its label (reports show it) and the run context."""
    h = hashlib.sha256()
    for part in (CACHE_FORMAT, file_sha256, label, context):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


def _file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _file_mode()


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file in the same folder and a rename (normal permissions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Cache:
    """Entries under OUTDIR/.cache/v<format>/<key[:2]>/<key>/ (summary.json + report.<ext> files)."""

    def __init__(self, outdir: str | Path, validate: Callable[[Any], bool] | None = None) -> None:
        self.root = Path(outdir) / CACHE_DIR / f"v{CACHE_FORMAT}"
        self.validate = validate or valid_record

    def _dir(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> tuple[dict[str, Any], dict[str, Path]] | None:
        """(summary, {extension: stored report path}) for a complete, valid entry, else None.

        An entry whose summary is not a well-formed record, or whose reports are missing or do not match
        the digests stored with them (a truncated copy), is a miss: the file is reviewed again and the entry
        rewritten.
        """
        folder = self._dir(key)
        try:
            summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        if not self.validate(summary):
            return None
        digests = summary.get("_digests")
        artifacts: dict[str, Path] = {}
        for ext in summary["_artifacts"]:
            path = folder / f"report.{ext}"
            try:
                if not isinstance(digests, dict) or sha256_file(path) != digests.get(ext):
                    return None  # incomplete or damaged entry: review again
            except (InputError, OSError):
                return None
            artifacts[ext] = path
        summary.pop("_digests", None)
        return summary, artifacts

    def put(self, key: str, summary: Mapping[str, Any], artifacts: Mapping[str, bytes]) -> None:
        """Store an entry; the summary is written last, so a half-written entry is never read."""
        folder = self._dir(key)
        for ext, data in sorted(artifacts.items()):
            write_atomic(folder / f"report.{ext}", data)
        record = dict(summary)
        record["_artifacts"] = sorted(artifacts)
        record["_digests"] = {ext: hashlib.sha256(data).hexdigest() for ext, data in sorted(artifacts.items())}
        blob = json.dumps(record, sort_keys=True, ensure_ascii=False, indent=1)
        write_atomic(folder / "summary.json", blob.encode("utf-8"))

    def restore(self, artifacts: Mapping[str, Path], dest_stem: Path) -> dict[str, Path]:
        """Copy cached reports to <dest_stem>.<ext>; returns the written paths."""
        out: dict[str, Path] = {}
        dest_stem.parent.mkdir(parents=True, exist_ok=True)
        for ext, src in sorted(artifacts.items()):
            dest = dest_stem.with_name(f"{dest_stem.name}.{ext}")
            write_atomic(dest, src.read_bytes())
            out[ext] = dest
        return out


def _is(value: Any, kind: type | tuple[type, ...]) -> bool:
    return isinstance(value, kind) and not isinstance(value, bool)


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _dicts_with(value: Any, keys: tuple[str, ...]) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, dict) and all(isinstance(v.get(k), str) for k in keys) for v in value)


def valid_basic_record(record: Any) -> bool:
    """Whether a cached summary has the fields every record has (for custom per-file work)."""
    return (isinstance(record, dict) and isinstance(record.get("file"), str)
            and record.get("status") in ("ok", "failed") and _str_list(record.get("_artifacts", []))
            and (record["status"] == "ok" or isinstance(record.get("error"), str)))


def valid_record(record: Any) -> bool:
    """Whether a cached summary has the shape the batch outputs read (types of every field they use)."""
    if not isinstance(record, dict) or not isinstance(record.get("file"), str):
        return False
    if not _str_list(record.get("_artifacts", [])):
        return False
    status = record.get("status")
    if status == "failed":
        return isinstance(record.get("error"), str) and not record["_artifacts"]
    if status != "ok":
        return False
    from critic.findings import SEVERITIES

    counts = record.get("counts")
    return (
        _is(record.get("score"), int) and 0 <= record["score"] <= 100
        and _is(record.get("score_exact"), (int, float))
        and all(_is(record.get(k), int) for k in ("items", "judged", "flagged"))
        and isinstance(counts, dict) and all(isinstance(k, str) and _is(v, int) for k, v in counts.items())
        and record.get("worst_severity") in (None, *SEVERITIES)
        and _dicts_with(record.get("findings"), ("rule", "severity", "message", "item", "text"))
        and _str_list(record.get("document_findings"))
        and _dicts_with(record.get("top_edits"), ("item", "bad", "good"))
        and all(_is(e.get("gain"), (int, float)) and _str_list(e.get("rules")) for e in record["top_edits"])
        and isinstance(record.get("examples"), dict)
        and all(isinstance(v, dict) and isinstance(v.get("bad"), str) and isinstance(v.get("good"), str)
                for v in record["examples"].values())
        and _str_list(record.get("warnings"))
        and all(isinstance(record.get(k), str) for k in ("kind", "format"))
    )
