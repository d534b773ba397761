"""Tables of plans converted from Word to Markdown or plain text: grid tables
(pandoc markdown/plain), HTML tables inside Markdown (pandoc gfm) and markdown pipe
tables (markitdown), on small invented plans."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import khtool
from khtool.limits import Limits
from khtool.reading.blocks import Paragraph, Table
from khtool.reading.text.grid_tables import cell_paragraphs, grid_block_end, parse_grid
from khtool.reading.text.numbering import number_lost_tt
from khtool.reading.text.reader import split_lines
from khtool.reading.text.tables import split_text_tables
from tests.conftest import FIXTURES
from tests.test_hardening_support import khtool as run_khtool
from tests.test_hardening_support import one_line

FORMS = FIXTURES / "text-tables"
GRID = r"""
+----+-------------------+-----------+
| TT | Nội dung          | Đơn vị    |
|    |                   | chủ trì   |
+:==:+:==================+:=========:+
| I  | **Hạ tầng**                   |
+----+-------------------+-----------+
| 1  | Rà soát, cập nhật | Sở Tài    |
|    | số liệu           | chính     |
+----+-------------------+           +
| 2  | \- Lập danh mục;  |           |
|    |                   |           |
|    | \- Báo cáo        |           |
+----+-------------------+-----------+
"""


def _table(text: str) -> Table:
    lines = text.strip().splitlines()
    assert grid_block_end(lines, 0) == len(lines)
    table = parse_grid(lines, 1)
    assert table is not None
    return table


def test_a_grid_table_joins_wrapped_lines_and_marks_its_header() -> None:
    table = _table(GRID)
    assert [r.is_header for r in table.rows] == [True, False, False, False]
    assert table.rows[0].cells == [["TT"], ["Nội dung"], ["Đơn vị chủ trì"]]
    assert table.rows[2].cells == [["1"], ["Rà soát, cập nhật số liệu"], ["Sở Tài chính"]]
    assert [r.where.line for r in table.rows] == [2, 5, 7, 10]


def test_a_grid_table_spans_columns_and_rows() -> None:
    table = _table(GRID)
    assert table.rows[1].cells == [["I"], ["**Hạ tầng**"], []]  # one cell over two columns
    # the unit cell covers tasks 1 and 2 (the rule between them lacks its dashes):
    # a new record (its own TT) gets the merged cell's text, as from .docx or HTML
    assert table.rows[3].cells == [["2"], ["- Lập danh mục;", "- Báo cáo"], ["Sở Tài chính"]]


def test_cell_lines_become_paragraphs_at_blank_lines_bullets_and_hard_breaks() -> None:
    lines = ["Thực hiện", "rà soát:", "+ Quý I;", "+ Quý II", "", "KT. GIÁM ĐỐC\\", "PHÓ GIÁM ĐỐC"]
    assert cell_paragraphs(lines) == [
        "Thực hiện rà soát:",
        "+ Quý I;",
        "+ Quý II",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ]


def test_a_drawing_that_does_not_close_stays_text() -> None:
    text = "+----+----+\n| a  | b\n| c  | d  |\n+----+----+\nSau bảng.\n"
    blocks = split_text_tables(text, Limits())
    assert not any(isinstance(b, Table) and b.rows[0].cells == [["a"], ["b"]] for b in blocks)
    assert blocks[-1] == Paragraph("Sau bảng.", blocks[-1].where)
    assert blocks[-1].where.line == 5


def test_body_lines_with_plus_and_bar_stay_paragraphs() -> None:
    text = (
        "+ Phấn đấu tăng 10% (A + B).\n"
        "+------+\n"
        "Tỷ lệ đạt 30%|40% theo <table> cũ\n"
        "<table class='x'>\n"
        "+ Không có bảng nào.\n"
    )
    assert split_text_tables(text, Limits()) == split_lines(text)
    assert all(isinstance(b, Paragraph) for b in split_lines(text))


def test_an_html_table_in_markdown_is_read_by_the_html_reader() -> None:
    text = (
        "Mở đầu.\n"
        "\n"
        '<table style="width:100%;">\n'
        "<thead>\n"
        "<tr><th>TT</th><th>Nội dung</th><th>Thời gian</th></tr>\n"
        "</thead>\n"
        "<tbody>\n"
        '<tr><td>I</td><td colspan="2"><strong>Hạ tầng</strong></td></tr>\n'
        "<tr><td>1</td><td><p>Rà soát</p><p>- Quý I</p></td><td>Quý II/2026<br />"
        "(trước 30/6)</td></tr>\n"
        "</tbody>\n"
        "</table>\n"
        "\n"
        "Kết thúc.\n"
    )
    blocks = split_text_tables(text, Limits())
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert [r.cells for r in table.rows] == [
        [["TT"], ["Nội dung"], ["Thời gian"]],
        [["I"], ["Hạ tầng"], []],
        [["1"], ["Rà soát", "- Quý I"], ["Quý II/2026", "(trước 30/6)"]],
    ]
    assert [r.is_header for r in table.rows] == [True, False, False]
    assert [r.where.line for r in table.rows] == [5, 8, 9]  # the markdown file's lines
    assert blocks[2].where.line == 13


def test_markdown_pipe_cells_split_at_paragraph_gaps_and_keep_their_tt() -> None:
    text = (
        "| TT | Nội dung | Đơn vị chủ trì |\n"
        "| --- | --- | --- |\n"
        "| 1 | Rà soát | Sở Tài chính  Sở Nội vụ |\n"
        "| 2 | Báo cáo | Sở Nội vụ |\n"
    )
    (table,) = split_text_tables(text, Limits())
    assert isinstance(table, Table)
    assert table.rows[1].cells == [["1"], ["Rà soát"], ["Sở Tài chính", "Sở Nội vụ"]]
    assert table.rows[2].cells[0] == ["2"]


def test_pipe_text_without_a_markdown_separator_keeps_its_spacing() -> None:
    text = "| 1 | Rà soát | Sở Tài chính  Sở Nội vụ |\n"
    (table,) = split_text_tables(text, Limits())
    assert isinstance(table, Table)
    assert table.rows[0].cells[2] == ["Sở Tài chính  Sở Nội vụ"]


def test_lost_tt_numbers_are_written_back_after_each_group() -> None:
    table = _table(GRID)
    for row in table.rows[2:]:
        row.cells[0] = []
    numbered = number_lost_tt(table)
    assert [r.cells[0] for r in numbered.rows] == [["TT"], ["I"], ["1"], ["2"]]


def test_a_table_with_its_tt_written_is_left_alone() -> None:
    table = _table(GRID)
    table.rows[3].cells[0] = []  # one row without TT: a continuation, not a lost number
    assert number_lost_tt(table) is table


@pytest.mark.parametrize(
    "name", ["plan-pandoc.md", "plan-plain.txt", "plan-gfm.md", "plan-markitdown.md"]
)
def test_an_invented_plan_reads_the_same_in_every_converted_form(name: str) -> None:
    plan = khtool.parse(FORMS / name)
    doc = plan.document
    assert (doc.issuer, doc.number, str(doc.issued_on), doc.place) == (
        "UBND tỉnh Bắc Ngàn",
        "21/KH-UBND",
        "2026-02-03",
        "Bắc Ngàn",
    )
    assert doc.title == "Phát triển thương mại điện tử năm 2026"
    assert plan.appendix is not None
    got = [
        (g.id, g.title, t.tt, t.name, t.lead, t.coordinating,
         t.timeline and (t.timeline.text, t.timeline.start, t.timeline.end))
        for g in plan.appendix.groups
        for t in g.tasks
    ]  # fmt: skip
    assert got == [
        ("I", "Hạ tầng", "1", "Xây dựng cổng thông tin sản phẩm địa phương", ["Sở Công Thương"],
         ["Sở Khoa học và Công nghệ", "UBND các huyện"], ("Quý II/2026", "2026-04", "2026-06")),
        ("I", "Hạ tầng", "2", "Tập huấn cho 200 hộ kinh doanh", ["Sở Công Thương"],
         ["Hội Liên hiệp Phụ nữ tỉnh"], ("Tháng 5-9/2026", "2026-05", "2026-09")),
        ("II", "Quảng bá", "1", "Tổ chức tuần lễ mua sắm trực tuyến", ["Sở Công Thương"],
         ["Các doanh nghiệp"], ("Hàng năm", None, None)),
    ]  # fmt: skip
    assert plan.appendix.notes == ["Kinh phí theo phân cấp."]


def _tasks(path: Path) -> list[tuple[object, ...]]:
    plan = khtool.parse(path)
    assert plan.appendix is not None
    groups = plan.appendix.groups
    return [
        (g.id, t.tt, t.name, t.lead, t.coordinating, t.timeline and t.timeline.end)
        for g in groups
        for t in g.tasks
    ]


def _pandoc() -> object:
    pypandoc = pytest.importorskip("pypandoc")
    try:
        pypandoc.get_pandoc_version()
    except OSError:
        pytest.skip("pandoc is not installed")
    return pypandoc


@pytest.mark.parametrize("to", ["markdown", "gfm", "plain"])
def test_the_docx_fixture_converted_by_pandoc_reads_like_the_docx(to: str, tmp_path: Path) -> None:
    pypandoc = _pandoc()
    source = FIXTURES / "plan-2025-draft.docx"
    out = tmp_path / ("plan.txt" if to == "plain" else "plan.md")
    pypandoc.convert_file(str(source), to, outputfile=str(out))  # type: ignore[attr-defined]

    expected = _tasks(source)
    assert len(expected) > 3
    assert _tasks(out) == expected


@pytest.mark.skipif(shutil.which("markitdown") is None, reason="markitdown is not installed")
def test_the_docx_fixture_converted_by_markitdown_reads_like_the_docx(tmp_path: Path) -> None:
    import subprocess

    source = FIXTURES / "plan-2025-draft.docx"
    out = tmp_path / "plan.md"
    converted = subprocess.run(
        ["markitdown", str(source)], capture_output=True, check=True, timeout=120
    )
    out.write_bytes(converted.stdout)
    assert _tasks(out) == _tasks(source)


# -- hostile drawings: bounded work, the usual one-line refusals ------------------------


def test_a_lattice_that_never_closes_costs_bounded_work(tmp_path: Path) -> None:
    """Every '+' opens a cell whose sides run the whole height but no bottom closes it:
    the search gives up within its budget, the drawing stays text, the plan is read."""
    width, height = 400, 2_000
    top = "+" + "-+" * width
    side = "|" + "+" * (2 * width)
    path = tmp_path / "lattice.md"
    plan = (FORMS / "plan-pandoc.md").read_text("utf-8")
    path.write_text(plan + "\n" + "\n".join([top, *[side] * height, top]) + "\n", "utf-8")
    out = tmp_path / "out.yaml"
    result = run_khtool("parse", path, "-o", out)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    appendix = yaml.safe_load(out.read_text("utf-8"))["appendix"]
    names = [t["name"] for g in appendix["groups"] for t in g["tasks"]]
    assert names == [
        "Xây dựng cổng thông tin sản phẩm địa phương",
        "Tập huấn cho 200 hộ kinh doanh",
        "Tổ chức tuần lễ mua sắm trực tuyến",
    ]


def test_a_grid_table_wider_than_the_column_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.md"
    rule = "+" + "---+" * 30
    path.write_text(f"{rule}\n|" + " x |" * 30 + f"\n{rule}\n", "utf-8")
    out = tmp_path / "out.yaml"
    result = run_khtool("parse", path, "-o", out, "--max-columns", "20")
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: a table row spans 30 columns (gridSpan, gridBefore or colspan), "
        "over the limit of 20 columns; refused (raise it with --max-columns)"
    )
    assert not out.exists()


def test_an_html_table_in_markdown_keeps_the_attribute_limit(tmp_path: Path) -> None:
    attributes = " ".join(f'a{i}="x"' for i in range(60))
    path = tmp_path / "attrs.md"
    path.write_text(f"Mở đầu.\n\n<table>\n<tr><td {attributes}>x</td></tr>\n</table>\n", "utf-8")
    out = tmp_path / "out.yaml"
    result = run_khtool("parse", path, "-o", out, "--max-attributes", "50")
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: an element (line 4) has 60 attributes, over the limit of 50; "
        "refused (raise it with --max-attributes)"
    )
    assert not out.exists()
