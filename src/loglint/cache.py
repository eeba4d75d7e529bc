"""The result cache: what a file produced, keyed by its path and content.

One JSON file per combination of loglint version and the settings that change
findings, in ``.loglint_cache/`` at the project root (``--cache-dir``,
``LOGLINT_CACHE_DIR``). It is read once at start and written once at the end,
atomically (temporary file, then rename) after merging with what another loglint
process may have written meanwhile, so concurrent runs (pre-commit) never corrupt it.
A cache that cannot be read is ignored and rebuilt; one that cannot be written is
skipped silently: the cache only ever saves time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from loglint import __version__
from loglint.findings import Edit, FileError, FileResult, Finding, Fix
from loglint.settings import Settings

# Entries not used for this long are dropped when the cache is written.
MAX_AGE_SECONDS = 30 * 24 * 3600
# Used entries have their time refreshed at most this often (a run that only reads
# the cache then writes nothing).
REFRESH_SECONDS = 24 * 3600
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


class ResultCache:
    """``folder`` None: a cache that remembers nothing."""

    def __init__(self, folder: Optional[Path], key: str) -> None:
        self.folder = folder
        self.path = None if folder is None else folder / f"results-{key}.json"
        self._entries: Dict[str, List[Any]] = self._read()
        self._new: Dict[str, List[Any]] = {}
        self._used: set[str] = set()

    def _read(self) -> Dict[str, List[Any]]:
        if self.path is None:
            return {}
        try:
            with open(self.path, encoding="utf-8") as handle:
                loaded = json.load(handle)
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def get(self, key: str, display: str) -> Optional[FileResult]:
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
            result = _decode(entry, display)
        except (TypeError, ValueError, IndexError, KeyError):
            return None  # a corrupt entry: lint again
        self._used.add(key)
        return result

    def put(self, key: str, result: FileResult) -> None:
        if any(error.internal for error in result.errors) or result.fixed_source is not None:
            return  # never remember a crash, nor a result whose file is about to change
        self._new[key] = _encode(result)

    def save(self) -> None:
        now = int(time.time())
        stale = [key for key in self._used if now - self._entries[key][0] > REFRESH_SECONDS]
        if self.folder is None or self.path is None or (not self._new and not stale):
            return  # no cache, or nothing to add and the entries used are fresh: skip the write
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not os.path.lexists(gitignore):  # a dangling link would be written through
                gitignore.write_text("# Created by loglint\n*\n", encoding="utf-8")
            merged = self._read()  # another process may have written since we read
            for key in self._used:
                if key in self._entries and key not in merged:
                    merged[key] = self._entries[key]
                if key in merged:
                    merged[key][0] = now
            for key, entry in self._new.items():
                entry[0] = now
                merged[key] = entry
            merged = {k: v for k, v in merged.items() if isinstance(v, list) and v and isinstance(v[0], int) and now - v[0] < MAX_AGE_SECONDS}
            fd, tmp = tempfile.mkstemp(prefix=".results-", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(merged, handle, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            pass


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
