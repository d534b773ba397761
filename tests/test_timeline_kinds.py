"""parse_timeline: kinds of period (range, by, recurring, continuous) and their months."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khtool.parsing.fields.timeline import MonthSpan, parse_timeline

R, BY, REC, CONT = "range", "by", "recurring", "continuous"

CASES: list[tuple[str, int | None, str | None, str | None, str | None]] = [
    # single month, quarter, year
    ("Tháng 8/2024", None, "2024-08", "2024-08", R),
    ("Năm 2026", None, "2026-01", "2026-12", R),
    ("Trong năm 2026", None, "2026-01", "2026-12", R),
    ("Cả năm 2026", None, "2026-01", "2026-12", R),
    ("Quý II/2025", None, "2025-04", "2025-06", R),
    ("12/2019", None, "2019-12", "2019-12", R),
    ("01/2020", None, "2020-01", "2020-01", R),
    ("Tháng 3 năm 2025", None, "2025-03", "2025-03", R),
    # lists of months, quarters or years: from the first item to the last
    ("Quý I, II/2026", None, "2026-01", "2026-06", R),
    ("Quý I và II năm 2026", None, "2026-01", "2026-06", R),
    ("Tháng 10, 11/2026", None, "2026-10", "2026-11", R),
    ("Tháng 6, 7 và 8/2026", None, "2026-06", "2026-08", R),
    ("Tháng 5, tháng 6/2026", None, "2026-05", "2026-06", R),
    ("tháng 1, 2, 3 năm 2026 (dự kiến)", None, "2026-01", "2026-03", R),
    ("Quý III, IV", 2025, "2025-07", "2025-12", R),
    ("Năm 2026, 2027", None, "2026-01", "2027-12", R),
    # a part of a month is the month; a label before a colon is skipped
    ("Tuần đầu tháng 4/2026", None, "2026-04", "2026-04", R),
    ("cuối tháng 6/2026", None, "2026-06", "2026-06", R),
    ("Đợt 1: tháng 5/2026", None, "2026-05", "2026-05", R),
    # a month every year
    ("Tháng 12 hằng năm", 2026, None, None, REC),
    # deadlines
    ("Xong trong Quý II/2026", None, None, "2026-06", BY),
    ("Xong trong tháng 5/2026", None, None, "2026-05", BY),
    ("Hoàn thành trong năm 2026", None, None, "2026-12", BY),
    ("Hoàn thành trước tháng 6/2026", None, None, "2026-05", BY),
    ("Trước ngày 01/01/2030", None, None, "2029-12", BY),
    # a deadline inside a sentence: read from the deadline word on
    ("Lắp đặt thiết bị và đưa vào vận hành xong trước ngày 01/01/2028", None, None, "2027-12", BY),
    ("Triển khai ngay, hoàn thành trước 30/6/2025", None, None, "2025-06", BY),
    ("Tổ chức thực hiện xong trong Quý III/2026", None, None, "2026-09", BY),
    ("Trước ngày 15/6/2025", None, None, "2025-06", BY),
    ("Trước 30/6/2025", None, None, "2025-06", BY),
    ("chậm nhất ngày 30/9/2025", None, None, "2025-09", BY),
    ("Dự kiến hoàn thành trong 6 tháng đầu năm 2027", None, None, "2027-06", BY),
    ("Xong trong tháng 5", 2026, None, "2026-05", BY),
    # recurring and continuous
    ("Hàng năm", None, None, None, REC),
    ("Hằng năm", None, None, None, REC),
    ("Hàng quý", None, None, None, REC),
    ("Hằng tháng", 2026, None, None, REC),
    ("Định kỳ hàng năm", None, None, None, REC),
    ("Hàng năm (trước ngày 15/12)", None, None, None, REC),
    ("Thường xuyên", None, None, None, CONT),
    ("Thường xuyên, liên tục", None, None, None, CONT),
    ("Liên tục", None, None, None, CONT),
    # year ranges
    ("2024 - 2025", None, "2024-01", "2025-12", R),
    ("2024-2025", None, "2024-01", "2025-12", R),
    ("2026–2027", None, "2026-01", "2027-12", R),
    ("2025 — 2030", None, "2025-01", "2030-12", R),
    ("Giai đoạn 2026-2030", None, "2026-01", "2030-12", R),
    ("Năm 2024 - 2025", None, "2024-01", "2025-12", R),
    ("Từ năm 2024 đến năm 2025", None, "2024-01", "2025-12", R),
    ("2024 – 2030", None, "2024-01", "2030-12", R),
    # month and quarter ranges
    ("10-11/2019", None, "2019-10", "2019-11", R),
    ("3-12/2020", None, "2020-03", "2020-12", R),
    ("01-4/2021", None, "2021-01", "2021-04", R),
    ("02-03/2020", None, "2020-02", "2020-03", R),
    ("Tháng 11/2024 - 02/2025", None, "2024-11", "2025-02", R),
    ("Quý I–II/2026", None, "2026-01", "2026-06", R),
    ("Quý I-\nII/2026", None, "2026-01", "2026-06", R),
    ("Quý I– II/2026", None, "2026-01", "2026-06", R),
    ("Tháng 7-10/2020", None, "2020-07", "2020-10", R),
    ("Trong quý III-IV/2020", None, "2020-07", "2020-12", R),
    ("Từ tháng 3 đến tháng 9 năm 2025", None, "2025-03", "2025-09", R),
    # half years
    ("6 tháng đầu năm 2025", None, "2025-01", "2025-06", R),
    ("6 tháng cuối năm 2025", None, "2025-07", "2025-12", R),
    ("6 tháng đầu năm", 2025, "2025-01", "2025-06", R),
    ("6 tháng đầu năm", None, None, None, None),
    # dates
    ("23/3/2026", None, "2026-03", "2026-03", R),
    ("23/3/2026 (công bố quyết định)", None, "2026-03", "2026-03", R),
    ("Ngày 29/4/2026", None, "2026-04", "2026-04", R),
    ("Từ ngày 15/3/2025 đến ngày 30/6/2025", None, "2025-03", "2025-06", R),
    ("Ngày 30/2/2026", None, None, None, None),
    # comments after the readable part
    ("2026–2027 (ưu tiên năm 2026)", None, "2026-01", "2027-12", R),
    ("Quý III/2025, tùy tình hình", None, "2025-07", "2025-09", R),
    # the default year
    ("Tháng 5", 2026, "2026-05", "2026-05", R),
    ("Quý III", 2026, "2026-07", "2026-09", R),
    ("Trong năm", 2026, "2026-01", "2026-12", R),
    ("Tháng 5/2025", 2026, "2025-05", "2025-05", R),
    ("Tháng 5", None, None, None, None),
    ("Quý III", None, None, None, None),
    ("5 - 7", 2026, None, None, None),
    # case, spacing, punctuation
    ("THÁNG 8/2024", None, "2024-08", "2024-08", R),
    ("  tháng   8 / 2024 . ", None, "2024-08", "2024-08", R),
    ("Quý II/2025.", None, "2025-04", "2025-06", R),
    ("Tha\u0301ng 8/2024", None, "2024-08", "2024-08", R),  # decomposed á
    # start after end, impossible months
    ("Tháng 12 - 3/2025", None, None, None, None),
    ("2026 - 2024", None, None, None, None),
    ("Quý V/2025", None, None, None, None),
    ("Tháng 0/2025", None, None, None, None),
]


@pytest.mark.parametrize(("text", "default_year", "start", "end", "kind"), CASES)
def test_timeline_kinds(
    text: str, default_year: int | None, start: str | None, end: str | None, kind: str | None
) -> None:
    assert parse_timeline(text, default_year) == MonthSpan(start, end, kind)


@pytest.mark.parametrize("text", ["theo tiến độ dự án", "", "   ", "(", "Tháng", "Hoàn thành"])
@pytest.mark.parametrize("default_year", [None, 2025])
def test_unreadable(text: str, default_year: int | None) -> None:
    assert parse_timeline(text, default_year) == MonthSpan(None, None, None)


@given(st.text(max_size=80), st.one_of(st.none(), st.integers(-10, 10_000)))
def test_never_raises_and_never_reversed(text: str, default_year: int | None) -> None:
    span = parse_timeline(text, default_year)
    if span.start and span.end:
        assert span.start <= span.end
    if span.kind is None:
        assert (span.start, span.end) == (None, None)
