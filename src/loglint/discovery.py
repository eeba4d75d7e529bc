"""Find the files to check: walk folders for the files ``include`` names (Python files and
notebooks), honouring excludes and ``.gitignore`` (unless ``respect-gitignore = false``).

Paths are matched as *keys*: posix paths relative to the project root of the folder
walked (for a folder outside it, its absolute posix path, which only patterns without a
``/`` match). A folder below with a config file of its own is walked with its settings,
its patterns matched from its own folder.
:class:`IgnoreRules` implements gitignore's pattern language; :mod:`loglint.config`
uses it for ``per-file-ignores`` too.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Callable, Container, Dict, Iterable, List, NamedTuple, Optional, Sequence, Set, Tuple, cast

from loglint.output.common import printable
from loglint.settings import Settings

# Told (display path, reason) for each file or folder the walk leaves out: --show-files.
OnSkip = Callable[[str, str], None]
# The settings of the files in a folder (an absolute path), told the names in it when they are known.
SettingsFor = Callable[[str, Optional[Container[str]]], Settings]
# Asked about the other files met in a walk: (path relative to the project root, the settings there).
Accept = Callable[[str, Settings], bool]
_SUFFIX_GLOB = re.compile(r"\*(\.[^*?\[\]/\\!]+)")


@dataclass(frozen=True)
class DiscoveredFile:
    """A file to check: where it is, and how to show its path."""

    path: Path
    display: str  # relative to the working folder when under it, else absolute
    # The real path of the folder named on the command line that the walk found it in
    # (None for a file named itself): fixes are never written through a symbolic link
    # that leads out of it.
    within: Optional[str] = field(default=None, compare=False)


class IgnoreRules:
    """The gitignore-style patterns of one file (or setting) in the folder whose key is ``base``."""

    def __init__(self, lines: Iterable[str], base: str = "", origin: str = "") -> None:
        parsed = [(line.strip(), pattern) for line in lines for pattern in [_parse_line(line)] if pattern is not None]
        patterns = list(enumerate(pattern for _, pattern in parsed))
        self.origin = origin  # where the patterns come from, for --show-files
        self._sources = tuple(line for line, _ in parsed)
        self._start = len(base) + 1 if base else 0
        self._negated = tuple(pattern.negated for _, pattern in patterns)
        self._dirs = _Alternation(patterns)
        self._files = _Alternation([(index, pattern) for index, pattern in patterns if not pattern.dir_only])

    def match(self, key: str, is_dir: bool) -> Optional[bool]:
        """True if the last pattern matching ``key`` ignores it, False if that is a ``!`` one, None if none matches."""
        index = (self._dirs if is_dir else self._files).last(key, self._start)
        return None if index < 0 else not self._negated[index]

    def pattern(self, key: str, is_dir: bool) -> Optional[str]:
        """The pattern that ignores ``key``, as written; None when none does."""
        index = (self._dirs if is_dir else self._files).last(key, self._start)
        return None if index < 0 or self._negated[index] else self._sources[index]


class _Pattern(NamedTuple):
    regex: str
    negated: bool
    dir_only: bool
    anchored: bool  # matched against the path from the pattern's folder, else against the last name


class _Alternation:
    """Numbered patterns as two regexes, for anchored ones and for names, each trying the last pattern first."""

    def __init__(self, patterns: Sequence[Tuple[int, _Pattern]]) -> None:
        self._paths, self._path_indexes = _combine([(index, p.regex) for index, p in patterns if p.anchored])
        self._names, self._name_indexes = _combine([(index, p.regex) for index, p in patterns if not p.anchored])

    def last(self, key: str, start: int) -> int:
        """The number of the last pattern matching ``key[start:]``, -1 if none does."""
        found = self._paths.fullmatch(key, start)
        last = -1 if found is None else self._path_indexes[cast(int, found.lastindex) - 1]
        found = self._names.fullmatch(key, key.rfind("/") + 1)
        return last if found is None else max(last, self._name_indexes[cast(int, found.lastindex) - 1])


def discover(
    paths: Sequence[str],
    settings: Settings,
    cwd: Path,
    *,
    settings_for: Optional[SettingsFor] = None,
    force_exclude: bool = False,
    on_skip: Optional[OnSkip] = None,
    accept: Optional[Accept] = None,
) -> Tuple[List[DiscoveredFile], List[str]]:
    """The files to check, sorted by display path, and a message for each path that cannot be read
    (paths in it escaped for the terminal).

    ``settings_for`` gives each folder's settings (:class:`loglint.hierarchy.SettingsTree`);
    without it every folder has ``settings``.

    ``accept`` is asked about the other files met in the walk (by path relative to the
    project root): production configuration files, when LL501 is on.

    ``force_exclude`` applies ``exclude``/``extend-exclude`` to the paths named too (as
    ruff's ``--force-exclude`` does, for pre-commit, which names every changed file).
    """
    here = os.path.abspath(cwd)
    report = None if on_skip is None else lambda path, reason: on_skip(_display(path, here), reason)
    walker = _Walker(settings_for or (lambda folder, names: settings), report, accept)
    found: Dict[str, Optional[str]] = {}  # path -> the real path of the folder walked to find it
    errors: List[str] = []
    for raw in paths:
        path = os.path.abspath(os.path.join(here, raw))
        if force_exclude and os.path.exists(path) and walker.excluded(path):
            continue
        if os.path.isdir(path):
            for folder, reason in walker.walk(path, found):
                errors.append(f"cannot read folder {printable(_display(folder, here))}: {reason}")
        elif os.path.exists(path):
            kind = _special_kind(path)
            if kind is not None:  # reading a named pipe would wait for a writer forever
                errors.append(f"{kind}, not a regular file: {printable(raw)}")
            else:
                found.setdefault(path, None)  # named explicitly: checked whatever its name or the excludes say
        elif os.path.islink(path):
            errors.append(f"{printable(_broken_link(path))}: {printable(raw)}")
        else:
            errors.append(f"path does not exist: {printable(raw)}")
    files = [DiscoveredFile(Path(path), _display(path, here), within) for path, within in found.items()]
    files.sort(key=lambda file: file.display)
    return files, errors


def is_excluded(path: Path, settings: Settings) -> bool:
    """Whether ``exclude``/``extend-exclude`` leave out ``path`` or a folder above it: what
    ``--force-exclude`` applies to a file named on the command line or a ``--stdin-filename``
    (which need not exist), and the language server to a document."""
    return _Walker(lambda folder, names: settings, None, None).excluded(os.path.abspath(path))


class _Scope:
    """What one configuration says about the files of a walk under its project root, whose key is ``base``."""

    def __init__(self, settings: Settings, base: str) -> None:
        self.settings = settings
        self.base = base
        self.exclude = IgnoreRules([*settings.exclude, *settings.extend_exclude], base)
        self.extend_exclude = frozenset(pattern.strip() for pattern in settings.extend_exclude)
        include = (*settings.include, *settings.extend_include)
        # Plain "*.py" patterns are a suffix test: the walk of a big tree asks it of every file.
        suffixes = [_SUFFIX_GLOB.fullmatch(pattern.strip()) for pattern in include]
        self.suffixes = tuple(match.group(1) for match in suffixes if match is not None) if all(suffixes) else None
        self.include = IgnoreRules(include, base) if self.suffixes is None else None

    def includes(self, key: str, name: str) -> bool:
        """Whether ``include``/``extend-include`` name the file."""
        if self.suffixes is not None:
            return name.endswith(self.suffixes)
        return self.include is not None and bool(self.include.match(key, False))

    def relative(self, key: str) -> str:
        """``key`` relative to the scope's project root."""
        return key[len(self.base) + 1:] if self.base else key


class _Walker:
    """Walks folders of one run; remembers the real path of every folder walked, so it never loops."""

    def __init__(self, settings_for: SettingsFor, on_skip: Optional[OnSkip], accept: Optional[Accept]) -> None:
        self.settings_for = settings_for
        self.visited: Set[str] = set()
        self.on_skip = on_skip
        self.accept = accept

    def excluded(self, path: str) -> bool:
        """Whether ``exclude``/``extend-exclude`` leave out ``path`` or a folder above it (up to the project root)."""
        settings = self.settings_for(path if os.path.isdir(path) else os.path.dirname(path), None)
        scope = _Scope(settings, "")
        key, _ = self._start(path, scope)
        ends = [index for index, char in enumerate(key) if char == "/" and index > 0] + [len(key)]
        for end in ends if key else []:
            is_dir = end < len(key) or os.path.isdir(path)
            if scope.exclude.match(key[:end], is_dir):
                self._skipped(path, key[:end], is_dir, (), scope)
                return True
        return False

    def _skipped(self, path: str, key: str, is_dir: bool, chain: Sequence[IgnoreRules], scope: _Scope) -> None:
        if self.on_skip is None:
            return
        pattern = scope.exclude.pattern(key, is_dir)
        if pattern is not None:
            setting = "extend-exclude" if pattern in scope.extend_exclude else "exclude"
            self.on_skip(path, f"`{pattern}` in {setting}")
            return
        for rules in reversed(chain):
            if rules.match(key, is_dir) is not None:
                self.on_skip(path, f"`{rules.pattern(key, is_dir)}` in {rules.origin}")
                return

    def walk(self, top: str, found: Dict[str, Optional[str]]) -> List[Tuple[str, str]]:
        """Add the Python files under ``top`` to ``found``; return (folder, reason) for unreadable folders."""
        within = os.path.realpath(top)
        scope = _Scope(self.settings_for(top, None), "")
        key, chain = self._start(top, scope)
        stack = [(top, os.path.realpath(top), key, chain, scope)]
        failures: List[Tuple[str, str]] = []
        while stack:
            folder, real, key, chain, scope = stack.pop()
            if real in self.visited:
                continue
            self.visited.add(real)
            try:
                with os.scandir(folder) as scan:
                    entries = list(scan)
            except OSError as error:
                failures.append((folder, error.strerror or str(error)))
                continue
            names = frozenset(entry.name for entry in entries)
            settings = self.settings_for(folder, names)
            if settings is not scope.settings:  # a config file of its own
                scope = _Scope(settings, key)
            if not scope.settings.respect_gitignore:
                chain = ()
            elif ".gitignore" in names:
                rules = _read_rules(os.path.join(folder, ".gitignore"), key)
                chain = chain if rules is None else (*chain, rules)
            for entry in entries:
                name = entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:  # a symbolic link loop
                    is_dir = False
                child = f"{key}/{name}" if key else name
                if not is_dir and not scope.includes(child, name) and (
                    self.accept is None or not self.accept(scope.relative(child), scope.settings)
                ):
                    continue
                if scope.exclude.match(child, is_dir) or _ignored(chain, child, is_dir):
                    self._skipped(entry.path + (os.sep if is_dir else ""), child, is_dir, chain, scope)
                    continue
                if is_dir:
                    child_real = os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real, name)
                    stack.append((entry.path, child_real, child, chain, scope))
                elif os.path.isfile(entry.path):
                    found.setdefault(entry.path, within)
                elif self.on_skip is not None:
                    kind = _special_kind(entry.path)
                    if kind is not None:
                        self.on_skip(entry.path, f"{kind}, not a regular file")
                    elif entry.is_symlink():
                        self.on_skip(entry.path, _broken_link(entry.path))
        return failures

    def _start(self, top: str, scope: _Scope) -> Tuple[str, Tuple[IgnoreRules, ...]]:
        """The key of ``top`` and the ignore rules of the folders from the project root down to its parent."""
        root = os.path.abspath(scope.settings.project_root)
        prefix = root if root.endswith(os.sep) else root + os.sep
        if top != root and not top.startswith(prefix):
            return PurePath(top).as_posix(), ()
        parts = PurePath(top[len(prefix):]).parts if top != root else ()
        if not scope.settings.respect_gitignore:
            return "/".join(parts), ()
        chain = [_read_rules(os.path.join(root, ".git", "info", "exclude"), "")]
        for depth in range(len(parts)):
            gitignore = os.path.join(root, *parts[:depth], ".gitignore")
            chain.append(_read_rules(gitignore, "/".join(parts[:depth])))
        return "/".join(parts), tuple(rules for rules in chain if rules is not None)


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"))


def _special_kind(path: str) -> Optional[str]:
    """What the file at ``path`` (links followed) is when it is neither a regular file nor a
    folder (``"a named pipe"``...); None for those, and when it cannot be stat'ed."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((kind for test, kind in _SPECIAL_KINDS if test(mode)), "a special file")


def _broken_link(path: str) -> str:
    """Why the symbolic link ``path`` leads to no file."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
    return f"broken symbolic link (to {os.readlink(path)})"


def _ignored(chain: Sequence[IgnoreRules], key: str, is_dir: bool) -> bool:
    """Whether the gitignore files in force ignore ``key``: the deepest file with an opinion decides."""
    for rules in reversed(chain):
        verdict = rules.match(key, is_dir)
        if verdict is not None:
            return verdict
    return False


def _read_rules(path: str, base: str) -> Optional[IgnoreRules]:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return IgnoreRules(file.read().splitlines(), base, path)
    except OSError:
        return None


def _parse_line(line: str) -> Optional[_Pattern]:
    """One gitignore line compiled; None for blanks and comments."""
    if line.startswith("#"):
        return None
    body = line.rstrip(" ")
    if body.endswith("\\") and len(body) < len(line):
        body += " "  # an escaped trailing space is kept
    negated = body.startswith("!")
    body = body[1:] if negated else body
    dir_only = body.endswith("/")
    body = body.rstrip("/")
    if not body:
        return None
    # A pattern with a "/" before its end is anchored to its folder; else it matches a name at any depth.
    return _Pattern(_glob_regex(body.lstrip("/")), negated, dir_only, "/" in body)


def _glob_regex(glob: str) -> str:
    """Regex source for a glob: ``*``, ``?`` and ``[...]`` stay within a name, ``**`` spans folders."""
    out: List[str] = []
    i, end = 0, len(glob)
    while i < end:
        char = glob[i]
        i += 1
        if char == "*":
            first = i - 1
            while i < end and glob[i] == "*":
                i += 1
            spans_names = (first == 0 or glob[first - 1] == "/") and (i == end or glob[i] == "/")
            if i - first < 2 or not spans_names:
                out.append("[^/]*")
            elif i == end:
                out.append(".*")  # trailing "**": everything inside
            else:
                out.append("(?:.*/)?")  # "**/": zero or more folders
                i += 1
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            negated = glob[i:i + 1] in ("!", "^")
            close = glob.find("]", i + negated + 1)  # a "]" first in the set is literal
            if close < 0:
                out.append(re.escape(char))
                continue
            chars = "".join("\\" + c if c in "\\[]^&~|" else c for c in glob[i + negated:close])
            out.append(f"[^/{chars}]" if negated else f"[{chars}]")
            i = close + 1
        elif char == "\\" and i < end:
            out.append(re.escape(glob[i]))
            i += 1
        else:
            out.append(re.escape(char))
    return "".join(out)


def _combine(patterns: Sequence[Tuple[int, str]]) -> Tuple[re.Pattern[str], Tuple[int, ...]]:
    """One regex trying the patterns last to first (in gitignore the last match wins), and their numbers."""
    ordered = patterns[::-1]
    regex = "|".join(f"({source})" for _, source in ordered) or "(?!)"
    return re.compile(regex), tuple(index for index, _ in ordered)


def _display(path: str, cwd: str) -> str:
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return path[len(prefix):] if path.startswith(prefix) else path
