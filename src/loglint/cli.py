"""The ``loglint`` command line.

``loglint [OPTIONS] [PATHS]...`` is ``loglint check``; ``loglint rule CODE`` prints a
rule's page. Exit codes: 0 nothing left to report, 1 findings remain, 2 usage,
configuration or internal errors.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, NoReturn, Optional, Sequence, Tuple

import click

from loglint import __version__
from loglint.cache import ResultCache, cache_folder, settings_key
from loglint.catalog import CATALOG, SPECS
from loglint.config import ConfigError, file_table, load_settings, resolve_selection
from loglint.discovery import DiscoveredFile, discover
from loglint.findings import FileError, FileResult
from loglint.loggers.index import ProjectIndex, index_root
from loglint.loggers.store import FactStore
from loglint.output import FORMATS, Report, RuleMeta, render
from loglint.output.common import printable
from loglint.pages import RULE_URL, description, page_text, summary
from loglint.progress import Progress
from loglint.progress import wanted as progress_wanted
from loglint.registry import rule_infos
from loglint.rules.production_files import CONFIG_CODES, in_production_paths, is_config_file, production_globs
from loglint.runner import RunOptions, lint_stdin, run_files
from loglint.settings import Settings
from loglint.show import COMMAND_LINE, files_report, fixes_report, loggers_report, settings_report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
BUG_REPORT = "please report this at https://github.com/loglint/loglint/issues"


class _DefaultToCheck(click.Group):
    """A group whose default subcommand is ``check``: ``loglint src/`` == ``loglint check src/``."""

    def parse_args(self, ctx: click.Context, args: List[str]) -> List[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


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
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--stdin-filename", help="The name of the file read from stdin (with `-` as the path).")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of CPUs).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", help="Where to keep the result cache (default: .loglint_cache at the project root; also LOGLINT_CACHE_DIR).")
@click.option("--add-noqa", is_flag=True, help="Add `# noqa: CODE` comments to silence every finding (adopt loglint now, fix later).")
@click.option("--show-fixes", is_flag=True, help="With --fix: list the fixes applied, per file and code.")
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and why others are excluded.")
@click.option("--show-settings", is_flag=True, help="Print the effective settings and where each comes from.")
@click.option("--force-exclude", is_flag=True, help="Apply exclude/extend-exclude to files named on the command line too.")
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
    config_path: Optional[Path],
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
    given = {key.replace("_", "-"): COMMAND_LINE for key in overrides}
    if "output_format" not in overrides and os.environ.get("LOGLINT_OUTPUT_FORMAT"):
        overrides["output_format"] = os.environ["LOGLINT_OUTPUT_FORMAT"]
        given["output-format"] = "LOGLINT_OUTPUT_FORMAT"
    try:
        settings = load_settings(
            cwd=Path.cwd(), rules=rule_infos(), config_path=config_path, isolated=isolated, overrides=overrides
        )
    except ConfigError as error:
        _fail(str(error))
    if show_settings:
        try:
            table = file_table(settings.config_path) if settings.config_path else {}
        except ConfigError as error:
            _fail(str(error))
        click.echo(settings_report(settings, table, given), nl=False)
        sys.exit(EXIT_CLEAN)
    if add_noqa and (fix or diff or paths == ("-",)):
        _fail("--add-noqa cannot be used with --fix, --diff or stdin")
    if show_loggers and (fix or diff or add_noqa):
        _fail("--show-loggers cannot be used with --fix, --diff or --add-noqa")
    options = RunOptions(
        fix=(settings.fix or diff) and not show_loggers, unsafe_fixes=settings.unsafe_fixes, write=not diff,
        jobs=jobs, show_loggers=show_loggers,
    )
    folder = None if no_cache or show_loggers else cache_folder(settings, cache_dir)
    root = index_root(settings.config_path, paths if paths != ("-",) else [stdin_filename or "."], Path.cwd())
    index = ProjectIndex(root, FactStore(folder, root))
    path_errors: List[str] = []
    if paths == ("-",):
        display = stdin_filename or "-"
        data = sys.stdin.buffer.read()
        results = [lint_stdin(data, display, settings, options, index)]
        if settings.fix and not diff:
            fixed = results[0].fixed_source
            sys.stdout.buffer.write(fixed if fixed is not None else data)
            sys.stdout.flush()
            _report(results, settings, statistics, quiet, to_stderr=True, output_file=output_file)
            sys.exit(_exit_code(results, [], exit_zero))
    else:
        skipped: List[Tuple[str, str]] = []
        checks_configs = any(code in resolve_selection(settings, rule_infos()) for code in CONFIG_CODES)
        config_globs = production_globs(settings) if checks_configs else None
        files, path_errors = discover(
            list(paths) or ["."], settings, Path.cwd(), force_exclude=force_exclude,
            on_skip=(lambda path, reason: skipped.append((path, reason))) if show_files else None,
            accept=_production_config_filter(config_globs),
        )
        if show_files:
            _show_files(files, skipped, path_errors)
        cache = None
        if folder is not None:
            cache = ResultCache(folder, settings_key(settings, options.unsafe_fixes))
        if add_noqa:
            _add_noqa(files, settings, RunOptions(write=False, jobs=jobs), path_errors, cache, index)
        stream = sys.stderr
        with Progress(len(files), stream) as progress:
            tracker = progress.update if progress_wanted(stream) else None
            results = run_files(files, settings, options, _triggers(settings), cache, tracker, config_globs, index)
    for message in path_errors:
        click.echo(f"loglint: error: {message}", err=True)
    if show_loggers:
        _show_loggers(results, settings, path_errors)
    if diff:
        text = "".join(_diff(result) for result in results)
        click.echo(text, nl=False)
        sys.exit(EXIT_FINDINGS if text and not exit_zero else _exit_code([], path_errors, True))
    _report(results, settings, statistics, quiet, to_stderr=False, output_file=output_file)
    if show_fixes and options.fix:
        machine = settings.output_format not in ("text", "concise", "full") and output_file is None
        click.echo(fixes_report(results), nl=False, err=machine)
    sys.exit(_exit_code(results, path_errors, exit_zero))


def _show_loggers(results: Sequence[FileResult], settings: Settings, path_errors: Sequence[str]) -> NoReturn:
    uses = [use for result in results for use in result.loggers]
    click.echo(loggers_report(uses, as_json=settings.output_format == "json"), nl=False)
    for result in results:
        for error in result.errors:
            click.echo(f"loglint: error: {printable(error.path)}: {printable(error.message)}", err=True)
    failed = path_errors or any(error.internal for result in results for error in result.errors)
    sys.exit(EXIT_ERROR if failed else EXIT_CLEAN)


def _show_files(files: Sequence[DiscoveredFile], skipped: Sequence[Tuple[str, str]], path_errors: Sequence[str]) -> None:
    click.echo(files_report(files, skipped), nl=False)
    for message in path_errors:
        click.echo(f"loglint: error: {message}", err=True)
    sys.exit(EXIT_ERROR if path_errors else EXIT_CLEAN)


def _add_noqa(
    files: Sequence[DiscoveredFile],
    settings: Settings,
    options: RunOptions,
    path_errors: Sequence[str],
    cache: Optional[ResultCache],
    index: ProjectIndex,
) -> None:
    """Add ``noqa`` comments to the files with findings (found in parallel, then edited one by one)."""
    # Imported here: they load libcst, which a run answered from the cache never needs.
    from loglint.add_noqa import add_noqa_to_file
    from loglint.engine import Engine

    results = run_files(files, settings, options, _triggers(settings), cache, index=index)
    by_display = {file.display: file for file in files}
    engine = Engine(settings, index=index)
    added = 0
    errors = [*path_errors]
    for result in results:
        errors += [f"{printable(error.path)}: {printable(error.message)}" for error in result.errors if error.internal]
        if any(finding.code != "LL001" for finding in result.findings):  # LL001 fixes itself
            count, error = add_noqa_to_file(engine, by_display[result.path], settings.project_root)
            added += count
            if error is not None:
                errors.append(f"{printable(error.path)}: {printable(error.message)}")
    for message in errors:
        click.echo(f"loglint: error: {message}", err=True)
    click.echo(f"Added {added} noqa directive{'' if added == 1 else 's'}.", err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_CLEAN)


def _production_config_filter(globs: Optional[Tuple[str, ...]]) -> Optional[Callable[[str], bool]]:
    """Which non-Python files the walk yields: production YAML/TOML/JSON files, when LL501 or LL605 is on."""
    if globs is None:
        return None
    return lambda relpath: is_config_file(relpath) and in_production_paths(relpath, globs)


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
) -> None:
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
    errors: List[FileError] = [e for r in results for e in r.errors]
    sources: Dict[str, str] = {}
    if settings.output_format == "full":
        for result in results:
            if result.findings:
                sources[result.path] = _read_text(result)
    report = Report(
        findings=findings,
        errors=errors,
        rules=_rule_meta(),
        fixed=sum(r.fixed_count for r in results),
        sources=sources,
        unsafe_fixes_hidden=sum(r.unsafe_hidden for r in results),
        unsafe_fixes=settings.unsafe_fixes,
    )
    if output_file is not None:
        output_file.parent.mkdir(parents=True, exist_ok=True)
        output_file.write_text(render(report, settings.output_format, color=False, statistics=statistics, quiet=quiet), encoding="utf-8")
        return
    stream = sys.stderr if to_stderr else sys.stdout
    color = stream.isatty() and "NO_COLOR" not in os.environ
    text = render(report, settings.output_format, color=color, statistics=statistics, quiet=quiet)
    click.echo(text, nl=False, err=to_stderr)


def _read_text(result: FileResult) -> str:
    from loglint.source import DecodeError, decode

    data = result.fixed_source if result.fixed_source is not None else None
    try:
        data = data if data is not None else Path(result.path).read_bytes()
        return decode(data).text
    except (OSError, DecodeError):
        return ""


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
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
def rule(code: Optional[str], show_all: bool) -> None:
    """Print the page of rule CODE, or list every rule with --all."""
    if show_all or code is None:
        click.echo(f"{'code':<7} {'name':<30} {'family':<12} {'default':<8} fix")
        for spec in CATALOG:
            default = "on" if spec.default_enabled else "off"
            click.echo(f"{spec.code:<7} {spec.name:<30} {spec.family:<12} {default:<8} {spec.fix or '-'}")
        return
    wanted = code.upper()
    found = SPECS.get(wanted) or next((c for c in CATALOG if c.name == code), None)
    if found is None:
        close = difflib.get_close_matches(wanted, [c.code for c in CATALOG] + [c.name for c in CATALOG], n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        _fail(f"unknown rule {code!r}{hint} Run `loglint rule --all` to list the rules.")
    text = page_text(found.code)
    if text is None:
        _fail(f"the page of {found.code} is missing from this installation; {BUG_REPORT}")
    click.echo(text, nl=not text.endswith("\n"))
