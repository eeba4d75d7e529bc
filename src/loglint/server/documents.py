"""The documents the editor has open, with the text of its buffers: opened, changed,
closed. Every other part of the server reads documents here.

The client sends the whole text with each change (``TextDocumentSyncKind.Full``).
pygls's ranged changes go wrong on Python source: pygls finds their positions in lines
cut by ``str.splitlines``, which also breaks at form feeds (``^L``, common in older
code) and other characters LSP does not break lines at, and on the way moves a
position it thinks is past its line, in the message that then reaches this module.
A whole text has no positions to misread; lines are counted as LSP counts them where
positions are made (:mod:`loglint.server.encoding`).

Notebooks are synced as LSP 3.17 notebook documents (``notebookDocument/*``): the
notebook keeps the order of its cells, and each cell's text is a document of its own
(its ``vscode-notebook-cell:`` URI) that names the notebook it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from lsprotocol import types
from pygls.uris import to_fs_path

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass
class Document:
    uri: str
    text: str
    version: Optional[int]
    language_id: str
    notebook: Optional[str] = None  # the URI of the notebook it is a cell of

    @property
    def path(self) -> Optional[Path]:
        """The file behind the buffer; None for an unsaved one (``untitled:``)."""
        return _path(self.uri)

    @property
    def is_python(self) -> bool:
        path = self.path
        return self.language_id == "python" or (path is not None and path.suffix in PYTHON_SUFFIXES)


@dataclass
class Notebook:
    """An open notebook: its version and its cells in order, as (document URI, is code)."""

    uri: str
    version: int
    cells: List[Tuple[str, bool]] = field(default_factory=list)

    @property
    def path(self) -> Optional[Path]:
        return _path(self.uri)


def _path(uri: str) -> Optional[Path]:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


class Documents:
    """The open documents by URI, and the open notebooks."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding  # the client's, for positions in this session
        self._open: Dict[str, Document] = {}
        self._notebooks: Dict[str, Notebook] = {}

    def get(self, uri: str) -> Optional[Document]:
        return self._open.get(uri)

    def __iter__(self) -> Iterator[Document]:
        return iter(list(self._open.values()))

    def open(self, item: types.TextDocumentItem) -> Document:
        document = Document(item.uri, item.text, item.version, item.language_id)
        self._open[item.uri] = document
        return document

    def change(self, params: types.DidChangeTextDocumentParams) -> Optional[Document]:
        """The document with its new text (the last change's: each is the whole text); None
        for a document that is not open."""
        document = self._open.get(params.text_document.uri)
        if document is None or not params.content_changes:
            return document
        document.text = params.content_changes[-1].text
        document.version = params.text_document.version
        return document

    def close(self, uri: str) -> None:
        self._open.pop(uri, None)

    # --- notebooks ----------------------------------------------------------------------

    def notebook(self, uri: str) -> Optional[Notebook]:
        return self._notebooks.get(uri)

    def notebooks(self) -> List[Notebook]:
        return list(self._notebooks.values())

    def cells(self, notebook: Notebook) -> List[Optional[Document]]:
        """The documents of a notebook's cells, in order; None for a cell that is not code."""
        return [self._open.get(uri) if code else None for uri, code in notebook.cells]

    def open_notebook(self, params: types.DidOpenNotebookDocumentParams) -> Notebook:
        opened = params.notebook_document
        notebook = Notebook(opened.uri, opened.version, _cells(opened.cells))
        self._open_cells(notebook, params.cell_text_documents)
        self._notebooks[opened.uri] = notebook
        return notebook

    def change_notebook(self, params: types.DidChangeNotebookDocumentParams) -> Optional[Notebook]:
        """The notebook with its cells added, removed, changed in kind or in text; None for
        one that is not open. Each cell text change is a whole text, as for documents."""
        notebook = self._notebooks.get(params.notebook_document.uri)
        if notebook is None:
            return None
        notebook.version = params.notebook_document.version
        cells = params.change.cells
        if cells is None:
            return notebook  # its metadata changed
        if cells.structure is not None:
            array = cells.structure.array
            notebook.cells[array.start : array.start + array.delete_count] = _cells(array.cells or [])
            for closed in cells.structure.did_close or []:
                self._open.pop(closed.uri, None)
            self._open_cells(notebook, cells.structure.did_open or [])
        kinds = {cell.document: cell.kind == types.NotebookCellKind.Code for cell in cells.data or []}
        notebook.cells = [(uri, kinds.get(uri, code)) for uri, code in notebook.cells]
        for content in cells.text_content or []:
            document = self._open.get(content.document.uri)
            if document is not None and content.changes:
                document.text = content.changes[-1].text
                document.version = content.document.version
        return notebook

    def close_notebook(self, uri: str) -> List[str]:
        """Forget a notebook and its cells; the URIs of its cells."""
        notebook = self._notebooks.pop(uri, None)
        cells = [cell for cell, _ in notebook.cells] if notebook is not None else []
        for cell in cells:
            self._open.pop(cell, None)
        return cells

    def _open_cells(self, notebook: Notebook, items: Sequence[types.TextDocumentItem]) -> None:
        for item in items:
            self._open[item.uri] = Document(item.uri, item.text, item.version, item.language_id, notebook.uri)


def _cells(cells: Sequence[types.NotebookCell]) -> List[Tuple[str, bool]]:
    return [(cell.document, cell.kind == types.NotebookCellKind.Code) for cell in cells]
