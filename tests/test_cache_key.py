"""The result cache's key covers every setting that changes a file's findings or fixes
(issue 20): a run after a change of ``pyproject.toml`` reports with the cache what it
reports without. Through the command line, one case per field of :class:`Settings`."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Dict, Tuple

import pytest
from test_cli import run

from loglint.cache import settings_key
from loglint.settings import Settings

APP = '''\
import logging
import sys

from loguru import logger as sink_logger

logger = logging.getLogger(__name__)
sink_logger.add(sys.stderr)


def handle(name, log):
    logger.info(f"user {name}")
    logger.info(f"peer {name}")  # noqa: G004
    logger.info("user logged in now")
    logger.debug("failed to connect to the database")
    logger.warn("user %s left the room", name)
    log.info("vendor {} seen", name)
    AUDIT.info(f"audit {name}")
'''

# Settings field -> the [tool.loglint] lines that change it, each changing what a run of APP reports or writes.
CHANGES: Dict[str, str] = {
    "select": 'select = ["LL1"]',
    "extend_select": 'extend-select = ["LL103"]',
    "ignore": 'ignore = ["LL301"]',
    "per_file_ignores": 'per-file-ignores = { "src/**" = ["LL301"] }',
    "exclude": 'exclude = ["src"]',
    "extend_exclude": 'extend-exclude = ["src/app.py"]',
    "fix": "fix = true",
    "unsafe_fixes": "unsafe-fixes = true",
    "output_format": 'output-format = "json"',
    "logger_names": 'logger-names = { "AUDIT" = "logging" }',
    "default_library": 'default-library = "logging"',
    "rule_options": "[tool.loglint.vague-message]\nmin-words = 5",
    "rule_options (production paths)": '[tool.loglint.production]\nextend-paths = ["src/**"]',
    "respect_peer_suppressions": "respect-peer-suppressions = false",
    "include": 'include = ["*.pyi"]',
    "extend_include": 'extend-include = ["*.pyw"]',
    "respect_gitignore": "respect-gitignore = false",
    "fixable": 'fixable = ["LL1"]',
    "extend_fixable": 'fixable = ["LL1"]\nextend-fixable = ["LL3"]',
    "unfixable": 'unfixable = ["LL3"]',
}
# The [tool.loglint] lines a case's project has before and after its change: an option of a
# rule off by default changes nothing unless the rule is selected in both runs.
BASES: Dict[str, str] = {"rule_options": 'extend-select = ["LL101"]'}
# Where the settings come from, not something a config file sets.
NOT_A_KEY = {"project_root", "config_path"}


def _outcome(root: Path, *args: str) -> Tuple[int, str, str]:
    """Exit code, report and the file as the run left it."""
    result = run(args, root)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, result.stdout, (root / "src" / "app.py").read_text()


def _project(root: Path, base: str = "") -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text(APP)
    # Checked only when the walk takes .pyw files, or leaves .gitignore aside.
    (root / "src" / "tool.pyw").write_text(APP)
    (root / "src" / "ignored.py").write_text(APP)
    (root / ".gitignore").write_text("ignored.py\n")
    (root / "pyproject.toml").write_text(f"[tool.loglint]\n{base}\n")
    return root


def test_every_setting_has_a_case() -> None:
    fields = {item.name for item in dataclasses.fields(Settings)}
    assert {name.split(" ")[0] for name in CHANGES} == fields - NOT_A_KEY


@pytest.mark.parametrize("setting", list(CHANGES))
def test_a_changed_setting_reports_with_the_cache_what_it_reports_without(setting: str, tmp_path: Path) -> None:
    base = BASES.get(setting, "")
    cached, uncached = _project(tmp_path / "cached", base), _project(tmp_path / "uncached", base)
    cache = ("--cache-dir", str(tmp_path / "cache"))
    before = _outcome(cached, *cache)
    assert before == _outcome(uncached, "--no-cache")
    assert list((tmp_path / "cache").glob("results-*.json"))  # the second run may use it
    for root in (cached, uncached):
        (root / "pyproject.toml").write_text(f"[tool.loglint]\n{base}\n{CHANGES[setting]}\n")
    after = _outcome(uncached, "--no-cache")
    assert after != before  # the setting matters to APP
    assert _outcome(cached, *cache) == after


def test_the_python_version_is_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """CPython's compiler words syntax errors and tells libcst's gaps from invalid code:
    a cache shared by two Pythons (a project's venv and pre-commit's) must not mix them."""
    key = settings_key(Settings(), False)
    monkeypatch.setattr(sys, "version_info", (3, 99, 0, "final", 0))
    assert settings_key(Settings(), False) != key
