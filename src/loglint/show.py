"""What the ``--show-files``, ``--show-settings``, ``--show-fixes`` and ``--show-loggers``
options print."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from loglint.catalog import CATALOG, SPECS
from loglint.discovery import DiscoveredFile
from loglint.findings import FileResult, LoggerUse
from loglint.output.common import printable
from loglint.settings import Settings

DEFAULT = "default"
COMMAND_LINE = "command line"
ALIGN_LIMIT = 40
# Shown in the header instead of as keys.
_HEADER_FIELDS = ("rule_options", "project_root", "config_path")


def files_report(files: Sequence[DiscoveredFile], skipped: Sequence[Tuple[str, str]]) -> str:
    """The files a run would check, one a line, then what the walk left out and why."""
    lines = [printable(file.display) for file in files]
    if skipped:
        lines += ["", "Excluded:"]
        lines += [f"  {printable(path)}  ({printable(reason)})" for path, reason in sorted(skipped)]
    return "".join(line + "\n" for line in lines)


def settings_report(settings: Settings, tables: Sequence[Tuple[Path, Mapping[str, Any]]], given: Mapping[str, str]) -> str:
    """The effective settings as TOML, each with where it comes from.

    ``tables``: the keys as written of the config file, then of the files it extends;
    ``given``: setting keys (kebab-case; ``table.key`` for a rule's option) set outside
    the files, with their source (``--config``, the command line, an environment variable).
    """
    lines = [f"# config file: {settings.config_path or '(none)'}"]
    lines += [f"# extends: {path}" for path, _ in tables[1:]]
    lines += [f"# project root: {settings.project_root}", ""]
    rows: List[Tuple[str, str]] = []
    for item in dataclasses.fields(Settings):
        if item.name in _HEADER_FIELDS:
            continue
        key = item.name.replace("_", "-")
        sources = [str(path) for path in [_written_in(tables, key)] if path is not None]
        if key in given:
            sources.append(given[key])
        rows.append((_assignment(key, getattr(settings, item.name)), " + ".join(sources) or DEFAULT))
    lines += _aligned(rows)
    for name, options in _rule_options(settings).items():
        rows = []
        for key, value in options.items():
            where = given.get(f"{name}.{key}") or _written_in(tables, key, name)
            rows.append((_assignment(key, value), str(where or DEFAULT)))
        lines += ["", f"[{name}]", *_aligned(rows)]
    return "".join(line + "\n" for line in lines)


def _written_in(tables: Sequence[Tuple[Path, Mapping[str, Any]]], key: str, table: Optional[str] = None) -> Optional[Path]:
    """The first config file of ``tables`` that sets ``key`` (in its ``table``); None when none does."""
    for path, written in tables:
        inner = written.get(table, {}) if table is not None else written
        if isinstance(inner, dict) and key in inner:
            return path
    return None


def _assignment(key: str, value: Any) -> str:
    """``key = value`` as the config file takes it; a comment for a value that is unset (None)."""
    return f"# {key} is unset" if value is None else f"{key} = {_toml(value)}"


def _rule_options(settings: Settings) -> Dict[str, Dict[str, Any]]:
    """Every rule's options with their effective values, then other configured tables (``production``)."""
    tables: Dict[str, Dict[str, Any]] = {}
    for spec in CATALOG:
        if spec.options:
            tables[spec.name] = {**{key: option.default for key, option in spec.options.items()}, **settings.rule_options.get(spec.name, {})}
    for name, options in settings.rule_options.items():
        tables.setdefault(name, dict(options))
    return tables


def _aligned(rows: Sequence[Tuple[str, str]]) -> List[str]:
    """``text  # source`` rows, the sources aligned unless a text is too long for it."""
    width = max((len(text) for text, _ in rows if len(text) <= ALIGN_LIMIT), default=0)
    return [f"{text.ljust(width)}  # {source}" for text, source in rows]


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict) and value and all(item is None for item in value.values()):
        return _toml(list(value))  # logger-names written as a list: "resolve as usual"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {_toml(v)}" for k, v in value.items()) + " }" if value else "{}"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value))


def fixes_report(results: Sequence[FileResult]) -> str:
    """What ``--fix`` changed: per file, the number of fixes applied per code."""
    fixed = [result for result in results if result.fixed_codes]
    if not fixed:
        return "No fixes applied.\n"
    total = sum(sum(result.fixed_codes.values()) for result in fixed)
    lines = [f"Fixed {total} problem{'s' if total != 1 else ''}:"]
    for result in sorted(fixed, key=lambda r: r.path):
        lines.append(f"- {printable(result.path)}:")
        counts = sorted(result.fixed_codes.items(), key=lambda item: (-item[1], item[0]))
        width = max(len(str(count)) for _, count in counts)
        for code, count in counts:
            rule = SPECS.get(code)
            lines.append(f"    {str(count).rjust(width)} x {code} ({rule.name if rule else '?'})")
    return "".join(line + "\n" for line in lines)


def loggers_report(uses: Sequence[LoggerUse], as_json: bool) -> str:
    """Each logging call: where, its receiver, its library (``unknown``, or with ``?`` when
    guessed) and how the model knows. As JSON: a list of objects with those fields."""
    ordered = sorted(uses, key=lambda use: (use.path, use.cell or 0, use.line, use.column))
    if as_json:
        return json.dumps([dataclasses.asdict(use) for use in ordered], indent=2) + "\n"
    rows = []
    for use in ordered:
        library = use.library or "unknown"
        if use.library is not None and not use.certain:
            library += "?"
        where = f"{use.line}:{use.column}" if use.cell is None else f"cell {use.cell}:{use.line}:{use.column}"
        rows.append((f"{printable(use.path)}:{where}", printable(use.receiver), library, printable(use.how)))
    widths = [min(ALIGN_LIMIT, max((len(row[i]) for row in rows), default=0)) for i in range(3)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths)) + "  " + row[3] + "\n" for row in rows
    )
