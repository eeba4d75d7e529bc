"""The libcst floor: parse files with ``libcst.parse_module`` in one process, nothing else.

    python benchmarks/libcst_floor.py all|filtered [--config FILE] PATH...

Run it with loglint's interpreter (``run.py`` does). The files are the ones loglint
itself would check (its own discovery, so excludes and ``.gitignore`` agree); with
``filtered``, only those that loglint's byte-level pre-filter lets through. The engine
behind the pre-filter is built the way ``loglint.cli`` builds it. Prints one JSON line:
``{"files": N, "parsed": N, "syntax_errors": N}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional

import libcst

from loglint.config import load_settings
from loglint.discovery import discover
from loglint.engine import Engine
from loglint.registry import rule_infos


def parse_files(paths: List[str], config: Optional[Path], filtered: bool) -> Dict[str, int]:
    """Parse every discovered file (or every one the pre-filter keeps); count the outcomes."""
    cwd = Path.cwd()
    settings = load_settings(cwd=cwd, rules=rule_infos(), config_path=config)
    files, errors = discover(paths, settings, cwd)
    for message in errors:
        print(f"libcst_floor: {message}", file=sys.stderr)
    engine = Engine(settings) if filtered else None
    parsed = syntax_errors = 0
    for file in files:
        data = file.path.read_bytes()
        if engine is not None and not engine.may_have_findings(data):
            continue
        parsed += 1
        try:
            libcst.parse_module(data)
        except libcst.ParserSyntaxError:
            syntax_errors += 1
    return {"files": len(files), "parsed": parsed, "syntax_errors": syntax_errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mode", choices=("all", "filtered"))
    parser.add_argument("--config", type=Path, help="loglint configuration file (as `loglint --config`)")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    print(json.dumps(parse_files(args.paths, args.config, args.mode == "filtered")))


if __name__ == "__main__":
    main()
