"""Replacing a file in one step: a reader sees its old bytes or its new ones, never a mix."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Optional


def replace_file(path: Path, data: bytes, mode: Optional[int] = None, durable: bool = False) -> None:
    """Write ``data`` to a new file in ``path``'s folder, then rename it over ``path``.

    ``mode``: the permission bits of the new file (else the 0o600 of a private temporary
    file). ``durable``: flush it to the disk before the rename, for a user's file; the
    caches, which only ever save time, do without. On any failure the temporary file
    (``.NAME.*.loglint-tmp``) is removed and the error raised.
    """
    import tempfile  # here: a run that writes nothing never imports it (nor shutil and random)

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".loglint-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
