"""Hostile PDFs: objects that refer to each other in a loop end fast, in one line, exit 2.

Each case is written byte by byte at test time and read by khtool in a child process
with a time and memory cap (:mod:`tests.test_hardening_support`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from khtool.reading.pdf.cycles import reference_loop
from tests.conftest import ROOT
from tests.pdf_builder import build, one_page, stream, text
from tests.test_hardening_support import TIMEOUT, _cap_memory, khtool, one_line

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
CONTENT = stream(text(["Ke hoach so 96"], 72, 720))
NOT_A_PLAN = "not a plan: no numbered sections (I. MỤC TIÊU …) and no task table found"

CASES = {
    # a /Pages node whose Kids is a reference to itself
    "kids-is-itself": (
        [CATALOG, b"<< /Type /Pages /Kids 5 0 R /Count 1 >>", PAGE, CONTENT, b"5 0 R"],
        "not a valid PDF (page 1 cannot be loaded)",
    ),
    # a /Pages node listing itself among its kids
    "kids-list-the-node": (
        [CATALOG, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", PAGE, CONTENT],
        "not a valid PDF (page 2 cannot be loaded)",
    ),
    # a child /Pages node whose Kids point back to its parent
    "kids-point-to-an-ancestor": (
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
            PAGE,
            CONTENT,
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ],
        NOT_A_PLAN,
    ),
    # a stream whose /Length is the stream itself
    "length-is-itself": (
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE,
            b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 720 Td (Ke hoach) Tj ET\nendstream",
        ],
        NOT_A_PLAN,
    ),
    # a page whose /Parent is itself
    "parent-is-itself": (
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            CONTENT,
        ],
        NOT_A_PLAN,
    ),
    # a /Length that is a reference to a reference … back to the first (pdfminer loops)
    "length-references-in-a-loop": (
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE,
            b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream",
            b"6 0 R",
            b"5 0 R",
        ],
        "no text layer (scanned?) — OCR is not supported",  # the stream draws nothing
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_reference_loop_ends_in_one_line(name: str, tmp_path: Path) -> None:
    objects, message = CASES[name]
    source = tmp_path / "loop.pdf"
    source.write_bytes(build(objects))
    out = tmp_path / "out.yaml"
    result = khtool("parse", source, "-o", out)
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {source}: {message}"
    assert not out.exists()


def test_reference_loops_are_found() -> None:
    assert reference_loop(build([b"2 0 R", b"3 0 R", b"1 0 R"])) == [1, 2, 3, 1]
    assert reference_loop(build([b"1 0 R"])) == [1, 1]
    assert reference_loop(build([b"2 0 R", b"3 0 R", b"<< /A 1 0 R >>"])) is None


def test_pdfplumber_is_not_given_a_reference_loop(tmp_path: Path) -> None:
    # a file PDFium cannot read goes to pdfminer, which would follow 5 → 6 → 5 for ever
    source = tmp_path / "loop.pdf"
    source.write_bytes(build(CASES["length-references-in-a-loop"][0]))
    code = (
        "import sys; from pathlib import Path; from khtool.errors import InputError\n"
        "from khtool.limits import Limits; from khtool.reading.pdf import reader as pdf\n"
        "pdf._open_pdfium = lambda data: None\n"
        "try:\n"
        "    pdf.read(Path(sys.argv[1]), Path(sys.argv[1]).read_bytes(), Limits())\n"
        "except InputError as exc:\n"
        "    print(exc.message)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(source)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=TIMEOUT,
        preexec_fn=_cap_memory,
        check=False,
    )
    assert result.stdout == (
        "not a valid PDF (its objects refer to each other in a loop: objects 5 → 6 → 5)\n"
    )


def test_a_rotated_plan_page_is_read(tmp_path: Path) -> None:
    source = tmp_path / "turned.pdf"
    source.write_bytes(one_page(text(["Ke hoach so 96"], 72, 720), b"/Rotate 90 "))
    out = tmp_path / "out.yaml"
    result = khtool("parse", source, "-o", out)
    # the page's text is read (a one-line page is no plan), not lost to the rotation
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {source}: {NOT_A_PLAN}"
