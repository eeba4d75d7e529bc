"""Jupyter notebooks: code cells joined and masked, findings in cells, fixes written into
them byte for byte; through the real command line where it is about the CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import nbformat
import pytest

from loglint import runner
from loglint.cache import ResultCache, settings_key
from loglint.catalog import CATALOG
from loglint.config import load_settings
from loglint.discovery import discover
from loglint.notebook import BOUNDARY, NotebookError, read
from loglint.registry import rule_infos
from loglint.runner import RunOptions, run_files

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

# The notebook most tests use: markdown, magics, a shell escape, help, a cell magic, an
# image output; `log` is made in cell 2 and used in cell 4 (cell 3 is a %%time cell).
CELLS: List[Tuple[str, str]] = [
    ("markdown", "# Training\nWe log with `log.info(f\"...\")` here."),
    ("code", "%matplotlib inline\nimport logging\n!pip install -q numpy\nlog = logging.getLogger(__name__)"),
    ("code", "%%time\nlog.info(f\"not linted {1}\")"),
    ("code", "epoch = 3\nlog?\nlog.info(\"epoch %d\" % (epoch,))\nlog.warn(\"loss is %s\", 0.5)\n"),
]


def make(cells: Sequence[Tuple[str, str]] = CELLS, language: str = "python", image: bool = True) -> str:
    """A notebook as Jupyter writes it (nbformat: indent 1, sorted keys, sources as lists)."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": language}
    notebook.metadata["language_info"] = {"name": language, "version": "3.12.1"}
    for number, (kind, source) in enumerate(cells, 1):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source, id=f"cell-{number}")
        else:
            cell = nbformat.v4.new_code_cell(source, id=f"cell-{number}", execution_count=number)
            if image:
                cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]
        notebook.cells.append(cell)
    return str(nbformat.writes(notebook))


def run(args: Sequence[str], cwd: Path, stdin: Optional[bytes] = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "LOGLINT_OUTPUT_FORMAT")}
    proc = subprocess.run([LOGLINT, *args], cwd=cwd, input=stdin, capture_output=True, env=env, timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.loglint]\n")
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def valid(path: Path) -> None:
    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=nbformat.NO_CONVERT))


def lines(output: str) -> List[str]:
    return [line for line in output.splitlines() if line and not line.startswith(("Found", "(", "Fixed"))]


# -- reading: cells joined, IPython syntax masked ------------------------------------------


def test_ipython_syntax_is_masked_line_for_line() -> None:
    source = (
        "%load_ext autoreload\n"
        "import logging\n"
        "files = !ls\n"
        "timing = %timeit -o sum(range(9))\n"
        "logging.getLogger?\n"
        "??logging\n"
        "for name in files:\n"
        "    !echo {name} \\\n"
        "        more\n"
        "    print(name)  # what?\n"
        "text = '''\n"
        "%not a magic\n"
        "!nor a shell\n"
        "'''\n"
        "call(1,\n"
        "     2)\n"
        "/print 1"
    )
    notebook = read(make([("code", source)]).encode())
    mask = "pass  # IPython syntax {}, masked"
    assert notebook.text == (
        f"{mask.format(0)}\n"
        "import logging\n"
        f"{mask.format(1)}\n"
        f"{mask.format(2)}\n"
        f"{mask.format(3)}\n"
        f"{mask.format(4)}\n"
        "for name in files:\n"
        f"    {mask.format(5)}\n"
        f"        {mask.format(6)}\n"
        "    print(name)  # what?\n"
        "text = '''\n"
        "%not a magic\n"
        "!nor a shell\n"
        "'''\n"
        "call(1,\n"
        "     2)\n"
        f"{mask.format(7)}\n"
    )


def test_cells_are_joined_with_a_boundary_and_rows_map_back() -> None:
    notebook = read(make().encode())
    assert notebook.text.split("\n") == [
        "pass  # IPython syntax 0, masked",
        "import logging",
        "pass  # IPython syntax 1, masked",
        "log = logging.getLogger(__name__)",
        BOUNDARY,
        "epoch = 3",
        "pass  # IPython syntax 0, masked",
        'log.info("epoch %d" % (epoch,))',
        'log.warn("loss is %s", 0.5)',
        "",
    ]
    assert [notebook.locate(line) for line in range(1, 10)] == [
        (2, 1), (2, 2), (2, 3), (2, 4), (2, 5), (4, 1), (4, 2), (4, 3), (4, 4),
    ]


@pytest.mark.parametrize(
    "data, message, position",
    [
        (b'{"cells": [}', "notebook is not valid JSON: Expecting value", (1, 12)),
        (b"[]", "not a Jupyter notebook: the JSON is not an object", (1, 1)),
        (b'{"cells": []}', "not a Jupyter notebook: no `nbformat` version", (1, 1)),
        (b'{"nbformat": 4, "cells": {}}', "not a Jupyter notebook: no `cells` list", (1, 1)),
        (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 1}]}',
         "not a Jupyter notebook: the source of cell 1 is not text", (1, 1)),
        (b'{"nbformat": 3, "worksheets": []}',
         "notebook format 3 is not supported (4 or later is): `jupyter nbconvert --to notebook --inplace` converts it", (1, 1)),
        (b'{"nbformat": 4, "cells": ["\xff"]}', "cannot decode notebook: byte 0xff at offset 27 is not UTF-8", (1, 1)),
    ],
)
def test_what_is_no_notebook_says_why(data: bytes, message: str, position: Tuple[int, int]) -> None:
    with pytest.raises(NotebookError) as raised:
        read(data)
    assert (str(raised.value), raised.value.line, raised.value.column) == (message, *position)


def test_other_kernels_and_cells_in_other_languages_are_not_linted() -> None:
    assert read(make([("code", "log.info(f'{x}')")], language="R").encode()).text == ""
    notebook = json.loads(make([("code", "SELECT 1"), ("code", "log.info(f'{x}')")]))
    notebook["cells"][0]["metadata"]["vscode"] = {"languageId": "sql"}
    assert read(json.dumps(notebook).encode()).text == "log.info(f'{x}')\n"


# -- through the command line -----------------------------------------------------------


def test_findings_name_the_cell(project: Path) -> None:
    write(project, "train.ipynb", make())
    result = run(["train.ipynb"], project)
    assert result.returncode == 1, result.stderr
    assert lines(result.stdout) == [
        "train.ipynb:cell 4:3:10: LL302 [*] %-formatting in logging call formats the message even when the level is disabled; "
        "pass values as arguments",
        "train.ipynb:cell 4:4:5: LL206 [*] `.warn()` is a deprecated alias of `.warning()`",
    ]


def test_names_of_earlier_cells_are_known(project: Path) -> None:
    """`log` of cell 2 is a certain logging logger in cell 4: its fixes are safe ([*] above);
    alone, cell 4's `log` would be a guess, and the same fixes unsafe."""
    write(project, "alone.ipynb", make([CELLS[3]]))
    result = run(["alone.ipynb"], project)
    assert [line.split(": ")[1].split(" ")[:2] for line in lines(result.stdout)] == [["LL302", "%-formatting"], ["LL206", "`.warn()`"]]
    assert "[*]" not in result.stdout


def test_json_has_the_cell_and_rows_of_the_cell(project: Path) -> None:
    write(project, "train.ipynb", make())
    found = json.loads(run(["--output-format", "json", "train.ipynb"], project).stdout)
    assert [(f["cell"], f["location"], f["end_location"], f["noqa_row"], f["code"]) for f in found] == [
        (4, {"row": 3, "column": 10}, {"row": 3, "column": 31}, 3, "LL302"),
        (4, {"row": 4, "column": 5}, {"row": 4, "column": 9}, 4, "LL206"),
    ]
    assert [(e["location"], e["end_location"], e["content"]) for e in found[1]["fix"]["edits"]] == [
        ({"row": 4, "column": 5}, {"row": 4, "column": 9}, "warning"),
    ]


def test_formats_that_point_at_lines_of_the_file_use_line_1_and_name_the_cell(project: Path) -> None:
    write(project, "train.ipynb", make([("code", "import logging\nlogging.warn('x')")]))
    message = "`.warn()` is a deprecated alias of `.warning()`"
    github = run(["--select", "LL206", "--output-format", "github", "train.ipynb"], project).stdout
    assert github == f"::warning title=loglint (LL206),file=train.ipynb,line=1::cell 1:2:9: LL206 {message}\n"
    pylint = run(["--select", "LL206", "--output-format", "pylint", "train.ipynb"], project).stdout
    assert pylint == f"train.ipynb:1: [LL206] cell 1:2:9: {message}\n"
    gitlab = json.loads(run(["--select", "LL206", "--output-format", "gitlab", "train.ipynb"], project).stdout)
    assert [(i["description"], i["location"]) for i in gitlab] == [
        (f"LL206: cell 1:2:9: {message}", {"path": "train.ipynb", "lines": {"begin": 1, "end": 1}}),
    ]
    sarif = json.loads(run(["--select", "LL206", "--output-format", "sarif", "train.ipynb"], project).stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["message"] == {"text": f"cell 1:2:9: {message}"} and "fixes" not in result
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}
    junit = run(["--select", "LL206", "--output-format", "junit", "train.ipynb"], project).stdout
    assert '<testcase name="LL206 at cell 1:2:9" classname="train" file="train.ipynb" line="1">' in junit
    assert f">train.ipynb:cell 1:2:9: LL206 {message}</failure>" in junit.replace("&#96;", "`")


def test_full_shows_the_lines_of_the_cell(project: Path) -> None:
    write(project, "train.ipynb", make([("code", "import logging\nlogging.warn('x')")]))
    shown = run(["--select", "LL206", "--output-format", "full", "train.ipynb"], project).stdout
    assert shown.splitlines()[:9] == [
        "train.ipynb:cell 1:2:9: LL206 [*] `.warn()` is a deprecated alias of `.warning()`",
        "  |",
        "1 | import logging",  # context from the cell's own lines only
        "2 | logging.warn('x')",
        "  |         ^^^^",
        "  |",
        "  = help: Use `.warning()`",
        "2 - logging.warn('x')",
        "2 + logging.warning('x')",
    ]


def _json_line(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def test_fix_changes_only_the_source_lines(project: Path) -> None:
    before = make()
    path = write(project, "train.ipynb", before)
    result = run(["--fix", "train.ipynb"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Fixed 2 problems." in result.stdout
    expected = before.replace(
        _json_line('log.info("epoch %d" % (epoch,))\n'), _json_line('log.info("epoch %d", epoch)\n')
    ).replace(_json_line('log.warn("loss is %s", 0.5)\n'), _json_line('log.warning("loss is %s", 0.5)\n'))
    assert expected != before
    assert path.read_text(encoding="utf-8") == expected
    valid(path)
    assert run(["train.ipynb"], project).stdout == "All checks passed!\n"


def test_masked_lines_and_cells_not_fixed_stay_as_they_were(project: Path) -> None:
    cells = [
        ("code", "import logging\nlog = logging.getLogger()\n!pip install x\nlog.warn('a')"),
        ("code", "%time log.warn('in a magic: not linted')\nlog.warning('fine')"),
        ("code", "for i in range(2):\n    %time f(i)\n    log.warn('b')\n"),
    ]
    before = make(cells)
    path = write(project, "n.ipynb", before)
    assert run(["--fix", "--select", "LL206", "n.ipynb"], project).returncode == 0
    after = path.read_text(encoding="utf-8")
    assert after == before.replace('"log.warn(\'a\')"', '"log.warning(\'a\')"').replace(
        '"    log.warn(\'b\')\\n"', '"    log.warning(\'b\')\\n"'
    )
    assert after != before
    valid(path)


def _layouts() -> List[Tuple[str, Any]]:
    """Notebooks as other writers leave them: indent 2 with keys in their own order,
    sources as strings, CRLF, no final newline, non-ASCII escaped (ensure_ascii)."""
    document: Dict[str, Any] = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"language_info": {"name": "python"}},
        "cells": [
            {"id": "a", "cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
             "source": "import logging\nlogging.warn('café')\n"},
            {"id": "b", "cell_type": "code", "execution_count": 7, "metadata": {"tags": ["x"]}, "outputs": [],
             "source": ["logging.warn(\n", "    'été'\n", ")"]},
        ],
    }
    return [
        ("indent 2, strings", json.dumps(document, indent=2) + "\n"),
        ("no final newline, ensure_ascii=False", json.dumps(document, indent=1, ensure_ascii=False)),
        ("crlf", json.dumps(document, indent=1).replace("\n", "\r\n") + "\r\n"),
        ("compact", json.dumps(document, separators=(",", ":"))),
    ]


@pytest.mark.parametrize("name, text", _layouts(), ids=[name for name, _ in _layouts()])
def test_fix_keeps_each_writers_layout(project: Path, name: str, text: str) -> None:
    path = write(project, "n.ipynb", text)
    assert run(["--fix", "--select", "LL206", "n.ipynb"], project).returncode == 0
    after = path.read_bytes().decode("utf-8")
    assert after == text.replace("logging.warn(", "logging.warning(")
    document = json.loads(after)
    assert isinstance(document["cells"][0]["source"], str) and isinstance(document["cells"][1]["source"], list)
    valid(path)


def test_a_byte_order_mark_is_kept() -> None:
    """Jupyter writes none (and nbformat cannot read one), but an editor may have."""
    text = "\ufeff" + make([("code", "import logging\nlogging.warn('x')")])
    notebook = read(text.encode("utf-8"))
    fixed = notebook.rewrite(notebook.text.replace(".warn(", ".warning("))
    assert fixed == text.replace(".warn(", ".warning(").encode("utf-8")


def test_a_lone_surrogate_stays_escaped() -> None:
    """It cannot be written as UTF-8: the cell's new source escapes it, as the file did."""
    document = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["import logging\n", "logging.warn('\ud800 é')"]},
    ]}
    text = json.dumps(document, indent=1, ensure_ascii=False).replace("\ud800", "\\ud800")
    notebook = read(text.encode("utf-8"))
    fixed = notebook.rewrite(notebook.text.replace(".warn(", ".warning("))
    assert fixed == text.replace('"logging.warn(\'\\ud800 é\')"', '"logging.warning(\'\\ud800 \\u00e9\')"').encode("utf-8")


def test_diff_shows_the_source_lines_and_writes_nothing(project: Path) -> None:
    before = make([("code", "import logging\nlogging.warn('x')")])
    path = write(project, "n.ipynb", before)
    result = run(["--diff", "--select", "LL206", "n.ipynb"], project)
    assert result.returncode == 1
    changed = [line for line in result.stdout.splitlines() if line.startswith(("-", "+"))]
    assert changed == ["--- a/n.ipynb", "+++ b/n.ipynb", '-    "logging.warn(\'x\')"', '+    "logging.warning(\'x\')"']
    assert path.read_text() == before


def test_stdin_notebook_fixed_to_stdout(project: Path) -> None:
    before = make([("code", "import logging\nlogging.warn('x')")])
    result = run(["--fix", "-", "--stdin-filename", "n.ipynb"], project, stdin=before.encode())
    assert result.stdout == before.replace("logging.warn(", "logging.warning(")
    nbformat.validate(nbformat.reads(result.stdout, as_version=nbformat.NO_CONVERT))


def test_noqa_in_a_cell_and_add_noqa(project: Path) -> None:
    cells = [("code", "import logging\nlog = logging.getLogger()"),
             ("code", "log.info(f'a {1}')  # noqa: LL301\nlog.info(f'b {2}')\nlog.info(\n    'c ' + str(3))")]
    before = make(cells)
    path = write(project, "n.ipynb", before)
    assert [line.split(": ")[0] for line in lines(run(["n.ipynb"], project).stdout)] == [
        "n.ipynb:cell 2:2:10", "n.ipynb:cell 2:4:5",
    ]
    added = run(["--add-noqa", "n.ipynb"], project)
    assert added.stderr == "Added 2 noqa directives.\n"
    assert path.read_text() == before.replace(
        '"log.info(f\'b {2}\')\\n"', '"log.info(f\'b {2}\')  # noqa: LL301\\n"'
    ).replace('"    \'c \' + str(3))"', '"    \'c \' + str(3))  # noqa: LL304"')
    valid(path)
    assert run(["n.ipynb"], project).stdout == "All checks passed!\n"


def test_a_file_noqa_in_a_cell_silences_the_notebook(project: Path) -> None:
    write(project, "n.ipynb", make([("code", "import logging\nlogging.warn('x')"), ("code", "# loglint: noqa: LL206")]))
    assert run(["--select", "LL206", "n.ipynb"], project).stdout == "All checks passed!\n"


def test_errors_of_notebooks(project: Path) -> None:
    write(project, "broken.ipynb", '{"cells": [\n  {"log": 1,}\n]}')
    write(project, "old.ipynb", '{"nbformat": 3, "worksheets": [{"cells": [{"input": "log.info(x)"}]}]}')
    write(project, "syntax.ipynb", make([("code", "import logging"), ("code", "logging.info('x')\ndef f(:\n    pass")]))
    result = run(["broken.ipynb", "old.ipynb", "syntax.ipynb"], project)
    assert result.returncode == 1
    with pytest.raises(json.JSONDecodeError) as invalid:  # the json module's words, which change with Python (3.13)
        json.loads((project / "broken.ipynb").read_text())
    assert (invalid.value.lineno, invalid.value.colno) in ((2, 12), (2, 13))
    assert lines(result.stdout) == [
        f"broken.ipynb:2:{invalid.value.colno}: LL000 notebook is not valid JSON: {invalid.value.msg}",
        "old.ipynb:1:1: LL000 notebook format 3 is not supported (4 or later is): `jupyter nbconvert --to notebook --inplace` converts it",
        "syntax.ipynb:cell 2:2:7: LL000 syntax error: invalid syntax",
    ]
    found = json.loads(run(["--output-format", "json", "syntax.ipynb"], project).stdout)
    assert [(f["cell"], f["location"]) for f in found] == [(2, {"row": 2, "column": 7})]


def test_a_notebook_without_log_in_its_code_is_skipped(project: Path) -> None:
    """As a .py file without `log` is: never parsed, so not even its syntax error is reported,
    whatever its markdown and outputs say."""
    document = json.loads(make([("markdown", "log.info(f'{x}')"), ("code", "%time f()\ndef f(:\n    print('hi')"), ("code", "!ls")]))
    document["cells"][1]["outputs"].append(nbformat.v4.new_output("stream", text="INFO:root:logged\n"))
    write(project, "quiet.ipynb", json.dumps(document))
    assert run(["quiet.ipynb"], project).stdout == "All checks passed!\n"
    write(project, "loud.ipynb", make([("code", "def f(:\n    log")]))
    assert lines(run(["loud.ipynb"], project).stdout) == ["loud.ipynb:cell 1:1:7: LL000 syntax error: invalid syntax"]


def test_folders_are_walked_for_notebooks_and_excludes_apply(project: Path) -> None:
    write(project, "a.py", "import logging\nlogging.warn('x')\n")
    write(project, "notebooks/train.ipynb", make([("code", "import logging\nlogging.warn('x')")]))
    write(project, "notebooks/scratch/draft.ipynb", make([("code", "import logging\nlogging.warn('y')")]))
    shown = run(["--show-files"], project)
    assert shown.stdout.splitlines() == ["a.py", "notebooks/scratch/draft.ipynb", "notebooks/train.ipynb"]
    assert [line.split(": ")[0] for line in lines(run(["--no-cache", "--select", "LL206"], project).stdout)] == [
        "a.py:2:9", "notebooks/scratch/draft.ipynb:cell 1:2:9", "notebooks/train.ipynb:cell 1:2:9",
    ]
    (project / "pyproject.toml").write_text('[tool.loglint]\nextend-exclude = ["scratch/"]\n')
    assert run(["--show-files"], project).stdout.splitlines() == [
        "a.py", "notebooks/train.ipynb", "", "Excluded:", "  notebooks/scratch/  (`scratch/` in extend-exclude)",
    ]
    (project / "pyproject.toml").write_text('[tool.loglint]\nextend-exclude = ["*.ipynb"]\n')
    assert run(["--show-files", "notebooks"], project).stdout.splitlines()[0] == ""


def test_imports_resolve_from_the_notebooks_folder_and_the_project(project: Path) -> None:
    write(project, "app/__init__.py", "")
    write(project, "app/logs.py", "from loguru import logger\n")
    write(project, "notebooks/helpers.py", "import structlog\nlog = structlog.get_logger()\n")
    write(project, "notebooks/explore.ipynb", make([
        ("code", "from app.logs import logger\nfrom helpers import log"),
        ("code", "logger.info('loss %s', 0.5)\nlog.info('loss %s', 0.5)"),
    ]))
    shown = run(["--show-loggers", "notebooks/explore.ipynb"], project)
    assert [re.split(" {2,}", line)[:3] for line in shown.stdout.splitlines()] == [
        ["notebooks/explore.ipynb:cell 2:1:1", "logger", "loguru"],
        ["notebooks/explore.ipynb:cell 2:2:1", "log", "structlog"],
    ]
    uses = json.loads(run(["--show-loggers", "--output-format", "json", "notebooks/explore.ipynb"], project).stdout)
    assert [(use["cell"], use["line"], use["column"], use["library"]) for use in uses] == [(2, 1, 1, "loguru"), (2, 2, 1, "structlog")]
    found = json.loads(run(["--output-format", "json", "--select", "LL306", "notebooks/explore.ipynb"], project).stdout)
    assert [(f["cell"], f["location"]["row"], f["code"]) for f in found] == [(2, 1, "LL306")]


def test_cells_are_kept_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "n.ipynb", make())
    settings = load_settings(cwd=tmp_path, rules=rule_infos(), isolated=True, overrides={"select": ("LL",)})
    files, _ = discover(["."], settings, tmp_path)
    triggers = [t for spec in CATALOG for t in spec.triggers]

    def once() -> List[Tuple[Optional[int], int, int, str]]:
        cache = ResultCache(tmp_path / ".cache", settings_key(settings, False))
        [result] = run_files(files, settings, RunOptions(jobs=1), triggers, cache)
        return [(f.cell, f.line, f.column, f.code) for f in result.findings]

    first = once()
    assert first == [(4, 3, 10, "LL302"), (4, 4, 5, "LL206")]

    def no_engine(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("linted again")

    monkeypatch.setattr(runner, "_new_engine", no_engine)
    assert once() == first
