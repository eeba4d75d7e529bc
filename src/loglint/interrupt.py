"""Stopping a run on SIGINT (Ctrl-C) or SIGTERM: exit 130 or 143 with one line, nothing half-done.

In loglint's own process the two signals raise :class:`Interrupted`, which no
``except Exception`` of a rule or of the engine can swallow and which click does not
turn into its ``Aborted!`` (exit 1, the code for "findings remain"). The runner stops
its worker processes on the way out (:mod:`loglint.runner`); a fix being written is
finished first (:func:`held`), so every file holds its old bytes or its fixed ones, and
the cache, which is saved only at the end of a run, stays as it was.
"""

from __future__ import annotations

import contextlib
import signal
from types import FrameType
from typing import Iterator, Optional

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; ``exit_status`` is the shell's 128 + signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.name = signal.Signals(signum).name
        self.exit_status = 128 + signum


def _raise(signum: int, frame: Optional[FrameType]) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def raising() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted` (main thread only)."""
    previous = [signal.signal(signum, _raise) for signum in SIGNALS]
    try:
        yield
    finally:
        for signum, handler in zip(SIGNALS, previous):
            signal.signal(signum, handler)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (where the platform can block signals)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignored_in_worker() -> None:
    """A worker process leaves the signals to its parent, which ends it with SIGTERM.

    Ctrl-C reaches every process of the terminal's foreground group; a worker ignores
    it. SIGTERM ends a worker at once (not between two files), except while
    :func:`held` holds it off.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
