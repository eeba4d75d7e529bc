"""The documents the editor has open, with the text of its buffers: opened, changed,
closed. Every other part of the server reads documents here.

The client sends the whole text with each change (``TextDocumentSyncKind.Full``).
pygls's ranged changes go wrong on Python source: pygls finds their positions in lines
cut by ``str.splitlines``, which also breaks at form feeds (``^L``, common in older
code) and other characters LSP does not break lines at, and on the way moves a
position it thinks is past its line, in the message that then reaches this module.
A whole text has no positions to misread; lines are counted as LSP counts them where
positions are made (:mod:`loglint.server.encoding`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional

from lsprotocol import types
from pygls.uris import to_fs_path

PYTHON_SUFFIXES = (".py", ".pyi")


@dataclass
class Document:
    uri: str
    text: str
    version: Optional[int]
    language_id: str

    @property
    def path(self) -> Optional[Path]:
        """The file behind the buffer; None for an unsaved one (``untitled:``)."""
        path = to_fs_path(self.uri) if self.uri.startswith("file:") else None
        return Path(path) if path else None

    @property
    def is_python(self) -> bool:
        path = self.path
        return self.language_id == "python" or (path is not None and path.suffix in PYTHON_SUFFIXES)


class Documents:
    """The open documents by URI."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding  # the client's, for positions in this session
        self._open: Dict[str, Document] = {}

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
