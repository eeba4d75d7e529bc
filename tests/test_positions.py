"""Positions computed the cheap ways agree with libcst's PositionProvider."""

from __future__ import annotations

import sysconfig
import textwrap
from pathlib import Path
from typing import Dict, List, Tuple

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from loglint.checker import Checker, Context
from loglint.positions import anchored_ranges, node_ranges
from loglint.rules.base import Rule
from loglint.settings import Settings

STDLIB = Path(sysconfig.get_paths()["stdlib"])


class _EveryCall(Rule):
    """Reports every call, its first argument and its method name, anchored on the call
    (as the checker anchors what rules report from ``check_call``)."""

    code = "LL998"
    name = "every-call"

    def check_module(self, ctx: Context) -> None:
        for call in ctx.all_calls:
            ctx._anchor = call
            ctx.report(self, call, "call")
            if call.args:
                ctx.report(self, call.args[0].value, "argument")
            if isinstance(call.func, cst.Attribute):
                ctx.report(self, call.func.attr, "method")
        ctx._anchor = None


def _truth(module: cst.Module, nodes: List[cst.CSTNode]) -> Dict[int, Tuple[Tuple[int, int], Tuple[int, int]]]:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    return {
        id(node): ((positions[node].start.line, positions[node].start.column), (positions[node].end.line, positions[node].end.column))
        for node in nodes
    }


def _compare(text: str) -> int:
    module = cst.parse_module(text)
    output = Checker(Settings(), [_EveryCall()]).check(module, "x.py")
    wanted = {id(r.node): (r.node, r.anchor, r.indent) for r in output.reported}
    ours = anchored_ranges(module, text, output.calls, wanted)
    truth = _truth(module, [r.node for r in output.reported])
    assert {key: (rng.start, rng.end) for key, rng in ours.items()} == truth
    assert node_ranges(module, [r.node for r in output.reported]).keys() == truth.keys()
    return len(truth)


@pytest.mark.parametrize("name", ["logging/__init__.py", "logging/config.py", "logging/handlers.py", "asyncio/base_events.py"])
def test_stdlib_files(name: str) -> None:
    assert _compare((STDLIB / name).read_text(encoding="utf-8")) > 10


def test_identical_calls_are_told_apart_by_order() -> None:
    text = textwrap.dedent(
        """\
        import logging
        log = logging.getLogger()
        def f(x):
            log.info(f"{x}")
            if x:
                log.info(f"{x}")
        log.info(f"{x}")
        """
    )
    assert _compare(text) == 11


def test_multiline_calls_in_nested_blocks_and_continuation_lines() -> None:
    text = textwrap.dedent(
        """\
        import logging
        log = logging.getLogger()
        class K:
            def m(self, a):
                for x in a:
                    print(1, log.info(
                        "a %s",
                        x), log.warning(
                            "b"
                        ))
        """
    )
    assert _compare(text) == 10
