"""``loglint server``: the real server, started as a subprocess, and a real LSP client over stdio
(pygls's LanguageClient, see tests/lsp_editor.py), doing what an editor does."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import List

import pytest
from lsp_editor import Editor, apply_edits, session, summary
from lsprotocol import types

from loglint.pages import RULE_URL

HEADER = "import logging\nlogger = logging.getLogger(__name__)\n"
# Line 3 (0-based 2): LL301, an unsafe fix; line 4: LL302, a safe fix; line 5: LL305, no fix.
SOURCE = HEADER + 'logger.info(f"user {name}")\nlogger.info("a %s" % (x,))\nlogger.info("b %s %s", y)\n'
FAST = {"debounce-ms": 50}


def loglint(args: List[str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "loglint", *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    (tmp_path / "app.py").write_text(SOURCE)
    return tmp_path


def test_a_session_as_an_editor_has_it(project: Path) -> None:
    """initialize, open, diagnostics, code actions, apply the edits, change, cleared diagnostics, close, shutdown."""
    path = project / "app.py"

    async def body(editor: Editor) -> None:
        result = await editor.start(project, options=FAST)
        caps = result.capabilities
        assert (caps.position_encoding, caps.text_document_sync.change) == ("utf-16", types.TextDocumentSyncKind.Full)
        assert list(caps.code_action_provider.code_action_kinds) == ["quickfix", "source.fixAll.loglint"]
        assert result.server_info.name == "loglint"

        uri = editor.open(path, SOURCE)
        published = await editor.diagnostics(uri)
        assert published.version == 1
        assert summary(published.diagnostics) == [(2, 12, 2, 26, "LL301"), (3, 12, 3, 25, "LL302"), (4, 12, 4, 21, "LL305")]
        first = published.diagnostics[0]
        assert (first.source, first.severity, first.code_description.href) == ("loglint", types.DiagnosticSeverity.Warning, RULE_URL.format(code="LL301"))
        assert first.message.startswith("f-string in logging call formats the message")

        actions = await editor.code_actions(uri, published.diagnostics)
        assert [(a.title, a.kind, a.is_preferred) for a in actions] == [
            ("loglint (LL302): Pass the values as logging arguments", "quickfix", True),
            ("Disable LL301 for this line", "quickfix", None),
            ("Disable LL302 for this line", "quickfix", None),
            ("Disable LL305 for this line", "quickfix", None),
            ("loglint: Fix all safe problems", "source.fixAll.loglint", None),
        ]
        assert [d.code for d in actions[0].diagnostics] == ["LL302"]

        # The quick fix, applied as the editor applies it, and the new text sent.
        assert editor.edit(uri, 2, actions[0].edit.changes[uri]) == SOURCE.replace('"a %s" % (x,)', '"a %s", x')
        published = await editor.diagnostics(uri)
        assert (published.version, summary(published.diagnostics)) == (2, [(2, 12, 2, 26, "LL301"), (4, 12, 4, 21, "LL305")])

        # Stale diagnostics (of version 1) get no actions: their edits no longer apply.
        assert await editor.code_actions(uri, actions[0].diagnostics) == []

        # Disable the other two for their lines: cleared diagnostics.
        actions = await editor.code_actions(uri, published.diagnostics)
        assert [a.title for a in actions] == ["Disable LL301 for this line", "Disable LL305 for this line"]
        text = editor.edit(uri, 3, [edit for action in actions for edit in action.edit.changes[uri]])
        assert text.splitlines()[2:] == [
            'logger.info(f"user {name}")  # noqa: LL301', 'logger.info("a %s", x)', 'logger.info("b %s %s", y)  # noqa: LL305'
        ]
        published = await editor.diagnostics(uri)
        assert (published.version, list(published.diagnostics)) == (3, [])

        editor.close(uri)
        published = await editor.diagnostics(uri)
        assert (published.version, list(published.diagnostics)) == (None, [])
        assert await editor.stop() == 0

    editor = session(body)
    assert [m.message for m in editor.shown] == []


def test_changes_are_debounced_per_document(project: Path) -> None:
    async def body(editor: Editor) -> None:
        await editor.start(project, options={"debounce-ms": 300})
        uri = editor.open(project / "app.py", SOURCE)
        assert len((await editor.diagnostics(uri)).diagnostics) == 3
        for version, line in ((2, 2), (3, 3), (4, 4)):  # typing: three changes in a row
            blank = types.TextEdit(types.Range(types.Position(line, 0), types.Position(line + 1, 0)), "\n")
            editor.edit(uri, version, [blank])
        published = await editor.diagnostics(uri)  # one lint, of the last version
        assert (published.version, list(published.diagnostics)) == (4, [])
        editor.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
        assert (await editor.diagnostics(uri)).version == 4  # saving lints at once
        assert editor.queue(uri).empty()
        assert await editor.stop() == 0

    session(body)


@pytest.mark.parametrize(
    ("offered", "negotiated", "columns"),
    [
        (None, "utf-16", (23, 32)),
        (["utf-8"], "utf-8", (26, 35)),
        (["utf-32", "utf-16"], "utf-32", (22, 31)),
        (["utf-16"], "utf-16", (23, 32)),
    ],
)
def test_positions_in_the_negotiated_encoding(tmp_path: Path, offered: List[str], negotiated: str, columns: tuple) -> None:
    """Non-ASCII before the finding: é is 1 UTF-16 unit and 2 UTF-8 bytes, 😀 2 units and 4 bytes."""
    source = HEADER + 'x = "é😀"; logger.info(f"hi {x}")\n'
    capabilities = types.ClientCapabilities(general=types.GeneralClientCapabilities(position_encodings=offered))

    async def body(editor: Editor) -> None:
        result = await editor.start(tmp_path, capabilities=capabilities, options={**FAST, "unsafe-fixes": True})
        assert result.capabilities.position_encoding == negotiated
        uri = editor.open(tmp_path / "app.py", source)
        published = await editor.diagnostics(uri)
        assert summary(published.diagnostics) == [(2, columns[0], 2, columns[1], "LL301")]
        # The fix's edit is in the same units: applied, it replaces exactly the f-string.
        [fix] = [a for a in await editor.code_actions(uri, published.diagnostics) if not a.title.startswith("Disable")]
        assert editor.edit(uri, 2, fix.edit.changes[uri]).splitlines()[2] == 'x = "é😀"; logger.info("hi %s", x)'
        assert list((await editor.diagnostics(uri)).diagnostics) == []
        assert await editor.stop() == 0

    session(body)


def test_a_form_feed_is_no_line_break(tmp_path: Path) -> None:
    """LSP breaks lines at \\n, \\r\\n and \\r only, not at a form feed (^L) as str.splitlines does."""
    source = HEADER + "\x0c\n" + 'logger.info(f"{x}")\n'

    async def body(editor: Editor) -> None:
        await editor.start(tmp_path, options=FAST)
        uri = editor.open(tmp_path / "app.py", source)
        published = await editor.diagnostics(uri)
        assert summary(published.diagnostics) == [(3, 12, 3, 18, "LL301")]
        [disable] = await editor.code_actions(uri, published.diagnostics)
        [edit] = disable.edit.changes[uri]
        assert (edit.range.start.line, edit.range.end.line, edit.new_text) == (3, 4, 'logger.info(f"{x}")  # noqa: LL301\n')
        assert await editor.stop() == 0

    session(body)


def test_pulled_diagnostics_when_the_client_pulls(project: Path) -> None:
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities()),
        workspace=types.WorkspaceClientCapabilities(diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)),
    )

    async def body(editor: Editor) -> None:
        result = await editor.start(project, capabilities=capabilities, options=FAST)
        assert result.capabilities.diagnostic_provider.identifier == "loglint"
        uri = editor.open(project / "app.py", SOURCE)
        report = await editor.pull(uri)
        assert (report.kind, summary(report.items)) == ("full", [(2, 12, 2, 26, "LL301"), (3, 12, 3, 25, "LL302"), (4, 12, 4, 21, "LL305")])
        unchanged = await editor.pull(uri, previous=report.result_id)
        assert (unchanged.kind, unchanged.result_id) == ("unchanged", report.result_id)
        editor.change(uri, 2, HEADER)
        report = await editor.pull(uri, previous=report.result_id)
        assert (report.kind, list(report.items)) == ("full", [])
        assert editor.queue(uri).empty()  # nothing pushed to a client that pulls
        # A config file changed: the client is asked to pull again, and gets the new findings.
        editor.change(uri, 3, SOURCE)
        previous = (await editor.pull(uri)).result_id
        (project / "pyproject.toml").write_text('[tool.loglint]\nselect = ["LL305"]\n')
        change = types.FileEvent((project / "pyproject.toml").as_uri(), types.FileChangeType.Changed)
        editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([change]))
        while editor.refreshes == 0:
            await asyncio.sleep(0.01)
        report = await editor.pull(uri, previous=previous)
        assert (report.kind, summary(report.items)) == ("full", [(4, 12, 4, 21, "LL305")])
        assert await editor.stop() == 0

    session(body)


def test_a_document_that_does_not_parse_is_ll000(project: Path) -> None:
    async def body(editor: Editor) -> None:
        await editor.start(project, options=FAST)
        uri = editor.open(project / "app.py", HEADER + "logger.info(\n")
        published = await editor.diagnostics(uri)
        [error] = published.diagnostics
        assert (error.code, error.severity, error.source) == ("LL000", types.DiagnosticSeverity.Error, "loglint")
        assert error.message.startswith("syntax error: ")
        assert await editor.code_actions(uri, published.diagnostics) == []
        editor.change(uri, 2, SOURCE)
        assert len((await editor.diagnostics(uri)).diagnostics) == 3
        assert await editor.stop() == 0

    session(body)


def test_loggers_of_other_modules_through_the_project_index(project: Path) -> None:
    """As in the CLI: a logger imported from the project's own module has its library;
    a change to that module, once saved, counts from the next lint."""
    (project / "app").mkdir()
    (project / "app/__init__.py").write_text("")
    (project / "app/log.py").write_text("from loguru import logger\n")
    text = "from app.log import logger\nlogger.info('value %s', 1)\n"

    async def body(editor: Editor) -> None:
        await editor.start(project, options=FAST)
        uri = editor.open(project / "job.py", text)
        assert [d.code for d in (await editor.diagnostics(uri)).diagnostics] == ["LL306"]  # %s on loguru
        (project / "app/log.py").write_text("import logging\nlogger = logging.getLogger('app')\n")
        editor.change(uri, 2, text + "\n")
        assert list((await editor.diagnostics(uri)).diagnostics) == []  # %s is right for logging
        assert await editor.stop() == 0

    session(body)


def test_fix_all_applies_the_safe_fixes_as_fix_does(project: Path) -> None:
    source = HEADER + 'logger.info("a %s" % (x,))\nlogger.info(f"user {name}")\nlogger.debug("n: " + str(n))\n'

    async def body(editor: Editor) -> None:
        await editor.start(project, options=FAST)
        uri = editor.open(project / "app.py", source)
        await editor.diagnostics(uri)
        [fix_all] = await editor.code_actions(uri, [], only=["source.fixAll"])
        assert (fix_all.title, fix_all.kind) == ("loglint: Fix all safe problems", "source.fixAll.loglint")
        edits = fix_all.edit.changes[uri]
        assert [(e.range.start.line, e.range.end.line) for e in edits] == [(2, 3), (4, 5)]  # only the lines that change
        fixed = apply_edits(source, edits)
        cli = loglint(["-", "--fix", "--stdin-filename", "app.py", "--no-cache"], project, stdin=source)
        assert fixed == cli.stdout
        assert await editor.code_actions(uri, [], only=["refactor"]) == []
        editor.edit(uri, 2, edits)
        assert summary((await editor.diagnostics(uri)).diagnostics) == [(3, 12, 3, 26, "LL301")]
        assert await editor.code_actions(uri, [], only=["source.fixAll.loglint"]) == []  # nothing safe left
        assert await editor.stop() == 0

    session(body)


def test_disable_for_this_line_is_the_add_noqa_edit(project: Path) -> None:
    """Merged into the line's noqa, after its other comments; after the closing quotes of a multi-line string."""
    source = HEADER + 'logger.info("a %s" % (x,)); logger.debug(f"{y} z")  # type: ignore  # noqa: E501\nlogger.info(f"""{x}\n""")\n'

    async def body(editor: Editor) -> None:
        await editor.start(project, options=FAST)
        uri = editor.open(project / "app.py", source)
        published = await editor.diagnostics(uri)
        assert [d.code for d in published.diagnostics] == ["LL302", "LL301", "LL301"]
        actions = await editor.code_actions(uri, published.diagnostics)
        disables = {a.title: a.edit.changes[uri] for a in actions if a.title.startswith("Disable")}
        assert list(disables) == ["Disable LL302 for this line", "Disable LL301 for this line"]
        by_line = [a for a in actions if a.title == "Disable LL301 for this line"]
        assert [a.diagnostics[0].range.start.line for a in by_line] == [2, 3]  # one per line and code
        disabled = {
            "LL302": apply_edits(source, disables["Disable LL302 for this line"]),
            "LL301": apply_edits(source, [edit for action in by_line for edit in action.edit.changes[uri]]),
        }
        assert await editor.stop() == 0
        for code, text in disabled.items():
            (project / "app.py").write_text(source)
            cli = loglint(["--add-noqa", "--no-cache", "--select", code, "app.py"], project)
            assert cli.returncode == 0, cli.stderr
            assert text == (project / "app.py").read_text()
        assert disabled["LL301"].splitlines()[2:] == [
            'logger.info("a %s" % (x,)); logger.debug(f"{y} z")  # type: ignore  # noqa: E501, LL301',
            'logger.info(f"""{x}',
            '""")  # noqa: LL301',
        ]

    session(body)


def test_unsafe_fixes_only_when_enabled_and_named_so(project: Path) -> None:
    async def body(editor: Editor) -> None:
        await editor.start(project, options={**FAST, "unsafe-fixes": True, "severity": "information", "ignore": ["LL305"]})
        uri = editor.open(project / "app.py", SOURCE)
        published = await editor.diagnostics(uri)
        assert [(d.code, d.severity) for d in published.diagnostics] == [
            ("LL301", types.DiagnosticSeverity.Information), ("LL302", types.DiagnosticSeverity.Information)
        ]
        actions = await editor.code_actions(uri, published.diagnostics)
        assert [(a.title, a.is_preferred) for a in actions][:2] == [
            ("loglint (LL301): Pass the values as logging arguments (unsafe fix)", False),
            ("loglint (LL302): Pass the values as logging arguments", True),
        ]
        assert apply_edits(SOURCE, actions[0].edit.changes[uri]).splitlines()[2] == 'logger.info("user %s", name)'
        # source.fixAll applies the safe ones only, whatever the settings say.
        [fix_all] = await editor.code_actions(uri, [], only=["source.fixAll"])
        assert apply_edits(SOURCE, fix_all.edit.changes[uri]) == SOURCE.replace('"a %s" % (x,)', '"a %s", x')
        assert await editor.stop() == 0

    session(body)


def test_settings_per_folder_from_the_config_files_and_the_client(tmp_path: Path) -> None:
    """Two workspace folders: one with a config (per-file-ignores, exclude), one without;
    workspace/configuration narrows the selection of the second; a config file change is seen."""
    one, two = tmp_path / "one", tmp_path / "two"
    (one / "tests").mkdir(parents=True)
    (one / "generated").mkdir()
    two.mkdir()
    config = '[tool.loglint]\nper-file-ignores = { "tests/**" = ["LL301"] }\nextend-exclude = ["generated"]\n'
    (one / "pyproject.toml").write_text(config)
    configuration = {None: {"severity": "error"}, two.as_uri(): {"select": ["LL302"]}}

    async def body(editor: Editor) -> None:
        watched = types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        capabilities = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(configuration=True, did_change_watched_files=watched))
        await editor.start(tmp_path, capabilities=capabilities, options=FAST, folders=[one, two])
        await editor.settings_applied()
        [registration] = editor.registrations
        assert registration.method == "workspace/didChangeWatchedFiles"
        assert [w["globPattern"] for w in registration.register_options["watchers"]] == ["**/.loglint.toml", "**/loglint.toml", "**/pyproject.toml"]

        def codes(published: types.PublishDiagnosticsParams) -> List[tuple]:
            return [(d.code, d.severity) for d in published.diagnostics]

        error = types.DiagnosticSeverity.Error
        plain, in_tests, generated, other = one / "app.py", one / "tests" / "test_app.py", one / "generated" / "app.py", two / "app.py"
        uris = [editor.open(path, SOURCE) for path in (plain, in_tests, generated, other)]
        found = [codes(await editor.diagnostics(uri)) for uri in uris]
        assert found == [
            [("LL301", error), ("LL302", error), ("LL305", error)],
            [("LL302", error), ("LL305", error)],
            [],
            [("LL302", error)],
        ]
        (one / "pyproject.toml").write_text('[tool.loglint]\nignore = ["LL301"]\n')
        change = types.FileEvent((one / "pyproject.toml").as_uri(), types.FileChangeType.Changed)
        editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([change]))
        found = [codes(await editor.diagnostics(uri)) for uri in uris]
        assert found == [[("LL302", error), ("LL305", error)]] * 3 + [[("LL302", error)]]
        configuration[two.as_uri()] = {"select": ["LL305"], "severity": "hint"}
        editor.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        found = [codes(await editor.diagnostics(uri)) for uri in uris]
        assert found == [[("LL302", error), ("LL305", error)]] * 3 + [[("LL305", types.DiagnosticSeverity.Hint)]]
        assert await editor.stop() == 0

    session(body, configuration)


def test_bad_settings_are_shown_once_and_left_out(project: Path) -> None:
    async def body(editor: Editor) -> None:
        await editor.start(project, options={**FAST, "select": ["LL9"], "severity": "loud", "colour": 1})
        uri = editor.open(project / "app.py", SOURCE)
        assert len((await editor.diagnostics(uri)).diagnostics) == 3
        (project / "pyproject.toml").write_text("[tool.loglint]\nselect = 3\n")
        change = types.FileEvent((project / "pyproject.toml").as_uri(), types.FileChangeType.Changed)
        editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([change]))
        assert list((await editor.diagnostics(uri)).diagnostics) == []
        assert await editor.stop() == 0

    editor = session(body)
    valid = "select, extend-select, ignore, unsafe-fixes, severity, debounce-ms"
    prefixes = "ALL, LL0, LL1, LL2, LL3, LL4, LL5, LL6"
    assert [(m.type, m.message) for m in editor.shown] == [
        (types.MessageType.Warning, f"loglint setting 'select': unknown rule code or prefix 'LL9'; valid prefixes include {prefixes}"),
        (types.MessageType.Warning, "loglint setting 'severity': must be one of error, warning, information, hint"),
        (types.MessageType.Warning, f"loglint setting 'colour': unknown setting; valid settings: {valid}"),
        (types.MessageType.Error, f"loglint: {project / 'pyproject.toml'}: tool.loglint.select must be an array of strings, got an integer (3)"),
    ]


def test_a_rule_error_is_logged_and_the_server_keeps_serving(project: Path) -> None:
    """A rule that raises (patched in the server process) fails its document, not the server."""
    boom = textwrap.dedent(
        """
        import sys
        from loglint.rules.formatting import FStringInLog
        def visit(self, *args, **kwargs):
            raise RuntimeError("boom")
        FStringInLog.check_call = visit
        from loglint.__main__ import run
        sys.argv = ["loglint", "server"]
        run()
        """
    )

    async def body(editor: Editor) -> None:
        await editor.start(project, options=FAST, command=["-c", boom])
        uri = editor.open(project / "app.py", SOURCE)
        assert list((await editor.diagnostics(uri)).diagnostics) == []
        [logged] = [m for m in editor.logged if m.type == types.MessageType.Error]
        assert logged.message.startswith(f"loglint: internal error in {project / 'app.py'}: RuntimeError: boom; please report this")
        broken = editor.open(project / "broken.py", "logger.info(\n")
        assert [d.code for d in (await editor.diagnostics(broken)).diagnostics] == ["LL000"]
        editor.client.exit(None)  # exit without shutdown: status 1, as LSP says
        assert await editor.wait_exit() == 1

    session(body)


def test_server_without_the_lsp_extra_says_how_to_install_it(tmp_path: Path) -> None:
    hide = "import sys; sys.modules['pygls'] = None; sys.argv = ['loglint', 'server']; from loglint.__main__ import run; run()"
    result = subprocess.run([sys.executable, "-c", hide], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "loglint: error: `loglint server` needs pygls: pip install 'loglint[lsp]'\n")
    help_text = loglint(["server", "--help"], tmp_path).stdout
    assert "Run the language server (LSP) over stdin and stdout, for editors." in help_text


def test_the_cli_names_the_server(tmp_path: Path) -> None:
    assert "server  Run the language server (LSP)" in loglint(["--help"], tmp_path).stdout
