"""``loglint clean``: remove the result caches under a folder, as ``ruff clean`` does.

Every ``.loglint_cache`` folder under the start folder goes (the walk never follows a
symbolic link, and a ``.loglint_cache`` that is a link is left alone, as the cache never
writes through one), and so does a cache folder named elsewhere (``--cache-dir``,
``LOGLINT_CACHE_DIR``) when loglint made it: its ``.gitignore`` says "Created by loglint".
Any other folder of that name is refused, so a mistyped variable cannot delete a home.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

from loglint.cache import CACHE_FOLDER, GITIGNORE_MARK


def caches_under(start: Path) -> Iterator[Path]:
    """The ``.loglint_cache`` folders under ``start`` (itself included), not through links."""
    if start.name == CACHE_FOLDER and not start.is_symlink() and start.is_dir():
        yield start
        return
    for folder, subfolders, _ in os.walk(start):
        for name in sorted(subfolders):
            path = Path(folder, name)
            if name == CACHE_FOLDER and not path.is_symlink():
                yield path
        subfolders[:] = sorted(name for name in subfolders if name != CACHE_FOLDER)


def made_by_loglint(folder: Path) -> bool:
    """Whether ``folder`` is a cache folder loglint created (the mark in its ``.gitignore``)."""
    try:
        return (folder / ".gitignore").read_text(encoding="utf-8").startswith(GITIGNORE_MARK)
    except (OSError, UnicodeDecodeError):
        return False


def clean(start: Path, named: Optional[Path]) -> Tuple[List[Path], List[str]]:
    """Remove the caches under ``start`` and the cache folder ``named``; the folders removed
    and the errors (one line each, naming the folder)."""
    removed: List[Path] = []
    errors: List[str] = []
    targets = list(caches_under(start))
    if named is not None and named.exists():
        if named.is_symlink() or not named.is_dir() or not made_by_loglint(named):
            errors.append(f"{named} is not a cache folder made by loglint (no .gitignore saying so): left alone")
        elif not any(named.resolve() == target.resolve() for target in targets):
            targets.append(named)
    for target in targets:
        try:
            shutil.rmtree(target)
        except OSError as error:
            errors.append(f"cannot remove {error.filename or target}: {error.strerror or error}")
        else:
            removed.append(target)
    return removed, errors
