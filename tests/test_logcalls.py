"""The logging-call model: which calls log, through which library, with what."""

from __future__ import annotations

import textwrap
from typing import Any, Dict, List, Optional, Tuple

import libcst as cst
import pytest

from loglint.checker import Checker, Context
from loglint.expressions import string_value
from loglint.loggers.calls import LogCall
from loglint.loggers.libraries import library_of, looks_like_logger
from loglint.positions import node_ranges
from loglint.rules.base import Rule
from loglint.settings import Settings


class Probe(Rule):
    code = "LL999"
    name = "probe"
    family = "test"

    def setup(self) -> None:
        self.seen: List[LogCall] = []

    def check_call(self, call: LogCall, ctx: Context) -> None:
        self.seen.append(call)


def model(source: str, **settings: Any) -> List[LogCall]:
    probe = Probe()
    module = cst.parse_module(textwrap.dedent(source))
    Checker(Settings(**settings), [probe]).check(module, "example.py")
    return probe.seen


def summary(source: str, **settings: Any) -> List[Tuple[int, str, Optional[str]]]:
    """(line, method, library) per logging call."""
    module = cst.parse_module(textwrap.dedent(source))
    probe = Probe()
    Checker(Settings(**settings), [probe]).check(module, "example.py")
    ranges = node_ranges(module, [c.node for c in probe.seen])
    return [(ranges[id(c.node)].start[0], c.method, c.library) for c in probe.seen]


def test_stdlib_forms() -> None:
    src = """\
    import logging
    import logging as lg
    from logging import getLogger, info
    a = logging.getLogger(__name__)
    b = lg.getLogger()
    c = getLogger("x")
    a.info("1")
    b.warning("2")
    c.error("3")
    logging.getLogger(__name__).debug("4")
    logging.info("5")
    info("6")
    lg.log(logging.INFO, "7")
    class K:
        log = logging.getLogger("k")
        def m(self):
            self.log.info("8")
            self.other = logging.LoggerAdapter(a, {})
            self.other.info("9")
    def f(lgr: logging.Logger):
        lgr.critical("10")
    """
    assert summary(src) == [
        (7, "info", "logging"), (8, "warning", "logging"), (9, "error", "logging"),
        (10, "debug", "logging"), (11, "info", "logging"), (12, "info", "logging"),
        (13, "log", "logging"), (17, "info", "logging"), (19, "info", "logging"),
        (21, "critical", "logging"),
    ]


def test_root_calls_and_levels() -> None:
    calls = model("import logging\nlogging.info('x')\nlogging.log(logging.ERROR, 'y')\nlogging.log(lvl, 'z')\n")
    assert [(c.root, c.level) for c in calls] == [(True, "info"), (True, "error"), (True, None)]
    assert [c.message.value for c in calls if isinstance(c.message, cst.SimpleString)] == ["'x'", "'y'", "'z'"]


def test_loguru_forms() -> None:
    src = """\
    from loguru import logger
    from loguru import logger as L
    import loguru
    logger.info("a")
    L.success("b")
    loguru.logger.trace("c")
    logger.opt(exception=True).error("d")
    ctx = logger.bind(user=1)
    ctx.info("e")
    logger.patch(f).bind(x=1).warning("f")
    """
    calls = model(src)
    assert [(c.method, c.library) for c in calls] == [
        ("info", "loguru"), ("success", "loguru"), ("trace", "loguru"), ("error", "loguru"),
        ("info", "loguru"), ("warning", "loguru"),
    ]
    assert "exception" in calls[3].opt
    assert calls[4].bound and calls[5].bound and not calls[0].bound


def test_structlog_forms() -> None:
    src = """\
    import structlog
    log = structlog.get_logger()
    log.info("event", key=1)
    structlog.get_logger().bind(a=1).warning("x")
    slog = structlog.stdlib.get_logger()
    slog.msg("y")
    log.new(a=2).error("z")
    """
    calls = model(src)
    assert [(c.method, c.library) for c in calls] == [
        ("info", "structlog"), ("warning", "structlog"), ("msg", "structlog"), ("error", "structlog"),
    ]
    assert calls[0].keywords.keys() == {"key"}


@pytest.mark.parametrize(
    "src",
    [
        "import warnings\nwarnings.warn('x')\n",
        "parser.error('bad option')\n",
        "import mlflow\nmlflow.log_metric('a', 1)\n",
        "import wandb\nwandb.log({'a': 1})\n",
        "import math\nmath.log(2)\n",
        "import numpy as np\nnp.log(2)\n",
        "class M(LightningModule):\n    def step(self):\n        self.log('loss', 1.0)\n",
        "df.info()\n",
        "session.add(obj)\n",
        "print('x')\n",
        "import click\nclick.echo('x')\n",
        "from loguru import logger\nlogger.add(sink)\n",
        "logging_config.info('x')\n",
        "catalog.info('x')\n",
        "import logging\nlogging.getLogger('x')\n",
        "from distutils import log\nlog.warn('x')\n",
        "from twisted.python import log\nlog.msg('x')\n",
    ],
)
def test_never_loggers(src: str) -> None:
    assert model(src) == []


def test_logger_like_names() -> None:
    for name in ("logger", "log", "_log", "_logger", "LOG", "_LOG", "LOGGER", "_LOGGER", "audit_logger", "req_log"):
        assert looks_like_logger(name), name
    for name in ("logging", "blog", "catalog", "login", "dialog", "logs", "logger_factory"):
        assert not looks_like_logger(name), name


def test_library_of_a_qualified_name_is_its_first_part() -> None:
    names = ("logging", "logging.getLogger", "structlog.stdlib.get_logger", "loguru.logger", "loggingx.getLogger", "app.logging.get")
    assert [library_of(name) for name in names] == ["logging", "logging", "structlog", "loguru", None, None]


def test_unknown_origin_library() -> None:
    assert [c.library for c in model("from app.logs import logger\nlogger.info('x')\n")] == [None]
    assert [c.library for c in model("import logging\nfrom app import logger\nlogger.info('x')\n")] == ["logging"]
    assert [c.library for c in model("from app import logger\nlogger.info('x')\n", default_library="loguru")] == [
        "loguru"
    ]
    # logger.opt() exists only in loguru
    assert [c.library for c in model("from app import logger\nlogger.opt(lazy=True).info('x')\n")] == ["loguru"]


def test_logger_names_mapping() -> None:
    names: Dict[str, Optional[str]] = {"metagpt.logs.logger": "loguru", "AUTH": "logging"}
    src = "import logging\nfrom metagpt.logs import logger\nlogger.info('{}', x)\nAUTH.info('y')\n"
    assert [c.library for c in model(src, logger_names=names)] == ["loguru", "logging"]
    plain: Dict[str, Optional[str]] = {"audit": None}
    assert [c.library for c in model("import structlog\naudit.info('x')\n", logger_names=plain)] == ["structlog"]


def test_forward_reference_resolves() -> None:
    src = "import logging\ndef f():\n    mylg.info('x')\nmylg = logging.getLogger()\n"
    assert [c.library for c in model(src)] == ["logging"]


def test_handler_context_stops_at_functions() -> None:
    src = """\
    import logging
    log = logging.getLogger()
    try:
        pass
    except ValueError as err:
        log.error("a")
        def inner():
            log.error("b")
        cb = lambda: log.error("c")
        if x:
            raise
    log.error("d")
    """
    calls = model(src)
    assert [c.handler is not None for c in calls] == [True, False, False, False]
    handler = calls[0].handler
    assert handler is not None and handler.name == "err" and handler.reraises
    assert handler.type_names == ("ValueError",) and handler.calls == [calls[0]]


def test_raise_in_nested_function_does_not_reraise() -> None:
    src = "try:\n    pass\nexcept Exception:\n    log.error('x')\n    def f():\n        raise\n"
    (call,) = model(src)
    assert call.handler is not None and not call.handler.reraises


def test_loguru_exc_info_keyword_is_context_not_a_traceback() -> None:
    (call,) = model("from loguru import logger\nlogger.error('x', exc_info=True)\n")
    assert not call.records_traceback
    (stdlib,) = model("import logging\nlogging.error('x', exc_info=True)\n")
    assert stdlib.records_traceback


def test_message_and_args() -> None:
    (call,) = model("log.info('a %s %s', x, y, exc_info=True, extra={'k': 1})\n")
    assert isinstance(call.message, cst.SimpleString)
    assert len(call.args) == 2 and set(call.keywords) == {"exc_info", "extra"}
    (star,) = model("log.info(*parts)\n")
    assert star.star_args and star.message is None


def test_production_if() -> None:
    src = "if ENV == 'production':\n    log.info('a')\nelse:\n    log.info('b')\nlog.info('c')\n"
    assert [c.production for c in model(src)] == [True, False, False]


@pytest.mark.parametrize(
    "literal",
    ['"plain"', "'single'", '"""triple"""', 'r"raw\\d"', '"esc\\n\\t\\x41"', 'u"uni"', '"a" "b"', '"caf\\u00e9"', "'q\\'s'"],
)
def test_string_value_matches_python(literal: str) -> None:
    import ast

    assert string_value(cst.parse_expression(literal)) == ast.literal_eval(literal)


def test_string_value_of_non_strings() -> None:
    assert string_value(cst.parse_expression('b"x"')) is None
    assert string_value(cst.parse_expression('f"{x}"')) is None
    assert string_value(cst.parse_expression("x")) is None


def certainty(source: str, **settings: Any) -> List[Tuple[str, Optional[str], bool]]:
    """(method, library, certain) per logging call."""
    return [(c.method, c.library, c.certain) for c in model(source, **settings)]


def test_annotations_with_unions_strings_and_fallbacks() -> None:
    src = """\
    import logging
    from typing import Optional
    import loguru
    log = logging.getLogger(__name__)

    def a(logger: logging.Logger | None = None):
        logger = logger or log
        logger.info("a")

    def b(lg: Optional["loguru.Logger"] = None, other: "logging.Logger" = None):
        lg.debug("b")
        other.debug("b")
    """
    assert certainty(src) == [("info", "logging", True), ("debug", "loguru", True), ("debug", "logging", True)]


def test_either_side_of_or_and_if() -> None:
    src = """\
    import logging
    _LOGGER = logging.getLogger(__name__)

    def f(log=None):
        (log or _LOGGER).warning("either")
    """
    assert certainty(src) == [("warning", "logging", False)]  # `log` is a guess, so the expression's library is too
    src = """\
    import logging
    from loguru import logger
    _LOGGER = logging.getLogger(__name__)

    def f(flag):
        (logger if flag else _LOGGER).info("two libraries")
    """
    assert certainty(src) == [("info", None, False)]


def test_name_heuristic_is_never_certain_and_says_why() -> None:
    src = """\
    import structlog
    from elsewhere import logger
    logger.info("x")
    """
    [call] = model(src)
    assert (call.library, call.certain) == ("structlog", False)
    assert call.how == "name heuristic; library guessed: the file imports only structlog"
    [configured] = model(src, logger_names={"elsewhere.logger": "loguru"})
    assert (configured.library, configured.certain, configured.how) == ("loguru", True, "configured: logger-names `elsewhere.logger`")


def test_rebinding_sees_the_assignments_before_it() -> None:
    src = """\
    from loguru import logger
    logger = logger.bind(request=1)
    logger = logger.opt(depth=1)
    logger.info("x")
    """
    [call] = model(src)
    assert (call.library, call.bound, list(call.opt)) == ("loguru", True, ["depth"])


def test_function_local_import_guesses_only_for_its_function() -> None:
    src = """\
    from somewhere import logger

    def f():
        import logging
        logger.info("in f: the only library imported where the call is")

    def g():
        logger.info("in g: none")
    """
    assert certainty(src) == [("info", "logging", False), ("info", None, False)]
