"""Each rule fires: the real plans broken in exactly one place, and what the real plans
themselves produce."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import khtool
from khtool.model import ContentItem, Direction, Group, Period, Plan, Timeline
from khtool.validating.validation import Report, validate
from tests.conftest import PLAN_2025, ROOT

Found = set[tuple[str, str]]


def found(report: Report) -> Found:
    return {(f.code, f.location) for f in report.findings}


def broken(plan: Plan, edit: Callable[[Plan], object]) -> tuple[Found, Found, Report]:
    """(findings added, findings gone, report) after one edit of a copy of ``plan``."""
    before = found(validate(plan))
    copy = plan.model_copy(deep=True)
    edit(copy)
    report = validate(copy)
    after = found(report)
    return after - before, before - after, report


def message(report: Report, code: str) -> str:
    return next(f.message for f in report.findings if f.code == code)


# --- what the real plans produce ------------------------------------------------


def test_real_2020_plan_findings(plan_2020: Plan) -> None:
    report = validate(plan_2020)
    assert [(f.code, f.severity.value, f.location) for f in report.findings] == [
        ("KH407", "info", "content[2].bullets[1]"),
        ("KH606", "warning", "organization[4]"),
    ]
    # section II.3 has three bullets for four appendix tasks: bullet 2 covers TT 8 and 9
    assert message(report, "KH407") == (
        "section II item 3 bullet 2 covers 2 appendix tasks: TT 8, 9"
    )
    assert message(report, "KH606") == (
        "section IV item 5 (Sở Giáo dục và Đào tạo) is cut off in the source: "
        "'… truyền thông, vận ……………'"
    )
    assert report.exit_code() == 0


def test_real_2025_plan_findings(plan_2025: Plan) -> None:
    report = validate(plan_2025)
    assert [(f.code, f.severity.value, f.location, f.line) for f in report.findings] == [
        ("KH402", "info", "content[3]", None),
        ("KH601", "warning", "document.number", None),
        ("KH602", "warning", "document.issued_on", None),
        ("KH203", "info", "appendix.groups[1].tasks[1].coordinating[9]", 207),
    ]
    assert message(report, "KH203") == (
        "TT 6: coordinating unit 'Công ty Advanced Business Events - Cộng hòa Pháp' "
        "is not in the unit vocabulary (no close known name)"
    )
    assert message(report, "KH402").startswith(
        "section II item 4 (Thực hiện lồng ghép và các nội dung"
    )
    assert report.exit_code() == 0
    assert report.exit_code("warning") == 1


def test_source_document_findings_carry_source_lines() -> None:
    report = validate(PLAN_2025)
    assert report.path == PLAN_2025
    kh203 = next(f for f in report.findings if f.code == "KH203")
    assert (kh203.line, kh203.source_line) == (207, 207)


@pytest.mark.parametrize("ext", ["docx", "html"])
def test_other_formats_give_the_same_findings(ext: str, plan_2020: Plan, plan_2025: Plan) -> None:
    for plan, stem in ((plan_2020, "plan-2020-96-KH-UBND"), (plan_2025, "plan-2025-draft")):
        assert found(validate(f"tests/fixtures/{stem}.{ext}")) == found(validate(plan))


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "data" / "plans").glob("*.yaml")))
def test_every_bundled_plan_passes(name: str) -> None:
    report = validate(ROOT / "data" / "plans" / name)
    assert not [f for f in report.findings if f.severity.value == "error"]


def test_yaml_plan_findings_match_the_parsed_plan() -> None:
    report = validate("data/plans/hanoi-2025-draft.yaml")
    assert found(report) == found(validate(khtool.parse(PLAN_2025)))
    lines = (ROOT / "data/plans/hanoi-2025-draft.yaml").read_text("utf-8").splitlines()
    by_code = {f.code: f for f in report.findings}
    assert lines[by_code["KH601"].line - 1] == "  number: null"
    assert lines[by_code["KH602"].line - 1] == "  issued_on: null"
    kh203 = by_code["KH203"]
    assert lines[kh203.line - 1] == "      - Công ty Advanced Business Events - Cộng hòa Pháp"
    assert kh203.source_line == 207


# --- partial plans ----------------------------------------------------------------


def test_partial_plan_skips_appendix_checks(plan_2025: Plan) -> None:
    def drop_appendix(p: Plan) -> None:
        p.appendix = None
        p.partial = True
        p.missing = ["appendix"]

    added, gone, report = broken(plan_2025, drop_appendix)
    assert added == {("KH000", "appendix")}
    assert gone == {
        ("KH402", "content[3]"),
        ("KH203", "appendix.groups[1].tasks[1].coordinating[9]"),
    }
    assert message(report, "KH000") == (
        "appendix checks skipped (21 rules): partial plan (missing: appendix)"
    )
    assert report.exit_code() == 0


# --- KH1xx numbering -------------------------------------------------------------


def test_kh101_duplicate_tt(plan_2025: Plan) -> None:
    def dup(p: Plan) -> None:
        p.appendix.groups[1].tasks[1].tt = "5"  # TT 6 becomes a second TT 5

    added, gone, report = broken(plan_2025, dup)
    assert added == {
        ("KH101", "appendix.groups[1].tasks[1].tt"),
        ("KH102", "appendix.groups"),
    }
    assert gone == set()
    assert message(report, "KH101") == "TT 5 is used twice (first at appendix.groups[1].tasks[0])"
    assert message(report, "KH102") == "TT 6 is missing: TTs run 1–13"
    assert report.exit_code() == 1


def test_kh102_gap_in_tt(plan_2025: Plan) -> None:
    added, _, report = broken(
        plan_2025, lambda p: setattr(p.appendix.groups[2].tasks[1], "tt", "14")
    )
    assert added == {("KH102", "appendix.groups")}
    assert message(report, "KH102") == "TT 13 is missing: TTs run 1–14"


def test_kh103_tt_out_of_order(plan_2025: Plan) -> None:
    def swap(p: Plan) -> None:
        tasks = p.appendix.groups[0].tasks
        tasks[0].tt, tasks[1].tt = "2", "1"

    added, _, report = broken(plan_2025, swap)
    assert added == {("KH103", "appendix.groups[0].tasks[1].tt")}
    assert message(report, "KH103") == "TT 1 comes after TT 2"


@pytest.mark.parametrize("tt", ["7a", "7.1", "²", None])
def test_tt_that_is_not_a_whole_number_is_left_out_of_the_sequence(
    plan_2025: Plan, tt: str | None
) -> None:
    # TT 7 written otherwise: the whole numbers then miss 7 ('²' is a digit, not a decimal)
    added, _, report = broken(plan_2025, lambda p: setattr(p.appendix.groups[1].tasks[2], "tt", tt))
    assert added == {("KH102", "appendix.groups")}
    assert message(report, "KH102") == "TT 7 is missing: TTs run 1–13"


def test_kh104_group_ids(plan_2020: Plan) -> None:
    added, _, report = broken(plan_2020, lambda p: setattr(p.appendix.groups[1], "id", "III"))
    assert added == {("KH104", "appendix.groups[1].id")}
    assert "'III' where 'II' was expected" in message(report, "KH104")


def test_kh105_goal_ids(plan_2020: Plan) -> None:
    added, _, report = broken(plan_2020, lambda p: p.goals.pop(5))  # drop goal 4.2
    assert added == {("KH105", "goals[5].id")}
    assert message(report, "KH105") == "section I item '4.3': follows '4.1' (expected '4.2')"


def test_kh106_content_ids(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, lambda p: setattr(p.content[3], "id", "4a"))
    assert added == {("KH106", "content[3].id")}
    assert "'4a': not a number" in message(report, "KH106")


def test_kh107_organization_ids(plan_2025: Plan) -> None:
    added, _, _ = broken(plan_2025, lambda p: setattr(p.organization[4], "id", "6"))
    # 1..4, 6, 6, 7 …: the first '6' skips 5, the second repeats it
    assert added == {("KH107", "organization[4].id"), ("KH107", "organization[5].id")}


def test_kh105_unnumbered_paragraph_ids_count_p1_p2() -> None:
    from khtool.validating.rules.numbering import id_problems

    assert list(id_problems(["p1", "p2", "p3"])) == []
    assert list(id_problems(["p1", "p3"])) == [(1, "follows 'p1' (expected 'p2')")]


def test_kh108_group_without_tasks(plan_2025: Plan) -> None:
    def add_group(p: Plan) -> None:
        p.appendix.groups.append(Group(id="IV", title="Hợp tác quốc tế", tasks=[]))

    added, _, _ = broken(plan_2025, add_group)
    assert added == {("KH108", "appendix.groups[3]"), ("KH403", "appendix.groups[3]")}


# --- KH2xx units -------------------------------------------------------------------


def test_kh201_task_without_lead(plan_2020: Plan) -> None:
    added, _, report = broken(plan_2020, lambda p: p.appendix.groups[2].tasks[0].lead.clear())
    assert added == {("KH201", "appendix.groups[2].tasks[0].lead")}
    assert message(report, "KH201") == "TT 7 has no lead unit (Đơn vị chủ trì)"
    assert report.exit_code() == 1


def test_kh202_lead_is_also_partner_by_alias(plan_2020: Plan) -> None:
    # 'Sở Công thương' is an alias of the lead 'Sở Công Thương' in units.yaml
    added, _, report = broken(
        plan_2020, lambda p: p.appendix.groups[0].tasks[0].coordinating.append("Sở Công thương")
    )
    assert added == {("KH202", "appendix.groups[0].tasks[0].coordinating[5]")}
    assert message(report, "KH202") == (
        "TT 1: 'Sở Công Thương' is both the lead unit and a coordinating unit"
    )


def test_kh203_unknown_unit_with_nearest_name(plan_2025: Plan) -> None:
    added, _, report = broken(
        plan_2025, lambda p: setattr(p.appendix.groups[0].tasks[0], "lead", ["Sở Công Thưong"])
    )
    assert added == {
        ("KH203", "appendix.groups[0].tasks[0].lead[0]"),
        ("KH408", "appendix.groups[0].tasks[0].lead[0]"),
    }
    kh203 = next(f for f in report.findings if f.location.endswith("lead[0]") and f.code == "KH203")
    assert kh203.message == (
        "TT 1: lead unit 'Sở Công Thưong' is not in the unit vocabulary (nearest: 'Sở Công Thương')"
    )
    assert kh203.severity.value == "info"


# --- KH3xx timelines ----------------------------------------------------------------


def _timeline(text: str, start: str | None, end: str | None) -> Callable[[Plan], None]:
    def edit(p: Plan) -> None:
        p.appendix.groups[1].tasks[0].timeline = Timeline(text=text, start=start, end=end)

    return edit


def test_kh301_unreadable_timeline(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, _timeline("Tháng 13/2025", None, None))
    assert added == {("KH301", "appendix.groups[1].tasks[0].timeline")}
    assert message(report, "KH301") == "TT 5: timeline 'Tháng 13/2025' cannot be read as months"


def test_kh302_missing_timeline(plan_2025: Plan) -> None:
    added, _, report = broken(
        plan_2025, lambda p: setattr(p.appendix.groups[1].tasks[0], "timeline", None)
    )
    assert added == {("KH302", "appendix.groups[1].tasks[0].timeline")}
    assert report.exit_code() == 0  # a warning


def test_kh303_timeline_reversed(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, _timeline("Tháng 12 - 3/2025", "2025-12", "2025-03"))
    assert added == {("KH303", "appendix.groups[1].tasks[0].timeline")}
    assert message(report, "KH303") == (
        "TT 5: timeline 'Tháng 12 - 3/2025' starts 2025-12 after it ends 2025-03"
    )


def test_kh304_timeline_moved_to_2024(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, _timeline("Tháng 3 - 12/2024", "2024-03", "2024-12"))
    assert added == {("KH304", "appendix.groups[1].tasks[0].timeline")}
    finding = next(f for f in report.findings if f.code == "KH304")
    assert finding.message == (
        "TT 5: timeline 'Tháng 3 - 12/2024' (2024-03..2024-12) is outside the plan year 2025"
    )
    assert finding.source_line == 203
    assert report.exit_code() == 1


def test_kh305_timeline_text_and_months_disagree(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, _timeline("Tháng 3 - 12/2025", "2025-04", "2025-12"))
    assert added == {("KH305", "appendix.groups[1].tasks[0].timeline")}
    assert message(report, "KH305") == (
        "TT 5: timeline text 'Tháng 3 - 12/2025' means 2025-03..2025-12 "
        "but start/end say 2025-04..2025-12"
    )


def test_kh304_from_an_edited_source_document(tmp_path: Path) -> None:
    text = (ROOT / PLAN_2025).read_text("utf-8").splitlines(keepends=True)
    assert text[202].startswith("5\tĐánh giá hiện trạng")
    text[202] = text[202].replace("Tháng 3 - 12/2025", "Tháng 3 - 12/2024")
    doc = tmp_path / "plan-2025-moved.txt"
    doc.write_text("".join(text), "utf-8")
    report = validate(doc)
    errors = [(f.code, f.location, f.line) for f in report.findings if f.severity.value == "error"]
    assert errors == [("KH304", "appendix.groups[1].tasks[0].timeline", 203)]


# --- KH4xx cross-section --------------------------------------------------------------


def test_kh401_section_ii_item_without_group(plan_2025: Plan) -> None:
    def add_item(p: Plan) -> None:
        p.content.append(
            ContentItem(
                id="5",
                title="Tăng cường quan hệ hợp tác quốc tế",
                bullets=["Tổ chức đoàn trao đổi kinh nghiệm với các đối tác nước ngoài."],
            )
        )

    added, _, report = broken(plan_2025, add_item)
    assert added == {("KH401", "content[4]")}
    assert message(report, "KH401") == (
        "section II item 5 (Tăng cường quan hệ hợp tác quốc tế) has no matching appendix group"
    )


def test_kh403_dropped_section_ii_item(plan_2025: Plan) -> None:
    added, gone, report = broken(plan_2025, lambda p: p.content.pop(1))
    # KH402 (item 4, no bullets, no group) only moves up one place
    assert added == {
        ("KH106", "content[1].id"),
        ("KH403", "appendix.groups[1]"),
        ("KH402", "content[2]"),
    }
    assert gone == {("KH402", "content[3]")}
    assert message(report, "KH403").startswith(
        "appendix group II (Thúc đẩy sản xuất sạch hơn, sản xuất các sản phẩm"
    )
    assert report.exit_code() == 1


def test_kh404_groups_in_another_order(plan_2020: Plan) -> None:
    def swap(p: Plan) -> None:  # section II items 2 and 3 trade places (ids stay 1, 2, 3)
        a, b = p.content[1], p.content[2]
        a.title, b.title = b.title, a.title
        a.bullets, b.bullets = b.bullets, a.bullets

    added, gone, report = broken(plan_2020, swap)
    assert added == {("KH404", "appendix.groups[2]"), ("KH407", "content[1].bullets[1]")}
    assert gone == {("KH407", "content[2].bullets[1]")}  # the same bullet, moved
    assert message(report, "KH404") == (
        "appendix group III matches section II item 2 (position 2 there)"
    )


def test_kh405_task_without_bullet(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, lambda p: p.content[1].bullets.pop(1))
    assert added == {("KH405", "appendix.groups[1].tasks[1]")}
    assert message(report, "KH405").startswith(
        "TT 6 (Tổ chức Hội chợ triển lãm quốc tế Mạng lưới cao cấp"
    )


def test_kh406_bullet_without_task(plan_2025: Plan) -> None:
    added, _, report = broken(
        plan_2025,
        lambda p: p.content[0].bullets.append("Tổ chức cuộc thi ảnh về lối sống xanh."),
    )
    assert added == {("KH406", "content[0].bullets[4]")}
    assert message(report, "KH406") == (
        "section II item 1 bullet 5 (Tổ chức cuộc thi ảnh về lối sống xanh.) "
        "matches no task of appendix group I"
    )


def test_kh408_lead_without_duties(plan_2020: Plan) -> None:
    added, _, report = broken(
        plan_2020,
        lambda p: setattr(p.appendix.groups[2].tasks[0], "lead", ["Sở Khoa học và Công nghệ"]),
    )
    assert added == {("KH408", "appendix.groups[2].tasks[0].lead[0]")}
    assert message(report, "KH408") == (
        "lead unit 'Sở Khoa học và Công nghệ' (TT 7) is not named in section IV"
    )


def test_kh409_cross_reference_to_missing_goal(plan_2020: Plan) -> None:
    def edit(p: Plan) -> None:
        duty = p.organization[1].duties[0]
        assert "tại mục 5, phần I" in duty
        p.organization[1].duties[0] = duty.replace("mục 5, phần I", "mục 7, phần I")

    added, _, report = broken(plan_2020, edit)
    assert added == {("KH409", "organization[1].duties[0]")}
    assert message(report, "KH409") == (
        "'mục 7, phần I' points to section I item 7, which the plan does not have"
    )


def test_kh409_lists_of_items(plan_2020: Plan) -> None:
    def edit(p: Plan) -> None:
        duty = p.organization[2].duties[0]
        assert "tại mục 4, 5, phần I" in duty
        p.organization[2].duties[0] = duty.replace("mục 4, 5, phần I", "mục 4, 6, phần I")

    added, _, _ = broken(plan_2020, edit)
    assert added == {("KH409", "organization[2].duties[0]")}


# --- KH5xx targets ----------------------------------------------------------------------


def test_kh501_range_8_to_5_percent_from_source(tmp_path: Path) -> None:
    text = (ROOT / PLAN_2025).read_text("utf-8").replace("Giảm 5 – 8%", "Giảm 8 – 5%", 1)
    doc = tmp_path / "plan-2025-range.txt"
    doc.write_text(text, "utf-8")
    report = validate(doc)
    errors = [(f.code, f.location) for f in report.findings if f.severity.value == "error"]
    assert errors == [("KH501", "goals[4].targets[0].min")]
    assert message(report, "KH501") == (
        "goal 4.1: target 'Giảm 8 – 5% mức tiêu hao nguyên, nhiên vật liệu của các …' "
        "has min 8 above max 5"
    )


def test_kh502_percentage_above_100(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, lambda p: setattr(p.goals[5].targets[0], "value", 120))
    assert added == {("KH502", "goals[5].targets[0]")}
    assert "is 120%, above 100% for a share to reach" in message(report, "KH502")


def test_kh502_allows_an_increase_above_100(plan_2025: Plan) -> None:
    def edit(p: Plan) -> None:
        target = p.goals[5].targets[0]
        target.value, target.direction = 150, Direction.increase

    added, _, _ = broken(plan_2025, edit)
    assert added == set()


def test_kh503_percentage_not_read(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, lambda p: p.goals[6].targets.pop(1))
    assert added == {("KH503", "goals[6].text")}
    assert message(report, "KH503") == "goal 4.3: '70%' in the text is not read as a target"


def test_kh504_target_without_number(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, lambda p: setattr(p.goals[5].targets[0], "value", None))
    assert added == {("KH504", "goals[5].targets[0]")}
    assert message(report, "KH504").endswith("has no value, min or max (the text has '100%')")


def test_kh505_range_without_max(plan_2025: Plan) -> None:
    added, _, report = broken(plan_2025, lambda p: setattr(p.goals[4].targets[0], "max", None))
    assert added == {("KH505", "goals[4].targets[0]")}
    assert message(report, "KH505").endswith("has a min but no max")


# --- KH6xx document -------------------------------------------------------------------------


def test_kh601_kh602_draft_is_a_warning(plan_2025: Plan) -> None:
    def sign(p: Plan) -> None:
        import datetime as dt

        p.document.number = "123/KH-UBND"
        p.document.issued_on = dt.date(2024, 12, 20)

    _, gone, _ = broken(plan_2025, sign)
    assert gone == {("KH601", "document.number"), ("KH602", "document.issued_on")}


def test_kh603_title_year_disagrees(plan_2025: Plan) -> None:
    def edit(p: Plan) -> None:
        p.document.title = p.document.title.replace("năm 2025", "năm 2024")

    added, _, report = broken(plan_2025, edit)
    assert added == {("KH603", "document.title")}
    assert message(report, "KH603") == "the title says 2024 but the plan year is 2025"


def test_kh603_goal_year_disagrees(plan_2020: Plan) -> None:
    def edit(p: Plan) -> None:
        p.goals[3].text = p.goals[3].text.replace("đến hết năm 2020", "đến hết năm 2021")

    added, _, report = broken(plan_2020, edit)
    assert added == {("KH603", "goals[3].text")}
    assert message(report, "KH603") == (
        "goal 4 ('đến hết năm 2021') says 2021 but the plan year is 2020"
    )


def test_kh604_plan_year_unknown(plan_2025: Plan) -> None:
    def unknown(p: Plan) -> None:
        p.document.plan_year = None
        p.document.period = None

    added, _, _ = broken(plan_2025, unknown)
    assert added == {("KH604", "document.plan_year")}


def test_a_multi_year_plan_checks_timelines_against_its_period(plan_2025: Plan) -> None:
    """No plan year but a period: no KH604, and KH304 flags timelines that end after the
    period (preparation before a multi-year period is allowed)."""

    def period(first: int, last: int) -> Callable[[Plan], None]:
        def edit(p: Plan) -> None:
            p.document.plan_year = None
            p.document.period = Period(start=first, end=last)

        return edit

    added, _, report = broken(plan_2025, period(2023, 2024))
    assert ("KH604", "document.plan_year") not in added
    outside = [f for f in report.findings if f.code == "KH304"]
    assert len(outside) == 13 and "outside the plan year 2023–2024" in outside[0].message
    _, _, report = broken(plan_2025, period(2026, 2030))
    assert not [f for f in report.findings if f.code == "KH304"]


def test_kh605_issued_after_plan_year(plan_2020: Plan) -> None:
    import datetime as dt

    added, _, report = broken(
        plan_2020, lambda p: setattr(p.document, "issued_on", dt.date(2021, 1, 5))
    )
    assert added == {("KH605", "document.issued_on")}
    assert message(report, "KH605") == "issued on 2021-01-05, after the plan year 2020 ended"


# --- select / ignore ------------------------------------------------------------------------


def test_select_and_ignore_by_prefix(plan_2025: Plan) -> None:
    assert validate(plan_2025, select=["KH6"]).codes() == ["KH601", "KH602"]
    assert validate(plan_2025, select=["KH601"]).codes() == ["KH601"]
    assert "KH601" not in validate(plan_2025, ignore=["KH601"]).codes()
    assert validate(plan_2025, select=["KH4,KH2"], ignore=["KH203"]).codes() == ["KH402"]


def test_unknown_rule_code_is_a_usage_error(plan_2025: Plan) -> None:
    from khtool.errors import UsageError

    with pytest.raises(UsageError, match="unknown rule code 'KH77'"):
        validate(plan_2025, select=["KH77"])


def test_appendix_grouped_otherwise_is_not_matched_to_section_ii(plan_2025: Plan) -> None:
    """Groups by region (not by the section II items): KH401–KH407 stay silent."""

    def regions(p: Plan) -> None:
        assert p.appendix is not None
        for k, group in enumerate(p.appendix.groups):
            group.title = f"VÙNG MIỀN NÚI SỐ {k + 1}"

    _, _, report = broken(plan_2025, regions)
    codes = {f.code for f in report.findings}
    assert not codes & {"KH401", "KH402", "KH403", "KH404", "KH405", "KH406", "KH407"}


def test_a_table_without_group_rows_has_no_group_findings(plan_2025: Plan) -> None:
    def one_group(p: Plan) -> None:
        assert p.appendix is not None
        tasks = [t for g in p.appendix.groups for t in g.tasks]
        p.appendix.groups = [Group(id="", title="", tasks=tasks)]

    _, _, report = broken(plan_2025, one_group)
    assert not {f.code for f in report.findings} & {"KH104", "KH108"}
