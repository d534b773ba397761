"""A compiled cache of the vocabulary files, next to them (``data/__pycache__/``,
or under ``PYTHONPYCACHEPREFIX``).

Parsing a vocabulary YAML file costs about a millisecond; reading its cached form
(``marshal``) a fortieth of that, which counts in the cold start of every command. A
cache entry holds the SHA-256 of the YAML text it was made from, the Python and
marshal versions, and the data; it is used only when all three match, so an edited
vocabulary file is read again at once. Entries are written atomically (a temporary
file renamed over the old entry). A read-only install, ``PYTHONDONTWRITEBYTECODE``,
or any error writing simply leaves the cache out; an unreadable entry is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_DIR = "__pycache__"
_MAGIC = b"khtool-vocab-1\n"


def _header(source: bytes) -> bytes:
    digest = hashlib.sha256(source).hexdigest().encode()
    versions = f"{sys.version_info[0]}.{sys.version_info[1]} {marshal.version}\n".encode()
    return _MAGIC + versions + digest + b"\n"


def cache_path(source: Path) -> Path:
    """``data/__pycache__/NAME.vocab``, or under ``PYTHONPYCACHEPREFIX`` when Python
    keeps its bytecode there (as it does for the .pyc files)."""
    name = f"{source.stem}.vocab"
    if sys.pycache_prefix:
        folder = source.parent.resolve()
        return Path(sys.pycache_prefix, *folder.parts[1:], name)
    return source.parent / CACHE_DIR / name


def load_cached(source: Path, parse: Callable[[bytes], Any]) -> Any:
    """The data of the YAML file ``source``: from its cache entry when that was made
    from exactly these bytes, else ``parse(bytes)`` (and the entry written)."""
    raw = source.read_bytes()
    header = _header(raw)
    entry = cache_path(source)
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        blob = entry.read_bytes()
        if blob.startswith(header):
            return marshal.loads(blob[len(header) :])
    data = parse(raw)
    if not sys.dont_write_bytecode:
        _write(entry, header, data)
    return data


def _write(entry: Path, header: bytes, data: Any) -> None:
    """Write ``entry`` atomically; give up silently when it cannot be written."""
    try:
        payload = marshal.dumps(data)
    except ValueError:  # a value marshal cannot hold (none in the shipped files)
        return
    tmp: str | None = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", dir=entry.parent)
        os.fchmod(fd, 0o644)  # as a .pyc: readable by every user of the install
        with os.fdopen(fd, "wb") as out:
            out.write(header + payload)
        os.replace(tmp, entry)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
