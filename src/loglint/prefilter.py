"""The byte-level pre-filter: skip parsing files in which no rule can fire.

Conservative by construction: every logging call needs a logger, and every way to
reach one without configuration contains "log" in some case (logging, loguru,
structlog, getLogger, logger, LOG...). Configured logger names and each enabled
rule's own ``triggers`` (e.g. ``serialize`` for production config classes) are
added. tests/test_prefilter.py runs every test case file through it.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Optional, Pattern


def build(logger_names: Mapping[str, Optional[str]], triggers: Iterable[bytes]) -> Pattern[bytes]:
    needles = {rb"[lL][oO][gG]"}
    for name in logger_names:
        needles.add(re.escape(name.rsplit(".", 1)[-1].encode()))
    for trigger in triggers:
        needles.add(re.escape(trigger))
    return re.compile(b"|".join(sorted(needles)))


def may_have_findings(pattern: Pattern[bytes], data: bytes) -> bool:
    return pattern.search(data) is not None
