"""``junit``: JUnit XML, as ruff writes it: a test suite per file with problems and a
failing test case per finding (Jenkins keeps one ``<failure>`` per case); a clean run
is one passing case, so that a test report always has something to show."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath
from typing import Dict, List, Tuple

from loglint.output.common import ERROR_CODE, cell_prefix, error_message, escape_matches
from loglint.output.report import Report

# Everything XML 1.0 does not allow in a document, lone surrogates included.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CLEAN_CASE = "No errors found"

# (tag, code, message, line, column, place in a notebook: cell_prefix) of one problem
_Problem = Tuple[str, str, str, int, int, str]


def render(report: Report) -> str:
    """A ``testsuites`` document; file errors are cases with an ``<error>``."""
    problems: Dict[str, List[_Problem]] = {}
    for f in report.findings:
        problems.setdefault(f.path, []).append(("failure", f.code, f.message, f.line, f.column, cell_prefix(f.cell, f.line, f.column)))
    for e in report.errors:
        problems.setdefault(e.path, []).append(("error", ERROR_CODE, error_message(e), e.line, e.column, cell_prefix(e.cell, e.line, e.column)))
    failures, errors = str(len(report.findings)), str(len(report.errors))
    total = len(report.findings) + len(report.errors)
    root = ET.Element("testsuites", name="loglint", tests=str(total or 1), failures=failures, errors=errors)
    if not problems:
        suite = ET.SubElement(root, "testsuite", name="loglint", tests="1", failures="0", errors="0")
        ET.SubElement(suite, "testcase", name=CLEAN_CASE, classname="loglint")
    for path in sorted(problems):
        found = problems[path]
        counts = {tag: str(sum(problem[0] == tag for problem in found)) for tag in ("failure", "error")}
        suite = ET.SubElement(
            root, "testsuite", name=_clean(path), tests=str(len(found)), failures=counts["failure"], errors=counts["error"]
        )
        for tag, code, message, line, column, where in found:
            at = where[:-2] if where else f"{line}:{column}"  # in a notebook: the cell, and line 1 of the file
            case = ET.SubElement(
                suite, "testcase", name=_clean(f"{code} at {at}"), classname=_classname(path), file=_clean(path),
                line="1" if where else str(line),
            )
            element = ET.SubElement(case, tag, message=_clean(f"{code}: {message}"), type=code)
            element.text = _clean(f"{path}:{at}: {code} {message}")
    ET.indent(root)
    # ASCII with character references: valid whatever encoding the caller writes with.
    body = ET.tostring(root, encoding="us-ascii").decode("ascii")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _classname(path: str) -> str:
    """The path without its suffix: Jenkins reads the part after the last dot as the class."""
    pure = PurePosixPath(path)
    return _clean(str(pure.with_suffix("")) if pure.suffix else path)


def _clean(text: str) -> str:
    """Escape the characters XML 1.0 cannot carry (controls, lone surrogates) visibly."""
    return escape_matches(_NOT_XML, text)
