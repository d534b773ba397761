"""The header by the national layout: issuer block, number, date, title, years, issued-with.

Every header here is invented (provinces, numbers and titles made up for the test); the
lines are given as the header parser receives them: table cells paragraph by paragraph,
row by row, cell by cell.
"""

from __future__ import annotations

import datetime as dt

import pytest

from khtool.model import DocumentInfo, Period
from khtool.parsing.fields.issuer import issuer_forms, issuer_from_phrase
from khtool.parsing.header import parse_header, plan_years
from khtool.parsing.structure import Line
from khtool.reading.blocks import Provenance

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
BODY = ["KẾ HOẠCH", "Tổ chức ngày hội sách", "Căn cứ Luật Thư viện;"]


def _lines(*texts: str) -> list[Line]:
    return [Line(t, Provenance(line=i + 1)) for i, t in enumerate(texts)]


def _parse(*texts: str) -> tuple[DocumentInfo, list[str]]:
    return parse_header(_lines(*texts))


# --- the issuer block -------------------------------------------------------------------
# fmt: off
ISSUERS = [
    (["ỦY BAN NHÂN DÂN", "TỈNH ĐIỆN BIÊN"], "UBND tỉnh Điện Biên", None),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"], "UBND thành phố Hải Phòng", None),
    (["ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"], "UBND thành phố Cần Thơ", None),
    (["UỶ BAN NHÂN DÂN TỈNH KON TUM"], "UBND tỉnh Kon Tum", None),
    (["UBND TỈNH HÀ GIANG"], "UBND tỉnh Hà Giang", None),
    (["UBND TỈNH BÀ RỊA - VŨNG TÀU"], "UBND tỉnh Bà Rịa - Vũng Tàu", None),
    (["ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP"], "UBND xã Tân Lập", None),
    (["UBND TỈNH TRÀ VINH", "SỞ CÔNG THƯƠNG"], "Sở Công Thương tỉnh Trà Vinh", "UBND tỉnh Trà Vinh"),
    (["UBND TỈNH TRÀ VINH", MOTTO[0], "SỞ XÂY DỰNG", MOTTO[1]], "Sở Xây dựng tỉnh Trà Vinh", "UBND tỉnh Trà Vinh"),
    (["ỦY BAN NHÂN DÂN", "TỈNH SƠN LA", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"],
     "Sở Nông nghiệp và Môi trường tỉnh Sơn La", "UBND tỉnh Sơn La"),
    (["UBND TỈNH GIA LAI", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"],
     "Sở Lao động - Thương binh và Xã hội tỉnh Gia Lai", "UBND tỉnh Gia Lai"),
    (["SỞ DU LỊCH TỈNH NINH THUẬN"], "Sở Du lịch tỉnh Ninh Thuận", None),
    (["UBND TỈNH YÊN BÁI", "VĂN PHÒNG"], "Văn phòng UBND tỉnh Yên Bái", "UBND tỉnh Yên Bái"),
    (["UBND HUYỆN ĐÔNG ANH", "PHÒNG KINH TẾ"], "Phòng Kinh tế huyện Đông Anh", "UBND huyện Đông Anh"),
    (["BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"], "Bộ Tài nguyên và Môi trường", None),
    (["BỘ XÂY DỰNG", "-------"], "Bộ Xây dựng", None),
    (["BỘ CÔNG THƯƠNG -------"], "Bộ Công Thương", None),
    (["BỘ VĂN HOÁ, THỂ THAO", "VÀ DU LỊCH"], "Bộ Văn hóa, Thể thao và Du lịch", None),
    (["BỘ TÀI CHÍNH", "TỔNG CỤC THỐNG KÊ"], "Tổng cục Thống kê", "Bộ Tài chính"),
    (["BỘ XÂY DỰNG", "CỤC KINH TẾ XÂY DỰNG"], "Cục Kinh tế xây dựng", "Bộ Xây dựng"),
    (["SỞ CÔNG THƯƠNG", "ĐOÀN KIỂM TRA", "THEO QUYẾT ĐỊNH SỐ 77/QĐ-SCT"],
     "Đoàn kiểm tra theo Quyết định số 77/QĐ-SCT", "Sở Công Thương"),
    # a name not in the vocabulary: the first syllable of each part is capitalised
    (["SỞ ĐIỆN LỰC VÀ NĂNG LƯỢNG MỚI"], "Sở Điện lực và Năng lượng mới", None),
    # schools, universities, hospitals, social insurance, the Party and the Front
    (["TRƯỜNG ĐẠI HỌC CẦN THƠ"], "Trường Đại học Cần Thơ", None),
    (["UBND HUYỆN GIA LÂM", "TRƯỜNG THCS ĐA TỐN"], "Trường THCS Đa Tốn huyện Gia Lâm", "UBND huyện Gia Lâm"),
    (["SỞ GIÁO DỤC VÀ ĐÀO TẠO HÀ NỘI", "TRƯỜNG THPT CHU VĂN AN"],
     "Trường THPT Chu Văn An", "Sở Giáo dục và Đào tạo Hà Nội"),
    (["UBND TỈNH BẮC GIANG", "BỆNH VIỆN ĐA KHOA TỈNH"], "Bệnh viện Đa khoa tỉnh", "UBND tỉnh Bắc Giang"),
    (["BẢO HIỂM XÃ HỘI VIỆT NAM", "BẢO HIỂM XÃ HỘI TỈNH BÌNH ĐỊNH"],
     "Bảo hiểm xã hội tỉnh Bình Định", "Bảo hiểm xã hội Việt Nam"),
    (["BAN CHẤP HÀNH ĐẢNG BỘ TỈNH"], "Ban Chấp hành Đảng bộ tỉnh", None),
    (["HỘI NÔNG DÂN TỈNH NAM ĐỊNH"], "Hội Nông dân tỉnh Nam Định", None),
    # flattened two-column lines: the motto parts are cut out
    (["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH PHÚ YÊN Độc lập - Tự do - Hạnh phúc"],
     "UBND tỉnh Phú Yên", None),
    (["BỘ Y TẾ CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc"], "Bộ Y tế", None),
    # a caption or a converter's note above the block is not part of it
    (["Toàn văn kế hoạch số 5 của tỉnh", "[Trích xuất tự động]", "UBND TỈNH BẾN TRE"], "UBND tỉnh Bến Tre", None),
    ([], None, None),
]
# fmt: on


@pytest.mark.parametrize(("lines", "issuer", "parent"), ISSUERS)
def test_issuer_forms(lines: list[str], issuer: str | None, parent: str | None) -> None:
    assert issuer_forms(lines) == (issuer, parent)


@pytest.mark.parametrize(
    ("phrase", "issuer"),
    [
        ("Bộ trưởng Bộ Xây dựng", "Bộ Xây dựng"),
        ("Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang", "UBND tỉnh Hậu Giang"),
        ("UBND thành phố Đà Nẵng", "UBND thành phố Đà Nẵng"),
        ("UBND Thành phố", "UBND Thành phố"),  # no place named: kept as written
        ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ],
)
def test_issuer_from_phrase(phrase: str, issuer: str) -> None:
    assert issuer_from_phrase(phrase) == issuer


def test_issuer_lines_are_the_block_as_written() -> None:
    info, _ = _parse(
        "UBND TỈNH LONG AN", MOTTO[0], "SỞ TƯ PHÁP", MOTTO[1], "-------",
        "Số: 31/KH-STP", "Long An, ngày 4 tháng 5 năm 2026", *BODY,
    )  # fmt: skip
    assert info.issuer_lines == ["UBND TỈNH LONG AN", "SỞ TƯ PHÁP"]
    assert (info.issuer, info.parent) == ("Sở Tư pháp tỉnh Long An", "UBND tỉnh Long An")


def test_a_number_line_in_capitals_is_not_part_of_the_issuer() -> None:
    # OCR of a scan often reads the label of the number line as 'SỐ:'
    info, _ = _parse(
        "UBND TỈNH LONG AN", "SỞ TƯ PHÁP", "SỐ: /KH-STP", "Long An, ngày tháng 5 năm 2026", *BODY
    )
    assert info.issuer_lines == ["UBND TỈNH LONG AN", "SỞ TƯ PHÁP"]
    assert (info.issuer, info.number, info.draft) == ("Sở Tư pháp tỉnh Long An", None, True)


def test_issuer_from_the_basis_only_without_a_block() -> None:
    basis = "Thực hiện: Quyết định số 1/QĐ-TTg ngày 02/01/2026, UBND tỉnh Bình Phước ban hành Kế hoạch như sau:"
    info, _ = _parse(
        "Số: 7/KH-UBND", "Đồng Xoài, ngày 8 tháng 1 năm 2026", "KẾ HOẠCH", "Tên", basis
    )
    assert info.issuer == "UBND tỉnh Bình Phước" and info.issuer_lines == []
    # a block that names the committee wins over the basis
    info, _ = _parse("ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI", "Số: 7/KH-UBND", "KẾ HOẠCH", "Tên", basis)
    assert info.issuer == "UBND tỉnh Đồng Nai"
    # a bare 'ỦY BAN NHÂN DÂN' loses to a basis that names the committee
    info, _ = _parse("ỦY BAN NHÂN DÂN", MOTTO[0], "Số: 7/KH-UBND", "KẾ HOẠCH", "Tên", basis)
    assert info.issuer == "UBND tỉnh Bình Phước" and info.issuer_lines == ["ỦY BAN NHÂN DÂN"]


# --- number, date and place --------------------------------------------------------------
@pytest.mark.parametrize(
    ("lines", "number", "date", "place"),
    [
        (["Số: 09/KH-BXD", "Hà Nội, ngày 06 tháng 8 năm 2024"], "09/KH-BXD", dt.date(2024, 8, 6), "Hà Nội"),
        (["Số: 188 /KH-UBND", "Vinh, ngày 02 tháng 4 năm 2026"], "188/KH-UBND", dt.date(2026, 4, 2), "Vinh"),
        (["Số:188/KH-UBND", "Vinh, ngày 2 tháng 4 năm 2026"], "188/KH-UBND", dt.date(2026, 4, 2), "Vinh"),
        (["Số 134/KH-UBND", "Sa Đéc, ngày 30 tháng 11 năm 2025"], "134/KH-UBND", dt.date(2025, 11, 30), "Sa Đéc"),
        (["Số: 12/KH-UBND Tây Ninh, ngày 3 tháng 2 năm 2026"], "12/KH-UBND", dt.date(2026, 2, 3), "Tây Ninh"),
        (["Số: 5/KH-SCT", "*Bắc Giang, ngày 26 tháng 3 năm 2026*"], "5/KH-SCT", dt.date(2026, 3, 26), "Bắc Giang"),
        (["Số: 5/KH-SCT", "_Bắc Giang, ngày 26 tháng 3 năm 2026_"], "5/KH-SCT", dt.date(2026, 3, 26), "Bắc Giang"),
        (["Số: 5/KH-SCT", "Hội An, ngày 02 tháng 4", "năm 2026"], "5/KH-SCT", dt.date(2026, 4, 2), "Hội An"),
        (["Số: 5/KH-SCT", "Hội An, ngày 5/3/2026"], "5/KH-SCT", dt.date(2026, 3, 5), "Hội An"),
        (["Số: 02-KH/TU", "Pleiku, ngày 9 tháng 9 năm 2025"], "02-KH/TU", dt.date(2025, 9, 9), "Pleiku"),
        # spaced digits from a PDF's letter spacing
        (["Số: 1 1 0 5 /KH-ĐKT", "Lạng Sơn, ngày 1 0 tháng 3 năm 2026"], "1105/KH-ĐKT", dt.date(2026, 3, 10), "Lạng Sơn"),
        # drafts: blank number, blank day and month
        (["Số: /KH-UBND", "Cà Mau, ngày tháng 4 năm 2026"], None, None, "Cà Mau"),
        (["Số:        /KH-SCT", "Cà Mau, ngày      tháng      năm 2026"], None, None, "Cà Mau"),
        (["Số: ....../KH-SCT", "Cà Mau, ngày ... tháng ... năm 2026"], None, None, "Cà Mau"),
        # OCR: blanks read as dashes, the label in capitals
        (["SỐ: /KH-SCT", "Cà Mau, ngày — tháng 4 năm 2026"], None, None, "Cà Mau"),
        (["SỐ: 12/KH-SCT", "Cà Mau, ngày – tháng - năm 2026"], "12/KH-SCT", None, "Cà Mau"),
        # only the first 'Số:' line of the block counts
        (["Số: 3/KH-UBND", "Số: 4/KH-UBND", "Huế, ngày 1 tháng 2 năm 2026"], "3/KH-UBND", dt.date(2026, 2, 1), "Huế"),
        # flattened: number and place/date on one line, motto cut out
        (
            ["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH QUẢNG TRỊ Độc lập - Tự do - Hạnh phúc",
             "Số: 45 /KH-UBND Đông Hà, ngày 9 tháng 6 năm 2026"],
            "45/KH-UBND", dt.date(2026, 6, 9), "Đông Hà",
        ),
    ],
)  # fmt: skip
def test_number_date_place(
    lines: list[str], number: str | None, date: dt.date | None, place: str | None
) -> None:
    info, _ = _parse(*lines, *BODY)
    assert (info.number, info.issued_on, info.place) == (number, date, place)
    assert info.draft is (number is None or date is None)


def test_flattened_header_reads_issuer_number_and_date() -> None:
    info, warnings = _parse(
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "THÀNH PHỐ ĐÀ LẠT Độc lập - Tự do - Hạnh phúc",
        "Số: 88 /KH-UBND Đà Lạt, ngày 02 tháng 4 năm 2026",
        *BODY,
    )
    assert info.issuer == "UBND thành phố Đà Lạt"
    assert info.issuer_lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ LẠT"]
    assert (info.number, info.issued_on) == ("88/KH-UBND", dt.date(2026, 4, 2))
    assert warnings == []


def test_markdown_table_cells_with_rules() -> None:
    info, _ = _parse(
        "BỘ KHOA HỌC VÀ CÔNG NGHỆ -------",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------",
        "---", "---", "Số: 21/KH-BKHCN", "*Hà Nội, ngày 15 tháng 7 năm 2025*", *BODY,
    )  # fmt: skip
    assert info.issuer == "Bộ Khoa học và Công nghệ"
    assert info.issuer_lines == ["BỘ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert (info.number, info.issued_on, info.place) == (
        "21/KH-BKHCN",
        dt.date(2025, 7, 15),
        "Hà Nội",
    )


def test_repost_number_from_theo_ke_hoach_line() -> None:
    info, warnings = _parse(
        "KẾ HOẠCH", "Tổ chức giải chạy",
        "(Theo Kế hoạch số 45/KH-UBND ngày 12/3/2026 của UBND tỉnh Hưng Yên)",
    )  # fmt: skip
    assert (info.number, info.issued_on) == ("45/KH-UBND", dt.date(2026, 3, 12))
    assert any("45/KH-UBND" in w for w in warnings)


def test_no_number_line_is_a_warning() -> None:
    info, warnings = _parse("Huế, ngày 1 tháng 2 năm 2026", *BODY)
    assert info.number is None and info.draft
    assert "no 'Số: …' line found in the header" in warnings


# --- issued with a decision ---------------------------------------------------------------
DECISION = [
    "BỘ XÂY DỰNG", "-------", MOTTO[0], MOTTO[1], "---------------",
    "Số: 512/QĐ-BXD", "Hà Nội, ngày 20 tháng 9 năm 2023",
    "QUYẾT ĐỊNH", "BAN HÀNH KẾ HOẠCH RÀ SOÁT ĐỊNH MỨC", "BỘ TRƯỞNG BỘ XÂY DỰNG",
    "Căn cứ Quyết định số 9/QĐ-TTg ngày 08/8/2022 của Thủ tướng Chính phủ;",
    "QUYẾT ĐỊNH:", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch rà soát định mức.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    "Nơi nhận:", "- Như Điều 2;", "BỘ TRƯỞNG", "Trần Văn Bình",
]  # fmt: skip


def test_decision_first_with_subtitle() -> None:
    subtitle = "(Ban hành kèm theo Quyết định số 512/QĐ-BXD ngày 20 tháng 9 năm 2023 của Bộ trưởng Bộ Xây dựng)"
    info, warnings = _parse(*DECISION, "KẾ HOẠCH", "RÀ SOÁT ĐỊNH MỨC XÂY DỰNG NĂM 2024", subtitle)
    assert info.issued_with is not None
    assert info.issued_with.model_dump() == {
        "kind": "Quyết định",
        "number": "512/QĐ-BXD",
        "date": dt.date(2023, 9, 20),
        "issuer": "Bộ trưởng Bộ Xây dựng",
        "text": subtitle,
    }
    assert (info.number, info.issued_on, info.issuer) == (
        "512/QĐ-BXD",
        dt.date(2023, 9, 20),
        "Bộ Xây dựng",
    )
    assert info.title == "RÀ SOÁT ĐỊNH MỨC XÂY DỰNG NĂM 2024" and info.plan_year == 2024
    assert info.draft is False
    assert (
        "number and date are those of Quyết định 512/QĐ-BXD, which the plan is issued with"
        in warnings
    )
    # the plan has no basis of its own: the decision's is its basis
    assert [r.number for r in info.legal_basis] == ["9/QĐ-TTg"]


def test_decision_first_without_subtitle() -> None:
    info, warnings = _parse(*DECISION, "KẾ HOẠCH", "Rà soát định mức xây dựng")
    assert info.issued_with is not None
    assert (info.issued_with.kind, info.issued_with.number) == ("Quyết định", "512/QĐ-BXD")
    assert info.issued_with.date == dt.date(2023, 9, 20)
    assert (info.number, info.issuer) == ("512/QĐ-BXD", "Bộ Xây dựng")
    assert any("512/QĐ-BXD" in w for w in warnings)


def test_subtitle_without_own_number_gives_the_decisions() -> None:
    info, _ = _parse(
        "KẾ HOẠCH", "Phòng chống thiên tai năm 2026",
        "(Ban hành kèm theo Quyết định số 321/QĐ-UBND ngày 2/2/2026 của Chủ tịch UBND tỉnh Vĩnh Long)",
    )  # fmt: skip
    assert (info.number, info.issued_on) == ("321/QĐ-UBND", dt.date(2026, 2, 2))
    assert info.issuer == "UBND tỉnh Vĩnh Long"
    assert info.title == "Phòng chống thiên tai năm 2026"


def test_subtitle_of_a_resolution_under_a_plan_with_its_own_number() -> None:
    """'(Ban hành kèm theo Nghị quyết …)' under a plan that has its own 'Số: …/KH-…' line:
    the plan implements the resolution, so it keeps its own (blank) number and no
    issued_with is set."""
    info, warnings = _parse(
        "UBND TỈNH HOÀ BÌNH", "SỞ CÔNG THƯƠNG", "Số:     /KH-SCT", MOTTO[0], MOTTO[1],
        "Hòa Bình, ngày tháng 4 năm 2026", "KẾ HOẠCH",
        "Thực hiện Đề án số 03 về phát triển thương mại", "giai đoạn 2026-2030",
        "(Ban hành kèm theo Nghị quyết số 12-NQ/TU ngày 05/01/2026 của Tỉnh ủy Hòa Bình)",
        "Căn cứ Nghị quyết số 12-NQ/TU ngày 05/01/2026 của Tỉnh ủy Hòa Bình;",
    )  # fmt: skip
    assert info.issued_with is None and info.number is None and info.draft
    assert info.title == "Thực hiện Đề án số 03 về phát triển thương mại giai đoạn 2026-2030"
    assert (info.plan_year, info.period) == (None, Period(start=2026, end=2030))
    assert info.issuer == "Sở Công Thương tỉnh Hoà Bình"  # the place as written
    assert not any("issued with" in w for w in warnings)


# --- title ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("after", "title"),
    [
        (["Tổ chức hội chợ", "nông sản năm 2026", "Căn cứ Luật Thương mại;"], "Tổ chức hội chợ nông sản năm 2026"),
        # a title line right after KẾ HOẠCH is title even when it starts 'Thực hiện'
        (["Thực hiện Chương trình mục tiêu về nước sạch năm 2025", "Thực hiện: Quyết định số 9/QĐ-TTg;"],
         "Thực hiện Chương trình mục tiêu về nước sạch năm 2025"),
        (["Triển khai thực hiện Chỉ thị số 05-CT/TU", "của Ban Thường vụ Tỉnh ủy",
          "Thực hiện Chỉ thị số 05-CT/TU của Ban Thường vụ Tỉnh ủy, UBND tỉnh ban hành Kế hoạch:"],
         "Triển khai thực hiện Chỉ thị số 05-CT/TU của Ban Thường vụ Tỉnh ủy"),
        (["HÀNH ĐỘNG", "THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ NĂM 2026", "Căn cứ Luật Giao dịch điện tử;"],
         "HÀNH ĐỘNG THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ NĂM 2026"),
        (["Phát triển du lịch", "(Kèm theo Quyết định số 4/QĐ-UBND ngày 1/1/2026)"], "Phát triển du lịch"),
        (["Xét đề nghị của Sở Y tế tại Tờ trình số 1/TTr-SYT ngày 1/1/2026;"], None),
        # a whole basis sentence right after KẾ HOẠCH is not a title
        (["Thực hiện Quyết định số 2/QĐ-UBND, Sở Tài chính xây dựng Kế hoạch như sau:"], None),
    ],
)  # fmt: skip
def test_title(after: list[str], title: str | None) -> None:
    info, _ = _parse("Số: 1/KH-UBND", "Huế, ngày 1 tháng 2 năm 2026", "KẾ HOẠCH", *after)
    assert info.title == title


def test_basis_references_and_no_kind_line() -> None:
    info, _ = _parse(
        "Số: 1/KH-UBND", "KẾ HOẠCH", "Tên",
        "Căn cứ Quyết định số 76/QĐ-TTg ngày 11/01/2016 của Thủ tướng Chính phủ;",
    )  # fmt: skip
    assert [(r.kind, r.number, r.issuer) for r in info.legal_basis] == [
        ("Quyết định", "76/QĐ-TTg", "Thủ tướng Chính phủ")
    ]
    info, warnings = _parse("Số: 1/KH-UBND", "Tên")
    assert info.title is None and "no 'KẾ HOẠCH' line found in the header" in warnings


# --- plan year and period -------------------------------------------------------------------
# fmt: off
YEARS = [
    ("TRIỂN KHAI CHƯƠNG TRÌNH KHUYẾN CÔNG NĂM 2024", 2023, 2024, (2024, 2024)),
    ("Thực hiện Đề án về chợ năm 2025 trên địa bàn tỉnh", 2024, 2025, (2025, 2025)),
    # the year in a cited document's date is not a plan year
    ("TRIỂN KHAI CHỈ THỊ SỐ 08/CT-TTG NGÀY 02 THÁNG 5 NĂM 2024 CỦA THỦ TƯỚNG", 2024, None, None),
    ("Thực hiện Chỉ thị số 02-CT/TU ngày 04/01/2026 của Tỉnh ủy", 2026, None, None),
    ("Kế hoạch năm 2026 thực hiện Chỉ thị ngày 9 tháng 1 năm 2025", 2026, 2026, (2026, 2026)),
    # periods
    ("Phát triển nông nghiệp giai đoạn 2026-2030", 2026, None, (2026, 2030)),
    ("Phát triển nông nghiệp giai đoạn 2026 – 2027", 2026, None, (2026, 2027)),
    ("QUY HOẠCH VẬT LIỆU THỜI KỲ 2021-2030, TẦM NHÌN ĐẾN NĂM 2050", 2019, None, (2021, 2030)),
    ("Giảm nghèo bền vững 2021 - 2025", 2021, None, (2021, 2025)),
    ("Chuyển đổi số từ năm 2024 đến năm 2026", 2024, None, (2024, 2026)),
    ("Tuyển sinh năm học 2025-2026", 2025, None, (2025, 2026)),
    # a yearly plan of a programme's period
    ("Thực hiện Chương trình giai đoạn 2021-2025 năm 2024", 2024, 2024, (2024, 2024)),
    # the vision year is never a plan year
    ("Phát triển đô thị, tầm nhìn đến năm 2045", 2025, None, None),
    # a deadline alone: the plan year only when it is the year of issue
    ("Đẩy mạnh công tác dân vận từ nay đến cuối năm 2025", 2025, 2025, (2025, 2025)),
    ("Phát triển công nghiệp đến năm 2030", 2025, None, None),
    ("Kiểm tra an toàn vật liệu nổ", 2026, None, None),
]
# fmt: on


@pytest.mark.parametrize(("title", "issued_year", "plan_year", "period"), YEARS)
def test_plan_years(
    title: str, issued_year: int, plan_year: int | None, period: tuple[int, int] | None
) -> None:
    want = Period(start=period[0], end=period[1]) if period else None
    assert plan_years(title, issued_year) == (plan_year, want)


def test_plan_year_uses_the_year_of_a_draft_date() -> None:
    info, _ = _parse(
        "Số: /KH-UBND", "Gò Công, ngày tháng năm 2025", "KẾ HOẠCH",
        "Tổng kết phong trào từ nay đến hết năm 2025",
    )  # fmt: skip
    assert (info.plan_year, info.period) == (2025, Period(start=2025, end=2025))


def test_markdown_emphasis_and_heading_marks() -> None:
    info, _ = _parse(
        "**ỦY BAN NHÂN DÂN**", "**TỈNH LAI CHÂU**", "Số: 3/KH-UBND",
        "*Lai Châu, ngày 3 tháng 2 năm 2026*", "# KẾ HOẠCH", "## Tổ chức Tết năm 2026",
    )  # fmt: skip
    assert (info.issuer, info.number, info.issued_on) == (
        "UBND tỉnh Lai Châu",
        "3/KH-UBND",
        dt.date(2026, 2, 3),
    )
    assert (info.title, info.plan_year) == ("Tổ chức Tết năm 2026", 2026)


def test_subtitle_wrapped_over_two_lines() -> None:
    info, _ = _parse(
        "KẾ HOẠCH", "Cải cách hành chính",
        "(Ban hành kèm theo Quyết định số 77/QĐ-UBND ngày 14 tháng 10",
        "năm 2025 của UBND tỉnh Bắc Kạn)", "Căn cứ Luật Tổ chức chính quyền địa phương;",
    )  # fmt: skip
    assert info.title == "Cải cách hành chính"
    assert info.issued_with is not None and info.issued_with.date == dt.date(2025, 10, 14)
    assert (info.number, info.issuer) == ("77/QĐ-UBND", "UBND tỉnh Bắc Kạn")


def test_ocr_slips_in_the_issuer_block_are_forgiven() -> None:
    """Marks misread on a scan: the locality word and a province's name still read."""
    from khtool.parsing.fields.issuer import issuer_forms

    assert issuer_forms(["ỦY BAN NHÂN DÂN", "THÀNH PHÓ ĐÀ NĂNG"]) == (
        "UBND thành phố Đà Nẵng",
        None,
    )
    assert issuer_forms(["UBND TỈNH HOÀ BÌNH", "SỞ XÂY DỰNG"]) == (
        "Sở Xây dựng tỉnh Hoà Bình",
        "UBND tỉnh Hoà Bình",
    )  # written right, with the other tone placement: kept as written


def test_a_kind_line_misread_by_ocr_still_opens_the_title() -> None:
    from khtool.parsing.header import kind_of_line

    assert kind_of_line("KÉ HOẠCH") == "plan"
    assert kind_of_line("QUYÉT ĐỊNH") == "decision"
    assert kind_of_line("Kế hoạch") == "plan"
    assert kind_of_line("Ké hoạch") is None


def test_an_inspection_team_misread_by_ocr_takes_its_known_name() -> None:
    from khtool.parsing.fields.issuer import issuer_forms

    got = issuer_forms(["SỞ XÂY DỰNG", "ĐOÀN KIÊM TRA", "THEO QUYẾT ĐỊNH SỐ 77/QĐ-SXD"])
    assert got == ("Đoàn kiểm tra theo Quyết định số 77/QĐ-SXD", "Sở Xây dựng")


def test_an_issuer_name_ending_in_a_decision_number_is_not_the_number_line() -> None:
    info, _ = _parse(
        "ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH", "SỐ 77/QĐ-SXD", "Số: 12/KH-ĐKT",
        "Cà Mau, ngày 3 tháng 4 năm 2026", *BODY,
    )  # fmt: skip
    assert info.number == "12/KH-ĐKT"
    assert info.issuer_lines == ["ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH", "SỐ 77/QĐ-SXD"]


def test_a_plan_whose_blank_number_code_stands_on_its_own_line_keeps_its_own_number() -> None:
    # a text dump of a two-column header: 'Số:' and its '/KH-SCT' on separate lines; the
    # plan implements a resolution, it is not issued with it
    info, _ = _parse(
        "UBND TỈNH LONG AN", "SỞ CÔNG THƯƠNG", "Số:", MOTTO[0], "/KH-SCT", MOTTO[1],
        "Long An, ngày", "tháng 4 năm 2026", "KẾ HOẠCH", "Thực hiện Đề án số 3 về công nghiệp",
        "(Ban hành kèm theo Nghị quyết số 12-NQ/TU ngày 2/1/2026 của Tỉnh ủy Long An)",
        "Căn cứ Luật Thư viện;",
    )  # fmt: skip
    assert (info.number, info.issued_with, info.draft) == (None, None, True)
    assert info.issuer == "Sở Công Thương tỉnh Long An"


def test_the_right_column_read_after_the_plan_line() -> None:
    # a PDF's reading order may put the motto and the date (wrapped in its narrow
    # column) after 'KẾ HOẠCH': they are still the header's, not the title's
    info, _ = _parse(
        "ỦY BAN NHÂN DÂN", "TỈNH BẮC NAM", "Số: 88/KH-UBND", "KẾ HOẠCH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Bắc Nam, ngày 20 tháng 01 năm", "2026", "Phát triển kinh tế số năm 2026",
    )  # fmt: skip
    assert (info.issued_on, info.place, info.title) == (
        dt.date(2026, 1, 20),
        "Bắc Nam",
        "Phát triển kinh tế số năm 2026",
    )


def test_a_date_line_wrapped_before_its_year() -> None:
    info, _ = _parse(
        "UBND TỈNH BẮC NAM", "Số: 9/KH-UBND", "Bắc Nam, ngày 5 tháng 3 năm", "2026", *BODY
    )
    assert (info.issued_on, info.place) == (dt.date(2026, 3, 5), "Bắc Nam")
