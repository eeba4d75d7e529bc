"""Reading and writing source files without losing a byte: encoding, BOM, newlines, mode."""

from __future__ import annotations

import codecs
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path


class DecodeError(Exception):
    """The bytes are not text in the encoding the file declares."""


@dataclass(frozen=True)
class SourceText:
    text: str  # decoded, BOM removed
    encoding: str  # as declared or detected; "utf-8-sig" when the file starts with a BOM


def decode(data: bytes) -> SourceText:
    """Decode like Python does: BOM, then a PEP 263 coding cookie, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise DecodeError(str(error)) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"cannot decode byte {data[error.start]:#04x} at offset {error.start} as {encoding}"
        ) from None
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    return SourceText(text, encoding)


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding)


class ChangedOnDisk(Exception):
    """The file changed between reading and writing; it was not overwritten."""


def write_atomically(path: Path, data: bytes, expected: bytes) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same folder.

    Keeps the file mode. Refuses (``ChangedOnDisk``) when the file no longer holds
    ``expected``, so an edit made while loglint ran is never lost.
    """
    target = Path(os.path.realpath(path))
    current = target.read_bytes()
    if current != expected:
        raise ChangedOnDisk(f"{path} changed while loglint was running; not written")
    mode = stat.S_IMODE(target.stat().st_mode)
    if not os.access(target, os.W_OK):
        raise PermissionError(f"{path} is not writable")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".loglint-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
