"""The real-plan corpus in ../shared/realworld (documents of other provinces, ministries
and departments, with hand-checked facts), scored by its own scorer.

The documents belong to others and are never copied here: the test reads them in place
and is skipped when the folder is absent. The floors only rise: raise them when the
parser reads more facts right, never lower them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

REALWORLD = ROOT.parent / "shared" / "realworld"
SCORER = REALWORLD / "score.py"

# facts right (plain runs) per case, and in all; documents parsed with exit 0
TEXT_FLOORS = {
    "laocai-2026-ct11-kh": 18,
    "laocai-2026-2242-kh-sct": 9,
    "laocai-2026-dean08-kh-sct": 5,
    "botnmt-2024-09-kh-btnmt": 18,
    "boxd-2019-836-qd-kh": 16,
    "hue-2026-188-kh": 14,
}
# PDFs without a usable text layer: a scan, and fonts without a text map (read by OCR)
OCR_FLOORS = {
    "cantho-2025-70-kh": 5,
    "laocai-2026-1105-kh-dkt": 12,
}
FLOORS = {**TEXT_FLOORS, **OCR_FLOORS}
FLOOR_TOTAL = 80  # of the 84 facts of the six documents with a text layer
FLOOR_PARSED = 6
HAS_OCR = shutil.which("tesseract") is not None

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/realworld is absent")


def _khtool() -> str:
    local = Path(sys.executable).parent / "khtool"
    found = str(local) if local.exists() else shutil.which("khtool")
    if found is None:
        pytest.skip("the khtool command is not installed")
    return found


@pytest.fixture(scope="module")
def score_lines() -> list[str]:
    result = subprocess.run(
        [sys.executable, str(SCORER), _khtool()],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _case_score(lines: list[str], case: str) -> tuple[int, bool, str]:
    line = next(ln for ln in lines if ln.startswith(f"{case} |"))
    m = re.search(r"\| (\d+)/(\d+) facts right", line)
    assert m, line
    return int(m.group(1)), "| rc=0 |" in line, line


@pytest.mark.parametrize("case", sorted(FLOORS))
def test_case_floor(score_lines: list[str], case: str) -> None:
    if case in OCR_FLOORS and not HAS_OCR:
        pytest.skip("Tesseract is not installed (make system-deps)")
    right, parsed, line = _case_score(score_lines, case)
    assert parsed, line
    assert right >= FLOORS[case], line


def test_text_layer_documents_total(score_lines: list[str]) -> None:
    total = sum(_case_score(score_lines, case)[0] for case in TEXT_FLOORS)
    parsed = sum(_case_score(score_lines, case)[1] for case in TEXT_FLOORS)
    assert total >= FLOOR_TOTAL, "\n".join(score_lines)
    assert parsed >= FLOOR_PARSED


@pytest.mark.skipif(not HAS_OCR, reason="Tesseract is not installed (make system-deps)")
def test_pdfs_without_usable_text_are_read_by_ocr(score_lines: list[str]) -> None:
    """The scanned and the broken-font PDF exit 0 with their number and date right."""
    for case in ("cantho-2025-70-kh", "laocai-2026-1105-kh-dkt"):
        _right, parsed, line = _case_score(score_lines, case)
        assert parsed, line
        wrong = line.split("| wrong:", 1)[1] if "| wrong:" in line else ""
        assert "number" not in wrong and "issued_on" not in wrong, line
