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


def test_ll101_states_and_steps_are_specific() -> None:
    # "key=value" names a state, "Reconnecting..." or "Decompressing" a step of the
    # component the logger is named for. A stock phrase with an ellipsis or as a step
    # ("Starting", "Running"), or a lone word that is no step, is still vague.
    src = STDLIB + textwrap.dedent("""\
    logger.debug("Type=VOD")
    logger.debug("retries=3 backoff=2.0")
    logger.info("Reconnecting...")
    logger.info("Stopping…")
    logger.info("Decompressing")
    logger.info("Starting...")
    logger.info("Connection")
    logger.info("=3")
    logger.info("Running")
    """)
    assert [line for line, _, _ in positions(src, "LL101")] == [8, 9, 10, 11]


def test_ll101_a_closing_line_continues_the_step_announced_before_its_block() -> None:
    # "Loading %s" before the try, "Success!" its first line: the step is named. After
    # a warning, or with the announcement in another function, "Success!" says nothing.
    src = STDLIB + textwrap.dedent("""\
    def load(name):
        logger.info("Loading %s", name)
        try:
            strategy = build(name)
            logger.info("Success!")
        except TypeError:
            return None
        if strategy:
            logger.info("done")

    def other(name):
        logger.warning("Cache for %s is stale", name)
        if name:
            logger.info("done")

    def third():
        logger.info("Success!")
    """)
    assert [line for line, _, _ in positions(src, "LL101")] == [16, 19]


def test_ll101_a_traceback_record_beside_the_line_that_says_what_failed() -> None:
    # "Exception" with the traceback, and the handler's next line names the failure (or
    # the line before the try announced the step): the pair says it. Beside only the
    # error's text or a one-word prefix, or without a traceback, it is vague.
    src = STDLIB + textwrap.dedent("""\
    def load(items, host):
        for item in items:
            try:
                process(item)
            except Exception as error:
                logger.debug("Exception", exc_info=True)
                logger.error("Skipping item %s, cannot process it: %s", item, error)
            try:
                process(item)
            except Exception as error:
                logger.debug("Exception", exc_info=True)
                logger.error(str(error))
            try:
                process(item)
            except Exception as error:
                logger.exception("Unexpected error")
                logger.error("SOCKS: %s", error)
            try:
                process(item)
            except Exception as error:
                logger.error("Exception")
                logger.error("cannot process item %s", item)
        logger.debug("Sending keep-alive to %s", host)
        try:
            ping(host)
        except Exception:
            logger.debug("Exception", exc_info=True)
    """)
    assert [line for line, _, _ in positions(src, "LL101")] == [13, 18, 23]


def test_ll101_chinese_and_japanese_sentences_have_words() -> None:
    # Written without spaces, a sentence is not one word; two characters ("错误", error)
    # still are.
    src = STDLIB + textwrap.dedent("""\
    logger.info("抓取内容任务被中断。")
    logger.info("ファイルを読み込みました")
    logger.error("错误")
    """)
    assert [line for line, _, _ in positions(src, "LL101")] == [5]


def test_ll101_lines_that_continue_the_output_logged_before_them() -> None:
    # "done" closes the step the line before announced; an indented word is an item under
    # the line before. Alone in their block, they are vague.
    src = STDLIB + textwrap.dedent("""\
    def load():
        logger.info("Loading the language model...")
        model = build()
        logger.info("done")
        logger.debug("Combiner layers:")
        logger.debug("  Dense")
        logger.debug("\tDropout")

    def other():
        logger.info("done")
        logger.debug("  Dense")
    """)
    assert [line for line, _, _ in positions(src, "LL101")] == [12, 13]


@ALL_LIBS
def test_ll101_silent_on_empty_messages(lib: str) -> None:
    src = code(lib, 'logger.info("")\nlogger.info("  ")\n')
    assert positions(src, "LL101") == []


def test_ll101_option_min_words() -> None:
    # (a warning: "done" at info after "Connected" would close the step that line announced)
    src = STDLIB + 'logger.info("Connection lost")\nlogger.info("Connected")\nlogger.warning("done")\n'
    assert positions_with(src, "LL101", {"vague-message": {"min-words": 3}}) == [
        (3, 13, "LL101"), (4, 13, "LL101"), (5, 16, "LL101"),
    ]
    assert positions_with(src, "LL101", {"vague-message": {"min-words": 1}}) == [(5, 16, "LL101")]


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


@ALL_LIBS
def test_ll101_headers_of_the_lines_logged_after_them(lib: str) -> None:
    src = code(lib, """\
    def report(results, accuracy, epoch):
        logger.info("Results:")
        for name, value in results.items():
            logger.info("%s = %s", name, value)
        logger.info("\\\\nSummary:")
        logger.info("accuracy %.2f", accuracy)
        logger.info("--- Training ---")
        logger.info("epoch %d", epoch)
        logger.info("==========")
    """)
    assert positions(src, "LL101") == []


@ALL_LIBS
def test_ll101_headers_that_are_vague(lib: str) -> None:
    # Nothing is logged after the header in its block; a header that names a failure.
    src = code(lib, """\
    def report(results):
        logger.info("Results:")
        return results
    def fail(error):
        logger.error("Error:")
        logger.error("details %s", error)
    """)
    assert positions(src, "LL101") == [(4, 17, "LL101"), (7, 18, "LL101")]


@ALL_LIBS
def test_ll101_ci_log_markers(lib: str) -> None:
    src = code(lib, """\
    logger.info("::group::Install")
    logger.info("::endgroup::")
    logger.info("##[group]Build")
    """)
    assert positions(src, "LL101") == []


@ALL_LIBS
def test_ll101_identifiers_and_tags_as_event_names(lib: str) -> None:
    src = code(lib, """\
    logger.info("UserLoggedIn")
    logger.info("cacheMiss")
    logger.info("[STARTUP]")
    logger.info("<cache-miss>")
    logger.error("somethingWentWrong")
    logger.error("error_occurred")
    logger.error("[ERROR]")
    """)
    assert positions(src, "LL101") == [(7, 14, "LL101"), (8, 14, "LL101"), (9, 14, "LL101")]


@pytest.mark.parametrize("lib", ["stdlib", "structlog"])
def test_ll101_exception_passed_as_context(lib: str) -> None:
    src = code(lib, """\
    def hook(exc_type, exc, tb):
        logger.critical("Unhandled exception", exc_info=(exc_type, exc, tb))
    try:
        run()
    except Exception as exc:
        logger.error("Unexpected error", exc_info=exc)
        logger.error("Unexpected error", exc_info=True)
    """)
    assert positions(src, "LL101") == [(9, 18, "LL101")]


def test_ll101_loguru_exception_passed_as_context() -> None:
    src = LOGURU + textwrap.dedent("""\
    def hook(exc_type, exc, tb):
        logger.opt(exception=(exc_type, exc, tb)).critical("Unhandled exception")
        logger.opt(exception=True).critical("Unhandled exception")
    """)
    assert positions(src, "LL101") == [(5, 41, "LL101")]


@ALL_LIBS
def test_ll101_main_block_demo_code(lib: str) -> None:
    body = 'logger.info("start")\nlogger.info("done")\n'
    demo = code(lib, 'if __name__ == "__main__":\n' + textwrap.indent(body, "    "))
    assert positions(demo, "LL101") == []
    assert positions(code(lib, body), "LL101") == [(3, 13, "LL101"), (4, 13, "LL101")]


@ALL_LIBS
def test_ll101_test_files_log_level_names_and_placeholders(lib: str) -> None:
    src = code(lib, """\
    def test_handler_levels():
        logger.warning("warning")
        logger.info("test message")
        logger.error("something went wrong")
    """)
    assert positions(src, "LL101", path="tests/test_handlers.py") == [(6, 18, "LL101")]
    assert positions(src, "LL101", path="pkg/conftest.py") == [(6, 18, "LL101")]
    assert positions(src, "LL101", path="pkg/handlers.py") == [(4, 20, "LL101"), (5, 17, "LL101"), (6, 18, "LL101")]


@ALL_LIBS
def test_ll102_traceback_dumped_at_debug_level(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except Exception:
        logger.debug("", exc_info=True)
        logger.opt(exception=True).debug("")
        logger.error("", exc_info=True)
    """)
    # (opt() is loguru's; to loguru exc_info is a format argument, no traceback)
    expected = [(6, 18, "LL102"), (8, 18, "LL102")] if lib == "loguru" else [(8, 18, "LL102")]
    assert positions(src, "LL102") == expected
