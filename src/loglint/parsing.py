"""How loglint calls libcst's parser.

libcst validates every node it constructs (``CSTNode.__post_init__``), which is a
quarter of the parse time, and pointless for a tree the parser itself built from
valid source (libcst's own comment there says as much). We switch the validation
off for the duration of a parse; nodes that rules build for fixes are validated
as usual. tests/test_parsing.py checks that trees come out identical.
"""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst._nodes.base import CSTNode

_VALIDATING_POST_INIT = CSTNode.__dict__.get("__post_init__")


def _skip_validation(self: Any) -> None:
    """Stands in for ``CSTNode.__post_init__`` during a parse."""


def parse_module(text: str) -> cst.Module:
    if _VALIDATING_POST_INIT is None:  # a libcst that validates elsewhere: parse as is
        return cst.parse_module(text)
    CSTNode.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(text)
    finally:
        CSTNode.__post_init__ = _VALIDATING_POST_INIT  # type: ignore[method-assign]
