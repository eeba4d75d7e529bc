"""LL3xx: eager formatting of log messages (f-strings, %, .format, +, str())."""

from __future__ import annotations

import libcst as cst

from loglint.checker import Context
from loglint.logcalls import LogCall
from loglint.rules.base import Rule


def has_replacement_field(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.FormattedString):
        return any(isinstance(part, cst.FormattedStringExpression) for part in expr.parts)
    if isinstance(expr, cst.ConcatenatedString):
        return has_replacement_field(expr.left) or has_replacement_field(expr.right)
    return False


class FStringInLog(Rule):
    code = "LL301"
    name = "fstring-in-log"
    family = "formatting"
    fix = "sometimes"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if call.message is not None and has_replacement_field(call.message):
            ctx.report(self, call.message, "f-string in logging call formats the message eagerly; pass the values as arguments")


RULES = [FStringInLog]
