"""``pylint``: ``path:line: [CODE] message``, the shape editors' pylint parsers read."""

from __future__ import annotations

from loglint.output.common import ERROR_CODE, error_message, printable
from loglint.output.report import Report


def render(report: Report) -> str:
    """One line per finding, then one per file error."""
    lines = [_line(f.path, f.line, f.code, f.message) for f in report.findings]
    lines += [_line(e.path, e.line, ERROR_CODE, error_message(e)) for e in report.errors]
    return "".join(line + "\n" for line in lines)


def _line(path: str, line: int, code: str, message: str) -> str:
    return f"{printable(path)}:{line}: [{code}] {printable(message)}"
