#!/usr/bin/env python3
"""Benchmark loglint side by side with its peers on pinned real-world corpora.

    python benchmarks/run.py [--corpus small,medium,large] [--runs 5] [--loglint PATH]
                             [--baseline PATH] [--corpus-dir DIR] [--skip-peers pylint,fixit]
                             [--output results.md]

Fetches the corpora (``../shared/corpus/fetch.sh``), installs the peers at the versions
pinned in ``requirements-peers.txt`` in ``.bench/peers-venv``, then times every command
as a whole process, alternating: for each run, every command once in turn. Prints one
Markdown table per corpus (medians, minima, ratios) and the targets of issue 5 with
PASS/FAIL. ``--baseline`` times another loglint (an earlier build) in the same rounds,
for what a change costs: the targets of issue 15 (the project index). See ``benchmarks/README.md`` for what each row means. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
FETCH_SCRIPT = REPO.parent / "shared" / "corpus" / "fetch.sh"
STATE_DIR = REPO / ".bench"
REQUIREMENTS = BENCH_DIR / "requirements-peers.txt"
PEERS = ("ruff", "flake8", "pylint", "fixit", "libcst")
MARKER = b"# loglint-benchmark: one file changed"
MIB = 1024 * 1024
# A 2-core machine that other people use too: the sampler must not be the load.
SAMPLE_EVERY = 0.02


@dataclass(frozen=True)
class Corpus:
    """A pinned corpus: the fetch.sh set it comes from and the folder that is linted."""

    name: str
    fetch_set: str
    subpath: str  # relative to the corpus dir
    loglint_config: str = ""  # pyproject.toml text, for corpora that need configuration


CORPORA: Dict[str, Corpus] = {
    "small": Corpus("small", "small", "small"),
    "loguru": Corpus("loguru", "loguru", "loguru"),  # its loggers are found by the project index
    # The salt sdist also carries its tests; issue 5's numbers (971 files, 530k lines) are the package.
    "medium": Corpus("medium", "medium", "medium/salt/salt-3008.5/salt"),
    "large": Corpus("large", "large", "large"),
}


@dataclass
class Command:
    """One timed row: how to run it, and what to do just before and after each run."""

    key: str
    label: str
    argv: Callable[[str], List[str]]  # target path -> argv
    ok_codes: Tuple[int, ...] = (0,)
    env: Dict[str, str] = field(default_factory=dict)
    before: Optional[Callable[[int], None]] = None  # run index -> None
    after: Optional[Callable[[], None]] = None
    capture_stdout: bool = False
    warm_up: bool = True  # also run it on a one-file target before timing
    quick: bool = False  # sub-second: timed in back-to-back pairs, --quick-runs times (see time_pairs)


@dataclass
class Timing:
    times: List[float] = field(default_factory=list)
    error: str = ""
    stdout: str = ""

    @property
    def median(self) -> Optional[float]:
        return statistics.median(self.times) if self.times else None


@dataclass
class Check:
    name: str
    value: Optional[float]
    unit: str
    op: str  # "<=" or ">=" or "no"
    threshold: float
    applies: bool
    detail: str = ""


# ---------------------------------------------------------------------------- setup


def ensure_peers_venv(venv: Path) -> Path:
    """Create or update the isolated peers virtualenv; reused when its pins are unchanged."""
    python = venv / "bin" / "python"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes() + platform.python_version().encode()).hexdigest()
    stamp = venv / ".bench-pins"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return python
    if not python.exists():
        log(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    log(f"installing the pinned peers from {REQUIREMENTS.name}")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(REQUIREMENTS)],
        check=True,
    )
    stamp.write_text(wanted + "\n")
    return python


def fetch_corpora(corpus_dir: Path, corpora: Sequence[Corpus], python: Path) -> None:
    """Run fetch.sh for the sets not yet in ``corpus_dir`` (it needs setuptools and wheel)."""
    missing = [c.fetch_set for c in corpora if not (corpus_dir / c.subpath).is_dir()]
    if not missing:
        return
    if not FETCH_SCRIPT.is_file():
        sys.exit(f"run.py: {', '.join(missing)} not in {corpus_dir} and {FETCH_SCRIPT} not found")
    log(f"fetching {', '.join(missing)} into {corpus_dir}")
    env = {**os.environ, "PYTHON": str(python)}
    subprocess.run(["sh", str(FETCH_SCRIPT), str(corpus_dir), *missing], check=True, env=env)


def python_of(script: Path) -> str:
    """The interpreter of a console script (its shebang), else the one running this file."""
    try:
        first = script.read_bytes()[:200].split(b"\n", 1)[0].decode()
    except (OSError, UnicodeDecodeError):
        return sys.executable
    if first.startswith("#!") and "python" in first:
        return first[2:].strip().split()[0]
    return sys.executable


def default_loglint() -> str:
    beside = Path(sys.executable).parent / "loglint"
    return str(beside) if beside.exists() else (shutil.which("loglint") or "loglint")


def loglint_features(loglint: str) -> Tuple[bool, bool]:
    """Whether ``loglint check`` knows ``--no-cache`` and ``--cache-dir``."""
    done = subprocess.run([loglint, "check", "--help"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"run.py: `{loglint} check --help` failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    text = done.stdout
    return "--no-cache" in text, "--cache-dir" in text


def child_env(state: Path) -> Dict[str, str]:
    """The environment of every timed command: bytecode cached (outside the source tree)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a normal install runs from cached bytecode
    env["PYTHONPYCACHEPREFIX"] = str(state / "pycache")
    env.pop("LOGLINT_CACHE_DIR", None)
    return env


# ---------------------------------------------------------------------------- corpus files


def corpus_files(root: Path) -> List[Path]:
    return sorted(p for p in root.rglob("*.py") if p.is_file())


def read_corpus(files: Sequence[Path]) -> int:
    """Read every file once (warms the page cache, heals leftovers of a killed run); the line count."""
    lines = 0
    for path in files:
        data = path.read_bytes()
        at = data.find(b"\n" + MARKER)
        if at >= 0:
            log(f"restoring {path} (left modified by an interrupted run)")
            data = data[: at + 1]
            path.write_bytes(data)
        lines += data.count(b"\n")
    return lines


def pick_file_to_change(files: Sequence[Path]) -> Path:
    """A typical file that mentions logging: the median size among those containing b"log"."""
    candidates = sorted((p.stat().st_size, str(p)) for p in files if b"log" in p.read_bytes())
    return Path(candidates[len(candidates) // 2][1] if candidates else files[0])


class FileChanger:
    """Appends a unique comment line to one file before a run and restores it exactly after."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original: Optional[bytes] = None
        self.stat: Optional[os.stat_result] = None

    def change(self, run: int) -> None:
        self.original = self.path.read_bytes()
        self.stat = self.path.stat()
        sep = b"" if self.original.endswith(b"\n") else b"\n"
        self.path.write_bytes(self.original + sep + MARKER + b" %d %d\n" % (run, time.time_ns()))

    def restore(self) -> None:
        if self.original is None or self.stat is None:
            return
        self.path.write_bytes(self.original)
        # Same mtime too: a cache keyed on (mtime, size) must see the file as unchanged.
        os.utime(self.path, ns=(self.stat.st_atime_ns, self.stat.st_mtime_ns))
        self.original = None


# ---------------------------------------------------------------------------- running


def kill_group(pid: int) -> None:
    """End the session a command was started in (the command and its workers)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def run_once(argv: Sequence[str], env: Dict[str, str], cwd: Path, timeout: float) -> Tuple[float, int, str, str]:
    """Whole-process wall time of one command; its exit code, stdout and stderr.

    Output goes to temporary files (as cheap as /dev/null, and readable after a failure).
    The command runs in its own session so that a timeout kills its workers too.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        # wait() with a timeout polls, up to 50 ms apart: every time would be rounded up to a
        # poll. Without one it returns as the process ends; a timer ends it at the timeout.
        timed_out = threading.Event()

        def end() -> None:
            timed_out.set()
            kill_group(proc.pid)

        timer = threading.Timer(timeout, end)
        timer.start()
        try:
            proc.wait()
        except BaseException:  # Ctrl-C or SIGTERM: its own session does not get them, so end it
            kill_group(proc.pid)
            proc.wait()
            raise
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        if timed_out.is_set():
            raise subprocess.TimeoutExpired(list(argv), timeout)
        out.seek(0)
        err.seek(0)
        return elapsed, proc.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace")


def peak_rss(argv: Sequence[str], env: Dict[str, str], cwd: Path, timeout: float) -> float:
    """Peak of the summed RSS of a process and all its descendants, sampled from /proc, in MiB."""
    proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    peak = 0
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(list(argv), timeout)
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(SAMPLE_EVERY)
    except BaseException:
        kill_group(proc.pid)
        raise
    finally:
        proc.wait()
    return peak / MIB


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and its descendants now (shared pages counted in each process)."""
    children: Dict[int, List[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
    return total


def time_commands(
    commands: Sequence[Command], target: str, runs: int, cwd: Path, env: Dict[str, str], timeout: float, tag: str
) -> Dict[str, Timing]:
    """Alternate: for each run, every command once in turn. A failing command is dropped.

    Each run starts one command further down the list, so that no command is always first.
    """
    results = {c.key: Timing() for c in commands}
    for run in range(runs):
        shift = run % len(commands)
        for command in [*commands[shift:], *commands[:shift]]:
            _time_once(command, results[command.key], target, run, runs, cwd, env, timeout, tag)
    return results


def time_pairs(
    commands: Sequence[Command], target: str, runs: int, cwd: Path, env: Dict[str, str], timeout: float, tag: str
) -> Dict[str, Timing]:
    """The sub-second rows, back to back in each run (their order reversed every other run).

    A difference of two such rows is best measured pair by pair: both runs of a pair see
    the machine in the same state, which on a shared machine drifts within seconds by
    more than the difference itself (see ``paired_difference``).
    """
    results = {c.key: Timing() for c in commands}
    for run in range(runs):
        for command in commands if run % 2 == 0 else list(reversed(commands)):
            _time_once(command, results[command.key], target, run, runs, cwd, env, timeout, tag)
    return results


def paired_difference(first: Timing, second: Timing) -> Optional[float]:
    """The median over the runs of ``second`` − ``first`` (None when either missed a run)."""
    if first.error or second.error or not first.times or len(first.times) != len(second.times):
        return None
    return statistics.median(b - a for a, b in zip(first.times, second.times))


def _time_once(
    command: Command, timing: Timing, target: str, run: int, runs: int, cwd: Path, env: Dict[str, str],
    timeout: float, tag: str,
) -> None:
    """One timed run of ``command``, added to ``timing``; a failure sets ``timing.error`` instead."""
    if timing.error:
        return
    try:
        if command.before:
            command.before(run)
        elapsed, code, out, err = run_once(command.argv(target), {**env, **command.env}, cwd, timeout)
    except subprocess.TimeoutExpired:
        timing.error = f"timeout (> {timeout:.0f} s)"
        log(f"[{tag}] run {run + 1}/{runs} {command.label}: {timing.error}")
        return
    finally:
        if command.after:
            command.after()
    if code not in command.ok_codes:
        timing.error = f"exit {code}"
        log(f"[{tag}] {command.label} failed (exit {code}):\n{out[-2000:]}\n{err[-2000:]}")
        return
    timing.times.append(elapsed)
    if command.capture_stdout:
        timing.stdout = out
    log(f"[{tag}] run {run + 1}/{runs} {command.label}: {elapsed:.2f} s")


def warm_up(commands: Sequence[Command], cwd: Path, env: Dict[str, str], timeout: float) -> None:
    """Run each command once on a one-file target: bytecode compiled, imports in the page cache."""
    sample = cwd / "warmup" / "sample.py"
    sample.parent.mkdir(parents=True, exist_ok=True)
    sample.write_text('import logging\n\nlogger = logging.getLogger(__name__)\nlogger.info(f"hello {__name__}")\n')
    for command in commands:
        if command.warm_up:
            with contextlib.suppress(subprocess.TimeoutExpired):
                run_once(command.argv(str(sample)), {**env, **command.env}, cwd, timeout)


# ---------------------------------------------------------------------------- commands


def peer_commands(bin_dir: Path, skip: Sequence[str]) -> List[Command]:
    """ruff, flake8 with its two logging plugins, pylint's logging checker, Fixit with one rule."""
    fixit_config = STATE_DIR / "fixit.toml"  # outside the corpus: no config search up its tree
    fixit_config.write_text("[tool.fixit]\nroot = true\n")
    commands = [
        Command("ruff", "ruff (LOG, G, TRY400/401, PLE1205/1206)", lambda t: [
            str(bin_dir / "ruff"), "check", "--no-cache", "--select", "LOG,G,TRY400,TRY401,PLE1205,PLE1206",
            "--exit-zero", t]),
        Command("flake8", "flake8 + flake8-logging + flake8-logging-format", lambda t: [
            str(bin_dir / "flake8"), "--select", "LOG,G", "--exit-zero", t]),
        Command("pylint", "pylint logging checker, -j 2", lambda t: [
            str(bin_dir / "pylint"), "-j", "2", "--disable=all", "--enable=logging", "--exit-zero", t]),
        Command("fixit", "Fixit 2, one logging rule", lambda t: [
            str(bin_dir / "fixit"), "--config-file", str(fixit_config), "--rules", "fixit_logging_rule", "lint", t],
            ok_codes=(0, 1), env={"PYTHONPATH": str(BENCH_DIR)}),  # exit 1: findings
    ]
    return [c for c in commands if c.key not in skip]


def floor_commands(python: str, config: List[str], skip: Sequence[str]) -> List[Command]:
    if "libcst" in skip:
        return []
    floor = str(BENCH_DIR / "libcst_floor.py")
    return [
        Command("parse_all", "libcst parse_module, every file, 1 process",
                lambda t: [python, floor, "all", *config, t], capture_stdout=True),
        Command("parse_filtered", "libcst parse_module, pre-filtered files, 1 process",
                lambda t: [python, floor, "filtered", *config, t], capture_stdout=True),
    ]


def loglint_commands(
    loglint: str, config: List[str], has_no_cache: bool, has_cache_dir: bool, work: Path, changer: FileChanger,
    prefix: str = "",
) -> List[Command]:
    """Cold runs (default jobs, 1, 2); warm and one-file-changed runs when loglint has a cache.
    ``prefix``: for a baseline's rows (keys ``base_cold``..., labels "baseline: loglint...")."""
    cold = [loglint, "--exit-zero", *(["--no-cache"] if has_no_cache else []), *config]
    key, label = ("base_", "baseline: ") if prefix else ("", "")
    commands = [
        Command(f"{key}cold", f"{label}loglint, default jobs, cold", lambda t: [*cold, t]),
        Command(f"{key}jobs1", f"{label}loglint --jobs 1, cold", lambda t: [*cold, "--jobs", "1", t]),
        Command(f"{key}jobs2", f"{label}loglint --jobs 2, cold", lambda t: [*cold, "--jobs", "2", t]),
    ]
    if has_no_cache:
        def cached(name: str) -> Tuple[List[str], Dict[str, str]]:
            folder = work / name
            if has_cache_dir:
                return [loglint, "--exit-zero", "--cache-dir", str(folder), *config], {}
            return [loglint, "--exit-zero", *config], {"LOGLINT_CACHE_DIR": str(folder)}

        warm, warm_env = cached(f"{key}cache-warm")
        changed, changed_env = cached(f"{key}cache-changed")  # its own cache: the warm one never sees the change
        commands += [
            Command(f"{key}warm", f"{label}loglint, warm cache, nothing changed", lambda t: [*warm, t], env=warm_env,
                    warm_up=False, quick=True),
            Command(f"{key}changed", f"{label}loglint, warm cache, one file changed", lambda t: [*changed, t],
                    env=changed_env, before=changer.change, after=changer.restore, warm_up=False, quick=True),
        ]
    return commands


# ---------------------------------------------------------------------------- checks and tables


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return a / b if a is not None and b else None


def checks_for(
    corpus: str, t: Dict[str, Timing], peak: Optional[float], warm_imports_libcst: Optional[bool]
) -> List[Check]:
    """The targets of issue 5; ``applies`` is False where the issue sets no target for this corpus."""
    med = {key: timing.median for key, timing in t.items()}
    cold, jobs1, warm = med.get("cold"), med.get("jobs1"), med.get("warm")
    changed = paired_difference(t["warm"], t["changed"]) if "warm" in t and "changed" in t else None
    flake8_target = {"small": 0.5, "medium": 0.7, "large": 0.4}
    both = corpus in ("small", "medium")
    return [
        Check("loglint cold ÷ flake8 + plugins", ratio(cold, med.get("flake8")), "×", "<=",
              flake8_target.get(corpus, 0.5), corpus in flake8_target),
        Check("loglint cold ÷ pylint", ratio(cold, med.get("pylint")), "×", "<=", 0.15, both),
        Check("loglint cold ÷ Fixit", ratio(cold, med.get("fixit")), "×", "<=", 0.15, both),
        Check("loglint --jobs 1 ÷ libcst parse of the pre-filtered files", ratio(jobs1, med.get("parse_filtered")),
              "×", "<=", 1.3, True),
        Check("--jobs 1 ÷ --jobs 2 (speed-up)", ratio(jobs1, med.get("jobs2")), "×", ">=", 1.7, corpus == "medium"),
        Check("warm ÷ cold", ratio(warm, cold), "×", "<=", 0.1, corpus == "medium"),
        Check("one file changed − warm (median of the pairs)", changed, "s", "<=", 0.2, corpus == "medium"),
        Check("peak RSS, loglint default jobs, cold", peak, "MiB", "<=", 250, corpus == "large"),
        Check("a warm run imports libcst", None if warm_imports_libcst is None else float(warm_imports_libcst), "",
              "no", 0, True),
    ]


def baseline_checks(t: Dict[str, Timing]) -> List[Check]:
    """What the loglint under test costs over the baseline (issue 15: the project index adds
    at most 10 % to a cold run, nothing measurable to a warm or one-file-changed run)."""
    med = {key: timing.median for key, timing in t.items()}
    checks = [
        Check("loglint cold ÷ baseline cold", ratio(med.get("cold"), med.get("base_cold")), "×", "<=", 1.1, True),
        Check("loglint --jobs 1 ÷ baseline --jobs 1", ratio(med.get("jobs1"), med.get("base_jobs1")), "×", "<=", 1.1,
              True),
    ]
    for key, name in (("warm", "warm"), ("changed", "one file changed")):
        if key in t and f"base_{key}" in t:
            checks.append(Check(f"loglint {name} − baseline {name} (median of the pairs)",
                                paired_difference(t[f"base_{key}"], t[key]), "s", "<=", 0.02, True))
    return checks


def verdict(check: Check) -> str:
    if check.value is None:
        return "not measured"
    if check.op == "no":
        ok = not check.value
    elif check.op == "<=":
        ok = check.value <= check.threshold
    else:
        ok = check.value >= check.threshold
    if not check.applies:
        return "(no target here)"
    return "PASS" if ok else "**FAIL**"


def format_value(check: Check) -> str:
    if check.value is None:
        return check.detail or "—"
    if check.op == "no":
        return "yes" if check.value else "no"
    digits = 0 if check.unit == "MiB" else 2
    return f"{check.value:.{digits}f} {check.unit}".strip()


def format_target(check: Check) -> str:
    if check.op == "no":
        return "no"
    sign = "≤" if check.op == "<=" else "≥"
    return f"{sign} {check.threshold:g} {check.unit}".strip()


def corpus_table(
    corpus: Corpus, info: str, commands: Sequence[Command], t: Dict[str, Timing], peak: Optional[float],
    checks: Sequence[Check], notes: Sequence[str],
) -> str:
    cold = t["cold"].median if "cold" in t else None
    lines = [f"### {corpus.name}: {info}", "",
             "| command | median s | min s | ÷ loglint cold |", "|---|---:|---:|---:|"]
    for command in commands:
        timing = t[command.key]
        if timing.times:
            med = timing.median
            rel = ratio(med, cold)
            lines.append(f"| {command.label} | {med:.2f} | {min(timing.times):.2f} | "
                         f"{'—' if rel is None else f'{rel:.2f}'} |")
        else:
            lines.append(f"| {command.label} | {timing.error or 'skipped'} | | |")
    if peak is not None:
        lines.append(f"| peak RSS, loglint default jobs, cold (all processes) | {peak:.0f} MiB | | |")
    lines += ["", "| target (issue 5; with --baseline, issue 15) | value | target | result |", "|---|---:|---:|---|"]
    for check in checks:
        lines.append(f"| {check.name} | {format_value(check)} | {format_target(check)} | {verdict(check)} |")
    if notes:
        lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def machine_info(loglint: str, loglint_python: str, runs: int, quick_runs: int) -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run([loglint, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    py = subprocess.run([loglint_python, "-c", "import platform; print(platform.python_version())"],
                        capture_output=True, text=True, check=False).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}; "
            f"Python {py} (loglint), {platform.python_version()} (peers); {version}; {now}; "
            f"load average at start {load}; medians of {runs} alternating run{'s' if runs != 1 else ''}"
            f"{'' if runs >= 5 else ' (fewer than 5: not valid for the targets)'}; "
            f"warm and one-file-changed rows: medians of {quick_runs} back-to-back pairs.\n")


def command_list(commands: Sequence[Command], scratch: str) -> str:
    """The commands of the last corpus, with ``CORPUS`` and ``SCRATCH`` (the temporary working folder)."""
    lines = ["Commands (`CORPUS` is the corpus folder; each runs in `SCRATCH/<corpus>`, a temporary folder):", ""]
    for command in commands:
        env = " ".join(f"{k}={v}" for k, v in command.env.items())
        text = f"{(env + ' ') if env else ''}{' '.join(command.argv('CORPUS'))}".replace(scratch, "SCRATCH")
        lines.append(f"- {command.label}: `{text}`")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- main


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def imports_libcst(argv: Sequence[str], env: Dict[str, str], cwd: Path, timeout: float) -> bool:
    """Whether a run imports libcst (``-X importtime`` output of every process)."""
    _, _, _, err = run_once(argv, {**env, "PYTHONPROFILEIMPORTTIME": "1"}, cwd, timeout)
    modules = (line.rsplit("|", 1)[-1].strip() for line in err.splitlines() if line.startswith("import time:"))
    return any(name == "libcst" or name.startswith("libcst.") for name in modules)


def bench_corpus(
    corpus: Corpus, root: Path, args: argparse.Namespace, work: Path, env: Dict[str, str], bin_dir: Path,
    loglint_python: str, features: Tuple[bool, bool], warmed: List[bool],
) -> Tuple[str, List[Command]]:
    """Everything for one corpus: the timed rows, peak memory, the checks; its Markdown."""
    files = corpus_files(root)
    lines = read_corpus(files)
    changer = FileChanger(pick_file_to_change(files))
    config: List[str] = []
    if corpus.loglint_config:
        path = work / f"{corpus.name}-pyproject" / "pyproject.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(corpus.loglint_config)
        config = ["--config", str(path)]
    has_no_cache, has_cache_dir = features
    cmd_work = work / corpus.name
    cmd_work.mkdir(parents=True, exist_ok=True)
    commands = [
        *loglint_commands(args.loglint, config, has_no_cache, has_cache_dir, cmd_work, changer),
        *(loglint_commands(args.baseline, config, *loglint_features(args.baseline), cmd_work, changer, prefix="base")
          if args.baseline else []),
        *floor_commands(loglint_python, config, args.skip_peers),
        *peer_commands(bin_dir, args.skip_peers),
    ]
    if not warmed[0]:
        log("warming up (each command on one file)")
        warm_up(commands, cmd_work, env, args.timeout)
        warmed[0] = True
    notes = []
    if has_no_cache:
        by_key = {c.key: c for c in commands}
        for key in ("warm", "changed", "base_warm", "base_changed"):  # fill each cache once, untimed
            if key in by_key:
                run_once(by_key[key].argv(str(root)), {**env, **by_key[key].env}, cmd_work, args.timeout)
        notes.append(f"one file changed: `{changer.path.relative_to(root)}` gets a comment line appended before each "
                     "run and is restored (bytes and mtime) after it.")
    else:
        notes.append("loglint has no `--no-cache` yet: the cold rows run with its defaults and the warm and "
                     "one-file-changed rows are skipped.")
    load_before = os.getloadavg()[0]
    try:
        timings = time_commands([c for c in commands if not c.quick], str(root), args.runs, cmd_work, env,
                                args.timeout, corpus.name)
        timings.update(time_pairs([c for c in commands if c.quick], str(root), args.quick_runs, cmd_work, env,
                                  args.timeout, corpus.name))
    finally:
        changer.restore()
    notes.append(f"1-minute load average {load_before:.2f} before the timed runs, {os.getloadavg()[0]:.2f} after "
                 f"(on {os.cpu_count()} CPUs: above that, other processes shared the machine).")
    peak: Optional[float] = None
    if Path("/proc/self/statm").exists():
        try:
            peak = peak_rss(commands[0].argv(str(root)), env, cmd_work, args.timeout)
        except subprocess.TimeoutExpired:
            notes.append("peak memory: timed out")
    warm_libcst: Optional[bool] = None
    if has_no_cache and not timings["warm"].error:
        warm_cmd = next(c for c in commands if c.key == "warm")
        warm_libcst = imports_libcst(warm_cmd.argv(str(root)), {**env, **warm_cmd.env}, cmd_work, args.timeout)
    counts = _floor_counts(timings)
    passed = f", {counts['parsed']} pass loglint's pre-filter" if counts else ""
    syntax = f", {counts['syntax_errors']} do not parse" if counts and counts.get("syntax_errors") else ""
    info = f"{len(files):,} files, {lines:,} lines{passed}{syntax}"
    checks = checks_for(corpus.name, timings, peak, warm_libcst) + (baseline_checks(timings) if args.baseline else [])
    return corpus_table(corpus, info, commands, timings, peak, checks, notes), commands


def _floor_counts(timings: Dict[str, Timing]) -> Optional[Dict[str, int]]:
    timing = timings.get("parse_filtered")
    if timing is None or not timing.stdout.strip():
        return None
    try:
        counts = json.loads(timing.stdout.strip().splitlines()[-1])
    except ValueError:
        return None
    return {key: int(value) for key, value in counts.items()}


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", default="small,medium,large",
                        help=f"comma-separated corpora among {', '.join(CORPORA)} (default: small,medium,large)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs of each command (default 5; the targets need at least 5)")
    parser.add_argument("--loglint", default=default_loglint(), help="the loglint executable (default: %(default)s)")
    parser.add_argument("--baseline", help="another loglint executable (an earlier build) timed in the same rounds")
    parser.add_argument("--corpus-dir", type=Path, default=STATE_DIR / "corpus",
                        help="where the corpora are (fetched if missing; default: %(default)s)")
    parser.add_argument("--skip-peers", default="", help=f"comma-separated, among {', '.join(PEERS)}")
    parser.add_argument("--quick-runs", type=int, default=20,
                        help="back-to-back pairs of the warm and one-file-changed runs (default 20)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per command run (default 900)")
    parser.add_argument("--output", type=Path, help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    args.corpus = [name.strip() for name in args.corpus.split(",") if name.strip()]
    args.skip_peers = [name.strip().lower() for name in args.skip_peers.split(",") if name.strip()]
    for name in args.corpus:
        if name not in CORPORA:
            parser.error(f"unknown corpus {name!r}; choose among {', '.join(CORPORA)}")
    for name in args.skip_peers:
        if name not in PEERS:
            parser.error(f"unknown peer {name!r}; choose among {', '.join(PEERS)}")
    if args.runs < 1 or args.quick_runs < 1:
        parser.error("--runs and --quick-runs must be at least 1")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that finally blocks restore the corpus
    STATE_DIR.mkdir(exist_ok=True)
    gitignore = STATE_DIR / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("*\n")
    python = ensure_peers_venv(STATE_DIR / "peers-venv")
    corpora = [CORPORA[name] for name in args.corpus]
    corpus_dir = args.corpus_dir.resolve()
    fetch_corpora(corpus_dir, corpora, python)
    found = shutil.which(args.loglint)
    if found is None:
        sys.exit(f"run.py: no loglint executable at {args.loglint!r}; pass --loglint PATH (e.g. venv/bin/loglint)")
    args.loglint = str(Path(found).absolute())
    if args.baseline:
        baseline = shutil.which(args.baseline)
        if baseline is None:
            sys.exit(f"run.py: no loglint executable at {args.baseline!r} for --baseline")
        args.baseline = str(Path(baseline).absolute())
    loglint_python = python_of(Path(args.loglint))
    features = loglint_features(args.loglint)
    env = child_env(STATE_DIR)
    header = ["## loglint benchmark", "", machine_info(args.loglint, loglint_python, args.runs, args.quick_runs)]
    versions = _version_note(loglint_python, python)
    if versions:
        header.append(versions)
    print("\n".join(header), flush=True)
    sections: List[str] = []
    commands: List[Command] = []
    warmed = [False]
    with tempfile.TemporaryDirectory(prefix="loglint-bench-") as tmp:
        for corpus in corpora:
            table, commands = bench_corpus(corpus, corpus_dir / corpus.subpath, args, Path(tmp), env,
                                           python.parent, loglint_python, features, warmed)
            sections.append(table)
            print(table, flush=True)
        commands_text = command_list(commands, tmp) if commands else ""
    print(commands_text)
    report = "\n".join(header) + "\n" + "\n".join(sections) + "\n" + commands_text
    if args.output:
        args.output.write_text(report, encoding="utf-8")
        log(f"written to {args.output}")
    return 0


def _version_note(loglint_python: str, peers_python: Path) -> str:
    """Warn when loglint's libcst is not the one pinned for the peers (the floor must be the same)."""
    query = "import importlib.metadata as m; print(m.version('libcst'))"
    ours = subprocess.run([loglint_python, "-c", query], capture_output=True, text=True, check=False).stdout.strip()
    theirs = subprocess.run([str(peers_python), "-c", query], capture_output=True, text=True, check=False).stdout
    theirs = theirs.strip()
    if ours == theirs:
        return f"libcst {ours} for loglint, the floor and Fixit.\n"
    return f"**Warning**: loglint runs libcst {ours}, the peers (Fixit) {theirs}; update requirements-peers.txt.\n"


if __name__ == "__main__":
    sys.exit(main())
