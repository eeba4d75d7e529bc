"""LL601-LL607: pitfalls of loguru's, structlog's and stdlib logging's own APIs.

Per rule: reported cases with exact positions, cases that must stay silent (among them
a logger whose library is only guessed: every rule needs it for certain), fixes with
their exact output, and round trips that run the call before and after its fix.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
from helpers import fixed, lint, positions, structlog_events
from test_cli import run

LOGURU = "from loguru import logger\n"
STRUCT = "import structlog\nlog = structlog.get_logger()\n"
STD = "import logging\nlogger = logging.getLogger(__name__)\n"
# A logger whose library is a guess: the name looks like a logger, the file imports loguru.
GUESSED = "from loguru import logger as _lg\nfrom elsewhere import logger\n"
GUESSED_STRUCT = "import structlog\nfrom elsewhere import log\n"


def found(source: str, code: str, **kwargs: Any) -> List[Tuple[int, int, str]]:
    return positions(source, code, **kwargs)


def messages(source: str, code: str, **kwargs: Any) -> List[str]:
    return [f.message for f in lint(source, code, **kwargs).findings]


def fix_of(source: str, code: str) -> Optional[str]:
    findings = lint(source, code).findings
    assert len(findings) == 1, findings
    return findings[0].fix.applicability if findings[0].fix is not None else None


# -- LL601 discarded-bind ------------------------------------------------------------------

LL601_FOUND = [
    (LOGURU + 'logger.bind(user="u")\n', [(2, 8, "LL601")]),
    (LOGURU + "logger.patch(add_ip)\nlogger.opt(colors=True)\n", [(2, 8, "LL601"), (3, 8, "LL601")]),
    (LOGURU + "def f():\n    logger.bind(a=1).bind(b=2)\n", [(3, 22, "LL601")]),
    (STRUCT + "log.bind(user=u)\nlog.new(user=u)\nlog.unbind('user')\nlog.try_unbind('user')\n",
     [(3, 5, "LL601"), (4, 5, "LL601"), (5, 5, "LL601"), (6, 5, "LL601")]),
    ("import structlog\nstructlog.get_logger().bind(user=u)\n", [(2, 24, "LL601")]),
    ("import structlog\nclass Job:\n    def __init__(self):\n        self.log = structlog.get_logger()\n"
     "    def run(self):\n        self.log.bind(job=self)\n", [(6, 18, "LL601")]),
]

LL601_CLEAN = [
    LOGURU + 'bound = logger.bind(user="u")\n',
    LOGURU + 'with logger.contextualize(user="u"):\n    logger.info("hi")\n',
    LOGURU + 'logger.bind(user="u").info("hi")\n',
    LOGURU + "logger.add(sys.stderr)\nlogger.remove()\n",
    LOGURU + "return_value = [logger.bind(a=1)]\n",
    STRUCT + "log = log.bind(user=u)\nstructlog.contextvars.bind_contextvars(user=u)\n",
    STD + "logger.getChild('x')\n",
    "import logging\nadapter = logging.LoggerAdapter(logging.getLogger(), {})\nadapter.bind(x=1)\n",
    GUESSED + 'logger.bind(user="u")\n',
    GUESSED_STRUCT + "log.bind(user=u)\n",
    "class Query:\n    def bind(self, **kw): ...\nquery = Query()\nquery.bind(a=1)\n",
]


@pytest.mark.parametrize("source,expected", LL601_FOUND)
def test_ll601_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL601") == expected


@pytest.mark.parametrize("source", LL601_CLEAN)
def test_ll601_clean(source: str) -> None:
    assert found(source, "LL601") == []


def test_ll601_messages_say_what_was_meant() -> None:
    assert messages(LOGURU + "logger.bind(a=1)\n", "LL601") == [
        "`bind()` returns a new logger and this statement throws it away: the context is never logged; "
        "assign the result (`logger = logger.bind(...)`) or use `with logger.contextualize(...):`"
    ]
    assert "structlog.contextvars.bind_contextvars" in messages(STRUCT + "log.bind(a=1)\n", "LL601")[0]
    assert "`logger.opt(...).info(...)`" in messages(LOGURU + "logger.opt(depth=1)\n", "LL601")[0]


def test_ll601_the_statement_really_logs_no_context() -> None:
    """What the page says, checked on loguru itself."""
    from loguru import logger

    records: List[Dict[str, Any]] = []
    sink = logger.add(lambda m: records.append(m.record["extra"]), format="{message}")
    try:
        logger.bind(request_id=7)
        logger.info("request received")
    finally:
        logger.remove(sink)
    assert records == [{}]


# -- LL602 loguru-format-injection -------------------------------------------------------------

LL602_FOUND = [
    (LOGURU + 'logger.info(f"data {d}", user=u)\n', [(2, 13, "LL602")]),
    (LOGURU + 'logger.info("data %s" % d, 1)\n', [(2, 13, "LL602")]),
    (LOGURU + 'logger.info("data {}".format(d), user=u)\n', [(2, 13, "LL602")]),
    (LOGURU + 'logger.info("data " + str(d), user=u)\n', [(2, 13, "LL602")]),
    (LOGURU + "logger.info(str(d), user=u)\n", [(2, 13, "LL602")]),
    (LOGURU + 'logger.info(f"{a}" + " tail", user=u)\n', [(2, 13, "LL602")]),
    (LOGURU + "logger.error(message, user=u)\n", [(2, 14, "LL602")]),
    (LOGURU + "logger.error(self.text, user=u)\nlogger.error(texts[0], user=u)\nlogger.error(render(x), user=u)\n",
     [(2, 14, "LL602"), (3, 14, "LL602"), (4, 14, "LL602")]),
    (LOGURU + 'logger.opt(depth=1).log("INFO", f"{x}", k=1)\n', [(2, 33, "LL602")]),
    # one field that may hold text, or a character or a repr, is enough
    (LOGURU + 'logger.info(f"{len(rows)} rows from {source}", k=1)\n', [(2, 13, "LL602")]),
    (LOGURU + 'logger.info(f"{code:c} {n!r:>5}", k=1)\n', [(2, 13, "LL602")]),
    (LOGURU + 'logger.info(f"{n:{width}d}", k=1)\n', [(2, 13, "LL602")]),
]

LL602_CLEAN = [
    LOGURU + 'logger.info(f"data {d}")\n',  # no arguments: logged as it is
    # numbers only: no braces can come in
    LOGURU + 'logger.info(f"{len(rows)} rows in {elapsed:.2f}s, {total:,} bytes, {rate:>8.1%}", k=1)\n',
    LOGURU + 'logger.info("data {}", d)\n',
    LOGURU + 'logger.info("user {user}", user=u)\n',  # a literal: LL305 checks its fields
    LOGURU + 'logger.info("x {y}", z=1)\n',
    LOGURU + "logger.info(TEMPLATE, value)\n",  # a template in a variable, with its arguments
    LOGURU + 'logger.info(_("hello {name}"), name=n)\n',
    LOGURU + 'logger.info(Template("<red>{calc} = ", Interpolation(256)), calc="2**8")\n',
    LOGURU + "def info(message, *args, **kwargs):\n    logger.opt(depth=1).info(message, *args, **kwargs)\n",
    LOGURU + 'logger.info(f"{x}", *args)\n',
    LOGURU + "logger.info(msg=message, user=u)\n",
    STD + 'logger.info(f"data {d}", extra={"user": u})\n',
    STRUCT + 'log.info(f"data {d}", user=u)\n',
    GUESSED + 'logger.info(f"data {d}", user=u)\n',
]


@pytest.mark.parametrize("source,expected", LL602_FOUND)
def test_ll602_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL602") == expected


@pytest.mark.parametrize("source", LL602_CLEAN)
def test_ll602_clean(source: str) -> None:
    assert found(source, "LL602") == []


def test_ll305_reports_unfilled_literal_fields_not_ll602() -> None:
    source = LOGURU + 'logger.info("x {y}", z=1)\n'
    assert [(f.code, f.message) for f in lint(source, "LL305,LL602").findings] == [
        ("LL305", "missing keyword argument 'y' for a named placeholder")
    ]


LL602_FIXES = [
    ('logger.info(f"data {d}", user=u)', 'logger.bind(user=u).info(f"data {d}")'),
    ("logger.opt(depth=1).error(message, user=u, job=j)", "logger.opt(depth=1).bind(user=u, job=j).error(message)"),
    ('logger.log("INFO", text, k=1)', 'logger.bind(k=1).log("INFO", text)'),
    ("logger.info(\n    message,\n    user=u,\n    job=j,\n)", "logger.bind(user=u, job=j).info(\n    message,\n)"),
]


@pytest.mark.parametrize("before,after", LL602_FIXES)
def test_ll602_fix_binds_the_keywords(before: str, after: str) -> None:
    source = LOGURU + before + "\n"
    assert fix_of(source, "LL602") == "unsafe"
    assert fixed(source, "LL602") == source
    assert fixed(source, "LL602", unsafe=True) == LOGURU + after + "\n"


def test_ll602_no_fix_with_positional_arguments() -> None:
    assert fix_of(LOGURU + 'logger.info("%s: {}" % d, 1)\n', "LL602") is None


@pytest.fixture
def loguru_records() -> Iterator[List[Tuple[str, Dict[str, Any]]]]:
    """(message, extra) of each loguru record logged by code compiled as "<pitfalls>"."""
    from loguru import logger

    records: List[Tuple[str, Dict[str, Any]]] = []
    sink = logger.add(
        lambda m: records.append((m.record["message"], dict(m.record["extra"]))),
        format="{message}", level="TRACE", filter=lambda r: r["file"].path == "<pitfalls>", catch=False,
    )
    yield records
    logger.remove(sink)


def run_loguru(source: str, records: List[Tuple[str, Dict[str, Any]]], env: Dict[str, Any]) -> List[Any]:
    """What running ``source`` logs, or the exception it raises."""
    records.clear()
    try:
        exec(compile(source, "<pitfalls>", "exec"), dict(env))
    except Exception as error:  # noqa: BLE001 - the original may raise
        return [f"<raised {type(error).__name__}>"]
    return list(records)


@pytest.mark.parametrize("statement", ['logger.info(f"data {d}", user=u)', "logger.info(message, user=u)"])
def test_ll602_round_trip(statement: str, loguru_records: List[Tuple[str, Dict[str, Any]]]) -> None:
    source = LOGURU + statement + "\n"
    after = fixed(source, "LL602", unsafe=True)
    plain = {"d": "plain", "message": "plain text", "u": "ann"}
    assert run_loguru(after, loguru_records, plain) == run_loguru(source, loguru_records, plain)
    braces = {"d": {"k": 1}, "message": "payload {'k': 1}", "u": "ann"}
    assert run_loguru(source, loguru_records, braces) == ["<raised KeyError>"]
    assert run_loguru(after, loguru_records, braces) in (
        [("data {'k': 1}", {"user": "ann"})], [("payload {'k': 1}", {"user": "ann"})]
    )


# -- LL603 unknown-log-method --------------------------------------------------------------------

LL603_FOUND = [
    (LOGURU + 'logger.warn("careful")\nlogger.fatal("dead")\n', [(2, 8, "LL603"), (3, 8, "LL603")]),
    (LOGURU + 'logger.bind(a=1).warn("careful")\n', [(2, 18, "LL603")]),
    (LOGURU + 'async def f():\n    await logger.ainfo("x")\n', [(3, 18, "LL603")]),
    (STRUCT + 'log.trace("t")\nlog.success("s")\n', [(3, 5, "LL603"), (4, 5, "LL603")]),
    (STD + 'logger.trace("t")\nlogger.success("s")\n', [(3, 8, "LL603"), (4, 8, "LL603")]),
    (STD + 'async def f():\n    await logger.aerror("x")\n    await logger.alog(10, "x")\n', [(4, 18, "LL603"), (5, 18, "LL603")]),
    ("import logging\nlogging.getLogger('x').trace('t')\n", [(2, 24, "LL603")]),
]

LL603_CLEAN = [
    LOGURU + 'logger.warning("x")\nlogger.critical("x")\nlogger.trace("x")\nlogger.success("x")\n',
    STRUCT + 'log.warn("x")\nlog.fatal("x")\nlog.msg("x")\nasync def f():\n    await log.ainfo("x")\n',
    STD + 'logger.warn("x")\nlogger.fatal("x")\n',  # deprecated, not missing: LL206
    GUESSED + 'logger.warn("x")\n',
    GUESSED_STRUCT + 'log.trace("x")\n',
    "from loguru import logger as _lg\nlogger.warn('x')\n",  # a name heuristic
    # the project gives stdlib loggers methods of its own
    STD + 'logging.setLoggerClass(MyLogger)\nlogger.trace("t")\n',
    STD + 'logging.addLevelName(5, "TRACE")\nlogger.trace("t")\n',
    STD + 'def trace(self, message, *args):\n    self.log(5, message, *args)\nlogger.trace("t")\n',
    STRUCT + 'class Wrapper(structlog.BoundLoggerBase):\n    def success(self, event):\n'
    '        return self._proxy_to_logger("info", event)\nlog.success("s")\n',
    # a project subclass of a logger class
    "import logging\nclass MyLogger(logging.Logger):\n    pass\nlogger = MyLogger('x')\nlogger.trace('t')\n",
]


@pytest.mark.parametrize("source,expected", LL603_FOUND)
def test_ll603_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL603") == expected


@pytest.mark.parametrize("source", LL603_CLEAN)
def test_ll603_clean(source: str) -> None:
    assert found(source, "LL603") == []


def test_ll603_messages_and_fixes() -> None:
    source = LOGURU + 'logger.warn("careful")\nlogger.fatal("dead")\n' + 'import structlog\nstructlog.get_logger().trace("t")\n'
    findings = lint(source, "LL603").findings
    assert [f.message for f in findings] == [
        "loguru loggers have no `.warn()`: this line raises `AttributeError` when it runs; use `.warning()`",
        "loguru loggers have no `.fatal()`: this line raises `AttributeError` when it runs; use `.critical()`",
        "structlog loggers have no `.trace()`: this line raises `AttributeError` when it runs",
    ]
    assert [f.fix.applicability if f.fix else None for f in findings] == ["safe", "safe", None]
    assert fixed(source, "LL603") == source.replace(".warn(", ".warning(").replace(".fatal(", ".critical(")


def test_ll603_round_trip(loguru_records: List[Tuple[str, Dict[str, Any]]]) -> None:
    source = LOGURU + 'logger.warn("careful {}", x)\nlogger.fatal("dead")\n'
    after = fixed(source, "LL603")
    assert run_loguru(source, loguru_records, {"x": 1}) == ["<raised AttributeError>"]
    assert run_loguru(after, loguru_records, {"x": 1}) == [("careful 1", {}), ("dead", {})]


def write_project(root: Path, files: Dict[str, str]) -> None:
    (root / "pyproject.toml").write_text("[tool.loglint]\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_ll603_silent_when_another_module_gives_loggers_a_class(tmp_path: Path) -> None:
    """Through the command line, with the cache on: adding ``setLoggerClass`` to another
    module silences a finding the cache holds."""
    write_project(tmp_path, {
        "app/__init__.py": "",
        "app/jobs.py": "import logging\nlog = logging.getLogger(__name__)\nlog.trace('job started')\n",
        "app/log.py": "import logging\n",
    })
    first = run(["--select", "LL603", "app/"], tmp_path)
    assert first.returncode == 1 and "app/jobs.py:3:5: LL603 stdlib logging loggers have no `.trace()`" in first.stdout
    (tmp_path / "app" / "log.py").write_text("import logging\nlogging.setLoggerClass(TraceLogger)\n")
    second = run(["--select", "LL603", "app/"], tmp_path)
    assert second.returncode == 0, second.stdout
    (tmp_path / "app" / "log.py").write_text("import logging\n")
    assert run(["--select", "LL603", "app/"], tmp_path).returncode == 1


def test_ll603_silent_when_the_project_defines_the_method(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "app/__init__.py": "",
        "app/jobs.py": "import structlog\nlog = structlog.get_logger()\nlog.success('done')\n",
        "app/logs.py": "class Wrapper:\n    def success(self, event, **kw):\n        ...\n",
        "app/other.py": "import structlog\nstructlog.get_logger().trace('t')\n",
    })
    result = run(["--select", "LL603", "--no-cache", "app/"], tmp_path)
    assert result.stdout.splitlines()[0] == (
        "app/other.py:2:24: LL603 structlog loggers have no `.trace()`: this line raises `AttributeError` when it runs"
    )
    assert "jobs.py" not in result.stdout


# -- LL604 lazy-non-callable --------------------------------------------------------------------

LL604_FOUND = [
    (LOGURU + 'logger.opt(lazy=True).debug("{} {}", expensive(x), 3)\n', [(2, 38, "LL604"), (2, 52, "LL604")]),
    (LOGURU + 'logger.opt(lazy=True).debug("{}", f"{x}")\n', [(2, 35, "LL604")]),
    (LOGURU + 'logger.opt(lazy=True).debug("{v}", v=len(x))\n', [(2, 38, "LL604")]),
    (LOGURU + 'lazy = logger.opt(lazy=True)\nlazy.info("{}", [1, 2])\n', [(3, 17, "LL604")]),
    (LOGURU + 'logger.opt(lazy=True, depth=1).info("{} {}", a + b, None)\n', [(2, 46, "LL604"), (2, 53, "LL604")]),
]

LL604_CLEAN = [
    LOGURU + 'logger.opt(lazy=True).debug("{} {}", lambda: expensive(x), compute)\n',
    LOGURU + 'logger.opt(lazy=True).debug("{}", self.describe)\n',
    LOGURU + 'logger.opt(lazy=True).debug("{}", functools.partial(f, x))\n',
    LOGURU + 'logger.opt(lazy=True).debug("{}", partial(f, x))\n',
    LOGURU + 'logger.opt(lazy=False).debug("{}", expensive(x))\n',
    LOGURU + 'logger.opt(lazy=flag).debug("{}", expensive(x))\n',
    LOGURU + 'logger.debug("{}", expensive(x))\n',
    GUESSED + 'logger.opt(lazy=True).debug("{}", expensive(x))\n',
]


@pytest.mark.parametrize("source,expected", LL604_FOUND)
def test_ll604_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL604") == expected


@pytest.mark.parametrize("source", LL604_CLEAN)
def test_ll604_clean(source: str) -> None:
    assert found(source, "LL604") == []


def test_ll604_fix_wraps_in_lambda() -> None:
    source = LOGURU + 'logger.opt(lazy=True).debug("{} {}", expensive(x), (a, b))\n'
    assert [f.fix.applicability if f.fix else None for f in lint(source, "LL604").findings] == ["unsafe", "unsafe"]
    assert fixed(source, "LL604") == source
    assert fixed(source, "LL604", unsafe=True) == LOGURU + 'logger.opt(lazy=True).debug("{} {}", lambda: expensive(x), lambda: (a, b))\n'


def test_ll604_no_fix_for_what_a_lambda_cannot_hold() -> None:
    source = LOGURU + 'async def f():\n    logger.opt(lazy=True).debug("{}", await fetch() + 1)\n'
    assert found(source, "LL604") == [(3, 39, "LL604")]
    assert fix_of(source, "LL604") is None


def test_ll604_round_trip(loguru_records: List[Tuple[str, Dict[str, Any]]]) -> None:
    source = LOGURU + 'logger.opt(lazy=True).info("{} rows: {}", len(rows), f"{rows}")\n'
    after = fixed(source, "LL604", unsafe=True)
    env = {"rows": [1, 2]}
    assert run_loguru(source, loguru_records, env) == ["<raised TypeError>"]
    assert run_loguru(after, loguru_records, env) == [("2 rows: [1, 2]", {})]


# -- LL605 unrotated-file-sink ---------------------------------------------------------------------

LL605_FOUND = [
    (LOGURU + 'logger.add("app.log")\n', [(2, 12, "LL605")]),
    (LOGURU + 'logger.add(sink=f"{LOG_DIR}/app.log", level="INFO", compression="zip")\n', [(2, 17, "LL605")]),
    (LOGURU + 'from pathlib import Path\nlogger.add(Path("logs") / "app.log")\nlogger.add(log_dir / "app.log")\n',
     [(3, 12, "LL605"), (4, 12, "LL605")]),
    (LOGURU + 'import os\nlogger.add(os.path.join(root, "app.log"))\nlogger.add(LOG_DIR + "/app.log")\n',
     [(3, 12, "LL605"), (4, 12, "LL605")]),
    (LOGURU + 'logger.add(str(Path(d) / "a.log"))\nlogger.add("%s.log" % name)\n', [(2, 12, "LL605"), (3, 12, "LL605")]),
]

LL605_CLEAN = [
    LOGURU + "import sys\nlogger.add(sys.stderr)\nlogger.add(sink)\nlogger.add(handler, level='INFO')\n",
    LOGURU + 'logger.add("app.log", rotation="100 MB")\nlogger.add("app.log", retention="10 days")\n',
    LOGURU + 'logger.add("app.log", **options)\n',
    LOGURU + 'logger.add(lambda m: print(m))\n',
    LOGURU + 'logger.add(*sinks)\n',
    GUESSED + 'logger.add("app.log")\n',
    "s = set()\ns.add('app.log')\n",
    # stdlib handlers outside production scope
    "import logging\nlogging.FileHandler('app.log')\nlogging.basicConfig(filename='app.log')\n",
]


@pytest.mark.parametrize("source,expected", LL605_FOUND)
def test_ll605_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL605") == expected


@pytest.mark.parametrize("source", LL605_CLEAN)
def test_ll605_clean(source: str) -> None:
    assert found(source, "LL605") == []


@pytest.mark.parametrize("path", ["tests/test_sinks.py", "app/tests/helpers.py", "test_app.py", "app/sink_test.py", "conftest.py"])
def test_ll605_not_in_test_code(path: str) -> None:
    source = LOGURU + 'logger.add(tmp_path / "file.log")\nlogger.add("test.log")\n'
    assert found(source, "LL605", path=path) == []
    assert found(source, "LL605", path="app/testing_tools.py") == [(2, 12, "LL605"), (3, 12, "LL605")]


def test_ll605_stdlib_handlers_in_production() -> None:
    source = textwrap.dedent("""\
        import logging
        import logging.config
        import logging.handlers
        from logging import FileHandler
        a = FileHandler("app.log")
        b = logging.FileHandler("app.log", encoding="utf-8")
        c = logging.handlers.WatchedFileHandler("app.log")
        d = logging.handlers.RotatingFileHandler("app.log", maxBytes=10**8, backupCount=5)
        logging.basicConfig(filename="app.log", level=logging.INFO)
        logging.basicConfig(level=logging.INFO)
        logging.config.dictConfig({
            "version": 1,
            "handlers": {
                "file": {"class": "logging.FileHandler", "filename": "app.log"},
                "rotating": {"class": "logging.handlers.RotatingFileHandler", "filename": "app.log"},
            },
        })
        if ENV == "production":
            e = FileHandler("app.log")
        """)
    expected = [(5, 5, "LL605"), (6, 5, "LL605"), (9, 21, "LL605"), (14, 27, "LL605"), (19, 9, "LL605")]
    assert found(source, "LL605", path="prod/app.py") == expected
    assert found(source, "LL605", path="app.py") == [(19, 9, "LL605")]
    assert messages(source, "LL605", path="prod/app.py")[0] == (
        "`logging.FileHandler` never rotates its file: it grows until the disk is full; "
        "use `logging.handlers.RotatingFileHandler` or `TimedRotatingFileHandler`"
    )


def test_ll605_loguru_production_only_option() -> None:
    source = LOGURU + 'logger.add("app.log")\n'
    options = {"rule_options": {"unrotated-file-sink": {"loguru-production-only": True}}}
    assert found(source, "LL605", config=options) == []
    assert found(source, "LL605", config=options, path="prod/app.py") == [(2, 12, "LL605")]


def test_ll605_production_config_files_through_the_command_line(tmp_path: Path) -> None:
    write_project(tmp_path, {
        "deploy/prod/logging.yaml": """\
            version: 1
            handlers:
              file:
                # class: logging.FileHandler
                class: logging.FileHandler
                filename: /var/log/app.log
              rotating:
                class: logging.handlers.RotatingFileHandler
                filename: /var/log/app.log
            """,
        "deploy/prod/logging.json": '{"handlers": {"f": {"class": "logging.handlers.TimedRotatingFileHandler"}}}\n',
        "deploy/dev/logging.yaml": "handlers:\n  file:\n    class: logging.FileHandler\n",
    })
    result = run(["--select", "LL605", "--no-cache", "deploy/"], tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        "deploy/prod/logging.yaml:5:12: LL605 `logging.FileHandler` in a production logging configuration never rotates "
        "its file: it grows until the disk is full; use `logging.handlers.RotatingFileHandler` or `TimedRotatingFileHandler`"
    )
    assert "Found 1 problem." in result.stdout
    # LL605 off, LL501 on: the file is read, and only LL501 speaks
    assert run(["--select", "LL501", "--no-cache", "deploy/"], tmp_path).returncode == 0


# -- LL606 insecure-config-listen ------------------------------------------------------------------

LL606_FOUND = [
    ("import logging.config\nserver = logging.config.listen(9999)\n", [(2, 10, "LL606")]),
    ("from logging import config\nconfig.listen()\n", [(2, 1, "LL606")]),
    ("from logging.config import listen\nt = listen(port=9999)\n", [(2, 5, "LL606")]),
]

LL606_CLEAN = [
    "import logging.config\nlogging.config.listen(9999, verify=check)\nlogging.config.listen(9999, check)\n",
    "import logging.config\nlogging.config.listen(*args)\n",
    "import socket\nsock = socket.socket()\nsock.listen(5)\n",
    "import logging\nlisten(9999)\n",
]


@pytest.mark.parametrize("source,expected", LL606_FOUND)
def test_ll606_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL606") == expected


@pytest.mark.parametrize("source", LL606_CLEAN)
def test_ll606_clean(source: str) -> None:
    assert found(source, "LL606") == []


def test_ll606_silenced_by_ruffs_code() -> None:
    assert found("import logging.config\nlogging.config.listen(9999)  # noqa: S612\n", "LL606") == []


# -- LL607 async-exc-info-lost ------------------------------------------------------------------

ASYNC = STRUCT + "async def main():\n    try:\n        run()\n    except OSError{name}:\n        {call}\n"


def in_handler(call: str, name: str = "") -> str:
    return ASYNC.format(name=name, call=call)


LL607_FOUND = [
    (in_handler('await log.aerror("failed", exc_info=True)'), [(7, 36, "LL607")]),
    (in_handler('await log.awarning("failed", exc_info=True)'), [(7, 38, "LL607")]),
    (in_handler('await log.alog(40, "failed", exc_info=1)'), [(7, 38, "LL607")]),
    (STRUCT + 'async def f():\n    await log.ainfo("no handler", exc_info=True)\n', [(4, 35, "LL607")]),
    ("import structlog\nasync def f(log: structlog.stdlib.BoundLogger):\n    await log.acritical('x', exc_info=True)\n",
     [(3, 30, "LL607")]),
]

LL607_CLEAN = [
    in_handler('await log.aexception("failed")'),
    in_handler('await log.aexception("failed", exc_info=True)'),
    in_handler('await log.aerror("failed", exc_info=e)', " as e"),
    in_handler('await log.aerror("failed", exc_info=sys.exc_info())'),
    in_handler('await log.aerror("failed", exc_info=False)'),
    in_handler('log.error("failed", exc_info=True)'),
    GUESSED_STRUCT + 'async def f():\n    await log.aerror("x", exc_info=True)\n',
]


@pytest.mark.parametrize("source,expected", LL607_FOUND)
def test_ll607_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL607") == expected


@pytest.mark.parametrize("source", LL607_CLEAN)
def test_ll607_clean(source: str) -> None:
    assert found(source, "LL607") == []


LL607_FIXES = [
    (in_handler('await log.aerror("failed", exc_info=True)'), in_handler('await log.aexception("failed")')),
    (in_handler('await log.awarning("failed", exc_info=True)', " as exc"), in_handler('await log.awarning("failed", exc_info=exc)', " as exc")),
]


@pytest.mark.parametrize("before,after", LL607_FIXES)
def test_ll607_fix(before: str, after: str) -> None:
    assert fix_of(before, "LL607") == "unsafe"
    assert fixed(before, "LL607") == before
    assert fixed(before, "LL607", unsafe=True) == after


@pytest.mark.parametrize("source", [
    in_handler('await log.awarning("failed", exc_info=True)'),
    STRUCT + 'async def f():\n    await log.aerror("no handler", exc_info=True)\n',
])
def test_ll607_no_fix(source: str) -> None:
    assert fix_of(source, "LL607") is None


ASYNC_PROGRAM = """\
import asyncio

import structlog

log = structlog.get_logger()


async def main():
    try:
        1 / 0
    except ZeroDivisionError as exc:
        await log.awarning("could not divide", exc_info=True)


asyncio.run(main())
"""


@pytest.mark.parametrize("wrapper", ["filtering", "stdlib"])
def test_ll607_round_trip(wrapper: str) -> None:
    """The original logs no traceback under either bound logger; the fixed call does."""
    after = fixed(ASYNC_PROGRAM, "LL607", unsafe=True)
    assert after == ASYNC_PROGRAM.replace("exc_info=True", "exc_info=exc")
    [before_event] = structlog_events(ASYNC_PROGRAM, wrapper)
    [after_event] = structlog_events(after, wrapper)
    assert "exception" not in before_event and before_event["level"] == "warning"
    assert "ZeroDivisionError" in after_event["exception"] and after_event["level"] == "warning"


# -- all rules ------------------------------------------------------------------------------------


def test_every_rule_is_in_the_pitfalls_family_and_on_by_default_but_ll602() -> None:
    """LL602 is off by default for its precision on unseen packages (rules/LL602.md)."""
    from loglint.registry import rules_by_code

    rules = [cls for code, cls in rules_by_code().items() if code.startswith("LL6")]
    assert [cls.code for cls in rules] == [f"LL60{n}" for n in range(1, 8)]
    assert all(cls.family == "pitfalls" for cls in rules)
    assert [cls.code for cls in rules if not cls.default_enabled] == ["LL602"]
