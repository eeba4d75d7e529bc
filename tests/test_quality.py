"""We use what we sell: loglint, ruff and mypy --strict pass on our own code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_loglint_on_its_own_source() -> None:
    result = _run(str(BIN / "loglint"), "src/", "--no-cache", "--select", "LL")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    result = _run(str(BIN / "ruff"), "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
