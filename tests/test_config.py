from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

import pytest

from loglint.config import (
    OUTPUT_FORMATS,
    ConfigError,
    RuleInfo,
    expand_codes,
    find_config,
    ignored_for_path,
    load_settings,
    resolve_selection,
)
from loglint.rules.base import OptionSpec
from loglint.settings import DEFAULT_EXCLUDE, Settings

RULES = (
    RuleInfo("LL101", "vague-message", True, {"min-words": OptionSpec(int, 2, "fewest words")}),
    RuleInfo("LL103", "off-by-default", False, {}),
    *(RuleInfo(f"LL30{n}", f"rule-30{n}", True, {}) for n in range(1, 8)),
    RuleInfo("LL401", "ratio-rule", True, {
        "max-ratio": OptionSpec(float, 0.5, "a float"),
        "names": OptionSpec((list, str), (), "a list"),
        "style": OptionSpec(str, "short", "a string"),
        "strict": OptionSpec(bool, False, "a bool"),
    }),
)
ALL_CODES = frozenset(rule.code for rule in RULES)
DEFAULT_CODES = ALL_CODES - {"LL103"}
LL3 = frozenset(f"LL30{n}" for n in range(1, 8))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, toml: Optional[str] = None, **kwargs: Any) -> Settings:
    if toml is not None:
        write(tmp_path / "pyproject.toml", "[tool.loglint]\n" + toml)
    return load_settings(cwd=tmp_path, rules=RULES, **kwargs)


def error(tmp_path: Path, toml: Optional[str] = None, **kwargs: Any) -> str:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, toml, **kwargs)
    return str(info.value)


def selection(**fields: Any) -> frozenset[str]:
    return resolve_selection(Settings(**fields), RULES)


# --- find_config --------------------------------------------------------------------------


def test_find_config_walks_up_past_a_pyproject_without_the_table(tmp_path: Path) -> None:
    top = write(tmp_path / "pyproject.toml", "[tool.loglint]\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'x'\n[tool.other]\nloglint = 1\n")
    (tmp_path / "pkg" / "src" / "deep").mkdir(parents=True)
    assert find_config(tmp_path / "pkg" / "src" / "deep") == top
    assert find_config(tmp_path) == top


def test_find_config_accepts_the_dotted_form_of_the_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "tool.loglint.fix = true\n")
    assert find_config(tmp_path) == path


def test_find_config_prefers_a_standalone_file_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.loglint]\n")
    standalone = write(tmp_path / "loglint.toml", "")
    assert find_config(tmp_path) == standalone
    hidden = write(tmp_path / ".loglint.toml", "")
    assert find_config(tmp_path) == hidden


def test_find_config_nearest_folder_wins_over_a_standalone_file_above(tmp_path: Path) -> None:
    write(tmp_path / "loglint.toml", "")
    nearer = write(tmp_path / "sub" / "pyproject.toml", "[tool.loglint]\n")
    assert find_config(tmp_path / "sub") == nearer


def test_find_config_none_when_nothing_found(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None


def test_find_config_reports_broken_toml_on_the_way(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.loglint\n")
    with pytest.raises(ConfigError, match="line 1"):
        find_config(tmp_path)


# --- load_settings: values ----------------------------------------------------------------


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load(tmp_path) == Settings(project_root=tmp_path, config_path=None)


def test_every_key_is_read(tmp_path: Path) -> None:
    settings = load(tmp_path, """
select = ["ll3", "LL101"]
extend-select = ["LL103"]
ignore = ["LL305"]
exclude = ["gen"]
extend-exclude = ["legacy/*.py"]
include = ["*.py"]
extend-include = ["bin/*"]
respect-gitignore = false
fix = true
unsafe-fixes = true
fixable = ["LL3"]
extend-fixable = ["LL101"]
unfixable = ["ll305"]
output-format = "json"
default-library = "loguru"
logger-names = {log = "structlog", "app.logger" = "logging"}
[tool.loglint.per-file-ignores]
"tests/*.py" = ["ll1"]
[tool.loglint.vague-message]
min-words = 3
[tool.loglint.ratio-rule]
max-ratio = 1
names = ["a", "b"]
style = "long"
strict = true
[tool.loglint.production]
paths = ["src/**"]
extend-paths = ["bin/*.py"]
""")
    assert settings == Settings(
        select=("LL3", "LL101"),
        extend_select=("LL103",),
        ignore=("LL305",),
        per_file_ignores={"tests/*.py": ("LL1",)},
        exclude=("gen",),
        extend_exclude=("legacy/*.py",),
        include=("*.py",),
        extend_include=("bin/*",),
        respect_gitignore=False,
        fix=True,
        unsafe_fixes=True,
        fixable=("LL3",),
        extend_fixable=("LL101",),
        unfixable=("LL305",),
        output_format="json",
        logger_names={"log": "structlog", "app.logger": "logging"},
        default_library="loguru",
        rule_options={
            "vague-message": {"min-words": 3},
            "ratio-rule": {"max-ratio": 1.0, "names": ("a", "b"), "style": "long", "strict": True},
            "production": {"paths": ("src/**",), "extend-paths": ("bin/*.py",)},
        },
        project_root=tmp_path,
        config_path=tmp_path / "pyproject.toml",
    )
    assert isinstance(settings.rule_options["ratio-rule"]["max-ratio"], float)


def test_logger_names_as_a_list(tmp_path: Path) -> None:
    assert load(tmp_path, 'logger-names = ["log", "app.log"]').logger_names == {"log": None, "app.log": None}


@pytest.mark.parametrize("name", ["loglint.toml", ".loglint.toml"])
def test_standalone_file_has_top_level_keys(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, 'select = ["LL1"]\n[vague-message]\nmin-words = 4\n')
    (tmp_path / "sub").mkdir()
    settings = load(tmp_path / "sub")
    assert settings.select == ("LL1",)
    assert settings.rule_options == {"vague-message": {"min-words": 4}}
    assert (settings.project_root, settings.config_path) == (tmp_path, path)


def test_project_root_is_the_config_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.loglint]\nfix = true\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    settings = load_settings(cwd=tmp_path / "a" / "b", rules=RULES)
    assert (settings.fix, settings.project_root, settings.config_path) == (True, tmp_path, tmp_path / "pyproject.toml")


def test_config_option_beats_discovery(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.loglint]\nfix = true\n")
    other = write(tmp_path / "conf" / "loglint.toml", 'output-format = "sarif"\n')
    settings = load(tmp_path, config_path=Path("conf/loglint.toml"))
    assert (settings.fix, settings.output_format) == (False, "sarif")
    assert (settings.project_root, settings.config_path) == (tmp_path / "conf", other)


def test_config_option_pyproject_without_table_gives_defaults(tmp_path: Path) -> None:
    path = write(tmp_path / "x" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert load(tmp_path, config_path=path) == Settings(project_root=tmp_path / "x", config_path=path)


def test_config_option_missing_file(tmp_path: Path) -> None:
    assert error(tmp_path, config_path=Path("nope.toml")) == f"--config: no such file: {tmp_path / 'nope.toml'}"


def test_isolated_reads_no_file(tmp_path: Path) -> None:
    settings = load(tmp_path, "fix = true\n", isolated=True)
    assert settings == Settings(project_root=tmp_path, config_path=None)


def test_isolated_and_config_conflict(tmp_path: Path) -> None:
    message = error(tmp_path, isolated=True, config_path=Path("x.toml"))
    assert message == "--config and --isolated cannot be used together"


def test_overrides_beat_the_file(tmp_path: Path) -> None:
    settings = load(tmp_path, """
select = ["LL3"]
extend-select = ["LL103"]
ignore = ["LL301"]
exclude = ["a"]
extend-exclude = ["b"]
fix = true
output-format = "json"
""", overrides={
        "select": ["ll1"], "extend_select": ["LL401"], "ignore": ("LL302",), "exclude": ["c"],
        "extend_exclude": ["d"], "fix": False, "output_format": "github", "unsafe_fixes": None,
    })
    assert settings.select == ("LL1",)
    assert settings.extend_select == ("LL103", "LL401")  # extend-* and ignore add up
    assert settings.ignore == ("LL301", "LL302")
    assert (settings.exclude, settings.extend_exclude) == (("c",), ("b", "d"))
    assert (settings.fix, settings.unsafe_fixes, settings.output_format) == (False, False, "github")


def test_output_formats_are_all_accepted(tmp_path: Path) -> None:
    for name in OUTPUT_FORMATS:
        assert load(tmp_path, overrides={"output_format": name}).output_format == name


# --- load_settings: errors ----------------------------------------------------------------


def test_broken_toml_names_file_line_and_column(tmp_path: Path) -> None:
    message = error(tmp_path, "fix = true\nselect = 3 3\n")
    assert message.startswith(f"{tmp_path / 'pyproject.toml'}: invalid TOML: ")
    assert message.endswith("(at line 3, column 12)")


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "loglint.toml").write_bytes(b"fix = true # \xff\n")
    assert error(tmp_path).startswith(f"{tmp_path / 'loglint.toml'}: not UTF-8 text: ")


def test_unknown_key_suggests_and_lists(tmp_path: Path) -> None:
    assert error(tmp_path, 'selct = ["LL1"]\n') == (
        f"{tmp_path / 'pyproject.toml'}: unknown key 'selct' in [tool.loglint]; did you mean 'select'? "
        "Valid keys: default-library, exclude, extend, extend-exclude, extend-fixable, extend-include, extend-select, "
        "fix, fixable, ignore, include, logger-names, output-format, per-file-ignores, production, ratio-rule, "
        "respect-gitignore, respect-peer-suppressions, select, unfixable, unsafe-fixes, vague-message"
    )


def test_unknown_key_without_a_close_match(tmp_path: Path) -> None:
    message = error(tmp_path, "zzz = 1\n")
    assert "unknown key 'zzz' in [tool.loglint]. Valid keys: default-library, " in message


def test_unknown_key_in_standalone_file(tmp_path: Path) -> None:
    write(tmp_path / "loglint.toml", "fixx = true\n")
    assert error(tmp_path).startswith(
        f"{tmp_path / 'loglint.toml'}: unknown key 'fixx'; did you mean 'fix'? Valid keys: default-library,"
    )


def test_unknown_rule_option(tmp_path: Path) -> None:
    message = error(tmp_path, "[tool.loglint.vague-message]\nmin-word = 3\n")
    assert message == (
        f"{tmp_path / 'pyproject.toml'}: unknown key 'min-word' in [tool.loglint.vague-message]; "
        "did you mean 'min-words'? Valid keys: min-words"
    )


def test_option_table_of_a_rule_without_options(tmp_path: Path) -> None:
    message = error(tmp_path, "[tool.loglint.off-by-default]\nx = 1\n")
    assert message.endswith("unknown key 'x' in [tool.loglint.off-by-default]. Valid keys: (none)")
    assert load(tmp_path, "[tool.loglint.off-by-default]\n").rule_options == {"off-by-default": {}}


def test_unknown_production_key(tmp_path: Path) -> None:
    message = error(tmp_path, "[tool.loglint.production]\npath = []\n")
    assert message.endswith("unknown key 'path' in [tool.loglint.production]; did you mean 'paths'? "
                            "Valid keys: extend-paths, paths")


@pytest.mark.parametrize(("toml", "expected"), [
    ('fix = "yes"', "tool.loglint.fix must be a boolean, got a string ('yes')"),
    ("unsafe-fixes = 1", "tool.loglint.unsafe-fixes must be a boolean, got an integer (1)"),
    ('select = "LL1"', "tool.loglint.select must be an array of strings, got a string ('LL1')"),
    ('ignore = ["LL1", 3]', "tool.loglint.ignore must be an array of strings, got an array containing an integer (3)"),
    ("exclude = {a = 1}", "tool.loglint.exclude must be an array of strings, got a table"),
    ("output-format = 2", "tool.loglint.output-format must be a string, got an integer (2)"),
    ('output-format = "jsn"', "tool.loglint.output-format must be one of text, concise, full, json, json-lines, "
                              "github, gitlab, sarif, junit, pylint, got 'jsn'; did you mean 'json'?"),
    ('default-library = "logbook"', "tool.loglint.default-library must be one of logging, loguru, structlog, "
                                    "got 'logbook'"),
    ('logger-names = "log"', "tool.loglint.logger-names must be an array of strings or a table of name = library, "
                             "got a string ('log')"),
    ('logger-names = {"app.log" = "loguro"}', 'tool.loglint.logger-names."app.log" must be one of logging, loguru, '
                                              "structlog, got 'loguro'; did you mean 'loguru'?"),
    ('per-file-ignores = ["x"]', "tool.loglint.per-file-ignores must be a table of glob = [codes], got an array"),
    ('per-file-ignores = {"t/*.py" = "LL1"}', 'tool.loglint.per-file-ignores."t/*.py" must be an array of strings, '
                                              "got a string ('LL1')"),
    ("vague-message = 3", "tool.loglint.vague-message must be a table, got an integer (3)"),
    ("vague-message.min-words = true", "tool.loglint.vague-message.min-words must be an integer, got a boolean (True)"),
    ('vague-message.min-words = "3"', "tool.loglint.vague-message.min-words must be an integer, got a string ('3')"),
    ("vague-message.min-words = 2.5", "tool.loglint.vague-message.min-words must be an integer, got a float (2.5)"),
    ('ratio-rule.max-ratio = "x"', "tool.loglint.ratio-rule.max-ratio must be a float, got a string ('x')"),
    ("ratio-rule.max-ratio = true", "tool.loglint.ratio-rule.max-ratio must be a float, got a boolean (True)"),
    ("ratio-rule.style = 1979-05-27", "tool.loglint.ratio-rule.style must be a string, got a date "
                                      "(datetime.date(1979, 5, 27))"),
    ("ratio-rule.strict = 0", "tool.loglint.ratio-rule.strict must be a boolean, got an integer (0)"),
    ("ratio-rule.names = [1]", "tool.loglint.ratio-rule.names must be an array of strings, "
                               "got an array containing an integer (1)"),
    ("production.paths = 'src'", "tool.loglint.production.paths must be an array of strings, got a string ('src')"),
])
def test_wrong_types(tmp_path: Path, toml: str, expected: str) -> None:
    assert error(tmp_path, toml + "\n") == f"{tmp_path / 'pyproject.toml'}: {expected}"


def test_tool_loglint_not_a_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "tool.loglint = 1\n")
    assert error(tmp_path) == f"{tmp_path / 'pyproject.toml'}: tool.loglint must be a table, got an integer (1)"


@pytest.mark.parametrize(("toml", "expected"), [
    ('select = ["LL3O1"]', "unknown rule code or prefix 'LL3O1' in tool.loglint.select; did you mean 'LL301'?"),
    ('extend-select = ["ll308"]', "unknown rule code or prefix 'LL308' in tool.loglint.extend-select; "
                                  "did you mean 'LL307'?"),
    ('ignore = ["vague-mesage"]', "unknown rule code or prefix 'VAGUE-MESAGE' in tool.loglint.ignore; "
                                  "did you mean 'LL101'?"),
    ('ignore = [""]', "unknown rule code or prefix '' in tool.loglint.ignore; "
                      "valid prefixes include ALL, LL1, LL3, LL4"),
    ('per-file-ignores = {"tests/*.py" = ["LL1", "X9"]}',
     "unknown rule code or prefix 'X9' in tool.loglint.per-file-ignores.\"tests/*.py\"; "
     "valid prefixes include ALL, LL1, LL3, LL4"),
])
def test_unknown_codes(tmp_path: Path, toml: str, expected: str) -> None:
    assert error(tmp_path, toml + "\n") == f"{tmp_path / 'pyproject.toml'}: {expected}"


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"select": ["LL3O1"]}, "unknown rule code or prefix 'LL3O1' in --select; did you mean 'LL301'?"),
    ({"ignore": ["LL9"]}, "unknown rule code or prefix 'LL9' in --ignore; valid prefixes include ALL, LL1, LL3, LL4"),
    ({"fix": "yes"}, "--fix must be a boolean, got a string ('yes')"),
    ({"output_format": "jsonl"}, "--output-format must be one of text, concise, full, json, json-lines, github, "
                                 "gitlab, sarif, junit, pylint, got 'jsonl'; did you mean 'json'?"),
    ({"selct": ["LL1"]}, "unknown key 'selct'; did you mean 'select'? Valid keys: default-library, exclude, "
                         "extend-exclude, extend-fixable, extend-include, extend-select, fix, fixable, ignore, include, "
                         "logger-names, output-format, per-file-ignores, respect-gitignore, respect-peer-suppressions, "
                         "select, unfixable, unsafe-fixes"),
])
def test_override_errors_name_the_option(tmp_path: Path, overrides: Dict[str, Any], expected: str) -> None:
    assert error(tmp_path, overrides=overrides) == expected


# --- selection ----------------------------------------------------------------------------


def test_default_selection() -> None:
    assert selection() == DEFAULT_CODES


@pytest.mark.parametrize(("selectors", "expected"), [
    (["LL3"], LL3),
    (["ll301"], {"LL301"}),
    (["LL"], ALL_CODES),
    (["ALL"], ALL_CODES),
    (["all"], ALL_CODES),
    (["LL1"], {"LL101", "LL103"}),
    (["LL30", "LL401"], LL3 | {"LL401"}),
])
def test_expand_codes(selectors: list[str], expected: frozenset[str]) -> None:
    assert expand_codes(selectors, RULES) == expected


def test_expand_codes_unknown() -> None:
    with pytest.raises(ConfigError) as info:
        expand_codes(["LL3", "LL3011"], RULES)
    assert str(info.value) == "unknown rule code or prefix 'LL3011'; did you mean 'LL301'?"


@pytest.mark.parametrize(("fields", "expected"), [
    ({"select": ("LL3",)}, LL3),
    ({"select": ()}, frozenset()),
    ({"select": ("LL",)}, ALL_CODES),
    ({"select": ("ALL",), "ignore": ("LL",)}, frozenset()),  # LL is more specific than ALL
    ({"select": ("LL",), "ignore": ("ALL",)}, ALL_CODES),
    ({"extend_select": ("LL103",)}, ALL_CODES),
    ({"ignore": ("LL3",), "select": ("LL301",)}, {"LL301"}),  # the more specific select wins
    ({"ignore": ("LL3",), "extend_select": ("LL301",)}, DEFAULT_CODES - LL3 | {"LL301"}),
    ({"select": ("LL3",), "ignore": ("LL301",)}, LL3 - {"LL301"}),  # the more specific ignore wins
    ({"select": ("LL301",), "ignore": ("LL301",)}, frozenset()),  # ties go to ignore
    ({"select": ("LL30",), "extend_select": ("LL3",), "ignore": ("LL30",)}, frozenset()),
    ({"ignore": ("ALL",)}, frozenset()),
    ({"ignore": ("all",), "extend_select": ("ll4",)}, {"LL401"}),
])
def test_resolve_selection(fields: Dict[str, Any], expected: frozenset[str]) -> None:
    assert selection(**fields) == expected


# --- per-file-ignores ---------------------------------------------------------------------


@pytest.mark.parametrize(("glob", "matching", "not_matching"), [
    ("tests/*.py", ["tests/test_a.py"], ["tests/sub/x.py", "src/tests/test_a.py", "tests.py"]),
    ("tests/*", ["tests/test_a.py", "tests/sub/x.py"], ["src/tests/test_a.py"]),
    ("tests/", ["tests/a.py", "a/tests/b.py"], ["tests.py", "testsx/a.py"]),
    ("/tests", ["tests/a.py"], ["a/tests/b.py"]),
    ("**/test_*.py", ["test_a.py", "a/b/test_c.py"], ["a/b/c_test.py", "test_a.pyi"]),
    ("conftest.py", ["conftest.py", "a/b/conftest.py"], ["a/conftest.pyi", "xconftest.py"]),
    ("src/**/gen_*.py", ["src/gen_a.py", "src/a/b/gen_c.py"], ["gen_a.py", "lib/src/gen_a.py"]),
    ("docs/**", ["docs/a.py", "docs/a/b.py"], ["docs.py"]),
    ("*.pyi", ["a.pyi", "x/y/b.pyi"], ["a.py"]),
    ("m?d_[a-c].py", ["mod_a.py", "x/mid_c.py"], ["mod_d.py", "m/d_a.py"]),
    ("[!a]*.py", ["b.py", "x/c.py"], ["a.py", "x/abc.py"]),
])
def test_ignored_for_path_globbing(glob: str, matching: list[str], not_matching: list[str]) -> None:
    settings = Settings(per_file_ignores={glob: ("LL1",)})
    for path in matching:
        assert ignored_for_path(settings, path) == ("LL1",), path
    for path in not_matching:
        assert ignored_for_path(settings, path) == (), path


def test_ignored_for_path_collects_every_matching_glob_once() -> None:
    settings = Settings(per_file_ignores={
        "tests/*.py": ("LL1", "LL301"), "**/test_*.py": ("LL301", "LL4"), "src/*": ("LL103",),
    })
    assert ignored_for_path(settings, "tests/test_x.py") == ("LL1", "LL301", "LL4")
    assert ignored_for_path(settings, "src/test_x.py") == ("LL301", "LL4", "LL103")
    assert ignored_for_path(settings, "lib/x.py") == ()


def test_default_exclude_is_kept_unless_replaced(tmp_path: Path) -> None:
    assert load(tmp_path, 'extend-exclude = ["x"]').exclude == DEFAULT_EXCLUDE
