"""Running the engine over files: read, pre-filter, consult the cache, lint, write
fixes; in parallel when there is enough work. One file's failure never stops the others.

The engine (and with it libcst, whose import alone takes a noticeable fraction of a
second) is imported only when some file actually has to be linted: a run served
entirely from the cache never loads it.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Generator, List, Optional, Sequence, Tuple, Union

from loglint import interrupt, prefilter
from loglint.cache import ResultCache, content_key, file_stamp
from loglint.config import ignored_for_path, resolve_selection
from loglint.discovery import DiscoveredFile
from loglint.findings import FileError, FileResult
from loglint.loggers.index import ProjectIndex, replay
from loglint.notebook import NotebookError, is_notebook
from loglint.notebook import code_of as notebook_code
from loglint.notebook import read as read_notebook
from loglint.registry import rule_infos
from loglint.rules.production_files import CONFIG_CODES, check_config_path, is_config_file
from loglint.settings import Settings
from loglint.source import DecodeError, NotWritten, SourceText, decode, encode, write_atomically

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from loglint.engine import Engine

# Below this many files to lint per process, a process pool costs more than it saves.
MIN_FILES_PER_JOB = 8
# Larger files are reported, not linted: libcst needs about 8 s and 650 MB per MB of
# source, so a generated 20 MB file would take minutes and exhaust the memory of a worker.
MAX_FILE_BYTES = 5 * 1024 * 1024
# How long interrupted workers get to end after SIGTERM (a fix being written is finished) before SIGKILL.
STOP_SECONDS = 0.5


@dataclass(frozen=True)
class RunOptions:
    fix: bool = False
    unsafe_fixes: bool = False
    write: bool = True  # False for --diff: compute fixes, write nothing
    jobs: Optional[int] = None
    show_loggers: bool = False


@dataclass(frozen=True)
class _Task:
    """A file to lint. Its bytes are read again by whoever lints it, so the parent
    process never holds a whole tree in memory."""

    file: DiscoveredFile
    relpath: str
    key: str  # content key of the bytes the parent read (and looked up in the cache)
    size: int


def relative_path(path: Path, root: Path) -> str:
    """``path`` relative to the project root with forward slashes (what globs match)."""
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    prefix = base.rstrip(os.sep) + os.sep
    if absolute == base or not absolute.startswith(prefix):
        return path.as_posix()
    return absolute[len(prefix):].replace(os.sep, "/")  # both normalised: no os.path.relpath needed


def size_error(display: str, size: int) -> Optional[FileError]:
    """The error for a file of ``size`` bytes that is too large to lint; None when it is not."""
    if size <= MAX_FILE_BYTES:
        return None
    megabytes, limit = size / 1024 / 1024, MAX_FILE_BYTES // 1024 // 1024
    return FileError(display, f"file too large to check: {megabytes:.1f} MB (the limit is {limit} MB)")


def lint_bytes(engine: Engine, data: bytes, display: str, relpath: str, path: Optional[Path] = None) -> FileResult:
    """Lint file contents (of the file at ``path``, for the project index); fixes are
    returned in ``fixed_source``, not written. A notebook's code cells are linted as one
    text (:mod:`loglint.notebook`) and its findings placed in their cells."""
    result = FileResult(display)
    try:
        notebook = read_notebook(data) if is_notebook(path if path is not None else display) else None
    except NotebookError as error:
        result.errors.append(FileError(display, str(error), error.line, error.column))
        return result
    # A notebook's limit is on its code: images in its outputs cost the parser nothing.
    too_large = size_error(display, len(data) if notebook is None else len(notebook.text.encode("utf-8", "surrogatepass")))
    if too_large is not None:
        result.errors.append(too_large)
        return result
    try:
        source = decode(data) if notebook is None else SourceText(notebook.text, "utf-8")
    except DecodeError as error:
        result.errors.append(FileError(display, f"cannot decode file: {error}"))
        return result
    outcome = engine.lint_text(source.text, display, relpath, path)
    result.findings = outcome.findings
    result.errors = outcome.errors
    result.fixed_count = outcome.fixed
    result.fixed_codes = outcome.fixed_codes
    result.unsafe_hidden = outcome.unsafe_hidden
    result.index_deps = outcome.index_deps
    result.loggers = outcome.loggers
    result.own_facts = outcome.own_facts
    if notebook is not None:
        notebook.place(result)
    if outcome.text is not None:
        fixed = encode(outcome.text, source.encoding) if notebook is None else notebook.rewrite(outcome.text)
        if fixed is None:
            result.errors.append(FileError(display, "fixes not written: the fixed code does not split into the notebook's cells", internal=True))
        else:
            result.original_source, result.fixed_source = data, fixed
    return result


def _lint_task(engine: Engine, task: _Task, write: bool) -> Tuple[FileResult, bool]:
    """The result, and whether the file still held the bytes the task was made from
    (only then may the result be cached under the task's key)."""
    data, failed = _read(task.file)
    if data is None:
        assert failed is not None
        return failed, False
    result = lint_bytes(engine, data, task.file.display, task.relpath, task.file.path)
    unchanged = content_key(task.relpath, task.file.display, data) == task.key
    _keep_facts(engine, task.file.path, result)
    if write and result.fixed_source is not None:
        try:
            with interrupt.held():  # never stopped halfway through writing a file
                write_atomically(task.file.path, result.fixed_source, data, task.file.within)
        except (OSError, NotWritten) as error:
            message = str(error) if isinstance(error, NotWritten) else f"cannot write fixes: {error.strerror or error}"
            # The findings of the file as it stays, not of the fixed text that was not written;
            # and not cached: the error is this run's.
            result, facts = _unfixed(engine, data, task), result.index_facts
            result.index_facts = facts
            result.errors.append(FileError(task.file.display, f"{message}; its {_findings(len(result.findings))} not fixed"))
            return result, False
    return result, unchanged


def _keep_facts(engine: Engine, path: Path, result: FileResult) -> None:
    """Send back the index facts this process read for the store, with the file's own
    (made from the bytes just read from it: a later run replays its questions from them)."""
    index = engine.index
    if index is None or index.store is None:
        return
    relative = index.relative(path)
    if result.own_facts is not None and relative is not None:
        index.store.put(relative, path, result.own_facts)
    result.own_facts = None
    result.index_facts = index.store.take_new()


def _unfixed(engine: Engine, data: bytes, task: _Task) -> FileResult:
    fix, engine.fix = engine.fix, False
    try:
        return lint_bytes(engine, data, task.file.display, task.relpath, task.file.path)
    finally:
        engine.fix = fix


def _findings(count: int) -> str:
    return "finding is" if count == 1 else f"{count} findings are"


def _new_engine(settings: Settings, options: RunOptions, index: Optional[ProjectIndex] = None) -> Engine:
    """The engine; its first call imports libcst and the rules, most of a small run's time."""
    from loglint.fast_import import fast_imports

    with fast_imports("engine"):
        from loglint.engine import Engine

        return Engine(settings, options.fix, options.unsafe_fixes, index=index, show_loggers=options.show_loggers)


_worker: Optional[Tuple[Engine, bool]] = None


def _init_worker(settings: Settings, options: RunOptions, index: Optional[ProjectIndex]) -> None:
    global _worker
    interrupt.ignored_in_worker()
    _worker = (_new_engine(settings, options, index), options.write)


def _work(task: _Task) -> Tuple[FileResult, bool]:
    assert _worker is not None
    engine, write = _worker
    return _lint_task(engine, task, write)


def default_jobs(task_count: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, task_count // MIN_FILES_PER_JOB))


def _read(file: DiscoveredFile) -> Tuple[Optional[bytes], Optional[FileResult]]:
    try:
        return file.path.read_bytes(), None
    except IsADirectoryError:
        return None, FileResult(file.display, errors=[FileError(file.display, "is a directory, not a file")])
    except OSError as error:
        reason = error.strerror or str(error)
        return None, FileResult(file.display, errors=[FileError(file.display, f"cannot read file: {reason}")])


def run_files(
    files: Sequence[DiscoveredFile],
    settings: Settings,
    options: RunOptions,
    triggers: Sequence[bytes],
    cache: Optional[ResultCache] = None,
    progress: Optional[Callable[[int], None]] = None,
    config_globs: Optional[Tuple[str, ...]] = None,
    index: Optional[ProjectIndex] = None,
) -> List[FileResult]:
    """Results for ``files``, in their order. ``triggers``: the enabled rules' pre-filter bytes;
    ``progress`` is told the number of files done after each file that was linted;
    ``config_globs``: the production globs when YAML/TOML/JSON files are checked (LL501 or LL605 on);
    ``index``: the project's loggers (a cached result stands only while the index still
    answers its questions as it did)."""
    needles = prefilter.build(settings.logger_names, triggers)
    results: List[Optional[FileResult]] = []
    tasks: List[Tuple[int, _Task]] = []
    for file in files:
        if is_config_file(file.path):
            results.append(_check_config(file, settings, config_globs))
            continue
        relpath = relative_path(file.path, settings.project_root)
        known = _known(file, relpath, needles, cache)
        if isinstance(known, FileResult):
            results.append(known)
            continue
        key, size = known
        cached = cache.get(key, file.display) if cache is not None else None
        if cached is not None and not _still_valid(cached, file, index):
            cached = None
        if cached is not None and not (options.fix and _has_applicable_fix(cached, options)):
            results.append(cached)
            continue
        tasks.append((len(results), _Task(file, relpath, key, size)))
        results.append(None)
    ready = len(results) - len(tasks)
    # Results as files finish (progress moves); closing stops the workers on any way out.
    with contextlib.closing(_execute([task for _, task in tasks], settings, options, index)) as outcomes:
        for done, (position, (result, unchanged)) in enumerate(outcomes, 1):
            slot, task = tasks[position]
            results[slot] = result
            if progress is not None:
                progress(ready + done)
            if cache is not None and unchanged:
                cache.put(task.key, result)
            if index is not None and index.store is not None and result.index_facts:
                index.store.merge(result.index_facts)
    if cache is not None:
        cache.save()  # not reached when interrupted: the cache stays as it was
    if index is not None and index.store is not None:
        index.store.save()
    return [result for result in results if result is not None]


def _still_valid(cached: FileResult, file: DiscoveredFile, index: Optional[ProjectIndex]) -> bool:
    """Whether the project index still gives the answers a cached result was made with."""
    if not cached.index_deps:
        return True
    path = index.relative(file.path) if index is not None else None
    if index is None or path is None:
        return False
    try:
        return replay(index, path, cached.index_deps)
    except Exception:  # noqa: BLE001 - a bug in the index costs a lint, never the run
        return False


def _known(
    file: DiscoveredFile, relpath: str, needles: prefilter.Needles, cache: Optional[ResultCache]
) -> Union[FileResult, Tuple[str, int]]:
    """A file's content key and size; or its result when that is known without linting it
    (it cannot be read, or the pre-filter rules it out). A file the cache's index knows
    unchanged is not read at all."""
    file_id = f"{relpath}\0{file.display}"
    stamp = file_stamp(file.path) if cache is not None else None
    key = cache.known_key(file_id, stamp) if cache is not None else None
    if key == "":
        return FileResult(file.display)
    if key is not None and stamp is not None:
        return key, stamp[2]
    data, failed = _read(file)
    if data is None:
        assert failed is not None
        return failed
    code = notebook_code(data) if is_notebook(file.path) else data  # a notebook's outputs are no code
    key = content_key(relpath, file.display, data) if prefilter.may_have_findings(needles, code) else ""
    if cache is not None:
        cache.remember(file_id, stamp, key)
    return FileResult(file.display) if key == "" else (key, len(data))


def _check_config(file: DiscoveredFile, settings: Settings, globs: Optional[Tuple[str, ...]]) -> FileResult:
    """A production configuration file (never parsed as Python)."""
    if globs is None:
        return FileResult(file.display)
    relpath = relative_path(file.path, settings.project_root)
    enabled = resolve_selection(settings, rule_infos())
    result = check_config_path(file.path, file.display, relpath, globs, [code for code in CONFIG_CODES if code in enabled])
    ignored = ignored_for_path(settings, relpath)
    result.findings = [f for f in result.findings if not f.code.startswith(ignored)]
    return result


def _has_applicable_fix(result: FileResult, options: RunOptions) -> bool:
    return any(
        f.fix is not None and (f.fix.applicability == "safe" or options.unsafe_fixes) for f in result.findings
    )


def _execute(
    tasks: Sequence[_Task], settings: Settings, options: RunOptions, index: Optional[ProjectIndex]
) -> Generator[Tuple[int, Tuple[FileResult, bool]], None, None]:
    """(index in ``tasks``, outcome) of every task, in the order they finish.

    On any exception or ``close()`` while workers run (SIGINT, SIGTERM: see
    :mod:`loglint.interrupt`), the tasks not started are dropped and the workers ended.
    """
    if not tasks:
        return
    try:
        engine = _new_engine(settings, options, index)
    except Exception as error:  # noqa: BLE001 - a rule that cannot start fails every file, loudly
        message = f"cannot start the rules: {type(error).__name__}: {error}"
        for i, t in enumerate(tasks):
            yield i, (FileResult(t.file.display, errors=[FileError(t.file.display, message, internal=True)]), False)
        return
    jobs = options.jobs if options.jobs is not None else default_jobs(len(tasks))
    if jobs <= 1 or len(tasks) < 2:
        for i, task in enumerate(tasks):
            yield i, _lint_task(engine, task, options.write)
        return
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    global _worker
    _worker = (engine, options.write)  # forked workers inherit it; spawned ones build their own
    lost: List[int] = []
    # A worker that dies (a crash in native code, the OOM killer) breaks the pool: unlike
    # multiprocessing.Pool, which would wait forever, the executor says so. The files left
    # are then linted one process each, so only the one that kills its process fails.
    pool = _pool(jobs, settings, options, index)
    try:
        # Largest files first so that no worker is left with a big one at the end.
        futures = {pool.submit(_work, tasks[i]): i for i in sorted(range(len(tasks)), key=lambda i: -tasks[i].size)}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                lost.append(futures[future])
                continue
            yield futures[future], outcome
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    for i in lost:
        yield i, _isolated(tasks[i], settings, options, index)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers now, not after the queued files (``shutdown`` would lint them all).

    A worker writing a fix finishes the write first (:func:`loglint.interrupt.held`).
    Executors have no public way to end their workers before Python 3.14
    (``terminate_workers``); their ``_processes`` (pid -> process) is the same from 3.9 on.
    """
    with interrupt.held():
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()


def _pool(jobs: int, settings: Settings, options: RunOptions, index: Optional[ProjectIndex]) -> ProcessPoolExecutor:
    import multiprocessing  # here, as the pool: a serial run never needs them
    from concurrent.futures import ProcessPoolExecutor

    if hasattr(os, "fork"):
        return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=interrupt.ignored_in_worker)
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(settings, options, index))


def _isolated(task: _Task, settings: Settings, options: RunOptions, index: Optional[ProjectIndex]) -> Tuple[FileResult, bool]:
    """Lint one file in a process of its own; report the file if that process dies."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _pool(1, settings, options, index) as pool:
            return pool.submit(_work, task).result()
    except BrokenProcessPool:
        message = "the process checking this file died (a crash in the parser, or out of memory)"
        return FileResult(task.file.display, errors=[FileError(task.file.display, message, internal=True)]), False


def lint_stdin(
    data: bytes, display: str, settings: Settings, options: RunOptions, index: Optional[ProjectIndex] = None
) -> FileResult:
    engine = _new_engine(settings, options, index)
    return lint_bytes(engine, data, display, relative_path(Path(display), settings.project_root), Path(display))
