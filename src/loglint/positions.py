"""Positions of a few nodes, computed only when a file has findings.

libcst's ``PositionProvider`` records a range for every node of the module, which
costs about three parses. We only need the ranges of the nodes that rules reported
(and of the nodes their fixes replace), so we run the code generator with a state
that tracks line and column without keeping the text, records ranges only for the
wanted nodes, and stops as soon as the last of them has been generated.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, Optional, Set, Tuple

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
    def __init__(self, module: cst.Module, wanted: Set[int]) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line = 1
        self.column = 0
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


def node_ranges(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> Dict[int, Range]:
    """Ranges of ``nodes`` (keyed by ``id(node)``), each a node of ``module``."""
    wanted = {id(node) for node in nodes}
    if not wanted:
        return {}
    requested = set(wanted)
    state = _RangeState(module, wanted)
    try:
        module._codegen(state)
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
