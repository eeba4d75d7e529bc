"""Linting one source text: parse once, check, position, suppress, fix, repeat.

:class:`Engine` is built once per process from the settings; ``lint_text`` is the
whole life of one file and never raises: syntax errors become ``LL000`` errors and
crashes become internal errors naming the file.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import libcst as cst

from loglint import prefilter
from loglint.checker import Checker, Reported
from loglint.config import fixable_codes, ignored_for_path, resolve_selection
from loglint.fast_import import collector_paused
from loglint.findings import FileError, Finding, Fix, LoggerUse
from loglint.fixes import apply_fixes, choose_non_overlapping, to_fix
from loglint.loggers.calls import LogCall
from loglint.loggers.facts import Facts, module_facts
from loglint.loggers.index import FileView, ProjectIndex, facts_of_source
from loglint.noqa import suppressions_for
from loglint.parsing import TooDeeplyNested, parse_module
from loglint.positions import anchored_ranges, call_starts
from loglint.pruning import Pruned, prune
from loglint.registry import all_rules, rule_infos
from loglint.rules.base import Rule
from loglint.rules.suppression import UnusedNoqa, unused_noqa
from loglint.settings import Settings

MAX_FIX_PASSES = 10
_NEWLINE = re.compile(r"\r\n?|\n")
# A noqa naming a code LL001 may judge: an LL code or a mapped peer code (loglint.peers).
_JUDGED_NOQA = re.compile(r"noqa\s*:[^\r\n#]*?\b(?:LL|G|LOG|TRY|PLE)[0-9]", re.IGNORECASE)


@dataclass
class LintResult:
    findings: List[Finding] = field(default_factory=list)
    errors: List[FileError] = field(default_factory=list)
    text: Optional[str] = None  # the fixed text, when fixes changed it
    fixed: int = 0
    fixed_codes: Dict[str, int] = field(default_factory=dict)  # code -> fixes applied
    unsafe_hidden: int = 0
    index_deps: List[List[Any]] = field(default_factory=list)  # what the file asked the project index
    own_facts: Optional[Facts] = None  # the file's own index facts, when made (of its text as given)
    loggers: List[LoggerUse] = field(default_factory=list)  # with show_loggers


class Engine:
    """Settings, enabled rules and the checker, built once per process."""

    def __init__(
        self,
        settings: Settings,
        fix: bool = False,
        unsafe_fixes: bool = False,
        prune: bool = True,
        index: Optional[ProjectIndex] = None,
        show_loggers: bool = False,
    ) -> None:
        """``prune``: leave out what no rule looks at before parsing (see :mod:`loglint.pruning`);
        off only to check that it changes nothing. ``index``: the project's loggers.
        ``show_loggers``: also say, for each logging call, what its logger is."""
        self.settings = settings
        self.index = index
        self.show_loggers = show_loggers
        self.fix = fix
        self.unsafe_fixes = unsafe_fixes
        self.prune = prune
        infos = rule_infos()
        self.enabled = resolve_selection(settings, infos)
        self.fixable = fixable_codes(settings, infos)  # the others' findings carry no fix
        self.rules: List[Rule] = [
            cls(settings.rule_options.get(cls.name)) for cls in all_rules() if cls.code in self.enabled
        ]
        self.checker = Checker(settings, self.rules)
        self._judge_noqa = UnusedNoqa.code in self.enabled
        self.prefilter = prefilter.build(settings.logger_names, (t for r in self.rules for t in r.triggers))

    def may_have_findings(self, data: bytes) -> bool:
        """The pre-filter: False only when no rule can fire on a file with these bytes."""
        return prefilter.may_have_findings(self.prefilter, data)

    def lint_text(self, text: str, display: str, relpath: str, path: Optional[Path] = None) -> LintResult:
        """Lint one file's text; ``path``: where the file is (for the project index)."""
        result = LintResult()
        try:
            # The parses make hundreds of thousands of objects, nearly all freed by reference
            # counting when the file is done; a collection every 700 of them went through the
            # trees again and again for nothing: 7 to 8 % of a cold run on salt (0.5 to 0.8 s
            # of 7 to 10 s, gc.callbacks), 0.05 s with this pause. A file's few cycles are
            # collected after it.
            with collector_paused():
                self._lint(text, display, relpath, self._view(path), result)
        except TooDeeplyNested as error:
            result.errors.append(FileError(display, f"syntax error: {error}", error.line, error.column))
        except RecursionError:
            result.errors.append(FileError(display, "too deeply nested to parse", 1, 1))
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the run
            result.errors.append(
                FileError(display, f"{type(error).__name__}: {error}", 1, 1, internal=True)
            )
        finally:
            if self.index is not None:
                self.index.set_current(None, None)
        return result

    def _view(self, path: Optional[Path]) -> Optional[FileView]:
        if self.index is None or path is None:
            return None
        relative = self.index.relative(path)
        return FileView(self.index, relative) if relative is not None else None

    def _lint(self, text: str, display: str, relpath: str, view: Optional[FileView], result: LintResult) -> None:
        ignored = ignored_for_path(self.settings, relpath)
        original = text
        for number in range(MAX_FIX_PASSES):
            parsed = prune(text, self.prefilter) if self.prune else Pruned(text)
            if view is not None:
                if number == 1:
                    result.own_facts = view.index.current_facts
                view.index.set_current(view.path, _facts_of(parsed))
            try:
                module = parse_module(parsed.text)
            except cst.ParserSyntaxError as error:
                if text is original:
                    result.errors.append(_syntax_error(display, text, error))
                    return
                raise  # a fix that broke the file is dropped before we get here
            output = self.checker.check(module, relpath, view)
            if self.show_loggers:
                result.loggers = _logger_uses(module, parsed, output.calls, output.log_calls, display)
            reported = [r for r in output.reported if not _matches(r.code, ignored)]
            findings = self._findings(module, parsed, text, display, reported, output.calls, ignored)
            result.findings = findings
            if not self.fix:
                break
            wanted = {id(f.fix): f.code for f in findings if f.fix is not None and self._applies(f.fix)}
            if not wanted:
                break
            chosen = choose_non_overlapping([f.fix for f in findings if f.fix is not None and id(f.fix) in wanted], text)
            new_text, applied = self._apply_checked(text, chosen, display, result)
            if not applied:
                break
            text = new_text
            result.fixed += len(applied)
            result.fixed_codes = dict(Counter(result.fixed_codes) + Counter(wanted[id(fix)] for fix in applied))
        if self.fix and text != original:
            result.text = text
        if view is not None:
            result.index_deps = view.dependencies()
            if result.own_facts is None and text is original:
                result.own_facts = view.index.current_facts
        result.unsafe_hidden = sum(
            1 for f in result.findings if f.fix is not None and f.fix.applicability == "unsafe" and not self.unsafe_fixes
        )

    def _applies(self, fix: Fix) -> bool:
        return fix.applicability == "safe" or self.unsafe_fixes

    def _apply_checked(
        self, text: str, fixes: Sequence[Fix], display: str, result: LintResult
    ) -> tuple[str, Sequence[Fix]]:
        """Apply fixes; if the result does not parse, keep only the fixes that parse alone."""
        new_text = apply_fixes(text, fixes)
        if _parses(new_text):
            return new_text, fixes
        good = []
        for fix in fixes:
            if _parses(apply_fixes(text, [fix])):
                good.append(fix)
                continue
            error = FileError(display, f"a fix ({fix.message}) produced invalid code and was not applied", 1, 1, internal=True)
            if error not in result.errors:  # said once, not again in each later pass of fixes
                result.errors.append(error)
        if not good:
            return text, []
        new_text = apply_fixes(text, good)
        return (new_text, good) if _parses(new_text) else (text, [])

    def _findings(
        self,
        module: cst.Module,
        parsed: Pruned,
        text: str,
        display: str,
        reported: Sequence[Reported],
        calls: Sequence[cst.Call],
        ignored: Sequence[str],
    ) -> List[Finding]:
        """Reported nodes placed, suppressed and fixed. ``parsed``: what ``module`` was
        parsed from (pruned: nodes are placed in its text); ``text``: the file's (its comments)."""
        judge_noqa = self._judge_noqa and not _matches(UnusedNoqa.code, ignored) and _JUDGED_NOQA.search(text)
        if not reported and not judge_noqa:
            return []
        wanted: Dict[int, Tuple[cst.CSTNode, Optional[cst.Call], str]] = {}
        for r in reported:
            wanted[id(r.node)] = (r.node, r.anchor, r.indent)
            if r.anchor is not None:  # its first line's noqa silences the findings in it too
                wanted.setdefault(id(r.anchor), (r.anchor, r.anchor, r.indent))
            if r.fix is not None:
                for old, _ in r.fix.replacements:
                    wanted.setdefault(id(old), (old, r.anchor, r.indent))
        lines = _NEWLINE.split(text)
        ranges = anchored_ranges(module, parsed.text, calls, wanted, parsed.ast_calls) if wanted else {}
        placed = [(r, ranges[id(r.node)]) for r in reported if id(r.node) in ranges]
        suppressions = suppressions_for(text, lines, self.settings.respect_peer_suppressions)
        findings = []
        seen = set()
        for r, rng in placed:
            (line, col), (end_line, end_col) = rng.start, rng.end
            key = (r.code, line, col, r.message)
            call = ranges.get(id(r.anchor)) if r.anchor is not None else None
            if key in seen or suppressions.silences(r.code, line, call.start[0] if call is not None else None):
                continue
            seen.add(key)
            fix = to_fix(r.fix, module, ranges, r.indent) if r.fix is not None and r.code in self.fixable else None
            findings.append(Finding(r.code, r.name, r.message, display, line, col + 1, end_line, end_col + 1, fix))
        if judge_noqa:
            enabled = frozenset(code for code in self.enabled if not _matches(code, ignored))
            unused = unused_noqa(suppressions, enabled, lines, display)
            findings.extend(
                f if f.fix is None or f.code in self.fixable else dataclasses.replace(f, fix=None)
                for f in unused if not suppressions.silences_file(f.code)
            )
        findings.sort(key=lambda f: f.sort_key)
        return findings


def _logger_uses(
    module: cst.Module, parsed: Pruned, calls: Sequence[cst.Call], log_calls: Sequence[LogCall], display: str
) -> List[LoggerUse]:
    starts = call_starts(module, parsed.text, calls, parsed.ast_calls)
    where = {id(call): start for call, start in zip(calls, starts)}
    uses = []
    for log_call in log_calls:
        line, column = where[id(log_call.node)]
        func = log_call.node.func
        receiver = module.code_for_node(func.value if isinstance(func, cst.Attribute) else func)
        uses.append(
            LoggerUse(display, line, column + 1, receiver, log_call.method, log_call.library, log_call.certain, log_call.how)
        )
    return uses


def _facts_of(parsed: Pruned) -> Callable[[], Optional[Facts]]:
    """The facts of the text being linted, made when the index first asks for them."""
    tree = parsed.tree
    if tree is not None:
        return lambda: module_facts(tree)
    text = parsed.text
    return lambda: facts_of_source(text.encode("utf-8", "surrogatepass"))


def _matches(code: str, selectors: Sequence[str]) -> bool:
    return any(code.startswith(selector) for selector in selectors)


def _parses(text: str) -> bool:
    try:
        parse_module(text)
    except cst.ParserSyntaxError:
        return False
    return True


def _syntax_error(display: str, text: str, error: cst.ParserSyntaxError) -> FileError:
    """CPython's account of a syntax error when it has one (users know its words and its
    positions are exact), else libcst's: then the file is valid Python libcst cannot
    parse, and the message says so rather than calling it a syntax error."""
    try:
        # Not under its own name: CPython would take the error's line from a file of that
        # name on disk to count its column, and the text linted is not always that file's
        # (a notebook's cells, an editor's buffer).
        compile(text, "<loglint>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as py_error:
        if py_error.lineno is not None:
            return FileError(display, f"syntax error: {py_error.msg}", py_error.lineno, py_error.offset or 1)
        return FileError(display, f"syntax error: {_first_line(error)}", error.editor_line, error.editor_column)
    except (ValueError, RecursionError, MemoryError):
        return FileError(display, f"syntax error: {_first_line(error)}", error.editor_line, error.editor_column)
    message = f"not checked: valid Python that libcst, loglint's parser, cannot parse ({_first_line(error)})"
    return FileError(display, message, error.editor_line, error.editor_column)


def _first_line(error: cst.ParserSyntaxError) -> str:
    """The first line of libcst's message."""
    return error.message.strip().splitlines()[0] if error.message.strip() else "invalid syntax"
