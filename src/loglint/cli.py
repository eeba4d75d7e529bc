"""The ``loglint`` command line.

``loglint [OPTIONS] [PATHS]...`` is ``loglint check``; ``loglint rule CODE`` prints a
rule's page. Exit codes: 0 nothing left to report, 1 findings remain, 2 usage,
configuration or internal errors.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, NoReturn, Optional, Sequence, Tuple, Union

import click

from loglint import __version__
from loglint.cache import ResultCache, cache_folder, settings_key
from loglint.catalog import CATALOG, SPECS, RuleSpec
from loglint.config import ConfigError, file_tables, resolve_selection, split_config_args, unmatched_per_file_ignores
from loglint.discovery import DiscoveredFile, discover, is_excluded
from loglint.findings import FileError, FileResult
from loglint.hierarchy import SettingsTree
from loglint.loggers.index import ProjectIndex, index_root
from loglint.loggers.store import FactStore
from loglint.output import FORMATS, STATISTICS_FORMATS, Report, RuleMeta, render
from loglint.output.common import printable
from loglint.pages import RULE_URL, description, page_text, summary
from loglint.progress import Progress
from loglint.progress import wanted as progress_wanted
from loglint.registry import rule_infos
from loglint.rules.production_files import CONFIG_CODES, in_production_paths, is_config_file, production_globs
from loglint.runner import RunOptions, lint_stdin, relative_path, run_files
from loglint.settings import Settings
from loglint.show import COMMAND_LINE, files_report, fixes_report, loggers_report, settings_report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
BUG_REPORT = "please report this at https://github.com/loglint/loglint/issues"


class _DefaultToCheck(click.Group):
    """A group whose default subcommand is ``check``: ``loglint src/`` == ``loglint check src/``.

    A first word that looks like a command (``chek``, ``version``) and is no existing
    path is a mistyped command, not a path to check.
    """

    def parse_args(self, ctx: click.Context, args: List[str]) -> List[str]:
        if not args or (args[0] not in self.commands and args[0] not in _GROUP_OPTIONS):
            if args and _COMMAND_WORD.fullmatch(args[0]) and not os.path.lexists(args[0]):
                _fail(_unknown_command(args[0], list(self.commands)))
            args = ["check", *args]
        return super().parse_args(ctx, args)


_GROUP_OPTIONS = ("--help", "-h", "--version")
_COMMAND_WORD = re.compile(r"[a-z][a-z0-9-]*")


def _unknown_command(word: str, commands: Sequence[str]) -> str:
    """``word`` is neither a command nor a path: the message, with the nearest command or option."""
    names = {name.lstrip("-"): name for name in [*commands, "--version", "--help"]}
    close = difflib.get_close_matches(word, list(names), n=1)
    hint = f"did you mean `loglint {names[close[0]]}`?" if close else f"the commands are {', '.join(commands)}"
    return f"unknown command {word!r}, and no such path; {hint}"


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="loglint")
def main() -> None:
    """loglint: a linter for logging in Python (logging, loguru, structlog).

    Run `loglint check --help` for the checking options; `loglint PATHS` is `loglint check PATHS`.
    """


def _codes(value: Optional[str]) -> Optional[Tuple[str, ...]]:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--fix/--no-fix", default=None, help="Apply safe fixes.")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also apply fixes that may change behaviour.")
@click.option("--diff", is_flag=True, help="Print the diff of the fixes instead of writing them.")
@click.option("--select", help="Comma-separated codes or prefixes to enable (replaces the default set).")
@click.option("--extend-select", help="Codes or prefixes to enable on top of the selection.")
@click.option("--ignore", help="Codes or prefixes to disable.")
@click.option("--output-format", type=click.Choice(FORMATS), default=None, help="How to print findings.")
@click.option("--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file.")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of each finding.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain.")
@click.option("--config", "config_args", multiple=True, metavar="PATH | KEY = VALUE",
              help="Use this configuration file for every file; or override one setting (TOML, as in the file; repeatable).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--stdin-filename", help="The name of the file read from stdin (with `-` as the path).")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of CPUs).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", help="Where to keep the result cache (default: .loglint_cache at the project root; also LOGLINT_CACHE_DIR).")
@click.option("--add-noqa", is_flag=True, help="Add `# noqa: CODE` comments to silence every finding (adopt loglint now, fix later).")
@click.option("--show-fixes", is_flag=True, help="With --fix: list the fixes applied, per file and code.")
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and why others are excluded.")
@click.option("--show-settings", is_flag=True, help="Print the settings that check the first path (default: the current folder) and where each comes from.")
@click.option("--force-exclude", is_flag=True, help="Apply exclude/extend-exclude to files named on the command line too.")
@click.option("--extension", "extensions", multiple=True, metavar="EXT", help="Also check files ending in .EXT in folders walked (repeatable).")
@click.option("--show-loggers", is_flag=True, help="For each logging call: its receiver, its library and how loglint knows (or `unknown`).")
def check(
    paths: Tuple[str, ...],
    fix: Optional[bool],
    unsafe_fixes: Optional[bool],
    diff: bool,
    select: Optional[str],
    extend_select: Optional[str],
    ignore: Optional[str],
    output_format: Optional[str],
    output_file: Optional[Path],
    statistics: bool,
    exit_zero: bool,
    config_args: Tuple[str, ...],
    isolated: bool,
    stdin_filename: Optional[str],
    quiet: bool,
    jobs: Optional[int],
    no_cache: bool,
    cache_dir: Optional[str],
    add_noqa: bool,
    show_fixes: bool,
    show_files: bool,
    show_settings: bool,
    force_exclude: bool,
    extensions: Tuple[str, ...],
    show_loggers: bool,
) -> None:
    """Check PATHS (files or folders; default `.`) for logging problems."""
    overrides: Dict[str, Any] = {}
    for key, value in (("select", _codes(select)), ("extend_select", _codes(extend_select)), ("ignore", _codes(ignore))):
        if value is not None:
            overrides[key] = value
    for key, flag in (("fix", fix), ("unsafe_fixes", unsafe_fixes), ("output_format", output_format)):
        if flag is not None:
            overrides[key] = flag
    if extensions:
        overrides["extend_include"] = tuple(_extension_glob(extension) for extension in extensions)
    given = {key.replace("_", "-"): COMMAND_LINE for key in overrides}
    if "output_format" not in overrides and os.environ.get("LOGLINT_OUTPUT_FORMAT"):
        overrides["output_format"] = os.environ["LOGLINT_OUTPUT_FORMAT"]
        given["output-format"] = "LOGLINT_OUTPUT_FORMAT"
    # The run's own settings (output format, stdin) are those of the first path named.
    first = stdin_filename if paths == ("-",) else paths[0] if paths else None
    try:
        config_path, inline = split_config_args(config_args, Path.cwd())
        tree = SettingsTree(Path.cwd(), rule_infos(), config_path=config_path, isolated=isolated, inline=inline, overrides=overrides)
        settings = tree.for_path(Path(first)) if first else tree.default
    except ConfigError as error:
        _fail(str(error))
    if show_settings:
        try:
            tables = file_tables(settings.config_path) if settings.config_path else []
        except ConfigError as error:
            _fail(str(error))
        given = {**{key: "--config" for table in inline for key in _dotted_keys(table)}, **given}
        _emit(settings_report(settings, tables, given) + ("\n" if show_files else ""))  # then the files
        if not show_files:
            sys.exit(EXIT_CLEAN)
    if add_noqa and (fix or diff or paths == ("-",)):
        _fail("--add-noqa cannot be used with --fix, --diff or stdin")
    if statistics and diff:
        _fail("--statistics cannot be used with --diff")
    if statistics and settings.output_format not in STATISTICS_FORMATS:
        formats = ", ".join(STATISTICS_FORMATS)
        _fail(f"--statistics cannot be used with output format {settings.output_format} (it can with {formats})")
    if show_loggers and (fix or diff or add_noqa):
        _fail("--show-loggers cannot be used with --fix, --diff or --add-noqa")
    def options_of(settings: Settings) -> RunOptions:
        fixes = (settings.fix or diff) and not show_loggers
        return RunOptions(fix=fixes, unsafe_fixes=settings.unsafe_fixes, write=not diff, jobs=jobs, show_loggers=show_loggers)

    options = options_of(settings)
    caching = not (no_cache or show_loggers)
    path_errors: List[str] = []
    if paths == ("-",):
        folder = cache_folder(settings, cache_dir) if caching else None
        root = index_root(settings.config_path, [stdin_filename or "."], Path.cwd())
        index = ProjectIndex(root, FactStore(folder, root))
        display = stdin_filename or "-"
        data = sys.stdin.buffer.read()
        # Excluded: nothing to report, and with --fix the source as it came (what ruff does).
        skip = force_exclude and stdin_filename is not None and is_excluded(Path.cwd() / stdin_filename, settings)
        results = [] if skip else [lint_stdin(data, display, settings, options, index)]
        if settings.fix and not diff:
            fixed = results[0].fixed_source if results else None
            _emit(fixed if fixed is not None else data)
            _report(results, settings, statistics, quiet, to_stderr=True, output_file=output_file)
            sys.exit(_exit_code(results, [], exit_zero))
    else:
        skipped: List[Tuple[str, str]] = []
        config_globs = _ConfigGlobs()
        try:
            files, path_errors = discover(
                list(paths) or ["."], settings, Path.cwd(), settings_for=tree.for_folder, force_exclude=force_exclude,
                on_skip=(lambda path, reason: skipped.append((path, reason))) if show_files else None,
                accept=config_globs.accept,
            )
            groups = _groups(files, tree)
        except ConfigError as error:  # a config file met in the walk
            _fail(str(error))
        if force_exclude:  # pre-commit names every YAML/TOML/JSON file: keep those LL501 checks
            groups = [(group, _production_configs_only(found, group, config_globs.of(group), skipped.append if show_files else None))
                      for group, found in groups]
            files = [file for _, found in groups for file in found]
        for group, found in groups:
            if _walks_project(paths, group.project_root):
                relpaths = [relative_path(file.path, group.project_root) for file in found]
                for glob in unmatched_per_file_ignores(group, relpaths):
                    click.echo(f"loglint: warning: per-file-ignores: {printable(repr(glob))} matches no file checked", err=True)
        if show_files:
            _show_files(sorted(files, key=lambda file: file.display), skipped, path_errors)
        runs = [_Run(group, found, options_of(group), caching, cache_dir, paths) for group, found in groups]
        if add_noqa:
            _add_noqa(runs, jobs, path_errors)
        stream = sys.stderr
        results = []
        with Progress(len(files), stream) as progress:
            for run in runs:
                tracker = _offset(progress.update, len(results)) if progress_wanted(stream) else None
                results += run_files(run.files, run.settings, run.options, _triggers(run.settings), run.cache, tracker,
                                     config_globs.of(run.settings), run.index)
        if len(runs) > 1:
            results.sort(key=lambda result: result.path)
    for message in path_errors:
        click.echo(f"loglint: error: {message}", err=True)
    if show_loggers:
        _show_loggers(results, settings, path_errors)
    if diff:
        text = "".join(_diff(result) for result in results)
        _emit(text, output_file)
        sys.exit(EXIT_FINDINGS if text and not exit_zero else _exit_code([], path_errors, True))
    _report(results, settings, statistics, quiet, to_stderr=False, output_file=output_file, path_errors=len(path_errors))
    if show_fixes and options.fix:
        machine = settings.output_format not in ("text", "concise", "full") and output_file is None
        _emit(fixes_report(results), err=machine)
    sys.exit(_exit_code(results, path_errors, exit_zero))


class _Run:
    """The files one configuration checks, with the cache and the project index of its project."""

    def __init__(
        self, settings: Settings, files: List[DiscoveredFile], options: RunOptions, caching: bool, cache_dir: Optional[str], paths: Sequence[str]
    ) -> None:
        self.settings, self.files, self.options = settings, files, options
        folder = cache_folder(settings, cache_dir) if caching else None
        self.cache = ResultCache(folder, settings_key(settings, options.unsafe_fixes)) if folder is not None else None
        root = index_root(settings.config_path, paths, Path.cwd())
        self.index = ProjectIndex(root, FactStore(folder, root))


def _groups(files: Sequence[DiscoveredFile], tree: SettingsTree) -> List[Tuple[Settings, List[DiscoveredFile]]]:
    """``files`` by the settings that check them, in the order first met (one group with one config file)."""
    groups: Dict[int, Tuple[Settings, List[DiscoveredFile]]] = {}
    for file in files:
        settings = tree.for_folder(os.path.dirname(file.path))  # discovered paths are absolute
        groups.setdefault(id(settings), (settings, []))[1].append(file)
    return list(groups.values())


def _offset(update: Callable[[int], None], done_before: int) -> Callable[[int], None]:
    """A progress callback for one group of files, counting those done before it."""
    return lambda done: update(done_before + done)


class _ConfigGlobs:
    """The production globs of each configuration when it checks YAML/TOML/JSON files (LL501 or LL605 on), else None."""

    def __init__(self) -> None:
        self._globs: Dict[int, Optional[Tuple[str, ...]]] = {}

    def of(self, settings: Settings) -> Optional[Tuple[str, ...]]:
        if id(settings) not in self._globs:
            checks_configs = any(code in resolve_selection(settings, rule_infos()) for code in CONFIG_CODES)
            self._globs[id(settings)] = production_globs(settings) if checks_configs else None
        return self._globs[id(settings)]

    def accept(self, relpath: str, settings: Settings) -> bool:
        """Which non-Python files the walk yields: production YAML/TOML/JSON files."""
        globs = self.of(settings)
        return globs is not None and is_config_file(relpath) and in_production_paths(relpath, globs)


def _extension_glob(extension: str) -> str:
    """``--extension pyw`` (or ``.pyw``) as the glob added to ``extend-include``."""
    suffix = extension.lstrip(".")
    if not suffix or any(char in suffix for char in "/\\*?[]!"):
        _fail(f"--extension: {extension!r} is not a file extension (such as pyw)")
    return f"*.{suffix}"


def _dotted_keys(table: Mapping[str, Any]) -> List[str]:
    """The keys of a ``--config KEY = VALUE`` table as :func:`loglint.show.settings_report` names them."""
    return [f"{key}.{inner}" for key, value in table.items() if isinstance(value, dict) for inner in value] + [
        key for key, value in table.items() if not isinstance(value, dict)
    ]


def _show_loggers(results: Sequence[FileResult], settings: Settings, path_errors: Sequence[str]) -> NoReturn:
    uses = [use for result in results for use in result.loggers]
    click.echo(loggers_report(uses, as_json=settings.output_format == "json"), nl=False)
    for result in results:
        for error in result.errors:
            click.echo(f"loglint: error: {printable(error.path)}: {printable(error.message)}", err=True)
    failed = path_errors or any(error.internal for result in results for error in result.errors)
    sys.exit(EXIT_ERROR if failed else EXIT_CLEAN)


def _walks_project(paths: Sequence[str], root: Path) -> bool:
    """Whether the run checks the whole project (a path named is its root or above it)."""
    top = os.path.abspath(root)
    return any(top == folder or top.startswith(folder.rstrip(os.sep) + os.sep) for folder in map(os.path.abspath, paths or ["."]))


def _show_files(files: Sequence[DiscoveredFile], skipped: Sequence[Tuple[str, str]], path_errors: Sequence[str]) -> None:
    _emit(files_report(files, skipped))
    for message in path_errors:
        click.echo(f"loglint: error: {message}", err=True)
    sys.exit(EXIT_ERROR if path_errors else EXIT_CLEAN)


def _add_noqa(runs: Sequence[_Run], jobs: Optional[int], path_errors: Sequence[str]) -> None:
    """Add ``noqa`` comments to the files with findings (found in parallel, then edited one by one)."""
    # Imported here: they load libcst, which a run answered from the cache never needs.
    from loglint.add_noqa import add_noqa_to_file
    from loglint.engine import Engine

    added = 0
    errors = [*path_errors]
    for run in runs:
        options = RunOptions(write=False, jobs=jobs)
        results = run_files(run.files, run.settings, options, _triggers(run.settings), run.cache, index=run.index)
        by_display = {file.display: file for file in run.files}
        engine = Engine(run.settings, index=run.index)
        for result in results:
            errors += [f"{printable(error.path)}: {printable(error.message)}" for error in result.errors if error.internal]
            if any(finding.code != "LL001" for finding in result.findings):  # LL001 fixes itself
                count, error = add_noqa_to_file(engine, by_display[result.path], run.settings.project_root)
                added += count
                if error is not None:
                    errors.append(f"{printable(error.path)}: {printable(error.message)}")
    for message in errors:
        click.echo(f"loglint: error: {message}", err=True)
    click.echo(f"Added {added} noqa directive{'' if added == 1 else 's'}.", err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_CLEAN)


def _production_configs_only(
    files: Sequence[DiscoveredFile],
    settings: Settings,
    globs: Optional[Tuple[str, ...]],
    on_skip: Optional[Callable[[Tuple[str, str]], None]],
) -> List[DiscoveredFile]:
    """``files`` without the configuration files named outside production scope (all of
    them when the rules that check them, LL501 and LL605, are off), as a walk would leave them out."""
    kept = []
    for file in files:
        if not is_config_file(file.path) or (globs is not None and in_production_paths(relative_path(file.path, settings.project_root), globs)):
            kept.append(file)
        elif on_skip is not None:
            on_skip((file.display, f"{' and '.join(CONFIG_CODES)} are off" if globs is None else "not a production configuration file"))
    return kept


def _triggers(settings: Settings) -> List[bytes]:
    """The pre-filter bytes of the enabled rules."""
    enabled = resolve_selection(settings, rule_infos())
    return [trigger for spec in CATALOG if spec.code in enabled for trigger in spec.triggers]


def _fail(message: str) -> NoReturn:
    click.echo(f"loglint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _rule_meta() -> Dict[str, RuleMeta]:
    return {
        spec.code: RuleMeta(
            code=spec.code,
            name=spec.name,
            summary=summary(spec.code),
            description=description(spec.code),
            fixable=spec.fix is not None,
            default_enabled=spec.default_enabled,
            url=RULE_URL.format(code=spec.code),
        )
        for spec in CATALOG
    }


def _report(
    results: Sequence[FileResult],
    settings: Settings,
    statistics: bool,
    quiet: bool,
    *,
    to_stderr: bool,
    output_file: Optional[Path],
    path_errors: int = 0,
) -> None:
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
    errors: List[FileError] = [e for r in results for e in r.errors]
    sources: Dict[str, str] = {}
    if settings.output_format == "full":
        for result in results:
            if result.findings:
                sources.update(_read_texts(result))
    report = Report(
        findings=findings,
        errors=errors,
        rules=_rule_meta(),
        fixed=sum(r.fixed_count for r in results),
        sources=sources,
        unsafe_fixes_hidden=sum(r.unsafe_hidden for r in results),
        unsafe_fixes=settings.unsafe_fixes,
        path_errors=path_errors,
    )
    stream = sys.stderr if to_stderr else sys.stdout
    color = output_file is None and stream.isatty() and "NO_COLOR" not in os.environ
    _emit(render(report, settings.output_format, color=color, statistics=statistics, quiet=quiet), output_file, err=to_stderr)


def _emit(output: Union[str, bytes], output_file: Optional[Path] = None, *, err: bool = False) -> None:
    """Write ``output`` to ``output_file``, else to stdout (stderr with ``err``).

    Output that cannot be written is a one-line error naming where and why (exit 2);
    a pipe closed early (``| head``) ends the run quietly, as click does.
    """
    where = printable(str(output_file)) if output_file is not None else "stderr" if err else "stdout"
    try:
        if output_file is not None:
            _create_folder(output_file.parent)
            with open(output_file, "wb") as handle:
                handle.write(output if isinstance(output, bytes) else output.encode("utf-8"))
            return
        if isinstance(output, bytes):
            sys.stdout.buffer.write(output)
        else:
            click.echo(output, nl=False, err=err)
        (sys.stderr if err else sys.stdout).flush()
    except OSError as error:
        if output_file is None and error.errno == errno.EPIPE:
            raise
        _fail(f"cannot write to {where}: {error.strerror or error}")


def _create_folder(folder: Path) -> None:
    """``mkdir -p``, where a file in the way is "Not a directory" (``mkdir`` says "File exists")."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from None


def _read_texts(result: FileResult) -> Dict[str, str]:
    """The text of a file, or of each code cell of a notebook (keyed as :class:`Report` keys them)."""
    from loglint.notebook import NotebookError, is_notebook
    from loglint.notebook import read as read_notebook
    from loglint.output.report import cell_key
    from loglint.source import DecodeError, decode

    data = result.fixed_source if result.fixed_source is not None else None
    try:
        data = data if data is not None else Path(result.path).read_bytes()
        if is_notebook(result.path):
            return {cell_key(result.path, cell): text for cell, text in read_notebook(data).cell_texts.items()}
        return {result.path: decode(data).text}
    except (OSError, DecodeError, NotebookError):
        return {result.path: ""}


def _diff(result: FileResult) -> str:
    if result.fixed_source is None or result.original_source is None:
        return ""
    from loglint.source import decode

    before = decode(result.original_source).text.splitlines(keepends=True)
    after = decode(result.fixed_source).text.splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{result.path}", f"b/{result.path}"))


def _exit_code(results: Sequence[FileResult], path_errors: Sequence[str], exit_zero: bool) -> int:
    internal = any(e.internal for r in results for e in r.errors)
    if internal or path_errors:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    remaining = any(r.findings or r.errors for r in results)
    return EXIT_FINDINGS if remaining else EXIT_CLEAN


@main.command()
def server() -> None:
    """Run the language server (LSP) over stdin and stdout, for editors.

    Diagnostics as you type, quick fixes, "Disable LLxxx for this line" and
    `source.fixAll.loglint`, with the settings `loglint check` would use for each file.
    Needs the lsp extra: pip install 'loglint[lsp]'. See "Editors" in the README.
    """
    import importlib.util

    if importlib.util.find_spec("pygls") is None or importlib.util.find_spec("lsprotocol") is None:
        _fail("`loglint server` needs pygls: pip install 'loglint[lsp]'")
    from loglint.server.app import serve

    sys.exit(serve())


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
def rule(code: Optional[str], show_all: bool) -> None:
    """Print the page of rule CODE (a code or a name), list the rules of a prefix (LL3), or every rule with --all."""
    if show_all and code is not None:
        _fail(f"give a rule ({code!r}) or --all, not both")
    if code is None:
        _emit(_rule_table(CATALOG))
        return
    wanted = code.upper()
    found = SPECS.get(wanted) or next((c for c in CATALOG if c.name == code), None)
    if found is not None:
        text = page_text(found.code)
        if text is None:
            _fail(f"the page of {found.code} is missing from this installation; {BUG_REPORT}")
        _emit(text if text.endswith("\n") else text + "\n")
        return
    prefixed = [spec for spec in CATALOG if len(wanted) >= 2 and spec.code.startswith(wanted)]
    if prefixed:
        _emit(_rule_table(prefixed))
        return
    keys = {spec.code: spec.code for spec in CATALOG}
    keys.update((spec.name.upper(), spec.name) for spec in CATALOG)
    close = difflib.get_close_matches(wanted, list(keys), n=1)
    hint = f"; did you mean {keys[close[0]]}?" if close else "."
    _fail(f"unknown rule {code!r}{hint} Run `loglint rule --all` to list the rules.")


def _rule_table(specs: Sequence[RuleSpec]) -> str:
    rows = [f"{'code':<7} {'name':<30} {'family':<12} {'default':<8} fix"]
    for spec in specs:
        default = "on" if spec.default_enabled else "off"
        rows.append(f"{spec.code:<7} {spec.name:<30} {spec.family:<12} {default:<8} {spec.fix or '-'}")
    return "".join(row + "\n" for row in rows)
