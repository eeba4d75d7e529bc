"""Printers that turn a run's findings into text for humans and machines."""

from __future__ import annotations

import importlib
from typing import Callable, Dict, Tuple

from loglint.output import text
from loglint.output.report import Report, RuleMeta

__all__ = ["FORMATS", "Report", "RuleMeta", "render"]

FORMATS: Tuple[str, ...] = (
    "text",
    "concise",
    "full",
    "json",
    "json-lines",
    "github",
    "gitlab",
    "sarif",
    "junit",
    "pylint",
)

# Machine formats: module and function, imported when chosen (an import each run costs).
_MACHINE: Dict[str, Tuple[str, str]] = {
    "json": ("json", "render"),
    "json-lines": ("json", "render_lines"),
    "github": ("github", "render"),
    "gitlab": ("gitlab", "render"),
    "sarif": ("sarif", "render"),
    "junit": ("junit", "render"),
    "pylint": ("pylint", "render"),
}


def render(
    report: Report, fmt: str, *, color: bool, statistics: bool = False, quiet: bool = False
) -> str:
    """Render ``report`` in format ``fmt`` (one of :data:`FORMATS`), newline-terminated.

    ``color``, ``statistics`` and ``quiet`` apply to the human formats (``text``,
    ``concise``, ``full``) only; machine formats always print everything, uncoloured.
    """
    if fmt in ("text", "concise", "full"):
        return text.render(
            report, color=color, statistics=statistics, quiet=quiet, full=fmt == "full"
        )
    if fmt not in _MACHINE:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module, function = _MACHINE[fmt]
    renderer: Callable[[Report], str] = getattr(importlib.import_module(f"loglint.output.{module}"), function)
    return renderer(report)
