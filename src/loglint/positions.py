"""Positions of a few nodes, computed only when a file has findings.

libcst's ``PositionProvider`` records a range for every node of the module, which
costs about three parses. We only need the ranges of the nodes that rules reported
(and of the nodes their fixes replace). Two ways, cheapest first:

* Anchored: most findings lie inside a call. ``ast`` (a seventh of a libcst parse)
  gives every call's start; the n-th call in source order is the n-th libcst call.
  The anchor's own text must appear at that start (else we fall back), and only the
  anchor's subtree is generated to place the nodes inside it.
* Otherwise the module is generated with a state that tracks line and column without
  keeping the text, records only the wanted nodes, and stops after the last one.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Container, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState

_NEWLINE = re.compile(r"\r\n?|\n")

Position = Tuple[int, int]  # 1-based line, 0-based column (code points)


@dataclass(frozen=True)
class Range:
    start: Position  # syntactic (what users see)
    end: Position
    outer_start: Position  # including parentheses and whitespace the node owns (what edits replace)
    outer_end: Position


class _Done(Exception):
    """Raised once every wanted node has its range."""


class _RangeState(CodegenState):
    def __init__(self, module: cst.Module, wanted: Set[int], start: Position = (1, 0)) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line, self.column = start
        self.wanted = wanted
        self.outer: Dict[int, Tuple[Position, Position]] = {}
        self.syntactic: Dict[int, Tuple[Position, Position]] = {}
        self._starts: Dict[int, Position] = {}

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        if "\n" in value or "\r" in value:
            segments = _NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self._starts[id(node)] = (self.line, self.column)

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self._starts:
            self.outer[key] = (self._starts.pop(key), (self.line, self.column))
            if len(self.outer) == len(self.wanted) and not self._starts:
                raise _Done

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: Optional[cst.CSTNode] = None,
        end_node: Optional[cst.CSTNode] = None,
    ) -> Iterator[None]:
        if id(node) not in self.wanted:
            yield
            return
        start = (self.line, self.column)
        if end_node is not None:
            self.wanted.add(id(end_node))
        yield
        end = (self.line, self.column)
        if end_node is not None and id(end_node) in self.outer:
            end = self.outer[id(end_node)][1]
        self.syntactic[id(node)] = (start, end)


def _generate(
    node: cst.CSTNode, module: cst.Module, wanted: Set[int], start: Position, indent: str = ""
) -> Dict[int, Range]:
    """Ranges of the ``wanted`` nodes inside ``node``, which starts at ``start`` in a block indented by ``indent``."""
    requested = set(wanted)
    state = _RangeState(module, wanted, start)
    if indent:
        state.indent_tokens = [indent]  # continuation lines of a call re-emit their block's indentation
    try:
        node._codegen(state)
    except _Done:
        pass
    ranges: Dict[int, Range] = {}
    for key in requested:
        outer = state.outer.get(key)
        if outer is None:
            continue
        syntactic = state.syntactic.get(key, outer)
        ranges[key] = Range(syntactic[0], syntactic[1], outer[0], outer[1])
    return ranges


def node_ranges(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> Dict[int, Range]:
    """Ranges of ``nodes`` (keyed by ``id(node)``), each a node of ``module``."""
    wanted = {id(node) for node in nodes}
    if not wanted:
        return {}
    return _generate(module, module, wanted, (1, 0))


def render(node: cst.CSTNode, module: cst.Module, indent: str) -> str:
    """The code of ``node`` as it reads inside a block indented by ``indent``.

    ``module.code_for_node`` renders a node at the top level: the continuation lines
    of a multi-line call inside a function would lose their block's indentation.
    """
    state = CodegenState(default_indent=module.default_indent, default_newline=module.default_newline)
    if indent:
        state.indent_tokens = [indent]
    node._codegen(state)
    return "".join(state.tokens)


def line_starts(text: str) -> List[int]:
    """The offset at which each line starts (``\\r\\n``, ``\\r`` and ``\\n`` end lines)."""
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def anchored_ranges(
    module: cst.Module,
    text: str,
    calls: Sequence[cst.Call],
    wanted: Mapping[int, Tuple[cst.CSTNode, Optional[cst.Call], str]],
    known_calls: Optional[Callable[[], Optional[List[ast.Call]]]] = None,
) -> Dict[int, Range]:
    """Ranges of the ``wanted`` nodes (``id -> (node, anchor call or None, block indentation)``).

    ``calls`` are every call of the module in source order. An anchor is placed where
    its exact text occurs once in the file; else by its order among ``ast``'s calls,
    if its text is found there; else (or without an anchor) by generating the module.
    """
    by_anchor: Dict[int, List[cst.CSTNode]] = {}
    indents: Dict[int, str] = {}
    loose: List[cst.CSTNode] = []
    for node, anchor, indent in wanted.values():
        if anchor is None:
            loose.append(node)
        else:
            by_anchor.setdefault(id(anchor), []).append(node)
            indents[id(anchor)] = indent
    starts = line_starts(text) if by_anchor else []
    in_order: Optional[List[int]] = None  # call start offsets per ast, computed if needed
    ranges: Dict[int, Range] = {}
    for index, call in enumerate(calls):
        inside = by_anchor.get(id(call))
        if inside is None:
            continue
        code = render(call, module, indents[id(call)])
        offset = text.find(code)
        if offset < 0 or text.find(code, offset + 1) >= 0:
            if in_order is None:
                in_order = _call_offsets(text, starts, len(calls), known_calls)
            offset = in_order[index] if in_order else -1
            if offset < 0 or not text.startswith(code, offset):
                loose.extend(inside)
                continue
        line = bisect_right(starts, offset)
        start = (line, offset - starts[line - 1])
        # The text matched exactly, so every position inside the call is exact too.
        found = _generate(call, module, {id(n) for n in inside} | {id(call)}, start, indents[id(call)])
        ranges.update(found)
        loose.extend(n for n in inside if id(n) not in found)  # e.g. a fix that replaces the enclosing call
    if loose:
        ranges.update(node_ranges(module, loose))
    return ranges


def call_starts(
    module: cst.Module, text: str, calls: Sequence[cst.Call], known_calls: Optional[Callable[[], Optional[List[ast.Call]]]] = None
) -> List[Position]:
    """Where each of the module's calls (all of them, in source order) starts."""
    starts = line_starts(text)
    offsets = _call_offsets(text, starts, len(calls), known_calls)
    if not offsets:
        ranges = node_ranges(module, calls)
        return [ranges[id(call)].start for call in calls]
    found = []
    for offset in offsets:
        line = bisect_right(starts, offset)
        found.append((line, offset - starts[line - 1]))
    return found


def _call_offsets(text: str, starts: Sequence[int], expected: int, known: Optional[Callable[[], Optional[List[ast.Call]]]]) -> List[int]:
    """Offset of every call in source order per ``ast``; [] when that is not possible.
    ``known``: gives ``text``'s calls when they are known without parsing it again."""
    calls = known() if known is not None else None
    if calls is None:
        try:
            calls = ast_calls(ast.parse(text))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return []
    found = sorted(
        (node.lineno, node.col_offset, -(node.end_lineno or 0), -(node.end_col_offset or 0))
        for node in calls
    )
    if len(found) != expected:
        return []
    offsets: List[int] = []
    for line, byte_col, _, _ in found:
        if line > len(starts):
            return []
        begin = starts[line - 1]
        end = starts[line] if line < len(starts) else len(text)
        source_line = text[begin:end]
        # ast columns are UTF-8 byte offsets; ours are code points
        column = byte_col if source_line.isascii() else len(source_line.encode("utf-8")[:byte_col].decode("utf-8", "replace"))
        offsets.append(begin + column)
    return offsets


def ast_calls(tree: ast.AST, skip: Container[int] = frozenset()) -> List[ast.Call]:
    """Every call in the tree but those inside the statements whose ids are in ``skip``
    (a leaner ``ast.walk``: this runs once per file with findings)."""
    calls: List[ast.Call] = []
    stack: List[ast.AST] = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    node_type = ast.AST
    while stack:
        node = pop()
        if type(node) is ast.Call:
            calls.append(node)
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                extend(item for item in value if isinstance(item, node_type) and id(item) not in skip)
            elif isinstance(value, node_type):
                push(value)
    return calls
