"""``# noqa`` suppressions: per line, per code, and file-wide ``# loglint: noqa``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, Optional, Sequence

# "# noqa", "# noqa: LL301, LL401", "#noqa:LL301 some text"; anywhere in the comment.
_LINE_NOQA = re.compile(
    r"#.*?\bnoqa(?P<sep>\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)
_FILE_NOQA = re.compile(
    r"^\s*#\s*loglint\s*:\s*noqa(?:\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE | re.MULTILINE
)
_SPLIT = re.compile(r"[\s,]+")

ALL = frozenset({"*"})


def _codes(text: Optional[str]) -> FrozenSet[str]:
    if not text:
        return ALL
    return frozenset(code.upper() for code in _SPLIT.split(text.strip()) if code)


@dataclass
class Suppressions:
    """Which codes are silenced on which line (1-based) and in the whole file."""

    lines: Dict[int, FrozenSet[str]]
    file: FrozenSet[str]

    def silences(self, code: str, line: int) -> bool:
        if "*" in self.file or code in self.file:
            return True
        codes = self.lines.get(line)
        return codes is not None and ("*" in codes or code in codes)


def _line_codes(line: str) -> Optional[FrozenSet[str]]:
    if "#" not in line:
        return None
    match = _LINE_NOQA.search(line)
    if match is None:
        return None
    return _codes(match.group("codes"))


def suppressions_for(lines: Sequence[str], wanted: Sequence[int], source: str) -> Suppressions:
    """Parse ``noqa`` comments on the ``wanted`` lines (1-based) and file-level ones."""
    per_line: Dict[int, FrozenSet[str]] = {}
    for number in set(wanted):
        if 1 <= number <= len(lines):
            codes = _line_codes(lines[number - 1])
            if codes is not None:
                per_line[number] = codes
    file_codes: FrozenSet[str] = frozenset()
    if "loglint" in source:
        for match in _FILE_NOQA.finditer(source):
            file_codes = file_codes | _codes(match.group("codes"))
    return Suppressions(per_line, file_codes)
