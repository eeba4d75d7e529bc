"""Rule family module (being written)."""

from __future__ import annotations

from typing import List, Type

from loglint.rules.base import Rule

RULES: List[Type[Rule]] = []
