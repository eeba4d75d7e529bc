"""What rules exist: code, name, family, default, fix kind, options and pre-filter bytes.

This is data only and imports nothing heavy, so the command line can validate a
configuration, list rules, pre-filter files and answer from the cache without
loading libcst. What each rule *checks* lives in ``loglint.rules.<family>``; a rule
class names its code and takes the rest from here (``Rule.__init_subclass__``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Literal, Mapping, Optional, Tuple

FixKind = Optional[Literal["safe", "unsafe", "sometimes"]]


@dataclass(frozen=True)
class OptionSpec:
    """One per-rule option from ``[tool.loglint.<rule-name>]``."""

    type: Any  # the Python type of the value: int, str, bool, float, or (list, str) for a list of str
    default: Any
    help: str


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name: str
    family: str  # also the module in loglint.rules that holds the rule
    default_enabled: bool = True
    fix: FixKind = None
    options: Mapping[str, OptionSpec] = field(default_factory=dict)
    # Bytes of which one must occur in a file for the rule to fire on it, besides the
    # "log" that every logging call needs (see loglint.prefilter).
    triggers: Tuple[bytes, ...] = ()


_LIST = (list, str)

CATALOG: Tuple[RuleSpec, ...] = (
    RuleSpec(
        "LL001", "unused-noqa", "suppression", fix="safe",
        triggers=(b"noqa", b"ruff"),  # no directive (noqa, ruff: ignore), nothing to judge
    ),
    RuleSpec(
        "LL101", "vague-message", "messages", default_enabled=False,
        options={
            "phrases": OptionSpec(
                _LIST, None, "messages that say nothing (compared lower-cased, punctuation stripped); replaces the built-in list"
            ),
            "extend-phrases": OptionSpec(_LIST, (), "messages added to `phrases`"),
            "min-words": OptionSpec(int, 2, "a literal message with fewer words than this is vague"),
        },
    ),
    RuleSpec("LL102", "empty-message", "messages", default_enabled=False),
    RuleSpec("LL103", "message-level-mismatch", "messages", default_enabled=False),
    RuleSpec(
        "LL201", "error-without-traceback", "exceptions", fix="unsafe", default_enabled=False,
        options={
            "narrow-handlers": OptionSpec(
                bool, False, "also report in handlers of specific exceptions, not only bare, `Exception` and `BaseException` ones"
            ),
        },
    ),
    # on_backoff / on_giveup: the backoff decorators that make a function a hook of an except block
    RuleSpec("LL202", "exception-outside-handler", "exceptions", fix="unsafe", triggers=(b"on_backoff", b"on_giveup")),
    RuleSpec("LL203", "redundant-exc-info", "exceptions", fix="safe"),
    RuleSpec("LL204", "exception-in-message", "exceptions"),
    RuleSpec("LL205", "swallowed-exception", "exceptions", default_enabled=False),
    RuleSpec("LL206", "deprecated-warn", "exceptions", fix="safe"),
    RuleSpec("LL301", "fstring-in-log", "formatting", fix="sometimes"),
    RuleSpec("LL302", "percent-format-in-log", "formatting", fix="sometimes"),
    RuleSpec("LL303", "str-format-in-log", "formatting", fix="sometimes"),
    RuleSpec("LL304", "concat-in-log", "formatting", fix="sometimes"),
    RuleSpec("LL305", "placeholder-mismatch", "formatting"),
    RuleSpec("LL306", "wrong-placeholder-style", "formatting", fix="unsafe"),
    RuleSpec("LL307", "eager-str-arg", "formatting", fix="sometimes"),
    RuleSpec(
        "LL401", "sensitive-data-in-log", "secrets", default_enabled=False,
        options={
            "extend-names": OptionSpec(
                _LIST, (), "more sensitive words (`session_key`, `otp`); matched against name parts like the built-in ones"
            ),
            "allow-names": OptionSpec(_LIST, (), "exact variable, attribute or key names never reported"),
            "redaction-functions": OptionSpec(
                _LIST, (), "functions whose result is safe to log (names or dotted names), besides the built-in ones"
            ),
        },
    ),
    RuleSpec("LL501", "missing-serialize", "production", fix="unsafe", triggers=(b"serialize", b"Serialize", b"SERIALIZE")),
    RuleSpec("LL502", "diagnose-in-production", "production", fix="unsafe", triggers=(b"diagnose", b"Diagnose", b"DIAGNOSE")),
    # "__main__" keeps a file's `if __name__ == "__main__":` block through pruning even when
    # nothing in it logs: LL503 reads it to tell a script from a module.
    RuleSpec("LL503", "root-logger-call", "production", triggers=(b"__main__",)),
    RuleSpec("LL504", "logger-name", "production", fix="unsafe"),
    RuleSpec("LL505", "extra-key-clash", "production"),
    RuleSpec("LL601", "discarded-bind", "pitfalls"),
    RuleSpec("LL602", "loguru-format-injection", "pitfalls", fix="unsafe", default_enabled=False),
    RuleSpec("LL603", "unknown-log-method", "pitfalls", fix="safe"),
    RuleSpec("LL604", "lazy-non-callable", "pitfalls", fix="unsafe"),
    RuleSpec(
        "LL605", "unrotated-file-sink", "pitfalls",
        options={
            "loguru-production-only": OptionSpec(
                bool, False, "report loguru file sinks only in production scope, as stdlib file handlers are"
            ),
        },
    ),
    RuleSpec("LL606", "insecure-config-listen", "pitfalls"),
    RuleSpec("LL607", "async-exc-info-lost", "pitfalls", fix="unsafe"),
)
SPECS: Dict[str, RuleSpec] = {spec.code: spec for spec in CATALOG}
