"""Refuse, before pdfminer sees it, a PDF whose objects are references in a loop.

An indirect object whose whole body is a reference to another object (``5 0 obj
6 0 R endobj``) is legal; a chain of them that comes back to its start
(``5 → 6 → 5``) is not, and pdfminer follows such a chain for ever. PDFium detects
the loop itself, so this check guards only the pdfplumber path (a file PDFium cannot
open, a page PDFium's text cannot read, OCR). One linear scan of the file's bytes.
"""

from __future__ import annotations

from pathlib import Path

import regex

from khtool.errors import InputError

_ALIAS = regex.compile(rb"(?<![0-9])(\d{1,10})\s+\d{1,5}\s+obj\s*(\d{1,10})\s+\d{1,5}\s+R\s*endobj")
MESSAGE = "not a valid PDF (its objects refer to each other in a loop: {loop})"


def reference_loop(data: bytes) -> list[int] | None:
    """The objects of a loop of references, as a path back to its start, or None."""
    target = {int(m.group(1)): int(m.group(2)) for m in _ALIAS.finditer(data)}
    done: set[int] = set()
    for start in target:
        path: list[int] = []
        on_path: set[int] = set()
        node: int | None = start
        while node is not None and node not in done:
            if node in on_path:
                return [*path[path.index(node) :], node]
            on_path.add(node)
            path.append(node)
            node = target.get(node)
        done |= on_path
    return None


def check_references(data: bytes, path: Path) -> None:
    loop = reference_loop(data)
    if loop is not None:
        shown = " → ".join(map(str, loop[:6])) + (" → …" if len(loop) > 6 else "")
        raise InputError(MESSAGE.format(loop=f"objects {shown}"), path)
