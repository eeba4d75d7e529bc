"""What a libcst expression spells: dotted names, string literals, keyword arguments,
constant flags. Shared by the logger model and the rules."""

from __future__ import annotations

from typing import Dict, List, Optional

import libcst as cst


def dotted_name(expr: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a chain of names and attributes, else None."""
    parts: List[str] = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return None
    parts.append(expr.value)
    return ".".join(reversed(parts))


def string_value(expr: cst.BaseExpression) -> Optional[str]:
    """The text of a plain str literal, or of an implicit concatenation of them; None
    for bytes, f-strings and anything else.

    ``SimpleString.evaluated_value`` compiles the literal each time; most literals
    have no escapes and their text is their body.
    """
    if isinstance(expr, cst.SimpleString):
        prefix = expr.prefix
        if "b" in prefix or "B" in prefix:
            return None
        quote = expr.quote
        body = expr.value[len(prefix) + len(quote): -len(quote)]
        if "\r" not in body and ("\\" not in body or "r" in prefix or "R" in prefix):
            return body  # (a CR in the source reads as a LF: leave that to the compiler)
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(expr, cst.ConcatenatedString):
        left, right = string_value(expr.left), string_value(expr.right)
        return left + right if left is not None and right is not None else None
    return None


def keyword_args(call: cst.Call) -> Dict[str, cst.Arg]:
    return {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}


def is_false_constant(expr: Optional[cst.BaseExpression]) -> bool:
    """``False``, ``None``, ``0`` (what a traceback flag cannot mean "yes" by)."""
    if isinstance(expr, cst.Name):
        return expr.value in ("False", "None")
    return isinstance(expr, cst.Integer) and expr.value == "0"


def is_true_constant(expr: Optional[cst.BaseExpression]) -> bool:
    if isinstance(expr, cst.Name):
        return expr.value == "True"
    return isinstance(expr, cst.Integer) and expr.value not in ("0",)
