"""One reader per format, one signature: ``read(path, data, limits) -> Document``.

:func:`read_document` picks the reader from the file's content (magic bytes) and,
failing that, its extension, so a mislabelled file is still read right or gets
one clear error.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from khtool.errors import InputError, LimitExceededError, UnsupportedFormatError
from khtool.limits import Limits
from khtool.reading.blocks import Document

Reader = Callable[[Path, bytes, Limits], Document]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word (.doc) files

# format -> module implementing ``read``; imported lazily (pdfplumber is slow to import)
READERS: dict[str, str] = {
    "txt": "khtool.reading.text",
    "docx": "khtool.reading.docx",
    "pdf": "khtool.reading.pdf",
    "html": "khtool.reading.html",
    "doc": "khtool.reading.office",  # through LibreOffice when it is installed
    "odt": "khtool.reading.office",
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


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a file within the size limit; OS errors become one clear InputError."""
    try:
        if path.is_dir():
            raise InputError("is a directory, expected a file", path)
        size = path.stat().st_size
        if size > max_bytes:
            raise LimitExceededError(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                "(raise it with --max-size)",
                path,
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path) from None


def read_bytes(path: Path, limits: Limits) -> bytes:
    """Read a source document: the size limit, then a check that it is not empty."""
    data = read_limited(path, limits.max_bytes)
    if not data.strip():
        raise InputError("file is empty", path)
    return data


def read_document(path: Path, limits: Limits | None = None) -> Document:
    """Read any supported file into blocks."""
    limits = limits or Limits()
    data = read_bytes(path, limits)
    fmt = sniff_format(path, data[:4096])
    module = importlib.import_module(READERS[fmt])
    reader: Reader = module.read
    return reader(path, data, limits)
