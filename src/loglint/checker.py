"""One traversal of one parsed file for all enabled rules.

The walk is our own (not ``CSTVisitor``): libcst's visitor rebuilds every node it
passes, which costs as much as the parse; walking the dataclass fields directly
costs a sixth of it. Whitespace fields are skipped, they never hold code.

During the walk the checker feeds the :class:`LoggerResolver` imports and
assignments, tracks ``except`` handlers (reset at function, lambda and class
boundaries) and production-only ``if`` bodies, calls rules' ``visit_<Node>``
hooks, and collects calls. After the walk it resolves the calls into
:class:`LogCall` records and hands them to the rules.
"""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass
from typing import Any, Callable, Dict, FrozenSet, List, NamedTuple, Optional, Sequence, Tuple

import libcst as cst

from loglint.expressions import dotted_name, string_value
from loglint.loggers.calls import HandlerInfo, LogCall
from loglint.loggers.index import FileView
from loglint.loggers.resolver import LoggerResolver, Scope
from loglint.rules.base import Rule
from loglint.settings import Settings

_SKIPPED_FIELD_PREFIXES = (
    "whitespace", "lpar", "rpar", "leading_lines", "lines_after_decorators", "comma",
    "semicolon", "colon", "equal", "header", "footer", "newline", "trailing_whitespace",
    "operator", "dot", "arrow", "asynchronous", "lbrace", "rbrace", "lbracket", "rbracket",
    "posonly_ind", "relative", "first_colon", "second_colon", "leading_whitespace",
)
_PRODUCTION_WORDS = frozenset({"prod", "production"})


@dataclass(frozen=True)
class NodeFix:
    """A fix expressed as node replacements; turned into text edits by the fixer."""

    applicability: str  # "safe" or "unsafe"
    message: str
    replacements: Tuple[Tuple[cst.CSTNode, cst.CSTNode], ...]


@dataclass(frozen=True)
class Reported:
    code: str
    name: str
    node: cst.CSTNode
    message: str
    fix: Optional[NodeFix]
    anchor: Optional[cst.Call]  # the call that contains ``node``, when known (cheap positions)
    indent: str  # the indentation of the block around ``node`` (to render multi-line fixes)


class CallSite(NamedTuple):
    """A call, and where it stands: its ``except`` clause, production scope, function."""

    call: cst.Call
    handler: Optional[HandlerInfo]
    production: bool
    scope: Scope


@dataclass(frozen=True)
class CheckOutput:
    reported: List[Reported]
    calls: List[cst.Call]  # every call of the module, in source order
    log_calls: List[LogCall]


# Nodes whose dataclass fields are not declared in source order; the walk must visit
# in source order (the first log call of a handler, calls matched to ``ast`` by order).
# tests/test_checker.py checks this table against libcst's own visiting order.
SOURCE_ORDER: Dict[str, Tuple[str, ...]] = {
    "Arg": ("keyword", "value"),
    "ClassDef": ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    "ExceptHandler": ("type", "name", "body"),
    "ExceptStarHandler": ("type", "name", "body"),
    "FunctionDef": ("decorators", "name", "type_parameters", "params", "returns", "body"),
    "IfExp": ("body", "test", "orelse"),
    "ImportFrom": ("module", "names"),
    "MatchCase": ("pattern", "guard", "body"),
    "Parameters": ("posonly_params", "params", "star_arg", "kwonly_params", "star_kwarg"),
    "SimpleStatementSuite": ("body",),
    "Slice": ("lower", "upper", "step"),
    "TypeAlias": ("name", "type_parameters", "value"),
}
_FIELDS: Dict[type, Tuple[str, ...]] = {}


def child_fields(cls: type) -> Tuple[str, ...]:
    """The fields of a node class that can hold code, in source order."""
    names = _FIELDS.get(cls)
    if names is None:
        names = SOURCE_ORDER.get(cls.__name__) or tuple(
            f.name for f in dataclasses.fields(cls) if not f.name.startswith(_SKIPPED_FIELD_PREFIXES)
        )
        _FIELDS[cls] = names
    return names


def _concrete_node_classes() -> FrozenSet[type]:
    found = set()
    pending = [cst.CSTNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not inspect.isabstract(cls):
            found.add(cls)
    return frozenset(found)


# ``isinstance(x, cst.CSTNode)`` goes through ABC machinery; a set lookup does not.
NODE_CLASSES = _concrete_node_classes()


def iter_children(node: cst.CSTNode) -> List[cst.CSTNode]:
    """Children that can hold code, in source order."""
    out: List[cst.CSTNode] = []
    for name in child_fields(type(node)):
        value = getattr(node, name)
        if type(value) in NODE_CLASSES:
            out.append(value)
        elif type(value) is tuple or type(value) is list:
            out.extend(v for v in value if type(v) in NODE_CLASSES)
    return out


def is_production_test(test: cst.BaseExpression) -> bool:
    """``ENV == "production"``, ``"prod" in envs``, ``env in ("prod", "production")``..."""
    if not isinstance(test, cst.Comparison):
        return False
    if not all(isinstance(t.operator, (cst.Equal, cst.In)) for t in test.comparisons):
        return False
    operands = [test.left, *(t.comparator for t in test.comparisons)]
    for operand in operands:
        elements: Sequence[cst.BaseExpression] = [operand]
        if isinstance(operand, (cst.Tuple, cst.List, cst.Set)):
            elements = [e.value for e in operand.elements]
        for element in elements:
            if isinstance(element, cst.SimpleString) and string_value(element) in _PRODUCTION_WORDS:
                return True
    return False


class Context:
    """What rules see of the file being checked, and how they report."""

    def __init__(self, checker: Checker, module: cst.Module, path: str, index: Optional[FileView]) -> None:
        self.module = module
        self.path = path  # relative to the project root, with forward slashes
        self.settings = checker.settings
        self.resolver = LoggerResolver(checker.settings.logger_names, checker.settings.default_library, index)
        self.calls: List[LogCall] = []
        self.handlers: List[HandlerInfo] = []
        self.reported: List[Reported] = []
        self.sites: List[CallSite] = []  # every call of the file, in source order
        # state during the walk
        self._frames: List[List[HandlerInfo]] = [[]]
        self._tries: Dict[int, Tuple[cst.CSTNode, List[HandlerInfo]]] = {}  # except clause -> its try, the clauses seen
        self._scopes: List[Scope] = [self.resolver.module_scope]
        self.production_depth = 0
        self._indents: List[str] = [""]  # block indentation during the walk
        self._call_indent: Dict[int, str] = {}  # id(call) -> indentation of its block
        self._anchor: Optional[cst.Call] = None  # the call being checked by check_call

    @property
    def handler(self) -> Optional[HandlerInfo]:
        """The innermost ``except`` clause around the current node, within its function."""
        frame = self._frames[-1]
        return frame[-1] if frame else None

    @property
    def all_calls(self) -> List[cst.Call]:
        """Every call in the file, logging or not, in source order (for ``check_module``)."""
        return [site.call for site in self.sites]

    @property
    def production(self) -> bool:
        return self.production_depth > 0

    @property
    def scope(self) -> Scope:
        """The function (or class body, or module) around the current node."""
        return self._scopes[-1]

    def qualify(self, expr: cst.BaseExpression) -> Optional[str]:
        return self.resolver.qualify(expr)

    def report(
        self, rule: Rule, node: cst.CSTNode, message: str, fix: Optional[NodeFix] = None, anchor: Optional[cst.Call] = None
    ) -> None:
        """Report ``node``. ``anchor``: the call that holds it and what ``fix`` replaces, for a
        rule's ``check_module`` that knows it; in ``check_call`` it is the log call. Nodes are
        placed by their anchor's text, or else by generating the whole module's code."""
        if anchor is None:
            anchor = self._anchor if self._anchor is not None else (node if isinstance(node, cst.Call) else None)
        indent = self._call_indent.get(id(anchor), "") if anchor is not None else self._indents[-1]
        self.reported.append(Reported(rule.code, rule.name, node, message, fix, anchor, indent))


class Checker:
    """Built once per run (per worker process) for a set of settings and rules."""

    def __init__(self, settings: Settings, rules: Sequence[Rule]) -> None:
        self.settings = settings
        self.rules = list(rules)
        self._call_rules = [r for r in self.rules if type(r).check_call is not Rule.check_call]
        self._module_rules = [r for r in self.rules if type(r).check_module is not Rule.check_module]
        self._rule_hooks: Dict[type, List[Callable[[Any, Context], None]]] = {}
        for rule in self.rules:
            for attr in dir(type(rule)):
                if attr.startswith("visit_"):
                    node_cls = getattr(cst, attr[len("visit_"):], None)
                    if node_cls is None:
                        raise TypeError(f"{type(rule).__name__}.{attr}: no libcst node of that name")
                    self._rule_hooks.setdefault(node_cls, []).append(getattr(rule, attr))

    def check(self, module: cst.Module, path: str, index: Optional[FileView] = None) -> CheckOutput:
        """Check one parsed file; ``index``: the project index as this file sees it."""
        ctx = Context(self, module, path, index)
        self._walk(module, ctx)
        resolver = ctx.resolver
        for call, handler, production, scope in ctx.sites:
            log_call = resolver.log_call(call, handler, production, scope)
            if log_call is None:
                continue
            ctx.calls.append(log_call)
            if handler is not None:
                handler.calls.append(log_call)
        for log_call in ctx.calls:
            ctx._anchor = log_call.node
            for rule in self._call_rules:
                rule.check_call(log_call, ctx)
        ctx._anchor = None
        for rule in self._module_rules:
            rule.check_module(ctx)
        return CheckOutput(ctx.reported, ctx.all_calls, ctx.calls)

    # -- the walk ------------------------------------------------------------------

    def _walk(self, module: cst.Module, ctx: Context) -> None:
        rule_hooks = self._rule_hooks
        special = _SPECIAL
        fields_of = _REVERSED_FIELDS
        node_classes = NODE_CLASSES
        stack: List[Any] = [module]
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            cls = type(node)
            if cls is tuple:
                node[0](ctx)
                continue
            hooks = rule_hooks.get(cls)
            if hooks is not None:
                for hook in hooks:
                    hook(node, ctx)
            handle = special.get(cls)
            if handle is not None and handle(node, ctx, push):
                continue  # the handler pushed the children itself, or there are none to visit
            names = fields_of.get(cls)
            if names is None:
                names = fields_of[cls] = tuple(reversed(child_fields(cls)))
            for name in names:
                value = getattr(node, name)
                kind = type(value)
                if kind in node_classes:
                    push(value)
                elif kind is tuple or kind is list:
                    for item in reversed(value):
                        if type(item) in node_classes:
                            push(item)


# What the walk does at particular nodes besides visiting their children. Each returns
# True when it took care of the children itself.
Push = Callable[[Any], None]


def _on_call(node: cst.Call, ctx: Context, push: Push) -> bool:
    ctx.sites.append(CallSite(node, ctx.handler, ctx.production_depth > 0, ctx._scopes[-1]))
    ctx._call_indent[id(node)] = ctx._indents[-1]
    return False


def _on_import(node: cst.Import, ctx: Context, push: Push) -> bool:
    ctx.resolver.add_import(node, ctx._scopes[-1])
    return True


def _on_import_from(node: cst.ImportFrom, ctx: Context, push: Push) -> bool:
    ctx.resolver.add_import_from(node, ctx._scopes[-1])
    return True


def _on_assign(node: cst.Assign, ctx: Context, push: Push) -> bool:
    for target in node.targets:
        ctx.resolver.add_assignment(target.target, node.value, ctx._scopes[-1])
    return False


def _on_ann_assign(node: cst.AnnAssign, ctx: Context, push: Push) -> bool:
    ctx.resolver.add_annotation(node.target, node.annotation.annotation)
    if node.value is not None:
        ctx.resolver.add_assignment(node.target, node.value, ctx._scopes[-1])
    return False


def _on_param(node: cst.Param, ctx: Context, push: Push) -> bool:
    if node.annotation is not None:
        ctx.resolver.add_annotation(node.name, node.annotation.annotation)
    return False


def _on_scope(node: cst.CSTNode, ctx: Context, push: Push) -> bool:
    """Functions, lambdas and classes: an ``except`` outside is not around their body,
    and names (``self``, imports) are the scope's own."""
    ctx._frames.append([])
    ctx._scopes.append(_new_scope(node, ctx._scopes[-1]))
    push((_pop_frame,))
    return False


def _new_scope(node: cst.CSTNode, parent: Scope) -> Scope:
    """The scope of a class body (its qualified name, when the index can know the class:
    not one made in a function), a method (its first parameter is ``self``) or any other
    function (``self`` is its enclosing method's)."""
    if isinstance(node, cst.ClassDef):
        in_body = parent.kind == "module" or (parent.kind == "class" and parent.class_name is not None)
        name = node.name.value
        qualname = (f"{parent.class_name}.{name}" if parent.class_name else name) if in_body else None
        return Scope(parent, "class", qualname)
    names = _param_names(node.params) if isinstance(node, (cst.FunctionDef, cst.Lambda)) else frozenset()
    if isinstance(node, cst.FunctionDef) and parent.kind == "class":
        params = [*node.params.posonly_params, *node.params.params]
        static = any(dotted_name(d.decorator) in ("staticmethod",) for d in node.decorators)
        self_name = params[0].name.value if params and not static else None
        return Scope(parent, "function", parent.class_name, self_name, params=names)
    return Scope(parent, "function", parent.class_name if parent.kind != "class" else None, parent.self_name, params=names)


def _param_names(params: cst.Parameters) -> FrozenSet[str]:
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    every.extend(p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param))
    return frozenset(param.name.value for param in every)


def _on_try(node: cst.CSTNode, ctx: Context, push: Push) -> bool:
    siblings: List[HandlerInfo] = []
    for clause in node.handlers:  # type: ignore[attr-defined]
        ctx._tries[id(clause)] = (node, siblings)
    return False


def _on_handler(node: cst.CSTNode, ctx: Context, push: Push) -> bool:
    handler = _handler_info(node)
    handler.try_node, handler.siblings = ctx._tries.pop(id(node), (None, []))
    handler.siblings.append(handler)
    ctx.handlers.append(handler)
    ctx._frames[-1].append(handler)
    push((_pop_handler,))
    return False


def _on_indented_block(node: cst.IndentedBlock, ctx: Context, push: Push) -> bool:
    step = node.indent if node.indent is not None else ctx.module.default_indent
    ctx._indents.append(ctx._indents[-1] + step)
    push((_pop_indent,))
    return False


def _on_raise(node: cst.Raise, ctx: Context, push: Push) -> bool:
    for handler in ctx._frames[-1]:
        handler.reraises = True
    return False


def _on_if(node: cst.If, ctx: Context, push: Push) -> bool:
    if not is_production_test(node.test):
        return False
    if node.orelse is not None:
        push(node.orelse)
    push((_leave_production,))
    push(node.body)
    push((_enter_production,))
    push(node.test)
    return True


_SPECIAL: Dict[type, Callable[[Any, Context, Push], bool]] = {
    cst.Call: _on_call,
    cst.Import: _on_import,
    cst.ImportFrom: _on_import_from,
    cst.Assign: _on_assign,
    cst.AnnAssign: _on_ann_assign,
    cst.Param: _on_param,
    cst.FunctionDef: _on_scope,
    cst.Lambda: _on_scope,
    cst.ClassDef: _on_scope,
    cst.Try: _on_try,
    cst.TryStar: _on_try,
    cst.ExceptHandler: _on_handler,
    cst.ExceptStarHandler: _on_handler,
    cst.Raise: _on_raise,
    cst.IndentedBlock: _on_indented_block,
    cst.If: _on_if,
}
_REVERSED_FIELDS: Dict[type, Tuple[str, ...]] = {}


def _pop_indent(ctx: Context) -> None:
    ctx._indents.pop()


def _pop_frame(ctx: Context) -> None:
    ctx._frames.pop()
    ctx._scopes.pop()


def _pop_handler(ctx: Context) -> None:
    ctx._frames[-1].pop()


def _enter_production(ctx: Context) -> None:
    ctx.production_depth += 1


def _leave_production(ctx: Context) -> None:
    ctx.production_depth -= 1


def _handler_info(node: cst.CSTNode) -> HandlerInfo:
    assert isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler))
    name = None
    if node.name is not None and isinstance(node.name.name, cst.Name):
        name = node.name.name.value
    types: List[str] = []
    if node.type is not None:
        elements = [e.value for e in node.type.elements] if isinstance(node.type, cst.Tuple) else [node.type]
        for element in elements:
            dotted = dotted_name(element)
            types.append(dotted if dotted is not None else "?")
    return HandlerInfo(node=node, name=name, type_names=tuple(types), bare=node.type is None)
