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


# loglint clean


def test_clean_removes_every_cache_under_the_current_folder(project: Path) -> None:
    assert run(["app.py"], project).returncode == 1  # writes .loglint_cache at the root
    (project / "sub").mkdir()
    (project / "sub" / "pyproject.toml").write_text("[tool.loglint]\n")
    (project / "sub" / "app.py").write_text(WARN)
    assert run(["app.py"], project / "sub").returncode == 1
    assert (project / ".loglint_cache").is_dir() and (project / "sub" / ".loglint_cache").is_dir()
    result = run(["clean"], project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "Removed cache at: .loglint_cache\nRemoved cache at: sub/.loglint_cache\n"
    assert not (project / ".loglint_cache").exists() and not (project / "sub" / ".loglint_cache").exists()
    assert (project / "app.py").read_text() == WARN and (project / "sub" / "app.py").exists()
    again = run(["clean"], project)
    assert again.returncode == 0 and again.stderr == "No cache to remove.\n"


def test_clean_removes_only_under_the_current_folder(project: Path) -> None:
    (project / "sub").mkdir()
    run(["app.py"], project)
    assert run(["clean"], project / "sub").stderr == "No cache to remove.\n"
    assert (project / ".loglint_cache").is_dir()


def test_clean_never_follows_a_link_out(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / ".loglint_cache").mkdir()
    (outside / ".loglint_cache" / "results.json").write_text("{}")
    (project / "linked").symlink_to(outside)  # a folder link: not walked into
    (project / "sub").mkdir()
    (project / "sub" / ".loglint_cache").symlink_to(outside / ".loglint_cache")  # a cache that is a link: kept
    (project / "real" / ".loglint_cache").mkdir(parents=True)
    (project / "real" / ".loglint_cache" / "link").symlink_to(outside)  # a link inside a cache: removed, not followed
    result = run(["clean"], project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "Removed cache at: real/.loglint_cache\n"
    assert (outside / ".loglint_cache" / "results.json").read_text() == "{}"
    assert (project / "sub" / ".loglint_cache").is_symlink()


@pytest.mark.parametrize("how", ["option", "variable"])
def test_clean_removes_a_cache_folder_named_elsewhere(project: Path, tmp_path_factory: pytest.TempPathFactory, how: str) -> None:
    folder = tmp_path_factory.mktemp("caches") / "loglint"
    assert run(["--cache-dir", str(folder), "app.py"], project).returncode == 1
    assert folder.is_dir()
    args, env = (["clean", "--cache-dir", str(folder)], {}) if how == "option" else (["clean"], {"LOGLINT_CACHE_DIR": str(folder)})
    result = run(args, project, env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Removed cache at: {folder}\n"
    assert not folder.exists()


def test_clean_refuses_a_folder_loglint_did_not_make(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    (home / "notes.txt").write_text("keep me")
    (project / "sub" / ".loglint_cache").mkdir(parents=True)
    result = run(["clean"], project, {"LOGLINT_CACHE_DIR": str(home)})
    assert result.returncode == 2
    assert result.stderr == (
        "Removed cache at: sub/.loglint_cache\n"
        f"loglint: error: {home} is not a cache folder made by loglint (no .gitignore saying so): left alone\n"
    )
    assert (home / "notes.txt").read_text() == "keep me"


def test_clean_is_a_command_and_a_folder_named_clean_is_still_checkable(project: Path) -> None:
    (project / "clean").mkdir()
    (project / "clean" / "mod.py").write_text(WARN)
    result = run(["clean"], project)
    assert result.returncode == 0 and result.stdout == ""
    for args in (["./clean"], ["check", "clean"], ["clean/"]):
        checked = run([*args, "--no-cache"], project)
        assert checked.returncode == 1, args
        assert checked.stdout.startswith("clean/mod.py:3:8: LL206"), args
    assert "clean" in run(["--help"], project).stdout


def test_clean_reports_what_it_cannot_remove(project: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may remove anything")
    cache = project / "sub" / ".loglint_cache"
    (cache / "inner").mkdir(parents=True)
    (cache / "inner" / "results.json").write_text("{}")
    (cache / "inner").chmod(0o500)
    try:
        result = run(["clean"], project)
    finally:
        (cache / "inner").chmod(0o700)
    assert result.returncode == 2
    assert result.stderr.startswith(f"loglint: error: cannot remove {cache / 'inner' / 'results.json'}: Permission denied")
    assert "Traceback" not in result.stderr


# --output-format full


def test_full_shows_two_lines_of_context_and_carets_across_the_call(project: Path) -> None:
    (project / "app.py").write_text(
        "import logging\n\nlogger = logging.getLogger(__name__)\nname = 'x'\n"
        "logger.info(\n    f'user {name}'\n    f' logged in',\n)\nprint(name)\n\n\nprint(2)\n"
    )
    result = run(["--no-cache", "--select", "LL301", "--output-format", "full", "app.py"], project)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[:11] == [
        "app.py:6:5: LL301 f-string in logging call formats the message even when the level is disabled; pass values as arguments",
        "  |",
        "4 | name = 'x'",
        "5 | logger.info(",
        "6 |     f'user {name}'",
        "  |     ^^^^^^^^^^^^^^",
        "7 |     f' logged in',",
        "  |     ^^^^^^^^^^^^^",
        "8 | )",
        "9 | print(name)",
        "  |",
    ]


# ruff's suppression comments (respect-peer-suppressions)

RUFF_COMMENTS = (
    "import logging\nlogger = logging.getLogger(__name__)\n"
    'logger.info(f"user {name} logged in")  # ruff: ignore[G004]\n'
    "# ruff: ignore[G004]\n"
    "logger.info(\n"
    '    f"user {name} logged out"\n'
    ")\n"
    'logger.info(f"user {name} is back")  # ruff: noqa: G004\n'
    'logger.info(f"user {name} left")  # ruff: ignore[G002]\n'
)


def test_ruff_comments_silence_the_equivalent_rules(project: Path) -> None:
    (project / "app.py").write_text(RUFF_COMMENTS)
    result = run(["--no-cache", "app.py"], project)
    assert result.returncode == 1
    assert [line.split(": ")[0] + " " + line.split()[1] for line in result.stdout.splitlines() if line.startswith("app.py")] == [
        "app.py:9:13 LL301",  # G002 is another rule
        "app.py:9:35 LL001",  # and so unused, removed by --fix
    ]
    run(["--no-cache", "--fix", "app.py"], project)
    assert (project / "app.py").read_text() == RUFF_COMMENTS.replace("  # ruff: ignore[G002]", "")


def test_ruff_comments_do_nothing_without_respect_peer_suppressions(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.loglint]\nrespect-peer-suppressions = false\n")
    (project / "app.py").write_text(RUFF_COMMENTS)
    result = run(["--no-cache", "--select", "LL001,LL301", "app.py"], project)
    shown = [line.split(": ")[0] + " " + line.split()[1] for line in result.stdout.splitlines() if line.startswith("app.py")]
    # a `ruff: noqa` at the end of a line is a noqa like any other, whose G004 then means nothing
    assert shown == ["app.py:3:13 LL301", "app.py:6:5 LL301", "app.py:8:13 LL301", "app.py:9:13 LL301"]


def test_ruff_noqa_on_a_line_of_its_own_is_file_wide_and_not_reported_unused(project: Path) -> None:
    (project / "app.py").write_text("# ruff: noqa: G004\n" + WARN + 'logger.info(f"user {name}")\n')
    result = run(["--no-cache", "--select", "LL001,LL301", "app.py"], project)
    assert result.returncode == 0, result.stdout
