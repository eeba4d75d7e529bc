"""The result cache: what a file produced, keyed by its path and content.

One JSON file per combination of loglint and Python versions and the settings that change
findings, in ``.loglint_cache/`` at the project root (``--cache-dir``,
``LOGLINT_CACHE_DIR``), and beside it a journal of what later runs added. Both are
read once at start. At the end, a run that added a little (a few files changed)
appends one JSON line to the journal, in one ``write`` of an ``O_APPEND`` file;
otherwise, or once the journal has grown past ``JOURNAL_BYTES`` or used entries need
their time refreshed, the whole table is written again, atomically (temporary file,
then rename) after merging with what another loglint process may have written
meanwhile, and the journal is removed. So concurrent runs (pre-commit) never corrupt
it; at worst an entry one of them added is lost, and the file is linted again. A
cache or a journal line that cannot be read is ignored and rebuilt; one that cannot
be written is skipped silently: the cache only ever saves time.

Beside the results it keeps a file index: each file's stat (modification and change
times, size, inode) and the content key it had then, or ``""`` when the pre-filter
ruled the file out. A file whose stat has not changed is neither read nor hashed
again. Files changed in the last ``RACY_SECONDS`` are not indexed: a second change
within the file system's timestamp granularity could leave their stat as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, TextIO, Tuple

from loglint import __version__
from loglint.atomic import replace_file
from loglint.findings import Edit, FileError, FileResult, Finding, Fix
from loglint.settings import Settings, result_settings

# Entries not used for this long are dropped when the cache is written.
MAX_AGE_SECONDS = 30 * 24 * 3600
# Used entries have their time refreshed at most this often (a run that only reads
# the cache then writes nothing).
REFRESH_SECONDS = 24 * 3600
# Files modified more recently than this are read and hashed on every run (see above).
RACY_SECONDS = 2
# A run appends to the journal while it stays this small; then the table is written again.
JOURNAL_BYTES = 256 * 1024


def settings_key(settings: Settings, unsafe_fixes: bool) -> str:
    """What a file's result depends on besides its path and content: the settings that
    change findings or fixes, loglint's version, and Python's (whose compiler words the
    syntax errors, and tells valid Python libcst cannot parse from invalid Python)."""
    data = dict(sorted(result_settings(settings).items()))
    data["version"] = __version__
    data["python"] = (sys.implementation.name, *sys.version_info)
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
        self.journal = None if folder is None else folder / f"results-{key}.journal"
        self._started_ns = time.time_ns()
        # Both tables map a key to an entry whose first item is the time it was last used.
        self._results: Dict[str, List[Any]] = {}
        self._files: Dict[str, List[Any]] = {}
        self._read_stamps: Tuple[Optional[Stamp], Optional[Stamp]] = (None, None)  # of both files when read
        self._table_ok = False  # the table file held both tables: the journal may be appended to
        if self.path is not None and self.journal is not None:
            self._results, self._files = self._read(self.path, self.journal)
        self._new: Dict[str, Dict[str, List[Any]]] = {"results": {}, "files": {}}
        self._used: Dict[str, set[str]] = {"results": set(), "files": set()}

    def _read(self, path: Path, journal: Path) -> Tuple[Dict[str, List[Any]], Dict[str, List[Any]]]:
        """The table file's two tables, updated with the journal's lines in order."""
        table_stamp, loaded = _read_json(path, json.load)
        tables = _tables(loaded)
        self._table_ok = tables is not None
        results, files = tables if tables is not None else ({}, {})
        journal_stamp, lines = _read_json(journal, lambda handle: handle.read().split("\n"))
        self._read_stamps = (table_stamp, journal_stamp)
        for line in lines if isinstance(lines, list) else []:
            if not line:
                continue
            try:
                added = _tables(json.loads(line))
            except ValueError:
                continue  # a line cut short by a crash, or two writes mixed on a network file system
            if added is not None:
                results.update(added[0])
                files.update(added[1])
        return results, files

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
        if self.folder is None or self.path is None or self.journal is None or (not any(self._new.values()) and not stale):
            return  # no cache, or nothing to add and the entries used are fresh: skip the write
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not os.path.lexists(gitignore):  # a dangling link would be written through
                gitignore.write_text("# Created by loglint\n*\n", encoding="utf-8")
            for table in self._new.values():
                for entry in table.values():
                    entry[0] = now
            # Each line starts a new line: one cut short by a crash spoils no other.
            line = ("\n" + json.dumps(self._new, separators=(",", ":"))).encode()
            journal_size = self._read_stamps[1][2] if self._read_stamps[1] is not None else 0
            if self._table_ok and not stale and journal_size + len(line) <= JOURNAL_BYTES:
                _append(self.journal, line)
                return
            # Another process may have written since we read (each write is a new file).
            unchanged = self._read_stamps == (file_stamp(self.path), file_stamp(self.journal))
            on_disk = tables if unchanged else dict(zip(tables, self._read(self.path, self.journal)))
            merged = {name: _merged(on_disk[name], tables[name], self._used[name], self._new[name], now) for name in tables}
            replace_file(self.path, json.dumps(merged, separators=(",", ":")).encode())  # dumps: the C encoder
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.journal)  # its lines are in the table now
        except OSError:
            pass


def _read_json(path: Path, load: Callable[[TextIO], Any]) -> Tuple[Optional[Stamp], Any]:
    """The file's stat and ``load`` of its text; (None, None) when it is missing or not JSON."""
    try:
        with open(path, encoding="utf-8") as handle:
            return _stamp(os.fstat(handle.fileno())), load(handle)
    except (OSError, ValueError):
        return None, None


def _tables(loaded: Any) -> Optional[Tuple[Dict[str, List[Any]], Dict[str, List[Any]]]]:
    """The results and files tables of a table file or of a journal line; None if not well formed."""
    if not isinstance(loaded, dict):
        return None
    results, files = loaded.get("results"), loaded.get("files")
    if not isinstance(results, dict) or not isinstance(files, dict):
        return None
    return results, files


def _append(path: Path, line: bytes) -> None:
    """Add ``line`` at the end of ``path`` in one write (never through a symbolic link)."""
    if os.path.islink(path):
        raise OSError(f"{path} is a symbolic link")  # O_NOFOLLOW says so too, where it exists
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def _merged(
    on_disk: Dict[str, List[Any]], ours: Dict[str, List[Any]], used: set[str], new: Dict[str, List[Any]], now: int
) -> Dict[str, List[Any]]:
    """One table as written: what is on disk, plus what this run used and added (``new``,
    already stamped with ``now``), minus old entries."""
    for key in used:
        entry = on_disk.setdefault(key, ours[key])
        if isinstance(entry, list) and entry:
            entry[0] = now
    on_disk.update(new)
    return {key: entry for key, entry in on_disk.items() if _age(entry, now) < MAX_AGE_SECONDS}


def _age(entry: Any, now: int) -> float:
    """Seconds since an entry was last used; infinite for one that is not well formed."""
    if isinstance(entry, list) and entry and isinstance(entry[0], int):
        return now - entry[0]
    return float("inf")


def _encode(result: FileResult) -> List[Any]:
    findings = [
        [f.code, f.name, f.message, f.line, f.column, f.end_line, f.end_column,
         None if f.fix is None else [f.fix.applicability, f.fix.message, [dataclasses.astuple(e) for e in f.fix.edits]], f.cell]
        for f in result.findings
    ]
    errors = [[e.message, e.line, e.column, e.cell] for e in result.errors]
    return [0, findings, errors, result.unsafe_hidden, result.index_deps]


def _decode(entry: List[Any], display: str) -> FileResult:
    _, findings, errors, unsafe_hidden, index_deps = entry
    if not isinstance(index_deps, list):
        raise TypeError("index_deps")
    result = FileResult(display, unsafe_hidden=int(unsafe_hidden), index_deps=index_deps)
    for code, name, message, line, column, end_line, end_column, fix, cell in findings:
        decoded_fix = None
        if fix is not None:
            applicability, fix_message, edits = fix
            decoded_fix = Fix(applicability, fix_message, tuple(Edit(*edit) for edit in edits))
        result.findings.append(Finding(code, name, message, display, line, column, end_line, end_column, decoded_fix, cell))
    result.errors = [FileError(display, message, line, column, cell=cell) for message, line, column, cell in errors]
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
