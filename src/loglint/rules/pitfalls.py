"""LL6xx: pitfalls of the logging libraries' own APIs.

Each rule here is about how one library works: a spelling that is right for one library
is a bug for another (``bind()`` returns a new logger in loguru and structlog; ``warn``
exists in stdlib logging, not in loguru). So every rule reports only calls whose library
the logger model knows for certain (:attr:`LoggerRef.certain`, :attr:`LogCall.certain`),
and stays silent on a logger whose library is a guess.
"""

from __future__ import annotations

import re
import weakref
from typing import FrozenSet, List, Mapping, Optional, Set, Tuple

import libcst as cst

from loglint.checker import CallSite, Context, NodeFix, iter_children
from loglint.expressions import is_true_constant, keyword_args, string_value
from loglint.loggers.calls import LogCall
from loglint.loggers.libraries import LOGURU, STDLIB, STRUCTLOG, STRUCTLOG_ASYNC
from loglint.rules.base import Rule
from loglint.rules.exceptions import renamed_call
from loglint.rules.formatting import (
    concat_operands,
    converter_call,
    format_call,
    fstring_sum,
    has_replacement_field,
    message_is_positional,
    percent_operation,
)
from loglint.rules.production import ProductionScope
from loglint.rules.scripts import is_test_file


def _called_name(call: cst.Call) -> str:
    """``info`` for ``logger.info(...)``, ``listen`` for ``listen(...)``; "" for other callees."""
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""


# -- LL601 ---------------------------------------------------------------------------

# Methods that return a new logger and leave the receiver as it was: what the statement
# meant, per library and method.
_RETURNS_LOGGER: Mapping[str, Mapping[str, str]] = {
    LOGURU: {
        "bind": "the context is never logged; assign the result (`logger = logger.bind(...)`) or use `with logger.contextualize(...):`",
        "patch": "the patch never applies; assign the result, or use `logger.configure(patcher=...)`",
        "opt": "the options never apply; call the logging method on the result: `logger.opt(...).info(...)`",
    },
    STRUCTLOG: {
        "bind": "the context is never logged; assign the result (`log = log.bind(...)`) or use `structlog.contextvars.bind_contextvars(...)`",
        "new": "the context is never logged; assign the result (`log = log.new(...)`) or use `structlog.contextvars.bind_contextvars(...)`",
        "unbind": "the keys stay bound; assign the result (`log = log.unbind(...)`)",
        "try_unbind": "the keys stay bound; assign the result (`log = log.try_unbind(...)`)",
    },
}
_DISCARDABLE = frozenset(name for methods in _RETURNS_LOGGER.values() for name in methods)


class DiscardedBind(Rule):
    """LL601: ``logger.bind(...)`` as a statement of its own."""

    code = "LL601"

    _statements: weakref.WeakKeyDictionary[Context, Set[int]]

    def setup(self) -> None:
        self._statements = weakref.WeakKeyDictionary()

    def visit_Expr(self, node: cst.Expr, ctx: Context) -> None:
        value = node.value
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value in _DISCARDABLE:
            self._statements.setdefault(ctx, set()).add(id(value))

    def check_module(self, ctx: Context) -> None:
        wanted = self._statements.pop(ctx, None)
        if not wanted:
            return
        for site in ctx.sites:
            if id(site.call) not in wanted:
                continue
            func = site.call.func
            assert isinstance(func, cst.Attribute)
            ref = ctx.resolver.resolve(func.value, site.scope)
            if ref is None or not ref.certain or ref.library is None:
                continue
            meant = _RETURNS_LOGGER.get(ref.library, {}).get(func.attr.value)
            if meant is not None:
                message = f"`{func.attr.value}()` returns a new logger and this statement throws it away: {meant}"
                ctx.report(self, func.attr, message, anchor=site.call)


# -- LL602 ---------------------------------------------------------------------------

_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
_NO_SPACE = cst.SimpleWhitespace("")
# Calls whose result is a template meant to be formatted: gettext's translations, and
# Python 3.14's string.templatelib.Template, which loguru formats itself.
_TEMPLATE_CALLS = frozenset({"_", "gettext", "ngettext", "pgettext", "gettext_lazy", "lazy_gettext", "ugettext", "Template"})


def _preformatted(message: cst.BaseExpression) -> Optional[str]:
    """What formatted a message before the call (an f-string, ``%``, ``.format()``, ``+``,
    ``str()``), or None."""
    if has_replacement_field(message) or fstring_sum(message):
        return "an f-string"
    if percent_operation(message) is not None:
        return "`%`-formatting"
    if format_call(message) is not None:
        return "`str.format()`"
    if concat_operands(message) is not None:
        return "a concatenation"
    if converter_call(message) is not None:
        return "`str()`"
    return None


def _opaque(message: cst.BaseExpression) -> bool:
    """A message whose text the call cannot see: a variable, an attribute, an item, a call
    (not a translation, which returns a template)."""
    if isinstance(message, cst.Call):
        return _called_name(message) not in _TEMPLATE_CALLS
    return isinstance(message, (cst.Name, cst.Attribute, cst.Subscript))


# A format spec that prints only a number: "d", ".2f", ",", "_d", ">8.1%" (not "c": a
# character, which may be a brace).
_NUMERIC_SPEC = re.compile(r"^(?:.?[<>=^])?[+\- ]?#?0?\d*[,_]?(?:\.\d+)?[bdeEfFgGnoxX%,]$")


def _numbers_only(message: cst.BaseExpression) -> bool:
    """An f-string whose every field is a number: a ``len()``, a number literal, or a
    value with a numeric format spec (``{elapsed:.2f}``, ``{count:d}``, ``{total:,}``)."""
    if not isinstance(message, cst.FormattedString):
        return False
    fields = [part for part in message.parts if isinstance(part, cst.FormattedStringExpression)]
    return bool(fields) and all(_number_field(field) for field in fields)


def _number_field(field: cst.FormattedStringExpression) -> bool:
    if field.conversion is not None:
        return False  # !r, !s: a repr or a str
    spec = field.format_spec
    if spec is not None:
        texts = [part.value for part in spec if isinstance(part, cst.FormattedStringText)]
        if len(texts) != len(spec):
            return False  # a nested field in the spec
        return _NUMERIC_SPEC.match("".join(texts)) is not None
    expr = field.expression
    return isinstance(expr, (cst.Integer, cst.Float)) or (isinstance(expr, cst.Call) and _called_name(expr) == "len")


class LoguruFormatInjection(Rule):
    """LL602: a loguru call formats a message that holds data, because it has arguments."""

    code = "LL602"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if not call.certain or call.library != LOGURU or call.message is None or not message_is_positional(call):
            return
        if call.star_args or call.star_kwargs or not (call.args or call.keywords):
            return  # no arguments: loguru logs the message as it is; */**: a wrapper passing on a template
        made = _preformatted(call.message)
        if made is not None and _numbers_only(call.message):
            return  # f"{len(items)} items in {elapsed:.2f}s": a number brings no braces
        if made is not None:
            message = (
                f"loguru formats the message again with `str.format()` when the call has arguments: braces in the values "
                f"that {made} put in raise `KeyError`/`IndexError` or pull in other arguments; pass the values as arguments"
            )
        elif not call.args and _opaque(call.message):
            message = (
                "loguru formats the message with `str.format()` because the call has keyword arguments: braces in the "
                "message's value raise `KeyError` or pull in the arguments; bind them with `logger.bind(...)`"
            )
        else:
            return  # a literal template (LL305 checks its fields), or a template in a variable with its arguments
        ctx.report(self, call.message, message, self._fix(call))

    @staticmethod
    def _fix(call: LogCall) -> Optional[NodeFix]:
        """``logger.info(msg, k=v)`` -> ``logger.bind(k=v).info(msg)``: the keywords become context
        and the message is no longer formatted."""
        func = call.node.func
        if call.args or not isinstance(func, cst.Attribute):
            return None
        positional = [arg for arg in call.node.args if arg.keyword is None]
        keywords = [arg.with_changes(comma=_COMMA, whitespace_after_arg=_NO_SPACE) for arg in call.node.args if arg.keyword is not None]
        keywords[-1] = keywords[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)  # bind(a=1, b=2) on one line
        last = call.node.args[-1]  # its comma and whitespace close the call: a trailing comma stays
        positional[-1] = positional[-1].with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
        bind = cst.Call(func=cst.Attribute(value=func.value, attr=cst.Name("bind")), args=keywords)
        new = call.node.with_changes(func=func.with_changes(value=bind), args=positional)
        return NodeFix("unsafe", "Bind the keyword arguments with `bind()`", ((call.node, new),))


# -- LL603 ---------------------------------------------------------------------------

_ASYNC_METHODS = frozenset(STRUCTLOG_ASYNC | {"alog"})
# Methods a library's loggers do not have, that code written for another library calls;
# with the method meant when that is unambiguous.
_MISSING: Mapping[str, Mapping[str, Optional[str]]] = {
    LOGURU: {"warn": "warning", "fatal": "critical", **dict.fromkeys(_ASYNC_METHODS)},
    STRUCTLOG: dict.fromkeys(("trace", "success")),
    STDLIB: dict.fromkeys(("trace", "success", *_ASYNC_METHODS)),
}
_CANDIDATES = frozenset(name for methods in _MISSING.values() for name in methods)
# Calls by which a project gives stdlib loggers methods of its own.
_LOGGER_CLASS_CALLS = ("logging.setLoggerClass", "logging.addLevelName")
_LIBRARY_NAMES = {STDLIB: "stdlib logging", LOGURU: "loguru", STRUCTLOG: "structlog"}


class UnknownLogMethod(Rule):
    """LL603: a logging method the logger's library does not have."""

    code = "LL603"

    _defined: weakref.WeakKeyDictionary[Context, Set[str]]

    def setup(self) -> None:
        self._defined = weakref.WeakKeyDictionary()

    def visit_FunctionDef(self, node: cst.FunctionDef, ctx: Context) -> None:
        if node.name.value in _CANDIDATES:
            self._defined.setdefault(ctx, set()).add(node.name.value)

    def check_module(self, ctx: Context) -> None:
        defined = self._defined.pop(ctx, set())
        sets_class: Optional[bool] = None  # whether this file calls setLoggerClass/addLevelName, once asked
        for site in ctx.sites:
            func = site.call.func
            if not isinstance(func, cst.Attribute) or func.attr.value not in _CANDIDATES:
                continue
            method = func.attr.value
            ref = ctx.resolver.resolve(func.value, site.scope)
            if ref is None or not ref.certain or ref.library is None or method not in _MISSING.get(ref.library, {}):
                continue
            if "subclass" in ref.how or method in defined:
                continue
            if ref.library == STDLIB and sets_class is None:
                sets_class = any(ctx.qualify(s.call.func) in _LOGGER_CLASS_CALLS for s in ctx.sites)
            if not self._project_adds(ctx, ref.library, method, bool(sets_class)):
                self._report(ctx, site, func.attr, ref.library)

    def _report(self, ctx: Context, site: CallSite, attr: cst.Name, library: str) -> None:
        meant = _MISSING[library][attr.value]
        message = f"{_LIBRARY_NAMES[library]} loggers have no `.{attr.value}()`: this line raises `AttributeError` when it runs"
        fix = None
        if meant is not None:
            message += f"; use `.{meant}()`"
            fix = NodeFix("safe", f"Use `.{meant}()`", ((attr, cst.Name(meant)),))
        ctx.report(self, attr, message, fix, anchor=site.call)

    @staticmethod
    def _project_adds(ctx: Context, library: str, method: str, file_sets_class: bool) -> bool:
        """Whether the project may add ``method``: it defines a function of that name (a
        logger class, a structlog wrapper class), or gives stdlib loggers a class or levels
        of its own (``logging.setLoggerClass``, ``logging.addLevelName``) anywhere."""
        if library == LOGURU:
            return False  # loguru's logger is one object of loguru's class
        if library == STDLIB:
            if file_sets_class:
                return True
            if ctx.resolver.project_search("word", *(name.rsplit(".", 1)[1] for name in _LOGGER_CLASS_CALLS)) is not None:
                return True
        return ctx.resolver.project_search("def", method) is not None


# -- LL604 ---------------------------------------------------------------------------

# Expressions that never evaluate to a callable.
_NOT_CALLABLE = (
    cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.Integer, cst.Float, cst.Imaginary,
    cst.List, cst.Tuple, cst.Set, cst.Dict, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp,
    cst.BinaryOperation, cst.UnaryOperation, cst.Comparison,
)
# Calls that return a callable.
_CALLABLE_FACTORIES = frozenset({"partial", "partialmethod", "attrgetter", "itemgetter", "methodcaller", "lru_cache", "cache"})
# What a lambda cannot hold (await, yield), or would change (:= would bind in the lambda).
_NOT_IN_LAMBDA = (cst.Await, cst.Yield, cst.NamedExpr)


def _not_callable(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, _NOT_CALLABLE):
        return True
    if isinstance(expr, cst.Name):
        return expr.value in ("None", "True", "False")
    if isinstance(expr, cst.Call):
        return _called_name(expr) not in _CALLABLE_FACTORIES
    return False


def _lambda_can_hold(expr: cst.BaseExpression) -> bool:
    stack: List[cst.CSTNode] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, _NOT_IN_LAMBDA):
            return False
        stack.extend(iter_children(node))
    return True


class LazyNonCallable(Rule):
    """LL604: ``logger.opt(lazy=True)`` given an argument that is not a callable."""

    code = "LL604"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if not call.certain or call.library != LOGURU or not is_true_constant(call.opt.get("lazy")):
            return
        for arg in (*call.args, *call.keywords.values()):
            value = arg.value
            if not _not_callable(value):
                continue
            fix = None
            if _lambda_can_hold(value):
                wrapped = cst.Lambda(params=cst.Parameters(), body=value)
                fix = NodeFix("unsafe", "Wrap the argument in `lambda:`", ((value, wrapped),))
            ctx.report(
                self, value,
                "with `opt(lazy=True)` loguru calls every argument when the level is enabled: this one is not "
                "callable and raises `TypeError`; wrap it in `lambda:`",
                fix,
            )


# -- LL605 ---------------------------------------------------------------------------

_PATH_CALLS = frozenset({
    "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath",
    "os.path.join", "os.path.abspath", "os.path.expanduser",
})
_PATH_METHODS = frozenset({"joinpath", "with_suffix", "with_name", "resolve", "absolute", "expanduser"})
_ROTATION = ("rotation", "retention")
_FILE_HANDLER = "logging.FileHandler"
_GROWS = "it grows until the disk is full; use `logging.handlers.RotatingFileHandler` or `TimedRotatingFileHandler`"


def _is_path(expr: cst.BaseExpression, ctx: Context) -> bool:
    """An expression that is certainly a file path: a string (literal, f-string, ``%``,
    ``.format()``, ``+`` with a literal), a ``Path(...)``, ``os.path.join(...)``, a ``/``
    with a string or path operand, ``str()`` of a path."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return string_value(expr) is not None or isinstance(expr, cst.FormattedString) or has_replacement_field(expr)
    if percent_operation(expr) is not None or format_call(expr) is not None or concat_operands(expr) is not None:
        return True
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Divide):
        return any(_is_path(side, ctx) for side in (expr.left, expr.right))
    if isinstance(expr, cst.Call):
        if ctx.qualify(expr.func) in _PATH_CALLS:
            return True
        converted = converter_call(expr)
        if converted is not None and converted[0] == "s":
            return _is_path(converted[1], ctx)
        func = expr.func
        return isinstance(func, cst.Attribute) and func.attr.value in _PATH_METHODS and _is_path(func.value, ctx)
    return False


def _sink(call: cst.Call) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.keyword is None and not arg.star:
            return arg.value
        if arg.keyword is not None and arg.keyword.value == "sink":
            return arg.value
        if arg.star:
            return None
    return None


class UnrotatedFileSink(Rule):
    """LL605: a log file that is never rotated."""

    code = "LL605"

    _dicts: weakref.WeakKeyDictionary[Context, List[Tuple[cst.SimpleString, bool]]]

    def setup(self) -> None:
        self._scope = ProductionScope()
        self._loguru_production_only = bool(self.settings["loguru-production-only"])
        self._dicts = weakref.WeakKeyDictionary()

    def visit_Dict(self, node: cst.Dict, ctx: Context) -> None:
        """``{"class": "logging.FileHandler", ...}``: a handler of a ``dictConfig`` configuration."""
        for element in node.elements:
            if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString) and isinstance(element.value, cst.SimpleString):
                if string_value(element.key) == "class" and string_value(element.value) == _FILE_HANDLER:
                    self._dicts.setdefault(ctx, []).append((element.value, ctx.production))

    def check_module(self, ctx: Context) -> None:
        for value, production in self._dicts.pop(ctx, ()):
            if production or self._scope.path_is_production(ctx):
                ctx.report(self, value, f"`{_FILE_HANDLER}` in a logging configuration never rotates its file: {_GROWS}")
        for site in ctx.sites:
            func = site.call.func
            name = _called_name(site.call)
            if name == "add" and isinstance(func, cst.Attribute):
                self._check_add(site, func, ctx)
            elif name in ("FileHandler", "basicConfig") and (site.production or self._scope.path_is_production(ctx)):
                self._check_stdlib(site.call, ctx)

    def _check_add(self, site: CallSite, func: cst.Attribute, ctx: Context) -> None:
        call = site.call
        if any(arg.star == "**" for arg in call.args) or any(key in _ROTATION for key in keyword_args(call)):
            return
        if self._loguru_production_only and not (site.production or self._scope.path_is_production(ctx)):
            return
        if is_test_file(ctx.path):
            return
        sink = _sink(call)
        if sink is None or not _is_path(sink, ctx):
            return
        ref = ctx.resolver.resolve(func.value, site.scope)
        if ref is None or not ref.certain or ref.library != LOGURU:
            return
        ctx.report(
            self, sink,
            "loguru file sink without `rotation` or `retention`: the file grows until the disk is full; "
            'add e.g. `rotation="100 MB", retention="10 days"`',
            anchor=call,
        )

    def _check_stdlib(self, call: cst.Call, ctx: Context) -> None:
        qualified = ctx.qualify(call.func)
        if qualified == _FILE_HANDLER:
            ctx.report(self, call.func, f"`{_FILE_HANDLER}` never rotates its file: {_GROWS}", anchor=call)
        elif qualified == "logging.basicConfig" and "filename" in keyword_args(call):
            message = f"`logging.basicConfig(filename=...)` writes to a file that never rotates: {_GROWS}"
            ctx.report(self, keyword_args(call)["filename"], message, anchor=call)


# -- LL606 ---------------------------------------------------------------------------


class InsecureConfigListen(Rule):
    """LL606: ``logging.config.listen()`` without ``verify``."""

    code = "LL606"

    def check_module(self, ctx: Context) -> None:
        for site in ctx.sites:
            call = site.call
            func = call.func
            if _called_name(call) != "listen" or ctx.qualify(func) != "logging.config.listen":
                continue
            positional = [arg for arg in call.args if arg.keyword is None]
            if "verify" in keyword_args(call) or len(positional) > 1 or any(arg.star for arg in call.args):
                continue  # the received configuration is verified (or may be)
            ctx.report(
                self, func,
                "`logging.config.listen()` accepts logging configuration from the network, and that configuration "
                "can import and call any code; pass `verify=` to check what is received, or configure logging locally",
                anchor=call,
            )


# -- LL607 ---------------------------------------------------------------------------

_LOSES_EXC_INFO: FrozenSet[str] = _ASYNC_METHODS - {"aexception"}


class AsyncExcInfoLost(Rule):
    """LL607: ``exc_info=True`` on a structlog async method, read in another thread."""

    code = "LL607"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if not call.certain or call.library != STRUCTLOG or call.method not in _LOSES_EXC_INFO:
            return
        keyword = call.keywords.get("exc_info")
        if keyword is None or not is_true_constant(keyword.value):
            return
        ctx.report(
            self, keyword,
            f"`.{call.method}()` runs the processors in a thread pool, where `exc_info=True` finds no exception: "
            "no traceback is logged; use `.aexception()` or pass the exception (`exc_info=exc`)",
            self._fix(call, keyword),
        )

    @staticmethod
    def _fix(call: LogCall, keyword: cst.Arg) -> Optional[NodeFix]:
        handler = call.handler
        if handler is None:
            return None
        if call.method == "aerror":
            renamed = renamed_call(call, "aexception", drop=keyword)
            return NodeFix("unsafe", "Use `.aexception()`", ((call.node, renamed),)) if renamed is not None else None
        if handler.name is not None:
            return NodeFix("unsafe", f"Pass the exception: `exc_info={handler.name}`", ((keyword.value, cst.Name(handler.name)),))
        return None


RULES = [
    DiscardedBind,
    LoguruFormatInjection,
    UnknownLogMethod,
    LazyNonCallable,
    UnrotatedFileSink,
    InsecureConfigListen,
    AsyncExcInfoLost,
]
