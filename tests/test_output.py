"""The printers of src/loglint/output, on findings built by hand."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Sequence

import jsonschema
import pytest

from loglint.findings import Edit, FileError, Finding, Fix
from loglint.output import FORMATS, Report, RuleMeta, render

# OASIS's schema, vendored: see tests/schemas/README.md.
SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-2.1.0.json"

SOURCE = 'import logging\nlog = logging.getLogger()\nlog.info(f"x={x}")\nlog.warn("a")\n'

FSTRING = Finding(
    "LL301",
    "fstring-in-log",
    "Avoid f-strings in logging calls",
    "app.py",
    3,
    10,
    3,
    18,
    Fix("safe", "Use lazy %-formatting", (Edit('"x=%s", x', 3, 10, 3, 18),)),
)
WARN = Finding(
    "LL101",
    "deprecated-warn",
    "`warn` is deprecated",
    "app.py",
    4,
    1,
    4,
    14,
    Fix("unsafe", "Use `warning`", (Edit("warning", 4, 5, 4, 9),)),
)
PLAIN = Finding("LL201", "root-logger", "Use a module logger", "lib.py", 7, 5, 7, 17)
SYNTAX = FileError("bad.py", "invalid syntax", 2, 5)
CRASH = FileError("boom.py", "KeyError: 'x'", internal=True)

RULES = {
    code: RuleMeta(code, name, f"{name} summary", f"{name} description", fixable, True, url)
    for code, name, fixable, url in [
        ("LL101", "deprecated-warn", True, "https://loglint.dev/rules/deprecated-warn"),
        ("LL201", "root-logger", False, None),
        ("LL301", "fstring-in-log", True, "https://loglint.dev/rules/fstring-in-log"),
    ]
}
REPORT_URL = "https://github.com/loglint/loglint/issues"


def report(
    findings: Sequence[Finding] = (),
    errors: Sequence[FileError] = (),
    *,
    fixed: int = 0,
    sources: Optional[Mapping[str, str]] = None,
    hidden: int = 0,
) -> Report:
    return Report(
        findings=sorted(findings, key=lambda f: f.sort_key),
        errors=errors,
        rules=RULES,
        fixed=fixed,
        sources={"app.py": SOURCE} if sources is None else sources,
        unsafe_fixes_hidden=hidden,
    )


EVERYTHING = report([FSTRING, WARN, PLAIN], [SYNTAX, CRASH], hidden=1)


def concise(rep: Report, **options: bool) -> str:
    return render(rep, "concise", color=options.pop("color", False), **options)


# concise / text


def test_concise_lines_and_summary() -> None:
    assert concise(EVERYTHING) == (
        "app.py:3:10: LL301 [*] Avoid f-strings in logging calls\n"
        "app.py:4:1: LL101 `warn` is deprecated\n"
        "lib.py:7:5: LL201 Use a module logger\n"
        "bad.py:2:5: LL000 invalid syntax\n"
        f"boom.py: internal error: KeyError: 'x'. Please report this at {REPORT_URL}\n"
        "\n"
        "Found 4 problems (1 fixable with --fix).\n"
        "(1 hidden fix can be enabled with the --unsafe-fixes option.)\n"
    )


def test_text_is_an_alias_of_concise() -> None:
    assert render(EVERYTHING, "text", color=False) == concise(EVERYTHING)


def test_summary_singular_without_fixable_count() -> None:
    assert concise(report([PLAIN])).endswith("\n\nFound 1 problem.\n")


def test_summary_plural_hidden_fixes_and_fixed() -> None:
    text = concise(report([FSTRING, PLAIN], fixed=3, hidden=2))
    assert text.endswith(
        "\n\nFixed 3 problems.\n"
        "Found 2 problems (1 fixable with --fix).\n"
        "(2 hidden fixes can be enabled with the --unsafe-fixes option.)\n"
    )


def test_internal_errors_are_not_counted_but_do_not_pass() -> None:
    assert concise(report([], [CRASH])).endswith("\n\nFound 0 problems.\n")


def test_all_checks_passed() -> None:
    assert concise(report()) == "All checks passed!\n"
    assert concise(report(fixed=1)) == "Fixed 1 problem.\nAll checks passed!\n"


def test_quiet_prints_only_the_problem_lines() -> None:
    assert concise(report([PLAIN], [SYNTAX]), quiet=True) == (
        "lib.py:7:5: LL201 Use a module logger\nbad.py:2:5: LL000 invalid syntax\n"
    )
    assert concise(report(), quiet=True) == ""


def test_color_as_ruff_colors() -> None:
    text = concise(report([FSTRING]), color=True)
    assert text.splitlines()[0] == (
        "\x1b[1mapp.py\x1b[0m\x1b[36m:\x1b[0m3\x1b[36m:\x1b[0m10\x1b[36m:\x1b[0m "
        "\x1b[1;31mLL301\x1b[0m \x1b[36m[*]\x1b[0m Avoid f-strings in logging calls"
    )
    assert concise(report(), color=True) == "\x1b[1;32mAll checks passed!\x1b[0m\n"


@pytest.mark.parametrize("fmt", ["concise", "full"])
def test_no_ansi_without_color(fmt: str) -> None:
    assert "\x1b" not in render(EVERYTHING, fmt, color=False)
    assert "\x1b" not in render(EVERYTHING, fmt, color=False, statistics=True)


def test_statistics_table() -> None:
    many = [replace(PLAIN, line=n) for n in range(1, 13)] + [FSTRING, replace(FSTRING, line=9)]
    text = concise(report([*many, WARN], [SYNTAX, CRASH]), statistics=True)
    assert text == (
        "12  LL201  root-logger\n"
        " 2  LL301  fstring-in-log   [*]\n"
        " 1  LL000  error\n"
        " 1  LL101  deprecated-warn\n"
        f"boom.py: internal error: KeyError: 'x'. Please report this at {REPORT_URL}\n"
        "\n"
        "Found 16 problems (2 fixable with --fix).\n"
    )


def test_statistics_as_json_count_what_the_table_counts() -> None:
    many = [replace(PLAIN, line=n) for n in range(1, 13)] + [FSTRING, replace(FSTRING, line=9)]
    rows = [
        {"code": "LL201", "name": "root-logger", "count": 12, "fixable": False},
        {"code": "LL301", "name": "fstring-in-log", "count": 2, "fixable": True},
        {"code": "LL000", "name": "error", "count": 1, "fixable": False},
        {"code": "LL101", "name": "deprecated-warn", "count": 1, "fixable": False},
    ]
    both = report([*many, WARN], [SYNTAX, CRASH])
    assert json.loads(render(both, "json", color=False, statistics=True)) == rows
    lines = render(both, "json-lines", color=False, statistics=True).splitlines()
    assert [json.loads(line) for line in lines] == rows
    assert render(report(), "json", color=False, statistics=True) == "[]\n"
    with pytest.raises(ValueError, match="--statistics cannot be printed as sarif"):
        render(both, "sarif", color=False, statistics=True)


def test_statistics_quiet_prints_only_the_table() -> None:
    assert concise(report([FSTRING]), statistics=True, quiet=True) == (
        "1  LL301  fstring-in-log  [*]\n"
    )


# terminal safety


HOSTILE = Finding(
    "LL201",
    "root-logger",
    "bad \x1b[2J\x1b]0;pwned\x07 \r\nnext \u202egnp.exe \x9b31m",
    "evil\x1b[31m\tdir/a.py",
    1,
    1,
    1,
    4,
)


def test_control_characters_are_escaped_in_concise() -> None:
    line = concise(report([HOSTILE]), quiet=True)
    assert line == (
        "evil\\x1b[31m\\tdir/a.py:1:1: LL201 "
        "bad \\x1b[2J\\x1b]0;pwned\\x07 \\r\\nnext \\u202egnp.exe \\x9b31m\n"
    )


def test_control_characters_are_escaped_in_pylint() -> None:
    assert render(report([HOSTILE]), "pylint", color=False) == (
        "evil\\x1b[31m\\tdir/a.py:1: [LL201] "
        "bad \\x1b[2J\\x1b]0;pwned\\x07 \\r\\nnext \\u202egnp.exe \\x9b31m\n"
    )


def test_undecodable_paths_do_not_crash_any_format() -> None:
    path = "caf\udce9.py"  # os.fsdecode of b"caf\xe9.py" on a UTF-8 system
    rep = report([replace(FSTRING, path=path)], [replace(SYNTAX, path=path)], sources={})
    for fmt in FORMATS:
        render(rep, fmt, color=True).encode("utf-8")
    assert concise(rep, quiet=True).startswith("caf\\udce9.py:3:10:")


def test_full_escapes_source_and_expands_tabs() -> None:
    source = "\tlog.info('\x1b[2J', x)\n"
    finding = Finding("LL201", "root-logger", "m", "t.py", 1, 2, 1, 10)
    text = render(report([finding], sources={"t.py": source}), "full", color=False, quiet=True)
    assert text.splitlines()[1:4] == [
        "  |",
        "1 |     log.info('\\x1b[2J', x)",
        "  |     ^^^^^^^^",
    ]


# full


def test_full_shows_source_carets_help_and_diff() -> None:
    text = render(report([FSTRING, WARN, PLAIN]), "full", color=False)
    assert text == (
        "app.py:3:10: LL301 [*] Avoid f-strings in logging calls\n"
        "  |\n"
        "1 | import logging\n"
        "2 | log = logging.getLogger()\n"
        '3 | log.info(f"x={x}")\n'
        "  |          ^^^^^^^^\n"
        '4 | log.warn("a")\n'
        "  |\n"
        "  = help: Use lazy %-formatting\n"
        '3 - log.info(f"x={x}")\n'
        '3 + log.info("x=%s", x)\n'
        "\n"
        "app.py:4:1: LL101 `warn` is deprecated\n"
        "  |\n"
        "2 | log = logging.getLogger()\n"
        '3 | log.info(f"x={x}")\n'
        '4 | log.warn("a")\n'
        "  | ^^^^^^^^^^^^^\n"
        "  |\n"
        "  = help: Use `warning` (unsafe fix)\n"
        '4 - log.warn("a")\n'
        '4 + log.warning("a")\n'
        "\n"
        "lib.py:7:5: LL201 Use a module logger\n"
        "\n"
        "Found 3 problems (1 fixable with --fix).\n"
    )


def test_full_multiline_range_is_underlined_on_every_line_and_diffs_every_edited_line() -> None:
    source = "x = 1\nlog.info(\n    f'{x}',\n)\n"
    finding = Finding(
        "LL301",
        "fstring-in-log",
        "m",
        "m.py",
        2,
        1,
        4,
        2,
        Fix("safe", "h", (Edit("'%s', x", 3, 5, 3, 11), Edit("", 4, 1, 4, 2))),
    )
    text = render(report([finding], sources={"m.py": source}), "full", color=False, quiet=True)
    assert text == (
        "m.py:2:1: LL301 [*] m\n"
        "  |\n"
        "1 | x = 1\n"
        "2 | log.info(\n"
        "  | ^^^^^^^^^\n"
        "3 |     f'{x}',\n"
        "  |     ^^^^^^^\n"
        "4 | )\n"
        "  | ^\n"
        "  |\n"
        "  = help: h\n"
        "3 -     f'{x}',\n"
        "4 - )\n"
        "3 +     '%s', x,\n"
        "4 +\n"
        "\n"
    )


def test_full_shows_two_lines_of_context_and_underlines_only_the_range() -> None:
    source = "".join(f"x{n} = {n}\n" for n in range(1, 5)) + "log.info(\n\n\t'%s' % (\n  x),\n    y)\n" + "".join(f"z{n} = {n}\n" for n in range(1, 5))
    # the range: from "(" on line 5 to the ")" of "x)" on line 8; line 6 is blank, line 7 starts with a tab
    finding = Finding("LL302", "percent-format-in-log", "m", "m.py", 5, 9, 8, 5)
    text = render(report([finding], sources={"m.py": source}), "full", color=False, quiet=True)
    assert text == (
        "m.py:5:9: LL302 m\n"
        "   |\n"
        " 3 | x3 = 3\n"
        " 4 | x4 = 4\n"
        " 5 | log.info(\n"
        "   |         ^\n"
        " 6 |\n"
        " 7 |     '%s' % (\n"
        "   |     ^^^^^^^^\n"
        " 8 |   x),\n"
        "   |   ^^\n"
        " 9 |     y)\n"
        "10 | z1 = 1\n"
        "   |\n"
        "\n"
    )


def test_full_context_stops_at_the_file_edges() -> None:
    finding = Finding("LL201", "root-logger", "m", "one.py", 1, 1, 1, 4)
    for source in ("log()\n", "log()"):
        assert render(report([finding], sources={"one.py": source}), "full", color=False, quiet=True) == (
            "one.py:1:1: LL201 m\n  |\n1 | log()\n  | ^^^\n  |\n\n"
        )


def test_full_shows_syntax_errors_in_context() -> None:
    rep = report([], [SYNTAX], sources={"bad.py": "x = 1\ndef (:\n"})
    assert render(rep, "full", color=False, quiet=True) == (
        "bad.py:2:5: LL000 invalid syntax\n  |\n1 | x = 1\n2 | def (:\n  |     ^\n  |\n\n"
    )


# json and json-lines


def ruff_item(**fields: Any) -> Dict[str, Any]:
    item: Dict[str, Any] = {"cell": None, "fix": None}
    item.update(fields)
    return item


EXPECTED_JSON = [
    ruff_item(
        code="LL301",
        filename="app.py",
        location={"column": 10, "row": 3},
        end_location={"column": 18, "row": 3},
        message="Avoid f-strings in logging calls",
        noqa_row=3,
        url="https://loglint.dev/rules/fstring-in-log",
        fix={
            "applicability": "safe",
            "message": "Use lazy %-formatting",
            "edits": [
                {
                    "content": '"x=%s", x',
                    "location": {"column": 10, "row": 3},
                    "end_location": {"column": 18, "row": 3},
                }
            ],
        },
    ),
    ruff_item(
        code="LL201",
        filename="lib.py",
        location={"column": 5, "row": 7},
        end_location={"column": 17, "row": 7},
        message="Use a module logger",
        noqa_row=7,
        url=None,
    ),
    ruff_item(
        code="LL000",
        filename="bad.py",
        location={"column": 5, "row": 2},
        end_location={"column": 5, "row": 2},
        message="invalid syntax",
        noqa_row=None,
        url=None,
    ),
    ruff_item(
        code="LL000",
        filename="boom.py",
        location={"column": 1, "row": 1},
        end_location={"column": 1, "row": 1},
        message=f"internal error: KeyError: 'x'. Please report this at {REPORT_URL}",
        noqa_row=None,
        url=None,
    ),
]


def test_json_has_ruffs_shape() -> None:
    text = render(report([FSTRING, PLAIN], [SYNTAX, CRASH]), "json", color=True)
    assert json.loads(text) == EXPECTED_JSON
    assert text.startswith('[\n  {\n    "cell": null,\n    "code": "LL301",\n    "end_location"')
    assert render(report(), "json", color=False) == "[]\n"


def test_json_lines_has_one_compact_object_per_line() -> None:
    text = render(report([FSTRING, PLAIN], [SYNTAX, CRASH]), "json-lines", color=False)
    lines = text.splitlines()
    assert [json.loads(line) for line in lines] == EXPECTED_JSON
    assert lines[1] == (
        '{"cell":null,"code":"LL201","end_location":{"column":17,"row":7},"filename":"lib.py",'
        '"fix":null,"location":{"column":5,"row":7},"message":"Use a module logger",'
        '"noqa_row":7,"url":null}'
    )
    assert render(report(), "json-lines", color=False) == ""


# github


def test_github_workflow_commands() -> None:
    assert render(report([FSTRING], [SYNTAX]), "github", color=False) == (
        "::warning title=loglint (LL301),file=app.py,line=3,col=10,endLine=3,endColumn=18"
        "::LL301 Avoid f-strings in logging calls\n"
        "::error title=loglint (LL000),file=bad.py,line=2,col=5::LL000 invalid syntax\n"
    )


def test_github_escaping() -> None:
    finding = Finding("LL201", "root-logger", "50% a:b,c\r\nd\x1b[0m", "a,b:c%d.py", 2, 1, 4, 3)
    assert render(report([finding]), "github", color=False) == (
        "::warning title=loglint (LL201),file=a%2Cb%3Ac%25d.py,line=2,endLine=4"
        "::LL201 50%25 a:b,c%0D%0Ad\\x1b[0m\n"
    )


# gitlab


def gitlab(findings: Sequence[Finding], source: str) -> Any:
    return json.loads(render(report(findings, sources={"app.py": source}), "gitlab", color=False))


def test_gitlab_code_quality_issue() -> None:
    issues = json.loads(render(report([FSTRING], [SYNTAX]), "gitlab", color=False))
    assert [{k: v for k, v in issue.items() if k != "fingerprint"} for issue in issues] == [
        {
            "description": "LL301: Avoid f-strings in logging calls",
            "check_name": "LL301",
            "severity": "minor",
            "location": {"path": "app.py", "lines": {"begin": 3, "end": 3}},
        },
        {
            "description": "LL000: invalid syntax",
            "check_name": "LL000",
            "severity": "major",
            "location": {"path": "bad.py", "lines": {"begin": 2, "end": 2}},
        },
    ]
    assert all(re.fullmatch("[0-9a-f]{64}", issue["fingerprint"]) for issue in issues)


def test_gitlab_fingerprint_survives_shifted_lines_and_reindentation() -> None:
    before = gitlab([FSTRING], SOURCE)
    shifted = "# a\n# b\nif True:\n" + "".join("    " + line for line in SOURCE.splitlines(True))
    after = gitlab([replace(FSTRING, line=6, end_line=6, column=14, end_column=22)], shifted)
    assert after[0]["location"]["lines"] == {"begin": 6, "end": 6}
    assert after[0]["fingerprint"] == before[0]["fingerprint"]


def test_gitlab_fingerprint_tells_identical_findings_apart() -> None:
    source = 'log.info(f"x={x}")\nlog.info(f"x={x}")\n'
    first = replace(FSTRING, line=1, end_line=1)
    issues = gitlab([first, replace(first, line=2, end_line=2)], source)
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert gitlab([first], source)[0]["fingerprint"] == issues[0]["fingerprint"]


def test_gitlab_fingerprint_depends_on_code_and_text() -> None:
    other_code = replace(FSTRING, code="LL302")
    other_text = SOURCE.replace("x={x}", "y={y}")
    fingerprints = {
        gitlab([FSTRING], SOURCE)[0]["fingerprint"],
        gitlab([other_code], SOURCE)[0]["fingerprint"],
        gitlab([FSTRING], other_text)[0]["fingerprint"],
    }
    assert len(fingerprints) == 3


# sarif


def sarif(rep: Report) -> Any:
    log = json.loads(render(rep, "sarif", color=False))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema).validate(log)
    return log


def test_sarif_validates_and_describes_every_rule() -> None:
    log = sarif(EVERYTHING)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "loglint"
    assert driver["version"] == driver["semanticVersion"]
    assert [rule["id"] for rule in driver["rules"]] == ["LL101", "LL201", "LL301"]
    assert driver["rules"][2] == {
        "id": "LL301",
        "name": "fstring-in-log",
        "shortDescription": {"text": "fstring-in-log summary"},
        "fullDescription": {"text": "fstring-in-log description"},
        "helpUri": "https://loglint.dev/rules/fstring-in-log",
        "defaultConfiguration": {"level": "warning", "enabled": True},
        "properties": {"tags": ["logging", "fixable"]},
    }
    assert "helpUri" not in driver["rules"][1]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")


def test_sarif_results_are_consistent_with_rules() -> None:
    (run,) = sarif(EVERYTHING)["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("LL301", "warning"),
        ("LL101", "warning"),
        ("LL201", "warning"),
        ("LL000", "error"),
        ("LL000", "error"),
    ]
    for result in results:
        if "ruleIndex" in result:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        else:
            assert result["ruleId"] not in {rule["id"] for rule in rules}
    assert results[0]["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "app.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 3, "startColumn": 10, "endLine": 3, "endColumn": 18},
            }
        }
    ]
    assert results[0]["fixes"] == [
        {
            "description": {"text": "Use lazy %-formatting"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "app.py", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 3,
                                "startColumn": 10,
                                "endLine": 3,
                                "endColumn": 18,
                            },
                            "insertedContent": {"text": '"x=%s", x'},
                        }
                    ],
                }
            ],
            "properties": {"applicability": "safe"},
        }
    ]
    # An unsafe fix is exported too, marked so; its edit (4:5-4:9) is not the finding's region (4:1-4:14).
    assert results[1]["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 14}
    assert results[1]["fixes"] == [
        {
            "description": {"text": "Use `warning`"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "app.py", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 9},
                            "insertedContent": {"text": "warning"},
                        }
                    ],
                }
            ],
            "properties": {"applicability": "unsafe"},
        }
    ]
    assert "fixes" not in results[2]
    assert results[3]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 5,
    }


def test_sarif_uris() -> None:
    findings = [
        replace(PLAIN, path="src\\..\\my dir/ünï.py"),
        replace(PLAIN, path="/abs/x y.py"),
        replace(PLAIN, path="./c:d.py"),
    ]
    (run,) = sarif(report(findings))["runs"]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert locations == [
        {"uri": "c%3Ad.py", "uriBaseId": "%SRCROOT%"},
        {"uri": "file:///abs/x%20y.py"},
        {"uri": "src%5C..%5Cmy%20dir/%C3%BCn%C3%AF.py", "uriBaseId": "%SRCROOT%"},
    ]


def test_sarif_without_results_validates() -> None:
    assert sarif(report())["runs"][0]["results"] == []


def test_sarif_rule_tags_and_the_root_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    driver = sarif(EVERYTHING)["runs"][0]["tool"]["driver"]
    assert [rule["properties"]["tags"] for rule in driver["rules"]] == [["logging", "fixable"], ["logging"], ["logging", "fixable"]]
    monkeypatch.chdir("/")  # a root that already ends with "/"
    assert sarif(report())["runs"][0]["originalUriBaseIds"]["%SRCROOT%"] == {"uri": "file:///"}


def test_sarif_puts_notebook_results_on_line_1_with_the_cell_in_the_message() -> None:
    finding, error = replace(FSTRING, path="nb.ipynb", cell=3, line=4, column=5), replace(SYNTAX, path="nb.ipynb", cell=2)
    (run,) = sarif(report([finding], [error]))["runs"]
    error_text = sarif(report([], [SYNTAX]))["runs"][0]["results"][0]["message"]["text"]
    location = {
        "physicalLocation": {
            "artifactLocation": {"uri": "nb.ipynb", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 1, "startColumn": 1},
        }
    }
    assert run["results"] == [
        {
            "ruleId": "LL301",
            "ruleIndex": 2,
            "level": "warning",
            "message": {"text": "cell 3:4:5: Avoid f-strings in logging calls"},
            "locations": [location],
        },
        {"ruleId": "LL000", "level": "error", "message": {"text": "cell 2:2:5: " + error_text}, "locations": [location]},
    ]


def test_sarif_error_regions_start_at_line_and_column_1_at_least() -> None:
    errors = [replace(SYNTAX, line=1, column=1), replace(SYNTAX, path="b.py", line=0, column=0)]
    (run,) = sarif(report([], errors))["runs"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]]
    assert regions == [{"startLine": 1, "startColumn": 1}] * 2


# junit


def test_junit_has_a_case_per_finding_in_a_suite_per_file() -> None:
    root = ET.fromstring(render(EVERYTHING, "junit", color=False))
    assert root.attrib == {"name": "loglint", "tests": "5", "failures": "3", "errors": "2"}
    suites = {suite.attrib["name"]: suite for suite in root}
    assert sorted(suites) == ["app.py", "bad.py", "boom.py", "lib.py"]
    assert suites["app.py"].attrib == {"name": "app.py", "tests": "2", "failures": "2", "errors": "0"}
    cases = suites["app.py"].findall("testcase")
    assert [case.attrib for case in cases] == [
        {"name": "LL301 at 3:10", "classname": "app", "file": "app.py", "line": "3"},
        {"name": "LL101 at 4:1", "classname": "app", "file": "app.py", "line": "4"},
    ]
    assert [[(f.attrib, f.text) for f in case] for case in cases] == [
        [({"message": "LL301: Avoid f-strings in logging calls", "type": "LL301"}, "app.py:3:10: LL301 Avoid f-strings in logging calls")],
        [({"message": "LL101: `warn` is deprecated", "type": "LL101"}, "app.py:4:1: LL101 `warn` is deprecated")],
    ]
    assert len(root.findall(".//failure")) == 3 and len(root.findall(".//testcase")) == 5
    assert [e.attrib["type"] for e in root.findall(".//error")] == ["LL000", "LL000"]
    assert suites["bad.py"].attrib == {"name": "bad.py", "tests": "1", "failures": "0", "errors": "1"}


def test_junit_of_a_clean_run_is_one_passing_case() -> None:
    root = ET.fromstring(render(report(), "junit", color=False))
    assert root.attrib == {"name": "loglint", "tests": "1", "failures": "0", "errors": "0"}
    (suite,) = root
    assert suite.attrib == {"name": "loglint", "tests": "1", "failures": "0", "errors": "0"}
    (case,) = suite
    assert (case.attrib, list(case)) == ({"name": "No errors found", "classname": "loglint"}, [])


def test_junit_survives_characters_xml_forbids() -> None:
    finding = replace(HOSTILE, message='a\x00b\x1bc\ufffed <&> "q" é\U0001f600', path="p\x01.py")
    text = render(report([finding]), "junit", color=False)
    text.encode("ascii")
    failure = ET.fromstring(text).find(".//failure")
    assert failure is not None
    assert failure.attrib["message"] == 'LL201: a\\x00b\\x1bc\\ufffed <&> "q" é\U0001f600'
    assert failure.text == 'p\\x01.py:1:1: LL201 a\\x00b\\x1bc\\ufffed <&> "q" é\U0001f600'


# pylint and the entry point


def test_pylint_lines() -> None:
    assert render(report([FSTRING], [SYNTAX, CRASH]), "pylint", color=True) == (
        "app.py:3: [LL301] Avoid f-strings in logging calls\n"
        "bad.py:2: [LL000] invalid syntax\n"
        f"boom.py:1: [LL000] internal error: KeyError: 'x'. Please report this at {REPORT_URL}\n"
    )


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("text", "concise", "full")])
def test_machine_formats_ignore_color(fmt: str) -> None:
    assert render(EVERYTHING, fmt, color=True) == render(EVERYTHING, fmt, color=False)
    assert "\x1b" not in render(report([HOSTILE]), fmt, color=True)


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render(EVERYTHING, "xml", color=False)
