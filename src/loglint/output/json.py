"""``json`` and ``json-lines``: ruff's ``--output-format json`` shape, so ruff readers read ours.

In a notebook, as in ruff, ``cell`` is the cell (1-based) and rows are those of the cell."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional

from loglint.findings import Edit, FileError, Finding, Fix
from loglint.output.common import ERROR_CODE, error_message
from loglint.output.report import Report, RuleMeta

JsonObject = Dict[str, Any]


def render(report: Report) -> str:
    """A JSON list, indented by 2, keys sorted as ruff (serde_json) sorts them."""
    return json.dumps(items(report), indent=2, sort_keys=True) + "\n"


def render_lines(report: Report) -> str:
    """One compact JSON object per line."""
    return "".join(
        json.dumps(item, sort_keys=True, separators=(",", ":")) + "\n" for item in items(report)
    )


def items(report: Report) -> List[JsonObject]:
    """The JSON objects of the findings, then of the file errors (code ``LL000``)."""
    found = [_finding(f, report.rules) for f in report.findings]
    return found + [_error(e, report.rules) for e in report.errors]


def _finding(finding: Finding, rules: Mapping[str, RuleMeta]) -> JsonObject:
    return {
        "cell": finding.cell,
        "code": finding.code,
        "end_location": _location(finding.end_line, finding.end_column),
        "filename": finding.path,
        "fix": None if finding.fix is None else _fix(finding.fix),
        "location": _location(finding.line, finding.column),
        "message": finding.message,
        "noqa_row": finding.line,
        "url": _url(finding.code, rules),
    }


def _error(error: FileError, rules: Mapping[str, RuleMeta]) -> JsonObject:
    """An error as ruff shows a syntax error, but with code ``LL000``: no fix, no noqa row."""
    location = _location(error.line, error.column)
    return {
        "cell": error.cell,
        "code": ERROR_CODE,
        "end_location": location,
        "filename": error.path,
        "fix": None,
        "location": location,
        "message": error_message(error),
        "noqa_row": None,
        "url": _url(ERROR_CODE, rules),
    }


def _url(code: str, rules: Mapping[str, RuleMeta]) -> Optional[str]:
    meta = rules.get(code)
    return meta.url if meta else None


def _fix(fix: Fix) -> JsonObject:
    return {
        "applicability": fix.applicability,
        "edits": [_edit(edit) for edit in fix.edits],
        "message": fix.message,
    }


def _edit(edit: Edit) -> JsonObject:
    return {
        "content": edit.content,
        "end_location": _location(edit.end_line, edit.end_column),
        "location": _location(edit.line, edit.column),
    }


def _location(line: int, column: int) -> JsonObject:
    return {"column": column, "row": line}
