"""The HTML reports in a real browser: Debian's headless Chromium driven by Playwright.

Playwright is pointed at /usr/bin/chromium (no browser is downloaded). The tests open
the reports of the Hanoi plans, read what a person sees, use the filter and the sort,
count the calendar's bars, check that the page logs no error and save a screenshot
in the test's temporary folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from khtool.model import Plan, load_plan
from khtool.reporting import render_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="pip install playwright (the dev extra)"
)
if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

PLANS = Path("data/plans")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    names = {
        "2020": "hanoi-2020-96-KH-UBND",
        "2024": "hanoi-2024-263-KH-UBND",
        "2025": "hanoi-2025-draft",
    }
    return {year: load_plan(PLANS / f"{name}.yaml") for year, name in names.items()}


class Opened:
    def __init__(self, page: Any, problems: list[str]) -> None:
        self.page, self.problems = page, problems


def open_report(
    browser: Any, tmp_path: Path, chosen: list[Plan], name: str, lang: str = "vi"
) -> Opened:
    path = tmp_path / f"{name}.html"
    path.write_text(render_report(chosen, lang=lang, base=tmp_path), "utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "request",
        lambda r: (
            problems.append(f"request: {r.url}")
            if not r.url.startswith(("file:", "data:"))
            else None
        ),
    )
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return Opened(page, problems)


def finish(opened: Opened, tmp_path: Path, name: str) -> None:
    shot = tmp_path / f"{name}.png"
    opened.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert opened.problems == []
    opened.page.close()


def test_diff_report_2024_to_2025(browser, plans, tmp_path: Path) -> None:
    o = open_report(browser, tmp_path, [plans["2024"], plans["2025"]], "diff-2024-2025")
    page = o.page
    assert page.inner_text("h1") == "Kế hoạch 2024 → 2025 (dự thảo): những gì thay đổi"
    summary = page.inner_text("#summary")
    assert (
        "So với kế hoạch 2024, kế hoạch 2025 (dự thảo) có 5 chỉ tiêu thay đổi, 1 chỉ tiêu giữ nguyên."
        in summary
    )
    assert "Chỉ tiêu “các khu, cụm công nghiệp” tăng từ 85% lên 100%." in summary
    assert "tăng từ 80% lên 100%" in summary  # the districts' share
    row = page.locator("#targets tbody tr", has_text="các khu, cụm công nghiệp")
    assert row.locator("td").all_inner_texts() == [
        "các khu, cụm công nghiệp",
        "85%",
        "100%",
        "+15 điểm %",
    ]
    assert "change-up" in (row.get_attribute("class") or "")
    districts = page.locator("#targets tbody tr", has_text="Tỷ lệ các quận, huyện, thị xã")
    assert districts.locator("td").all_inner_texts()[1:] == ["80%", "100%", "+20 điểm %"]
    assert page.locator("#content tbody tr").count() == 5
    assert "không có phụ lục danh mục nhiệm vụ" in page.inner_text("#tasks")
    finish(o, tmp_path, "diff-2024-2025")


def test_diff_report_2020_to_2025_highlights_changed_fields(browser, plans, tmp_path: Path) -> None:
    o = open_report(browser, tmp_path, [plans["2020"], plans["2025"]], "diff-2020-2025")
    page = o.page
    assert (
        "Nhiệm vụ: 8 nhiệm vụ mới, 5 nhiệm vụ không còn, 5 nhiệm vụ thay đổi."
        in page.inner_text("#summary")
    )
    assert page.locator("ul.tasks-added li").count() == 8
    assert page.locator("ul.tasks-dropped li").count() == 5
    changes = page.locator("article.task-change")
    assert changes.count() == 5
    first = changes.nth(0)
    timeline = first.locator("tr.changed-field", has_text="Thời gian thực hiện")
    assert timeline.locator("del").inner_text() == "Tháng 7-10/2020"
    assert timeline.locator("ins").inner_text() == "Tháng 3 - 12/2025"
    color = timeline.locator("ins").evaluate("e => getComputedStyle(e).backgroundColor")
    assert color != "rgba(0, 0, 0, 0)"  # highlighted
    finish(o, tmp_path, "diff-2020-2025")


def _visible(page: Any, selector: str) -> int:
    return int(
        page.locator(selector).evaluate_all(
            "els => els.filter(e => getComputedStyle(e).display !== 'none').length"
        )
    )


def test_plan_report_filter_sort_and_calendar(browser, plans, tmp_path: Path) -> None:
    o = open_report(browser, tmp_path, [plans["2020"]], "plan-2020")
    page = o.page
    assert page.inner_text("#summary").startswith("Tóm tắt")
    assert (
        "Kế hoạch có 11 mục tiêu, 8 chỉ tiêu định lượng, 10 nhiệm vụ và 3 nhóm nội dung."
        in page.inner_text("#summary")
    )
    # the calendar: one bar per task, on a month axis of the plan year
    assert (
        page.locator("#calendar-chart rect.bar").count()
        == 10
        == page.locator("#task-table tbody tr").count()
    )
    assert page.locator("#calendar-chart .month-label").all_text_contents()[:3] == [
        "T1/2020",
        "T2",
        "T3",
    ]
    assert page.locator("#calendar-chart .month").count() == 12
    first = page.locator("#calendar-chart rect.bar").first.bounding_box()
    month = page.locator("#calendar-chart rect.month").first.bounding_box()
    assert first["width"] == pytest.approx(4 * month["width"], rel=0.05)  # Tháng 7-10: four months
    assert first["x"] == pytest.approx(month["x"] + 6 * month["width"], abs=3)  # starts in July
    # the filter: Sở Tài nguyên và Môi trường leads TT 7 only
    page.select_option("#lead-filter", label="Sở Tài nguyên và Môi trường (1)")
    assert _visible(page, "#task-table tbody tr") == 1
    assert _visible(page, "#calendar-chart g.task-row") == 1
    assert (
        page.locator("#task-table tbody tr:visible td.task-name")
        .inner_text()
        .startswith("Rà soát, hoàn thiện cơ chế chính sách")
    )
    assert page.inner_text("#shown-count") == "Đang hiện 1/10 nhiệm vụ"
    page.select_option("#lead-filter", value="")
    assert _visible(page, "#task-table tbody tr") == 10
    # the sort: TT descending, then back
    tt = page.locator("#task-table th[data-sort=tt] button")
    tt.click()
    assert page.locator("#task-table tbody tr td.num").first.inner_text() == "III/10"
    tt.click()
    assert page.locator("#task-table tbody tr td.num").first.inner_text() == "I/1"
    link = page.locator("#task-table tbody tr").first.locator("a")
    assert link.inner_text() == "dòng 61"
    assert (link.get_attribute("href") or "").endswith("tests/fixtures/plan-2020-96-KH-UBND.txt")
    finish(o, tmp_path, "plan-2020")


def test_plan_report_2025_has_a_bar_for_each_of_its_13_tasks(
    browser, plans, tmp_path: Path
) -> None:
    o = open_report(browser, tmp_path, [plans["2025"]], "plan-2025")
    assert o.page.locator("#calendar-chart rect.bar").count() == 13
    assert o.page.locator("#lead-filter option").all_inner_texts() == [
        "Tất cả (13)",
        "Sở Công Thương (13)",
    ]
    finish(o, tmp_path, "plan-2025")


def test_targets_across_three_years(browser, plans, tmp_path: Path) -> None:
    o = open_report(browser, tmp_path, [plans["2020"], plans["2024"], plans["2025"]], "trends")
    page = o.page
    assert page.locator("#trend-table thead th").all_inner_texts() == [
        "Chỉ tiêu",
        "2020",
        "2024",
        "2025 (dự thảo)",
    ]
    row = page.locator("#trend-table tbody tr", has_text="các khu, cụm công nghiệp")
    assert row.locator("td").all_inner_texts() == ["các khu, cụm công nghiệp", "—", "85%", "100%"]
    first = page.locator("#trend-table tbody tr").first.locator("td").all_inner_texts()
    assert first[1:] == ["100%", "100%", "100%"]  # the one target all three plans have
    assert (
        page.locator("figure.trend").count() == page.locator("#trend-table tbody tr").count() == 13
    )
    chart = page.locator("figure.trend", has_text="các khu, cụm công nghiệp")
    assert chart.locator("circle.point").count() == 2
    assert chart.locator("text.value").all_text_contents() == ["85%", "100%"]
    assert (
        "Chỉ tiêu “các khu, cụm công nghiệp”: 85% (2024) → 100% (2025 (dự thảo))."
        in page.inner_text("#summary")
    )
    finish(o, tmp_path, "trends")


def test_a_script_in_a_task_name_shows_as_text(browser, plans, tmp_path: Path) -> None:
    plan = plans["2025"].model_copy(deep=True)
    assert plan.appendix is not None
    plan.appendix.groups[0].tasks[
        0
    ].name = "<script>alert('x')</script><img src=x onerror=alert(2)>"
    o = open_report(browser, tmp_path, [plan], "escaped")
    cell = o.page.locator("#task-table tbody tr").first.locator("td.task-name")
    assert cell.inner_text() == "<script>alert('x')</script><img src=x onerror=alert(2)>"
    assert o.page.locator("img").count() == 0
    finish(o, tmp_path, "escaped")  # no dialog, no request for 'x', no console error


def test_english_report_in_the_browser(browser, plans, tmp_path: Path) -> None:
    o = open_report(browser, tmp_path, [plans["2024"], plans["2025"]], "diff-en", lang="en")
    assert "Target “các khu, cụm công nghiệp” rises from 85% to 100%." in o.page.inner_text(
        "#summary"
    )
    finish(o, tmp_path, "diff-en")
