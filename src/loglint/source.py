"""Reading and writing source files without losing a byte: encoding, BOM, newlines, mode."""

from __future__ import annotations

import codecs
import io
import os
import stat
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from loglint.atomic import replace_file


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
        # "invalid or missing encoding declaration" for a first line that is not UTF-8 (a
        # binary file): say which byte, as for any other undecodable file.
        encoding = "utf-8" if "encoding declaration" in str(error) else ""
        if not encoding:
            raise DecodeError(str(error)) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        binary = " (a binary file?)" if b"\0" in data else ""
        raise DecodeError(
            f"cannot decode byte {data[error.start]:#04x} at offset {error.start} as {encoding}{binary}"
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


class NotWritten(Exception):
    """A write that loglint refuses to make: the message says why."""


class ChangedOnDisk(NotWritten):
    """The file changed between reading and writing; it was not overwritten."""


def write_atomically(path: Path, data: bytes, expected: bytes, within: Optional[str] = None) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same folder.

    Keeps the file mode. Refuses (``ChangedOnDisk``) when the file no longer holds
    ``expected``, so an edit made while loglint ran is never lost; refuses
    (``NotWritten``) a file without any write permission bit (even for root, who may
    write anything) and, when ``within`` (a real path) is given, a file whose real path
    is outside it: a symbolic link out of the folder being fixed.
    """
    target = Path(os.path.realpath(path))
    if within is not None and not str(target).startswith(within.rstrip(os.sep) + os.sep):
        raise NotWritten(f"not written: a symbolic link leads to {target}, outside {within}")
    current = target.read_bytes()
    if current != expected:
        raise ChangedOnDisk("not written: the file changed while loglint was running")
    mode = stat.S_IMODE(target.stat().st_mode)
    if not os.access(target, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise NotWritten("not written: the file is read-only")
    replace_file(target, data, mode, durable=True)
