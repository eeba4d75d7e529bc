"""What the printers receive: the findings and errors of a run and what is known about rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from loglint.findings import FileError, Finding


@dataclass(frozen=True)
class RuleMeta:
    """What printers may know about a rule, passed in by the caller."""

    code: str
    name: str
    summary: str
    description: str
    fixable: bool
    default_enabled: bool
    url: Optional[str]


@dataclass(frozen=True)
class Report:
    """Everything one run has to say.

    ``findings`` are sorted by (path, cell, line, column, code); ``rules`` holds every
    rule of the tool by code; ``sources`` maps paths to their text, at least for files
    with findings, as it was when the findings were computed (a notebook's cells under
    :func:`cell_key`).
    """

    findings: Sequence[Finding]
    errors: Sequence[FileError]
    rules: Mapping[str, RuleMeta]
    fixed: int
    sources: Mapping[str, str]
    unsafe_fixes_hidden: int
    unsafe_fixes: bool = False  # --unsafe-fixes given: unsafe fixes count as available
    path_errors: int = 0  # paths that could not be checked (reported on stderr): no success line

    def source(self, path: str, cell: Optional[int] = None) -> Optional[str]:
        """The text of ``path``, or of its ``cell`` in a notebook."""
        return self.sources.get(path if cell is None else cell_key(path, cell))


def cell_key(path: str, cell: int) -> str:
    """Where :attr:`Report.sources` keeps the text of a notebook's cell (no path has a NUL)."""
    return f"{path}\0{cell}"
