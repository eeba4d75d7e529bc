"""The language server: what each LSP message does.

Documents are linted in this process, in the event loop, one at a time: no process
pool, no result cache. Diagnostics are pushed (``textDocument/publishDiagnostics``) on
open and save at once, after a change once the document has been quiet for the
debounce time; a client that can pull them (``textDocument/diagnostic``) is sent none
and asks instead. A lint is kept per document version until the settings change, so
a pull, a code action or a push of the same version lints nothing again.

A notebook (``notebookDocument/*``) is linted as the CLI lints one: its code cells as
one module (:mod:`loglint.notebook`), each cell getting the diagnostics of its lines
under its own URI; a lint is kept per notebook version.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from loglint import __version__
from loglint.config import CONFIG_NAMES, ConfigError
from loglint.findings import FileError
from loglint.notebook import Notebook as Cells
from loglint.notebook import from_cells
from loglint.server import actions
from loglint.server.diagnostics import SOURCE, UNUSED_NOQA, diagnostics
from loglint.server.documents import Document, Documents, Notebook
from loglint.server.encoding import UTF16, LineIndex
from loglint.server.projects import ClientSettings, LintContext, Projects, client_settings

BUG_REPORT = "please report this at https://github.com/loglint/loglint/issues"
CONFIG_WATCHERS = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[types.NotebookDocumentFilterWithNotebook("jupyter-notebook", [types.NotebookCellLanguage("python")])],
    save=True,
)


@dataclass(frozen=True)
class Cell:
    """A notebook's cell: the notebook, the code of its cells, and the cell's number (1-based)."""

    notebook: Notebook
    cells: Cells
    number: int


@dataclass(frozen=True)
class Linted:
    """The lint of one document version under one generation of settings."""

    version: Optional[int]
    generation: int
    diagnostics: List[types.Diagnostic]
    safe_fixes: bool  # some finding has a safe fix: source.fixAll has work
    unsafe_fixes: bool  # unsafe quick fixes are offered (the settings say so)
    notebook_version: Optional[int] = None  # of a cell: the notebook's (another cell's change changes it)

    @property
    def result_id(self) -> str:
        """What a pull is told, to ask with next time (unchanged: "nothing new")."""
        return ".".join(str(part) for part in (self.version, self.generation, self.notebook_version) if part is not None)


class LoglintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full, notebook_document_sync=NOTEBOOK_SYNC
        )
        self.documents = Documents(UTF16)
        self.projects = Projects()
        self.pull = False  # the client pulls diagnostics
        self.shut_down = False
        self.generation = 0  # bumped when settings or config files change: every lint is stale
        self.initialization_options: Any = None
        self.default_settings = ClientSettings()
        self.folder_settings: Dict[Path, ClientSettings] = {}
        self.linted: Dict[str, Linted] = {}
        self.linted_notebooks: Dict[str, Tuple[int, int, Dict[str, Linted]]] = {}  # (version, generation, by cell)
        self.pending: Dict[str, asyncio.TimerHandle] = {}
        self.shown: Set[str] = set()

    # --- linting ------------------------------------------------------------------------

    def context(self, document: Document) -> Optional[LintContext]:
        """What lints ``document``; None for one that is not Python or whose config cannot be used."""
        return self.context_at(document.path) if document.is_python else None

    def context_at(self, path: Optional[Path]) -> Optional[LintContext]:
        folder = self.folder_of(path)
        try:
            return self.projects.context_for(path, folder, self.settings_of(folder))
        except ConfigError as error:
            self.show(types.MessageType.Error, f"loglint: {error}")
            return None

    def lint(self, document: Document) -> Linted:
        notebook = self.documents.notebook(document.notebook) if document.notebook is not None else None
        if notebook is not None:
            return self.lint_notebook(notebook).get(document.uri) or Linted(document.version, self.generation, [], False, False)
        kept = self.linted.get(document.uri)
        if kept is not None and kept.version == document.version and kept.generation == self.generation:
            return kept
        context = self.context(document)
        if context is None:
            linted = Linted(document.version, self.generation, [], False, False)
        else:
            display = str(document.path or document.uri)
            result = context.lint(document.text, display)
            self.log_internal(result.errors)
            index = LineIndex(document.text, self.documents.encoding)
            severity = self.settings_of(self.folder_of(document.path)).severity
            linted = Linted(
                document.version,
                self.generation,
                diagnostics(result.findings, result.errors, index, document.version, severity),
                any(f.fix is not None and f.fix.applicability == "safe" for f in result.findings),
                context.project.settings.unsafe_fixes,
            )
        self.linted[document.uri] = linted
        return linted

    def lint_notebook(self, notebook: Notebook) -> Dict[str, Linted]:
        """The lint of each code cell of ``notebook``, by the cell's URI."""
        kept = self.linted_notebooks.get(notebook.uri)
        if kept is not None and kept[:2] == (notebook.version, self.generation):
            return kept[2]
        documents = self.documents.cells(notebook)
        cells = cells_of(documents)
        context = self.context_at(notebook.path)
        result = context.lint(cells.text, str(notebook.path or notebook.uri)) if context is not None else None
        if result is not None:
            cells.place(result)
            self.log_internal(result.errors)
        severity = self.settings_of(self.folder_of(notebook.path)).severity
        linted = {}
        for number, document in enumerate(documents, 1):
            if document is None:
                continue
            findings = [finding for finding in result.findings if finding.cell == number] if result is not None else []
            errors = [error for error in result.errors if error.cell == number] if result is not None else []
            index = LineIndex(document.text, self.documents.encoding)
            linted[document.uri] = Linted(
                document.version,
                self.generation,
                diagnostics(findings, errors, index, document.version, severity),
                any(f.fix is not None and f.fix.applicability == "safe" for f in findings),
                context is not None and context.project.settings.unsafe_fixes,
                notebook.version,
            )
        self.linted_notebooks[notebook.uri] = (notebook.version, self.generation, linted)
        return linted

    def cell_of(self, document: Document) -> Optional[Cell]:
        """The notebook ``document`` is a cell of, and which; None for a document that is no cell."""
        notebook = self.documents.notebook(document.notebook) if document.notebook is not None else None
        uris = [uri for uri, _ in notebook.cells] if notebook is not None else []
        if notebook is None or document.uri not in uris:
            return None
        return Cell(notebook, cells_of(self.documents.cells(notebook)), uris.index(document.uri) + 1)

    def fixed(self, document: Document, cell: Optional[Cell]) -> Optional[str]:
        """The text of ``document`` (a file, or a notebook's cell) with every safe fix applied,
        as ``--fix`` applies them; None when that changes nothing."""
        if cell is None:
            context, text, display = self.context(document), document.text, str(document.path or document.uri)
        else:
            context, text, display = self.context_at(cell.notebook.path), cell.cells.text, str(cell.notebook.path or cell.notebook.uri)
        fixed = context.lint(text, display, fix=True).text if context is not None else None
        if cell is None or fixed is None:
            return fixed
        sources = cell.cells.changed_sources(fixed)
        return sources.get(cell.number) if sources is not None else None

    def log_internal(self, errors: Sequence[FileError]) -> None:
        for error in errors:
            if error.internal:
                self.log(types.MessageType.Error, f"loglint: internal error in {error.path}: {error.message}; {BUG_REPORT}")

    def publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        notebook = self.documents.notebook(uri)
        if notebook is not None:
            for cell, linted in self.lint_notebook(notebook).items():
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(cell, linted.diagnostics, linted.version))
            return
        document = self.documents.get(uri)
        if document is not None:
            linted = self.lint(document)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, linted.diagnostics, document.version))

    def schedule(self, uri: str, delay_ms: int) -> None:
        """Push the diagnostics of ``uri`` after ``delay_ms`` without a change (0: now)."""
        self.cancel(uri)
        if self.pull or self.shut_down:
            return
        if delay_ms <= 0:
            self.publish(uri)
        else:
            self.pending[uri] = asyncio.get_running_loop().call_later(delay_ms / 1000, self.publish, uri)

    def cancel(self, uri: str) -> None:
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

    def relint_all(self) -> None:
        """The settings changed: every document's diagnostics again."""
        self.generation += 1
        self.shown.clear()
        if not self.pull:
            for document in self.documents:
                if document.notebook is None:
                    self.schedule(document.uri, 0)
            for notebook in self.documents.notebooks():
                self.schedule(notebook.uri, 0)
        elif _capability(self.client_capabilities, "workspace", "diagnostics", "refresh_support"):
            self.workspace_diagnostic_refresh(None)

    # --- settings -----------------------------------------------------------------------

    def folders(self) -> List[Path]:
        uris = [folder.uri for folder in self.workspace.folders.values()]
        paths = [to_fs_path(uri) for uri in uris] or [self.workspace.root_path]
        return [Path(path) for path in paths if path]

    def folder_of(self, path: Optional[Path]) -> Optional[Path]:
        """The innermost workspace folder holding ``path``."""
        if path is None:
            return None
        holding = [folder for folder in self.folders() if folder == path or folder in path.parents]
        return max(holding, key=lambda folder: len(folder.parts), default=None)

    def settings_of(self, folder: Optional[Path]) -> ClientSettings:
        return self.folder_settings.get(folder, self.default_settings) if folder is not None else self.default_settings

    async def refresh_settings(self) -> None:
        """The editor's settings, per workspace folder: ``initializationOptions``, overridden by
        the ``loglint`` section of ``workspace/configuration`` when the client has one."""
        folders = self.folders()
        sections: Sequence[Any] = []
        if _capability(self.client_capabilities, "workspace", "configuration"):
            items = [types.ConfigurationItem(section=SOURCE)]
            items += [types.ConfigurationItem(scope_uri=folder.as_uri(), section=SOURCE) for folder in folders]
            try:
                sections = await self.workspace_configuration_async(types.ConfigurationParams(items))
            except Exception as error:  # noqa: BLE001 - a client that cannot answer keeps its initial settings
                self.log(types.MessageType.Warning, f"loglint: workspace/configuration failed: {error}")
        default = _merged(self.initialization_options, *sections[:1])
        self.default_settings = self.parsed(default)
        self.folder_settings = {
            folder: self.parsed(_merged(default, section)) for folder, section in zip(folders, sections[1:])
        }

    def parsed(self, raw: Any) -> ClientSettings:
        settings, problems = client_settings(raw)
        for problem in problems:
            self.show(types.MessageType.Warning, problem)
        return settings

    # --- messages to the client ---------------------------------------------------------

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(kind, message))

    def show(self, kind: types.MessageType, message: str) -> None:
        """Show ``message`` to the user, and log it, once (again after the settings change)."""
        if message not in self.shown:
            self.shown.add(message)
            self.window_show_message(types.ShowMessageParams(kind, message))
            self.log(kind, message)


def cells_of(documents: Sequence[Optional[Document]]) -> Cells:
    """The code of a notebook's cells (None: not code), those of other languages left out."""
    return from_cells([document.text if document is not None and document.language_id == "python" else None for document in documents])


def _merged(*raws: Any) -> Dict[str, Any]:
    merged: Dict[str, Any] = {}
    for raw in raws:
        merged.update(raw if isinstance(raw, dict) else {})
    return merged


def _capability(capabilities: Any, *names: str) -> Any:
    for name in names:
        capabilities = getattr(capabilities, name, None)
    return capabilities


# --- handlers ---------------------------------------------------------------------------


def initialize(ls: LoglintServer, params: types.InitializeParams) -> None:
    encoding = ls.workspace.position_encoding or UTF16
    ls.documents = Documents(str(getattr(encoding, "value", encoding)))
    ls.pull = _capability(params.capabilities, "text_document", "diagnostic") is not None
    ls.initialization_options = params.initialization_options
    ls.default_settings = ls.parsed(_merged(params.initialization_options))


async def initialized(ls: LoglintServer, params: types.InitializedParams) -> None:
    if _capability(ls.client_capabilities, "workspace", "did_change_watched_files", "dynamic_registration"):
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=CONFIG_WATCHERS)
        registration = types.Registration(id="loglint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)
        try:
            await ls.client_register_capability_async(types.RegistrationParams([registration]))
        except Exception as error:  # noqa: BLE001 - without it, config changes are seen after a restart
            ls.log(types.MessageType.Warning, f"loglint: cannot watch the config files: {error}")
    await ls.refresh_settings()
    ls.relint_all()


def did_open(ls: LoglintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(ls.documents.open(params.text_document).uri, 0)


def did_change(ls: LoglintServer, params: types.DidChangeTextDocumentParams) -> None:
    document = ls.documents.change(params)
    if document is not None:
        ls.schedule(document.uri, ls.settings_of(ls.folder_of(document.path)).debounce_ms)


def did_save(ls: LoglintServer, params: types.DidSaveTextDocumentParams) -> None:
    if ls.documents.get(params.text_document.uri) is not None:
        ls.schedule(params.text_document.uri, 0)


def did_close(ls: LoglintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.cancel(uri)
    ls.documents.close(uri)
    ls.linted.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


def did_open_notebook(ls: LoglintServer, params: types.DidOpenNotebookDocumentParams) -> None:
    ls.schedule(ls.documents.open_notebook(params).uri, 0)


def did_change_notebook(ls: LoglintServer, params: types.DidChangeNotebookDocumentParams) -> None:
    notebook = ls.documents.change_notebook(params)
    structure = params.change.cells.structure if params.change.cells is not None else None
    for closed in (structure.did_close or []) if structure is not None else []:  # cells deleted
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(closed.uri, []))
    if notebook is not None:
        ls.schedule(notebook.uri, ls.settings_of(ls.folder_of(notebook.path)).debounce_ms)


def did_save_notebook(ls: LoglintServer, params: types.DidSaveNotebookDocumentParams) -> None:
    if ls.documents.notebook(params.notebook_document.uri) is not None:
        ls.schedule(params.notebook_document.uri, 0)


def did_close_notebook(ls: LoglintServer, params: types.DidCloseNotebookDocumentParams) -> None:
    uri = params.notebook_document.uri
    ls.cancel(uri)
    ls.linted_notebooks.pop(uri, None)
    for cell in ls.documents.close_notebook(uri):
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(cell, []))


def did_change_watched_files(ls: LoglintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(change.uri.rsplit("/", 1)[-1] in CONFIG_NAMES for change in params.changes):
        ls.projects.forget()
        ls.relint_all()


async def did_change_configuration(ls: LoglintServer, params: types.DidChangeConfigurationParams) -> None:
    await ls.refresh_settings()
    ls.relint_all()


async def did_change_workspace_folders(ls: LoglintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    await ls.refresh_settings()
    ls.relint_all()


def pull_diagnostics(ls: LoglintServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
    document = ls.documents.get(params.text_document.uri)
    if document is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    linted = ls.lint(document)
    result_id = linted.result_id
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=linted.diagnostics, result_id=result_id)


def code_action(ls: LoglintServer, params: types.CodeActionParams) -> Optional[List[types.CodeAction]]:
    uri = params.text_document.uri
    document = ls.documents.get(uri)
    if document is None:
        return None
    only = params.context.only
    linted = ls.lint(document)
    encoding = ls.documents.encoding
    cell = ls.cell_of(document)  # a notebook's cells, and which one this is
    fixes: List[types.CodeAction] = []
    disables: List[types.CodeAction] = []
    if actions.wanted(only, types.CodeActionKind.QuickFix):
        lines = set()
        for diagnostic in params.context.diagnostics:
            data = actions.fix_data(diagnostic, document.version)
            if data is None:
                continue
            fix = actions.quick_fix(uri, diagnostic, data, linted.unsafe_fixes)
            fixes += [fix] if fix is not None else []
            key = (diagnostic.code, diagnostic.range.start.line)
            if diagnostic.code != UNUSED_NOQA and key not in lines:  # LL001's own fix removes the code
                lines.add(key)
                if cell is None:
                    new_text: Optional[str] = actions.with_noqa(document.text, diagnostic)
                else:  # in the cell's code as linted (its IPython lines masked)
                    new_text = cell.cells.edit_cell(cell.number, partial(actions.with_noqa, diagnostic=diagnostic))
                disable = actions.disable_for_line(uri, document.text, new_text, diagnostic, encoding) if new_text is not None else None
                disables += [disable] if disable is not None else []
    if actions.wanted(only, actions.FIX_ALL) and linted.safe_fixes:
        fixed = ls.fixed(document, cell)
        if fixed is not None:
            disables.append(actions.fix_all(uri, document.text, fixed, encoding))
    return fixes + disables


def shutdown(ls: LoglintServer, params: None) -> None:
    ls.shut_down = True
    for uri in list(ls.pending):
        ls.cancel(uri)


def create_server() -> LoglintServer:
    server = LoglintServer()
    kinds = [types.CodeActionKind.QuickFix, actions.FIX_ALL]
    features: List[Any] = [
        (types.INITIALIZE, initialize, None),
        (types.INITIALIZED, initialized, None),
        (types.TEXT_DOCUMENT_DID_OPEN, did_open, None),
        (types.TEXT_DOCUMENT_DID_CHANGE, did_change, None),
        (types.TEXT_DOCUMENT_DID_SAVE, did_save, None),
        (types.TEXT_DOCUMENT_DID_CLOSE, did_close, None),
        (types.NOTEBOOK_DOCUMENT_DID_OPEN, did_open_notebook, None),
        (types.NOTEBOOK_DOCUMENT_DID_CHANGE, did_change_notebook, None),
        (types.NOTEBOOK_DOCUMENT_DID_SAVE, did_save_notebook, None),
        (types.NOTEBOOK_DOCUMENT_DID_CLOSE, did_close_notebook, None),
        (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, did_change_watched_files, None),
        (types.WORKSPACE_DID_CHANGE_CONFIGURATION, did_change_configuration, None),
        (types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS, did_change_workspace_folders, None),
        (types.TEXT_DOCUMENT_DIAGNOSTIC, pull_diagnostics, types.DiagnosticOptions(False, False, identifier=SOURCE)),
        (types.TEXT_DOCUMENT_CODE_ACTION, code_action, types.CodeActionOptions(code_action_kinds=kinds)),
        (types.SHUTDOWN, shutdown, None),
    ]
    for method, handler, options in features:
        server.feature(method, options)(handler)
    return server


def serve() -> int:
    """Serve one client over stdin and stdout; the exit status LSP asks for: 0 after ``shutdown``, else 1."""
    server = create_server()
    server.start_io()
    return 0 if server.shut_down else 1
