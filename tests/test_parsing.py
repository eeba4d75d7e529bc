"""Parsing without node validation yields the same trees as libcst's parse."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import libcst as cst
import pytest

from loglint.parsing import parse_module

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SAMPLES = ["logging/__init__.py", "logging/handlers.py", "argparse.py", "json/decoder.py", "dataclasses.py"]


@pytest.mark.parametrize("name", SAMPLES)
def test_same_tree_as_libcst(name: str) -> None:
    text = (STDLIB / name).read_text(encoding="utf-8")
    ours = parse_module(text)
    theirs = cst.parse_module(text)
    assert ours.deep_equals(theirs)
    assert ours.code == text


def test_validation_is_back_after_parsing() -> None:
    parse_module("x = 1\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")


def test_validation_is_back_after_a_syntax_error() -> None:
    with pytest.raises(cst.ParserSyntaxError):
        parse_module("def f(:\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")
