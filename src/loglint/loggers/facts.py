"""What the project index knows of one module, extracted with ``ast``.

Facts are plain JSON values (the index cache stores them) describing, per module-level
name, how it is bound, without evaluating anything; :mod:`loglint.loggers.index`
evaluates them across modules. An expression ``E`` is one of:

- ``None``: something the index does not follow (a literal, arithmetic, a lambda...)
- ``["n", name]``: a name, looked up in the module
- ``["a", E, attr]``: an attribute of ``E``
- ``["c", E, bound]``: a call of ``E`` (``bound``: 1 when it has arguments, ``bind(x=1)``)
- ``["i", module, level, name]``: what ``from module import name`` gives (``level``: the
  leading dots; ``name`` None for ``import module``)
- ``["T", E]``: a value of the type ``E`` (an annotation)
- ``["o", [E, ...]]``: one of these (``a or b``, ``x if c else y``, ``Optional[X]``)
- ``["self"]``: the instance (or class) whose method this is

A definition ``D`` of a name is ``["v", E]`` (assigned, imported), ``["t", E]``
(annotated), ``["f", F]`` (a function or method), ``["p", F]`` (a property) or
``["k", K]`` (a class). ``F`` is ``[return annotation E, [returned E, ...], method]``
(``method``: 1 when ``["self"]`` in it means the class's instance); ``K`` is
``[[base E, ...], {member: [D, ...]}]`` with members from the class body and from
``self.x = ...`` in its methods. A function's parameters and local assignments are
replaced by what they hold when its facts are made (``return lg`` after
``lg = logging.getLogger()`` is that call).

Module facts are ``{"names": {name: [D, ...]}, "star": [[module, level], ...]}``.
"""

from __future__ import annotations

import ast
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set

Expr = Any  # the JSON shape above
Definition = List[Any]
Facts = Dict[str, Any]

_MAX_DEPTH = 12  # expressions nested deeper are not followed
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = (*_FUNCTIONS, ast.ClassDef, ast.Lambda)
_TRANSPARENT_SUBSCRIPTS = frozenset({"Optional", "Union", "Annotated", "ClassVar", "Final", "Type", "type"})
_PROPERTY_DECORATORS = frozenset({"property", "cached_property", "cache_readonly", "lazy_property"})
_NOT_METHODS = frozenset({"staticmethod"})


def module_facts(tree: ast.Module) -> Facts:
    """The facts of a parsed module."""
    names: Dict[str, List[Definition]] = {}
    star: List[List[Any]] = []
    for node in _block_statements(tree.body):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            star.append([node.module or "", node.level])
        for name, definition in _definitions(node, _Scope()):
            names.setdefault(name, []).append(definition)
    return {"names": names, "star": star}


def _block_statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a block and of the ``if``/``try``/``with``/``for`` blocks in it,
    not those of nested functions and classes (which are definitions themselves)."""
    for node in body:
        yield node
        if isinstance(node, _SCOPES):
            continue
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                yield from _block_statements(block)
        for handler in getattr(node, "handlers", ()):
            yield from _block_statements(handler.body)
        for case in getattr(node, "cases", ()):
            yield from _block_statements(case.body)


class _Encoded:
    """A local name's value that is already an expression (a function-local import)."""

    def __init__(self, expr: Expr) -> None:
        self.expr = expr


class _Scope:
    """How names read in a function's body are replaced: parameters by their annotated
    type, local assignments by their values, the method's first parameter by ``["self"]``."""

    def __init__(self, locals_: Optional[Dict[str, List[Any]]] = None, params: Optional[Dict[str, Expr]] = None) -> None:
        self.locals = locals_ or {}
        self.params = params or {}
        self._expanding: Set[str] = set()

    def name(self, name: str, depth: int) -> Expr:
        if name in self.params:
            return self.params[name]
        values = self.locals.get(name)
        if values is None:
            return ["n", name]
        if name in self._expanding:
            return None
        self._expanding.add(name)
        try:
            encoded = [
                e for e in (v.expr if isinstance(v, _Encoded) else encode(v, self, depth + 1) for v in values) if e is not None
            ]
        finally:
            self._expanding.discard(name)
        return _one_of(encoded)


def _definitions(node: ast.stmt, scope: _Scope) -> Iterator[tuple[str, Definition]]:
    """The names a statement binds at its own level, with their definitions."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, ["v", ["i", alias.name, 0, None]]
            else:
                top = alias.name.split(".", 1)[0]
                yield top, ["v", ["i", top, 0, None]]
    elif isinstance(node, ast.ImportFrom):
        for alias in node.names:
            if alias.name != "*":
                yield alias.asname or alias.name, ["v", ["i", node.module or "", node.level, alias.name]]
    elif isinstance(node, ast.Assign):
        value = encode(node.value, scope)
        if value is not None:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    yield target.id, ["v", value]
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        annotation = annotation_expr(node.annotation, scope)
        if annotation is not None:
            yield node.target.id, ["t", annotation]
        elif node.value is not None:
            value = encode(node.value, scope)
            if value is not None:
                yield node.target.id, ["v", value]
    elif isinstance(node, _FUNCTIONS):
        kind = "p" if _decorated(node, _PROPERTY_DECORATORS) else "f"
        yield node.name, [kind, _function(node, method=False)]
    elif isinstance(node, ast.ClassDef):
        yield node.name, ["k", _class(node)]
    elif type(node).__name__ == "TypeAlias":  # Python 3.12: type X = ...
        value = encode(node.value, scope)  # type: ignore[attr-defined]
        if value is not None and isinstance(node.name, ast.Name):  # type: ignore[attr-defined]
            yield node.name.id, ["v", value]  # type: ignore[attr-defined]


def _decorated(node: ast.AST, names: frozenset[str]) -> bool:
    for decorator in getattr(node, "decorator_list", ()):
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        last = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
        if last in names:
            return True
    return False


def _function(node: ast.AST, method: bool) -> List[Any]:
    """``[return annotation, [returned values], method]`` of a function or method."""
    facts, _ = _function_and_attributes(node, method)
    return facts


def _function_and_attributes(node: ast.AST, method: bool) -> tuple[List[Any], List[tuple[str, Definition]]]:
    """A function's facts and, for a method, the attributes it sets on its first
    parameter (``self.x = value``, ``self.x: T``), both read in its scope."""
    assert isinstance(node, _FUNCTIONS)
    args = node.args
    ordered = [*args.posonlyargs, *args.args]
    is_method = method and bool(ordered) and not _decorated(node, _NOT_METHODS)
    params: Dict[str, Expr] = {}
    for index, param in enumerate([*ordered, *args.kwonlyargs]):
        if is_method and index == 0:
            params[param.arg] = ["self"]
            continue
        annotation = annotation_expr(param.annotation, _Scope()) if param.annotation is not None else None
        params[param.arg] = ["T", annotation] if annotation is not None else None
    for param in filter(None, (args.vararg, args.kwarg)):
        params[param.arg] = None
    locals_: Dict[str, List[Any]] = {}
    returns: List[ast.expr] = []
    statements = list(_block_statements(node.body))
    for statement in statements:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    locals_.setdefault(target.id, []).append(statement.value)
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value is not None:
            locals_.setdefault(statement.target.id, []).append(statement.value)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            for name, definition in _definitions(statement, _Scope()):
                locals_.setdefault(name, []).append(_Encoded(definition[1]))
        elif isinstance(statement, ast.Return) and statement.value is not None:
            returns.append(statement.value)
    scope = _Scope(locals_, params)
    annotation = annotation_expr(node.returns, scope) if node.returns is not None else None
    returned = [e for e in (encode(value, scope) for value in returns) if e is not None]
    attributes = list(_instance_attributes(statements, ordered[0].arg, scope)) if is_method else []
    return [annotation, returned, 1 if is_method else 0], attributes


def _class(node: ast.ClassDef) -> List[Any]:
    """``[[bases], {member: [definitions]}]``: the class body's names, and the attributes
    its methods set on their first parameter."""
    members: Dict[str, List[Definition]] = {}
    for statement in _block_statements(node.body):
        if isinstance(statement, _FUNCTIONS):
            kind = "p" if _decorated(statement, _PROPERTY_DECORATORS) else "f"
            facts, attributes = _function_and_attributes(statement, method=True)
            members.setdefault(statement.name, []).append([kind, facts])
            for name, definition in attributes:
                members.setdefault(name, []).append(definition)
        elif isinstance(statement, ast.ClassDef):
            members.setdefault(statement.name, []).append(["k", _class(statement)])
        else:
            for name, definition in _definitions(statement, _Scope()):
                members.setdefault(name, []).append(definition)
    bases = [encode(base, _Scope()) for base in node.bases]
    return [[base for base in bases if base is not None], members]


def _instance_attributes(statements: Sequence[ast.stmt], self_name: str, scope: _Scope) -> Iterator[tuple[str, Definition]]:
    """``self.x = value`` and ``self.x: T`` among a method's statements."""
    for statement in statements:
        targets: Sequence[ast.expr] = ()
        value: Optional[ast.expr] = None
        annotation: Optional[ast.expr] = None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign):
            targets, value, annotation = [statement.target], statement.value, statement.annotation
        for target in targets:
            if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == self_name):
                continue
            encoded = annotation_expr(annotation, scope) if annotation is not None else None
            if encoded is not None:
                yield target.attr, ["t", encoded]
            elif value is not None:
                encoded = encode(value, scope)
                if encoded is not None:
                    yield target.attr, ["v", encoded]


def encode(node: ast.expr, scope: _Scope, depth: int = 0) -> Expr:
    """The JSON form of an expression, or None when the index does not follow it."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Name):
        return scope.name(node.id, depth)
    if isinstance(node, ast.Attribute):
        value = encode(node.value, scope, depth + 1)
        return None if value is None else ["a", value, node.attr]
    if isinstance(node, ast.Call):
        func = encode(node.func, scope, depth + 1)
        return None if func is None else ["c", func, 1 if (node.args or node.keywords) else 0]
    if isinstance(node, ast.BoolOp):
        return _one_of([e for e in (encode(v, scope, depth + 1) for v in node.values) if e is not None])
    if isinstance(node, ast.IfExp):
        return _one_of([e for e in (encode(v, scope, depth + 1) for v in (node.body, node.orelse)) if e is not None])
    if isinstance(node, ast.NamedExpr):
        return encode(node.value, scope, depth + 1)
    if isinstance(node, ast.Await):
        return encode(node.value, scope, depth + 1)
    return None


def annotation_expr(node: ast.expr, scope: _Scope, depth: int = 0) -> Expr:
    """An annotation's type as an expression: string annotations parsed, ``Optional[X]``,
    ``X | None`` and ``Union[...]`` as ``["o", ...]``, ``None`` left out."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            try:
                parsed = ast.parse(node.value.strip(), mode="eval").body
            except (SyntaxError, ValueError):
                return None
            return annotation_expr(parsed, scope, depth + 1)
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _one_of([e for e in (annotation_expr(side, scope, depth + 1) for side in (node.left, node.right)) if e is not None])
    if isinstance(node, ast.Subscript):
        base = node.value
        last = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
        if last not in _TRANSPARENT_SUBSCRIPTS:
            return None
        inner = node.slice
        if type(inner).__name__ == "Index":  # Python 3.8's wrapper
            inner = inner.value  # type: ignore[attr-defined]
        parts = inner.elts if isinstance(inner, ast.Tuple) else [inner]
        if last == "Annotated":
            parts = parts[:1]
        return _one_of([e for e in (annotation_expr(part, scope, depth + 1) for part in parts) if e is not None])
    if isinstance(node, ast.Name):
        # In an annotation a name is a type: never a parameter or local of the function.
        return ["n", node.id]
    return encode(node, scope, depth)


def _one_of(values: List[Expr]) -> Expr:
    if not values:
        return None
    return values[0] if len(values) == 1 else ["o", values]
