"""Configuration through the real command line (issue 18): each file's nearest config file
(monorepos), ``extend``, ``--config KEY = VALUE``, ``fixable``/``unfixable``/``extend-fixable``,
``include``/``extend-include``/``--extension`` and ``respect-gitignore``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"

# LL301 (an f-string, unsafe fix) on line 3, LL206 (warn, safe fix) on line 4.
BAD = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f"user {name}")\nlogger.warn("disk full")\n'


def run(args: Sequence[str], cwd: Path, stdin: Optional[str] = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LOGLINT_OUTPUT_FORMAT", "LOGLINT_CACHE_DIR")}
    data = None if stdin is None else stdin.encode()
    proc = subprocess.run([LOGLINT, *args], cwd=cwd, input=data, capture_output=True, env=env, timeout=120)
    out = subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())
    assert "Traceback" not in out.stdout + out.stderr, out.stderr
    return out


def codes(result: subprocess.CompletedProcess[str]) -> List[str]:
    """``path:line CODE`` of each finding printed."""
    found = []
    for line in result.stdout.splitlines():
        parts = line.split(":")
        if len(parts) > 3 and parts[3].strip().startswith("LL"):
            found.append(f"{parts[0]}:{parts[1]} {parts[3].split()[0]}")
    return found


def tree(root: Path, files: Dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The run failed with exit 2 and one line on stderr, nothing on stdout: that line."""
    assert (result.returncode, result.stdout) == (2, ""), result
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.fixture
def monorepo(tmp_path: Path) -> Path:
    """A root config and two packages: pkg_a with its own settings, pkg_b with none (the root's apply)."""
    return tree(tmp_path / "mono", {
        "pyproject.toml": '[tool.loglint]\nignore = ["LL206"]\n',
        "pkg_a/pyproject.toml": '[tool.loglint]\nignore = ["LL301"]\n',
        "pkg_a/a.py": BAD,
        "pkg_b/pyproject.toml": "[project]\nname = 'b'\n",  # no [tool.loglint]: not a config
        "pkg_b/b.py": BAD,
        "top.py": BAD,
    })


# --- each file's nearest config ---------------------------------------------------------


def test_each_file_uses_the_nearest_config_above_it(monorepo: Path) -> None:
    result = run(["--no-cache"], monorepo)
    assert codes(result) == ["pkg_a/a.py:4 LL206", "pkg_b/b.py:3 LL301", "top.py:3 LL301"]
    assert result.returncode == 1


def test_a_package_checked_from_the_root_or_from_inside_gets_the_same_settings(monorepo: Path) -> None:
    assert codes(run(["--no-cache", "pkg_a"], monorepo)) == ["pkg_a/a.py:4 LL206"]
    assert codes(run(["--no-cache", "a.py"], monorepo / "pkg_a")) == ["a.py:4 LL206"]
    assert codes(run(["--no-cache", "../pkg_b/b.py"], monorepo / "pkg_a")) == [f"{monorepo / 'pkg_b' / 'b.py'}:3 LL301"]


def test_a_project_checked_from_outside_uses_its_own_config_not_the_current_folders(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": '[tool.loglint]\nignore = ["LL206"]\n', "proj/pyproject.toml": '[tool.loglint]\nignore = ["LL301"]\n',
                    "proj/app.py": BAD})
    assert codes(run(["--no-cache", str(tmp_path / "proj")], tmp_path)) == ["proj/app.py:4 LL206"]
    assert codes(run(["--no-cache", "proj"], tmp_path)) == ["proj/app.py:4 LL206"]
    elsewhere = tmp_path / "proj" / "app.py"
    assert codes(run(["--no-cache", str(tmp_path / "proj")], Path("/"))) == [f"{str(elsewhere)[1:]}:4 LL206"]


def test_a_file_with_no_config_above_it_uses_the_current_folders(tmp_path: Path) -> None:
    tree(tmp_path, {"here/loglint.toml": 'ignore = ["LL301"]\n', "elsewhere/app.py": BAD})
    assert codes(run(["--no-cache", "../elsewhere"], tmp_path / "here")) == [f"{tmp_path / 'elsewhere' / 'app.py'}:4 LL206"]


def test_config_path_and_isolated_give_every_file_the_same_settings(monorepo: Path) -> None:
    every = run(["--no-cache", "--config", "pyproject.toml"], monorepo)
    assert codes(every) == ["pkg_a/a.py:3 LL301", "pkg_b/b.py:3 LL301", "top.py:3 LL301"]
    isolated = run(["--no-cache", "--isolated", "pkg_a", "top.py"], monorepo)
    assert codes(isolated) == ["pkg_a/a.py:3 LL301", "pkg_a/a.py:4 LL206", "top.py:3 LL301", "top.py:4 LL206"]


def test_a_nested_configs_globs_are_relative_to_its_own_folder(monorepo: Path) -> None:
    (monorepo / "pkg_a" / "pyproject.toml").write_text('[tool.loglint]\nextend-exclude = ["legacy/old.py"]\nper-file-ignores = { "a.py" = ["LL301"] }\n')
    tree(monorepo, {"pkg_a/legacy/old.py": BAD, "legacy/old.py": BAD})
    result = run(["--no-cache"], monorepo)
    assert codes(result) == ["legacy/old.py:3 LL301", "pkg_a/a.py:4 LL206", "pkg_b/b.py:3 LL301", "top.py:3 LL301"]
    assert result.stderr == ""  # the per-file-ignores glob matched, in its own project
    shown = run(["--show-files"], monorepo).stdout
    assert "pkg_a/legacy/old.py  (`legacy/old.py` in extend-exclude)" in shown
    assert codes(run(["--no-cache", "pkg_a/legacy/old.py"], monorepo)) == ["pkg_a/legacy/old.py:3 LL301", "pkg_a/legacy/old.py:4 LL206"]
    assert codes(run(["--no-cache", "--force-exclude", "pkg_a/legacy/old.py", "legacy/old.py"], monorepo)) == ["legacy/old.py:3 LL301"]


def test_stdin_takes_the_settings_of_its_file_name(monorepo: Path) -> None:
    assert codes(run(["-", "--stdin-filename", "pkg_a/new.py"], monorepo, stdin=BAD)) == ["pkg_a/new.py:4 LL206"]
    assert codes(run(["-", "--stdin-filename", "pkg_b/new.py"], monorepo, stdin=BAD)) == ["pkg_b/new.py:3 LL301"]


def test_show_settings_of_a_file_names_its_config(monorepo: Path) -> None:
    of_a = run(["--show-settings", "pkg_a/a.py"], monorepo).stdout.splitlines()
    assert of_a[:2] == [f"# config file: {monorepo / 'pkg_a' / 'pyproject.toml'}", f"# project root: {monorepo / 'pkg_a'}"]
    assert 'ignore = ["LL301"]  ' in "\n".join(of_a) and f"# {monorepo / 'pkg_a' / 'pyproject.toml'}" in "\n".join(of_a)
    of_b = run(["--show-settings", "pkg_b/b.py"], monorepo).stdout.splitlines()
    assert of_b[:2] == [f"# config file: {monorepo / 'pyproject.toml'}", f"# project root: {monorepo}"]


def test_the_cache_keeps_each_configs_results_apart(monorepo: Path) -> None:
    assert codes(run([], monorepo)) == ["pkg_a/a.py:4 LL206", "pkg_b/b.py:3 LL301", "top.py:3 LL301"]
    assert (monorepo / "pkg_a" / ".loglint_cache").is_dir() and (monorepo / ".loglint_cache").is_dir()
    assert codes(run([], monorepo)) == ["pkg_a/a.py:4 LL206", "pkg_b/b.py:3 LL301", "top.py:3 LL301"]  # warm
    (monorepo / "pkg_a" / "pyproject.toml").write_text('[tool.loglint]\nignore = ["LL206"]\n')
    assert codes(run([], monorepo)) == ["pkg_a/a.py:3 LL301", "pkg_b/b.py:3 LL301", "top.py:3 LL301"]


def test_each_package_has_its_own_project_index(tmp_path: Path) -> None:
    """``applog`` is a loguru logger in pkg_a and a stdlib one in pkg_b: .success() is wrong only in pkg_b, cold and warm."""
    tree(tmp_path, {
        "pyproject.toml": "[tool.loglint]\n", "pkg_a/pyproject.toml": "[tool.loglint]\n", "pkg_b/pyproject.toml": "[tool.loglint]\n",
        "pkg_a/applog.py": "from loguru import logger\n", "pkg_b/applog.py": 'import logging\nlogger = logging.getLogger("b")\n',
        "pkg_a/a.py": 'from applog import logger\nlogger.success("done")\n', "pkg_b/b.py": 'from applog import logger\nlogger.success("done")\n',
    })
    for _ in range(2):
        assert codes(run(["--select", "LL603"], tmp_path)) == ["pkg_b/b.py:2 LL603"]
    assert (tmp_path / "pkg_a" / ".loglint_cache").is_dir() and (tmp_path / "pkg_b" / ".loglint_cache").is_dir()


def test_a_broken_config_met_in_the_walk_is_one_error(monorepo: Path) -> None:
    (monorepo / "pkg_a" / "pyproject.toml").write_text("[tool.loglint]\nselct = []\n")
    line = error_line(run(["--no-cache"], monorepo))
    assert line.startswith(f"loglint: error: {monorepo / 'pkg_a' / 'pyproject.toml'}: unknown key 'selct'")


# --- extend -----------------------------------------------------------------------------


def test_extend_inherits_the_settings_and_the_local_ones_win(monorepo: Path) -> None:
    (monorepo / "pyproject.toml").write_text(
        '[tool.loglint]\nignore = ["LL301", "LL206"]\n[tool.loglint.vague-message]\nmin-words = 4\nextend-phrases = ["oops"]\n'
    )
    (monorepo / "pkg_a" / "pyproject.toml").write_text(
        '[tool.loglint]\nextend = "../pyproject.toml"\nignore = ["LL206"]\n[tool.loglint.vague-message]\nmin-words = 5\n'
    )
    tree(monorepo, {"pkg_c/loglint.toml": 'extend = "../pyproject.toml"\n', "pkg_c/c.py": BAD})
    assert codes(run(["--no-cache", "--select", "LL2,LL3", "pkg_a", "pkg_c"], monorepo)) == ["pkg_a/a.py:3 LL301"]
    shown = run(["--show-settings", "pkg_a/a.py"], monorepo).stdout
    root, local = monorepo / "pyproject.toml", monorepo / "pkg_a" / "pyproject.toml"
    assert shown.splitlines()[:3] == [f"# config file: {local}", f"# extends: {root}", f"# project root: {monorepo / 'pkg_a'}"]
    assert 'ignore = ["LL206"]' in shown and "min-words = 5" in shown and 'extend-phrases = ["oops"]' in shown
    rows = {line.split("  #")[0].strip(): line.rsplit("# ", 1)[1] for line in shown.splitlines() if "  # " in line}
    assert (rows['ignore = ["LL206"]'], rows["min-words = 5"], rows['extend-phrases = ["oops"]']) == (str(local), str(local), str(root))


def test_extend_is_relative_to_the_config_files_folder(tmp_path: Path) -> None:
    tree(tmp_path, {"common/base.toml": 'ignore = ["LL301"]\n', "proj/loglint.toml": 'extend = "../common/base.toml"\n', "proj/app.py": BAD})
    assert codes(run(["--no-cache", "proj"], tmp_path)) == ["proj/app.py:4 LL206"]
    assert codes(run(["--no-cache", "app.py"], tmp_path / "proj")) == ["app.py:4 LL206"]


def test_extend_cycle_is_one_error(tmp_path: Path) -> None:
    tree(tmp_path, {"loglint.toml": 'extend = "sub/loglint.toml"\n', "sub/loglint.toml": 'extend = "../loglint.toml"\n', "app.py": BAD})
    line = error_line(run(["app.py"], tmp_path))
    first, second = tmp_path / "loglint.toml", tmp_path / "sub" / "loglint.toml"
    assert line == f"loglint: error: {second}: extend: the files extend each other in a cycle: {first} -> {second} -> {first}\n"


def test_extend_of_a_missing_file_is_one_error(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": '[tool.loglint]\nextend = "../nowhere.toml"\n', "app.py": BAD})
    line = error_line(run(["app.py"], tmp_path))
    assert line == f"loglint: error: {tmp_path / 'pyproject.toml'}: tool.loglint.extend: no such file: {tmp_path.parent / 'nowhere.toml'}\n"
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\nextend = true\n")
    assert "tool.loglint.extend must be a string (the path of a config file), got a boolean (True)" in error_line(run(["app.py"], tmp_path))


# --- --config KEY = VALUE ---------------------------------------------------------------


def test_config_key_value_overrides_one_setting_of_every_config(monorepo: Path) -> None:
    assert codes(run(["--no-cache", "--config", "ignore = []"], monorepo)) == [
        "pkg_a/a.py:3 LL301", "pkg_a/a.py:4 LL206", "pkg_b/b.py:3 LL301", "pkg_b/b.py:4 LL206", "top.py:3 LL301", "top.py:4 LL206",
    ]
    several = run(["--no-cache", "--config", "ignore = []", "--config", 'select = ["LL206"]', "top.py"], monorepo)
    assert codes(several) == ["top.py:4 LL206"]


def test_config_key_value_beside_a_config_file_and_below_the_flags(monorepo: Path) -> None:
    both = run(["--no-cache", "--config", "pyproject.toml", "--config", 'ignore = ["LL301"]', "top.py"], monorepo)
    assert codes(both) == ["top.py:4 LL206"]
    flag = run(["--no-cache", "--config", 'select = ["LL206"]', "--select", "LL301", "top.py"], monorepo)
    assert codes(flag) == ["top.py:3 LL301"]


def test_config_key_value_shows_where_it_comes_from(monorepo: Path) -> None:
    shown = run(["--show-settings", "--config", "vague-message.min-words = 7", "--config", 'extend-select = ["LL103"]'], monorepo)
    lines = shown.stdout.splitlines()
    assert "min-words = 7        # --config" in lines
    assert any(line.startswith('extend-select = ["LL103"]') and line.endswith("# --config") for line in lines)


@pytest.mark.parametrize("arg, message", [
    ("selct = []", "--config: unknown key 'selct'; did you mean 'select'? Valid keys: default-library, error-without-traceback, "
                   "exclude, extend-exclude, extend-fixable, extend-include, extend-select, fix, fixable, ignore, include, "),
    ("fix = 1", "--config: fix must be a boolean, got an integer (1)"),
    ('ignore = ["LL999"]', "--config: unknown rule code or prefix 'LL999' in ignore; valid prefixes include ALL"),
    ("vague-message.min-wrds = 3", "--config: unknown key 'min-wrds' in [vague-message]; did you mean 'min-words'?"),
    ("ignore = [", "--config 'ignore = [': neither a file nor a TOML `KEY = VALUE` setting (Invalid value"),
    ("fix = true\nunsafe-fixes = true", "--config 'fix = true\\nunsafe-fixes = true': one `KEY = VALUE` setting per --config, got 2"),
    ("missing.toml", "--config: no such file: "),
    ("pkg_a", "--config: a folder, not a config file: "),
])
def test_bad_config_argument_is_one_error(monorepo: Path, arg: str, message: str) -> None:
    line = error_line(run(["--config", arg, "top.py"], monorepo))
    assert line.startswith(f"loglint: error: {message}"), line


def test_config_names_one_file_at_most(monorepo: Path) -> None:
    line = error_line(run(["--config", "pyproject.toml", "--config", "pkg_a/pyproject.toml"], monorepo))
    assert line == "loglint: error: --config: one config file at most, got 'pyproject.toml' and 'pkg_a/pyproject.toml'\n"


# --- fixable, unfixable, extend-fixable -------------------------------------------------

# LL206 (warn) and LL001 (an unused noqa) have safe fixes.
FIXABLE = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.warn("disk full")\nx = 1  # noqa: LL301\n'


@pytest.mark.parametrize("config, fixed, left", [
    ("", ["LL206", "LL001"], []),
    ('unfixable = ["LL206"]', ["LL001"], ["LL206"]),
    ('fixable = ["LL001"]', ["LL001"], ["LL206"]),
    ('fixable = ["LL001"]\nextend-fixable = ["LL2"]', ["LL206", "LL001"], []),
    ('fixable = ["LL001", "LL206"]\nunfixable = ["LL2"]', ["LL001"], ["LL206"]),  # unfixable wins, however specific fixable is
    ('unfixable = ["ALL"]', [], ["LL001", "LL206"]),
])
def test_fix_applies_only_the_fixable_rules(tmp_path: Path, config: str, fixed: List[str], left: List[str]) -> None:
    tree(tmp_path, {"loglint.toml": config + "\n", "app.py": FIXABLE})
    before = run(["--no-cache", "app.py"], tmp_path).stdout
    for code in ("LL206", "LL001"):  # only what --fix would fix is marked fixable
        assert (f" {code} [*] " in before) is (code in fixed), before
    result = run(["--no-cache", "--fix", "app.py"], tmp_path)
    text = (tmp_path / "app.py").read_text()
    assert ("logger.warning(" in text) is ("LL206" in fixed)
    assert ("# noqa" in text) is ("LL001" not in fixed)
    assert sorted(code.split()[1] for code in codes(result)) == sorted(left)


def test_unfixable_from_the_command_line_config(tmp_path: Path) -> None:
    tree(tmp_path, {"app.py": FIXABLE})
    run(["--no-cache", "--isolated", "--fix", "--config", 'unfixable = ["LL206"]', "app.py"], tmp_path)
    assert 'logger.warn("disk full")' in (tmp_path / "app.py").read_text()


def test_unknown_fixable_code_is_one_error(tmp_path: Path) -> None:
    tree(tmp_path, {"loglint.toml": 'unfixable = ["LL9"]\n', "app.py": FIXABLE})
    line = error_line(run(["app.py"], tmp_path))
    assert line.startswith(f"loglint: error: {tmp_path / 'loglint.toml'}: unknown rule code or prefix 'LL9' in unfixable")


# --- include, extend-include, --extension, respect-gitignore -----------------------------


@pytest.fixture
def scripts(tmp_path: Path) -> Path:
    return tree(tmp_path, {"pyproject.toml": "[tool.loglint]\n", "app.py": BAD, "stubs.pyi": BAD, "gui.pyw": BAD, "bin/deploy": BAD, "notes.txt": BAD})


def walked(root: Path, *args: str) -> List[str]:
    result = run(["--show-files", *args], root)
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n\n")[0].splitlines()


def test_include_default_is_python_stubs_and_notebooks(scripts: Path) -> None:
    assert walked(scripts) == ["app.py", "stubs.pyi"]


def test_extension_adds_a_suffix_to_the_walk(scripts: Path) -> None:
    assert walked(scripts, "--extension", "pyw") == ["app.py", "gui.pyw", "stubs.pyi"]
    assert walked(scripts, "--extension", ".pyw", "--extension", "txt") == ["app.py", "gui.pyw", "notes.txt", "stubs.pyi"]
    assert codes(run(["--no-cache", "--extension", "pyw", "--select", "LL206"], scripts)) == [
        "app.py:4 LL206", "gui.pyw:4 LL206", "stubs.pyi:4 LL206",
    ]


def test_extend_include_adds_globs_relative_to_the_project_root(scripts: Path) -> None:
    (scripts / "pyproject.toml").write_text('[tool.loglint]\nextend-include = ["bin/*"]\n')
    assert walked(scripts) == ["app.py", "bin/deploy", "stubs.pyi"]
    tree(scripts, {"other/bin/tool": BAD})
    assert "other/bin/tool" not in walked(scripts)


def test_include_replaces_the_default(scripts: Path) -> None:
    (scripts / "pyproject.toml").write_text('[tool.loglint]\ninclude = ["*.py"]\n')
    assert walked(scripts) == ["app.py"]
    assert walked(scripts, "stubs.pyi") == ["stubs.pyi"]  # a file named is checked whatever its name


def test_bad_extension_is_one_error(scripts: Path) -> None:
    assert error_line(run(["--extension", "*.py"], scripts)) == "loglint: error: --extension: '*.py' is not a file extension (such as pyw)\n"


def test_respect_gitignore_false_checks_ignored_files(scripts: Path) -> None:
    tree(scripts, {".gitignore": "generated/\n", "generated/gen.py": BAD})
    assert "generated/gen.py" not in walked(scripts)
    (scripts / "pyproject.toml").write_text("[tool.loglint]\nrespect-gitignore = false\n")
    assert walked(scripts) == ["app.py", "generated/gen.py", "stubs.pyi"]
    (scripts / "pyproject.toml").write_text('[tool.loglint]\nrespect-gitignore = false\nextend-exclude = ["generated"]\n')
    assert walked(scripts) == ["app.py", "stubs.pyi"]  # exclude still holds


def test_show_settings_prints_the_new_keys_as_config(scripts: Path, tmp_path: Path) -> None:
    (scripts / "pyproject.toml").write_text('[tool.loglint]\nunfixable = ["LL206"]\nextend-include = ["bin/*"]\nrespect-gitignore = false\n')
    shown = run(["--show-settings", "--extension", "pyw"], scripts).stdout
    for line in ('include = ["*.py", "*.pyi", "*.ipynb"]', 'extend-include = ["bin/*", "*.pyw"]', "respect-gitignore = false",
                 'fixable = ["ALL"]', "extend-fixable = []", 'unfixable = ["LL206"]'):
        assert line in shown
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "loglint.toml").write_text(shown)
    assert run(["--show-settings"], copy).returncode == 0
