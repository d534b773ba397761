"""Text PDFs through PDFium: the same words and cells as pdfplumber, rotated pages, long
plans whose TT numbers wrap in the narrow number column."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

import khtool
from khtool.limits import Limits
from khtool.reading.pdf import pdfium as pdf_pdfium
from khtool.reading.pdf import reader as pdf
from khtool.reading.pdf.engines import unusable
from khtool.reading.pdf.pdfium import FastPage, words
from tests.conftest import FIXTURES, ROOT
from tests.pdf_builder import grid, one_page, text
from tests.render_support import SOFFICE, to_pdf

REAL = ROOT.parent / "shared" / "realworld" / "docs"
TEXT_PDFS = [
    *sorted(FIXTURES.glob("*.pdf")),
    FIXTURES / "scanned" / "plan-2020-96-KH-UBND-mixed.pdf",
]
REAL_PDFS = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []


def _cells(tables: list[Any]) -> list[list[list[tuple[float, ...] | None]]]:
    return [
        [[None if c is None else tuple(round(v) for v in c) for c in row.cells] for row in t.rows]
        for t in tables
    ]


def _same_pages(path: Path) -> int:
    """Assert PDFium's words and table cells equal pdfplumber's on every page whose
    text layer pdfplumber reads as text; the number of pages compared."""
    compared = 0
    doc = pypdfium2.PdfDocument(path)
    try:
        with pdfplumber.open(path) as reference:
            for n, page in enumerate(reference.pages):
                want = page.extract_words()
                if not want or unusable(want) is not None:
                    continue
                fast = FastPage(doc[n])
                got = fast.extract_words()
                assert [w["text"] for w in got] == [w["text"] for w in want], (path.name, n + 1)
                # PDFium's box of an accented letter may reach past its advance
                # (ế: 1.6 pt at 12 pt), pdfminer's stops at it
                assert all(
                    abs(a["x0"] - b["x0"]) < 1.0 and abs(a["x1"] - b["x1"]) < 2.0
                    for a, b in zip(got, want, strict=True)
                ), (path.name, n + 1)
                assert _cells(fast.find_tables()) == _cells(page.find_tables()), (path.name, n + 1)
                assert (round(fast.width), round(fast.height)) == (
                    round(page.width),
                    round(page.height),
                )
                fast.close()
                compared += 1
    finally:
        doc.close()
    return compared


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.name)
def test_pdfium_gives_pdfplumbers_words_and_cells(path: Path) -> None:
    assert _same_pages(path) >= 9  # the mixed fixture's scanned pages are left out


@pytest.mark.skipif(not REAL_PDFS, reason="the real plans in ../shared/realworld are absent")
def test_pdfium_gives_pdfplumbers_words_and_cells_on_real_plans() -> None:
    for path in REAL_PDFS:
        _same_pages(path)  # a scan or a broken-font plan has no page pdfplumber reads


def _without_pdfium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "_open_pdfium", lambda data: None)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.pdf")), ids=lambda p: p.name)
def test_both_engines_parse_the_same_plan(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = khtool.parse(path).to_yaml()
    _without_pdfium(monkeypatch)
    assert khtool.parse(path).to_yaml() == fast


def test_a_text_pdf_does_not_open_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pdfplumber opened for a text PDF")

    monkeypatch.setattr(pdfplumber, "open", refuse)
    plan = khtool.parse(FIXTURES / "plan-2025-draft.pdf")
    assert len([t for g in plan.appendix.groups for t in g.tasks]) > 10


def test_unchecked_pdfium_calls_return_what_the_declared_ones_do() -> None:
    """The reader calls PDFium's per-character functions without ctypes' argument
    conversions (``reading.pdf.pdfium._bare``): on every character of a fixture page they
    return what pypdfium2's declared functions return."""
    doc = pypdfium2.PdfDocument(FIXTURES / "plan-2025-draft.pdf")
    try:
        textpage = doc[1].get_textpage()
        raw, count = textpage.raw, textpage.count_chars()
        assert count > 1000
        rect, x, y = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
        for i in range(count):
            assert pdf_pdfium._LOOSE_BOX(raw, i, ctypes.byref(rect)) == 1
            box = (rect.left, rect.bottom, rect.right, rect.top)
            assert box == textpage.get_charbox(i, loose=True)
            assert pdf_pdfium._ORIGIN(raw, i, ctypes.byref(x), ctypes.byref(y)) == 1
            origin = (x.value, y.value)
            assert pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y))
            assert origin == (x.value, y.value)
            size = pdf_pdfium._FONT_SIZE(raw, i)
            assert size == pdfium_c.FPDFText_GetFontSize(raw, i)
            assert pdf_pdfium._ANGLE(raw, i) == pdfium_c.FPDFText_GetCharAngle(raw, i)
        assert 14.0 in {pdf_pdfium._FONT_SIZE(raw, i) for i in range(count)}  # the body's
    finally:
        doc.close()


# -- words from characters (top, x0, x1, bottom, text) -----------------------------------


def _chars(spec: list[tuple[str, float, float]], top: float = 100.0) -> list[Any]:
    """Characters (text, x0, x1) on a line at ``top``; a space of no width is one PDFium
    put in."""
    return [(x0, int(ch != " " or x1 > x0), top, x1, top + 12, ch) for ch, x0, x1 in spec]


def test_real_spaces_and_wide_gaps_break_words() -> None:
    chars = _chars([("a", 0, 6), ("b", 6, 12), (" ", 12, 15), ("c", 15, 21), ("d", 25, 31)])
    assert [w["text"] for w in words(chars)] == ["ab", "c", "d"]


def test_an_inferred_space_breaks_a_word_only_where_there_is_room() -> None:
    # "Nhiệm" with its ệ drawn last: PDFium puts a space of no width at m; "Sở Công"
    # with the space at the end of ở, the next word 4 pt on
    nhiem = _chars([("i", 143.4, 146.7), (" ", 154.4, 154.4), ("m", 154.4, 164.4)])
    nhiem += _chars([("ệ", 146.8, 154.4)])
    assert [w["text"] for w in words(nhiem)] == ["iệm"]
    so = _chars([("S", 238.1, 245.9), (" ", 254.7, 254.7), ("C", 258.7, 268.1)])
    so += _chars([("ở", 246.1, 255.1)])
    assert [w["text"] for w in words(so)] == ["Sở", "C"]


def test_lines_cluster_by_top_and_read_left_to_right() -> None:
    chars = [
        *_chars([("y", 16, 22)], top=101.5),
        *_chars([("x", 10, 16)]),
        *_chars([("z", 0, 6)], 140),
    ]
    assert [(w["text"], w["top"]) for w in words(chars)] == [("xy", 100.0), ("z", 140)]


# -- rotated pages -----------------------------------------------------------------------

LINES = ["Ke hoach so 96 nam 2025", "Dong thu hai cua ke hoach"]


def _read(data: bytes) -> pdf.PdfDocument:
    return pdf.read(Path("plan.pdf"), data, Limits())


def test_a_page_turned_by_rotate_alone_is_read_as_its_text_runs() -> None:
    doc = _read(one_page(text(LINES, 72, 720), b"/Rotate 90 "))
    assert [b.text for b in doc.blocks] == [" ".join(LINES)]  # type: ignore[attr-defined]
    assert doc.warnings == [
        "page 1 is turned by /Rotate 90, which shows its text sideways or upside down; "
        "it was read with its text upright"
    ]


def test_a_landscape_page_drawn_turned_and_rotated_back_reads_without_a_word() -> None:
    upward = text(LINES, 0, 0, matrix="0 1 -1 0 300 100")  # text running up the page
    doc = _read(one_page(upward, b"/Rotate 90 "))
    assert [b.text for b in doc.blocks] == [" ".join(LINES)]  # type: ignore[attr-defined]
    assert doc.warnings == []


@pytest.mark.parametrize(
    ("matrix", "how"),
    [
        ("0 1 -1 0 300 100", "sideways"),
        ("0 -1 1 0 300 700", "sideways"),
        ("-1 0 0 -1 500 100", "upside down"),
    ],
)
def test_text_drawn_turned_is_read_upright(matrix: str, how: str) -> None:
    doc = _read(one_page(text(LINES, 0, 0, matrix=matrix)))
    assert [b.text for b in doc.blocks] == [" ".join(LINES)]  # type: ignore[attr-defined]
    assert doc.warnings == [f"page 1 has its text drawn {how}; it was read turned upright"]


# -- TT numbers wrapped in a narrow column -----------------------------------------------


def _narrow_tt_table() -> bytes:
    """A ruled table whose 16-pt TT column wraps 100 as 10 / 0 and 101 as 10 / 1."""
    xs, ys = [50.0, 66.0, 400.0], [700.0, 670.0, 640.0, 610.0, 580.0]
    rows = [
        (["TT"], ["Noi dung"]),
        (["99"], ["Viec 99"]),
        (["10", "0"], ["Viec 100"]),
        (["10", "1."], ["Viec 101"]),
    ]
    content = grid(xs, ys)
    for (tt, name), y in zip(rows, ys, strict=False):
        content += b" " + text(tt, 52, y - 11, size=9) + b" " + text(name, 70, y - 11, size=9)
    return one_page(content)


def test_a_tt_wrapped_in_a_narrow_column_is_one_number() -> None:
    table = _read(_narrow_tt_table()).blocks[0]
    assert [row.cells[0] for row in table.rows] == [["TT"], ["99"], ["100"], ["101."]]  # type: ignore[attr-defined]
    assert [row.cells[1] for row in table.rows][2] == ["Viec 100"]  # type: ignore[attr-defined]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_row_of_a_130_task_pdf_is_read(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_scale import PLAN_B, synthetic_plan

    from khtool.model import load_plan
    from khtool.writing import render_bytes

    docx = tmp_path / "long.docx"
    docx.write_bytes(render_bytes(synthetic_plan(load_plan(PLAN_B), 130)))
    plan = khtool.parse(to_pdf(docx))
    tts = sorted(int(t.tt) for g in plan.appendix.groups for t in g.tasks)
    assert tts == list(range(1, 131))
    assert not [w for w in plan.warnings if "row skipped" in w]


# -- a box drawn inside a table cell -----------------------------------------------------


def test_a_box_inside_a_cell_is_part_of_the_cell_not_a_second_table() -> None:
    """A bordered paragraph inside a cell (as word processors export it) is found as a
    small table of its own; its words stay in the cell and the table stays whole."""
    xs, ys = [50.0, 80.0, 400.0], [700.0, 670.0, 600.0, 570.0]
    content = grid(xs, ys)
    content += b" " + grid([90.0, 390.0], [660.0, 640.0, 620.0])  # the inner box: 2 rows
    cells = [(["TT"], ["Noi dung"], 689.0), (["1"], ["Viec mot", "dong hai"], 659.0)]
    cells.append((["2"], ["Viec hai"], 589.0))
    for tt, name, y in cells:
        name_y = 655.0 if tt == ["1"] else y  # row 1's words inside the inner box
        content += b" " + text(tt, 55, y, size=9) + b" " + text(name, 95, name_y, size=9)
    document = _read(one_page(content))
    tables = [b for b in document.blocks if hasattr(b, "rows")]
    assert len(tables) == 1
    rows = [row.cells for row in tables[0].rows]  # type: ignore[attr-defined]
    assert rows == [
        [["TT"], ["Noi dung"]],
        [["1"], ["Viec mot", "dong hai"]],
        [["2"], ["Viec hai"]],
    ]
