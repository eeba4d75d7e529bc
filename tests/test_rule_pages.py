"""Every rule has a page with the standard headings, and its examples are true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import fixed, lint

from loglint.pages import pages_dir, sections
from loglint.registry import all_rules, rule_infos

REPO = Path(__file__).resolve().parent.parent
PAGES = REPO / "rules"
REQUIRED = ("What it does", "Why is this bad?", "Example", "Use instead")
ALLOWED = REQUIRED + ("Fix safety", "Options", "Known problems", "References")
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
RULE_PARAMS = [pytest.param(cls, id=cls.code) for cls in all_rules()]
ON_BY_DEFAULT = frozenset(info.code for info in rule_infos() if info.default_enabled)


def page_for(code: str) -> str:
    matches = sorted(PAGES.glob(f"{code}*.md"))
    assert matches, f"rules/{code}.md is missing"
    return matches[0].read_text(encoding="utf-8")


def block(text: str, heading: str) -> str:
    found = CODE_BLOCK.findall(sections(text)[heading])
    assert len(found) == 1, f"expected one python block under {heading!r}"
    return str(found[0])


@pytest.mark.parametrize("cls", RULE_PARAMS)
def test_page_structure(cls: type) -> None:
    text = page_for(cls.code)
    assert text.splitlines()[0] == f"# {cls.code} {cls.name}"
    found = list(sections(text))
    assert set(REQUIRED) <= set(found), found
    assert set(found) <= set(ALLOWED), found
    assert ("Fix safety" in found) == (cls.fix is not None)
    assert ("Options" in found) == bool(cls.options)


@pytest.mark.parametrize("cls", RULE_PARAMS)
def test_example_triggers_the_rule(cls: type) -> None:
    example = block(page_for(cls.code), "Example")
    codes = [f.code for f in lint(example, _selection(cls), path=_example_path(cls)).findings]
    assert cls.code in codes


@pytest.mark.parametrize("cls", RULE_PARAMS)
def test_use_instead_is_clean(cls: type) -> None:
    """What a page recommends passes its own rule and every rule that is on by default."""
    good = block(page_for(cls.code), "Use instead")
    result = lint(good, ",".join(sorted(ON_BY_DEFAULT | {cls.code})), path=_example_path(cls))
    assert result.errors == []
    assert [(f.line, f.code, f.message) for f in result.findings] == []


@pytest.mark.parametrize("cls", [p for p in RULE_PARAMS if p.values[0].fix is not None])
def test_fixing_the_example_removes_the_finding(cls: type) -> None:
    example = block(page_for(cls.code), "Example")
    after = fixed(example, _selection(cls), unsafe=True, path=_example_path(cls))
    assert after != example
    assert cls.code not in [f.code for f in lint(after, _selection(cls), path=_example_path(cls)).findings]


def test_every_page_belongs_to_a_rule() -> None:
    codes = {cls.code for cls in all_rules()}
    for page in PAGES.glob("LL*.md"):
        assert page.name.split(".")[0] in codes, page


def test_pages_are_found_by_the_package() -> None:
    assert pages_dir() is not None


def _selection(cls: type) -> str:
    # LL001 judges only the codes of rules enabled in the run: its examples silence LL301.
    return "LL001,LL301" if cls.code == "LL001" else str(cls.code)


def _example_path(cls: type) -> str:
    # Production-scope rules read the path: their examples are production code.
    return "prod/app.py" if cls.code.startswith("LL5") else "example.py"
