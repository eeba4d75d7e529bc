"""Leaving out, before libcst parses a file, the parts no rule can look at.

The libcst parse is most of loglint's time, and a third to a half of the code in a
file that mentions logging is in functions and classes that never do. Those parts
are replaced by empty lines: every kept line keeps its number and its columns, so
positions and fixes computed on the pruned text apply to the original unchanged.

What may be left out, decided with ``ast`` (a twelfth of the cost of a libcst parse):
any statement whose text contains none of the needles, at module level or in the
block of a kept statement, as long as it shares no line with another statement. The
first statement of an indented block leaves a ``pass`` in its place (a block cannot be
empty). The ``except`` clauses and ``finally`` block of a kept ``try`` are kept whole:
everything a rule reads about a handler (``raise``, ``sys.exit()``, uses of the
exception) stays.

The needles are the pre-filter's (``log``, the configured logger names, the enabled
rules' triggers) plus the names that :class:`loglint.loggers.resolver.LoggerResolver` could
learn to be loggers: those bound by an assignment, an annotated parameter or an
import that contains a needle, repeated until no new name appears (after
``lg = logging.getLogger()`` or ``from loguru import logger as lg``, ``lg`` is one, and
``WARN`` after ``from logging import WARN``). The resolver's facts are file-wide, not
scoped, and so is this. For the same reason a left-out statement keeps the imports
inside it, moved to its own indentation: ``sys.exit`` in a kept function must still
qualify through an ``import sys`` in a left-out one.

The text is used as it is when ``ast`` cannot parse it (libcst then reports the error
as before), when it has old Mac line endings (``\\r`` alone, where ``ast`` and a split
on ``\\n`` would disagree on line numbers), or when nothing can be left out.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter
from typing import Callable, Dict, FrozenSet, Iterable, Iterator, List, NamedTuple, Optional, Pattern, Sequence, Set, Tuple

from loglint.loggers.libraries import CHAIN_METHOD_NAMES, FACTORY_NAMES
from loglint.positions import ast_calls
from loglint.prefilter import Needles, may_have_findings
from loglint.settings import LIBRARIES

Span = Tuple[int, int]  # first and last line, 1-based, inclusive

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_IMPORTS = (ast.Import, ast.ImportFrom)
_TRY = (ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
_MATCH = (ast.Match,) if hasattr(ast, "Match") else ()  # Python 3.10+
# The blocks of each compound statement (a try's handlers and a match's cases apart).
_BLOCKS: Dict[type, Tuple[str, ...]] = {
    **dict.fromkeys((*_FUNCTIONS, ast.ClassDef, ast.With, ast.AsyncWith), ("body",)),
    **dict.fromkeys((ast.If, ast.For, ast.AsyncFor, ast.While), ("body", "orelse")),
    **dict.fromkeys(_TRY, ("body", "orelse", "finalbody")),
    **dict.fromkeys(_MATCH, ()),
}
# The statements the resolver learns names from (see _bindings).
_BINDING = frozenset((ast.Assign, ast.AnnAssign, *_FUNCTIONS))


class _Unit(NamedTuple):
    """A statement that may be left out."""

    node: ast.stmt
    span: Span
    holds_block: bool  # the first statement of an indented block: something must stay


@dataclass(frozen=True)
class Pruned:
    """The text for libcst to parse, and what ``ast`` made of the original."""

    text: str
    tree: Optional[ast.Module] = None  # None when ast could not parse the original
    left_out: Tuple[Span, ...] = ()  # sorted
    left_out_nodes: FrozenSet[int] = frozenset()  # ids of the statements of ``tree`` left out

    def ast_calls(self) -> Optional[List[ast.Call]]:
        """``ast``'s calls of :attr:`text` (the original's, less those left out); None
        when ast could not parse it."""
        return None if self.tree is None else ast_calls(self.tree, self.left_out_nodes)


def prune(text: str, needles: Needles) -> Pruned:
    """``text`` with the statements no rule can look at replaced by empty lines."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return Pruned(text)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Pruned(text)
    lowered = text.encode("utf-8", "surrogatepass").lower()
    starts = [0, *accumulate(map((1).__add__, map(len, lowered.split(b"\n"))))]
    statements = list(_statements(tree.body))
    imports = sorted((node for node in statements if isinstance(node, _IMPORTS)), key=attrgetter("lineno"))
    pattern = _needle_pattern(needles, _bound_names(statements, imports, lowered, starts, needles))
    lines = text.split("\n")
    units = list(_left_out(tree.body, False, lambda span: _contains(pattern, lowered, starts, span), lines))
    if not units:
        return Pruned(text, tree)
    import_lines = [node.lineno for node in imports]
    carriage_returns = "\r" in text
    left_out = []
    skipped = set()
    for unit in units:
        first, last = unit.span
        inside = imports[bisect_left(import_lines, first) : bisect_right(import_lines, last)]
        kept = _moved_imports(inside, lines, _indentation(lines[first - 1]))
        if kept is None:
            continue  # an import shares a line with other code: keep the statement whole
        if unit.holds_block and not kept:
            kept = {first: _indentation(lines[first - 1]) + "pass"}
        if carriage_returns:
            lines[first - 1 : last] = ["\r" if line.endswith("\r") else "" for line in lines[first - 1 : last]]
        else:
            lines[first - 1 : last] = [""] * (last - first + 1)
        for number, line in kept.items():
            lines[number - 1] = line
        left_out.append(unit.span)
        skipped.add(id(unit.node))
    return Pruned("\n".join(lines), tree, tuple(sorted(left_out)), frozenset(skipped))


# A try's body of this many statements or fewer is kept whole: LL201 reads what it holds.
SMALL_TRY = 5


def _left_out(
    body: Sequence[ast.stmt], keep_first: bool, needed: Callable[[Span], bool], lines: Sequence[str], keep_all: bool = False
) -> Iterator[_Unit]:
    """The statements of ``body``, and of the blocks of those kept, that no rule needs:
    no needle in their lines, no line shared with another statement, not an import.
    The first statement of an indented block (``keep_first``; every statement of a
    ``try``'s body, ``keep_all``, since LL201 asks what it holds; a body of ``SMALL_TRY``
    statements or fewer is kept) gives way to a ``pass``, unless it starts on its block's
    header line. A ``try``'s handlers and ``finally`` block (what rules read about a
    handler is around the call), and a ``match``, are kept whole or left out whole."""
    spans = [_span(node) for node in body]
    whole = keep_all and len(body) <= SMALL_TRY
    for index, node in enumerate(body):
        first, last = span = spans[index]
        alone = (index == 0 or spans[index - 1][1] < first) and (index + 1 == len(spans) or spans[index + 1][0] > last)
        holds_block = keep_all or (keep_first and index == 0)
        if alone and not whole and not isinstance(node, _IMPORTS) and not (holds_block and not _opens_line(node, lines)) and not needed(span):
            yield _Unit(node, span, holds_block)
        elif not isinstance(node, _MATCH):
            # A try's handlers and finally block stay whole: rules read them around a call.
            fields = ("body", "orelse") if isinstance(node, _TRY) else ("body", "orelse", "finalbody")
            for field in fields:
                block = getattr(node, field, None)
                if block:
                    yield from _left_out(block, True, needed, lines, keep_all=isinstance(node, _TRY) and field == "body")


def _opens_line(node: ast.stmt, lines: Sequence[str]) -> bool:
    """Whether a statement (or its first decorator) is the first thing on its first line:
    not after its block's header (``if x: y``), not an ``elif`` branch."""
    line = lines[_span(node)[0] - 1]
    stripped = line.lstrip(" \t\f")
    if getattr(node, "decorator_list", None):
        return stripped.startswith("@")
    return len(line) - len(stripped) == node.col_offset and not stripped.startswith("elif")


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t\f"))]


def _span(node: ast.stmt) -> Span:
    decorators = getattr(node, "decorator_list", ())
    first = min([node.lineno, *(d.lineno for d in decorators)])
    return first, node.end_lineno or node.lineno


def _statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement in ``body``, at any depth."""
    stack = list(body)
    while stack:
        node = stack.pop()
        yield node
        blocks = _BLOCKS.get(type(node))
        if blocks is not None:
            for field in blocks:
                stack.extend(getattr(node, field))
            for part in getattr(node, "handlers", ()) or getattr(node, "cases", ()):
                stack.extend(part.body)


def _contains(pattern: Pattern[bytes], lowered: bytes, starts: Sequence[int], span: Span) -> bool:
    first, last = span
    end = starts[last] if last < len(starts) else len(lowered)
    return pattern.search(lowered, starts[first - 1], end) is not None


def _needle_pattern(needles: Iterable[bytes], extra: Iterable[bytes] = ()) -> Pattern[bytes]:
    alternatives = sorted({*needles, *extra}, key=len, reverse=True)
    return re.compile(b"|".join(re.escape(needle) for needle in alternatives))


def _bound_names(
    statements: Iterable[ast.stmt], imports: Iterable[ast.stmt], lowered: bytes, starts: Sequence[int], needles: Needles
) -> Set[bytes]:
    """Lower-cased names the resolver could take for loggers, beyond the needles themselves."""
    names: Set[bytes] = set()
    for node in imports:
        names.update(_imported_names(node, needles))
    pending: List[Tuple[List[ast.expr], List[str]]] = []
    for node in statements:
        if type(node) in _BINDING:
            pending.extend(_bindings(node))
    while True:
        pattern = _needle_pattern(needles, names)
        found: List[str] = []
        rest = []
        for sources, bound in pending:
            if any(_expr_contains(pattern, lowered, starts, expr) for expr in sources):
                found.extend(bound)
            else:
                rest.append((sources, bound))
        new = {_lower(name) for name in found} - names
        if not new:
            return names
        names |= new
        pending = rest


def _imported_names(node: ast.stmt, needles: Needles) -> Iterator[bytes]:
    """Names an import binds that the resolver could take for loggers: a logging
    library's objects, and names that contain a needle (a configured logger) under another name."""
    if isinstance(node, ast.Import):
        # `import a.b` binds `a`, a module: only an `as` name can stand for something else.
        for alias in node.names:
            if alias.asname and (alias.name.split(".", 1)[0] in LIBRARIES or may_have_findings(needles, alias.name.encode("utf-8", "surrogatepass"))):
                yield _lower(alias.asname)
    elif isinstance(node, ast.ImportFrom) and not node.level:  # the resolver ignores relative imports
        library = (node.module or "").split(".", 1)[0] in LIBRARIES
        for alias in node.names:
            if alias.name != "*" and (library or may_have_findings(needles, alias.name.encode("utf-8", "surrogatepass"))):
                yield _lower(alias.asname or alias.name)


def _bindings(node: ast.stmt) -> Iterator[Tuple[List[ast.expr], List[str]]]:
    """What the resolver learns from a statement: names bound (targets, annotated
    parameters) and the expressions (values, annotations) that decide whether they are loggers."""
    if isinstance(node, ast.Assign):
        source = _deciding(node.value)
        if source is not None:
            yield [source], _target_names(node.targets)
    elif isinstance(node, ast.AnnAssign):
        sources = [node.annotation, *filter(None, [_deciding(node.value) if node.value is not None else None])]
        yield sources, _target_names([node.target])
    elif isinstance(node, _FUNCTIONS):
        args = node.args
        for param in [*args.posonlyargs, *args.args, *args.kwonlyargs, *filter(None, (args.vararg, args.kwarg))]:
            if param.annotation is not None:
                yield [param.annotation], [param.arg]


def _deciding(value: ast.expr) -> Optional[ast.expr]:
    """The part of an assigned value that decides whether the resolver takes it for a
    logger: a name or an attribute itself; for a call, a factory (``logging.getLogger``,
    or any called name, which may be one imported under another name) or the logger a
    chained method is called on. None when it cannot be a logger (``make(logger)``)."""
    if isinstance(value, (ast.Name, ast.Attribute)):
        return value
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    if isinstance(func, ast.Name):
        return func  # maybe an imported factory: `from logging import getLogger as gl`
    if isinstance(func, ast.Attribute):
        if func.attr in FACTORY_NAMES:
            return func  # `logging.getLogger(...)`
        if func.attr in CHAIN_METHOD_NAMES:
            return func.value  # `logger.bind(...)`
    return None


def _expr_contains(pattern: Pattern[bytes], lowered: bytes, starts: Sequence[int], expr: ast.expr) -> bool:
    """Whether the exact text of ``expr`` (``ast`` offsets are UTF-8 bytes) contains a needle."""
    begin = starts[expr.lineno - 1] + expr.col_offset
    end = starts[(expr.end_lineno or expr.lineno) - 1] + (expr.end_col_offset or 0)
    return pattern.search(lowered, begin, end) is not None


def _lower(name: str) -> bytes:
    return name.encode("utf-8", "surrogatepass").lower()


def _target_names(targets: Iterable[ast.expr]) -> List[str]:
    names: List[str] = []
    stack = list(targets)
    while stack:
        target = stack.pop()
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, ast.Attribute):
            names.append(target.attr)
        elif isinstance(target, (ast.Tuple, ast.List)):
            stack.extend(target.elts)
        elif isinstance(target, ast.Starred):
            stack.append(target.value)
    return names


def _moved_imports(imports: Sequence[ast.stmt], lines: Sequence[str], indent: str) -> Optional[Dict[int, str]]:
    """The lines that stay of a left-out statement: the ``imports`` inside it, the first
    line of each moved to the statement's own ``indent``. None when an import shares a
    line with other code (``if x: import y``, ``import y; z()``)."""
    kept: Dict[int, str] = {}
    for node in imports:
        first, last = node.lineno, node.end_lineno or node.lineno
        head = lines[first - 1].encode("utf-8", "surrogatepass")
        tail = lines[last - 1].encode("utf-8", "surrogatepass")
        after = tail[node.end_col_offset :].strip() if node.end_col_offset is not None else b""
        if head[: node.col_offset].strip(b" \t\f") or not (after == b"" or after.startswith(b"#")):
            return None
        kept[first] = indent + lines[first - 1].lstrip(" \t\f")
        for number in range(first + 1, last + 1):
            kept[number] = lines[number - 1]
    return kept
