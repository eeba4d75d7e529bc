"""Tests for loglint.placeholders, checked against CPython's own % and str.format."""

from __future__ import annotations

import datetime
import enum
import string
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loglint.placeholders import (
    BraceField,
    Conversion,
    PercentField,
    PercentTemplate,
    brace_to_percent,
    escape_brace,
    escape_percent,
    parse_brace,
    parse_percent,
    percent_to_brace,
    strict_percent_fields,
    unescape_brace,
    unescape_percent,
)

# -- helpers -----------------------------------------------------------------------


def outcome(render: Callable[..., str], *args: Any, **kwargs: Any) -> Tuple[str, str]:
    """What ``render(*args, **kwargs)`` gives: its text, or the name of the exception it raises."""
    try:
        return ("ok", render(*args, **kwargs))
    except Exception as exc:
        return ("raises", type(exc).__name__)


class Color(enum.IntEnum):
    RED = 1


class Shape(enum.Enum):
    SQUARE = "square"


class WithStr:
    def __str__(self) -> str:
        return "custom str"


class WithRepr:
    def __repr__(self) -> str:
        return "Wïth<repr>"


class WithFormat:
    def __format__(self, spec: str) -> str:
        return f"formatted[{spec}]"


class BadStr:
    def __str__(self) -> str:
        raise RuntimeError("boom")


class MyStr(str):
    pass


class MyInt(int):
    pass


PLAIN: List[Any] = [0, 7, -42, 255, 10**20, 0.0, -0.0, 1.5, -2.25, 3.14159, 1e16, 1e-7, 12345.678]
PLAIN += [float("inf"), float("-inf"), float("nan"), "", "a", "abc", "héllo wörld"]
ZOO = PLAIN + [
    True, False, None, 10**400, 1e300, b"bytes", [1, "two"], {"k": 1}, (1, 2), Decimal("1.25"),
    Decimal("-0.5"), Fraction(1, 3), Color.RED, Shape.SQUARE, datetime.datetime(2020, 1, 2, 3, 4, 5),
    datetime.date(2021, 12, 31), WithStr(), WithRepr(), WithFormat(), BadStr(), MyStr("sub"),
    MyInt(5), "tab\there", "\u00e9\u4e2d",
]  # fmt: skip


class Anything:
    """An argument every field accepts: any attribute, item and format spec."""

    def __getattr__(self, name: str) -> Anything:
        return self

    def __getitem__(self, key: object) -> Anything:
        return self

    def __format__(self, spec: str) -> str:
        return ""

    def __repr__(self) -> str:
        return AnySpecStr("any")


class AnySpecStr(str):
    """What ``!r``/``!s``/``!a`` make of an Anything: a string taking any spec."""

    def __format__(self, spec: str) -> str:
        return str(self)


def percent_args(template: str) -> Tuple[Tuple[int, ...], Dict[str, int]]:
    parsed = parse_percent(template)
    return (3,) * parsed.arg_count, {key: 3 for key in parsed.keys}


# -- parse_percent -----------------------------------------------------------------


def pf(start: int, end: int, conversion: str, key: Optional[str] = None, flags: str = "",
       width: str = "", precision: str = "") -> PercentField:  # fmt: skip
    return PercentField(start, end, key, flags, width, precision, conversion)


@pytest.mark.parametrize(
    ("template", "fields", "error"),
    [
        ("", (), None),
        ("no placeholders", (), None),
        ("%s", (pf(0, 2, "s"),), None),
        ("a %s b %r", (pf(2, 4, "s"), pf(7, 9, "r")), None),
        ("%-5.2f", (pf(0, 6, "f", flags="-", width="5", precision="2"),), None),
        ("%#0+ -10.3e", (pf(0, 11, "e", flags="#0+ -", width="10", precision="3"),), None),
        ("%05d", (pf(0, 4, "d", flags="0", width="5"),), None),
        ("%50d", (pf(0, 4, "d", width="50"),), None),
        ("%*.*f", (pf(0, 5, "f", width="*", precision="*"),), None),
        ("%.f", (pf(0, 3, "f", precision="0"),), None),
        ("%.*s", (pf(0, 4, "s", precision="*"),), None),
        ("%ld %hi %Lf", (pf(0, 3, "d"), pf(4, 7, "i"), pf(8, 11, "f")), None),
        ("%(name)s", (pf(0, 8, "s", key="name"),), None),
        ("%(a(b)c)-3d", (pf(0, 11, "d", key="a(b)c", flags="-", width="3"),), None),
        ("%()s", (pf(0, 4, "s", key=""),), None),
        ("%a %c %o %u %X %E %F %G", tuple(pf(3 * i, 3 * i + 2, c) for i, c in enumerate("acouXEFG")), None),
        ("%%", (), None),
        ("%%s", (), None),
        ("100%% of %s", (pf(9, 11, "s"),), None),
        ("%%%s%%", (pf(2, 4, "s"),), None),
        ("100% of", (pf(3, 6, "o", flags=" "),), None),
        ("at 50% done", (pf(5, 8, "d", flags=" "),), None),
        ("%", (), "incomplete format"),
        ("50%", (), "incomplete format"),
        ("%s %", (pf(0, 2, "s"),), "incomplete format"),
        ("%-5", (), "incomplete format"),
        ("%.", (), "incomplete format"),
        ("%l", (), "incomplete format"),
        ("%(a)", (), "incomplete format"),
        ("%(a", (), "incomplete format key"),
        ("%(a(b)s", (), "incomplete format key"),
        ("%y", (), "unsupported format character 'y'"),
        ("%s %y", (pf(0, 2, "s"),), "unsupported format character 'y'"),
        ("%5%", (), "unsupported format character '%'"),
        ("%hhd", (), "unsupported format character 'h'"),
        ("%.-1f", (), "unsupported format character '-'"),
        ("%\n", (), "unsupported format character '\\n'"),
        ("100% yes", (), "unsupported format character 'y'"),
        ("%99999999999999999999d", (), "width too big"),
        ("%.2147483648f", (), "precision too big"),
        ("%(a)s %s", (pf(0, 5, "s", key="a"), pf(6, 8, "s")), "mixes named and positional placeholders"),
        ("%s %(a)s", (pf(0, 2, "s"), pf(3, 8, "s", key="a")), "mixes named and positional placeholders"),
        ("%(a)*d", (pf(0, 6, "d", key="a", width="*"),), "mixes named and positional placeholders"),
    ],
)  # fmt: skip
def test_parse_percent(template: str, fields: Tuple[PercentField, ...], error: Optional[str]) -> None:
    parsed = parse_percent(template)
    assert parsed.fields == fields
    assert parsed.error == error
    if error is None:
        assert all(template[f.start] == "%" for f in fields)
        args, kwargs = percent_args(template)
        assert isinstance(template % (kwargs if kwargs else args), str)
    else:
        with pytest.raises((TypeError, ValueError)):
            template % tuple(range(30))


def test_percent_width_and_precision_up_to_cpythons_limits() -> None:
    # Parsed only: CPython would try to build a string that long.
    assert parse_percent(f"%{sys.maxsize}d").error is None
    assert parse_percent("%.2147483647f").error is None
    assert parse_percent(f"%{sys.maxsize + 1}d").error == "width too big"
    with pytest.raises(ValueError, match="width too big"):
        f"%{sys.maxsize + 1}d" % 1


@pytest.mark.parametrize(
    ("template", "arg_count", "keys"),
    [
        ("", 0, ()),
        ("%s %d %%", 2, ()),
        ("%*d", 2, ()),
        ("%-*.*f", 3, ()),
        ("%(b)s %(a)d %(b)r", 0, ("b", "a")),
    ],
)
def test_percent_arg_count_and_keys(template: str, arg_count: int, keys: Tuple[str, ...]) -> None:
    parsed = parse_percent(template)
    assert (parsed.arg_count, parsed.keys) == (arg_count, keys)


PERCENT_ALPHABET = "%()-+ #0123.*hlLsdrafxXeEgGciouyz\n"
percent_field_text = st.tuples(
    st.just("%"),
    st.sampled_from(["", "", "", "(a)", "(bb)", "(a(b))", "("]),
    st.text("-+ #0", max_size=3),
    st.sampled_from(["", "", "1", "5", "12", "*"]),
    st.sampled_from(["", "", ".", ".0", ".3", ".*", ".x"]),
    st.sampled_from(["", "", "", "h", "l", "L", "ll"]),
    st.sampled_from(list("sdrafxXeEgGciou%") + ["", "y", "%"]),
).map("".join)
percent_templates = st.one_of(
    st.text(PERCENT_ALPHABET, max_size=16),
    st.lists(st.one_of(st.text("ab %", max_size=3), percent_field_text), max_size=5).map("".join),
)


@settings(max_examples=150, deadline=None)
@given(percent_templates)
def test_parse_percent_agrees_with_cpython(template: str) -> None:
    parsed = parse_percent(template)
    args, kwargs = percent_args(template)
    if parsed.error is None:
        # Exactly the counted arguments are accepted.
        if kwargs:
            assert isinstance(template % kwargs, str)
            for key in kwargs:
                with pytest.raises(KeyError):
                    template % {k: v for k, v in kwargs.items() if k != key}
        else:
            assert isinstance(template % args, str)
            with pytest.raises(TypeError):
                template % (args + (3,))
            if args:
                with pytest.raises(TypeError):
                    template % args[1:]
    else:
        with pytest.raises((TypeError, ValueError)):
            template % tuple(range(1, 40))
        if parsed.error != "mixes named and positional placeholders":
            everything = {template[i:j]: 3 for i in range(len(template)) for j in range(i, len(template))}
            with pytest.raises((TypeError, ValueError)):
                template % everything


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text("ab %", max_size=3), percent_field_text), max_size=5).map("".join))
def test_percent_positions_are_exact(template: str) -> None:
    """Rendering field by field, with the text between unescaped, gives the same."""
    parsed = parse_percent(template)
    if parsed.error is not None:
        return
    values = iter(range(2, 100))
    mapping = {key: 100 + i for i, key in enumerate(parsed.keys)}
    args = []
    pieces, pos = [], 0
    for field in parsed.fields:
        own = [next(values) for _ in range(PercentTemplate((field,), None).arg_count)]
        args += own
        text = template[field.start : field.end]
        pieces += [unescape_percent(template[pos : field.start]), text % (mapping if field.key else tuple(own))]
        pos = field.end
    pieces.append(unescape_percent(template[pos:]))
    assert template % (mapping if mapping else tuple(args)) == "".join(pieces)


# -- strict_percent_fields ---------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "fields"),
    [
        ("%s", (pf(0, 2, "s"),)),
        ("%s did %r, %d %i %f", (pf(0, 2, "s"), pf(7, 9, "r"), pf(11, 13, "d"), pf(14, 16, "i"), pf(17, 19, "f"))),
        ("%(name)s %(n)d %(x)r", (pf(0, 8, "s", key="name"), pf(9, 14, "d", key="n"), pf(15, 20, "r", key="x"))),
        ("100% of", ()),
        ("at 50% done", ()),
        ("%-5s %5s %.2f %x %a %c", ()),
        ("%%s", ()),
        ("%%(name)s", ()),
        ("%%%s", (pf(2, 4, "s"),)),
        ("100%% of %s", (pf(9, 11, "s"),)),
        ("%(a b)s %()s %(a)-5s %(a)y", ()),
        ("%", ()),
    ],
)  # fmt: skip
def test_strict_percent_fields(template: str, fields: Tuple[PercentField, ...]) -> None:
    assert strict_percent_fields(template) == fields


@given(st.text("%()sdrifxa-5 n", max_size=14))
def test_strict_fields_are_real_fields(template: str) -> None:
    """Where CPython parses the template, each strict field is one of its fields."""
    parsed = parse_percent(template)
    if parsed.error is None:
        assert set(strict_percent_fields(template)) <= set(parsed.fields)


# -- parse_brace -------------------------------------------------------------------


def bf(start: int, end: int, name: str = "", conversion: Optional[str] = None, spec: str = "",
       nested: bool = False) -> BraceField:  # fmt: skip
    return BraceField(start, end, name, conversion, spec, nested)


@pytest.mark.parametrize(
    ("template", "fields", "error"),
    [
        ("", (), None),
        ("plain", (), None),
        ("{}", (bf(0, 2),), None),
        ("a {} b {}", (bf(2, 4), bf(7, 9)), None),
        ("{0} {1} {0}", (bf(0, 3, "0"), bf(4, 7, "1"), bf(8, 11, "0")), None),
        ("{user}", (bf(0, 6, "user"),), None),
        ("{user.name} {a[0]} {a[x.y]}", (bf(0, 11, "user.name"), bf(12, 18, "a[0]"), bf(19, 27, "a[x.y]")), None),
        ("{a[}]}", (bf(0, 6, "a[}]"),), None),
        ("{x!r}", (bf(0, 5, "x", "r"),), None),
        ("{!s:>10}", (bf(0, 8, "", "s", ">10"),), None),
        ("{x:.2f}", (bf(0, 7, "x", spec=".2f"),), None),
        ("{:}", (bf(0, 3),), None),
        ("{!r:}", (bf(0, 5, conversion="r"),), None),
        ("{x:%Y-%m-%d %H:%M}", (bf(0, 18, "x", spec="%Y-%m-%d %H:%M"),), None),
        ("{:{}}", (bf(0, 5, spec="{}", nested=True),), None),
        ("{0:{1}.{2}f}", (bf(0, 12, "0", spec="{1}.{2}f", nested=True),), None),
        ("{:{{}}}", (bf(0, 7, spec="{{}}", nested=True),), None),
        ("{.real} {[0]}", (bf(0, 7, ".real"), bf(8, 13, "[0]")), None),
        ("{{}}", (), None),
        ("{{x}} {}", (bf(6, 8),), None),
        ("}}{{", (), None),
        ("{{{}}}", (bf(2, 4),), None),
        ("}", (), "single '}' encountered"),
        ("a } b", (), "single '}' encountered"),
        ("{}}", (bf(0, 2),), "single '}' encountered"),
        ("{", (), "single '{' encountered"),
        ("{} {", (bf(0, 2),), "single '{' encountered"),
        ("{a", (), "expected '}' before end of string"),
        ("{a[}", (), "expected '}' before end of string"),
        ("{a{}", (), "unexpected '{' in field name"),
        ("{!", (), "end of string while looking for conversion specifier"),
        ("{!r", (), "unmatched '{' in format spec"),
        ("{!}", (), "unmatched '{' in format spec"),
        ("{:x", (), "unmatched '{' in format spec"),
        ("{:{}", (), "unmatched '{' in format spec"),
        ("{!rr}", (), "expected ':' after conversion specifier"),
        ("{!x}", (), "unknown conversion specifier 'x'"),
        ("{!}}", (), "unknown conversion specifier '}'"),
        ("{} {0}", (bf(0, 2),), "cannot switch from automatic field numbering to manual field specification"),
        ("{0} {}", (bf(0, 3, "0"),), "cannot switch from manual field specification to automatic field numbering"),
        ("{0:{}}", (), "cannot switch from manual field specification to automatic field numbering"),
        ("{:{:{}}}", (), "max string recursion exceeded"),
        ("{:{:{{}}}}", (), "max string recursion exceeded"),
        ("{a.}", (), "empty attribute in format string"),
        ("{a[]}", (), "empty attribute in format string"),
        ("{a[0]b}", (), "only '.' or '[' may follow ']' in format field specifier"),
        ("{a[0]X}", (), "only '.' or '[' may follow ']' in format field specifier"),
        ("{99999999999999999999}", (), "too many decimal digits in format string"),
        ("{99999999999999999999x}", (), "too many decimal digits in format string"),
        ("{a[99999999999999999999]}", (), "too many decimal digits in format string"),
    ],
)  # fmt: skip
def test_parse_brace(template: str, fields: Tuple[BraceField, ...], error: Optional[str]) -> None:
    parsed = parse_brace(template)
    assert parsed.fields == fields
    assert parsed.error == error
    args, kwargs = [Anything()] * 5, {"a": Anything(), "x": Anything(), "user": Anything()}
    if error is None:
        assert isinstance(template.format(*args, **kwargs), str)
    else:
        with pytest.raises(ValueError):
            template.format(*args, **kwargs)


@pytest.mark.parametrize("template", ["{%d}", "{a[%d]}"])
def test_brace_indexes_up_to_cpythons_limit(template: str) -> None:
    largest, too_large = template % sys.maxsize, template % (sys.maxsize + 1)
    assert parse_brace(largest).error is None
    with pytest.raises((IndexError, KeyError)):  # parsed, then looked up
        largest.format(a=[0])
    assert parse_brace(too_large).error == "too many decimal digits in format string"
    with pytest.raises(ValueError, match="Too many decimal digits"):
        too_large.format(a=[0])


@pytest.mark.parametrize(
    ("template", "auto_count", "max_index", "names"),
    [
        ("", 0, -1, ()),
        ("{} {:>5} {!r}", 3, -1, ()),
        ("{.real} {[0]}", 2, -1, ()),
        ("{0} {2} {1}", 0, 2, ()),
        ("{user.name} {a[0]} {user!r} {1a}", 0, -1, ("user", "a", "1a")),
        ("{:{}.{}f}", 3, -1, ()),
        ("{x:{w}} {0:{3}}", 0, 3, ("x", "w")),
        ("{\u0663}", 0, 3, ()),
        ("{XY} {a[X]} {X!r}", 0, -1, ("XY", "a", "X")),
    ],
)
def test_brace_counts(template: str, auto_count: int, max_index: int, names: Tuple[str, ...]) -> None:
    parsed = parse_brace(template)
    assert parsed.error is None
    assert (parsed.auto_count, parsed.max_index, parsed.names) == (auto_count, max_index, names)


BRACE_ALPHABET = "{}{}[]!:.0a1rsx "
brace_field_text = st.tuples(
    st.just("{"),
    st.sampled_from(["", "", "0", "1", "a", "a.b", "a[0]", "[1]", ".x", "0[a]", "a.", "a[", "a[]x"]),
    st.sampled_from(["", "", "!r", "!s", "!a", "!x", "!"]),
    st.sampled_from(["", "", ":", ":>5", ":{}", ":{a}", ":{0}", ":{:{}}", ":{", ":}", ":{{}}"]),
    st.just("}"),
).map("".join)
brace_templates = st.one_of(
    st.text(BRACE_ALPHABET, max_size=14),
    st.lists(st.one_of(st.text("ab{}", max_size=2), brace_field_text), max_size=4).map("".join),
)


@settings(max_examples=150, deadline=None)
@given(brace_templates)
def test_parse_brace_agrees_with_cpython(template: str) -> None:
    parsed = parse_brace(template)
    if parsed.error is None:
        # Exactly the counted arguments are needed ...
        args = [Anything()] * max(parsed.auto_count, parsed.max_index + 1)
        kwargs = {name: Anything() for name in parsed.names}
        assert isinstance(template.format(*args, **kwargs), str)
        if args:
            with pytest.raises(IndexError):
                template.format(*args[1:], **kwargs)
        for name in kwargs:
            with pytest.raises(KeyError):
                template.format(*args, **{k: v for k, v in kwargs.items() if k != name})
        # ... and the fields and the text between them are CPython's.
        expected = [(n, spec, conv) for _, n, spec, conv in string.Formatter().parse(template) if n is not None]
        assert [(f.name, f.format_spec, f.conversion) for f in parsed.fields] == expected
        literal = "".join(text for text, *_ in string.Formatter().parse(template))
        gaps = zip([0] + [f.end for f in parsed.fields], [f.start for f in parsed.fields] + [len(template)])
        assert "".join(unescape_brace(template[a:b]) for a, b in gaps) == literal
        assert all(template[f.start] == "{" and template[f.end - 1] == "}" for f in parsed.fields)
    else:
        everything = {template[i:j]: Anything() for i in range(len(template)) for j in range(i, len(template))}
        with pytest.raises(ValueError):
            template.format(*[Anything()] * 30, **everything)


# -- escaping ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (escape_percent, "100% of 50%s", "100%% of 50%%s"),
        (unescape_percent, "100%% of %%%s", "100% of %%s"),
        (escape_brace, "a {b} }{", "a {{b}} }}{{"),
        (unescape_brace, "{{}} {{x}}}}", "{} {x}}"),
        (escape_percent, "", ""),
        (escape_brace, "none", "none"),
    ],
)
def test_escaping(function: Callable[[str], str], text: str, expected: str) -> None:
    assert function(text) == expected


@given(st.text("%{}ab ()s:!"))
def test_escapes_render_as_the_text(text: str) -> None:
    assert escape_percent(text) % () == text
    assert escape_brace(text).format() == text
    assert unescape_percent(escape_percent(text)) == text
    assert unescape_brace(escape_brace(text)) == text
    assert parse_percent(escape_percent(text)) == parse_percent("")
    assert parse_brace(escape_brace(text)) == parse_brace("")


# -- brace_to_percent --------------------------------------------------------------


@pytest.mark.parametrize(
    ("conversion", "spec", "expected"),
    [
        ("s", "", Conversion("%s", True)),
        ("r", "", Conversion("%r", True)),
        ("a", "", Conversion("%a", True)),
        (None, "", Conversion("%s", False)),
        (None, ".2f", Conversion("%.2f", False)),
        (None, "d", Conversion("%d", False)),
        (None, ">6", Conversion("%6s", False)),
        (None, " <6", Conversion("%-6s", False)),
        (None, "<6", Conversion("%-6s", False)),
        (None, "5d", Conversion("%5d", False)),
        (None, "<5d", Conversion("%-5d", False)),
        (None, "x", Conversion("%x", False)),
        (None, "#X", Conversion("%#X", False)),
        (None, "#o", Conversion("%#o", False)),
        (None, "e", Conversion("%e", False)),
        (None, "g", Conversion("%g", False)),
        (None, "08.3f", Conversion("%08.3f", False)),
        (None, "+d", Conversion("%+d", False)),
        (None, " .1e", Conversion("% .1e", False)),
        (None, "-d", Conversion("%d", False)),
        (None, "5c", Conversion("%5c", False)),
        (None, "s", Conversion("%s", False)),
        (None, "5s", Conversion("%-5s", False)),
        (None, ">5.3s", Conversion("%5.3s", False)),
        ("r", ">10", Conversion("%10r", True)),
        ("s", "5", Conversion("%-5s", True)),
        ("a", "<4.2", Conversion("%-4.2a", True)),
        ("r", ".3s", Conversion("%.3r", True)),
        ("s", ":", None),
        ("x", "", None),
        (None, "^5", None),
        (None, "=5d", None),
        (None, "*>5", None),
        (None, "0>5d", None),
        (None, ">05d", None),
        (None, ",d", None),
        (None, "_x", None),
        (None, ".1%", None),
        (None, "n", None),
        (None, "b", None),
        (None, "z.1f", None),
        (None, "5", None),
        (None, ".3", None),
        (None, "+", None),
        (None, "05", None),
        (None, ".2d", None),
        (None, "+c", None),
        (None, "#c", None),
        (None, "05c", None),
        (None, ".2c", None),
        (None, "%Y-%m-%d", None),
        (None, "{w}", None),
        ("r", "{w}", None),
        ("r", "+5", None),
        ("s", "05", None),
        ("s", "d", None),
    ],
)  # fmt: skip
def test_brace_to_percent(conversion: Optional[str], spec: str, expected: Optional[Conversion]) -> None:
    assert brace_to_percent(conversion, spec) == expected


def brace_text(conversion: Optional[str], spec: str, name: str = "") -> str:
    return "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"


brace_specs = st.tuples(
    st.sampled_from(["", "", "", "<", ">", "^", "=", " <", " >", "*>", "0<"]),
    st.sampled_from(["", "", "+", "-", " "]),
    st.sampled_from(["", "", "#"]),
    st.sampled_from(["", "", "0"]),
    st.sampled_from(["", "", "1", "7", "12"]),
    st.sampled_from(["", "", "", ","]),
    st.sampled_from(["", "", ".0", ".2", ".5"]),
    st.sampled_from(list("sdxXoeEfFgGcnb%") + ["", "", ""]),
).map("".join)


def check_non_exact(render_pair: Callable[[Any], Tuple[Tuple[str, str], Tuple[str, str]]]) -> None:
    """Where the brace form renders a plain int/float/str, ``%`` renders it alike;
    and some value (the one with its own ``__format__``) tells them apart."""
    agreed = 0
    for value in PLAIN:
        brace, percent = render_pair(value)
        if brace[0] == "ok":
            assert percent == brace, value
            agreed += 1
    assert agreed
    assert any(a != b for a, b in map(render_pair, ZOO))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([None, None, "r", "s", "a"]), brace_specs)
def test_brace_to_percent_renders_alike(conversion: Optional[str], spec: str) -> None:
    result = brace_to_percent(conversion, spec)
    if result is None:
        return
    field = brace_text(conversion, spec)

    def render_pair(value: Any) -> Tuple[Tuple[str, str], Tuple[str, str]]:
        return outcome(field.format, value), outcome(result.text.__mod__, (value,))

    assert result.exact == (conversion is not None)
    if result.exact:
        for value in ZOO:
            brace, percent = render_pair(value)
            assert brace == percent, value
    else:
        check_non_exact(render_pair)


# -- percent_to_brace --------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("%s", Conversion("{}", False)),
        ("%r", Conversion("{!r}", True)),
        ("%a", Conversion("{!a}", True)),
        ("%d", Conversion("{:d}", False)),
        ("%i", Conversion("{:d}", False)),
        ("%u", Conversion("{:d}", False)),
        ("%.2f", Conversion("{:.2f}", False)),
        ("%.f", Conversion("{:.0f}", False)),
        ("%5s", Conversion("{!s:>5}", True)),
        ("%-5s", Conversion("{!s:<5}", True)),
        ("%.3s", Conversion("{!s:.3}", True)),
        ("%05s", Conversion("{!s:>5}", True)),
        ("%-8.3r", Conversion("{!r:<8.3}", True)),
        ("%+s", Conversion("{}", False)),
        ("%(name)s", Conversion("{name}", False)),
        ("%(name)r", Conversion("{name!r}", True)),
        ("%(name)5s", Conversion("{name!s:>5}", True)),
        ("%(n)05.1f", Conversion("{n:05.1f}", False)),
        ("%5d", Conversion("{:5d}", False)),
        ("%-5d", Conversion("{:<5d}", False)),
        ("%-05d", Conversion("{:<5d}", False)),
        ("%+05d", Conversion("{:+05d}", False)),
        ("% d", Conversion("{: d}", False)),
        ("%+ d", Conversion("{:+d}", False)),
        ("%#d", Conversion("{:d}", False)),
        ("%#08x", Conversion("{:#08x}", False)),
        ("%X", Conversion("{:X}", False)),
        ("%#o", Conversion("{:#o}", False)),
        ("%#.0e", Conversion("{:#.0e}", False)),
        ("%lG", Conversion("{:G}", False)),
        ("%*d", None),
        ("%.*f", None),
        ("%c", None),
        ("%.3d", None),
        ("%.2x", None),
        ("%(a.b)s", None),
        ("%(0)s", None),
        ("%()s", None),
    ],
)
def test_percent_to_brace(template: str, expected: Optional[Conversion]) -> None:
    (field,) = parse_percent(template).fields
    assert percent_to_brace(field) == expected


percent_specs = st.tuples(
    st.just("%"),
    st.sampled_from(["", "", "(name)"]),
    st.text("-+ #0", max_size=3),
    st.sampled_from(["", "", "1", "7", "12"]),
    st.sampled_from(["", "", ".", ".0", ".2", ".5"]),
    st.sampled_from(list("sradiuxXoeEfFgG")),
).map("".join)


@settings(max_examples=150, deadline=None)
@given(percent_specs)
def test_percent_to_brace_renders_alike(template: str) -> None:
    (field,) = parse_percent(template).fields
    result = percent_to_brace(field)
    if result is None:
        return

    def render_pair(value: Any) -> Tuple[Tuple[str, str], Tuple[str, str]]:
        if field.key is None:
            return outcome(result.text.format, value), outcome(template.__mod__, (value,))
        return outcome(result.text.format, name=value), outcome(template.__mod__, {"name": value})

    padded_string = field.conversion == "s" and bool(field.width or field.precision)
    assert result.exact == (field.conversion in "ra" or padded_string)
    if result.exact:
        for value in ZOO:
            brace, percent = render_pair(value)
            assert brace == percent, value
    else:
        check_non_exact(render_pair)


def test_non_exact_examples() -> None:
    """The values that make the plain mappings inexact."""
    assert "%s" % (WithFormat(),) != f"{WithFormat()}"
    fraction: Any = 1.9
    assert "%d" % (fraction,) == "1"
    with pytest.raises(ValueError):
        f"{fraction:d}"
    assert "%.20f" % (Decimal("0.1"),) != "{:.20f}".format(Decimal("0.1"))


def test_round_trip_of_exact_conversions() -> None:
    """An exact placeholder converted there and back is rendered the same."""
    samples: List[str] = ["%r", "%a", "%5s", "%-5r", "%.3s", "%7.2a"]
    for template in samples:
        (field,) = parse_percent(template).fields
        there = percent_to_brace(field)
        assert there is not None and there.exact
        (brace,) = parse_brace(there.text).fields
        back = brace_to_percent(brace.conversion, brace.format_spec)
        assert back is not None and back.exact
        for value in ZOO:
            assert outcome(template.__mod__, (value,)) == outcome(back.text.__mod__, (value,))
