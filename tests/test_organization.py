"""The organisation section (Tổ chức thực hiện): units and their duties; invented lines."""

from __future__ import annotations

from khtool.parsing.sections import parse_organization
from khtool.parsing.structure import Line
from khtool.reading.blocks import Provenance


def _items(*texts: str) -> list[tuple[str, str, str | None, list[str]]]:
    items, _, _ = parse_organization([Line(t, Provenance()) for t in texts])
    return [(i.id, i.unit, i.role, i.duties) for i in items]


def test_a_unit_and_its_duty_on_one_line() -> None:
    assert _items(
        "1. Sở Tài chính: bố trí kinh phí thực hiện Kế hoạch.",
        "2. Sở Công Thương (cơ quan thường trực): theo dõi, tổng hợp; báo cáo UBND tỉnh.",
        "3. Các sở, ban, ngành:",
        "- Triển khai các nhiệm vụ được giao.",
    ) == [
        ("1", "Sở Tài chính", None, ["bố trí kinh phí thực hiện Kế hoạch."]),
        ("2", "Sở Công Thương", "cơ quan thường trực", ["theo dõi, tổng hợp; báo cáo UBND tỉnh."]),
        ("3", "Các sở, ban, ngành", None, ["Triển khai các nhiệm vụ được giao."]),
    ]


def test_a_long_sentence_with_a_colon_is_not_cut() -> None:
    text = (
        "4. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc các sở, ngành và địa phương trong "
        "việc thực hiện các nhiệm vụ sau đây: tổng hợp báo cáo"
    )
    [(_, unit, _, duties)] = _items(text)
    assert unit == text[3:] and duties == []
