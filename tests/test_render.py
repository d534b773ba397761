"""khtool render: the layout of the Word file (Nghị định 30/2020/NĐ-CP) and the command."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from khtool.cli import main
from khtool.model import load_plan
from khtool.writing import render_bytes
from khtool.writing.pages import build_pages, date_words, issuer_lines, plan_code
from tests.conftest import ROOT

PLAN_2025 = ROOT / "data" / "plans" / "hanoi-2025-draft.yaml"
PLAN_2020 = ROOT / "data" / "plans" / "hanoi-2020-96-KH-UBND.yaml"


@pytest.fixture(scope="module")
def word() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_bytes(load_plan(PLAN_2020))))


def test_page_setup_and_fonts(word) -> None:
    normal = word.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    first, last = word.sections[0], word.sections[-1]

    def cm(*lengths: object) -> list[float]:
        return [round(x.cm, 2) for x in lengths]  # type: ignore[attr-defined]

    assert cm(first.page_width, first.page_height) == [21.0, 29.7]
    assert cm(first.top_margin, first.left_margin, first.right_margin) == [2.0, 3.0, 1.5]
    assert last.orientation == WD_ORIENT.LANDSCAPE and cm(last.page_width) == [29.7]
    assert first.different_first_page_header_footer  # page numbers from page 2


def test_header_block(word) -> None:
    header = word.tables[0]
    left, right = (c.text.split("\n") for c in header.rows[0].cells)
    assert left[0] == "ỦY BAN NHÂN DÂN"  # the issuer line as the plan's source wrote it
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, date = (c.text for c in header.rows[1].cells)
    assert (number, date) == ("Số: 96/KH-UBND", "Hà Nội, ngày 07 tháng 5 năm 2020")
    texts = [p.text for p in word.paragraphs]
    kind = texts.index("KẾ HOẠCH")
    assert texts[kind + 1].startswith("HÀNH ĐỘNG THỰC HIỆN CHƯƠNG TRÌNH")
    assert texts[kind + 3].startswith("Căn cứ Quyết định số 76/QĐ-TTg ngày 11/01/2016")
    assert "I. MỤC TIÊU, YÊU CẦU" in texts and "4.1. " in " ".join(texts)


def test_signature_block(word) -> None:
    left, right = word.tables[1].rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:" and left.paragraphs[0].runs[0].bold
    assert right.paragraphs[0].text.startswith("TM. ỦY BAN NHÂN DÂN")


def test_appendix_table(word) -> None:
    table = word.tables[-1]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    names = [c.text for c in header.cells]
    assert names[0] == "TT" and "Thời gian thực hiện" in names
    group = table.rows[1]._tr.findall(qn("w:tc"))
    assert len(group) == 2 and group[1].tcPr.find(qn("w:gridSpan")) is not None  # merged
    assert table.rows[1].cells[0].text == "I"


def test_dates_and_blanks() -> None:
    import datetime as dt

    assert date_words(dt.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert date_words(dt.date(2020, 5, 17)) == "ngày 17 tháng 5 năm 2020"
    assert date_words(None, 2025).split() == ["ngày", "tháng", "năm", "2025"]
    plan = load_plan(PLAN_2025)
    assert plan_code(plan) == "KH-UBND"
    assert build_pages(plan).number is not None and build_pages(plan).number.startswith("Số:")


def test_issuer_lines_from_the_short_form() -> None:
    plan = load_plan(PLAN_2025)
    plan.document.issuer, plan.document.parent = "Sở Công Thương tỉnh Lào Cai", "UBND tỉnh Lào Cai"
    lines = issuer_lines(plan)
    assert [(x.text, x.bold) for x in lines] == [
        ("UBND TỈNH LÀO CAI", False),
        ("SỞ CÔNG THƯƠNG", True),
    ]
    plan.document.number = None
    plan.appendix = None
    assert plan_code(plan) == "KH-SCT"


def test_cli_render(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.docx"
    assert main(["render", str(PLAN_2025), "-o", str(out)]) == 0
    assert f"{out.as_posix()}: " in capsys.readouterr().err
    assert docx.Document(str(out)).paragraphs


def test_cli_render_by_year(tmp_path: Path) -> None:
    out = tmp_path / "p.docx"
    assert main(["render", "2020", "-o", str(out)]) == 0 and out.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "2025", "-o", "plan.pdf"], "the output must be a .docx file"),
        (["render", "missing.yaml", "-o", "p.docx"], "missing.yaml"),
        (["render", "1999", "-o", "p.docx"], "no plan of year 1999"),
    ],
)
def test_cli_render_errors(args: list[str], message: str, tmp_path: Path, capsys) -> None:
    args = [str(tmp_path / a) if a.endswith((".pdf", ".docx")) else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert list(tmp_path.iterdir()) == []
