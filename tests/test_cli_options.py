"""ruff's command-line options, through the installed console script: --color with NO_COLOR
and FORCE_COLOR, --exit-non-zero-on-fix, ``loglint clean``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

import pytest

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"

# LL206 (deprecated warn, safe fix) and nothing else once fixed.
WARN = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.warn("cache %s expired", key)\n'
FIXED = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.warning("cache %s expired", key)\n'
# LL206 fixed, LL301 left (its fix is unsafe).
WARN_AND_FSTRING = WARN + 'logger.info(f"user {name}")\n'
ESC = "\x1b["


def run(args: Sequence[str], cwd: Path, env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess[str]:
    """``loglint ARGS`` with stdout and stderr piped (no terminal), ``env`` on top of a
    neutral environment (no colour variables, no format, no cache folder)."""
    neutral = ("NO_COLOR", "FORCE_COLOR", "LOGLINT_OUTPUT_FORMAT", "LOGLINT_CACHE_DIR")
    environ = {k: v for k, v in os.environ.items() if k not in neutral}
    environ.update(env or {})
    return subprocess.run([LOGLINT, *args], cwd=cwd, capture_output=True, text=True, env=environ, timeout=60)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    (tmp_path / "app.py").write_text(WARN)
    return tmp_path


# --color, NO_COLOR, FORCE_COLOR


@pytest.mark.parametrize(
    "args, env, coloured",
    [
        ([], {}, False),  # auto, not a terminal
        (["--color", "auto"], {}, False),
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the flag wins over both variables
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": ""}, False),  # empty: not set (force-color.org)
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins over FORCE_COLOR
        ([], {"FORCE_COLOR": "1", "NO_COLOR": ""}, True),  # empty: not set (no-color.org)
    ],
)
def test_color_flag_then_no_color_then_force_color(project: Path, args: Sequence[str], env: Dict[str, str], coloured: bool) -> None:
    result = run(["--no-cache", *args, "app.py"], project, env)
    assert result.returncode == 1, result.stderr
    assert (ESC in result.stdout) is coloured, result.stdout
    plain = run(["--no-cache", "app.py"], project).stdout
    assert plain.startswith("app.py:3:8: LL206 [*] ")
    if coloured:
        assert result.stdout.startswith(f"{ESC}1mapp.py{ESC}0m{ESC}36m:{ESC}0m3{ESC}36m:")
        assert f"{ESC}1;31mLL206{ESC}0m" in result.stdout


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_color_always_colours_the_human_formats(project: Path, fmt: str) -> None:
    assert ESC in run(["--no-cache", "--color", "always", "--output-format", fmt, "app.py"], project).stdout


@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_machine_formats_stay_uncoloured(project: Path, fmt: str) -> None:
    result = run(["--no-cache", "--color", "always", "--output-format", fmt, "app.py"], project, {"FORCE_COLOR": "1"})
    assert result.stdout and ESC not in result.stdout


def test_output_file_is_coloured_only_by_color_always(project: Path) -> None:
    report = project / "report.txt"
    run(["--no-cache", "--output-file", str(report), "app.py"], project, {"FORCE_COLOR": "1"})
    assert report.read_text().startswith("app.py:3:8: LL206")
    run(["--no-cache", "--color", "always", "--output-file", str(report), "app.py"], project)
    assert report.read_text().startswith(f"{ESC}1mapp.py")


def test_color_with_a_bad_value_lists_the_choices(project: Path) -> None:
    result = run(["--color", "sometimes", "app.py"], project)
    assert result.returncode == 2
    assert "'sometimes' is not one of 'auto', 'always', 'never'" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_ansi_in_errors_with_color_always(project: Path) -> None:
    result = run(["--color", "always", "missing.py"], project)
    assert result.returncode == 2
    assert ESC not in result.stderr and "missing.py" in result.stderr


# --exit-non-zero-on-fix


def test_exit_non_zero_on_fix_when_everything_was_fixed(project: Path) -> None:
    result = run(["--no-cache", "--fix", "--exit-non-zero-on-fix", "app.py"], project)
    assert (project / "app.py").read_text() == FIXED
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Fixed 1 problem." in result.stdout
    # nothing left to fix: a clean run is 0 again
    again = run(["--no-cache", "--fix", "--exit-non-zero-on-fix", "app.py"], project)
    assert again.returncode == 0, again.stdout
    assert "All checks passed!" in again.stdout


def test_without_the_flag_a_run_that_fixed_everything_exits_0(project: Path) -> None:
    result = run(["--no-cache", "--fix", "app.py"], project)
    assert (project / "app.py").read_text() == FIXED
    assert result.returncode == 0, result.stdout


def test_exit_non_zero_on_fix_with_findings_left(project: Path) -> None:
    (project / "app.py").write_text(WARN_AND_FSTRING)
    result = run(["--no-cache", "--fix", "--exit-non-zero-on-fix", "app.py"], project)
    assert result.returncode == 1
    assert "LL301" in result.stdout and "LL206" not in result.stdout


def test_exit_non_zero_on_fix_without_fix_changes_nothing(project: Path) -> None:
    (project / "clean.py").write_text(FIXED)
    assert run(["--no-cache", "--exit-non-zero-on-fix", "clean.py"], project).returncode == 0
    assert run(["--no-cache", "--exit-non-zero-on-fix", "app.py"], project).returncode == 1
    assert (project / "app.py").read_text() == WARN


def test_exit_non_zero_on_fix_through_stdin(project: Path) -> None:
    args = [LOGLINT, "--no-cache", "--fix", "--exit-non-zero-on-fix", "-", "--stdin-filename", "app.py"]
    fixed = subprocess.run(args, cwd=project, input=WARN, capture_output=True, text=True, timeout=60)
    assert fixed.returncode == 1
    assert fixed.stdout == FIXED
    clean = subprocess.run(args, cwd=project, input=FIXED, capture_output=True, text=True, timeout=60)
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout == FIXED


def test_exit_non_zero_on_fix_with_fix_from_the_config(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.loglint]\nfix = true\n")
    assert run(["--no-cache", "--exit-non-zero-on-fix", "app.py"], project).returncode == 1
    assert (project / "app.py").read_text() == FIXED


def test_exit_non_zero_on_fix_conflicts_with_exit_zero(project: Path) -> None:
    result = run(["--fix", "--exit-zero", "--exit-non-zero-on-fix", "app.py"], project)
    assert result.returncode == 2
    assert result.stderr == "loglint: error: --exit-zero cannot be used with --exit-non-zero-on-fix\n"
    assert (project / "app.py").read_text() == WARN
