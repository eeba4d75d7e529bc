"""The README tells the truth: its set-up commands and its example output."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _blocks("console")[1].strip()
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_quick_start_output_is_real() -> None:
    install_and_run = _blocks("console")[0].strip()
    assert install_and_run.endswith("loglint examples/")
    shown = _blocks("text")[0]
    loglint = Path(sys.executable).parent / "loglint"
    actual = subprocess.run(
        [str(loglint), "examples/", "--no-cache", "--isolated"], cwd=REPO, capture_output=True, text=True
    ).stdout
    assert actual == shown


def test_tests_need_nothing_beside_the_checkout() -> None:
    """A user's clone has nothing beside it (no shared folder of schemas or corpora): only
    the opt-in corpus tests may look there. ``.ci/run`` proves it with a fresh clone."""
    outside = re.compile(r"""["']shared["']|\.\./shared|parents\[2\]""")
    for path in sorted((REPO / "tests").glob("*.py")):
        if path.name != "test_corpus.py":
            assert not outside.search(path.read_text(encoding="utf-8")), path.name
