"""Which settings lint a document, and linting it with them.

A document is linted with the settings the CLI would use for it: the nearest
``[tool.loglint]`` config up from its folder (``loglint.toml``, ``.loglint.toml``,
``pyproject.toml``), its ``per-file-ignores`` and ``exclude`` judged on its path
relative to that config's folder; without a config, the defaults, rooted at the
workspace folder that holds the document. The editor's settings (:class:`ClientSettings`)
add to them as the CLI's flags do. Settings and engines are kept per config file until
a config file changes (:meth:`Projects.forget`). :meth:`Projects.context_for` is the one
place that decides what lints a document.

Loggers defined in other modules are found through the project index, as in the CLI;
its facts are kept in memory and read again from disk when a module's stat changes, so
a module edited and saved counts from its next lint. The document itself is always
read from the editor's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union

from loglint.config import ConfigError, expand_codes, find_config, load_settings
from loglint.discovery import is_excluded
from loglint.loggers.index import ProjectIndex, index_root
from loglint.loggers.store import FactStore
from loglint.registry import rule_infos
from loglint.runner import relative_path, size_error
from loglint.settings import Settings

if TYPE_CHECKING:
    from loglint.engine import Engine, LintResult

SEVERITIES = ("error", "warning", "information", "hint")
DEFAULT_DEBOUNCE_MS = 300


@dataclass(frozen=True)
class ClientSettings:
    """What the editor may set, in ``initializationOptions`` or the ``loglint`` section of
    ``workspace/configuration``; keys as in the config file (``extend-select``)."""

    select: Optional[Tuple[str, ...]] = None  # as --select: replaces the config's
    extend_select: Tuple[str, ...] = ()  # as --extend-select
    ignore: Tuple[str, ...] = ()  # as --ignore: added to the config's
    unsafe_fixes: Optional[bool] = None  # offer unsafe quick fixes (default: the config's unsafe-fixes)
    severity: str = "warning"  # of every finding; LL000 (the file does not parse) is always an error
    debounce_ms: int = DEFAULT_DEBOUNCE_MS  # quiet time after a change before the document is linted

    def overrides(self) -> Dict[str, Any]:
        """The settings overrides, as ``loglint check`` makes them from its flags."""
        given = {"select": self.select, "unsafe_fixes": self.unsafe_fixes}
        given.update(extend_select=self.extend_select or None, ignore=self.ignore or None)
        return {key: value for key, value in given.items() if value is not None}


def client_settings(raw: Any) -> Tuple[ClientSettings, List[str]]:
    """The editor's settings, and a message for each value left out because it is invalid."""
    if raw is None:
        return ClientSettings(), []
    if not isinstance(raw, Mapping):
        return ClientSettings(), [f"loglint settings must be an object, got {type(raw).__name__}"]
    values: Dict[str, Any] = {}
    problems: List[str] = []
    for key, value in raw.items():
        try:
            values[key.replace("-", "_")] = _setting(key, value)
        except ConfigError as error:
            problems.append(f"loglint setting {key!r}: {error}")
    return ClientSettings(**values), problems


def _setting(key: str, value: Any) -> Any:
    if key in ("select", "extend-select", "ignore"):
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise ConfigError("must be a list of rule codes or prefixes")
        expand_codes(value, rule_infos())
        return tuple(code.upper() for code in value)
    if key == "unsafe-fixes":
        if not isinstance(value, bool):
            raise ConfigError("must be true or false")
        return value
    if key == "severity":
        if value not in SEVERITIES:
            raise ConfigError(f"must be one of {', '.join(SEVERITIES)}")
        return value
    if key == "debounce-ms":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError("must be a number of milliseconds (0 or more)")
        return value
    known = ("select", "extend-select", "ignore", "unsafe-fixes", "severity", "debounce-ms")
    raise ConfigError(f"unknown setting; valid settings: {', '.join(known)}")


class Project:
    """One configuration in force: its settings and the engines built from them."""

    def __init__(self, settings: Settings, root: Path) -> None:
        self.settings = settings
        self.index_root = index_root(settings.config_path, [str(root)], root)
        self.facts = FactStore(None, self.index_root)  # in memory, checked against each module's stat
        self.engine = _engine(settings, fix=False)
        self._fixer: Optional[Engine] = None
        self._excluded: Dict[Path, bool] = {}

    @property
    def fixer(self) -> Engine:
        """The engine that applies the safe fixes (``source.fixAll``), built when first asked for."""
        if self._fixer is None:
            self._fixer = _engine(self.settings, fix=True)
        return self._fixer

    def excluded(self, path: Path) -> bool:
        if path not in self._excluded:
            self._excluded[path] = is_excluded(path, self.settings)
        return self._excluded[path]


@dataclass(frozen=True)
class LintContext:
    """How one document is linted: its project, its path as globs see it, whether it is excluded."""

    project: Project
    relpath: str
    path: Optional[Path] = None  # None: an unsaved document
    excluded: bool = field(default=False)

    def lint(self, text: str, display: str, fix: bool = False) -> LintResult:
        """The findings of ``text`` (with ``fix``: and the text with every safe fix applied),
        as ``loglint check`` would give them for a file holding it."""
        from loglint.engine import LintResult

        data = text.encode("utf-8", "surrogatepass")
        too_large = size_error(display, len(data))
        if too_large is not None:
            return LintResult(errors=[too_large])
        engine = self.project.fixer if fix else self.project.engine
        if self.excluded or not engine.may_have_findings(data):
            return LintResult()
        engine.index = ProjectIndex(self.project.index_root, self.project.facts)  # fresh answers for each lint
        return engine.lint_text(text, display, self.relpath, self.path)


class Projects:
    """Projects by config file, found for documents by folder; both kept until :meth:`forget`."""

    def __init__(self) -> None:
        self._configs: Dict[Path, Union[Optional[Path], ConfigError]] = {}
        self._projects: Dict[Tuple[Optional[Path], Path, ClientSettings], Union[Project, ConfigError]] = {}

    def context_for(self, path: Optional[Path], folder: Optional[Path], client: ClientSettings) -> LintContext:
        """What lints the document at ``path`` (None: unsaved) in workspace folder ``folder``
        (None: in none). Raises ConfigError for a config file that cannot be used."""
        start = path.parent if path is not None else (folder or Path.cwd())
        config = self._config(start)
        root = config.parent if config is not None else (folder or start)
        key = (config, root, client)
        project = self._projects.get(key)
        if project is None:
            project = self._projects[key] = _load(config, root, client)
        if isinstance(project, ConfigError):
            raise project
        if path is None:
            return LintContext(project, "")
        return LintContext(project, relative_path(path, project.settings.project_root), path, project.excluded(path))

    def forget(self) -> None:
        """Read the config files again when next asked (one of them changed)."""
        self._configs.clear()
        self._projects.clear()

    def _config(self, folder: Path) -> Optional[Path]:
        found = self._configs.get(folder)
        if folder not in self._configs:
            try:
                found = find_config(folder)
            except ConfigError as error:
                found = error
            self._configs[folder] = found
        if isinstance(found, ConfigError):
            raise found
        return found


def _load(config: Optional[Path], root: Path, client: ClientSettings) -> Union[Project, ConfigError]:
    try:
        if config is not None:
            settings = load_settings(cwd=config.parent, rules=rule_infos(), config_path=config, overrides=client.overrides())
        else:
            settings = load_settings(cwd=root, rules=rule_infos(), isolated=True, overrides=client.overrides())
    except ConfigError as error:
        return error
    return Project(settings, root)


def _engine(settings: Settings, fix: bool) -> Engine:
    """An engine; the first one imports libcst and the rules (fast: see :mod:`loglint.fast_import`)."""
    from loglint.fast_import import fast_imports

    with fast_imports("engine"):
        from loglint.engine import Engine

    return Engine(settings, fix=fix)
