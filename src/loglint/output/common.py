"""Helpers shared by the printers: error wording, line splitting, terminal safety, colour."""

from __future__ import annotations

import re
from typing import List, Mapping, Optional

from loglint.findings import FileError, Finding

ERROR_CODE = "LL000"
ISSUES_URL = "https://github.com/loglint/loglint/issues"

# Line breaks as Python's tokenizer (and so libcst's line numbers) counts them.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# C0 and C1 controls (ESC, CSI included), DEL, lone surrogates from undecodable paths,
# and the bidirectional and line-separator characters that reorder or break what a
# terminal shows ("Trojan Source").
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

BOLD = "1"
RED_BOLD = "1;31"
GREEN = "32"
GREEN_BOLD = "1;32"
RED = "31"
CYAN = "36"
BLUE_BOLD = "1;34"


def error_message(error: FileError) -> str:
    """The message of a file error; internal errors ask the user to report them."""
    if error.internal:
        return f"internal error: {error.message.rstrip('.')}. Please report this at {ISSUES_URL}"
    return error.message


def cell_prefix(cell: Optional[int], line: int, column: int) -> str:
    """Where in a notebook, for the formats that can only point at lines of the file
    (GitHub, GitLab, SARIF, JUnit, pylint): they put a notebook's findings on its line 1
    and start the message with this, ``cell 3:4:5: ``; "" outside notebooks."""
    return "" if cell is None else f"cell {cell}:{line}:{column}: "


def is_fixable(finding: Finding, unsafe_fixes: bool) -> bool:
    """Whether ``--fix`` (with the ``--unsafe-fixes`` given or not) would fix the finding."""
    return finding.fix is not None and (finding.fix.applicability == "safe" or unsafe_fixes)


def split_lines(source: str) -> List[str]:
    """Split source text into lines numbered as findings number them (index + 1)."""
    return _LINE_BREAK.split(source)


def escape_matches(pattern: re.Pattern[str], text: str) -> str:
    """Replace every match of a one-character ``pattern`` by a visible escape like ``\\x1b``."""
    return pattern.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Make text from checked files safe for a terminal: escape controls and ANSI sequences."""
    return escape_matches(_UNPRINTABLE, text)


COLOR_CHOICES = ("auto", "always", "never")


def wants_color(choice: str, environ: Mapping[str, str], terminal: bool) -> bool:
    """Whether to colour the human formats: ``--color always|never`` decides; with ``auto``,
    a non-empty ``NO_COLOR`` (no-color.org) says no, then a non-empty ``FORCE_COLOR``
    (force-color.org) says yes, else colour goes to a ``terminal`` only."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    return bool(environ.get("FORCE_COLOR")) or terminal


def paint(text: str, sgr: str, color: bool) -> str:
    """Wrap ``text`` in an ANSI SGR sequence when ``color`` is on."""
    return f"\x1b[{sgr}m{text}\x1b[0m" if color and text else text
