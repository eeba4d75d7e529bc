"""Jupyter notebooks: their code cells as one Python text, and back.

A notebook (nbformat 4 or later) is read as JSON. The code cells of a Python kernel are
joined into one text, a boundary comment line between two cells, so that names defined
in one cell are known in the later ones; each row of the text maps back to (cell, row).
IPython syntax is masked, not parsed: a line magic (``%matplotlib inline``), a shell
escape (``!pip install x``, ``files = !ls``), help (``obj?``, ``??obj``) and the other
escapes at the start of a statement become ``pass`` at their indentation, one line for
one line; a cell that starts with a cell magic (``%%time``, ``%%bash``) is left out.

Writing back (:meth:`Notebook.rewrite`) changes only the ``source`` of the cells whose
code changed, spliced into the file's own JSON text: outputs, execution counts,
metadata, key order, indentation, escaping and the trailing newline stay byte for byte,
and a source stays a list of lines (split as nbformat splits them) or a string.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Protocol, Sequence, Tuple, Union

from loglint.findings import Edit, FileError, Finding, Fix, LoggerUse

SUFFIX = ".ipynb"
MIN_NBFORMAT = 4
# Between two cells in the joined text: a comment at column 0 belongs to no block and
# no rule reads it; fixes never touch it, so the fixed text splits back into cells. It
# and the masks hold none of the pre-filter's words ("log"...): a notebook without them
# in its code is skipped.
BOUNDARY = "# ---- next notebook cell ----"
_MASK = "pass  # IPython syntax {}, masked"
_MASKED = re.compile(r"[ \t]*pass  # IPython syntax (\d+), masked")
_NEWLINE = re.compile(r"\r\n?|\n")
# Escapes that start a statement in IPython: magic, shell, help, and the auto-call ones.
_ESCAPES = ("%", "!", "?", "/", ",", ";")
# `files = !ls`, `result = %timeit -o f()`
_ESCAPED_ASSIGNMENT = re.compile(r"[ \t]*[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[%!]")
_SPECIAL = re.compile(r"[#'\"()\[\]{}]")
_STRING_END = {quote: re.compile(r"(?:\\.|[^\\])*?" + re.escape(quote)) for quote in ("'''", '"""', "'", '"')}
# A \u escape of a printable character: the file was written with json's ensure_ascii.
_ASCII_ESCAPE = re.compile(r"\\u(?!00[01])[0-9a-fA-F]{4}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class Placed(Protocol):
    """A lint's result (:class:`FileResult`, the engine's ``LintResult``)."""

    findings: List[Finding]
    errors: List[FileError]
    loggers: List[LoggerUse]


class NotebookError(Exception):
    """A file that is no notebook loglint can read; ``line``/``column``: where in its JSON."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def is_notebook(path: Union[str, PurePath]) -> bool:
    return str(path).lower().endswith(SUFFIX)


@dataclass(frozen=True)
class _Cell:
    index: int  # in the notebook's "cells" (cell ``index + 1`` to users, as ruff counts)
    text: str  # its source as written
    code: str  # as in the joined text: masked, ending with a newline
    masked: Tuple[str, ...]  # the lines masked, numbered by their place here


class Notebook:
    """A notebook's code: ``text`` is what is linted."""

    def __init__(self, raw: str, bom: str, cells: Sequence[_Cell]) -> None:
        self._raw = raw
        self._bom = bom
        self._cells = tuple(cells)
        self.text = (BOUNDARY + "\n").join(cell.code for cell in self._cells)
        self._rows: List[Tuple[int, int]] = []  # (cell number, row in the cell) of each row of text
        for cell in self._cells:
            count = len(_NEWLINE.findall(cell.code))
            self._rows += [(cell.index + 1, row) for row in range(1, count + 1)]
            self._rows.append((cell.index + 1, count + 1))  # its boundary: "the end of the cell"

    @property
    def cell_texts(self) -> Dict[int, str]:
        """The source of each code cell linted, by cell number."""
        return {cell.index + 1: cell.text for cell in self._cells}

    def locate(self, line: int) -> Tuple[int, int]:
        """(cell number, line in the cell) of a line of :attr:`text`."""
        if not self._rows:
            return 1, line
        return self._rows[min(max(line, 1), len(self._rows)) - 1]

    def place(self, result: Placed) -> None:
        """Move a result's findings, errors and logger uses from the lines of :attr:`text`
        to those of their cells."""
        result.findings = [self._finding(finding) for finding in result.findings]
        result.errors = [self._error(error) for error in result.errors]
        result.loggers = [self._logger_use(use) for use in result.loggers]

    def _finding(self, finding: Finding) -> Finding:
        cell, line = self.locate(finding.line)
        fix = finding.fix
        if fix is not None:
            fix = Fix(fix.applicability, fix.message, tuple(self._edit(edit) for edit in fix.edits))
        return replace(finding, line=line, end_line=self.locate(finding.end_line)[1], fix=fix, cell=cell)

    def _edit(self, edit: Edit) -> Edit:
        return replace(edit, line=self.locate(edit.line)[1], end_line=self.locate(edit.end_line)[1])

    def _logger_use(self, use: LoggerUse) -> LoggerUse:
        cell, line = self.locate(use.line)
        return replace(use, line=line, cell=cell)

    def _error(self, error: FileError) -> FileError:
        if error.internal:
            return error  # of the whole file, not of a place in it
        cell, line = self.locate(error.line)
        return replace(error, line=line, cell=cell)

    def changed_sources(self, text: str) -> Optional[Dict[int, str]]:
        """The new source of each cell that ``text`` (:attr:`text`, changed) changes, by
        cell number; None if it does not split into as many cells (no fix removes a boundary line)."""
        parts = _split_cells(text)
        if len(parts) != len(self._cells):
            return None
        return {cell.index + 1: _unmasked(cell, part) for cell, part in zip(self._cells, parts) if part != cell.code}

    def edit_cell(self, number: int, edit: Callable[[str], str]) -> Optional[str]:
        """The source of cell ``number`` after ``edit`` of its code (as linted: IPython lines
        masked); None for a cell that is not linted."""
        cell = next((cell for cell in self._cells if cell.index + 1 == number), None)
        return None if cell is None else _unmasked(cell, edit(cell.code))

    def rewrite(self, text: str) -> Optional[bytes]:
        """The notebook's bytes with the code cells of ``text`` (:attr:`text`, changed);
        None if it does not split into its cells."""
        changed = self.changed_sources(text)
        if changed is None:
            return None
        spans = _source_spans(self._raw) if changed else {}
        ascii_only = bool(_ASCII_ESCAPE.search(self._raw)) and self._raw.isascii()
        out = self._raw
        for number in sorted(changed, key=lambda number: -spans[number - 1][0]):
            start, end = spans[number - 1]
            out = out[:start] + _render(changed[number], out[start:end], ascii_only) + out[end:]
        return (self._bom + out).encode("utf-8")


def read(data: bytes) -> Notebook:
    """The notebook in ``data``; NotebookError saying why when it is none loglint can read."""
    bom = "\ufeff" if data.startswith(codecs.BOM_UTF8) else ""
    try:
        raw = data.decode("utf-8")[len(bom):]
    except UnicodeDecodeError as error:
        raise NotebookError(f"cannot decode notebook: byte {data[error.start]:#04x} at offset {error.start} is not UTF-8") from None
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as error:
        raise NotebookError(f"notebook is not valid JSON: {error.msg}", error.lineno, error.colno) from None
    except RecursionError:
        raise NotebookError("notebook is not valid JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise NotebookError("not a Jupyter notebook: the JSON is not an object")
    version = document.get("nbformat")
    if not isinstance(version, int) or isinstance(version, bool):
        raise NotebookError("not a Jupyter notebook: no `nbformat` version")
    if version < MIN_NBFORMAT:
        raise NotebookError(
            f"notebook format {version} is not supported (4 or later is): "
            "`jupyter nbconvert --to notebook --inplace` converts it"
        )
    cells = document.get("cells")
    if not isinstance(cells, list):
        raise NotebookError("not a Jupyter notebook: no `cells` list")
    metadata = document.get("metadata")
    return Notebook(raw, bom, _code_cells(cells) if _python_kernel(metadata) else [])


def from_cells(texts: Sequence[Optional[str]]) -> Notebook:
    """A notebook from the text of each of its cells, in order (None: a cell not to lint,
    markdown or another language), as an editor sends them; it has no JSON to rewrite."""
    return Notebook("", "", [cell for index, text in enumerate(texts) if text is not None for cell in [_cell(index, text)] if cell])


def code_of(data: bytes) -> bytes:
    """What the pre-filter reads of a notebook: its code, or all its bytes when it is no
    notebook (then reported as such unless the pre-filter rules it out like any file)."""
    try:
        return read(data).text.encode("utf-8", "surrogatepass")
    except NotebookError:
        return data


def _python_kernel(metadata: Any) -> bool:
    """Whether the notebook's kernel runs Python (unknown: it does, as ruff assumes)."""
    if not isinstance(metadata, dict):
        return True
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        table = metadata.get(key)
        language = table.get(field) if isinstance(table, dict) else None
        if isinstance(language, str) and language.lower() != "python":
            return False
    return True


def _code_cells(cells: Sequence[Any]) -> List[_Cell]:
    found = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            text = "".join(source)
        elif isinstance(source, str):
            text = source
        else:
            raise NotebookError(f"not a Jupyter notebook: the source of cell {index + 1} is not text")
        linted = None if _other_language(cell.get("metadata")) else _cell(index, text)
        if linted is not None:
            found.append(linted)
    return found


def _cell(index: int, text: str) -> Optional[_Cell]:
    """A code cell to lint; None when there is nothing to lint or it starts with a cell
    magic (``%%time``, ``%%bash``: IPython hands the whole cell to the magic)."""
    if not text.strip() or text.lstrip().startswith("%%"):
        return None
    code, masked = _mask(text)
    return _Cell(index, text, code, masked)


def _other_language(metadata: Any) -> bool:
    """A cell VS Code runs in another language than the notebook's (``%%`` aside)."""
    vscode = metadata.get("vscode") if isinstance(metadata, dict) else None
    language = vscode.get("languageId") if isinstance(vscode, dict) else None
    return isinstance(language, str) and language != "python"


class _State(NamedTuple):
    """Where a line starts: inside a string of this quote, in brackets, after a backslash."""

    quote: str = ""
    depth: int = 0
    continued: bool = False

    @property
    def statement_start(self) -> bool:
        return not self.quote and not self.depth and not self.continued


def _mask(text: str) -> Tuple[str, Tuple[str, ...]]:
    """The cell's code with its IPython lines masked (ending with a newline), and those lines."""
    out: List[str] = []
    masked: List[str] = []
    state = _State()
    escape_goes_on = False  # the last line masked ends with a backslash: this one is part of it
    for body, ending in _lines(text):
        if state.statement_start:
            stripped = body.lstrip()
            after, code_end = _scan(body, state)
            help_line = after == _State() and body[:code_end].rstrip().endswith("?")
            if escape_goes_on or stripped.startswith(_ESCAPES) or _ESCAPED_ASSIGNMENT.match(body) or help_line:
                out.append(body[: len(body) - len(stripped)] + _MASK.format(len(masked)) + ending)
                masked.append(body)
                escape_goes_on = body.endswith("\\")
                continue
            state = after
        else:
            state, _ = _scan(body, state)
        out.append(body + ending)
    code = "".join(out)
    return code if code.endswith(("\n", "\r")) else code + "\n", tuple(masked)


def _lines(text: str) -> List[Tuple[str, str]]:
    """(text, line break) of each line, counted as Python counts them (a form feed is none)."""
    lines = []
    position = 0
    for match in _NEWLINE.finditer(text):
        lines.append((text[position : match.start()], match.group()))
        position = match.end()
    if position < len(text):
        lines.append((text[position:], ""))
    return lines


def _scan(body: str, state: _State) -> Tuple[_State, int]:
    """The state at the end of a line that starts in ``state``, and where its code ends
    (its comment, if any, starts). Quotes are matched as comments.py matches them."""
    quote, depth = state.quote, state.depth
    position = 0
    while True:
        if quote:
            end = _STRING_END[quote].match(body, position)
            if end is None:  # the string goes on: a triple-quoted one, or after a backslash
                keep = len(quote) == 3 or body.endswith("\\")
                return _State(quote if keep else "", depth, False), len(body)
            quote, position = "", end.end()
        found = _SPECIAL.search(body, position)
        if found is None:
            return _State("", depth, body.endswith("\\")), len(body)
        char, position = found.group(), found.end()
        if char == "#":
            return _State("", depth, False), found.start()
        if char in "'\"":
            quote = char * 3 if body.startswith(char * 3, found.start()) else char
            position = found.start() + len(quote)
        elif char in "([{":
            depth += 1
        else:
            depth = max(0, depth - 1)


def _split_cells(text: str) -> List[str]:
    """The joined text cut at its boundary lines, back into the code of each cell."""
    parts: List[str] = []
    current: List[str] = []
    for body, ending in _lines(text):
        if body == BOUNDARY:
            parts.append("".join(current))
            current = []
        else:
            current.append(body + ending)
    parts.append("".join(current))
    return parts if text else []


def _unmasked(cell: _Cell, code: str) -> str:
    """A cell's new source: its code with the masked lines as they were, and its last
    line without the newline the join gave it."""
    if not cell.text.endswith(("\n", "\r")) and code.endswith("\n"):
        code = code[:-1]

    restored = []
    for body, ending in _lines(code):
        match = _MASKED.fullmatch(body)
        if match is not None and int(match.group(1)) < len(cell.masked):
            body = cell.masked[int(match.group(1))]
        restored.append(body + ending)
    return "".join(restored)


def _render(source: str, old: str, ascii_only: bool) -> str:
    """A source as JSON, laid out as the one it replaces (``old``, its JSON text: a list
    of lines or a string)."""
    ascii_only = ascii_only or _SURROGATE.search(source) is not None  # not UTF-8: escaped, as they were
    if not old.startswith("["):
        return json.dumps(source, ensure_ascii=ascii_only)
    # Lines as nbformat splits them (str.splitlines), so that the lines not fixed stay as they were.
    items = [json.dumps(line, ensure_ascii=ascii_only) for line in source.splitlines(keepends=True)]
    first = old[1 : _space(old, 1)]
    inner = old[:-1]
    last = inner[len(inner.rstrip(" \t\n\r")) :]
    return "[" + first + _separator(old, first).join(items) + last + "]" if items else "[]"


def _separator(old: str, first: str) -> str:
    """What comes between two lines of the list ``old``: as there (``,\\n    ``, ``,``), else
    a line break and the indentation of its first line, else ``, ``."""
    start = _space(old, 1)
    if old[start : start + 1] == '"':
        end = json.decoder.scanstring(old, start + 1)[1]  # type: ignore[attr-defined]
        between = re.match(r"[ \t\n\r]*,[ \t\n\r]*", old[end:])
        if between is not None:
            return between.group()
    return "," + first if "\n" in first else ", "


# -- where each cell's source is in the JSON text ------------------------------------------

Visit = Callable[[str, int], int]  # (key or "", start of its value) -> end of the value


def _source_spans(raw: str) -> Dict[int, Tuple[int, int]]:
    """(start, end) of the ``source`` value of each cell, by the cell's index. The text
    is known to be valid JSON (it was read with ``json.loads``); the last of repeated
    keys counts, as for ``json.loads``."""
    spans: Dict[int, Tuple[int, int]] = {}

    def cell(index: int) -> Visit:
        def member(key: str, start: int) -> int:
            end = _skip(raw, start)
            if key == "source":
                spans[index] = (start, end)
            return end

        return member

    def top(key: str, start: int) -> int:
        if key != "cells":
            return _skip(raw, start)
        spans.clear()
        return _array(raw, start, lambda index, at: _object(raw, at, cell(index)))

    _object(raw, _WHITESPACE.match(raw, 0).end(), top)  # type: ignore[union-attr]
    return spans


def _skip(raw: str, start: int) -> int:
    return int(_DECODER.raw_decode(raw, start)[1])


def _space(raw: str, position: int) -> int:
    return _WHITESPACE.match(raw, position).end()  # type: ignore[union-attr]


def _object(raw: str, start: int, visit: Visit) -> int:
    """Walk the object at ``start``, ``visit`` each member; the end of the object."""
    if raw[start] != "{":
        return _skip(raw, start)
    position = _space(raw, start + 1)
    while raw[position] != "}":
        key, position = json.decoder.scanstring(raw, position + 1)  # type: ignore[attr-defined]
        position = _space(raw, _space(raw, position) + 1)  # past the ":"
        position = _space(raw, visit(key, position))
        if raw[position] == ",":
            position = _space(raw, position + 1)
    return position + 1


def _array(raw: str, start: int, visit: Callable[[int, int], int]) -> int:
    if raw[start] != "[":
        return _skip(raw, start)
    position = _space(raw, start + 1)
    index = 0
    while raw[position] != "]":
        position = _space(raw, visit(index, position))
        index += 1
        if raw[position] == ",":
            position = _space(raw, position + 1)
    return position + 1
