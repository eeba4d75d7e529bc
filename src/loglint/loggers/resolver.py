"""Which calls of one file log, through which library, and how sure that is.

The checker feeds :class:`LoggerResolver` the imports, assignments and annotations of
a file while it walks it, and collects every call with its :class:`Scope`. After the
walk, :meth:`LoggerResolver.log_call` turns a call into a :class:`LogCall` (or None).
Resolving after the walk means a logger assigned below the function that uses it is
still known.

An expression is resolved in this order; the first that answers wins:

1. ``logger-names`` from the configuration;
2. what the file itself says: logging imports (``from loguru import logger``), factories
   (``logging.getLogger``), methods that return a logger (``.bind()``), assignments and
   annotations;
3. the project index (:mod:`loglint.loggers.index`): names imported from the project's
   own modules, functions and methods that return loggers, attributes of ``self`` and
   ``cls`` through the project's classes. An answer that the name is something else (a
   module, a function, a class) is final too;
4. the name heuristic: a name that looks like a logger (``logger``, ``_log``, ``LOG``...)
   is one, of the one logging library the file imports at module level (else in the
   call's function), else of ``default-library``, else of an unknown library.

Only 1 (with a library named), 2 and 3 make the library certain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Mapping, Optional, Set, Tuple

import libcst as cst

from loglint.expressions import dotted_name, keyword_args, string_value
from loglint.loggers.calls import HandlerInfo, LogCall, LoggerRef
from loglint.loggers.facts import Expr
from loglint.loggers.index import FileView, Value
from loglint.loggers.libraries import (
    ALL_LOG_METHODS,
    BINDING_METHODS,
    CHAIN_METHODS,
    FACTORIES,
    LEVEL_NAMES,
    LOG_METHODS,
    LOGGER_OBJECTS,
    LOGGER_TYPES,
    LOGURU,
    LOGURU_ONLY_CHAIN,
    METHOD_LEVEL,
    NUMERIC_LEVEL,
    STDLIB,
    STRUCTLOG,
    STRUCTLOG_ASYNC,
    library_of,
    looks_like_logger,
)

_NOT_LOGGERS = ("M", "C", "F", "I")  # index answers that rule a logger out: a module, a class, a function, an object


@dataclass(eq=False)
class Scope:
    """The function (or module) around a call, as far as resolving names needs."""

    parent: Optional[Scope] = None
    kind: str = "module"  # "module", "class" (a class body) or "function" (also a lambda)
    class_name: Optional[str] = None  # qualified name of the class whose method (or body) this is
    self_name: Optional[str] = None  # that method's first parameter
    libraries: Set[str] = field(default_factory=set)  # logging libraries imported in this function
    params: FrozenSet[str] = frozenset()  # the function's parameter names

    def shadows(self, name: str) -> bool:
        """Whether ``name`` is a parameter of this function or of one around it
        (``def hint(msg, logging=None)``): not the module-level import there."""
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.params:
                return True
            scope = scope.parent
        return False

    def guess_libraries(self) -> Set[str]:
        found: Set[str] = set()
        scope: Optional[Scope] = self
        while scope is not None and not found:
            found = scope.libraries
            scope = scope.parent
        return found



def _either(left: Optional[LoggerRef], right: Optional[LoggerRef]) -> Optional[LoggerRef]:
    """``a or b``, ``a if c else b``: the logger either side gives; of no library when they disagree."""
    if left is None or right is None or left.library == right.library:
        return left or right
    return LoggerRef(None, f"either a {left.library} or a {right.library} logger", certain=False)


class LoggerResolver:
    """Tracks what names mean in one file and resolves expressions to loggers."""

    def __init__(
        self,
        logger_names: Mapping[str, Optional[str]],
        default_library: Optional[str],
        index: Optional[FileView] = None,
    ) -> None:
        self._configured = logger_names
        self._default_library = default_library
        self._index = index
        self.module_scope = Scope()
        # local name -> fully qualified name, from absolute imports ("lg" -> "logging", "info" -> "logging.info")
        self.imports: Dict[str, str] = {}
        self._import_exprs: Dict[str, Expr] = {}  # local name -> ["i", module, level, name], for the index
        self._assigned: Dict[str, List[Tuple[cst.BaseExpression, Scope]]] = {}
        self._annotated: Dict[str, cst.BaseExpression] = {}
        self._attr_assigned: Dict[str, List[Tuple[cst.BaseExpression, Scope]]] = {}
        self._attr_annotated: Dict[str, cst.BaseExpression] = {}
        self._limits: Dict[str, int] = {}  # name -> definitions visible while resolving one of them
        self._attr_limits: Dict[str, int] = {}
        self._names: Dict[Tuple[str, Scope], Optional[LoggerRef]] = {}

    # -- facts collected during the walk -------------------------------------------

    def add_import(self, node: cst.Import, scope: Scope) -> None:
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            top = full.split(".", 1)[0]
            if library_of(top):
                scope.libraries.add(top)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
                self.imports[local] = full
                self._import_exprs[local] = ["i", full, 0, None]
            else:
                self.imports[top] = top
                self._import_exprs[top] = ["i", top, 0, None]

    def add_import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        module = dotted_name(node.module) if node.module is not None else ""
        if module is None:
            return
        level = len(node.relative)
        if not level and library_of(module):
            scope.libraries.add(module.split(".", 1)[0])
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            local = alias.name.value
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            if not level:
                self.imports[local] = f"{module}.{alias.name.value}"
            self._import_exprs[local] = ["i", module, level, alias.name.value]

    def add_assignment(self, target: cst.BaseExpression, value: cst.BaseExpression, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            self._assigned.setdefault(target.value, []).append((value, scope))
            self._names.clear()
        elif isinstance(target, cst.Attribute):
            self._attr_assigned.setdefault(target.attr.value, []).append((value, scope))

    def add_annotation(self, target: cst.BaseExpression, annotation: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self._annotated[target.value] = annotation
            self._names.clear()
        elif isinstance(target, cst.Attribute):
            self._attr_annotated[target.attr.value] = annotation

    # -- resolution, after the walk ------------------------------------------------

    def qualify(self, expr: cst.BaseExpression) -> Optional[str]:
        """The fully qualified name of a dotted expression, through the file's absolute imports."""
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        base = self.imports.get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    def _guessed(self, scope: Scope, what: str) -> LoggerRef:
        libraries = self.module_scope.libraries or scope.guess_libraries()
        if len(libraries) == 1:
            library = next(iter(libraries))
            return LoggerRef(library, f"{what}; library guessed: the file imports only {library}", certain=False)
        if self._default_library is not None:
            return LoggerRef(self._default_library, f"{what}; library guessed: default-library", certain=False)
        return LoggerRef(None, f"{what}; library unknown", certain=False)

    def _configured_ref(self, key: str, scope: Scope) -> Optional[LoggerRef]:
        if key not in self._configured:
            return None
        library = self._configured[key]
        if library is not None:
            return LoggerRef(library, f"configured: logger-names `{key}`")
        return self._guessed(scope, f"configured: logger-names `{key}`")

    def resolve(self, expr: cst.BaseExpression, scope: Optional[Scope] = None) -> Optional[LoggerRef]:
        """The logger an expression evaluates to in ``scope`` (default: module level), or
        None when it is not (known to be) one."""
        scope = scope or self.module_scope
        if isinstance(expr, cst.Name):
            return self._resolve_name(expr.value, scope)
        if isinstance(expr, cst.Attribute):
            return self._resolve_attribute(expr, scope)
        if isinstance(expr, cst.Call):
            return self._resolve_call(expr, scope)
        if isinstance(expr, cst.BooleanOperation):
            return _either(self.resolve(expr.left, scope), self.resolve(expr.right, scope))
        if isinstance(expr, cst.IfExp):
            return _either(self.resolve(expr.body, scope), self.resolve(expr.orelse, scope))
        return None

    def _annotation_library(self, annotation: cst.BaseExpression) -> Optional[str]:
        """The library of a logger type annotation: ``logging.Logger``, ``"loguru.Logger"``,
        ``Optional[structlog.BoundLogger]``, ``Logger | None``."""
        if isinstance(annotation, (cst.SimpleString, cst.ConcatenatedString)):
            text = (string_value(annotation) or "").strip()
            head, _, rest = text.partition(".")
            base = self.imports.get(head)
            return LOGGER_TYPES.get(f"{base}.{rest}" if rest else base) if base is not None else None
        if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
            return self._annotation_library(annotation.left) or self._annotation_library(annotation.right)
        if isinstance(annotation, cst.Subscript) and (dotted_name(annotation.value) or "").rsplit(".", 1)[-1] in ("Optional", "Union"):
            for element in annotation.slice:
                if isinstance(element.slice, cst.Index):
                    library = self._annotation_library(element.slice.value)
                    if library is not None:
                        return library
            return None
        return LOGGER_TYPES.get(self.qualify(annotation) or "")

    def _resolve_name(self, name: str, scope: Scope) -> Optional[LoggerRef]:
        if name in self._limits:
            return self._resolve_name_uncached(name, scope)  # a rebinding: not the name's final answer
        key = (name, scope)
        if key not in self._names:
            self._names[key] = self._resolve_name_uncached(name, scope)
        return self._names[key]

    def _resolve_name_uncached(self, name: str, scope: Scope) -> Optional[LoggerRef]:
        qualified = self.imports.get(name)
        configured = (self._configured_ref(qualified, scope) if qualified else None) or self._configured_ref(name, scope)
        if configured is not None:
            return configured
        local = self._bound_ref(name, self._assigned, self._limits, self._annotated)
        if local is not None:
            return local
        if qualified is not None:
            library = LOGGER_OBJECTS.get(qualified)
            if library is not None:
                return LoggerRef(library, "import", root=qualified == "logging.root")
            if library_of(qualified):
                return None  # a module or function of a logging library, not a logger
        if scope.self_name is not None and name == scope.self_name:
            return None  # `self.log(name, value)`: the object itself is not a logger
        indexed = self._indexed(cst.Name(name), scope)
        if indexed is not None:
            return indexed[0]
        if qualified is not None and qualified.rsplit(".", 1)[-1] == "log":
            return None  # `from distutils import log`, `from twisted.python import log`: modules
        return self._guessed(scope, "name heuristic") if looks_like_logger(name) else None

    def _bound_ref(
        self,
        name: str,
        assigned: Dict[str, List[Tuple[cst.BaseExpression, Scope]]],
        limits: Dict[str, int],
        annotated: Dict[str, cst.BaseExpression],
    ) -> Optional[LoggerRef]:
        """What the file binds ``name`` (a name, or an attribute) to: an assignment, else an annotation."""
        ref = self._assigned_ref(name, assigned, limits)
        if ref is not None:
            return ref
        annotation = annotated.get(name)
        library = self._annotation_library(annotation) if annotation is not None else None
        return LoggerRef(library, "annotation") if library is not None else None

    def _assigned_ref(
        self, name: str, assigned: Dict[str, List[Tuple[cst.BaseExpression, Scope]]], limits: Dict[str, int]
    ) -> Optional[LoggerRef]:
        """The logger the last assignment to ``name`` (a name, or an attribute of any
        object) that gives one gives. While one assignment is resolved, the name stands
        for the assignments before it (``logger = logger.bind(x=1)``)."""
        definitions = assigned.get(name)
        if not definitions:
            return None
        limit = limits.get(name, len(definitions))
        try:
            for index in reversed(range(limit)):
                limits[name] = index
                value, value_scope = definitions[index]
                ref = self.resolve(value, value_scope)
                if ref is not None:
                    return ref
        finally:
            if limit == len(definitions):
                del limits[name]
            else:
                limits[name] = limit
        return None

    def _resolve_attribute(self, expr: cst.Attribute, scope: Scope) -> Optional[LoggerRef]:
        qualified = self.qualify(expr)
        if qualified is not None:
            configured = self._configured_ref(qualified, scope)
            if configured is not None:
                return configured
            library = LOGGER_OBJECTS.get(qualified)
            if library is not None:
                return LoggerRef(library, "import", root=qualified == "logging.root")
            if library_of(qualified):
                return None
        dotted = dotted_name(expr)
        if dotted is not None:
            configured = self._configured_ref(dotted, scope)
            if configured is not None:
                return configured
        name = expr.attr.value
        indexed = self._indexed(expr, scope)
        if indexed is not None:
            return indexed[0]
        ref = self._bound_ref(name, self._attr_assigned, self._attr_limits, self._attr_annotated)
        if ref is not None:
            return ref
        configured = self._configured_ref(name, scope)
        if configured is not None:
            return configured
        return self._guessed(scope, "name heuristic") if looks_like_logger(name) else None

    def _resolve_call(self, call: cst.Call, scope: Scope) -> Optional[LoggerRef]:
        func = call.func
        qualified = self.qualify(func)
        if qualified is not None:
            library = FACTORIES.get(qualified)
            if library is not None:
                return LoggerRef(library, f"`{qualified}()`")
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in CHAIN_METHODS[None] or method in LOGURU_ONLY_CHAIN:
                return self._chained(call, func, method, scope)
        indexed = self._indexed(call, scope)
        return indexed[0] if indexed is not None else None

    def _chained(self, call: cst.Call, func: cst.Attribute, method: str, scope: Scope) -> Optional[LoggerRef]:
        """``logger.bind(...)``, ``logger.opt(...)``: a logger of the same library."""
        base = self.resolve(func.value, scope)
        if base is None or base.root:
            return None
        library, certain, how = base.library, base.certain, base.how
        if library is None and method in LOGURU_ONLY_CHAIN:
            library, certain, how = LOGURU, False, f"{how}; `.{method}()` is loguru's"
        if method not in CHAIN_METHODS[library]:
            return None
        bound = base.bound or (method in BINDING_METHODS and bool(call.args))
        opt = base.opt
        if method == "opt":
            opt = opt + tuple((k, arg.value) for k, arg in keyword_args(call).items())
        return LoggerRef(library, how, certain, bound=bound, opt=opt)

    # -- the project index -----------------------------------------------------------

    def _indexed(self, expr: cst.BaseExpression, scope: Scope) -> Optional[Tuple[Optional[LoggerRef]]]:
        """What the project index says ``expr`` is: ``(ref,)`` when it answers (``ref`` None
        when the answer is "not a logger"), None when it does not know."""
        if self._index is None:
            return None
        encoded = self._encode(expr, scope, 0)
        if encoded is None:
            return None
        value: Value = self._index.evaluate(encoded, scope.class_name)
        if value is None:
            return None
        if value[0] == "L":
            library, how = value[1], value[2]
            return (LoggerRef(library, f"project index: {how}", certain=library is not None),)
        if value[0] == "I" and len(value) > 3 and value[3]:
            return None  # a class with a base from outside the project: it may be a logger
        if value[0] in _NOT_LOGGERS:
            return (None,)
        return None

    @property
    def has_index(self) -> bool:
        """Whether the project index is there to ask (not for text linted on its own)."""
        return self._index is not None

    def project_search(self, kind: str, *names: str) -> Optional[str]:
        """The project module that defines (``kind`` "def") or mentions (``kind`` "word";
        "other": and is not this one) one of ``names``, by
        :meth:`loglint.loggers.index.ProjectIndex.search`; None when none does or there is
        no index."""
        if self._index is None:
            return None
        value = self._index.evaluate(["P", kind, *names], None)
        return str(value[1]) if value is not None and value[0] == "P" else None

    def _encode(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> Expr:
        """``expr`` as a question for the index (see :mod:`loglint.loggers.facts`)."""
        if depth > 8:
            return None
        if isinstance(expr, cst.Name):
            name = expr.value
            if scope.self_name is not None and name == scope.self_name:
                return ["self"]
            imported = self._import_exprs.get(name)
            if imported is not None:
                return imported
            annotation = self._annotated.get(name)
            if annotation is not None:
                encoded = self._encode(annotation, self.module_scope, depth + 1)
                return ["T", encoded] if encoded is not None else None
            assigned = self._assigned.get(name)
            if assigned and name not in self._limits:
                value, value_scope = assigned[-1]
                self._limits[name] = len(assigned) - 1
                try:
                    return self._encode(value, value_scope, depth + 1)
                finally:
                    del self._limits[name]
            return ["n", name]
        if isinstance(expr, cst.Attribute):
            value = self._encode(expr.value, scope, depth + 1)
            return None if value is None else ["a", value, expr.attr.value]
        if isinstance(expr, cst.Call):
            func = self._encode(expr.func, scope, depth + 1)
            return None if func is None else ["c", func, 1 if expr.args else 0]
        return None

    # -- logging calls -------------------------------------------------------------

    def log_call(
        self, call: cst.Call, handler: Optional[HandlerInfo], production: bool, scope: Optional[Scope] = None
    ) -> Optional[LogCall]:
        """The :class:`LogCall` for ``call``, or None when it does not log."""
        scope = scope or self.module_scope
        func = call.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method not in ALL_LOG_METHODS:
                return None
            receiver = func.value
            if self.qualify(receiver) == STDLIB:
                if isinstance(receiver, cst.Name) and scope.shadows(receiver.value):
                    return None  # def hint(msg, logging=None): whatever the caller passes
                ref: Optional[LoggerRef] = LoggerRef(STDLIB, "the root logger (module function)", root=True)
            else:
                ref = self.resolve(receiver, scope)
        elif isinstance(func, cst.Name):
            qualified = self.imports.get(func.value)
            if qualified is None or not qualified.startswith("logging.") or scope.shadows(func.value):
                return None
            method = qualified[len("logging."):]
            ref = LoggerRef(STDLIB, "the root logger (module function)", root=True)
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
            level = METHOD_LEVEL.get(method[1:] if method in STRUCTLOG_ASYNC else method)
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
            certain=ref.certain and ref.library is not None,
            how=ref.how,
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
            return NUMERIC_LEVEL.get(int(expr.value, 0))
        if isinstance(expr, cst.SimpleString):
            return LEVEL_NAMES.get((string_value(expr) or "").upper())
        qualified = self.qualify(expr)
        if qualified is not None and qualified.startswith("logging."):
            return LEVEL_NAMES.get(qualified[len("logging."):])
        return None
