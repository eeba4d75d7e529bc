"""Generated programs (issue 7): random valid Python modules from hypothesmith, and modules
with logging calls of every library spliced in, never crash loglint; fixing them keeps
them parseable (and compilable), a second fix changes nothing, and pruning changes nothing."""

from __future__ import annotations

import ast
import warnings
from typing import List, Optional

import hypothesmith
import libcst as cst
import pytest
from helpers import make_engine, same_result
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from loglint.engine import Engine, LintResult

# hypothesmith compiles what it generates; CPython warns about calls of literals such as `...()`.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")


# hypothesmith is slow (a second or so per example); these counts keep the file near a minute.
def SETTINGS(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )

ENGINES = {
    "check": make_engine("LL"),
    "fix": make_engine("LL", fix=True, unsafe_fixes=True),
    "fix, unpruned": make_engine("LL", fix=True, unsafe_fixes=True),
}
ENGINES["fix, unpruned"].prune = False


def _compiles(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<generated>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _parses(text: str) -> bool:
    try:
        cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError):
        return False
    return True


def _no_internal_error(result: LintResult) -> None:
    internal = [e.message for e in result.errors if e.internal]
    assert not internal, internal


def check_properties(source: str) -> None:
    """The invariants every input must satisfy."""
    _no_internal_error(ENGINES["check"].lint_text(source, "generated.py", "generated.py"))
    fixer: Engine = ENGINES["fix"]
    first = fixer.lint_text(source, "generated.py", "generated.py")
    _no_internal_error(first)
    assert same_result(first, ENGINES["fix, unpruned"].lint_text(source, "generated.py", "generated.py")), "pruning changed the result"
    if first.text is None:
        return
    fixed = first.text
    assert _parses(fixed), fixed
    if _compiles(source):
        assert _compiles(fixed), fixed
    second = fixer.lint_text(fixed, "generated.py", "generated.py")
    _no_internal_error(second)
    assert second.text is None, f"a second --fix changed the file:\n{fixed}\n---\n{second.text}"
    assert second.fixed == 0


# --- random valid modules ------------------------------------------------------------------------


@SETTINGS(150)
@given(hypothesmith.from_grammar())
def test_random_modules_never_crash(source: str) -> None:
    assume(_parses(source))
    check_properties(source)


@SETTINGS(40)
@given(hypothesmith.from_node())
def test_random_libcst_modules_never_crash(source: str) -> None:
    assume(_parses(source))
    check_properties(source)


# --- modules with logging calls spliced in ----------------------------------------------------

HEADERS = {
    "logging": "import logging\nlogger = logging.getLogger(__name__)\n",
    "loguru": "from loguru import logger as lg\n",
    "structlog": "import structlog\nslog = structlog.get_logger()\n",
}
RECEIVERS = {
    "logging": ["logger", "logging", "logging.getLogger('x')", "self.logger", "log"],
    "loguru": ["lg", "lg.opt(exception=True)", "lg.bind(user=1)"],
    "structlog": ["slog", "slog.bind(a=1)"],
}
METHODS = ["debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "msg", "success", "trace"]
VALUES = st.sampled_from(
    ["x", "user", "self.count", "items[0]", "exc", "password", "api_key", "data.get('k')", "len(xs)", "str(x)", "repr(y)", "1", "'s'", "None"]
)
WORDS = st.sampled_from(["user", "failed", "connecting to", "done", "", "retry", "value:", "%", "%%", "{", "}}", "100%", "ok"])
SPECS = st.sampled_from(["", "!r", "!s", ":>10", ":.2f", "=", "!r:^5"])
KEYWORDS = st.sampled_from(["exc_info=True", "exc_info=exc", "stack_info=True", "extra={'k': x}", "stacklevel=2", "user=x", "exc_info=False"])
PERCENT = st.sampled_from(["%s", "%d", "%r", "%(k)s", "%5.2f", "%%", "%-3s"])
BRACES = st.sampled_from(["{}", "{0}", "{k}", "{!r}", "{:>4}", "{{}}"])


@st.composite
def message(draw: st.DrawFn) -> str:
    """A message expression: plain, f-string, %-formatted, .format(), or concatenated."""
    kind = draw(st.sampled_from(["plain", "fstring", "percent", "format", "concat", "nested", "implicit"]))
    words = [draw(WORDS) for _ in range(draw(st.integers(0, 3)))]
    text = " ".join(words).replace("'", "")
    if kind == "plain":
        return repr(text)
    if kind == "fstring":
        fields = "".join(f" {{{draw(VALUES)}{draw(SPECS)}}}" for _ in range(draw(st.integers(1, 3))))
        return "f" + repr(text.replace("{", "{{").replace("}", "}}") + fields)
    if kind == "percent":
        marks = [draw(PERCENT) for _ in range(draw(st.integers(1, 3)))]
        args = [draw(VALUES) for _ in range(draw(st.integers(0, 3)))]
        if any("(k)" in m for m in marks):
            return f"{text!r} '{' '.join(marks)}' % {{'k': {draw(VALUES)}}}"
        rhs = args[0] if len(args) == 1 and draw(st.booleans()) else f"({', '.join(args)}{',' if len(args) == 1 else ''})"
        return f"'{text} {' '.join(marks)}' % {rhs}"
    if kind == "format":
        marks = [draw(BRACES) for _ in range(draw(st.integers(1, 3)))]
        args = ", ".join([draw(VALUES) for _ in range(draw(st.integers(0, 3)))] + (["k=1"] if draw(st.booleans()) else []))
        return f"'{text} {' '.join(marks)}'.format({args})"
    if kind == "concat":
        return " + ".join([repr(text), draw(VALUES), repr(draw(WORDS).replace("'", ""))][: draw(st.integers(2, 3))])
    if kind == "implicit":
        return f"{text!r} f'{{{draw(VALUES)}}}' 'end'"
    return f"f'{{{draw(VALUES)}!r}} {{f\"{{{draw(VALUES)}}}\"}}'"


@st.composite
def logging_call(draw: st.DrawFn, library: str) -> str:
    receiver = draw(st.sampled_from(RECEIVERS[library]))
    method = draw(st.sampled_from(METHODS))
    args: List[str] = []
    if method == "log" or (library == "logging" and draw(st.integers(0, 9)) == 0):
        method = "log"
        args.append(draw(st.sampled_from(["logging.INFO", "20", "'INFO'", "level"])))
    args.append(draw(message()))
    args += [draw(VALUES) for _ in range(draw(st.integers(0, 2)))]
    args += draw(st.lists(KEYWORDS, max_size=2, unique=True))
    if draw(st.booleans()) and library != "logging":
        args.append("key=" + draw(VALUES))
    call = f"{receiver}.{method}({', '.join(args)})"
    if draw(st.integers(0, 4)) == 0:  # spread over lines, with a comment
        call = f"{receiver}.{method}(\n    {(',' + chr(10) + '    ').join(args)},  # why\n)"
    return call


def _indent(text: str, by: str) -> str:
    return "".join(by + line if line.strip() else line for line in text.splitlines(keepends=True))


@st.composite
def logging_block(draw: st.DrawFn) -> str:
    library = draw(st.sampled_from(list(HEADERS)))
    calls = draw(st.lists(logging_call(library), min_size=1, max_size=4))
    body = "".join(call + "\n" for call in calls)
    place = draw(st.sampled_from(["top", "except", "bare-except", "function", "method", "finally", "else"]))
    if place == "except":
        body = f"try:\n    pass\nexcept (ValueError, KeyError) as exc:\n{_indent(body, '    ')}"
    elif place == "bare-except":
        body = f"try:\n    work()\nexcept:\n{_indent(body, '    ')}    raise\n"
    elif place == "function":
        body = f"def handler(x, *items, **data):\n    try:\n        return x\n    except Exception as exc:\n{_indent(body, '        ')}"
    elif place == "method":
        body = f"class Service:\n    def run(self, x):\n{_indent(body, '        ')}"
    elif place == "finally":
        body = f"try:\n    pass\nfinally:\n{_indent(body, '    ')}"
    elif place == "else":
        body = f"try:\n    pass\nexcept OSError:\n    pass\nelse:\n{_indent(body, '    ')}"
    return HEADERS[library] + body


@st.composite
def spliced_module(draw: st.DrawFn, base: Optional[st.SearchStrategy[str]] = None) -> str:
    """Logging blocks put between the top-level statements of a module."""
    blocks = draw(st.lists(logging_block(), min_size=1, max_size=3))
    if base is None:
        return "\n".join(blocks)
    module = cst.parse_module(draw(base))
    statements = list(module.body)
    for block in blocks:
        index = draw(st.integers(0, len(statements)))
        statements[index:index] = cst.parse_module(block).body
    return module.with_changes(body=statements).code


@SETTINGS(400)
@given(spliced_module())
def test_logging_calls_never_crash_and_fix_cleanly(source: str) -> None:
    assert _parses(source), source
    check_properties(source)


def _parseable_modules() -> st.SearchStrategy[str]:
    return hypothesmith.from_grammar().filter(_parses)


@SETTINGS(80)
@given(spliced_module(_parseable_modules()))
def test_logging_calls_spliced_into_random_modules(source: str) -> None:
    check_properties(source)


@pytest.mark.parametrize(
    "source",
    [
        # Shapes the strategies found worth keeping as fixed examples.
        "import logging\nlogger = logging.getLogger(__name__)\nlogger.info('%s %s' % (x,))\n",
        "import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f'{x!r:^5}' f'{y=}')\n",
        "from loguru import logger as lg\nlg.opt(exception=True).info('x {} {k}'.format(a, k=1))\n",
        "import structlog\nslog = structlog.get_logger()\nslog.msg(f'{x}' + 'y', key=1)\n",
        "import logging\nlogger = logging.getLogger(__name__)\ntry:\n    pass\nexcept:\n    logger.error(f'{x}', exc_info=True)\n    raise\n",
    ],
)
def test_examples(source: str) -> None:
    check_properties(source)
