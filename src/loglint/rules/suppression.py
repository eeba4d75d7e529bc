"""Suppression rules (LL0xx): the engine judges them once the other findings are silenced.

LL001 reports the codes of a ``# noqa`` that silenced nothing. Only codes loglint can
judge count: an LL code enabled for the file, or a peer code (with
``respect-peer-suppressions``) mapped to one. A code not enabled in this run may be
used in another run (ruff's RUF100 reports such codes as "non-enabled"; loglint keeps
them), a bare ``# noqa`` is never reported, and a directive naming LL001 is left alone.
An LL code that is no rule (``LL999``, a prefix such as ``LL3``) is reported as unknown,
as RUF100 does: it silences nothing in any run.
"""

from __future__ import annotations

from typing import FrozenSet, List, Sequence, Set, Tuple

from loglint.catalog import SPECS
from loglint.findings import Edit, Finding, Fix
from loglint.noqa import Directive, Suppressions
from loglint.peers import NOQA_PEERS
from loglint.rules.base import Rule


class UnusedNoqa(Rule):
    """LL001: a ``# noqa`` code that silences nothing."""

    code = "LL001"


RULES = [UnusedNoqa]


def unused_noqa(suppressions: Suppressions, enabled: FrozenSet[str], lines: Sequence[str], path: str) -> List[Finding]:
    """LL001 findings for the directives of a file, after every other finding went through ``suppressions``.

    ``enabled``: the codes enabled for this file (selection and per-file-ignores).
    """
    findings = []
    for directive in suppressions.directives.values():
        if directive.bare or any(code.upper() == UnusedNoqa.code for code, _, _ in directive.codes):
            continue
        unused: List[str] = []
        unknown: List[str] = []
        duplicated: List[str] = []
        seen: Set[str] = set()
        for written, _, _ in directive.codes:
            name = written.upper()
            if unknown_code(name):
                unknown.append(written)
                continue
            if not _judged(name, enabled, suppressions.peers):
                continue
            if name in seen:
                duplicated.append(written)
            elif name not in directive.used:
                unused.append(written)
            seen.add(name)
        if unused or unknown or duplicated:
            last = directive.line == len(lines)
            reasons = (("unused", unused), ("unknown", unknown), ("duplicated", duplicated))
            findings.append(_finding(directive, reasons, lines[directive.line - 1], last, path))
    return findings


def unknown_code(code: str) -> bool:
    """Whether ``code`` is in loglint's namespace (``LL``) but names no rule."""
    name = code.upper()
    return name.startswith("LL") and name not in SPECS


# Peer codes whose tools report more than loglint's equivalents: TRY400 also in narrow and
# re-raising handlers (LL201 skips them), LOG015 also in scripts (LL503 skips them), LOG014
# also in error callbacks called from handlers (LL202 skips them). Such a directive may
# still silence its own tool when loglint finds nothing on its line.
_BROADER_PEERS = frozenset({"TRY400", "LOG015", "LOG014"})


def _judged(code: str, enabled: FrozenSet[str], peers: bool) -> bool:
    if code in enabled:
        return True
    if code in _BROADER_PEERS:
        return False
    return peers and any(mapped in enabled for mapped in NOQA_PEERS.get(code, ()))


def _finding(
    directive: Directive, reasons: Sequence[Tuple[str, List[str]]], text: str, last: bool, path: str
) -> Finding:
    """``reasons``: (why, codes as written) pairs; the codes of all of them are removed by the fix."""
    said = [f"{why}: " + ", ".join(f"`{code}`" for code in codes) for why, codes in reasons if codes]
    line = directive.line
    return Finding(
        UnusedNoqa.code,
        UnusedNoqa.name,
        f"unused `noqa` directive ({'; '.join(said)})",
        path,
        line,
        directive.start + 1,
        line,
        directive.end + 1,
        _removal(directive, [code for _, codes in reasons for code in codes], text, last),
    )


def _removal(directive: Directive, dropped: Sequence[str], text: str, last: bool) -> Fix:
    """Remove the ``dropped`` codes (written forms, each as often as it is listed); the
    directive with them when none is left.

    A whole directive goes with its description (the rest of its ``#`` segment, as ruff
    does), other comments of the line stay, and a line left empty is deleted.
    """
    line = directive.line
    left = list(dropped)
    kept: List[str] = []
    for code, _, _ in directive.codes:
        if code in left:
            left.remove(code)
        else:
            kept.append(code)
    if kept:
        codes_start, codes_end = directive.codes[0][1], directive.codes[-1][2]
        edit = Edit(", ".join(kept), line, codes_start + 1, line, codes_end + 1)
        return Fix("safe", "Remove the unused codes", (edit,))
    start, end = directive.start, directive.end
    if directive.own_hash:
        next_hash = text.find("#", end)
        end = next_hash if next_hash >= 0 else len(text)
    if end >= len(text.rstrip()):
        end = len(text)
        before = text[:start].rstrip()
        if not before:
            # nothing else on the line: delete it
            edit = Edit("", line, 1, line, len(text) + 1) if last else Edit("", line, 1, line + 1, 1)
            return Fix("safe", "Remove the unused `noqa` directive", (edit,))
        start = len(before)
    return Fix("safe", "Remove the unused `noqa` directive", (Edit("", line, start + 1, line, end + 1),))
