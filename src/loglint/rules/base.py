"""The shape of a rule: identity, options, and the hooks the checker calls.

A rule is a small class. It declares its code, kebab-case name, family, whether it
is on by default and what fix it may offer. It reads :class:`loglint.logcalls.LogCall`
records through :meth:`Rule.check_call` and may also declare ``visit_<Node>`` methods
(libcst node class names) that the checker batches into its single traversal; those
receive ``(node, ctx)`` where ``ctx`` is the :class:`loglint.checker.Context`.

Rules never re-discover loggers: everything about "is this a logging call" lives in
:mod:`loglint.logcalls`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Mapping, Optional, Tuple

if TYPE_CHECKING:
    import libcst as cst

    from loglint.checker import Context
    from loglint.logcalls import LogCall

FixKind = Optional[Literal["safe", "unsafe", "sometimes"]]


@dataclass(frozen=True)
class OptionSpec:
    """One per-rule option from ``[tool.loglint.<rule-name>]``."""

    type: Any  # the Python type of the value: int, str, bool, or (list, str) for list of str
    default: Any
    help: str


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    default_enabled: ClassVar[bool] = True
    fix: ClassVar[FixKind] = None
    # Byte strings of which at least one must occur in a file for this rule to fire
    # on it, besides the logger names every call-based rule needs (see prefilter).
    triggers: ClassVar[Tuple[bytes, ...]] = ()
    options: ClassVar[Mapping[str, OptionSpec]] = {}

    def __init__(self, options: Optional[Mapping[str, Any]] = None) -> None:
        values = {key: spec.default for key, spec in self.options.items()}
        values.update(options or {})
        self.settings: Mapping[str, Any] = values
        self.setup()

    def setup(self) -> None:
        """Derive lookup tables from ``self.settings``; called once per rule instance."""

    def check_call(self, call: "LogCall", ctx: "Context") -> None:
        """Inspect one logging call; report through ``ctx.report``."""

    def check_module(self, ctx: "Context") -> None:
        """Called once after the traversal, with every fact of the file collected."""

    @classmethod
    def option_defaults(cls) -> dict[str, Any]:
        return {key: spec.default for key, spec in cls.options.items()}


def node_type(node: "cst.CSTNode") -> str:
    return type(node).__name__
