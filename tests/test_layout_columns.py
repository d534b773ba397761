"""khtool.reading.text.layout_columns: task tables of a space-aligned text dump, rebuilt.

Every dump here is invented and laid out at test time, cell by cell, at the character
positions a ``pdftotext -layout`` dump gives them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

import khtool
from khtool.reading.blocks import Block, Paragraph, Table
from khtool.reading.text.layout_columns import rebuild_layout_columns
from khtool.reading.text.layout_header import split_header_columns
from khtool.reading.text.reader import split_lines

# column starts of the invented table: TT | name | lead | partners | time
TT, NAME, LEAD, PARTNER, TIME = 0, 5, 44, 64, 86


def laid(*parts: tuple[int, str]) -> str:
    """One dump line: each text starting at its column."""
    line = ""
    for at, text in parts:
        line = line.ljust(at if not line else max(at, len(line) + 2)) + text
    return line


HEADER = [
    laid((LEAD, "Đơn vị"), (PARTNER, "Đơn vị")),
    laid((TT, "TT"), (NAME + 8, "Nội dung nhiệm vụ"), (TIME, "Thời gian")),
    laid((LEAD, "chủ trì"), (PARTNER, "phối hợp")),
    laid((NAME + 12, "(1)"), (LEAD + 3, "(2)"), (PARTNER + 3, "(3)"), (TIME + 3, "(4)")),
]

# row 1: centred cells around its TT; the name wraps over three lines
ROW_1 = [
    laid((NAME, "Rà soát, cập nhật danh mục các cơ sở")),
    laid(
        (TT, "1"),
        (NAME, "sản xuất phải kiểm tra định kỳ trên"),
        (LEAD, "Sở Công Thương"),
        (PARTNER, "UBND các xã,"),
        (TIME, "Quý II/2026"),
    ),
    laid((NAME, "địa bàn tỉnh"), (PARTNER, "phường")),
]
# row 2: three people, one a line, the first above the TT line
ROW_2 = [
    laid((LEAD, "Trần Văn An")),
    laid(
        (TT, "2"),
        (NAME, "Tổ chức đoàn kiểm tra liên ngành"),
        (LEAD, "Lê Thị Bình"),
        (TIME, "Hằng năm"),
    ),
    laid((LEAD, "Phạm Minh Châu")),
]
ROW_3 = [
    laid(
        (TT, "3"),
        (NAME, "Tổng hợp kết quả, báo cáo UBND tỉnh"),
        (LEAD, "Sở Công Thương"),
        (PARTNER, "Các sở, ngành"),
        (TIME, "Tháng 12/2026"),
    ),
]


def rebuilt(lines: list[str]) -> tuple[list[Block], list[str]]:
    return rebuild_layout_columns(split_lines("\n".join(lines) + "\n"))


def tables(blocks: list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def cells(table: Table) -> list[list[str]]:
    return [[" | ".join(c) for c in row.cells] for row in table.rows]


def test_header_over_three_lines_and_wrapped_centred_cells() -> None:
    blocks, warnings = rebuilt(["PHỤ LỤC", "", *HEADER, *ROW_1, *ROW_2, *ROW_3])
    [table] = tables(blocks)
    got = cells(table)
    assert got[0] == [
        "TT",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian",
    ]
    assert got[1] == [
        "1",
        "Rà soát, cập nhật danh mục các cơ sở sản xuất phải kiểm tra định kỳ trên địa bàn tỉnh",
        "Sở Công Thương",
        "UBND các xã, phường",
        "Quý II/2026",
    ]
    assert got[2] == [
        "2",
        "Tổ chức đoàn kiểm tra liên ngành",
        "Trần Văn An | Lê Thị Bình | Phạm Minh Châu",
        "",
        "Hằng năm",
    ]
    assert got[3][:2] == ["3", "Tổng hợp kết quả, báo cáo UBND tỉnh"]
    assert warnings == [
        "line 3: the task table was rebuilt from space-aligned columns (a text dump of a "
        "PDF); check the cells of its 3 tasks against the original"
    ]
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["PHỤ LỤC"]


def test_table_goes_on_across_a_page_break() -> None:
    page_two = [
        "\f" + laid((40, "7")),  # the next page's number, then the header again
        "",
        *HEADER[:3],
        laid((NAME, "của các đơn vị")),  # the end of row 2's name, cut by the break
        *ROW_3,
    ]
    row_2 = [
        laid(
            (TT, "2"),
            (NAME, "Tổng hợp báo cáo kết quả tự kiểm tra"),
            (LEAD, "Sở Nội vụ"),
            (TIME, "Hằng năm"),
        )
    ]
    blocks, _ = rebuilt([*HEADER, *ROW_1, *row_2, *page_two])
    [table] = tables(blocks)
    got = cells(table)
    assert [r[0] for r in got] == ["TT", "1", "2", "3"]
    assert got[2][1] == "Tổng hợp báo cáo kết quả tự kiểm tra của các đơn vị"
    assert got[2][2] == "Sở Nội vụ"
    assert got[3][4] == "Tháng 12/2026"
    assert not [b for b in blocks if isinstance(b, Paragraph)]  # no page number left over


def test_body_text_after_the_table_ends_it() -> None:
    after = [
        "",
        "      Các sở, ngành căn cứ nhiệm vụ được giao xây dựng kế hoạch chi tiết, gửi kết quả",
        "thực hiện về Sở Công Thương trước ngày 15 tháng 12 hằng năm để tổng hợp.",
    ]
    blocks, _ = rebuilt([*HEADER, *ROW_1, *ROW_2, *ROW_3, *after])
    [table] = tables(blocks)
    assert [r[0] for r in cells(table)] == ["TT", "1", "2", "3"]
    assert table.rows[-1].cells[1] == ["Tổng hợp kết quả, báo cáo UBND tỉnh"]
    texts = [b.text.strip() for b in blocks if isinstance(b, Paragraph)]
    assert texts == [after[1].strip(), after[2]]


def test_an_indented_paragraph_is_not_a_table() -> None:
    body = [
        "      1. Sở Công Thương                   chủ trì, phối hợp với các sở, ngành",
        "  tổ chức thực hiện     Kế hoạch này;       thời gian thực hiện    Quý II/2026.",
        "      2. UBND các xã, phường         theo dõi, đôn đốc các cơ sở trên địa bàn.",
    ]
    blocks, warnings = rebuilt(body)
    assert not tables(blocks)
    assert warnings == []
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == body


def test_a_group_row_and_numbers_going_on_after_it() -> None:
    group = [laid((TT, "II"), (NAME, "Công tác kiểm tra, giám sát"))]
    row_4 = [
        laid(
            (TT, "4"),
            (NAME, "Kiểm tra an toàn hóa chất"),
            (LEAD, "Sở Công Thương"),
            (TIME, "Quý III/2026"),
        )
    ]
    lines = [
        *HEADER,
        *ROW_1,
        laid((TT, "2"), (NAME, "Kiểm tra điện nông thôn"), (LEAD, "Sở Công Thương")),
        *ROW_3,
        *group,
        *row_4,
    ]
    blocks, _ = rebuilt(lines)
    [table] = tables(blocks)
    got = cells(table)
    assert [r[0] for r in got] == ["TT", "1", "2", "3", "II", "4"]
    assert got[4][1] == "Công tác kiểm tra, giám sát"
    assert got[5][2] == "Sở Công Thương" and got[5][4] == "Quý III/2026"


def test_cells_set_one_space_apart_are_cut_at_the_boundary() -> None:
    # a long lead runs up to the partners' cell with one space between them
    tight = [
        laid(
            (TT, "1"),
            (NAME, "Kiểm tra định kỳ"),
            (LEAD, "Sở Công Thương; Sở"),
            (TIME, "Quý I/2026"),
        ),
        laid((LEAD, "Nông nghiệp và Môi Các sở, ngành")),
        laid((LEAD, "trường"), (PARTNER, "liên quan")),
    ]
    blocks, _ = rebuilt([*HEADER, *tight])
    [table] = tables(blocks)
    got = cells(table)
    assert got[1][2] == "Sở Công Thương; Sở Nông nghiệp và Môi trường"
    assert got[1][3] == "Các sở, ngành liên quan"


def test_two_column_national_header_is_read_column_by_column() -> None:
    lines = [
        " UBND TỈNH BẮC NGÀN               CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT",
        "                                    NAM",
        " SỞ CÔNG THƯƠNG                      Độc lập - Tự do - Hạnh phúc",
        "",
        "  Số:       /KH-SCT                Bắc Ngàn, ngày     tháng 4 năm 2026",
    ]
    found = split_header_columns(lines)
    assert found is not None
    assert [t for _k, t in found] == [
        "UBND TỈNH BẮC NGÀN",
        "SỞ CÔNG THƯƠNG",
        "Số:       /KH-SCT",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT",
        "NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bắc Ngàn, ngày     tháng 4 năm 2026",
    ]
    assert split_header_columns(["KẾ HOẠCH", "   Kiểm tra an toàn   điện"]) is None


PLAN_HEAD = [
    " UBND TỈNH BẮC NGÀN               CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT",
    "                                    NAM",
    " SỞ CÔNG THƯƠNG                      Độc lập - Tự do - Hạnh phúc",
    "",
    "  Số: 41/KH-SCT                    Bắc Ngàn, ngày 02 tháng 4 năm 2026",
    "",
    "                              KẾ HOẠCH",
    "        Kiểm tra an toàn trong sản xuất công nghiệp năm 2026",
    "",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Bảo đảm an toàn trong sản xuất, kinh doanh công nghiệp trên địa bàn tỉnh.",
    "II. NỘI DUNG",
    "Thực hiện các nhiệm vụ tại Phụ lục kèm theo.",
    "III. TỔ CHỨC THỰC HIỆN",
    "Các đơn vị triển khai thực hiện Kế hoạch này.",
    "",
    "                                   PHỤ LỤC",
    "                   DANH MỤC NHIỆM VỤ KIỂM TRA NĂM 2026",
    "",
]


def test_a_whole_dump_parses_into_tasks(tmp_path: Path) -> None:
    path = tmp_path / "kh-41-layout.txt"
    path.write_text("\n".join([*PLAN_HEAD, *HEADER, *ROW_1, *ROW_2, *ROW_3]) + "\n", "utf-8")
    plan = khtool.parse(path)
    assert plan.document.issuer == "Sở Công Thương tỉnh Bắc Ngàn"
    assert plan.document.number == "41/KH-SCT"
    assert plan.appendix is not None
    tasks = [t for g in plan.appendix.groups for t in g.tasks]
    assert [t.tt for t in tasks] == ["1", "2", "3"]
    assert tasks[0].lead == ["Sở Công Thương"]
    assert tasks[0].coordinating == ["UBND các xã, phường"]
    assert tasks[0].timeline is not None and tasks[0].timeline.end == "2026-06"
    assert tasks[1].lead == ["Trần Văn An", "Lê Thị Bình", "Phạm Minh Châu"]
    assert any("rebuilt from space-aligned columns" in w for w in plan.warnings)


def test_hostile_dump_parses_in_a_capped_child(tmp_path: Path) -> None:
    """A thousand header groups with no row, then a row of thousands of lines: the
    stage neither hangs nor blows up, and the plan is written whole."""
    from tests.test_hardening_support import khtool as run_khtool

    body = [*HEADER[:3]] * 1000 + [*HEADER, *ROW_1]  # under the 10,000-line limit
    body += [laid((NAME, "nội dung tiếp theo của nhiệm vụ"))] * 6000 + ROW_2
    path = tmp_path / "kh-41-layout.txt"
    path.write_text("\n".join([*PLAN_HEAD, *body]) + "\n", "utf-8")
    out = tmp_path / "kh-41.yaml"
    result = run_khtool("parse", path, "-o", out)
    assert result.returncode == 0, result.stderr.decode("utf-8")
    assert b"Traceback" not in result.stderr
    data = yaml.safe_load(out.read_text("utf-8"))
    tasks = [t for g in data["appendix"]["groups"] for t in g["tasks"]]
    assert [t["tt"] for t in tasks] == ["1", "2"]
    assert tasks[1]["name"] == "Tổ chức đoàn kiểm tra liên ngành"
    assert "Phạm Minh Châu" in tasks[1]["lead"]
