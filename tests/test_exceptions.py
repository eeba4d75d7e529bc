"""LL201-LL206: exceptions and levels, on stdlib, loguru and structlog code."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict

import pytest
from helpers import fixed, lint, positions, structlog_events

STDLIB = "import logging\nlogger = logging.getLogger(__name__)\n"
LOGURU = "from loguru import logger\n"
STRUCTLOG = "import structlog\nlogger = structlog.get_logger()\n"
HEADERS = {"stdlib": STDLIB, "loguru": LOGURU, "structlog": STRUCTLOG}
ALL_LIBS = pytest.mark.parametrize("lib", ["stdlib", "loguru", "structlog"])
NOT_LOGURU = pytest.mark.parametrize("lib", ["stdlib", "structlog"])


def code(lib: str, body: str) -> str:
    """A snippet: the library's logger set up on lines 1-2 (loguru: line 1), then ``body``."""
    header = HEADERS[lib]
    if lib == "loguru":
        header += "\n"  # keep line numbers the same for every library
    return header + textwrap.dedent(body)


def check_fix(source: str, select: str, expected: str, *, unsafe: bool = False, **kwargs: Any) -> None:
    after = fixed(source, select, unsafe=unsafe, **kwargs)
    assert after == expected
    assert fixed(after, select, unsafe=unsafe, **kwargs) == after  # idempotent


# LL201 with `narrow-handlers = true`: also in handlers of specific exceptions, as before
# the option existed (these tests catch OSError, ValueError...).
NARROW: Dict[str, Any] = {"config": {"rule_options": {"error-without-traceback": {"narrow-handlers": True}}}}


# -- LL201 error-without-traceback -------------------------------------------------------


@ALL_LIBS
def test_ll201_error_and_critical_in_handler(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except ValueError as exc:
        logger.error("could not run the job: %s", exc)
    try:
        run()
    except OSError:
        logger.critical("disk is gone")
    """)
    assert positions(src, "LL201", **NARROW) == [(6, 12, "LL201"), (10, 12, "LL201")]


NARROW_HANDLERS = """\
import json
try:
    config = json.loads(text)
except ValueError:
    logger.error("config is not valid JSON")
except (KeyError, OSError) as exc:
    logger.error("config is incomplete: %s", exc)
except json.JSONDecodeError:
    logger.critical("config is not valid JSON")
try:
    import yaml
except ImportError:
    logger.error("PyYAML is not installed; YAML configs are skipped")
"""


@ALL_LIBS
def test_ll201_narrow_handlers_not_reported_by_default(lib: str) -> None:
    # An expected, specific failure, logged with a complete message on purpose.
    assert positions(code(lib, NARROW_HANDLERS), "LL201") == []


@ALL_LIBS
def test_ll201_narrow_handlers_with_the_option(lib: str) -> None:
    assert positions(code(lib, NARROW_HANDLERS), "LL201", **NARROW) == [
        (7, 12, "LL201"), (9, 12, "LL201"), (11, 12, "LL201"), (15, 12, "LL201"),
    ]


def test_ll201_narrow_handlers_option_in_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(code("stdlib", NARROW_HANDLERS))
    command = [str(Path(sys.executable).parent / "loglint"), "--no-cache", "--select", "LL201", "app.py"]
    quiet = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert (quiet.returncode, quiet.stdout) == (0, "All checks passed!\n")
    (tmp_path / "pyproject.toml").write_text("[tool.loglint.error-without-traceback]\nnarrow-handlers = true\n")
    loud = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert loud.returncode == 1
    assert [line.split(": ")[0] for line in loud.stdout.splitlines() if "LL201" in line] == [
        "app.py:7:12", "app.py:9:12", "app.py:11:12", "app.py:15:12",
    ]


@ALL_LIBS
def test_ll201_broad_handlers(lib: str) -> None:
    src = code(lib, """\
    import builtins
    for job in jobs:
        try:
            job()
        except:
            logger.error("job failed")
        try:
            job()
        except Exception:
            logger.error("job failed")
        try:
            job()
        except BaseException:
            logger.critical("job failed")
        try:
            job()
        except (ValueError, builtins.Exception) as exc:
            logger.error("job failed: %s", exc)
    """)
    assert positions(src, "LL201") == [(8, 16, "LL201"), (12, 16, "LL201"), (16, 16, "LL201"), (20, 16, "LL201")]


@ALL_LIBS
def test_ll201_raise_in_another_branch_does_not_exempt(lib: str) -> None:
    src = code(lib, """\
    import sys
    def load(path, strict):
        try:
            return read(path)
        except Exception as exc:
            if strict:
                raise
            else:
                logger.error("could not load %s: %s", path, exc)
        try:
            return read(path)
        except Exception as exc:
            if strict:
                raise
            logger.error("could not load %s: %s", path, exc)
        try:
            return read(path)
        except Exception:
            if strict:
                logger.error("could not load %s", path)
            else:
                sys.exit(1)
        try:
            return read(path)
        except Exception:
            for attempt in range(3):
                raise
            logger.error("could not load %s", path)
    """)
    assert positions(src, "LL201") == [(11, 20, "LL201"), (17, 16, "LL201"), (22, 20, "LL201"), (30, 16, "LL201")]


@ALL_LIBS
def test_ll201_raise_on_the_way_of_the_call_exempts(lib: str) -> None:
    src = code(lib, """\
    import sys
    def load(path, verbose):
        try:
            return read(path)
        except Exception:
            if verbose:
                logger.error("could not load %s", path)
            raise
        try:
            return read(path)
        except Exception:
            for attempt in range(3):
                if attempt:
                    logger.error("could not load %s", path)
                    raise RuntimeError(path)
        try:
            return read(path)
        except Exception:
            logger.error("could not load %s", path)
            with lock:
                sys.exit(1)
        try:
            return read(path)
        except Exception:
            logger.error("could not load %s", path); raise
    """)
    assert positions(src, "LL201") == []


@ALL_LIBS
def test_ll201_handler_reraises(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except ValueError as exc:
        logger.error("could not run the job")
        raise
    try:
        run()
    except ValueError as exc:
        logger.error("could not run the job")
        raise RuntimeError("job") from exc
    try:
        run()
    except ValueError as exc:
        if retry:
            logger.critical("giving up")
            raise exc
    """)
    assert positions(src, "LL201") == []


@ALL_LIBS
def test_ll201_nested_handlers_the_raise_must_be_on_the_way_in_the_calls_own_handler(lib: str) -> None:
    """The page: a raise "in the block that holds the call or in one around it, up to the
    handler's body", the handler being the innermost ``except`` around the call. The outer
    handler's ``raise`` re-raises the outer exception: the inner one's traceback is lost."""
    src = code(lib, """\
    def outer_raise_after_the_inner_handler():
        try:
            run()
        except Exception:
            try:
                cleanup()
            except Exception:
                logger.error("cleanup failed")
            raise
    def inner_handler_reraises():
        try:
            run()
        except Exception:
            try:
                cleanup()
            except Exception:
                logger.error("cleanup failed")
                raise
    def call_in_a_try_body_of_the_handler():
        try:
            run()
        except Exception:
            try:
                logger.error("run failed")
            finally:
                cleanup()
            raise
    def raise_in_the_inner_handler_only():
        try:
            run()
        except Exception:
            try:
                cleanup()
            except Exception:
                raise
            logger.error("run failed")
    """)
    assert positions(src, "LL201") == [(10, 20, "LL201"), (38, 16, "LL201")]


def test_ll201_raise_in_nested_function_is_not_a_reraise() -> None:
    src = STDLIB + textwrap.dedent("""\
    try:
        run()
    except ValueError:
        logger.error("could not run the job")
        def later():
            raise RuntimeError()
    """)
    assert positions(src, "LL201", **NARROW) == [(6, 12, "LL201")]


@ALL_LIBS
def test_ll201_handler_already_logs_the_traceback(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except ValueError:
        logger.exception("could not run the job")
        logger.error("the next job will not run either")
    try:
        run()
    except ValueError:
        logger.critical("the service stops now")
        logger.exception("could not run the job")
    """)
    assert positions(src, "LL201") == []


@NOT_LOGURU
def test_ll201_exc_info_written(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except ValueError:
        logger.error("could not run the job", exc_info=True)
    try:
        run()
    except ValueError:
        logger.error("bad input; a traceback would only confuse", exc_info=False)
    try:
        run()
    except ValueError:
        logger.warning("first try failed", exc_info=True)
        logger.error("could not run the job")
    """)
    assert positions(src, "LL201") == []


def test_ll201_loguru_opt_exception() -> None:
    src = LOGURU + textwrap.dedent("""\
    try:
        run()
    except ValueError:
        logger.opt(exception=True).error("could not run the job")
    try:
        run()
    except ValueError:
        logger.opt(exception=False).error("bad input")
    try:
        run()
    except ValueError:
        logger.opt(exception=True).warning("first try failed")
        logger.critical("could not run the job")
    """)
    assert positions(src, "LL201") == []


def test_ll201_loguru_ignores_exc_info() -> None:
    # loguru takes exc_info as a formatting argument: no traceback is logged
    src = LOGURU + textwrap.dedent("""\
    try:
        run()
    except ValueError:
        logger.error("could not run the job", exc_info=True)
    """)
    assert positions(src, "LL201", **NARROW) == [(5, 12, "LL201")]


def test_ll201_not_in_handler_or_in_nested_function() -> None:
    src = STDLIB + textwrap.dedent("""\
    logger.error("config missing")
    try:
        run()
    except ValueError:
        def report():
            logger.error("could not run the job")
        callback = lambda: logger.error("late")
    try:
        run()
    finally:
        logger.error("finally is not a handler")
    """)
    assert positions(src, "LL201") == []


def test_ll201_other_levels_and_star_kwargs() -> None:
    src = STDLIB + textwrap.dedent("""\
    try:
        run()
    except ValueError:
        logger.warning("could not run the job")
        logger.info("could not run the job")
        logger.error("could not run the job", **options)
    """)
    assert positions(src, "LL201") == []


def test_ll201_nested_handlers_are_separate() -> None:
    src = STDLIB + textwrap.dedent("""\
    try:
        run()
    except ValueError:
        try:
            cleanup()
        except OSError:
            logger.error("cleanup failed")
        logger.exception("could not run the job")
    """)
    assert positions(src, "LL201", **NARROW) == [(9, 16, "LL201")]


@ALL_LIBS
def test_ll201_fix_error_to_exception(lib: str) -> None:
    body = """\
    try:
        run()
    except ValueError:
        logger.error("could not run the job")
    """
    assert fixed(code(lib, body), "LL201", **NARROW) == code(lib, body)  # unsafe only
    check_fix(code(lib, body), "LL201", code(lib, body.replace(".error(", ".exception(")), unsafe=True, **NARROW)


def handlers(*bodies: str) -> str:
    """One ``try``/``except ValueError`` per body (LL201 fixes one call per handler)."""
    return "".join(
        "try:\n    run()\nexcept ValueError:\n" + textwrap.indent(textwrap.dedent(body), "    ") for body in bodies
    )


@NOT_LOGURU
def test_ll201_fix_critical_adds_exc_info(lib: str) -> None:
    src = code(lib, handlers(
        'logger.critical("could not run the job %s", job)\n',
        'logger.critical("no job")\n',
        'logger.critical(\n    "could not run the job %s",\n    job,\n)\n',
    ))
    expected = code(lib, handlers(
        'logger.critical("could not run the job %s", job, exc_info=True)\n',
        'logger.critical("no job", exc_info=True)\n',
        'logger.critical(\n    "could not run the job %s",\n    job,\n    exc_info=True,\n)\n',
    ))
    check_fix(src, "LL201", expected, unsafe=True, **NARROW)


def test_ll201_fix_critical_loguru_opt() -> None:
    src = LOGURU + handlers(
        'logger.critical("could not run the job")\n',
        'logger.bind(job=job).critical("could not run the job")\n',
        'logger.opt(depth=1).critical("could not run the job")\n',
        'logger.opt(depth=1).bind(job=job).critical("could not run the job")\n',
    )
    expected = LOGURU + handlers(
        'logger.opt(exception=True).critical("could not run the job")\n',
        'logger.bind(job=job).opt(exception=True).critical("could not run the job")\n',
        'logger.opt(depth=1, exception=True).critical("could not run the job")\n',
        'logger.opt(depth=1, exception=True).bind(job=job).critical("could not run the job")\n',
    )
    check_fix(src, "LL201", expected, unsafe=True, **NARROW)


@ALL_LIBS
def test_ll201_fixes_only_the_first_call_of_a_handler(lib: str) -> None:
    """One finding per handler: fixing every call would log the traceback once per call,
    and the calls after the first are the lines that follow it."""
    src = code(lib, """\
    try:
        run()
    except Exception:
        logger.error("could not run the job")
        logger.error("giving up")
        logger.critical("still giving up")
    """)
    findings = lint(src, "LL201").findings
    assert [(f.line, f.fix is not None) for f in findings] == [(6, True)]
    after = fixed(src, "LL201", unsafe=True)
    assert after == src.replace('.error("could', '.exception("could')
    assert positions(after, "LL201") == []


@ALL_LIBS
def test_ll201_not_when_the_try_only_logs(lib: str) -> None:
    # Nothing but logging can fail in the first try: there is no failure of the program's
    # to trace. One other statement in the try makes it a handler like any other.
    src = code(lib, """\
    try:
        # nothing to close
        logger.debug("queue closed")
    except Exception as error:
        logger.error("could not log: %s", error)
    try:
        logger.debug("closing")
        queue.close()
    except Exception as error:
        logger.error("could not close: %s", error)
    """)
    assert [line for line, _, _ in positions(src, "LL201")] == [12]


@ALL_LIBS
def test_ll201_not_when_another_clause_of_the_try_records_the_traceback(lib: str) -> None:
    # The author chose per clause: a traceback for the group, a line for the rest. A clause
    # of another try that records one says nothing about this one.
    record = "logger.opt(exception=True).error" if lib == "loguru" else "logger.exception"
    src = code(lib, f"""\
    try:
        run()
    except BaseExceptionGroup:
        {record}("several failures")
    except Exception as error:
        logger.error("could not run: %s", error)
    try:
        run()
    except Exception as error:
        logger.error("could not run again: %s", error)
    """)
    assert [line for line, _, _ in positions(src, "LL201")] == [12]


@ALL_LIBS
def test_ll201_not_for_an_optional_import_or_the_parsing_of_a_value(lib: str) -> None:
    # The only failures are a missing dependency or bad input: narrow handlers in effect.
    # A try that also does other work, or calls more than conversions, is reported.
    src = code(lib, """\
    try:
        import ujson as json
    except Exception:
        logger.error("ujson is not installed")
    try:
        score = float(re.search(r"([0-5])", answer).group(1))
        total += score
    except Exception as error:
        logger.error("cannot parse the score: %s", error)
    try:
        import plugins
        plugins.load()
    except Exception:
        logger.error("cannot load the plugins")
    try:
        score = float(fetch_score(answer))
    except Exception as error:
        logger.error("cannot parse the score: %s", error)
    try:
        config = Config.model_validate(codec.loads(raw))
    except Exception as error:
        logger.error("invalid config: %s", error)
    """)
    assert [line for line, _, _ in positions(src, "LL201")] == [16, 20]


@ALL_LIBS
def test_ll201_not_for_decoding_or_a_date_parse_but_for_file_work(lib: str) -> None:
    # Bad bytes, an unparsable date: the failure is the expected one. Reading or removing
    # a file is real work whose unexpected failures want their traceback: reported.
    src = code(lib, """\
    import dateparser, json, os
    try:
        text = blob.decode("utf-8")
    except Exception:
        logger.error("cannot decode %s", path)
    try:
        when = dateparser.parse(raw)
    except Exception as error:
        logger.error("bad date %s: %s", raw, error)
    try:
        content += chunk.decode("utf-8") if decode else chunk
    except Exception as error:
        logger.error("cannot decode a chunk: %s", error)
    try:
        with open(name) as file:
            pack = json.load(file)
    except Exception:
        logger.error("cannot load %s", name)
    try:
        os.unlink(old)
    except Exception as error:
        logger.error("cannot delete %s: %s", old, error)
    """)
    assert [line for line, _, _ in positions(src, "LL201")] == [20, 24]


@ALL_LIBS
def test_ll201_not_when_a_comment_says_the_exception_stays_out_of_the_log(lib: str) -> None:
    # A traceback would print what the exception holds: a secret, on purpose kept out.
    # A comment that says something else does not exempt.
    src = code(lib, """\
    try:
        provider = make_auth(secret_key)
    except Exception:
        # Do not log the exception: it may contain the signing key
        logger.error("cannot create the auth provider")
    try:
        provider = make_auth(secret_key)
    except Exception:
        # the exception may hold the secret
        logger.error("cannot create the auth provider")
    try:
        provider = make_auth(config)
    except Exception:
        # the provider is optional
        logger.error("cannot create the auth provider")
    try:
        save(config)
    except Exception as error:
        logger.error(error)
        # remove the secrets from the response
        config.pop("password")
    """)
    assert [line for line, _, _ in positions(src, "LL201")] == [17, 21]


@ALL_LIBS
def test_ll201_not_when_the_message_says_the_work_is_tried_again(lib: str) -> None:
    # A traceback per attempt floods the log; the last failure is reported where it gives up.
    src = code(lib, """\
    while True:
        try:
            listen()
        except Exception as error:
            logger.error("lost connection: %s, retrying in 5 seconds", error)
        try:
            listen()
        except Exception as error:
            logger.error("lost connection: %s", error)
    """)
    assert [line for line, _, _ in positions(src, "LL201")] == [11]


def test_ll201_fixes_the_first_call_that_can_be_fixed() -> None:
    src = LOGURU + textwrap.dedent("""\
    log = logger.opt(depth=1)
    try:
        run()
    except Exception:
        log.critical("could not run the job")
        logger.error("giving up")
    """)
    assert [(f.line, f.fix is not None) for f in lint(src, "LL201").findings] == [(7, True)]
    assert fixed(src, "LL201", unsafe=True) == src.replace(".error(", ".exception(")


def test_ll201_no_fix_when_options_come_through_a_variable() -> None:
    src = LOGURU + textwrap.dedent("""\
    log = logger.opt(depth=1)
    try:
        run()
    except ValueError:
        log.critical("could not run the job")
    """)
    result = lint(src, "LL201", **NARROW)
    assert [(f.line, f.column, f.fix) for f in result.findings] == [(6, 9, None)]


def test_ll201_root_functions() -> None:
    src = textwrap.dedent("""\
    import logging
    from logging import error
    try:
        run()
    except ValueError:
        logging.error("could not run the job")
        error("could not run the job")
    """)
    assert positions(src, "LL201", **NARROW) == [(6, 13, "LL201")]
    assert fixed(src, "LL201", unsafe=True, **NARROW) == src.replace("logging.error(", "logging.exception(")


# -- LL202 exception-outside-handler -----------------------------------------------------


@NOT_LOGURU
def test_ll202_exception_and_exc_info_outside_handler(lib: str) -> None:
    src = code(lib, """\
    logger.exception("could not run the job")
    def f():
        logger.error("could not run the job", exc_info=True)
        logger.warning("could not run the job", exc_info=1)
    try:
        run()
    finally:
        logger.exception("finally is not a handler")
    """)
    assert positions(src, "LL202") == [(3, 8, "LL202"), (5, 12, "LL202"), (6, 12, "LL202"), (10, 12, "LL202")]


def test_ll202_loguru() -> None:
    src = LOGURU + textwrap.dedent("""\
    logger.exception("could not run the job")
    logger.opt(exception=True).error("could not run the job")
    logger.opt(exception=exc).error("could not run the job")
    logger.opt(exception=False).error("could not run the job")
    logger.error("loguru takes exc_info as a format argument", exc_info=True)
    """)
    assert positions(src, "LL202") == [(2, 8, "LL202"), (3, 28, "LL202")]


@NOT_LOGURU
def test_ll202_exception_object_or_tuple_given(lib: str) -> None:
    src = code(lib, """\
    logger.exception("task failed", exc_info=task.exception())
    logger.error("task failed", exc_info=exc)
    logger.error("task failed", exc_info=(type(exc), exc, exc.__traceback__))
    logger.error("task failed", exc_info=sys.exc_info())
    logger.error("task failed", exc_info=verbose)
    logger.error("task failed", exc_info=False)
    logger.error("task failed", **options)
    """)
    assert positions(src, "LL202") == []


@ALL_LIBS
def test_ll202_under_sys_exc_info(lib: str) -> None:
    src = code(lib, """\
    import sys
    def report():
        if sys.exc_info()[0] is not None:
            logger.exception("request failed")
        else:
            logger.exception("request failed")
        if sys.exception():
            logger.exception("request failed")
    """)
    assert positions(src, "LL202") == []


@ALL_LIBS
def test_ll202_in_handler_also_in_nested_functions(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except ValueError:
        logger.exception("could not run the job")
        def on_failure():
            logger.exception("could not run the job")
        retry(on_failure)
    """)
    assert positions(src, "LL202") == []


@ALL_LIBS
def test_ll202_exit_methods(lib: str) -> None:
    src = code(lib, """\
    class Transaction:
        def __exit__(self, exc_type, exc, tb):
            if exc_type is not None:
                logger.exception("transaction rolled back")
        async def __aexit__(self, exc_type, exc, tb):
            logger.exception("transaction rolled back")
    """)
    assert positions(src, "LL202") == []


@ALL_LIBS
def test_ll202_not_in_a_hook_of_the_backoff_library(lib: str) -> None:
    # backoff calls on_backoff and on_giveup in its except block: the traceback is there.
    # A function of the same shape that no decorator names is reported.
    record = "logger.opt(exception=True).warning" if lib == "loguru" else "logger.exception"
    src = code(lib, f"""\
    import backoff

    def log_attempt(details):
        {record}("attempt %s failed", details["tries"])

    def log_other(details):
        {record}("attempt %s failed", details["tries"])

    def stop(details):
        {record}("gave up after %s", details["tries"])

    def poll():
        for _ in range(3):
            fetch()

    @backoff.on_exception(backoff.expo, OSError, on_backoff=log_attempt, on_giveup=stop)
    def fetch():
        return download()
    """)
    assert [line for line, _, _ in positions(src, "LL202")] == [9]


def test_ll202_silent_where_ll203_reports() -> None:
    src = STDLIB + textwrap.dedent("""\
    logger.exception("could not run the job", exc_info=True)
    logger.exception("could not run the job", exc_info=False)
    """)
    assert positions(src, "LL202,LL203") == [(3, 8, "LL203"), (4, 8, "LL203")]


@ALL_LIBS
def test_ll202_fix_exception_to_error(lib: str) -> None:
    src = code(lib, 'logger.exception("could not run the job")\n')
    assert fixed(src, "LL202") == src  # unsafe only
    check_fix(src, "LL202", code(lib, 'logger.error("could not run the job")\n'), unsafe=True)


def test_ll202_no_fix_for_exc_info() -> None:
    src = STDLIB + 'logger.error("could not run the job", exc_info=True)\n'
    assert fixed(src, "LL202", unsafe=True) == src


def test_ll202_structlog_async() -> None:
    src = STRUCTLOG + "async def f():\n    await logger.aexception('could not run the job')\n"
    assert positions(src, "LL202") == [(4, 18, "LL202")]
    check_fix(src, "LL202", src.replace("aexception", "aerror"), unsafe=True)


# -- LL203 redundant-exc-info -------------------------------------------------------------


@NOT_LOGURU
def test_ll203_cases(lib: str) -> None:
    src = code(lib, """\
    logger.exception("could not run the job", exc_info=True)
    logger.exception("could not run the job", exc_info=False)
    try:
        run()
    except ValueError:
        logger.error("could not run the job", exc_info=True)
    logger.error("could not run the job", exc_info=True)
    try:
        run()
    except ValueError:
        logger.exception("could not run the job")
        logger.warning("could not run the job", exc_info=True)
        logger.critical("could not run the job", exc_info=True)
        logger.error("could not run the job", exc_info=exc)
    """)
    assert positions(src, "LL203") == [(3, 8, "LL203"), (4, 8, "LL203"), (8, 12, "LL203")]


def test_ll203_not_for_loguru() -> None:
    src = LOGURU + textwrap.dedent("""\
    try:
        run()
    except ValueError:
        logger.exception("could not run the job", exc_info=True)
        logger.error("could not run the job", exc_info=True)
    """)
    assert positions(src, "LL203") == []


@NOT_LOGURU
def test_ll203_fixes(lib: str) -> None:
    src = code(lib, """\
    logger.exception("could not run the job", exc_info=True)
    logger.exception("could not run the job %s", job, exc_info=False)
    try:
        run()
    except ValueError:
        logger.error("could not run the job", exc_info=True)
        logger.error(
            "could not run the job %s",
            job,
            exc_info=True,
        )
        logger.error(
            "could not run the job",
            exc_info=True
        )
        logger.error(exc_info=True, msg="could not run the job")
    """)
    expected = code(lib, """\
    logger.exception("could not run the job")
    logger.error("could not run the job %s", job)
    try:
        run()
    except ValueError:
        logger.exception("could not run the job")
        logger.exception(
            "could not run the job %s",
            job,
        )
        logger.exception(
            "could not run the job"
        )
        logger.exception(msg="could not run the job")
    """)
    check_fix(src, "LL203", expected)


# -- LL204 exception-in-message -----------------------------------------------------------


@ALL_LIBS
def test_ll204_exception_in_message_or_arguments(lib: str) -> None:
    placeholder = "{}" if lib == "loguru" else "%s"
    src = code(lib, f"""\
    try:
        run()
    except ValueError as exc:
        logger.exception(exc)
        logger.exception("could not run the job: {placeholder}", exc)
        logger.exception("could not run the job: {placeholder}", str(exc))
        logger.exception("could not run the job: {placeholder}", repr(exc))
        logger.exception(f"could not run the job: {{exc}}")
        logger.exception(f"could not run the job: {{exc!r}}")
        logger.exception(str(exc))
        logger.exception("could not run the job: " + str(exc))
    """)
    assert positions(src, "LL204") == [
        (6, 22, "LL204"), (7, 51, "LL204"), (8, 51, "LL204"), (9, 51, "LL204"),
        (10, 48, "LL204"), (11, 48, "LL204"), (12, 22, "LL204"), (13, 50, "LL204"),
    ]


@NOT_LOGURU
def test_ll204_exc_info(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except ValueError as exc:
        logger.error("could not run the job: %s", exc, exc_info=True)
        logger.warning("could not run the job: %s" % exc, exc_info=exc)
        logger.error("could not run the job: {}".format(exc), exc_info=True)
    """)
    assert positions(src, "LL204") == [(6, 47, "LL204"), (7, 50, "LL204"), (8, 53, "LL204")]


def test_ll204_not_for_control_flow_exceptions() -> None:
    # KeyboardInterrupt's text is empty: logging it beside its traceback says nothing twice.
    # The same call in a handler of a failure is still reported.
    src = code("stdlib", """\
    try:
        run()
    except KeyboardInterrupt as exc:
        logger.debug(exc, exc_info=True)
    except (asyncio.CancelledError, StopIteration) as exc:
        logger.debug(exc, exc_info=True)
    except (KeyboardInterrupt, OSError) as exc:
        logger.debug(exc, exc_info=True)
    """)
    assert positions(src, "LL204") == [(10, 18, "LL204")]


def test_ll204_loguru_opt() -> None:
    src = LOGURU + textwrap.dedent("""\
    try:
        run()
    except ValueError as exc:
        logger.opt(exception=True).error("could not run the job: {}", exc)
        logger.opt(exception=exc).error(f"could not run the job: {exc}")
    """)
    assert positions(src, "LL204") == [(5, 67, "LL204"), (6, 63, "LL204")]


@ALL_LIBS
def test_ll204_not_the_handlers_exception(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except ValueError as exc:
        logger.exception("could not run the job: %s", error)
        logger.exception("could not run the job: %s", exc.args[0])
        logger.exception("could not run the job: %s", type(exc).__name__)
        logger.exception(f"could not run the job: {job}")
        logger.error("could not run the job: %s", exc)
        logger.error("could not run the job: %s", exc, exc_info=False)
        try:
            cleanup()
        except OSError as inner:
            logger.exception("cleanup after %s failed", exc)
    try:
        run()
    except ValueError:
        logger.exception("could not run the job: %s", exc)
    def f(exc):
        logger.exception("could not run the job: %s", exc)
    """)
    assert positions(src, "LL204") == []


def test_ll204_exc_info_of_another_exception() -> None:
    src = STDLIB + textwrap.dedent("""\
    try:
        run()
    except ValueError as exc:
        logger.error("job failed after %s", exc, exc_info=other)
    """)
    assert positions(src, "LL204") == []


# -- LL205 swallowed-exception ------------------------------------------------------------


@ALL_LIBS
def test_ll205_broad_handlers(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except Exception:
        logger.info("could not run the job, skipping")
    try:
        run()
    except BaseException as exc:
        logger.debug("could not run the job")
        logger.warning("skipping it")
    try:
        run()
    except:
        logger.warning("could not run the job")
    try:
        run()
    except (KeyError, Exception):
        logger.warning("could not run the job")
    """)
    assert positions(src, "LL205") == [(6, 12, "LL205"), (10, 12, "LL205"), (15, 12, "LL205"), (19, 12, "LL205")]


@ALL_LIBS
def test_ll205_not_reported(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except Exception as exc:
        logger.warning("could not run the job: %s", exc)
    try:
        run()
    except Exception as exc:
        logger.warning(f"could not run the job: {exc}")
    try:
        run()
    except Exception:
        logger.warning("could not run the job")
        logger.error("giving up")
    try:
        run()
    except Exception:
        logger.info("could not run the job")
        raise
    try:
        run()
    except ValueError:
        logger.info("could not run the job")
    try:
        run()
    except Exception:
        pass
    try:
        run()
    except Exception:
        logger.warning("could not run the job")
        logger.exception("could not run the job")
    try:
        run()
    except Exception:
        logger.warning("could not run the job: %s", traceback.format_exc())
    try:
        run()
    except Exception as exc:
        failures.append(exc)
        logger.info("could not run the job")
    """)
    assert positions(src, "LL205") == []


@ALL_LIBS
def test_ll205_reason_in_a_comment(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except Exception:  # noqa: BLE001 - the job is optional, its failure must not stop the run
        logger.warning("could not run the job")
    try:
        run()
    except Exception:
        # Best effort: the cache is rebuilt on the next start.
        logger.debug("could not save the cache")
    try:
        run()
    except Exception:
        logger.info("could not run the job")  # the caller retries later
    """)
    assert positions(src, "LL205") == []


@ALL_LIBS
def test_ll205_directives_and_commented_out_code_are_no_reason(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except Exception:  # noqa: BLE001
        logger.warning("could not run the job")
    try:
        run()
    except Exception:  # pylint: disable=broad-except
        logger.warning("could not run the job")
    try:
        run()
    except Exception:
        # logger.exception("could not run the job")
        logger.warning("could not run the job")
    try:
        run()
    except Exception:
        logger.warning("could not run the job")  # type: ignore[attr-defined]
    try:
        run()
    # TODO: catch what run() raises, not everything
    except Exception:
        logger.warning("could not run the job")
    """)
    assert positions(src, "LL205") == [
        (6, 12, "LL205"), (10, 12, "LL205"), (15, 12, "LL205"), (19, 12, "LL205"), (24, 12, "LL205"),
    ]


@ALL_LIBS
def test_ll205_message_names_the_fallback(lib: str) -> None:
    src = code(lib, """\
    try:
        import ujson as json
    except Exception:
        logger.debug("ujson is not usable, falling back to json")
    try:
        probe_gpu()
    except Exception:
        logger.info("could not detect the GPU, using defaults")
    try:
        settings = read(path)
    except Exception:
        logger.warning("could not read the settings; the built-in ones are used instead")
    try:
        close(session)
    except Exception:
        logger.debug("could not close the session; that's OK, continuing")
    try:
        close(session)
    except Exception:
        logger.debug("could not close the session")
    """)
    assert [line for line, _, _ in positions(src, "LL205")] == [22]


@NOT_LOGURU
def test_ll205_exc_info(lib: str) -> None:
    src = code(lib, """\
    try:
        run()
    except Exception:
        logger.warning("could not run the job", exc_info=True)
    try:
        run()
    except Exception:
        logger.warning("could not run the job", exc_info=False)
    """)
    assert positions(src, "LL205") == []


def test_ll205_loguru_opt() -> None:
    src = LOGURU + textwrap.dedent("""\
    try:
        run()
    except Exception:
        logger.opt(exception=True).warning("could not run the job")
    """)
    assert positions(src, "LL205") == []


def test_ll205_traceback_module_and_qualified_exception() -> None:
    src = STDLIB + textwrap.dedent("""\
    import builtins
    import traceback
    try:
        run()
    except builtins.Exception:
        logger.info("could not run the job")
    try:
        run()
    except Exception:
        traceback.print_exc()
        logger.info("could not run the job")
    """)
    assert positions(src, "LL205") == [(8, 12, "LL205")]


# -- LL206 deprecated-warn ----------------------------------------------------------------


@NOT_LOGURU
def test_ll206_warn(lib: str) -> None:
    src = code(lib, 'logger.warn("disk almost full")\n')
    assert positions(src, "LL206") == [(3, 8, "LL206")]
    check_fix(src, "LL206", code(lib, 'logger.warning("disk almost full")\n'))


def test_ll206_loguru_and_warnings() -> None:
    src = textwrap.dedent("""\
    import warnings
    from loguru import logger
    warnings.warn("deprecated")
    logger.warning("disk almost full")
    """)
    assert positions(src, "LL206") == []


def test_ll206_level_constant_and_root_functions() -> None:
    src = textwrap.dedent("""\
    import logging
    import logging as lg
    logging.warn("disk almost full")
    logging.getLogger().setLevel(logging.WARN)
    lg.log(lg.WARN, "disk almost full")
    other.WARN
    """)
    assert positions(src, "LL206") == [(3, 9, "LL206"), (4, 38, "LL206"), (5, 11, "LL206")]
    check_fix(src, "LL206", textwrap.dedent("""\
    import logging
    import logging as lg
    logging.warning("disk almost full")
    logging.getLogger().setLevel(logging.WARNING)
    lg.log(lg.WARNING, "disk almost full")
    other.WARN
    """))


def test_ll206_imported_constant() -> None:
    src = textwrap.dedent("""\
    import logging
    from logging import DEBUG, WARN
    logging.basicConfig(level=WARN)
    levels = {DEBUG: "debug", WARN: "warn"}
    other.WARN
    """)
    assert positions(src, "LL206") == [(2, 28, "LL206")]
    check_fix(src, "LL206", textwrap.dedent("""\
    import logging
    from logging import DEBUG, WARNING
    logging.basicConfig(level=WARNING)
    levels = {DEBUG: "debug", WARNING: "warn"}
    other.WARN
    """))


def test_ll206_imported_constant_with_alias() -> None:
    src = "from logging import WARN as W\nlevel = W\n"
    check_fix(src, "LL206", "from logging import WARNING as W\nlevel = W\n")


def test_ll206_twisted_logger() -> None:
    src = "from twisted.logger import Logger\nlog = Logger()\nlog.warn('slow')\n"
    assert positions(src, "LL206") == []


def test_ll206_bare_warn_function_has_no_fix() -> None:
    src = "from logging import warn\nwarn('disk almost full')\n"
    result = lint(src, "LL206")
    assert [(f.line, f.column, f.fix) for f in result.findings] == [(2, 1, None)]


@ALL_LIBS
def test_ll201_traceback_formatted_by_hand(lib: str) -> None:
    src = code(lib, """\
    import traceback
    try:
        run()
    except ValueError as exc:
        logger.error(f"could not run the job: {exc}\\n{traceback.format_exc()}")
    try:
        run()
    except ValueError:
        traceback.print_exc()
        logger.error("could not run the job")
    try:
        run()
    except ValueError:
        logger.error(f"could not run the job, stack: {format_trackback_info()}")
    """)
    assert positions(src, "LL201") == []


@ALL_LIBS
def test_ll201_handler_ends_the_program(lib: str) -> None:
    src = code(lib, """\
    import os
    import sys
    try:
        config = load()
    except FileNotFoundError:
        logger.error("no config file; run `init` first")
        sys.exit(1)
    try:
        config = load()
    except FileNotFoundError:
        logger.critical("no config file")
        os._exit(2)
    try:
        config = load()
    except FileNotFoundError:
        logger.error("no config file")
        exit(1)
    """)
    assert positions(src, "LL201") == []


def test_ll201_exit_in_nested_function_does_not_count() -> None:
    src = STDLIB + textwrap.dedent("""\
    import sys
    try:
        config = load()
    except FileNotFoundError:
        logger.error("no config file")
        atexit.register(lambda: sys.exit(1))
    """)
    assert positions(src, "LL201", **NARROW) == [(7, 12, "LL201")]


@ALL_LIBS
def test_ll202_helpers_meant_for_handlers(lib: str) -> None:
    src = code(lib, """\
    def on_timer_error(self, when):
        logger.exception("timer failed at %s", when)
    def environment_failure(self, reason):
        logger.exception("could not create the environment: %s", reason)
    def logException(message):
        logger.exception(message)
    def on_not_recovering(proc, fd, job, exc):
        logger.exception("process inqueue damaged: %r", proc)
    async def report(*, error):
        logger.exception("request failed")
    """)
    assert positions(src, "LL202") == []


@NOT_LOGURU
def test_ll202_ordinary_functions(lib: str) -> None:
    src = code(lib, """\
    def fetch(url):
        response = get(url)
        if response.status_code != 200:
            logger.exception("could not fetch %s", url)
    def check_errors(items):
        pass
    def parse(text, errors="strict"):
        logger.error("could not parse %s", text, exc_info=True)
    """)
    assert positions(src, "LL202") == [(6, 16, "LL202"), (10, 12, "LL202")]


def test_ll205_salt_exc_info_on_loglevel() -> None:
    src = STDLIB + textwrap.dedent("""\
    try:
        run()
    except Exception:
        logger.warning("could not run the job", exc_info_on_loglevel=logging.DEBUG)
    """)
    assert positions(src, "LL205") == []


def test_ll206_distutils_log() -> None:
    src = "from distutils import log\nlog.warn('no compiler found')\nimport distutils.log\ndistutils.log.warn('x')\n"
    assert positions(src, "LL206") == []


def test_ll204_continuation_lines_in_a_function() -> None:
    src = STDLIB + textwrap.dedent("""\
    def f():
        try:
            run()
        except ValueError as exc:
            logger.exception(
                "could not run the job: %s",
                exc,
            )
    """)
    assert positions(src, "LL204") == [(9, 13, "LL204")]


def test_multi_line_fixes_keep_the_block_indentation() -> None:
    src = STDLIB + textwrap.dedent("""\
    class Job:
        def run(self):
            try:
                run()
            except ValueError:
                logger.critical(
                    "could not run the job %s",  # the job id
                    self.id,
                )
            try:
                run()
            except ValueError:
                logger.error(
                    "could not run the job %s",
                    self.id,
                    exc_info=True,
                )
    """)
    expected = STDLIB + textwrap.dedent("""\
    class Job:
        def run(self):
            try:
                run()
            except ValueError:
                logger.critical(
                    "could not run the job %s",  # the job id
                    self.id,
                    exc_info=True,
                )
            try:
                run()
            except ValueError:
                logger.exception(
                    "could not run the job %s",
                    self.id,
                )
    """)
    check_fix(src, "LL201,LL203", expected, unsafe=True, **NARROW)


@ALL_LIBS
def test_ll201_control_flow_exceptions(lib: str) -> None:
    src = code(lib, """\
    import asyncio
    try:
        run()
    except KeyboardInterrupt:
        logger.error("interrupted, saving the project")
    try:
        playlist = next(p for p in playlists if p.title == name)
    except StopIteration:
        logger.error("no playlist named %s", name)
    try:
        await task
    except (asyncio.CancelledError, SystemExit):
        logger.critical("stopped before the sync finished")
    try:
        run()
    except (KeyboardInterrupt, ValueError):
        logger.error("could not run the job")
    """)
    assert positions(src, "LL201", **NARROW) == [(19, 12, "LL201")]


# -- LL203 on structlog's async methods: the fix changes what is logged -----------------

ASYNC_HANDLER = """\
import asyncio

import structlog

logger = structlog.get_logger()


async def main():
    try:
        1 / 0
    except ZeroDivisionError:
        await logger.aerror("could not divide", exc_info=True)


asyncio.run(main())
"""


@pytest.mark.parametrize("wrapper", ["filtering", "stdlib"])
def test_ll203_fix_on_structlog_async_is_unsafe_because_it_adds_the_traceback(wrapper: str) -> None:
    """``aerror(..., exc_info=True)`` reads ``sys.exc_info()`` in structlog's executor
    thread and logs no traceback (LL607); ``aexception()`` captures it first. Run both."""
    [finding] = [f for f in lint(ASYNC_HANDLER, "LL203").findings]
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    assert fixed(ASYNC_HANDLER, "LL203") == ASYNC_HANDLER
    after = fixed(ASYNC_HANDLER, "LL203", unsafe=True)
    assert after == ASYNC_HANDLER.replace('aerror("could not divide", exc_info=True)', 'aexception("could not divide")')
    [before_event] = structlog_events(ASYNC_HANDLER, wrapper)
    [after_event] = structlog_events(after, wrapper)
    assert "exception" not in before_event and before_event["level"] == "error"
    assert "ZeroDivisionError" in after_event["exception"] and after_event["level"] == "error"


def test_ll203_fix_on_structlog_sync_methods_stays_safe() -> None:
    src = STRUCTLOG + "try:\n    run()\nexcept ValueError:\n    logger.error('could not run', exc_info=True)\n"
    [finding] = lint(src, "LL203").findings
    assert finding.fix is not None and finding.fix.applicability == "safe"


@pytest.mark.parametrize("call,fixed_call", [
    ('aexception("could not divide", exc_info=True)', 'aexception("could not divide")'),
    ('aexception("could not divide", exc_info=False)', 'aerror("could not divide")'),
])
def test_ll203_other_fixes_on_structlog_async_stay_safe(call: str, fixed_call: str) -> None:
    source = ASYNC_HANDLER.replace('aerror("could not divide", exc_info=True)', call)
    after = fixed(source, "LL203")
    assert after == source.replace(call, fixed_call)
    for wrapper in ("filtering", "stdlib"):
        assert structlog_events(after, wrapper) == structlog_events(source, wrapper)
