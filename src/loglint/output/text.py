"""The human formats: ``concise`` (alias ``text``), ``full`` and the ``--statistics`` table."""

from __future__ import annotations

from typing import List, Optional

from loglint.findings import FileError, Finding
from loglint.output import full as full_format
from loglint.output import statistics
from loglint.output.common import (
    BOLD,
    CYAN,
    ERROR_CODE,
    GREEN_BOLD,
    RED_BOLD,
    error_message,
    is_fixable,
    paint,
    printable,
)
from loglint.output.report import Report

FIX_MARKER = "[*]"


def render(report: Report, *, color: bool, statistics: bool, quiet: bool, full: bool) -> str:
    """Render findings as ruff-style lines (or a table), then a summary unless ``quiet``."""
    if statistics:
        lines = _statistics(report, color)
        lines += [_error_line(e, color) for e in report.errors if e.internal]
    elif full:
        lines = _full_blocks(report, color)
    else:
        lines = [_finding_line(f, color, report.unsafe_fixes) for f in report.findings]
        lines += [_error_line(e, color) for e in report.errors]
    if not quiet:
        if lines and lines[-1]:
            lines.append("")
        lines += _summary(report, color)
    return "".join(line + "\n" for line in lines)


def _finding_line(finding: Finding, color: bool, unsafe_fixes: bool) -> str:
    """``path:line:col: CODE [*] message``, coloured as ruff colours it."""
    marker = paint(FIX_MARKER, CYAN, color) + " " if is_fixable(finding, unsafe_fixes) else ""
    return (
        _position(finding.path, finding.cell, finding.line, finding.column, color)
        + f" {paint(finding.code, RED_BOLD, color)} {marker}{printable(finding.message)}"
    )


def _error_line(error: FileError, color: bool) -> str:
    path = paint(printable(error.path), BOLD, color)
    if error.internal:
        return f"{path}: {printable(error_message(error))}"
    return (
        _position(error.path, error.cell, error.line, error.column, color)
        + f" {paint(ERROR_CODE, RED_BOLD, color)} {printable(error.message)}"
    )


def _position(path: str, cell: Optional[int], line: int, column: int, color: bool) -> str:
    """``path:line:col:``, or ``path:cell 3:line:col:`` in a notebook (as ruff writes it)."""
    sep = paint(":", CYAN, color)
    where = "" if cell is None else f"cell {cell}{sep}"
    return f"{paint(printable(path), BOLD, color)}{sep}{where}{line}{sep}{column}{sep}"


def _full_blocks(report: Report, color: bool) -> List[str]:
    """Each finding and error followed by its source snippet and a blank line."""
    lines: List[str] = []
    for finding in report.findings:
        lines.append(_finding_line(finding, color, report.unsafe_fixes))
        source = report.source(finding.path, finding.cell)
        if source is not None:
            lines += full_format.snippet(source, finding, color)
        lines.append("")
    for error in report.errors:
        lines.append(_error_line(error, color))
        source = report.source(error.path, error.cell)
        if source is not None and not error.internal:
            lines += full_format.error_snippet(source, error, color)
        lines.append("")
    return lines


def _statistics(report: Report, color: bool) -> List[str]:
    """One row per code: count, code, name and ``[*]`` when some of them are fixable."""
    rows = statistics.rows(report)
    if not rows:
        return []
    count_width = max(len(str(row.count)) for row in rows)
    code_width = max(len(row.code) for row in rows)
    name_width = max(len(row.name) for row in rows)
    lines = []
    for row in rows:
        cells = [
            str(row.count).rjust(count_width),
            paint(row.code, RED_BOLD, color) + " " * (code_width - len(row.code)),
            row.name.ljust(name_width) if row.fixable else row.name,
        ]
        if row.fixable:
            cells.append(paint(FIX_MARKER, CYAN, color))
        lines.append("  ".join(cells))
    return lines


def _summary(report: Report, color: bool) -> List[str]:
    lines = []
    if report.fixed:
        lines.append(f"Fixed {_problems(report.fixed)}.")
    if not report.findings and not report.errors:
        if not report.path_errors:
            lines.append(paint("All checks passed!", GREEN_BOLD, color))
    else:
        count = len(report.findings) + sum(not e.internal for e in report.errors)
        fixable = sum(is_fixable(f, report.unsafe_fixes) for f in report.findings)
        detail = f" ({fixable} fixable with --fix)" if fixable else ""
        lines.append(f"Found {_problems(count)}{detail}.")
    hidden = report.unsafe_fixes_hidden
    if hidden:
        fixes = "1 hidden fix" if hidden == 1 else f"{hidden} hidden fixes"
        lines.append(f"({fixes} can be enabled with the --unsafe-fixes option.)")
    return lines


def _problems(count: int) -> str:
    return "1 problem" if count == 1 else f"{count} problems"
