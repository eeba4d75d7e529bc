"""The checker's own walk: source order, and what it visits."""

from __future__ import annotations

import dataclasses
import inspect
import re

import libcst as cst
from helpers import make_engine

from loglint.checker import _SKIPPED_FIELD_PREFIXES, child_fields, iter_children

_VISIT = re.compile(r'visit_\w+\(\s*self,\s*"(\w+)"')


def _node_classes() -> list:
    return [
        cls for cls in vars(cst).values()
        if isinstance(cls, type) and issubclass(cls, cst.CSTNode) and dataclasses.is_dataclass(cls)
    ]


def test_fields_follow_libcsts_visiting_order() -> None:
    for cls in _node_classes():
        try:
            source = inspect.getsource(cls._visit_and_replace_children)
        except (OSError, TypeError):
            continue
        visited = list(dict.fromkeys(_VISIT.findall(source)))
        ours = child_fields(cls)
        assert [f for f in visited if f in ours] == [f for f in ours if f in visited], cls.__name__
        missed = [f for f in visited if f not in ours and not f.startswith(_SKIPPED_FIELD_PREFIXES)]
        assert missed == [], cls.__name__


def test_walk_order_is_source_order() -> None:
    module = cst.parse_module("@deco(a())\ndef f(x=b()) -> c():\n    d()\n")
    seen = []
    stack = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
            seen.append(node.func.value)
        stack.extend(reversed(iter_children(node)))
    assert seen == ["deco", "a", "b", "c", "d"]


ANCHORED = '''\
import logging

log = logging.getLogger(__file__)

def f(state):
    log.exception("no exception here")
    log.debug("state: %s", str(state))
    try:
        state.run()
    except Exception:
        log.debug("run failed")
'''


def test_every_report_inside_a_call_is_anchored_to_the_log_call_around_it() -> None:
    """An anchor places a node by its call's text; without one the whole module's code is
    generated, a full second pass over a file (LL504, LL202 and LL205 report from
    ``check_module``; LL307 reports an inner ``str()`` call and fixes the message)."""
    engine = make_engine("LL504,LL202,LL205,LL307")
    module = cst.parse_module(ANCHORED)
    reported = {r.code: r.anchor for r in engine.checker.check(module, "x.py").reported}
    assert set(reported) == {"LL504", "LL202", "LL205", "LL307"}
    anchors = {code: cst.Module([]).code_for_node(anchor) if anchor is not None else None for code, anchor in reported.items()}
    assert anchors == {
        "LL504": "logging.getLogger(__file__)",
        "LL202": 'log.exception("no exception here")',
        "LL205": 'log.debug("run failed")',
        "LL307": 'log.debug("state: %s", str(state))',
    }
