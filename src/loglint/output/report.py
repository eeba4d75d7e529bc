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

    ``findings`` are sorted by (path, line, column, code); ``rules`` holds every rule of
    the tool by code; ``sources`` maps paths to their text, at least for files with
    findings, as it was when the findings were computed.
    """

    findings: Sequence[Finding]
    errors: Sequence[FileError]
    rules: Mapping[str, RuleMeta]
    fixed: int
    sources: Mapping[str, str]
    unsafe_fixes_hidden: int
    unsafe_fixes: bool = False  # --unsafe-fixes given: unsafe fixes count as available
    path_errors: int = 0  # paths that could not be checked (reported on stderr): no success line
