"""The result cache: what a file produced, keyed by its path and content.

One JSON file per combination of loglint version and the settings that change
findings, in ``.loglint_cache/`` at the project root (``--cache-dir``,
``LOGLINT_CACHE_DIR``). It is read once at start and written once at the end,
atomically (temporary file, then rename) after merging with what another loglint
process may have written meanwhile, so concurrent runs (pre-commit) never corrupt it.
A cache that cannot be read is ignored and rebuilt; one that cannot be written is
skipped silently: the cache only ever saves time.

Beside the results it keeps a file index: each file's stat (modification and change
times, size, inode) and the content key it had then, or ``""`` when the pre-filter
ruled the file out. A file whose stat has not changed is neither read nor hashed
again. Files changed in the last ``RACY_SECONDS`` are not indexed: a second change
within the file system's timestamp granularity could leave their stat as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from loglint import __version__
from loglint.atomic import replace_file
from loglint.findings import Edit, FileError, FileResult, Finding, Fix
from loglint.settings import Settings

# Entries not used for this long are dropped when the cache is written.
MAX_AGE_SECONDS = 30 * 24 * 3600
# Used entries have their time refreshed at most this often (a run that only reads
# the cache then writes nothing).
REFRESH_SECONDS = 24 * 3600
# Files modified more recently than this are read and hashed on every run (see above).
RACY_SECONDS = 2
# Settings that do not change what a file produces.
_IRRELEVANT = ("fix", "output_format", "exclude", "extend_exclude", "config_path")


def settings_key(settings: Settings, unsafe_fixes: bool) -> str:
    data = {k: v for k, v in sorted(dataclasses.asdict(settings).items()) if k not in _IRRELEVANT}
    data["version"] = __version__
    data["unsafe_fixes"] = unsafe_fixes
    return hashlib.blake2b(repr(data).encode(), digest_size=12).hexdigest()


def content_key(relpath: str, display: str, data: bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(relpath.encode("utf-8", "surrogateescape") + b"\0" + display.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.hexdigest()


Stamp = Tuple[int, int, int, int]  # mtime_ns, ctime_ns, size, inode


def file_stamp(path: Path) -> Optional[Stamp]:
    """What the file index compares; None when the file cannot be stat'ed."""
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


class ResultCache:
    """``folder`` None: a cache that remembers nothing."""

    def __init__(self, folder: Optional[Path], key: str) -> None:
        self.folder = folder
        self.path = None if folder is None else folder / f"results-{key}.json"
        self._started_ns = time.time_ns()
        self._read_stamp: Optional[Stamp] = None  # of the cache file when it was read
        # Both tables map a key to an entry whose first item is the time it was last used.
        self._results, self._files = self._read()
        self._new: Dict[str, Dict[str, List[Any]]] = {"results": {}, "files": {}}
        self._used: Dict[str, set[str]] = {"results": set(), "files": set()}

    def _read(self) -> Tuple[Dict[str, List[Any]], Dict[str, List[Any]]]:
        if self.path is None:
            return {}, {}
        try:
            with open(self.path, encoding="utf-8") as handle:
                self._read_stamp = _stamp(os.fstat(handle.fileno()))
                loaded = json.load(handle)
        except (OSError, ValueError):
            return {}, {}
        if not isinstance(loaded, dict):
            return {}, {}
        results, files = loaded.get("results"), loaded.get("files")
        return (results if isinstance(results, dict) else {}), (files if isinstance(files, dict) else {})

    def get(self, key: str, display: str) -> Optional[FileResult]:
        entry = self._results.get(key)
        if entry is None:
            return None
        try:
            result = _decode(entry, display)
        except (TypeError, ValueError, IndexError, KeyError):
            return None  # a corrupt entry: lint again
        self._used["results"].add(key)
        return result

    def put(self, key: str, result: FileResult) -> None:
        if any(error.internal for error in result.errors) or result.fixed_source is not None:
            return  # never remember a crash, nor a result whose file is about to change
        self._new["results"][key] = _encode(result)

    def known_key(self, file_id: str, stamp: Optional[Stamp]) -> Optional[str]:
        """The content key of a file whose stat has not changed since it was indexed
        (``""``: the pre-filter ruled it out); None when it must be read."""
        entry = self._files.get(file_id)
        if stamp is None or not isinstance(entry, list) or len(entry) != 6 or tuple(entry[1:5]) != stamp:
            return None
        key = entry[5]
        if not isinstance(key, str):
            return None
        self._used["files"].add(file_id)
        return key

    def remember(self, file_id: str, stamp: Optional[Stamp], key: str) -> None:
        """Index a file read with this stat (unless it changed too recently to trust it)."""
        if stamp is None or max(stamp[0], stamp[1]) > self._started_ns - RACY_SECONDS * 1_000_000_000:
            return
        self._new["files"][file_id] = [0, *stamp, key]

    def save(self) -> None:
        now = int(time.time())
        tables = {"results": self._results, "files": self._files}
        stale = any(_age(tables[name][key], now) > REFRESH_SECONDS for name, used in self._used.items() for key in used)
        if self.folder is None or self.path is None or (not any(self._new.values()) and not stale):
            return  # no cache, or nothing to add and the entries used are fresh: skip the write
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not os.path.lexists(gitignore):  # a dangling link would be written through
                gitignore.write_text("# Created by loglint\n*\n", encoding="utf-8")
            # Another process may have written since we read (each write is a new file).
            unchanged = self._read_stamp is not None and file_stamp(self.path) == self._read_stamp
            on_disk = tables if unchanged else dict(zip(tables, self._read()))
            merged = {name: _merged(on_disk[name], tables[name], self._used[name], self._new[name], now) for name in tables}
            replace_file(self.path, json.dumps(merged, separators=(",", ":")).encode())  # dumps: the C encoder
        except OSError:
            pass


def _merged(
    on_disk: Dict[str, List[Any]], ours: Dict[str, List[Any]], used: set[str], new: Dict[str, List[Any]], now: int
) -> Dict[str, List[Any]]:
    """One table as written: what is on disk, plus what this run used and added, minus old entries."""
    for key in used:
        entry = on_disk.setdefault(key, ours[key])
        if isinstance(entry, list) and entry:
            entry[0] = now
    for key, entry in new.items():
        entry[0] = now
        on_disk[key] = entry
    return {key: entry for key, entry in on_disk.items() if _age(entry, now) < MAX_AGE_SECONDS}


def _age(entry: Any, now: int) -> float:
    """Seconds since an entry was last used; infinite for one that is not well formed."""
    if isinstance(entry, list) and entry and isinstance(entry[0], int):
        return now - entry[0]
    return float("inf")


def _encode(result: FileResult) -> List[Any]:
    findings = [
        [f.code, f.name, f.message, f.line, f.column, f.end_line, f.end_column,
         None if f.fix is None else [f.fix.applicability, f.fix.message, [dataclasses.astuple(e) for e in f.fix.edits]]]
        for f in result.findings
    ]
    errors = [[e.message, e.line, e.column] for e in result.errors]
    return [0, findings, errors, result.unsafe_hidden]


def _decode(entry: List[Any], display: str) -> FileResult:
    _, findings, errors, unsafe_hidden = entry
    result = FileResult(display, unsafe_hidden=int(unsafe_hidden))
    for code, name, message, line, column, end_line, end_column, fix in findings:
        decoded_fix = None
        if fix is not None:
            applicability, fix_message, edits = fix
            decoded_fix = Fix(applicability, fix_message, tuple(Edit(*edit) for edit in edits))
        result.findings.append(Finding(code, name, message, display, line, column, end_line, end_column, decoded_fix))
    result.errors = [FileError(display, message, line, column) for message, line, column in errors]
    return result


def cache_folder(settings: Settings, override: Optional[str]) -> Optional[Path]:
    """The cache folder: the one asked for, else ``.loglint_cache`` at the project root.

    None (no cache) when that default is a symbolic link: a checked-out repository
    could point it anywhere, and loglint writes only inside the project and the cache
    folder that its user names.
    """
    chosen = override or os.environ.get("LOGLINT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    folder = settings.project_root / ".loglint_cache"
    return None if folder.is_symlink() else folder
