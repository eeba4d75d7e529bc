"""``--add-noqa``: a ``# noqa: CODE`` on the line of every finding, so that a code base can
turn loglint on today and fix its findings gradually.

The comment goes on the finding's comment line (after the closing quotes of a
multi-line string it starts in, as the checker expects), merged into the line's
``noqa`` when it has one (dropping its unknown LL codes), after its other comments when not. LL001 findings are left
to LL001's fix, as ruff leaves RUF100. A file is written only when its syntax tree is
unchanged (a comment cannot change it), with its encoding and line endings.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Callable, Dict, Optional, Sequence, Set, Tuple

import libcst as cst

from loglint.comments import lex, line_starts
from loglint.discovery import DiscoveredFile
from loglint.engine import Engine
from loglint.findings import FileError, Finding
from loglint.noqa import parse_directive
from loglint.notebook import NotebookError, is_notebook
from loglint.notebook import read as read_notebook
from loglint.rules.suppression import UnusedNoqa, unknown_code
from loglint.runner import relative_path
from loglint.source import DecodeError, NotWritten, decode, encode, write_atomically


def add_noqa(text: str, findings: Sequence[Finding]) -> Tuple[str, int]:
    """``text`` with the codes of ``findings`` added to ``noqa`` comments; the number of lines changed."""
    lexed = lex(text)
    wanted: Dict[int, Set[str]] = {}
    for finding in findings:
        if finding.code != UnusedNoqa.code:
            wanted.setdefault(lexed.comment_line(finding.line), set()).add(finding.code)
    starts = line_starts(text)
    lines = [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)])]
    changed = 0
    for number, codes in wanted.items():
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        comment = lexed.comments.get(number)
        directive = parse_directive(comment) if comment is not None else None
        if directive is None:
            new_body = f"{body.rstrip()}  # noqa: {', '.join(sorted(codes))}"
        elif directive.bare:
            continue  # silences every code already
        else:
            written = [code for code, _, _ in directive.codes if not unknown_code(code)]  # LL999 silences nothing
            merged = sorted({code.upper(): code for code in [*written, *codes]}.values(), key=str.upper)
            start, end = directive.codes[0][1], directive.codes[-1][2]
            new_body = body[:start] + ", ".join(merged) + body[end:]
        if new_body != body:
            lines[number - 1] = new_body + line[len(body):]
            changed += 1
    return "".join(lines), changed


def add_noqa_to_file(engine: Engine, file: DiscoveredFile, root: Path) -> Tuple[int, Optional[FileError]]:
    """Lint ``file`` and add ``noqa`` comments for its findings; (lines changed, error).
    In a notebook, the comments go into its cells."""
    try:
        data = file.path.read_bytes()
        original, back = _editable(data, file.path)
    except (OSError, DecodeError, NotebookError) as error:
        return 0, FileError(file.display, f"cannot read file: {error}")
    result = engine.lint_text(original, file.display, relative_path(file.path, root), file.path)
    if result.errors or not result.findings:
        return 0, None  # the run reports the errors
    text, changed = add_noqa(original, result.findings)
    if not changed:
        return 0, None
    if not _unchanged_code(original, text):
        return 0, FileError(file.display, "adding noqa comments would change the code; file left as it was", internal=True)
    new = back(text)
    if new is None:
        return 0, FileError(file.display, "the code with noqa comments does not split into the notebook's cells", internal=True)
    try:
        write_atomically(file.path, new, data, file.within)
    except (OSError, NotWritten) as error:
        return 0, FileError(file.display, str(error) if isinstance(error, NotWritten) else f"cannot write: {error}")
    return changed, None


def _editable(data: bytes, path: Path) -> Tuple[str, Callable[[str], Optional[bytes]]]:
    """A file's text as linted (a notebook's code cells, joined), and how to make its bytes from an edited text."""
    if is_notebook(path):
        notebook = read_notebook(data)
        return notebook.text, notebook.rewrite
    source = decode(data)
    return source.text, lambda text: encode(text, source.encoding)


def _unchanged_code(before: str, after: str) -> bool:
    """Whether ``after`` parses to the syntax tree of ``before`` (comments are not in it).

    Code newer than this Python (which libcst parses) can only be checked to parse.
    """
    try:
        tree = ast.dump(ast.parse(before))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        try:
            cst.parse_module(after)
        except cst.ParserSyntaxError:
            return False
        return True
    try:
        return ast.dump(ast.parse(after)) == tree
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
