"""Security (issue 7): loglint never runs the code it checks, never prints a secret's value,
never lets a checked file drive the terminal, and never writes outside the project and
its cache folder, whatever the paths and symbolic links say."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

import pytest

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"
FORMATS = ["concise", "full", "json", "json-lines", "github", "gitlab", "sarif", "junit", "pylint"]
BAD = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f"user {name}")\n'


def run(args: Sequence[str], cwd: Path, env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "LOGLINT_OUTPUT_FORMAT", "LOGLINT_CACHE_DIR")}
    proc = subprocess.run([LOGLINT, *args], cwd=cwd, capture_output=True, env={**base, **(env or {})}, timeout=120)
    out = subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in out.stderr, out.stderr
    return out


def snapshot(folder: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>") for p in sorted(folder.rglob("*"))}


# --- never imports or executes the code it checks -----------------------------------------


def test_checked_code_is_never_imported_or_run(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    payload = f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.loglint]\n")
    # Module names that a careless tool imports from the working folder, and files that
    # Python runs by itself (sitecustomize, .pth) if the folder were put on sys.path.
    for name in ("evil", "conftest", "setup", "__init__", "__main__", "sitecustomize", "usercustomize",
                 "logging", "libcst", "click", "json", "tomllib", "loglint", "re", "typing", "dataclasses"):
        (project / f"{name}.py").write_text(payload + BAD)
    (project / "evil.pth").write_text(f"import pathlib; pathlib.Path({str(marker)!r}).write_text('pth')\n")
    (project / "pkg").mkdir()
    (project / "pkg" / "__init__.py").write_text(payload + BAD)
    for args in (["."], ["--fix", "--unsafe-fixes", "."], ["--output-format", "full", "."], ["--add-noqa", "."],
                 ["--statistics", "--no-cache", "-j", "2", "."], ["--show-settings"], ["--show-files", "."], ["rule", "LL301"]):
        result = run(args, project)
        assert result.returncode in (0, 1), (args, result.stdout, result.stderr)
        assert not marker.exists(), f"loglint {' '.join(args)} ran checked code"


# --- LL401 never prints the secret --------------------------------------------------------

SECRETS = "\n".join([
    "import logging",
    "logger = logging.getLogger(__name__)",
    'password = "hunter2-value-1"',
    'API_KEY = "sk_live_value-2"',
    "def f(user, token):",
    '    logger.info("login %s with %s", user, password)',
    '    logger.info(f"key={API_KEY}")',
    '    logger.debug("token: " + token)',
    '    logger.info("creds %s", {"password": "hunter2-value-3"})',
    '    logger.info("cfg", extra={"secret": "value-4-secret"})',
    '    logger.info("auth %s", request.headers["Authorization"])',
    '    logger.info("db %s", settings.DATABASE_PASSWORD)',
    "",
])
VALUES = ("hunter2-value-1", "sk_live_value-2", "hunter2-value-3", "value-4-secret")


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "full"])
def test_ll401_messages_never_contain_a_secret_value(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    (tmp_path / "app.py").write_text(SECRETS)
    result = run(["--select", "LL401", "--output-format", fmt, "app.py"], tmp_path)
    assert result.returncode == 1
    assert result.stdout.count("LL401") >= 5, result.stdout
    for value in VALUES:
        assert value not in result.stdout + result.stderr


def test_ll401_full_format_messages_name_the_variable_only(tmp_path: Path) -> None:
    """``full`` quotes the source lines (the user's own code); its messages still never quote values."""
    (tmp_path / "app.py").write_text(SECRETS)
    result = run(["--isolated", "--select", "LL401", "--output-format", "json", "app.py"], tmp_path)
    messages = [item["message"] for item in json.loads(result.stdout)]
    assert messages, result.stdout
    for message in messages:
        assert not any(value in message for value in VALUES), message
    assert any("`password`" in message for message in messages)


# --- text from checked files cannot drive the terminal ---------------------------------------

ESC = "\x1b"
HOSTILE_NAME = f"evil{ESC}]0;pwned{chr(7)}{ESC}[2J\r.py"


def _assert_no_controls(text: str) -> None:
    controls = [c for c in text if (ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) < 0xA0 or c in "\u202e\u2066"]
    assert not controls, repr(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_names_and_messages_are_escaped(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    # A message literal with a raw ESC, BEL, CR and a right-to-left override inside.
    source = f'import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f"{ESC}[31m{{x}}\u202e{chr(7)}{chr(0x9b)}")\nlogger.info("{ESC}[2J")\n'
    (tmp_path / HOSTILE_NAME).write_text(source)
    (tmp_path / f"bad{ESC}[1m.py").write_bytes(b"import logging\nx = '\xff'\n")  # an error line
    result = run(["--select", "LL", "--output-format", fmt, "--no-cache", "."], tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "LL301" in result.stdout or "fstring" in result.stdout
    if fmt in ("concise", "full", "pylint", "github"):  # printed to a terminal as they are
        _assert_no_controls(result.stdout)
        assert "\\x1b" in result.stdout
    else:  # structured formats escape by their own rules (JSON, XML)
        assert ESC not in result.stdout
    _assert_no_controls(result.stderr)


def test_paths_in_loglint_own_messages_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    (tmp_path / HOSTILE_NAME).write_text(BAD)
    unreadable = tmp_path / f"dir{ESC}[2J"
    unreadable.mkdir()
    (unreadable / "x.py").write_text(BAD)
    unreadable.chmod(0)
    try:
        for args in (["--show-files", "."], ["--statistics", "."], [f"missing{ESC}]0;pwned{chr(7)}.py", "."], ["--fix", "--show-fixes", "--unsafe-fixes", "."]):
            result = run(["--no-cache", *args], tmp_path)
            _assert_no_controls(result.stdout)
            _assert_no_controls(result.stderr)
    finally:
        unreadable.chmod(0o755)


# --- writes stay inside the project and the cache folder ------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim.py").write_text(BAD)
    (folder / "pkg").mkdir()
    (folder / "pkg" / "mod.py").write_text(BAD)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "pyproject.toml").write_text("[tool.loglint]\n")
    (folder / "src").mkdir()
    (folder / "src" / "own.py").write_text(BAD)
    return folder


def test_fix_never_writes_through_links_out_of_the_folder_walked(project: Path, outside: Path) -> None:
    (project / "src" / "linked_file.py").symlink_to(outside / "victim.py")
    (project / "src" / "linked_dir").symlink_to(outside / "pkg")
    before = snapshot(outside)
    result = run(["--fix", "--unsafe-fixes", "src"], project)
    assert snapshot(outside) == before
    assert "LL301" not in (project / "src" / "own.py").read_text() and "%s" in (project / "src" / "own.py").read_text()
    assert f"src/linked_file.py:1:1: LL000 not written: a symbolic link leads to {outside / 'victim.py'}, outside {project / 'src'}" in result.stdout
    assert f"src/linked_dir/mod.py:1:1: LL000 not written: a symbolic link leads to {outside / 'pkg' / 'mod.py'}" in result.stdout
    assert result.returncode == 1
    # --add-noqa obeys the same rule.
    noqa = run(["--add-noqa", "src"], project)
    assert snapshot(outside) == before
    assert "not written: a symbolic link leads to" in noqa.stderr


def test_a_link_inside_the_folder_walked_is_fixed(project: Path) -> None:
    (project / "src" / "alias.py").symlink_to("own.py")
    result = run(["--fix", "--unsafe-fixes", "src"], project)
    assert result.returncode == 0, result.stdout
    assert "%s" in (project / "src" / "own.py").read_text()
    assert (project / "src" / "alias.py").is_symlink()


def test_a_file_named_on_the_command_line_is_fixed_through_its_link(project: Path, outside: Path) -> None:
    """As ruff does: a path the user names is the user's decision."""
    (project / "named.py").symlink_to(outside / "victim.py")
    result = run(["--fix", "--unsafe-fixes", "named.py"], project)
    assert result.returncode == 0, result.stdout
    assert "%s" in (outside / "victim.py").read_text()
    assert (project / "named.py").is_symlink()


def test_cache_folder_that_is_a_link_out_of_the_project_is_not_used(project: Path, outside: Path) -> None:
    (project / ".loglint_cache").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    run(["src"], project)
    run(["--fix", "--unsafe-fixes", "src"], project)
    assert snapshot(outside) == before


def test_cache_never_writes_through_a_dangling_gitignore_link(project: Path, outside: Path) -> None:
    (project / ".loglint_cache").mkdir()
    (project / ".loglint_cache" / ".gitignore").symlink_to(outside / "planted")
    run(["src"], project)
    assert not (outside / "planted").exists()
    assert list((project / ".loglint_cache").glob("results-*.json"))


def test_cache_writes_only_its_own_files_in_its_folder(project: Path, outside: Path, tmp_path: Path) -> None:
    """Paths with ``..``, absolute paths and odd names never become cache paths."""
    weird = project / "src" / "..name with spaces & $(x).py"
    weird.write_text(BAD)
    before_outside = snapshot(outside)
    before_tmp = sorted(p.name for p in tmp_path.iterdir())
    run([f"../{project.name}/src", str(outside / "victim.py"), "src/../src/own.py"], project)
    assert snapshot(outside) == before_outside
    assert sorted(p.name for p in tmp_path.iterdir()) == before_tmp
    cache = project / ".loglint_cache"
    names = sorted(p.name for p in cache.iterdir())
    assert names[0] == ".gitignore" and all(re.fullmatch(r"results-[0-9a-f]{24}\.json", n) for n in names[1:]), names
    explicit = tmp_path / "chosen-cache"
    run(["--cache-dir", str(explicit), "src"], project)
    assert all(re.fullmatch(r"\.gitignore|results-[0-9a-f]{24}\.json", p.name) for p in explicit.iterdir())
