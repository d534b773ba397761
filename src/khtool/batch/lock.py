"""One batch at a time per output folder: an exclusive lock on ``OUTDIR/.khtool-batch.lock``.

A second batch into the same folder waits for the first (one line on stderr says so),
then reads its report, so that the report of the folder lists the files of both. The
lock file holds the owner's process id and is removed when the batch ends; a lock left
by a killed batch is released by the kernel with its process, so it never blocks.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from khtool.errors import OutputError

LOCK_NAME = ".khtool-batch.lock"

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no lock
    fcntl = None  # type: ignore[assignment]


def _say(line: str) -> None:
    from khtool import console

    console.note(line)  # left out under --quiet, escaped like every message


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        from khtool.output import write_error

        raise write_error(exc, path) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError("is not a regular file: remove it (it locks the batch folder)", path)
    return fd


def _owner(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 32, 0).decode("ascii").strip()
        if text.isdigit():
            return f" (process {text})"
    return ""


def _same_file(fd: int, path: Path) -> bool:
    """False when the lock file was removed or replaced while this process waited."""
    try:
        here, there = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


@contextlib.contextmanager
def folder_lock(folder: Path, say: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the batch lock of ``folder``; wait (saying so once) while another batch has it."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = folder / LOCK_NAME
    told = False
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not told:
                say(
                    f"khtool: {folder.as_posix()}: another batch is writing into this "
                    f"folder{_owner(fd)}; waiting for it to finish"
                )
                told = True
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
        if _same_file(fd, path):
            break
        os.close(fd)  # the holder removed it as it finished: lock the new one
    try:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)
