"""What khtool says on stderr and how: the ``--quiet`` / ``--verbose`` / ``--color``
state of the command line, kept here once for every module to read.

* errors are always printed (``--quiet`` shows only them);
* warnings, progress and the notes after a command (``render``'s "wrote …" line) are
  left out under ``--quiet``;
* details (the time a file took, what read it) are printed only under ``--verbose``.

Colour follows ``--color auto|always|never``; with ``auto`` (the default) ``NO_COLOR``
switches it off, else ``FORCE_COLOR`` switches it on, else it is on when the stream
is a terminal (and ``TERM`` is not ``dumb``). An explicit ``always``/``never`` wins
over both variables, as in ruff and yamllint. Every line is made safe for a terminal
by :func:`khtool.errors.printable`. Nothing here imports rich unless a rich console
is asked for (:func:`rich_console`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, TYPE_CHECKING

from khtool.errors import printable

if TYPE_CHECKING:
    from rich.console import Console

PREFIX = "khtool:"


class ColorMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


@dataclass
class OutputState:
    quiet: bool = False
    verbose: bool = False
    color: ColorMode = ColorMode.auto


state = OutputState()

_SGR = {"error": "1;31", "warning": "33", "note": "2", "bold": "1"}


def configure(
    quiet: bool = False, verbose: bool = False, color: ColorMode | str = ColorMode.auto
) -> None:
    """Set the state for this process (the command line's callback does it once)."""
    state.quiet = quiet
    state.verbose = verbose and not quiet
    state.color = ColorMode(color)


def _isatty(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):
        return False


def color_enabled(stream: IO[str] | None = None) -> bool:
    """Whether lines written to ``stream`` (default stderr) carry ANSI colours."""
    if state.color is ColorMode.always:
        return True
    if state.color is ColorMode.never or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = sys.stderr if stream is None else stream
    return _isatty(stream) and os.environ.get("TERM") != "dumb"


def paint(text: str, style: str, stream: IO[str] | None = None) -> str:
    """``text`` in ``style`` (error, warning, note, bold) when colour is on."""
    if not color_enabled(stream):
        return text
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m"


def _write(line: str) -> None:
    stream = sys.stderr
    try:
        stream.write(line + "\n")
        stream.flush()
    except (BrokenPipeError, ValueError):  # stderr closed: nothing left to tell
        pass


def error(message: str) -> None:
    """``khtool: message``, always (also under ``--quiet``)."""
    _write(f"{paint(PREFIX, 'error')} {printable(message)}")


def warning(message: str, path: object | None = None) -> None:
    """``khtool: PATH: warning: message``; left out under ``--quiet``."""
    if state.quiet:
        return
    where = f"{printable(str(path))}: " if path is not None else ""
    _write(f"{PREFIX} {where}{paint('warning:', 'warning')} {printable(message)}")


def note(message: str) -> None:
    """A line that reports what a command did; left out under ``--quiet``."""
    if not state.quiet:
        _write(printable(message))


def detail(message: str) -> None:
    """``khtool: message`` only under ``--verbose``."""
    if state.verbose:
        _write(f"{paint(PREFIX, 'note')} {printable(message)}")


def progress_shown() -> bool:
    """Whether progress (bars, per-file lines) is drawn."""
    return not state.quiet


def rich_console(stderr: bool = True, **options: object) -> Console:
    """A rich console that follows the colour state; a closed stdout ends the command
    quietly (:func:`khtool.cli.main` exits 0) instead of rich's exit 1."""
    from rich.console import Console

    _patch_broken_pipe(Console)
    stream = sys.stderr if stderr else sys.stdout
    settings: dict[str, object] = {"highlight": False, "soft_wrap": True, **options}
    if not color_enabled(stream):
        settings.setdefault("no_color", True)
        settings.setdefault("color_system", None)
    else:
        settings.setdefault("no_color", False)
        # coloured although not a terminal (--color always, FORCE_COLOR)
        settings.setdefault("color_system", "auto" if _isatty(stream) else "standard")
    return Console(stderr=stderr, **settings)  # type: ignore[arg-type]


class ClosedPipe(Exception):
    """stdout was closed by its reader (``khtool validate | head -1``)."""


def _on_broken_pipe(self: object) -> None:
    raise ClosedPipe


def _patch_broken_pipe(console_class: type) -> None:
    if console_class.on_broken_pipe is not _on_broken_pipe:  # type: ignore[attr-defined]
        console_class.on_broken_pipe = _on_broken_pipe  # type: ignore[attr-defined]
