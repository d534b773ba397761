"""Shared by the hardening tests: khtool in a child process with a time and memory cap.

A hostile input could hang or eat memory; in a child process the timeout stops a hang
and RLIMIT_AS turns a blow-up into a failed run instead of a stalled test machine.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT

MEMORY_CAP = 1_500_000_000  # bytes of address space for the child
TIMEOUT = 60  # seconds; a hang fails the test instead of stalling it


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def khtool(
    *args: str | os.PathLike[str] | bytes,
    stdin: bytes | None = None,
    cwd: Path = ROOT,
    extra_limit: tuple[int, tuple[int, int]] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``khtool ARGS`` in a capped child; stdout and stderr as bytes."""

    def limits() -> None:
        _cap_memory()
        if extra_limit is not None:
            resource.setrlimit(*extra_limit)

    return subprocess.run(
        [sys.executable, "-c", "from khtool.cli import run; run()", *map(os.fsdecode, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        timeout=TIMEOUT,
        preexec_fn=limits,
        check=False,
    )


def docx_with(source: Path, tmp_path: Path, parts: dict[str, bytes]) -> Path:
    """``tmp_path/plan.docx``: the .docx ``source`` with some parts replaced, by their
    names in the zip (``word/document.xml``)."""
    with zipfile.ZipFile(source) as original:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for info in original.infolist():
                out.writestr(info.filename, parts.get(info.filename, original.read(info)))
    path = tmp_path / "plan.docx"
    path.write_bytes(buffer.getvalue())
    return path


def page_with(source: Path, tmp_path: Path, inserted: str) -> Path:
    """``tmp_path/page.html``: the web page ``source`` with ``inserted`` at the start of
    its ``<article class="document">``."""
    page = source.read_text("utf-8")
    anchor = '<article class="document">'
    assert anchor in page
    path = tmp_path / "page.html"
    path.write_text(page.replace(anchor, anchor + inserted, 1), "utf-8")
    return path


def one_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The single stderr line of a failed run (asserting it is one line, no traceback)."""
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    return err.rstrip("\n")


def test_the_child_is_capped() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "b = bytearray(3_000_000_000)"],
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_cap_memory,
        check=False,
    )
    assert result.returncode != 0 and b"MemoryError" in result.stderr
