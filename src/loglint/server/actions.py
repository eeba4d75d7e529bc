"""Code actions: the quick fix of a diagnostic (its fix, from the diagnostic's ``data``),
"Disable LLxxx for this line" (the edit ``--add-noqa`` makes), and
``source.fixAll.loglint`` (every safe fix, applied as ``--fix`` applies them).

Edits that rewrite lines (the last two) are made as small as the change: only the lines
that differ are replaced, so the editor keeps the cursor, folds and marks elsewhere.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any, List, Optional, Sequence

from lsprotocol import types

from loglint.findings import Finding
from loglint.server.diagnostics import SOURCE, text_edit
from loglint.server.encoding import LineIndex, split_lines

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"  # source.fixAll.loglint


def wanted(only: Optional[Sequence[str]], kind: str) -> bool:
    """Whether a request limited to the kinds ``only`` (None: any) asks for actions of ``kind``."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def fix_data(diagnostic: types.Diagnostic, version: Optional[int]) -> Optional[Any]:
    """The ``data`` of one of loglint's diagnostics found in document version ``version``; None for
    others' diagnostics and for ours from an older version (their edits no longer apply)."""
    data = diagnostic.data
    if diagnostic.source != SOURCE or not isinstance(data, dict) or data.get("version") != version:
        return None
    return data


def quick_fix(uri: str, diagnostic: types.Diagnostic, data: Any, unsafe_fixes: bool) -> Optional[types.CodeAction]:
    """The diagnostic's fix as an action; an unsafe one only with ``unsafe_fixes``, and says so."""
    fix = data.get("fix")
    if not isinstance(fix, dict):
        return None
    safe = fix.get("applicability") == "safe"
    if not safe and not unsafe_fixes:
        return None
    title = f"{SOURCE} ({diagnostic.code}): {fix['message']}" + ("" if safe else " (unsafe fix)")
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=safe,
        edit=types.WorkspaceEdit(changes={uri: [text_edit(edit) for edit in fix["edits"]]}),
    )


def with_noqa(text: str, diagnostic: types.Diagnostic) -> str:
    """``text`` with ``# noqa: CODE`` added to the diagnostic's line, or merged into its
    ``noqa``, as ``--add-noqa`` does."""
    from loglint.add_noqa import add_noqa  # imports the engine: done by the first lint already

    line = diagnostic.range.start.line + 1
    return add_noqa(text, [Finding(str(diagnostic.code), "", "", "", line, 1, line, 1)])[0]


def disable_for_line(uri: str, text: str, new_text: str, diagnostic: types.Diagnostic, encoding: str) -> Optional[types.CodeAction]:
    """The action that turns ``text`` into ``new_text`` (:func:`with_noqa`); None when it is no change."""
    if new_text == text:
        return None
    return types.CodeAction(
        title=f"Disable {diagnostic.code} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: line_edits(text, new_text, encoding)}),
    )


def fix_all(uri: str, text: str, fixed: str, encoding: str) -> types.CodeAction:
    """The action that turns ``text`` into ``fixed`` (the text with every safe fix applied)."""
    return types.CodeAction(
        title=f"{SOURCE}: Fix all safe problems",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes={uri: line_edits(text, fixed, encoding)}),
    )


def line_edits(before: str, after: str, encoding: str) -> List[types.TextEdit]:
    """Edits that turn ``before`` into ``after``, each replacing whole lines that differ."""
    old, new = split_lines(before), split_lines(after)
    end = LineIndex(before, encoding).end()

    def start_of(line: int) -> types.Position:
        return types.Position(line, 0) if line < len(old) else types.Position(*end)

    edits = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            edits.append(types.TextEdit(range=types.Range(start_of(i1), start_of(i2)), new_text="".join(new[j1:j2])))
    return edits
