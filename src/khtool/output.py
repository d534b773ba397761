"""Where an output may go: safe targets, stdout (``-o -``), the format an output's
extension asks for, and the text of a plan file (YAML with the schema named on its
first line). The atomic write itself is :func:`khtool.io.write_atomic`."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from khtool.errors import OutputError, UsageError

STDOUT = "-"
"""``-o -``: write to standard output."""

_NOT_REGULAR = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

SCHEMA_ID = "https://khtool.github.io/schemas/plan.schema.json"
"""The ``$id`` of ``schemas/plan.schema.json`` (one place; the schema's ``$id`` and the
first line of every YAML plan name it)."""
SCHEMA_COMMENT = f"# yaml-language-server: $schema={SCHEMA_ID}\n"
"""The first line of a YAML plan: editors with the YAML language server check the
plan against the schema while it is edited."""

STDOUT_HINT = " (-o - writes to stdout)"
EXTENSION_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def is_stdout(path: Path | str | None) -> bool:
    return path is None or os.fspath(path) == STDOUT


def check_output(path: Path, inputs: Iterable[Path] = (), hint: str = STDOUT_HINT) -> None:
    """Refuse an output path that writing would damage: anything but a regular file or
    a new name (a symbolic link, a device such as ``/dev/null``, a FIFO, a folder), or
    a file that is one of ``inputs`` (the same file, also through another name)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise write_error(exc, path) from None
    for test, kind in _NOT_REGULAR:
        if test(info.st_mode):
            raise OutputError(
                f"is {kind}, not a regular file: refused as an output{hint}",
                path,
            )
    for source in inputs:
        try:
            same = os.path.samefile(source, path)
        except (OSError, ValueError):
            same = False
        if same:
            raise OutputError("is an input: refused as an output (it would be replaced)", path)


_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EFBIG: "file too large (file size limit, ulimit -f)",
    errno.ENAMETOOLONG: "file name too long",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.EISDIR: "is a directory",
    errno.ENOENT: "no such folder",
}


def write_error(exc: OSError, path: Path) -> OutputError:
    """An OSError met while writing ``path`` as one line."""
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"cannot write ({reason}); nothing written", path)


def output_format(output: Path | None, fmt: str | None, default: str = "yaml") -> str:
    """The format to write: ``--format`` when given, else the one the output's extension
    names (``plan.json`` → json), else ``default``. A ``--format`` that contradicts the
    extension (``-o plan.json --format yaml``) is refused."""
    named = (
        EXTENSION_FORMATS.get(output.suffix.lower())
        if output is not None and not is_stdout(output)
        else None
    )
    if fmt is not None and named is not None and fmt != named:
        raise UsageError(
            f"-o {output} names a {named} file but --format is {fmt}; "
            f"use a .{fmt} name or --format {named}"
        )
    return fmt or named or default


def emit(text: str, output: Path | None, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` to stdout (no -o, or ``-o -``) or atomically to ``output``."""
    import typer

    from khtool.io import utf8_safe, write_atomic

    if is_stdout(output):
        typer.echo(utf8_safe(text), nl=False)
        return
    assert output is not None
    write_atomic(output, text, inputs)


def plan_text(data: Any, fmt: str) -> str:
    """A plan's dict as the text of a plan file: JSON, or YAML whose first line names
    the schema (a comment: loading the file back ignores it)."""
    from khtool.io import dump

    text = dump(data, fmt)
    return text if fmt == "json" else SCHEMA_COMMENT + text
