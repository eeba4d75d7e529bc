"""One logging rule for Fixit 2, so that Fixit can be timed on a logging check.

``run.py`` runs ``fixit --rules fixit_logging_rule lint CORPUS`` with this folder on
``PYTHONPATH``. The rule is deliberately as cheap as a Fixit rule gets (one
``visit_Call``, no metadata): what is measured is Fixit's own per-file cost.
"""

from __future__ import annotations

from typing import ClassVar, List

import libcst as cst
from fixit import Invalid, LintRule, Valid

_LOGGER_NAMES = frozenset({"logger", "log", "logging", "LOGGER", "LOG", "_logger", "_log"})
_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})


class LoggingFString(LintRule):
    """An f-string as the message of a ``logger.<level>(...)`` call."""

    MESSAGE = "Pass the values as arguments to the logging call instead of an f-string"
    VALID: ClassVar[List[Valid]] = [
        Valid('logger.info("user %s", name)'),
        Valid('print(f"user {name}")'),
    ]
    INVALID: ClassVar[List[Invalid]] = [
        Invalid('logger.info(f"user {name}")'),
        Invalid('logging.error(f"failed: {error}")'),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in _METHODS):
            return
        owner = func.value
        name = owner.attr.value if isinstance(owner, cst.Attribute) else getattr(owner, "value", None)
        if name not in _LOGGER_NAMES or not node.args:
            return
        message = node.args[1].value if func.attr.value == "log" and len(node.args) > 1 else node.args[0].value
        if isinstance(message, cst.FormattedString):
            self.report(node)
