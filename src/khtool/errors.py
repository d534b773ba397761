"""The project's exception hierarchy.

The library raises only subclasses of :class:`KhtoolError`; the command line turns
them into one line on stderr (exit 2), with a traceback only under ``--debug``.
"""

from __future__ import annotations

from pathlib import Path


class KhtoolError(Exception):
    """Base class of every error khtool raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(KhtoolError):
    """The input file cannot be read: missing, unreadable, wrong type or corrupt."""


class UnsupportedFormatError(InputError):
    """The file's format is not one khtool reads."""


class EncodingError(InputError):
    """The text cannot be decoded in any encoding khtool knows."""


class LimitExceededError(InputError):
    """The input is larger than a configured limit (size, pages, inflated size)."""


class NotAPlanError(KhtoolError):
    """The document was read but is not a plan (no plan header or sections found)."""


class PlanDataError(KhtoolError):
    """A YAML/JSON plan file does not match the Plan schema or is unsafe to load."""


class UsageError(KhtoolError):
    """The command was called with arguments that do not fit together."""
