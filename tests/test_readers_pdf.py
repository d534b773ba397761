"""The PDF reader on the real plans exported by LibreOffice, and on broken PDFs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from khtool.errors import InputError, LimitExceededError
from khtool.limits import Limits
from khtool.parsing.structure import header_columns, split_parts
from khtool.reading import read_document
from khtool.reading.blocks import Document, Paragraph, Table
from khtool.reading.normalize import normalize_document
from khtool.reading.pdf import reader as pdf_reader
from khtool.reading.pdf.layout import Line, join_lines, new_paragraph, split_columns
from tests.conftest import FIXTURES
from tests.pdf_builder import build

PLANS = ["plan-2020-96-KH-UBND", "plan-2025-draft"]


@cache
def document(name: str, fmt: str = "pdf") -> Document:
    return normalize_document(read_document(FIXTURES / f"{name}.{fmt}"))


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def task_table(doc: Document) -> Table:
    return [b for b in doc.blocks if isinstance(b, Table)][-1]


# -- the real plans ----------------------------------------------------------------------


@pytest.mark.parametrize("name", PLANS)
def test_appendix_rows_equal_the_word_table(name: str) -> None:
    """Row by row and cell by cell, the PDF's appendix is the .docx table it came from,
    although LibreOffice broke its rows over pages and repeated the header."""

    def rows(fmt: str) -> list[list[list[str]]]:
        parts = split_parts(document(name, fmt))
        return [r.cells for r in parts.appendix_rows if header_columns(r) is None]

    assert rows("pdf") == rows("docx")


def test_header_repeated_on_each_page_is_marked() -> None:
    table = task_table(document("plan-2025-draft"))
    headers = [r for r in table.rows if r.cells[0] == ["TT"]]
    assert [r.where.page for r in headers] == list(range(8, 18))
    assert [r.is_header for r in headers] == [False] + [True] * 9


def test_a_row_cut_by_a_page_break_is_joined_back() -> None:
    """Task 1 of the 2025 plan starts on page 8 and is cut inside a sentence: page 9
    starts with the rest of its row under the repeated header, with an empty TT."""
    with pdfplumber.open(FIXTURES / "plan-2025-draft.pdf") as pdf:
        header, carried, *_ = pdf.pages[8].extract_tables()[0]
    assert header[0] == "TT" and carried[0] in ("", None)
    rest = " ".join(carried[2].split()[:5])
    row = next(r for r in task_table(document("plan-2025-draft")).rows if r.cells[0] == ["1"])
    assert row.where.page == 8
    content = row.cells[2]
    assert any(f" {rest}" in paragraph for paragraph in content)
    assert not any(paragraph.startswith(rest) for paragraph in content)
    assert content[-1].endswith("phương hướng nhiệm vụ giai đoạn 2026 - 2030.")


def test_group_row_spans_the_table_once() -> None:
    table = task_table(document("plan-2020-96-KH-UBND"))
    group = next(r for r in table.rows if r.cells[0] == ["II"])
    assert group.cells == [["II"], ["Phát triển hệ thống phân phối bền vững"], [], [], [], []]


def test_page_numbers_are_dropped() -> None:
    with pdfplumber.open(FIXTURES / "plan-2020-96-KH-UBND.pdf") as pdf:
        assert pdf.pages[1].extract_text().split("\n")[0] == "2"
    doc = document("plan-2020-96-KH-UBND")
    assert not [t for t in paragraphs(doc) if t.isdigit()]


def test_two_column_header_is_read_column_by_column() -> None:
    assert paragraphs(document("plan-2020-96-KH-UBND"))[:7] == [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HÀ NỘI",
        "Số: 96/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 07 tháng 5 năm 2020",
        "KẾ HOẠCH",
    ]


def test_signature_block_cut_by_a_page_break() -> None:
    """The 2025 signature table breaks from page 6 to page 7; both columns go on."""
    doc = document("plan-2025-draft")
    texts = paragraphs(doc)
    start = texts.index("Nơi nhận:")
    assert texts[start : start + 12] == [
        "Nơi nhận:",
        "- Bộ Công Thương; (để b/c)",
        "- Chủ tịch UBND Thành phố;",
        "- PCT UBND TP Nguyễn Mạnh Quyền;",
        "- Các đơn vị có tên tại Mục IV;",
        "- VPUB: CVP, PCVP Đ.Q.Hùng,",
        "KTN, KGVX, TNMT, KSTTHC, NC, TH;",
        "- Lưu: VT, KTN_{vân}.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Mạnh Quyền",
    ]
    where = [b.where.page for b in doc.blocks if isinstance(b, Paragraph)][start : start + 12]
    assert where == [6, 6, 6, 7, 7, 7, 7, 7, 6, 6, 7, 7]


def test_paragraphs_are_whole_across_lines_and_pages() -> None:
    texts = paragraphs(document("plan-2020-96-KH-UBND"))
    body = paragraphs(document("plan-2020-96-KH-UBND", "docx"))
    # every body paragraph of the Word file comes out whole (the header block aside)
    assert [t for t in texts if t not in body] == [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HÀ NỘI",
        "Số: 96/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 07 tháng 5 năm 2020",
        "TM. ỦY BAN NHÂN DÂN",
    ]


def test_source_pages_and_no_warnings() -> None:
    raw = read_document(FIXTURES / "plan-2020-96-KH-UBND.pdf")
    assert raw.format == "pdf" and raw.pages == 11 and raw.warnings == []


def test_page_limit() -> None:
    data = (FIXTURES / "plan-2020-96-KH-UBND.pdf").read_bytes()
    with pytest.raises(LimitExceededError) as info:
        pdf_reader.read(Path("plan.pdf"), data, Limits(max_pages=5))
    assert info.value.message == (
        "the PDF has 11 pages, over the 5-page limit (raise it with --max-pages)"
    )


# -- hand-made PDFs ----------------------------------------------------------------------


def make_pdf(content: bytes | None, trailer: str = "", extra: list[bytes] | None = None) -> bytes:
    """A minimal valid PDF with one A4 page showing ``content`` (a content stream)."""
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + font
        + (b" /Contents 4 0 R >>" if content is not None else b" >>"),
        b"<< /Length %d >>\nstream\n" % len(content or b"") + (content or b"") + b"\nendstream",
        *(extra or []),
    ]
    return build(objects, trailer=trailer.encode() + b" " if trailer else b"")


def read(data: bytes) -> Document:
    return pdf_reader.read(Path("plan.pdf"), data, Limits())


def test_a_page_with_text_is_read() -> None:
    content = b"BT /F1 12 Tf 72 720 Td (Ke hoach so 96) Tj ET"
    assert paragraphs(read(make_pdf(content))) == ["Ke hoach so 96"]


def test_no_text_layer_is_a_clear_error() -> None:
    scan = b"q 500 0 0 700 50 70 cm 0 0 m 1 1 l S Q"  # drawing only, as a scan has no text
    with pytest.raises(InputError) as info:
        read(make_pdf(scan))
    assert info.value.message == "no text layer (scanned?) — OCR is not supported"


def test_password_protected_pdf() -> None:
    encrypt = (
        b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
    )
    data = make_pdf(b"", "/Encrypt 5 0 R /ID [<0123456789abcdef><0123456789abcdef>]", [encrypt])
    with pytest.raises(InputError) as info:
        read(data)
    assert (
        info.value.message == "the PDF is encrypted with a password; save an unprotected copy first"
    )


def test_junk_named_pdf() -> None:
    with pytest.raises(InputError) as info:
        read(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    assert info.value.message.startswith("not a valid PDF (")


# -- lines into paragraphs ----------------------------------------------------------------


def word(text: str, x0: float, top: float, size: float = 12.0) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x0 + 6.0 * len(text), "top": top, "bottom": top + size}


def line(words: list[dict[str, object]], left: float = 100.0, right: float = 400.0) -> Line:
    return Line(words, 1, left, right)


def test_wrapped_line_goes_on_and_a_short_line_ends_a_paragraph() -> None:
    full = line([word("Tổ", 100, 100), word("chức", 120, 100), word("hội", 360, 100)])
    short = line([word("nghị.", 100, 114)])
    following = line([word("Tổ", 100, 128), word("chức", 120, 128)])
    assert not new_paragraph(full, short, 14.0)
    assert new_paragraph(short, following, 14.0)


def test_spacing_indent_and_markers_start_paragraphs() -> None:
    full = line([word("a", 100, 100), word("b", 388, 100)])
    assert new_paragraph(full, line([word("c", 100, 120)]), 14.0)  # 6 pt of spacing
    assert new_paragraph(full, line([word("c", 136, 114)]), 14.0)  # first-line indent
    ends = line([word("thương", 100, 100), word("mại;", 370, 100)])
    assert new_paragraph(ends, line([word("-", 100, 114), word("Tổ", 110, 114)]), 14.0)
    # a dash at the start of a wrapped line inside a sentence does not
    mid = line([word("Bia", 100, 100), word("Rượu", 370, 100)])
    assert not new_paragraph(mid, line([word("-", 100, 114), word("Nước", 110, 114)]), 14.0)


def test_joined_lines_keep_ranges_whole() -> None:
    assert join_lines(["Tháng 7-", "12/2020"]) == "Tháng 7-12/2020"
    assert join_lines(["Trong quý", "III-IV/2020"]) == "Trong quý III-IV/2020"
    assert join_lines(["Bia -", "Rượu"]) == "Bia - Rượu"


def test_a_wide_gap_splits_columns_but_a_tab_after_a_number_does_not() -> None:
    two = [word("ỦY", 130, 50), word("BAN", 150, 50), word("CỘNG", 320, 50), word("HÒA", 350, 50)]
    assert [len(p) for p in split_columns(two)] == [2, 2]
    numbered = [word("1.", 100, 50), word("Hỗ", 150, 50), word("trợ", 165, 50)]
    assert [len(p) for p in split_columns(numbered)] == [3]
