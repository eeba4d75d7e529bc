"""How fixes are applied: node replacements become text edits, edits are applied
to the source text, never overlapping, and the result must still parse."""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import libcst as cst

from loglint.checker import NodeFix
from loglint.findings import Edit, Fix
from loglint.positions import Range, line_starts, render


def to_fix(node_fix: NodeFix, module: cst.Module, ranges: Dict[int, Range], indent: str) -> Optional[Fix]:
    """Text edits for a node fix, or None when a replaced node has no known range."""
    edits: List[Edit] = []
    for old, new in node_fix.replacements:
        rng = ranges.get(id(old))
        if rng is None:
            return None
        (line, col), (end_line, end_col) = rng.outer_start, rng.outer_end
        edits.append(Edit(render(new, module, indent), line, col + 1, end_line, end_col + 1))
    edits.sort(key=lambda e: (e.line, e.column))
    return Fix(node_fix.applicability, node_fix.message, tuple(edits))  # type: ignore[arg-type]


def _span(edit: Edit, starts: Sequence[int]) -> Tuple[int, int]:
    return starts[edit.line - 1] + edit.column - 1, starts[edit.end_line - 1] + edit.end_column - 1


def choose_non_overlapping(fixes: Iterable[Fix], text: str) -> List[Fix]:
    """The fixes to apply in one pass: in order, skipping any that overlaps one taken or
    starts where one does (an insertion at the start of another edit: which goes first
    would be a guess), to be tried again in the next pass."""
    starts = line_starts(text)
    taken: List[Tuple[int, int]] = []
    chosen: List[Fix] = []
    for fix in fixes:
        spans = [_span(edit, starts) for edit in fix.edits]
        if any((a < d and c < b) or a == c for a, b in spans for c, d in taken):
            continue
        taken.extend(spans)
        chosen.append(fix)
    return chosen


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    """Apply the edits of non-overlapping fixes to ``text``."""
    starts = line_starts(text)
    spans = sorted(
        ((*_span(edit, starts), edit.content) for fix in fixes for edit in fix.edits),
        key=lambda item: item[0],
        reverse=True,
    )
    for start, end, content in spans:
        text = text[:start] + content + text[end:]
    return text
