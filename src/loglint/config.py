"""Find and read loglint's configuration; turn rule selectors into rule codes.

Settings come from the nearest ``pyproject.toml`` with a ``[tool.loglint]`` table, or a
standalone ``.loglint.toml``/``loglint.toml`` (top-level keys), with the files it
``extend``s under it, then from ``--config KEY = VALUE`` and the other command-line
overrides. Every problem raises :class:`ConfigError` with a message ready to show.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Container, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Union

from loglint.catalog import OptionSpec
from loglint.discovery import IgnoreRules
from loglint.settings import LIBRARIES, Settings

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

OUTPUT_FORMATS = (
    "text", "concise", "full", "json", "json-lines", "github", "gitlab", "sarif", "junit", "pylint",
)
# Checked in this order in each folder; a standalone file beats pyproject.toml beside it.
CONFIG_NAMES = (".loglint.toml", "loglint.toml", "pyproject.toml")
# Command-line values of these settings add to the file's; the others replace it.
ADDITIVE_OVERRIDES = frozenset({"extend_select", "ignore", "extend_exclude", "extend_include"})
# Keys of a config file that are no setting: read while reading the file.
EXTEND = "extend"


class ConfigError(Exception):
    """A user-facing configuration problem; str(e) is the full message."""


@dataclass(frozen=True)
class RuleInfo:
    """What configuration needs to know about a rule."""

    code: str
    name: str
    default_enabled: bool
    options: Mapping[str, OptionSpec]


def find_config(start: Path) -> Optional[Path]:
    """The config file in force for ``start``: the nearest one up the tree, else None."""
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        found = config_in(candidate)
        if found is not None:
            return found
    return None


def config_in(folder: Union[str, Path], names: Optional[Container[str]] = None) -> Optional[Path]:
    """The config file of ``folder`` itself (a ``pyproject.toml`` counts with a ``[tool.loglint]`` table), else None.

    ``names``: the names in the folder, when known (a walk has just listed them): no other is looked for.
    """
    for name in CONFIG_NAMES:
        if names is not None and name not in names:
            continue
        path = os.path.join(folder, name)
        if os.path.isfile(path) and (name != "pyproject.toml" or _tool_table(_read_toml(Path(path))) is not None):
            return Path(path)
    return None


def split_config_args(args: Sequence[str], cwd: Path) -> Tuple[Optional[Path], Tuple[Dict[str, Any], ...]]:
    """The ``--config`` arguments as (the config file named, the ``KEY = VALUE`` settings).

    An argument naming an existing file is the config file (one at most); any other
    must be one TOML ``key = value`` (as ruff takes it), validated by :func:`load_settings`.
    """
    path: Optional[Path] = None
    settings: List[Dict[str, Any]] = []
    for arg in args:
        if os.path.isfile(cwd / arg):
            if path is not None:
                raise ConfigError(f"--config: one config file at most, got {str(path)!r} and {arg!r}")
            path = Path(arg)
            continue
        if os.path.isdir(cwd / arg):
            raise ConfigError(f"--config: a folder, not a config file: {os.path.abspath(cwd / arg)}")
        if "=" not in arg:
            raise ConfigError(f"--config: no such file: {os.path.abspath(cwd / arg)}")
        try:
            table = tomllib.loads(arg)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"--config {arg!r}: neither a file nor a TOML `KEY = VALUE` setting ({error})") from None
        if len(table) != 1:
            raise ConfigError(f"--config {arg!r}: one `KEY = VALUE` setting per --config, got {len(table)}")
        settings.append(table)
    return path, tuple(settings)


def load_settings(
    *,
    cwd: Path,
    rules: Sequence[RuleInfo],
    config_path: Optional[Path] = None,
    isolated: bool = False,
    inline: Sequence[Mapping[str, Any]] = (),
    overrides: Mapping[str, Any] = MappingProxyType({}),
) -> Settings:
    """Merge the config file (``config_path``, else the one found from ``cwd``), the
    ``inline`` settings (``--config KEY = VALUE``, as TOML tables) and ``overrides``.

    ``overrides`` are command-line values keyed by Settings field name; None means unset.
    """
    if isolated and config_path is not None:
        raise ConfigError("--config and --isolated cannot be used together")
    if config_path is None:
        path = None if isolated else find_config(cwd)
    else:
        path = Path(os.path.abspath(cwd / config_path))
        if not path.is_file():
            raise ConfigError(f"--config: no such file: {path}")
    values = _read_config(path, rules, ()) if path else {}
    for table in inline:
        try:
            values = _merged(values, _parse_table(table, "", rules, _option_tables(rules)))
        except ConfigError as error:
            raise ConfigError(f"--config: {error}") from None
    given = {key.replace("_", "-"): value for key, value in overrides.items() if value is not None}
    for field, value in _parse_table(given, "--", rules, {}).items():
        values[field] = values.get(field, ()) + value if field in ADDITIVE_OVERRIDES else value
    root = path.parent if path else Path(os.path.abspath(cwd))
    return Settings(**values, project_root=root, config_path=path)


def file_tables(path: Path) -> List[Tuple[Path, Mapping[str, Any]]]:
    """The loglint keys of a config file as written (``[tool.loglint]`` in a pyproject.toml),
    then of each file it extends, in that order: the first file with a key set it."""
    chain: List[Tuple[Path, Mapping[str, Any]]] = []
    current: Optional[Path] = path
    while current is not None and all(current != seen for seen, _ in chain):
        table = _file_table(current)
        chain.append((current, table))
        extend = table.get(EXTEND)
        current = _extended(current, extend) if isinstance(extend, str) else None
    return chain


def fixable_codes(settings: Settings, rules: Sequence[RuleInfo]) -> FrozenSet[str]:
    """The codes whose fixes may be applied: named by ``fixable`` or ``extend-fixable`` and not by ``unfixable``."""
    return expand_codes((*settings.fixable, *settings.extend_fixable), rules) - expand_codes(settings.unfixable, rules)


def expand_codes(selectors: Iterable[str], rules: Sequence[RuleInfo]) -> FrozenSet[str]:
    """The codes named by code prefixes or ``ALL`` (any case); ConfigError for one naming no rule."""
    codes: Set[str] = set()
    for selector in selectors:
        matched = _expand(selector, rules)
        if not matched:
            raise ConfigError(_unknown_selector(selector, rules, ""))
        codes |= matched
    return frozenset(codes)


def resolve_selection(settings: Settings, rules: Sequence[RuleInfo]) -> FrozenSet[str]:
    """The enabled codes: the most specific selector naming a rule decides, ``ignore`` winning ties.

    Without ``select`` the rules on by default count as selected by ``ALL``, the least specific.
    """
    enabled: Set[str] = set()
    for rule in rules:
        if settings.select is None:
            chosen = 0 if rule.default_enabled else -1
        else:
            chosen = _specificity(settings.select, rule.code)
        chosen = max(chosen, _specificity(settings.extend_select, rule.code))
        if chosen > _specificity(settings.ignore, rule.code):
            enabled.add(rule.code)
    return frozenset(enabled)


def ignored_for_path(settings: Settings, relpath: str) -> Tuple[str, ...]:
    """The per-file-ignores selectors whose glob matches ``relpath`` (posix, relative to the project root).

    Globs match gitignore-style: a glob matching a folder above the file matches the file.
    """
    candidates = _candidates(relpath)
    selected: Dict[str, None] = {}
    for glob, selectors in settings.per_file_ignores.items():
        if _glob_matches(glob, candidates):
            selected.update(dict.fromkeys(selectors))
    return tuple(selected)


def unmatched_per_file_ignores(settings: Settings, relpaths: Iterable[str]) -> Tuple[str, ...]:
    """The per-file-ignores globs that match none of ``relpaths`` (a run's files): a typo,
    or a path written from another folder than the project root, silences nothing."""
    left = dict.fromkeys(settings.per_file_ignores)
    for relpath in relpaths:
        if not left:
            break
        candidates = _candidates(relpath)
        for glob in [glob for glob in left if _glob_matches(glob, candidates)]:
            del left[glob]
    return tuple(left)


def _candidates(relpath: str) -> List[Tuple[str, bool]]:
    """A file's path and its folders' (key, is a folder), as gitignore-style globs match them."""
    parts = relpath.split("/")
    return [("/".join(parts[:depth]), depth < len(parts)) for depth in range(1, len(parts) + 1)]


def _glob_matches(glob: str, candidates: Sequence[Tuple[str, bool]]) -> bool:
    rules = _glob_rules(glob)
    return any(rules.match(key, is_dir) for key, is_dir in candidates)


@cache
def _glob_rules(glob: str) -> IgnoreRules:
    return IgnoreRules([glob])


def _expand(selector: str, rules: Sequence[RuleInfo]) -> FrozenSet[str]:
    return frozenset(rule.code for rule in rules if _selects(selector, rule.code))


def _selects(selector: str, code: str) -> bool:
    upper = selector.upper()
    return upper == "ALL" or (bool(upper) and code.startswith(upper))


def _specificity(selectors: Iterable[str], code: str) -> int:
    """The length of the longest selector naming ``code`` (``ALL``: 0), -1 if none does."""
    lengths = (0 if selector.upper() == "ALL" else len(selector) for selector in selectors if _selects(selector, code))
    return max(lengths, default=-1)


def _unknown_selector(selector: str, rules: Sequence[RuleInfo], where: str) -> str:
    codes_by_key = {rule.name.upper(): rule.code for rule in rules}
    codes_by_key.update((rule.code, rule.code) for rule in rules)
    close = difflib.get_close_matches(selector.upper(), codes_by_key, n=1)
    if close:
        hint = f"did you mean {codes_by_key[close[0]]!r}?"
    else:
        hint = "valid prefixes include ALL, " + ", ".join(sorted({rule.code[:-2] for rule in rules}))
    return f"unknown rule code or prefix {selector!r}{where}; {hint}"


# --- reading files ----------------------------------------------------------------------


def _read_toml(path: Path) -> Dict[str, Any]:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text: {error.reason} at byte {error.start}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def _tool_table(document: Mapping[str, Any]) -> Any:
    tool = document.get("tool")
    return tool.get("loglint") if isinstance(tool, dict) else None


def _file_table(path: Path) -> Mapping[str, Any]:
    document = _read_toml(path)
    table = _tool_table(document) if path.name == "pyproject.toml" else document
    return table if isinstance(table, dict) else {}


def _read_config(path: Path, rules: Sequence[RuleInfo], extending: Tuple[Path, ...]) -> Dict[str, Any]:
    """The settings of a config file, over those of the file it ``extend``s (``extending``: the files on the way here)."""
    document = _read_toml(path)
    in_pyproject = path.name == "pyproject.toml"
    table = _tool_table(document) if in_pyproject else document
    scope = "tool.loglint." if in_pyproject else ""
    try:
        if in_pyproject and table is None:
            return {}  # named by --config (or extended) without a [tool.loglint] table
        if not isinstance(table, dict):
            raise _type_error("tool.loglint", "a table", table)
        local = {key: value for key, value in table.items() if key != EXTEND}
        values = _parse_table(local, scope, rules, _option_tables(rules), (EXTEND,))
        if EXTEND not in table:
            return values
        target = table[EXTEND]
        if not isinstance(target, str):
            raise _type_error(scope + EXTEND, "a string (the path of a config file)", target)
        base = _extended(path, target)
        if base in (*extending, path):
            cycle = " -> ".join(str(file) for file in (*extending, path, base)[(*extending, path).index(base):])
            raise ConfigError(f"{scope}{EXTEND}: the files extend each other in a cycle: {cycle}")
        if not base.is_file():
            raise ConfigError(f"{scope}{EXTEND}: no such file: {base}")
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    return _merged(_read_config(base, rules, (*extending, path)), values)


def _extended(path: Path, target: str) -> Path:
    """The file ``extend = target`` in ``path`` names: relative to ``path``'s folder."""
    return Path(os.path.abspath(path.parent / os.path.expanduser(target)))


def _merged(base: Dict[str, Any], local: Mapping[str, Any]) -> Dict[str, Any]:
    """``local``'s settings over ``base``'s; rule option tables merged key by key."""
    merged = {**base, **local}
    if "rule_options" in base and "rule_options" in local:
        options = {name: dict(table) for name, table in base["rule_options"].items()}
        for name, table in local["rule_options"].items():
            options[name] = {**options.get(name, {}), **table}
        merged["rule_options"] = options
    return merged


def _option_tables(rules: Sequence[RuleInfo]) -> Dict[str, Mapping[str, OptionSpec]]:
    """The tables a config may hold besides its keys: each rule's options, by rule name, and ``production``."""
    tables = {rule.name: rule.options for rule in rules}
    tables["production"] = _PRODUCTION_OPTIONS
    return tables


# --- validating values ------------------------------------------------------------------

_Parser = Callable[[Any, str, Sequence[RuleInfo]], Any]
_TYPE_NAMES: Mapping[Any, str] = MappingProxyType({
    bool: "a boolean", int: "an integer", float: "a float", str: "a string",
    list: "an array", tuple: "an array", dict: "a table",
})
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_PRODUCTION_OPTIONS: Mapping[str, OptionSpec] = MappingProxyType({
    "paths": OptionSpec((list, str), (), "globs of the files that are production code"),
    "extend-paths": OptionSpec((list, str), (), "globs added to paths"),
})


def _parse_table(
    table: Mapping[str, Any],
    scope: str,
    rules: Sequence[RuleInfo],
    tables: Mapping[str, Mapping[str, OptionSpec]],
    file_keys: Sequence[str] = (),
) -> Dict[str, Any]:
    """Settings field values from one table; ``scope`` prefixes key names in messages (``--`` for the CLI);
    ``file_keys``: the other keys valid where the table is (``extend`` in a file), for the message of an unknown one."""
    values: Dict[str, Any] = {}
    rule_options: Dict[str, Dict[str, Any]] = {}
    for key, value in table.items():
        if key in _SETTINGS:
            values[key.replace("-", "_")] = _SETTINGS[key](value, _ref(scope, key), rules)
        elif key in tables:
            rule_options[key] = _parse_options(value, _ref(scope, key), tables[key])
        else:
            valid = [*_SETTINGS, *file_keys, *(name for name, options in tables.items() if options)]
            raise _unknown_key(key, scope, [*_SETTINGS, *file_keys, *tables], sorted(valid))
    if rule_options:
        values["rule_options"] = rule_options
    return values


def _parse_options(value: Any, ref: str, specs: Mapping[str, OptionSpec]) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise _type_error(ref, "a table", value)
    options = {}
    for key, item in value.items():
        if key not in specs:
            raise _unknown_key(key, ref + ".", list(specs), sorted(specs))
        options[key] = _typed(item, _ref(ref + ".", key), specs[key].type)
    return options


def _unknown_key(key: str, scope: str, known: Sequence[str], valid: Sequence[str]) -> ConfigError:
    table = f" in [{scope[:-1]}]" if scope.endswith(".") else ""
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "."
    return ConfigError(f"unknown key {key!r}{table}{hint} Valid keys: {', '.join(valid) or '(none)'}")


def _ref(scope: str, key: str) -> str:
    return scope + (key if _BARE_KEY.fullmatch(key) else f'"{key}"')


def _type_error(ref: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(f"{ref} must be {expected}, got {_describe(value)}")


def _describe(value: Any) -> str:
    kind = _TYPE_NAMES.get(type(value), f"a {type(value).__name__}")
    return kind if isinstance(value, (list, tuple, dict)) else f"{kind} ({value!r})"


def _typed(value: Any, ref: str, kind: Any) -> Any:
    """``value`` checked against an OptionSpec type: int, str, bool, float or (list, str)."""
    if kind == (list, str):
        return _strings(value, ref)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        return value
    raise _type_error(ref, _TYPE_NAMES[kind], value)


def _strings(value: Any, ref: str, expected: str = "an array of strings") -> Tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise _type_error(ref, expected, value)
    for item in value:
        if not isinstance(item, str):
            raise ConfigError(f"{ref} must be {expected}, got an array containing {_describe(item)}")
    return tuple(value)


def _choice(value: Any, ref: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str):
        raise _type_error(ref, "a string", value)
    if value not in choices:
        close = difflib.get_close_matches(value, choices, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"{ref} must be one of {', '.join(choices)}, got {value!r}{hint}")
    return value


def _selectors(value: Any, ref: str, rules: Sequence[RuleInfo]) -> Tuple[str, ...]:
    selectors = tuple(selector.upper() for selector in _strings(value, ref))
    for selector in selectors:
        if not _expand(selector, rules):
            raise ConfigError(_unknown_selector(selector, rules, f" in {ref}"))
    return selectors


def _per_file_ignores(value: Any, ref: str, rules: Sequence[RuleInfo]) -> Dict[str, Tuple[str, ...]]:
    """Globs relative to the project root; a leading ``./`` says the same (and matched nothing before)."""
    if not isinstance(value, dict):
        raise _type_error(ref, "a table of glob = [codes]", value)
    ignores: Dict[str, Tuple[str, ...]] = {}
    for glob, codes in value.items():
        plain = glob
        while plain.startswith("./"):
            plain = plain[2:]
        ignores[plain] = ignores.get(plain, ()) + _selectors(codes, _ref(ref + ".", glob), rules)
    return ignores


def _logger_names(value: Any, ref: str, rules: Sequence[RuleInfo]) -> Dict[str, Optional[str]]:
    if isinstance(value, dict):
        return {name: _choice(library, _ref(ref + ".", name), LIBRARIES) for name, library in value.items()}
    return dict.fromkeys(_strings(value, ref, "an array of strings or a table of name = library"))


_SETTINGS: Mapping[str, _Parser] = MappingProxyType({
    "select": _selectors,
    "extend-select": _selectors,
    "ignore": _selectors,
    "per-file-ignores": _per_file_ignores,
    "exclude": lambda value, ref, rules: _strings(value, ref),
    "extend-exclude": lambda value, ref, rules: _strings(value, ref),
    "include": lambda value, ref, rules: _strings(value, ref),
    "extend-include": lambda value, ref, rules: _strings(value, ref),
    "respect-gitignore": lambda value, ref, rules: _typed(value, ref, bool),
    "fix": lambda value, ref, rules: _typed(value, ref, bool),
    "unsafe-fixes": lambda value, ref, rules: _typed(value, ref, bool),
    "fixable": _selectors,
    "extend-fixable": _selectors,
    "unfixable": _selectors,
    "output-format": lambda value, ref, rules: _choice(value, ref, OUTPUT_FORMATS),
    "logger-names": _logger_names,
    "default-library": lambda value, ref, rules: _choice(value, ref, LIBRARIES),
    "respect-peer-suppressions": lambda value, ref, rules: _typed(value, ref, bool),
})
