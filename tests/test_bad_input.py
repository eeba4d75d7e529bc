"""Bad input, through the real command line: every odd file gets a precise message, never
a traceback, and the other files are still checked (issue 7). Fixes are compared byte
for byte: encodings, BOMs, newline styles, tabs and form feeds survive them."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

from loglint.config import load_settings
from loglint.discovery import DiscoveredFile
from loglint.findings import FileResult
from loglint.registry import rule_infos
from loglint.runner import RunOptions, run_files

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"

# A file that always has one finding (LL301, fixable with --unsafe-fixes): proof that the
# run went on past the bad input.
OTHER = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f"user {name}")\n'
OTHER_FIXED = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.info("user %s", name)\n'
OTHER_FINDING = "other.py:3:13: LL301"


def run(args: Sequence[str], cwd: Path, stdin: Optional[bytes] = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "LOGLINT_OUTPUT_FORMAT", "LOGLINT_CACHE_DIR")}
    proc = subprocess.run([LOGLINT, *args], cwd=cwd, input=stdin, capture_output=True, env=env, timeout=timeout)
    out = subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())
    assert "Traceback" not in out.stdout + out.stderr, out.stderr
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    (tmp_path / "other.py").write_text(OTHER)
    return tmp_path


def check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Check the whole project with every rule; the other file must still be reported."""
    result = run(["--no-cache", "--select", "LL", *args, "."], project)
    assert OTHER_FINDING in result.stdout, result.stdout + result.stderr
    return result


def fix(project: Path) -> subprocess.CompletedProcess[str]:
    result = run(["--no-cache", "--fix", "--unsafe-fixes", "."], project)
    assert (project / "other.py").read_text() == OTHER_FIXED
    return result


# --- empty and near-empty files -------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n", "   \n\t\n\x0c\n", "# a comment about logging\n", "# log\n\n# more\n", '"""log"""\n'])
def test_empty_whitespace_and_comment_only_files_are_clean(project: Path, content: str) -> None:
    (project / "empty.py").write_text(content)
    result = check(project)
    assert result.returncode == 1
    assert "empty.py" not in result.stdout


def test_empty_stdin(project: Path) -> None:
    result = run(["-", "--stdin-filename", "app.py"], project, stdin=b"")
    assert result.returncode == 0 and "All checks passed!" in result.stdout
    fixed = run(["-", "--fix", "--stdin-filename", "app.py"], project, stdin=b"")
    assert fixed.returncode == 0 and fixed.stdout == ""


# --- undecodable files --------------------------------------------------------------------

BINARY = bytes(range(256)) * 4  # has NUL, 0xff, and "log" nowhere in any case


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00" + BINARY + b"logger", "LL000 cannot decode file: cannot decode byte 0x80 at offset 137 as utf-8 (a binary file?)"),
        (b"import logging\nx = '\xff\xfe'\nlogging.info('%s', x)\n", "LL000 cannot decode file: cannot decode byte 0xff at offset 20 as utf-8"),
        (b"# coding: no-such-codec\nimport logging\n", "LL000 cannot decode file: unknown encoding: no-such-codec"),
        (b"# coding: ascii\nimport logging\nx = '\xe9'\n", "LL000 cannot decode file: cannot decode byte 0xe9 at offset 36 as ascii"),
    ],
    ids=["binary", "invalid-utf8", "unknown-codec", "wrong-codec"],
)
def test_undecodable_file_is_reported_and_run_goes_on(project: Path, content: bytes, message: str) -> None:
    (project / "bad.py").write_bytes(content)
    result = check(project)
    assert result.returncode == 1
    assert f"bad.py:1:1: {message}" in result.stdout
    fix(project)
    assert (project / "bad.py").read_bytes() == content


@pytest.mark.parametrize("content", [BINARY, b"x = '\xff\xfe'\n"], ids=["binary", "invalid-utf8"])
def test_undecodable_file_without_log_is_skipped_by_the_prefilter(project: Path, content: bytes) -> None:
    """Documented in the README: a file without "log" (any case) cannot have findings,
    so it is not decoded at all, and an undecodable one is not reported."""
    (project / "bad.py").write_bytes(content)
    result = check(project)
    assert result.returncode == 1
    assert "bad.py" not in result.stdout


def test_null_byte_is_a_syntax_error(project: Path) -> None:
    (project / "nul.py").write_bytes(b"import logging\nx = 1\x00\nlogging.getLogger().info(f'{x}')\n")
    result = check(project)
    assert "nul.py:1:1: LL000 syntax error:" in result.stdout and "\\0" in result.stdout


# --- encodings and newline styles survive fixes, byte for byte ----------------------------

FIXABLE = [
    ("latin1", "# -*- coding: latin-1 -*-\nimport logging\nlog = logging.getLogger()\nlog.info(f'caf\xe9 {x}')\n".encode("latin-1"),
     "# -*- coding: latin-1 -*-\nimport logging\nlog = logging.getLogger()\nlog.info('caf\xe9 %s', x)\n".encode("latin-1")),
    ("bom", b"\xef\xbb\xbfimport logging\nlog = logging.getLogger()\nlog.info(f'\xc3\xa9 {x}')\n",
     b"\xef\xbb\xbfimport logging\nlog = logging.getLogger()\nlog.info('\xc3\xa9 %s', x)\n"),
    ("crlf", b"import logging\r\nlog = logging.getLogger()\r\nlog.info(f'x {x}')\r\nlog.info(\r\n    f'x {x}'\r\n)\r\n",
     b"import logging\r\nlog = logging.getLogger()\r\nlog.info('x %s', x)\r\nlog.info(\r\n    'x %s', x\r\n)\r\n"),
    ("cr", b"import logging\rlog = logging.getLogger()\rlog.info(f'x {x}')\rlog.info(\r    f'x {x}'\r)\r",
     b"import logging\rlog = logging.getLogger()\rlog.info('x %s', x)\rlog.info(\r    'x %s', x\r)\r"),
    ("mixed", b"import logging\r\nlog = logging.getLogger()\nlog.info(f'x {x}')\r\nlog.info('y %s' % (y,))\r",
     b"import logging\r\nlog = logging.getLogger()\nlog.info('x %s', x)\r\nlog.info('y %s', y)\r"),
    ("tabs-formfeeds", b"import logging\n\x0c\nlog = logging.getLogger()\nif x:\n\tlog.info(f'{x}')\n\tif y:\n\t\tlog.info(\n\t\t\tf'{y}')\n\x0c",
     b"import logging\n\x0c\nlog = logging.getLogger()\nif x:\n\tlog.info('%s', x)\n\tif y:\n\t\tlog.info(\n\t\t\t'%s', y)\n\x0c"),
    ("no-final-newline", b"import logging\nlogging.getLogger().info(f'{x}')", b"import logging\nlogging.getLogger().info('%s', x)"),
]


@pytest.mark.parametrize(("name", "before", "after"), FIXABLE, ids=[case[0] for case in FIXABLE])
def test_fix_keeps_encoding_and_newlines_byte_for_byte(project: Path, name: str, before: bytes, after: bytes) -> None:
    path = project / f"{name}.py"
    path.write_bytes(before)
    result = check(project)
    assert f"{name}.py:" in result.stdout and "LL000" not in result.stdout, result.stdout
    fix(project)
    assert path.read_bytes() == after
    again = run(["--no-cache", "--fix", "--unsafe-fixes", "."], project)
    assert again.returncode == 0, again.stdout
    assert path.read_bytes() == after


def test_stdin_fix_keeps_bom_and_crlf(project: Path) -> None:
    before = b"\xef\xbb\xbfimport logging\r\nlog = logging.getLogger()\r\nlog.info(f'x {x}')\r\n"
    result = run(["-", "--fix", "--unsafe-fixes", "--stdin-filename", "app.py"], project, stdin=before)
    assert result.returncode == 0
    assert result.stdout.encode() == b"\xef\xbb\xbfimport logging\r\nlog = logging.getLogger()\r\nlog.info('x %s', x)\r\n"


# --- size and depth ---------------------------------------------------------------------------


def test_20_mb_generated_file_gets_a_message(project: Path) -> None:
    chunk = "".join(f"def f{i}(x):\n    logger.info(f'value {{x}} {i}')\n    return x + {i}\n\n" for i in range(1000))
    data = ("import logging\nlogger = logging.getLogger(__name__)\n\n" + chunk * (20_000_000 // len(chunk) + 1)).encode()
    assert len(data) > 20_000_000
    (project / "huge.py").write_bytes(data)
    result = check(project)
    assert result.returncode == 1
    assert "huge.py:1:1: LL000 file too large to check: 19.1 MB (the limit is 5 MB)" in result.stdout
    fix(project)
    assert (project / "huge.py").read_bytes() == data


def test_expressions_nested_1000_deep(project: Path) -> None:
    """CPython refuses more than 200 nested brackets; so does loglint, with its words, before
    libcst's parser overflows the C stack (at about 1,200) or takes minutes."""
    (project / "parens.py").write_text("import logging\nx = " + "(" * 1000 + "1" + ")" * 1000 + "\n")
    (project / "calls.py").write_text("import logging\nlogging.info(" + "f(" * 1000 + "1" + ")" * 1000 + ")\n")
    (project / "lists.py").write_text("import logging\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    (project / "unary.py").write_text("import logging\nx = " + "-" * 100_000 + "1\n")
    # Deep but within CPython's limits: parsed and checked.
    (project / "deep_ok.py").write_text(
        "import logging\nlog = logging.getLogger()\n"
        + "x = " + "-" * 999 + "1\n"
        + "y = a" + ".b" * 1000 + "\n"
        + "z = " + " + ".join(["1"] * 1000) + "\n"
        + "log.info(" + "(" * 150 + "f'{x}'" + ")" * 150 + ")\n"
        + "w = " + "'((((' " * 300 + "\n"
    )
    result = check(project)
    out = result.stdout
    assert "parens.py:2:205: LL000 syntax error: too many nested parentheses (more than 200)" in out
    assert "calls.py:2:" in out and "too many nested parentheses" in out
    assert "lists.py:2:205: LL000 syntax error: too many nested parentheses (more than 200)" in out
    assert "unary.py:2:5: LL000 syntax error: too deeply nested: 1000 or more unary operators in a row" in out
    assert "deep_ok.py:6:" in out and "LL301" in out
    assert "deep_ok.py:1:1: LL000" not in out


# --- syntax of other Python versions -------------------------------------------------------------


def test_python2_syntax_is_a_syntax_error(project: Path) -> None:
    (project / "py2.py").write_text("import logging\nprint 'hello'\nlogging.info('x %s' % y)\n")
    (project / "py2b.py").write_text("import logging\nexec 'x = 1'\nraise ValueError, 'no'\n")
    result = check(project)
    # CPython's own words and column: 3.9 says "Did you mean print('hello')?" at column 7,
    # 3.10+ "Did you mean print(...)?" at column 1.
    assert re.search(r"py2\.py:2:[17]: LL000 syntax error: Missing parentheses in call to 'print'\. Did you mean print\(", result.stdout)
    assert "py2b.py:2:" in result.stdout and "LL000 syntax error" in result.stdout


def test_valid_python_libcst_cannot_parse_is_not_called_a_syntax_error(project: Path) -> None:
    # A parenthesised annotation target is valid Python (CPython compiles it) that libcst
    # does not parse: the user is told the file was not checked, and why, not that it is wrong.
    (project / "paren.py").write_text("import logging\n(log): logging.Logger = logging.getLogger(__name__)\nlog.info(f'{x}')\n")
    result = check(project)
    assert "paren.py:" in result.stdout and "LL000 not checked: valid Python that libcst, loglint's parser, cannot parse (" in result.stdout
    assert "syntax error" not in result.stdout
    assert OTHER_FINDING in result.stdout


NEWER = {
    "match_stmt": ("import logging\nlog = logging.getLogger()\nmatch x:\n    case {'a': 1, **rest}:\n        log.info(f'{x}')\n    case _:\n        pass\n", 5),
    "type_alias": ("import logging\ntype X[T] = list[T]\nlog = logging.getLogger()\nlog.info(f'{X}')\n", 4),
    "pep701": ("import logging\nlog = logging.getLogger()\nlog.info(f\"{'a' + f\"{x}\"}\")\nlog.info(f'{d['k']}')\n", 3),
    "tstring": ("import logging\nlog = logging.getLogger()\nlog.info(t'{x}')\nlog.info(f'{x}')\n", 4),
    "except_star": ("import logging\nlog = logging.getLogger()\ntry:\n    pass\nexcept* ValueError:\n    log.info(f'{x}')\n", 6),
}


@pytest.mark.parametrize("name", list(NEWER))
def test_newer_syntax_is_checked_and_fixed(project: Path, name: str) -> None:
    source, line = NEWER[name]
    (project / f"{name}.py").write_text(source)
    result = check(project)
    assert "LL000" not in result.stdout, result.stdout
    assert f"{name}.py:{line}:" in result.stdout and "LL301" in result.stdout
    fix(project)
    fixed = (project / f"{name}.py").read_text()
    assert fixed != source and "f'{x}'" not in fixed.splitlines()[line - 1]
    if name == "tstring":
        assert "log.info(t'{x}')" in fixed  # a t-string is not a str: left alone


# --- paths -----------------------------------------------------------------------------------


def test_path_that_does_not_exist(project: Path) -> None:
    result = run(["--no-cache", "nope.py", "other.py"], project)
    assert result.returncode == 2
    assert "loglint: error: path does not exist: nope.py" in result.stderr
    assert OTHER_FINDING in result.stdout


def test_broken_symlink_and_symlink_loops(project: Path) -> None:
    (project / "broken.py").symlink_to("nowhere.py")
    (project / "loop1.py").symlink_to("loop2.py")
    (project / "loop2.py").symlink_to("loop1.py")
    (project / "sub").mkdir()
    (project / "sub" / "up").symlink_to("..")  # a folder loop
    walked = check(project)
    assert walked.returncode == 1
    assert walked.stderr == "" and "broken" not in walked.stdout and "loop" not in walked.stdout
    assert walked.stdout.count(OTHER_FINDING) == 1
    shown = run(["--no-cache", "--show-files", "."], project)
    assert "broken.py  (broken symbolic link (to nowhere.py))" in shown.stdout
    assert "loop1.py  (symbolic link loop)" in shown.stdout
    named = run(["--no-cache", "broken.py", "loop1.py", "other.py"], project)
    assert named.returncode == 2
    assert "loglint: error: broken symbolic link (to nowhere.py): broken.py" in named.stderr
    assert "loglint: error: symbolic link loop: loop1.py" in named.stderr
    assert OTHER_FINDING in named.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_named_pipe_is_refused_when_named_and_skipped_in_a_walk(project: Path) -> None:
    os.mkfifo(project / "pipe.py")  # reading it would wait for a writer forever
    (project / "link.py").symlink_to("pipe.py")
    walked = run(["--no-cache", "--select", "LL", "."], project, timeout=30)
    assert (walked.returncode, walked.stderr) == (1, "") and walked.stdout.startswith(OTHER_FINDING)
    shown = run(["--no-cache", "--show-files", "."], project, timeout=30)
    assert shown.stdout == (
        "other.py\n\nExcluded:\n  link.py  (a named pipe, not a regular file)\n  pipe.py  (a named pipe, not a regular file)\n"
    )
    named = run(["--no-cache", "pipe.py", "link.py", "other.py"], project, timeout=30)
    assert named.returncode == 2 and named.stdout.startswith(OTHER_FINDING)
    assert named.stderr == (
        "loglint: error: a named pipe, not a regular file: pipe.py\n"
        "loglint: error: a named pipe, not a regular file: link.py\n"
    )


def test_directory_named_like_a_python_file(project: Path) -> None:
    (project / "x.py").mkdir()
    (project / "x.py" / "inner.py").write_text(OTHER)
    walked = check(project)
    assert "x.py/inner.py:3:13: LL301" in walked.stdout and walked.stderr == ""
    named = run(["--no-cache", "x.py", "other.py"], project)
    assert named.returncode == 1 and "x.py/inner.py:3:13: LL301" in named.stdout


def _settings(root: Path):  # type: ignore[no-untyped-def]
    return load_settings(cwd=root, rules=rule_infos(), isolated=True, overrides={"select": ("LL",)})


def test_file_deleted_between_discovery_and_reading(project: Path) -> None:
    gone = project / "gone.py"
    files = [DiscoveredFile(gone, "gone.py"), DiscoveredFile(project / "other.py", "other.py")]
    results = run_files(files, _settings(project), RunOptions(), [])
    assert results[0].errors[0].message == "cannot read file: No such file or directory"
    assert [f.code for f in results[1].findings] == ["LL301"]


def test_file_deleted_between_the_first_read_and_linting(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent reads for the pre-filter and the cache; the worker reads again."""
    victim = project / "victim.py"
    victim.write_text(OTHER)
    from loglint import prefilter

    real = prefilter.may_have_findings

    def delete_then_filter(needles, data):  # type: ignore[no-untyped-def]
        if victim.exists():
            victim.unlink()
        return real(needles, data)

    monkeypatch.setattr(prefilter, "may_have_findings", delete_then_filter)
    files = [DiscoveredFile(victim, "victim.py"), DiscoveredFile(project / "other.py", "other.py")]
    results = run_files(files, _settings(project), RunOptions(jobs=1), [])
    assert [e.message for e in results[0].errors] == ["cannot read file: No such file or directory"]
    assert [f.code for f in results[1].findings] == ["LL301"]


def test_read_only_file_under_fix_is_reported_not_written(project: Path) -> None:
    locked = project / "locked.py"
    locked.write_text(OTHER)
    locked.chmod(0o444)
    try:
        result = run(["--no-cache", "--fix", "--unsafe-fixes", "."], project)
        assert "locked.py:1:1: LL000 not written: the file is read-only" in result.stdout
        assert locked.read_text() == OTHER
        assert (project / "other.py").read_text() == OTHER_FIXED  # the run went on
        assert stat.S_IMODE(locked.stat().st_mode) == 0o444
        assert result.returncode == 1
    finally:
        locked.chmod(0o644)


def test_a_fix_that_cannot_be_written_still_shows_the_findings_unfixed(project: Path) -> None:
    locked = project / "locked.py"
    locked.write_text(OTHER + 'logger.info("a %s" % (x,))\nlogger.info("a %s %s", x)\n')
    locked.chmod(0o444)
    try:
        for cache in (["--no-cache"], []):  # the second run caches nothing of the failed write
            result = run([*cache, "--fix", "--unsafe-fixes", "locked.py"], project)
            assert result.returncode == 1
            assert result.stdout.splitlines()[:5] == [
                "locked.py:3:13: LL301 [*] f-string in logging call formats the message even when the level is disabled; pass values as arguments",
                "locked.py:4:13: LL302 [*] %-formatting in logging call formats the message even when the level is disabled; pass values as arguments",
                "locked.py:5:13: LL305 2 placeholders but 1 argument",
                "locked.py:1:1: LL000 not written: the file is read-only; its 3 findings are not fixed",
                "",
            ]
        plain = run(["locked.py"], project)
        assert [line.split(" ")[1] for line in plain.stdout.splitlines()[:3]] == ["LL301", "LL302", "LL305"]
        assert "LL000" not in plain.stdout
    finally:
        locked.chmod(0o644)


def test_file_changed_between_reading_and_writing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from loglint import runner

    path = project / "other.py"
    edited = OTHER + "# edited meanwhile\n"
    real = runner.lint_bytes

    def lint_then_edit(*args, **kwargs) -> FileResult:  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)
        path.write_text(edited)  # the user saves while loglint works
        return result

    monkeypatch.setattr(runner, "lint_bytes", lint_then_edit)
    results = run_files([DiscoveredFile(path, "other.py")], _settings(project), RunOptions(fix=True, unsafe_fixes=True, jobs=1), [])
    assert [e.message for e in results[0].errors] == ["not written: the file changed while loglint was running; its finding is not fixed"]
    assert results[0].fixed_count == 0 and [f.code for f in results[0].findings] == ["LL301"]
    assert path.read_text() == edited


def test_two_fix_processes_on_the_same_tree(project: Path) -> None:
    src = project / "pkg"
    src.mkdir()
    for i in range(60):
        body = "".join(f"logger.info(f'step {j} of {{n}}')\nlogger.warning('x %s' % (n,))\n" for j in range(i % 7 + 1))
        (src / f"m{i}.py").write_text(f"import logging\nlogger = logging.getLogger(__name__)\nn = {i}\n{body}")
    expected_tree = project.parent / (project.name + "-expected")
    shutil.copytree(src, expected_tree)
    run(["--no-cache", "--fix", "--unsafe-fixes", str(expected_tree)], project)
    expected = {p.name: p.read_bytes() for p in expected_tree.iterdir()}
    env = {k: v for k, v in os.environ.items() if k not in ("LOGLINT_CACHE_DIR",)}
    args = [LOGLINT, "--fix", "--unsafe-fixes", "-j", "2", "pkg"]
    procs = [subprocess.Popen(args, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert b"Traceback" not in err and b"internal error" not in out, err
        assert proc.returncode in (0, 1), out + err
    for path in src.iterdir():
        assert path.read_bytes() == expected[path.name], path.name  # never half-fixed or fixed twice
    assert not [p for p in src.iterdir() if p.name.endswith(".loglint-tmp")]
    for cache_file in (project / ".loglint_cache").glob("results-*.json"):
        assert isinstance(json.loads(cache_file.read_text()), dict)
    again = run(["pkg"], project)  # the cache agrees with the files
    assert again.returncode == 0, again.stdout


# --- configuration -------------------------------------------------------------------------------

CONFIGS: Dict[str, tuple] = {  # type: ignore[type-arg]
    "broken-toml": ("[tool.loglint]\nselect = [\n", "pyproject.toml: invalid TOML: "),
    "wrong-type": ('[tool.loglint]\nselect = "LL3"\n', "tool.loglint.select must be an array of strings, got a string ('LL3')"),
    "wrong-type-bool": ('[tool.loglint]\nfix = "yes"\n', "tool.loglint.fix must be a boolean, got a string ('yes')"),
    "wrong-type-table": ("[tool.loglint]\nlogger-names = 5\n", "tool.loglint.logger-names must be"),
    "unknown-key": ("[tool.loglint]\nselct = ['LL3']\n", "unknown key 'selct' in [tool.loglint]; did you mean 'select'?"),
    "unknown-code-select": ("[tool.loglint]\nselect = ['LL999']\n", "unknown rule code or prefix 'LL999' in tool.loglint.select"),
    "unknown-code-pfi": ('[tool.loglint]\nper-file-ignores = { "x/**" = ["LL998"] }\n', "unknown rule code or prefix 'LL998' in tool.loglint.per-file-ignores"),
    "unknown-rule-table": ("[tool.loglint.no-such-rule]\nx = 1\n", "no-such-rule"),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_bad_configuration_is_exit_2_with_the_key_named(project: Path, name: str) -> None:
    text, message = CONFIGS[name]
    (project / "pyproject.toml").write_text(text)
    result = run(["--no-cache", "."], project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("loglint: error: ") and message in result.stderr, result.stderr
    assert result.stdout == ""


def test_pyproject_without_a_loglint_table_is_ignored(project: Path) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.ruff]\nline-length = 100\n")
    result = run(["--no-cache", "."], project)
    assert result.returncode == 1 and OTHER_FINDING in result.stdout and result.stderr == ""


def test_broken_pyproject_without_loglint_table_names_the_file(project: Path) -> None:
    (project / "pyproject.toml").write_text("[project\nname = 'x'\n")
    result = run(["--no-cache", "."], project)
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert "pyproject.toml" in result.stderr


# --- loglint's own failures never hang or crash the run ----------------------------------------


def _many(project: Path, count: int) -> List[DiscoveredFile]:
    files = []
    for i in range(count):
        path = project / f"m{i}.py"
        path.write_text(OTHER)
        files.append(DiscoveredFile(path, path.name))
    return files


def test_rules_that_cannot_start_are_reported_not_hung(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker initializer that raised made multiprocessing.Pool respawn workers forever."""
    from loglint import engine

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("a rule option is None")

    monkeypatch.setattr(engine.Engine, "__init__", broken)
    results = run_files(_many(project, 20), _settings(project), RunOptions(jobs=2), [])
    assert len(results) == 20
    for result in results:
        assert [e.message for e in result.errors] == ["cannot start the rules: TypeError: a rule option is None"]
        assert result.errors[0].internal


def test_a_worker_that_dies_fails_only_its_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in native code (or the OOM killer) used to leave Pool.map waiting forever."""
    from loglint import runner

    real = runner.lint_bytes

    def crash_on_m3(engine, data, display, *args):  # type: ignore[no-untyped-def]
        if display == "m3.py":
            os._exit(139)
        return real(engine, data, display, *args)

    monkeypatch.setattr(runner, "lint_bytes", crash_on_m3)
    results = run_files(_many(project, 20), _settings(project), RunOptions(jobs=2), [])
    by_name = {r.path: r for r in results}
    assert [e.message for e in by_name["m3.py"].errors] == ["the process checking this file died (a crash in the parser, or out of memory)"]
    assert all([f.code for f in r.findings] == ["LL301"] for name, r in by_name.items() if name != "m3.py")
