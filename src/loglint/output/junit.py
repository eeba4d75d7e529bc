"""``junit``: JUnit XML, one test case per file with problems, one failure per finding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Dict, List

from loglint.findings import FileError, Finding
from loglint.output.common import ERROR_CODE, error_message, escape_matches
from loglint.output.report import Report

# Everything XML 1.0 does not allow in a document, lone surrogates included.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report) -> str:
    """A ``testsuites`` document; file errors become ``<error>`` elements."""
    findings: Dict[str, List[Finding]] = {}
    errors: Dict[str, List[FileError]] = {}
    for finding in report.findings:
        findings.setdefault(finding.path, []).append(finding)
    for error in report.errors:
        errors.setdefault(error.path, []).append(error)
    paths = sorted(findings.keys() | errors.keys())
    counts = {
        "name": "loglint",
        "tests": str(len(paths)),
        "failures": str(len(report.findings)),
        "errors": str(len(report.errors)),
    }
    root = ET.Element("testsuites", counts)
    suite = ET.SubElement(root, "testsuite", counts)
    for path in paths:
        case = ET.SubElement(suite, "testcase", name=_clean(path), classname=_clean(path))
        for f in findings.get(path, []):
            _problem(case, "failure", f.code, f.message, f"{f.path}:{f.line}:{f.column}")
        for e in errors.get(path, []):
            _problem(case, "error", ERROR_CODE, error_message(e), f"{e.path}:{e.line}:{e.column}")
    ET.indent(root)
    # ASCII with character references: valid whatever encoding the caller writes with.
    body = ET.tostring(root, encoding="us-ascii").decode("ascii")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _problem(case: ET.Element, tag: str, code: str, message: str, position: str) -> None:
    element = ET.SubElement(case, tag, message=_clean(f"{code}: {message}"), type=code)
    element.text = _clean(f"{position}: {code} {message}")


def _clean(text: str) -> str:
    """Escape the characters XML 1.0 cannot carry (controls, lone surrogates) visibly."""
    return escape_matches(_NOT_XML, text)
