"""The rule registry: the rule classes, found through the catalog.

:mod:`loglint.catalog` says which rules exist (and is cheap to import); the classes
live in ``loglint.rules.<family>`` and are imported only when rules are about to
run, because those modules import libcst.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Dict, Tuple, Type

from loglint.catalog import CATALOG
from loglint.config import RuleInfo
from loglint.rules.base import Rule


@cache
def rule_infos() -> Tuple[RuleInfo, ...]:
    """What configuration needs to know of every rule."""
    return tuple(RuleInfo(spec.code, spec.name, spec.default_enabled, spec.options) for spec in CATALOG)


@cache
def rules_by_code() -> Dict[str, Type[Rule]]:
    """Every rule class by code (imports the rule families, and libcst with them)."""
    found: Dict[str, Type[Rule]] = {}
    for family in sorted({spec.family for spec in CATALOG}):
        module = importlib.import_module(f"loglint.rules.{family}")
        for cls in module.RULES:
            found[cls.code] = cls
    return {spec.code: found[spec.code] for spec in CATALOG}


def all_rules() -> Tuple[Type[Rule], ...]:
    """Every rule class, in code order."""
    return tuple(rules_by_code().values())
