"""The source snippets of the ``full`` format: gutter, context, carets, fix help and diff."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from loglint.findings import FileError, Finding, Fix
from loglint.output.common import (
    BLUE_BOLD,
    CYAN,
    GREEN,
    RED,
    RED_BOLD,
    paint,
    printable,
    split_lines,
)

TAB_WIDTH = 4
# Lines of source shown before and after the reported ones (ruff shows two).
CONTEXT = 2
_TAB = re.compile(r"(\t)")


def snippet(source: str, finding: Finding, color: bool) -> List[str]:
    """The reported lines with carets under the range, then the fix's help and diff."""
    return _snippet(
        split_lines(source),
        (finding.line, finding.column, finding.end_line, finding.end_column),
        finding.fix,
        color,
    )


def error_snippet(source: str, error: FileError, color: bool) -> List[str]:
    """The line of a syntax error with a caret at its column."""
    position = (error.line, error.column, error.line, error.column)
    return _snippet(split_lines(source), position, None, color)


def _snippet(
    lines: List[str], position: Tuple[int, int, int, int], fix: Optional[Fix], color: bool
) -> List[str]:
    """``CONTEXT`` lines around the reported ones, each reported line underlined where the range covers it."""
    line, column, end_line, end_column = position
    if not 1 <= line <= len(lines):
        return []
    last = max(line, min(end_line, len(lines)))
    real = len(lines) - 1 if lines[-1] == "" else len(lines)  # not the empty line after a final newline
    first_shown, last_shown = max(1, line - CONTEXT), max(last, min(real, last + CONTEXT))
    diff = _diff(lines, fix) if fix is not None else None
    highest = last_shown if diff is None else max(last_shown, diff[0] + max(len(diff[1]), len(diff[2])) - 1)
    width = len(str(highest))

    def gutter(mark: str, number: Optional[int] = None, sgr: str = BLUE_BOLD) -> str:
        return paint(f"{'' if number is None else number:>{width}} {mark}", sgr, color)

    out = [gutter("|")]
    for number in range(first_shown, last_shown + 1):
        text = lines[number - 1]
        out.append(f"{gutter('|', number)} {_display(text)}")
        if line <= number <= last:
            start = min(column - 1, len(text)) if number == line else len(text) - len(text.lstrip())
            stop = min(end_column - 1, len(text)) if number == end_line else len(text)
            before = _display(text[:start])
            width_covered = len(_display(text[start:stop], len(before)))
            if width_covered or number == line:  # a blank line inside the range gets none
                out.append(f"{gutter('|')} {' ' * len(before)}{paint('^' * max(1, width_covered), RED_BOLD, color)}")
    out.append(gutter("|"))
    if fix is not None:
        unsafe = " (unsafe fix)" if fix.applicability == "unsafe" else ""
        out.append(f"{gutter('=')} {paint('help', CYAN, color)}: {printable(fix.message)}{unsafe}")
    if diff is not None:
        first, old, new = diff
        for mark, sgr, changed in (("-", RED, old), ("+", GREEN, new)):
            out += [
                f"{gutter(mark, first + i, sgr)} {paint(_display(t), sgr, color)}"
                for i, t in enumerate(changed)
            ]
    return [row.rstrip() for row in out]


def _diff(lines: List[str], fix: Fix) -> Optional[Tuple[int, List[str], List[str]]]:
    """The first edited line number, the edited lines before and after applying ``fix``."""
    if not fix.edits:
        return None
    first = min(edit.line for edit in fix.edits)
    last = max(edit.end_line for edit in fix.edits)
    if first < 1 or last > len(lines):
        return None
    old = lines[first - 1 : last]

    def offset(line: int, column: int) -> int:
        return sum(len(text) + 1 for text in old[: line - first]) + column - 1

    text = "\n".join(old)
    for edit in sorted(fix.edits, key=lambda e: (e.line, e.column), reverse=True):
        begin, end = offset(edit.line, edit.column), offset(edit.end_line, edit.end_column)
        text = text[:begin] + edit.content + text[end:]
    return first, old, split_lines(text)


def _display(text: str, start: int = 0) -> str:
    """``text`` as the terminal shows it: tabs expanded from column ``start``, controls escaped."""
    shown = ""
    for part in _TAB.split(text):
        if part == "\t":
            shown += " " * (TAB_WIDTH - (start + len(shown)) % TAB_WIDTH)
        else:
            shown += printable(part)
    return shown
