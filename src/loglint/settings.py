"""The effective settings of a run, after merging config files and command line."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Settings:
    select: Optional[Tuple[str, ...]] = None  # None: the rules that are on by default
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: Tuple[str, ...] = ()
    include: Tuple[str, ...] = DEFAULT_INCLUDE
    extend_include: Tuple[str, ...] = ()
    respect_gitignore: bool = True
    fix: bool = False
    unsafe_fixes: bool = False
    # which rules' fixes --fix may apply (code prefixes); unfixable wins
    fixable: Tuple[str, ...] = ("ALL",)
    extend_fixable: Tuple[str, ...] = ()
    unfixable: Tuple[str, ...] = ()
    output_format: str = "text"
    # name or dotted path -> library ("logging"/"loguru"/"structlog"), or None: resolve as usual
    logger_names: Dict[str, Optional[str]] = field(default_factory=dict)
    default_library: Optional[str] = None
    # rule name (kebab-case) -> option name -> value, validated against Rule.options
    rule_options: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    # noqa comments with peer codes (G004...) and pylint disables silence loglint's equivalents
    respect_peer_suppressions: bool = True
    project_root: Path = field(default_factory=Path.cwd)
    config_path: Optional[Path] = None
