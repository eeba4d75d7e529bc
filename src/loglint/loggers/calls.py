"""The records rules read: a logger as the model knows it, an ``except`` clause, and
one call that emits a log record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import libcst as cst

from loglint.expressions import is_false_constant
from loglint.loggers.libraries import LOGURU


@dataclass(frozen=True)
class LoggerRef:
    """What an expression that evaluates to a logger is known to be.

    ``how`` says why, for ``--show-loggers`` ("import", "project index: app.log.logger
    (assignment)", "name heuristic; library: the one the file imports"...). ``certain``:
    the library comes from the code itself (an import, a factory, an annotation, the
    project index) or from configuration that names it; not from a name's look, a file's
    imports or ``default-library``. Fixes whose effect depends on the library are safe
    only on a certain one.
    """

    library: Optional[str]  # None: a logger whose library is unknown
    how: str = "import"
    certain: bool = True
    root: bool = False  # the root logger through module-level functions (logging.info)
    bound: bool = False  # context was bound (bind/new with arguments)
    opt: Tuple[Tuple[str, cst.BaseExpression], ...] = ()  # loguru opt(...) keywords along the chain


@dataclass(eq=False)
class HandlerInfo:
    """An ``except`` clause and the facts rules need about its body."""

    node: cst.CSTNode  # ExceptHandler or ExceptStarHandler
    name: Optional[str]  # the bound name in ``except E as name``
    type_names: Tuple[str, ...]  # dotted names of the caught types; () for a bare except
    bare: bool
    reraises: bool = False
    calls: List[LogCall] = field(default_factory=list)
    try_node: Optional[cst.CSTNode] = None  # the Try or TryStar the clause belongs to
    siblings: List[HandlerInfo] = field(default_factory=list)  # every clause of that try, this one too


@dataclass(eq=False)
class LogCall:
    """One call that emits a log record."""

    node: cst.Call
    library: Optional[str]  # "logging", "loguru", "structlog" or None (unknown)
    certain: bool  # the library is known for certain (see LoggerRef)
    how: str  # how the receiver was resolved (LoggerRef.how)
    method: str
    level: Optional[str]  # "debug", "info", ... or None when ``log(level)`` is not a constant
    message: Optional[cst.BaseExpression]
    args: Tuple[cst.Arg, ...]  # positional arguments after the message
    keywords: Dict[str, cst.Arg]
    star_args: bool
    star_kwargs: bool
    opt: Dict[str, cst.BaseExpression]
    bound: bool
    root: bool
    handler: Optional[HandlerInfo]
    production: bool

    @property
    def is_loguru(self) -> bool:
        return self.library == LOGURU

    @property
    def exc_info(self) -> Optional[cst.BaseExpression]:
        arg = self.keywords.get("exc_info")
        return arg.value if arg is not None else None

    @property
    def records_traceback(self) -> bool:
        """True when the record carries the current exception's traceback."""
        if self.method in ("exception", "aexception"):
            return self.library != LOGURU or not is_false_constant(self.opt.get("exception"))
        if self.library == LOGURU:  # loguru takes exc_info=... as context, not as a traceback
            loguru_exc = self.opt.get("exception")
            return loguru_exc is not None and not is_false_constant(loguru_exc)
        exc = self.exc_info
        return exc is not None and not is_false_constant(exc)

    def applicability(self, wanted: str) -> str:
        """``wanted`` for a fix whose effect depends on the library, or "unsafe" when the
        library is a guess: the same change can add a traceback on loguru that it removes
        on stdlib logging, or call a method the logger does not have."""
        return wanted if self.certain else "unsafe"
