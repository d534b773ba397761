"""One reader per format, one signature: ``read(path, data, limits) -> Document``.

:func:`read_document` picks the reader from the file's content (magic bytes) and,
failing that, its extension, so a mislabelled file is still read right or gets
one clear error.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from khtool.errors import InputError, KhtoolError, LimitExceededError, UnsupportedFormatError
from khtool.limits import Limits
from khtool.reading.blocks import Document

Reader = Callable[[Path, bytes, Limits], Document]
STDIN = "-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word (.doc) files

# format -> module implementing ``read``; imported lazily (pdfplumber is slow to import)
READERS: dict[str, str] = {
    "txt": "khtool.reading.text.reader",
    "docx": "khtool.reading.docx.reader",
    "pdf": "khtool.reading.pdf.reader",
    "html": "khtool.reading.html",
    "doc": "khtool.reading.docx.office",  # through LibreOffice when it is installed
    "odt": "khtool.reading.docx.office",
}

EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".doc": "doc",
    ".odt": "odt",
}


def sniff_format(path: Path, head: bytes) -> str:
    """Decide the format from the first bytes, falling back to the extension."""
    ext = EXTENSIONS.get(path.suffix.lower())
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if ext in (None, "docx", "doc"):
            return "docx"  # a .docx, perhaps named .doc
        return ext if ext != "txt" else "docx"
    if head.startswith(OLE_MAGIC) and ext in ("doc", "docx"):
        return "doc"  # an old Word file, perhaps named .docx
    if ext is None:
        lowered = head[:2048].lstrip().lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            return "html"
        if path.suffix.lower() in {".doc", ".odt", ".rtf"}:
            raise UnsupportedFormatError(
                f"{path.suffix} files are not read directly; convert to .docx first "
                "(e.g. libreoffice --headless --convert-to docx FILE)",
                path,
            )
        raise UnsupportedFormatError(
            f"unsupported file type {path.suffix or '(none)'!r}; "
            "khtool reads .txt, .docx, .pdf and .html",
            path,
        )
    return ext


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a regular file within the size limit; OS errors become one clear InputError.

    The file is opened without blocking (a FIFO never hangs the read) and checked on
    the open descriptor: a named pipe, a device (``/dev/zero``), a socket or a folder
    is refused, and never more than ``max_bytes`` are read, even from a file that
    grows or lies about its size.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory, expected a file", path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"is {_kind(info.st_mode)}, not a regular file; refused", path)
        if info.st_size > max_bytes:
            raise LimitExceededError(_too_big(info.st_size, max_bytes), path)
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise LimitExceededError(_too_big(len(data), max_bytes, "over"), path)
        return data
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path) from None
    finally:
        os.close(fd)


def _too_big(size: int, max_bytes: int, prefix: str = "") -> str:
    what = f"more than {max_bytes / 1e6:.0f} MB" if prefix else f"{size / 1e6:.1f} MB"
    return f"file is {what}, over the {max_bytes / 1e6:.0f} MB limit (raise it with --max-size)"


def read_bytes(path: Path, limits: Limits) -> bytes:
    """Read a source document: the size limit, then a check that it is not empty."""
    data = read_limited(path, limits.max_bytes)
    if not data.strip():
        raise InputError("file is empty", path)
    return data


@contextlib.contextmanager
def stdin_document(limits: Limits) -> Iterator[Path]:
    """Standard input (``khtool parse -``) as a temporary file named for its format
    (by its first bytes; text otherwise), within ``--max-size``. Errors name ``-``."""
    data = sys.stdin.buffer.read(limits.max_bytes + 1)
    try:
        if len(data) > limits.max_bytes:
            raise LimitExceededError(_too_big(len(data), limits.max_bytes, "over"), STDIN)
        if not data.strip():
            raise InputError("standard input is empty", STDIN)
        head = data[:2048].lstrip().lower()
        ext = (
            ".pdf"
            if data.startswith(b"%PDF-")
            else ".docx"
            if data.startswith(b"PK\x03\x04")
            else ".html"
            if head.startswith((b"<!doctype html", b"<html"))
            else ".txt"
        )
        with tempfile.TemporaryDirectory(prefix="khtool-stdin-") as folder:
            copy = Path(folder, "stdin" + ext)
            copy.write_bytes(data)
            yield copy
    except KhtoolError as exc:
        exc.path = STDIN
        raise


def read_document(path: Path, limits: Limits | None = None) -> Document:
    """Read any supported file into blocks."""
    limits = limits or Limits()
    data = read_bytes(path, limits)
    fmt = sniff_format(path, data[:4096])
    module = importlib.import_module(READERS[fmt])
    reader: Reader = module.read
    return reader(path, data, limits)
