"""LL5xx: logging set up for production, and logging calls that misuse the stdlib API.

"Production scope" is a file whose path (relative to the project root) matches one of
the production globs, or the body of an ``if`` that compares something with
``"prod"``/``"production"`` (the checker tracks those: ``ctx.production`` during the
walk, ``LogCall.production`` after it). LL501 and LL502 only report in production
scope; LL503-LL505 report everywhere.

Non-Python configuration files (YAML, TOML, JSON) are checked for LL501 by
:mod:`loglint.rules.production_files`.
"""

from __future__ import annotations

from typing import Iterator, List, Optional, Sequence, Tuple, cast

import libcst as cst

from loglint.checker import CallSite, Context, NodeFix, is_production_test, iter_children
from loglint.expressions import is_false_constant, is_true_constant, keyword_args, string_value
from loglint.loggers.calls import LogCall
from loglint.loggers.libraries import LOGURU, STDLIB
from loglint.rules.base import Rule
from loglint.rules.production_files import in_production_paths, production_globs
from loglint.rules.scripts import in_main_block, is_entry_module, is_script_file, is_test_file


class ProductionScope:
    """Caches whether the current file's path is production, once per file."""

    def __init__(self) -> None:
        self._key: Optional[Tuple[str, int]] = None
        self._value = False

    def path_is_production(self, ctx: Context) -> bool:
        key = (ctx.path, id(ctx.settings))
        if self._key != key:
            self._key = key
            self._value = in_production_paths(ctx.path, production_globs(ctx.settings))
        return self._value


# -- shared helpers ------------------------------------------------------------------


def _keyword(name: str, value: str) -> cst.Arg:
    return cst.Arg(
        keyword=cst.Name(name),
        value=cst.Name(value),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )


def _added_keyword(call: cst.Call, name: str, value: str) -> cst.Call:
    """``call`` with ``name=value`` appended to its arguments, keeping its layout."""
    new_arg = _keyword(name, value)
    args = list(call.args)
    if not args:
        return call.with_changes(args=[new_arg])
    last = args[-1]
    if isinstance(last.comma, cst.Comma):
        # A trailing comma: the new argument takes it (and the layout before ")"),
        # the old last argument gets the separator used between arguments.
        if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma):
            separator = args[-2].comma
        elif isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
            separator = cst.Comma(whitespace_after=call.whitespace_before_args)
        else:
            separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args[-1] = last.with_changes(comma=separator)
        args.append(new_arg.with_changes(comma=last.comma))
    else:
        args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        args.append(new_arg)
    return call.with_changes(args=args)


def _keyword_fix(ctx: Context, call: cst.Call, name: str, value: str, message: str) -> Optional[NodeFix]:
    """Set ``name=value`` on ``call``: replace the constant given, else add the keyword."""
    given = keyword_args(call).get(name)
    if given is not None:
        return NodeFix("unsafe", message, ((given.value, cst.Name(value)),))
    return NodeFix("unsafe", message, ((call, _added_keyword(call, name, value)),))


def _has_star_kwargs(call: cst.Call) -> bool:
    return any(arg.star == "**" for arg in call.args)


def _field_name_matches(name: str, field: str) -> bool:
    """``serialize``, ``SERIALIZE``, ``log_serialize``, ``LOGURU_SERIALIZE``..."""
    lowered = name.lower()
    return lowered == field or lowered.endswith("_" + field)


def _field_default(statement: cst.BaseSmallStatement) -> Optional[Tuple[str, cst.BaseExpression]]:
    """(field name, default value expression) of ``x: T = v`` or ``x = v`` in a class body."""
    if isinstance(statement, cst.AnnAssign):
        target, value = statement.target, statement.value
    elif isinstance(statement, cst.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0].target, statement.value
    else:
        return None
    if not isinstance(target, cst.Name) or value is None:
        return None
    # pydantic Field(False) / Field(default=False), dataclasses.field(default=False), attr.ib(default=False)
    if isinstance(value, cst.Call):
        keywords = keyword_args(value)
        if "default" in keywords:
            value = keywords["default"].value
        elif value.args and value.args[0].keyword is None and not value.args[0].star:
            value = value.args[0].value
        else:
            return None
    return target.value, value


def _class_fields(node: cst.ClassDef) -> Iterator[Tuple[str, cst.BaseExpression]]:
    body = node.body
    lines: List[Sequence[cst.BaseSmallStatement]]
    if isinstance(body, cst.IndentedBlock):
        lines = [line.body for line in body.body if isinstance(line, cst.SimpleStatementLine)]
    else:
        lines = [cast(cst.SimpleStatementSuite, body).body]
    for line in lines:
        for statement in line:
            found = _field_default(statement)
            if found is not None:
                yield found


def _loguru_adds(ctx: Context) -> Iterator[CallSite]:
    """``logger.add(...)`` calls on a loguru logger, with where they stand."""
    for site in ctx.sites:
        func = site.call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "add" and site.call.args:
            ref = ctx.resolver.resolve(func.value, site.scope)
            if ref is not None and ref.library == LOGURU:
                yield site


# -- LL501 ---------------------------------------------------------------------------

_DELEGATING_PROCESSORS = ("wrap_for_formatter", "render_to_log_kwargs", "render_to_log_args_and_kwargs")


def _processor_names(expr: cst.BaseExpression) -> Iterator[str]:
    """Every name and attribute in a processor expression (``structlog.processors.JSONRenderer()``)."""
    if isinstance(expr, cst.Name):
        yield expr.value
    elif isinstance(expr, cst.Attribute):
        yield expr.attr.value
        yield from _processor_names(expr.value)
    elif isinstance(expr, cst.Call):
        yield from _processor_names(expr.func)


class MissingSerialize(Rule):
    code = "LL501"

    def setup(self) -> None:
        self._scope = ProductionScope()

    def _in_scope(self, ctx: Context, production: bool) -> bool:
        return production or self._scope.path_is_production(ctx)

    def visit_ClassDef(self, node: cst.ClassDef, ctx: Context) -> None:
        if not self._in_scope(ctx, ctx.production):
            return
        for name, value in _class_fields(node):
            if _field_name_matches(name, "serialize") and is_false_constant(value):
                fix = NodeFix("unsafe", f"Default `{name}` to `True`", ((value, cst.Name("True")),))
                ctx.report(self, value, f"`{name}` defaults to `False` in production: logs are written as plain text, not JSON", fix)

    def check_module(self, ctx: Context) -> None:
        for site in _loguru_adds(ctx):
            if self._in_scope(ctx, site.production):
                self._check_add(site.call, ctx)
        for site in ctx.sites:
            if _last_name(site.call.func) in ("configure", "configure_once") and self._in_scope(ctx, site.production):
                if ctx.qualify(site.call.func) in ("structlog.configure", "structlog.configure_once"):
                    self._check_configure(site.call, ctx)

    def _check_add(self, call: cst.Call, ctx: Context) -> None:
        if _has_star_kwargs(call):
            return
        given = keyword_args(call).get("serialize")
        if given is not None and not is_false_constant(given.value):
            return  # True, or decided at run time
        fix = _keyword_fix(ctx, call, "serialize", "True", "Add `serialize=True`")
        node = given if given is not None else call
        ctx.report(self, node, "loguru sink without `serialize=True` in production: logs are written as plain text, not JSON", fix, anchor=call)

    def _check_configure(self, call: cst.Call, ctx: Context) -> None:
        given = keyword_args(call).get("processors")
        if given is None or not isinstance(given.value, (cst.List, cst.Tuple)):
            return
        processors = given.value
        names: List[str] = []
        for element in processors.elements:
            if isinstance(element, cst.StarredElement):
                return  # the list is not all here
            names.extend(_processor_names(element.value))
        if any(name == "JSONRenderer" or name in _DELEGATING_PROCESSORS for name in names):
            return
        ctx.report(
            self, processors, "structlog processors without a `JSONRenderer` in production: logs are written as plain text, not JSON", anchor=call
        )


def _last_name(expr: cst.BaseExpression) -> str:
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return expr.value if isinstance(expr, cst.Name) else ""


# -- LL502 ---------------------------------------------------------------------------

# structlog classes that show each frame's local variables unless given show_locals=False
# (both default to True), by the last part of their name.
_SHOW_LOCALS = frozenset({"ExceptionDictTransformer", "RichTracebackFormatter"})
_DICT_TRACEBACKS = "structlog.processors.dict_tracebacks"
_LEAK = "tracebacks print variable values, secrets included"


class DiagnoseInProduction(Rule):
    code = "LL502"

    def setup(self) -> None:
        self._scope = ProductionScope()

    def _in_scope(self, ctx: Context, production: bool) -> bool:
        return production or self._scope.path_is_production(ctx)

    def visit_ClassDef(self, node: cst.ClassDef, ctx: Context) -> None:
        if not self._in_scope(ctx, ctx.production):
            return
        for name, value in _class_fields(node):
            if _field_name_matches(name, "diagnose") and is_true_constant(value):
                fix = NodeFix("unsafe", f"Default `{name}` to `False`", ((value, cst.Name("False")),))
                ctx.report(self, value, f"`{name}` defaults to `True` in production: {_LEAK}", fix)

    def check_module(self, ctx: Context) -> None:
        for site in _loguru_adds(ctx):
            if self._in_scope(ctx, site.production):
                self._check_add(site.call, ctx)
        for site in ctx.sites:
            if _last_name(site.call.func) in _SHOW_LOCALS and self._in_scope(ctx, site.production):
                if (ctx.qualify(site.call.func) or "").startswith("structlog."):
                    self._check_transformer(site.call, ctx)
        if any(full.startswith("structlog") for full in ctx.resolver.imports.values()):
            for node, production in _references(ctx, _DICT_TRACEBACKS):
                if self._in_scope(ctx, production):
                    self._report_dict_tracebacks(node, ctx)

    def _check_add(self, call: cst.Call, ctx: Context) -> None:
        if _has_star_kwargs(call):
            return
        given = keyword_args(call).get("diagnose")
        if given is not None and not is_true_constant(given.value):
            return  # False, or decided at run time
        fix = _keyword_fix(ctx, call, "diagnose", "False", "Add `diagnose=False`")
        node = given if given is not None else call
        ctx.report(self, node, f"loguru sink without `diagnose=False` in production: {_LEAK}", fix, anchor=call)

    def _check_transformer(self, call: cst.Call, ctx: Context) -> None:
        if _has_star_kwargs(call):
            return
        given = keyword_args(call).get("show_locals")
        if given is not None and not is_true_constant(given.value):
            return
        fix = _keyword_fix(ctx, call, "show_locals", "False", "Set `show_locals=False`")
        node = given if given is not None else call
        default = " (its default)" if given is None else ""
        message = f"`{_last_name(call.func)}` shows local variables in production{default}: {_LEAK}"
        ctx.report(self, node, message, fix, anchor=call)

    def _report_dict_tracebacks(self, node: cst.CSTNode, ctx: Context) -> None:
        """``structlog.processors.dict_tracebacks`` is ``ExceptionRenderer(ExceptionDictTransformer())``:
        the fix spells that out with ``show_locals=False``, through the module it was read from."""
        fix = None
        if isinstance(node, cst.Attribute):
            module = node.value

            def member(name: str) -> cst.Attribute:
                return cst.Attribute(value=module, attr=cst.Name(name))

            transformer = cst.Call(member("ExceptionDictTransformer"), args=[_keyword("show_locals", "False")])
            renderer = cst.Call(member("ExceptionRenderer"), args=[cst.Arg(transformer)])
            fix = NodeFix("unsafe", "Use `ExceptionRenderer(ExceptionDictTransformer(show_locals=False))`", ((node, renderer),))
        ctx.report(
            self, node,
            f"`dict_tracebacks` shows local variables in production (its `ExceptionDictTransformer()` keeps the default "
            f"`show_locals=True`): {_LEAK}",
            fix,
        )


def _references(ctx: Context, qualified: str) -> Iterator[Tuple[cst.CSTNode, bool]]:
    """The names and attributes that spell ``qualified`` through the file's imports (not in
    import statements or as keywords), each with whether it stands in the body of an ``if``
    that tests for production."""
    stack: List[Tuple[cst.CSTNode, bool]] = [(ctx.module, False)]
    while stack:
        node, production = stack.pop()
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            continue
        if isinstance(node, (cst.Name, cst.Attribute)):
            if ctx.qualify(node) == qualified:
                yield node, production
            elif isinstance(node, cst.Attribute):
                stack.append((node.value, production))
            continue
        if isinstance(node, cst.Arg):
            stack.append((node.value, production))
            continue
        if isinstance(node, cst.If) and is_production_test(node.test):
            stack.append((node.test, production))
            stack.append((node.body, True))
            if node.orelse is not None:
                stack.append((node.orelse, production))
            continue
        stack.extend((child, production) for child in iter_children(node))


# -- LL503 ---------------------------------------------------------------------------


class RootLoggerCall(Rule):
    code = "LL503"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if not call.root or call.library != STDLIB:
            return
        func = call.node.func
        if isinstance(func, cst.Attribute):
            if ctx.qualify(func.value) != STDLIB:
                return  # logging.root.info(...): the root logger, named on purpose
            shown = f"logging.{call.method}()"
        else:
            shown = f"{_last_name(func)}()"
        if in_main_block(call.node, ctx) or is_script_file(ctx):
            return  # a script: its own process, its own logging
        if is_test_file(ctx.path):
            return  # tests: the test runner captures records with their file and line
        if is_entry_module(ctx):
            return  # a program of the package, imported by nobody: a script too
        ctx.report(
            self, func,
            f"`{shown}` logs through the root logger; use a module logger: `logger = logging.getLogger(__name__)`",
        )


# -- LL504 ---------------------------------------------------------------------------

_FILE_NAMES = frozenset({"__file__", "__cached__"})


class LoggerName(Rule):
    code = "LL504"

    def check_module(self, ctx: Context) -> None:
        for call in ctx.all_calls:
            if _last_name(call.func) not in ("getLogger", "Logger"):
                continue
            qualified = ctx.qualify(call.func)
            if qualified == "logging.getLogger":
                self._check_get_logger(call, ctx)
            elif qualified == "logging.Logger":
                self._check_logger(call, ctx)

    def _check_get_logger(self, call: cst.Call, ctx: Context) -> None:
        if not call.args or call.args[0].star:
            return
        arg = call.args[0]
        if arg.keyword is not None and arg.keyword.value != "name":
            return
        value = arg.value
        if isinstance(value, cst.Name) and value.value in _FILE_NAMES:
            fix = NodeFix("unsafe", "Use `__name__`", ((value, cst.Name("__name__")),))
            ctx.report(
                self, value,
                f"logger named after `{value.value}`, a file path: use `__name__` so that logger names follow the module hierarchy",
                fix,
                anchor=call,
            )

    def _check_logger(self, call: cst.Call, ctx: Context) -> None:
        fix = None
        func = call.func
        only_name = len(call.args) <= 1 and all(
            not arg.star and (arg.keyword is None or arg.keyword.value == "name") for arg in call.args
        )
        if isinstance(func, cst.Attribute) and only_name:
            fix = NodeFix("unsafe", "Use `logging.getLogger(...)`", ((func.attr, cst.Name("getLogger")),))
        ctx.report(
            self, call,
            "`logging.Logger(...)` creates a logger outside the logger hierarchy: no handlers, levels or "
            "configuration apply to it; use `logging.getLogger(...)`",
            fix,
        )


# -- LL505 ---------------------------------------------------------------------------

LOG_RECORD_ATTRIBUTES = frozenset(
    "name msg args levelname levelno pathname filename module exc_info exc_text stack_info lineno "
    "funcName created msecs relativeCreated thread threadName processName process message asctime "
    "taskName".split()
)


class ExtraKeyClash(Rule):
    code = "LL505"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if call.library not in (STDLIB, None):
            return
        extra = call.keywords.get("extra")
        if extra is None:
            return
        for key_node, key in _mapping_keys(extra.value):
            if key in LOG_RECORD_ATTRIBUTES:
                ctx.report(
                    self, key_node,
                    f"`extra` key `{key}` clashes with a `LogRecord` attribute: the call raises `KeyError`",
                )


def _mapping_keys(expr: cst.BaseExpression) -> Iterator[Tuple[cst.CSTNode, str]]:
    """The string keys of a dict display or a ``dict(...)`` call, with their nodes."""
    if isinstance(expr, cst.Dict):
        for element in expr.elements:
            if isinstance(element, cst.DictElement) and isinstance(element.key, (cst.SimpleString, cst.ConcatenatedString)):
                key = string_value(element.key)
                if key is not None:
                    yield element.key, key
    elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "dict":
        for arg in expr.args:
            if arg.keyword is not None:
                yield arg.keyword, arg.keyword.value
            elif isinstance(arg.value, cst.Dict) and not arg.star:
                yield from _mapping_keys(arg.value)


RULES = [MissingSerialize, DiagnoseInProduction, RootLoggerCall, LoggerName, ExtraKeyClash]
