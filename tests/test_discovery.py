from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Any, List, Optional, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loglint.discovery import DiscoveredFile, IgnoreRules, discover
from loglint.settings import Settings


def tree(root: Path, *files: str) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")


def found(root: Path, paths: Sequence[str] = (".",), cwd: Optional[Path] = None, **fields: Any) -> List[str]:
    files, errors = discover(paths, Settings(project_root=root, **fields), cwd or root)
    assert errors == []
    return [file.display for file in files]


# --- IgnoreRules --------------------------------------------------------------------------


@pytest.mark.parametrize(("lines", "key", "is_dir", "expected"), [
    (["*.py"], "a/b.py", False, True),
    (["*.py"], "a/b.pyi", False, None),
    (["# *.py", ""], "a.py", False, None),
    (["\\#a.py"], "#a.py", False, True),
    (["\\!a.py"], "!a.py", False, True),
    (["a.py   "], "a.py", False, True),
    (["a.py\\ "], "a.py ", False, True),
    (["*.py", "!keep.py"], "x/keep.py", False, False),
    (["!keep.py", "*.py"], "keep.py", False, True),  # the last match wins
    (["out/"], "out", True, True),
    (["out/"], "out", False, None),
    (["/top.py"], "top.py", False, True),
    (["/top.py"], "a/top.py", False, None),
    (["a/b.py"], "x/a/b.py", False, None),  # a middle "/" anchors too
    (["a/*.py"], "a/b/c.py", False, None),
    (["a/**/c.py"], "a/c.py", False, True),
    (["a/**/c.py"], "a/x/y/c.py", False, True),
    (["**/c.py"], "x/c.py", False, True),
    (["a/**"], "a/x/y.py", False, True),
    (["a/**"], "a", True, None),
    (["a**b.py"], "axxb.py", False, True),
    (["a**b.py"], "a/b.py", False, None),
    (["?.py"], "ab.py", False, None),
    (["[ab].py"], "b.py", False, True),
    (["[!ab].py"], "b.py", False, None),
    (["[!ab].py"], "c.py", False, True),
    (["[a"], "[a", False, True),
    (["[]].py"], "].py", False, True),
    (["a+(b).py"], "a+(b).py", False, True),
])
def test_ignore_rules(lines: List[str], key: str, is_dir: bool, expected: Optional[bool]) -> None:
    assert IgnoreRules(lines).match(key, is_dir) is expected


@given(st.text("ab*?", min_size=1, max_size=6), st.text("ab.", min_size=1, max_size=6))
def test_name_patterns_agree_with_fnmatch(pattern: str, name: str) -> None:
    expected = True if fnmatch.fnmatchcase(name, pattern) else None
    assert IgnoreRules([pattern]).match(f"dir/{name}", False) is expected


def test_ignore_rules_relative_to_their_folder() -> None:
    rules = IgnoreRules(["/gen.py", "x/*.py"], base="pkg/sub")
    assert rules.match("pkg/sub/gen.py", False) is True
    assert rules.match("pkg/sub/x/y.py", False) is True
    assert rules.match("pkg/sub/a/gen.py", False) is None


# --- walking ------------------------------------------------------------------------------


def test_walks_folders_for_python_files_sorted(tmp_path: Path) -> None:
    tree(tmp_path, "b.py", "a/z.pyi", "a/y.py", "a/readme.txt", "a/b/c.py", "a.py", "setup.cfg")
    assert found(tmp_path) == ["a.py", "a/b/c.py", "a/y.py", "a/z.pyi", "b.py"]
    files, _ = discover(["."], Settings(project_root=tmp_path), tmp_path)
    assert files[0] == DiscoveredFile(tmp_path / "a.py", "a.py")


def test_display_is_relative_to_cwd_else_absolute(tmp_path: Path) -> None:
    tree(tmp_path, "proj/src/m.py", "other/o.py")
    cwd = tmp_path / "proj"
    assert found(cwd, ["src", "../other"], cwd=cwd) == [str(tmp_path / "other" / "o.py"), "src/m.py"]
    assert found(cwd, [str(tmp_path / "proj" / "src")], cwd=cwd) == ["src/m.py"]


def test_default_excludes(tmp_path: Path) -> None:
    tree(tmp_path, "m.py", ".venv/lib/x.py", "venv/x.py", "pkg/__pycache__/m.py", "build/x.py", ".git/x.py")
    assert found(tmp_path) == ["m.py"]


def test_exclude_patterns(tmp_path: Path) -> None:
    tree(tmp_path, "keep.py", "gen/a.py", "pkg/gen/b.py", "pkg/legacy/old.py", "legacy/old.py", "pkg/x_pb2.py", "venv/v.py")
    assert found(tmp_path, extend_exclude=("gen", "pkg/legacy", "*_pb2.py")) == ["keep.py", "legacy/old.py"]
    # exclude replaces the defaults
    assert found(tmp_path, exclude=("pkg",)) == ["gen/a.py", "keep.py", "legacy/old.py", "venv/v.py"]


def test_anchored_exclude_is_relative_to_the_project_root_not_cwd(tmp_path: Path) -> None:
    tree(tmp_path, "pkg/legacy/old.py", "pkg/new.py")
    assert found(tmp_path, ["."], cwd=tmp_path / "pkg", extend_exclude=("pkg/legacy",)) == ["new.py"]
    assert found(tmp_path, ["legacy"], cwd=tmp_path / "pkg", extend_exclude=("legacy/*",)) == ["legacy/old.py"]


def test_folder_outside_the_project_root_uses_name_patterns_only(tmp_path: Path) -> None:
    tree(tmp_path, "out/gen/a.py", "out/b.py", "out/c_pb2.py")
    root = tmp_path / "proj"
    root.mkdir()
    anchored = ("out/gen", (tmp_path / "out" / "gen").as_posix().lstrip("/"), "*/b.py")
    assert found(root, [str(tmp_path / "out")], cwd=tmp_path, extend_exclude=("*_pb2.py", *anchored)) == [
        "out/b.py", "out/gen/a.py",
    ]


# --- .gitignore ---------------------------------------------------------------------------


def test_gitignore_at_root_with_negation_anchoring_and_dir_only(tmp_path: Path) -> None:
    tree(tmp_path, "gen_a.py", "gen_keep.py", "sub/gen_b.py", "top.py", "sub/top.py", "out/x.py",
         "helper.py", "lib/helper.py/inner.py", "a/deep/b/c.py", "a/c.py")
    (tmp_path / ".gitignore").write_text(
        "# generated\ngen_*.py\n!gen_keep.py\n/top.py\nout/\nhelper.py/\na/**/b\n", encoding="utf-8"
    )
    assert found(tmp_path) == ["a/c.py", "gen_keep.py", "helper.py", "sub/top.py"]


def test_nested_gitignore_is_relative_to_its_folder_and_overrides(tmp_path: Path) -> None:
    tree(tmp_path, "gen_a.py", "pkg/gen_a.py", "pkg/gen_b.py", "pkg/local.py", "local.py", "pkg/sub/local.py")
    (tmp_path / ".gitignore").write_text("gen_*.py\n", encoding="utf-8")
    (tmp_path / "pkg" / ".gitignore").write_text("!gen_b.py\n/local.py\n", encoding="utf-8")
    assert found(tmp_path) == ["local.py", "pkg/gen_b.py", "pkg/sub/local.py"]


def test_gitignore_above_the_walked_folder_applies(tmp_path: Path) -> None:
    tree(tmp_path, "pkg/sub/gen.py", "pkg/sub/ok.py", "pkg/sub/tmp/x.py")
    (tmp_path / ".gitignore").write_text("pkg/sub/gen.py\n", encoding="utf-8")
    (tmp_path / "pkg" / ".gitignore").write_text("sub/tmp/\n", encoding="utf-8")
    assert found(tmp_path, ["pkg/sub"]) == ["pkg/sub/ok.py"]


def test_git_info_exclude_is_read_below_gitignore(tmp_path: Path) -> None:
    tree(tmp_path, "a.py", "b.py", "c.py")
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("a.py\nc.py\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("!c.py\n", encoding="utf-8")
    assert found(tmp_path) == ["b.py", "c.py"]


def test_gitignore_that_is_a_folder_is_skipped(tmp_path: Path) -> None:
    tree(tmp_path, "a.py", ".gitignore/x.txt")
    assert found(tmp_path) == ["a.py"]


# --- explicit paths -----------------------------------------------------------------------


def test_explicit_file_is_always_checked(tmp_path: Path) -> None:
    tree(tmp_path, "venv/x.py", "script", "gen.py", "build/y.py")
    (tmp_path / ".gitignore").write_text("gen.py\n", encoding="utf-8")
    assert found(tmp_path, ["venv/x.py", "script", "gen.py", "./venv/x.py", "build"]) == [
        "build/y.py", "gen.py", "script", "venv/x.py",
    ]


def test_missing_paths_are_errors(tmp_path: Path) -> None:
    tree(tmp_path, "a.py")
    os.symlink(tmp_path / "nowhere.py", tmp_path / "broken.py")
    files, errors = discover(["a.py", "nope.py", "broken.py", "no/dir"], Settings(project_root=tmp_path), tmp_path)
    assert [file.display for file in files] == ["a.py"]
    assert errors == [
        "path does not exist: nope.py", f"broken symbolic link (to {tmp_path / 'nowhere.py'}): broken.py", "path does not exist: no/dir",
    ]


def test_folder_named_like_a_python_file_is_walked(tmp_path: Path) -> None:
    tree(tmp_path, "pkg.py/a.py", "pkg.py/b.txt", "sub/x.py/y.py")
    assert found(tmp_path, ["pkg.py"]) == ["pkg.py/a.py"]
    assert found(tmp_path) == ["pkg.py/a.py", "sub/x.py/y.py"]


def test_files_named_twice_are_found_once(tmp_path: Path) -> None:
    tree(tmp_path, "pkg/a.py", "pkg/sub/b.py")
    assert found(tmp_path, ["pkg", "pkg/a.py", "pkg/sub", ".", "pkg/../pkg/a.py"]) == ["pkg/a.py", "pkg/sub/b.py"]


def test_unreadable_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, "a.py", "locked/b.py")
    scandir = os.scandir

    def refuse_locked(path: str) -> Any:
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    files, errors = discover(["."], Settings(project_root=tmp_path), tmp_path)
    assert [file.display for file in files] == ["a.py"]
    assert errors == ["cannot read folder locked: Permission denied"]


# --- symlinks -----------------------------------------------------------------------------


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    tree(tmp_path, "a/m.py")
    os.symlink(tmp_path, tmp_path / "a" / "up")
    os.symlink(tmp_path / "a", tmp_path / "a" / "self")
    assert found(tmp_path) == ["a/m.py"]
    assert found(tmp_path, ["a/up"]) == ["a/up/a/m.py"]


def test_symlinked_folder_walked_once_under_its_first_path(tmp_path: Path) -> None:
    tree(tmp_path, "real/m.py", "proj/x.py")
    os.symlink(tmp_path / "real", tmp_path / "proj" / "link")
    assert found(tmp_path / "proj") == ["link/m.py", "x.py"]


def test_broken_symlink_in_tree_is_skipped_and_linked_file_keeps_its_link_path(tmp_path: Path) -> None:
    tree(tmp_path, "target.txt", "a.py")
    os.symlink(tmp_path / "missing.py", tmp_path / "broken.py")
    os.symlink(tmp_path / "missing", tmp_path / "broken_dir")
    os.symlink(tmp_path / "target.txt", tmp_path / "linked.py")
    files, errors = discover(["."], Settings(project_root=tmp_path), tmp_path)
    assert (files, errors) == ([DiscoveredFile(tmp_path / "a.py", "a.py"),
                                DiscoveredFile(tmp_path / "linked.py", "linked.py")], [])
