"""What of a file runs only as a script: its ``if __name__ == "__main__":`` blocks, and
files that are scripts as a whole; and which files are tests.

A script owns its process and its logging, so LL503 lets it log through the root logger,
and LL101 leaves the demo code of ``__main__`` blocks alone. Everything here is read from
the file and its folder, except whether a module of a package is imported by no other
module (a script run with ``python -m`` or through an entry point), which the project
index answers. The functions only a ``__main__`` block calls cannot be told apart here
because pruning leaves out the statements that call them.
"""

from __future__ import annotations

import weakref
from typing import FrozenSet, List

import libcst as cst

from loglint.checker import Context, iter_children
from loglint.expressions import string_value

# Folders whose files with a ``__main__`` block are entry points, even inside a package.
SCRIPT_FOLDERS = frozenset({"bin", "scripts"})
_TEST_FOLDERS = frozenset({"test", "tests", "testing"})

_MAIN_CALLS: weakref.WeakKeyDictionary[Context, FrozenSet[int]] = weakref.WeakKeyDictionary()
_SCRIPT_FILES: weakref.WeakKeyDictionary[Context, bool] = weakref.WeakKeyDictionary()


def is_main_test(test: cst.BaseExpression) -> bool:
    """``__name__ == "__main__"``, either way round."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    if not isinstance(target.operator, cst.Equal):
        return False
    sides = (test.left, target.comparator)
    return any(isinstance(s, cst.Name) and s.value == "__name__" for s in sides) and any(
        isinstance(s, (cst.SimpleString, cst.ConcatenatedString)) and string_value(s) == "__main__" for s in sides
    )


def main_blocks(module: cst.Module) -> List[cst.If]:
    """The module-level ``if __name__ == "__main__":`` statements."""
    return [s for s in module.body if isinstance(s, cst.If) and is_main_test(s.test)]


def in_main_block(call: cst.Call, ctx: Context) -> bool:
    """Whether ``call`` is in a ``__main__`` block of the file (computed once per file)."""
    found = _MAIN_CALLS.get(ctx)
    if found is None:
        found = _MAIN_CALLS[ctx] = frozenset(id(node) for block in main_blocks(ctx.module) for node in _calls(block))
    return id(call) in found


def is_script_file(ctx: Context) -> bool:
    """A file with a ``__main__`` block that is not a module of a package: it starts with a
    ``#!`` line, no ``__init__.py`` sits beside it, its folder is ``bin`` or ``scripts``, or
    its name is no identifier (``gen-docs.py`` cannot be imported) (computed once per file)."""
    found = _SCRIPT_FILES.get(ctx)
    if found is None:
        found = _SCRIPT_FILES[ctx] = bool(main_blocks(ctx.module)) and _outside_packages(ctx)
    return found


def is_entry_module(ctx: Context) -> bool:
    """A module run as a program: ``__main__.py`` (``python -m package``), or a module
    with a ``__main__`` block whose name no other module of the project mentions (run with
    ``python -m`` or through an entry point, imported by nobody). The second needs the
    project index (text linted on its own has none)."""
    stem = ctx.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem == "__main__":
        return True
    if not main_blocks(ctx.module) or not stem.isidentifier():
        return False
    return ctx.resolver.has_index and ctx.resolver.project_search("other", stem) is None


def _outside_packages(ctx: Context) -> bool:
    header = ctx.module.header
    if header and header[0].comment is not None and header[0].comment.value.startswith("#!"):
        return True
    path = ctx.settings.project_root / ctx.path
    if not path.stem.isidentifier():
        return True
    return path.parent.name in SCRIPT_FOLDERS or not (path.parent / "__init__.py").exists()


def is_test_file(path: str) -> bool:
    """``tests/...``, ``test_x.py``, ``x_test.py``, ``conftest.py`` (``path`` with ``/``):
    test code, run by a test runner that captures and places its log records."""
    *folders, name = path.split("/")
    stem = name.rsplit(".", 1)[0] if name.endswith((".py", ".pyi")) else name
    return bool(_TEST_FOLDERS.intersection(folders)) or stem.startswith("test_") or stem.endswith("_test") or stem == "conftest"


def _calls(node: cst.CSTNode) -> List[cst.Call]:
    found: List[cst.Call] = []
    stack: List[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Call):
            found.append(current)
        stack.extend(iter_children(current))
    return found
