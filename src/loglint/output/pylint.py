"""``pylint``: ``path:line: [CODE] message``, the shape editors' pylint parsers read."""

from __future__ import annotations

from typing import Optional

from loglint.output.common import ERROR_CODE, cell_prefix, error_message, printable
from loglint.output.report import Report


def render(report: Report) -> str:
    """One line per finding, then one per file error."""
    lines = [_line(f.path, f.cell, f.line, f.column, f.code, f.message) for f in report.findings]
    lines += [_line(e.path, e.cell, e.line, e.column, ERROR_CODE, error_message(e)) for e in report.errors]
    return "".join(line + "\n" for line in lines)


def _line(path: str, cell: Optional[int], line: int, column: int, code: str, message: str) -> str:
    """In a notebook: line 1, and the place in the message (:func:`cell_prefix`)."""
    where = cell_prefix(cell, line, column)
    return f"{printable(path)}:{1 if where else line}: [{code}] {printable(where + message)}"
