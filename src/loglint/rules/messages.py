"""LL1xx: message quality.

These rules read only the literal text of a message: string literals, implicit and
``+`` concatenations of them, and the literal parts of f-strings, ``%`` templates
and ``.format()`` templates. They never guess what a runtime value renders as.
"""

from __future__ import annotations

import ast
import re
import string
import weakref
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

import libcst as cst

from loglint.checker import Context, iter_children
from loglint.expressions import is_false_constant, is_true_constant, string_value
from loglint.loggers.calls import LogCall
from loglint.loggers.libraries import LOGURU, STDLIB
from loglint.rules.base import Rule
from loglint.rules.scripts import in_main_block, is_test_file

# -- literal text ----------------------------------------------------------------------

# Stands for a runtime value among literal parts (an f-string field, a ``+`` operand).
VALUE = "\x00"


def _fstring_text(node: cst.FormattedString, part: cst.FormattedStringText) -> str:
    """The text a literal part of an f-string renders as (escapes decoded)."""
    prefix = node.prefix.lower().replace("f", "")
    quote = node.start[len(node.prefix):]
    try:
        value = ast.literal_eval(prefix + quote + part.value + quote)
    except (SyntaxError, ValueError):
        value = part.value
    return str(value).replace("{{", "{").replace("}}", "}")


def literal_parts(expr: cst.BaseExpression) -> Optional[List[str]]:
    """The message as literal text parts and :data:`VALUE` markers; None when no part is literal.

    ``%`` and ``.format()`` templates are returned as written: their placeholders
    stay in the text.
    """
    if isinstance(expr, cst.SimpleString):
        value = string_value(expr)
        return [value] if value is not None else None
    if isinstance(expr, cst.FormattedString):
        parts: List[str] = []
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(_fstring_text(expr, part))
            else:
                parts.append(VALUE)
        return parts
    if isinstance(expr, cst.ConcatenatedString):
        left = literal_parts(expr.left)
        right = literal_parts(expr.right)
        if left is None or right is None:
            return None
        return left + right
    if isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Add):
            left = literal_parts(expr.left)
            right = literal_parts(expr.right)
            if left is None and right is None:
                return None
            return (left or [VALUE]) + (right or [VALUE])
        if isinstance(expr.operator, cst.Modulo):
            return literal_parts(expr.left)
        return None
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "format":
        return literal_parts(expr.func.value)
    return None


def literal_words(expr: Optional[cst.BaseExpression]) -> str:
    """The literal text of a message, its parts joined by spaces ("" when none is literal)."""
    parts = literal_parts(expr) if expr is not None else None
    return " ".join(part for part in parts if part != VALUE) if parts else ""


# Words that name what the code does instead of what failed.
_FALLBACK = (
    r"fall(?:ing)?[\s-]*back|fallback|defaulting|(?:use|using)\s+(?:the\s+)?defaults?|instead|manually|assuming"
    r"|continuing|carrying\s+on|anyway"
)
_NAMES_FALLBACK = re.compile(rf"\b(?:{_FALLBACK})\b", re.IGNORECASE)
# Words that say the failed work is tried again.
_RETRY = r"retry(?:ing)?|retries|will\s+retry|trying\s+again"
_RETRIED = re.compile(rf"\b(?:{_RETRY}|reconnect(?:ing)?)\b", re.IGNORECASE)
# ... and those that say the failure is handled otherwise: skipped, ignored, retried.
_HANDLED = re.compile(
    rf"\b(?:{_FALLBACK}|skip(?:s|ping|ped)?|ignor(?:ing|ed)|{_RETRY}"
    r"|trying\s+(?:next|the\s+next|another)|proceeding\s+without)\b",
    re.IGNORECASE,
)


def says_retried(text: str) -> bool:
    """Whether a message says the failed work is tried again ("retrying in 5 s", "reconnecting")."""
    return _RETRIED.search(text) is not None


def names_fallback(text: str) -> bool:
    """Whether a message names what the code does instead ("falling back to", "using defaults")."""
    return _NAMES_FALLBACK.search(text) is not None


def says_handled(text: str) -> bool:
    """Whether a message says its failure is handled: a fallback, or "skipping", "will retry"."""
    return _HANDLED.search(text) is not None


def literal_text(expr: cst.BaseExpression) -> Optional[str]:
    """The whole message when it is literal text and nothing else, else None."""
    parts = literal_parts(expr)
    if parts is None or VALUE in parts:
        return None
    if isinstance(expr, cst.Call) or (
        isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Modulo)
    ):
        return None  # a template with its operands
    return "".join(parts)


# Keyword arguments that do not add context to a record.
_NO_CONTEXT_KEYWORDS = frozenset({"exc_info", "stack_info", "stacklevel"})


def has_context(call: LogCall) -> bool:
    """Whether the call sends values besides its message (arguments, extra, key-values)."""
    if call.args or call.star_args or call.star_kwargs:
        return True
    message_key = None
    if call.message is not None:
        message_key = next((k for k, arg in call.keywords.items() if arg.value is call.message), None)
    for key in call.keywords:
        if key == message_key or key in _NO_CONTEXT_KEYWORDS:
            continue
        if call.library == STDLIB and key != "extra":
            continue
        return True
    return False


def records_traceback(call: LogCall) -> bool:
    """Whether the record carries the traceback of the exception being handled."""
    if call.library == LOGURU:
        exc = call.opt.get("exception")
        return call.method == "exception" or (exc is not None and not is_false_constant(exc))
    return call.records_traceback


_NEIGHBOURS: weakref.WeakKeyDictionary[Context, Dict[int, Tuple[bool, bool]]] = weakref.WeakKeyDictionary()
_PREVIOUS: weakref.WeakKeyDictionary[Context, Dict[int, LogCall]] = weakref.WeakKeyDictionary()


def log_neighbours(call: LogCall, ctx: Context) -> Tuple[bool, bool]:
    """Whether a statement before, and one after, the call's own statement in its block
    logs a line that is not blank (computed once per file, when asked). Any statement of
    the block counts, not only the next: pruning leaves out the statements that do not
    log, and must change nothing."""
    if ctx not in _NEIGHBOURS:
        _NEIGHBOURS[ctx], _PREVIOUS[ctx] = _neighbours(ctx)
    return _NEIGHBOURS[ctx].get(id(call.node), (False, False))


def previous_log(call: LogCall, ctx: Context) -> Optional[LogCall]:
    """The nearest log call before the call's own statement that is a statement of one
    call and nothing else, in its block or, for the first one of a block, in the blocks
    that hold it, up to the function (computed with :func:`log_neighbours`): "Loading
    %s" before a ``try`` whose first line logs "Success!"."""
    log_neighbours(call, ctx)
    return _PREVIOUS[ctx].get(id(call.node))


def _neighbours(ctx: Context) -> Tuple[Dict[int, Tuple[bool, bool]], Dict[int, LogCall]]:
    logging = {id(call.node): call for call in ctx.calls}
    lines = {id(call.node) for call in ctx.calls if not _blank_message(call)}
    found: Dict[int, Tuple[bool, bool]] = {}
    previous: Dict[int, LogCall] = {}
    # Each node with the last log call before it in the blocks that hold it.
    stack: List[Tuple[cst.CSTNode, Optional[LogCall]]] = [(ctx.module, None)]
    while stack:
        node, last = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            last = None
        if isinstance(node, (cst.Module, cst.IndentedBlock)):
            logs = [_holds_log(statement, lines) for statement in node.body]
            for index, statement in enumerate(node.body):
                call = _statement_call(statement)
                log_call = logging.get(id(call)) if call is not None else None
                if log_call is not None:
                    found[id(call)] = (any(logs[:index]), any(logs[index + 1:]))
                    if last is not None:
                        previous[id(call)] = last
                    last = log_call
                else:
                    stack.append((statement, last))
            continue
        stack.extend((child, last) for child in iter_children(node))
    return found, previous


def _blank_message(call: LogCall) -> bool:
    text = literal_text(call.message) if call.message is not None else None
    return text is not None and is_blank(text)


def _statement_call(statement: cst.CSTNode) -> Optional[cst.Call]:
    """The call of a statement that is one call and nothing else (``logger.info(...)``)."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            return small.value
    return None


def _holds_log(statement: cst.CSTNode, logging: Set[int]) -> bool:
    """Whether a logging call runs in ``statement`` (functions and classes defined there aside)."""
    stack = [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call) and id(node) in logging:
            return True
        if not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            stack.extend(iter_children(node))
    return False


# -- vague messages --------------------------------------------------------------------

_EDGE = string.punctuation + string.whitespace + "\u2026\u2013\u2014\u00a0"
_WORD_SPLIT = re.compile(r"[\s_.\-]+")

# Messages that name nothing: not what happened, not to what.
FAILURE_PHRASES: Tuple[str, ...] = (
    # failure with no subject
    "error", "errors", "an error", "error!", "error occurred", "error occured", "an error occurred",
    "an error occured", "an error has occurred", "an error has occured", "error happened",
    "an error happened", "there was an error", "got an error", "got error", "error detected",
    "unexpected error", "an unexpected error occurred", "an unexpected error has occurred",
    "unexpected error occurred", "unknown error", "an unknown error occurred", "unknown error occurred",
    "unhandled error", "internal error", "fatal error", "critical error", "general error",
    "something went wrong", "something wrong", "something bad happened", "something failed",
    "something happened", "failed", "fail", "failure", "it failed", "exception", "exceptions",
    "an exception", "exception occurred", "exception occured", "an exception occurred",
    "an exception occured", "an exception has occurred", "exception happened", "exception caught",
    "caught exception", "caught an exception", "exception raised", "an exception was raised",
    "exception thrown", "got exception", "got an exception", "unexpected exception",
    "an unexpected exception occurred", "unhandled exception", "unknown exception", "oops",
    "whoops", "uh oh", "problem", "a problem occurred", "there was a problem", "something is wrong",
    "warning", "critical", "fatal", "crash", "crashed", "bad",
)
PROGRESS_PHRASES: Tuple[str, ...] = (
    # progress with no subject
    "here", "got here", "i am here", "im here", "i'm here", "we are here", "reached here", "here here",
    "in here", "done", "all done", "ok", "okay", "success", "successful", "succeeded", "finished",
    "complete", "completed", "started", "starting", "start", "end", "ended", "stop", "stopped",
    "begin", "beginning", "entering", "exiting", "enter", "exit", "in function", "in method",
    "function called", "called", "inside", "running", "working", "it works", "works", "checkpoint",
)
PLACEHOLDER_PHRASES: Tuple[str, ...] = (
    # placeholders left behind
    "debug", "info", "log", "logging", "message", "msg", "test", "testing", "test message",
    "todo", "fixme", "xxx", "tbd", "hello", "hello world", "hi", "foo", "bar", "baz", "asdf",
    "blah", "whatever", "stuff", "something", "nothing", "print", "value", "values", "data",
    "result", "response", "here we go",
)
DEFAULT_PHRASES: Tuple[str, ...] = FAILURE_PHRASES + PROGRESS_PHRASES + PLACEHOLDER_PHRASES
# In a test file these are the test's data (a test of logging logs "warning" at warning).
TEST_DATA_PHRASES = frozenset(PLACEHOLDER_PHRASES) | frozenset(
    {"trace", "debug", "info", "success", "warning", "warn", "error", "exception", "critical", "fatal"}
)
# CI log markers: GitHub Actions' "::group::", Azure's "##[group]" and "##vso[", GitLab's sections.
_CI_MARKER = re.compile(r"^\s*(?:::[a-z-]+::|::[a-z-]+\s|##\[[a-z]+\]|##vso\[|(?:\x1b\[0K)?section_(?:start|end):)")
# A banner or a separator line: "--- Results ---", "=========", "### Training".
_BANNER = re.compile(r"^\s*(?:[-=*#~+]\s*){3,}")
# An event name written as one identifier: "UserLoggedIn", "cache_miss", "user.login".
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
_IDENTIFIER_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# A state as key=value: "Type=VOD", "retries=3 backoff=2.0".
_KEY_VALUE = re.compile(r"^\s*[A-Za-z_][\w.-]*=\S")
# A step of a component's life, as a CLI prints it: "Reconnecting...", "tokenization…",
# "Decompressing".
_STEP = re.compile(r"^\s*(?:[A-Za-z]+\s*(?:\.\.\.|…)|[A-Za-z]{3,}ing)\s*$")
# What closes a step announced by the line logged before it ("Loading the model..." ... "done").
_LOW_LEVEL_NAMES = frozenset({"trace", "debug", "info", "success"})
_CLOSING = frozenset({"done", "all done", "ok", "okay", "finished", "complete", "completed", "success", "succeeded"})
# A %-style or brace placeholder of a template: "%s", "%(name)r", "{}", "{0!r}".
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}")
# A bracketed tag used as an event name: "[STARTUP]", "<cache-miss>".
_TAG = re.compile(r"^\s*[\[<]\s*([A-Za-z][\w .:/-]*?)\s*[\]>]\s*$")


def normalize(text: str) -> str:
    """Lower case, surrounding whitespace and punctuation stripped, inner whitespace single."""
    return " ".join(text.lower().strip(_EDGE).split())


_FAILURES = frozenset(normalize(phrase) for phrase in FAILURE_PHRASES)


# Han ideographs and kana: Chinese and Japanese write a sentence without spaces.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words of ``text``, split on whitespace, ``_``, ``-`` and ``.``; only those with a
    letter or digit. A run of Chinese or Japanese characters counts a word per two."""
    count = 0
    for word in _WORD_SPLIT.split(text):
        if any(ch.isalnum() for ch in word):
            count += max(1, len(_CJK.findall(word)) // 2)
    return count


def is_blank(text: str) -> bool:
    return text.strip() == ""


def identifier_words(text: str) -> Optional[str]:
    """The words of a message that is one identifier ("UserLoggedIn" -> "user logged in"), else None."""
    stripped = text.strip()
    if _IDENTIFIER.match(stripped) is None:
        return None
    return " ".join(word.lower() for word in _IDENTIFIER_WORD.findall(stripped))


def carries_exception(call: LogCall) -> bool:
    """Whether the call passes an exception as its context: ``exc_info=exc`` or the triple
    ``exc_info=sys.exc_info()`` (not a flag), loguru's ``opt(exception=exc)``."""
    given = call.opt.get("exception") if call.library == LOGURU else call.exc_info
    return given is not None and not is_true_constant(given) and not is_false_constant(given)


class VagueMessage(Rule):
    code = "LL101"

    _phrases: FrozenSet[str]
    _min_words: int

    def setup(self) -> None:
        configured = self.settings["phrases"]
        phrases = [*(DEFAULT_PHRASES if configured is None else configured), *self.settings["extend-phrases"]]
        self._phrases = frozenset(normalize(p) for p in phrases)
        self._min_words = int(self.settings["min-words"])

    def check_call(self, call: LogCall, ctx: Context) -> None:
        message = call.message
        if message is None:
            return
        text = literal_text(message)
        if text is None or is_blank(text) or has_context(call) or _CI_MARKER.match(text):
            return
        reason = self.vague(text)
        if reason is None or carries_exception(call) or in_main_block(call.node, ctx):
            return
        if is_test_file(ctx.path) and normalize(text) in TEST_DATA_PHRASES:
            return  # a test of logging itself: the text is its data
        if self._heads_output(text, call, ctx) or self._continues_output(text, call, ctx):
            return
        if records_traceback(call) and self._beside_specific(call, ctx):
            return
        ctx.report(self, message, f"vague log message ({reason}); say what happened and to what")

    def _beside_specific(self, call: LogCall, ctx: Context) -> bool:
        """A record that carries the traceback beside one that says what failed: another
        log call of its handler, or the one before it that announced the step
        (``LOG.error("cannot process user %s", name)`` with ``LOG.debug("Exception",
        exc_info=True)``)."""
        others = [other for other in call.handler.calls if other is not call] if call.handler is not None else []
        before = previous_log(call, ctx)
        if before is not None and _LOW_LEVEL_NAMES.issuperset({before.level}):
            others.append(before)
        return any(self._specific(other) for other in others)

    def _specific(self, call: LogCall) -> bool:
        """Whether the call's own words, its placeholders left out, say something:
        ``"cannot process user %s"`` does, ``"SOCKS: %s"`` and ``str(error)`` do not."""
        words = _PLACEHOLDER.sub(" ", literal_words(call.message))
        return not is_blank(words) and self.vague(words) is None

    def vague(self, text: str) -> Optional[str]:
        if not any(ch.isalpha() for ch in text):
            return "no words"
        tag = _TAG.match(text)
        words = identifier_words(tag.group(1) if tag else text)
        if words is not None and (tag or " " in words):
            # An event name ("UserLoggedIn", "cache_miss", "[STARTUP]"): vague only as a stock phrase.
            return "a stock phrase" if words in self._phrases else None
        if normalize(text) in self._phrases:
            return "a stock phrase"
        if _KEY_VALUE.match(text) or _STEP.match(text):
            return None  # names a state or a step; the logger's name says of what
        count = word_count(text)
        if count < self._min_words:
            return f"{count} word" if count == 1 else f"{count} words"
        return None

    def _continues_output(self, text: str, call: LogCall, ctx: Context) -> bool:
        """A line of the output that the log call before it in its block began, when that
        one says something (or continues the output itself) and both are at info level or
        below: the "done" that closes the step announced there, or an indented item under
        it ("  Dense"). Not after a warning or an error: "done" does not say what failed."""
        if not (normalize(text) in _CLOSING or text.startswith(("  ", "\t"))):
            return False
        before = previous_log(call, ctx)
        if before is None or not _LOW_LEVEL_NAMES.issuperset({before.level, call.level}):
            return False
        announced = literal_text(before.message) if before.message is not None else None
        if announced is None:
            return True
        return not is_blank(announced) and (self.vague(announced) is None or self._continues_output(announced, before, ctx))

    @staticmethod
    def _heads_output(text: str, call: LogCall, ctx: Context) -> bool:
        """A header that introduces the lines logged after it ("Results:", "--- Summary ---"),
        or a separator between blocks of logged lines; not when it names a failure ("Error:")."""
        banner = _BANNER.match(text) is not None
        if not banner and not text.rstrip().endswith(":"):
            return False
        if normalize(text) in _FAILURES:
            return False
        before, after = log_neighbours(call, ctx)
        return after or (banner and before)


class EmptyMessage(Rule):
    code = "LL102"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        message = call.message
        if message is None:
            return
        text = literal_text(message)
        if text is None or not is_blank(text):
            return
        if call.level in ("trace", "debug") and records_traceback(call):
            return  # a traceback dumped at debug level: ``logger.debug("", exc_info=True)``
        ctx.report(self, message, "empty log message; say what happened")


# -- level mismatch --------------------------------------------------------------------

_LOW_LEVELS = frozenset({"trace", "debug", "info"})
_FAILURE = re.compile(
    r"(?<![\w'\u2019])(?:failed|failures?|errors?|exceptions?|could\s+not|couldn['\u2019]t"
    r"|unable\s+to|cannot|crashed|fatal)(?![\w'\u2019])",
)
# A word before the failure word that negates it ("no errors", "without error", "0 failures").
_NEGATIONS = frozenset({"no", "non", "without", "0", "zero", "never", "none", "nor"})
# A word before the failure word that makes it an expectation, not a report
# ("should raise error", "got the expected exception").
_EXPECTATIONS = frozenset({"expected", "expecting", "raise", "raises", "raising"})
# Words that may sit between a negation and the failure word ("no more errors").
_FILLERS = frozenset({"any", "more", "new", "further", "other", "known", "real", "such"})
# A word after the failure word that makes it name a metric ("error rate", "failure count").
_METRICS = frozenset({
    "rate", "rates", "count", "counts", "counter", "counters", "ratio", "ratios", "percentage",
    "percent", "total", "totals", "threshold", "thresholds", "budget", "metric", "metrics",
    "statistics", "stats",
})
_FREE = re.compile(r"\s*-?\s*free\b")
_ZERO_AFTER = re.compile(r"\s*[:=]\s*(?:0|none)\b")
_WORD = re.compile(r"\w+(?:'\w+)?")


class MessageLevelMismatch(Rule):
    code = "LL103"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if call.level not in _LOW_LEVELS or call.message is None:
            return
        if call.handler is not None and call.handler.reraises:
            return  # the failure goes on up: this is a detail of it
        text = literal_words(call.message).lower()
        if not text or says_handled(text):
            return
        if len(text.split()) == 1:
            text = text.replace("_", " ")  # an event name: "connection_failed"
        word = failure_word(text)
        if word is not None:
            ctx.report(
                self,
                call.message,
                f"the message reports a failure ({word!r}) at {call.level} level; log it at warning or above",
            )


def failure_word(text: str) -> Optional[str]:
    """The first failure word of ``text`` (lower case) that is neither negated nor a metric."""
    for match in _FAILURE.finditer(text):
        before = _WORD.findall(text[: match.start()])[-2:]
        after = text[match.end():]
        if before and (before[-1] in _NEGATIONS or before[-1] in _EXPECTATIONS):
            continue
        if len(before) == 2 and before[-1] in _FILLERS and before[-2] in _NEGATIONS:
            continue
        if _FREE.match(after) or _ZERO_AFTER.match(after):
            continue
        following = _WORD.match(after.lstrip())
        if following is not None and following.group() in _METRICS:
            continue
        return " ".join(match.group().split())
    return None


RULES = [VagueMessage, EmptyMessage, MessageLevelMismatch]
