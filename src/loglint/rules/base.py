"""The shape of a rule: the hooks the checker calls.

A rule is a small class that names its code; its name, family, default, fix kind,
options and pre-filter bytes come from :mod:`loglint.catalog`. It reads
:class:`loglint.loggers.calls.LogCall` records through :meth:`Rule.check_call` and may
also declare ``visit_<Node>`` methods (libcst node class names) that the checker
batches into its single traversal; those receive ``(node, ctx)`` where ``ctx`` is
the :class:`loglint.checker.Context`.

Rules never re-discover loggers: everything about "is this a logging call" lives in
:mod:`loglint.loggers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Optional, Tuple

from loglint.catalog import SPECS, FixKind, OptionSpec

if TYPE_CHECKING:
    from loglint.checker import Context
    from loglint.loggers.calls import LogCall


class Rule:
    code: ClassVar[str]
    # Filled in from the catalog entry of ``code``:
    name: ClassVar[str]
    family: ClassVar[str]
    default_enabled: ClassVar[bool]
    fix: ClassVar[FixKind]
    triggers: ClassVar[Tuple[bytes, ...]]
    options: ClassVar[Mapping[str, OptionSpec]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = SPECS.get(getattr(cls, "code", ""))
        if spec is None:
            return  # an abstract helper class, or a rule made up by a test
        cls.name = spec.name
        cls.family = spec.family
        cls.default_enabled = spec.default_enabled
        cls.fix = spec.fix
        cls.triggers = spec.triggers
        cls.options = spec.options

    def __init__(self, options: Optional[Mapping[str, Any]] = None) -> None:
        values = {key: spec.default for key, spec in getattr(self, "options", {}).items()}
        values.update(options or {})
        self.settings: Mapping[str, Any] = values
        self.setup()

    def setup(self) -> None:
        """Derive lookup tables from ``self.settings``; called once per rule instance."""

    def check_call(self, call: LogCall, ctx: Context) -> None:
        """Inspect one logging call; report through ``ctx.report``."""

    def check_module(self, ctx: Context) -> None:
        """Called once after the traversal, with every fact of the file collected."""
