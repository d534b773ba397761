"""khtool.reading.text.shredded: task tables cut into fragments by a PDF conversion, rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

import khtool
from khtool.reading.blocks import Block, Paragraph, Row, Table
from khtool.reading.text.reader import split_lines
from khtool.reading.text.shredded import rebuild, rebuild_shredded

HEADER = """\
| STT |     |     | Địa điểm | Đơn vị | Đơn vị | Thời gian |
| --- | --- | --- | -------- | ------ | ------ | --------- |
Nội dung nhiệm vụ
|     |     |     |     | chủ trì | phối hợp | thực hiện |
| --- | --- | --- | --- | ------- | -------- | --------- |
"""

BODY = """\
| I   |     | VÙNG ĐỒI CHÈ – HỒ THÁC BẠC |     |     |     |     |
| Cải tạo đường dẫn vào khu du lịch |     |     | Xã Tân Lập, | UBND           |             |           |
| ----------------------- | --- | --- | ----------- | -------------- | ----------- | --------- |
| 1.                      |     |     |             |                | Sở Xây dựng | 2026–2027 |
| sinh thái đồi chè       |     |     | xã Hòa Bình | các địa phương |             |           |
Tổ chức lễ hội trà xuân
2. gắn với chợ phiên vùng cao Sở Văn hóa Tháng 3/2026
14
| II  |     | VÙNG VEN SÔNG NGÀN |     |     |     |     |
| 1. | Xây dựng bến thuyền du lịch | | Xã Ngàn Phố | UBND xã Ngàn Phố | Sở Giao thông | Quý IV/2026 |
7. Theo quy hoạch được duyệt
| 2. | Mở tuyến xe buýt du lịch | | Xã Tân Lập | Sở Xây dựng | | Năm 2026 |
"""

TITLE = "DANH MỤC NHIỆM VỤ PHÁT TRIỂN DU LỊCH NÔNG THÔN HUYỆN BẮC NGÀN\n"
FIELDS = ("tt", "name", "", "place", "lead", "coordinating", "timeline")


def _rebuilt(text: str) -> tuple[list[Block], list[str]]:
    return rebuild_shredded(split_lines(text))


def _table(blocks: list[Block]) -> Table:
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def _cells(row: Row) -> dict[str, str]:
    return {f: " ".join(c) for f, c in zip(FIELDS, row.cells, strict=False) if f and c}


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    blocks, _ = _rebuilt(TITLE + HEADER + BODY)
    return _table(blocks).rows


def test_header_merged_from_its_fragments(rows: list[Row]) -> None:
    assert [" ".join(c) for c in rows[0].cells] == [
        "STT",
        "Nội dung nhiệm vụ",  # the loose header word takes the first empty heading
        "",
        "Địa điểm",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
    ]


def test_rows_in_order(rows: list[Row]) -> None:
    firsts = [" ".join(r.cells[0]) for r in rows[1:]]
    assert firsts == ["I", "1", "2", "II", "1", "2"]  # TT counts again in each group


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (1, {"tt": "I", "name": "VÙNG ĐỒI CHÈ – HỒ THÁC BẠC"}),
        (
            2,
            {
                "tt": "1",
                "name": "Cải tạo đường dẫn vào khu du lịch sinh thái đồi chè",
                "place": "Xã Tân Lập, xã Hòa Bình",
                "lead": "UBND các địa phương",  # 'UBND' + 'các địa phương': one cell
                "coordinating": "Sở Xây dựng",
                "timeline": "2026–2027",
            },
        ),
        (4, {"tt": "II", "name": "VÙNG VEN SÔNG NGÀN"}),
        (
            5,
            {
                "tt": "1",
                "name": "Xây dựng bến thuyền du lịch 7. Theo quy hoạch được duyệt",
                "place": "Xã Ngàn Phố",
                "lead": "UBND xã Ngàn Phố",
                "coordinating": "Sở Giao thông",
                "timeline": "Quý IV/2026",
            },
        ),
        (
            6,
            {
                "tt": "2",
                "name": "Mở tuyến xe buýt du lịch",
                "place": "Xã Tân Lập",
                "lead": "Sở Xây dựng",
                "timeline": "Năm 2026",
            },
        ),
    ],
)
def test_rebuilt_row(rows: list[Row], index: int, expected: dict[str, str]) -> None:
    assert _cells(rows[index]) == expected


def test_loose_anchor_line_gives_its_time_cell(rows: list[Row]) -> None:
    task = _cells(rows[3])
    assert task["tt"] == "2"
    assert task["timeline"] == "Tháng 3/2026"  # from the end of '2. … Tháng 3/2026'
    # the loose lines go to the name, in order; the page number '14' is dropped
    assert task["name"].startswith("Tổ chức lễ hội trà xuân gắn với chợ phiên vùng cao")
    assert "14" not in task["name"] and "Tháng 3/2026" not in task["name"]


def test_blocks_before_the_table_and_the_warning() -> None:
    blocks, warnings = _rebuilt(TITLE + HEADER + BODY)
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == TITLE.strip()
    assert isinstance(blocks[1], Table) and len(blocks) == 2
    assert len(warnings) == 1
    assert warnings[0].startswith("line 2: the task table was cut into fragments")
    assert "its 4 tasks" in warnings[0]


def test_rebuild_directly() -> None:
    header = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện"]
    blocks = split_lines("Rà soát quy hoạch\n1. vùng chè Sở Nông nghiệp Quý I/2026\n")
    rows = rebuild(blocks, header)
    assert [" ".join(c) for c in rows[0].cells] == header
    assert [[" ".join(c) for c in r.cells] for r in rows[1:]] == [
        ["1", "Rà soát quy hoạch vùng chè Sở Nông nghiệp", "", "Quý I/2026"]
    ]


NORMAL = """\
| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện |
| --- | --- | --- | --- | --- |
| 1. | Tập huấn nghiệp vụ du lịch | Sở Văn hóa | UBND các xã | Quý II/2026 |
| 2. | Khảo sát điểm đến | Sở Văn hóa | | Tháng 7/2026 |
"""


@pytest.mark.parametrize(
    "text",
    [
        NORMAL,  # a complete header in one row
        "I. MỤC TIÊU\n1. Phát triển du lịch nông thôn.\n",  # no table at all
        "| STT | Ghi chú |     |\n| --- | --- | --- |\n| 1 | a | b |\n",  # too narrow
    ],
)
def test_other_text_is_left_alone(text: str) -> None:
    before = split_lines(text)
    after, warnings = rebuild_shredded(split_lines(text))
    assert after == before
    assert warnings == []


def test_header_fragments_of_different_width_are_not_a_header() -> None:
    text = HEADER.replace("| --- | --- | --- | --- | ------- | -------- | --------- |\n", "")
    text = text.replace("|     |     |     |     | chủ trì |", "|     |     |     | chủ trì |")
    before = split_lines(text)
    assert rebuild_shredded(split_lines(text)) == (before, [])


def test_loose_line_before_fragments_starts_the_name() -> None:
    body = """\
| I   |     | VÙNG ĐỒI CHÈ |     |     |     |     |
Nâng cấp hạ tầng du lịch
| cơ bản tại các bản (đường nội |     |     | Bản Pù Lầu | UBND           |             |           |
| 1.                            |     |     |            |                | Sở Xây dựng | 2026–2027 |
| bản, nhà vệ sinh công cộng)   |     |     |            | các địa phương |             |           |
"""
    blocks, _ = _rebuilt(HEADER + body)
    name = _cells(_table(blocks).rows[2])["name"]
    assert (
        name == "Nâng cấp hạ tầng du lịch cơ bản tại các bản (đường nội bản, nhà vệ sinh công cộng)"
    )


def test_lines_after_the_table_are_kept() -> None:
    notes = "Ghi chú: Kinh phí thực hiện theo phân cấp ngân sách.\n"
    blocks, _ = _rebuilt(HEADER + BODY + notes)
    assert any(isinstance(b, Paragraph) and b.text.startswith("Ghi chú:") for b in blocks)


PLAN = """\
| ỦY BAN NHÂN DÂN TỈNH BẮC NGÀN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
| --- | --- |
| Số: 131/KH-UBND | Bắc Ngàn, ngày 09 tháng 3 năm 2026 |

KẾ HOẠCH
Phát triển du lịch nông thôn tỉnh Bắc Ngàn năm 2026

I. MỤC TIÊU
1. Đón 120.000 lượt khách du lịch nông thôn.
II. NHIỆM VỤ
1. Đầu tư hạ tầng và quảng bá điểm đến (chi tiết tại Phụ lục).

Nơi nhận:
- Bộ Văn hóa, Thể thao và Du lịch;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Vũ Minh Khang

"""


def test_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "kh-131.md"
    path.write_text(PLAN + TITLE + HEADER + BODY, encoding="utf-8")
    plan = khtool.parse(path)
    doc = plan.document
    assert (doc.number, doc.issuer, doc.plan_year) == ("131/KH-UBND", "UBND tỉnh Bắc Ngàn", 2026)
    assert plan.goals[0].id == "1"
    assert plan.appendix.title == TITLE.strip()
    assert [(g.id, g.title) for g in plan.appendix.groups] == [
        ("I", "VÙNG ĐỒI CHÈ – HỒ THÁC BẠC"),
        ("II", "VÙNG VEN SÔNG NGÀN"),
    ]
    tasks = plan.tasks()
    assert len(tasks) == 4
    first = tasks[0]
    assert first.name == "Cải tạo đường dẫn vào khu du lịch sinh thái đồi chè"
    assert (first.lead, first.coordinating) == (["UBND các địa phương"], ["Sở Xây dựng"])
    assert (first.timeline.start, first.timeline.end) == ("2026-01", "2027-12")
    assert first.extra == {"Địa điểm": "Xã Tân Lập, xã Hòa Bình"}
    assert (tasks[1].timeline.start, tasks[1].timeline.end) == ("2026-03", "2026-03")
    assert (tasks[2].timeline.start, tasks[2].timeline.end) == ("2026-10", "2026-12")
    assert any("cut into fragments" in w for w in plan.warnings)
