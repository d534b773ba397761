"""Which engine reads a PDF page: the text layer, PDFium, or OCR (no Tesseract needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import khtool
from khtool.errors import InputError
from khtool.limits import Limits
from khtool.reading.ocr import tesseract as ocr
from khtool.reading.pdf import reader as pdf
from khtool.reading.pdf.engines import pdfium_words, unusable
from khtool.reading.pdf.fallback import page_list
from tests.conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))

MIXED = FIXTURES / "scanned" / "plan-2020-96-KH-UBND-mixed.pdf"


def _words(text: str) -> list[dict[str, object]]:
    return [{"text": w} for w in text.split()]


def test_vietnamese_text_is_usable() -> None:
    assert (
        unusable(_words("Kế hoạch thực hiện chương trình sản xuất và tiêu dùng bền vững")) is None
    )


def test_glyph_codes_are_not_text() -> None:
    reason = unusable(_words("(cid:54)(cid:1250) CÔNG (cid:7)(cid:43)(cid:88) kế hoạch"))
    assert reason is not None and reason.startswith("(cid:NN) glyph codes for")


def test_private_use_characters_are_not_text() -> None:
    assert "private-use" in (unusable(_words("\ue001\ue002\ue003 ho\ue004ch")) or "")


def test_shifted_font_codes_are_not_vietnamese_syllables() -> None:
    # a font map shifted by a constant: THƯƠNG comes out as 7+ѬѪ1* (invented sample)
    shifted = "6Ӣ 7+ѬѪ1* 0өF tiêu ĈӝF OұS +ҥQK Vӕ FӫD WӍQK ÿӏQK KRҥFK"
    assert "Vietnamese syllables" in (unusable(_words(shifted)) or "")


def test_page_list() -> None:
    assert page_list([3]) == "page 3"
    assert page_list([1, 2, 3, 4, 7]) == "pages 1–4, 7"
    assert page_list([1, 7]) == "pages 1, 7"


def test_pdfium_reads_the_same_words_as_pdfplumber() -> None:
    import pdfplumber
    import pypdfium2

    source = FIXTURES / "plan-2020-96-KH-UBND.pdf"
    with pdfplumber.open(source) as doc:
        want = [w["text"] for w in doc.pages[0].extract_words()]
    got = [w["text"] for w in pdfium_words(pypdfium2.PdfDocument(source)[0])]
    assert "96/KH-UBND" in got
    assert len(set(got) & set(want)) > 0.9 * len(set(want))


def test_a_text_pdf_never_starts_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("OCR started on a text PDF")

    monkeypatch.setattr(ocr, "tesseract", refuse)
    plan = khtool.parse(FIXTURES / "plan-2020-96-KH-UBND.pdf")
    assert plan.document.number == "96/KH-UBND"


def test_missing_tesseract_names_the_pages_and_the_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        ocr, "missing", lambda: f"Tesseract's Vietnamese model is not installed ({ocr.INSTALL})"
    )
    with pytest.raises(InputError) as info:
        pdf.read(MIXED, MIXED.read_bytes(), Limits())
    assert info.value.message == (
        "pages 1, 7 need OCR (no text layer), but Tesseract's Vietnamese model is not "
        "installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
    )


def test_ocr_never_skips_the_scanned_pages() -> None:
    doc = pdf.read(MIXED, MIXED.read_bytes(), Limits(ocr="never"))
    assert doc.ocr_pages == []
    assert "page 1 has no text (a scanned page?); it was skipped" in doc.warnings
    assert "page 7 has no text (a scanned page?); it was skipped" in doc.warnings
    assert {b.where.page for b in doc.blocks} >= {2, 3, 4, 5, 6}
    assert 1 not in {b.where.page for b in doc.blocks}


def test_ocr_never_on_a_scan_is_one_clear_error(tmp_path: Path) -> None:
    from make_scanned_fixtures import scan_pdf

    scan = tmp_path / "scan.pdf"
    data = scan_pdf(FIXTURES / "plan-2020-96-KH-UBND.pdf", bilevel=True)
    scan.write_bytes(data)
    with pytest.raises(InputError) as info:
        pdf.read(scan, data, Limits(ocr="never"))
    assert info.value.message == "no text layer (scanned?) and OCR is off (--ocr never)"
