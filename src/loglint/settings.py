"""The effective settings of a run, after merging config files and command line."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

LIBRARIES = ("logging", "loguru", "structlog")

DEFAULT_EXCLUDE: Tuple[str, ...] = (
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", ".eggs", "build", "dist",
    "node_modules", "__pycache__", "site-packages", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".loglint_cache",
)
# The files a walk checks (gitignore-style globs); a file named on the command line is checked whatever its name.
DEFAULT_INCLUDE: Tuple[str, ...] = ("*.py", "*.pyi", "*.ipynb")


# Metadata of a field that changes which files are checked or how results are shown, never
# what a file produces: left out of the result cache's key. Every other field is in it.
_NOT_IN_RESULTS = {"in_results": False}


@dataclass
class Settings:
    select: Optional[Tuple[str, ...]] = None  # None: the rules that are on by default
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    exclude: Tuple[str, ...] = field(default=DEFAULT_EXCLUDE, metadata=_NOT_IN_RESULTS)
    extend_exclude: Tuple[str, ...] = field(default=(), metadata=_NOT_IN_RESULTS)
    include: Tuple[str, ...] = field(default=DEFAULT_INCLUDE, metadata=_NOT_IN_RESULTS)
    extend_include: Tuple[str, ...] = field(default=(), metadata=_NOT_IN_RESULTS)
    respect_gitignore: bool = field(default=True, metadata=_NOT_IN_RESULTS)
    # A result with a fix to apply is never served from the cache (see runner.run_files).
    fix: bool = field(default=False, metadata=_NOT_IN_RESULTS)
    unsafe_fixes: bool = False
    # which rules' fixes --fix may apply (code prefixes); unfixable wins
    fixable: Tuple[str, ...] = ("ALL",)
    extend_fixable: Tuple[str, ...] = ()
    unfixable: Tuple[str, ...] = ()
    output_format: str = field(default="text", metadata=_NOT_IN_RESULTS)
    # name or dotted path -> library ("logging"/"loguru"/"structlog"), or None: resolve as usual
    logger_names: Dict[str, Optional[str]] = field(default_factory=dict)
    default_library: Optional[str] = None
    # rule name (kebab-case) -> option name -> value, validated against Rule.options
    rule_options: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    # noqa comments with peer codes (G004...) and pylint disables silence loglint's equivalents
    respect_peer_suppressions: bool = True
    project_root: Path = field(default_factory=Path.cwd)
    # Where the settings came from; the project root it gives is in the key.
    config_path: Optional[Path] = field(default=None, metadata=_NOT_IN_RESULTS)


def result_settings(settings: Settings) -> Dict[str, Any]:
    """The fields that can change a file's findings or fixes, by name."""
    return {item.name: getattr(settings, item.name) for item in fields(Settings) if item.metadata.get("in_results", True)}
