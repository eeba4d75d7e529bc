"""benchmarks/precision/run.py: labels matched to findings, per rule and split, on a fake
package already in place (no network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import List

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "benchmarks" / "precision" / "run.py"
LOGLINT = str(Path(sys.executable).parent / "loglint")

PACKAGES = """\
[[package]]
name = "fake"
version = "1.0"
split = "tune"
uses = ["stdlib"]
kind = "a test"

[[package]]
name = "other"
version = "2.0"
split = "test"
uses = ["stdlib"]
kind = "a test"
"""
SOURCE = """\
import logging

logger = logging.getLogger(__name__)


def go(user, token):
    logger.info(f"user {user}")
    logger.info(f"again {user}")
    logger.info("token=%s", token)
    logger.info("Failed to go")
    logging.info("root %s", user)
"""


def _setup(tmp_path: Path, labels: str) -> Path:
    (tmp_path / "packages.toml").write_text(PACKAGES)
    (tmp_path / "labels.tsv").write_text(labels)
    for pin in ("fake==1.0", "other==2.0"):
        folder = tmp_path / "pkgs" / pin
        (folder / "pkg").mkdir(parents=True, exist_ok=True)
        (folder / "pkg" / "__init__.py").write_text("")
        (folder / "pkg" / "mod.py").write_text(SOURCE)
        (folder / ".complete").write_text(pin)  # already fetched: no download
    return tmp_path


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--dir", str(tmp_path / "pkgs"), "--packages", str(tmp_path / "packages.toml"),
         "--labels", str(tmp_path / "labels.tsv"), "--loglint", LOGLINT, *args],
        capture_output=True, text=True, timeout=120,
    )


LABELS = (
    "# comment lines and blank lines are skipped\n\n"
    "fake==1.0\tpkg/mod.py\t7\tLL301\tTP\teager f-string\n"
    "fake==1.0\tpkg/mod.py\t8\tLL301\tFP\ta made-up false positive\n"
    "fake==1.0\tpkg/mod.py\t9\tLL401\tTP\tthe token itself\n"
    "fake==1.0\tpkg/mod.py\t10\tLL103\tTP\ta failure at info\n"
    "fake==1.0\tpkg/mod.py\t99\tLL301\tTP\ta finding that went away\n"
    "other==2.0\tpkg/mod.py\t7\tLL301\tTP\teager f-string\n"
)


def test_table_per_rule_and_split(tmp_path: Path) -> None:
    _setup(tmp_path, LABELS)
    result = _run(tmp_path, "--split", "all")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    tune = lines.index("split tune: rules on by default")
    assert lines[tune + 2: tune + 8] == [
        "| rule | findings | labelled | TP | FP | precision |",
        "|---|---:|---:|---:|---:|---:|",
        "| LL301 | 2 | 2 | 1 | 1 | 0.500 |",
        "| LL503 | 1 | 0 | 0 | 0 | — |",
        "| all | 3 | 2 | 1 | 1 | 0.500 |",
        "",
    ]
    off = lines.index("split tune: LL101, LL102, LL103, LL201, LL205, LL401, LL602 (off by default)")
    assert lines[off + 4: off + 6] == ["| LL103 | 1 | 1 | 1 | 0 | 1.000 |", "| LL401 | 1 | 1 | 1 | 0 | 1.000 |"]
    test = lines.index("split test: rules on by default")
    assert lines[test + 4: test + 7] == [
        "| LL301 | 2 | 1 | 1 | 0 | 1.000 |",
        "| LL503 | 1 | 0 | 0 | 0 | — |",
        "| all | 3 | 1 | 1 | 0 | 1.000 |",
    ]
    unlabelled = lines.index("unlabelled findings: 5")
    assert lines[unlabelled + 1] == (
        "fake==1.0 pkg/mod.py:11:5: LL503 `logging.info()` logs through the root logger; "
        "use a module logger: `logger = logging.getLogger(__name__)`"
    )
    assert [" ".join(line.split(" ")[:3]) for line in lines[unlabelled + 2: unlabelled + 6]] == [
        "other==2.0 pkg/mod.py:8:17: LL301",
        "other==2.0 pkg/mod.py:11:5: LL503",
        "other==2.0 pkg/mod.py:9:29: LL401",
        "other==2.0 pkg/mod.py:10:17: LL103",
    ]
    assert lines[-2:] == [
        "labels that no finding matches: 1 (1 TP lost, 0 FP gone)",
        "fake==1.0 pkg/mod.py:99: LL301 TP a finding that went away",
    ]


def test_one_split_and_json(tmp_path: Path) -> None:
    _setup(tmp_path, LABELS)
    result = _run(tmp_path, "--split", "tune", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data["splits"]) == ["tune"]
    assert data["splits"]["tune"]["default"]["LL301"] == {"findings": 2, "labelled": 2, "tp": 1, "fp": 1, "precision": 0.5}
    assert data["splits"]["tune"]["off_by_default"] == {
        "LL103": {"findings": 1, "labelled": 1, "tp": 1, "fp": 0, "precision": 1.0},
        "LL401": {"findings": 1, "labelled": 1, "tp": 1, "fp": 0, "precision": 1.0},
    }
    assert [(f["package"], f["line"], f["code"]) for f in data["unlabelled"]] == [("fake==1.0", 11, "LL503")]
    assert [(s["line"], s["code"]) for s in data["stale_labels"]] == [(99, "LL301")]


def _error(tmp_path: Path, labels: str, *args: str) -> List[str]:
    _setup(tmp_path, labels)
    result = _run(tmp_path, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def test_bad_labels_are_one_line_errors(tmp_path: Path) -> None:
    labels = tmp_path / "labels.tsv"
    assert _error(tmp_path, "fake==1.0\tpkg/mod.py\t7\tLL301\tTP\n") == [
        f"error: {labels}:1: expected 6 tab-separated fields, got 5"
    ]
    assert _error(tmp_path, "fake==1.0\tpkg/mod.py\tseven\tLL301\tTP\tr\n") == [
        f"error: {labels}:1: line 'seven' is not a number"
    ]
    assert _error(tmp_path, "fake==1.0\tpkg/mod.py\t7\tLL301\tyes\tr\n") == [
        f"error: {labels}:1: verdict 'yes' is not TP or FP"
    ]
    twice = "fake==1.0\tpkg/mod.py\t7\tLL301\tTP\tr\n" * 2
    assert _error(tmp_path, twice) == [f"error: {labels}:2: fake==1.0 pkg/mod.py:7 LL301 is labelled twice"]


def test_bad_packages_and_loglint_are_one_line_errors(tmp_path: Path) -> None:
    _setup(tmp_path, "")
    (tmp_path / "packages.toml").write_text(PACKAGES.replace('split = "test"', 'split = "later"'))
    result = _run(tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / 'packages.toml'}: package 2: split 'later' is not one of tune, test\n"
    _setup(tmp_path, "")
    result = _run(tmp_path, "--loglint", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr == f"error: no loglint at {tmp_path / 'nowhere'}\n"
