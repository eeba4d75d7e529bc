"""Shared test helpers: lint a snippet with chosen rules and inspect the outcome."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from loglint.config import load_settings
from loglint.engine import Engine, LintResult
from loglint.registry import rule_infos


def make_engine(
    select: str = "LL",
    *,
    fix: bool = False,
    unsafe_fixes: bool = False,
    config: Optional[Dict[str, Any]] = None,
    root: Optional[Path] = None,
) -> Engine:
    overrides: Dict[str, Any] = {"select": tuple(select.split(","))}
    overrides.update(config or {})
    rule_options = overrides.pop("rule_options", None)  # per-rule tables have no CLI override
    settings = load_settings(cwd=root or Path.cwd(), rules=rule_infos(), isolated=True, overrides=overrides)
    if rule_options is not None:
        settings = dataclasses.replace(settings, rule_options=rule_options)
    return Engine(settings, fix=fix, unsafe_fixes=unsafe_fixes)


def lint(source: str, select: str = "LL", *, path: str = "example.py", **kwargs: Any) -> LintResult:
    """Lint a dedented snippet; keyword arguments go to :func:`make_engine`."""
    engine = make_engine(select, **kwargs)
    text = textwrap.dedent(source)
    result = engine.lint_text(text, path, path)
    # Every test case doubles as a pre-filter test: a file with findings must pass it;
    # and as a pruning test: leaving out what no rule looks at changes nothing.
    assert not result.findings or engine.may_have_findings(text.encode("utf-8")), "pre-filter skipped a file with findings"
    engine.prune = False
    assert same_result(engine.lint_text(text, path, path), result), "pruning changed the result"
    return result


def same_result(a: LintResult, b: LintResult) -> bool:
    """Same findings, errors and fixed text."""
    errors = [[(e.message, e.line, e.column, e.internal) for e in r.errors] for r in (a, b)]
    return a.findings == b.findings and errors[0] == errors[1] and a.text == b.text


def positions(source: str, select: str = "LL", **kwargs: Any) -> List[Tuple[int, int, str]]:
    """``[(line, column, code), ...]`` of the findings, 1-based."""
    result = lint(source, select, **kwargs)
    assert not result.errors, result.errors
    return [(f.line, f.column, f.code) for f in result.findings]


def fixed(source: str, select: str = "LL", *, unsafe: bool = False, **kwargs: Any) -> str:
    """The source after ``--fix`` (``--unsafe-fixes`` with ``unsafe=True``)."""
    result = lint(source, select, fix=True, unsafe_fixes=unsafe, **kwargs)
    assert not result.errors, result.errors
    return result.text if result.text is not None else textwrap.dedent(source)


def structlog_events(source: str, wrapper: str = "filtering") -> List[Dict[str, Any]]:
    """The event dicts that running ``source`` logs through structlog, configured with
    ``format_exc_info`` and either ``make_filtering_bound_logger`` ("filtering") or
    ``structlog.stdlib.BoundLogger`` ("stdlib"); structlog's defaults are restored after."""
    import logging

    import structlog

    events: List[Dict[str, Any]] = []

    def capture(logger: Any, name: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
        events.append(dict(event_dict))
        raise structlog.DropEvent

    wrappers = {"filtering": structlog.make_filtering_bound_logger(logging.DEBUG), "stdlib": structlog.stdlib.BoundLogger}
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.format_exc_info, capture],
        wrapper_class=wrappers[wrapper],
        logger_factory=structlog.stdlib.LoggerFactory() if wrapper == "stdlib" else structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
    try:
        exec(compile(textwrap.dedent(source), "<structlog>", "exec"), {})
    finally:
        structlog.reset_defaults()
    return events
