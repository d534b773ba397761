"""Field parsers, one row per real phrase from the real plans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khtool.parsing.fields.numbers import parse_number
from khtool.parsing.fields.quantities import find_quantities
from khtool.parsing.fields.references import find_references
from khtool.parsing.fields.targets import find_targets
from khtool.parsing.fields.timeline import parse_timeline
from khtool.parsing.fields.units import split_combined, split_units
from khtool.parsing.items import join_continuation, split_items


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Tháng 3 - 12/2025", "2025-03", "2025-12"),
        ("Tháng 4 - 10/2025", "2025-04", "2025-10"),
        ("Tháng 01 - 12/2025", "2025-01", "2025-12"),
        ("Tháng 7-10/2020", "2020-07", "2020-10"),
        ("Tháng 7-11/2020", "2020-07", "2020-11"),
        ("Trong quý III-IV/2020", "2020-07", "2020-12"),
        ("Quý II/2025", "2025-04", "2025-06"),
        ("Tháng 6/2025", "2025-06", "2025-06"),
        ("Tháng 11/2024 - 02/2025", "2024-11", "2025-02"),
        ("Năm 2025", "2025-01", "2025-12"),
        ("Cả năm 2025", "2025-01", "2025-12"),
        ("Từ tháng 3 đến tháng 9/2025", "2025-03", "2025-09"),
        ("Thường xuyên", None, None),
        ("Tháng 12 - 3/2025", None, None),
        ("Tháng 13/2025", None, None),
    ],
)
def test_timeline(text: str, start: str | None, end: str | None) -> None:
    span = parse_timeline(text)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,5", 3.5),
        ("5.000", 5000),
        ("30.000", 30000),
        ("05", 5),
        ("120", 120),
        ("4,5", 4.5),
        ("x", None),
    ],
)
def test_numbers(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 05 hội nghị phổ biến chính sách", [(5, None, None, "hội nghị", None)]),
        ("Quy mô chương trình 120-150 gian hàng", [(None, 120, 150, "gian hàng", None)]),
        (
            "30.000 tờ rơi và 12.000 poster (áp phích)",
            [(30000, None, None, "tờ rơi", None), (12000, None, None, "poster", None)],
        ),
        ("Quy 80-120 gian hàng/chương trình", [(None, 80, 120, "gian hàng", "chương trình")]),
        (
            "mỗi chuỗi dự kiến khoảng 60 gian hàng, khu trưng bày",
            [(60, None, None, "gian hàng", "chuỗi")],
        ),
        (
            "Tổ chức 10 lớp tập huấn (thời gian dự kiến 02 ngày/lớp)",
            [(10, None, None, "lớp tập huấn", None)],
        ),
        ("Tổ Hội nghị sơ kết 06 tháng, tổng kết cuối năm", []),
        ("giai đoạn 2021 – 2025 trên địa bàn thành phố", []),
        ("Tổ chức 01 Lễ phát động tiêu dùng xanh", [(1, None, None, "Lễ phát động", None)]),
        ("Bồi dưỡng 500 lượt cán bộ, công chức", [(500, None, None, "lượt cán bộ", None)]),
        (
            "Hỗ trợ 1.200 hộ gia đình và 15 công trình",
            [(1200, None, None, "hộ gia đình", None), (15, None, None, "công trình", None)],
        ),
        (
            "Tổ chức 04 đợt kiểm tra; xây dựng 02 chuyên mục",
            [(4, None, None, "đợt", None), (2, None, None, "chuyên mục", None)],
        ),
    ],
)
def test_quantities(text: str, expected: list[tuple[object, ...]]) -> None:
    got = [(q["count"], q["min"], q["max"], q["item"], q["per"]) for q in find_quantities(text)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Giảm 5 – 8% mức tiêu hao nguyên, nhiên vật liệu của các ngành sản xuất, cụ thể: dệt may, thép.",
            [
                (
                    None,
                    5,
                    8,
                    "decrease",
                    "mức tiêu hao nguyên, nhiên vật liệu của các ngành sản xuất",
                )
            ],
        ),
        (
            "giảm 3,5 – 4,5% mức tiêu hao nguyên, nhiên vật liệu của các ngành sản xuất dệt may.",
            [
                (
                    None,
                    3.5,
                    4.5,
                    "decrease",
                    "mức tiêu hao nguyên, nhiên vật liệu của các ngành sản xuất dệt may",
                )
            ],
        ),
        (
            "100% các khu, cụm công nghiệp và 70% các làng nghề được phổ biến.",
            [
                (100, None, None, "reach", "các khu, cụm công nghiệp"),
                (70, None, None, "reach", "các làng nghề được phổ biến"),
            ],
        ),
        (
            "Tiếp tục phân đấu: 70-80% các chợ truyền thống; 100% các siêu thị không sử dụng túi nilon;",
            [
                (None, 70, 80, "reach", "các chợ truyền thống"),
                (100, None, None, "reach", "các siêu thị không sử dụng túi nilon"),
            ],
        ),
        (
            "Tỷ lệ đóng góp của các ngành công nghiệp xanh trong GDP đạt 45%.",
            [(45, None, None, "reach", "Tỷ lệ đóng góp của các ngành công nghiệp xanh trong GDP")],
        ),
        ("Phấn đấu đến hết năm 2020 Thành phố đạt các chỉ tiêu:", []),
        # the subject before a direction word with qualifiers, a per-year unit
        (
            "Doanh thu bán lẻ hàng hóa tăng bình quân 9%/năm.",
            [(9, None, None, "increase", "Doanh thu bán lẻ hàng hóa")],
        ),
        (
            "Tỷ lệ chất thải rắn được thu gom đạt trên 95%.",
            [(95, None, None, "reach", "Tỷ lệ chất thải rắn được thu gom")],
        ),
        (
            "Số vụ vi phạm giảm ít nhất 10% so với năm trước.",
            [(10, None, None, "decrease", "Số vụ vi phạm")],
        ),
    ],
)
def test_targets(text: str, expected: list[tuple[object, ...]]) -> None:
    got = [
        (t["value"], t["min"], t["max"], t["direction"], t["subject"]) for t in find_targets(text)
    ]
    assert got == expected


def test_per_year_unit() -> None:
    (target,) = find_targets("Giá trị xuất khẩu tăng bình quân 8,5%/năm.")
    assert (target["unit"], target["value"], target["text"]) == (
        "%/năm",
        8.5,
        "Giá trị xuất khẩu tăng bình quân 8,5%/năm",
    )


def test_references_issuer_before_and_after() -> None:
    text = (
        "xét đề nghị của Sở Công Thương tại Tờ trình số 4684/TTr-SCT ngày 26/9/2024, "
        "ý kiến chỉ đạo của Thủ tướng Chính phủ tại văn bản số 3258/VPCP-KGVX ngày 23/4/2019 của Văn phòng Chính phủ và Kế hoạch hành động số 242/KH-UBND"
    )
    refs = find_references(text)
    assert [(r["kind"], r["number"], r["issuer"]) for r in refs] == [
        ("Tờ trình", "4684/TTr-SCT", "Sở Công Thương"),
        ("Văn bản", "3258/VPCP-KGVX", "Văn phòng Chính phủ"),
        ("Kế hoạch", "242/KH-UBND", None),
    ]


def test_units_combined_column_without_punctuation() -> None:
    lead, partners = split_combined(
        "- Đơn vị chủ trì: Sở Tài nguyên và Môi trường - Đơn vị phối hợp: Sở Công Thương, Tài chính."
    )
    assert split_units([lead]) == ["Sở Tài nguyên và Môi trường"]
    assert split_units([partners]) == ["Sở Công Thương, Tài chính"]


def test_inline_bullets_split_only_after_punctuation() -> None:
    text = (
        "- Xây dựng (PSS - Product service systems) vào thực tế. - Hướng dẫn Bia - Rượu; - Tổ chức"
    )
    assert split_items([text]) == [
        "Xây dựng (PSS - Product service systems) vào thực tế.",
        "Hướng dẫn Bia - Rượu;",
        "Tổ chức",
    ]


def test_continuation_joins_split_word_pair() -> None:
    assert join_continuation(["a", "cho các sản phẩm bao"], ["bì nhựa dùng một lần."]) == [
        "a",
        "cho các sản phẩm bao bì nhựa dùng một lần.",
    ]
    assert join_continuation(["x."], ["- new bullet"]) == ["x.", "- new bullet"]


@given(st.text(max_size=200))
def test_field_parsers_never_raise(text: str) -> None:
    parse_timeline(text)
    find_quantities(text)
    find_targets(text)
    find_references(text)
    split_items([text])
    split_combined(text)
    parse_number(text)


@given(
    a=st.integers(min_value=1, max_value=12),
    b=st.integers(min_value=1, max_value=12),
    year=st.integers(min_value=1990, max_value=2100),
)
def test_timeline_month_ranges_roundtrip(a: int, b: int, year: int) -> None:
    span = parse_timeline(f"Tháng {a} - {b}/{year}")
    if a <= b:
        assert (span.start, span.end) == (f"{year}-{a:02d}", f"{year}-{b:02d}")
    else:
        assert (span.start, span.end) == (None, None)


@given(st.integers(min_value=0, max_value=10_000_000))
def test_vietnamese_thousands_roundtrip(n: int) -> None:
    assert parse_number(f"{n:,}".replace(",", ".")) == n
