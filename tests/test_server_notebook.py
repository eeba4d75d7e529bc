"""``loglint server`` with notebook documents (LSP 3.17 ``notebookDocument/*``), as VS Code
syncs a Jupyter notebook: the real server, a real client over stdio (tests/lsp_editor.py)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Sequence, Tuple

import pytest
from lsp_editor import Editor, apply_edits, session, summary
from lsprotocol import types

FAST = {"debounce-ms": 50}
CODE = types.NotebookCellKind.Code
MARKUP = types.NotebookCellKind.Markup
# A client that syncs notebooks (the server says it does only to such a client).
NOTEBOOK_CLIENT = types.ClientCapabilities(
    notebook_document=types.NotebookDocumentClientCapabilities(types.NotebookDocumentSyncClientCapabilities())
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    return tmp_path


class Notebook:
    """A notebook open in the editor: its URI, and its cells as (URI, kind, text)."""

    def __init__(self, editor: Editor, path: Path, cells: Sequence[Tuple[types.NotebookCellKind, str]]) -> None:
        self.editor = editor
        self.uri = path.as_uri()
        self.version = 1
        self.cells: List[Tuple[str, types.NotebookCellKind, str]] = [
            (f"vscode-notebook-cell:{path}#cell{number}", kind, text) for number, (kind, text) in enumerate(cells)
        ]
        documents = [types.TextDocumentItem(uri, "python" if kind == CODE else "markdown", 1, text) for uri, kind, text in self.cells]
        notebook = types.NotebookDocument(self.uri, "jupyter-notebook", 1, [types.NotebookCell(kind, uri) for uri, kind, _ in self.cells])
        editor.client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(notebook, documents))

    def uri_of(self, number: int) -> str:
        return self.cells[number - 1][0]

    def text_of(self, number: int) -> str:
        return self.cells[number - 1][2]

    def edit(self, number: int, edits: Sequence[types.TextEdit]) -> str:
        """Apply ``edits`` to cell ``number`` and send its new text, whole; the new text."""
        uri, kind, text = self.cells[number - 1]
        text = apply_edits(text, edits)
        self.cells[number - 1] = (uri, kind, text)
        self.version += 1
        content = types.NotebookDocumentCellContentChanges(
            types.VersionedTextDocumentIdentifier(self.version, uri), [types.TextDocumentContentChangeWholeDocument(text)]
        )
        self._change(types.NotebookDocumentCellChanges(text_content=[content]))
        return text

    def insert(self, position: int, text: str) -> str:
        """A new code cell at ``position`` (0-based); its URI."""
        uri = f"{self.uri}#new{position}"
        self.cells.insert(position, (uri, CODE, text))
        self.version += 1
        array = types.NotebookCellArrayChange(position, 0, [types.NotebookCell(CODE, uri)])
        structure = types.NotebookDocumentCellChangeStructure(array, did_open=[types.TextDocumentItem(uri, "python", 1, text)])
        self._change(types.NotebookDocumentCellChanges(structure=structure))
        return uri

    def delete(self, position: int) -> None:
        """Delete the cell at ``position`` (0-based)."""
        uri, _, _ = self.cells.pop(position)
        self.version += 1
        array = types.NotebookCellArrayChange(position, 1, [])
        structure = types.NotebookDocumentCellChangeStructure(array, did_close=[types.TextDocumentIdentifier(uri)])
        self._change(types.NotebookDocumentCellChanges(structure=structure))

    def _change(self, cells: types.NotebookDocumentCellChanges) -> None:
        identifier = types.VersionedNotebookDocumentIdentifier(self.version, self.uri)
        params = types.DidChangeNotebookDocumentParams(identifier, types.NotebookDocumentChangeEvent(cells=cells))
        self.editor.client.notebook_document_did_change(params)

    def close(self) -> None:
        documents = [types.TextDocumentIdentifier(uri) for uri, _, _ in self.cells]
        self.editor.client.notebook_document_did_close(types.DidCloseNotebookDocumentParams(types.NotebookDocumentIdentifier(self.uri), documents))


CELLS = [
    (MARKUP, "# Training\nlog.info(f'{x}') in markdown is no code"),
    (CODE, "%matplotlib inline\nimport logging\nlog = logging.getLogger(__name__)"),
    (CODE, "!pip install -q numpy\nepoch = 3\nlog.info('epoch %d' % (epoch,))\nlog.warn('old %s', 1)"),
]


async def _pushed(editor: Editor, uris: Sequence[str]) -> List[List[tuple]]:
    return [summary((await editor.diagnostics(uri)).diagnostics) for uri in uris]


def test_a_notebook_session(project: Path) -> None:
    """Open a notebook: diagnostics per code cell, with `log` of cell 2 known in cell 3 (its
    fixes are safe); fix all in a cell keeps its shell escape; a cell added; close."""

    async def body(editor: Editor) -> None:
        result = await editor.start(project, options=FAST, capabilities=NOTEBOOK_CLIENT)
        sync = result.capabilities.notebook_document_sync
        assert [(s.notebook, [c.language for c in s.cells]) for s in sync.notebook_selector] == [("jupyter-notebook", ["python"])]

        notebook = Notebook(editor, project / "train.ipynb", CELLS)
        cell = notebook.uri_of(3)
        assert summary((await editor.diagnostics(notebook.uri_of(2))).diagnostics) == []
        published = await editor.diagnostics(cell)
        assert (published.version, summary(published.diagnostics)) == (1, [(2, 9, 2, 30, "LL302"), (3, 4, 3, 8, "LL206")])
        actions = await editor.code_actions(cell, published.diagnostics)
        assert [(a.title, a.kind) for a in actions] == [
            ("loglint (LL302): Pass the values as logging arguments", "quickfix"),
            ("loglint (LL206): Use `.warning()`", "quickfix"),
            ("Disable LL302 for this line", "quickfix"),
            ("Disable LL206 for this line", "quickfix"),
            ("loglint: Fix all safe problems", "source.fixAll.loglint"),
        ]
        disable = actions[2].edit.changes[cell]
        assert apply_edits(notebook.text_of(3), disable) == CELLS[2][1].replace("(epoch,))", "(epoch,))  # noqa: LL302")
        fixed = notebook.edit(3, actions[4].edit.changes[cell])
        assert fixed == "!pip install -q numpy\nepoch = 3\nlog.info('epoch %d', epoch)\nlog.warning('old %s', 1)"
        assert await _pushed(editor, [notebook.uri_of(2), cell]) == [[], []]

        added = notebook.insert(3, "log.info(f'epoch {epoch}')")
        assert await _pushed(editor, [notebook.uri_of(2), cell, added]) == [[], [], [(0, 9, 0, 25, "LL301")]]
        notebook.delete(3)
        assert await _pushed(editor, [added, notebook.uri_of(2), cell]) == [[], [], []]

        notebook.close()
        assert await _pushed(editor, [notebook.uri_of(2), cell]) == [[], []]
        assert await editor.stop() == 0

    editor = session(body)
    assert [m.message for m in editor.shown] == []



def test_a_client_that_pulls_gets_each_cells_diagnostics(project: Path) -> None:
    async def body(editor: Editor) -> None:
        pulls = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities()),
            notebook_document=NOTEBOOK_CLIENT.notebook_document,
        )
        await editor.start(project, options=FAST, capabilities=pulls)
        notebook = Notebook(editor, project / "train.ipynb", CELLS)
        reports = [await editor.pull(notebook.uri_of(number)) for number in (2, 3)]
        assert [summary(report.items) for report in reports] == [[], [(2, 9, 2, 30, "LL302"), (3, 4, 3, 8, "LL206")]]
        assert (await editor.pull(notebook.uri_of(3), reports[1].result_id)).kind == "unchanged"
        # A change in cell 2 changes what cell 3 gets, though cell 3 is as it was.
        notebook.edit(2, [types.TextEdit(types.Range(types.Position(0, 0), types.Position(0, 0)), "# loglint: noqa: LL206\n")])
        again = await editor.pull(notebook.uri_of(3), reports[1].result_id)
        assert (again.kind, summary(again.items)) == ("full", [(2, 9, 2, 30, "LL302")])
        assert editor.published == {}
        assert await editor.stop() == 0

    session(body)
