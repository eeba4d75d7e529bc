"""The result cache and the process pool change speed, never findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import pytest

from loglint.cache import ResultCache, content_key, settings_key
from loglint.catalog import CATALOG
from loglint.config import load_settings
from loglint.discovery import discover
from loglint.registry import rule_infos
from loglint.runner import RunOptions, run_files
from loglint.settings import Settings

SNIPPETS = [
    'import logging\nlog = logging.getLogger(__name__)\nlog.info(f"a {x}")\n',
    'from loguru import logger\nlogger.info("a %s", x)\n',
    'import structlog\nlog = structlog.get_logger()\ntry:\n    pass\nexcept Exception:\n    log.error("failed")\n',
    "print('no logging here')\n",
    "def broken(:\n    log.info(x)\n",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for index in range(30):
        (tmp_path / f"m{index:02}.py").write_text(SNIPPETS[index % len(SNIPPETS)])
    return tmp_path


def _settings(root: Path) -> Settings:
    return load_settings(cwd=root, rules=rule_infos(), isolated=True, overrides={"select": ("LL",)})


def _run(root: Path, jobs: int, cache: bool) -> List[tuple]:
    settings = _settings(root)
    files, errors = discover(["."], settings, root)
    assert errors == []
    triggers = [t for cls in CATALOG for t in cls.triggers]
    store = ResultCache(root / ".cache", settings_key(settings, False)) if cache else None
    results = run_files(files, settings, RunOptions(jobs=jobs), triggers, store)
    return [(r.path, r.findings, [(e.message, e.line, e.column) for e in r.errors]) for r in results]


def test_jobs_and_cache_do_not_change_findings(tree: Path) -> None:
    serial = _run(tree, 1, cache=False)
    assert any(findings for _, findings, _ in serial)
    assert any(errors for _, _, errors in serial)
    assert _run(tree, 2, cache=False) == serial
    assert _run(tree, 2, cache=True) == serial  # fills the cache
    assert list((tree / ".cache").glob("results-*.json"))
    assert _run(tree, 1, cache=True) == serial  # served from it


def test_corrupt_cache_is_ignored_and_rebuilt(tree: Path) -> None:
    expected = _run(tree, 1, cache=True)
    (cache_file,) = (tree / ".cache").glob("results-*.json")
    cache_file.write_text("{not json")
    assert _run(tree, 1, cache=True) == expected
    data = json.loads(cache_file.read_text())
    assert data  # rebuilt
    key = next(iter(data))
    data[key] = [0, [["broken entry"]], [], 0]
    cache_file.write_text(json.dumps(data))
    assert _run(tree, 1, cache=True) == expected


def test_a_changed_file_is_linted_again(tree: Path) -> None:
    _run(tree, 1, cache=True)
    (tree / "m03.py").write_text(SNIPPETS[0])
    findings = dict((path, f) for path, f, _ in _run(tree, 1, cache=True))
    assert [f.code for f in findings["m03.py"]] == ["LL301"]


def test_cache_folder_has_its_own_gitignore(tree: Path) -> None:
    _run(tree, 1, cache=True)
    assert (tree / ".cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_keys_depend_on_content_path_and_settings(tmp_path: Path) -> None:
    assert content_key("a.py", "a.py", b"x") != content_key("b.py", "b.py", b"x")
    assert content_key("a.py", "a.py", b"x") != content_key("a.py", "a.py", b"y")
    base = _settings(tmp_path)
    other = load_settings(cwd=tmp_path, rules=rule_infos(), isolated=True, overrides={"select": ("LL3",)})
    assert settings_key(base, False) != settings_key(other, False)
    assert settings_key(base, False) != settings_key(base, True)
