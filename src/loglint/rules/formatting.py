"""LL3xx: eager formatting of log messages (f-strings, ``%``, ``.format()``, ``+``,
``str()``) and placeholders that do not match their arguments.

Fixes turn an eagerly built message into a template plus arguments in the style of
the logger's library: ``%`` placeholders for stdlib logging, ``{}`` fields for
loguru. A fix is "safe" only when the rendered message is identical for every
value; ``{x}`` calls ``format(x, "")`` where ``%s`` calls ``str(x)``, so only
explicit conversions (``!r``, ``!s``) translate exactly between the styles.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple, Union, cast

import libcst as cst

from loglint.checker import Context, NodeFix
from loglint.expressions import is_false_constant, string_value
from loglint.loggers.calls import LogCall
from loglint.loggers.libraries import LOGURU, STDLIB, STRUCTLOG
from loglint.placeholders import (
    PercentField,
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
from loglint.rules.base import Rule

SAFE = "safe"
UNSAFE = "unsafe"
FIXABLE_LIBRARIES = (STDLIB, LOGURU)
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
# Converting calls and the conversion that replaces them: %s/%r, !s/!r.
_CONVERTERS = {"str": "s", "repr": "r"}
# Calls certain to return neither a tuple nor a mapping (``"%s" % value`` is safe to split).
_SCALAR_CALLS = frozenset({"str", "repr", "int", "float", "len"})
_SCALAR_LITERALS = (
    cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.Integer, cst.Float, cst.Imaginary,
)
# loguru options under which the message is formatted even without arguments.
_REFORMAT_OPTIONS = ("record", "colors")
_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}

StringPart = Union[cst.SimpleString, cst.FormattedString]


# -- reading messages ----------------------------------------------------------------


def string_parts(expr: cst.BaseExpression) -> Optional[List[StringPart]]:
    """The literals of a string or an implicit concatenation, else None."""
    if isinstance(expr, (cst.SimpleString, cst.FormattedString)):
        return [expr]
    if isinstance(expr, cst.ConcatenatedString):
        left, right = string_parts(expr.left), string_parts(expr.right)
        return None if left is None or right is None else left + right
    return None


def is_string_literal(expr: cst.BaseExpression) -> bool:
    """A str (not bytes) literal, f-strings included."""
    parts = string_parts(expr)
    return parts is not None and not any(
        isinstance(p, cst.SimpleString) and "b" in p.prefix.lower() for p in parts
    )


def has_replacement_field(expr: cst.BaseExpression) -> bool:
    """An f-string (or a concatenation with one) that has at least one ``{field}``."""
    parts = string_parts(expr)
    return parts is not None and any(
        isinstance(part, cst.FormattedStringExpression)
        for p in parts
        if isinstance(p, cst.FormattedString)
        for part in p.parts
    )


def quote_char(expr: cst.BaseExpression) -> str:
    """The quote character of a literal's first part (``"`` for anything else)."""
    parts = string_parts(expr)
    if not parts:
        return '"'
    first = parts[0]
    return first.quote[0] if isinstance(first, cst.SimpleString) else first.end[0]


def quote_string(value: str, quote: str) -> str:
    """A one-line Python literal for ``value``, delimited by ``quote``."""
    out = []
    for char in value:
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif not char.isprintable():
            out.append(repr(char)[1:-1])
        else:
            out.append(char)
    return quote + "".join(out) + quote


def converter_call(expr: cst.BaseExpression) -> Optional[Tuple[str, cst.BaseExpression]]:
    """``("s", x)`` for ``str(x)``, ``("r", x)`` for ``repr(x)``, else None."""
    if (
        isinstance(expr, cst.Call)
        and isinstance(expr.func, cst.Name)
        and expr.func.value in _CONVERTERS
        and len(expr.args) == 1
        and expr.args[0].keyword is None
        and not expr.args[0].star
    ):
        return _CONVERTERS[expr.func.value], expr.args[0].value
    return None


def _opt_on(call: LogCall, name: str) -> bool:
    value = call.opt.get(name)
    return value is not None and not is_false_constant(value)


# -- templates in the other style ----------------------------------------------------


def brace_template_to_percent(text: str) -> Optional[Tuple[str, bool, int]]:
    """``(template, exact, field count)`` for a brace template whose fields are all
    automatic or numbered 0..n-1 in order, each convertible to ``%``; else None."""
    template = parse_brace(text)
    names = [f.name for f in template.fields]
    if template.error or not names:
        return None
    if any(names) and names != [str(i) for i in range(len(names))]:
        return None
    pieces, pos, exact = [], 0, True
    for field in template.fields:
        conversion = None if field.nested else brace_to_percent(field.conversion, field.format_spec)
        if conversion is None:
            return None
        pieces += [escape_percent(unescape_brace(text[pos:field.start])), conversion.text]
        exact, pos = exact and conversion.exact, field.end
    pieces.append(escape_percent(unescape_brace(text[pos:])))
    return "".join(pieces), exact, len(names)


def percent_template_to_brace(text: str, fields: Sequence[PercentField]) -> Optional[Tuple[str, bool]]:
    """``(template, exact)``: ``fields`` of ``text`` as brace fields, ``%%`` unescaped
    and braces escaped in between; None when a field has no brace equivalent."""
    pieces, pos, exact = [], 0, True
    for field in fields:
        conversion = percent_to_brace(field)
        if conversion is None:
            return None
        pieces += [escape_brace(unescape_percent(text[pos:field.start])), conversion.text]
        exact, pos = exact and conversion.exact, field.end
    pieces.append(escape_brace(unescape_percent(text[pos:])))
    return "".join(pieces), exact


def _has_escaped_braces(template: str) -> bool:
    return "{{" in template or "}}" in template


def _rewrite_text(raw: str, *, raw_mode: bool, fstring: bool, library: str) -> str:
    """Source text of a literal's plain part, escaped for ``library``'s template style:
    ``%`` doubled for stdlib (f-string ``{{``/``}}`` undoubled), braces doubled for
    loguru (already doubled in f-strings). Escape sequences are kept as they are."""
    out: List[str] = []
    pos, end = 0, len(raw)
    while pos < end:
        char = raw[pos]
        if char == "\\" and pos + 1 < end:
            nxt = raw[pos + 1]
            if not raw_mode and nxt == "N" and raw.startswith("{", pos + 2):
                close = raw.find("}", pos)
                out.append(raw[pos:close + 1])
                pos = close + 1
                continue
            if nxt not in "%{}":
                out.append(raw[pos:pos + 2])
                pos += 2
                continue
        if library == STDLIB:
            if char == "%":
                out.append("%%")
            elif fstring and char in "{}" and raw.startswith(char, pos + 1):
                out.append(char)
                pos += 1
            else:
                out.append(char)
        elif not fstring and char in "{}":
            out.append(char * 2)
        else:
            out.append(char)
        pos += 1
    return "".join(out)


# -- building the fixed call ---------------------------------------------------------


def as_argument(expr: cst.BaseExpression) -> cst.Arg:
    """``expr`` as a positional argument, parenthesized where a bare form would not be one."""
    if isinstance(expr, (cst.Tuple, cst.GeneratorExp, cst.Yield)) and not expr.lpar:
        expr = expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Arg(value=expr)


def message_is_positional(call: LogCall) -> bool:
    """The message is passed positionally (not as ``msg=``/``event=``)."""
    return any(a.value is call.message and a.keyword is None and not a.star for a in call.node.args)


def with_arguments(call: LogCall, message: cst.BaseExpression, new_args: Sequence[cst.Arg]) -> cst.Call:
    """The call with its message replaced and ``new_args`` right after it; the
    message's own comma (a newline, a trailing comma) and the whitespace before it
    move to the last new one."""
    args: List[cst.Arg] = []
    for arg in call.node.args:
        if arg.value is not call.message or arg.keyword is not None:
            args.append(arg)
            continue
        chain = [arg.with_changes(value=message), *new_args]
        for item in chain[:-1]:
            args.append(item.with_changes(comma=_COMMA, whitespace_after_arg=cst.SimpleWhitespace("")))
        args.append(chain[-1].with_changes(comma=arg.comma, whitespace_after_arg=arg.whitespace_after_arg))
    return call.node.with_changes(args=args)


def can_add_arguments(call: LogCall) -> bool:
    """Whether a message can be split into a template plus new arguments."""
    return (
        call.library in FIXABLE_LIBRARIES
        and not call.args
        and not call.star_args
        and message_is_positional(call)
    )


def loguru_applicability(call: LogCall, exact: bool, template: str) -> Optional[str]:
    """How safe it is to give a loguru call that had no arguments a brace template
    plus arguments. loguru formats the message only when it receives arguments (or
    ``opt(record=True)``/``opt(colors=True)``): if the original call already had
    keyword arguments, its eagerly built message was formatted a second time, so
    the values' own braces mattered and escaped braces in the text did not survive."""
    if _opt_on(call, "lazy"):
        return None  # the arguments would be called
    reformatted = bool(call.keywords) or call.star_kwargs or any(_opt_on(call, o) for o in _REFORMAT_OPTIONS)
    if reformatted and _has_escaped_braces(template):
        return None
    return SAFE if exact and not reformatted else UNSAFE


def split_fix(
    call: LogCall, message: cst.BaseExpression, values: Sequence[cst.Arg], applicability: str
) -> NodeFix:
    """Replace the message by ``message, value, ...``: an unparenthesized tuple renders
    as exactly that, and the message's own comma then follows the last value. Moving
    keyword arguments needs the whole call rebuilt. Never safe when the library is a
    guess: the template's style depends on it."""
    if call.message is None or any(v.keyword is not None for v in values):
        replacement: Tuple[cst.CSTNode, cst.CSTNode] = (call.node, with_arguments(call, message, values))
    else:
        items = [message, *(v.value for v in values)]
        elements = [cst.Element(item, comma=_COMMA) for item in items[:-1]] + [cst.Element(items[-1])]
        replacement = (call.message, cst.Tuple(elements, lpar=[], rpar=[]))
    return NodeFix(call.applicability(applicability), "Pass the values as logging arguments", (replacement,))


def library_applicability(call: LogCall, exact: bool, template: str) -> Optional[str]:
    """Applicability of a split into ``template`` plus arguments for the call's library."""
    if call.library == LOGURU:
        return loguru_applicability(call, exact, template)
    return SAFE if exact else UNSAFE


# -- LL301 ---------------------------------------------------------------------------


class _FStringSplit:
    """An f-string message turned into a template (same literal structure) and the
    expressions of its fields, for one library's style."""

    def __init__(self, library: str) -> None:
        self.library = library
        self.values: List[cst.Arg] = []
        self.exact = True

    def convert(self, expr: cst.BaseExpression) -> Optional[cst.BaseExpression]:
        if isinstance(expr, cst.ConcatenatedString):
            left, right = self.convert(expr.left), self.convert(expr.right)
            if left is None or right is None:
                return None
            return expr.with_changes(left=left, right=right)
        if isinstance(expr, cst.SimpleString):
            prefix = expr.prefix.lower()
            if "b" in prefix:
                return None
            body = _rewrite_text(expr.raw_value, raw_mode="r" in prefix, fstring=False, library=self.library)
            return expr.with_changes(value=expr.prefix + expr.quote + body + expr.quote)
        if isinstance(expr, cst.FormattedString):
            return self._convert_fstring(expr)
        return None

    def _convert_fstring(self, expr: cst.FormattedString) -> Optional[cst.SimpleString]:
        prefix = expr.start[: len(expr.start) - len(expr.end)]
        raw_mode = "r" in prefix.lower()
        body: List[str] = []
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                body.append(_rewrite_text(part.value, raw_mode=raw_mode, fstring=True, library=self.library))
                continue
            placeholder = self._field(part) if isinstance(part, cst.FormattedStringExpression) else None
            if placeholder is None:
                return None
            body.append(placeholder)
        new_prefix = prefix.replace("f", "").replace("F", "")
        return cst.SimpleString(new_prefix + expr.end + "".join(body) + expr.end, lpar=expr.lpar, rpar=expr.rpar)

    def _field(self, part: cst.FormattedStringExpression) -> Optional[str]:
        """The placeholder for a field (its value becomes the next argument)."""
        if part.equal is not None:
            return None
        spec_parts = part.format_spec or ()
        if not all(isinstance(p, cst.FormattedStringText) for p in spec_parts):
            return None  # a nested field
        spec = "".join(p.value for p in spec_parts if isinstance(p, cst.FormattedStringText))
        if self.library == LOGURU:
            conversion = f"!{part.conversion}" if part.conversion else ""
            placeholder = "{" + conversion + (f":{spec}" if spec else "") + "}"
        else:
            percent = None if "\\" in spec else brace_to_percent(part.conversion, spec)
            if percent is None:
                return None
            self.exact = self.exact and percent.exact
            placeholder = percent.text
        self.values.append(as_argument(part.expression))
        return placeholder


def add_operands(expr: cst.BaseExpression) -> Optional[Tuple[List[cst.BaseExpression], List[cst.BinaryOperation]]]:
    """The operands of a ``+`` chain (left-associative, so parentheses around a left
    operand change nothing) and its operations, innermost first; None for anything else."""
    spine: List[cst.BinaryOperation] = []
    node = expr
    while isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        spine.append(node)
        node = node.left
    if not spine:
        return None
    spine.reverse()
    return [node, *(n.right for n in spine)], spine


def fstring_sum(expr: cst.BaseExpression) -> bool:
    """``f"{x!r}" + " tail"``: str literals added with ``+``, one of them an f-string with
    a replacement field (an f-string message spelled with ``+``; LL304 is for literals
    added to values)."""
    found = add_operands(expr)
    return found is not None and all(is_string_literal(o) for o in found[0]) and any(has_replacement_field(o) for o in found[0])


def _implicit_concatenation(expr: cst.BinaryOperation) -> Optional[cst.BaseExpression]:
    """The literals of a ``+`` chain of literals as one implicit concatenation (what the
    ``+`` computed): each ``+`` becomes the whitespace around it that holds a line break, or
    a space."""
    found = add_operands(expr)
    if found is None:
        return None
    parts: List[StringPart] = []
    gaps: List[cst.BaseParenthesizableWhitespace] = []

    def flatten(node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.ConcatenatedString):
            if not flatten(node.left):
                return False
            gaps.append(node.whitespace_between)
            return flatten(node.right)
        if isinstance(node, (cst.SimpleString, cst.FormattedString)):
            parts.append(node.with_changes(lpar=[], rpar=[]))
            return True
        return False

    operands, operations = found
    for index, operand in enumerate(operands):
        if index:
            operator = cast(cst.Add, operations[index - 1].operator)
            breaks = [w for w in (operator.whitespace_after, operator.whitespace_before) if isinstance(w, cst.ParenthesizedWhitespace)]
            gaps.append(breaks[0] if breaks else cst.SimpleWhitespace(" "))
        if not flatten(operand):
            return None
    joined: cst.BaseExpression = parts[-1]
    for part, gap in zip(reversed(parts[:-1]), reversed(gaps)):
        joined = cst.ConcatenatedString(left=part, right=joined, whitespace_between=gap)  # type: ignore[arg-type]
    return joined


class FStringInLog(Rule):
    """LL301: the message is an f-string with a replacement field (also added to other literals with ``+``)."""

    code = "LL301"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if call.message is None or not (has_replacement_field(call.message) or fstring_sum(call.message)):
            return
        ctx.report(
            self,
            call.message,
            "f-string in logging call formats the message even when the level is disabled; pass values as arguments",
            self._fix(call),
        )

    def _fix(self, call: LogCall) -> Optional[NodeFix]:
        if not can_add_arguments(call) or call.library is None or call.message is None:
            return None
        literal = _implicit_concatenation(call.message) if isinstance(call.message, cst.BinaryOperation) else call.message
        if literal is None:
            return None
        split = _FStringSplit(call.library)
        message = split.convert(literal)
        template = string_value(message) if message is not None else None
        if message is None or template is None:
            return None
        applicability = library_applicability(call, split.exact, template)
        return None if applicability is None else split_fix(call, message, split.values, applicability)


# -- LL302 ---------------------------------------------------------------------------


def percent_operation(expr: cst.BaseExpression) -> Optional[cst.BinaryOperation]:
    """``expr`` when it is ``"literal" % values``."""
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Modulo) and is_string_literal(expr.left):
        return expr
    return None


def _is_scalar(expr: cst.BaseExpression) -> bool:
    """Certainly neither a tuple nor a mapping: a literal, an f-string or str()/int()/len()..."""
    if isinstance(expr, _SCALAR_LITERALS):
        return True
    return isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value in _SCALAR_CALLS


def _dict_keys(expr: cst.Dict) -> Optional[List[str]]:
    """The keys of a dict literal whose keys are all plain strings."""
    keys = []
    for element in expr.elements:
        key = string_value(element.key) if isinstance(element, cst.DictElement) else None
        if key is None:
            return None
        keys.append(key)
    return keys


class PercentFormatInLog(Rule):
    """LL302: the message is ``"literal" % values``."""

    code = "LL302"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        operation = percent_operation(call.message) if call.message is not None else None
        if operation is None or _constant(operation.right):
            return  # "%-20s %s" % ("Name", "Value"): constants, formatted once when compiled
        ctx.report(
            self,
            operation,
            "%-formatting in logging call formats the message even when the level is disabled; "
            "pass values as arguments",
            self._fix(call, operation),
        )

    def _fix(self, call: LogCall, operation: cst.BinaryOperation) -> Optional[NodeFix]:
        text = string_value(operation.left)
        if not can_add_arguments(call) or text is None:
            return None
        template = parse_percent(text)
        right = operation.right
        if template.error:
            return None
        values: Optional[List[cst.BaseExpression]] = None
        if isinstance(right, cst.Tuple):
            elements = [e.value for e in right.elements if isinstance(e, cst.Element)]
            if not template.keys and len(elements) == len(right.elements) == template.arg_count > 0:
                values = elements
        elif isinstance(right, cst.Dict):
            keys = _dict_keys(right)
            named_only = bool(template.keys) and not template.arg_count
            if call.library == STDLIB and keys and named_only and set(template.keys) <= set(keys):
                values = [right]  # logging uses a single mapping argument as the mapping
        elif _is_scalar(right) and not template.keys and template.arg_count == 1:
            values = [right.with_changes(lpar=[], rpar=[])]
        if values is None:
            return None
        arguments = [as_argument(v) for v in values]
        if call.library == STDLIB:
            return split_fix(call, operation.left, arguments, SAFE)
        converted = percent_template_to_brace(text, template.fields)
        if converted is None:
            return None
        new_text, exact = converted
        applicability = loguru_applicability(call, exact, new_text)
        if applicability is None:
            return None
        message = cst.SimpleString(quote_string(new_text, quote_char(operation.left)))
        return split_fix(call, message, arguments, applicability)


# -- LL303 ---------------------------------------------------------------------------


def format_call(expr: cst.BaseExpression) -> Optional[Tuple[cst.BaseExpression, cst.Call]]:
    """``(template, call)`` when ``expr`` is ``"literal".format(...)``."""
    if (
        isinstance(expr, cst.Call)
        and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value == "format"
        and string_value(expr.func.value) is not None
    ):
        return expr.func.value, expr
    return None


class StrFormatInLog(Rule):
    """LL303: the message is ``"literal".format(...)``."""

    code = "LL303"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        found = format_call(call.message) if call.message is not None else None
        if found is None:
            return
        ctx.report(
            self,
            found[1],
            "str.format() in logging call formats the message even when the level is disabled; "
            "pass values as arguments",
            self._fix(call, *found),
        )

    def _fix(self, call: LogCall, template: cst.BaseExpression, fmt: cst.Call) -> Optional[NodeFix]:
        text = string_value(template)
        if not can_add_arguments(call) or text is None or not fmt.args or any(a.star for a in fmt.args):
            return None
        if call.library == LOGURU:
            if call.keywords or call.star_kwargs:
                return None
            keyword = any(a.keyword is not None for a in fmt.args)
            moved = [a if a.keyword is not None else as_argument(a.value) for a in fmt.args]
            applicability = loguru_applicability(call, not keyword, text)
            return None if applicability is None else split_fix(call, template, moved, applicability)
        converted = brace_template_to_percent(text)
        if converted is None or any(a.keyword is not None for a in fmt.args):
            return None
        new_text, exact, count = converted
        if count != len(fmt.args):
            return None
        message = cst.SimpleString(quote_string(new_text, quote_char(template)))
        return split_fix(call, message, [as_argument(a.value) for a in fmt.args], SAFE if exact else UNSAFE)


# -- LL304 ---------------------------------------------------------------------------


def concat_operands(expr: cst.BaseExpression) -> Optional[List[cst.BaseExpression]]:
    """The operands of a ``+`` chain that adds a str literal and a non-literal.

    ``+`` is left-associative, so parentheses around a left operand change nothing;
    operands before the first literal are kept together as one (``a + b + "x"``
    adds ``a`` and ``b`` first, whatever their types)."""
    found = add_operands(expr)
    if found is None:
        return None
    operands, spine = found
    literal = [string_parts(o) is not None for o in operands]
    if not all(is_string_literal(o) for o, is_lit in zip(operands, literal) if is_lit):
        return None  # bytes
    if all(literal) or not any(string_value(o) is not None for o in operands):
        return None
    if all(_constant(o) for o in operands):
        return None  # "\n" + "=" * 60: folded into one constant when compiled
    first = literal.index(True)
    if first > 1:
        return [spine[first - 2], *operands[first:]]
    return operands


def _constant(expr: cst.BaseExpression) -> bool:
    """A str or number literal, literals joined by operators (``"=" * 60``) or a tuple
    of them: what Python computes once, when it compiles the module."""
    if isinstance(expr, (cst.Integer, cst.Float)):
        return True
    if isinstance(expr, cst.Tuple):
        return all(isinstance(e, cst.Element) and _constant(e.value) for e in expr.elements)
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        return string_value(expr) is not None  # not an f-string
    if isinstance(expr, cst.UnaryOperation):
        return _constant(expr.expression)
    if isinstance(expr, cst.BinaryOperation):
        return _constant(expr.left) and _constant(expr.right)
    return False


class ConcatInLog(Rule):
    """LL304: the message adds a string literal and a non-literal with ``+``."""

    code = "LL304"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        operands = concat_operands(call.message) if call.message is not None else None
        if call.message is None or operands is None:
            return
        ctx.report(
            self,
            call.message,
            "string concatenation in logging call builds the message even when the level is disabled; "
            "use placeholders and arguments",
            self._fix(call, operands),
        )

    def _fix(self, call: LogCall, operands: Sequence[cst.BaseExpression]) -> Optional[NodeFix]:
        if not can_add_arguments(call):
            return None
        pieces: List[str] = []
        values: List[cst.Arg] = []
        exact = True
        quote = '"'
        for operand in operands:
            if string_parts(operand) is not None:
                text = string_value(operand)
                if text is None:
                    return None  # an f-string
                if not values and not pieces:
                    quote = quote_char(operand)
                pieces.append(escape_percent(text) if call.library == STDLIB else escape_brace(text))
                continue
            converted = converter_call(operand)
            if converted is None:
                exact = False  # a str subclass (a str Enum) renders differently through str()/format()
                pieces.append("%s" if call.library == STDLIB else "{}")
                values.append(as_argument(operand))
            else:
                letter, value = converted
                pieces.append(f"%{letter}" if call.library == STDLIB else f"{{!{letter}}}")
                values.append(as_argument(value))
        template = "".join(pieces)
        applicability = library_applicability(call, exact, template)
        if applicability is None:
            return None
        return split_fix(call, cst.SimpleString(quote_string(template, quote)), values, applicability)


# -- LL305 / LL306 -------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _count_problem(placeholders: int, arguments: int) -> str:
    return f"{_plural(placeholders, 'placeholder')} but {_plural(arguments, 'argument')}"


def wrong_placeholder_style(call: LogCall, text: str) -> bool:
    """loguru given ``%s`` placeholders, or stdlib given ``{}`` fields, with arguments."""
    if not call.args or call.star_args:
        return False
    braces = parse_brace(text)
    if braces.error is not None:
        return False
    if call.library == LOGURU:
        return not braces.fields and bool(strict_percent_fields(text))
    return call.library == STDLIB and bool(braces.fields) and not parse_percent(text).fields


def _percent_error_index(text: str, fields: Sequence[PercentField]) -> int:
    """Where the placeholder that stopped the parse starts."""
    pos = text.find("%", fields[-1].end if fields else 0)
    while text.startswith("%%", pos):
        pos = text.find("%", pos + 2)
    return pos


class PlaceholderMismatch(Rule):
    """LL305: the placeholders of a literal message do not match the arguments."""

    code = "LL305"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        text = string_value(call.message) if call.message is not None else None
        if call.message is None or text is None or call.star_args or call.star_kwargs:
            return
        if wrong_placeholder_style(call, text):
            return
        if call.library == LOGURU:
            problem = self._brace_problem(call, text)
        elif call.library in (STDLIB, STRUCTLOG):
            problem = self._percent_problem(call, text)
        else:
            return
        if problem is not None:
            ctx.report(self, call.message, problem)

    def _percent_problem(self, call: LogCall, text: str) -> Optional[str]:
        if not call.args:
            strict = strict_percent_fields(text)
            if not strict:
                return None
            shown = text[strict[0].start:strict[0].end]
            return f"placeholder '{shown}' but no arguments; the message is logged as written"
        template = parse_percent(text)
        if template.error is not None:
            if template.error.startswith("mixes"):
                return template.error
            index = _percent_error_index(text, template.fields)
            return f"{template.error} in the placeholder at index {index}"
        if template.keys:
            if len(call.args) != 1:
                return f"named placeholders need a single mapping argument, got {_plural(len(call.args), 'argument')}"
            mapping = call.args[0].value
            keys = _dict_keys(mapping) if isinstance(mapping, cst.Dict) else None
            missing = [k for k in template.keys if keys is not None and k not in keys]
            return f"missing key '{missing[0]}' in the argument mapping" if missing else None
        if template.arg_count != len(call.args):
            return _count_problem(template.arg_count, len(call.args))
        return None

    def _brace_problem(self, call: LogCall, text: str) -> Optional[str]:
        template = parse_brace(text)
        if not call.args and not call.keywords and not _opt_on(call, "record"):
            if any(f.name == "" for f in template.fields):
                return "placeholder '{}' but no arguments; the message is logged as written"
            return None
        if template.error is not None:
            return f"invalid format: {template.error}"
        if template.auto_count and template.auto_count != len(call.args):
            return _count_problem(template.auto_count, len(call.args))
        if not template.auto_count and template.max_index + 1 != len(call.args):
            if template.max_index < 0:
                return _count_problem(0, len(call.args))
            needed = _plural(template.max_index + 1, "argument")
            return f"field '{{{template.max_index}}}' needs {needed} but {len(call.args)} given"
        available = set(call.keywords) | ({"record"} if _opt_on(call, "record") else set())
        missing = [name for name in template.names if name not in available]
        return f"missing keyword argument '{missing[0]}' for a named placeholder" if missing else None


class WrongPlaceholderStyle(Rule):
    """LL306: ``%s`` placeholders for loguru, ``{}`` fields for stdlib logging."""

    code = "LL306"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        text = string_value(call.message) if call.message is not None else None
        if call.message is None or text is None or not wrong_placeholder_style(call, text):
            return
        if call.library == LOGURU:
            first = strict_percent_fields(text)[0]
            shown = text[first.start:first.end]
            problem = f"loguru formats with {{}} fields; it logs '{shown}' as written and drops the value"
        else:
            problem = "logging formats with % placeholders; {} fields make the record fail to format"
        ctx.report(self, call.message, problem, self._fix(call, call.message, text))

    def _fix(self, call: LogCall, message: cst.BaseExpression, text: str) -> Optional[NodeFix]:
        new_text: Optional[str] = None
        if call.library == LOGURU:
            fields = strict_percent_fields(text)
            to_brace = percent_template_to_brace(text, fields)
            if to_brace is not None and len(fields) == len(call.args) and not any(f.key for f in fields):
                new_text = to_brace[0]
        else:
            to_percent = brace_template_to_percent(text)
            if to_percent is not None and to_percent[2] == len(call.args):
                new_text = to_percent[0]
        if new_text is None:
            return None
        new_message = cst.SimpleString(quote_string(new_text, quote_char(message)))
        style = "{}" if call.library == LOGURU else "%"
        return NodeFix(UNSAFE, f"Use {style} placeholders", ((message, new_message),))


# -- LL307 ---------------------------------------------------------------------------

# Builtins whose conversion a placeholder can make, beyond str() and repr(): the
# conversion letter for each (``%a``/``!a``, ``%#x``/``:#x``, ``%#o``/``:#o``).
_PLACEHOLDER_CONVERSIONS = {"ascii": "a", "hex": "x", "oct": "o"}


def eager_conversion(expr: cst.BaseExpression) -> Optional[Tuple[str, cst.BaseExpression, str]]:
    """``(function, value, spec)`` for ``str(x)``, ``repr(x)``, ``ascii(x)``, ``hex(x)``,
    ``oct(x)`` (spec ``""``) and ``format(x, "spec")`` with a literal spec; else None."""
    converted = converter_call(expr)
    if converted is not None:
        return ("str" if converted[0] == "s" else "repr"), converted[1], ""
    if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Name):
        return None
    args = expr.args
    if any(arg.keyword is not None or arg.star for arg in args):
        return None
    function = expr.func.value
    if function in _PLACEHOLDER_CONVERSIONS and len(args) == 1:
        return function, args[0].value, ""
    if function == "format" and len(args) == 2:
        spec = string_value(args[1].value)
        if spec is not None and spec and "{" not in spec and "}" not in spec:
            return function, args[0].value, spec
    return None


class EagerStrArg(Rule):
    """LL307: ``str(x)`` or ``repr(x)`` passed as a positional argument; also ``ascii(x)``,
    ``hex(x)``, ``oct(x)`` and ``format(x, spec)`` where the placeholder can convert the
    value itself."""

    code = "LL307"

    def check_call(self, call: LogCall, ctx: Context) -> None:
        if call.library == LOGURU and _no_brace_fields(call):
            return  # no field shows the arguments: the placeholder style is wrong (LL306, LL305)
        for index, arg in enumerate(call.args):
            found = eager_conversion(arg.value)
            if found is None:
                continue
            function, value, spec = found
            if function in ("str", "repr"):
                ctx.report(
                    self,
                    arg.value,
                    f"{function}() on a logging argument runs even when the level is disabled; pass the value itself",
                    self._fix(call, index, arg.value, function[0], value),
                )
                continue
            rewrite = _placeholder_rewrite(call, index, function, spec) if call.certain else None
            if rewrite is None or call.message is None:
                continue  # no placeholder says the same, or the library is a guess
            start, end, text, applicability = rewrite
            shown = _shown_placeholder(call.library, function, spec)
            edit = _edit_message(call.message, start, end, text)
            unwrap = (arg.value, as_argument(value).value)
            fix = None if edit is None else NodeFix(applicability, f"Pass the value itself with `{shown}`", (edit, unwrap))
            ctx.report(
                self,
                arg.value,
                f"{function}() on a logging argument runs even when the level is disabled; pass the value itself with `{shown}`",
                fix,
            )

    def _fix(
        self, call: LogCall, index: int, node: cst.BaseExpression, letter: str, value: cst.BaseExpression
    ) -> Optional[NodeFix]:
        message = call.message
        text = string_value(message) if message is not None else None
        if text is None or message is None:
            return None
        unwrap = (node, as_argument(value).value)
        if call.library == STDLIB:
            template = parse_percent(text)
            one_to_one = template.arg_count == len(template.fields) == len(call.args)
            if template.error or template.keys or not one_to_one or template.fields[index].conversion != "s":
                return None
            if letter == "s":
                return NodeFix(call.applicability(SAFE), "Pass the value itself", (unwrap,))
            edit = _edit_message(message, template.fields[index].end - 1, template.fields[index].end, "r")
            return None if edit is None else NodeFix(call.applicability(SAFE), "Pass the value itself with %r", (edit, unwrap))
        if call.library == LOGURU and not _opt_on(call, "lazy"):
            fields = parse_brace(text)
            if fields.error or len(fields.fields) != len(call.args):
                return None
            field = fields.fields[index]
            if any(f.name or f.nested for f in fields.fields) or field.conversion is not None:
                return None
            after_name = field.start + 1
            edit = _edit_message(message, after_name, after_name, f"!{letter}")
            return None if edit is None else NodeFix(call.applicability(SAFE), f"Pass the value itself with !{letter}", (edit, unwrap))
        return None


def _no_brace_fields(call: LogCall) -> bool:
    """A literal message with no ``{}`` field (loguru then leaves the arguments out)."""
    text = string_value(call.message) if call.message is not None else None
    if text is None:
        return False
    template = parse_brace(text)
    return not template.error and not template.fields


def _placeholder_rewrite(call: LogCall, index: int, function: str, spec: str) -> Optional[Tuple[int, int, str, str]]:
    """``(start, end, text, applicability)``: how to change the ``%s`` placeholder or ``{}``
    field of argument ``index`` so that it converts the value as ``function`` did; None
    when no placeholder says the same or the placeholders do not match the arguments one
    to one.

    stdlib: ``%s`` -> ``%a`` (any width), ``%#x``/``%#o`` (a width and ``-`` only: ``0``,
    ``+``, `` `` and a precision mean other things to ``x``), ``%.2f`` for ``format(x,
    ".2f")`` (a bare ``%s`` only; unsafe, ``%`` converts through ``float()``). loguru:
    ``{}`` -> ``{!a}``, ``{:#x}`` (unsafe: ``format()`` refuses an object that only has
    ``__index__``, which ``hex()`` takes), ``{:spec}`` (what loguru calls is ``format(x, spec)``).
    """
    text = string_value(call.message) if call.message is not None else None
    if text is None:
        return None
    letter = _PLACEHOLDER_CONVERSIONS.get(function)
    if call.library == STDLIB:
        template = parse_percent(text)
        if template.error or template.keys or not (template.arg_count == len(template.fields) == len(call.args)):
            return None
        field = template.fields[index]
        if field.conversion != "s":
            return None
        if function == "ascii":
            return field.end - 1, field.end, "a", SAFE
        if letter is not None:
            if field.precision or set(field.flags) - {"-"}:
                return None
            return field.start, field.end, f"%{field.flags}#{field.width}{letter}", SAFE
        converted = brace_to_percent(None, spec)
        if converted is None or field.flags or field.width or field.precision:
            return None
        return field.start, field.end, converted.text, SAFE if converted.exact else UNSAFE
    if call.library == LOGURU and not _opt_on(call, "lazy"):
        braces = parse_brace(text)
        if braces.error or len(braces.fields) != len(call.args) or any(f.name or f.nested for f in braces.fields):
            return None
        brace = braces.fields[index]
        if brace.conversion is not None:
            return None
        if function == "ascii":
            return brace.start + 1, brace.start + 1, "!a", SAFE
        if brace.format_spec:
            return None
        if letter is not None:
            return brace.end - 1, brace.end - 1, f":#{letter}", UNSAFE
        return brace.end - 1, brace.end - 1, f":{spec}", SAFE
    return None


def _shown_placeholder(library: Optional[str], function: str, spec: str) -> str:
    """The placeholder that makes ``function``'s conversion, as messages show it."""
    letter = _PLACEHOLDER_CONVERSIONS.get(function)
    if library == STDLIB:
        converted = brace_to_percent(None, spec) if letter is None else None
        return f"%{letter}" if function == "ascii" else f"%#{letter}" if letter else converted.text if converted else "%s"
    return "{!a}" if function == "ascii" else f"{{:#{letter}}}" if letter else f"{{:{spec}}}"


def _edit_message(
    message: cst.BaseExpression, start: int, end: int, replacement: str
) -> Optional[Tuple[cst.BaseExpression, cst.BaseExpression]]:
    """Replace ``[start:end]`` of a plain string literal's value, when its source
    body has no escapes (so value offsets are source offsets) and the replacement needs none."""
    if not isinstance(message, cst.SimpleString) or "\\" in message.raw_value:
        return None
    if "\\" in replacement or message.quote[0] in replacement:
        return None
    body = message.raw_value
    new_body = body[:start] + replacement + body[end:]
    return message, message.with_changes(value=message.prefix + message.quote + new_body + message.quote)


RULES = [
    FStringInLog,
    PercentFormatInLog,
    StrFormatInLog,
    ConcatInLog,
    PlaceholderMismatch,
    WrongPlaceholderStyle,
    EagerStrArg,
]
