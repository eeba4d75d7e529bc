"""The pre-filter skips only files on which no rule can fire.

Every snippet linted through tests/helpers.py is also checked against it (a file
with findings must pass), so the whole suite doubles as this test; these are the
cases that need configuration or a rule's own triggers.
"""

from __future__ import annotations

from helpers import make_engine


def test_file_without_log_is_skipped() -> None:
    assert not make_engine().may_have_findings(b"import os\nprint(os.name)\n")


def test_any_case_of_log_passes() -> None:
    engine = make_engine()
    for text in (b"LOGGER.info(x)", b"from loguru import L", b"import structlog", b"getLogger()", b"_Log.warning(1)"):
        assert engine.may_have_findings(text), text


def test_configured_logger_names_pass() -> None:
    engine = make_engine(config={"logger_names": {"app.AUDIT": "logging"}})
    assert engine.may_have_findings(b"from app import AUDIT\nAUDIT.info(f'{x}')\n")


def test_rule_triggers_pass() -> None:
    source = "class Settings(BaseModel):\n    serialize: bool = False\n"
    engine = make_engine("LL501")
    assert engine.may_have_findings(source.encode())


def test_configured_logger_names_pass_by_their_last_part_alone() -> None:
    # The file may use the name without its module path (imported elsewhere, a global).
    engine = make_engine(config={"logger_names": {"AUDIT": "logging", "pkg.app.TRAIL": "logging"}})
    for text in (b"AUDIT.info(f'{x}')\n", b"TRAIL.info(f'{x}')\n"):
        assert engine.may_have_findings(text), text
    assert not engine.may_have_findings(b"app.info(f'{x}')\npkg.info(f'{x}')\n")
