"""OCR of scanned pages (Tesseract, Vietnamese): the scans are made from the project's
own PDFs (``scripts/make_scanned_fixtures.py``), so the right answer is the plan of the
text fixture. Skipped only where Tesseract's Vietnamese model is not installed (CI
installs it: ``scripts/system_deps.sh``)."""

from __future__ import annotations

import sys
from functools import cache

import pytest
import yaml
from PIL import Image, ImageDraw

import khtool
from khtool.limits import Limits
from khtool.model import Source
from khtool.parsing.pipeline import build_plan
from khtool.reading.normalize import normalize_document
from khtool.reading.ocr import grid as ocr_grid
from khtool.reading.ocr import tesseract as ocr
from khtool.reading.ocr.pdf_pages import record_ocr
from khtool.reading.pdf import reader as pdf
from tests.conftest import FIXTURES, GOLDEN, ROOT
from tests.test_golden import _flatten

sys.path.insert(0, str(ROOT / "scripts"))
from make_scanned_fixtures import scan_pdf

MIXED = FIXTURES / "scanned" / "plan-2020-96-KH-UBND-mixed.pdf"
needs_ocr = pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))


def test_rules_of_a_drawn_grid_are_found_and_erased() -> None:
    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 300, 500, 700):
        draw.line([(100, y), (1100, y)], fill=0, width=3)
    for x in (100, 400, 1100):
        draw.line([(x, 100), (x, 700)], fill=0, width=3)
    draw.text((150, 150), "TT 1", fill=0)
    rules = ocr_grid.find_rules(image)
    assert sorted(r.at for r in rules if r.horizontal) == [100, 300, 500, 700]
    assert sorted(r.at for r in rules if not r.horizontal) == [100, 400, 1100]
    clean = ocr_grid.erase(image, rules)
    assert clean.getpixel((700, 300)) == 255  # the rule is gone
    assert clean.crop((150, 150, 200, 170)).getextrema()[0] < 128  # the text is kept
    settings = ocr_grid.table_settings(rules, 72 / 200)
    assert settings is not None and len(settings["explicit_horizontal_lines"]) == 4


@cache
def _mixed() -> pdf.PdfDocument:
    return pdf.read(MIXED, MIXED.read_bytes(), Limits())


@cache
def _mixed_plan() -> khtool.Plan:
    doc = _mixed()
    plan = build_plan(normalize_document(doc), Source(path="m.pdf", format="pdf", sha256="0"))
    record_ocr(doc, plan)
    return plan


@needs_ocr
def test_only_the_scanned_pages_are_ocrd() -> None:
    doc = _mixed()
    assert doc.ocr_pages == [1, 7]
    assert set(doc.ocr_confidence) == {1, 7}
    assert all(0.85 < c <= 1 for c in doc.ocr_confidence.values())
    assert doc.warnings[0].startswith("pages 1, 7 read by OCR (Tesseract, vie); confidence 1: 0.")


@needs_ocr
def test_the_scanned_header_is_read() -> None:
    plan = _mixed_plan()
    assert plan.document.number == "96/KH-UBND"
    assert str(plan.document.issued_on) == "2020-05-07"
    assert plan.document.issuer == "UBND thành phố Hà Nội"
    assert [g.id for g in plan.goals[:3]] == ["1", "2", "3"]
    assert [s.number for s in plan.sections] == ["I", "II", "III", "IV"]


@needs_ocr
def test_the_scanned_table_page_comes_out_as_rows_and_cells() -> None:
    plan = _mixed_plan()
    tasks = [t for g in plan.appendix.groups for t in g.tasks]
    assert [t.tt for t in tasks] == [str(n) for n in range(1, 11)]
    on_scan = [t for t in tasks if t.source.page == 7]
    assert [t.tt for t in on_scan] == ["3", "4"]
    assert all(t.source.confidence is not None and t.source.confidence > 0.85 for t in on_scan)
    assert (
        on_scan[0].name
        == "Tổ chức phổ biến chuỗi kết nối “Mạng lưới sản xuất và tiêu dùng bền vững”"
    )
    assert on_scan[0].coordinating[1:] == [
        "UBND quận, huyện, thị xã",
        "Các doanh nghiệp trên địa bàn TP",
        "các đơn vị có liên quan",
    ]
    assert on_scan[1].coordinating == [
        "BQL các KCN&CX",
        "UBND quận, huyện, thị xã và các đơn vị có liên quan",
    ]
    assert plan.source.ocr_pages == [1, 7]
    assert set(plan.source.ocr_confidence) == {"1", "7"}


def _share_right(plan: khtool.Plan, name: str) -> float:
    skip = ("source.", "document.issuer_lines", "warnings")
    want = {
        k: str(v)
        for k, v in _flatten(
            yaml.safe_load((GOLDEN / f"{name}.txt.yaml").read_text("utf-8"))
        ).items()
        if not k.startswith(skip) and not k.endswith((".source.page", ".source.line"))
    }
    got = {k: str(v) for k, v in _flatten(plan.to_dict()).items()}
    return sum(got.get(k) == v for k, v in want.items()) / len(want)


@needs_ocr
def test_mixed_file_fields_against_the_golden_plan() -> None:
    assert _share_right(_mixed_plan(), "plan-2020-96-KH-UBND") >= 0.95


@needs_ocr
def test_a_whole_scanned_plan(tmp_path: object) -> None:
    """Every page a grey 200-dpi scan, turned and dusty: at least 95 % of the golden
    fields, compared as scripts/bench_ocr.py compares them (a floor: it only rises)."""
    from pathlib import Path

    from bench_ocr import fields_right

    scan = Path(str(tmp_path)) / "scan.pdf"
    scan.write_bytes(scan_pdf(FIXTURES / "plan-2020-96-KH-UBND.pdf"))
    plan = khtool.parse(scan)
    assert plan.document.number == "96/KH-UBND"
    assert [g.id for g in plan.appendix.groups] == ["I", "II", "III"]
    tasks = [[t.tt for t in g.tasks] for g in plan.appendix.groups]
    assert tasks == [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9", "10"]]
    right, total, wrong = fields_right(plan, "plan-2020-96-KH-UBND")
    assert right / total >= 0.95, wrong
