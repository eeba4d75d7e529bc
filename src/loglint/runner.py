"""Running the engine over files: read, pre-filter, decode, lint, write fixes; in
parallel when there are enough files. One file's failure never stops the others."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence, Tuple

from loglint.discovery import DiscoveredFile
from loglint.engine import Engine
from loglint.findings import FileError, FileResult
from loglint.settings import Settings
from loglint.source import ChangedOnDisk, DecodeError, decode, encode, write_atomically

# Below this many files a process pool costs more than it saves.
MIN_FILES_PER_JOB = 8
CHUNK_SIZE = 4


@dataclass(frozen=True)
class RunOptions:
    fix: bool = False
    unsafe_fixes: bool = False
    write: bool = True  # False for --diff: compute fixes, write nothing
    jobs: Optional[int] = None


def relative_path(path: Path, root: Path) -> str:
    """``path`` relative to the project root with forward slashes (what globs match)."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()


def lint_bytes(engine: Engine, data: bytes, display: str, relpath: str) -> FileResult:
    """Lint file contents; fixes are returned in ``fixed_source``, not written."""
    result = FileResult(display)
    if not engine.may_have_findings(data):
        return result
    try:
        source = decode(data)
    except DecodeError as error:
        result.errors.append(FileError(display, f"cannot decode file: {error}"))
        return result
    outcome = engine.lint_text(source.text, display, relpath)
    result.findings = outcome.findings
    result.errors = outcome.errors
    result.fixed_count = outcome.fixed
    result.unsafe_hidden = outcome.unsafe_hidden
    if outcome.text is not None:
        result.original_source = data
        result.fixed_source = encode(outcome.text, source.encoding)
    return result


def check_file(engine: Engine, file: DiscoveredFile, root: Path, write: bool) -> FileResult:
    try:
        data = file.path.read_bytes()
    except IsADirectoryError:
        return FileResult(file.display, errors=[FileError(file.display, "is a directory, not a file")])
    except OSError as error:
        return FileResult(file.display, errors=[FileError(file.display, f"cannot read file: {error.strerror or error}")])
    result = lint_bytes(engine, data, file.display, relative_path(file.path, root))
    if write and result.fixed_source is not None:
        try:
            write_atomically(file.path, result.fixed_source, data)
        except (OSError, ChangedOnDisk) as error:
            message = str(error) if isinstance(error, ChangedOnDisk) else f"cannot write fixes: {error.strerror or error}"
            result.errors.append(FileError(file.display, message))
            result.fixed_count = 0
            result.fixed_source = None
    return result


_worker: Optional[Tuple[Engine, Path, bool]] = None


def _init_worker(settings: Settings, options: RunOptions) -> None:
    global _worker
    _worker = (Engine(settings, options.fix, options.unsafe_fixes), settings.project_root, options.write)


def _work(file: DiscoveredFile) -> FileResult:
    assert _worker is not None
    engine, root, write = _worker
    return check_file(engine, file, root, write)


def default_jobs(file_count: int) -> int:
    cpus = os.cpu_count() or 1
    return max(1, min(cpus, file_count // MIN_FILES_PER_JOB))


def run_files(files: Sequence[DiscoveredFile], settings: Settings, options: RunOptions) -> Iterator[FileResult]:
    """Results in the order of ``files``."""
    jobs = options.jobs if options.jobs is not None else default_jobs(len(files))
    if jobs <= 1 or len(files) < 2:
        engine = Engine(settings, options.fix, options.unsafe_fixes)
        for file in files:
            yield check_file(engine, file, settings.project_root, options.write)
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(settings, options)) as pool:
        yield from pool.imap(_work, files, chunksize=CHUNK_SIZE)


def lint_stdin(data: bytes, display: str, settings: Settings, options: RunOptions) -> FileResult:
    engine = Engine(settings, options.fix, options.unsafe_fixes)
    return lint_bytes(engine, data, display, relative_path(Path(display), settings.project_root))
