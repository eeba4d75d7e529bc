"""``github``: GitHub Actions workflow commands that become annotations on the diff."""

from __future__ import annotations

from typing import List, Tuple

from loglint.findings import FileError, Finding
from loglint.output.common import ERROR_CODE, cell_prefix, error_message, printable
from loglint.output.report import Report

Properties = List[Tuple[str, str]]


def render(report: Report) -> str:
    """``::warning`` per finding and ``::error`` per file error."""
    lines = [_finding(f) for f in report.findings] + [_error(e) for e in report.errors]
    return "".join(line + "\n" for line in lines)


def _finding(finding: Finding) -> str:
    if finding.cell is not None:  # no line of the notebook's JSON to point at
        where = cell_prefix(finding.cell, finding.line, finding.column)
        return _command("warning", finding.code, [("file", finding.path), ("line", "1")], finding.message, where)
    properties = [("file", finding.path), ("line", str(finding.line))]
    # GitHub refuses columns on an annotation that spans several lines.
    if finding.end_line == finding.line:
        properties += [
            ("col", str(finding.column)),
            ("endLine", str(finding.end_line)),
            ("endColumn", str(finding.end_column)),
        ]
    else:
        properties.append(("endLine", str(finding.end_line)))
    return _command("warning", finding.code, properties, finding.message)


def _error(error: FileError) -> str:
    if error.cell is not None:
        where = cell_prefix(error.cell, error.line, error.column)
        return _command("error", ERROR_CODE, [("file", error.path), ("line", "1")], error_message(error), where)
    properties = [("file", error.path), ("line", str(error.line)), ("col", str(error.column))]
    return _command("error", ERROR_CODE, properties, error_message(error))


def _command(kind: str, code: str, properties: Properties, message: str, where: str = "") -> str:
    fields = [("title", f"loglint ({code})"), *properties]
    rendered = ",".join(f"{key}={_escape_property(value)}" for key, value in fields)
    return f"::{kind} {rendered}::{_escape_data(f'{where}{code} {message}')}"


def _escape_data(text: str) -> str:
    """Escape as @actions/core does (``%``, CR, LF), then the remaining terminal controls."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
