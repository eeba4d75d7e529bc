"""Mutation testing of loglint's core modules with mutmut, one module at a time.

Each module is mutated in a scratch copy of the project (``.bench/mutation/<module>``),
and only the test files that cover it run against its mutants (``MODULES`` below), so a
module takes minutes. Prints a Markdown table of mutants, killed and surviving ones per
module; surviving mutants named in ``benchmarks/mutation-equivalent.md`` are counted as
equivalent, the others are listed by name (``mutmut show NAME`` in the scratch copy
prints the diff). Needs the ``mutation`` extra: ``pip install -e '.[test,mutation]'``.

    nice -n 10 python benchmarks/mutation.py                 # every module, smallest first
    nice -n 10 python benchmarks/mutation.py noqa cache      # chosen ones
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
EQUIVALENT = Path(__file__).resolve().parent / "mutation-equivalent.md"

# module -> the test files that exercise it in-process (mutmut follows calls, not subprocesses)
MODULES: Dict[str, Tuple[str, ...]] = {
    "src/loglint/prefilter.py": ("tests/test_prefilter.py",),
    "src/loglint/fixes.py": ("tests/test_engine.py", "tests/test_formatting.py"),
    "src/loglint/loggers/libraries.py": ("tests/test_logcalls.py",),
    "src/loglint/output/sarif.py": ("tests/test_output.py",),
    "src/loglint/noqa.py": ("tests/test_suppression.py",),
    "src/loglint/cache.py": ("tests/test_cache.py",),
    "src/loglint/placeholders.py": ("tests/test_placeholders.py",),
}
COPIED = ("src", "tests", "rules", "README.md")  # what the tests need of the project
_MUTANT_NAME = re.compile(r"`(loglint\.[\w.]+__mutmut_\d+)`")
_RESULT_LINE = re.compile(r"^\s*(loglint\.[\w.]+__mutmut_\d+): (.+)$")


@dataclass
class Outcome:
    module: str
    mutants: int
    killed: int
    survivors: List[str]  # surviving, no tests or suspicious: not killed
    equivalent: List[str]
    seconds: float

    @property
    def survival_rate(self) -> float:
        return len(self.survivors) / self.mutants if self.mutants else 0.0


def _scratch_copy(module: str, tests: Sequence[str], root: Path) -> Path:
    """A fresh copy of the project whose pyproject.toml tells mutmut what to mutate and run."""
    scratch = root / module.replace("/", "_").removesuffix(".py")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, scratch / name)
    config = {
        "source_paths": ["src"],
        "only_mutate": [module],
        "also_copy": ["rules", "README.md"],
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q"],
        "pytest_add_cli_args_test_selection": list(tests),
    }
    lines = "".join(f"{key} = {json.dumps(value)}\n" for key, value in config.items())
    (scratch / "pyproject.toml").write_text((REPO / "pyproject.toml").read_text("utf-8") + "\n[tool.mutmut]\n" + lines, "utf-8")
    return scratch


def _statuses(scratch: Path) -> Dict[str, str]:
    """mutmut's verdict for every mutant of the copy: killed, survived, no tests, timeout..."""
    listing = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=scratch, capture_output=True, text=True, check=True
    ).stdout
    return {match.group(1): match.group(2).strip() for match in map(_RESULT_LINE.match, listing.splitlines()) if match}


def equivalent_mutants() -> frozenset[str]:
    """The mutants ``mutation-equivalent.md`` names, each with its reason."""
    return frozenset(_MUTANT_NAME.findall(EQUIVALENT.read_text("utf-8")))


def mutate(module: str, tests: Sequence[str], root: Path, equivalent: frozenset[str], children: int) -> Outcome:
    scratch = _scratch_copy(module, tests, root)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(children)], cwd=scratch, check=True, stdout=subprocess.DEVNULL
    )
    seconds = time.monotonic() - started
    statuses = _statuses(scratch)
    killed = sum(status in ("killed", "timeout") for status in statuses.values())
    not_killed = sorted(name for name, status in statuses.items() if status not in ("killed", "timeout", "skipped"))
    tested = sum(status != "skipped" for status in statuses.values())
    return Outcome(
        module,
        tested,
        killed,
        [name for name in not_killed if name not in equivalent],
        [name for name in not_killed if name in equivalent],
        seconds,
    )


def table(outcomes: Sequence[Outcome]) -> str:
    rows = [
        "| module | test files | mutants | killed | survived | of which equivalent | survival rate (not equivalent) | time |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for o in outcomes:
        tests = ", ".join(Path(test).name for test in MODULES[o.module])
        survived = len(o.survivors) + len(o.equivalent)
        rows.append(
            f"| `{o.module.removeprefix('src/')}` | {tests} | {o.mutants} | {o.killed} | {survived} | {len(o.equivalent)} "
            f"| {o.survival_rate:.1%} | {o.seconds:.0f} s |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="short names (noqa, output/sarif) or paths; default: all, smallest first")
    parser.add_argument("--work-dir", type=Path, default=REPO / ".bench" / "mutation", help="where the scratch copies go")
    parser.add_argument("--max-children", type=int, default=1, help="mutants tested at once (default 1: the machine is shared)")
    args = parser.parse_args(argv)
    by_short = {path.removeprefix("src/loglint/").removesuffix(".py"): path for path in MODULES}
    unknown = [name for name in args.modules if name not in by_short and name not in MODULES]
    if unknown:
        print(f"mutation.py: unknown module {', '.join(unknown)}; valid: {', '.join(sorted(by_short))}", file=sys.stderr)
        return 2
    if importlib.util.find_spec("mutmut") is None:
        print("mutation.py: mutmut is not installed here: pip install -e '.[test,mutation]' (Python 3.10+)", file=sys.stderr)
        return 2
    chosen = [by_short.get(name, name) for name in args.modules] or sorted(MODULES, key=lambda path: (REPO / path).stat().st_size)
    equivalent = equivalent_mutants()
    outcomes = []
    for module in chosen:
        outcome = mutate(module, MODULES[module], args.work_dir.resolve(), equivalent, args.max_children)
        outcomes.append(outcome)
        for name in outcome.survivors:
            print(f"survived: {name}", file=sys.stderr)
    print(table(outcomes))
    return 1 if any(o.survival_rate > 0.1 for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
