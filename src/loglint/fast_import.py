"""Importing loglint's modules and libcst fast: most of a run that lints few files.

Most of ``import libcst`` (0.3 s on a slow machine) is spent in ``dataclasses``, which
writes the source of every node class's ``__init__``, ``__eq__``, ``__repr__``... and
compiles it with ``exec``. Within ``fast_imports``, ``dataclasses`` is given an
``exec`` that runs a stored code object when it has one for that exact source text,
and compiles it (as ``exec`` would: same file name, no inherited flags) and stores it
when it has not. The classes come out the same; only the compiling is skipped. The
cyclic garbage collector, which would find nothing to free among new classes, waits
(about 10 % of an import), and in loglint's own process never scans them (``own_process``).

The code is kept beside this module's own bytecode, one file per group of imports, so
it lives where Python keeps ``.pyc`` files (``__pycache__`` or ``PYTHONPYCACHEPREFIX``),
with their trust and write rules: it is not written when ``sys.dont_write_bytecode`` is
set, and an unreadable, foreign or corrupt file is ignored and replaced.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import importlib.util
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any, Dict, Iterator, Optional


@dataclasses.dataclass
class Usage:
    """What one use of the stored code did: sources run from it and sources compiled."""

    reused: int = 0
    compiled: int = 0


@contextlib.contextmanager
def fast_imports(group: str) -> Iterator[Usage]:
    """Imports within the block use the stored code of ``group`` (one per set of modules
    imported together: a store keeps only the code its last import used)."""
    with stored_dataclass_code(default_store(group)) as usage, collector_paused():
        yield usage
        if _freeze:
            gc.freeze()


def default_store(group: str) -> Optional[Path]:
    """The file of ``group`` beside this module's bytecode; None where Python keeps none."""
    try:
        return Path(importlib.util.cache_from_source(__file__)).with_suffix(f".{group}.marshal")
    except (NotImplementedError, ValueError):
        return None


# Set by own_process(): only in loglint's own process are the imports' objects frozen.
_freeze = False


def own_process() -> None:
    """Declare this process loglint's command (``loglint.__main__``): the objects that exist
    at the end of each ``fast_imports`` block are then frozen (``gc.freeze``).

    They are classes, functions and settings that live as long as the process. Frozen, the
    collector never scans them again: its first collection after the engine's import would
    otherwise go through every object libcst made, 10 to 30 ms of a run where one file
    changed, and forked workers keep sharing their pages. A program that imports loglint
    keeps its collector as it was.
    """
    global _freeze
    _freeze = True


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection within the block; the collector is left as it was found."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def stored_dataclass_code(store: Optional[Path]) -> Iterator[Usage]:
    """Within the block, dataclasses run code kept in ``store``; new code is added to it.

    The file is read at the first dataclass created, so a block that creates none
    (its modules were imported before) costs nothing.
    """
    kept: Optional[Dict[str, CodeType]] = None
    used: Dict[str, CodeType] = {}
    usage = Usage()

    def exec_kept(source: Any, *scopes: Any) -> None:
        nonlocal kept
        if isinstance(source, str):
            if kept is None:
                kept = _load(store)
            code = kept.get(source)
            if code is None:
                code = compile(source, "<string>", "exec", dont_inherit=True)
                usage.compiled += 1
            else:
                usage.reused += 1
            used[source] = code
            source = code
        exec(source, *scopes)

    dataclasses.exec = exec_kept  # type: ignore[attr-defined]  # shadows the builtin in that module only
    try:
        yield usage
    finally:
        del dataclasses.exec  # type: ignore[attr-defined]
    if usage.compiled and store is not None and not sys.dont_write_bytecode:
        _save(store, used)  # only what this import used: code of an older libcst drops out


def _load(store: Optional[Path]) -> Dict[str, CodeType]:
    try:
        data = store.read_bytes() if store is not None else b""
    except OSError:
        return {}
    magic = importlib.util.MAGIC_NUMBER
    if not data.startswith(magic):
        return {}  # absent, or written by another Python
    try:
        kept = marshal.loads(data[len(magic):])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {k: v for k, v in kept.items() if isinstance(k, str) and isinstance(v, CodeType)}


def _save(store: Path, code: Dict[str, CodeType]) -> None:
    from loglint.atomic import replace_file

    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        replace_file(store, importlib.util.MAGIC_NUMBER + marshal.dumps(code))
    except OSError:
        pass  # a read-only install: the next import compiles again, as without this module
