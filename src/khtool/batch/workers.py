"""Set-up of a batch worker process: it leaves Ctrl-C to its parent and dies with it.

A worker whose parent was killed (``kill -9``) would otherwise go on converting, or
wait forever for work that never comes. On Linux the kernel kills the worker when its
parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a watcher thread checks the parent
once a second.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0


def _kernel_watch() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; True when it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def worker_init(parent: int) -> None:
    """Initializer of every worker: ignore SIGINT and end when ``parent`` ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _kernel_watch():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch was set
        os._exit(1)
