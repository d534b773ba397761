"""A rendered plan opens in LibreOffice: headless conversion to PDF succeeds and the first
page shows the title; the appendix is on landscape pages."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from khtool.model import Plan, load_plan
from khtool.writing import render_bytes
from khtool.writing.draft import make_draft
from tests.conftest import ROOT
from tests.render_support import SOFFICE, to_pdf

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _squash(text: str) -> str:
    return "".join(text.split())


def _check(plan: Plan, pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0].extract_text() or ""
        assert plan.document.title is not None
        assert _squash(plan.document.title) in _squash(first)
        assert "KẾ HOẠCH" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
        landscape = [p for p in doc.pages if p.width > p.height]
        assert landscape, "the appendix should be on landscape pages"
        assert "PHỤ LỤC" in (landscape[0].extract_text() or "")
        assert all(p.width < p.height for p in doc.pages[: doc.pages.index(landscape[0])])


def test_rendered_plan_converts_to_pdf(tmp_path: Path) -> None:
    plan = load_plan(ROOT / "data" / "plans" / "hanoi-2020-96-KH-UBND.yaml")
    out = tmp_path / "plan-2020.docx"
    out.write_bytes(render_bytes(plan))
    _check(plan, to_pdf(out))


def test_draft_converts_to_pdf(tmp_path: Path) -> None:
    draft = make_draft(load_plan(ROOT / "data" / "plans" / "hanoi-2025-draft.yaml"), 2026)
    out = tmp_path / "draft-2026.docx"
    out.write_bytes(render_bytes(draft.plan, comments=draft.comments, issue_year=draft.issue_year))
    pdf = to_pdf(out)
    _check(draft.plan, pdf)
    with pdfplumber.open(pdf) as doc:
        assert "DỰ THẢO" in (doc.pages[0].extract_text() or "")
