"""Parse, escape and convert logging message templates, without libcst.

Two template styles exist: stdlib ``%`` formatting (``msg % args``) and brace
formatting (``str.format``, f-strings, loguru). The parsers follow CPython's own
rules: a template they accept formats without error given the arguments they
count, and one they reject makes CPython raise.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple, Union

_INT_MAX = 2**31 - 1

# -- percent style ---------------------------------------------------------------

_PERCENT_CONVERSIONS = "diouxXeEfFgGcrsa"

# What may follow "%" or "%(key)": flags, width, precision, length modifier, conversion.
_PERCENT_SPEC = re.compile(
    r"(?P<flags>[-+ #0]*)(?P<width>\*|[0-9]*)"
    r"(?:(?P<dot>\.)(?P<precision>\*|[0-9]*))?[hlL]?(?P<conversion>.?)",
    re.DOTALL,
)

# An escape, or a placeholder nobody writes by accident: "%s", "%(name)d", ...
_STRICT_PERCENT = re.compile(
    rf"%(?:%|\((?P<key>[^()\s]+)\)(?P<named>[{_PERCENT_CONVERSIONS}])|(?P<conversion>[srdif]))"
)


@dataclass(frozen=True)
class PercentField:
    """One ``%`` placeholder; ``template[start:end]`` is its whole text.

    ``width`` and ``precision`` are digits or ``'*'``, ``''`` when absent; a bare
    dot (``"%.f"``) means precision ``'0'``, as it does to CPython.
    """

    start: int
    end: int
    key: Optional[str]
    flags: str
    width: str
    precision: str
    conversion: str


@dataclass(frozen=True)
class PercentTemplate:
    """The placeholders of a ``%`` template, up to its first error if any."""

    fields: Tuple[PercentField, ...]
    error: Optional[str]

    @property
    def arg_count(self) -> int:
        """Positional arguments consumed, counting one per ``'*'``."""
        return sum(
            (field.key is None) + (field.width == "*") + (field.precision == "*")
            for field in self.fields
        )

    @property
    def keys(self) -> Tuple[str, ...]:
        """Distinct mapping keys, in order of first use."""
        return tuple(dict.fromkeys(f.key for f in self.fields if f.key is not None))


def parse_percent(template: str) -> PercentTemplate:
    """Parse ``template`` as ``template % args`` does."""
    fields: List[PercentField] = []
    pos = template.find("%")
    while pos >= 0:
        start, pos = pos, pos + 1
        if template.startswith("%", pos):
            pos = template.find("%", pos + 1)
            continue
        key = None
        if template.startswith("(", pos):
            key_end = _closing_paren(template, pos)
            if key_end < 0:
                return PercentTemplate(tuple(fields), "incomplete format key")
            key, pos = template[pos + 1 : key_end], key_end + 1
        match = _PERCENT_SPEC.match(template, pos)
        assert match is not None  # every part of the pattern may be empty
        width, conversion = match["width"], match["conversion"]
        precision = match["precision"] or ("0" if match["dot"] else "")
        if width.isdigit() and int(width) > sys.maxsize:
            return PercentTemplate(tuple(fields), "width too big")
        if precision.isdigit() and int(precision) > _INT_MAX:
            return PercentTemplate(tuple(fields), "precision too big")
        if not conversion:
            return PercentTemplate(tuple(fields), "incomplete format")
        if conversion not in _PERCENT_CONVERSIONS:
            return PercentTemplate(tuple(fields), f"unsupported format character {conversion!r}")
        fields.append(PercentField(start, match.end(), key, match["flags"], width, precision, conversion))
        pos = template.find("%", match.end())
    named = [f for f in fields if f.key is not None]
    if named and (len(named) < len(fields) or any("*" in (f.width, f.precision) for f in named)):
        return PercentTemplate(tuple(fields), "mixes named and positional placeholders")
    return PercentTemplate(tuple(fields), None)


def _closing_paren(template: str, open_pos: int) -> int:
    """Index of the ``)`` balancing the ``(`` at ``open_pos``, or -1."""
    depth = 0
    for index in range(open_pos, len(template)):
        depth += (template[index] == "(") - (template[index] == ")")
        if depth == 0:
            return index
    return -1


def strict_percent_fields(template: str) -> Tuple[PercentField, ...]:
    """Placeholders that are unmistakably meant as such: ``%s %r %d %i %f`` with
    nothing between ``%`` and the letter, and ``%(name)X``; ``%%`` escapes skipped."""
    return tuple(
        PercentField(m.start(), m.end(), m["key"], "", "", "", m["named"] or m["conversion"])
        for m in _STRICT_PERCENT.finditer(template)
        if m["named"] or m["conversion"]
    )


# -- brace style -----------------------------------------------------------------

_BRACE = re.compile(r"[{}]")
_FIRST_PART = re.compile(r"[^.\[]*")
_NAME_PART = re.compile(r"\.[^.\[]+|\[[^\]]+\]")
_LEADING_DIGITS = re.compile(r"\d*")  # str patterns: any Unicode decimal, like CPython


@dataclass(frozen=True)
class BraceField:
    """One replacement field; ``template[start:end]`` is its whole ``{...}`` text.

    ``nested`` marks a format spec containing ``{``, which CPython expands first.
    """

    start: int
    end: int
    name: str
    conversion: Optional[str]
    format_spec: str
    nested: bool


@dataclass(frozen=True)
class BraceTemplate:
    """The top-level fields of a brace template, up to its first error if any.

    The properties also count the fields nested in format specs.
    """

    fields: Tuple[BraceField, ...]
    error: Optional[str]

    @property
    def auto_count(self) -> int:
        """Automatically numbered fields (``{}``, ``{:>5}``, ``{[0]}``)."""
        return sum(_first_part(f.name) == "" for f in self._all_fields())

    @property
    def max_index(self) -> int:
        """Highest explicit positional index, -1 if none."""
        parts = (_first_part(f.name) for f in self._all_fields())
        return max((int(part) for part in parts if part.isdecimal()), default=-1)

    @property
    def names(self) -> Tuple[str, ...]:
        """Distinct keyword names (first part of ``user.name``), in order of first use."""
        parts = (_first_part(f.name) for f in self._all_fields())
        return tuple(dict.fromkeys(p for p in parts if p and not p.isdecimal()))

    def _all_fields(self) -> Iterator[BraceField]:
        for field in self.fields:
            yield field
            if field.nested:
                yield from parse_brace(field.format_spec).fields


class _Numbering:
    """Whether a template numbers its fields automatically or manually, shared
    with the templates nested in its format specs."""

    def __init__(self) -> None:
        self.mode = ""


def parse_brace(template: str) -> BraceTemplate:
    """Parse ``template`` as ``str.format`` does."""
    return _parse_brace(template, 2, _Numbering())


def _parse_brace(template: str, depth: int, numbering: _Numbering) -> BraceTemplate:
    if depth <= 0:
        return BraceTemplate((), "max string recursion exceeded")
    fields: List[BraceField] = []
    pos = 0
    for match in _BRACE.finditer(template):
        index, char = match.start(), match.group()
        if index < pos:  # the second brace of an escape, or inside a field
            continue
        if template.startswith(char, index + 1):
            pos = index + 2
            continue
        if char == "}":
            return BraceTemplate(tuple(fields), "single '}' encountered")
        if index + 1 == len(template):
            return BraceTemplate(tuple(fields), "single '{' encountered")
        field_or_error = _parse_field(template, index)
        if isinstance(field_or_error, str):
            return BraceTemplate(tuple(fields), field_or_error)
        field = field_or_error
        error = _check_field(field, numbering)
        if error is None and field.nested:
            error = _parse_brace(field.format_spec, depth - 1, numbering).error
        if error is not None:
            return BraceTemplate(tuple(fields), error)
        fields.append(field)
        pos = field.end
    return BraceTemplate(tuple(fields), None)


def _parse_field(template: str, start: int) -> Union[BraceField, str]:
    """The field whose ``{`` is at ``start``, or a syntax error message."""
    end = len(template)
    pos, char = start + 1, ""
    while pos < end:  # the field name runs to '}', ':' or '!' outside brackets
        char, pos = template[pos], pos + 1
        if char == "{":
            return "unexpected '{' in field name"
        if char == "[":
            close = template.find("]", pos)
            pos = end if close < 0 else close
        elif char in "}:!":
            break
    else:
        return "expected '}' before end of string"
    name, conversion = template[start + 1 : pos - 1], None
    if char == "!":
        if pos == end:
            return "end of string while looking for conversion specifier"
        conversion, pos = template[pos], pos + 1
        if pos < end:
            char, pos = template[pos], pos + 1
            if char == "}":
                return BraceField(start, pos, name, conversion, "", False)
            if char != ":":
                return "expected ':' after conversion specifier"
    if char == "}":
        return BraceField(start, pos, name, None, "", False)
    spec_start, depth, nested = pos, 1, False
    while pos < end:
        char, pos = template[pos], pos + 1
        if char == "{":
            depth, nested = depth + 1, True
        elif char == "}":
            depth -= 1
            if depth == 0:
                spec = template[spec_start : pos - 1]
                return BraceField(start, pos, name, conversion, spec, nested)
    return "unmatched '{' in format spec"


def _check_field(field: BraceField, numbering: _Numbering) -> Optional[str]:
    """What ``str.format`` rejects in a well-formed field, given every argument."""
    first = _first_part(field.name)
    if _too_many_digits(first):
        return "too many decimal digits in format string"
    mode = "auto" if not first else "manual" if first.isdecimal() else ""
    if mode and numbering.mode and mode != numbering.mode:
        if mode == "auto":
            return "cannot switch from manual field specification to automatic field numbering"
        return "cannot switch from automatic field numbering to manual field specification"
    numbering.mode = mode or numbering.mode
    pos = len(first)
    while pos < len(field.name):
        part = _NAME_PART.match(field.name, pos)
        if part is None:
            # Every '[' has its ']', or _parse_field would have failed.
            if field.name[pos] in ".[":
                return "empty attribute in format string"
            return "only '.' or '[' may follow ']' in format field specifier"
        if part.group().startswith("[") and _too_many_digits(part.group()[1:-1]):
            return "too many decimal digits in format string"
        pos = part.end()
    if field.conversion not in (None, "r", "s", "a"):
        return f"unknown conversion specifier {field.conversion!r}"
    return None


def _first_part(name: str) -> str:
    match = _FIRST_PART.match(name)
    assert match is not None  # the pattern may match empty
    return match.group()


def _too_many_digits(text: str) -> bool:
    """Whether CPython's integer parsing overflows on ``text``'s leading digits."""
    match = _LEADING_DIGITS.match(text)
    assert match is not None  # the pattern may match empty
    return match.group() != "" and int(match.group()) > sys.maxsize


# -- escaping --------------------------------------------------------------------

_BRACE_ESCAPES = {ord("{"): "{{", ord("}"): "}}"}


def escape_percent(text: str) -> str:
    """Make ``text`` render as itself through ``%`` formatting."""
    return text.replace("%", "%%")


def unescape_percent(text: str) -> str:
    """Undo :func:`escape_percent`."""
    return text.replace("%%", "%")


def escape_brace(text: str) -> str:
    """Make ``text`` render as itself through ``str.format``."""
    return text.translate(_BRACE_ESCAPES)


def unescape_brace(text: str) -> str:
    """Undo :func:`escape_brace`."""
    return text.replace("{{", "{").replace("}}", "}")


# -- translating one placeholder -------------------------------------------------

_BRACE_SPEC = re.compile(
    r"(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>\#)?(?P<zero>0)?"
    r"(?P<width>[0-9]*)(?P<grouping>[,_])?(?:\.(?P<precision>[0-9]+))?(?P<type>.?)",
    re.DOTALL,
)
_NUMERIC_TYPES = "dxXoeEfFgG"
_INTEGER_TYPES = "dxXo"


@dataclass(frozen=True)
class Conversion:
    """A placeholder in the other style; ``exact`` when both render every value alike."""

    text: str
    exact: bool


def brace_to_percent(conversion: Optional[str], format_spec: str) -> Optional[Conversion]:
    """The ``%`` placeholder for the brace field ``{x!conversion:format_spec}``.

    Only a conversion (``!r``, ``!s``, ``!a``) makes the value a string whatever
    its type, so only then is the result exact; without one, ``format()`` and
    ``%`` agree on ints, floats and strings. None where ``%`` has no equivalent.
    """
    spec = _BRACE_SPEC.fullmatch(format_spec)
    if (
        conversion not in (None, "r", "s", "a")
        or spec is None
        or spec["fill"] not in (None, " ")
        or spec["align"] in ("=", "^")
        or spec["z"]
        or spec["grouping"]
    ):
        return None
    kind, width, precision = spec["type"], spec["width"], spec["precision"]
    if conversion or kind in ("s", ""):
        # A string is formatted; without a type the value's own type decides, so
        # only an explicit alignment and no precision are unambiguous.
        if spec["sign"] or spec["alt"] or spec["zero"] or kind not in ("", "s"):
            return None
        if not conversion and not kind and (precision is not None or (width and not spec["align"])):
            return None
        flags, letter = "-" if width and spec["align"] != ">" else "", conversion or "s"
    elif kind in _NUMERIC_TYPES or kind == "c":
        if (
            (spec["zero"] and spec["align"])
            or (kind == "c" and (spec["sign"] or spec["alt"] or spec["zero"]))
            or (kind in _INTEGER_TYPES + "c" and precision is not None)
        ):
            return None
        sign = (spec["sign"] or "").replace("-", "")
        left = "-" if width and spec["align"] == "<" else ""
        flags, letter = left + sign + (spec["alt"] or "") + (spec["zero"] or ""), kind
    else:
        return None
    dot = "" if precision is None else "." + precision
    return Conversion(f"%{flags}{width}{dot}{letter}", conversion is not None)


def percent_to_brace(field: PercentField) -> Optional[Conversion]:
    """The brace field for a ``%`` placeholder, named after its key if any.

    ``%r``, ``%a`` and ``%s`` with a width or precision become exact ``!r``/``!a``/
    ``!s`` fields; the rest agree with ``%`` on ints, floats and strings. None for
    ``'*'``, ``%c`` and keys that are not identifiers.
    """
    if field.key is not None and not field.key.isidentifier():
        return None
    if "*" in (field.width, field.precision) or field.conversion == "c":
        return None
    name, left = field.key or "", "-" in field.flags
    width, dot = field.width, "." + field.precision if field.precision else ""
    if field.conversion in "rsa":
        if field.conversion == "s" and not width and not dot:
            return Conversion(f"{{{name}}}", False)
        align = ("<" if left else ">") if width else ""
        spec = f":{align}{width}{dot}" if width or dot else ""
        return Conversion(f"{{{name}!{field.conversion}{spec}}}", True)
    kind = "d" if field.conversion in "iu" else field.conversion
    if kind in _INTEGER_TYPES and dot:
        return None  # "%.3d" pads with zeros; format() rejects a precision
    align = "<" if left and width else ""
    sign = "+" if "+" in field.flags else " " if " " in field.flags else ""
    alt = "#" if "#" in field.flags and kind != "d" else ""
    zero = "0" if "0" in field.flags and width and not left else ""
    return Conversion(f"{{{name}:{align}{sign}{alt}{zero}{width}{dot}{kind}}}", False)
