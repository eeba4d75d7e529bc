"""The ``loglint`` process: import fast, run the command line, end without teardown.

``python -m loglint`` and the ``loglint`` console script both start here.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from loglint import interrupt
from loglint.fast_import import fast_imports, own_process


def run() -> NoReturn:
    """Run the command line, then exit without the interpreter's teardown.

    Freeing the objects of libcst's node classes one by one at exit takes about 0.06 s,
    a fifth of a run where one file changed. Nothing needs it: the output is flushed
    here, and files, the cache and the process pool are done with before ``main``
    returns. (mypy ends the same way.) Under a profiler, a tracer or coverage, the
    normal exit lets them write their data.
    """
    own_process()
    with fast_imports("cli"):
        from loglint.cli import main
    try:
        with interrupt.raising():
            main()
        code = 0
    except SystemExit as stop:
        if sys.getprofile() is not None or sys.gettrace() is not None or "coverage" in sys.modules:
            raise
        code = _status(stop.code)
    except interrupt.Interrupted as stop:
        print(f"loglint: interrupted ({stop.name})", file=sys.stderr)
        code = stop.exit_status
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be shown
            pass
    os._exit(code)


def _status(code: object) -> int:
    """The process status ``sys.exit(code)`` gives."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)  # sys.exit("message") prints the message and exits 1
    return 1


if __name__ == "__main__":
    run()
