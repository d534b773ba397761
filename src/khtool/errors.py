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
        text = f"{self.path}: {self.message}" if self.path else self.message
        return printable(text)


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


class OutputError(KhtoolError):
    """An output cannot be written where it was asked for (unsafe target, disk full …)."""


# characters a terminal acts on: C0 and C1 controls, DEL, bidirectional overrides
_UNSAFE = frozenset(
    [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), *"\u202a\u202b\u202c\u202d\u202e"]
).union("\u2066\u2067\u2068\u2069")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe to print on one terminal line: control characters escaped
    (``\\x1b``, ``\\n``), a byte that is not UTF-8 in a file name (a surrogate
    escape) shown as ``\\xff``. Backslashes are kept as they are."""
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char in _NAMED:
            out.append(_NAMED[char])
        elif char in _UNSAFE:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of a byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
