"""Messages name the parts of a plan with the plan's own section numbers, and the
organisation-section rule reads units named inside its sentences (an invented plan
whose organisation section is III, not the national template's IV)."""

from __future__ import annotations

from pathlib import Path

import pytest

import khtool
from khtool.model import Plan
from khtool.validating.validation import Report, validate

PLAN = """\
ỦY BAN NHÂN DÂN
TỈNH BẮC NAM

Số: 12/KH-UBND

Bắc Nam, ngày 10 tháng 2 năm 2025

KẾ HOẠCH
Triển khai chuyển đổi số năm 2025

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đẩy mạnh chuyển đổi số, theo mục 1 và 3, phần III.
II. NHIỆM VỤ
Chi tiết tại Phụ lục kèm theo.
III. TỔ CHỨC THỰC HIỆN
1. Sở Thông tin và Truyền thông chủ trì, phối hợp với Công an tỉnh theo dõi việc thực hiện.
2. Ủy ban nhân dân các huyện triển khai tại địa phương.

PHỤ LỤC
DANH MỤC NHIỆM VỤ

| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Xây dựng kho dữ liệu dùng chung | Sở Thông tin và Truyền thông | Các sở, ban, ngành | Tháng 6/2025 |
| 2 | Cấp chữ ký số cho người dân | Công an tỉnh/Sở Thông tin và Truyền thông | Sở Tư pháp | Quý III/2025 |
| 3 | Đào tạo kỹ năng số cho cán bộ | Sở Nội vụ | Sở Thông tin và Truyền thông | Năm 2025 |
| 4 | Phổ cập điện thoại thông minh | UBND các huyện | Sở Thông tin và Truyền thông | Năm 2025 |
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    path = Path(tmp_path_factory.mktemp("plan")) / "plan.md"
    path.write_text(PLAN, "utf-8")
    return khtool.parse(path)


def messages(report: Report, code: str) -> list[str]:
    return [f.message for f in report.findings if f.code == code]


def test_the_plan_numbers_its_organisation_section_iii(plan: Plan) -> None:
    assert [(s.number, s.role) for s in plan.sections] == [
        ("I", "purpose"),
        ("II", "tasks"),
        ("III", "organization"),
    ]


def test_a_lead_named_in_a_sentence_of_the_section_is_not_reported(plan: Plan) -> None:
    # TT 1's lead and both units of TT 2's 'A/B' lead are named in section III's sentence,
    # TT 4's 'UBND các huyện' as 'Ủy ban nhân dân các huyện' (abbreviations written out);
    # only Sở Nội vụ (TT 3) is not, and the message names section III, as the plan does
    report = validate(plan)
    assert messages(report, "KH408") == ["lead unit 'Sở Nội vụ' (TT 3) is not named in section III"]
    assert {f.severity.value for f in report.findings if f.code == "KH408"} == {"warning"}


def test_a_cross_reference_is_read_with_the_plans_own_numbering(plan: Plan) -> None:
    # 'mục 1 và 3, phần III' points to the organisation section (III here), which has
    # items 1 and 2 (read with the template's numbering, III would be the funding section)
    assert messages(validate(plan), "KH409") == [
        "'mục 1 và 3, phần III' points to section III item 3, which the plan does not have"
    ]


def test_a_task_without_tt_is_named_by_its_words(plan: Plan) -> None:
    copy = plan.model_copy(deep=True)
    assert copy.appendix is not None
    task = copy.appendix.groups[0].tasks[2]
    task.tt = None
    task.lead = []
    assert messages(validate(copy), "KH201") == [
        "the task 'Đào tạo kỹ năng số cho cán bộ' (no TT) has no lead unit (Đơn vị chủ trì)"
    ]


def test_several_tasks_without_tt_are_counted(plan: Plan) -> None:
    copy = plan.model_copy(deep=True)
    assert copy.appendix is not None
    for task in copy.appendix.groups[0].tasks:
        task.tt = None
        task.lead = ["Sở Nội vụ"]
    assert messages(validate(copy), "KH408") == [
        "lead unit 'Sở Nội vụ' (4 tasks without TT) is not named in section III"
    ]


@pytest.mark.parametrize(
    ("name", "written_out"),
    [
        ("UBND các xã, phường", "ủy ban nhân dân các xã, phường"),
        ("Báo TN&MT", "báo tài nguyên và môi trường"),
        ("Sở KH&CN", "sở khoa học và công nghệ"),
        ("UBNDX", "ubndx"),  # not a word of the table: left alone
    ],
)
def test_abbreviations_are_written_out(name: str, written_out: str) -> None:
    from khtool.vocab import spelled_out

    assert spelled_out(name) == written_out


SCHEDULE = """\
SỞ CÔNG THƯƠNG TỈNH BẮC NAM
ĐOÀN KIỂM TRA

Số: 7/KH-ĐKT

Bắc Nam, ngày 10 tháng 3 năm 2026

KẾ HOẠCH
Kiểm tra an toàn hóa chất

1. Mục tiêu
Đánh giá việc chấp hành quy định về an toàn hóa chất.
2. Yêu cầu
Kiểm tra đúng trình tự, thủ tục.
3. Phân công nhiệm vụ
3.1. Ông Nguyễn Văn A - Trưởng đoàn: phụ trách chung.
3.2. Ông Trần Văn B - Thành viên: kiểm tra hồ sơ.

PHỤ LỤC
LỊCH KIỂM TRA

| STT | Tên đơn vị được kiểm tra | Địa chỉ | Thời gian kiểm tra |
|---|---|---|---|
| 1 | Công ty TNHH Hóa chất Bắc Nam | Khu công nghiệp số 1 | Tháng 4/2026 |
| 2 | Công ty cổ phần Phân bón Nam Bắc | Khu công nghiệp số 2 | Tháng 5/2026 |
"""


@pytest.fixture(scope="module")
def schedule(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    path = Path(tmp_path_factory.mktemp("schedule")) / "schedule.md"
    path.write_text(SCHEDULE, "utf-8")
    return khtool.parse(path)


def test_sections_numbered_1_2_3_hold_items_3_1_3_2(schedule: Plan) -> None:
    assert [o.id for o in schedule.organization] == ["3.1", "3.2"]
    codes = {f.code for f in validate(schedule).findings}
    assert not codes & {"KH105", "KH107"}, codes


def test_a_schedule_without_a_lead_column_is_not_short_of_leads(schedule: Plan) -> None:
    assert schedule.tasks() and not any(t.lead for t in schedule.tasks())
    assert messages(validate(schedule), "KH201") == []
    copy = schedule.model_copy(deep=True)
    copy.tasks()[0].lead = ["Phòng Kỹ thuật an toàn"]  # now the table has leads: TT 2 lacks one
    assert messages(validate(copy), "KH201") == ["TT 2 has no lead unit (Đơn vị chủ trì)"]
