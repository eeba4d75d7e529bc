"""``loglint server``: a language server (LSP) over stdio, built on pygls (the ``lsp`` extra).

- :mod:`~loglint.server.app`: what each LSP message does (the protocol glue);
- :mod:`~loglint.server.documents`: the open documents, kept in step with the editor;
- :mod:`~loglint.server.projects`: which settings and engine lint a document, per config file;
- :mod:`~loglint.server.diagnostics`: findings as diagnostics, with their fixes in ``data``;
- :mod:`~loglint.server.actions`: quick fixes, "Disable for this line" and ``source.fixAll``;
- :mod:`~loglint.server.encoding`: positions in the client's encoding (UTF-16, UTF-8, UTF-32).
"""
