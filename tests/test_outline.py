"""khtool.parsing.outline: numbering markers, section roles and the section tree of the body."""

from __future__ import annotations

from pathlib import Path

import pytest

import khtool
from khtool.model import SectionRole
from khtool.parsing.outline import Node, build_outline, find_role, marker, section_role
from khtool.parsing.structure import Line
from khtool.reading.blocks import Provenance
from khtool.reading.normalize import clean


def _lines(*texts: str) -> list[Line]:
    return [Line(t, Provenance(None, i)) for i, t in enumerate(texts, start=1)]


def _tree(nodes: list[Node]) -> list[tuple]:
    """(number, title, text, children) of every node, recursively."""
    return [(n.number, n.title, n.text, _tree(n.children)) for n in nodes]


MARKERS: list[tuple[str, tuple[str, int, str, str] | None]] = [
    ("PHẦN I. ĐÁNH GIÁ KẾT QUẢ NĂM 2025", ("part", 0, "I", "ĐÁNH GIÁ KẾT QUẢ NĂM 2025")),
    ("Phần thứ hai: NHIỆM VỤ NĂM 2026", ("part", 0, "thứ hai", "NHIỆM VỤ NĂM 2026")),
    ("I. MỤC ĐÍCH, YÊU CẦU", ("roman", 1, "I", "MỤC ĐÍCH, YÊU CẦU")),
    ("IV- TỔ CHỨC THỰC HIỆN", ("roman", 1, "IV", "TỔ CHỨC THỰC HIỆN")),
    ("III/ Kinh phí", ("roman", 1, "III", "Kinh phí")),
    ("II NHIỆM VỤ TRỌNG TÂM", ("roman", 1, "II", "NHIỆM VỤ TRỌNG TÂM")),
    ("1. Mục tiêu chung", ("arabic", 2, "1", "Mục tiêu chung")),
    ("12) Rà soát hồ sơ địa chính", ("arabic", 2, "12", "Rà soát hồ sơ địa chính")),
    ("1\ufe0f\u20e3. Tuyên truyền", ("arabic", 2, "1", "Tuyên truyền")),
    (
        "2.1. Tỷ lệ hồ sơ trực tuyến đạt 90%",
        ("decimal", 3, "2.1", "Tỷ lệ hồ sơ trực tuyến đạt 90%"),
    ),
    ("2.1 Chỉ tiêu cụ thể", ("decimal", 3, "2.1", "Chỉ tiêu cụ thể")),
    ("3.2.4. Cấp xã", ("decimal", 4, "3.2.4", "Cấp xã")),
    ("a) Cơ quan chủ trì: Sở Nội vụ", ("letter", 6, "a", "Cơ quan chủ trì: Sở Nội vụ")),
    ("đ) Nội dung khác", ("letter", 6, "đ", "Nội dung khác")),
    # not markers: bullets, years, words, three-digit numbers, upper-case letters
    ("- Tuyên truyền trên báo Bắc Ngàn", None),
    ("+ Tập huấn cho cán bộ", None),
    ("2026 là năm chuyển đổi số", None),
    ("Ví dụ điển hình", None),
    ("100. Nội dung", None),
    ("A) Nội dung", None),
    ("I VÙNG đồi chè", None),
]


@pytest.mark.parametrize(("text", "expected"), MARKERS)
def test_marker(text: str, expected: tuple[str, int, str, str] | None) -> None:
    """Markers are read on normalised text (emoji marks on digits are gone by then)."""
    assert marker(clean(text)) == expected


def test_marker_ranks_order_the_schemes() -> None:
    texts = ["PHẦN I. A", "I. A", "1. A", "1.1. A", "1.1.1. A", "a) A"]
    ranks = [marker(t)[1] for t in texts]  # type: ignore[index]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)


ROLES: list[tuple[str, SectionRole | None]] = [
    ("MỤC ĐÍCH, YÊU CẦU", SectionRole.purpose),
    ("Mục tiêu cụ thể", SectionRole.goals),
    ("CÁC CHỈ TIÊU CHỦ YẾU", SectionRole.goals),
    ("**NHIỆM VỤ VÀ GIẢI PHÁP**", SectionRole.tasks),
    ("Nội dung", SectionRole.tasks),
    ("Lộ trình thực hiện", SectionRole.tasks),
    ("NGUỒN KINH PHÍ", SectionRole.funding),
    ("Dự toán và kinh phí thực hiện", SectionRole.funding),  # 'any' rule
    ("TỔ CHỨC THỰC HIỆN", SectionRole.organization),
    ("Phân công nhiệm vụ", SectionRole.organization),
    ("Chế độ báo cáo", SectionRole.reporting),
    ("CĂN CỨ XÂY DỰNG KẾ HOẠCH", SectionRole.basis),
    ("SỰ CẦN THIẾT:", SectionRole.basis),
    ("Đánh giá kết quả năm 2025", SectionRole.review),
    ("Thực trạng du lịch nông thôn", SectionRole.review),
    ("GIẢI PHÁP", SectionRole.solutions),
    ("Khen thưởng, kỷ luật", None),
    ("", None),
]


@pytest.mark.parametrize(("title", "role"), ROLES)
def test_section_role(title: str, role: SectionRole | None) -> None:
    assert section_role(title) == role


def test_tree_nests_by_rank_and_joins_wrapped_lines() -> None:
    roots = build_outline(
        _lines(
            "I. NÂNG CAO CHẤT LƯỢNG DỊCH VỤ CÔNG",
            "TRỰC TUYẾN TOÀN TRÌNH",
            "1. Mục tiêu chung",
            "Nâng cao hiệu quả phục vụ người dân và",
            "doanh nghiệp trên địa bàn tỉnh.",
            "các bước tiếp theo do Sở Nội vụ hướng dẫn",
            "- Bảo đảm 100% hồ sơ đúng hạn",
            "+ cấp tỉnh, cấp xã",
            "2. Chỉ tiêu",
            "2.1. Tỷ lệ hồ sơ trực tuyến đạt 95%.",
            "a) Cấp tỉnh",
            "II. KINH PHÍ",
        )
    )
    assert _tree(roots) == [
        (
            "I",
            "NÂNG CAO CHẤT LƯỢNG DỊCH VỤ CÔNG TRỰC TUYẾN TOÀN TRÌNH",
            [],
            [
                (
                    "1",
                    "Mục tiêu chung",
                    [
                        "Nâng cao hiệu quả phục vụ người dân và doanh nghiệp trên địa bàn tỉnh.",
                        "các bước tiếp theo do Sở Nội vụ hướng dẫn",  # after a full stop
                        "- Bảo đảm 100% hồ sơ đúng hạn",
                        "+ cấp tỉnh, cấp xã",  # a bullet is never a continuation
                    ],
                    [],
                ),
                (
                    "2",
                    "Chỉ tiêu",
                    [],
                    [("2.1", "Tỷ lệ hồ sơ trực tuyến đạt 95%.", [], [("a", "Cấp tỉnh", [], [])])],
                ),
            ],
        ),
        ("II", "KINH PHÍ", [], []),
    ]
    assert roots[0].head == 2  # the wrapped heading takes two lines
    assert roots[1].role == SectionRole.funding


@pytest.mark.parametrize(
    ("texts", "title", "text"),
    [
        # an upper-case heading goes on while the next line is upper case
        (("I. MỤC ĐÍCH,", "YÊU CẦU"), "MỤC ĐÍCH, YÊU CẦU", []),
        # a bullet under an upper-case heading stays text
        (("I. MỤC TIÊU", "- TĂNG CƯỜNG"), "MỤC TIÊU", ["- TĂNG CƯỜNG"]),
        # a mixed-case heading does not take an upper-case line
        (("1. Mục tiêu", "UBND TỈNH BẮC NGÀN"), "Mục tiêu", ["UBND TỈNH BẮC NGÀN"]),
        # a lower-case line continues a mixed-case heading
        (
            ("1. Tổ chức tập huấn cho cán bộ", "cấp xã về chuyển đổi số"),
            "Tổ chức tập huấn cho cán bộ cấp xã về chuyển đổi số",
            [],
        ),
        # once the section has text, an upper-case line is text
        (("I. MỤC TIÊU", "Nội dung.", "CHUNG"), "MỤC TIÊU", ["Nội dung.", "CHUNG"]),
    ],
)
def test_heading_wrap(texts: tuple[str, ...], title: str, text: list[str]) -> None:
    (root,) = build_outline(_lines(*texts))
    assert (root.title, root.text) == (title, text)


def test_plan_without_roman_numerals_starts_at_arabic() -> None:
    roots = build_outline(
        _lines(
            "1. Mục tiêu",
            "Phấn đấu 80% xã có điểm phục vụ.",
            "2. Nhiệm vụ",
            "2.1. Rà soát",
            "3. Tổ chức thực hiện",
        )
    )
    assert [(n.number, n.role) for n in roots] == [
        ("1", SectionRole.goals),
        ("2", SectionRole.tasks),
        ("3", SectionRole.organization),
    ]
    assert [c.number for c in roots[1].children] == ["2.1"]
    assert find_role(roots, ["tasks", "organization"]) == [roots[1], roots[2]]


def test_duplicate_numbers_are_both_kept() -> None:
    roots = build_outline(_lines("I. MỤC TIÊU", "1. Thứ nhất", "1. Thứ nhất lặp", "I. MỤC TIÊU"))
    assert [n.number for n in roots] == ["I", "I"]
    assert [c.title for c in roots[0].children] == ["Thứ nhất", "Thứ nhất lặp"]


def test_text_before_the_first_heading_is_an_unnumbered_root() -> None:
    (root,) = build_outline(_lines("Căn cứ Quyết định số 17/QĐ-UBND;", "- Căn cứ Luật Du lịch."))
    assert (root.number, root.title, root.rank, root.role) == (None, "", -1, None)
    assert root.text == ["Căn cứ Quyết định số 17/QĐ-UBND;", "- Căn cứ Luật Du lịch."]


def test_headings_after_leading_text_are_roots() -> None:
    roots = build_outline(_lines("Căn cứ Quyết định số 17/QĐ-UBND;", "I. MỤC TIÊU"))
    assert [(n.number, n.title, n.role, n.text) for n in roots] == [
        (None, "", None, ["Căn cứ Quyết định số 17/QĐ-UBND;"]),
        ("I", "MỤC TIÊU", SectionRole.goals, []),
    ]


def test_body_lines_and_to_section() -> None:
    lines = _lines(
        "I. MỤC ĐÍCH,", "YÊU CẦU", "1. Rà soát", "văn bản", "2. Kiểm tra", "II. KINH PHÍ"
    )
    roots = build_outline(lines)
    assert [line.text for line in roots[0].body_lines()] == ["1. Rà soát", "văn bản", "2. Kiểm tra"]
    assert roots[0].body_lines()[0].where.line == 3
    assert [line.text for line in roots[0].all_lines()][:2] == ["I. MỤC ĐÍCH,", "YÊU CẦU"]
    section = roots[0].to_section()
    assert (section.number, section.title, section.role) == (
        "I",
        "MỤC ĐÍCH, YÊU CẦU",
        SectionRole.purpose,
    )
    assert [(c.number, c.title) for c in section.children] == [
        ("1", "Rà soát văn bản"),
        ("2", "Kiểm tra"),
    ]


def test_wrapped_heading_starting_with_vi_is_not_section_vi() -> None:
    roots = build_outline(
        _lines(
            "II. TĂNG CƯỜNG KIỂM TRA, XỬ LÝ", "VI PHẠM VỀ TRẬT TỰ XÂY DỰNG", "1. Kiểm tra định kỳ"
        )
    )
    assert [n.number for n in roots] == ["II"]
    assert roots[0].title == "TĂNG CƯỜNG KIỂM TRA, XỬ LÝ VI PHẠM VỀ TRẬT TỰ XÂY DỰNG"


def test_body_lines_of_the_unnumbered_root_keep_every_line() -> None:
    (root,) = build_outline(_lines("Căn cứ Luật Du lịch;", "Căn cứ Nghị quyết số 05/NQ-HĐND;"))
    assert [line.text for line in root.body_lines()] == [
        "Căn cứ Luật Du lịch;",
        "Căn cứ Nghị quyết số 05/NQ-HĐND;",
    ]


PLAN = """\
ỦY BAN NHÂN DÂN TỈNH BẮC NGÀN
Số: 48/KH-UBND
Bắc Ngàn, ngày 16 tháng 01 năm 2026
KẾ HOẠCH
Chuyển đổi số tỉnh Bắc Ngàn năm 2026
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
I. MỤC TIÊU, YÊU CẦU
1. Phấn đấu 90% hồ sơ công việc cấp tỉnh được xử lý trên môi
trường mạng.
2. Hoàn thành kết nối cơ sở dữ liệu dùng chung.
II. NHIỆM VỤ
1. Phát triển hạ tầng số
2. Phát triển dữ liệu số
III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ
- Chủ trì theo dõi, đôn đốc.
"""


def test_end_to_end_sections(tmp_path: Path) -> None:
    path = tmp_path / "kh-48.txt"
    path.write_text(PLAN, encoding="utf-8")
    plan = khtool.parse(path)
    assert plan.document.number == "48/KH-UBND"
    assert plan.document.plan_year == 2026
    assert [(s.number, s.role) for s in plan.sections] == [
        ("I", SectionRole.goals),
        ("II", SectionRole.tasks),
        ("III", SectionRole.organization),
    ]
    assert plan.sections[0].children[0].title.endswith("xử lý trên môi trường mạng.")
    assert [g.id for g in plan.goals] == ["1", "2"]
    assert [c.title for c in plan.content] == ["Phát triển hạ tầng số", "Phát triển dữ liệu số"]
    assert plan.organization[0].unit == "Sở Khoa học và Công nghệ"


WRAPPED = """\
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của cán bộ, công chức và Nhân dân trên địa bàn tỉnh về
Bảo vệ môi trường, phát triển bền vững gắn với bảo tồn các giá trị văn hóa của
Đồng bào các dân tộc; khuyến khích người dân tham gia giám sát việc thực hiện.
- Huy động sự vào cuộc của các cơ quan, đơn vị, doanh nghiệp và cộng đồng dân
Cư trong việc thu gom, phân loại chất thải rắn sinh hoạt tại nguồn ở các xã.
2. Yêu cầu
- Các nhiệm vụ phải cụ thể, khả thi, phù hợp với điều kiện thực tế của từng địa
Phương; bảo đảm tiến độ, chất lượng và hiệu quả trong tổ chức thực hiện ở cơ sở.
- Tăng cường phối hợp giữa các sở, ban, ngành và Ủy ban nhân dân các huyện, thị
Xã, thành phố trong quá trình triển khai, kịp thời tháo gỡ khó khăn phát sinh.
- Định kỳ sơ kết, đánh giá kết quả thực hiện và đề xuất điều chỉnh nội dung cho
Phù hợp với tình hình thực tiễn của địa phương trong từng giai đoạn cụ thể nhé.
- Lồng ghép nội dung của Kế hoạch với các chương trình mục tiêu quốc gia đang
Triển khai trên địa bàn để sử dụng hiệu quả các nguồn lực được phân bổ hằng năm.
- Bảo đảm công khai, minh bạch trong việc sử dụng kinh phí và huy động các nguồn
Lực xã hội hóa cho các hoạt động bảo vệ môi trường ở khu dân cư nông thôn mới.
- Đẩy mạnh ứng dụng công nghệ thông tin trong theo dõi, đánh giá việc thực hiện
Các chỉ tiêu của Kế hoạch, kết nối dữ liệu giữa các cấp chính quyền địa phương.
"""


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    """A PDF-to-text export wraps at a fixed width: a wrapped line goes on with the
    paragraph above it, even when it starts with a capital letter."""
    roots = build_outline(_lines(*WRAPPED.splitlines()))
    purpose = roots[0].children[0]
    assert len(purpose.text) == 2
    assert purpose.text[0].startswith("- Nâng cao nhận thức")
    assert purpose.text[0].endswith("giám sát việc thực hiện.")
    assert len(roots[0].children[1].text) == 6


def test_paragraphs_one_per_line_are_not_joined() -> None:
    """Paragraphs of a Word file arrive one per line, of any length: never joined."""
    lines = ["I. MỤC TIÊU", "1. Mục tiêu chung"] + [
        "Đoạn văn thứ " + str(k) + " không có dấu chấm cuối" + " câu" * (k * 7) for k in range(25)
    ]
    node = build_outline(_lines(*lines))[0].children[0]
    assert len(node.text) == 25


def test_an_upper_case_title_misread_by_ocr_still_has_its_role() -> None:
    assert section_role("TÔ CHỨC THỰC HIỆN") == SectionRole.organization
    assert section_role("MỤC ĐÍCH, YÊU CÂU") == SectionRole.purpose
    assert section_role("Tô chức lại bộ máy") is None  # only upper-case titles are forgiven
