"""Findings as LSP diagnostics, in the client's position encoding.

Each finding's diagnostic carries, in ``data``, the document version it was found in
and its fix as LSP text edits, so that the quick fix needs no second lint. A file that
cannot be checked (it does not parse) is one ``LL000`` error; internal errors are not
diagnostics: the server logs them (see :mod:`loglint.server.app`).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from lsprotocol import types

from loglint.findings import Edit, FileError, Finding
from loglint.pages import RULE_URL
from loglint.server.encoding import LineIndex

SOURCE = "loglint"
ERROR_CODE = "LL000"
UNUSED_NOQA = "LL001"  # the code of UnusedNoqa (whose module imports libcst)
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def from_finding(finding: Finding, index: LineIndex, version: Optional[int], severity: str) -> types.Diagnostic:
    data: Dict[str, Any] = {"version": version}
    if finding.fix is not None:
        data["fix"] = {
            "message": finding.fix.message,
            "applicability": finding.fix.applicability,
            "edits": [_edit_data(edit, index) for edit in finding.fix.edits],
        }
    return types.Diagnostic(
        range=_range(index, finding.line, finding.column, finding.end_line, finding.end_column),
        message=finding.message,
        severity=SEVERITY[severity],
        code=finding.code,
        code_description=types.CodeDescription(href=RULE_URL.format(code=finding.code)),
        source=SOURCE,
        # Editors grey out unnecessary code: a noqa code that silences nothing is.
        tags=[types.DiagnosticTag.Unnecessary] if finding.code == UNUSED_NOQA else None,
        data=data,
    )


def from_error(error: FileError, index: LineIndex) -> types.Diagnostic:
    """``LL000``: the document cannot be checked (a syntax error, too large); one character wide."""
    return types.Diagnostic(
        range=_range(index, error.line, error.column, error.line, error.column + 1),
        message=error.message,
        severity=types.DiagnosticSeverity.Error,
        code=ERROR_CODE,
        source=SOURCE,
    )


def diagnostics(
    findings: List[Finding], errors: List[FileError], index: LineIndex, version: Optional[int], severity: str
) -> List[types.Diagnostic]:
    """The diagnostics of a lint: its file errors (internal ones left out), then its findings."""
    found = [from_error(error, index) for error in errors if not error.internal]
    return found + [from_finding(finding, index, version, severity) for finding in findings]


def text_edit(data: Any) -> types.TextEdit:
    """A text edit from a diagnostic's ``data`` (as :func:`_edit_data` wrote it and the client sent it back)."""
    start, end = data["range"]["start"], data["range"]["end"]
    return types.TextEdit(
        range=types.Range(types.Position(start["line"], start["character"]), types.Position(end["line"], end["character"])),
        new_text=data["newText"],
    )


def _edit_data(edit: Edit, index: LineIndex) -> Dict[str, Any]:
    rng = _range(index, edit.line, edit.column, edit.end_line, edit.end_column)
    return {
        "range": {
            "start": {"line": rng.start.line, "character": rng.start.character},
            "end": {"line": rng.end.line, "character": rng.end.character},
        },
        "newText": edit.content,
    }


def _range(index: LineIndex, line: int, column: int, end_line: int, end_column: int) -> types.Range:
    """An LSP range from loglint's 1-based lines and code point columns (end just past the range)."""
    return types.Range(types.Position(*index.to_client(line, column)), types.Position(*index.to_client(end_line, end_column)))
