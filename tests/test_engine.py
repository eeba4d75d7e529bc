"""The engine: fixes as text edits, in context, bounded, never breaking a file."""

from __future__ import annotations

import gc
import itertools
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from helpers import fixed, lint, make_engine

from loglint import fixes
from loglint.catalog import CATALOG
from loglint.config import load_settings
from loglint.discovery import discover
from loglint.engine import Engine
from loglint.findings import Edit, FileResult, Fix
from loglint.fixes import apply_fixes, choose_non_overlapping
from loglint.registry import rule_infos
from loglint.runner import RunOptions, run_files


def test_multiline_fix_inside_a_block_keeps_indentation() -> None:
    source = """\
    from loguru import logger

    def setup(sink):
        if sink:
            logger.add(
                sink,
                level="INFO",
            )
    """
    expected = """\
    from loguru import logger

    def setup(sink):
        if sink:
            logger.add(
                sink,
                level="INFO",
                serialize=True,
            )
    """
    assert fixed(source, "LL501", unsafe=True, path="prod/app.py") == textwrap.dedent(expected)


def test_fix_positions_on_continuation_lines() -> None:
    source = """\
    import logging
    log = logging.getLogger(__name__)

    def f(a, b):
        for _ in a:
            log.info(
                "first %s",
                str(b),
            )
    """
    result = lint(source, "LL307")
    assert [(f.line, f.column, f.end_line, f.end_column) for f in result.findings] == [(8, 13, 8, 19)]
    assert fixed(source, "LL307").splitlines()[7] == "            b,"


def test_overlapping_fixes_converge() -> None:
    source = 'import logging\nlog = logging.getLogger()\nlog.info("a %s" % str(x))\n'
    after = fixed(source, "LL3", unsafe=True)
    assert lint(after, "LL3", fix=True, unsafe_fixes=True).text is None  # nothing left to fix
    assert after == 'import logging\nlog = logging.getLogger()\nlog.info("a %s", x)\n'


def test_a_finding_s_fix_carries_its_rule_s_description() -> None:
    (finding,) = lint('import logging\nlog = logging.getLogger()\nlog.info(f"a {x}")\n', "LL301").findings
    assert finding.fix is not None and finding.fix.message == "Pass the values as logging arguments"


def _replace(column: int, end_column: int, content: str) -> Fix:
    return Fix("safe", f"{content!r} at {column}", (Edit(content, 1, column, 1, end_column),))


def test_fixes_that_touch_are_applied_in_one_pass_whatever_their_order() -> None:
    text = "abcdefghij\n"
    fixes = [_replace(1, 3, "A"), _replace(3, 6, "YY"), _replace(6, 6, "X")]  # "ab" -> "A", "cde" -> "YY", "X" after it
    for order in itertools.permutations(fixes):
        assert choose_non_overlapping(order, text) == list(order)
        assert apply_fixes(text, list(order)) == "AYYXfghij\n"


def test_a_fix_that_overlaps_or_starts_where_one_taken_does_waits_for_the_next_pass() -> None:
    text = "abcdefghij\n"
    first, overlapping, same_start, later = _replace(3, 6, "YY"), _replace(5, 8, "Z"), _replace(3, 3, "W"), _replace(9, 10, "I")
    assert choose_non_overlapping([first, overlapping, same_start, later], text) == [first, later]
    assert choose_non_overlapping([same_start, first], text) == [same_start]


def test_no_collection_runs_while_a_file_is_linted_and_the_collector_is_left_as_found() -> None:
    source = "import logging\nlog = logging.getLogger()\n" + "".join(
        f"def f{i}(x):\n    log.info('value %s', [x, {{'k': (x, x)}}])\n" for i in range(400)
    )
    collections = []

    def count(phase: str, info: dict) -> None:
        frame = sys._getframe()
        while frame is not None and frame.f_code is not Engine._lint.__code__:
            frame = frame.f_back
        if phase == "start" and frame is not None:
            collections.append(info["generation"])

    engine = make_engine()
    assert gc.isenabled()
    gc.callbacks.append(count)
    try:
        result = engine.lint_text(source, "example.py", "example.py")
    finally:
        gc.callbacks.remove(count)
    assert result.errors == [] and collections == []
    assert gc.isenabled()


# -- the safety net: a fix that breaks the file is dropped ---------------------------------

BROKEN_FIX_SOURCE = 'import logging\nlogger = logging.getLogger(__name__)\nlogger.warn("user %s left", name)\n'
BROKEN_FIX_ERROR = ("a fix (Use `.warning()`) produced invalid code and was not applied", 1, 1, True)


def _fix_file(root: Path, source: str, monkeypatch: pytest.MonkeyPatch) -> FileResult:
    """``source`` in a file under ``root``, fixed by the runner (which writes it) with LL206's
    fix broken: it writes ``warning(`` for ``warning``, code that does not parse."""
    real = fixes.render

    def render(node: cst.CSTNode, module: cst.Module, indent: str) -> str:
        text = real(node, module, indent)
        return text + "(" if text == "warning" else text

    monkeypatch.setattr(fixes, "render", render)
    (root / "app.py").write_text(source)
    settings = load_settings(cwd=root, rules=rule_infos(), isolated=True, overrides={"select": ("LL001", "LL206")})
    files, _ = discover(["."], settings, root)
    (result,) = run_files(files, settings, RunOptions(fix=True, jobs=1), [t for cls in CATALOG for t in cls.triggers])
    return result


def test_a_fix_that_breaks_the_file_is_dropped_reported_and_the_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _fix_file(tmp_path, BROKEN_FIX_SOURCE, monkeypatch)
    assert (tmp_path / "app.py").read_text() == BROKEN_FIX_SOURCE
    assert [(e.message, e.line, e.column, e.internal) for e in result.errors] == [BROKEN_FIX_ERROR]
    assert [(f.line, f.code) for f in result.findings] == [(3, "LL206")]  # as the file stands
    assert result.fixed_count == 0


def test_the_other_fixes_of_the_file_are_applied_without_the_broken_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _fix_file(tmp_path, BROKEN_FIX_SOURCE + "x = 1  # noqa: LL206\n", monkeypatch)
    assert (tmp_path / "app.py").read_text() == BROKEN_FIX_SOURCE + "x = 1\n"  # LL001's fix only
    assert [(e.message, e.line, e.column, e.internal) for e in result.errors] == [BROKEN_FIX_ERROR]
    assert [(f.line, f.code) for f in result.findings] == [(3, "LL206")]
    assert result.fixed_count == 1
