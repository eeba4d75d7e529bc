"""The engine: fixes as text edits, in context, bounded, never breaking a file."""

from __future__ import annotations

import gc
import sys
import textwrap

from helpers import fixed, lint, make_engine

from loglint.engine import Engine


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
