"""Suppression comments: which findings they silence, and which of their codes were used.

Line directives: ``# noqa`` silences every code, ``# noqa: LL301, LL401`` those codes,
anywhere in a line's comment. With ``respect-peer-suppressions``, peer codes
(``# noqa: G004``) and pylint's ``# pylint: disable=...`` (trailing: its line; on a line
of its own: the rest of the block; ``disable-next``: the next line) silence the
equivalent rules of :mod:`loglint.peers`, and so do ruff's own comments:
``# ruff: ignore[G004]`` (at the end of a line: that line; on a line of its own: the
next line of code) and ``# ruff: noqa: G004`` on a line of its own (ruff's file-wide
exemption, as is ``# flake8: noqa: ...``); such a comment is never a line directive.
``# loglint: noqa`` on a line of its own silences the whole file, ``# loglint: noqa: LL401``
one rule in it.

A finding is silenced by the comment of its *comment line*: the line it is reported
on, or, when that line ends inside a multi-line string or with a backslash, the first
line after it that can take a comment (:meth:`loglint.comments.Lexed.comment_line`);
and by the comment of the comment line of the first line of the logging call it is in
(``logger.info(  # noqa: LL304`` above the message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from loglint.comments import Comment, Lexed, lex
from loglint.peers import NOQA_PEERS, PYLINT_NAMES

_NOQA = re.compile(r"\bnoqa(?:\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)
_FILE_NOQA = re.compile(r"#\s*loglint\s*:\s*noqa(?:\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_PEER_FILE_NOQA = re.compile(r"#\s*(?:ruff|flake8)\s*:\s*noqa(?:\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_RUFF_IGNORE = re.compile(r"#\s*ruff\s*:\s*ignore\s*\[(?P<codes>[^\]\r\n]*)\]")
_PYLINT = re.compile(r"\bpylint\s*:\s*(?P<kind>disable-next|disable|enable)\s*=\s*(?P<names>[\w-]+(?:\s*,\s*[\w-]+)*)")
_SPLIT = re.compile(r"[\s,]+")
_WORD = re.compile(r"[^\s,]+")

ALL = frozenset({"*"})


@dataclass
class Directive:
    """One ``# noqa`` on a line; columns are 0-based code point offsets in the line."""

    line: int
    start: int  # its "#", or the word "noqa" when that is not the first word of a "#"
    end: int  # just past the last code, or past "noqa" without codes
    codes: Tuple[Tuple[str, int, int], ...]  # (code as written, start, end); () for a bare noqa
    own_hash: bool  # starts at a "#" of its own, like the second one of "# type: ignore  # noqa"
    used: Set[str] = field(default_factory=set)  # upper-cased codes that silenced a finding
    kind: str = "noqa"  # or "ruff: ignore", whose codes count only as peer codes

    @property
    def bare(self) -> bool:
        return not self.codes

    def silences(self, code: str, peers: bool) -> bool:
        """Whether this directive silences ``code``; records the codes that do."""
        if self.bare:
            return True
        hit = False
        for written, _, _ in self.codes:
            name = written.upper()
            if (name == code and self.kind == "noqa") or (peers and code in NOQA_PEERS.get(name, ())):
                self.used.add(name)
                hit = True
        return hit


def parse_directive(comment: Comment) -> Optional[Directive]:
    """The ``noqa`` directive of a comment (its first ``noqa`` word), if any."""
    match = _NOQA.search(comment.text)
    if match is None:
        return None
    base = comment.column
    hash_at = comment.text.rfind("#", 0, match.start())
    own_hash = not comment.text[hash_at + 1:match.start()].strip()
    start = hash_at if own_hash else match.start()
    codes: Tuple[Tuple[str, int, int], ...] = ()
    if match.group("codes") is not None:
        offset = match.start("codes")
        codes = tuple(
            (code.group(), base + offset + code.start(), base + offset + code.end())
            for code in _CODE.finditer(match.group("codes"))
        )
    return Directive(comment.line, base + start, base + match.end(), codes, own_hash)


def parse_ruff_ignore(comment: Comment) -> Optional[Directive]:
    """The ``ruff: ignore[CODES]`` of a comment, if any (codes only: rule names are not read)."""
    match = _RUFF_IGNORE.search(comment.text)
    if match is None:
        return None
    base, offset = comment.column, match.start("codes")
    codes = tuple(
        (word.group(), base + offset + word.start(), base + offset + word.end())
        for word in _WORD.finditer(match.group("codes"))
        if _CODE.fullmatch(word.group())
    )
    if not codes:  # names only, or none: not a bare directive, which would silence everything
        return None
    return Directive(comment.line, base + match.start(), base + match.end(), codes, True, kind="ruff: ignore")


def _codes(text: Optional[str]) -> FrozenSet[str]:
    if not text:
        return ALL
    return frozenset(code.upper() for code in _SPLIT.split(text.strip()) if code)


@dataclass
class Suppressions:
    """The suppression comments of one file, and which codes they silenced so far."""

    file: FrozenSet[str]
    directives: Dict[int, Directive]  # by line
    ruff_ignores: Dict[int, List[Directive]]  # by the line they speak for
    pylint: List[Tuple[int, int, FrozenSet[str]]]  # first line, last line, loglint codes
    lexed: Lexed
    peers: bool

    def silences_file(self, code: str) -> bool:
        return "*" in self.file or code in self.file

    def silences(self, code: str, line: int, call_line: Optional[int] = None) -> bool:
        """Whether a finding of ``code`` reported on ``line`` (1-based) is silenced;
        ``call_line``: the first line of the logging call it is in, when known."""
        if self.silences_file(code):
            return True
        target = self.lexed.comment_line(line)
        for at in (line, call_line) if call_line is not None and call_line < line else (line,):
            speaker = self.lexed.comment_line(at)
            found = [self.directives.get(speaker), *self.ruff_ignores.get(speaker, ())]
            if at != speaker:  # a ruff: ignore above a line that ends inside a string
                found += self.ruff_ignores.get(at, ())
            # every directive naming the code is used: a noqa and a ruff ignore of the same peer code
            if [directive for directive in found if directive is not None and directive.silences(code, self.peers)]:
                return True
        return any(first <= at <= last and code in codes for first, last, codes in self.pylint for at in (line, target))

    def all_directives(self) -> List[Directive]:
        """The ``noqa`` and ``ruff: ignore`` directives, for LL001."""
        return [*self.directives.values(), *(directive for found in self.ruff_ignores.values() for directive in found)]


def suppressions_for(text: str, lines: Sequence[str], peers: bool) -> Suppressions:
    """Parse every suppression comment of a file (``lines``: ``text`` split at line breaks)."""
    lexed = lex(text)
    file_codes: FrozenSet[str] = frozenset()
    directives: Dict[int, Directive] = {}
    ruff_ignores: Dict[int, List[Directive]] = {}
    pylint: List[Tuple[int, int, FrozenSet[str]]] = []
    enables: List[Tuple[int, FrozenSet[str]]] = []
    for line, comment in lexed.comments.items():
        alone = not lines[line - 1][:comment.column].strip()
        file_match = _FILE_NOQA.match(comment.text) if alone else None
        if file_match is not None:
            file_codes = file_codes | _codes(file_match.group("codes"))
            continue
        peer_file = _PEER_FILE_NOQA.match(comment.text) if alone else None
        if peer_file is not None:  # another tool's file exemption: its codes' equivalents, file-wide
            if peers and peer_file.group("codes"):
                file_codes = file_codes | {mapped for name in _codes(peer_file.group("codes")) for mapped in NOQA_PEERS.get(name, ())}
            continue
        ruff_ignore = parse_ruff_ignore(comment) if peers else None
        if ruff_ignore is not None:
            ruff_ignores.setdefault(_next_code_line(lines, line) if alone else line, []).append(ruff_ignore)
        directive = parse_directive(comment)
        if directive is not None:
            directives[line] = directive
        if peers and "pylint" in comment.text:
            for match in _PYLINT.finditer(comment.text):
                codes = _pylint_codes(match.group("names"))
                kind = match.group("kind")
                if not codes:
                    continue
                if kind == "enable":
                    if alone:
                        enables.append((line, codes))
                elif kind == "disable-next":
                    pylint.append((line + 1, line + 1, codes))
                elif alone:
                    pylint.append((line, _block_end(lines, lexed, line, comment.column), codes))
                else:
                    pylint.append((line, line, codes))
    for at, enabled in sorted(enables):
        pylint = [part for scope in pylint for part in _enable(scope, at, enabled)]
    return Suppressions(file_codes, directives, ruff_ignores, pylint, lexed, peers)


def _next_code_line(lines: Sequence[str], line: int) -> int:
    """The first line after ``line`` that is neither blank nor only a comment."""
    number = line + 1
    while number <= len(lines) and (not lines[number - 1].strip() or lines[number - 1].lstrip().startswith("#")):
        number += 1
    return number


def _enable(
    scope: Tuple[int, int, FrozenSet[str]], at: int, enabled: FrozenSet[str]
) -> List[Tuple[int, int, FrozenSet[str]]]:
    """A disabled scope cut by ``# pylint: enable=...`` on line ``at``."""
    first, last, codes = scope
    if not first < at <= last or not codes & enabled:
        return [scope]
    kept = [(first, at - 1, codes)]
    if codes - enabled:
        kept.append((at, last, codes - enabled))
    return kept


def _pylint_codes(names: str) -> FrozenSet[str]:
    codes: Set[str] = set()
    for name in _SPLIT.split(names):
        codes |= PYLINT_NAMES.get(name.upper(), PYLINT_NAMES.get(name.lower(), frozenset()))
    return frozenset(codes)


def _block_end(lines: Sequence[str], lexed: Lexed, line: int, column: int) -> int:
    """The last line of the block a comment on a line of its own at ``column`` is in (pylint's scope)."""
    for number in range(line + 1, len(lines) + 1):
        if number - 1 in lexed.open_lines:
            continue  # inside a string or a continued line
        text = lines[number - 1]
        stripped = text.lstrip()
        if stripped and not stripped.startswith("#") and len(text) - len(stripped) < column:
            return number - 1
    return len(lines)
