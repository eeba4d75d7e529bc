"""LL301-LL307: eager formatting of log messages and placeholder mismatches.

Per rule: positive cases with exact positions, negative cases, fixes with exact
output; then round trips that run each call before and after its fix and compare
the rendered messages, for stdlib logging (a capturing handler) and loguru (a
capturing sink).
"""

from __future__ import annotations

import ast
import enum
import logging
import textwrap
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Optional, Tuple

import libcst as cst
import pytest
from helpers import fixed, lint, positions
from hypothesis import given, settings
from hypothesis import strategies as st

from loglint.rules.formatting import quote_string

STD = "import logging\nlogger = logging.getLogger('loglint.roundtrip')\n"
LOGURU = "from loguru import logger\n"
STRUCT = "import structlog\nlog = structlog.get_logger()\n"
UNKNOWN = "def handler(self):\n    "  # self.logger: a logger of unknown library
HEADERS = {"logging": STD, "loguru": LOGURU, "structlog": STRUCT}


def found(source: str, code: str) -> List[Tuple[int, int, str]]:
    return positions(source, code)


def messages(source: str, code: str) -> List[str]:
    return [f.message for f in lint(source, code).findings]


def fix_of(source: str, code: str) -> Optional[str]:
    """The applicability of the only finding's fix, or None when it has none."""
    findings = lint(source, code).findings
    assert len(findings) == 1, findings
    fix = findings[0].fix
    return fix.applicability if fix is not None else None


# -- detection -------------------------------------------------------------------------

NEVER_LOGGERS = [
    "import math\nmath.log(f'{x}')\n",
    "class A:\n    def f(self, v):\n        self.log(f'{x}', v)\n",
    "import wandb\nwandb.log(f'{x}')\n",
    "print(f'{x}', 'a' + x, '%s' % x, '{}'.format(x), str(x))\n",
    "import warnings\nwarnings.warn(f'{x}' + str(x))\n",
    "parser.error(f'{x}')\nparser.error('%s' % x)\n",
]


@pytest.mark.parametrize("source", NEVER_LOGGERS)
def test_never_loggers(source: str) -> None:
    assert positions(source, "LL30") == []


LL301_FOUND = [
    (STD + 'logger.info(f"{x}")\n', [(3, 13, "LL301")]),
    ("import logging\nlogging.warning(f'value {x!r}')\n", [(2, 17, "LL301")]),
    (STD + 'logger.log(logging.INFO, f"{x}")\n', [(3, 26, "LL301")]),
    (STD + 'logger.info("a " f"{x}")\n', [(3, 13, "LL301")]),
    (STD + 'logger.info(msg=f"{x}")\n', [(3, 17, "LL301")]),
    (STD + 'logger.error(f"{x}", exc_info=True)\nlogger.debug(f"{y:>5}")\n', [(3, 14, "LL301"), (4, 14, "LL301")]),
    (LOGURU + 'logger.info(f"{x}")\n', [(2, 13, "LL301")]),
    (STRUCT + 'log.info(f"user {x}", key=1)\n', [(3, 10, "LL301")]),
    (UNKNOWN + 'self.logger.info(f"{x}")\n', [(2, 22, "LL301")]),
    # an f-string added to other literals with +: still an f-string message (LL304 is literals plus values)
    (STD + 'logger.info(f"{x!r}" + " tail %")\n', [(3, 13, "LL301")]),
    (STD + 'logger.info("head " + (f"{x}" "b") + "c")\n', [(3, 13, "LL301")]),
    (LOGURU + 'logger.info("a" + f"{x}")\n', [(2, 13, "LL301")]),
]

LL301_CLEAN = [
    STD + 'logger.info(f"constant")\n',
    STD + 'logger.info("{x}")\n',
    STD + 'logger.info("%s", f"{x}")\n',
    LOGURU + 'logger.info("{} {}", x, y)\n',
    STRUCT + 'log.info("event", user=f"{x}")\n',
    STD + 'logger.info(f"constant" + " tail")\n',
    STD + 'logger.info(f"{x}" + y)\n',
    STD + 'logger.info(b"a" + f"{x}")\n',
]


def test_fstring_sum_is_ll301_not_ll304() -> None:
    assert found(STD + 'logger.info(f"{x!r}" + " tail %")\n', "LL30") == [(3, 13, "LL301")]
    assert found(STD + 'logger.info("a" + f"{x}" + y)\n', "LL30") == [(3, 13, "LL304")]


@pytest.mark.parametrize("source,expected", LL301_FOUND)
def test_ll301_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL301") == expected


@pytest.mark.parametrize("source", LL301_CLEAN)
def test_ll301_clean(source: str) -> None:
    assert found(source, "LL301") == []


def test_ll301_message() -> None:
    assert messages(STD + 'logger.info(f"{x}")\n', "LL301") == [
        "f-string in logging call formats the message even when the level is disabled; pass values as arguments"
    ]


LL302_FOUND = [
    (STD + 'logger.info("%s" % x)\n', [(3, 13, "LL302")]),
    (STD + 'logger.info("%s %s" % (a, b))\n', [(3, 13, "LL302")]),
    (STD + 'logger.info("a" "%s" % x)\n', [(3, 13, "LL302")]),
    (LOGURU + 'logger.info("%s" % x)\n', [(2, 13, "LL302")]),
    (STRUCT + 'log.info("%s" % x)\n', [(3, 10, "LL302")]),
    (UNKNOWN + 'self.logger.info("%d" % x)\n', [(2, 22, "LL302")]),
    # one value among the constants is enough
    (STD + 'logger.info("%-20s %s" % ("Name", value))\n', [(3, 13, "LL302")]),
]

LL302_CLEAN = [
    STD + 'logger.info("%s", x % 2)\n',
    STD + 'logger.info(template % x)\n',
    STD + 'logger.info(b"%s" % x)\n',
    STD + 'logger.info("100% of")\n',
    # constants only: a table's header row, formatted once when the module is compiled
    STD + 'logger.info("%-20s %s" % ("Name", "Value"))\n',
    STD + 'logger.info("%s" % ("-" * 20))\n',
    STD + 'logger.info("100%%" % ())\n',
]


@pytest.mark.parametrize("source,expected", LL302_FOUND)
def test_ll302_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL302") == expected


@pytest.mark.parametrize("source", LL302_CLEAN)
def test_ll302_clean(source: str) -> None:
    assert found(source, "LL302") == []


LL303_FOUND = [
    (STD + 'logger.info("{}".format(x))\n', [(3, 13, "LL303")]),
    (STD + 'logger.info("a" "{}".format(x))\n', [(3, 13, "LL303")]),
    (LOGURU + 'logger.info("{}".format(x))\n', [(2, 13, "LL303")]),
    (STRUCT + 'log.info("{}".format(x))\n', [(3, 10, "LL303")]),
    (UNKNOWN + 'self.logger.info("{}".format(x))\n', [(2, 22, "LL303")]),
]

LL303_CLEAN = [
    LOGURU + 'logger.info("{}", x)\n',
    STD + 'logger.info(template.format(x))\n',
    STD + 'logger.info("%s", "{}".format(x))\n',
]


@pytest.mark.parametrize("source,expected", LL303_FOUND)
def test_ll303_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL303") == expected


@pytest.mark.parametrize("source", LL303_CLEAN)
def test_ll303_clean(source: str) -> None:
    assert found(source, "LL303") == []


LL304_FOUND = [
    (STD + 'logger.info("a" + x)\n', [(3, 13, "LL304")]),
    (STD + 'logger.info(x + "a")\n', [(3, 13, "LL304")]),
    (STD + 'logger.info("a" + str(x) + "b")\n', [(3, 13, "LL304")]),
    (STD + 'logger.info(a + b + "x")\n', [(3, 13, "LL304")]),
    (STD + 'logger.info("a" + f"{x}" + y)\n', [(3, 13, "LL304")]),
    (LOGURU + 'logger.info("a" + x)\n', [(2, 13, "LL304")]),
    (STRUCT + 'log.info("a" + x)\n', [(3, 10, "LL304")]),
    (UNKNOWN + 'self.logger.info("a" + x)\n', [(2, 22, "LL304")]),
    # a value among the constants: built at run time
    (STD + 'logger.info("\\n" + "=" * width)\n', [(3, 13, "LL304")]),
]

LL304_CLEAN = [
    STD + 'logger.info("a" + "b")\n',
    STD + 'logger.info(x + y)\n',
    STD + 'logger.info(f"{x}" + y)\n',
    STD + 'logger.info(b"a" + x)\n',
    STD + 'logger.info("%s", "a" + x)\n',
    # constants only: Python folds them into one string when it compiles the module
    STD + 'logger.info("\\n" + "=" * 60)\n',
    STD + 'logger.info("-" * 40 + "\\n" + ("=" * 2) * 3)\n',
]


@pytest.mark.parametrize("source,expected", LL304_FOUND)
def test_ll304_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL304") == expected


@pytest.mark.parametrize("source", LL304_CLEAN)
def test_ll304_clean(source: str) -> None:
    assert found(source, "LL304") == []


LL305_FOUND = [
    (STD + 'logger.info("%s %s", x)\n', "2 placeholders but 1 argument"),
    (STD + 'logger.info("%s", x, y)\n', "1 placeholder but 2 arguments"),
    (STD + 'logger.info("%*d", x)\n', "2 placeholders but 1 argument"),
    (STD + 'logger.info("done", x)\n', "0 placeholders but 1 argument"),
    (STD + 'logger.info("%(user)s", {"usr": 1})\n', "missing key 'user' in the argument mapping"),
    (STD + 'logger.info("%(user)s", a, b)\n', "named placeholders need a single mapping argument, got 2 arguments"),
    (STD + 'logger.info("ab %y", 1)\n', "unsupported format character 'y' in the placeholder at index 3"),
    (STD + 'logger.info("%s %%%", 1)\n', "incomplete format in the placeholder at index 5"),
    (STD + 'logger.info("%(a)s %s", x)\n', "mixes named and positional placeholders"),
    (STD + 'logger.info("%s done")\n', "placeholder '%s' but no arguments; the message is logged as written"),
    (STD + 'logger.info("user %(name)s")\n', "placeholder '%(name)s' but no arguments; the message is logged as written"),
    (STD + 'logger.info(msg="%s done")\n', "placeholder '%s' but no arguments; the message is logged as written"),
    (STD + 'logger.info("a %d" "b")\n', "placeholder '%d' but no arguments; the message is logged as written"),
    (STRUCT + 'log.info("%s %s", x)\n', "2 placeholders but 1 argument"),
    (STRUCT + 'log.info("user %s", user=u)\n', "placeholder '%s' but no arguments; the message is logged as written"),
    (LOGURU + 'logger.info("{} {}", 1)\n', "2 placeholders but 1 argument"),
    (LOGURU + 'logger.info("{}", 1, 2)\n', "1 placeholder but 2 arguments"),
    (LOGURU + 'logger.info("{0} {2}", a, b)\n', "field '{2}' needs 3 arguments but 2 given"),
    (LOGURU + 'logger.info("{0} {0}", a, b)\n', "field '{0}' needs 1 argument but 2 given"),
    (LOGURU + 'logger.info("{name}", a, name=n)\n', "0 placeholders but 1 argument"),
    (LOGURU + 'logger.info("{}", user=u)\n', "1 placeholder but 0 arguments"),
    (LOGURU + 'logger.info("{name}", nam=1)\n', "missing keyword argument 'name' for a named placeholder"),
    (LOGURU + 'logger.info("{} {", x)\n', "invalid format: single '{' encountered"),
    (LOGURU + 'logger.info("got {}")\n', "placeholder '{}' but no arguments; the message is logged as written"),
]

LL305_CLEAN = [
    STD + 'logger.info("100% of")\n',
    STD + 'logger.info("at 50% done")\n',
    STD + 'logger.info("%-5s done")\n',
    STD + 'logger.info("%s %d", x, 1)\n',
    STD + 'logger.info("%s%%", x)\n',
    STD + 'logger.info("%*d", 5, x)\n',
    STD + 'logger.info("%(a)s %(a)r", {"a": 1, "b": 2})\n',
    STD + 'logger.info("%(a)s", mapping)\n',
    STD + 'logger.info("%(a)s", {**base})\n',
    STD + 'logger.info("%s %s", *args)\n',
    STD + 'logger.info("%s %s", x, **kw)\n',
    STD + 'logger.info(message, x)\n',
    STD + 'logger.info("{}", x)\n',  # LL306 reports it
    LOGURU + 'logger.info("{} and {}", a, b)\n',
    LOGURU + 'logger.info("{0} {0}", a)\n',
    LOGURU + 'logger.info("{name} {}", a, name=n)\n',
    LOGURU + 'logger.info("{}", x, request_id=r)\n',
    LOGURU + 'logger.info("{name}")\n',
    LOGURU + 'logger.info("{{}}", x=1)\n',
    LOGURU + 'logger.opt(record=True).info("{record[time]}")\n',
    LOGURU + 'logger.info("{}", *args)\n',
    LOGURU + 'logger.info("{a}", **ctx)\n',
    LOGURU + 'logger.info("100% of %s", x)\n',  # LL306 reports it
    STRUCT + 'log.info("event", key=1)\n',
    STRUCT + 'log.info("100% of", key=1)\n',
    UNKNOWN + 'self.logger.info("%s %s", x)\n',
]


@pytest.mark.parametrize("source,message", LL305_FOUND)
def test_ll305_found(source: str, message: str) -> None:
    line = source.count("\n")
    assert [(f.line, f.message) for f in lint(source, "LL305").findings] == [(line, message)]


@pytest.mark.parametrize("source", LL305_CLEAN)
def test_ll305_clean(source: str) -> None:
    assert found(source, "LL305") == []


def test_ll305_position() -> None:
    assert found(STD + 'logger.warning(\n    "%s %s",\n    x,\n)\n', "LL305") == [(4, 5, "LL305")]


LL306_FOUND = [
    (LOGURU + 'logger.info("user %s", u)\n', [(2, 13, "LL306")]),
    (LOGURU + 'logger.info("100% of %s", x)\n', [(2, 13, "LL306")]),
    (STD + 'logger.info("user {}", u)\n', [(3, 13, "LL306")]),
    (STD + 'logger.info("{} done 100%", u)\n', [(3, 13, "LL306")]),
    (STD + 'logger.info("{} {}", u)\n', [(3, 13, "LL306")]),
]

LL306_CLEAN = [
    LOGURU + 'logger.info("{} at 100%", x)\n',
    # loguru with {} fields too: the % is text (the page's "and no {} fields")
    LOGURU + 'logger.info("{} and %s", x)\n',
    LOGURU + 'logger.info("{} got %d%% from {name}", x, name=n)\n',
    LOGURU + 'logger.info("%s")\n',
    LOGURU + 'logger.info("%s {", x)\n',
    STD + 'logger.info("{} %s", x)\n',
    STD + 'logger.info("{}")\n',
    STRUCT + 'log.info("{}", x)\n',
    UNKNOWN + 'self.logger.info("{}", x)\n',
]


@pytest.mark.parametrize("source,expected", LL306_FOUND)
def test_ll306_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL306") == expected


@pytest.mark.parametrize("source", LL306_CLEAN)
def test_ll306_clean(source: str) -> None:
    assert found(source, "LL306") == []


def test_ll306_messages() -> None:
    source = STD + 'from loguru import logger as lg\nlg.info("n=%d", n)\nlogger.info("n={}", n)\n'
    assert messages(source, "LL306") == [
        "loguru formats with {} fields; it logs '%d' as written and drops the value",
        "logging formats with % placeholders; {} fields make the record fail to format",
    ]


def test_ll305_silent_where_ll306_reports() -> None:
    source = STD + 'logger.info("{} {}", u)\n' + LOGURU + 'from loguru import logger as lg\nlg.info("%s %s", u)\n'
    assert [code for _, _, code in positions(source, "LL305,LL306")] == ["LL306", "LL306"]


LL307_FOUND = [
    (STD + 'logger.info("%s", str(x))\n', [(3, 19, "LL307")]),
    (STD + 'logger.info("%s %s", repr(x), str(y))\n', [(3, 22, "LL307"), (3, 31, "LL307")]),
    (STD + 'logger.log(logging.INFO, "%s", str(x))\n', [(3, 32, "LL307")]),
    (LOGURU + 'logger.info("{}", str(x))\n', [(2, 19, "LL307")]),
    (LOGURU + 'logger.info("{} of %s", str(x), str(y))\n', [(2, 25, "LL307"), (2, 33, "LL307")]),
    (STRUCT + 'log.info("%s", str(x))\n', [(3, 16, "LL307")]),
    (UNKNOWN + 'self.logger.info("%s", repr(x))\n', [(2, 28, "LL307")]),
    # ascii(), hex(), oct(), format(x, spec): where the placeholder can convert the same
    (STD + 'logger.info("%s %-8s %5s", ascii(x), hex(y), oct(z))\n', [(3, 28, "LL307"), (3, 38, "LL307"), (3, 46, "LL307")]),
    (STD + 'logger.info("%s", format(x, ".2f"))\n', [(3, 19, "LL307")]),
    (LOGURU + 'logger.info("{} {:>5} {}", hex(x), ascii(y), format(z, "08.3f"))\n', [(2, 28, "LL307"), (2, 36, "LL307"), (2, 46, "LL307")]),
]

LL307_CLEAN = [
    # loguru leaves arguments out of a message with no {} field: LL306's, not LL307's
    LOGURU + 'logger.info("sent to %s", str(user))\n',
    STRUCT + 'log.info("event", user=str(u))\n',
    LOGURU + 'logger.info("{u}", u=str(u))\n',
    STD + 'logger.info("%s", str(b, "utf-8"))\n',
    STD + 'logger.info("%s", str())\n',
    STD + 'logger.info(str(x))\n',
    STD + 'logger.info("%s", x.str())\n',
    # no placeholder says the same
    STD + 'logger.info("%08s %+s %.3s", hex(x), oct(y), hex(z))\n',
    STD + 'logger.info("%d", hex(x))\n',
    STD + 'logger.info("%5s", format(x, ".2f"))\n',
    STD + 'logger.info("%s", format(x, ","))\n',
    STD + 'logger.info("%s", format(x))\n',
    STD + 'logger.info("%s", format(x, spec))\n',
    STD + 'logger.info("%s %s", hex(x))\n',
    STD + 'logger.info("%(a)s", {"a": hex(x)})\n',
    LOGURU + 'logger.info("{:>5}", hex(x))\n',
    LOGURU + 'logger.info("{!r}", ascii(x))\n',
    LOGURU + 'logger.info("{:>3}", format(x, ".2f"))\n',
    LOGURU + 'logger.info("{0}", hex(x))\n',
    LOGURU + 'logger.opt(lazy=True).info("{}", hex(x))\n',
    STRUCT + 'log.info("%s", hex(x))\n',
    UNKNOWN + 'self.logger.info("%s", hex(x))\n',
    "from elsewhere import logger\nimport logging\nlogger.info('%s', hex(x))\n",
]


def test_ll307_messages_name_the_placeholder() -> None:
    source = STD + 'logger.info("%s %s %s", ascii(a), oct(b), format(c, ".1f"))\n' + 'from loguru import logger as lg\nlg.info("{}", hex(d))\n'
    assert messages(source, "LL307") == [
        f"{name}() on a logging argument runs even when the level is disabled; pass the value itself with `{shown}`"
        for name, shown in [("ascii", "%a"), ("oct", "%#o"), ("format", "%.1f"), ("hex", "{:#x}")]
    ]


@pytest.mark.parametrize("source,expected", LL307_FOUND)
def test_ll307_found(source: str, expected: List[Tuple[int, int, str]]) -> None:
    assert found(source, "LL307") == expected


@pytest.mark.parametrize("source", LL307_CLEAN)
def test_ll307_clean(source: str) -> None:
    assert found(source, "LL307") == []


# -- fixes -----------------------------------------------------------------------------

# (code, source, fixed source, applicability); the header is added to both.
FIXES = [
    # LL301, stdlib
    ("LL301", STD, 'logger.info(f"{x!r} done")', 'logger.info("%r done", x)', "safe"),
    ("LL301", STD, 'logger.info(f"{x}")', 'logger.info("%s", x)', "unsafe"),
    ("LL301", STD, 'logger.info(f"{x!s} at 100% {{y}}")', 'logger.info("%s at 100%% {y}", x)', "safe"),
    ("LL301", STD, 'logger.info(f"{x:.2f} {y:>6} {z:d}")', 'logger.info("%.2f %6s %d", x, y, z)', "unsafe"),
    ("LL301", STD, 'logger.info(f"{x!s:>8}|{y!r:<4}")', 'logger.info("%8s|%-4r", x, y)', "safe"),
    ("LL301", STD, r'logger.info(rf"\d+ {x!r} \%")', r'logger.info(r"\d+ %r \%%", x)', "safe"),
    ("LL301", STD, r'logger.info(f"\N{BULLET} {x!r} }}}}")', r'logger.info("\N{BULLET} %r }}", x)', "safe"),
    ("LL301", STD, "logger.info(f'{a, b!r}')", "logger.info('%r', (a, b))", "safe"),
    ("LL301", STD, 'logger.info(f"{d["k"]!r}")', 'logger.info("%r", d["k"])', "safe"),
    ("LL301", STD, 'logger.log(logging.INFO, f"{x!r}", extra=e)', 'logger.log(logging.INFO, "%r", x, extra=e)', "safe"),
    ("LL301", STD, "logger.info('a%' f'{x!r}' \"b\")", "logger.info('a%%' '%r' \"b\", x)", "safe"),
    (
        "LL301",
        STD,
        'logger.info(\n    f"a {x!r}"\n    f" b {y!r}",\n    exc_info=True,\n)',
        'logger.info(\n    "a %r"\n    " b %r", x, y,\n    exc_info=True,\n)',
        "safe",
    ),
    ("LL301", STD, 'logger.info(\n    f"a {x!r}",\n)', 'logger.info(\n    "a %r", x,\n)', "safe"),
    ("LL301", STD, 'logger.info(f"{x!r}" )', 'logger.info("%r", x )', "safe"),
    ("LL301", STD, r'logger.info(f"{x!r}\t" r"\d%")', r'logger.info("%r\t" r"\d%%", x)', "safe"),
    # LL301, loguru
    ("LL301", LOGURU, 'logger.info(f"{x!r} {y:>5} {{z}}" "{w}")', 'logger.info("{!r} {:>5} {{z}}" "{{w}}", x, y)', "safe"),
    ("LL301", LOGURU, 'logger.info(f"{x} 100%")', 'logger.info("{} 100%", x)', "safe"),
    ("LL301", LOGURU, 'logger.info(f"{x}", user=u)', 'logger.info("{}", x, user=u)', "unsafe"),
    ("LL301", LOGURU, 'logger.opt(colors=True).info(f"{x}")', 'logger.opt(colors=True).info("{}", x)', "unsafe"),
    ("LL301", LOGURU, 'logger.opt(depth=1).info(f"{x!r}")', 'logger.opt(depth=1).info("{!r}", x)', "safe"),
    # LL302
    ("LL302", STD, 'logger.info("%s and %r" % (a, b))', 'logger.info("%s and %r", a, b)', "safe"),
    ("LL302", STD, 'logger.info("%d%% of %s" % (a, b))', 'logger.info("%d%% of %s", a, b)', "safe"),
    ("LL302", STD, 'logger.info("%s" % (a,))', 'logger.info("%s", a)', "safe"),
    ("LL302", STD, 'logger.info("%(a)s %(b)r" % {"a": 1, "b": x})', 'logger.info("%(a)s %(b)r", {"a": 1, "b": x})', "safe"),
    ("LL302", STD, 'logger.info("n=%d" % len(x))', 'logger.info("n=%d", len(x))', "safe"),
    ("LL302", STD, 'logger.info("<%s>" % (f"{x}"))', 'logger.info("<%s>", f"{x}")', "safe"),
    ("LL302", STD, 'logger.info("%s" % ((a, b),))', 'logger.info("%s", (a, b))', "safe"),
    ("LL302", LOGURU, 'logger.info("%s and %r {x} 100%%" % (a, b))', 'logger.info("{} and {!r} {{x}} 100%", a, b)', "unsafe"),
    ("LL302", LOGURU, "logger.info('%r' % (a,))", "logger.info('{!r}', a)", "safe"),
    ("LL302", LOGURU, 'logger.info("%5.1f" % (a,))', 'logger.info("{:5.1f}", a)', "unsafe"),
    # LL303
    ("LL303", LOGURU, 'logger.info("{} and {!r}".format(a, b))', 'logger.info("{} and {!r}", a, b)', "safe"),
    ("LL303", LOGURU, 'logger.info("{{x}} {0}".format(a))', 'logger.info("{{x}} {0}", a)', "safe"),
    ("LL303", LOGURU, 'logger.info("{} {n}".format(a, n=b))', 'logger.info("{} {n}", a, n=b)', "unsafe"),
    ("LL303", STD, 'logger.info("{!r}: {!s}".format(a, b))', 'logger.info("%r: %s", a, b)', "safe"),
    ("LL303", STD, 'logger.info("{0} {1}".format(a, b))', 'logger.info("%s %s", a, b)', "unsafe"),
    ("LL303", STD, "logger.info('{{}} {!r} 100%'.format(a))", "logger.info('{} %r 100%%', a)", "safe"),
    # LL304
    ("LL304", STD, 'logger.info("user " + str(u) + " has " + repr(v))', 'logger.info("user %s has %r", u, v)', "safe"),
    ("LL304", STD, 'logger.info("a" + x)', 'logger.info("a%s", x)', "unsafe"),
    ("LL304", STD, "logger.info('100% ' + str(x))", "logger.info('100%% %s', x)", "safe"),
    ("LL304", STD, 'logger.info(a + b + "x")', 'logger.info("%sx", a + b)', "unsafe"),
    ("LL304", STD, 'logger.info((a + b) + "x")', 'logger.info("%sx", (a + b))', "unsafe"),
    ("LL304", STD, 'logger.info(("a" + str(x)) + str(y))', 'logger.info("a%s%s", x, y)', "safe"),
    ("LL304", STD, 'logger.info("a\\tb" "c" + str(x))', 'logger.info("a\\tbc%s", x)', "safe"),
    ("LL304", LOGURU, 'logger.info("a{" + str(x) + "}" + repr(y))', 'logger.info("a{{{!s}}}{!r}", x, y)', "safe"),
    ("LL304", LOGURU, 'logger.info("a " + x)', 'logger.info("a {}", x)', "unsafe"),
    # LL306
    ("LL306", LOGURU, 'logger.info("user %s (%r) at 100%%", u, v)', 'logger.info("user {} ({!r}) at 100%", u, v)', "unsafe"),
    ("LL306", LOGURU, 'logger.info("[%s] {{x}} at %d%", u, v)', 'logger.info("[{}] {{{{x}}}} at {:d}%", u, v)', "unsafe"),
    ("LL306", STD, 'logger.info("user {} ({!r}) 100%", u, v)', 'logger.info("user %s (%r) 100%%", u, v)', "unsafe"),
    # LL307
    ("LL307", STD, 'logger.info("%s", str(x))', 'logger.info("%s", x)', "safe"),
    ("LL307", STD, 'logger.info("%-10s|", repr(x))', 'logger.info("%-10r|", x)', "safe"),
    ("LL307", STD, 'logger.info("%s %s", a, str(x for x in y))', 'logger.info("%s %s", a, (x for x in y))', "safe"),
    ("LL307", LOGURU, 'logger.info("{}", str(x))', 'logger.info("{!s}", x)', "safe"),
    ("LL307", LOGURU, 'logger.info("{} {:>5}", a, repr(x))', 'logger.info("{} {!r:>5}", a, x)', "safe"),
    ("LL307", STD, 'logger.info("%-6s|", ascii(x))', 'logger.info("%-6a|", x)', "safe"),
    ("LL307", STD, 'logger.info("%s", hex(x))', 'logger.info("%#x", x)', "safe"),
    ("LL307", STD, 'logger.info("%-8s|", oct(x))', 'logger.info("%-#8o|", x)', "safe"),
    ("LL307", STD, 'logger.info("%s", format(x, ".2f"))', 'logger.info("%.2f", x)', "unsafe"),
    ("LL307", LOGURU, 'logger.info("{:>4}", ascii(x))', 'logger.info("{!a:>4}", x)', "safe"),
    ("LL307", LOGURU, 'logger.info("{}", hex(x))', 'logger.info("{:#x}", x)', "unsafe"),
    ("LL307", LOGURU, 'logger.info("{}", format(x, ">8.2f"))', 'logger.info("{:>8.2f}", x)', "safe"),
    # LL301, f-string added to literals: one implicit concatenation
    ("LL301", STD, 'logger.info(f"{x!r}" + " tail %")', 'logger.info("%r" " tail %%", x)', "safe"),
    ("LL301", STD, 'logger.info("a" + (f"{x!s}" "b") + "c")', 'logger.info("a" "%s" "b" "c", x)', "safe"),
    ("LL301", LOGURU, 'logger.info(f"{x}" + " {y}")', 'logger.info("{}" " {{y}}", x)', "safe"),
    ("LL301", STD, 'logger.info(\n    f"{x!r}" +\n    " tail"\n)', 'logger.info(\n    "%r"\n    " tail", x\n)', "safe"),
]


@pytest.mark.parametrize("code,header,before,after,applicability", FIXES)
def test_fix(code: str, header: str, before: str, after: str, applicability: str) -> None:
    source = header + before + "\n"
    assert fix_of(source, code) == applicability
    if applicability == "safe":
        assert fixed(source, code) == header + after + "\n"
    else:
        assert fixed(source, code) == source
    assert fixed(source, code, unsafe=True) == header + after + "\n"


@pytest.mark.parametrize("code,header,before,after,applicability", FIXES)
def test_fix_is_final(code: str, header: str, before: str, after: str, applicability: str) -> None:
    result = header + after + "\n"
    cst.parse_module(result)
    assert [f.code for f in lint(result, "LL30").findings if f.fix is not None] == []
    assert code not in [f.code for f in lint(result, "LL30").findings]


NO_FIX = [
    ("LL301", STD + 'logger.info(f"{x:^6}")\n'),
    ("LL301", STD + 'logger.info(f"{x:,}")\n'),
    ("LL301", STD + 'logger.info(f"{x=}")\n'),
    ("LL301", STD + 'logger.info(f"{x:>{w}}")\n'),
    ("LL301", STD + 'logger.info(f"{x} %s", y)\n'),
    ("LL301", STD + 'logger.info(f"{x}", *args)\n'),
    ("LL301", STD + 'logger.info(msg=f"{x}")\n'),
    ("LL301", LOGURU + 'logger.info(f"{x} {y}", z)\n'),
    ("LL301", LOGURU + 'logger.info(f"{x} {{}}", user=u)\n'),
    ("LL301", LOGURU + 'logger.opt(lazy=True).info(f"{x}")\n'),
    ("LL301", STRUCT + 'log.info(f"{x}")\n'),
    ("LL301", UNKNOWN + 'self.logger.info(f"{x!r}")\n'),
    ("LL302", STD + 'logger.info("%s" % x)\n'),
    ("LL302", STD + 'logger.info("%s %s" % (a,))\n'),
    ("LL302", STD + 'logger.info("%s %s" % (a, *b))\n'),
    ("LL302", STD + 'logger.info("%(a)s" % {"b": 1})\n'),
    ("LL302", STD + 'logger.info("%(a)s" % {k: 1})\n'),
    ("LL302", STD + 'logger.info("%s" % (a,), b)\n'),
    ("LL302", STD + 'logger.info("%y" % (a,))\n'),
    ("LL302", LOGURU + 'logger.info("%(a)s" % {"a": 1})\n'),
    ("LL302", LOGURU + 'logger.info("%c" % (a,))\n'),
    ("LL302", STRUCT + 'log.info("%s" % (a,))\n'),
    ("LL303", STD + 'logger.info("{1} {0}".format(a, b))\n'),
    ("LL303", STD + 'logger.info("{name}".format(name=a))\n'),
    ("LL303", STD + 'logger.info("{} {}".format(a))\n'),
    ("LL303", STD + 'logger.info("{:^5}".format(a))\n'),
    ("LL303", LOGURU + 'logger.info("{}".format())\n'),
    ("LL303", LOGURU + 'logger.info("{}".format(*a))\n'),
    ("LL303", LOGURU + 'logger.info("{}".format(a), user=u)\n'),
    ("LL303", LOGURU + 'logger.opt(lazy=True).info("{}".format(a))\n'),
    ("LL303", STRUCT + 'log.info("{}".format(a))\n'),
    ("LL304", STD + 'logger.info("a" + f"{x}" + y)\n'),
    ("LL304", STD + 'logger.info("a %s " + x, y)\n'),
    ("LL304", STRUCT + 'log.info("a" + x)\n'),
    ("LL304", UNKNOWN + 'self.logger.info("a" + x)\n'),
    ("LL306", LOGURU + 'logger.info("%s %s", u)\n'),
    ("LL306", LOGURU + 'logger.info("%(name)s", u)\n'),
    ("LL306", STD + 'logger.info("{name}", u)\n'),
    ("LL306", STD + 'logger.info("{} {}", u)\n'),
    ("LL307", STD + 'logger.info("%r", str(x))\n'),
    ("LL307", STD + 'logger.info("%d", str(x))\n'),
    ("LL307", STD + 'logger.info("%s %s", str(x))\n'),
    ("LL307", STD + 'logger.info("%s" "%s", a, repr(x))\n'),
    ("LL307", STD + 'logger.info("\\t%s", repr(x))\n'),
    ("LL307", STD + 'logger.info(message, str(x))\n'),
    ("LL307", LOGURU + 'logger.info("{!r}", str(x))\n'),
    ("LL307", LOGURU + 'logger.info("{0}", str(x))\n'),
    ("LL307", LOGURU + 'logger.opt(lazy=True).info("{}", str(x))\n'),
    ("LL307", STRUCT + 'log.info("%s", str(x))\n'),
    ("LL307", STD + 'logger.info("\\t%s", hex(x))\n'),
    ("LL307", STD + 'logger.info("%s" "%s", a, ascii(x))\n'),
    ("LL307", LOGURU + 'logger.info(\'{}\', format(x, "\'>5"))\n'),
    ("LL301", STD + 'logger.info(f"{x}" + "a", y)\n'),
]


@pytest.mark.parametrize("code,source", NO_FIX)
def test_no_fix(code: str, source: str) -> None:
    assert fix_of(source, code) is None


# -- round trips -----------------------------------------------------------------------


class Odd:
    """``str()``, ``format()`` and ``repr()`` all disagree."""

    def __str__(self) -> str:
        return "str-odd"

    def __format__(self, spec: str) -> str:
        return "format-odd"

    def __repr__(self) -> str:
        return "repr-odd"


class Color(str, enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


VALUES: List[Any] = [
    0, 42, -1.5, 2.675, "text", "{x} %s %% {}", "", None, True, Decimal("1.25"), Color.RED,
    Level.HIGH, Odd(), (1, 2), (), [1, "a"], {"k": "v"}, {}, b"raw", 3 + 4j,
]
PLAIN: List[Any] = [0, 42, "text", "word with spaces"]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception as error:  # noqa: BLE001 - the original may not format
            self.messages.append(f"<failed: {type(error).__name__}>")


_CAPTURE = _Capture()
_STD_LOGGER = logging.getLogger("loglint.roundtrip")
_STD_LOGGER.addHandler(_CAPTURE)
_STD_LOGGER.setLevel(logging.DEBUG)
_STD_LOGGER.propagate = False
_ROUND_TRIP_FILE = "<roundtrip>"


@pytest.fixture(scope="module", autouse=True)
def loguru_sink() -> Iterator[None]:
    """One loguru sink for the module, taking only the records of round-trip code."""
    from loguru import logger

    sink_id = logger.add(
        lambda message: _CAPTURE.messages.append(message.record["message"]),
        format="{message}",
        filter=lambda record: record["file"].path == _ROUND_TRIP_FILE,
        catch=False,
    )
    yield
    logger.remove(sink_id)


def render(source: str, env: Dict[str, Any]) -> List[str]:
    """The messages that running ``source`` logs; an exception is one "<raised>" entry."""
    code = compile(source, _ROUND_TRIP_FILE, "exec")
    out: List[str] = []
    _CAPTURE.messages = out
    try:
        exec(code, dict(env))
    except Exception as error:  # noqa: BLE001 - eager formatting may raise
        out.append(f"<raised: {type(error).__name__}>")
    return out


def _failed(rendered: List[str]) -> bool:
    return any(m.startswith(("<raised", "<failed")) for m in rendered)


def environments(values: List[Any]) -> List[Dict[str, Any]]:
    count = len(values)
    return [{"x": v, "y": values[-1 - i], "z": values[(3 * i + 1) % count]} for i, v in enumerate(values)]


# (library, statement, applicability of the fix; every LL30x fix is applied)
ROUND_TRIPS = [
    ("logging", 'logger.info(f"{x!r} and {y!s} 100% {{z}}")', "safe"),
    ("logging", 'logger.info(f"{x} and {y}")', "unsafe"),
    ("logging", 'logger.info(f"{x!s:>8}|{y!r:<6}|{z!a}")', "safe"),
    ("logging", 'logger.info(f"{x:.2f}|{y:>5}|{z:d}")', "unsafe"),
    ("logging", 'logger.info(rf"\\d+ {x!r}" " % done")', "safe"),
    ("logging", 'logger.info(f"{x, y!r}")', "safe"),
    ("logging", 'logger.info(f"{x!r}")', "safe"),
    ("logging", 'logger.info("%s and %r" % (x, y))', "safe"),
    ("logging", 'logger.info("%s" % (x,))', "safe"),
    ("logging", 'logger.info("%(a)s|%(b)r %%" % {"a": x, "b": y})', "safe"),
    ("logging", 'logger.info("<%s>" % str(x))', "safe"),
    ("logging", 'logger.info("{!r} {!s} {{}} 5%".format(x, y))', "safe"),
    ("logging", 'logger.info("{} {}".format(x, y))', "unsafe"),
    ("logging", 'logger.info("{0!s}-{1!r:>9}".format(x, y))', "safe"),
    ("logging", 'logger.info("a " + str(x) + " b " + repr(y) + " 100%")', "safe"),
    ("logging", 'logger.info("a " + str(x))', "safe"),
    ("logging", 'logger.info("a " + x)', "unsafe"),
    ("logging", 'logger.info("%s|%-6s|%.3s", str(x), repr(y), str(z))', "safe"),
    ("logging", 'logger.info("%s", str(x))', "safe"),
    ("loguru", 'logger.info(f"{x!r} {y!s:>5} {{z}}" "{w}")', "safe"),
    ("loguru", 'logger.info(f"{x} {y}")', "safe"),
    ("loguru", 'logger.info(f"{x:>4}")', "safe"),
    ("loguru", 'logger.info(f"{x}", k=1)', "unsafe"),
    ("loguru", 'logger.info("%s and %r" % (x, y))', "unsafe"),
    ("loguru", 'logger.info("%r 100%%" % (x,))', "safe"),
    ("loguru", 'logger.info("{} and {!r} {{}}".format(x, y))', "safe"),
    ("loguru", 'logger.info("{a}".format(a=x))', "unsafe"),
    ("loguru", 'logger.info("a{" + str(x) + "}" + repr(y))', "safe"),
    ("loguru", 'logger.info("a " + x)', "unsafe"),
    ("loguru", 'logger.info("{}|{:>5}", str(x), repr(y))', "safe"),
    ("logging", 'logger.info("%s|%-8s|%5s", ascii(x), ascii(y), ascii(z))', "safe"),
    ("loguru", 'logger.info("{}|{:>5}", ascii(x), ascii(y))', "safe"),
    ("logging", 'logger.info(f"{x!r} and {y!s}" + " 100% {z}")', "safe"),
    ("loguru", 'logger.info(f"{x!r} {y}" + " {z} 100%")', "safe"),
]
# Integers only (hex() and oct() take nothing else), with what %#x and {:#x} may render differently.
INTEGER_ROUND_TRIPS = [
    ("logging", 'logger.info("%s|%-8s|%9s", hex(x), oct(y), hex(z))', "safe"),
    ("loguru", 'logger.info("{} {}", hex(x), oct(y))', "unsafe"),
]
INTEGERS: List[Any] = [0, 1, -1, 255, -4096, 2**70, True, False, Level.HIGH]
# Numbers for format(x, spec), whose %-conversion goes through float().
NUMBER_ROUND_TRIPS = [
    ("logging", 'logger.info("%s|%s", format(x, ".2f"), format(y, ">8.1e"))', "unsafe"),
    ("loguru", 'logger.info("{}|{}", format(x, ".2f"), format(y, "08.3f"))', "safe"),
]
NUMBERS: List[Any] = [0, 1.5, -2.675, 1e100, 42, Level.HIGH]


@pytest.mark.parametrize(
    "library,statement,applicability,values",
    [(*case, None) for case in ROUND_TRIPS]
    + [(*case, INTEGERS) for case in INTEGER_ROUND_TRIPS]
    + [(*case, NUMBERS) for case in NUMBER_ROUND_TRIPS],
)
def test_round_trip(library: str, statement: str, applicability: str, values: Optional[List[Any]]) -> None:
    source = HEADERS[library] + statement + "\n"
    fixes = [f.fix for f in lint(source, "LL30").findings if f.fix is not None]
    assert fixes and {f.applicability for f in fixes} == {applicability}
    after = fixed(source, "LL30", unsafe=True)
    assert after != source
    assert fixed(after, "LL30", unsafe=True) == after  # nothing left to fix
    if values is None:
        values = VALUES if applicability == "safe" else PLAIN
    for env in environments(values):
        before = render(source, env)
        assert before, "nothing was logged"
        if _failed(before):
            continue
        assert render(after, env) == before, env


# LL306: the original never renders what was meant; the fix renders it as the other style would.
WRONG_STYLE = [
    ("logging", 'logger.info("{} and {!r} at 100%", x, y)', lambda x, y: f"{x} and {y!r} at 100%"),
    ("loguru", 'logger.info("%s and %r at 100%%", x, y)', lambda x, y: "%s and %r at 100%%" % (x, y)),
    ("loguru", 'logger.info("{%d} %", x, y)', None),
]


@pytest.mark.parametrize("library,statement,intended", WRONG_STYLE)
def test_wrong_style_fix_renders_the_intent(library: str, statement: str, intended: Any) -> None:
    source = HEADERS[library] + statement + "\n"
    after = fixed(source, "LL306", unsafe=True)
    if intended is None:
        assert after == source
        return
    for env in environments(PLAIN):
        assert render(after, env) == [intended(env["x"], env["y"])]


# Source pieces of a non-raw f-string and of a plain string literal.
_FSTRING_PIECES = ["a", " ", "%", "%%", "%s", "{{", "}}", "\\\\", "\\n", "\\N{BULLET}", "'", '\\"', "\\t", "{x!r}", "{y!s}"]
_PLAIN_PIECES = ["b", "{", "}", "%", "%s", "{}", "\\N{BULLET}", "\\\\", "\\x41"]


@settings(max_examples=60, deadline=None)
@given(
    library=st.sampled_from(["logging", "loguru"]),
    fstring=st.lists(st.sampled_from(_FSTRING_PIECES), max_size=8),
    plain=st.lists(st.sampled_from(_PLAIN_PIECES), max_size=4),
)
def test_fstring_round_trip_property(library: str, fstring: List[str], plain: List[str]) -> None:
    body = "".join(fstring) + "{x!r}"
    source = HEADERS[library] + f'logger.info(f"{body}" "{"".join(plain)}")\n'
    assert fix_of(source, "LL301") == "safe"
    after = fixed(source, "LL301")
    assert after != source
    for env in environments(VALUES[::3]):
        before = render(source, env)
        if not _failed(before):
            assert render(after, env) == before


@given(st.text(), st.sampled_from(["'", '"']))
def test_quote_string_round_trip(value: str, quote: str) -> None:
    literal = quote_string(value, quote)
    assert ast.literal_eval(literal) == value
    assert "\n" not in literal


def test_long_multiline_call_stays_tidy() -> None:
    source = STD + textwrap.dedent(
        """\
        logger.warning(
            f"user {user!r} failed "
            f"after {attempts!r} attempts",  # why
            extra={"k": 1},
        )
        """
    )
    assert fixed(source, "LL301") == STD + textwrap.dedent(
        """\
        logger.warning(
            "user %r failed "
            "after %r attempts", user, attempts,  # why
            extra={"k": 1},
        )
        """
    )
