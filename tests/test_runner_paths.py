"""Paths relative to the project root, as globs and cache keys see them."""

from __future__ import annotations

from pathlib import Path

import pytest

from loglint.runner import relative_path


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        ("/p/src/a.py", "/p", "src/a.py"),
        ("/p/src/a.py", "/p/", "src/a.py"),
        ("/p/./src/../src/a.py", "/p", "src/a.py"),
        ("/a.py", "/", "a.py"),
        ("/p2/a.py", "/p", "/p2/a.py"),  # a sibling whose name starts like the root: outside
        ("/other/a.py", "/p", "/other/a.py"),
        ("/p", "/p", "/p"),
    ],
)
def test_relative_path(path: str, root: str, expected: str) -> None:
    assert relative_path(Path(path), Path(root)) == expected


def test_relative_path_of_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert relative_path(Path("src") / "a.py", tmp_path) == "src/a.py"
    assert relative_path(Path("a.py"), tmp_path / "sub") == "a.py"  # outside the root: as given
