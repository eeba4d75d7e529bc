"""The command line, through a real subprocess of the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import pytest

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"

BAD = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f"user {name}")\n'
GOOD = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.info("user %s", name)\n'


def run(args: Sequence[str], cwd: Path, stdin: Optional[bytes] = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "LOGLINT_OUTPUT_FORMAT")}
    proc = subprocess.run(
        [LOGLINT, *args], cwd=cwd, input=stdin, capture_output=True, env=env, timeout=60
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    src = tmp_path / "src"
    src.mkdir()
    (src / "bad.py").write_text(BAD)
    (src / "good.py").write_text(GOOD)
    return tmp_path


def test_check_reports_with_exit_code_1(project: Path) -> None:
    result = run(["src/"], project)
    assert result.returncode == 1, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("src/bad.py:3:13: LL301 f-string")  # no [*]: the fix is unsafe
    assert "Found 1 problem." in result.stdout
    assert "(1 hidden fix can be enabled with the --unsafe-fixes option.)" in result.stdout


def test_check_alias_and_default_path(project: Path) -> None:
    assert run(["check", "src"], project).stdout == run(["src"], project).stdout
    assert "src/bad.py:3:13: LL301" in run([], project).stdout


def test_clean_exit_0(project: Path) -> None:
    result = run(["src/good.py"], project)
    assert result.returncode == 0
    assert "All checks passed!" in result.stdout


def test_exit_zero(project: Path) -> None:
    assert run(["--exit-zero", "src"], project).returncode == 0


def test_fix_rewrites_and_second_run_is_clean(project: Path) -> None:
    result = run(["--fix", "--unsafe-fixes", "src"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "src" / "bad.py").read_text() == GOOD
    assert run(["src"], project).returncode == 0


def test_diff_writes_nothing(project: Path) -> None:
    result = run(["--diff", "--unsafe-fixes", "src"], project)
    assert result.returncode == 1
    assert '-logger.info(f"user {name}")' in result.stdout
    assert '+logger.info("user %s", name)' in result.stdout
    assert (project / "src" / "bad.py").read_text() == BAD


def test_stdin(project: Path) -> None:
    result = run(["-", "--stdin-filename", "app.py"], project, stdin=BAD.encode())
    assert result.returncode == 1
    assert result.stdout.startswith("app.py:3:13: LL301")


def test_stdin_fix_prints_fixed_source(project: Path) -> None:
    result = run(["-", "--fix", "--unsafe-fixes", "--stdin-filename", "app.py"], project, stdin=BAD.encode())
    assert result.stdout == GOOD
    assert result.returncode == 0


def test_json_output_is_ruff_shaped(project: Path) -> None:
    result = run(["--output-format", "json", "src"], project)
    items = json.loads(result.stdout)
    assert [item["code"] for item in items] == ["LL301"]
    item = items[0]
    assert item["filename"].endswith("bad.py")
    assert item["location"] == {"row": 3, "column": 13}
    assert item["fix"]["applicability"] in ("safe", "unsafe")
    assert item["fix"]["edits"][0]["content"] == '"user %s", name'


def test_github_output(project: Path) -> None:
    line = run(["--output-format", "github", "src"], project).stdout.splitlines()[0]
    assert line.startswith("::warning ")
    assert "file=src/bad.py,line=3,col=13" in line


def test_statistics(project: Path) -> None:
    out = run(["--statistics", "src"], project).stdout
    assert "LL301" in out and "fstring-in-log" in out


def test_select_and_ignore(project: Path) -> None:
    assert run(["--ignore", "LL3", "src"], project).returncode == 0
    assert run(["--select", "LL301", "src"], project).returncode == 1
    assert run(["--select", "LL302", "src"], project).returncode == 0


def test_unknown_rule_code_is_exit_2(project: Path) -> None:
    result = run(["--select", "LL999", "src"], project)
    assert result.returncode == 2
    assert "LL999" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_key_is_exit_2(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.loglint]\nselct = ['LL3']\n")
    result = run(["src"], project)
    assert result.returncode == 2
    assert "selct" in result.stderr and "select" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_is_exit_2_and_others_checked(project: Path) -> None:
    result = run(["nope.py", "src"], project)
    assert result.returncode == 2
    assert "nope.py" in result.stderr
    assert "src/bad.py:3:13: LL301" in result.stdout


def test_syntax_error_is_reported_and_run_goes_on(project: Path) -> None:
    (project / "src" / "broken.py").write_text("def f(:\n    pass\nlog.info(f'{x}')\n")
    result = run(["src"], project)
    assert result.returncode == 1
    assert "src/broken.py:1:" in result.stdout and "LL000" in result.stdout
    assert "src/bad.py:3:13: LL301" in result.stdout


def test_a_syntax_errors_column_is_that_of_the_text_checked(project: Path) -> None:
    """Not of the file on disk of the same name, which CPython would read for it."""
    (project / "src" / "old.py").write_text("{\n")
    result = run(["-", "--stdin-filename", "src/old.py"], project, stdin=b"def f(:\n    log\n")
    assert result.stdout.splitlines()[0] == "src/old.py:1:7: LL000 syntax error: invalid syntax"


def test_rule_page_and_list(project: Path) -> None:
    page = run(["rule", "LL301"], project)
    assert page.returncode == 0
    assert page.stdout.startswith("# LL301 fstring-in-log")
    listing = run(["rule", "--all"], project).stdout
    assert "LL301" in listing and "fstring-in-log" in listing
    unknown = run(["rule", "LL399"], project)
    assert unknown.returncode == 2 and "LL399" in unknown.stderr


def test_version(project: Path) -> None:
    result = run(["--version"], project)
    assert result.returncode == 0 and "loglint" in result.stdout


def test_python_dash_m(project: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "loglint", "src"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 1 and "LL301" in proc.stdout


def test_all_output_arrives_through_a_pipe_before_the_fast_exit(project: Path) -> None:
    lines = "".join(f'logger.info(f"user {{name}} {i}")\n' for i in range(3000))  # far more than a pipe holds
    (project / "src" / "many.py").write_text("import logging\nlogger = logging.getLogger(__name__)\n" + lines)
    result = run(["--output-format", "concise", "src/many.py"], project)
    assert result.returncode == 1
    assert sum(": LL301 " in line for line in result.stdout.splitlines()) == 3000
    assert "\nFound 3000 problems.\n" in result.stdout


def test_exit_status_of_sys_exit_values() -> None:
    from loglint.__main__ import _status

    assert (_status(None), _status(0), _status(1), _status(2)) == (0, 0, 1, 2)
    assert _status("a message") == 1


def test_production_config_files_are_found_in_production_scope(project: Path) -> None:
    prod = project / "deploy" / "production"
    prod.mkdir(parents=True)
    (prod / "logging.yaml").write_text("handlers:\n  - sink: app.log\n    level: INFO\n")
    (prod / "ok.json").write_text('{"sink": "x", "level": "INFO", "serialize": true}')
    (project / "dev.yaml").write_text("sink: app.log\nlevel: INFO\n")  # not production
    result = run(["."], project)
    assert "deploy/production/logging.yaml:2:5: LL501" in result.stdout
    assert "ok.json" not in result.stdout and "dev.yaml" not in result.stdout
    assert "deploy/production" not in run(["--ignore", "LL501", "."], project).stdout


def test_unsafe_fixes_flag_shows_unsafe_fixes_as_available(project: Path) -> None:
    result = run(["--unsafe-fixes", "src"], project)
    assert "src/bad.py:3:13: LL301 [*] " in result.stdout
    assert "Found 1 problem (1 fixable with --fix)." in result.stdout
    assert "hidden" not in result.stdout


def test_a_run_with_errors_prints_no_success_line(project: Path) -> None:
    result = run(["nonexistent_dir"], project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "loglint: error: path does not exist: nonexistent_dir\n"
    assert "All checks passed!" not in run(["src/good.py", "nope.py"], project).stdout


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["chek", "src"], "did you mean `loglint check`?"),
        (["rul", "LL301"], "did you mean `loglint rule`?"),
        (["version"], "did you mean `loglint --version`?"),
        (["cleen"], "did you mean `loglint clean`?"),
        (["frobnicate"], "the commands are check, clean, server, rule"),
    ],
)
def test_a_mistyped_command_is_not_taken_for_a_path(project: Path, args: List[str], hint: str) -> None:
    result = run(args, project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"loglint: error: unknown command {args[0]!r}, and no such path; {hint}\n"


def test_a_word_that_is_an_existing_path_is_checked(project: Path) -> None:
    (project / "lint").mkdir()
    (project / "lint" / "bad.py").write_text(BAD)
    result = run(["lint"], project)
    assert result.returncode == 1 and result.stdout.startswith("lint/bad.py:3:13: LL301"), result.stderr


def _unwritable_targets(project: Path) -> List[Tuple[str, str]]:
    """(--output-file, reason) pairs for this machine: root may write a read-only file."""
    targets = [("src/bad.py/report.txt", "Not a directory"), ("src/bad.py/deeper/report.txt", "Not a directory")]
    if Path("/dev/full").exists():
        targets.append(("/dev/full", "No space left on device"))
    if os.geteuid() != 0:
        (project / "locked.txt").write_text("")
        (project / "locked.txt").chmod(0o444)
        (project / "locked").mkdir()
        (project / "locked").chmod(0o555)
        targets += [("locked.txt", "Permission denied"), ("locked/report.txt", "Permission denied")]
    elif Path("/sys/kernel/notes").exists():  # read-only even for root
        targets.append(("/sys/kernel/notes", "Permission denied"))
    return targets


def test_an_output_file_that_cannot_be_written_is_one_line_and_exit_2(project: Path) -> None:
    targets = _unwritable_targets(project)
    assert len(targets) >= 4
    for target, reason in targets:
        for args in (["src"], ["--diff", "--unsafe-fixes", "src"], ["--statistics", "src"]):
            result = run([*args, "--output-file", target], project)
            assert (result.returncode, result.stdout) == (2, ""), (target, args)
            assert result.stderr == f"loglint: error: cannot write to {target}: {reason}\n", (target, args)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [["src"], ["--show-settings"], ["--show-files", "src"], ["--diff", "--unsafe-fixes", "src"], ["rule", "LL301"],
             ["rule", "--all"], ["-", "--fix", "--stdin-filename", "app.py"]],
)
def test_stdout_that_cannot_be_written_is_one_line_and_exit_2(project: Path, args: List[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([LOGLINT, *args], cwd=project, input=BAD.encode(), stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "loglint: error: cannot write to stdout: No space left on device\n"


def test_diff_goes_to_the_output_file(project: Path) -> None:
    result = run(["--diff", "--unsafe-fixes", "--output-file", "out/fixes.diff", "src"], project)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")
    diff = (project / "out" / "fixes.diff").read_text()
    assert diff.startswith("--- a/src/bad.py\n+++ b/src/bad.py\n") and '+logger.info("user %s", name)\n' in diff
    assert (project / "src" / "bad.py").read_text() == BAD


def test_statistics_as_json_and_json_lines(project: Path) -> None:
    (project / "src" / "more.py").write_text(BAD + 'logger.info("a %s" % name)\nlogger.info("b %s" % name)\n')
    result = run(["--statistics", "--output-format", "json", "src"], project)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout) == [
        {"code": "LL301", "name": "fstring-in-log", "count": 2, "fixable": False},
        {"code": "LL302", "name": "percent-format-in-log", "count": 2, "fixable": False},
    ]
    lines = run(["--statistics", "--output-format", "json-lines", "--unsafe-fixes", "src"], project).stdout.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"code": "LL301", "name": "fstring-in-log", "count": 2, "fixable": True},
        {"code": "LL302", "name": "percent-format-in-log", "count": 2, "fixable": False},  # `name` may be a tuple
    ]
    assert json.loads(run(["--statistics", "--output-format", "json", "src/good.py"], project).stdout) == []


@pytest.mark.parametrize("fmt", ["github", "gitlab", "sarif", "junit", "pylint"])
def test_statistics_in_a_format_that_cannot_carry_them_is_exit_2(project: Path, fmt: str) -> None:
    result = run(["--statistics", "--output-format", fmt, "src"], project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"loglint: error: --statistics cannot be used with output format {fmt} (it can with text, concise, full, json, json-lines)\n"
    )


def test_statistics_with_diff_is_exit_2(project: Path) -> None:
    result = run(["--statistics", "--diff", "src"], project)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", "loglint: error: --statistics cannot be used with --diff\n")


def test_junit_has_a_case_per_finding_and_a_passing_case_when_clean(project: Path) -> None:
    (project / "src" / "twice.py").write_text(BAD + 'logger.info(f"again {name}")\n')
    root = ET.fromstring(run(["--output-format", "junit", "src"], project).stdout)
    cases = [(case.attrib["classname"], case.attrib["name"], [child.tag for child in case]) for case in root.iter("testcase")]
    assert cases == [
        ("src/bad", "LL301 at 3:13", ["failure"]),
        ("src/twice", "LL301 at 3:13", ["failure"]),
        ("src/twice", "LL301 at 4:13", ["failure"]),
    ]
    clean = run(["--output-format", "junit", "src/good.py"], project)
    assert clean.returncode == 0
    assert [(case.attrib["name"], list(case)) for case in ET.fromstring(clean.stdout).iter("testcase")] == [("No errors found", [])]


def test_rule_messages_prefixes_and_all(project: Path) -> None:
    unknown = run(["rule", "LL999"], project)
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr == "loglint: error: unknown rule 'LL999'. Run `loglint rule --all` to list the rules.\n"
    close = run(["rule", "fstring-in-lg"], project).stderr
    assert close == "loglint: error: unknown rule 'fstring-in-lg'; did you mean fstring-in-log? Run `loglint rule --all` to list the rules.\n"
    prefix = run(["rule", "LL3"], project)
    assert prefix.returncode == 0
    assert [line.split()[0] for line in prefix.stdout.splitlines()] == ["code", *[f"LL30{n}" for n in range(1, 8)]]
    everything = run(["rule", "--all"], project).stdout
    assert run(["rule", "ll"], project).stdout == everything and prefix.stdout.splitlines()[1] in everything
    both = run(["rule", "LL301", "--all"], project)
    assert (both.returncode, both.stdout, both.stderr) == (2, "", "loglint: error: give a rule ('LL301') or --all, not both\n")
