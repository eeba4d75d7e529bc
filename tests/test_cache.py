"""The result cache and the process pool change speed, never findings."""

from __future__ import annotations

import json
import os
import sys
import time
import types
from pathlib import Path
from typing import Any, Dict, List

import pytest

from loglint import cache as cache_module
from loglint import runner
from loglint.cache import ResultCache, cache_folder, content_key, settings_key
from loglint.catalog import CATALOG
from loglint.config import load_settings
from loglint.discovery import DiscoveredFile, discover
from loglint.findings import Edit, FileError, FileResult, Finding, Fix
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
    cache_file.write_text(json.dumps({"results": {}, "files": []}))
    assert _run(tree, 1, cache=True) == expected


def test_a_changed_file_is_linted_again(tree: Path) -> None:
    _run(tree, 1, cache=True)
    (tree / "m03.py").write_text(SNIPPETS[0])
    findings = dict((path, f) for path, f, _ in _run(tree, 1, cache=True))
    assert [f.code for f in findings["m03.py"]] == ["LL301"]


def test_cache_folder_has_its_own_gitignore(tree: Path) -> None:
    _run(tree, 1, cache=True)
    assert (tree / ".cache" / ".gitignore").read_text() == "# Created by loglint\n*\n"


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


# -- what an entry keeps, and when the cache is written ------------------------------------


def _full(display: str) -> FileResult:
    """A result with every field the cache keeps: findings with and without a fix, errors, cells."""
    fix = Fix("unsafe", "Use lazy formatting", (Edit('"a %s", x', 3, 10, 3, 18),))
    return FileResult(
        display,
        findings=[
            Finding("LL301", "logging-f-string", "f-string in a logging call", display, 3, 10, 3, 18, fix, cell=2),
            Finding("LL304", "logging-concatenation", "string concatenation", display, 4, 1, 5, 2),
        ],
        errors=[FileError(display, "LL000 syntax error: unexpected indent", 7, 3, cell=3)],
        unsafe_hidden=2,
        index_deps=[["P", "def", "app"], "answer"],
    )


def test_a_cached_result_is_the_result_under_the_name_asked_for(tmp_path: Path) -> None:
    folder = tmp_path / ".cache"
    first = ResultCache(folder, "k")
    first.put("a", _full("a.py"))
    first.save()  # the table, written whole
    second = ResultCache(folder, "k")
    second.put("b", _full("b.py"))
    second.save()  # a line of the journal
    assert second.journal is not None and second.journal.exists()
    third = ResultCache(folder, "k")
    assert third.get("a", "moved/a.py") == _full("moved/a.py")
    assert third.get("b", "b.py") == _full("b.py")


def test_crashes_and_files_about_to_be_fixed_are_not_cached(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "k")
    cache.put("crash", FileResult("a.py", errors=[FileError("a.py", "RecursionError", internal=True)]))
    cache.put("fixed", FileResult("b.py", fixed_source=b"x = 1\n"))
    cache.put("kept", FileResult("c.py", errors=[FileError("c.py", "LL000 syntax error")]))
    cache.save()
    again = ResultCache(tmp_path, "k")
    assert [again.get(key, "x.py") is not None for key in ("crash", "fixed", "kept")] == [False, False, True]


def test_without_a_folder_nothing_is_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cache = ResultCache(None, "k")
    cache.put("a", _result("a"))
    cache.remember("m.py", (1, 1, 1, 1), "a")
    cache.save()
    assert (cache.get("a", "a.py"), cache.known_key("m.py", (1, 1, 1, 1))) == (None, None)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_parent_of_the_folder_is_created(tmp_path: Path) -> None:
    _saved(tmp_path / "deep" / "er" / ".cache", "a")
    assert _present(tmp_path / "deep" / "er" / ".cache") == ["a"]


def test_a_run_that_adds_nothing_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a")
    assert cache.path is not None and cache.journal is not None
    _set_age(cache.path, "a", 3600)  # used an hour ago: fresh enough, and a write would show
    table = cache.path.read_bytes()
    reader = ResultCache(folder, "k")
    assert reader.get("a", "a.py") == _result("a")
    reader.save()
    assert cache.path.read_bytes() == table
    assert not cache.journal.exists()


def _set_age(path: Path, key: str, seconds: int) -> None:
    data = json.loads(path.read_text())
    data["results"][key][0] = int(time.time()) - seconds
    path.write_text(json.dumps(data))


def test_an_entry_used_after_a_day_has_its_time_refreshed(tmp_path: Path) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a", "b")
    assert cache.path is not None
    _set_age(cache.path, "a", cache_module.REFRESH_SECONDS + 60)
    reader = ResultCache(folder, "k")
    assert reader.get("a", "a.py") == _result("a")
    reader.save()  # only read, but its entry was old: the table is written again
    data = json.loads(cache.path.read_text())
    assert sorted(data["results"]) == ["a", "b"]
    assert int(time.time()) - data["results"]["a"][0] < 60


def test_entries_unused_for_a_month_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a", "b")
    assert cache.path is not None
    _set_age(cache.path, "a", cache_module.MAX_AGE_SECONDS + 60)
    monkeypatch.setattr("loglint.cache.JOURNAL_BYTES", 0)  # every save writes the table
    _saved(folder, "c")
    assert _present(folder) == ["b", "c"]


def test_malformed_entries_are_dropped_when_the_table_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a")
    assert cache.path is not None
    data = json.loads(cache.path.read_text())
    data["results"].update({"no time": ["x", [], [], 0, []], "empty": [], "not a list": {"0": 1}})
    cache.path.write_text(json.dumps(data))
    monkeypatch.setattr("loglint.cache.JOURNAL_BYTES", 0)
    _saved(folder, "b")
    assert sorted(json.loads(cache.path.read_text())["results"]) == ["a", "b"]


@pytest.mark.parametrize("theirs", [{}, {"a": "broken"}])
def test_an_entry_used_is_kept_when_another_run_wrote_the_table_meanwhile(tmp_path: Path, theirs: Dict[str, Any]) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a")
    assert cache.path is not None
    _set_age(cache.path, "a", cache_module.REFRESH_SECONDS + 60)
    reader = ResultCache(folder, "k")
    assert reader.get("a", "a.py") == _result("a")
    other = {"z": [int(time.time()), [], [], 0, []], **theirs}
    cache.path.write_text(json.dumps({"results": other, "files": {}}))  # another run's table
    reader.save()
    expected = ["a", "z"] if not theirs else ["z"]  # theirs is the newer word on "a"; a broken entry goes
    assert sorted(json.loads(cache.path.read_text())["results"]) == expected


def test_a_table_with_one_malformed_table_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / ".cache"
    cache = _saved(folder, "a")
    assert cache.path is not None
    cache.path.write_text(json.dumps({"results": json.loads(cache.path.read_text())["results"], "files": []}))
    reader = ResultCache(folder, "k")
    assert (reader.get("a", "a.py"), reader.known_key("m.py", (1, 1, 1, 1))) == (None, None)


def test_files_changed_recently_by_either_time_are_not_indexed(tmp_path: Path) -> None:
    now, old = time.time_ns(), time.time_ns() - 3600 * 10**9
    cache = ResultCache(tmp_path, "k")
    stamps = {"old.py": (old, old, 10, 1), "future mtime.py": (now + 3600 * 10**9, old, 10, 2), "new ctime.py": (old, now, 10, 3)}
    for file_id, stamp in stamps.items():
        cache.remember(file_id, stamp, "key")
    cache.save()
    again = ResultCache(tmp_path, "k")
    assert {file_id: again.known_key(file_id, stamp) for file_id, stamp in stamps.items()} == {
        "old.py": "key", "future mtime.py": None, "new ctime.py": None,
    }


def test_the_journal_is_private(tmp_path: Path) -> None:
    cache = _saved(tmp_path, "a")
    _saved(tmp_path, "b")
    assert cache.journal is not None
    assert cache.journal.stat().st_mode & 0o777 == 0o600


def test_content_key_of_undecodable_file_names(tmp_path: Path) -> None:
    names = ["caf\udce9.py", "caf\udce8.py"]  # bytes that are not UTF-8, as os.fsdecode gives them
    assert content_key(names[0], "a.py", b"x") != content_key(names[1], "a.py", b"x")
    assert content_key("a.py", names[0], b"x") != content_key("a.py", names[1], b"x")


def test_settings_key_depends_on_loglint_s_and_python_s_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(tmp_path)
    key = settings_key(settings, False)
    monkeypatch.setattr("loglint.cache.__version__", "0.0.0")
    other_loglint = settings_key(settings, False)
    monkeypatch.setattr("loglint.cache.sys", types.SimpleNamespace(implementation=sys.implementation, version_info=(3, 99, 0, "final", 0)))
    assert len({key, other_loglint, settings_key(settings, False)}) == 3


def test_cache_folder_asked_for_else_the_default_unless_it_is_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(tmp_path)
    monkeypatch.delenv("LOGLINT_CACHE_DIR", raising=False)
    assert cache_folder(settings, None) == settings.project_root / ".loglint_cache"
    assert cache_folder(settings, "here") == Path("here")
    monkeypatch.setenv("LOGLINT_CACHE_DIR", str(tmp_path / "env"))
    assert cache_folder(settings, None) == tmp_path / "env"
    assert cache_folder(settings, "here") == Path("here")
    monkeypatch.delenv("LOGLINT_CACHE_DIR")
    (tmp_path / "elsewhere").mkdir()
    (settings.project_root / ".loglint_cache").symlink_to(tmp_path / "elsewhere")
    assert cache_folder(settings, None) is None
