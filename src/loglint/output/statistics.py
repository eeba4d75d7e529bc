"""``--statistics``: a count per rule, as a table (the human formats) or as JSON
(``json``: a list of ``{"code", "name", "count", "fixable"}``, ruff's shape;
``json-lines``: one such object per line). Other formats cannot carry it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Dict, List

from loglint.output.common import ERROR_CODE, is_fixable
from loglint.output.report import Report

FORMATS = ("text", "concise", "full", "json", "json-lines")


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    count: int
    fixable: bool  # --fix (with the --unsafe-fixes given or not) fixes some of them


def rows(report: Report) -> List[Row]:
    """One row per code, the most frequent first; files that could not be checked count
    as ``LL000`` (internal errors apart: the human formats list them below the table)."""
    found: Dict[str, Row] = {}
    for finding in report.findings:
        row = found.get(finding.code, Row(finding.code, finding.name, 0, False))
        fixable = row.fixable or is_fixable(finding, report.unsafe_fixes)
        found[finding.code] = Row(row.code, row.name, row.count + 1, fixable)
    errors = sum(not e.internal for e in report.errors)
    if errors:
        meta = report.rules.get(ERROR_CODE)
        found[ERROR_CODE] = Row(ERROR_CODE, meta.name if meta else "error", errors, False)
    return sorted(found.values(), key=lambda row: (-row.count, row.code))


def render_json(report: Report) -> str:
    return json.dumps([asdict(row) for row in rows(report)], indent=2) + "\n"


def render_json_lines(report: Report) -> str:
    return "".join(json.dumps(asdict(row), separators=(",", ":")) + "\n" for row in rows(report))
