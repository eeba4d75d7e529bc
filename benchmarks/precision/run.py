#!/usr/bin/env python3
"""Precision of loglint's rules on pinned real packages, judged finding by finding.

    python benchmarks/precision/run.py [--split test|tune|all] [--loglint PATH]
                                       [--dir DIR] [--json]

Fetches the packages of ``packages.toml`` from PyPI (``pip download --no-deps``, wheel or
sdist; only their ``.py`` files are kept, in ``DIR/name==version/``, default
``.bench/precision/``), runs loglint over each with default settings (``--isolated
--no-cache``; the rules off by default, LL101, LL102, LL103, LL201, LL205, LL401 and LL602, in a second
run), and matches every finding against ``labels.tsv`` by (package==version, path, line, code). Prints, per split
and rule: findings, labelled, TP, FP and precision over the labelled ones; then the
findings that have no label yet, to review; then the labels that no finding matches any
more (a finding lost). Exit 2 on bad input (a malformed packages or labels file, no
loglint, a failed download), 0 otherwise, whatever the precision. Standard library only
(and tomli on Python < 3.11). See README.md beside this file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python < 3.11
    import tomli as tomllib

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent.parent
PACKAGES = BENCH_DIR / "packages.toml"
LABELS = BENCH_DIR / "labels.tsv"
DEFAULT_DIR = REPO / ".bench" / "precision"
SPLITS = ("tune", "test")
VERDICTS = ("TP", "FP")
LIBRARIES = ("stdlib", "loguru", "structlog")
# Rules off by default (switched off for the precision they showed here), run together
# in a second run and reported apart from the default set.
OFF_BY_DEFAULT = ("LL101", "LL102", "LL103", "LL201", "LL205", "LL401", "LL602")
COMPLETE = ".complete"  # written once a package's files are all extracted

Key = Tuple[str, str, int, str]  # package==version, path, line, code


class BadInput(Exception):
    """A problem with what the benchmark was given: reported in one line, exit 2."""


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    split: str
    uses: Tuple[str, ...]
    kind: str

    @property
    def pin(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass(frozen=True)
class Label:
    key: Key
    verdict: str
    reason: str


@dataclass(frozen=True)
class Finding:
    package: Package
    path: str  # relative to the package's folder, with forward slashes
    line: int
    column: int
    code: str
    message: str

    @property
    def key(self) -> Key:
        return (self.package.pin, self.path, self.line, self.code)


# -- inputs --------------------------------------------------------------------------------


def load_packages(path: Path) -> List[Package]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BadInput(f"{path}: {error}") from None
    entries = data.get("package")
    if not isinstance(entries, list) or not entries:
        raise BadInput(f"{path}: no [[package]] entries")
    packages: List[Package] = []
    for index, entry in enumerate(entries, 1):
        where = f"{path}: package {index}"
        if not isinstance(entry, dict):
            raise BadInput(f"{where}: not a table")
        for key in ("name", "version", "split", "kind"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise BadInput(f"{where}: `{key}` must be a non-empty string")
        if entry["split"] not in SPLITS:
            raise BadInput(f"{where}: split {entry['split']!r} is not one of {', '.join(SPLITS)}")
        uses = entry.get("uses")
        if not isinstance(uses, list) or not uses or any(u not in LIBRARIES for u in uses):
            raise BadInput(f"{where}: `uses` must be a list of {', '.join(LIBRARIES)}")
        packages.append(Package(entry["name"], entry["version"], entry["split"], tuple(uses), entry["kind"]))
    pins = Counter(p.pin for p in packages)
    twice = [pin for pin, count in pins.items() if count > 1]
    if twice:
        raise BadInput(f"{path}: {twice[0]} is listed twice")
    return packages


def load_labels(path: Path) -> Dict[Key, Label]:
    """``package==version TAB path TAB line TAB code TAB TP|FP TAB reason``; ``#`` starts a comment line."""
    if not path.exists():
        return {}
    labels: Dict[Key, Label] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: {error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{path}:{number}"
        if len(fields) != 6:
            raise BadInput(f"{where}: expected 6 tab-separated fields, got {len(fields)}")
        pin, file, row, code, verdict, reason = fields
        if "==" not in pin:
            raise BadInput(f"{where}: {pin!r} is not package==version")
        if not row.isdigit():
            raise BadInput(f"{where}: line {row!r} is not a number")
        if verdict not in VERDICTS:
            raise BadInput(f"{where}: verdict {verdict!r} is not TP or FP")
        if not reason.strip():
            raise BadInput(f"{where}: no reason given")
        key: Key = (pin, file, int(row), code)
        if key in labels:
            raise BadInput(f"{where}: {pin} {file}:{row} {code} is labelled twice")
        labels[key] = Label(key, verdict, reason)
    return labels


# -- fetching ------------------------------------------------------------------------------


def package_dir(root: Path, package: Package) -> Path:
    return root / package.pin


def fetch(package: Package, root: Path) -> Path:
    """The package's folder of ``.py`` files, downloaded and extracted the first time."""
    folder = package_dir(root, package)
    if (folder / COMPLETE).exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)  # an extraction that did not finish
    with tempfile.TemporaryDirectory() as download:
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--prefer-binary",
            "--ignore-requires-python", "--dest", download, package.pin,
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        archives = sorted(Path(download).iterdir())
        if result.returncode != 0 or len(archives) != 1:
            last = (result.stderr.strip().splitlines() or ["no file downloaded"])[-1]
            raise BadInput(f"could not download {package.pin}: {last}")
        folder.mkdir(parents=True)
        extract_python_files(archives[0], folder)
    (folder / COMPLETE).write_text(package.pin + "\n", encoding="utf-8")
    return folder


def extract_python_files(archive: Path, folder: Path) -> None:
    """The ``.py`` members of a wheel or an sdist, under ``folder`` (an sdist's top folder dropped)."""
    members: Iterable[Tuple[str, bytes]]
    if archive.suffix == ".whl" or archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as wheel:
            members = [(name, wheel.read(name)) for name in wheel.namelist() if name.endswith(".py")]
        strip = archive.suffix == ".zip"
    else:
        with tarfile.open(archive) as sdist:
            members = []
            for member in sdist.getmembers():
                handle = sdist.extractfile(member) if member.isfile() and member.name.endswith(".py") else None
                if handle is not None:
                    members.append((member.name, handle.read()))
        strip = True
    for name, data in members:
        parts = PurePosixPath(name).parts[1 if strip else 0:]
        if not parts or any(part in ("", ".", "..") for part in parts):
            continue  # nothing is written outside the package's folder
        target = folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


# -- running loglint -----------------------------------------------------------------------


def run_loglint(loglint: str, package: Package, folder: Path, select: Optional[str]) -> List[Finding]:
    """loglint's findings on ``folder``: the default rules, or only ``select``."""
    command = [loglint, "--isolated", "--no-cache", "--output-format", "json", "--exit-zero"]
    if select is not None:
        command += ["--select", select]
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGLINT_")}
    result = subprocess.run([*command, "."], cwd=folder, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[-1]
        raise BadInput(f"loglint failed on {package.pin}: {last}")
    try:
        items: List[Dict[str, Any]] = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise BadInput(f"loglint printed no JSON report for {package.pin}") from None
    findings = []
    for item in items:
        if item["code"] == "LL000":
            continue  # a file that does not parse: not a rule's finding
        name = Path(item["filename"])
        path = (name.relative_to(folder) if name.is_absolute() else name).as_posix()
        location = item["location"]
        findings.append(Finding(package, path, location["row"], location["column"], item["code"], item["message"]))
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))


# -- tallies -------------------------------------------------------------------------------


@dataclass
class Row:
    findings: int = 0
    labelled: int = 0
    tp: int = 0
    fp: int = 0

    @property
    def precision(self) -> Optional[float]:
        return self.tp / self.labelled if self.labelled else None

    def as_json(self) -> Dict[str, Any]:
        precision = self.precision
        return {
            "findings": self.findings, "labelled": self.labelled, "tp": self.tp, "fp": self.fp,
            "precision": round(precision, 4) if precision is not None else None,
        }


Table = Dict[str, Row]  # rule code -> row


def tally(findings: Sequence[Finding], labels: Dict[Key, Label]) -> Table:
    table: Table = {}
    for finding in findings:
        row = table.setdefault(finding.code, Row())
        row.findings += 1
        label = labels.get(finding.key)
        if label is not None:
            row.labelled += 1
            if label.verdict == "TP":
                row.tp += 1
            else:
                row.fp += 1
    return dict(sorted(table.items()))


def stale_labels(labels: Dict[Key, Label], findings: Sequence[Finding], packages: Sequence[Package]) -> List[Label]:
    """Labels of the packages run that no finding matches any more."""
    run = {p.pin for p in packages}
    found = {f.key for f in findings}
    return [label for key, label in sorted(labels.items()) if key[0] in run and key not in found]


# -- output --------------------------------------------------------------------------------


def _fraction(value: Optional[float]) -> str:
    return f"{value:.3f}" if value is not None else "—"


def render_table(title: str, table: Table) -> List[str]:
    lines = [f"{title}", "", "| rule | findings | labelled | TP | FP | precision |", "|---|---:|---:|---:|---:|---:|"]
    total = Row()
    for code, row in table.items():
        lines.append(f"| {code} | {row.findings} | {row.labelled} | {row.tp} | {row.fp} | {_fraction(row.precision)} |")
        total.findings += row.findings
        total.labelled += row.labelled
        total.tp += row.tp
        total.fp += row.fp
    if not table:
        lines.append("| (no findings) | 0 | 0 | 0 | 0 | — |")
    elif len(table) > 1:
        lines.append(
            f"| all | {total.findings} | {total.labelled} | {total.tp} | {total.fp} | {_fraction(total.precision)} |"
        )
    return lines + [""]


def render_text(
    tables: Dict[str, Tuple[Table, Table]], unlabelled: Sequence[Finding], stale: Sequence[Label]
) -> str:
    lines: List[str] = []
    for split, (default, off) in tables.items():
        lines += render_table(f"split {split}: rules on by default", default)
        lines += render_table(f"split {split}: {', '.join(OFF_BY_DEFAULT)} (off by default)", off)
    lines.append(f"unlabelled findings: {len(unlabelled)}")
    for finding in unlabelled:
        message = finding.message.replace("\n", " ")
        lines.append(f"{finding.package.pin} {finding.path}:{finding.line}:{finding.column}: {finding.code} {message}")
    lines.append("")
    lost = sum(label.verdict == "TP" for label in stale)
    lines.append(f"labels that no finding matches: {len(stale)} ({lost} TP lost, {len(stale) - lost} FP gone)")
    for label in stale:
        pin, path, line, code = label.key
        lines.append(f"{pin} {path}:{line}: {code} {label.verdict} {label.reason}")
    return "\n".join(lines) + "\n"


def render_json(
    tables: Dict[str, Tuple[Table, Table]], unlabelled: Sequence[Finding], stale: Sequence[Label]
) -> str:
    data = {
        "splits": {
            split: {
                "default": {code: row.as_json() for code, row in default.items()},
                "off_by_default": {code: row.as_json() for code, row in off.items()},
            }
            for split, (default, off) in tables.items()
        },
        "unlabelled": [
            {
                "package": f.package.pin, "split": f.package.split, "path": f.path, "line": f.line,
                "column": f.column, "code": f.code, "message": f.message,
            }
            for f in unlabelled
        ],
        "stale_labels": [
            {"package": lb.key[0], "path": lb.key[1], "line": lb.key[2], "code": lb.key[3], "verdict": lb.verdict, "reason": lb.reason}
            for lb in stale
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- command line --------------------------------------------------------------------------


def find_loglint(given: Optional[str]) -> str:
    """The absolute path of the loglint to run (packages are linted from their own folder)."""
    found = shutil.which(given or "loglint")
    if found is None:
        raise BadInput(f"no loglint at {given}" if given else "no loglint on PATH: pass --loglint PATH")
    return str(Path(found).resolve())


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--split", choices=("test", "tune", "all"), default="test", help="which packages (default: test)")
    parser.add_argument("--loglint", default=None, help="the loglint to run (default: the one on PATH)")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help=f"where packages are kept (default: {DEFAULT_DIR})")
    parser.add_argument("--packages", type=Path, default=PACKAGES, help="the package list (default: packages.toml here)")
    parser.add_argument("--labels", type=Path, default=LABELS, help="the labels (default: labels.tsv here)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        loglint = find_loglint(args.loglint)
        packages = [p for p in load_packages(args.packages) if args.split in ("all", p.split)]
        labels = load_labels(args.labels)
        findings: List[Finding] = []
        tables: Dict[str, Tuple[Table, Table]] = {}
        by_split: Dict[str, Tuple[List[Finding], List[Finding]]] = {}
        for package in packages:
            folder = fetch(package, args.dir)
            default = run_loglint(loglint, package, folder, None)
            off = run_loglint(loglint, package, folder, ",".join(OFF_BY_DEFAULT))
            split_default, split_off = by_split.setdefault(package.split, ([], []))
            split_default.extend(default)
            split_off.extend(off)
            findings += default + off
    except BadInput as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for split in SPLITS:
        if split in by_split:
            default, off = by_split[split]
            tables[split] = (tally(default, labels), tally(off, labels))
    unlabelled = [f for f in findings if f.key not in labels]
    stale = stale_labels(labels, findings, packages)
    print(render_json(tables, unlabelled, stale) if args.json else render_text(tables, unlabelled, stale), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
