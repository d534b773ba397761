"""khtool.parsing.structure.split_parts: header, body, signature, task tables and appendix lines."""

from __future__ import annotations

import datetime as dt

import pytest

from khtool.model import SectionRole, Source
from khtool.parsing.pipeline import build_plan
from khtool.parsing.structure import split_parts
from khtool.reading.blocks import Block, Document, Paragraph, Provenance, Row, Table
from khtool.reading.normalize import normalize_document


def _doc(spec: str) -> Document:
    """A Document from a compact spec: one paragraph a line; '|' lines are table rows (a
    blank line ends a table), ' // ' separates the paragraphs of one cell."""
    blocks: list[Block] = []
    table: Table | None = None
    for number, raw in enumerate(spec.splitlines(), start=1):
        where = Provenance(None, number)
        if not raw.strip():
            table = None
        elif raw.startswith("|"):
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            row = Row([c.split(" // ") if c else [] for c in cells], where)
            if table is None:
                table = Table([], where)
                blocks.append(table)
            table.rows.append(row)
        else:
            table = None
            blocks.append(Paragraph(raw, where))
    return normalize_document(Document(blocks, "txt"))


def _texts(lines) -> list[str]:
    return [line.text for line in lines]


MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM // Độc lập - Tự do - Hạnh phúc"
SIGNATURE = """
| Nơi nhận: // - Sở Tài chính; // - Lưu: VT. | KT. CHỦ TỊCH // PHÓ CHỦ TỊCH // Đinh Thị Hòa |
"""

STANDARD = f"""\
| ỦY BAN NHÂN DÂN // TỈNH BẢO LÂM | {MOTTO} |
| Số: 57/KH-UBND | Bảo Lâm, ngày 14 tháng 3 năm 2026 |
KẾ HOẠCH
Phát triển thương mại điện tử tỉnh Bảo Lâm năm 2026
Căn cứ Quyết định số 645/QĐ-TTg ngày 15/5/2020 của Thủ tướng Chính phủ;
I. MỤC ĐÍCH, YÊU CẦU
1. Đưa thương mại điện tử thành kênh phân phối của doanh nghiệp.
2. Phấn đấu 60% doanh nghiệp có website bán hàng.
II. NHIỆM VỤ
1. Tuyên truyền, tập huấn
III. KINH PHÍ THỰC HIỆN
Từ nguồn ngân sách tỉnh năm 2026.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Công Thương
- Chủ trì theo dõi, đôn đốc.
{SIGNATURE}
PHỤ LỤC
DANH MỤC NHIỆM VỤ PHÁT TRIỂN THƯƠNG MẠI ĐIỆN TỬ NĂM 2026
(Kèm theo Kế hoạch số 57/KH-UBND ngày 14/3/2026 của UBND tỉnh Bảo Lâm)
| TT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện |
| I | Tuyên truyền, tập huấn | | | |
| 1 | Tập huấn bán hàng trực tuyến | Sở Công Thương | UBND các huyện | Quý II/2026 |
| 2 | Hội nghị kết nối cung cầu | Sở Công Thương | | Tháng 6 - tháng 9/2026 |
Ghi chú:
- Kinh phí tổ chức hội nghị do doanh nghiệp đóng góp.
"""

NO_ROMAN = f"""\
| ỦY BAN NHÂN DÂN // HUYỆN ĐÔNG SƠN | {MOTTO} |
| Số: 23/KH-UBND | Đông Sơn, ngày 05 tháng 02 năm 2026 |
KẾ HOẠCH
Chuyển đổi số huyện Đông Sơn năm 2026
Thực hiện Kế hoạch số 88/KH-UBND ngày 10/01/2026 của UBND tỉnh Thanh Giang;
1. Mục tiêu
1.1. Phấn đấu 80% hồ sơ được xử lý trực tuyến.
2. Nhiệm vụ
2.1. Hoàn thiện hạ tầng số
Đơn vị chủ trì: Phòng Văn hóa và Thông tin; Đơn vị phối hợp: UBND các xã.
Thời gian thực hiện: Quý III/2026
3. Tổ chức thực hiện
3.1. Phòng Văn hóa và Thông tin theo dõi, tổng hợp.
{SIGNATURE}"""

DECISION = f"""\
| ỦY BAN NHÂN DÂN // TỈNH HÀ SƠN | {MOTTO} |
| Số: 412/QĐ-UBND | Hà Sơn, ngày 20 tháng 4 năm 2026 |
QUYẾT ĐỊNH
Ban hành Kế hoạch phòng, chống thiên tai tỉnh Hà Sơn năm 2026
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ SƠN
Căn cứ Quyết định số 99/QĐ-TTg ngày 08/02/2026 của Thủ tướng Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống thiên tai năm 2026.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
ỦY BAN NHÂN DÂN TỈNH HÀ SƠN
KẾ HOẠCH
Phòng, chống thiên tai tỉnh Hà Sơn năm 2026
(Ban hành kèm theo Quyết định số 412/QĐ-UBND ngày 20/4/2026 của UBND tỉnh Hà Sơn)
I. MỤC TIÊU
1. Chủ động phòng ngừa, giảm thiểu thiệt hại do thiên tai.
II. NHIỆM VỤ
1. Kiện toàn Ban Chỉ huy phòng, chống thiên tai các cấp
Cơ quan chủ trì: Sở Nông nghiệp và Môi trường; Cơ quan phối hợp: UBND các huyện.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường
"""

NO_PHU_LUC = f"""\
| ỦY BAN NHÂN DÂN // HUYỆN ĐÔNG SƠN | {MOTTO} |
| Số: 31/KH-UBND | Đông Sơn, ngày 11 tháng 5 năm 2026 |
KẾ HOẠCH
Phát triển du lịch cộng đồng huyện Đông Sơn năm 2026
I. MỤC TIÊU
1. Thu hút 50.000 lượt khách.
II. NHIỆM VỤ
1. Quảng bá điểm đến
{SIGNATURE}
DANH MỤC NHIỆM VỤ PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG NĂM 2026
(Kèm theo Kế hoạch số 31/KH-UBND ngày 11/5/2026 của UBND huyện Đông Sơn)
| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
| 1 | Xây dựng bộ nhận diện du lịch | Phòng Văn hóa và Thông tin | UBND xã Đông Hòa | Tháng 8/2026 |
"""

REPORT_OUTLINE = f"""\
| ỦY BAN NHÂN DÂN // TỈNH BẢO LÂM | {MOTTO} |
| Số: 64/KH-UBND | Bảo Lâm, ngày 02 tháng 3 năm 2026 |
KẾ HOẠCH
Kiểm tra công tác cải cách hành chính năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng thực trạng cải cách hành chính.
II. NỘI DUNG
1. Kiểm tra việc ban hành văn bản
{SIGNATURE}
PHỤ LỤC
ĐỀ CƯƠNG BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH
I. KẾT QUẢ THỰC HIỆN
| TT | Nhiệm vụ | Đơn vị chủ trì | Thời gian |
| | | | |
| | | | |
II. TỒN TẠI, HẠN CHẾ
"""


def test_standard_parts() -> None:
    parts = split_parts(_doc(STANDARD))
    header = _texts(parts.header)
    assert header[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH BẢO LÂM"]
    assert header[4:7] == ["Số: 57/KH-UBND", "Bảo Lâm, ngày 14 tháng 3 năm 2026", "KẾ HOẠCH"]
    assert header[-1] == "Căn cứ Quyết định số 645/QĐ-TTg ngày 15/5/2020 của Thủ tướng Chính phủ;"
    assert len(header) == 9
    assert len(parts.body) == 10
    assert (parts.body[0].text, parts.body[0].where.line) == ("I. MỤC ĐÍCH, YÊU CẦU", 6)
    signature = "Nơi nhận:|- Sở Tài chính;|- Lưu: VT.|KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Đinh Thị Hòa"
    assert "|".join(_texts(parts.signature)) == signature
    assert len(parts.tables) == 1 and len(parts.appendix_rows) == 4
    assert _texts(parts.appendix_head) == [
        "PHỤ LỤC",
        "DANH MỤC NHIỆM VỤ PHÁT TRIỂN THƯƠNG MẠI ĐIỆN TỬ NĂM 2026",
        "(Kèm theo Kế hoạch số 57/KH-UBND ngày 14/3/2026 của UBND tỉnh Bảo Lâm)",
    ]
    assert _texts(parts.appendix_tail) == [
        "Ghi chú:",
        "- Kinh phí tổ chức hội nghị do doanh nghiệp đóng góp.",
    ]


LAYOUTS = [
    # spec, body's first and last line, header's last line, task tables
    (NO_ROMAN, "1. Mục tiêu", "3.1. Phòng Văn hóa và Thông tin theo dõi, tổng hợp.", "Thực hiện Kế hoạch số 88/KH-UBND ngày 10/01/2026 của UBND tỉnh Thanh Giang;", 0),
    (DECISION, "I. MỤC TIÊU", "1. Sở Nông nghiệp và Môi trường", "(Ban hành kèm theo Quyết định số 412/QĐ-UBND ngày 20/4/2026 của UBND tỉnh Hà Sơn)", 0),
    (NO_PHU_LUC, "I. MỤC TIÊU", "1. Quảng bá điểm đến", "Phát triển du lịch cộng đồng huyện Đông Sơn năm 2026", 1),
    (REPORT_OUTLINE, "I. MỤC ĐÍCH, YÊU CẦU", "1. Kiểm tra việc ban hành văn bản", "Kiểm tra công tác cải cách hành chính năm 2026", 0),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "first", "last", "header_last", "tables"), LAYOUTS)
def test_layouts(spec: str, first: str, last: str, header_last: str, tables: int) -> None:
    parts = split_parts(_doc(spec))
    assert (parts.body[0].text, parts.body[-1].text) == (first, last)
    assert parts.header[-1].text == header_last
    assert len(parts.tables) == tables


def test_decision_lines_stay_in_the_header() -> None:
    header = _texts(split_parts(_doc(DECISION)).header)
    article = "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống thiên tai năm 2026."
    assert header.index("QUYẾT ĐỊNH") < header.index(article) < header.index("KẾ HOẠCH")


def test_appendix_without_the_word_phu_luc() -> None:
    parts = split_parts(_doc(NO_PHU_LUC))
    assert parts.signature[-1].text == "Đinh Thị Hòa" and not parts.appendix_tail
    assert _texts(parts.tables[0].head) == [
        "DANH MỤC NHIỆM VỤ PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG NĂM 2026",
        "(Kèm theo Kế hoạch số 31/KH-UBND ngày 11/5/2026 của UBND huyện Đông Sơn)",
    ]


def test_empty_template_table_is_not_a_task_table() -> None:
    parts = split_parts(_doc(REPORT_OUTLINE))
    assert parts.tables == []
    assert _texts(parts.appendix) == [
        "PHỤ LỤC",
        "ĐỀ CƯƠNG BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH",
        "I. KẾT QUẢ THỰC HIỆN",
        "TT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Thời gian",
        "II. TỒN TẠI, HẠN CHẾ",
    ]


E2E = [
    # spec, number, issuer, issued_on, first goal, tasks, (task index, lead, coordinating, start, end)
    (STANDARD, "57/KH-UBND", "UBND tỉnh Bảo Lâm", dt.date(2026, 3, 14), "1", 2, (0, ["Sở Công Thương"], ["UBND các huyện"], "2026-04", "2026-06")),
    (NO_ROMAN, "23/KH-UBND", "UBND huyện Đông Sơn", dt.date(2026, 2, 5), "1.1", 1, (0, ["Phòng Văn hóa và Thông tin"], ["UBND các xã"], "2026-07", "2026-09")),
    (DECISION, "412/QĐ-UBND", "UBND tỉnh Hà Sơn", dt.date(2026, 4, 20), "1", 1, (0, ["Sở Nông nghiệp và Môi trường"], ["UBND các huyện"], None, None)),
    (NO_PHU_LUC, "31/KH-UBND", "UBND huyện Đông Sơn", dt.date(2026, 5, 11), "1", 1, (0, ["Phòng Văn hóa và Thông tin"], ["UBND xã Đông Hòa"], "2026-08", "2026-08")),
    (REPORT_OUTLINE, "64/KH-UBND", "UBND tỉnh Bảo Lâm", dt.date(2026, 3, 2), "1", 0, None),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "number", "issuer", "issued_on", "goal", "count", "task"), E2E)
def test_end_to_end(spec, number, issuer, issued_on, goal, count, task) -> None:
    plan = build_plan(_doc(spec), Source(path="x.txt", format="txt", sha256="0"))
    doc = plan.document
    got = (doc.number, doc.issuer, doc.issued_on, doc.plan_year)
    assert got == (number, issuer, issued_on, 2026)
    assert plan.goals[0].id == goal
    tasks = plan.tasks()
    assert len(tasks) == count
    if task is not None:
        i, lead, coordinating, start, end = task
        assert (tasks[i].lead, tasks[i].coordinating) == (lead, coordinating)
        timeline = tasks[i].timeline
        span = (timeline.start, timeline.end) if timeline else (None, None)
        assert span == (start, end)


def test_end_to_end_details() -> None:
    source = Source(path="x.txt", format="txt", sha256="0")
    plan = build_plan(_doc(STANDARD), source)
    assert [r.number for r in plan.document.legal_basis] == ["645/QĐ-TTg"]
    assert (plan.document.signer.name, plan.document.signer.title) == (
        "Đinh Thị Hòa",
        "PHÓ CHỦ TỊCH",
    )
    assert [g.id for g in plan.appendix.groups] == ["I"]
    assert plan.appendix.notes == ["Kinh phí tổ chức hội nghị do doanh nghiệp đóng góp."]
    assert plan.funding == ["Từ nguồn ngân sách tỉnh năm 2026."]
    decision = build_plan(_doc(DECISION), source).document
    assert decision.issued_with is not None and decision.issued_with.kind == "Quyết định"
    assert decision.title == "Phòng, chống thiên tai tỉnh Hà Sơn năm 2026"
    sections = build_plan(_doc(NO_ROMAN), source).sections
    assert [s.role for s in sections] == [
        SectionRole.goals,
        SectionRole.tasks,
        SectionRole.organization,
    ]
    outline = build_plan(_doc(REPORT_OUTLINE), source)
    assert outline.appendix is None and "appendix" in outline.missing
    no_word = build_plan(_doc(NO_PHU_LUC), source).appendix
    assert no_word.title == "DANH MỤC NHIỆM VỤ PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG NĂM 2026"
    assert (
        no_word.subtitle
        == "(Kèm theo Kế hoạch số 31/KH-UBND ngày 11/5/2026 của UBND huyện Đông Sơn)"
    )


def test_no_roman_plan_with_roman_report_outline_appendix() -> None:
    spec = NO_ROMAN + "PHỤ LỤC\nĐỀ CƯƠNG BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ\nI. KẾT QUẢ THỰC HIỆN\n"
    parts = split_parts(_doc(spec))
    assert parts.body[0].text == "1. Mục tiêu"
    assert parts.signature[-1].text == "Đinh Thị Hòa"


def test_paragraph_starting_phan_lon_is_not_the_body_start() -> None:
    spec = NO_ROMAN.replace(
        "2. Nhiệm vụ", "Phần lớn các xã đã có đường truyền cáp quang.\n2. Nhiệm vụ"
    )
    assert split_parts(_doc(spec)).body[0].text == "1. Mục tiêu"
