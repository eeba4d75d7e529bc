"""Comments, and the lines that cannot end in one, found with one regex pass.

A ``#`` inside a string literal is not a comment, and a line that ends inside a
multi-line string (or with a backslash continuation) cannot take a trailing comment:
suppressions for it go on the first line after it that can (ruff's rule too).

The scan knows string prefixes do not change where a literal ends, so it matches
quotes only. It is exact for Python up to 3.11; in 3.12+ f-strings may nest quotes of
their own kind (``f"{d["k"]}"``), which it reads as two strings with the same extent,
wrong only for a ``#`` between the nested quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Set

_NEWLINE = re.compile(r"\r\n?|\n")
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)
    | '''(?:[^'\\]+|\\(?:\r\n|.)|'(?!''))*(?:'''|\Z)
    | \"\"\"(?:[^"\\]+|\\(?:\r\n|.)|"(?!""))*(?:\"\"\"|\Z)
    | '(?:[^'\\\r\n]+|\\(?:\r\n|.))*(?:'|(?=[\r\n])|\Z)
    | "(?:[^"\\\r\n]+|\\(?:\r\n|.))*(?:"|(?=[\r\n])|\Z)
    | (?P<continuation>\\(?=[\r\n]))
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Comment:
    line: int  # 1-based
    column: int  # 0-based code point offset of the "#"
    text: str  # from the "#" to the end of the line


@dataclass(frozen=True)
class Lexed:
    comments: Dict[int, Comment]  # by line; a line has at most one comment
    open_lines: FrozenSet[int]  # lines ending inside a string or with a backslash continuation

    def comment_line(self, line: int) -> int:
        """The line whose trailing comment speaks for ``line``: itself, or the first line after it that can take one."""
        while line in self.open_lines:
            line += 1
        return line


def line_starts(text: str) -> List[int]:
    """The offset where each line starts (index 0 is line 1)."""
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def lex(text: str) -> Lexed:
    starts = line_starts(text)
    comments: Dict[int, Comment] = {}
    open_lines: Set[int] = set()
    for match in _TOKEN.finditer(text):
        start = match.start()
        line = bisect_right(starts, start)
        if match.lastgroup == "comment":
            comments[line] = Comment(line, start - starts[line - 1], match.group())
        elif match.lastgroup == "continuation":
            open_lines.add(line)
        else:
            last = bisect_right(starts, match.end() - 1)
            open_lines.update(range(line, last))
    return Lexed(comments, frozenset(open_lines))
