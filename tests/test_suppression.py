"""Suppression comments: the lexer, noqa lines, peer codes, pylint disables, LL001 and --add-noqa."""

from __future__ import annotations

import textwrap
from typing import Any, List, Tuple

import pytest
from helpers import fixed, lint

from loglint.add_noqa import add_noqa
from loglint.comments import lex

HEADER = "import logging\nlogger = logging.getLogger(__name__)\n"


def codes(source: str, select: str = "LL", **kwargs: Any) -> List[Tuple[int, str]]:
    result = lint(HEADER + textwrap.dedent(source), select, **kwargs)
    assert not result.errors, result.errors
    return [(f.line - 2, f.code) for f in result.findings]


def messages(source: str, select: str = "LL001,LL3", **kwargs: Any) -> List[Tuple[int, int, str]]:
    result = lint(HEADER + textwrap.dedent(source), select, **kwargs)
    return [(f.line - 2, f.column, f.message) for f in result.findings]


# -- the lexer ----------------------------------------------------------------------------


def test_hash_in_strings_is_not_a_comment() -> None:
    text = 'a = "# noqa"  # real\nb = \'\'\'x # no\n\'\'\'  # end\nc = "\\" # still string"\n'
    lexed = lex(text)
    assert {line: c.text for line, c in lexed.comments.items()} == {1: "# real", 3: "# end"}
    assert lexed.comments[1].column == 14


def test_open_lines_are_string_bodies_and_continuations() -> None:
    text = 'x = f"""a\nb\n"""\ny = 1 + \\\n    2\nz = (1,\n     2)\n'
    lexed = lex(text)
    assert lexed.open_lines == frozenset({1, 2, 4})
    assert [lexed.comment_line(n) for n in range(1, 8)] == [3, 3, 3, 5, 5, 6, 7]


def test_crlf_and_lone_cr_lines() -> None:
    lexed = lex('a = 1  # one\r\nb = """x\r\ny"""  # two\rc = 3  # three\n')
    assert sorted(lexed.comments) == [1, 3, 4]
    assert lexed.open_lines == frozenset({2})


# -- line directives ----------------------------------------------------------------------


def test_noqa_silences_its_codes_only() -> None:
    assert codes('logger.info(f"{x}")  # noqa: LL302\nlogger.info(f"{x}")  # NOQA:LL301\nlogger.info(f"{x}")  # noqa\n', "LL3") == [(1, "LL301")]


def test_noqa_inside_a_string_is_not_a_suppression() -> None:
    assert codes('logger.info(f"{x} # noqa")\n', "LL3") == [(1, "LL301")]


def test_finding_in_a_multi_line_string_is_silenced_after_the_string() -> None:
    source = 'logger.info(f"""{x}\n  # noqa: LL301 (string text)\n""")\nlogger.info(f"""{x}\n""")  # noqa: LL301\n'
    assert codes(source, "LL3") == [(1, "LL301")]


def test_finding_on_a_continued_line_is_silenced_at_its_end() -> None:
    assert codes('logger.info("a" + \\\n    x)  # noqa: LL304\n', "LL3") == []


def test_noqa_on_the_first_line_of_the_logging_call_silences_the_findings_in_it() -> None:
    source = (
        'logger.info(  # noqa: LL304\n    "user " + name\n)\n'  # 1-3: silenced
        'logger.info(  # noqa: LL301\n    "user " + name\n)\n'  # 4-6: another code
        'logger.info(\n    "user " + name,  # noqa: LL304\n)\n'  # 7-9: the finding's own line
        'logger.info(\n    "a %s",\n    str(x),\n)  # noqa: LL307\n'  # 10-13: a later line of the call
        'logger.info(  # noqa\n    "a %s" + x, str(y),\n)\n'  # 14-16: bare, inner call too
        'logger.info(\n    """a\n    """ + x  # noqa: LL304\n)\n'  # 17-20: the end of a string on the finding's line
    )
    assert codes(source, "LL001,LL3") == [(4, "LL001"), (5, "LL304"), (12, "LL307"), (13, "LL001")]


def test_a_noqa_on_the_first_line_of_a_call_is_used_and_kept_by_fix() -> None:
    source = 'logger.info(  # noqa: LL304, LL302\n    "user " + name\n)\n'
    assert messages(source) == [(1, 15, "unused `noqa` directive (unused: `LL302`)")]
    assert fixed(source, "LL001,LL3") == 'logger.info(  # noqa: LL304\n    "user " + name\n)\n'


def test_noqa_of_a_finding_outside_any_logging_call() -> None:
    source = "class LogSettings:\n    serialize: bool = False  # noqa: LL501\n    LOG_SERIALIZE = False\n"
    assert codes(source, "LL5", path="prod/app.py") == [(3, "LL501")]


def test_file_level_noqa() -> None:
    assert codes('# loglint: noqa: LL301\nlogger.info(f"{x}")\nlogger.info("%s" % x)\n', "LL3") == [(3, "LL302")]
    assert codes('s = """\n# loglint: noqa\n"""\nlogger.info(f"{x}")\n', "LL3") == [(4, "LL301")]
    assert codes('# loglint: noqa\nlogger.info(f"{x}")\nlogger.info("%s" % x)\n', "LL3") == []


def test_file_level_noqa_only_on_a_line_of_its_own_and_line_directives_after_it_still_count() -> None:
    assert codes('logger.info(f"{x}")  # loglint: noqa\nlogger.info(f"{x}")\n', "LL3") == [(2, "LL301")]
    assert codes('# loglint: noqa: LL302\nlogger.info(f"{x}")  # noqa: LL301\nlogger.info("%s" % x)\n', "LL3") == []


@pytest.mark.parametrize("written", ["LL3", "LL30", "ll30", "LL3011", "G00", "G0041"])
def test_noqa_codes_match_exactly_not_as_prefixes(written: str) -> None:
    """As in ruff: a prefix in a noqa silences nothing (prefixes are for select and ignore),
    on a line, on the first line of a call and for the whole file; LL001 reports it."""
    line = f'logger.info(f"{{x}}")  # noqa: {written}\n'
    assert codes(line, "LL3") == [(1, "LL301")]
    assert codes(f'logger.info(  # noqa: {written}\n    f"{{x}}"\n)\n', "LL3") == [(2, "LL301")]
    assert codes(f'# loglint: noqa: {written}\nlogger.info(f"{{x}}")\n', "LL3") == [(2, "LL301")]


def test_a_prefix_in_a_noqa_is_an_unknown_code_to_ll001() -> None:
    assert messages('logger.info(f"{x}")  # noqa: LL3\n')[1:] == [(1, 22, "unused `noqa` directive (unknown: `LL3`)")]


# -- peer codes ---------------------------------------------------------------------------


@pytest.mark.parametrize("comment", [
    "# noqa: G004", "# noqa: LOG011", "# pylint: disable=logging-fstring-interpolation",
    "# pylint: disable=W1203", "# type: ignore  # pylint: disable=unused-import, W1203",
    "# pylint: disable=W1203, unused-import", "# pylint: disable=unused-import  # pylint: disable=W1203",
])
def test_peer_suppressions_silence_the_equivalent_rule(comment: str) -> None:
    source = f'logger.info(f"{{x}}")  {comment}\n'
    assert codes(source, "LL3") == []
    assert codes(source, "LL3", config={"respect_peer_suppressions": False}) == [(1, "LL301")]


def test_peer_code_of_another_rule_does_not_silence() -> None:
    assert codes('logger.info(f"{x}")  # noqa: G002\n', "LL3") == [(1, "LL301")]


@pytest.mark.parametrize("comment", [
    "# ruff: ignore[G004]", "# ruff:ignore[ G004 ]", "# ruff: ignore[E501, G004]", "# noqa: E501  # ruff: ignore[G004]", "# ruff: noqa: G004",
])
def test_ruff_comments_at_the_end_of_the_line_silence_the_equivalent_rule(comment: str) -> None:
    source = f'logger.info(f"{{x}}")  {comment}\nlogger.info(f"{{x}}")\n'
    assert codes(source, "LL001,LL3") == [(2, "LL301")]  # the next line is not silenced, and LL001 counts it used
    assert codes(source, "LL001,LL3", config={"respect_peer_suppressions": False}) == [(1, "LL301"), (2, "LL301")]


def test_ruff_ignore_on_a_line_of_its_own_silences_the_next_line_of_code() -> None:
    source = """\
    # ruff: ignore[G004]
    logger.info(f"{x}")
    logger.info(f"{x}")
    # ruff: ignore[G004]

    # the reason, below the directive
    logger.info(
        f"{x}"
    )
    if x:
        # ruff: ignore[G004]
        logger.info(f"{x}")
    logger.info(f"{x}")
    """
    assert codes(source, "LL001,LL3") == [(3, "LL301"), (13, "LL301")]
    assert [line for line, _ in codes(source, "LL3", config={"respect_peer_suppressions": False})] == [2, 3, 8, 12, 13]


@pytest.mark.parametrize("comment", [
    "# ruff: ignore[G002]", "# ruff: ignore[LL301]", "# ruff: ignore[logging-f-string]", "# ruff: ignore G004", "# ruff: disable[G004]",
])
def test_ruff_ignore_of_another_rule_loglint_code_name_or_other_form_does_not_silence(comment: str) -> None:
    for source in (f'logger.info(f"{{x}}")  {comment}\n', f'{comment}\nlogger.info(f"{{x}}")\n'):
        assert (1 + source.startswith("#"), "LL301") in codes(source, "LL3")


def test_ruff_noqa_on_a_line_of_its_own_silences_the_equivalents_in_the_whole_file() -> None:
    for directive in ("# ruff: noqa: G004", "# flake8: noqa: G004, E501"):
        source = f'{directive}\nlogger.info(f"{{x}}")\nlogger.info("%s" % x)\n\nlogger.info(f"{{y}}")\n'
        assert codes(source, "LL001,LL3") == [(3, "LL302")]  # and no LL001: it is no line directive
        off = codes(source, "LL001,LL3", config={"respect_peer_suppressions": False})
        assert off == [(2, "LL301"), (3, "LL302"), (5, "LL301")]


def test_unused_ruff_ignore_is_reported_and_fixed() -> None:
    source = 'logger.info(f"{x}")  # ruff: ignore[G002, G004]\nlogger.info("%s", x)  # ruff: ignore[G004]\n# ruff: ignore[G004, E501]\nlogger.info("%s", x)\n'
    assert messages(source) == [
        (1, 22, "unused `ruff: ignore` directive (unused: `G002`)"),
        (2, 23, "unused `ruff: ignore` directive (unused: `G004`)"),
        (3, 1, "unused `ruff: ignore` directive (unused: `G004`)"),
    ]
    assert fixed(HEADER + source, "LL001,LL3") == HEADER + (
        'logger.info(f"{x}")  # ruff: ignore[G004]\nlogger.info("%s", x)\n# ruff: ignore[E501]\nlogger.info("%s", x)\n'
    )
    # above a line with a ruff: ignore of its own, both count
    both = '# ruff: ignore[G004]\nlogger.warn(f"{x}")  # ruff: ignore[G010]\n# ruff: ignore[G010]\nlogger.info("%s", x)  # ruff: ignore[G004]\n'
    assert messages(both, "LL001,LL206,LL301") == [
        (3, 1, "unused `ruff: ignore` directive (unused: `G010`)"),
        (4, 23, "unused `ruff: ignore` directive (unused: `G004`)"),
    ]
    # ruff's own codes, LL codes and the codes of rules not enabled are not loglint's to judge
    assert messages('logger.info("%s", x)  # ruff: ignore[E501, LL301, TRY400]\n') == []
    assert codes(source, "LL001,LL3", config={"respect_peer_suppressions": False}) == [(1, "LL301")]  # read only with peers


def test_unused_peer_codes_of_every_mapped_tool_are_judged() -> None:
    # S612 and RUF065 were never judged: LL001 only looked for noqa codes of G, LOG, TRY and PLE
    assert messages('x = 1  # noqa: RUF065\n', "LL001,LL307") == [(1, 8, "unused `noqa` directive (unused: `RUF065`)")]
    assert messages('x = 1  # ruff: ignore[S612]\n', "LL001,LL606") == [(1, 8, "unused `ruff: ignore` directive (unused: `S612`)")]


def test_peer_code_on_the_first_line_of_the_call_silences_the_findings_in_it() -> None:
    assert codes('logger.info(  # noqa: G004\n    f"{x}",\n)\n', "LL3") == []
    assert codes('logger.info(  # noqa: G004\n    f"{x}",\n)\n', "LL3", config={"respect_peer_suppressions": False}) == [(2, "LL301")]


def test_pylint_disable_next_and_block_scope() -> None:
    source = """\
    # pylint: disable-next=logging-fstring-interpolation
    logger.info(f"{x}")
    logger.info(f"{x}")
    def f():
        # pylint: disable=logging-fstring-interpolation
        logger.info(f"{x}")
        if x:
            logger.info(f"{x}")
    logger.info(f"{x}")
    # pylint: disable=W1203
    logger.info(f"{x}")
    # pylint: enable=W1203
    logger.info(f"{x}")
    """
    assert codes(source, "LL3") == [(3, "LL301"), (9, "LL301"), (13, "LL301")]


def test_pylint_disable_next_is_the_next_line_only() -> None:
    source = 'logger.info(f"{x}")\n# pylint: disable-next=W1203\nlogger.info(f"{x}")\nlogger.info(f"{x}")\n'
    assert codes(source, "LL3") == [(1, "LL301"), (4, "LL301")]


def test_pylint_block_scope_ends_at_the_first_dedented_line_of_code() -> None:
    source = """\
    def f():
        # pylint: disable=logging-fstring-interpolation
        x = \"\"\"
    a string's line at column 0
    \"\"\"
    # a comment at column 0
        logger.info(f"{x}")
    logger.info(f"{x}")
    def g():
        x = 1
        # pylint: disable=logging-fstring-interpolation
    logger.info(f"{x}")
    """
    assert codes(source, "LL3") == [(8, "LL301"), (12, "LL301")]


def test_pylint_enable_of_one_of_the_disabled_names() -> None:
    source = """\
    # pylint: disable=W1203,W1201
    logger.info(f"{x}")
    logger.info("%s" % x)
    # pylint: enable=W1203
    logger.info(f"{x}")
    logger.info("%s" % x)
    """
    assert codes(source, "LL3") == [(5, "LL301")]


# -- LL001 --------------------------------------------------------------------------------


def test_unused_codes_are_reported_used_ones_are_not() -> None:
    source = 'logger.info(f"{x}")  # noqa: LL301, LL302\nlogger.info("%s", x)  # noqa: LL301\n'
    assert messages(source) == [
        (1, 22, "unused `noqa` directive (unused: `LL302`)"),
        (2, 23, "unused `noqa` directive (unused: `LL301`)"),
    ]


def test_only_codes_enabled_for_the_file_are_judged() -> None:
    source = 'x = 1  # noqa: LL401, E501\nlogger.info("%s", x)  # noqa\n'
    assert messages(source) == []  # LL401 not selected; E501 not ours; bare noqa
    assert messages(source, "LL001,LL401") == [(1, 8, "unused `noqa` directive (unused: `LL401`)")]


def test_unknown_ll_codes_are_reported_in_any_run_and_removed() -> None:
    source = 'x = 1  # noqa: LL401, E501, LL999, ll3\nlogger.info(f"{x}")  # noqa: LL301,LL000\n'
    assert messages(source) == [
        (1, 8, "unused `noqa` directive (unknown: `LL999`, `ll3`)"),
        (2, 22, "unused `noqa` directive (unknown: `LL000`)"),
    ]
    assert messages(source, "LL001,LL401") == [
        (1, 8, "unused `noqa` directive (unused: `LL401`; unknown: `LL999`, `ll3`)"),
        (2, 22, "unused `noqa` directive (unknown: `LL000`)"),
    ]
    assert fixed(source, "LL001,LL3") == 'x = 1  # noqa: LL401, E501\nlogger.info(f"{x}")  # noqa: LL301\n'
    assert fixed("x = 1  # noqa: LL999, LL999\n", "LL001") == "x = 1\n"
    assert messages("x = 1  # noqa: LL301\n", config={"per_file_ignores": {"*.py": ("LL301",)}}) == []


def test_mapped_peer_codes_are_judged_unmapped_ones_are_not() -> None:
    source = "x = 1  # noqa: G004, G100, TRY003\n"
    assert messages(source) == [(1, 8, "unused `noqa` directive (unused: `G004`)")]
    assert messages(source, config={"respect_peer_suppressions": False}) == []


def test_peer_codes_broader_than_loglint_are_left_to_their_tool() -> None:
    # ruff's TRY400 reports .error() in any handler, re-raising or narrow; LOG015 reports
    # root-logger calls in scripts too. loglint's equivalents do not: the noqa is ruff's.
    source = """\
    try:
        run()
    except ValueError:
        logger.error("bad value")  # noqa: TRY400
    except Exception:
        logger.error("failed")  # noqa: TRY400
        raise
    if __name__ == "__main__":
        logging.info("demo")  # noqa: LOG015

    def on_error(path, exc):
        logger.warning("cannot remove %s", path, exc_info=True)  # noqa: LOG014
    """
    assert messages(source, "LL001,LL2,LL5") == []


def test_duplicates_and_self_suppression() -> None:
    source = 'logger.info(f"{x}")  # noqa: LL301, LL301\nx = 1  # noqa: LL301, LL001\n'
    assert messages(source) == [(1, 22, "unused `noqa` directive (duplicated: `LL301`)")]


def test_file_level_noqa_silences_ll001() -> None:
    assert messages("# loglint: noqa: LL001\nx = 1  # noqa: LL301\n") == []


def test_ll001_without_any_other_finding_in_the_file() -> None:
    result = lint("x = 1  # noqa: LL301\n", "LL001,LL3")
    assert [(f.line, f.column, f.end_column, f.code) for f in result.findings] == [(1, 8, 21, "LL001")]


@pytest.mark.parametrize(("before", "after"), [
    ("x = 1  # noqa: LL301\n", "x = 1\n"),
    ("x = 1  # noqa: LL301, E501\n", "x = 1  # noqa: E501\n"),
    ("x = 1  # noqa: E501,LL301 ,LL302\n", "x = 1  # noqa: E501\n"),
    ("x = 1  # type: ignore  # noqa: LL301\n", "x = 1  # type: ignore\n"),
    ("x = 1  # noqa: LL301 legacy  # type: ignore\n", "x = 1  # type: ignore\n"),
    ("x = 1  # noqa: LL301 -- the reason\n", "x = 1\n"),
    ("x = 1  # legacy noqa: LL301\n", "x = 1  # legacy\n"),
    ("x = 1  #: noqa: LL301\n", "x = 1  #:\n"),
    ("if x:\n    # noqa: LL301\n    pass\n", "if x:\n    pass\n"),
    ("x = 1\n# noqa: LL301", "x = 1\n"),
    ("x = 1  # noqa: LL301\r\ny = 2\r\n", "x = 1\r\ny = 2\r\n"),
])
def test_fix_removes_unused_codes_and_keeps_other_comments(before: str, after: str) -> None:
    assert fixed(before, "LL001,LL3") == after


# -- --add-noqa ---------------------------------------------------------------------------


def add(source: str, select: str = "LL") -> str:
    text = HEADER + textwrap.dedent(source)
    result = lint(text, select)
    assert not result.errors, result.errors
    new_text, _ = add_noqa(text, result.findings)
    return new_text[len(HEADER):]


def test_add_noqa_places_merges_and_keeps_comments() -> None:
    source = """\
    logger.info(f"{x}")
    logger.info("a" + y)  # type: ignore
    logger.info(f"{x}")  # noqa: E501 the reason
    logger.info(f\"\"\"{x}
    # text\"\"\")
    logger.info("a" + \\
        x)
    """
    assert add(source, "LL3") == textwrap.dedent("""\
    logger.info(f"{x}")  # noqa: LL301
    logger.info("a" + y)  # type: ignore  # noqa: LL304
    logger.info(f"{x}")  # noqa: E501, LL301 the reason
    logger.info(f\"\"\"{x}
    # text\"\"\")  # noqa: LL301
    logger.info("a" + \\
        x)  # noqa: LL304
    """)


def test_add_noqa_drops_unknown_codes_of_the_directive_it_merges_into() -> None:
    source = 'logger.info(f"{x}")  # noqa: LL999, E501\nlogger.info(f"{x}")  # noqa: ll3\n'
    assert add(source, "LL3") == 'logger.info(f"{x}")  # noqa: E501, LL301\nlogger.info(f"{x}")  # noqa: LL301\n'


@pytest.mark.parametrize("source", [
    'try:\n    pass\nexcept Exception:\n    logger.error(f"{x} %s" % y, exc_info=True)  # noqa: LL203\n',
    'try:\n    pass\nexcept Exception as e:\n    logger.error(f"failed {e}")  # pylint: disable=W1203\n',
    'logger.info(f"""\n  {password}\n""")\nx = f"""\n{logger.info(f"{y}")}\n"""\n',
])
def test_add_noqa_then_nothing_is_reported_and_it_is_idempotent(source: str) -> None:
    once = add(source)
    assert once != source
    result = lint(HEADER + once, "LL")
    assert (result.findings, result.errors) == ([], [])
    assert add(once) == once


def test_add_noqa_leaves_ll001_to_its_fix() -> None:
    assert add("x = 1  # noqa: LL301\n", "LL001,LL3") == "x = 1  # noqa: LL301\n"
