""".ci/run finds the Pythons to run the suite on: on PATH and in pyenv, released ones only."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _stub(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def test_pythons_lists_the_released_pythons_on_path_and_in_pyenv_oldest_first(tmp_path: Path) -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    function = re.search(r"^pythons\(\) \{\n.*?^\}\n", script, re.DOTALL | re.MULTILINE)
    assert function is not None, ".ci/run defines no pythons()"
    tools = tmp_path / "bin"
    for tool in ("seq", "sort", "ls"):
        found = shutil.which(tool)
        assert found is not None
        tools.mkdir(exist_ok=True)
        (tools / tool).symlink_to(found)
    _stub(tools / "python3.13", "echo 13")
    _stub(tools / "python3.9", "echo 9")
    _stub(tools / "python3.12", "exit 127")  # a pyenv shim of a version not selected
    _stub(tools / "python3.15", "exit 1")  # a pre-release: the assertion on releaselevel fails
    root = tmp_path / "pyenv"
    _stub(root / "versions" / "3.10.4" / "bin" / "python3", "echo 10")
    _stub(tools / "pyenv", f"echo {root}")
    bash = shutil.which("bash")
    assert bash is not None
    result = subprocess.run(
        [bash, "-c", f"set -euo pipefail\n{function.group()}pythons"],
        env={"PATH": str(tools)}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"9 {tools / 'python3.9'}",
        f"10 {root / 'versions' / '3.10.4' / 'bin' / 'python3'}",
        f"13 {tools / 'python3.13'}",
    ]
