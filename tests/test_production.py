"""LL501-LL505: production logging configuration and stdlib API misuse; production
configuration files (YAML, TOML, JSON)."""

from __future__ import annotations

import dataclasses
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from helpers import fixed, lint, positions

from loglint.config import load_settings
from loglint.engine import Engine
from loglint.registry import rule_infos
from loglint.rules.production import LOG_RECORD_ATTRIBUTES
from loglint.rules.production_files import (
    DEFAULT_PRODUCTION_PATHS,
    ConfigFileError,
    check_config_file,
    check_config_path,
    in_production_paths,
    production_globs,
)
from loglint.settings import Settings

PROD = "prod/app.py"


def found(source: str, select: str, path: str = PROD) -> List[Tuple[int, int, str]]:
    return positions(source, select, path=path)


def found_with(source: str, select: str, path: str, production: Dict[str, Any]) -> List[Tuple[int, int, str]]:
    settings = load_settings(cwd=Path.cwd(), rules=rule_infos(), isolated=True, overrides={"select": (select,)})
    settings = dataclasses.replace(settings, rule_options={"production": production})
    result = Engine(settings).lint_text(textwrap.dedent(source), path, path)
    assert not result.errors, result.errors
    return [(f.line, f.column, f.code) for f in result.findings]


# -- production scope ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "prod/app.py", "src/prod/app.py", "production/app.py", "a/b/production/c/d.py", "prod.py",
        "app/prod.py", "production.py", "settings_prod.py", "config/settings_production.py",
        "prod_settings.py", "app/production_logging.py", "prod/config.yaml",
    ],
)
def test_default_globs_match(path: str) -> None:
    assert in_production_paths(path, DEFAULT_PRODUCTION_PATHS)


@pytest.mark.parametrize(
    "path",
    [
        "app.py", "product/app.py", "products.py", "reproduction.py", "prodigy.py", "src/production_test/x.txt.py.bak",
        "settings_prod.yaml", "tests/test_prod.txt",
    ],
)
def test_default_globs_do_not_match(path: str) -> None:
    assert not in_production_paths(path, DEFAULT_PRODUCTION_PATHS)


def test_globs_follow_gitignore() -> None:
    assert in_production_paths("deploy/app.py", ["deploy"])  # a folder name at any depth
    assert in_production_paths("x/deploy/app.py", ["deploy"])
    assert not in_production_paths("x/deploy/app.py", ["/deploy"])  # anchored
    assert in_production_paths("deploy/app.py", ["/deploy/"])
    assert not in_production_paths("prod/tests/test_app.py", ["**/prod/**", "!**/tests/**"])
    assert in_production_paths("prod/app.py", ["**/prod/**", "!**/tests/**"])


def test_production_globs_from_settings() -> None:
    assert production_globs(Settings()) == DEFAULT_PRODUCTION_PATHS
    settings = Settings(rule_options={"production": {"paths": ("deploy/**",), "extend-paths": ("live.py",)}})
    assert production_globs(settings) == ("deploy/**", "live.py")
    settings = Settings(rule_options={"production": {"extend-paths": ("live.py",)}})
    assert production_globs(settings) == (*DEFAULT_PRODUCTION_PATHS, "live.py")


LOGURU_ADD = """\
from loguru import logger
logger.add("app.log")
"""


def test_configured_paths_replace_the_defaults() -> None:
    assert found_with(LOGURU_ADD, "LL501", "deploy/app.py", {"paths": ["deploy/**"]}) == [(2, 1, "LL501")]
    assert found_with(LOGURU_ADD, "LL501", "prod/app.py", {"paths": ["deploy/**"]}) == []


def test_extend_paths_add_to_the_defaults() -> None:
    assert found_with(LOGURU_ADD, "LL501", "live/app.py", {"extend-paths": ["live/**"]}) == [(2, 1, "LL501")]
    assert found_with(LOGURU_ADD, "LL501", "prod/app.py", {"extend-paths": ["live/**"]}) == [(2, 1, "LL501")]


def test_production_if_bodies() -> None:
    src = """\
    import os
    from loguru import logger
    ENV = os.environ["ENV"]
    if ENV == "production":
        logger.add("app.log")
    else:
        logger.add("dev.log")
    if ENV in ("prod", "staging"):
        logger.add("app.log")
    if "production" == ENV:
        if debug:
            logger.add("app.log")
    logger.add("other.log")
    """
    assert found(src, "LL501", path="app.py") == [(5, 5, "LL501"), (9, 5, "LL501"), (12, 9, "LL501")]


# -- LL501 missing-serialize -------------------------------------------------------------


def test_loguru_add_without_serialize() -> None:
    src = """\
    import sys
    from loguru import logger
    logger.add(sys.stderr)
    logger.add("app.log", level="INFO", serialize=False)
    logger.add("app.log", serialize=0)
    """
    assert found(src, "LL501") == [(3, 1, "LL501"), (4, 37, "LL501"), (5, 23, "LL501")]


def test_loguru_add_not_reported() -> None:
    src = """\
    import logging
    from loguru import logger
    logger.add("app.log", serialize=True)
    logger.add("app.log", serialize=settings.json_logs)
    logger.add("app.log", **sink_options)
    std = logging.getLogger(__name__)
    std.addHandler(handler)
    seen = set()
    seen.add("x")
    """
    assert found(src, "LL501") == []


def test_loguru_add_outside_production_is_not_reported() -> None:
    assert found(LOGURU_ADD, "LL501", path="app.py") == []
    assert found(LOGURU_ADD, "LL501", path="tests/test_prod_like.py") == []


def test_loguru_logger_through_configuration_and_below_use() -> None:
    src = """\
    def setup():
        _logger.add("app.log")

    from loguru import logger as _logger
    """
    assert found(src, "LL501") == [(2, 5, "LL501")]


def test_fix_adds_serialize() -> None:
    src = """\
    from loguru import logger
    logger.add("app.log")
    logger.add("app.log", serialize=False)
    logger.add(
        "app.log",
        level="INFO",
    )
    logger.add(
        "app.log",
    )
    """
    assert fixed(src, "LL501", unsafe=True, path=PROD) == textwrap.dedent("""\
    from loguru import logger
    logger.add("app.log", serialize=True)
    logger.add("app.log", serialize=True)
    logger.add(
        "app.log",
        level="INFO",
        serialize=True,
    )
    logger.add(
        "app.log",
        serialize=True,
    )
    """)


def test_fix_keeps_the_layout_of_an_indented_call() -> None:
    src = """\
    from loguru import logger
    def setup(sink):
        if sink:
            logger.add(
                sink,
                filter=lambda record: {
                    "a": 1,
                }["a"],
            )
    """
    assert fixed(src, "LL501,LL502", unsafe=True, path=PROD) == textwrap.dedent("""\
    from loguru import logger
    def setup(sink):
        if sink:
            logger.add(
                sink,
                filter=lambda record: {
                    "a": 1,
                }["a"],
                serialize=True,
                diagnose=False,
            )
    """)


def test_fix_is_unsafe() -> None:
    assert fixed(LOGURU_ADD, "LL501", path=PROD) == LOGURU_ADD
    result = lint(LOGURU_ADD, "LL501", path=PROD)
    assert [f.fix.applicability for f in result.findings if f.fix] == ["unsafe"]


def test_structlog_processors_without_json_renderer() -> None:
    src = """\
    import structlog
    from structlog import configure
    structlog.configure(processors=[structlog.processors.TimeStamper(), structlog.dev.ConsoleRenderer()])
    configure(
        processors=[structlog.processors.KeyValueRenderer()],
    )
    """
    assert found(src, "LL501") == [(3, 32, "LL501"), (5, 16, "LL501")]


def test_structlog_processors_not_reported() -> None:
    src = """\
    import structlog
    from structlog.processors import JSONRenderer
    structlog.configure(processors=[structlog.processors.JSONRenderer()])
    structlog.configure(processors=[JSONRenderer(serializer=orjson.dumps)])
    structlog.configure(processors=[*shared, structlog.dev.ConsoleRenderer()])
    structlog.configure(processors=processors)
    structlog.configure(processors=[structlog.stdlib.ProcessorFormatter.wrap_for_formatter])
    structlog.configure(processors=[structlog.stdlib.render_to_log_kwargs])
    structlog.configure(cache_logger_on_first_use=True)
    other.configure(processors=[])
    """
    assert found(src, "LL501") == []


def test_config_classes_with_serialize_false() -> None:
    src = """\
    from dataclasses import dataclass, field
    from pydantic import BaseModel, Field
    class LogSettings(BaseModel):
        level: str = "INFO"
        serialize: bool = False
    @dataclass
    class LogConfig:
        serialize: bool = field(default=False)
    class Sink(BaseModel):
        serialize: bool = Field(False, description="json")
    class Settings:
        LOG_SERIALIZE = False
        LOGURU_SERIALIZE: bool = False
    """
    assert found(src, "LL501") == [(5, 23, "LL501"), (8, 37, "LL501"), (10, 29, "LL501"), (12, 21, "LL501"), (13, 30, "LL501")]


def test_config_classes_not_reported() -> None:
    src = """\
    from pydantic import BaseModel
    class LogSettings(BaseModel):
        serialize: bool = True
        diagnose: bool = False
        serialized: bool = False
        serializer: str = "json"
        json_serialize: bool = env_flag("JSON")
    def f():
        serialize = False
    """
    assert found(src, "LL501") == []
    assert found(src.replace("True", "False"), "LL501", path="app.py") == []


def test_config_class_in_a_file_without_log_in_it() -> None:
    src = """\
    class Settings:
        serialize = False
    """
    assert found(src, "LL501") == [(2, 17, "LL501")]


def test_config_class_fix() -> None:
    src = """\
    class Settings:
        serialize: bool = False
    """
    assert fixed(src, "LL501", unsafe=True, path=PROD) == "class Settings:\n    serialize: bool = True\n"


# -- LL502 diagnose-in-production ------------------------------------------------------------


def test_loguru_add_without_diagnose_false() -> None:
    src = """\
    from loguru import logger
    logger.add("app.log", serialize=True)
    logger.add("app.log", serialize=True, diagnose=True)
    logger.add("app.log", serialize=True, diagnose=False)
    logger.add("app.log", serialize=True, diagnose=settings.debug)
    logger.add("app.log", **options)
    """
    assert found(src, "LL502") == [(2, 1, "LL502"), (3, 39, "LL502")]
    assert found(src, "LL502", path="app.py") == []


def test_fix_adds_diagnose_false() -> None:
    src = """\
    from loguru import logger
    logger.add("app.log")
    logger.add("app.log", diagnose=True)
    """
    assert fixed(src, "LL502", unsafe=True, path=PROD) == textwrap.dedent("""\
    from loguru import logger
    logger.add("app.log", diagnose=False)
    logger.add("app.log", diagnose=False)
    """)


def test_both_fixes_on_one_sink() -> None:
    assert fixed(LOGURU_ADD, "LL501,LL502", unsafe=True, path=PROD) == (
        'from loguru import logger\nlogger.add("app.log", serialize=True, diagnose=False)\n'
    )


def test_config_classes_with_diagnose_true() -> None:
    src = """\
    from pydantic import BaseModel
    class LogSettings(BaseModel):
        diagnose: bool = True
        LOG_DIAGNOSE = True
        backtrace: bool = True
    class Quiet(BaseModel):
        diagnose: bool = False
    """
    assert found(src, "LL502") == [(3, 22, "LL502"), (4, 20, "LL502")]
    assert fixed(src, "LL502", unsafe=True, path=PROD).count("= False") == 3


def test_structlog_exception_dict_transformer() -> None:
    src = """\
    import structlog
    from structlog.tracebacks import ExceptionDictTransformer
    a = ExceptionDictTransformer(show_locals=True)
    b = structlog.tracebacks.ExceptionDictTransformer()
    c = ExceptionDictTransformer(show_locals=False)
    d = ExceptionDictTransformer(show_locals=settings.debug)
    e = MyExceptionDictTransformer()
    """
    assert found(src, "LL502") == [(3, 30, "LL502"), (4, 5, "LL502")]
    assert "ExceptionDictTransformer(show_locals=False)\nb = structlog.tracebacks.ExceptionDictTransformer(show_locals=False)" in fixed(
        src, "LL502", unsafe=True, path=PROD
    )


def test_structlog_dict_tracebacks_and_rich_tracebacks() -> None:
    src = """\
    import structlog
    from structlog.processors import dict_tracebacks, JSONRenderer
    from structlog.dev import RichTracebackFormatter
    structlog.configure(processors=[structlog.processors.dict_tracebacks, JSONRenderer()])
    structlog.configure(processors=[dict_tracebacks])
    a = RichTracebackFormatter()
    b = structlog.dev.RichTracebackFormatter(show_locals=True)
    c = RichTracebackFormatter(show_locals=False)
    d = f(dict_tracebacks=1)
    e = structlog.processors.ExceptionRenderer(structlog.processors.ExceptionDictTransformer(show_locals=False))
    """
    assert found(src, "LL502") == [(4, 33, "LL502"), (5, 33, "LL502"), (6, 5, "LL502"), (7, 42, "LL502")]
    assert found(src, "LL502", path="app.py") == []
    assert fixed(src, "LL502", unsafe=True, path=PROD).splitlines()[3:7] == [
        "structlog.configure(processors=[structlog.processors.ExceptionRenderer("
        "structlog.processors.ExceptionDictTransformer(show_locals=False)), JSONRenderer()])",
        "structlog.configure(processors=[dict_tracebacks])",  # no fix: ExceptionRenderer is not imported
        "a = RichTracebackFormatter(show_locals=False)",
        "b = structlog.dev.RichTracebackFormatter(show_locals=False)",
    ]


def test_structlog_dict_tracebacks_in_a_production_branch() -> None:
    src = """\
    import structlog
    processors = [structlog.processors.dict_tracebacks]
    if ENV == "production":
        processors = [structlog.processors.dict_tracebacks]
    else:
        processors = [structlog.processors.dict_tracebacks]
    """
    assert found(src, "LL502", path="app.py") == [(4, 19, "LL502")]


def test_dict_tracebacks_fix_logs_no_locals() -> None:
    """The fixed processor is structlog's own dict_tracebacks with show_locals=False."""
    import structlog

    src = "import structlog\nprocessor = structlog.processors.dict_tracebacks\n"
    namespace: Dict[str, Any] = {}
    exec(fixed(src, "LL502", unsafe=True, path=PROD), namespace)
    fixed_processor = namespace["processor"]
    secret = "hunter2"
    try:
        raise ValueError(secret[:0])
    except ValueError:
        before = structlog.processors.dict_tracebacks(None, "error", {"exc_info": sys.exc_info()})
        after = fixed_processor(None, "error", {"exc_info": sys.exc_info()})
    assert "hunter2" in repr(before["exception"]) and "hunter2" not in repr(after["exception"])
    assert after["exception"][0]["exc_type"] == "ValueError"


# -- LL503 root-logger-call --------------------------------------------------------------------


def test_root_logger_calls() -> None:
    src = """\
    import logging
    import logging as lg
    from logging import info, exception as log_exception
    logging.info("started")
    logging.exception("failed")
    lg.warning("x")
    info("y")
    log_exception("z")
    logging.log(logging.INFO, "w")
    """
    assert found(src, "LL503", path="app.py") == [
        (4, 1, "LL503"), (5, 1, "LL503"), (6, 1, "LL503"), (7, 1, "LL503"), (8, 1, "LL503"), (9, 1, "LL503"),
    ]


def test_a_parameter_named_like_the_module_is_not_the_root_logger() -> None:
    # `logging` is whatever the caller passes there; outside that function it is the module.
    src = """\
    import logging
    from logging import info

    def hint(msg, logging=None):
        if logging:
            logging.info(msg)

    def show(msg, info=print):
        info(msg)
        handler = lambda logging: logging.warning(msg)

    def report(msg):
        logging.warning(msg)
        info(msg)
    """
    assert found(src, "LL503", path="app.py") == [(13, 5, "LL503"), (14, 5, "LL503")]


def test_a_parameter_named_like_an_imported_logger_keeps_its_annotation() -> None:
    # Only the module and its functions are shadowed: a `logger` parameter annotated as
    # loguru's is loguru's (an f-string there is LL301's).
    src = """\
    from myapp.logs import logger

    def make_hook(logger: "loguru.Logger"):
        def hook(state):
            logger.warning(f"attempt {state.attempt_number} failed")
        return hook
    """
    assert found(src, "LL301", path="app.py") == [(5, 24, "LL301")]


def test_root_logger_message_names_the_call() -> None:
    src = """\
    import logging
    logging.error("x")
    """
    assert [f.message for f in lint(src, "LL503").findings] == [
        "`logging.error()` logs through the root logger; use a module logger: `logger = logging.getLogger(__name__)`"
    ]


def test_root_logger_not_reported() -> None:
    src = """\
    import logging
    import structlog
    from loguru import logger as loguru_logger
    logger = logging.getLogger(__name__)
    logger.info("x")
    logging.getLogger().info("explicit root")
    logging.root.info("explicit root")
    loguru_logger.info("x")
    structlog.get_logger().info("x")
    logging.basicConfig(level=logging.INFO)
    """
    assert found(src, "LL503", path="app.py") == []


SCRIPT = """\
import logging


def helper():
    logging.info("only the script uses me")


def main():
    logging.info("starting %s", "job")
    helper()


def shared():
    logging.info("the library uses me too")


class Job:
    def run(self):
        shared()
        logging.warning("library code")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    logging.info("demo")
    shared()
    main()
"""


def _script_findings(tmp_path: Path, source: str, package: bool) -> List[Tuple[int, int, str]]:
    (tmp_path / "pkg").mkdir()
    if package:
        (tmp_path / "pkg" / "__init__.py").write_text("")
    return positions(source, "LL503", path="pkg/tool.py", root=tmp_path)


def test_root_logger_in_the_main_block_of_a_package_module(tmp_path: Path) -> None:
    # The __main__ block runs as a script; the rest of a package's module is a module.
    assert _script_findings(tmp_path, SCRIPT, package=True) == [
        (5, 5, "LL503"), (9, 5, "LL503"), (14, 5, "LL503"), (20, 9, "LL503"),
    ]


def test_root_logger_in_a_script_outside_any_package(tmp_path: Path) -> None:
    assert _script_findings(tmp_path, SCRIPT, package=False) == []


def test_root_logger_in_a_script_with_a_shebang(tmp_path: Path) -> None:
    assert _script_findings(tmp_path, "#!/usr/bin/env python3\n" + SCRIPT, package=True) == []


def test_root_logger_in_a_module_without_main_block_outside_any_package(tmp_path: Path) -> None:
    # No __main__ block: a module on its own (app.py beside its peers), still a module.
    source = "import logging\n\n\ndef run():\n    logging.info('x')\n"
    assert _script_findings(tmp_path, source, package=False) == [(5, 5, "LL503")]


def test_root_logger_in_a_bin_folder(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "bin").mkdir(parents=True)
    (tmp_path / "pkg" / "bin" / "__init__.py").write_text("")
    assert positions(SCRIPT, "LL503", path="pkg/bin/tool.py", root=tmp_path) == []
    # Without a __main__ block a module of bin/ is still a module.
    assert positions("import logging\nlogging.info('x')\n", "LL503", path="pkg/bin/util.py", root=tmp_path) == [(2, 1, "LL503")]


def test_root_logger_in_a_script_whose_name_is_no_identifier(tmp_path: Path) -> None:
    # gen-docs.py cannot be imported: with its __main__ block it is a script, __init__.py or not.
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    assert positions(SCRIPT, "LL503", path="pkg/gen-docs.py", root=tmp_path) == []
    assert positions("import logging\nlogging.info('x')\n", "LL503", path="pkg/gen-docs.py", root=tmp_path) == [(2, 1, "LL503")]


@pytest.mark.parametrize("path", ["tests/test_jobs.py", "pkg/tests/helpers.py", "pkg/jobs_test.py", "conftest.py", "testing/util.py"])
def test_root_logger_in_test_code(tmp_path: Path, path: str) -> None:
    # A test runner captures each record with its file and line: a module logger adds nothing.
    assert positions("import logging\nlogging.info('x')\n", "LL503", path=path, root=tmp_path) == []


@pytest.mark.parametrize("path", ["pkg/testers.py", "pkg/contest.py", "latest/jobs.py"])
def test_root_logger_in_files_named_like_tests_but_not_tests(tmp_path: Path, path: str) -> None:
    assert positions("import logging\nlogging.info('x')\n", "LL503", path=path, root=tmp_path) == [(2, 1, "LL503")]


def test_root_logger_main_block_that_does_not_log(tmp_path: Path) -> None:
    # Nothing in the block logs, and pruning leaves most of the file out: still a script.
    source = "import logging\n\n\ndef run():\n    logging.info('x')\n\n\nif __name__ == '__main__':\n    run()\n"
    assert _script_findings(tmp_path, source, package=False) == []
    (tmp_path / "pkg" / "__init__.py").write_text("")
    assert positions(source, "LL503", path="pkg/tool.py", root=tmp_path) == [(5, 5, "LL503")]


# -- LL504 logger-name ---------------------------------------------------------------------


def test_logger_named_after_a_file() -> None:
    src = """\
    import logging
    from logging import getLogger
    a = logging.getLogger(__file__)
    b = getLogger(__cached__)
    c = logging.getLogger(name=__file__)
    d = logging.getLogger(__name__)
    e = logging.getLogger("app.db")
    f = logging.getLogger()
    """
    assert found(src, "LL504", path="app.py") == [(3, 23, "LL504"), (4, 15, "LL504"), (5, 28, "LL504")]
    assert fixed(src, "LL504", unsafe=True) == textwrap.dedent(src).replace("__file__", "__name__").replace(
        "__cached__", "__name__"
    )


def test_logger_instantiated_directly() -> None:
    src = """\
    import logging
    from logging import Logger
    a = logging.Logger("app")
    b = Logger("app")
    c = logging.Logger("app", logging.INFO)
    class MyLogger(logging.Logger):
        pass
    """
    assert found(src, "LL504", path="app.py") == [(3, 5, "LL504"), (4, 5, "LL504"), (5, 5, "LL504")]
    after = fixed(src, "LL504", unsafe=True)
    assert 'a = logging.getLogger("app")\nb = Logger("app")\nc = logging.Logger("app", logging.INFO)' in after


def test_logger_name_fixes_are_unsafe() -> None:
    src = """\
    import logging
    a = logging.getLogger(__file__)
    """
    assert fixed(src, "LL504") == textwrap.dedent(src)


def test_logger_name_not_reported_for_other_libraries() -> None:
    src = """\
    import structlog
    from loguru import logger
    a = structlog.get_logger(__file__)
    b = logger.bind(name=__file__)
    c = myapp.getLogger(__file__)
    """
    assert found(src, "LL504", path="app.py") == []


# -- LL505 extra-key-clash -------------------------------------------------------------------


def test_extra_keys_that_clash() -> None:
    src = """\
    import logging
    logger = logging.getLogger(__name__)
    logger.info("x", extra={"name": user, "ok": 1, "message": m})
    logger.info("x", extra=dict(lineno=1, user=2))
    logging.warning("x", extra={"funcName": f})
    logger.info("x", extra=dict({"asctime": t}, taskName=n))
    """
    assert found(src, "LL505", path="app.py") == [
        (3, 25, "LL505"), (3, 48, "LL505"), (4, 29, "LL505"), (5, 29, "LL505"), (6, 30, "LL505"), (6, 45, "LL505"),
    ]


def test_extra_key_message() -> None:
    src = """\
    import logging
    logging.getLogger().info("x", extra={"module": m})
    """
    assert [f.message for f in lint(src, "LL505").findings] == [
        "`extra` key `module` clashes with a `LogRecord` attribute: the call raises `KeyError`"
    ]


@pytest.mark.parametrize("key", sorted(LOG_RECORD_ATTRIBUTES))
def test_every_log_record_attribute(key: str) -> None:
    src = f"""\
    import logging
    logging.getLogger().info("x", extra={{"{key}": 1}})
    """
    assert found(src, "LL505", path="app.py") == [(2, 38, "LL505")]


def test_log_record_attributes_are_what_cpython_refuses() -> None:
    import logging

    record = logging.LogRecord("n", logging.INFO, "p", 1, "m", None, None)
    reserved = set(vars(record)) | {"message", "asctime"}
    assert LOG_RECORD_ATTRIBUTES - {"taskName"} <= reserved
    for key in LOG_RECORD_ATTRIBUTES & reserved:
        with pytest.raises(KeyError):
            logging.getLogger("t").makeRecord("t", logging.INFO, "f", 1, "m", (), None, extra={key: 1})


def test_extra_keys_not_reported() -> None:
    src = """\
    import logging
    import structlog
    from loguru import logger as loguru_logger
    logger = logging.getLogger(__name__)
    logger.info("x", extra={"user": 1, "request_name": 2, "Name": 3})
    logger.info("x", extra=context)
    logger.info("x", extra={**context})
    loguru_logger.info("x {name}", name="n")
    structlog.get_logger().info("x", extra={"name": 1})
    """
    assert found(src, "LL505", path="app.py") == []


# -- production configuration files --------------------------------------------------------

GLOBS = DEFAULT_PRODUCTION_PATHS


def config_findings(name: str, text: str, relpath: str = "") -> List[Tuple[int, int, str]]:
    relpath = relpath or f"prod/{name}"
    return [(f.line, f.column, f.code) for f in check_config_file(Path(name), textwrap.dedent(text), relpath, GLOBS)]


def test_yaml_logger_sections() -> None:
    pytest.importorskip("yaml")
    text = """\
    logging:
      handlers:
        - sink: ext://sys.stdout
          level: INFO
        - sink: app.log
          level: INFO
          serialize: true
        - sink: debug.log
          format: "{message}"
          serialize: false
      # sink: commented.log
      other: {sink: x, level: DEBUG}
    """
    assert config_findings("logging.yaml", text) == [(3, 7, "LL501"), (8, 7, "LL501"), (12, 11, "LL501")]


def test_toml_logger_sections() -> None:
    text = """\
    [[logging.handlers]]
    sink = "app.log"
    level = "INFO"

    [[logging.handlers]]
    sink = "json.log"
    serialize = true

    [logging.console]
    sink = "stderr"
    format = "{message}"
    serialize = "false"
    """
    assert config_findings("logging.toml", text) == [(2, 1, "LL501"), (10, 1, "LL501")]


def test_json_logger_sections() -> None:
    text = """\
    {"handlers": [
        {"sink": "app.log", "level": "INFO"},
        {"sink": "json.log", "level": "INFO", "serialize": true}
    ]}
    """
    assert config_findings("logging.json", text) == [(2, 6, "LL501")]


def test_config_file_message() -> None:
    findings = check_config_file(Path("prod/log.json"), '{"sink": "x", "level": "INFO"}', "prod/log.json", GLOBS)
    assert [(f.code, f.name, f.path, f.end_column) for f in findings] == [("LL501", "missing-serialize", "prod/log.json", 6)]
    assert "serialize" in findings[0].message


def test_config_files_not_reported() -> None:
    text = '{"handlers": [{"sink": "app.log", "level": "INFO"}]}'
    assert config_findings("logging.json", text, relpath="config/logging.json") == []  # not production
    assert config_findings("logging.json", '{"sink": "app.log"}') == []  # no level, format or serialize
    assert config_findings("logging.json", '{"sinks": [{"path": "x", "level": "INFO"}]}') == []
    assert config_findings("logging.json", "{not json") == []  # not ours to validate
    assert config_findings("logging.toml", "sink = [") == []
    assert config_findings("logging.txt", text) == []  # not a config file type
    assert config_findings("logging.json", '{"sink": "x", "level": "INFO", "serialize": "${JSON_LOGS}"}') == []


def test_yaml_templates_that_do_not_parse_are_skipped() -> None:
    pytest.importorskip("yaml")
    assert config_findings("deploy.yaml", "sink: {{ .Values.sink }}\n  level: [") == []


def test_yaml_without_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(ConfigFileError, match=r"pip install loglint\[yaml\]"):
        check_config_file(Path("prod/logging.yaml"), "sink: x\nlevel: INFO\n", "prod/logging.yaml", GLOBS)
    # out of scope: no need for PyYAML
    assert check_config_file(Path("logging.yaml"), "sink: x\n", "config/logging.yaml", GLOBS) == []


def test_check_config_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "prod" / "logging.json"
    path.parent.mkdir()
    path.write_text('{"sink": "x", "level": "INFO"}', encoding="utf-8")
    result = check_config_path(path, "prod/logging.json", "prod/logging.json", GLOBS)
    assert [(f.line, f.column) for f in result.findings] == [(1, 2)] and result.errors == []
    missing = check_config_path(tmp_path / "nope.json", "nope.json", "prod/nope.json", GLOBS)
    assert missing.findings == [] and "cannot read" in missing.errors[0].message
    monkeypatch.setitem(sys.modules, "yaml", None)
    yaml_path = tmp_path / "prod" / "logging.yaml"
    yaml_path.write_text("sink: x\nlevel: INFO\n", encoding="utf-8")
    result = check_config_path(yaml_path, "prod/logging.yaml", "prod/logging.yaml", GLOBS)
    assert result.findings == [] and "PyYAML" in result.errors[0].message


def test_globs_from_a_configuration_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.loglint]\nselect = ["LL501"]\n[tool.loglint.production]\nextend-paths = ["live/**"]\n', encoding="utf-8"
    )
    settings = load_settings(cwd=tmp_path, rules=rule_infos())
    assert production_globs(settings) == (*DEFAULT_PRODUCTION_PATHS, "live/**")
    engine = Engine(settings)
    for path, expected in (("live/app.py", 1), ("prod/app.py", 1), ("app.py", 0)):
        assert len(engine.lint_text(textwrap.dedent(LOGURU_ADD), path, path).findings) == expected
    (tmp_path / "pyproject.toml").write_text(
        '[tool.loglint]\nselect = ["LL501"]\n[tool.loglint.production]\npaths = ["live/**"]\n', encoding="utf-8"
    )
    assert production_globs(load_settings(cwd=tmp_path, rules=rule_infos())) == ("live/**",)
