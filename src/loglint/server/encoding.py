"""Positions as the client counts them: lines split as LSP splits them, columns in the
negotiated encoding's code units (UTF-16 unless the client offered UTF-8 or UTF-32).

loglint's own positions are 1-based lines and columns in code points (what libcst
gives); LSP's are 0-based, and a character beyond the Basic Multilingual Plane is two
UTF-16 units, up to four UTF-8 ones. LSP breaks lines at ``\\n``, ``\\r\\n`` and ``\\r``
only, as loglint does; ``str.splitlines`` would also break at form feeds and other
characters that Python source may hold.
"""

from __future__ import annotations

import re
from typing import List, Tuple

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> List[str]:
    """The lines of ``text`` with their line breaks (the last one may have none)."""
    return _LINE.findall(text)


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in code units of ``encoding``."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if char > "\uffff")


class LineIndex:
    """Where each line of a text starts, to place positions in it."""

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0]
        for line in split_lines(text):
            self.starts.append(self.starts[-1] + len(line))
        if self.starts[-1] == len(text) and len(self.starts) > 1 and not text.endswith(("\n", "\r")):
            self.starts.pop()  # the last line has no line break: no empty line after it

    def line_text(self, line: int) -> str:
        """Line ``line`` (0-based) without its line break; "" past the end."""
        if line >= len(self.starts):
            return ""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line]:end].rstrip("\r\n")

    def to_client(self, line: int, column: int) -> Tuple[int, int]:
        """A 1-based line and column in code points as LSP's (line, character); clamped to the text."""
        row = max(line - 1, 0)
        if row >= len(self.starts):
            return self.end()
        text = self.line_text(row)
        return row, units(text[:max(column - 1, 0)], self.encoding)

    def end(self) -> Tuple[int, int]:
        """The LSP position just past the last character."""
        row = len(self.starts) - 1
        return row, units(self.line_text(row), self.encoding)
