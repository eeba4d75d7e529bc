"""Fast imports: dataclass code compiled once, then reused, with classes identical to plain ones."""

from __future__ import annotations

import dataclasses
import gc
import importlib.util
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import loglint.fast_import
from loglint.fast_import import collector_paused, default_store, fast_imports, stored_dataclass_code

GENERATED = ("__init__", "__repr__", "__eq__", "__lt__", "__le__", "__gt__", "__ge__", "__setattr__", "__delattr__", "__hash__")


@pytest.fixture(autouse=True)
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def make_point() -> Any:
    return dataclasses.make_dataclass("Point", [("x", int), ("y", int, dataclasses.field(default=0))], frozen=True, order=True)


def methods(cls: Any) -> Dict[str, Callable[..., Any]]:
    return {name: vars(cls)[name] for name in GENERATED}


def test_code_is_compiled_once_then_reused(tmp_path: Path) -> None:
    store = tmp_path / "code.marshal"
    with stored_dataclass_code(store) as first:
        make_point()
    assert first.compiled > 0 and first.reused == 0  # one source per method, or per class (3.13)
    assert store.read_bytes().startswith(importlib.util.MAGIC_NUMBER)
    written = store.stat().st_mtime_ns
    with stored_dataclass_code(store) as second:
        make_point()
    assert second.compiled == 0 and second.reused == first.compiled
    assert store.stat().st_mtime_ns == written  # nothing new: not rewritten


def test_classes_from_stored_code_are_the_plain_classes(tmp_path: Path) -> None:
    store = tmp_path / "code.marshal"
    plain = make_point()
    with stored_dataclass_code(store):
        make_point()
    with stored_dataclass_code(store) as usage:
        reused = make_point()
    assert usage.compiled == 0 and usage.reused > 0
    for name, function in methods(reused).items():
        assert function.__code__ == methods(plain)[name].__code__, name
    assert reused(1) == reused(1, 0) and reused(1, 2) < reused(1, 3)
    assert repr(reused(1, 2)) == "Point(x=1, y=2)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        reused(1).x = 2


def test_dataclasses_is_restored_after_the_block(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        with stored_dataclass_code(tmp_path / "code.marshal"):
            assert "exec" in vars(dataclasses)
            raise RuntimeError("boom")
    assert "exec" not in vars(dataclasses)


@pytest.mark.parametrize(
    "content",
    [b"", b"not marshal at all", b"\x00\x00\r\n" + b"x" * 40, importlib.util.MAGIC_NUMBER + b"\xff\xfe garbage"],
    ids=["empty", "text", "another python", "corrupt"],
)
def test_an_unusable_store_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    store = tmp_path / "code.marshal"
    store.write_bytes(content)
    with stored_dataclass_code(store) as usage:
        point = make_point()
    assert usage.compiled > 0 and point(3).x == 3
    with stored_dataclass_code(store) as again:
        make_point()
    assert again.compiled == 0


def test_a_store_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    store = tmp_path / "code.marshal"
    store.write_bytes(importlib.util.MAGIC_NUMBER + marshal.dumps({"def f(): pass": "not code", 1: 2}))
    with stored_dataclass_code(store) as usage:
        make_point()
    assert usage.compiled > 0


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    store = tmp_path / "code.marshal"
    with stored_dataclass_code(store) as usage:
        make_point()
    assert usage.compiled > 0 and not store.exists()


def test_an_unwritable_store_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with stored_dataclass_code(blocker / "code.marshal") as usage:  # its folder cannot be made
        point = make_point()
    assert usage.compiled > 0 and point(1, 2).y == 2


def test_each_group_has_its_store_beside_loglints_bytecode() -> None:
    cli, engine = default_store("cli"), default_store("engine")
    assert cli is not None and engine is not None and cli != engine
    assert cli.name.endswith(".cli.marshal") and engine.name.endswith(".engine.marshal")
    assert cli.parent == Path(importlib.util.cache_from_source(loglint.fast_import.__file__)).parent


def test_the_collector_waits_within_the_block_only() -> None:
    assert gc.isenabled()
    with fast_imports("test-group"):
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


IMPORT_LIBCST = """
import sys
from pathlib import Path
from loglint.fast_import import stored_dataclass_code
with stored_dataclass_code(Path(sys.argv[1])) as usage:
    import libcst
assert libcst.parse_module("x = 1\\n").code == "x = 1\\n"
print(usage.compiled, usage.reused)
"""


def test_libcst_imports_from_stored_code(tmp_path: Path) -> None:
    store = tmp_path / "code.marshal"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def import_libcst() -> tuple[int, int]:
        done = subprocess.run([sys.executable, "-c", IMPORT_LIBCST, str(store)], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        compiled, reused = map(int, done.stdout.split())
        return compiled, reused

    compiled, reused = import_libcst()
    # libcst has some 200 node classes: dataclasses compiles each method apart, or from
    # Python 3.13 on all of a class's methods in one exec
    assert compiled > (150 if sys.version_info >= (3, 13) else 500) and reused == 0
    assert import_libcst() == (0, compiled)


FREEZE = """
import gc, sys
from loglint.fast_import import fast_imports, own_process
if sys.argv[1] == "own":
    own_process()
with fast_imports("test-group"):
    import json
print(gc.get_freeze_count(), gc.isenabled())
"""


@pytest.mark.parametrize("own", [True, False])
def test_imported_objects_are_frozen_in_loglints_own_process_only(own: bool) -> None:
    done = subprocess.run([sys.executable, "-c", FREEZE, "own" if own else "library"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    frozen, enabled = done.stdout.split()
    assert int(frozen) > 1000 if own else int(frozen) == 0  # own: json and everything imported before it
    assert enabled == "True"
