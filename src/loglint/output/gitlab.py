"""``gitlab``: a GitLab Code Quality report (a subset of the Code Climate issue format)."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, List, Optional, Tuple

from loglint.output.common import ERROR_CODE, cell_prefix, error_message, split_lines
from loglint.output.report import Report

FINDING_SEVERITY = "minor"
ERROR_SEVERITY = "major"


def render(report: Report) -> str:
    """A JSON list of Code Quality issues, findings first, then file errors."""
    fingerprints = _Fingerprints(report)
    issues = [
        _issue(f.code, f.message, f.path, (f.line, f.end_line), FINDING_SEVERITY, fingerprints, cell_prefix(f.cell, f.line, f.column))
        for f in report.findings
    ]
    issues += [
        _issue(ERROR_CODE, error_message(e), e.path, (e.line, e.line), ERROR_SEVERITY, fingerprints, cell_prefix(e.cell, e.line, e.column))
        for e in report.errors
    ]
    return json.dumps(issues, indent=2) + "\n"


def _issue(
    code: str,
    message: str,
    path: str,
    lines: Tuple[int, int],
    severity: str,
    fingerprints: _Fingerprints,
    where: str,
) -> Dict[str, Any]:
    """``where``: the place in a notebook (:func:`cell_prefix`), whose issues are on line 1."""
    begin, end = (1, 1) if where else lines
    return {
        "description": f"{code}: {where}{message}",
        "check_name": code,
        "fingerprint": fingerprints.next(code, path, begin, end, message),
        "severity": severity,
        "location": {"path": path, "lines": {"begin": begin, "end": end}},
    }


class _Fingerprints:
    """Fingerprints that survive edits elsewhere in the file.

    GitLab matches issues across pipelines by fingerprint, so it hashes what was
    reported (code, path, the reported source lines without any whitespace) and not
    where; identical issues in one file are told apart by their order of appearance.
    """

    def __init__(self, report: Report) -> None:
        self._sources = report.sources
        self._lines: Dict[str, List[str]] = {}
        self._seen: Dict[Tuple[str, str, str], int] = {}

    def next(self, code: str, path: str, line: int, end_line: int, message: str) -> str:
        """The fingerprint of the next issue; ``message`` stands in when the source is unknown."""
        text = self._text(path, line, end_line)
        key = (code, path, message if text is None else "".join(text.split()))
        occurrence = self._seen.get(key, 0)
        self._seen[key] = occurrence + 1
        payload = "\0".join((*key, str(occurrence)))
        return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()

    def _text(self, path: str, line: int, end_line: int) -> Optional[str]:
        if path not in self._lines:
            source = self._sources.get(path)
            self._lines[path] = [] if source is None else split_lines(source)
        lines = self._lines[path]
        if not 1 <= line <= len(lines):
            return None
        return "\n".join(lines[line - 1 : end_line])
