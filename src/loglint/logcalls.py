"""What is a logging call: the one place that decides, for every call in a file,
whether it logs, through which library, and what it sends.

The checker feeds :class:`LoggerResolver` the imports, assignments and annotated
parameters of a file while it walks it, and collects every call. After the walk,
:meth:`LoggerResolver.log_call` turns a call into a :class:`LogCall` record (or
``None``). Resolving after the walk means a logger assigned below the function
that uses it is still known.

Rules read :class:`LogCall` records; they never re-discover loggers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Tuple

import libcst as cst

from loglint.settings import LIBRARIES

STDLIB = "logging"
LOGURU = "loguru"
STRUCTLOG = "structlog"

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
_STRUCTLOG_ASYNC = frozenset(m for m in _STRUCTLOG_METHODS if m.startswith("a") and m != "alog")

_METHOD_LEVEL = {
    "trace": "trace", "debug": "debug", "info": "info", "msg": "info", "success": "success",
    "warning": "warning", "warn": "warning", "error": "error", "err": "error",
    "exception": "error", "critical": "critical", "fatal": "critical",
}
_NUMERIC_LEVEL = {5: "trace", 10: "debug", 20: "info", 25: "success", 30: "warning", 40: "error", 50: "critical"}
_LEVEL_NAMES = {
    "TRACE": "trace", "DEBUG": "debug", "INFO": "info", "SUCCESS": "success", "WARNING": "warning",
    "WARN": "warning", "ERROR": "error", "CRITICAL": "critical", "FATAL": "critical",
}

# Calls that return a logger, by qualified name.
_FACTORIES = {
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
# Annotations that declare a parameter or attribute to be a logger.
_LOGGER_TYPES = {
    "logging.Logger": STDLIB,
    "logging.LoggerAdapter": STDLIB,
    "loguru.Logger": LOGURU,
    "loguru._logger.Logger": LOGURU,
    "structlog.BoundLogger": STRUCTLOG,
    "structlog.stdlib.BoundLogger": STRUCTLOG,
    "structlog.types.BindableLogger": STRUCTLOG,
    "structlog.typing.BindableLogger": STRUCTLOG,
    "structlog.typing.FilteringBoundLogger": STRUCTLOG,
}
# Methods on a logger that return a logger of the same library.
_CHAIN_METHODS: Mapping[Optional[str], frozenset[str]] = {
    STDLIB: frozenset({"getChild"}),
    LOGURU: frozenset({"opt", "bind", "patch"}),
    STRUCTLOG: frozenset({"bind", "new", "unbind", "try_unbind"}),
    None: frozenset({"bind", "new", "getChild"}),
}
_LOGURU_ONLY_CHAIN = frozenset({"opt", "patch"})
# What an assigned call's callee must end with to give a logger (for loglint.pruning).
FACTORY_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in _FACTORIES)
CHAIN_METHOD_NAMES = frozenset().union(*_CHAIN_METHODS.values(), _LOGURU_ONLY_CHAIN)
_BINDING_METHODS = frozenset({"bind", "new"})

_LOGGER_LIKE = re.compile(r"^(?:_*(?:logger|log|LOG|LOGGER|Logger|Log)|.*_(?:logger|log|LOGGER|LOG))$")


def looks_like_logger(name: str) -> bool:
    """``logger``, ``_log``, ``LOGGER``, ``request_logger``, ``audit_log``..."""
    return _LOGGER_LIKE.match(name) is not None


def dotted_name(expr: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a chain of names and attributes, else None."""
    parts: List[str] = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return None
    parts.append(expr.value)
    return ".".join(reversed(parts))


def string_value(expr: cst.BaseExpression) -> Optional[str]:
    """The text of a plain str literal, or of an implicit concatenation of them; None
    for bytes, f-strings and anything else.

    ``SimpleString.evaluated_value`` compiles the literal each time; most literals
    have no escapes and their text is their body.
    """
    if isinstance(expr, cst.SimpleString):
        prefix = expr.prefix
        if "b" in prefix or "B" in prefix:
            return None
        quote = expr.quote
        body = expr.value[len(prefix) + len(quote): -len(quote)]
        if "\r" not in body and ("\\" not in body or "r" in prefix or "R" in prefix):
            return body  # (a CR in the source reads as a LF: leave that to the compiler)
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(expr, cst.ConcatenatedString):
        left, right = string_value(expr.left), string_value(expr.right)
        return left + right if left is not None and right is not None else None
    return None


def keyword_args(call: cst.Call) -> Dict[str, cst.Arg]:
    return {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}


@dataclass(frozen=True)
class LoggerRef:
    """What an expression that evaluates to a logger is known to be."""

    library: Optional[str]  # None: a logger whose library is unknown
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


@dataclass(eq=False)
class LogCall:
    """One call that emits a log record."""

    node: cst.Call
    library: Optional[str]  # "logging", "loguru", "structlog" or None (unknown)
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


def is_false_constant(expr: Optional[cst.BaseExpression]) -> bool:
    """``False``, ``None``, ``0`` (what a traceback flag cannot mean "yes" by)."""
    if isinstance(expr, cst.Name):
        return expr.value in ("False", "None")
    return isinstance(expr, cst.Integer) and expr.value == "0"


def is_true_constant(expr: Optional[cst.BaseExpression]) -> bool:
    if isinstance(expr, cst.Name):
        return expr.value == "True"
    return isinstance(expr, cst.Integer) and expr.value not in ("0",)


class LoggerResolver:
    """Tracks what names mean in one file and resolves expressions to loggers."""

    def __init__(self, logger_names: Mapping[str, Optional[str]], default_library: Optional[str]) -> None:
        self._configured = logger_names
        self._default_library = default_library
        self.imported_libraries: set[str] = set()
        # local name -> fully qualified name, from imports ("lg" -> "logging", "info" -> "logging.info")
        self.imports: Dict[str, str] = {}
        self.names: Dict[str, LoggerRef] = {}  # local names bound to loggers
        self.attributes: Dict[str, LoggerRef] = {}  # attribute names (self.x, cls.x) bound to loggers

    # -- facts collected during the walk -------------------------------------------

    def add_import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            top = full.split(".", 1)[0]
            if top in LIBRARIES:
                self.imported_libraries.add(top)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.imports[alias.asname.name.value] = full
            else:
                self.imports[top] = top

    def add_import_from(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = dotted_name(node.module)
        if module is None:
            return
        top = module.split(".", 1)[0]
        if top in LIBRARIES:
            self.imported_libraries.add(top)
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            local = alias.name.value
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.imports[local] = f"{module}.{alias.name.value}"

    def add_assignment(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        ref = self.resolve(value)
        if ref is None:
            return
        if isinstance(target, cst.Name):
            self.names[target.value] = ref
        elif isinstance(target, cst.Attribute):
            self.attributes[target.attr.value] = ref

    def add_annotation(self, target: cst.BaseExpression, annotation: cst.BaseExpression) -> None:
        qualified = self.qualify(annotation)
        library = _LOGGER_TYPES.get(qualified or "")
        if library is None:
            return
        ref = LoggerRef(library)
        if isinstance(target, cst.Name):
            self.names[target.value] = ref
        elif isinstance(target, cst.Attribute):
            self.attributes[target.attr.value] = ref

    # -- resolution, after the walk ------------------------------------------------

    def qualify(self, expr: cst.BaseExpression) -> Optional[str]:
        """The fully qualified name of a dotted expression, through the file's imports."""
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        base = self.imports.get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    @property
    def file_library(self) -> Optional[str]:
        """The library of a logger of unknown origin in this file."""
        if len(self.imported_libraries) == 1:
            return next(iter(self.imported_libraries))
        return self._default_library

    def _configured_ref(self, key: str) -> Optional[LoggerRef]:
        if key not in self._configured:
            return None
        library = self._configured[key]
        return LoggerRef(library if library is not None else self.file_library)

    def resolve(self, expr: cst.BaseExpression) -> Optional[LoggerRef]:
        """The logger an expression evaluates to, or None when it is not (known to be) one."""
        if isinstance(expr, cst.Name):
            return self._resolve_name(expr.value)
        if isinstance(expr, cst.Attribute):
            return self._resolve_attribute(expr)
        if isinstance(expr, cst.Call):
            return self._resolve_call(expr)
        return None

    def _resolve_name(self, name: str) -> Optional[LoggerRef]:
        ref = self.names.get(name)
        if ref is not None:
            return ref
        qualified = self.imports.get(name)
        if qualified is not None:
            configured = self._configured_ref(qualified) or self._configured_ref(name)
            if configured is not None:
                return configured
            if qualified == "loguru.logger":
                return LoggerRef(LOGURU)
            if qualified == "logging.root":
                return LoggerRef(STDLIB, root=True)
            if qualified.split(".", 1)[0] in LIBRARIES:
                return None  # a module or function of a logging library, not a logger
            if qualified.rsplit(".", 1)[-1] == "log":
                return None  # `from distutils import log`, `from twisted.python import log`: modules
            return LoggerRef(self.file_library) if looks_like_logger(name) else None
        configured = self._configured_ref(name)
        if configured is not None:
            return configured
        return LoggerRef(self.file_library) if looks_like_logger(name) else None

    def _resolve_attribute(self, expr: cst.Attribute) -> Optional[LoggerRef]:
        qualified = self.qualify(expr)
        if qualified is not None:
            configured = self._configured_ref(qualified)
            if configured is not None:
                return configured
            if qualified == "loguru.logger":
                return LoggerRef(LOGURU)
            if qualified == "logging.root":
                return LoggerRef(STDLIB, root=True)
            if qualified.split(".", 1)[0] in LIBRARIES:
                return None
        dotted = dotted_name(expr)
        if dotted is not None:
            configured = self._configured_ref(dotted)
            if configured is not None:
                return configured
        name = expr.attr.value
        ref = self.attributes.get(name)
        if ref is not None:
            return ref
        configured = self._configured_ref(name)
        if configured is not None:
            return configured
        return LoggerRef(self.file_library) if looks_like_logger(name) else None

    def _resolve_call(self, call: cst.Call) -> Optional[LoggerRef]:
        func = call.func
        qualified = self.qualify(func)
        if qualified is not None:
            library = _FACTORIES.get(qualified)
            if library is not None:
                return LoggerRef(library)
        if not isinstance(func, cst.Attribute):
            return None
        method = func.attr.value
        if method not in _CHAIN_METHODS[None] and method not in _LOGURU_ONLY_CHAIN:
            return None
        base = self.resolve(func.value)
        if base is None or base.root:
            return None
        library = base.library
        if library is None and method in _LOGURU_ONLY_CHAIN:
            library = LOGURU  # only loguru loggers have opt() and patch()
        if method not in _CHAIN_METHODS[library]:
            return None
        bound = base.bound or (method in _BINDING_METHODS and bool(call.args))
        opt = base.opt
        if method == "opt":
            opt = opt + tuple((k, arg.value) for k, arg in keyword_args(call).items())
        return LoggerRef(library, bound=bound, opt=opt)

    def log_call(
        self, call: cst.Call, handler: Optional[HandlerInfo], production: bool
    ) -> Optional[LogCall]:
        """The :class:`LogCall` for ``call``, or None when it does not log."""
        func = call.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method not in ALL_LOG_METHODS:
                return None
            receiver = func.value
            qualified = self.qualify(receiver)
            if qualified == STDLIB:
                ref: Optional[LoggerRef] = LoggerRef(STDLIB, root=True)
            else:
                ref = self.resolve(receiver)
        elif isinstance(func, cst.Name):
            qualified = self.imports.get(func.value)
            if qualified is None or not qualified.startswith("logging."):
                return None
            method = qualified[len("logging."):]
            ref = LoggerRef(STDLIB, root=True)
        else:
            return None
        if ref is None or method not in LOG_METHODS[ref.library]:
            return None
        return self._build(call, method, ref, handler, production)

    def _build(
        self, call: cst.Call, method: str, ref: LoggerRef, handler: Optional[HandlerInfo], production: bool
    ) -> LogCall:
        positional: List[cst.Arg] = []
        keywords: Dict[str, cst.Arg] = {}
        star_args = star_kwargs = False
        for arg in call.args:
            if arg.keyword is not None:
                keywords[arg.keyword.value] = arg
            elif arg.star == "*":
                star_args = True
                break  # positions after *args are unknown
            elif arg.star == "**":
                star_kwargs = True
            else:
                positional.append(arg)
        star_kwargs = star_kwargs or any(arg.star == "**" for arg in call.args[len(positional):])
        has_level = method in ("log", "alog")
        level: Optional[str] = None
        message_index = 1 if has_level else 0
        if has_level:
            level = self._level_of(positional[0].value) if positional else None
        else:
            level = _METHOD_LEVEL.get(method[1:] if method in _STRUCTLOG_ASYNC else method)
        message: Optional[cst.BaseExpression] = None
        args: Tuple[cst.Arg, ...] = ()
        if len(positional) > message_index:
            message = positional[message_index].value
            args = tuple(positional[message_index + 1:])
        else:
            key = "event" if ref.library == STRUCTLOG else "msg"
            if key in keywords and ref.library != LOGURU:
                message = keywords[key].value
        return LogCall(
            node=call,
            library=ref.library,
            method=method,
            level=level,
            message=message,
            args=args,
            keywords=keywords,
            star_args=star_args,
            star_kwargs=star_kwargs,
            opt=dict(ref.opt),
            bound=ref.bound,
            root=ref.root,
            handler=handler,
            production=production,
        )

    def _level_of(self, expr: cst.BaseExpression) -> Optional[str]:
        if isinstance(expr, cst.Integer):
            return _NUMERIC_LEVEL.get(int(expr.value, 0))
        if isinstance(expr, cst.SimpleString):
            return _LEVEL_NAMES.get((string_value(expr) or "").upper())
        qualified = self.qualify(expr)
        if qualified is not None and qualified.startswith("logging."):
            return _LEVEL_NAMES.get(qualified[len("logging."):])
        return None
