"""The byte-level pre-filter: skip parsing files in which no rule can fire.

Conservative by construction: every logging call needs a logger, and every way to
reach one without configuration contains "log" in some case (logging, loguru,
structlog, getLogger, logger, LOG...). Configured logger names and each enabled
rule's own ``triggers`` (e.g. ``serialize`` for production config classes) are
added. tests/test_prefilter.py runs every test case file through it.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional, Tuple

Needles = Tuple[bytes, ...]


def build(logger_names: Mapping[str, Optional[str]], triggers: Iterable[bytes]) -> Needles:
    """Lower-cased byte strings, one of which a file must contain (compared lower-cased:
    matching more than needed only costs a parse)."""
    needles = {b"log"}
    needles.update(name.rsplit(".", 1)[-1].encode().lower() for name in logger_names)
    needles.update(trigger.lower() for trigger in triggers)
    return tuple(sorted(needles))


def may_have_findings(needles: Needles, data: bytes) -> bool:
    lowered = data.lower()
    return any(needle in lowered for needle in needles)
