"""Printers that turn a run's findings into text for humans and machines."""

from __future__ import annotations

import importlib
from typing import Callable, Dict, Tuple

from loglint.output import text
from loglint.output.report import Report, RuleMeta
from loglint.output.statistics import FORMATS as STATISTICS_FORMATS
from loglint.output.statistics import render_json as statistics_json
from loglint.output.statistics import render_json_lines as statistics_json_lines

__all__ = ["FORMATS", "STATISTICS_FORMATS", "Report", "RuleMeta", "render"]

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

    ``color`` and ``quiet`` apply to the human formats (``text``, ``concise``, ``full``)
    only; machine formats always print everything, uncoloured. ``statistics``: a count
    per rule instead, in the formats of :data:`STATISTICS_FORMATS` (ValueError in others).
    """
    if statistics and fmt not in STATISTICS_FORMATS:
        raise ValueError(f"--statistics cannot be printed as {fmt}; it can be as {', '.join(STATISTICS_FORMATS)}")
    if statistics and fmt in ("json", "json-lines"):
        return statistics_json(report) if fmt == "json" else statistics_json_lines(report)
    if fmt in ("text", "concise", "full"):
        return text.render(
            report, color=color, statistics=statistics, quiet=quiet, full=fmt == "full"
        )
    if fmt not in _MACHINE:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module, function = _MACHINE[fmt]
    renderer: Callable[[Report], str] = getattr(importlib.import_module(f"loglint.output.{module}"), function)
    return renderer(report)
