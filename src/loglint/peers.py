"""Peer tools' codes that mean the same as loglint rules, for ``respect-peer-suppressions``.

A ``# noqa: G004`` written for ruff or flake8, or a ``# pylint: disable=...`` comment,
silences the loglint rules listed here. A code is mapped only where its meaning matches
the rule's: G100 (``extra`` keys not whitelisted) has no counterpart. Sources:
flake8-logging-format's and flake8-logging's READMEs and tests, ruff's rule pages (which
keep those numbers, plus TRY400/TRY401 from tryceratops, PLE1205/PLE1206 from pylint,
S612 from flake8-bandit, bandit's B612, and ruff's own RUF065), and pylint's
``checkers/logging.py`` (its logging messages are W1201-W1203, E1200, E1201, E1205 and
E1206; there is no W1204, W1205 or E1202-E1204).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Dict, FrozenSet, List, Mapping, Tuple

# Codes written in ``# noqa:`` comments -> loglint codes.
NOQA_PEERS: Mapping[str, Tuple[str, ...]] = MappingProxyType({
    # flake8-logging-format (ruff: G)
    "G001": ("LL303",),  # string.format() in the message
    "G002": ("LL302",),  # % formatting in the message
    "G003": ("LL304",),  # + concatenation in the message
    "G004": ("LL301",),  # f-string message
    "G010": ("LL206",),  # warn() instead of warning()
    "G101": ("LL505",),  # extra key clashes with a LogRecord attribute
    "G200": ("LL204",),  # the exception in the logged message
    "G201": ("LL203",),  # error(..., exc_info=True) instead of exception()
    "G202": ("LL203",),  # redundant exc_info in exception()
    # flake8-logging (ruff: LOG)
    "LOG001": ("LL504",),  # Logger() instead of getLogger()
    "LOG002": ("LL504",),  # getLogger(__file__) instead of __name__
    "LOG003": ("LL505",),  # extra key clashes with a LogRecord attribute
    "LOG004": ("LL202",),  # exception() outside a handler
    "LOG005": ("LL203",),  # error(..., exc_info=...) in a handler instead of exception()
    "LOG006": ("LL203",),  # redundant exc_info in exception()
    "LOG007": ("LL203",),  # exception(..., exc_info=False) instead of error()
    "LOG008": ("LL206",),  # warn() is deprecated
    "LOG009": ("LL206",),  # WARN is undocumented
    "LOG010": ("LL204",),  # exception(exc): the exception as the message
    "LOG011": ("LL301", "LL302", "LL303", "LL304"),  # pre-formatted message
    "LOG012": ("LL305",),  # placeholder count against argument count
    "LOG013": ("LL305",),  # %(key)s placeholders against the dict's keys
    "LOG014": ("LL202",),  # exc_info=True outside a handler
    "LOG015": ("LL503",),  # call on the root logger
    # tryceratops (ruff: TRY)
    "TRY400": ("LL201",),  # error() instead of exception() in a handler
    "TRY401": ("LL204",),  # the exception object in exception()'s message
    # pylint, as ruff numbers it
    "PLE1205": ("LL305", "LL306"),  # too many arguments for the format string
    "PLE1206": ("LL305",),  # too few arguments for the format string
    # flake8-bandit (ruff: S), bandit's B612
    "S612": ("LL606",),  # logging.config.listen() without verify
    # ruff's own rules
    "RUF065": ("LL307",),  # logging-eager-conversion: str()/repr()/ascii()/hex()/oct() arguments
})

# pylint message id -> (symbolic name, loglint codes); both work in ``# pylint: disable=``.
PYLINT_PEERS: Mapping[str, Tuple[str, Tuple[str, ...]]] = MappingProxyType({
    "W1201": ("logging-not-lazy", ("LL302", "LL304")),
    "W1202": ("logging-format-interpolation", ("LL303",)),
    "W1203": ("logging-fstring-interpolation", ("LL301",)),
    "E1200": ("logging-unsupported-format", ("LL305",)),
    "E1201": ("logging-format-truncated", ("LL305",)),
    "E1205": ("logging-too-many-args", ("LL305", "LL306")),
    "E1206": ("logging-too-few-args", ("LL305",)),
})


def _pylint_lookup() -> Mapping[str, FrozenSet[str]]:
    table: Dict[str, FrozenSet[str]] = {}
    for message_id, (name, codes) in PYLINT_PEERS.items():
        table[message_id] = table[name] = frozenset(codes)
    return MappingProxyType(table)


# pylint id (upper case) or symbolic name (lower case) -> loglint codes.
PYLINT_NAMES: Mapping[str, FrozenSet[str]] = _pylint_lookup()


def peers_of(code: str) -> List[str]:
    """The peer codes equivalent to loglint ``code``, as the rule index shows them."""
    found = [peer for peer, codes in NOQA_PEERS.items() if code in codes]
    found += [f"{message_id} ({name})" for message_id, (name, codes) in PYLINT_PEERS.items() if code in codes]
    return found
