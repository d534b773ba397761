"""split_units: one unit per name, read the way a person reads the cell."""

from __future__ import annotations

import unicodedata

import pytest

from khtool.parsing.fields.units import split_units

CASES: list[tuple[list[str], list[str]]] = [
    # commas between complete unit names
    (
        ["Sở Khoa học và Công nghệ, UBND các địa phương"],
        ["Sở Khoa học và Công nghệ", "UBND các địa phương"],
    ),
    (
        ["Sở Khoa học và Công nghệ, Trung tâm xúc tiến, UBND các địa phương"],
        ["Sở Khoa học và Công nghệ", "Trung tâm xúc tiến", "UBND các địa phương"],
    ),
    (
        [
            "Cục Biến đổi khí hậu, Cục Bảo tồn thiên nhiên và Đa dạng sinh học"
            " và các đơn vị có liên quan thuộc Bộ TN&MT."
        ],
        [
            "Cục Biến đổi khí hậu",
            "Cục Bảo tồn thiên nhiên và Đa dạng sinh học và các đơn vị có liên quan thuộc Bộ TN&MT",
        ],
    ),
    (
        ["Cục Biến đổi khí hậu, các đơn vị có liên quan thuộc Bộ TN&MT."],
        ["Cục Biến đổi khí hậu", "các đơn vị có liên quan thuộc Bộ TN&MT"],
    ),
    (
        ["Trung tâm Truyền thông TN&MT, Báo TN&MT, Tạp chí TN&MT"],
        ["Trung tâm Truyền thông TN&MT", "Báo TN&MT", "Tạp chí TN&MT"],
    ),
    (
        ["Sở Nông nghiệp và Môi trường, các Sở, ban, ngành"],
        ["Sở Nông nghiệp và Môi trường", "các Sở, ban, ngành"],
    ),
    (
        ["Sở Y tế, Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh, Tỉnh đoàn"],
        ["Sở Y tế", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Tỉnh đoàn"],
    ),
    (
        ["Sở Tài chính, Thuế tỉnh, Kho bạc Nhà nước tỉnh"],
        ["Sở Tài chính", "Thuế tỉnh", "Kho bạc Nhà nước tỉnh"],
    ),
    (
        ["Ủy ban Mặt trận Tổ quốc tỉnh, Hội Nông dân tỉnh, Hiệp hội Doanh nghiệp tỉnh"],
        ["Ủy ban Mặt trận Tổ quốc tỉnh", "Hội Nông dân tỉnh", "Hiệp hội Doanh nghiệp tỉnh"],
    ),
    (
        ["Sở Công Thương, Các tổ chức, cá nhân có liên quan"],
        ["Sở Công Thương", "Các tổ chức, cá nhân có liên quan"],
    ),
    (
        ["UBND các quận, huyện, thị xã, Sở Xây dựng"],
        ["UBND các quận, huyện, thị xã", "Sở Xây dựng"],
    ),
    (
        ["Các Sở, ban, ngành, UBND các xã, phường"],
        ["Các Sở, ban, ngành", "UBND các xã, phường"],
    ),
    (
        ["Văn phòng UBND tỉnh, Công ty Điện lực tỉnh, Hợp tác xã Nông nghiệp Tân Phú"],
        ["Văn phòng UBND tỉnh", "Công ty Điện lực tỉnh", "Hợp tác xã Nông nghiệp Tân Phú"],
    ),
    # ';' and list bullets
    (["Các Sở, ban, ngành; UBND các xã, phường"], ["Các Sở, ban, ngành", "UBND các xã, phường"]),
    (
        ["- Vụ Kế hoạch -Tài chính; - Vụ Pháp chế; - Văn phòng Bộ."],
        ["Vụ Kế hoạch -Tài chính", "Vụ Pháp chế", "Văn phòng Bộ"],
    ),
    (
        ["Sở Xây dựng; Sở Du lịch; UBND các địa phương"],
        ["Sở Xây dựng", "Sở Du lịch", "UBND các địa phương"],
    ),
    (["+ Sở Nội vụ. + Sở Tư pháp."], ["Sở Nội vụ", "Sở Tư pháp"]),
    (["• Sở Nội vụ • Sở Tư pháp"], ["Sở Nội vụ", "Sở Tư pháp"]),
    (["Sở Xây dựng. - Sở Du lịch"], ["Sở Xây dựng", "Sở Du lịch"]),
    (
        ["Viện Khoa học Khí tượng thủy văn và Biến đổi khí hậu; Viện Chiến lược, Chính sách TN&MT"],
        [
            "Viện Khoa học Khí tượng thủy văn và Biến đổi khí hậu",
            "Viện Chiến lược, Chính sách TN&MT",
        ],
    ),
    # one unit: internal punctuation kept, no split before a non-head word
    (
        ["Vụ Pháp chế và các đơn vị có liên quan thuộc Bộ TN&MT."],
        ["Vụ Pháp chế và các đơn vị có liên quan thuộc Bộ TN&MT"],
    ),
    (
        ["Ban Quản lý quy hoạch /Tư vấn được lựa chọn"],
        ["Ban Quản lý quy hoạch /Tư vấn được lựa chọn"],
    ),
    (
        ["Công ty Advanced Business Events - Cộng hòa Pháp"],
        ["Công ty Advanced Business Events - Cộng hòa Pháp"],
    ),
    (
        ["Sở Công Thương, Kế hoạch và Đầu tư, Tài chính và các ngành liên quan"],
        ["Sở Công Thương, Kế hoạch và Đầu tư, Tài chính và các ngành liên quan"],
    ),
    (["Sở Công Thương, Tài chính"], ["Sở Công Thương, Tài chính"]),
    (
        ["Sở Văn hóa, Thể thao và Du lịch, Sở Lao động, Thương binh và Xã hội"],
        ["Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động, Thương binh và Xã hội"],
    ),
    (
        ["Các Sở, ban, ngành và các cơ quan, đơn vị, địa phương liên quan"],
        ["Các Sở, ban, ngành và các cơ quan, đơn vị, địa phương liên quan"],
    ),
    (
        ["Các Sở, ban, ngành, địa phương và các tổ chức hoạt động khai thác khoáng sản liên quan"],
        ["Các Sở, ban, ngành, địa phương và các tổ chức hoạt động khai thác khoáng sản liên quan"],
    ),
    (["Các Sở, ban, ngành và UBND các xã, phường"], ["Các Sở, ban, ngành và UBND các xã, phường"]),
    (["UBND các xã, phường"], ["UBND các xã, phường"]),
    (["UBND các quận, huyện, thị xã"], ["UBND các quận, huyện, thị xã"]),
    # a capitalised head after a bare head or a bare collective is not a new unit
    (["Các Sở, Ban, Ngành"], ["Các Sở, Ban, Ngành"]),
    (["Sở, Ban, ngành liên quan"], ["Sở, Ban, ngành liên quan"]),
    # a collective opener needs a collective noun; 'các chợ' is not a unit
    (
        ["các chợ, siêu thị, trung tâm thương mại, các cơ sở sản xuất, kinh doanh"],
        ["các chợ, siêu thị, trung tâm thương mại, các cơ sở sản xuất, kinh doanh"],
    ),
    # text after a non-unit never splits
    (
        ["cơ quan, tổ chức, doanh nghiệp, Sở Công Thương"],
        ["cơ quan, tổ chức, doanh nghiệp, Sở Công Thương"],
    ),
    # commas inside parentheses are not unit boundaries
    (
        ["Sở Tài chính (chủ trì, Sở Xây dựng phối hợp), UBND các huyện"],
        ["Sở Tài chính (chủ trì, Sở Xây dựng phối hợp)", "UBND các huyện"],
    ),
    # a paragraph is at least one unit
    (["Nguyễn Văn An", "Trần Thị Bình"], ["Nguyễn Văn An", "Trần Thị Bình"]),
    (["Sở Xây dựng,", "Sở Du lịch:"], ["Sở Xây dựng", "Sở Du lịch"]),
    ([""], []),
    (["."], []),
    (["  ; - ;  "], []),
    ([], []),
]


@pytest.mark.parametrize(
    ("items", "expected"), CASES, ids=[c[0][0][:40] if c[0] else "[]" for c in CASES]
)
def test_split_units(items: list[str], expected: list[str]) -> None:
    assert split_units(items) == expected


def test_decomposed_text_is_read_like_composed() -> None:
    text = "Sở Y tế, Ủy ban nhân dân các huyện"
    nfd = unicodedata.normalize("NFD", text)
    assert split_units([nfd]) == ["Sở Y tế", "Ủy ban nhân dân các huyện"]
