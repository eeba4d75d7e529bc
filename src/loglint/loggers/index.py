"""The project index: what the project's own modules say about their loggers.

A logger configured in one module and used in others (``from app.log import logger``,
``self.logger_service.logger()``, a base class's ``self.log``) has no library as far as
one file can tell. The index answers for it, on demand: a file asks about an
expression (``["i", "app.log", 0, "logger"]``, ``["a", ["self"], "log"]``, see
:mod:`loglint.loggers.facts`) and the index finds the modules it names under the
project root, reads their facts (``ast``, once per module and run, kept in the index
store between runs), and evaluates.

Only the modules a question leads to are ever read: a project whose files all make
their own loggers costs nothing. Evaluation is memoised per run; a cycle (two modules
importing each other's logger) gives "unknown".

A value is a tuple:

- ``("L", library, how)``: a logger (``library`` None when definitions disagree)
- ``("M", path)``: a project module; ``("C", path, qualname)``: a class;
  ``("F", path, qualname, class qualname)``: a function or method;
  ``("I", path, qualname[, maybe])``: an instance of a project class (``maybe``: 1 when
  a base is not the project's, so that the instance may be a logger after all)
- ``("X", qualified)``: something outside the project (``logging.getLogger``)
- ``("LM", library, method, how)``: a method of a logger (``logger.bind``)
- ``("P", path)``: the first project module that a project-wide search found (see
  :meth:`ProjectIndex.search`)
- None: unknown

Paths are relative to the index root, with ``/``; a namespace package is its folder
followed by ``/``.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import re
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from loglint.loggers.facts import Definition, Expr, Facts, module_facts
from loglint.loggers.libraries import CHAIN_METHODS, CLASS_FACTORIES, FACTORIES, LOGGER_OBJECTS, LOGGER_TYPES, NOT_LOGGER_BASES
from loglint.loggers.store import FactStore
from loglint.settings import DEFAULT_EXCLUDE, LIBRARIES

Value = Optional[Tuple[Any, ...]]
Query = Tuple[str, Optional[str]]  # (expression as JSON, class qualname)

_IN_PROGRESS = ("?",)  # memo marker: a cycle reads as unknown
_MAX_DEPTH = 60  # evaluation nested deeper gives up (pathological chains)


class ProjectIndex:
    """The index of one project root, for one run (or one editor session)."""

    def __init__(self, root: Path, store: Optional[FactStore] = None) -> None:
        self.root = Path(os.path.abspath(root))
        self.store = store
        self._facts: Dict[str, Optional[Facts]] = {}
        self._current: Optional[Tuple[str, Callable[[], Optional[Facts]]]] = None
        self._current_facts: Optional[Facts] = None
        self._current_hits = 0  # times the current file's facts were read (see _memoised)
        self._memo: Dict[Tuple[Any, ...], Value] = {}
        self._local_memo: Dict[Tuple[Any, ...], Value] = {}
        self._files: Dict[str, bool] = {}
        self._depth = 0

    # -- the file being linted ---------------------------------------------------------

    def set_current(self, path: Optional[str], facts: Optional[Callable[[], Optional[Facts]]]) -> None:
        """Read ``path``'s facts from ``facts`` (its text as being linted, not as on disk)
        until the next call; None: every module from disk."""
        self._current = (path, facts) if path is not None and facts is not None else None
        self._current_facts = None
        self._local_memo = {}

    @property
    def current_facts(self) -> Optional[Facts]:
        """The facts of the file being linted, when a question needed them."""
        return self._current_facts

    def relative(self, path: Path) -> Optional[str]:
        """A file's path relative to the root, or None when it is outside."""
        absolute = os.path.abspath(path)
        prefix = str(self.root).rstrip(os.sep) + os.sep
        if not absolute.startswith(prefix):
            return None
        return absolute[len(prefix):].replace(os.sep, "/")

    def label(self, path: str) -> str:
        """A module's dotted name from its top package: ``src/app/log.py`` -> ``app.log``."""
        parts = path.rstrip("/").split("/")
        first = len(parts) - 1  # the first part of the name: the file, then each package above it
        while first > 0 and self._is_file("/".join(parts[:first]) + "/__init__.py"):
            first -= 1
        names = parts[first:]
        names[-1] = names[-1].rsplit(".", 1)[0] if names[-1].endswith((".py", ".pyi")) else names[-1]
        if names[-1] == "__init__" and len(names) > 1:
            names.pop()
        return ".".join(names)

    # -- evaluation ----------------------------------------------------------------

    def evaluate(self, path: str, expr: Expr, cls: Optional[str] = None) -> Value:
        """What ``expr`` is in module ``path`` (in a method of class ``cls``)."""
        return self._eval(expr, path, cls)

    def _eval(self, expr: Expr, path: str, cls: Optional[str]) -> Value:
        if not isinstance(expr, list) or not expr:
            return None
        if self._depth > _MAX_DEPTH:
            return None
        self._depth += 1
        try:
            kind = expr[0]
            if kind == "n":
                return self._global(path, expr[1])
            if kind == "i":
                return self._import(path, expr[1], expr[2], expr[3])
            if kind == "a":
                return self._attribute(self._eval(expr[1], path, cls), expr[2])
            if kind == "c":
                return self._call(self._eval(expr[1], path, cls))
            if kind == "T":
                return self._instance(expr[1], path, cls)
            if kind == "o":
                return _combine([self._eval(e, path, cls) for e in expr[1]])
            if kind == "self":
                return ("I", path, cls) if cls else None
            if kind == "P":
                return self.search(expr[1], expr[2:], path)
            return None
        finally:
            self._depth -= 1

    def _instance(self, type_expr: Expr, path: str, cls: Optional[str]) -> Value:
        """A value of the type ``type_expr`` (an annotation)."""
        if isinstance(type_expr, list) and type_expr and type_expr[0] == "o":
            return _combine([self._instance(e, path, cls) for e in type_expr[1]])
        kind = self._eval(type_expr, path, cls)
        if kind is None:
            return None
        if kind[0] == "X":
            library = LOGGER_TYPES.get(kind[1])
            return ("L", library, f"`{kind[1]}`") if library is not None else None
        if kind[0] == "C":
            return self._new_instance(kind)
        return None

    def _new_instance(self, cls_value: Tuple[Any, ...]) -> Value:
        """An instance of a project class: a logger when the class derives from a logger
        class; else an instance, marked "may be a logger" (a fourth item, 1) when a base
        is not the project's."""
        kind = self._logger_base(cls_value[1], cls_value[2])
        if kind is not None and kind[0] == "lib":
            return ("L", kind[1], f"{self.label(cls_value[1])}.{cls_value[2]} (a subclass of a {kind[1]} logger)")
        return ("I", cls_value[1], cls_value[2], 0 if kind is not None else 1)

    def _logger_base(self, path: str, qualname: str) -> Value:
        """``("lib", library)`` for a subclass of a logger class, ``("none",)`` for a class
        whose bases are all the project's (or builtins) and none is, None when unknown."""

        def compute() -> Value:
            facts = self._class_facts(path, qualname)
            if facts is None:
                return None
            known = True
            for base in facts[0]:
                value = self._eval(base, path, None)
                if value is None:
                    known = known and self._builtin(path, base)
                elif value[0] == "X":
                    library = LOGGER_TYPES.get(value[1]) or FACTORIES.get(value[1])
                    if library is not None:
                        return ("lib", library)
                    known = known and value[1] in NOT_LOGGER_BASES
                elif value[0] == "C":
                    kind = self._logger_base(value[1], value[2])
                    if kind is not None and kind[0] == "lib":
                        return kind
                    known = known and kind is not None
                else:
                    known = False
            return ("none",) if known else None

        return self._memoised(("base", path, qualname), compute)

    def _builtin(self, path: str, expr: Expr) -> bool:
        """A base class named like a builtin type (``object``, ``Exception``) that the module does not define."""
        if expr[0] != "n" or not isinstance(getattr(builtins, expr[1], None), type):
            return False
        facts = self._module(path)
        return facts is None or expr[1] not in facts["names"]

    def _global(self, path: str, name: str) -> Value:
        """A module-level name of ``path``."""

        def compute() -> Value:
            facts = self._module(path)
            if facts is None:
                return None
            definitions = facts["names"].get(name)
            if definitions is not None:
                return self._definitions(definitions, path, None, name)
            for module, level in facts["star"]:
                target = self._find_module(path, module, level)
                if target is not None and name in (self._module(target) or {"names": {}})["names"]:
                    return self._global(target, name)
            return None

        return self._memoised(("g", path, name), compute)

    def _definitions(self, definitions: Iterable[Definition], path: str, cls: Optional[str], qualname: str) -> Value:
        where = f"{self.label(path)}.{qualname}"
        values = []
        for definition in definitions:
            kind, body = definition
            if kind == "v":
                value = self._eval(body, path, cls)
                values.append(_labelled(value, where, "import" if body[0] == "i" else "assignment"))
            elif kind == "t":
                values.append(_labelled(self._instance(body, path, cls), where, "annotation"))
            elif kind == "f":
                values.append(("F", path, qualname, cls if body[2] else None))
            elif kind == "p":
                values.append(self._returned(path, qualname, cls))
            elif kind == "k":
                values.append(("C", path, qualname))
        return _combine(values)

    def _import(self, path: str, module: str, level: int, name: Optional[str]) -> Value:
        """What ``from module import name`` (``import module`` when ``name`` is None) gives in ``path``."""
        target = self._find_module(path, module, level)
        if target is None:
            if level:
                return None
            qualified = f"{module}.{name}" if name else module
            return _external(qualified)
        if name is None:
            return ("M", target)
        return self._module_member(target, name)

    def _module_member(self, target: str, name: str) -> Value:
        facts = self._module(target)
        if facts is not None and (name in facts["names"] or facts["star"]):
            value = self._global(target, name)
            if value is not None:
                return value
        submodule = self._submodule(target, name)
        return ("M", submodule) if submodule is not None else None

    def _attribute(self, value: Value, attr: str) -> Value:
        if value is None:
            return None
        kind = value[0]
        if kind == "X":
            return _external(f"{value[1]}.{attr}")
        if kind == "M":
            return self._module_member(value[1], attr)
        if kind in ("C", "I"):
            return self._member(value[1], value[2], attr)
        if kind == "L":
            return ("LM", value[1], attr, value[2])
        return None

    def _call(self, value: Value) -> Value:
        if value is None:
            return None
        kind = value[0]
        if kind == "X":
            library = FACTORIES.get(value[1])
            if library is not None:
                return ("L", library, f"`{value[1]}()`")
            made = CLASS_FACTORIES.get(value[1])
            return ("X", made) if made is not None else None
        if kind == "F":
            return self._returned(value[1], value[2], value[3])
        if kind == "C":
            return self._new_instance(value)
        if kind == "LM":
            library, method = value[1], value[2]
            if method in CHAIN_METHODS[library]:
                return ("L", library, value[3])
        return None

    def _returned(self, path: str, qualname: str, cls: Optional[str]) -> Value:
        """What a call of a project function or method returns."""

        def compute() -> Value:
            facts = self._function_facts(path, qualname)
            if facts is None:
                return None
            annotation, returned, _ = facts
            where = f"{self.label(path)}.{qualname}"
            if annotation is not None:
                value = self._instance(annotation, path, cls)
                if value is not None:
                    return _labelled(value, where, "return annotation")
            return _labelled(_combine([self._eval(e, path, cls) for e in returned]), where, "return value")

        return self._memoised(("r", path, qualname, cls), compute)

    def _member(self, path: str, cls: str, attr: str) -> Value:
        """An attribute of a project class or its instances, through its project bases."""

        def compute() -> Value:
            facts = self._class_facts(path, cls)
            if facts is None:
                return None
            bases, members = facts
            definitions = members.get(attr)
            if definitions is not None:
                return self._definitions(definitions, path, cls, f"{cls}.{attr}")
            for base in bases:
                base_value = self._eval(base, path, None)
                if base_value is not None and base_value[0] == "C":
                    found = self._member(base_value[1], base_value[2], attr)
                    if found is not None:
                        return found
            return None

        return self._memoised(("m", path, cls, attr), compute)

    def _memoised(self, key: Tuple[Any, ...], compute: Callable[[], Value]) -> Value:
        """``compute()`` once per run; once per file being linted when it read that file's
        facts (which are its text as being linted)."""
        for memo in (self._memo, self._local_memo):
            if key in memo:
                found = memo[key]
                if memo is self._local_memo:
                    self._current_hits += 1
                return None if found is _IN_PROGRESS else found
        hits = self._current_hits
        self._memo[key] = _IN_PROGRESS
        try:
            value = compute()
        finally:
            del self._memo[key]
        (self._local_memo if self._current_hits > hits else self._memo)[key] = value
        return value

    # -- project-wide searches -------------------------------------------------------

    def search(self, kind: str, names: Sequence[str], asker: str = "") -> Value:
        """``("P", path)`` for the first project module, in path order, that defines a
        function or method of one of ``names`` (``kind`` "def"), mentions one of them as
        a word (``kind`` "word"), or does so and is not ``asker`` (``kind`` "other": is
        the asking module imported anywhere?); None when none does. A byte search of every
        ``.py`` file under the root (folders of :data:`~loglint.settings.DEFAULT_EXCLUDE`
        and hidden ones left out), once per run: it answers questions no import leads to,
        such as whether the project calls ``logging.setLoggerClass`` somewhere. Asked as
        ``["P", kind, *names]`` through :class:`FileView`, so that a cached result is
        checked again."""
        if kind not in ("def", "word", "other") or not names or not all(isinstance(n, str) and n.isidentifier() for n in names):
            return None
        key = ("P", kind, *names, asker) if kind == "other" else ("P", kind, *names)
        if key not in self._memo:
            words = b"|".join(re.escape(name.encode()) for name in names)
            pattern = rb"\bdef\s+(?:" + words + rb")\s*\(" if kind == "def" else rb"\b(?:" + words + rb")\b"
            self._memo[key] = self._first_module(re.compile(pattern), asker if kind == "other" else None)
        return self._memo[key]

    def _first_module(self, pattern: re.Pattern[bytes], skip: Optional[str] = None) -> Value:
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in DEFAULT_EXCLUDE)
            for name in sorted(files):
                if not name.endswith(".py"):
                    continue
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, self.root).replace(os.sep, "/")
                if relative == skip:
                    continue
                try:
                    with open(path, "rb") as file:
                        data = file.read()
                except OSError:
                    continue
                if pattern.search(data):
                    return ("P", relative)
        return None

    # -- facts ---------------------------------------------------------------------

    def _module(self, path: str) -> Optional[Facts]:
        """The facts of a module, None when it cannot be read or parsed (or is a namespace folder)."""
        if self._current is not None and self._current[0] == path:
            self._current_hits += 1
            if self._current_facts is None:
                self._current_facts = self._current[1]() or {"names": {}, "star": []}
            return self._current_facts
        if path in self._facts:
            return self._facts[path]
        facts = None if path.endswith("/") else self._read(path)
        self._facts[path] = facts
        return facts

    def _read(self, path: str) -> Optional[Facts]:
        file = self.root / path
        if self.store is not None:
            stored = self.store.get(path, file)
            if stored is not None:
                return stored.facts
        try:
            data = file.read_bytes()
        except OSError:
            return None
        facts = facts_of_source(data)
        if self.store is not None:
            self.store.put(path, file, facts)
        return facts

    def _class_facts(self, path: str, qualname: str) -> Optional[List[Any]]:
        facts = self._module(path)
        if facts is None:
            return None
        names: Dict[str, List[Definition]] = facts["names"]
        found: Optional[List[Any]] = None
        for part in qualname.split("."):
            classes = [body for kind, body in names.get(part, ()) if kind == "k"]
            if len(classes) != 1:
                return None  # none, or two classes of that name: not one answer
            found = classes[0]
            names = found[1]
        return found

    def _function_facts(self, path: str, qualname: str) -> Optional[List[Any]]:
        owner, _, name = qualname.rpartition(".")
        if owner:
            cls = self._class_facts(path, owner)
            definitions = cls[1].get(name, ()) if cls is not None else ()
        else:
            facts = self._module(path)
            definitions = facts["names"].get(name, ()) if facts is not None else ()
        functions = [body for kind, body in definitions if kind in ("f", "p")]
        return functions[-1] if functions else None

    # -- finding modules -------------------------------------------------------------

    def _find_module(self, path: str, module: str, level: int) -> Optional[str]:
        """The path of the project module that ``module`` (with ``level`` leading dots)
        names in the file ``path``; None when it is not the project's."""
        parts = [part for part in module.split(".") if part]
        if level:
            folder = path.rsplit("/", 1)[0] if "/" in path else ""
            for _ in range(level - 1):
                if not folder:
                    return None
                folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
            return self._probe(folder, parts) if parts else self._package(folder)
        if not parts or parts[0] in LIBRARIES:
            return None
        for root in self._search_roots(path):
            found = self._probe(root, parts)
            if found is not None:
                return found
        return None

    def _search_roots(self, path: str) -> List[str]:
        """Where absolute imports of ``path`` are looked for: above its top package, the
        project root, ``src/``, and its own folder (a script importing a sibling)."""
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        top = folder
        while top and self._is_file(f"{top}/__init__.py"):
            top = top.rsplit("/", 1)[0] if "/" in top else ""
        roots: List[str] = []
        for root in (top, "", "src", folder):
            if root not in roots:
                roots.append(root)
        return roots

    def _probe(self, folder: str, parts: List[str]) -> Optional[str]:
        base = "/".join(([folder] if folder else []) + parts)
        for candidate in (f"{base}.py", f"{base}/__init__.py", f"{base}.pyi", f"{base}/__init__.pyi"):
            if self._is_file(candidate):
                return candidate
        if len(parts) > 1 and self._is_dir(base) and self._probe(folder, parts[:-1]) is not None:
            return f"{base}/"  # a namespace package inside a package found above
        return None

    def _package(self, folder: str) -> Optional[str]:
        init = f"{folder}/__init__.py" if folder else "__init__.py"
        if self._is_file(init):
            return init
        return f"{folder}/" if folder else None

    def _submodule(self, package: str, name: str) -> Optional[str]:
        if package.endswith("/"):
            folder = package[:-1]
        elif package.endswith(("/__init__.py", "/__init__.pyi")):
            folder = package.rsplit("/", 1)[0]
        elif package in ("__init__.py", "__init__.pyi"):
            folder = ""
        else:
            return None
        return self._probe(folder, [name])

    def _is_file(self, path: str) -> bool:
        known = self._files.get(path)
        if known is None:
            known = self._files[path] = os.path.isfile(self.root / path)
        return known

    def _is_dir(self, path: str) -> bool:
        key = path + "/"
        known = self._files.get(key)
        if known is None:
            known = self._files[key] = os.path.isdir(self.root / path)
        return known


_ROOT_MARKERS = ("pyproject.toml", "setup.cfg", ".git")


def index_root(config_path: Optional[Path], paths: Sequence[str], cwd: Path) -> Path:
    """The folder the index covers: the config file's; else the nearest folder with a
    ``pyproject.toml``, ``setup.cfg`` or ``.git`` above the paths checked; else their
    common parent."""
    if config_path is not None:
        return Path(os.path.abspath(config_path)).parent
    absolute = [os.path.abspath(cwd / path) for path in paths or ["."]]
    try:
        common = Path(os.path.commonpath(absolute))
    except ValueError:  # paths on different drives
        return Path(os.path.abspath(cwd))
    if not common.is_dir():
        common = common.parent
    for folder in (common, *common.parents):
        if any(os.path.lexists(folder / marker) for marker in _ROOT_MARKERS):
            return folder
    return common


def facts_of_source(data: bytes) -> Optional[Facts]:
    """The facts of a module's bytes; None when they do not parse."""
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return module_facts(tree)


def _external(qualified: str) -> Value:
    library = LOGGER_OBJECTS.get(qualified)
    if library is not None:
        return ("L", library, f"`{qualified}`")
    return ("X", qualified)


def _labelled(value: Value, where: str, kind: str) -> Value:
    """A logger found through a project definition says which: the innermost one, and what
    in it gave the logger (``app.log.logger (assignment `logging.getLogger()`)``)."""
    if value is None or value[0] != "L" or not value[2].startswith("`"):
        return value
    return ("L", value[1], f"{where} ({kind} {value[2]})")


def _combine(values: Iterable[Value]) -> Value:
    """One value for several definitions: the loggers among them if any (of no library when
    they disagree), else the one other value they agree on."""
    known = [value for value in values if value is not None]
    loggers = [value for value in known if value[0] == "L"]
    if loggers:
        libraries = {value[1] for value in loggers}
        if len(libraries) == 1:
            return loggers[0]
        shown = ", ".join(sorted(str(library) for library in libraries))
        return ("L", None, f"definitions disagree ({shown})")
    if known and all(value == known[0] for value in known):
        return known[0]
    return None


class FileView:
    """The index as one file sees it; records each question and its answer, so that a
    cached result can be checked against the index of a later run (:func:`replay`)."""

    def __init__(self, index: ProjectIndex, path: str) -> None:
        self.index = index
        self.path = path
        self.queries: Dict[Query, Value] = {}

    def evaluate(self, expr: Expr, cls: Optional[str]) -> Value:
        key = (json.dumps(expr, separators=(",", ":")), cls)
        if key in self.queries:
            return self.queries[key]
        value = self.index.evaluate(self.path, expr, cls)
        self.queries[key] = value
        return value

    def dependencies(self) -> List[List[Any]]:
        """The questions asked, as JSON: ``[[expr, class, answer], ...]``."""
        return [[expr, cls, list(value) if value is not None else None] for (expr, cls), value in self.queries.items()]


def replay(index: ProjectIndex, path: str, dependencies: Iterable[Any]) -> bool:
    """Whether every recorded question still gets the recorded answer."""
    try:
        for expr, cls, answer in dependencies:
            value = index.evaluate(path, json.loads(expr), cls)
            if (list(value) if value is not None else None) != answer:
                return False
    except (TypeError, ValueError):
        return False  # not what we wrote: lint again
    return True
