"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit.

The working tree is committed to a temporary hook repository (so the hooks and the
package are the ones being tested, uncommitted edits included), and a temporary
project points its .pre-commit-config.yaml at it. pre-commit builds the hook's
environment from PyPI the first time, in a temporary PRE_COMMIT_HOME.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Sequence, Tuple

import pytest

REPO = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "venv", ".bench", ".hypothesis", "*_cache", "__pycache__", "*.egg-info", "build", "dist"
)
BAD = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f"user {name!r}")\n'
FIXED = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.info("user %r", name)\n'

pytestmark = pytest.mark.slow


def notebook(source: str) -> str:
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}, indent=1) + "\n"


def git(args: Sequence[str], cwd: Path) -> str:
    identity = ["-c", "user.name=loglint tests", "-c", "user.email=tests@loglint.invalid", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def pre_commit(args: Sequence[str], cwd: Path, env: Dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def hook_repo(tmp_path: Path) -> str:
    """A git repository holding this checkout's working tree; returns its commit."""
    repo = tmp_path / "hooks"
    shutil.copytree(REPO, repo, ignore=NOT_COPIED)
    git(["init", "-q"], repo)
    git(["add", "-A"], repo)
    git(["commit", "-q", "-m", "hooks under test"], repo)
    return git(["rev-parse", "HEAD"], repo)


def _project(tmp_path: Path, hook_repo: str) -> Tuple[Path, Dict[str, str]]:
    """A git project using the hooks, and the environment to run pre-commit in."""
    project = tmp_path / "project"
    project.mkdir()
    git(["init", "-q"], project)
    (project / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {tmp_path / 'hooks'}\n"
        f"    rev: {hook_repo}\n"
        "    hooks:\n"
        "      - id: loglint\n"
        "      - id: loglint-fix\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "LOGLINT", "VIRTUAL_ENV"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    return project, env


def test_hooks_fail_fix_and_pass(tmp_path: Path, hook_repo: str) -> None:
    project, env = _project(tmp_path, hook_repo)
    (project / "app.py").write_text(BAD)
    (project / "train.ipynb").write_text(notebook(BAD))
    git(["add", "-A"], project)

    check = pre_commit(["run", "loglint", "--all-files"], project, env)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "app.py:3:13: LL301 [*] f-string in logging call" in check.stdout
    assert "train.ipynb:cell 1:3:13: LL301 [*] f-string in logging call" in check.stdout
    assert (project / "app.py").read_text() == BAD

    fix = pre_commit(["run", "loglint-fix", "--all-files"], project, env)
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert "files were modified by this hook" in fix.stdout
    assert (project / "app.py").read_text() == FIXED
    assert (project / "train.ipynb").read_text() == notebook(FIXED)

    again = pre_commit(["run", "--all-files"], project, env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("Passed") == 2


def test_hooks_check_production_config_files_and_only_those(tmp_path: Path, hook_repo: str) -> None:
    project, env = _project(tmp_path, hook_repo)
    (project / "pyproject.toml").write_text("[tool.loglint]\n[tool.other]\nsink = 1\nlevel = 2\n")
    prod = project / "deploy" / "production"
    prod.mkdir(parents=True)
    (prod / "logging.yaml").write_text("handlers:\n  - sink: app.log\n    level: INFO\n")
    (prod / "logging.toml").write_text('[handler]\nsink = "app.log"\nlevel = "INFO"\n')
    (prod / "logging.json").write_text('{"sink": "app.log", "level": "INFO"}\n')
    (prod / "ok.json").write_text('{"sink": "app.log", "level": "INFO", "serialize": true}\n')
    (project / "dev.yaml").write_text("sink: app.log\nlevel: INFO\n")  # not production: never reported
    git(["add", "-A"], project)

    check = pre_commit(["run", "loglint", "--all-files"], project, env)
    assert check.returncode == 1, check.stdout + check.stderr
    reported = sorted(line.split(": LL501 ")[0] for line in check.stdout.splitlines() if ": LL501 " in line)
    assert reported == [
        "deploy/production/logging.json:1:2",
        "deploy/production/logging.toml:2:1",
        "deploy/production/logging.yaml:2:5",
    ], check.stdout
    assert "Found 3 problems." in check.stdout and "LL000" not in check.stdout
