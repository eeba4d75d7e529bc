"""The result cache and the process pool change speed, never findings."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import List

import pytest

from loglint import runner
from loglint.cache import ResultCache, content_key, settings_key
from loglint.catalog import CATALOG
from loglint.config import load_settings
from loglint.discovery import DiscoveredFile, discover
from loglint.findings import FileResult
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
    assert data["results"]  # rebuilt
    for key in data["results"]:
        data["results"][key] = [0, [["broken entry"]], [], 0]
    for key in data["files"]:
        data["files"][key] = ["not", "a", "stamp"]
    cache_file.write_text(json.dumps(data))
    assert _run(tree, 1, cache=True) == expected
    cache_file.write_text(json.dumps({"results": [], "files": "x"}))
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


def _age_files(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files old enough to be indexed: an old mtime, and (as utime just moved every ctime)
    no racy window (see cache.RACY_SECONDS)."""
    past = time.time() - 60
    for path in root.glob("*.py"):
        os.utime(path, (past, past))
    monkeypatch.setattr("loglint.cache.RACY_SECONDS", 0)
    time.sleep(0.01)


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    reads: List[str] = []
    real = runner._read

    def counting(file: DiscoveredFile) -> tuple:
        reads.append(file.display)
        return real(file)

    monkeypatch.setattr(runner, "_read", counting)
    return reads


def test_unchanged_files_are_not_read_again(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age_files(tree, monkeypatch)
    expected = _run(tree, 1, cache=True)
    reads = _count_reads(monkeypatch)
    assert _run(tree, 1, cache=True) == expected
    assert reads == []  # the index answered for every file, pre-filtered ones included


def test_a_change_that_keeps_size_and_mtime_is_still_seen(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age_files(tree, monkeypatch)
    _run(tree, 1, cache=True)
    path = tree / "m00.py"
    before = path.stat()
    path.write_text(SNIPPETS[0].replace("a {x}", "b {x}"))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old mtime: the ctime still moves
    assert path.stat().st_size == before.st_size
    reads = _count_reads(monkeypatch)
    findings = {path: f for path, f, _ in _run(tree, 1, cache=True)}
    assert set(reads) == {"m00.py"}  # read to find it changed, then to lint it
    assert [(f.code, f.column) for f in findings["m00.py"]] == [("LL301", 10)]


def test_recently_modified_files_are_not_indexed(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(tree, 1, cache=True)  # every file was written just now
    reads = _count_reads(monkeypatch)
    _run(tree, 1, cache=True)
    assert len(reads) == 30


def test_results_of_runs_saving_at_once_are_merged(tmp_path: Path) -> None:
    folder = tmp_path / ".cache"
    first, second = ResultCache(folder, "k"), ResultCache(folder, "k")  # both read the same, empty, cache
    first.put("a", FileResult("a.py"))
    first.save()
    second.put("b", FileResult("b.py"))
    second.save()  # must not write over what the first one added since it read
    third = ResultCache(folder, "k")
    assert third.get("a", "a.py") == FileResult("a.py") and third.get("b", "b.py") == FileResult("b.py")
    third.put("c", FileResult("c.py"))
    third.save()  # nobody wrote since it read: its own tables are the file's content
    fourth = ResultCache(folder, "k")
    assert [fourth.get(key, f"{key}.py") is not None for key in "abc"] == [True, True, True]


def _result(key: str) -> FileResult:
    return FileResult(f"{key}.py")


def _saved(folder: Path, *keys: str) -> ResultCache:
    cache = ResultCache(folder, "k")
    for key in keys:
        cache.put(key, _result(key))
    cache.save()
    return cache


def _present(folder: Path) -> List[str]:
    cache = ResultCache(folder, "k")
    return [key for key in "abcdefgh" if cache.get(key, f"{key}.py") == _result(key)]


def test_a_run_that_adds_little_appends_to_the_journal(tmp_path: Path) -> None:
    folder = tmp_path / ".cache"
    first = _saved(folder, "a", "b")  # no table yet: it is written whole
    assert first.path is not None and first.journal is not None
    table = first.path.read_bytes()
    assert not first.journal.exists()
    _saved(folder, "c")
    _saved(folder, "d")
    assert first.path.read_bytes() == table  # not written again
    assert len(first.journal.read_text().split()) == 2
    assert _present(folder) == ["a", "b", "c", "d"]


def test_a_broken_journal_line_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a")
    _saved(folder, "b")
    assert cache.journal is not None
    with open(cache.journal, "ab") as handle:
        handle.write(b'\n{"results":{"x":[0,[],[],0]},"fi')  # a write cut short
    _saved(folder, "c")  # appended after the broken line: still read
    assert _present(folder) == ["a", "b", "c"]


def test_a_full_journal_is_merged_into_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a")
    _saved(folder, "b")
    assert cache.journal is not None and cache.journal.exists()
    monkeypatch.setattr("loglint.cache.JOURNAL_BYTES", cache.journal.stat().st_size + 10)
    _saved(folder, "c")  # its line would take the journal past the limit
    assert not cache.journal.exists()
    assert cache.path is not None
    assert sorted(json.loads(cache.path.read_text())["results"]) == ["a", "b", "c"]
    assert _present(folder) == ["a", "b", "c"]


def test_the_journal_is_never_written_through_a_link(tmp_path: Path) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n")
    assert cache.journal is not None
    cache.journal.symlink_to(outside)
    _saved(folder, "b")
    assert outside.read_text() == "keep\n"
