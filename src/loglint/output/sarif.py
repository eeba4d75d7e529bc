"""``sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any, Dict, Mapping
from urllib.parse import quote

from loglint import __version__
from loglint.findings import Edit, FileError, Finding, Fix
from loglint.output.common import ERROR_CODE, cell_prefix, error_message
from loglint.output.report import Report, RuleMeta

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/loglint/loglint"
SRCROOT = "%SRCROOT%"
_NOTEBOOK_REGION = {"startLine": 1, "startColumn": 1}

JsonObject = Dict[str, Any]


def render(report: Report) -> str:
    """One run: the tool with every rule, then a result per finding and per file error.

    Relative paths are resolved against ``%SRCROOT%``, the working directory of the run.
    """
    codes = sorted(report.rules)
    indices = {code: index for index, code in enumerate(codes)}
    results = [_finding(f, indices) for f in report.findings]
    results += [_error(e, indices) for e in report.errors]
    root = Path.cwd().as_uri()
    run = {
        "tool": {
            "driver": {
                "name": "loglint",
                "informationUri": INFORMATION_URI,
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(report.rules[code]) for code in codes],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root if root.endswith("/") else root + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


def _rule(meta: RuleMeta) -> JsonObject:
    rule: JsonObject = {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": meta.description},
        "defaultConfiguration": {"level": "warning", "enabled": meta.default_enabled},
        "properties": {"tags": ["logging", "fixable"] if meta.fixable else ["logging"]},
    }
    if meta.url is not None:
        rule["helpUri"] = meta.url
    return rule


def _finding(finding: Finding, indices: Mapping[str, int]) -> JsonObject:
    if finding.cell is not None:  # a notebook: its line 1, the cell in the message, no fix (its regions would be wrong)
        where = cell_prefix(finding.cell, finding.line, finding.column)
        return _result(finding.code, "warning", where + finding.message, finding.path, _NOTEBOOK_REGION, indices)
    region = _region(finding.line, finding.column, finding.end_line, finding.end_column)
    result = _result(finding.code, "warning", finding.message, finding.path, region, indices)
    if finding.fix is not None and finding.fix.edits:
        result["fixes"] = [_fix(finding.fix, finding.path)]
    return result


def _error(error: FileError, indices: Mapping[str, int]) -> JsonObject:
    if error.cell is not None:
        where = cell_prefix(error.cell, error.line, error.column)
        return _result(ERROR_CODE, "error", where + error_message(error), error.path, _NOTEBOOK_REGION, indices)
    region = {"startLine": max(1, error.line), "startColumn": max(1, error.column)}
    return _result(ERROR_CODE, "error", error_message(error), error.path, region, indices)


def _result(
    code: str, level: str, message: str, path: str, region: JsonObject, indices: Mapping[str, int]
) -> JsonObject:
    """A result; ``ruleIndex`` only when the rule is in the driver, as consumers check both."""
    result: JsonObject = {"ruleId": code}
    if code in indices:
        result["ruleIndex"] = indices[code]
    result["level"] = level
    result["message"] = {"text": message}
    location = {"artifactLocation": _artifact(path), "region": region}
    result["locations"] = [{"physicalLocation": location}]
    return result


def _fix(fix: Fix, path: str) -> JsonObject:
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": _artifact(path),
                "replacements": [_replacement(edit) for edit in fix.edits],
            }
        ],
        "properties": {"applicability": fix.applicability},
    }


def _replacement(edit: Edit) -> JsonObject:
    return {
        "deletedRegion": _region(edit.line, edit.column, edit.end_line, edit.end_column),
        "insertedContent": {"text": edit.content},
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> JsonObject:
    """A SARIF region; like ours, its ``endColumn`` points just past the range."""
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _artifact(path: str) -> JsonObject:
    """A percent-encoded URI: relative to ``%SRCROOT%``, or a ``file:`` URI when absolute."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": Path(path).as_uri()}
    # surrogateescape gives back the original bytes of undecodable file names.
    return {"uri": quote(pure.as_posix(), errors="surrogateescape"), "uriBaseId": SRCROOT}
