"""Progress on stderr for long runs: ``loglint: 120/3400 files``, redrawn in place.

Shown only on a terminal (never in a pipe, a file or a CI log) and only once a run has
taken a second, so short runs print nothing extra.
"""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import Callable, Optional, TextIO, Type

DELAY = 1.0  # seconds before the first line
INTERVAL = 0.1  # seconds between redraws


def wanted(stream: TextIO) -> bool:
    """Progress goes to terminals outside CI only."""
    return stream.isatty() and not os.environ.get("CI")


class Progress:
    """Draws ``done/total`` on ``stream`` while a run takes long; erases it when closed."""

    def __init__(self, total: int, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.stream = stream
        self.clock = clock
        self.start = clock()
        self.drawn: Optional[float] = None

    def update(self, done: int) -> None:
        now = self.clock()
        if now - self.start >= DELAY and (self.drawn is None or now - self.drawn >= INTERVAL):
            self.stream.write(f"\rloglint: {done}/{self.total} files")
            self.stream.flush()
            self.drawn = now

    def close(self) -> None:
        if self.drawn is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: Optional[Type[BaseException]], error: Optional[BaseException], trace: Optional[TracebackType]
    ) -> None:
        self.close()
