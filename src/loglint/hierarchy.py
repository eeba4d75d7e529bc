"""Which settings check which file: those of the nearest config file above it, as in ruff.

In a monorepo ``pkg_a/pyproject.toml`` and ``pkg_b/pyproject.toml`` give their files
different settings. A file with no config file above it gets the settings of the current
folder's (or the defaults, rooted at the current folder). ``--config PATH`` and
``--isolated`` give every file the same settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Container, Dict, Mapping, Optional, Sequence

from loglint.config import RuleInfo, config_in, load_settings
from loglint.settings import Settings


class SettingsTree:
    """Settings by folder, each config file read once; ConfigError (from any method) for one that cannot be used."""

    def __init__(
        self,
        cwd: Path,
        rules: Sequence[RuleInfo],
        *,
        config_path: Optional[Path] = None,
        isolated: bool = False,
        inline: Sequence[Mapping[str, Any]] = (),
        overrides: Mapping[str, Any],
    ) -> None:
        self._cwd = Path(os.path.abspath(cwd))
        self._rules = rules
        self._inline = inline
        self._overrides = overrides
        # The settings of the current folder: every file's with --config PATH or --isolated.
        self.default = load_settings(
            cwd=self._cwd, rules=rules, config_path=config_path, isolated=isolated, inline=inline, overrides=overrides
        )
        self._fixed = config_path is not None or isolated
        self._by_config: Dict[Path, Settings] = {}
        if self.default.config_path is not None:
            self._by_config[self.default.config_path] = self.default
        self._by_folder: Dict[str, Settings] = {}

    def for_path(self, path: Path) -> Settings:
        """The settings of a file (or folder), which need not exist."""
        absolute = os.path.abspath(path)
        return self.for_folder(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))

    def for_folder(self, folder: str, names: Optional[Container[str]] = None) -> Settings:
        """The settings of the files in ``folder`` (an absolute path); ``names``: the names in it, when known."""
        if self._fixed:
            return self.default
        known = self._by_folder.get(folder)
        if known is not None:
            return known
        on_the_way = []
        current = folder
        found: Optional[Settings] = None
        while found is None:
            on_the_way.append(current)
            config = config_in(current, names if current == folder else None)
            parent = os.path.dirname(current)
            if config is not None:
                found = self._of_config(config)
            elif parent == current:
                found = self.default
            else:
                current = parent
                found = self._by_folder.get(current)
        for seen in on_the_way:
            self._by_folder[seen] = found
        return found

    def _of_config(self, config: Path) -> Settings:
        settings = self._by_config.get(config)
        if settings is None:
            settings = load_settings(
                cwd=config.parent, rules=self._rules, config_path=config, inline=self._inline, overrides=self._overrides
            )
            self._by_config[config] = settings
        return settings
