"""The index store: module facts kept between runs, keyed by each file's stat.

One JSON file per loglint version and project root, in the result cache's folder
(``index-<key>.json``): for each module
the index read, its stat (modification and change times, size, inode) and its facts.
A module whose stat has not changed is not read or parsed again. Like the result
cache it only ever saves time: an unreadable store is ignored, one that cannot be
written is skipped, and concurrent runs at worst each lose what the other added.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from loglint import __version__
from loglint.atomic import replace_file
from loglint.cache import RACY_SECONDS, file_stamp
from loglint.loggers.facts import Facts


@dataclass(frozen=True)
class Stored:
    facts: Optional[Facts]  # None: the module does not parse


class FactStore:
    """``folder`` None: a store that remembers nothing between runs."""

    def __init__(self, folder: Optional[Path], root: Path) -> None:
        self.root = root
        key = hashlib.blake2b(f"{__version__}\0{root}".encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
        self.path = None if folder is None else folder / f"index-{key}.json"
        self._started_ns = time.time_ns()
        self._entries: Dict[str, List[Any]] = {}
        self.new: Dict[str, List[Any]] = {}  # what this process added: sent back by pool workers
        if self.path is not None:
            try:
                with open(self.path, encoding="utf-8") as handle:
                    loaded = json.load(handle)
                if isinstance(loaded, dict):
                    self._entries = loaded
            except (OSError, ValueError):
                pass

    def get(self, path: str, file: Path) -> Optional[Stored]:
        """The facts stored for ``path`` when ``file``'s stat is the one they were read with."""
        entry = self._entries.get(path)
        stamp = file_stamp(file)
        if stamp is None or not isinstance(entry, list) or len(entry) != 5 or tuple(entry[:4]) != stamp:
            return None
        facts = entry[4]
        return Stored(facts if isinstance(facts, dict) else None)

    def put(self, path: str, file: Path, facts: Optional[Facts]) -> None:
        stamp = file_stamp(file)
        if stamp is None or max(stamp[0], stamp[1]) > self._started_ns - RACY_SECONDS * 1_000_000_000:
            return  # it may change again within the timestamp's granularity
        self.new[path] = [*stamp, facts]
        self._entries[path] = self.new[path]

    def take_new(self) -> List[Tuple[str, List[Any]]]:
        """What was added since the last call (a worker sends it back with a result)."""
        new, self.new = list(self.new.items()), {}
        return new

    def merge(self, entries: Iterable[Tuple[str, List[Any]]]) -> None:
        for path, entry in entries:
            self._entries[path] = entry
            self.new[path] = entry

    def save(self) -> None:
        if self.path is None or not self.new:
            return
        kept = {path: entry for path, entry in self._entries.items() if path in self.new or os.path.lexists(self.root / path)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(self.path, json.dumps(kept, separators=(",", ":")).encode())
        except OSError:
            pass
        self.new = {}
