"""An editor for the server tests: pygls's LanguageClient talking to a real ``loglint server``
process over stdio, recording what the server sends and applying edits as an editor does.

Positions are converted here independently of the server's own code: the test texts
break lines with ``\\n`` only, and a column is the length of the line's prefix encoded.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 20  # seconds for any one answer: generous, for a loaded machine


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def offset(text: str, position: types.Position, encoding: str) -> int:
    """The code point offset of an LSP position in ``text``."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    column = next((i for i in range(len(line) + 1) if units(line[:i], encoding) >= position.character), len(line))
    return start + column


def apply_edits(text: str, edits: Sequence[types.TextEdit], encoding: str = "utf-16") -> str:
    """``text`` after non-overlapping edits, applied last first as an editor does."""
    spans = sorted(((offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


class Editor:
    """One client and its server process; ``published[uri]`` queues the pushed diagnostics."""

    def __init__(self, configuration: Optional[Dict[str, Any]] = None) -> None:
        self.client = LanguageClient("loglint-tests", "1")
        self.published: Dict[str, asyncio.Queue[types.PublishDiagnosticsParams]] = {}
        self.logged: List[types.LogMessageParams] = []
        self.shown: List[types.ShowMessageParams] = []
        self.registrations: List[types.Registration] = []
        self.configuration = configuration or {}  # scope URI (None: global) -> the "loglint" section
        self.configuration_requests = 0
        self.refreshes = 0  # workspace/diagnostic/refresh requests
        self.capabilities: Optional[types.ServerCapabilities] = None
        self.texts: Dict[str, str] = {}  # the buffers, by URI
        self.returncode: Optional[int] = None
        client = self.client

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.queue(params.uri).put_nowait(params)

        @client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            self.logged.append(params)

        @client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(params: types.ShowMessageParams) -> None:
            self.shown.append(params)

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

        @client.feature(types.WORKSPACE_DIAGNOSTIC_REFRESH)
        def refresh(params: None) -> None:
            self.refreshes += 1

        @client.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> List[Any]:
            self.configuration_requests += 1
            return [self.configuration.get(item.scope_uri) for item in params.items]

    def queue(self, uri: str) -> asyncio.Queue[types.PublishDiagnosticsParams]:
        return self.published.setdefault(uri, asyncio.Queue())

    async def start(
        self,
        root: Path,
        *,
        capabilities: Optional[types.ClientCapabilities] = None,
        options: Any = None,
        folders: Optional[Sequence[Path]] = None,
        command: Sequence[str] = ("-m", "loglint", "server"),
    ) -> types.InitializeResult:
        await self.client.start_io(sys.executable, *command, cwd=str(root))
        workspace_folders = [types.WorkspaceFolder(folder.as_uri(), folder.name) for folder in (folders or [root])]
        params = types.InitializeParams(
            capabilities=capabilities or types.ClientCapabilities(),
            root_uri=root.as_uri(),
            workspace_folders=workspace_folders,
            initialization_options=options,
        )
        result = await asyncio.wait_for(self.client.initialize_async(params), TIMEOUT)
        self.capabilities = result.capabilities
        self.client.initialized(types.InitializedParams())
        return result

    async def stop(self) -> int:
        """``shutdown`` and ``exit``, as an editor ends a session; the server's exit status."""
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        return await self.wait_exit()

    async def wait_exit(self) -> int:
        server = self.client._server
        assert server is not None
        self.returncode = await asyncio.wait_for(server.wait(), TIMEOUT)
        await self.client.stop()
        return self.returncode

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.as_uri()
        self.texts[uri] = text
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", version, text)))
        return uri

    def change(self, uri: str, version: int, text: str) -> None:
        """The buffer now holds ``text``: sent whole, as the server asks."""
        self.texts[uri] = text
        identifier = types.VersionedTextDocumentIdentifier(version=version, uri=uri)
        change = types.TextDocumentContentChangeWholeDocument(text)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(identifier, [change]))

    def edit(self, uri: str, version: int, edits: Sequence[types.TextEdit]) -> str:
        """Apply ``edits`` to the buffer as the editor does, and tell the server; the new text."""
        assert self.capabilities is not None
        self.change(uri, version, apply_edits(self.texts[uri], edits, str(self.capabilities.position_encoding)))
        return self.texts[uri]

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))

    async def diagnostics(self, uri: str) -> types.PublishDiagnosticsParams:
        """The next diagnostics pushed for ``uri``."""
        return await asyncio.wait_for(self.queue(uri).get(), TIMEOUT)

    async def code_actions(
        self, uri: str, diagnostics: Sequence[types.Diagnostic], only: Optional[List[str]] = None
    ) -> List[types.CodeAction]:
        whole = types.Range(types.Position(0, 0), types.Position(10_000, 0))
        params = types.CodeActionParams(types.TextDocumentIdentifier(uri), whole, types.CodeActionContext(list(diagnostics), only=only))
        found = await asyncio.wait_for(self.client.text_document_code_action_async(params), TIMEOUT)
        return [action for action in found or [] if isinstance(action, types.CodeAction)]

    async def pull(self, uri: str, previous: Optional[str] = None) -> types.DocumentDiagnosticReport:
        params = types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri), previous_result_id=previous)
        return await asyncio.wait_for(self.client.text_document_diagnostic_async(params), TIMEOUT)

    async def settings_applied(self) -> None:
        """Wait until the server has asked for the settings and used the answer (a request
        after it is answered after that)."""
        while self.configuration_requests == 0:
            await asyncio.sleep(0.01)
        await self.pull("file:///nothing-open.py")


def session(body: Callable[[Editor], Awaitable[None]], configuration: Optional[Dict[str, Any]] = None) -> Editor:
    """Run ``body`` with a fresh editor in a fresh event loop; the editor, for what it recorded."""
    editor = Editor(configuration)

    async def main() -> None:
        try:
            await body(editor)
        finally:
            server = editor.client._server
            if server is not None and server.returncode is None:
                server.kill()
                await server.wait()

    asyncio.run(main())
    return editor


def summary(diagnostics: Sequence[types.Diagnostic]) -> List[tuple]:
    """``[(start line, start character, end line, end character, code), ...]`` of diagnostics, 0-based as LSP."""
    return [(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code) for d in diagnostics]
