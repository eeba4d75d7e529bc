"""LL2xx: exceptions and levels.

"In a handler" means lexically in the body of an ``except`` clause, not in a
function, lambda or class defined there (``LogCall.handler``). The rules read the
:class:`~loglint.loggers.calls.HandlerInfo` of that clause: its bound name, the caught
types, whether it re-raises, and every log call in it.

The helpers at the top build the fixes: renaming a method, adding or removing a
keyword argument while keeping the call's layout, and putting
``opt(exception=True)`` into a loguru chain.
"""

from __future__ import annotations

import ast
import re
import weakref
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

import libcst as cst

from loglint.checker import Context, NodeFix, iter_children
from loglint.expressions import dotted_name, is_false_constant, is_true_constant
from loglint.loggers.calls import HandlerInfo, LogCall
from loglint.loggers.libraries import ALL_LOG_METHODS, LOGURU, STDLIB, STRUCTLOG, STRUCTLOG_ASYNC
from loglint.pruning import SMALL_TRY
from loglint.rules.base import Rule
from loglint.rules.messages import literal_words, names_fallback, says_retried

# Handlers that catch (nearly) everything.
BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"})
# Exceptions that signal control flow, not failure: nobody needs their traceback.
CONTROL_FLOW_EXCEPTIONS = frozenset({
    "KeyboardInterrupt", "SystemExit", "GeneratorExit", "CancelledError", "StopIteration",
    "StopAsyncIteration",
})
# Levels at which a failure goes unnoticed.
QUIET_LEVELS = frozenset({"trace", "debug", "info", "success", "warning"})
# Functions that read the exception being handled, wherever they are called.
_EXC_READERS = frozenset({
    "sys.exc_info", "sys.exception", "traceback.format_exc", "traceback.print_exc",
    "traceback.format_exception", "traceback.print_exception", "traceback.format_exception_only",
})
_CURRENT_EXCEPTION = frozenset({"sys.exc_info", "sys.exception"})
# Project helpers that format the traceback: ``format_trackback_info()``, ``get_stack_trace()``.
_TRACEBACK_HELPER = re.compile(r"(?:trace|track)_?back|format_exc|exc_info|stack_?trace", re.IGNORECASE)
# Calls that end the program: the handler raises SystemExit, much like a re-raise.
_EXITS = frozenset({"sys.exit", "os._exit", "exit", "quit"})
# Methods that run while an exception is being handled (``with`` statement exits).
_EXIT_METHODS = frozenset({"__exit__", "__aexit__"})
# Words in a function name that say it handles a failure (``on_error``, ``log_exception``).
_HANDLER_WORDS = frozenset({
    "error", "errors", "err", "errback", "exception", "exceptions", "exc", "except", "fail", "fails",
    "failure", "failures", "failed", "crash", "crashed", "traceback",
})
# Parameter names that hold an exception (``def on_error(self, exc)``).
_EXCEPTION_PARAMS = frozenset({
    "e", "ex", "exc", "exception", "err", "error", "exc_val", "exc_value", "exc_info", "excinfo",
    "einfo", "failure", "exc_type",
})
_NAME_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


# -- small helpers -------------------------------------------------------------------


def method_node(call: LogCall) -> cst.CSTNode:
    """The node naming the method: ``error`` in ``logger.error(...)``, or the function name."""
    func = call.node.func
    return func.attr if isinstance(func, cst.Attribute) else func


def method_attribute(call: LogCall) -> Optional[cst.Name]:
    """The method name of ``receiver.method(...)``; None for a bare function call."""
    func = call.node.func
    return func.attr if isinstance(func, cst.Attribute) else None


def base_method(method: str) -> str:
    """``error`` for structlog's async ``aerror``."""
    if method.startswith("a") and method[1:] in ("debug", "info", "warning", "error", "exception", "critical"):
        return method[1:]
    return method


def async_like(method: str, name: str) -> str:
    """``name`` spelled like ``method``: ``aexception`` for ``aerror``."""
    return "a" + name if method != base_method(method) else name


def records_traceback(call: LogCall) -> bool:
    """Whether the record carries the current exception's traceback.

    Loguru ignores ``exc_info`` (it becomes a formatting argument); only
    ``.exception()`` and ``opt(exception=...)`` attach a traceback there.
    """
    if call.library == LOGURU:
        if call.method == "exception":
            return True
        exc = call.opt.get("exception")
        return exc is not None and not is_false_constant(exc)
    return call.records_traceback


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(iter_children(current))


def mentions_name(node: cst.CSTNode, name: str) -> bool:
    """Whether ``name`` is read anywhere in ``node`` (attribute names and keywords aside)."""
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            if current.value == name:
                return True
            continue
        if isinstance(current, cst.Attribute):
            stack.append(current.value)
            continue
        if isinstance(current, cst.Arg):
            stack.append(current.value)
            continue
        stack.extend(iter_children(current))
    return False


def reads_current_exception(node: cst.CSTNode, ctx: Context) -> bool:
    """Whether ``node`` calls ``sys.exc_info()``, ``traceback.format_exc()``, or a
    helper whose name says it formats the traceback."""
    for current in _walk(node):
        if not isinstance(current, cst.Call):
            continue
        if _qualified(current.func, ctx) in _EXC_READERS:
            return True
        func = current.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if _TRACEBACK_HELPER.search(name):
            return True
    return False


def exits(node: cst.CSTNode, ctx: Context) -> bool:
    """Whether ``node`` calls ``sys.exit()``, ``os._exit()``, ``exit()`` or ``quit()``
    (outside nested functions)."""
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            continue
        if isinstance(current, cst.Call):
            func = current.func
            if _qualified(func, ctx) in _EXITS or (isinstance(func, cst.Name) and func.value in _EXITS):
                return True
        stack.extend(iter_children(current))
    return False


def _qualified(expr: cst.BaseExpression, ctx: Context) -> Optional[str]:
    """``expr`` qualified through the imports, or as written (``traceback.format_exc``
    in a snippet that does not import ``traceback``)."""
    return ctx.qualify(expr) or dotted_name(expr)


def _is_name(expr: Optional[cst.BaseExpression], name: str) -> bool:
    return isinstance(expr, cst.Name) and expr.value == name


# -- fix builders --------------------------------------------------------------------

_NO_SPACE_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value=value, keyword=cst.Name(name), equal=_NO_SPACE_EQUAL)


def args_without(args: Sequence[cst.Arg], victim: cst.Arg) -> List[cst.Arg]:
    """``args`` without ``victim``, keeping the trailing comma and closing layout."""
    out = list(args)
    index = next(i for i, arg in enumerate(out) if arg is victim)
    if index == len(out) - 1 and index > 0:
        out[index - 1] = out[index - 1].with_changes(
            comma=victim.comma, whitespace_after_arg=victim.whitespace_after_arg
        )
    del out[index]
    return out


def args_with(call: cst.Call, new: cst.Arg) -> List[cst.Arg]:
    """``call``'s arguments with ``new`` appended, in the call's layout."""
    out = list(call.args)
    if not out:
        return [new]
    last = out[-1]
    if isinstance(last.comma, cst.Comma):  # a trailing comma: one argument per line, say
        previous = out[-2].comma if len(out) > 1 else cst.MaybeSentinel.DEFAULT
        separator = _without_comment(previous) if isinstance(previous, cst.Comma) else cst.Comma(
            whitespace_after=call.whitespace_before_args
        )
        out[-1] = last.with_changes(comma=separator)
        out.append(new.with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg))
    else:
        out[-1] = last.with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
            whitespace_after_arg=cst.SimpleWhitespace(""),
        )
        out.append(new.with_changes(whitespace_after_arg=last.whitespace_after_arg))
    return out


def _without_comment(comma: cst.Comma) -> cst.Comma:
    """``comma`` with the comment at the end of its line dropped (copied, it would repeat)."""
    after = comma.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace) and after.first_line.comment is not None:
        return comma.with_changes(
            whitespace_after=after.with_changes(
                first_line=cst.TrailingWhitespace(newline=after.first_line.newline), empty_lines=()
            )
        )
    return comma


def renamed_call(call: LogCall, method: str, drop: Optional[cst.Arg] = None) -> Optional[cst.Call]:
    """The call with its method renamed (and ``drop`` removed); None for a bare function."""
    func = call.node.func
    if not isinstance(func, cst.Attribute):
        return None
    new = call.node.with_changes(func=func.with_changes(attr=cst.Name(method)))
    if drop is not None:
        new = new.with_changes(args=args_without(call.node.args, drop))
    return new


def _last_opt_call(receiver: cst.BaseExpression) -> Optional[cst.Call]:
    """The outermost ``.opt(...)`` call of a loguru chain such as ``logger.opt(depth=1).bind(x=1)``."""
    expr = receiver
    while isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
        if expr.func.attr.value == "opt":
            return expr
        expr = expr.func.value
    return None


def loguru_exception_fix(call: LogCall, ctx: Context) -> Optional[Tuple[cst.CSTNode, cst.CSTNode]]:
    """A replacement that makes a loguru call record the traceback with ``opt(exception=True)``.

    ``opt()`` resets every option it is not given, so an ``opt(...)`` already in the
    chain gets the keyword added rather than a second ``opt`` appended. None when
    options come through a variable (``log = logger.opt(depth=1)``): a new ``opt``
    would drop them.
    """
    func = call.node.func
    if not isinstance(func, cst.Attribute):
        return None
    receiver = func.value
    existing = _last_opt_call(receiver)
    flag = keyword_arg("exception", cst.Name("True"))
    if existing is not None:
        if any(arg.star for arg in existing.args):
            return None
        return (existing, existing.with_changes(args=args_with(existing, flag)))
    if call.opt:
        return None
    chained = cst.Call(func=cst.Attribute(value=receiver, attr=cst.Name("opt")), args=[flag])
    return (receiver, chained)


# -- rules ---------------------------------------------------------------------------


def is_broad(handler: HandlerInfo) -> bool:
    """A bare ``except:``, or one whose types include ``Exception`` or ``BaseException``."""
    return handler.bare or any(name.rsplit(".", 1)[-1] in _BROAD_NAMES for name in handler.type_names)


_BROAD_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in BROAD_EXCEPTIONS)


def only_control_flow(handler: HandlerInfo) -> bool:
    """A handler of control-flow exceptions only (``KeyboardInterrupt``, ``CancelledError``...)."""
    return bool(handler.type_names) and all(name.rsplit(".", 1)[-1] in CONTROL_FLOW_EXCEPTIONS for name in handler.type_names)


def ends_handling(handler: HandlerInfo, target: cst.CSTNode, ctx: Context) -> bool:
    """Whether the handler re-raises or ends the program on the way of ``target``: a
    ``raise`` or ``sys.exit()`` statement in a block that holds it, from the handler's
    body down to ``target``'s own block. One in another branch (the other side of an
    ``if``, a loop that may not run) does not count."""
    body = handler.node.body  # type: ignore[attr-defined]
    path = _blocks_to(body, target)
    return any(_stops(statement, ctx) for block in path for statement in block)


def _blocks_to(root: cst.CSTNode, target: cst.CSTNode) -> List[Sequence[cst.CSTNode]]:
    """The statement sequences (blocks and lines) that hold ``target``, outermost first."""
    # Depth-first, with the path of blocks entered so far on the stack.
    stack: List[Tuple[cst.CSTNode, Tuple[Sequence[cst.CSTNode], ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if node is target:
            return list(path)
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(node, (cst.IndentedBlock, cst.SimpleStatementSuite, cst.SimpleStatementLine)):
            path = (*path, node.body)
        stack.extend((child, path) for child in iter_children(node))
    return []


def _stops(statement: cst.CSTNode, ctx: Context) -> bool:
    """A statement that always raises or exits once reached (``with`` blocks included)."""
    if isinstance(statement, cst.Raise):
        return True
    if isinstance(statement, cst.SimpleStatementLine):
        return any(_stops(small, ctx) for small in statement.body)
    if isinstance(statement, (cst.Expr, cst.Return)):
        return exits(statement, ctx)
    if isinstance(statement, cst.With):
        block = statement.body
        return any(_stops(s, ctx) for s in block.body)
    return False


class ErrorWithoutTraceback(Rule):
    code = "LL201"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if not self._reported(call, ctx):
            return
        assert call.handler is not None
        # One finding per handler, on its first call that can be fixed (else its first): the
        # others are the lines that follow it, and once it records the traceback they need
        # none of their own.
        candidates = [other for other in call.handler.calls if self._reported(other, ctx)]
        fixable = [other for other in candidates if _traceback_fix(other, ctx) is not None]
        if (fixable or candidates)[0] is not call:
            return
        if call.method == "error":
            message = "`.error()` in an `except` block drops the traceback; use `.exception()`"
        elif call.library == LOGURU:
            message = "`.critical()` in an `except` block drops the traceback; use `opt(exception=True)`"
        else:
            message = "`.critical()` in an `except` block drops the traceback; pass `exc_info=True`"
        ctx.report(self, method_node(call), message, fix=_traceback_fix(call, ctx))

    def _reported(self, call: LogCall, ctx: Context) -> bool:
        handler = call.handler
        if handler is None or not _drops_traceback(call):
            return False
        if not self.settings["narrow-handlers"] and (not is_broad(handler) or _expects_failure(handler.try_node, ctx)):
            # An expected, specific failure: its message often says it all. A broad handler
            # of an optional import or of the parsing of a value is narrow in effect.
            return False
        if only_control_flow(handler):
            return False  # Ctrl-C, cancellation, an exhausted iterator: no failure to explain
        if any(records_traceback(other) for sibling in handler.siblings for other in sibling.calls):
            return False  # the traceback is recorded here, or by a clause of the same try: a choice per clause
        if says_retried(literal_words(call.message)):
            return False  # tried again: a traceback per attempt floods the log, the last one is reported elsewhere
        if _keeps_exception_out(handler):
            return False  # a comment says the exception stays out of the log (it may hold a secret)
        if _only_logs(handler.try_node):
            return False  # nothing in the try but logging: no failure of the program's to trace
        if reads_current_exception(handler.node.body, ctx):  # type: ignore[attr-defined]
            return False  # the traceback is formatted by hand
        # Re-raised or the program ends on the call's way: the traceback is printed, or dropped, further up.
        return not ends_handling(handler, call.node, ctx)


def _only_logs(try_node: Optional[cst.CSTNode]) -> bool:
    """A ``try`` whose body holds nothing but calls named like log calls (and comments)."""
    if try_node is None:
        return False
    for statement in try_node.body.body:  # type: ignore[attr-defined]
        if not isinstance(statement, cst.SimpleStatementLine):
            return False
        for small in statement.body:
            value = small.value if isinstance(small, cst.Expr) else None
            if isinstance(value, cst.Await):
                value = value.expression
            if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value in ALL_LOG_METHODS):
                return False
    return True


# A comment in a handler that says why the exception is not logged: "do not log the
# exception, it may contain the secret".
_KEPT_OUT = re.compile(
    r"\b(?:do\s+not|don't|dont|never|not)\s+(?:log(?:ged|ging)?|print|include|show|expose)\b"
    r"|\b(?:exception|error|traceback)\b.*\b(?:secrets?|sensitive|credentials?|passwords?)\b",
    re.IGNORECASE,
)


def _keeps_exception_out(handler: HandlerInfo) -> bool:
    body = handler.node.body  # type: ignore[attr-defined]
    return any(_KEPT_OUT.search(comment.value) for comment in _comments(body))


# Calls that parse or convert a value: a try of nothing else fails on bad input only. Only
# a try of a few statements is asked, and pruning keeps those whole (see loglint.pruning).
_CONVERSIONS = frozenset({
    "int", "float", "complex", "bool", "len", "Decimal", "decimal.Decimal", "Fraction", "fractions.Fraction",
    "json.loads", "ast.literal_eval", "yaml.safe_load", "re.search", "re.match", "re.fullmatch",
    "re.findall", "re.compile", "uuid.UUID", "urllib.parse.urlparse", "base64.b64decode", "bytes.fromhex",
    "ipaddress.ip_address", "ipaddress.ip_network", "dateparser.parse", "dateutil.parser.parse",
    "dateutil.parser.isoparse",
})
# Methods that parse or validate what they are given, whatever the object: a codec's
# `.loads()` or `.decode()`, pydantic's `.model_validate()`, a datetime's `.fromisoformat()`.
_PARSING_METHODS = frozenset({
    "loads", "safe_load", "model_validate", "model_validate_json", "validate_python", "validate_json", "parse_obj",
    "parse_raw", "fromisoformat", "strptime", "literal_eval", "decode",
})


def _expects_failure(try_node: Optional[cst.CSTNode], ctx: Context) -> bool:
    """A ``try`` whose body holds only imports (an optional dependency), or only
    assignments and expressions whose calls all parse or convert a value
    (``score = float(match.group(1))``)."""
    if try_node is None:
        return False
    statements = try_node.body.body  # type: ignore[attr-defined]
    if len(statements) > SMALL_TRY or not all(isinstance(s, cst.SimpleStatementLine) for s in statements):
        return False
    smalls = [small for s in statements for small in s.body]
    if all(isinstance(small, (cst.Import, cst.ImportFrom)) for small in smalls):
        return True
    if not all(isinstance(small, (cst.Assign, cst.AugAssign, cst.AnnAssign, cst.Expr)) for small in smalls):
        return False
    calls = [node for small in smalls for node in _walk(small) if isinstance(node, cst.Call)]
    return bool(calls) and all(_conversion(call, ctx) for call in calls)


def _conversion(call: cst.Call, ctx: Context) -> bool:
    name = _qualified(call.func, ctx)
    if name in _CONVERSIONS or (isinstance(call.func, cst.Attribute) and call.func.attr.value in _PARSING_METHODS):
        return True
    # a match's group: re.search(...).group(1)
    return isinstance(call.func, cst.Attribute) and call.func.attr.value in ("group", "groups", "strip") and isinstance(
        call.func.value, (cst.Call, cst.Name, cst.Subscript)
    )


def _drops_traceback(call: LogCall) -> bool:
    """What LL201 asks of the call itself: an ``.error()`` or ``.critical()`` that does not
    say whether it wants a traceback (``exc_info=...``, ``opt(exception=...)``, ``**kwargs``)."""
    if call.method not in ("error", "critical") or call.star_kwargs:
        return False
    if "exception" in call.opt:
        return False  # loguru: opt(exception=...) written, whatever its value
    return call.library == LOGURU or "exc_info" not in call.keywords  # exc_info written, even False: a choice


def _traceback_fix(call: LogCall, ctx: Context) -> Optional[NodeFix]:
    """LL201's fix: the call records the traceback."""
    if call.method == "error":
        attr = method_attribute(call)
        return NodeFix("unsafe", "Use `.exception()`", ((attr, cst.Name("exception")),)) if attr is not None else None
    if call.library == LOGURU:
        chain = loguru_exception_fix(call, ctx)
        return NodeFix("unsafe", "Add `opt(exception=True)`", (chain,)) if chain is not None else None
    if call.library in (STDLIB, STRUCTLOG):
        new = call.node.with_changes(args=args_with(call.node, keyword_arg("exc_info", cst.Name("True"))))
        return NodeFix("unsafe", "Add `exc_info=True`", ((call.node, new),))
    return None


def _ll203_kind(call: LogCall) -> Optional[str]:
    """Which LL203 case ``call`` is: "drop", "to-error", "to-exception", or None."""
    if call.library == LOGURU:
        return None  # loguru has no exc_info: LL201 and LL202 speak for it
    exc = call.exc_info
    if exc is None:
        return None
    method = base_method(call.method)
    if method == "exception":
        if is_true_constant(exc):
            return "drop"
        if is_false_constant(exc):
            return "to-error"
    elif method == "error" and call.handler is not None and is_true_constant(exc):
        return "to-exception"
    return None


class ExceptionOutsideHandler(Rule):
    code = "LL202"

    def check_module(self, ctx: Context) -> None:
        candidates = [call for call in ctx.calls if self._candidate(call)]
        if not candidates:
            return
        exempt = _exempt_calls(ctx, {id(call.node) for call in candidates})
        for call in candidates:
            if id(call.node) in exempt:
                continue
            fix: Optional[NodeFix] = None
            if base_method(call.method) == "exception":
                message = "`.exception()` outside an `except` block: there is no exception to record"
                attr = method_attribute(call)
                if attr is not None:
                    name = async_like(call.method, "error")
                    fix = NodeFix("unsafe", f"Use `.{name}()`", ((attr, cst.Name(name)),))
            elif call.library == LOGURU:
                message = "`opt(exception=True)` outside an `except` block: there is no exception to record"
            else:
                message = "`exc_info=True` outside an `except` block: there is no exception to record"
            ctx.report(self, method_node(call), message, fix=fix, anchor=call.node)

    @staticmethod
    def _candidate(call: LogCall) -> bool:
        if call.handler is not None or call.star_kwargs or _ll203_kind(call) is not None:
            return False
        if call.library == LOGURU:
            if call.method == "exception":
                return True
            return is_true_constant(call.opt.get("exception"))
        if base_method(call.method) == "exception":
            return call.exc_info is None  # exc_info=<exception>: what to record is given
        if is_true_constant(call.exc_info):
            return True
        return call.library is None and is_true_constant(call.opt.get("exception"))


def _exempt_calls(ctx: Context, wanted: Set[int]) -> Set[int]:
    """Of the calls ``wanted`` (by id), those lexically in an exception-handling region:
    any ``except`` body (with the functions defined there), ``__exit__`` methods, the
    backoff library's hooks, and
    ``if`` statements that test ``sys.exc_info()`` or ``sys.exception()``."""
    found: Set[int] = set()
    hooks = _backoff_hooks(ctx)
    stack: List[Tuple[cst.CSTNode, bool]] = [(ctx.module, False)]
    remaining = len(wanted)
    while stack and remaining:
        node, exempt = stack.pop()
        if isinstance(node, cst.Call) and id(node) in wanted:
            remaining -= 1
            if exempt:
                found.add(id(node))
        if not exempt:
            exempt = _handling_region(node, ctx) or (isinstance(node, cst.FunctionDef) and node.name.value in hooks)
        stack.extend((child, exempt) for child in iter_children(node))
    return found


# The keywords of the backoff library's decorators whose functions it calls in its
# ``except`` block: ``@backoff.on_exception(..., on_backoff=log_retry)``.
_BACKOFF_HOOKS = frozenset({"on_backoff", "on_giveup"})


def _backoff_hooks(ctx: Context) -> Set[str]:
    """The names of the functions given as ``on_backoff=`` or ``on_giveup=`` in the file."""
    return {
        arg.value.value
        for call in ctx.all_calls
        for arg in call.args
        if arg.keyword is not None and arg.keyword.value in _BACKOFF_HOOKS and isinstance(arg.value, cst.Name)
    }


def _handling_region(node: cst.CSTNode, ctx: Context) -> bool:
    """Whether code under ``node`` runs while an exception is (likely) handled."""
    if isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)):
        return True
    if isinstance(node, cst.FunctionDef):
        return _handles_failures(node)
    if isinstance(node, cst.If):
        return any(
            isinstance(n, cst.Call) and _qualified(n.func, ctx) in _CURRENT_EXCEPTION for n in _walk(node.test)
        )
    return False


def _handles_failures(func: cst.FunctionDef) -> bool:
    """Whether a function looks meant to run while an exception is handled: ``__exit__``,
    a name such as ``on_error`` or ``log_exception``, or an exception parameter."""
    name = func.name.value
    if name in _EXIT_METHODS:
        return True
    if any(part.lower() in _HANDLER_WORDS for part in _NAME_PARTS.findall(name)):
        return True
    params = func.params
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    every.extend(p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param))
    return any(param.name.value in _EXCEPTION_PARAMS for param in every)


class RedundantExcInfo(Rule):
    code = "LL203"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        kind = _ll203_kind(call)
        if kind is None:
            return
        keyword = call.keywords["exc_info"]
        fix: Optional[NodeFix] = None
        if kind == "drop":
            message = "`.exception()` already records the traceback; `exc_info=True` is redundant"
            new = call.node.with_changes(args=args_without(call.node.args, keyword))
            fix = NodeFix(call.applicability("safe"), "Remove `exc_info=True`", ((call.node, new),))
        elif kind == "to-error":
            name = async_like(call.method, "error")
            message = f"`.exception()` with a false `exc_info` logs no traceback; use `.{name}()`"
            renamed = renamed_call(call, name, drop=keyword)
            if renamed is not None:
                fix = NodeFix(call.applicability("safe"), f"Use `.{name}()`", ((call.node, renamed),))
        else:
            name = async_like(call.method, "exception")
            message = f"`.error(..., exc_info=True)` in an `except` block is `.{name}()`"
            renamed = renamed_call(call, name, drop=keyword)
            # structlog's `aerror(..., exc_info=True)` logs no traceback (LL607): `aexception()` adds one.
            wanted = "unsafe" if call.method in STRUCTLOG_ASYNC else "safe"
            if renamed is not None:
                fix = NodeFix(call.applicability(wanted), f"Use `.{name}()`", ((call.node, renamed),))
        ctx.report(self, method_node(call), message, fix=fix)


def _records_handled(call: LogCall, bound: str) -> bool:
    """Whether ``call`` records the traceback of the exception being handled (bound to ``bound``)."""
    if call.library == LOGURU:
        if call.method == "exception":
            return True
        source = call.opt.get("exception")
    else:
        source = call.exc_info
        if source is None and base_method(call.method) == "exception":
            return True
    return source is not None and (is_true_constant(source) or _is_name(source, bound))


def _exception_mentions(expr: cst.BaseExpression, name: str) -> Iterator[cst.CSTNode]:
    """Parts of a message or argument that render the exception ``name``:
    ``e``, ``str(e)``, ``repr(e)``, also inside f-strings, ``%``, ``+`` and ``.format()``."""
    if _is_name(expr, name):
        yield expr
    elif isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Name) and func.value in ("str", "repr"):
            args = expr.args
            if len(args) == 1 and not args[0].star and args[0].keyword is None and _is_name(args[0].value, name):
                yield expr
        elif isinstance(func, cst.Attribute) and func.attr.value == "format" and isinstance(
            func.value, (cst.SimpleString, cst.ConcatenatedString)
        ):
            for arg in expr.args:
                if not arg.star:
                    yield from _exception_mentions(arg.value, name)
    elif isinstance(expr, cst.FormattedString):
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringExpression):
                yield from _exception_mentions(part.expression, name)
    elif isinstance(expr, cst.ConcatenatedString):
        yield from _exception_mentions(expr.left, name)
        yield from _exception_mentions(expr.right, name)
    elif isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Add):
            yield from _exception_mentions(expr.left, name)
            yield from _exception_mentions(expr.right, name)
        elif isinstance(expr.operator, cst.Modulo) and isinstance(
            expr.left, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
        ):
            right = expr.right
            if isinstance(right, cst.Tuple):
                for element in right.elements:
                    if not isinstance(element, cst.StarredElement):
                        yield from _exception_mentions(element.value, name)
            else:
                yield from _exception_mentions(right, name)


class ExceptionInMessage(Rule):
    code = "LL204"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        handler = call.handler
        if handler is None or handler.name is None or only_control_flow(handler):
            return  # Ctrl-C, cancellation: the exception's text is empty, nothing is said twice
        if not _records_handled(call, handler.name):
            return
        exprs = [call.message] if call.message is not None else []
        exprs.extend(arg.value for arg in call.args)
        for expr in exprs:
            for node in _exception_mentions(expr, handler.name):
                ctx.report(
                    self,
                    node,
                    f"the traceback already shows `{handler.name}`; "
                    "leave it out of the message and say what failed",
                )


class SwallowedException(Rule):
    code = "LL205"

    def check_module(self, ctx: Context) -> None:
        for handler in ctx.handlers:
            if self._swallows(handler, ctx):
                first = handler.calls[0]
                ctx.report(
                    self,
                    method_node(first),
                    "this handler catches every exception but logs it only at "
                    f"{first.level or 'a low'} level, without the exception or its traceback",
                    anchor=first.node,
                )

    @staticmethod
    def _swallows(handler: HandlerInfo, ctx: Context) -> bool:
        if not handler.calls or handler.reraises:
            return False
        if not handler.bare and not BROAD_EXCEPTIONS.intersection(handler.type_names):
            return False
        for call in handler.calls:
            if call.level not in QUIET_LEVELS or call.star_kwargs:
                return False
            if "exception" in call.opt or records_traceback(call):
                return False
            if any(key.startswith("exc") for key in call.keywords):
                return False  # exc_info, even False; salt's exc_info_on_loglevel=...
        body = handler.node.body  # type: ignore[attr-defined]
        if handler.name is not None and mentions_name(body, handler.name):
            return False
        if reads_current_exception(body, ctx):
            return False
        if any(names_fallback(literal_words(call.message)) for call in handler.calls):
            return False  # "falling back to ...", "using defaults": the message says what happens instead
        return not any(gives_reason(comment.value) for comment in _comments(body))


# Linter directives a comment may start with; what follows them is the reason, if any.
_DIRECTIVE = re.compile(
    r"(?:noqa\b(?::\s*[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)?|pylint:\s*[\w-]+(?:=[\w,-]+)?"
    r"|type:\s*ignore(?:\[[^\]]*\])?|pragma:\s*no\s*cover|nosec\b(?:\s+B\d+)?|pyright:\s*\w+(?:\[[^\]]*\])?"
    r"|fmt:\s*\w+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]{2,}")
_CODE_NODES = (
    ast.Call, ast.Assign, ast.AugAssign, ast.Return, ast.Raise, ast.Import, ast.ImportFrom, ast.Pass,
    ast.Attribute, ast.Subscript, ast.Compare, ast.BinOp, ast.Delete,
)


def gives_reason(comment: str) -> bool:
    """Whether a comment says why (two words or more), beyond linter directives and
    commented-out code: ``# best effort``, ``# noqa: BLE001 - one bad file must not stop the run``."""
    text = comment.lstrip("#").strip()
    while True:
        match = _DIRECTIVE.match(text)
        if match is None:
            break
        text = text[match.end():].lstrip(" \t-:;,#\u2013\u2014")
    if len(_WORD.findall(text)) < 2:
        return False
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return True
    return not any(isinstance(node, _CODE_NODES) for node in ast.walk(tree))


def _comments(node: cst.CSTNode) -> Iterator[cst.Comment]:
    """Every comment in ``node``, whitespace included (of a handler's body: the ``except``
    line's own comment too, not those above the ``except``)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Comment):
            yield current
        stack.extend(current.children)


class DeprecatedWarn(Rule):
    code = "LL206"

    _candidates: weakref.WeakKeyDictionary[Context, List[cst.Attribute]]

    def setup(self) -> None:
        self._candidates = weakref.WeakKeyDictionary()

    def visit_Attribute(self, node: cst.Attribute, ctx: Context) -> None:
        if node.attr.value == "WARN":
            self._candidates.setdefault(ctx, []).append(node)

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if call.method != "warn" or call.library == LOGURU or _other_warn(call, ctx):
            return
        fix: Optional[NodeFix] = None
        attr = method_attribute(call)
        if attr is not None:
            fix = NodeFix(call.applicability("safe"), "Use `.warning()`", ((attr, cst.Name("warning")),))
        ctx.report(self, method_node(call), "`.warn()` is a deprecated alias of `.warning()`", fix=fix)

    def check_module(self, ctx: Context) -> None:
        for node in self._candidates.pop(ctx, ()):
            if ctx.qualify(node) == "logging.WARN":
                fix = NodeFix("safe", "Use `WARNING`", ((node.attr, cst.Name("WARNING")),))
                ctx.report(self, node.attr, "`logging.WARN` is a deprecated alias of `logging.WARNING`", fix=fix)
        local = [name for name, full in ctx.resolver.imports.items() if full == "logging.WARN"]
        if local:
            self._check_imports(ctx, set(local))

    def _check_imports(self, ctx: Context, local: Set[str]) -> None:
        """``from logging import WARN``: reported at the import, fixed there and at every use."""
        imports: List[cst.ImportAlias] = []
        uses: Dict[str, List[cst.Name]] = {}
        stack: List[cst.CSTNode] = [ctx.module]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.ImportFrom):
                if not isinstance(node.names, cst.ImportStar) and not node.relative and node.module is not None and dotted_name(node.module) == "logging":
                    imports.extend(
                        a for a in node.names if isinstance(a.name, cst.Name) and a.name.value == "WARN"
                    )
                continue
            if isinstance(node, cst.Name):
                if node.value in local:
                    uses.setdefault(node.value, []).append(node)
                continue
            if isinstance(node, cst.Attribute):
                stack.append(node.value)
                continue
            if isinstance(node, cst.Arg):
                stack.append(node.value)
                continue
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                stack.extend(c for c in iter_children(node) if c is not node.name)
                continue
            stack.extend(iter_children(node))
        for alias in imports:
            replacements: List[Tuple[cst.CSTNode, cst.CSTNode]] = [(alias.name, cst.Name("WARNING"))]
            if alias.asname is None:
                replacements.extend((use, cst.Name("WARNING")) for use in uses.get("WARN", ()))
            fix = NodeFix("safe", "Use `WARNING`", tuple(replacements))
            ctx.report(self, alias.name, "`logging.WARN` is a deprecated alias of `logging.WARNING`", fix=fix)


_OWN_WARN_MODULES = ("twisted.", "distutils.", "setuptools.")


def _other_warn(call: LogCall, ctx: Context) -> bool:
    """A ``warn`` that is not logging's: twisted's loggers, ``distutils.log.warn``."""
    if call.library is not None:
        return False
    func = call.node.func
    receiver = func.value if isinstance(func, cst.Attribute) else func
    qualified = ctx.qualify(receiver) or ""
    if qualified.startswith(_OWN_WARN_MODULES):
        return True
    return any(full.startswith("twisted.") for full in ctx.resolver.imports.values())


RULES = [
    ErrorWithoutTraceback,
    ExceptionOutsideHandler,
    RedundantExcInfo,
    ExceptionInMessage,
    SwallowedException,
    DeprecatedWarn,
]
