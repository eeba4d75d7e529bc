"""Pruning leaves out only what no rule can look at, and keeps every kept line in place.

Every snippet linted through tests/helpers.py is also linted unpruned and must give
the same result, and the corpus tests do the same over whole projects; these are the
cases that make pruning decide.
"""

from __future__ import annotations

import ast
import importlib
import textwrap
from typing import List

import pytest
from helpers import lint, make_engine

from loglint import pruning
from loglint.positions import ast_calls
from loglint.pruning import SMALL_TRY, prune

NEEDLES = make_engine().prefilter


def _pruned(source: str) -> str:
    return prune(textwrap.dedent(source), NEEDLES).text


def _kept(source: str) -> list[str]:
    """The non-empty lines that pruning keeps."""
    return [line for line in _pruned(source).splitlines() if line.strip()]


def test_functions_and_methods_without_logging_are_left_out_in_place() -> None:
    source = '''\
    import logging

    log = logging.getLogger(__name__)

    def helper(x):
        return x + 1

    class Worker:
        """Docs."""

        def compute(self):
            return 2

        def run(self, x):
            log.info(f"ran {x}")
    '''
    pruned = _pruned(source)
    original = textwrap.dedent(source)
    assert len(pruned.splitlines()) == len(original.splitlines())
    assert "helper" not in pruned and "compute" not in pruned
    for number, line in enumerate(pruned.splitlines()):
        assert line in ("", original.splitlines()[number]) or line == "    pass"  # every kept line is where it was
    assert '    """Docs."""' not in pruned.splitlines() and "    pass" in pruned.splitlines()  # a first statement: a `pass` instead


def test_names_bound_to_loggers_become_needles() -> None:
    source = '''\
    import logging
    from loguru import logger as lg
    from logging import getLogger as factory, WARN
    from structlog import get_logger

    _l = logging.getLogger(__name__)
    made = factory("x")
    bound = get_logger().bind(user=1)

    def a():
        _l.error("one")

    def b():
        lg.error("two")

    def c():
        made.error("three")

    def d(level=WARN):
        bound.error("four")

    class Holder:
        def __init__(self):
            self.out = logging.getLogger("h")

    def e(h):
        h.out.error("five")

    def f(x: logging.Logger):
        pass

    def g(x):
        x.error("six")  # the resolver's names are file-wide: x is a logger here too
    '''
    kept = "\n".join(_kept(source))
    for name in ("def a", "def b", "def c", "def d", "def e", "def g"):
        assert name in kept, name


def test_other_assignments_do_not_spread() -> None:
    source = '''\
    import logging

    log = logging.getLogger(__name__)
    result = process(log)
    count = stats.log_count()

    def uses_result():
        return result + count
    '''
    assert not any("uses_result" in line for line in _kept(source))


def test_imports_in_left_out_code_are_kept_at_its_indentation() -> None:
    source = '''\
    import logging

    log = logging.getLogger(__name__)

    def stop():
        import sys
        from os import (
            path,
        )
        return sys, path

    class C:
        x = 1

        def method(self):
            import traceback
            return traceback

        def logs(self):
            log.info("x")

    def handler():
        try:
            run()
        except Exception:
            log.error("failed")
            sys.exit(1)
    '''
    pruned = _pruned(source)
    assert "\nimport sys\nfrom os import (\n        path,\n    )\n" in pruned
    assert "\n    import traceback\n" in pruned and "def stop" not in pruned
    assert lint(source, "LL201").findings == []  # sys.exit still qualifies: not reported


def test_an_import_sharing_its_line_keeps_the_statement() -> None:
    source = '''\
    import logging

    def f():
        import sys; sys.exit(1)

    logging.info("x")
    '''
    assert "def f():" in _kept(source)


def test_the_first_statement_of_a_block_leaves_a_pass() -> None:
    source = '''\
    import logging

    class Quiet(logging.Handler):
        def first(self):
            return 1

        def second(self):
            return 2

    def f(x):
        if x:
            y = [
                1,
            ]
            log.info("x")
    '''
    kept = _kept(source)
    assert kept.count("    pass") == 1 and kept.count("        pass") == 1  # in the class, in `if x:`
    assert not any("def first" in line or "def second" in line or "y = [" in line for line in kept)


def test_a_first_statement_on_its_header_line_or_an_elif_stays() -> None:
    source = '''\
    import logging

    def f(x):
        if x: y = 1
        elif x > 1:
            z = 2
        else:
            logging.info("x")
    '''
    kept = _kept(source)
    assert "    if x: y = 1" in kept and "    elif x > 1:" in kept


@pytest.mark.parametrize(
    "source",
    [
        "import logging\ndef f(:\n    pass\nlogging.info('x')\n",  # a syntax error: libcst reports it
        "import logging\r\rdef f():\r    return 1\rlogging.info('x')\r",  # old Mac line endings
        "import logging\na = 1; b = 2\nlogging.info('x')\n",  # nothing to leave out alone on its lines
    ],
)
def test_left_as_it_is(source: str) -> None:
    assert prune(source, NEEDLES).text == source


def test_windows_line_endings_are_kept() -> None:
    source = "import logging\r\n\r\ndef f():\r\n    return 1\r\n\r\nlogging.info('x')\r\n"
    pruned = prune(source, NEEDLES).text
    assert pruned == "import logging\r\n\r\n\r\n\r\n\r\nlogging.info('x')\r\n"


def test_configured_logger_names_and_triggers_are_needles() -> None:
    engine = make_engine(config={"logger_names": {"app.AUDIT": "logging"}})
    source = "from app import AUDIT\n\ndef f():\n    AUDIT.info(f'{x}')\n"
    assert prune(source, engine.prefilter).text == source
    settings = "class Settings:\n    x = 1\n\nclass Prod(BaseModel):\n    serialize: bool = False\n"
    assert "serialize" in prune(settings, make_engine("LL501").prefilter).text


def test_ast_calls_are_those_of_the_pruned_text() -> None:
    source = '''\
    import logging

    log = logging.getLogger(__name__)

    def helper(x):
        return str(int(x))

    def run(x):
        log.info("a %s", str(x))
        log.info("a %s", str(x))
    '''
    pruned = prune(textwrap.dedent(source), NEEDLES)
    assert pruned.left_out and pruned.tree is not None
    calls = pruned.ast_calls()
    assert calls is not None
    expected = [(c.lineno, c.col_offset) for c in ast_calls(ast.parse(pruned.text))]
    assert sorted((c.lineno, c.col_offset) for c in calls) == sorted(expected)
    assert len(expected) == 5


def test_a_try_body_is_pruned_but_its_handlers_stay_whole() -> None:
    # A body of more than SMALL_TRY statements is pruned, each statement left out giving way
    # to a pass (LL201 counts them); a small body is kept whole (LL201 reads what it holds).
    def source(body: List[str]) -> str:
        return "".join([
            "import logging\n\ndef f():\n    try:\n",
            *(f"        {line}\n" for line in body),
            "    except ValueError as error:\n        cleanup()\n",
            '        logging.error("failed: %s", error)\n        raise\n',
            "    finally:\n        close()\n",
        ])

    kept = _kept(source([f"a{n} = compute({n})" for n in range(SMALL_TRY + 1)]))
    assert "        a1 = compute(1)" not in kept and kept.count("        pass") == SMALL_TRY + 1
    for line in ("        cleanup()", "        raise", "        close()"):
        assert line in kept
    small = _kept(source(["a = 1", "b = compute(a)"]))
    assert "        b = compute(a)" in small and "        pass" not in small


def test_pruning_works_with_the_ast_of_python_3_9(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.9's ``ast`` has no ``Match`` or ``TryStar``: a bare ``ast.Match`` once made
    every file there an internal error."""
    source = textwrap.dedent(
        """\
        import logging

        log = logging.getLogger(__name__)

        def helper(x):
            return x + 1

        def run(x):
            try:
                log.info("ran %s", x)
            except ValueError:
                pass
        """
    )
    for name in ("Match", "TryStar"):
        monkeypatch.delattr(ast, name, raising=False)
    try:
        as_on_3_9 = importlib.reload(pruning)
        kept = [line for line in as_on_3_9.prune(source, NEEDLES).text.splitlines() if line.strip()]
    finally:
        monkeypatch.undo()
        importlib.reload(pruning)
    assert "def helper(x):" not in kept and '        log.info("ran %s", x)' in kept
