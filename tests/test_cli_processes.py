"""A long parallel run through the real process: progress on a terminal while files
finish, and SIGINT / SIGTERM stopping it at once with nothing half-done."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

LOGLINT = shutil.which("loglint", path=str(Path(sys.executable).parent)) or "loglint"
# Each file takes libcst a good fraction of a second: a tree of them takes seconds.
SLOW_FILE = "import logging\nlogger = logging.getLogger(__name__)\n" + "".join(
    f'def f{i}(name):\n    logger.info(f"user {{name}} {i}")\n    logger.info("a %s" % name)\n' for i in range(400)
)
PROGRESS = re.compile(r"\rloglint: (\d+)/(\d+) files")


def _env() -> Dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR", "LOGLINT_OUTPUT_FORMAT")}


def _tree(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"m{n:02}.py").write_text(SLOW_FILE)
    return folder


def test_progress_is_drawn_on_a_terminal_as_files_finish(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "tree", 24)
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [LOGLINT, "--no-cache", "--jobs", "2", "-q", str(tree)], stdout=subprocess.DEVNULL, stderr=slave, env=_env()
    )
    os.close(slave)
    chunks: List[Tuple[float, str]] = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        assert ready, "no output for a minute"
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the process closed its end
            break
        if not data:
            break
        chunks.append((time.monotonic(), data.decode()))
    os.close(master)
    assert proc.wait(timeout=60) == 1
    ended = time.monotonic()
    draws = [(at, int(done)) for at, text in chunks for done, total in PROGRESS.findall(text) if total == "24"]
    counts = [done for _, done in draws]
    assert len(set(counts)) >= 2 and counts == sorted(counts), chunks
    assert ended - draws[0][0] >= 0.5, "the progress line appeared only at the end"
    # At most one redraw per 0.1 s, and the line is erased at the end.
    assert len(draws) <= (draws[-1][0] - draws[0][0]) / 0.1 + 2
    assert "".join(text for _, text in chunks).endswith("\r\x1b[K")


def _survivors(marker: str) -> List[int]:
    """Processes whose command line names ``marker`` (a run's workers share its command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="lists processes through /proc")
@pytest.mark.parametrize(
    ("signum", "to_group", "status"),
    [(signal.SIGINT, True, 130), (signal.SIGINT, False, 130), (signal.SIGTERM, False, 143)],
    ids=["ctrl-c", "sigint", "sigterm"],
)
def test_a_signal_stops_a_parallel_fix_at_once(tmp_path: Path, signum: int, to_group: bool, status: int) -> None:
    original = _tree(tmp_path / "original", 1) / "m00.py"
    subprocess.run([LOGLINT, "--fix", "--unsafe-fixes", "--isolated", "--no-cache", str(original)], env=_env(), capture_output=True)
    fixed, original_text = original.read_text(), SLOW_FILE
    assert fixed != original_text
    tree = _tree(tmp_path / "tree", 40)
    cache = tmp_path / "cache"
    # The cache as a first run left it: the interrupted run must leave it so.
    subprocess.run([LOGLINT, "--cache-dir", str(cache), str(original)], env=_env(), capture_output=True)
    before = {path: path.read_bytes() for path in cache.rglob("*") if path.is_file()}
    assert before
    proc = subprocess.Popen(
        [LOGLINT, "--fix", "--unsafe-fixes", "--jobs", "2", "--cache-dir", str(cache), str(tree)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), start_new_session=True, text=True,
    )
    deadline = time.monotonic() + 60
    while not any(path.read_text() == fixed for path in tree.glob("*.py")):  # the first file is fixed
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    sent = time.monotonic()
    if to_group:  # what Ctrl-C does: every process of the terminal's foreground group gets it
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=30)
    took = time.monotonic() - sent
    assert proc.returncode == status, (stdout, stderr)
    assert took < 1.0, f"stopped {took:.2f} s after the signal"
    assert stderr == f"loglint: interrupted ({signal.Signals(signum).name})\n"
    assert _survivors(str(tree)) == []
    texts = [path.read_text() for path in sorted(tree.iterdir())]
    assert len(texts) == 40 and set(texts) <= {original_text, fixed}, "a file is neither as it was nor fixed"
    assert original_text in texts, "the run was not stopped before its end"
    assert {path: path.read_bytes() for path in cache.rglob("*") if path.is_file()} == before
    shutil.rmtree(tree)
