"""khtool.parsing.columns: which column of a task table holds which Task field."""

from __future__ import annotations

from pathlib import Path

import pytest

import khtool
from khtool.parsing.columns import (
    find_header,
    header_columns,
    header_field,
    is_column_number_row,
    read_columns,
)
from khtool.reading.blocks import Row


def _row(*cells: str) -> Row:
    return Row([[c] if c else [] for c in cells])


FIELDS: list[tuple[str, str | None]] = [
    # exact variants
    ("STT", "tt"),
    ("Số thứ tự", "tt"),
    ("Tên nhiệm vụ", "name"),
    ("**Danh mục nhiệm vụ**", "name"),  # markup is ignored
    ("Nội dung", "content"),
    ("Nội dung thực hiện", "content"),
    ("Chỉ tiêu, kế hoạch", "targets"),
    ("Sản phẩm đầu ra", "targets"),
    ("Đơn vị chủ trì", "lead"),
    ("CƠ QUAN CHỦ TRÌ:", "lead"),  # case and a trailing colon
    ("Đơn vị phối hợp", "coordinating"),
    ("Đơn vị thực hiện", "units"),
    ("Thời gian thực hiện", "timeline"),
    ("Tiến độ thực hiện", "timeline"),
    # keyword rules, in order
    ("Số TT (1)", "tt"),
    ("Cơ quan chủ trì và phối hợp", "units"),  # all of [chủ trì, phối hợp]
    ("Cán bộ thực hiện", "lead"),
    ("Đơn vị được giao phối hợp", "coordinating"),
    ("Thời hạn hoàn thành", "timeline"),
    ("Thời điểm báo cáo", "timeline"),
    ("Kết quả đầu ra dự kiến", "targets"),
    ("Tên đề án, dự án", "name"),
    ("Hoạt động", "name"),
    ("Mô tả", "content"),
    # nothing
    ("Ghi chú", None),
    ("Kinh phí", None),
    ("Địa điểm", None),
    ("Thực hiện", None),
    ("", None),
    ("Nhiệm vụ " * 12, None),  # a sentence longer than 80 characters
]


@pytest.mark.parametrize(("text", "field"), FIELDS)
def test_header_field(text: str, field: str | None) -> None:
    assert header_field(text) == field


ONE_ROW: list[tuple[tuple[str, ...], dict[int, str] | None]] = [
    (
        ("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"),
        {0: "tt", 1: "name", 2: "lead", 3: "coordinating", 4: "timeline"},
    ),
    # a content column stands in for a missing name column
    (
        ("STT", "Nội dung", "Đơn vị thực hiện", "Thời gian"),
        {0: "tt", 1: "name", 2: "units", 3: "timeline"},
    ),
    # a second column reading as a field already taken is an extra column
    (
        ("TT", "Nhiệm vụ", "Chủ trì", "Nhiệm vụ khác", "Thời gian"),
        {0: "tt", 1: "name", 2: "lead", 4: "timeline"},
    ),
    # a name but no unit or time column: not a task table
    (("STT", "Nội dung", "Ghi chú"), None),
    (("STT", "Tên nhiệm vụ"), None),
    # units or time but no name
    (("TT", "Đơn vị chủ trì", "Thời gian"), None),
]


@pytest.mark.parametrize(("cells", "fields"), ONE_ROW)
def test_one_row_header(cells: tuple[str, ...], fields: dict[int, str] | None) -> None:
    columns = read_columns([_row(*cells)])
    if fields is None:
        assert columns is None
        assert header_columns(_row(*cells)) is None
    else:
        assert columns is not None
        assert (columns.fields, columns.rows) == (fields, 1)
        assert header_columns(_row(*cells)) == fields
        assert columns.headers[1] == cells[1]


def test_two_row_header_with_sub_headers_under_thuc_hien() -> None:
    rows = [
        _row("TT", "Nội dung nhiệm vụ", "Thực hiện", "", "Thời gian"),
        _row("", "", "Đơn vị chủ trì", "Đơn vị phối hợp", ""),
        _row("(1)", "(2)", "(3)", "(4)", "(5)"),
        _row("1", "Rà soát quy hoạch", "Sở Xây dựng", "Sở Tài chính", "Quý II/2026"),
    ]
    columns = read_columns(rows, 0)
    assert columns is not None
    assert columns.rows == 2
    assert columns.fields == {0: "tt", 1: "name", 2: "lead", 3: "coordinating", 4: "timeline"}
    assert columns.headers[2] == "Đơn vị chủ trì" and columns.headers[3] == "Đơn vị phối hợp"
    assert columns.index("coordinating") == 3
    assert columns.index("targets") is None


def test_first_data_row_is_not_a_sub_header() -> None:
    rows = [
        _row("TT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
        _row("1", "Tập huấn cán bộ", "Sở Nội vụ", "Tháng 5/2026"),
    ]
    columns = read_columns(rows)
    assert columns is not None and columns.rows == 1


def test_sub_header_row_that_names_nothing_new_is_ignored() -> None:
    rows = [
        _row("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"),
        _row("", "Nội dung", "", "", ""),  # reads as content, adds no unit or time field
    ]
    columns = read_columns(rows)
    assert columns is not None
    assert columns.rows == 1
    assert (columns.fields[1], columns.headers[1]) == ("name", "Nhiệm vụ")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([_row("TT", "Nhiệm vụ", "Chủ trì", "Thời gian")], 0),
        (
            [
                _row("BIỂU TỔNG HỢP NHIỆM VỤ"),
                _row(""),
                _row("TT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
            ],
            2,
        ),
        (
            [
                _row("a"),
                _row("b"),
                _row("c"),
                _row("d"),
                _row("TT", "Nhiệm vụ", "Chủ trì", "Thời gian"),
            ],
            None,
        ),
        ([_row("Họ và tên", "Chức vụ", "Ghi chú")], None),
        ([], None),
    ],
)
def test_find_header(rows: list[Row], expected: int | None) -> None:
    found = find_header(rows)
    assert (found[0] if found else None) == expected


def test_read_columns_past_the_end() -> None:
    assert read_columns([_row("TT", "Nhiệm vụ", "Chủ trì")], start=1) is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (("(1)", "(2)", "(3)", "(4)"), True),
        (("1", "2", "3"), True),
        (("A", "B", "C"), True),
        (("( 1 )", "(2)", ""), True),  # empty cells are skipped
        (("(1)",), False),  # one number is not a row of column numbers
        (("(1)", "Rà soát"), False),
        (("(a)", "(b)"), False),
        (("", ""), False),
        (("123", "124"), False),
        (("", "Œ)", "(2)", "(3)", "(4)", "(5)"), True),  # OCR read one (1) wrong
        (("(1)", "(2)", "Rà soát"), False),  # two are not enough for a misread one
        (("(1)", "(2)", "(3)", "Rà soát, điều chỉnh"), False),
        (("Œ)", "x)", "(3)", "(4)", "(5)"), False),  # one misread cell at most
    ],
)
def test_is_column_number_row(cells: tuple[str, ...], expected: bool) -> None:
    assert is_column_number_row(_row(*cells)) is expected


PLAN = """\
ỦY BAN NHÂN DÂN TỈNH NAM ĐỒNG
Số: 205/KH-UBND
Nam Đồng, ngày 22 tháng 4 năm 2026
KẾ HOẠCH
Phát triển kinh tế tập thể tỉnh Nam Đồng năm 2026
I. MỤC TIÊU
1. Thành lập mới 40 hợp tác xã.
II. NHIỆM VỤ
1. Các nhiệm vụ cụ thể tại Phụ lục kèm theo.
Nơi nhận:
- Như trên;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lương Văn Tiến
PHỤ LỤC
DANH MỤC NHIỆM VỤ PHÁT TRIỂN KINH TẾ TẬP THỂ NĂM 2026
| STT | Nội dung nhiệm vụ | Thực hiện | | Thời gian |
| | | Cơ quan chủ trì | Cơ quan phối hợp | |
| (1) | (2) | (3) | (4) | (5) |
| 1 | Hỗ trợ thành lập hợp tác xã nông nghiệp | Sở Nông nghiệp và Môi trường | Liên minh Hợp tác xã tỉnh, UBND các xã | Quý III/2026 |
| 2 | Đào tạo cán bộ quản lý hợp tác xã | Liên minh Hợp tác xã tỉnh | Sở Nội vụ | Tháng 6 - tháng 10/2026 |
"""


def test_end_to_end_two_row_header(tmp_path: Path) -> None:
    path = tmp_path / "kh-205.txt"
    path.write_text(PLAN, encoding="utf-8")
    plan = khtool.parse(path)
    assert plan.document.number == "205/KH-UBND"
    assert plan.document.issuer == "UBND tỉnh Nam Đồng"
    tasks = plan.tasks()
    assert [t.tt for t in tasks] == ["1", "2"]
    assert tasks[0].name == "Hỗ trợ thành lập hợp tác xã nông nghiệp"
    assert tasks[0].lead == ["Sở Nông nghiệp và Môi trường"]
    assert tasks[0].coordinating == ["Liên minh Hợp tác xã tỉnh", "UBND các xã"]
    assert (tasks[0].timeline.start, tasks[0].timeline.end) == ("2026-07", "2026-09")
    assert (tasks[1].timeline.start, tasks[1].timeline.end) == ("2026-06", "2026-10")
