"""What a check produces: findings, their fixes and the edits that make them up.

Positions are 1-based lines and 1-based columns (code points), as users and
ruff's JSON expect. ``end_line``/``end_column`` point just past the range. In a
notebook, lines are those of the ``cell`` (and a fix's edits those of its cells).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Literal, Optional, Tuple

Applicability = Literal["safe", "unsafe"]


@dataclass(frozen=True)
class Edit:
    """Replace the text between two positions with ``content``."""

    content: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: Tuple[Edit, ...] = ()


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Optional[Fix] = None
    cell: Optional[int] = None  # in a notebook, the cell (1-based) whose lines ``line`` counts

    @property
    def sort_key(self) -> Tuple[str, int, int, int, str]:
        return (self.path, self.cell or 0, self.line, self.column, self.code)


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked (syntax error, undecodable) or crashed a rule.

    ``code`` is ``LL000`` for syntax and decoding errors; ``internal`` marks a bug in
    loglint that the user should report.
    """

    path: str
    message: str
    line: int = 1
    column: int = 1
    internal: bool = False
    cell: Optional[int] = None  # as for findings


@dataclass(frozen=True)
class LoggerUse:
    """One logging call as the logger model sees it (``--show-loggers``)."""

    path: str
    line: int
    column: int
    receiver: str  # the logger's source text (``self.log``), or the function (``logging.info``)
    method: str
    library: Optional[str]  # None: unknown
    certain: bool
    how: str
    cell: Optional[int] = None  # as for findings


@dataclass
class FileResult:
    """Everything one file produced: remaining findings, errors, and fix bookkeeping."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    fixed_count: int = 0
    fixed_codes: Dict[str, int] = field(default_factory=dict)  # code -> fixes applied, for --show-fixes
    unsafe_hidden: int = 0  # fixes that only --unsafe-fixes would apply
    fixed_source: Optional[bytes] = None  # set when fixes changed the file
    original_source: Optional[bytes] = None
    # What the file asked the project index, and the answers (loglint.loggers.index.replay).
    index_deps: List[List[Any]] = field(default_factory=list)
    # Module facts a pool worker read for the index store: [(path, entry), ...].
    index_facts: List[Tuple[str, List[Any]]] = field(default_factory=list)
    own_facts: Optional[Dict[str, Any]] = None  # the file's own index facts, until _keep_facts stores them
    loggers: List[LoggerUse] = field(default_factory=list)  # with --show-loggers
