"""khtool report and the plain summaries: the HTML written, its words, the command line."""

from __future__ import annotations

import base64
import hashlib
from html import unescape
from pathlib import Path

import pytest
import regex
import yaml

from khtool.cli import main
from khtool.diffing.differ import diff
from khtool.diffing.report import render_markdown, render_text
from khtool.errors import UsageError
from khtool.model import Plan, Task, Timeline, TimelineKind, load_plan
from khtool.reporting import render_report, report_kind
from khtool.reporting.calendar import calendar
from khtool.reporting.summary import diff_summary, plan_summary
from khtool.reporting.trends import series
from khtool.reporting.wording import wording

PLANS = Path("data/plans")
P2020 = PLANS / "hanoi-2020-96-KH-UBND.yaml"
P2024 = PLANS / "hanoi-2024-263-KH-UBND.yaml"
P2025 = PLANS / "hanoi-2025-draft.yaml"


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [load_plan(p) for p in (P2020, P2024, P2025)]


def test_plan_summary_counts_and_leads(plans) -> None:
    vi = plan_summary(plans[0], wording("vi"))
    assert (
        vi[0] == "Kế hoạch có 11 mục tiêu, 8 chỉ tiêu định lượng, 10 nhiệm vụ và 3 nhóm nội dung."
    )
    assert (
        vi[1]
        == "Sở Công Thương chủ trì 9 nhiệm vụ, Sở Tài nguyên và Môi trường chủ trì 1 nhiệm vụ."
    )
    assert "Các nhiệm vụ được thực hiện từ T7/2020 đến T12/2020." in vi
    en = plan_summary(plans[0], wording("en"))
    assert en[1] == "Sở Công Thương leads 9 tasks, Sở Tài nguyên và Môi trường leads 1 task."
    partial = plan_summary(plans[1], wording("vi"))
    assert partial[-1].endswith("thiếu kinh phí, tổ chức thực hiện, phụ lục nhiệm vụ.")


def test_diff_summary_tells_changed_targets_in_plain_vietnamese(plans) -> None:
    lines = diff_summary(diff(plans[1], plans[2]), wording("vi"))
    assert lines[0] == (
        "So với kế hoạch 2024, kế hoạch 2025 (dự thảo) có 5 chỉ tiêu thay đổi, "
        "1 chỉ tiêu giữ nguyên."
    )
    assert "Chỉ tiêu “các khu, cụm công nghiệp” tăng từ 85% lên 100%." in lines
    assert "Chỉ tiêu “các chợ truyền thống” tăng từ 60–70% lên 70–80%." in lines
    assert (
        "Mức giảm “mức tiêu hao nguyên, nhiên vật liệu của các ngành sản xuất” "
        "nâng từ 3,5–4,5% lên 5–8%."
    ) in lines
    assert lines[-1] == (
        "Chưa so sánh được nhiệm vụ: kế hoạch 2024 (bản không đầy đủ) "
        "không có phụ lục danh mục nhiệm vụ."
    )
    tasks = diff_summary(diff(plans[0], plans[2]), wording("vi"))
    assert "Nhiệm vụ: 8 nhiệm vụ mới, 5 nhiệm vụ không còn, 5 nhiệm vụ thay đổi." in tasks
    en = diff_summary(diff(plans[1], plans[2]), wording("en"))
    assert "Target “các khu, cụm công nghiệp” rises from 85% to 100%." in en


def test_same_plan_twice_says_no_difference(plans) -> None:
    # the two sides share a year, so the diff names them by file
    lines = diff_summary(diff(plans[2], plans[2]), wording("vi"))
    assert lines == ["Kế hoạch plan-2025-draft.txt không khác kế hoạch plan-2025-draft.txt."]


def test_targets_across_years_are_chained(plans) -> None:
    rows = {s.latest.subject: [x.value if x else None for x in s.sides] for s in series(plans)}
    assert rows["các khu, cụm công nghiệp"] == [None, 85, 100]
    assert rows[
        "Tỷ lệ các quận, huyện, thị xã tổ chức tuyên truyền phổ biến nâng cao nhận thức về lối sống, tiêu dùng bền vững"
    ] == [None, 80, 100]
    # the supermarket bag target is in all three plans, worded differently in 2020
    three = [s for s in series(plans) if s.years == 3]
    assert len(three) == 1 and [x.value for x in three[0].sides if x] == [100, 100, 100]
    assert sum(s.years for s in series(plans)) == 8 + 6 + 6


def test_calendar_has_one_bar_per_task_of_each_kind() -> None:
    def task(tt: str, **timeline: str | TimelineKind) -> Task:
        return Task(
            tt=tt, name=f"Nhiệm vụ {tt}", lead=["Sở A"], timeline=Timeline(text="x", **timeline)
        )  # type: ignore[arg-type]

    tasks = [
        task("1", kind=TimelineKind.range, start="2025-03", end="2025-05"),
        task("2", kind=TimelineKind.by, end="2025-06"),
        task("3", kind=TimelineKind.recurring),
        Task(tt="4", name="Không rõ"),
    ]
    cal = calendar(tasks, ["Sở A"], 2025)
    assert [m.key for m in cal.months][:2] == ["2025-01", "2025-02"] and len(cal.months) == 12
    kinds = [b.kind for b in cal.bars]
    assert kinds == ["range", "by", "recurring", "none"]
    step = cal.months[1].x - cal.months[0].x
    assert cal.bars[0].width == pytest.approx(3 * step)
    assert cal.bars[1].x == cal.months[0].x and cal.bars[1].width == pytest.approx(6 * step)
    assert cal.bars[2].width == pytest.approx(12 * step)
    assert [b.leads for b in cal.bars] == ["0", "0", "0", ""]


def test_report_kind_by_count() -> None:
    assert [report_kind(n) for n in (1, 2, 3, 5)] == ["plan", "diff", "trends", "trends"]
    with pytest.raises(UsageError):
        report_kind(0)


def _self_contained(html: str) -> None:
    assert not regex.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    scripts = regex.findall(r"<script>(.*?)</script>", html, flags=regex.S)
    assert len(scripts) == 1  # ours, allowed by its hash and nothing else
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    meta = regex.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert meta is not None
    policy = unescape(meta.group(1))
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_the_three_reports_are_self_contained(plans) -> None:
    for chosen in ([plans[2]], plans[1:], plans):
        html = render_report(chosen)
        assert html.startswith('<!DOCTYPE html>\n<html lang="vi">')
        _self_contained(html)


def test_plan_report_links_each_task_to_its_source_line(plans, tmp_path: Path) -> None:
    html = render_report([plans[2]], base=tmp_path)
    rows = regex.findall(r'<tr class="task".*?</tr>', html, flags=regex.S)
    assert len(rows) == 13
    link = regex.search(r'<a href="([^"]+)">dòng 207</a>', rows[5])
    assert link is not None
    assert (tmp_path / link.group(1)).resolve() == Path(
        "tests/fixtures/plan-2025-draft.txt"
    ).resolve()


def test_a_task_name_with_a_script_tag_is_text(plans) -> None:
    plan = plans[2].model_copy(deep=True)
    assert plan.appendix is not None
    plan.appendix.groups[0].tasks[0].name = '<script>alert("x")</script> & <b>đậm</b>'
    plan.document.title = "<img src=x onerror=alert(1)>"
    html = render_report([plan])
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in html
    assert "<b>đậm" not in html and "<img src=x" not in html
    _self_contained(html)


def test_english_report(plans) -> None:
    html = render_report(plans[1:], lang="en")
    assert (
        '<html lang="en">' in html
        and "Target “các khu, cụm công nghiệp” rises from 85% to 100%." in html
    )
    with pytest.raises(UsageError):
        render_report(plans[1:], lang="fr")


def test_the_two_wordings_have_the_same_keys() -> None:
    vi = yaml.safe_load(Path("src/khtool/data/report_vi.yaml").read_text("utf-8"))
    en = yaml.safe_load(Path("src/khtool/data/report_en.yaml").read_text("utf-8"))
    assert set(vi["words"]) == set(en["words"]) and len(vi["months"]) == len(en["months"]) == 12


# --- the command line ----------------------------------------------------------
def test_report_command_writes_each_kind(tmp_path: Path, capsys) -> None:
    for args, title in (
        (["2025"], "<title>Kế hoạch 2025 (dự thảo)</title>"),
        (
            [str(P2024), str(P2025)],
            "<title>Kế hoạch 2024 → 2025 (dự thảo): những gì thay đổi</title>",
        ),
        (
            ["2020", "2024", "2025"],
            "<title>Chỉ tiêu qua các năm: 2020, 2024, 2025 (dự thảo)</title>",
        ),
    ):
        out = tmp_path / "r.html"
        assert main(["report", *args, "-o", str(out)]) == 0
        assert title in out.read_text("utf-8")
    assert capsys.readouterr() == ("", "")
    assert main(["report", "2025", "-o", str(out), "--lang", "en"]) == 0
    assert "<title>Plan 2025 (draft)</title>" in out.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2023"], "khtool: data/plans: no plan of year 2023"),
        (["no/such.yaml"], "khtool: no/such.yaml: no such file"),
        (["tests/fixtures/press-2023-event.txt", "2025"], "not a plan"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_file(tmp_path: Path, capsys, args, message) -> None:
    out = tmp_path / "r.html"
    out.write_text("old report", "utf-8")
    assert main(["report", *args, "-o", str(out)]) == 2
    _, err = capsys.readouterr()
    assert message in err and len(err.strip().splitlines()) == 1
    assert out.read_text("utf-8") == "old report"  # untouched, and no temporary file left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


# --- khtool diff --lang ----------------------------------------------------------
def test_diff_text_and_markdown_in_vietnamese(plans, capsys) -> None:
    assert main(["diff", "2024", "2025", "--lang", "vi"]) == 0
    out = capsys.readouterr().out
    assert (
        "Tóm tắt:\n  - So với kế hoạch 2024, kế hoạch 2025 (dự thảo) có 5 chỉ tiêu thay đổi" in out
    )
    assert "  - Chỉ tiêu “các khu, cụm công nghiệp” tăng từ 85% lên 100%." in out
    assert any(
        all(c in line for c in ("các khu, cụm công nghiệp", "85%", "100%", "+15 điểm %"))
        for line in out.splitlines()
    )
    md = render_markdown(diff(plans[0], plans[2]), "vi")
    assert md.startswith("## Kế hoạch 2020 → 2025 (dự thảo)\n")
    assert "- Nhiệm vụ: 8 nhiệm vụ mới, 5 nhiệm vụ không còn, 5 nhiệm vụ thay đổi." in md
    assert "| các chợ truyền thống | — | 70–80% | mới |" in md
    assert (
        "Thời gian thực hiện: Tháng 7-10/2020 → Tháng 3 - 12/2025 (bắt đầu sớm hơn 4 tháng, kết thúc muộn hơn 2 tháng)"
        in md
    )


def test_diff_default_is_english_with_a_plain_summary(plans, capsys) -> None:
    assert main(["diff", "2024", "2025"]) == 0
    out = capsys.readouterr().out
    assert "In short:\n  - Compared with plan 2024, plan 2025 (draft) has 5 targets changed" in out
    assert "+15 points" in out
    # without a language the library renderers give the table report alone, as before
    text = render_text(diff(plans[1], plans[2]))
    assert "In short" not in text and text.rstrip().endswith("10 differences")


def test_diff_json_does_not_depend_on_the_language(capsys) -> None:
    assert main(["diff", "2020", "2025", "-f", "json", "--lang", "vi"]) == 0
    vi = capsys.readouterr().out
    assert main(["diff", "2020", "2025", "-f", "json"]) == 0
    assert capsys.readouterr().out == vi
