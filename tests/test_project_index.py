"""The project index: loggers defined in one module of a project and used in others.

Each test writes a small project of its own (never code copied from real packages)
and asks what the logger model makes of its calls, as ``--show-loggers`` does.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest
from test_cli import run

from loglint.config import load_settings
from loglint.discovery import DiscoveredFile
from loglint.findings import FileResult
from loglint.loggers.index import ProjectIndex, index_root
from loglint.loggers.store import FactStore
from loglint.registry import rule_infos
from loglint.runner import RunOptions, run_files

Use = Tuple[int, str, Optional[str], bool]  # line, receiver, library, certain


def write(root: Path, files: Dict[str, str]) -> None:
    (root / "pyproject.toml").write_text("[project]\nname = 'example'\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def results(root: Path, names: List[str], select: str = "LL", **options: object) -> List[FileResult]:
    settings = load_settings(cwd=root, rules=rule_infos(), overrides={"select": tuple(select.split(","))})
    index = ProjectIndex(index_root(settings.config_path, ["."], root), FactStore(None, root))
    files = [DiscoveredFile(root / name, name) for name in names]
    return run_files(files, settings, RunOptions(jobs=1, **options), [], index=index)  # type: ignore[arg-type]


def uses(root: Path, name: str) -> List[Use]:
    [result] = results(root, [name], show_loggers=True)
    assert not result.errors, result.errors
    return [(u.line, u.receiver, u.library, u.certain) for u in result.loggers]


def findings(root: Path, name: str, select: str = "LL") -> List[Tuple[int, int, str]]:
    [result] = results(root, [name], select)
    return [(f.line, f.column, f.code) for f in result.findings]


# -- names imported from the project's modules --------------------------------------


def test_logger_imported_from_a_project_module(tmp_path: Path) -> None:
    write(tmp_path, {
        "myapp/__init__.py": "",
        "myapp/utils.py": 'import logging\nlogger = logging.getLogger("myapp")\n',
        "myapp/jobs.py": """\
            from myapp.utils import logger
            logger.info("done %s", 1)
            """,
    })
    assert uses(tmp_path, "myapp/jobs.py") == [(2, "logger", "logging", True)]


def test_logger_returned_by_a_project_factory(tmp_path: Path) -> None:
    write(tmp_path, {
        "myapp/__init__.py": "",
        "myapp/logs.py": """\
            import sys
            from loguru import logger as _logger

            def define_log_level(level="INFO"):
                _logger.remove()
                _logger.add(sys.stderr, level=level)
                return _logger

            logger = define_log_level()
            """,
        "myapp/run.py": """\
            from myapp.logs import logger
            logger.info("From version: %s", "1.0")
            logger.info("To {} for {}", "x")
            """,
    })
    assert uses(tmp_path, "myapp/run.py") == [(2, "logger", "loguru", True), (3, "logger", "loguru", True)]
    assert findings(tmp_path, "myapp/run.py") == [(2, 13, "LL306"), (3, 13, "LL305")]


def test_relative_imports_and_an_alias_that_does_not_look_like_a_logger(tmp_path: Path) -> None:
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/_logging.py": "import structlog\nlogger = structlog.get_logger()\n",
        "pkg/log.py": "from loguru import logger\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/mod.py": """\
            from .._logging import logger
            from ..log import logger as plog
            from .. import log
            logger.info("event")
            plog.info("event")
            log.logger.info("event")
            """,
    })
    assert uses(tmp_path, "pkg/sub/mod.py") == [
        (4, "logger", "structlog", True),
        (5, "plog", "loguru", True),
        (6, "log.logger", "loguru", True),
    ]


def test_re_exports_and_star_imports(tmp_path: Path) -> None:
    write(tmp_path, {
        "pkg/__init__.py": 'from .base import logger\n__all__ = ["logger"]\n',
        "pkg/base.py": "from loguru import logger\n",
        "pkg/everything.py": "from .base import *\n",
        "app.py": """\
            from pkg import logger
            from pkg.everything import logger as other
            logger.warning("a")
            other.warning("b")
            """,
    })
    assert uses(tmp_path, "app.py") == [(3, "logger", "loguru", True), (4, "other", "loguru", True)]


def test_src_layout_and_namespace_packages(tmp_path: Path) -> None:
    write(tmp_path, {
        "src/myapp/__init__.py": "",
        "src/myapp/logs.py": "import logging\nLOG = logging.getLogger('myapp')\n",
        "src/myapp/cli.py": "from myapp.logs import LOG\nLOG.info('x')\n",
        "ns/sub/logs.py": "from loguru import logger\n",  # no __init__.py anywhere
        "ns/tool.py": "from ns.sub.logs import logger\nlogger.info('x')\n",
    })
    assert uses(tmp_path, "src/myapp/cli.py") == [(2, "LOG", "logging", True)]
    assert uses(tmp_path, "ns/tool.py") == [(2, "logger", "loguru", True)]


def test_project_type_alias_as_return_annotation(tmp_path: Path) -> None:
    write(tmp_path, {
        "app/__init__.py": "",
        "app/types.py": "import loguru\nLogger = loguru.Logger\n",
        "app/factory.py": """\
            from app.types import Logger

            def make_logger() -> Logger:
                ...
            """,
        "app/main.py": "from app.factory import make_logger\nmake_logger().info('x')\n",
    })
    assert uses(tmp_path, "app/main.py") == [(2, "make_logger()", "loguru", True)]


# -- calls on call results, self and cls -------------------------------------------


def test_service_pattern_end_to_end(tmp_path: Path) -> None:
    """The layout of issue 15: a pydantic LoggerService hands out loguru's logger."""
    write(tmp_path, {
        "shop/__init__.py": "",
        "shop/io/__init__.py": "",
        "shop/io/services.py": """\
            import loguru
            import pydantic

            class LoggerService(pydantic.BaseModel):
                level: str = "INFO"

                def logger(self) -> "loguru.Logger":
                    return loguru.logger
            """,
        "shop/jobs/__init__.py": "",
        "shop/jobs/promotion.py": """\
            from shop.io import services

            class Promotion:
                logger_service: services.LoggerService

                def run(self, version):
                    logger = self.logger_service.logger()
                    logger.info("From version: %s", version)
                    self.logger_service.logger().info("To %s", version)
            """,
    })
    assert uses(tmp_path, "shop/jobs/promotion.py") == [
        (8, "logger", "loguru", True),
        (9, "self.logger_service.logger()", "loguru", True),
    ]
    assert findings(tmp_path, "shop/jobs/promotion.py") == [(8, 21, "LL306"), (9, 43, "LL306")]
    shown = run(["--show-loggers", "shop"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0].split() == [
        "shop/jobs/promotion.py:8:9", "logger", "loguru", "project", "index:",
        "shop.io.services.LoggerService.logger", "(return", "annotation", "`loguru.Logger`)",
    ]


def test_classmethod_returning_a_logger_and_exc_info_outside_a_handler(tmp_path: Path) -> None:
    write(tmp_path, {
        "base.py": """\
            import logging

            class Task:
                @classmethod
                def logger(cls):
                    return logging.getLogger(cls.__name__)
            """,
        "job.py": """\
            from base import Task

            class Job(Task):
                @classmethod
                def run(cls, x):
                    cls.logger().debug("ran %s", x, exc_info=True)
            """,
    })
    assert uses(tmp_path, "job.py") == [(6, "cls.logger()", "logging", True)]
    assert findings(tmp_path, "job.py", "LL202") == [(6, 22, "LL202")]


def test_mixin_property_and_inherited_attribute(tmp_path: Path) -> None:
    write(tmp_path, {
        "mixins.py": """\
            import logging
            import structlog

            class LoggingMixin:
                @property
                def log(self):
                    return structlog.get_logger()

            class Base:
                def __init__(self):
                    self.logger = logging.getLogger(__name__)
            """,
        "worker.py": """\
            from mixins import Base, LoggingMixin

            class Worker(LoggingMixin):
                async def go(self):
                    await self.log.aerror("failed")

            class Other(Base):
                def go(self):
                    self.logger.info("x")
            """,
    })
    assert uses(tmp_path, "worker.py") == [(5, "self.log", "structlog", True), (9, "self.logger", "logging", True)]


def test_function_local_import_does_not_change_a_module_level_logger(tmp_path: Path) -> None:
    write(tmp_path, {
        "app/__init__.py": "",
        "app/log.py": "import structlog\nlogger = structlog.get_logger()\n",
        "app/views.py": """\
            from app.log import logger

            async def handle():
                import logging
                logging.captureWarnings(True)
                await logger.aerror("failed")
            """,
    })
    assert uses(tmp_path, "app/views.py") == [(6, "logger", "structlog", True)]


# -- what must not be taken for a logger -----------------------------------------------


def test_a_log_module_and_a_function_named_logger_are_not_loggers(tmp_path: Path) -> None:
    write(tmp_path, {
        "app/__init__.py": "",
        "app/log.py": "def info(message):\n    print(message)\n",
        "app/util.py": "class Console:\n    def info(self, text):\n        print(text)\n\ndef logger():\n    return Console()\n",
        "app/main.py": """\
            from app import log
            from app.util import logger
            log.info("%s" % 1)
            logger().info(f"{1}")
            logger.info(f"{2}")
            """,
    })
    assert uses(tmp_path, "app/main.py") == []
    assert findings(tmp_path, "app/main.py") == []


def test_self_log_of_an_ml_framework_is_not_logging(tmp_path: Path) -> None:
    write(tmp_path, {
        "framework.py": "class Module:\n    def log(self, name, value):\n        self.metrics[name] = value\n",
        "model.py": """\
            from framework import Module

            class Model(Module):
                def step(self, loss):
                    self.log("loss", loss)
                    self.log.info("not a logger either")
            """,
    })
    assert uses(tmp_path, "model.py") == []


def test_a_project_logger_class_on_abc_is_its_own_not_a_librarys(tmp_path: Path) -> None:
    # The project's own logger classes (on ABC, Protocol or nothing) have no library's
    # .exception(): LL201 has nothing to ask of them. A subclass of logging.Logger is stdlib,
    # and a class on a base from outside the project may still be a logger (name heuristic).
    write(tmp_path, {
        "app/__init__.py": "",
        "app/log.py": """\
            import logging
            from abc import ABC, abstractmethod
            from somewhere import Base

            class LoggerBase(ABC):
                @abstractmethod
                def error(self, message): ...

            class AsyncLogger(LoggerBase):
                def error(self, message):
                    print(message)

            class StdLogger(logging.Logger):
                pass

            class OtherLogger(Base):
                pass
            """,
        "app/job.py": """\
            from .log import AsyncLogger, OtherLogger, StdLogger

            class Job:
                def __init__(self):
                    self.logger = AsyncLogger()
                    self.std_logger = StdLogger("x")
                    self.other_logger = OtherLogger()

                def run(self):
                    try:
                        pass
                    except Exception as error:
                        self.logger.error(f"failed: {error}")
                        self.std_logger.error(f"failed: {error}")
                        self.other_logger.error(f"failed: {error}")
            """,
    })
    assert uses(tmp_path, "app/job.py") == [(14, "self.std_logger", "logging", True), (15, "self.other_logger", None, False)]
    assert [(line, code) for line, _, code in findings(tmp_path, "app/job.py")] == [(14, "LL201"), (14, "LL301"), (15, "LL301")]


def test_definitions_that_disagree_give_an_unknown_library(tmp_path: Path) -> None:
    write(tmp_path, {
        "compat.py": """\
            try:
                from loguru import logger
            except ImportError:
                import logging
                logger = logging.getLogger(__name__)
            """,
        "use.py": "from compat import logger\nlogger.info('value %s', 1)\n",
    })
    assert uses(tmp_path, "use.py") == [(2, "logger", None, False)]
    assert findings(tmp_path, "use.py") == []  # %s is right for one library, wrong for the other


def test_import_cycle_and_syntax_error_give_unknown(tmp_path: Path) -> None:
    write(tmp_path, {
        "a.py": "from b import logger\n",
        "b.py": "from a import logger\n",
        "broken.py": "logger = (\n",
        "use.py": "import logging\nfrom a import logger\nfrom broken import logger as broken_log\nlogger.info('x')\nbroken_log.info('y')\n",
    })
    # Neither module says: the name heuristic guesses from the file's own import.
    assert uses(tmp_path, "use.py") == [(4, "logger", "logging", False), (5, "broken_log", "logging", False)]


def test_third_party_loggers_stay_a_logger_names_matter(tmp_path: Path) -> None:
    write(tmp_path, {"use.py": "from kombu.log import get_logger\nlogger = get_logger(__name__)\nlogger.info('x')\n"})
    assert uses(tmp_path, "use.py") == [(3, "logger", None, False)]


# -- fixes, the cache, parallel runs ---------------------------------------------------


HANDLER = """\
    {header}
    try:
        run()
    except OSError:
        logger.error("could not run", exc_info=True)
    """


@pytest.mark.parametrize(
    ("header", "applicability"),
    [
        ("import logging\nlogger = logging.getLogger(__name__)", "safe"),
        ("import logging\nfrom elsewhere import logger", "unsafe"),  # a guess: loguru ignores exc_info
    ],
)
def test_fix_whose_effect_depends_on_the_library_is_safe_only_when_certain(tmp_path: Path, header: str, applicability: str) -> None:
    write(tmp_path, {"h.py": HANDLER.format(header=header.replace("\n", "\n    "))})
    [result] = results(tmp_path, ["h.py"], "LL203")
    assert [(f.code, f.fix.applicability if f.fix else None) for f in result.findings] == [("LL203", applicability)]


def test_cached_results_follow_a_change_of_the_defining_module(tmp_path: Path) -> None:
    write(tmp_path, {
        "app/__init__.py": "",
        "app/log.py": "import logging\nlogger = logging.getLogger('app')\n",
        "app/job.py": "from app.log import logger\nlogger.info('%s', 1)\nlogger.info('{}', 2)\n",
    })
    first = run(["--output-format", "json", "app"], tmp_path)
    assert [f["code"] for f in json.loads(first.stdout)] == ["LL306"]  # {} on stdlib
    (tmp_path / "app/log.py").write_text("from loguru import logger\n")
    cached = run(["--output-format", "json", "app"], tmp_path)
    uncached = run(["--output-format", "json", "--no-cache", "app"], tmp_path)
    assert cached.stdout == uncached.stdout
    assert [(f["code"], f["location"]["row"]) for f in json.loads(cached.stdout)] == [("LL306", 2)]  # %s on loguru


def test_same_findings_with_one_and_two_jobs(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/log.py": "from loguru import logger\n"}
    for n in range(20):
        files[f"app/m{n}.py"] = f"from app.log import logger\nlogger.info('%s', {n})\n"
    write(tmp_path, files)
    one = run(["--no-cache", "--jobs", "1", "--output-format", "json", "app"], tmp_path)
    two = run(["--no-cache", "--jobs", "2", "--output-format", "json", "app"], tmp_path)
    assert one.stdout == two.stdout
    assert len(json.loads(one.stdout)) == 20


def test_show_loggers_json(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "import logging\nlog = logging.getLogger()\nlog.info('x')\nlogging.warning('y')\n"})
    shown = run(["--show-loggers", "--output-format", "json", "m.py"], tmp_path)
    assert json.loads(shown.stdout) == [
        {"path": "m.py", "line": 3, "column": 1, "receiver": "log", "method": "info", "library": "logging",
         "certain": True, "how": "`logging.getLogger()`", "cell": None},
        {"path": "m.py", "line": 4, "column": 1, "receiver": "logging", "method": "warning", "library": "logging",
         "certain": True, "how": "the root logger (module function)", "cell": None},
    ]


def test_a_warm_run_reads_no_module_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index store keeps the facts of the modules read, the linted files' own included
    (their questions are replayed from them), by stat."""
    from loglint.cache import ResultCache
    from loglint.loggers import index as index_module
    from loglint.loggers import store as store_module

    write(tmp_path, {
        "app/__init__.py": "",
        "app/log.py": "import structlog\nlogger = structlog.get_logger()\n",
        "app/job.py": "from app.log import logger\n\nclass Job:\n    log = logger\n\n    def run(self):\n        self.log.info('x')\n",
    })
    monkeypatch.setattr(store_module, "RACY_SECONDS", -60)  # files just written count as settled
    settings = load_settings(cwd=tmp_path, rules=rule_infos())
    files = [DiscoveredFile(tmp_path / "app/job.py", "app/job.py")]

    def run_once() -> List[FileResult]:
        index = ProjectIndex(tmp_path, FactStore(tmp_path / "cache", tmp_path))
        cache = ResultCache(tmp_path / "cache", "key")
        return run_files(files, settings, RunOptions(jobs=1, show_loggers=False), [], cache, index=index)

    first = run_once()
    assert first[0].index_deps  # it asked the index
    monkeypatch.setattr(index_module, "facts_of_source", lambda data: pytest.fail("a module was parsed again"))
    assert [f.code for f in run_once()[0].findings] == [f.code for f in first[0].findings]


# -- project-wide searches -------------------------------------------------------------


def test_search_finds_the_first_module_that_defines_or_mentions_a_name(tmp_path: Path) -> None:
    write(tmp_path, {
        "app/__init__.py": "",
        "app/a.py": "log.trace('x')\n",
        "app/b.py": "class L:\n    async  def trace (self): ...\n",
        "app/c.py": "import logging\nlogging.setLoggerClass(L)\n",
        ".venv/lib/x.py": "def success(): ...\n",
        "build/y.py": "def success(): ...\n",
        "app/data.txt": "def success(): ...\n",
    })
    index = ProjectIndex(tmp_path)
    assert index.search("def", ["trace"]) == ("P", "app/b.py")
    assert index.search("def", ["success"]) is None  # only in left-out folders and non-Python files
    assert index.search("word", ["setLoggerClass", "addLevelName"]) == ("P", "app/c.py")
    assert index.search("word", ["setLogger"]) is None  # whole words
    assert index.search("def", ["a.b"]) is None and index.search("any", ["trace"]) is None
    # "other": the first module that mentions the word and is not the one asking
    assert index.search("other", ["trace"], "app/a.py") == ("P", "app/b.py")
    assert index.search("other", ["setLoggerClass"], "app/c.py") is None
    assert index.evaluate("app/a.py", ["P", "def", "trace"]) == ("P", "app/b.py")


# -- modules run as programs -------------------------------------------------------------


def test_a_package_module_imported_by_nobody_is_a_script_for_ll503(tmp_path: Path) -> None:
    # cli.py has a __main__ block and no module mentions it: run through an entry point,
    # it owns its logging. tool.py has one too but app.py imports it: a module. __main__.py
    # is `python -m app`.
    program = "import logging\nlogging.warning('setting up')\n\nif __name__ == '__main__':\n    logging.info('run')\n"
    write(tmp_path, {
        "app/__init__.py": "",
        "app/cli.py": program,
        "app/tool.py": program,
        "app/app.py": "from app import tool\n",
        "app/__main__.py": "import logging\nlogging.warning('setting up')\n",
    })
    assert findings(tmp_path, "app/cli.py", "LL503") == []
    assert findings(tmp_path, "app/__main__.py", "LL503") == []
    assert findings(tmp_path, "app/tool.py", "LL503") == [(2, 1, "LL503")]


def test_a_cached_script_is_checked_again_once_a_module_imports_it(tmp_path: Path) -> None:
    write(tmp_path, {
        "app/__init__.py": "",
        "app/cli.py": "import logging\nlogging.warning('setting up')\n\nif __name__ == '__main__':\n    pass\n",
    })
    first = run(["--output-format", "json", "--select", "LL503", "app"], tmp_path)
    assert json.loads(first.stdout) == []
    (tmp_path / "app/jobs.py").write_text("from app.cli import main\n")
    cached = run(["--output-format", "json", "--select", "LL503", "app/cli.py"], tmp_path)
    assert [(f["code"], f["location"]["row"]) for f in json.loads(cached.stdout)] == [("LL503", 2)]
