"""How loglint calls libcst's parser.

libcst validates every node it constructs (``CSTNode.__post_init__``), which is a
quarter of the parse time, and pointless for a tree the parser itself built from
valid source (libcst's own comment there says as much). We switch the validation
off for the duration of a parse; nodes that rules build for fixes are validated
as usual. tests/test_parsing.py checks that trees come out identical.

libcst's parser recurses on the C stack: past about 1,200 nested brackets, or 10,000
unary operators in a row, it overflows it and the process dies; well before that it
turns slow (a second at 200 nested calls, half a minute at 1,000). CPython itself
refuses more than 200 nested brackets, so :func:`parse_module` refuses them too, with
CPython's words, before libcst sees them.
"""

from __future__ import annotations

import io
import re
import tokenize
from itertools import accumulate
from typing import Any, Tuple

import libcst as cst
from libcst._nodes.base import CSTNode

_VALIDATING_POST_INIT = CSTNode.__dict__.get("__post_init__")


def _skip_validation(self: Any) -> None:
    """Stands in for ``CSTNode.__post_init__`` during a parse."""


# CPython's limit (its tokenizer's MAXLEVEL).
MAX_BRACKET_DEPTH = 200
# Far beyond any real code (CPython gives up at about 3,000), far below libcst's crash.
MAX_UNARY_RUN = 1000
_BRACKET = re.compile(r"[()\[\]{}]")
_STEP = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
# Two patterns with a literal start: one alternation with "not" is five times slower.
_UNARY_RUNS = (
    re.compile(rf"[-+~](?:\s*[-+~]){{{MAX_UNARY_RUN - 1}}}"),
    re.compile(rf"\bnot(?:\s+not\b){{{MAX_UNARY_RUN - 1}}}"),
)


class TooDeeplyNested(RecursionError):
    """The source nests deeper than the parser can take; ``line``/``column`` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def check_nesting(text: str) -> None:
    """Raise :class:`TooDeeplyNested` for source that would crash or stall libcst's parser.

    Cheap on ordinary code: brackets are counted with a regex, ignoring strings, and
    only a count above the limit is confirmed with the tokenizer (a string full of
    ``(`` is not nesting).
    """
    if max(accumulate(map(_STEP.__getitem__, _BRACKET.findall(text))), default=0) > MAX_BRACKET_DEPTH:
        depth, where = _bracket_depth(text)
        if depth > MAX_BRACKET_DEPTH:
            raise TooDeeplyNested(f"too many nested parentheses (more than {MAX_BRACKET_DEPTH})", *where)
    for pattern in _UNARY_RUNS:
        run = pattern.search(text)
        if run is None:
            continue
        line = text.count("\n", 0, run.start()) + 1
        column = run.start() - text.rfind("\n", 0, run.start())
        raise TooDeeplyNested(f"too deeply nested: {MAX_UNARY_RUN} or more unary operators in a row", line, column)


def _bracket_depth(text: str) -> Tuple[int, Tuple[int, int]]:
    """The deepest bracket nesting outside strings and comments, and where it passes the limit."""
    depth = deepest = 0
    where = (1, 1)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.OP:
                continue
            if token.string in ("(", "[", "{"):
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if depth == MAX_BRACKET_DEPTH + 1:
                        where = (token.start[0], token.start[1] + 1)
            elif token.string in (")", "]", "}"):
                depth = max(0, depth - 1)
    except (tokenize.TokenError, SyntaxError) as error:
        if deepest <= MAX_BRACKET_DEPTH:  # cannot tell: the count said too deep
            # Python 3.12+ tokenizes in C, which stops at the limit itself and says where (1-based).
            if error.args[:1] == ("too many nested parentheses",) and isinstance(error.args[-1], tuple):
                where = (error.args[-1][0], error.args[-1][1])
            return MAX_BRACKET_DEPTH + 1, where
    return deepest, where


def parse_module(text: str) -> cst.Module:
    check_nesting(text)
    if _VALIDATING_POST_INIT is None:  # a libcst that validates elsewhere: parse as is
        return cst.parse_module(text)
    CSTNode.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(text)
    finally:
        CSTNode.__post_init__ = _VALIDATING_POST_INIT  # type: ignore[method-assign]
