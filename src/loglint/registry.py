"""The rule registry: every rule class, in code order.

A rule family lives in its own module under ``loglint.rules`` (``formatting`` for
LL3xx, ...); adding a family means adding its ``RULES`` here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, Tuple, Type

from loglint.config import RuleInfo
from loglint.rules import exceptions, formatting, messages, production, secrets, suppression
from loglint.rules.base import Rule

ALL_RULES: Tuple[Type[Rule], ...] = tuple(
    sorted(
        [*suppression.RULES, *messages.RULES, *exceptions.RULES, *formatting.RULES, *secrets.RULES, *production.RULES],
        key=lambda cls: cls.code,
    )
)
RULES_BY_CODE: Dict[str, Type[Rule]] = {cls.code: cls for cls in ALL_RULES}


@lru_cache(maxsize=None)
def rule_infos() -> Tuple[RuleInfo, ...]:
    return tuple(RuleInfo(cls.code, cls.name, cls.default_enabled, cls.options) for cls in ALL_RULES)
