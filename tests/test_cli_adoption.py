"""Adopting loglint from the command line: --add-noqa, --show-*, --force-exclude, progress, --output-file."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator, List, Optional, Sequence

import pytest

from loglint.progress import Progress, wanted

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"

HEADER = "import logging\nlogger = logging.getLogger(__name__)\n"
BAD = HEADER + 'logger.info(f"user {name!r}")\nlogger.info("a %s" % x)  # type: ignore\n'


def run(args: Sequence[str], cwd: Path, env: Optional[dict] = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LOGLINT_OUTPUT_FORMAT", "CI")}
    environ.update(env or {})
    proc = subprocess.run([LOGLINT, *args], cwd=cwd, capture_output=True, env=environ, timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.loglint]\nextend-exclude = ["generated"]\n')
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "bad.py").write_text(BAD)
    return tmp_path


def test_add_noqa_then_a_plain_run_reports_nothing(project: Path) -> None:
    crlf = ("\ufeff" + HEADER + 'logger.info(f"""{x}\n""")\nlogger.info("a" + \\\n    x)\n').replace("\n", "\r\n")
    (project / "src" / "crlf.py").write_bytes(crlf.encode("utf-8"))
    result = run(["--add-noqa", "--no-cache", "src"], project)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "Added 4 noqa directives.\n")
    assert (project / "src" / "bad.py").read_text() == HEADER + (
        'logger.info(f"user {name!r}")  # noqa: LL301\n'
        'logger.info("a %s" % x)  # type: ignore  # noqa: LL302\n'
    )
    assert (project / "src" / "crlf.py").read_bytes() == (
        "\ufeff" + HEADER + 'logger.info(f"""{x}\n""")  # noqa: LL301\nlogger.info("a" + \\\n    x)  # noqa: LL304\n'
    ).replace("\n", "\r\n").encode("utf-8")
    clean = run(["--no-cache", "src"], project)
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")
    again = run(["--add-noqa", "--no-cache", "src"], project)
    assert (again.returncode, again.stderr) == (0, "Added 0 noqa directives.\n")


def test_add_noqa_refuses_fix(project: Path) -> None:
    result = run(["--add-noqa", "--fix", "src"], project)
    assert (result.returncode, result.stderr) == (2, "loglint: error: --add-noqa cannot be used with --fix, --diff or stdin\n")
    assert (project / "src" / "bad.py").read_text() == BAD


def test_show_fixes_lists_fixes_per_file_and_code(project: Path) -> None:
    (project / "src" / "more.py").write_text(HEADER + 'logger.info(f"{a!r} {b!r}")\nlogger.info(f"{c!s}")\nlogger.warn("x")\n')
    result = run(["--fix", "--show-fixes", "--no-cache", "src"], project)
    assert result.stdout.endswith(
        "Fixed 4 problems:\n"
        "- src/bad.py:\n"
        "    1 x LL301 (fstring-in-log)\n"
        "- src/more.py:\n"
        "    2 x LL301 (fstring-in-log)\n"
        "    1 x LL206 (deprecated-warn)\n"
    ), result.stdout


def test_show_files_lists_checked_and_excluded(project: Path) -> None:
    (project / "generated").mkdir()
    (project / "generated" / "x.py").write_text("")
    (project / "src" / ".gitignore").write_text("old_*.py\n")
    (project / "src" / "old_a.py").write_text("")
    (project / "build").mkdir()
    result = run(["--show-files"], project)
    assert (result.returncode, result.stdout) == (0, (
        "src/bad.py\n"
        "\n"
        "Excluded:\n"
        "  build/  (`build` in exclude)\n"
        "  generated/  (`generated` in extend-exclude)\n"
        f"  src/old_a.py  (`old_*.py` in {project / 'src' / '.gitignore'})\n"
    ))


def test_force_exclude_applies_excludes_to_named_files(project: Path) -> None:
    (project / "generated").mkdir()
    (project / "generated" / "bad.py").write_text(BAD)
    assert run(["generated/bad.py"], project).returncode == 1
    forced = run(["--force-exclude", "generated/bad.py", "src/bad.py"], project)
    assert forced.returncode == 1 and "generated/bad.py" not in forced.stdout and "src/bad.py" in forced.stdout
    shown = run(["--force-exclude", "--show-files", "generated/bad.py"], project)
    assert shown.stdout == "\nExcluded:\n  generated/bad.py  (`generated` in extend-exclude)\n"


def test_show_settings_says_where_each_value_comes_from(project: Path) -> None:
    result = run(["--show-settings", "--ignore", "LL101"], project, env={"LOGLINT_OUTPUT_FORMAT": "json"})
    config = project / "pyproject.toml"
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"# config file: {config}", f"# project root: {project}", ""]
    assert "# select is unset                       # default" in lines
    assert 'ignore = ["LL101"]                      # command line' in lines
    assert f'extend-exclude = ["generated"]          # {config}' in lines
    assert 'output-format = "json"                  # LOGLINT_OUTPUT_FORMAT' in lines
    assert "respect-peer-suppressions = true        # default" in lines
    assert "[vague-message]" in lines and "min-words = 2        # default" in lines


def test_output_file_creates_its_folder(project: Path) -> None:
    result = run(["--output-format", "json", "--output-file", "reports/loglint.json", "src"], project)
    assert (result.returncode, result.stdout) == (1, "")
    assert '"code": "LL301"' in (project / "reports" / "loglint.json").read_text()


def test_no_progress_in_a_pipe(project: Path) -> None:
    result = run(["--no-cache", "src"], project)
    assert result.stderr == ""


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ticks(*times: float) -> Iterator[float]:
    yield from times


def test_progress_after_a_second_redrawn_then_erased() -> None:
    stream = FakeTerminal()
    clock = ticks(0.0, 0.5, 1.0, 1.05, 1.2)
    with Progress(4, stream, clock=lambda: next(clock)) as progress:
        for done in range(1, 5):
            progress.update(done)
    assert stream.getvalue() == "\rloglint: 2/4 files\rloglint: 4/4 files\r\x1b[K"


def test_progress_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert wanted(FakeTerminal()) and not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(FakeTerminal())


def test_progress_is_silent_for_short_runs() -> None:
    stream = FakeTerminal()
    times: List[float] = [0.0, 0.2, 0.4]
    with Progress(2, stream, clock=lambda: times.pop(0)) as progress:
        progress.update(1)
        progress.update(2)
    assert stream.getvalue() == ""


def test_noqa_on_the_first_line_of_a_multi_line_call(project: Path) -> None:
    source = HEADER + 'logger.info(  # noqa: LL304\n    "user " + name\n)\n'
    (project / "src" / "bad.py").write_text(source)
    for args in (["src"], ["--fix", "--unsafe-fixes", "src"], ["--add-noqa", "src"]):
        result = run(["--no-cache", *args], project)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        assert (project / "src" / "bad.py").read_text() == source, args
    assert run(["--no-cache", "src"], project).stdout == "All checks passed!\n"


def test_show_settings_with_show_files_prints_both(project: Path) -> None:
    settings, files = run(["--show-settings"], project), run(["--show-files"], project)
    both = run(["--show-settings", "--show-files"], project)
    assert (both.returncode, both.stdout) == (0, settings.stdout + "\n" + files.stdout)
    assert files.stdout.startswith("src/bad.py\n")


def test_stdin_filename_excluded_with_force_exclude_is_not_linted(project: Path) -> None:
    def stdin(*args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([LOGLINT, "-", "--stdin-filename", "generated/x.py", *args], cwd=project, input=BAD.encode(),
                              capture_output=True, timeout=60)
        return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())

    assert stdin().returncode == 1  # named: checked, as a file named on the command line is
    assert (stdin("--force-exclude").returncode, stdin("--force-exclude").stdout) == (0, "All checks passed!\n")
    fixed = stdin("--force-exclude", "--fix", "--unsafe-fixes")
    assert (fixed.returncode, fixed.stdout, fixed.stderr) == (0, BAD, "All checks passed!\n")


def test_per_file_ignores_with_a_leading_dot_slash_and_a_warning_for_globs_that_match_nothing(project: Path) -> None:
    (project / "tests").mkdir()
    (project / "tests" / "test_x.py").write_text(BAD)
    (project / "pyproject.toml").write_text(
        '[tool.loglint]\nper-file-ignores = { "./tests/**" = ["LL3"], "./src/bad.py" = ["LL301"], "test/**" = ["LL302"] }\n'
    )
    result = run(["."], project)
    assert result.stdout.splitlines() == [
        "src/bad.py:4:13: LL302 %-formatting in logging call formats the message even when the level is disabled; pass values as arguments",
        "",
        "Found 1 problem.",
    ]
    assert result.stderr == "loglint: warning: per-file-ignores: 'test/**' matches no file checked\n"
    assert run(["src"], project).stderr == ""  # a part of the project: other globs match elsewhere


def test_show_settings_output_is_a_valid_config_file(project: Path, tmp_path: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.loglint]\nlogger-names = ["AUTH"]\nper-file-ignores = { "tests/**" = ["LL401"] }\n'
        "[tool.loglint.vague-message]\nmin-words = 3\n[tool.loglint.production]\nextend-paths = [\"deploy/**\"]\n"
    )
    shown = run(["--show-settings"], project).stdout
    assert "# phrases is unset" in shown and 'logger-names = ["AUTH"]' in shown
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "loglint.toml").write_text(shown)
    again = run(["--show-settings"], copy)
    assert again.returncode == 0, again.stderr

    def values(text: str) -> List[str]:
        return [line.split("  #")[0].rstrip() for line in text.splitlines() if not line.startswith("# ")]

    assert values(again.stdout) == values(shown)


def test_unknown_noqa_codes_are_reported_and_not_kept_by_add_noqa(project: Path) -> None:
    (project / "src" / "bad.py").write_text(HEADER + 'logger.info(f"user {name!r}")  # noqa: LL999\nx = 1  # noqa: LL3\n')
    result = run(["--no-cache", "--select", "LL001", "src"], project)
    assert result.stdout.splitlines()[:2] == [
        "src/bad.py:3:32: LL001 [*] unused `noqa` directive (unknown: `LL999`)",
        "src/bad.py:4:8: LL001 [*] unused `noqa` directive (unknown: `LL3`)",
    ]
    assert run(["--no-cache", "--add-noqa", "src"], project).stderr == "Added 1 noqa directive.\n"
    assert (project / "src" / "bad.py").read_text() == HEADER + 'logger.info(f"user {name!r}")  # noqa: LL301\nx = 1  # noqa: LL3\n'
    assert run(["--no-cache", "--fix", "src"], project).returncode == 0
    assert (project / "src" / "bad.py").read_text() == HEADER + 'logger.info(f"user {name!r}")  # noqa: LL301\nx = 1\n'


def test_force_exclude_keeps_only_production_config_files_named(project: Path) -> None:
    prod = project / "deploy" / "production"
    prod.mkdir(parents=True)
    (prod / "logging.yaml").write_text("handlers:\n  - sink: app.log\n    level: INFO\n")
    (project / "dev.yaml").write_text("sink: app.log\nlevel: INFO\n")
    named = ["pyproject.toml", "dev.yaml", "deploy/production/logging.yaml", "src/bad.py"]
    shown = run(["--force-exclude", "--show-files", *named], project)
    assert shown.stdout == (
        "deploy/production/logging.yaml\nsrc/bad.py\n\nExcluded:\n"
        "  dev.yaml  (not a production configuration file)\n  pyproject.toml  (not a production configuration file)\n"
    )
    off = run(["--force-exclude", "--show-files", "--ignore", "LL501,LL605", *named], project)
    assert off.stdout.startswith("src/bad.py\n\nExcluded:\n  deploy/production/logging.yaml  (LL501 and LL605 are off)\n")
    assert run(["--show-files", *named], project).stdout.startswith("deploy/production/logging.yaml\ndev.yaml\npyproject.toml\n")
