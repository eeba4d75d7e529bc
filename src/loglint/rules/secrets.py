"""LL4xx: secrets and personal data written to logs.

LL401 judges a value by its *name*: the variable, the last attribute, the string key
of a subscript, a keyword or a dict key, or the label written right before a
placeholder in the message (``"password=%s"``). A name is split into lower-case
parts (on ``_``, ``-``, camelCase and digits) and is sensitive when its parts
contain a sensitive word (two-part words match two adjacent parts) and no other
part is a qualifier that makes it about something else (``num_tokens`` is a count,
``token_expiry`` a date, ``password_hash`` a hash).

Messages name the variable or key, never a value.
"""

from __future__ import annotations

import re
import weakref
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from loglint.checker import Context
from loglint.expressions import dotted_name, string_value
from loglint.loggers.calls import HandlerInfo, LogCall
from loglint.loggers.libraries import LOGURU, STDLIB, STRUCTLOG
from loglint.loggers.resolver import Scope
from loglint.placeholders import parse_brace, parse_percent
from loglint.rules.base import Rule
from loglint.rules.messages import literal_words

# -- names -------------------------------------------------------------------------

SECRET_WORDS: Tuple[str, ...] = (
    "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "api_key",
    "access_key", "secret_key", "private_key", "client_secret", "credential", "credentials",
    "authorization", "auth",
)
PERSONAL_WORDS: Tuple[str, ...] = ("ssn", "credit_card", "card_number", "cvv")

# Another part that makes the name about something other than the secret itself.
QUALIFIERS: FrozenSet[str] = frozenset(
    "count num n len length size max min limit type kind name id ids path file url uri endpoint "
    "expiry expires expiration ttl hash hashed digest masked redacted is has enabled required "
    "policy field".split()
)
# Found on real code (see the rule page): flags (need_authorization), the names of
# configuration keys (CONF_API_KEY = "api_key"), folders (secret_dir).
EXTRA_QUALIFIERS: FrozenSet[str] = frozenset(
    "need needs should can use uses requires must supports allow allows conf attr dir directory folder".split()
)
# Found on packages never tuned on (benchmarks/precision): a scope, a format, a total...
SCOPE_QUALIFIERS: FrozenSet[str] = frozenset(
    "scope prefix suffix format property properties attribute total usage budget number index offset position "
    "estimate stats metadata start end begin host domain bytes bits issuer".split()
)
# Plurals in general: `token_types`, `secret_names`, `password_files`.
_BASE_QUALIFIERS = QUALIFIERS | EXTRA_QUALIFIERS | SCOPE_QUALIFIERS
_ALL_QUALIFIERS = _BASE_QUALIFIERS | frozenset(q + "s" for q in _BASE_QUALIFIERS) | frozenset(
    q[:-1] + "ies" for q in _BASE_QUALIFIERS if q.endswith("y")
)
# Parts that make "token" a unit of text (NLP, parsers, streamed model output) or of
# paging (`next_token`), not a credential: `first_token`, `new_token`, `token_for_llm`.
TEXT_TOKEN_PARTS: FrozenSet[str] = frozenset(
    "llm nlp prompt completion stream streamed streaming chunk generated vocab vocabulary text word sentence char "
    "lexer parser parse special new next first last prev previous current delta span seq sequence input output".split()
)
# Parts that make "token" a credential even where text is tokenized (`access_token`,
# `hf_token`); without one, a token there is one of text (`token_int`, `batch_token`).
CREDENTIAL_TOKEN_PARTS: FrozenSet[str] = frozenset(
    "access refresh api auth session bearer jwt oauth csrf xsrf secret private personal pat bot app client "
    "user service login security cookie header headers key value str string sso sas webhook device reset "
    "verification invite admin master write read github gh gitlab hf huggingface openai slack discord telegram "
    "wandb aws azure gcp google".split()
)
# "auth" as the last part names a credential after one of these (`basic_auth`,
# `proxy_auth`); after another part it is the process or a plug-in (`req_auth`, an authenticator).
_AUTH_SCHEMES = frozenset(
    "basic http https digest proxy bearer api client oauth user service token ntlm kerberos aws hmac".split()
)
# A tokenizer's vocabulary items are tokens of text, not credentials.
_VOCABULARY_TOKENS = frozenset({"pad", "eos", "bos", "unk", "sep", "cls", "mask"})
# "auth" mostly qualifies the process (auth_method, auth_backend, auth_ip_list): it
# names a credential as the last part (basic_auth, self.auth) or before one of these.
_AUTH_MATERIAL = frozenset({"header", "headers", "key", "str", "string", "value", "cookie", "data", "info", "params", "tuple"})

# Calls that summarise or redact their argument: what they return is safe to log.
SUMMARY_FUNCTIONS: FrozenSet[str] = frozenset(
    {"len", "bool", "type", "hash", "id", "isinstance", "issubclass", "hasattr", "callable"}
)
REDACTION_WORDS: Tuple[str, ...] = ("mask", "redact", "hash", "obfuscate", "sanitize", "sanitise", "scrub")
# Calls that return their argument in another form: the secret is still there.
_PASS_THROUGH_FUNCTIONS = frozenset({"str", "repr", "ascii", "bytes"})
_PASS_THROUGH_METHODS = frozenset({"decode", "encode", "strip", "lstrip", "rstrip", "hex"})
# Calls that look a value up by a string key, like a subscript does.
_LOOKUP_METHODS = frozenset({"get", "getenv", "getattr", "pop"})
# What an exception is usually called: a message labelled "Invalid token: %s" with
# the exception as its value describes a failure, it does not show the token.
EXCEPTION_NAMES = frozenset({"e", "err", "error", "exc", "ex", "exception"})

_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")


def name_parts(name: str) -> Tuple[str, ...]:
    """``"apiKey2_value"`` -> ``("api", "key", "value")``: split on ``_``, ``-``, camelCase and digits."""
    parts = [part.lower() for part in _PART.findall(name)]
    for index in range(len(parts) - 1, 0, -1):
        if parts[index] == "auth" and parts[index - 1] == "o":
            parts[index - 1:index + 1] = ["oauth"]  # OAuth2Session
    return tuple(parts)


def _entry_parts(words: Sequence[str]) -> Tuple[Tuple[str, ...], ...]:
    return tuple(parts for parts in (name_parts(word) for word in words) if parts)


class Vocabulary:
    """The sensitive words and the rules for matching a name's parts against them."""

    def __init__(self, secret: Sequence[str], personal: Sequence[str]) -> None:
        self._entries: List[Tuple[Tuple[str, ...], str]] = [
            *((parts, "secret") for parts in _entry_parts(secret)),
            *((parts, "personal") for parts in _entry_parts(personal)),
        ]
        self._first_parts = frozenset(parts[0] for parts, _ in self._entries)

    def kind(self, parts: Sequence[str], label: bool = False, text_tokens: bool = False) -> Optional[str]:
        """``"secret"`` or ``"personal"`` when the parts name sensitive data, else None.

        ``label``: the parts are the words of a label in a message ("access token: %s"),
        where the sensitive word must be the last (the noun: "token driver:" is not a
        token) and "auth" names the process, never a credential. ``text_tokens``: the
        call is about tokens of text (see :func:`text_token_context`), where a
        "token" is one of them unless a part says it is a credential (`access_token`).
        """
        if not self._first_parts.intersection(parts):
            return None
        found: Optional[str] = None
        covered: Set[int] = set()
        last = len(parts)
        for start, part in enumerate(parts):
            if part not in self._first_parts:
                continue
            for entry, kind in self._entries:
                end = start + len(entry)
                if tuple(parts[start:end]) != entry:
                    continue
                if entry == ("token",) and start > 0 and parts[start - 1] in _VOCABULARY_TOKENS:
                    continue  # pad_token, eos_token: a tokenizer's vocabulary
                if entry == ("token",) and (
                    TEXT_TOKEN_PARTS.intersection(parts)
                    or (text_tokens and not CREDENTIAL_TOKEN_PARTS.intersection(parts))
                ):
                    continue  # first_token, token_for_llm; token, token_int where text is tokenized
                if entry == ("auth",) and (label or (end < last and parts[end] not in _AUTH_MATERIAL)):
                    continue
                if entry == ("auth",) and end == last and start > 0 and parts[start - 1] not in _AUTH_SCHEMES:
                    continue  # req_auth: an authenticator
                if label and end != last:
                    continue
                covered.update(range(start, end))
                found = found or kind
        if found is None:
            return None
        if any(part in _ALL_QUALIFIERS for index, part in enumerate(parts) if index not in covered):
            return None
        return found


# Words of a message about text being tokenized or generated, and about credentials.
_TEXT_WORDS = re.compile(
    r"\b(?:llm|model|streamed|chunks?|generat\w*|prompt|completion|tokeniz\w*|pars(?:e|er|ing)|lexer"
    r"|vocab\w*|sentences?|words?|text)\b",
    re.IGNORECASE,
)
_CREDENTIAL_WORDS = re.compile(
    r"\b(?:auth\w*|bearer|log\s?in|credentials?|passwords?|secrets?|api\s?keys?|headers?|oauth\w*|jwt|sessions?)\b",
    re.IGNORECASE,
)
# Modules whose importers tokenize text: their "token" is a piece of it.
_TEXT_MODULES = frozenset({
    "transformers", "tokenizers", "tiktoken", "sentencepiece", "nltk", "spacy", "tokenize", "lark", "ply",
    "pygments", "torch", "openai", "anthropic", "litellm", "vllm",
})
_TEXT_PATH = re.compile(r"tokeni[sz]|lexer|parser|llm|nlp", re.IGNORECASE)


def text_token_context(ctx: Context, message: str) -> bool:
    """Whether a call's "token" is a token of text: its message speaks of models, streams or
    parsing, or its file tokenizes text (imports a tokenizer or a model client, or its
    path says so), and its message says nothing of credentials."""
    if _CREDENTIAL_WORDS.search(message):
        return False
    if _TEXT_WORDS.search(message):
        return True
    found = _TEXT_FILES.get(ctx)
    if found is None:
        found = _TEXT_FILES[ctx] = _TEXT_PATH.search(ctx.path) is not None or any(
            full.split(".", 1)[0] in _TEXT_MODULES for full in ctx.resolver.imports.values()
        )
    return found


_TEXT_FILES: weakref.WeakKeyDictionary[Context, bool] = weakref.WeakKeyDictionary()


# -- what a call sends to the log --------------------------------------------------

# Stdlib keyword arguments that carry no data of the record's.
_STDLIB_KEYWORDS = frozenset({"exc_info", "stack_info", "stacklevel", "extra"})
# Keywords that are the message itself.
_MESSAGE_KEYWORDS = frozenset({"msg", "event"})
# Structlog's functions that bind context for every later log call.
_CONTEXT_FUNCTIONS = frozenset({
    "structlog.contextvars.bind_contextvars",
    "structlog.contextvars.bound_contextvars",
    "structlog.threadlocal.bind_threadlocal",
})
_CONTEXT_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in _CONTEXT_FUNCTIONS)
_BIND_METHODS = {"bind": None, "new": STRUCTLOG, "contextualize": LOGURU}

# A label right before a placeholder: "password=", "api key: ", '"token": "'.
_LABEL = re.compile(
    r"(?:(?<!\S)(?P<first>[A-Za-z][A-Za-z0-9_\-]*) +)?(?<![A-Za-z0-9_\-])(?P<word>[A-Za-z][A-Za-z0-9_\-]*)"
    r"""['"]? *[:=] *['"\[(<]?$"""
)
_LABEL_WINDOW = 64
# A number cannot be the secret: "auth token: [%i] %s" labels an HTTP status.
_NUMERIC_CONVERSIONS = frozenset("diouxXeEfFgGc")

Style = Optional[str]  # "percent", "brace", or None: either
Target = Union[int, str]  # a positional index or a keyword name


def label_before(text: str, end: int) -> Optional[str]:
    """The label (one or two words) that ends ``text[:end]`` with ``=`` or ``:``, if any."""
    match = _LABEL.search(text[max(0, end - _LABEL_WINDOW):end])
    if match is None:
        return None
    return f"{match['first']} {match['word']}" if match["first"] else match["word"]


def labelled_placeholders(template: str, style: str) -> Iterator[Tuple[str, Target]]:
    """(label, argument) for each placeholder of ``template`` preceded by a label."""
    if style == "percent":
        index = 0
        for field in parse_percent(template).fields:
            index += (field.width == "*") + (field.precision == "*")
            target: Target = field.key if field.key is not None else index
            if field.key is None:
                index += 1
            label = label_before(template, field.start)
            if label is not None and field.conversion not in _NUMERIC_CONVERSIONS:
                yield label, target
        return
    auto = 0
    for brace in parse_brace(template).fields:
        first = re.split(r"[.\[]", brace.name, maxsplit=1)[0]
        if first == "":
            target, auto = auto, auto + 1
        elif first.isdecimal():
            target = int(first)
        else:
            target = first
        label = label_before(template, brace.start)
        if label is not None:
            yield label, target


def _is_constant(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float, cst.Imaginary)):
        return True
    if isinstance(expr, cst.FormattedString):
        return not any(isinstance(part, cst.FormattedStringExpression) for part in expr.parts)
    if isinstance(expr, cst.UnaryOperation):
        return _is_constant(expr.expression)
    return isinstance(expr, cst.Name) and expr.value in ("None", "True", "False", "Ellipsis")


class _Inspection:
    """The reports for one logging (or binding) call; each node is reported once."""

    def __init__(
        self, rule: SensitiveDataInLog, ctx: Context, handler: Optional[HandlerInfo] = None, message: str = ""
    ) -> None:
        self.rule = rule
        self.ctx = ctx
        self.text_tokens = text_token_context(ctx, message)
        self.done: Set[int] = set()
        # the exception bound by the enclosing ``except ... as name``: never the secret
        self.exception = handler.name if handler is not None else None

    def is_exception(self, expr: cst.BaseExpression) -> bool:
        return isinstance(expr, cst.Name) and (expr.value == self.exception or expr.value in EXCEPTION_NAMES)

    def leaks(self, value: cst.BaseExpression) -> bool:
        """Whether a value under a sensitive key or label could be the secret itself."""
        if _is_constant(value) or isinstance(value, cst.Comparison) or self.is_exception(value):
            return False
        if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Not):
            return False
        if isinstance(value, cst.Lambda):
            return self.leaks(value.body)
        if isinstance(value, cst.IfExp):
            return self.leaks(value.body) or self.leaks(value.orelse)  # "set" if token else "unset"
        if isinstance(value, cst.Subscript) and not all(isinstance(e.slice, cst.Index) for e in value.slice):
            return False  # token[:8]
        if isinstance(value, (cst.Name, cst.Attribute, cst.Subscript)):
            named = self.rule.name_of(value)
            if named is not None and _ALL_QUALIFIERS.intersection(named[1]):
                return False  # "token=%s", token_type: the name says what it is
        if isinstance(value, cst.Call):
            if self.rule.redacts(value.func):
                return False
            if isinstance(value.func, cst.Name) and value.func.value in _PASS_THROUGH_FUNCTIONS:
                positional = [arg.value for arg in value.args if arg.keyword is None and not arg.star]
                return bool(positional) and self.leaks(positional[0])
        return True

    def report(self, node: cst.CSTNode, name: str, kind: str, labelled: bool = False) -> None:
        if id(node) in self.done:
            return
        self.done.add(id(node))
        what = "personal data" if kind == "personal" else "secrets"
        subject = f"a value labelled `{name}`" if labelled else f"`{name}`"
        self.ctx.report(self.rule, node, f"{subject} is written to the log; {what} in logs leak")

    # -- values judged by their own name ---------------------------------------------

    def value(self, expr: cst.BaseExpression) -> None:
        """Inspect an expression whose value is written to the log."""
        if isinstance(expr, (cst.Name, cst.Attribute, cst.Subscript)):
            if isinstance(expr, cst.Name) and expr.value == self.exception:
                return  # except TokenError as token_error: an exception, not a token
            named = self.rule.name_of(expr)
            if named is not None:
                display, parts = named
                kind = self.rule.sensitive(display, parts, text_tokens=self.text_tokens)
                if kind is not None:
                    self.report(expr, display, kind)
            return
        if isinstance(expr, cst.Call):
            self.call_value(expr)
        elif isinstance(expr, cst.FormattedString):
            self.fstring(expr)
        elif isinstance(expr, cst.ConcatenatedString):
            self.value(expr.left)
            self.value(expr.right)
        elif isinstance(expr, cst.BinaryOperation):
            if isinstance(expr.operator, cst.Modulo) and string_value(expr.left) is not None:
                self.value(expr.right)
                self.template(expr.left, "percent", *_percent_operands(expr.right))
            elif isinstance(expr.operator, cst.Add):
                self.value(expr.left)
                self.value(expr.right)
                self.concatenation_label(expr)
        elif isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
            for element in expr.elements:
                if not isinstance(element, (cst.StarredElement,)):
                    self.value(element.value)
        elif isinstance(expr, cst.Dict):
            self.mapping(expr)
        elif isinstance(expr, cst.IfExp):
            self.value(expr.body)
            self.value(expr.orelse)
        elif isinstance(expr, cst.BooleanOperation):
            self.value(expr.left)
            self.value(expr.right)
        elif isinstance(expr, cst.Await):
            self.value(expr.expression)
        elif isinstance(expr, cst.Lambda):
            self.value(expr.body)  # loguru's opt(lazy=True) logs what the lambda returns
        # Comparisons, constants, comprehensions: no secret goes out as is.

    def call_value(self, call: cst.Call) -> None:
        func = call.func
        positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
        if self.rule.redacts(func):
            return
        if isinstance(func, cst.Name) and func.value in _PASS_THROUGH_FUNCTIONS:
            if positional:
                self.value(positional[0].value)
            return
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in _PASS_THROUGH_METHODS:
                self.value(func.value)
                return
            if method == "format" and string_value(func.value) is not None:
                keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
                for arg in positional:
                    self.value(arg.value)
                for arg in keywords.values():
                    self.keyword(arg)
                unknown = any(arg.star for arg in call.args)
                self.template(func.value, "brace", [arg.value for arg in positional], keywords, unknown)
                return
        named = self.rule.name_of(call)
        if named is not None:
            display, parts = named
            kind = self.rule.sensitive(display, parts, text_tokens=self.text_tokens)
            if kind is not None:
                self.report(call, display, kind)
            return
        # Any other call may put its arguments into what it returns: json.dumps(credentials).
        for arg in call.args:
            if not arg.star:
                self.value(arg.value)

    def fstring(self, expr: cst.FormattedString) -> None:
        text = ""
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                text += part.value
                continue
            assert isinstance(part, cst.FormattedStringExpression)
            self.value(part.expression)
            label = label_before(text, len(text))
            if label is not None:
                self.labelled(part.expression, label)
            text += "{}"

    def concatenation_label(self, expr: cst.BinaryOperation) -> None:
        """``"token: " + value``: the right operand is labelled by the string on its left."""
        left = expr.left
        while isinstance(left, cst.BinaryOperation) and isinstance(left.operator, cst.Add):
            left = left.right
        text = string_value(left)
        if text is not None:
            label = label_before(text, len(text))
            if label is not None:
                self.labelled(expr.right, label)

    # -- keys ------------------------------------------------------------------------

    def keyword(self, arg: cst.Arg) -> None:
        """A keyword argument whose key and value go to the log (structlog, loguru, bind)."""
        if arg.keyword is None:
            return
        self.keyed(arg.keyword, arg.keyword.value, arg.value)

    def keyed(self, key_node: cst.CSTNode, key: str, value: cst.BaseExpression) -> None:
        kind = self.rule.sensitive(key, name_parts(key), text_tokens=self.text_tokens)
        if kind is not None and self.leaks(value):
            self.report(key_node, key, kind)
            return
        self.value(value)

    def mapping(self, expr: cst.BaseExpression) -> None:
        """A dict display or ``dict(...)`` whose keys and values go to the log (``extra=``)."""
        if isinstance(expr, cst.Dict):
            for element in expr.elements:
                if isinstance(element, cst.DictElement):
                    key = string_value(element.key)
                    if key is not None:
                        self.keyed(element.key, key, element.value)
                    else:
                        self.value(element.value)
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "dict":
            for arg in expr.args:
                if arg.keyword is not None:
                    self.keyword(arg)
                elif not arg.star:
                    self.value(arg.value)

    # -- labels in message templates -------------------------------------------------

    def template(
        self,
        template: cst.BaseExpression,
        style: Style,
        args: Sequence[cst.BaseExpression],
        keywords: Dict[str, cst.Arg],
        unknown_args: bool,
    ) -> None:
        """Labels before the placeholders of a string template, matched with the arguments."""
        text = string_value(template)
        if text is None:
            return
        if style is None:  # a logger of unknown library: the template tells
            style = "percent" if "%" in text else "brace"
        for label, target in labelled_placeholders(text, style):
            value = self._argument(target, args, keywords)
            if value is not None:
                self.labelled(value, label)
            elif unknown_args:
                self.labelled(template, label, check_value=False)

    @staticmethod
    def _argument(
        target: Target, args: Sequence[cst.BaseExpression], keywords: Dict[str, cst.Arg]
    ) -> Optional[cst.BaseExpression]:
        if isinstance(target, int):
            return args[target] if target < len(args) else None
        if target in keywords:
            return keywords[target].value
        # "%(password)s" with a single dict argument.
        if len(args) == 1 and isinstance(args[0], cst.Dict):
            for element in args[0].elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) == target:
                    return element.value
        return None

    def labelled(self, value: cst.BaseExpression, label: str, check_value: bool = True) -> None:
        if check_value and isinstance(value, cst.IfExp):
            self.labelled(value.body, label)  # each branch by itself: "set" if token else "unset"
            self.labelled(value.orelse, label)
            return
        kind = self.rule.sensitive(label, name_parts(label), label=True, text_tokens=self.text_tokens)
        if kind is None or (check_value and not self.leaks(value)):
            return
        self.report(value, label, kind, labelled=True)


def _percent_operands(expr: cst.BaseExpression) -> Tuple[List[cst.BaseExpression], Dict[str, cst.Arg], bool]:
    """The arguments of ``template % expr``."""
    if isinstance(expr, cst.Tuple):
        values = [e.value for e in expr.elements if not isinstance(e, cst.StarredElement)]
        return values, {}, len(values) < len(expr.elements)
    if isinstance(expr, cst.Dict):
        return [expr], {}, False
    return [expr], {}, False


def _may_bind(node: cst.Call) -> bool:
    """By its names alone, whether a call can bind logging context with keywords."""
    func = node.func
    if isinstance(func, cst.Attribute):
        if func.attr.value not in _BIND_METHODS and func.attr.value not in _CONTEXT_NAMES:
            return False
    elif not isinstance(func, cst.Name) or func.value not in _CONTEXT_NAMES:
        return False
    return any(arg.keyword is not None for arg in node.args)


class SensitiveDataInLog(Rule):
    code = "LL401"

    def setup(self) -> None:
        self.vocabulary = Vocabulary([*SECRET_WORDS, *self.settings["extend-names"]], PERSONAL_WORDS)
        self.allowed = frozenset(self.settings["allow-names"])
        self.redaction_functions = frozenset(self.settings["redaction-functions"])

    # -- judging names and values ------------------------------------------------------

    def sensitive(
        self, display: str, parts: Sequence[str], label: bool = False, text_tokens: bool = False
    ) -> Optional[str]:
        if display in self.allowed:
            return None
        return self.vocabulary.kind(parts, label, text_tokens)

    def name_of(self, expr: cst.BaseExpression) -> Optional[Tuple[str, Tuple[str, ...]]]:
        """(what to call it in the message, the parts to judge) for a named value."""
        if isinstance(expr, cst.Name):
            return expr.value, name_parts(expr.value)
        if isinstance(expr, cst.Attribute):
            if self.allowed and expr.attr.value in self.allowed:
                return None
            dotted = dotted_name(expr)
            return dotted or expr.attr.value, name_parts(expr.attr.value)
        if isinstance(expr, cst.Subscript):
            if len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Index):
                return None  # a slice shows part of the value: token[:8]
            key = string_value(expr.slice[0].slice.value)
            if key is not None:
                return key, name_parts(key)
            return self.name_of(expr.value)
        if isinstance(expr, cst.Call):
            func = expr.func
            method = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
            if method in _LOOKUP_METHODS:
                strings = [string_value(arg.value) for arg in expr.args if arg.keyword is None and not arg.star]
                key = next((s for s in strings if s is not None), None)
                if key is not None:
                    return key, name_parts(key)
        return None

    def redacts(self, func: cst.BaseExpression) -> bool:
        """Whether a call of ``func`` makes its argument safe to log."""
        dotted = dotted_name(func)
        if dotted is None:
            return False
        last = dotted.rsplit(".", 1)[-1]
        if dotted in self.redaction_functions or last in self.redaction_functions:
            return True
        if isinstance(func, cst.Name) and last in SUMMARY_FUNCTIONS:
            return True
        lowered = last.lower()
        return any(word in lowered for word in REDACTION_WORDS)

    # -- hooks -------------------------------------------------------------------------

    def check_call(self, call: LogCall, ctx: Context) -> None:
        inspection = _Inspection(self, ctx, call.handler, literal_words(call.message))
        library = call.library
        message = call.message
        positional = [arg.value for arg in call.args]
        if message is not None:
            inspection.value(message)
        for value in positional:
            inspection.value(value)
        for key, arg in call.keywords.items():
            if key == "extra" and library in (STDLIB, None):
                inspection.mapping(arg.value)
            elif key in _STDLIB_KEYWORDS or (key in _MESSAGE_KEYWORDS and arg.value is message):
                continue
            elif library != STDLIB:
                inspection.keyword(arg)
        # Labels last: a value reported by its own name keeps that message.
        format_keywords = call.keywords if library == LOGURU else {}
        if message is not None and (positional or format_keywords or call.star_args):
            style: Style = "brace" if library == LOGURU else None if library is None else "percent"
            inspection.template(message, style, positional, format_keywords, call.star_args)

    def check_module(self, ctx: Context) -> None:
        for node, _, _, scope in ctx.sites:
            if not _may_bind(node) or not self._binds_context(node, scope, ctx):
                continue
            inspection = _Inspection(self, ctx)
            for arg in node.args:
                if arg.keyword is not None:
                    inspection.keyword(arg)

    @staticmethod
    def _binds_context(node: cst.Call, scope: Scope, ctx: Context) -> bool:
        func = node.func
        if ctx.qualify(func) in _CONTEXT_FUNCTIONS:
            return True
        if not isinstance(func, cst.Attribute) or func.attr.value not in _BIND_METHODS:
            return False
        ref = ctx.resolver.resolve(func.value, scope)
        if ref is None or ref.root or ref.library == STDLIB:
            return False
        wanted = _BIND_METHODS[func.attr.value]
        return wanted is None or ref.library in (wanted, None)


RULES = [SensitiveDataInLog]
