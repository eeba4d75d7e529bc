"""Rule pages (``rules/LL301.md``): where they are, and what other parts read from them.

The pages live in ``rules/`` at the top of the repository and ship inside the wheel
as ``loglint/rule_pages/``, so ``loglint rule`` works after ``pip install``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Dict, Optional

_PACKAGE_DIR = Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE_DIR / "rule_pages", _PACKAGE_DIR.parent.parent / "rules")
_SECTION = re.compile(r"^## (?P<title>.+?)\s*$", re.MULTILINE)

RULE_URL = "https://github.com/loglint/loglint/blob/main/rules/{code}.md"


def pages_dir() -> Optional[Path]:
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    return None


@cache
def page_text(code: str) -> Optional[str]:
    folder = pages_dir()
    if folder is None:
        return None
    for path in sorted(folder.glob(f"{code}*.md")):
        return path.read_text(encoding="utf-8")
    return None


def sections(text: str) -> Dict[str, str]:
    """``{"What it does": "...", "Example": "...", ...}``."""
    matches = list(_SECTION.finditer(text))
    out: Dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        out[match.group("title")] = text[match.end():end].strip()
    return out


def summary(code: str) -> str:
    """The first sentence of the page's "What it does" section."""
    text = page_text(code)
    if text is None:
        return ""
    what = sections(text).get("What it does", "")
    first = " ".join(what.split("\n\n", 1)[0].split())
    return first


def description(code: str) -> str:
    text = page_text(code)
    if text is None:
        return ""
    parts = sections(text)
    return "\n\n".join(parts[key] for key in ("What it does", "Why is this bad?") if key in parts)
