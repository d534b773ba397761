"""Task tables whose cells arrive one per line (text dumps), on an invented plan."""

from __future__ import annotations

from pathlib import Path

import khtool
from khtool.reading.blocks import Paragraph, Provenance, Table
from khtool.reading.cell_lines import rebuild_cell_lines
from tests.conftest import FIXTURES

PLAN = FIXTURES / "layouts" / "cells-one-per-line.txt"


def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, Provenance(None, i)) for i, t in enumerate(texts, start=1)]


def test_the_table_is_rebuilt_row_by_row() -> None:
    plan = khtool.parse(PLAN)
    assert plan.appendix is not None
    got = [
        (g.id, t.tt, t.name, t.lead, t.coordinating, t.timeline and t.timeline.end)
        for g in plan.appendix.groups
        for t in g.tasks
    ]
    assert got == [
        ("I", "1", "Xây dựng cổng thông tin sản phẩm địa phương", ["Sở Công Thương"],
         ["Sở Khoa học và Công nghệ", "UBND các huyện"], "2026-06"),
        ("I", "2", "Tập huấn cho 200 hộ kinh doanh", ["Sở Công Thương"],
         ["Hội Liên hiệp Phụ nữ tỉnh"], "2026-09"),
        ("II", "1", "Tổ chức tuần lễ mua sắm trực tuyến", ["Sở Công Thương"],
         ["Các doanh nghiệp"], None),
    ]  # fmt: skip
    assert plan.appendix.title == "DANH MỤC NHIỆM VỤ NĂM 2026"
    assert plan.appendix.notes == ["Kinh phí theo phân cấp."]
    assert plan.document.number == "21/KH-UBND"


def test_a_row_with_fewer_lines_fills_its_first_cells() -> None:
    blocks = rebuild_cell_lines(
        _paragraphs("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "1", "Rà soát", "2", "Báo cáo", "Sở Nội vụ")
    )  # fmt: skip
    (table,) = blocks
    assert isinstance(table, Table)
    assert [r.cells for r in table.rows[1:]] == [
        [["1"], ["Rà soát"], [], []],
        [["2"], ["Báo cáo"], ["Sở Nội vụ"], []],
    ]


def test_column_names_in_prose_are_left_alone() -> None:
    """A lone 'Nhiệm vụ' line is not a header: fewer than three columns, no TT first."""
    texts = ("Nhiệm vụ", "Thời gian", "1", "Một câu văn.")
    assert rebuild_cell_lines(_paragraphs(*texts)) == _paragraphs(*texts)


def test_plain_text_without_tables_is_unchanged(tmp_path: Path) -> None:
    blocks = _paragraphs("I. MỤC TIÊU", "1. Tăng 10% doanh thu.")
    assert rebuild_cell_lines(blocks) == blocks
