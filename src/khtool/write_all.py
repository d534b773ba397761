"""Several output files written all or nothing (an export's tasks and targets files).

Every file is first written in full to a temporary file beside its target; only when
all are written are they renamed into place. A failure while writing removes every
temporary file and leaves the old targets as they were; a failure while renaming puts
back the targets already replaced (from a hard link, or a copy, kept of each) and
removes the new ones that had no old file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from khtool.output import check_output, write_error


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temporary(path: Path, data: bytes, mode: int) -> str:
    """A complete temporary copy of ``data`` beside ``path``; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _backup(path: Path) -> str | None:
    """A second name for the old content of ``path`` (None when there is none)."""
    if not os.path.lexists(path):
        return None
    fd, keep = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        os.unlink(keep)
        os.link(path, keep)
    except OSError:  # no hard links here: a copy
        shutil.copy2(path, keep)
    return keep


def _remove(names: Iterable[str | None]) -> None:
    for name in names:
        if name is not None:
            with contextlib.suppress(OSError):
                os.unlink(name)


def write_all(files: Mapping[Path, str | bytes], inputs: Iterable[Path] = ()) -> None:
    """Write every file of ``files`` (text as UTF-8) or none of them.

    Each target must be a safe output (:func:`khtool.output.check_output`); a failure
    is one :class:`~khtool.errors.OutputError` naming the file that could not be
    written, with every other target as it was before.
    """
    sources = list(inputs)
    for path in files:
        check_output(path, sources, hint="")
    mode = 0o666 & ~_umask()
    temporaries: dict[Path, str] = {}
    current = next(iter(files), Path("."))
    try:
        for current, content in files.items():
            data = (
                content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content
            )
            temporaries[current] = _temporary(current, data, mode)
    except OSError as exc:
        _remove(temporaries.values())
        raise write_error(exc, current) from None
    except BaseException:
        _remove(temporaries.values())
        raise
    _commit(temporaries, sources)


def _commit(temporaries: dict[Path, str], sources: list[Path]) -> None:
    """Rename each temporary onto its target; on a failure undo the renames done."""
    done: list[tuple[Path, str | None]] = []
    backups: list[str | None] = []
    current = next(iter(temporaries), Path("."))
    try:
        for current, tmp in temporaries.items():
            check_output(current, sources, hint="")  # nothing appeared meanwhile
            keep = _backup(current)
            backups.append(keep)
            os.replace(tmp, current)
            done.append((current, keep))
    except BaseException as exc:
        for path, keep in reversed(done):
            with contextlib.suppress(OSError):
                if keep is None:
                    os.unlink(path)
                else:
                    os.replace(keep, path)
        _remove([*temporaries.values(), *backups])
        if isinstance(exc, OSError):
            raise write_error(exc, current) from None
        raise
    _remove(backups)
