"""The plan lookup of diff and the Word renderer keep the input and output contract."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.test_hardening_support import khtool

PLANS = ROOT / "data" / "plans"


def _one_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert text.count("\n") == 1, text
    return text.rstrip("\n")


def test_a_fifo_among_the_plans_of_diff_does_not_hang(tmp_path: Path) -> None:
    for name in ("hanoi-2020-96-KH-UBND.yaml", "hanoi-2025-draft.yaml"):
        shutil.copy(PLANS / name, tmp_path / name)
    fifo = tmp_path / "hanoi-2024.yaml"
    os.mkfifo(fifo)
    result = khtool("diff", "2020", "2025", "--plans-dir", tmp_path)
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith(f"khtool: {fifo}: is a named pipe (FIFO)")


def test_render_never_writes_onto_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "kept.docx"
    target.write_bytes(b"kept")
    link = tmp_path / "link.docx"
    link.symlink_to(target)
    result = khtool("render", PLANS / "hanoi-2025-draft.yaml", "-o", link)
    assert result.returncode == 2
    assert "is a symbolic link" in _one_line(result.stderr)
    assert link.is_symlink() and target.read_bytes() == b"kept"
