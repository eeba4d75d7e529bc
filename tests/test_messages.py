"""LL101-LL103: message quality, on stdlib, loguru and structlog code."""

from __future__ import annotations

import dataclasses
import textwrap
from typing import Any, Dict, List, Tuple

import pytest
from helpers import make_engine, positions

STDLIB = "import logging\nlogger = logging.getLogger(__name__)\n"
LOGURU = "from loguru import logger\n\n"
STRUCTLOG = "import structlog\nlogger = structlog.get_logger()\n"
HEADERS = {"stdlib": STDLIB, "loguru": LOGURU, "structlog": STRUCTLOG}
ALL_LIBS = pytest.mark.parametrize("lib", ["stdlib", "loguru", "structlog"])


def code(lib: str, body: str) -> str:
    """The library's logger on lines 1-2, then ``body`` from line 3."""
    return HEADERS[lib] + textwrap.dedent(body)


def positions_with(source: str, select: str, options: Dict[str, Dict[str, Any]]) -> List[Tuple[int, int, str]]:
    """Like ``positions``, with per-rule options (``{"vague-message": {"min-words": 3}}``)."""
    engine = make_engine(select)
    engine = type(engine)(dataclasses.replace(engine.settings, rule_options=options))
    result = engine.lint_text(textwrap.dedent(source), "example.py", "example.py")
    assert not result.errors, result.errors
    return [(f.line, f.column, f.code) for f in result.findings]


# -- LL101 vague-message --------------------------------------------------------------------


@ALL_LIBS
def test_ll101_stock_phrases_and_short_messages(lib: str) -> None:
    src = code(lib, """\
    logger.error("An error occurred")
    logger.error("Something went wrong!")
    logger.info("Done.")
    logger.debug("here")
    logger.info("...")
    logger.warning("!!!")
    logger.error("Error: ")
    logger.info(f"finished")
    logger.error("an error " "occurred")
    logger.error("unexpected " + "error")
    logger.info("  Got here  ")
    """)
    assert positions(src, "LL101") == [
        (3, 14, "LL101"), (4, 14, "LL101"), (5, 13, "LL101"), (6, 14, "LL101"), (7, 13, "LL101"),
        (8, 16, "LL101"), (9, 14, "LL101"), (10, 13, "LL101"), (11, 14, "LL101"), (12, 14, "LL101"),
        (13, 13, "LL101"),
    ]


@ALL_LIBS
def test_ll101_traceback_does_not_make_a_message_specific(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except ValueError:
        logger.exception("An error occurred")
    """)
    assert positions(src, "LL101") == [(6, 22, "LL101")]


def test_ll101_exc_info_and_stack_info_are_not_context() -> None:
    src = STDLIB + textwrap.dedent("""\
    logger.error("Unexpected error", exc_info=True)
    logger.info("done", stack_info=True, stacklevel=2)
    """)
    assert positions(src, "LL101") == [(3, 14, "LL101"), (4, 13, "LL101")]


def test_ll101_bound_logger_is_not_context() -> None:
    src = textwrap.dedent("""\
    import structlog
    from loguru import logger
    log = structlog.get_logger().bind(user=user)
    log.info("done")
    logger.bind(user=user).info("done")
    """)
    assert positions(src, "LL101") == [(4, 10, "LL101"), (5, 29, "LL101")]


@ALL_LIBS
def test_ll101_context_makes_a_message_specific(lib: str) -> None:
    placeholder = "{}" if lib == "loguru" else "%s"
    src = code(lib, f"""\
    logger.error("Error: {placeholder}", error)
    logger.error(f"Error: {{error}}")
    logger.error("Error: %s" % error)
    logger.error("Error: {{}}".format(error))
    logger.error("Error: " + error)
    logger.info("done", *args)
    logger.info("done", **fields)
    logger.info(message)
    logger.info(build_message())
    """)
    assert positions(src, "LL101") == []


def test_ll101_extra_and_keyword_context() -> None:
    src = textwrap.dedent("""\
    import logging
    import structlog
    from loguru import logger as loguru_logger
    logger = logging.getLogger(__name__)
    slog = structlog.get_logger()
    logger.info("done", extra={"job": job})
    slog.info("done", job=job)
    slog.info(event="done", job=job)
    loguru_logger.info("done", job=job)
    """)
    assert positions(src, "LL101") == []


def test_ll101_stdlib_keywords_are_not_context() -> None:
    src = STDLIB + 'logger.info("done", stacklevel=2)\n'
    assert positions(src, "LL101") == [(3, 13, "LL101")]


def test_ll101_structlog_event_keyword() -> None:
    src = STRUCTLOG + 'logger.info(event="done")\n'
    assert positions(src, "LL101") == [(3, 19, "LL101")]


@ALL_LIBS
def test_ll101_specific_messages(lib: str) -> None:
    src = code(lib, """\
    logger.info("Connected to the database")
    logger.info("cache_miss")
    logger.info("user.login")
    logger.info("cache-miss")
    logger.error("Could not parse the config file")
    logger.error("Disk full")
    """)
    assert positions(src, "LL101") == []


@ALL_LIBS
def test_ll101_silent_on_empty_messages(lib: str) -> None:
    src = code(lib, 'logger.info("")\nlogger.info("  ")\n')
    assert positions(src, "LL101") == []


def test_ll101_option_min_words() -> None:
    src = STDLIB + 'logger.info("Connection lost")\nlogger.info("Connected")\nlogger.info("done")\n'
    assert positions_with(src, "LL101", {"vague-message": {"min-words": 3}}) == [
        (3, 13, "LL101"), (4, 13, "LL101"), (5, 13, "LL101"),
    ]
    assert positions_with(src, "LL101", {"vague-message": {"min-words": 1}}) == [(5, 13, "LL101")]


def test_ll101_option_phrases_and_extend_phrases() -> None:
    src = STDLIB + 'logger.error("An error occurred")\nlogger.info("All good")\nlogger.info("done")\n'
    assert positions_with(src, "LL101", {"vague-message": {"phrases": ["all good"]}}) == [
        (4, 13, "LL101"), (5, 13, "LL101"),
    ]
    assert positions_with(src, "LL101", {"vague-message": {"extend-phrases": ["All good!"]}}) == [
        (3, 14, "LL101"), (4, 13, "LL101"), (5, 13, "LL101"),
    ]


# -- LL102 empty-message --------------------------------------------------------------------


@ALL_LIBS
def test_ll102_empty_messages(lib: str) -> None:
    src = code(lib, """\
    logger.info("")
    logger.info("   ")
    logger.warning(f"")
    logger.info("" "")
    logger.info("\\n")
    try:
        run()
    except ValueError:
        logger.exception("")
    """)
    assert positions(src, "LL102") == [
        (3, 13, "LL102"), (4, 13, "LL102"), (5, 16, "LL102"), (6, 13, "LL102"), (7, 13, "LL102"),
        (11, 22, "LL102"),
    ]


@ALL_LIBS
def test_ll102_not_reported(lib: str) -> None:
    src = code(lib, """\
    logger.info(message)
    logger.info("x")
    logger.info(f"{value}")
    logger.info("" + value)
    logger.info(b"")
    """)
    assert positions(src, "LL102") == []


def test_ll102_fstring_escapes() -> None:
    src = STDLIB + 'logger.info(f"\\t")\nlogger.info(rf"\\t")\nlogger.info(f"{{}}")\n'
    assert positions(src, "LL102,LL101") == [(3, 13, "LL102"), (4, 13, "LL101"), (5, 13, "LL101")]


def test_ll102_no_message_at_all() -> None:
    assert positions(STRUCTLOG + "logger.info()\nlogger.info(user=user)\n", "LL102") == []


# -- LL103 message-level-mismatch -----------------------------------------------------------


def test_ll103_is_off_by_default() -> None:
    src = STDLIB + 'logger.info("Failed to connect")\n'
    assert positions(src, config={"select": None}) == []
    assert positions(src, config={"select": None, "extend_select": ("LL103",)}) == [(3, 13, "LL103")]


@ALL_LIBS
def test_ll103_failure_at_low_levels(lib: str) -> None:
    src = code(lib, """\
    logger.info("Failed to connect to the database")
    logger.debug("Could not open the cache file")
    logger.info("Unable to parse the config")
    logger.info("Cannot reach the server")
    logger.info("Connection error")
    logger.info(f"Request {request_id} failed")
    logger.info("Worker crashed")
    logger.debug("fatal: bad object")
    logger.info("Couldn't read the file")
    logger.info("Got an exception while reading: %s" % error)
    logger.info("{} errors".format(count))
    logger.info("connection_failed")
    """)
    assert positions(src, "LL103") == [
        (3, 13, "LL103"), (4, 14, "LL103"), (5, 13, "LL103"), (6, 13, "LL103"), (7, 13, "LL103"),
        (8, 13, "LL103"), (9, 13, "LL103"), (10, 14, "LL103"), (11, 13, "LL103"), (12, 13, "LL103"),
        (13, 13, "LL103"), (14, 13, "LL103"),
    ]


def test_ll103_log_method_level() -> None:
    src = STDLIB + 'logger.log(logging.INFO, "Failed to connect")\nlogger.log(logging.ERROR, "Failed to connect")\n'
    assert positions(src, "LL103") == [(3, 26, "LL103")]


@ALL_LIBS
def test_ll103_not_reported(lib: str) -> None:
    src = code(lib, """\
    logger.info("Finished with no errors")
    logger.info("Completed without error")
    logger.info("Ran 10 tests, 0 failures")
    logger.info("The output is error-free")
    logger.info("Error rate is %.2f", rate)
    logger.debug("error count: %d", count)
    logger.info("No more errors")
    logger.info("errors: 0")
    logger.warning("Failed to connect")
    logger.error("Failed to connect")
    logger.info(message)
    logger.info("Connected to the database")
    logger.info("Reading errorlog.txt")
    logger.info("Telegram webhook last_error_date: %s", date)
    logger.debug("calling on_error for %s", name)
    logger.debug("Try both options (should raise error)")
    logger.debug("Got the expected exception: %s", exc)
    """)
    assert positions(src, "LL103") == []


@ALL_LIBS
def test_ll103_failure_said_to_be_handled(lib: str) -> None:
    src = code(lib, """\
    logger.info("Failed to fetch %s, retrying", url)
    logger.debug("Could not parse line %d, skipping", number)
    logger.info("Error reading the config, falling back to the defaults")
    logger.debug("unable to import the plugin; ignored")
    logger.info("cannot reach the mirror, trying the next one")
    logger.info("Failed to connect to %s", host)
    """)
    assert positions(src, "LL103") == [(8, 13, "LL103")]


@ALL_LIBS
def test_ll103_handler_that_re_raises(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except Exception:
        logger.info("failed to run the job")
        raise
    try:
        run()
    except Exception:
        logger.info("failed to run the job")
    """)
    assert positions(src, "LL103") == [(11, 17, "LL103")]
