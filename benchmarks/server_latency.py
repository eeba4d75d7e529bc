"""How long the language server takes to lint one document after a change.

    python benchmarks/server_latency.py [--file PATH] [--runs N] [--loglint CMD]

Starts the real ``loglint server`` and talks LSP to it over its stdin and stdout, as an
editor does, with the debounce set to 0. Each run sends the document with one more
comment line at its end (a new version) and waits for its diagnostics: the time from
sending the change to having read them is the lint in the server process plus the round
trip over the pipes, for the document of ``--file`` (default: a generated 1,000-line
module that logs like application code, with findings of four rules). The first lint
after start-up, which imports libcst and the rules, is reported apart. Prints the
median, the fastest and the slowest run in milliseconds, and the server's mean CPU time
per lint (from ``/proc``: what the lint costs when the machine is busy with other work
too). Standard library only: the client is the few lines of JSON-RPC below.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any, Callable, Dict, List

BLOCK = '''

class Worker{n}:
    """Moves jobs of kind {n} from the queue to the store."""

    def __init__(self, queue, store, retries=3):
        self.queue = queue
        self.store = store
        self.retries = retries
        self.seen = {{}}

    def run(self, batch):
        logger.info("worker %s starting with %d jobs", {n}, len(batch))
        done = []
        for job in batch:
            if job.id in self.seen:
                logger.debug(f"skipping job {{job.id}}")
                continue
            try:
                result = self.store.put(job.id, job.payload)
            except KeyError as error:
                logger.error("job %s failed: %s" % (job.id, error))
                continue
            except ValueError:
                logger.exception("job %s has a bad payload", job.id)
                raise
            self.seen[job.id] = result
            done.append(result)
        total = sum(len(item) for item in done)
        if total > 1000:
            logger.warning("batch of worker " + str({n}) + " is large")
        return done

    def summary(self):
        counts = {{}}
        for key, value in self.seen.items():
            counts[type(value).__name__] = counts.get(type(value).__name__, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
'''


def generated(lines: int = 1000) -> str:
    """A module of about ``lines`` lines: imports, then worker classes (one finding of each of
    LL301, LL302, LL304 and LL307 in each)."""
    parts = ['"""Workers that move jobs."""\n\nimport logging\n\nlogger = logging.getLogger(__name__)\n']
    n = 0
    while sum(part.count("\n") for part in parts) < lines - BLOCK.count("\n"):
        parts.append(BLOCK.format(n=n))
        n += 1
    text = "".join(parts)
    return text + "\n" * (lines - text.count("\n"))


class Connection:
    """JSON-RPC over a server process's pipes, with LSP's Content-Length framing."""

    def __init__(self, command: List[str], cwd: str) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout

    def send(self, method: str, params: Any, id: Any = None) -> None:
        message: Dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if id is not None:
            message["id"] = id
        body = json.dumps(message).encode("utf-8")
        self.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.stdin.flush()

    def receive(self) -> Dict[str, Any]:
        length = 0
        while True:
            line = self.stdout.readline()
            if not line:
                raise SystemExit("server_latency: the server ended")
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
            elif line == b"\r\n":
                message: Dict[str, Any] = json.loads(self.stdout.read(length))
                return message

    def until(self, wanted: Callable[[Dict[str, Any]], bool]) -> Dict[str, Any]:
        """The next message that is ``wanted``; requests from the server are answered with null."""
        while True:
            message = self.receive()
            if wanted(message):
                return message
            if "id" in message and "method" in message:
                reply = json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": None}).encode("utf-8")
                self.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(reply), reply))
                self.stdin.flush()


def measure(command: List[str], text: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text("[tool.loglint]\n")
        path = root / "workers.py"
        path.write_text(text)
        uri = path.as_uri()
        server = Connection(command, folder)
        params = {"processId": None, "rootUri": root.as_uri(), "capabilities": {}, "initializationOptions": {"debounce-ms": 0}}
        server.send("initialize", params, id=1)
        server.until(lambda message: message.get("id") == 1)
        server.send("initialized", {})

        def lint(version: int, body: str) -> float:
            start = time.perf_counter()
            if version == 1:
                document = {"uri": uri, "languageId": "python", "version": 1, "text": body}
                server.send("textDocument/didOpen", {"textDocument": document})
            else:
                identifier = {"uri": uri, "version": version}
                server.send("textDocument/didChange", {"textDocument": identifier, "contentChanges": [{"text": body}]})
            answer = server.until(
                lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version
            )
            elapsed = time.perf_counter() - start
            if version == 1:
                print(f"{len(answer['params']['diagnostics'])} diagnostics; {body.count(chr(10))} lines")
            return elapsed

        first = lint(1, text)
        cpu_before = _cpu_seconds(server.process.pid)
        times = [lint(version, f"{text}# {version}\n") for version in range(2, runs + 2)]
        cpu = (_cpu_seconds(server.process.pid) - cpu_before) / runs
        server.send("shutdown", None, id=2)
        server.until(lambda message: message.get("id") == 2)
        server.send("exit", None)
        server.process.wait(timeout=30)
    ms = sorted(t * 1000 for t in times)
    print(f"first lint (imports libcst and the rules): {first * 1000:.0f} ms")
    print(f"lint after a change, {runs} runs: median {statistics.median(ms):.1f} ms (fastest {ms[0]:.1f}, slowest {ms[-1]:.1f})")
    if cpu >= 0:
        print(f"CPU time of the server per lint (mean): {cpu * 1000:.1f} ms")


def _cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user + system, from /proc); -1 where there is no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="the document to lint (default: a generated 1,000-line module)")
    parser.add_argument("--runs", type=int, default=30, help="timed lints after the first (default 30)")
    parser.add_argument("--loglint", default=f"{shlex.quote(sys.executable)} -m loglint", help="the loglint command (default: this Python's)")
    args = parser.parse_args()
    text = args.file.read_text(encoding="utf-8") if args.file else generated()
    measure([*shlex.split(args.loglint), "server"], text, args.runs)


if __name__ == "__main__":
    main()
