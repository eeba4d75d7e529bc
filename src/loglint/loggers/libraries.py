"""What the three logging libraries are made of: their emitting methods, the calls and
types that give a logger, the methods that return another logger, and level names.

Data only, no libcst: the project index (``ast``) and the per-file resolver (libcst)
share these tables.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

from loglint.settings import LIBRARIES

STDLIB, LOGURU, STRUCTLOG = LIBRARIES

# Methods that emit a record, per library.
_STDLIB_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
_LOGURU_METHODS = frozenset(
    {"trace", "debug", "info", "success", "warning", "error", "critical", "exception", "log"}
)
_STRUCTLOG_METHODS = _STDLIB_METHODS | frozenset(
    {"msg", "err", "adebug", "ainfo", "awarning", "aerror", "aexception", "acritical", "afatal", "alog"}
)
LOG_METHODS: Mapping[Optional[str], frozenset[str]] = {
    STDLIB: _STDLIB_METHODS,
    LOGURU: _LOGURU_METHODS,
    STRUCTLOG: _STRUCTLOG_METHODS,
    None: _STDLIB_METHODS | _LOGURU_METHODS | _STRUCTLOG_METHODS,
}
ALL_LOG_METHODS = LOG_METHODS[None]
STRUCTLOG_ASYNC = frozenset(m for m in _STRUCTLOG_METHODS if m.startswith("a") and m != "alog")

METHOD_LEVEL = {
    "trace": "trace", "debug": "debug", "info": "info", "msg": "info", "success": "success",
    "warning": "warning", "warn": "warning", "error": "error", "err": "error",
    "exception": "error", "critical": "critical", "fatal": "critical",
}
NUMERIC_LEVEL = {5: "trace", 10: "debug", 20: "info", 25: "success", 30: "warning", 40: "error", 50: "critical"}
LEVEL_NAMES = {
    "TRACE": "trace", "DEBUG": "debug", "INFO": "info", "SUCCESS": "success", "WARNING": "warning",
    "WARN": "warning", "ERROR": "error", "CRITICAL": "critical", "FATAL": "critical",
}

# Calls that return a logger, by qualified name.
FACTORIES = {
    "logging.getLogger": STDLIB,
    "logging.Logger": STDLIB,
    "logging.LoggerAdapter": STDLIB,
    "logging.root": STDLIB,
    "structlog.get_logger": STRUCTLOG,
    "structlog.getLogger": STRUCTLOG,
    "structlog.wrap_logger": STRUCTLOG,
    "structlog.stdlib.get_logger": STRUCTLOG,
    "structlog.stdlib.BoundLogger": STRUCTLOG,
}
# Calls that return a logger class (a project class deriving from one is a logger).
CLASS_FACTORIES = {"logging.getLoggerClass": "logging.Logger"}
# Objects that are loggers, by qualified name.
LOGGER_OBJECTS = {"loguru.logger": LOGURU, "logging.root": STDLIB}
# Annotations that declare a parameter or attribute to be a logger; also the classes
# whose project subclasses are loggers of that library.
LOGGER_TYPES = {
    "logging.Logger": STDLIB,
    "logging.LoggerAdapter": STDLIB,
    "loguru.Logger": LOGURU,
    "loguru._logger.Logger": LOGURU,
    "structlog.BoundLogger": STRUCTLOG,
    "structlog.BoundLoggerBase": STRUCTLOG,
    "structlog.stdlib.BoundLogger": STRUCTLOG,
    "structlog.types.BindableLogger": STRUCTLOG,
    "structlog.typing.BindableLogger": STRUCTLOG,
    "structlog.typing.FilteringBoundLogger": STRUCTLOG,
    "structlog.types.FilteringBoundLogger": STRUCTLOG,
}
# Methods on a logger that return a logger of the same library.
# Bases from outside the project that do not make a class a logger: a project class on
# them alone (``class AsyncLogger(AsyncLoggerBase)``, ``class AsyncLoggerBase(ABC)``) is
# the project's own logger class, whose ``.exception()`` is no library's.
NOT_LOGGER_BASES = frozenset(
    {"abc.ABC", "typing.Protocol", "typing.Generic", "typing_extensions.Protocol", "typing.NamedTuple", "enum.Enum"}
)
CHAIN_METHODS: Mapping[Optional[str], frozenset[str]] = {
    STDLIB: frozenset({"getChild"}),
    LOGURU: frozenset({"opt", "bind", "patch"}),
    STRUCTLOG: frozenset({"bind", "new", "unbind", "try_unbind"}),
    None: frozenset({"bind", "new", "getChild"}),
}
LOGURU_ONLY_CHAIN = frozenset({"opt", "patch"})
BINDING_METHODS = frozenset({"bind", "new"})
# What an assigned call's callee must end with to give a logger (for loglint.pruning).
FACTORY_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in FACTORIES)
CHAIN_METHOD_NAMES = frozenset().union(*CHAIN_METHODS.values(), LOGURU_ONLY_CHAIN)

_LOGGER_LIKE = re.compile(r"^(?:_*(?:logger|log|LOG|LOGGER|Logger|Log)|.*_(?:logger|log|LOGGER|LOG))$")


def looks_like_logger(name: str) -> bool:
    """``logger``, ``_log``, ``LOGGER``, ``request_logger``, ``audit_log``..."""
    return _LOGGER_LIKE.match(name) is not None


def library_of(qualified: str) -> Optional[str]:
    """The logging library a qualified name belongs to (``structlog.stdlib.x`` -> structlog)."""
    top = qualified.split(".", 1)[0]
    return top if top in LIBRARIES else None
