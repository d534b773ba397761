"""Plausible but wrong: impossible dates, far-off years, huge percentages and TT values
that skip every row get a warning or a validate finding instead of a silent reading.

Every plan here is invented text, written to a temporary file at test time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import khtool
from khtool.model import Period, Plan
from khtool.parsing.fields.timeline import impossible_date, parse_timeline
from khtool.validating.validation import validate
from tests.test_hardening_support import khtool as run_khtool

HEAD = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH SƠN

Số: 12/KH-UBND

Khánh Sơn, ngày 05 tháng 01 năm 2025

KẾ HOẠCH

Phát triển thư viện cộng đồng năm 2025

I. MỤC TIÊU, YÊU CẦU

1. Mục tiêu

1.1. {goal}

II. NỘI DUNG

1. Mở rộng mạng lưới thư viện

- Xây dựng thư viện xã.

III. TỔ CHỨC THỰC HIỆN

1. Sở Văn hóa

- Chủ trì thực hiện Kế hoạch.

PHỤ LỤC

Danh mục nhiệm vụ

TT\tDanh mục\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện
I\tThư viện\t\t\t\t
"""


def _plan_text(rows: list[tuple[str, str]], goal: str = "Tỷ lệ xã có thư viện đạt 90%.") -> str:
    body = "".join(
        f"{tt}\tNhiệm vụ số {i} về sách\tMua sách mới\tSở Văn hóa\tUBND các huyện\t{tl}\n"
        for i, (tt, tl) in enumerate(rows, start=1)
    )
    return HEAD.format(goal=goal) + body


def _parse(tmp_path: Path, rows: list[tuple[str, str]], goal: str | None = None) -> Plan:
    path = tmp_path / "kehoach.txt"
    path.write_text(_plan_text(rows, *([goal] if goal else [])), "utf-8")
    return khtool.parse(path)


def _tasks(plan: Plan) -> list[tuple[str | None, str | None, str | None, str | None]]:
    out = []
    for group in plan.appendix.groups if plan.appendix else []:
        for task in group.tasks:
            tl = task.timeline
            kind = tl.kind.value if tl and tl.kind else None
            out.append((task.tt, kind, tl.start if tl else None, tl.end if tl else None))
    return out


def _codes(plan: Plan, prefix: str) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in validate(plan).findings if f.code.startswith(prefix)]


# --- impossible dates ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("31/02/2025", "31/02/2025"),
        ("Trước ngày 30/02/2026", "30/02/2026"),
        ("Tháng 02/2025 (31/02/2025)", "31/02/2025"),
        ("Quý I/2025, xong 31/02/2025", "31/02/2025"),
        ("Từ ngày 15/3/2025 đến ngày 31/4/2025", "31/4/2025"),
        ("29/02/2025", "29/02/2025"),
        ("00/01/2025", "00/01/2025"),
        ("12/13/2025", "12/13/2025"),
    ],
)
def test_an_impossible_date_is_not_read(text: str, bad: str) -> None:
    assert impossible_date(text) == bad
    span = parse_timeline(text, 2025)
    assert (span.kind, span.start, span.end) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("29/02/2024", ("range", "2024-02", "2024-02")),
        ("Từ ngày 15/3/2025 đến ngày 30/6/2025", ("range", "2025-03", "2025-06")),
        ("Trước ngày 31/12/2025", ("by", None, "2025-12")),
        ("Tháng 3 - 12/2025", ("range", "2025-03", "2025-12")),
    ],
)
def test_real_dates_are_still_read(text: str, span: tuple[str, str | None, str]) -> None:
    assert impossible_date(text) is None
    read = parse_timeline(text, 2025)
    assert (read.kind, read.start, read.end) == span


def test_an_impossible_date_in_a_task_table_is_a_warning_and_a_null_kind(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1", "31/02/2025"), ("2", "Tháng 02/2025 (30/02/2025)")])
    assert _tasks(plan) == [("1", None, None, None), ("2", None, None, None)]
    assert "task 1: cannot read the timeline '31/02/2025': '31/02/2025' is not a date" in (
        plan.warnings
    )
    assert (
        "task 2: cannot read the timeline 'Tháng 02/2025 (30/02/2025)': '30/02/2025' is not a date"
    ) in plan.warnings
    assert ("KH301", "TT 1: timeline '31/02/2025' cannot be read as months") in _codes(plan, "KH3")


# --- years far from the plan -----------------------------------------------------


def test_timelines_in_1900_and_2999_are_a_finding(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1", "Tháng 3/1900"), ("2", "Năm 2999"), ("3", "Quý II/2025")])
    assert plan.document.plan_year == 2025
    assert _codes(plan, "KH30") == [
        (
            "KH306",
            "TT 1: timeline 'Tháng 3/1900' names the year 1900, 125 years from the plan (2025): "
            "a typo?",
        ),
        (
            "KH306",
            "TT 2: timeline 'Năm 2999' names the year 2999, 974 years from the plan (2025): a typo?",
        ),
    ]


def test_a_far_year_counts_from_the_issue_date_without_a_plan_year(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1", "Năm 1990"), ("2", "Năm 2020")])
    plan.document.plan_year, plan.document.period = None, None
    assert plan.document.issued_on is not None and plan.document.issued_on.year == 2025
    assert [m for c, m in _codes(plan, "KH30")] == [
        "TT 1: timeline 'Năm 1990' names the year 1990, 35 years from the plan (2025): a typo?"
    ]


def test_a_far_year_counts_from_the_period_of_a_multi_year_plan(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1", "Năm 2000"), ("2", "Năm 2018"), ("3", "Năm 2023")])
    plan.document.plan_year, plan.document.period = None, Period(start=2021, end=2025)
    assert [m for c, m in _codes(plan, "KH30")] == [
        "TT 1: timeline 'Năm 2000' names the year 2000, 21 years from the plan (2021–2025): a typo?"
    ]


def test_a_near_year_outside_the_plan_year_stays_kh304(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1", "Năm 2024")])
    assert _codes(plan, "KH30") == [
        ("KH304", "TT 1: timeline 'Năm 2024' (2024-01..2024-12) is outside the plan year 2025")
    ]


# --- percentages -----------------------------------------------------------------


def test_a_huge_percentage_to_reach_is_kh502(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1", "Năm 2025")], "Tỷ lệ xã có thư viện đạt 1.000.000.000.000.000%.")
    assert _codes(plan, "KH50") == [
        (
            "KH502",
            "goal 1.1: target 'Tỷ lệ xã có thư viện đạt 1.000.000.000.000.000%' is "
            "1000000000000000%, above 100% for a share to reach",
        )
    ]


def test_an_increase_above_1000_percent_is_kh506(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1", "Năm 2025")], "Tăng 5000% số lượt bạn đọc so với năm 2024.")
    assert plan.goals[1].targets[0].direction.value == "increase"
    assert _codes(plan, "KH50") == [
        (
            "KH506",
            "goal 1.1: target 'Tăng 5000% số lượt bạn đọc so với năm 2024' is 5000%, "
            "above 1000%: a typo?",
        )
    ]


def test_an_increase_of_300_percent_is_no_finding(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1", "Năm 2025")], "Tăng 300% số lượt bạn đọc so với năm 2024.")
    assert _codes(plan, "KH50") == []


# --- TT values -------------------------------------------------------------------


def test_a_number_followed_by_a_letter_is_a_tt(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("1a", "Năm 2025"), ("1b.", "Năm 2025"), ("2", "Năm 2025")])
    assert [t[0] for t in _tasks(plan)] == ["1a", "1b", "2"]
    assert not [w for w in plan.warnings if "TT" in w]


def test_a_letter_that_looks_like_the_next_tt_is_that_number(tmp_path: Path) -> None:
    # OCR reads a TT 5 as 's' and 1 as 'l': the number that follows, with a warning
    rows = [("4", "Năm 2025"), ("s", "Năm 2025"), ("6", "Năm 2025"), ("a", "Năm 2025")]
    plan = _parse(tmp_path, rows)
    assert [t[0] for t in _tasks(plan)] == ["4", "5", "6", "a"]  # 'a' after 6 stays a
    assert [w for w in plan.warnings if "read as" in w] == [
        "line 37: TT 's' read as 5 (the number after 4)"
    ]
    plan = _parse(tmp_path, [("3", "Năm 2025"), ("s", "Năm 2025")])
    assert [t[0] for t in _tasks(plan)] == ["3", "s"]  # 5 is not the number after 3


def test_a_table_whose_every_tt_is_unknown_says_so(tmp_path: Path) -> None:
    plan = _parse(tmp_path, [("*", "Năm 2025"), ("*", "Năm 2025"), ("+", "Năm 2025")])
    assert _tasks(plan) == []
    assert plan.warnings[:4] == [
        "line 36: unrecognised TT '*'; row skipped",
        "line 37: unrecognised TT '*'; row skipped",
        "line 38: unrecognised TT '+'; row skipped",
        "task table 1: no task read although 3 rows have a name (every TT was unrecognised)",
    ]


def test_the_cli_prints_the_no_task_warning(tmp_path: Path) -> None:
    source = tmp_path / "kehoach.txt"
    source.write_text(_plan_text([("*", "Năm 2025"), ("*", "Năm 2025")]), "utf-8")
    out = tmp_path / "kehoach.yaml"
    result = run_khtool("parse", source, "-o", out)
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8")
    assert "task table 1: no task read although 2 rows have a name" in text
    assert "Traceback" not in result.stderr.decode()
