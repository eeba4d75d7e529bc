"""Real code, end to end (issue 7): every Python file of the pinned corpora and of the
running Python's standard library, checked with every rule, then fixed on a copy.

Corpora come from ``../shared/corpus/fetch.sh DEST small loguru [medium large]``;
``LOGLINT_CORPUS_DIR=DEST`` points the tests at them (the sets in
``LOGLINT_CORPUS_SETS``, default ``small,loguru,stdlib``; ``stdlib`` needs no download).
Without ``LOGLINT_CORPUS_DIR`` the tests are skipped.
``.ci/run`` fetches small and loguru; the README has the command for medium and large.

For each set:

- check: exit 0 or 1, no traceback, no internal error;
- fix (``--fix --unsafe-fixes``, on a copy): every changed file still parses and
  compiles, keeps its encoding and newline style; a second ``--fix`` changes nothing;
  and the module's AST differs from the original only inside the line ranges of the
  findings (and their fixes' edits) reported before the fix;
- pruning (leaving out what no rule looks at before the parse) changes no finding,
  no error and no fix.

The counts (files, lines, findings per rule, fixes applied, files changed) are printed,
and written as JSON to ``LOGLINT_CORPUS_REPORT`` when that is set.

The findings per rule must stay within ``COUNT_TOLERANCE`` of ``corpus_counts.json``
(beside this file; the standard library's counts per Python version), so that detection
falling to zero, or a rule suddenly reporting much more, fails. A change of rules that
moves them on purpose updates the table, with the reason in the commit:

    LOGLINT_CORPUS_DIR=.corpus LOGLINT_UPDATE_COUNTS=1 .venv/bin/python -m pytest tests/test_corpus.py -k counts

With ``CI`` set (``.ci/run``), a set that CI fetches (``CI_SETS``) missing from
``LOGLINT_CORPUS_DIR``, or missing from the table, is a failure, not a skip.
"""

from __future__ import annotations

import ast
import codecs
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

import libcst as cst
import pytest
from helpers import same_result

from loglint.config import load_settings
from loglint.engine import Engine
from loglint.loggers.index import ProjectIndex
from loglint.loggers.store import FactStore
from loglint.registry import rule_infos
from loglint.runner import MAX_FILE_BYTES
from loglint.source import DecodeError, decode

pytestmark = pytest.mark.corpus

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"
CORPUS_DIR = os.environ.get("LOGLINT_CORPUS_DIR")
LIBCST_CANNOT = "not checked: valid Python that libcst"
SETS = [s.strip() for s in os.environ.get("LOGLINT_CORPUS_SETS", "small,loguru,stdlib").split(",") if s.strip()]
STDLIB = Path(sysconfig.get_paths()["stdlib"])
# The sets .ci/run fetches (the standard library is always there).
CI_SETS = ("small", "loguru")
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
COUNTS = Path(__file__).with_name("corpus_counts.json")


def count_tolerance(expected: int) -> int:
    """How far a rule's count may move before the table must be updated: 5 %, at least 3."""
    return max(3, round(expected * 0.05))
# Loggers the loguru corpus imports from its own modules.
# loglint leaves these out of a walk by default; the copies must not contain them either.
SKIPPED_FOLDERS = {"site-packages", "__pycache__", ".git", "build", "dist", "venv", ".venv", ".tox", ".nox", ".eggs", "node_modules"}


def _source(name: str) -> Path:
    if not CORPUS_DIR:
        pytest.skip("corpus tests are opt-in: set LOGLINT_CORPUS_DIR to a folder made by ../shared/corpus/fetch.sh (see the README)")
    if name == "stdlib":
        return STDLIB
    path = Path(CORPUS_DIR) / name
    if not path.is_dir():
        missing = f"corpus set {name!r} is not in {CORPUS_DIR}: run ../shared/corpus/fetch.sh {CORPUS_DIR} {name}"
        if IN_CI and name in CI_SETS:
            pytest.fail(missing)
        pytest.skip(missing)
    return path


def _copy_ignore(folder: str, names: List[str]) -> List[str]:
    return [n for n in names if n in SKIPPED_FOLDERS or (not n.endswith((".py", ".pyi")) and not os.path.isdir(os.path.join(folder, n)))]


def _run(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LOGLINT_OUTPUT_FORMAT", "LOGLINT_CACHE_DIR")}
    proc = subprocess.run([LOGLINT, *args], cwd=cwd, capture_output=True, env=env, timeout=3600)
    out = subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in out.stdout + out.stderr, out.stderr[-5000:]
    assert out.returncode in (0, 1), (args, out.stdout[-3000:], out.stderr[-3000:])
    return out


def _python_files(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_FOLDERS]
        for name in names:
            if name.endswith((".py", ".pyi")):
                yield Path(folder, name)


@dataclass
class Outcome:
    name: str
    files: int = 0
    lines: int = 0
    findings: Counter[str] = field(default_factory=Counter)
    errors: int = 0  # LL000: files that do not parse or decode
    fixes_applied: int = 0
    fixes_by_code: Counter[str] = field(default_factory=Counter)
    files_changed: int = 0

    def lines_of_report(self) -> List[str]:
        rules = ", ".join(f"{code} {count}" for code, count in sorted(self.findings.items()))
        fixed = ", ".join(f"{code} {count}" for code, count in sorted(self.fixes_by_code.items()))
        return [
            f"corpus {self.name}: {self.files} files, {self.lines} lines, {sum(self.findings.values())} findings, "
            f"{self.errors} files not parsed (LL000)",
            f"  findings per rule: {rules}",
            f"  --fix --unsafe-fixes: {self.fixes_applied} fixes applied ({fixed}), {self.files_changed} files changed",
        ]


def _report(outcome: Outcome, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + "\n".join(outcome.lines_of_report()))
    target = os.environ.get("LOGLINT_CORPUS_REPORT")
    if target:
        path = Path(target)
        existing: Dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
        existing[outcome.name] = {
            "files": outcome.files, "lines": outcome.lines, "findings": dict(sorted(outcome.findings.items())),
            "findings_total": sum(outcome.findings.values()), "not_parsed": outcome.errors,
            "fixes_applied": outcome.fixes_applied, "fixes_by_code": dict(sorted(outcome.fixes_by_code.items())),
            "files_changed": outcome.files_changed,
        }
        path.write_text(json.dumps(existing, indent=2) + "\n")


# --- what a fix may change --------------------------------------------------------------------


Span = Tuple[int, int]  # first and last line, 1-based, inclusive


def allowed_spans(items: Sequence[Dict[str, Any]]) -> Dict[str, List[Span]]:
    """Per file: the line ranges of the findings and of their fixes' edits."""
    spans: Dict[str, List[Span]] = {}
    for item in items:
        if item["code"] == "LL000":
            continue
        ranges = spans.setdefault(item["filename"], [])
        ranges.append((item["location"]["row"], item["end_location"]["row"]))
        for edit in (item.get("fix") or {}).get("edits", []):
            ranges.append((edit["location"]["row"], edit["end_location"]["row"]))
    return spans


def _covered(first: int, last: int, spans: Sequence[Span]) -> bool:
    """Whether every line of ``first..last`` lies in some span."""
    line = first
    while line <= last:
        reach = max((end for start, end in spans if start <= line <= end), default=None)
        if reach is None:
            return False
        line = reach + 1
    return True


def ast_differences(before: ast.AST, after: ast.AST, spans: Sequence[Span]) -> List[str]:
    """The smallest differing subtrees of ``before`` that no span covers.

    The trees are walked in parallel while their shapes agree (same node types, same
    list lengths); where they stop agreeing, the node of the original (the nearest one
    with a position) must lie within the spans. Line numbers of the fixed tree are never
    used: fixes may add or remove lines.
    """
    problems: List[str] = []

    def blame(node: Optional[ast.AST]) -> None:
        first = getattr(node, "lineno", None)
        last = getattr(node, "end_lineno", None) or first
        if first is None or not _covered(first, last, spans):
            shown = ast.dump(node)[:300] if node is not None else "the module"
            problems.append(f"lines {first}-{last}: {shown}")

    def walk(a: Any, b: Any, holder: Optional[ast.AST]) -> None:
        """``holder``: the nearest node with a position around ``a``."""
        if isinstance(a, ast.AST):
            located = a if getattr(a, "lineno", None) is not None else holder
            if type(a) is not type(b):
                blame(located)
            elif ast.dump(a) != ast.dump(b):
                for name in a._fields:
                    walk(getattr(a, name), getattr(b, name), located)
        elif isinstance(a, list):
            if not isinstance(b, list) or len(a) != len(b):
                # Items added or removed: the original items' lines must be covered (an
                # empty list: the node holding it), e.g. the arguments of a multi-line call.
                placed = [x for x in a if getattr(x, "lineno", None) is not None]
                if not placed:
                    blame(holder)
                elif not _covered(min(x.lineno for x in placed), max(x.end_lineno or x.lineno for x in placed), spans):
                    problems.append(f"lines {placed[0].lineno}-{placed[-1].end_lineno}: items of {ast.dump(holder)[:300] if holder else 'the module'}")
            else:
                for x, y in zip(a, b):
                    walk(x, y, holder)
        elif a != b:
            blame(holder)

    walk(before, after, None)
    return problems


def test_ast_differences_are_confined_to_spans() -> None:
    """The checker of the fix test, checked."""
    before = ast.parse("import logging\nx = 1\nlogger.info(f'{x}')\ny = 2\n")
    after = ast.parse("import logging\nx = 1\nlogger.info('%s', x)\ny = 2\n")
    assert ast_differences(before, after, [(3, 3)]) == []
    assert ast_differences(before, after, [(2, 2)]) != []
    changed_elsewhere = ast.parse("import logging\nx = 1\nlogger.info('%s', x)\ny = 3\n")
    assert ast_differences(before, changed_elsewhere, [(3, 3)]) != []
    dropped = ast.parse("import logging\nx = 1\nlogger.info(f'{x}')\n")
    assert ast_differences(before, dropped, [(3, 3)]) != []  # a statement less: the module differs
    multi = ast.parse("logger.error(\n    f'{x}',\n    exc_info=True,\n)\n")
    fixed = ast.parse("logger.exception(\n    '%s', x,\n)\n")
    assert ast_differences(multi, fixed, [(1, 1), (2, 2)]) != []  # line 3 of the call is not covered
    assert ast_differences(multi, fixed, [(1, 4)]) == []
    wrapped = ast.parse("logger.info(\n    f'{x}'\n)\n")
    assert ast_differences(wrapped, ast.parse("logger.info(\n    '%s', x\n)\n"), [(2, 2)]) == []
    assert ast_differences(wrapped, ast.parse("logger.info(\n    '%s', x\n)\n"), [(1, 1)]) != []


# --- newline style and encoding -----------------------------------------------------------------------

_NEWLINES = re.compile(rb"\r\n|\r|\n")


def newline_kinds(data: bytes) -> set[bytes]:
    return set(_NEWLINES.findall(data))


def _line_count(data: bytes) -> int:
    return len(_NEWLINES.findall(data)) + (bool(data) and not data.endswith((b"\n", b"\r")))


def _encoding(data: bytes) -> Tuple[bool, str]:
    return data.startswith(codecs.BOM_UTF8), decode(data).encoding


def _compiles(data: bytes, name: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, name, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


# --- the tests ----------------------------------------------------------------------------------------


# No configuration: the project index finds the loguru sets' loggers (metagpt.logs, nonebot.log).
SETTINGS = ("--isolated", "--no-cache", "--select", "LL")
_checked: Dict[str, Tuple[Path, List[Dict[str, Any]]]] = {}


def _checked_copy(name: str, tmp_path_factory: pytest.TempPathFactory) -> Tuple[Path, List[Dict[str, Any]]]:
    """A copy of the set's Python files and the JSON items of checking it with every rule:
    made once per session, for the counts and then the fixes (which change the copy)."""
    if name not in _checked:
        copy = tmp_path_factory.mktemp("corpus") / name
        shutil.copytree(_source(name), copy, ignore=_copy_ignore, symlinks=True)
        _checked[name] = copy, json.loads(_run([*SETTINGS, "--output-format", "json", "."], copy).stdout)
    return _checked[name]


@pytest.mark.parametrize("name", SETS)
def test_corpus_check_and_fix(name: str, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    copy, items = _checked_copy(name, tmp_path_factory)
    settings = list(SETTINGS)
    originals = {str(p.relative_to(copy)): p.read_bytes() for p in _python_files(copy)}
    outcome = Outcome(name, files=len(originals), lines=sum(_line_count(data) for data in originals.values()))

    # 1. Check: every rule, every file.
    internal = [f"{i['filename']}: {i['message']}" for i in items if i["code"] == "LL000" and "internal error" in i["message"]]
    assert not internal, "\n".join(internal)
    outcome.findings.update(i["code"] for i in items if i["code"] != "LL000")
    outcome.errors = len({i["filename"] for i in items if i["code"] == "LL000"})
    spans = allowed_spans(items)

    # 2. Fix everything that can be fixed.
    fixed_run = _run([*settings, "--fix", "--unsafe-fixes", "--show-fixes", "--output-format", "json", "."], copy)
    after_items = json.loads(fixed_run.stdout)
    internal = [f"{i['filename']}: {i['message']}" for i in after_items if i["code"] == "LL000" and "internal error" in i["message"]]
    assert not internal, "\n".join(internal)
    not_written = [f"{i['filename']}: {i['message']}" for i in after_items if i["code"] == "LL000" and "not written" in i["message"]]
    assert not not_written, "\n".join(not_written)
    total = re.search(r"^Fixed (\d+) problems?:", fixed_run.stderr, re.MULTILINE)
    outcome.fixes_applied = int(total.group(1)) if total else 0
    for count, code in re.findall(r"^\s+(\d+) x (LL\d+)", fixed_run.stderr, re.MULTILINE):
        outcome.fixes_by_code[code] += int(count)
    assert sum(outcome.fixes_by_code.values()) == outcome.fixes_applied

    fixed = {rel: (copy / rel).read_bytes() for rel in originals}
    changed = sorted(rel for rel in originals if fixed[rel] != originals[rel])
    outcome.files_changed = len(changed)
    problems: List[str] = []
    for rel in changed:
        before, after = originals[rel], fixed[rel]
        if _encoding(after) != _encoding(before):
            problems.append(f"{rel}: encoding {_encoding(before)} became {_encoding(after)}")
        if not newline_kinds(after) <= newline_kinds(before):
            problems.append(f"{rel}: newlines {newline_kinds(before)} became {newline_kinds(after)}")
        text = decode(after).text
        try:
            cst.parse_module(text)
        except cst.ParserSyntaxError as error:
            problems.append(f"{rel}: no longer parses: {error}")
            continue
        if not _compiles(before, rel):
            continue  # syntax newer than this Python: the AST comparison needs CPython's parser
        if not _compiles(after, rel):
            problems.append(f"{rel}: no longer compiles")
            continue
        tree_before = ast.parse(decode(before).text)
        tree_after = ast.parse(text)
        for difference in ast_differences(tree_before, tree_after, spans.get(rel, [])):
            problems.append(f"{rel}: changed outside the findings: {difference}")
    assert not problems, "\n".join(problems[:50])

    # 3. A second --fix changes nothing.
    again = _run([*settings, "--fix", "--unsafe-fixes", "--show-fixes", "--output-format", "json", "."], copy)
    assert "No fixes applied." in again.stderr, again.stderr[-3000:]
    still = {rel: (copy / rel).read_bytes() for rel in originals}
    assert [rel for rel in originals if still[rel] != fixed[rel]] == []
    _report(outcome, capsys)
    assert outcome.files > 0


def _table_key(name: str) -> str:
    """The standard library's counts depend on its version; a corpus set's do not."""
    return f"stdlib-{sys.version_info[0]}.{sys.version_info[1]}" if name == "stdlib" else name


def moved_counts(found: Mapping[str, int], expected: Mapping[str, int]) -> List[str]:
    """The codes (LL000: files not parsed) whose count moved beyond the tolerance, described."""
    moved = []
    for code in sorted(set(found) | set(expected)):
        now, then = found.get(code, 0), expected.get(code, 0)
        if abs(now - then) > count_tolerance(then):
            moved.append(f"{code}: {now} found, {then} expected (±{count_tolerance(then)})")
    return moved


def test_moved_counts_catch_detection_falling_to_zero() -> None:
    """The checker of the counts test, checked."""
    expected = {"LL301": 100, "LL401": 2}
    assert moved_counts({"LL301": 95, "LL401": 5}, expected) == []  # within 5 %, within 3
    assert moved_counts({"LL401": 2}, expected) == ["LL301: 0 found, 100 expected (±5)"]
    assert moved_counts({"LL301": 106, "LL401": 2, "LL605": 4}, expected) == [
        "LL301: 106 found, 100 expected (±5)", "LL605: 4 found, 0 expected (±3)",
    ]


@pytest.mark.parametrize(("ci", "outcome"), [("true", "FAILED"), ("", "SKIPPED [1]")])
def test_a_set_ci_fetches_is_required_in_ci(ci: str, outcome: str, tmp_path: Path) -> None:
    """The small set missing from LOGLINT_CORPUS_DIR: a failure with CI set, else a skip."""
    env = {**os.environ, "CI": ci, "LOGLINT_CORPUS_DIR": str(tmp_path), "LOGLINT_CORPUS_SETS": "small"}
    env.pop("LOGLINT_UPDATE_COUNTS", None)
    args = [sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider", __file__, "-k", "test_corpus_counts"]
    run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    summary = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "SKIPPED"))]
    assert len(summary) == 1 and summary[0].startswith(outcome), run.stdout[-2000:]
    assert "corpus set 'small' is not in" in summary[0]


@pytest.mark.parametrize("name", SETS)
def test_corpus_counts(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Findings per rule as in corpus_counts.json; ``LOGLINT_UPDATE_COUNTS=1`` writes them there."""
    _, items = _checked_copy(name, tmp_path_factory)
    found = dict(sorted(Counter(item["code"] for item in items).items()))
    key = _table_key(name)
    table: Dict[str, Dict[str, int]] = json.loads(COUNTS.read_text()) if COUNTS.exists() else {}
    if os.environ.get("LOGLINT_UPDATE_COUNTS"):
        table[key] = found
        COUNTS.write_text(json.dumps(dict(sorted(table.items())), indent=2) + "\n")
        return
    if key not in table:
        missing = f"no counts for {key!r} in {COUNTS.name}: run this test with LOGLINT_UPDATE_COUNTS=1"
        if IN_CI and name in CI_SETS:
            pytest.fail(missing)
        pytest.skip(missing)
    moved = moved_counts(found, table[key])
    assert not moved, f"{key}: counts moved; if on purpose, update {COUNTS.name} (LOGLINT_UPDATE_COUNTS=1):\n" + "\n".join(moved)


@pytest.mark.parametrize("name", SETS)
def test_pruning_changes_nothing(name: str, tmp_path: Path) -> None:
    """Every file linted and fixed with and without pruning (loglint.pruning): same findings,
    errors and fixed text."""
    source = _source(name)
    settings = load_settings(cwd=source, rules=rule_infos(), isolated=True, overrides={"select": ("LL",)})
    pruning = Engine(settings, True, True, index=ProjectIndex(source, FactStore(None, source)))
    whole = Engine(settings, True, True, prune=False, index=ProjectIndex(source, FactStore(None, source)))
    compared, differing = 0, []
    for path in _python_files(source):
        data = path.read_bytes()
        if not pruning.may_have_findings(data) or len(data) > MAX_FILE_BYTES:
            continue
        try:
            text = decode(data).text
        except DecodeError:
            continue
        display = str(path.relative_to(source))
        compared += 1
        pruned, unpruned = pruning.lint_text(text, display, display, path), whole.lint_text(text, display, display, path)
        if any(e.message.startswith(LIBCST_CANNOT) for e in unpruned.errors):
            # Valid Python libcst cannot parse (CPython's own test_grammar.py): pruning may
            # leave out the statement libcst fails on, and then checks the rest.
            assert not any(e.internal for e in pruned.errors), display
            continue
        if not same_result(pruned, unpruned):
            differing.append(display)
    assert compared > 0
    assert differing == []
