"""replace_file: the whole new content or the old one, never a temporary file left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from loglint.atomic import replace_file


def test_replaces_the_content_with_a_private_mode_by_default(tmp_path: Path) -> None:
    target = tmp_path / "cache.json"
    target.write_bytes(b"old")
    replace_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.json"]


def test_creates_a_missing_file_with_the_mode_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "module.py"
    replace_file(target, b"x = 1\n", mode=0o755, durable=True)
    assert target.read_bytes() == b"x = 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "module.py"
    target.write_bytes(b"old\n")

    def refuse(src: str, dst: object) -> None:
        raise PermissionError(13, "Permission denied", src)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        replace_file(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["module.py"]
