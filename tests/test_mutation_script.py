"""benchmarks/mutation.py: its map of modules to tests and its list of equivalent mutants
stay true to the code (the mutation run itself needs mutmut and minutes: not here)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "benchmarks" / "mutation.py"


def _script() -> object:
    spec = importlib.util.spec_from_file_location("mutation_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # for its dataclass
    spec.loader.exec_module(module)
    return module


def test_every_module_and_test_file_in_the_map_exists() -> None:
    modules = _script().MODULES  # type: ignore[attr-defined]
    assert modules
    for module, tests in modules.items():
        assert (REPO / module).is_file(), module
        assert tests and all((REPO / test).is_file() for test in tests), tests


def test_equivalent_mutants_name_mapped_modules() -> None:
    script = _script()
    names = script.equivalent_mutants()  # type: ignore[attr-defined]
    assert names
    dotted = {path.removeprefix("src/").removesuffix(".py").replace("/", ".") for path in script.MODULES}  # type: ignore[attr-defined]
    for name in names:
        assert name.rsplit(".", 1)[0] in dotted, name


def test_an_unknown_module_is_one_line_and_exit_2() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "nosuch"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "mutation.py: unknown module nosuch; valid: cache, fixes, loggers/libraries, noqa, output/sarif, placeholders, prefilter"
    ]
