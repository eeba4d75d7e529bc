"""Production scope, and the production configuration files beyond Python (YAML, TOML,
JSON) that LL501 (loguru sinks without ``serialize``) and LL605 (``logging.FileHandler``
handlers of a ``dictConfig`` file) check. No libcst here: the runner reads these files
without parsing Python, and ``loglint.rules.production`` shares the scope globs.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from loglint.catalog import SPECS
from loglint.discovery import IgnoreRules
from loglint.findings import FileError, FileResult, Finding
from loglint.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

# -- production scope ---------------------------------------------------------------

DEFAULT_PRODUCTION_PATHS: Tuple[str, ...] = (
    "**/prod/**", "**/production/**", "**/prod.py", "**/production.py",
    "**/*_prod.py", "**/*_production.py", "**/prod_*.py", "**/production_*.py",
)


def production_globs(settings: Settings) -> Tuple[str, ...]:
    """The production globs in force: ``[tool.loglint.production]`` ``paths`` (else the
    defaults) followed by ``extend-paths``."""
    options = settings.rule_options.get("production", {})
    paths = options.get("paths")
    base = tuple(paths) if paths is not None else DEFAULT_PRODUCTION_PATHS
    return base + tuple(options.get("extend-paths", ()))


@lru_cache(maxsize=16)
def _glob_rules(globs: Tuple[str, ...]) -> IgnoreRules:
    return IgnoreRules(globs)


def in_production_paths(relpath: str, globs: Sequence[str]) -> bool:
    """Whether the file ``relpath`` (posix, relative to the project root) matches the globs.

    Globs follow gitignore (``**/`` is zero or more folders, a glob without ``/``
    matches a name at any depth, a glob matching a folder matches what is in it,
    ``!glob`` takes a path back out); the last glob matching the file or its
    deepest matched folder decides.
    """
    rules = _glob_rules(tuple(globs))
    parts = relpath.split("/")
    verdict: Optional[bool] = None
    for depth in range(1, len(parts) + 1):
        found = rules.match("/".join(parts[:depth]), depth < len(parts))
        if found is not None:
            verdict = found
    return verdict is True


# -- production configuration files beyond Python ---------------------------------------

CONFIG_SUFFIXES = (".yaml", ".yml", ".toml", ".json")
YAML_MISSING = (
    "a production YAML file cannot be checked without PyYAML: install it with "
    "`pip install loglint[yaml]`, or exclude the file"
)
_FALSE_STRINGS = frozenset({"false", "no", "off", "0", ""})
_SECTION_KEYS = ("level", "format", "serialize")
_SINK_KEY = re.compile(r"""(?<![\w\-.])(?P<quote>["']?)sink(?P=quote)\s*[:=]""")
CONFIG_CODES = ("LL501", "LL605")  # the rules that check these files
_FILE_HANDLER = "logging.FileHandler"
_FILE_HANDLER_VALUE = re.compile(r"""(?<![\w\-.])(?P<quote>["']?)class(?P=quote)\s*[:=]\s*["']?(?P<value>logging\.FileHandler)\b""")


class ConfigFileError(Exception):
    """A configuration file that cannot be checked; ``str(e)`` is the message."""


def is_config_file(path: Union[str, Path]) -> bool:
    return str(path).lower().endswith(CONFIG_SUFFIXES)


def check_config_file(
    path: Path, text: str, relpath: str, globs: Sequence[str], codes: Sequence[str] = CONFIG_CODES
) -> List[Finding]:
    """LL501 and LL605 findings (of those in ``codes``) for a YAML, TOML or JSON file in
    production scope.

    LL501: a logger section is a mapping with a ``sink`` key and any of ``level``,
    ``format`` or ``serialize``; it is reported when ``serialize`` is missing or false.
    LL605: a mapping whose ``class`` is ``logging.FileHandler`` (a ``dictConfig`` handler).
    ``path`` names the file in findings (display path); ``relpath`` is matched against
    ``globs``. Files out of scope, of another type, or that do not parse give no findings
    (they may be templates: checking them is not our job). Raises
    :class:`ConfigFileError` for a YAML file in scope when PyYAML is missing.
    """
    suffix = path.suffix.lower()
    if suffix not in CONFIG_SUFFIXES or not in_production_paths(relpath, globs):
        return []
    documents = _parse_config(text, suffix)
    if documents is None:
        return []
    findings: List[Finding] = []
    if "LL501" in codes:
        findings += _missing_serialize(path, text, suffix, documents)
    if "LL605" in codes:
        findings += _file_handlers(path, text, suffix, documents)
    return sorted(findings, key=lambda f: (f.line, f.column))


def _missing_serialize(path: Path, text: str, suffix: str, documents: List[Any]) -> List[Finding]:
    sink_positions = _key_positions(text, suffix, _SINK_KEY)
    findings: List[Finding] = []
    sections = (mapping for document in documents for mapping in _sink_mappings(document))
    for index, mapping in enumerate(sections):
        if not any(key in mapping for key in _SECTION_KEYS):
            continue
        if "serialize" in mapping and not _is_false(mapping["serialize"]):
            continue
        line, column = sink_positions[index] if index < len(sink_positions) else (1, 1)
        findings.append(_finding(
            "LL501", path, line, column, len("sink"),
            "logger section without `serialize` set to true in a production config file: logs are written as plain text, not JSON",
        ))
    return findings


def _file_handlers(path: Path, text: str, suffix: str, documents: List[Any]) -> List[Finding]:
    count = sum(1 for document in documents for _ in _file_handler_mappings(document))
    positions = _key_positions(text, suffix, _FILE_HANDLER_VALUE, "value")
    return [
        _finding(
            "LL605", path, *(positions[index] if index < len(positions) else (1, 1)), len(_FILE_HANDLER),
            f"`{_FILE_HANDLER}` in a production logging configuration never rotates its file: it grows until the disk "
            "is full; use `logging.handlers.RotatingFileHandler` or `TimedRotatingFileHandler`",
        )
        for index in range(count)
    ]


def _finding(code: str, path: Path, line: int, column: int, length: int, message: str) -> Finding:
    return Finding(
        code=code, name=SPECS[code].name, message=message, path=str(path),
        line=line, column=column, end_line=line, end_column=column + length,
    )


def check_config_path(
    path: Path, display: str, relpath: str, globs: Sequence[str], codes: Sequence[str] = CONFIG_CODES
) -> FileResult:
    """Read and check one configuration file for the rules in ``codes``; every problem
    becomes a :class:`FileError`."""
    result = FileResult(display)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        result.errors.append(FileError(display, f"cannot read file: {error.strerror or error}"))
        return result
    except UnicodeDecodeError as error:
        result.errors.append(FileError(display, f"cannot decode file: {error.reason}"))
        return result
    try:
        findings = check_config_file(Path(display), text, relpath, globs, codes)
    except ConfigFileError as error:
        result.errors.append(FileError(display, str(error)))
        return result
    result.findings = findings
    return result


def _parse_config(text: str, suffix: str) -> Optional[List[Any]]:
    try:
        if suffix == ".json":
            return [json.loads(text)]
        if suffix == ".toml":
            return [tomllib.loads(text)]
    except (ValueError, tomllib.TOMLDecodeError):
        return None
    try:
        import yaml  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise ConfigFileError(YAML_MISSING) from None
    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return None


def _sink_mappings(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every mapping with a ``sink`` key, depth first in document order."""
    if isinstance(value, dict):
        if "sink" in value:
            yield value
        for item in value.values():
            yield from _sink_mappings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _sink_mappings(item)


def _is_false(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in _FALSE_STRINGS
    return value is None or value is False or value == 0


def _file_handler_mappings(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every mapping whose ``class`` is ``logging.FileHandler``, depth first in document order."""
    if isinstance(value, dict):
        if value.get("class") == _FILE_HANDLER:
            yield value
        for item in value.values():
            yield from _file_handler_mappings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _file_handler_mappings(item)


def _key_positions(text: str, suffix: str, pattern: re.Pattern[str], group: Union[int, str] = 0) -> List[Tuple[int, int]]:
    """(line, column) of each match of ``pattern`` (of its ``group``) in the text, 1-based,
    skipping comment lines."""
    positions: List[Tuple[int, int]] = []
    comments = suffix != ".json"
    for number, line in enumerate(text.splitlines(), start=1):
        if comments and line.lstrip().startswith("#"):
            continue
        for match in pattern.finditer(line):
            positions.append((number, match.start(group) + 1))
    return positions
