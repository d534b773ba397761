"""khtool.parsing.body_tasks: tasks written in the body of a plan without a task table."""

from __future__ import annotations

from pathlib import Path

import pytest

import khtool
from khtool.model import Task
from khtool.parsing.body_tasks import body_tasks
from khtool.parsing.outline import build_outline
from khtool.parsing.structure import Line
from khtool.reading.blocks import Provenance


def _tasks(*texts: str) -> list[Task]:
    lines = [Line(t, Provenance(None, i)) for i, t in enumerate(texts, start=1)]
    tasks, warnings = body_tasks(build_outline(lines))
    assert warnings == []
    return tasks


def _span(task: Task) -> tuple[str | None, str | None] | None:
    return (task.timeline.start, task.timeline.end) if task.timeline else None


CASES = [
    pytest.param(
        (
            "II. NHIỆM VỤ",
            "1. Xây dựng kho dữ liệu dùng chung của tỉnh",
            "Đơn vị chủ trì: Sở Khoa học và Công nghệ; Đơn vị phối hợp: Sở Tài chính, Công an tỉnh.",
            "- Hoàn thành kết nối với cơ sở dữ liệu quốc gia.",
        ),
        {
            "tt": "1",
            "name": "Xây dựng kho dữ liệu dùng chung của tỉnh",
            "content": ["Hoàn thành kết nối với cơ sở dữ liệu quốc gia."],
            "lead": ["Sở Khoa học và Công nghệ"],
            "coordinating": ["Sở Tài chính", "Công an tỉnh"],
            "span": None,
            "section": "II.1",
        },
        id="labels-on-one-line",
    ),
    pytest.param(
        (
            "II. NHIỆM VỤ",
            "2. Đào tạo kỹ năng số cho cán bộ cấp xã",
            "a) Cơ quan chủ trì: Sở Nội vụ.",
            "b) Cơ quan phối hợp: UBND các huyện, thị xã.",
            "c) Thời gian thực hiện: Quý II/2026",
        ),
        {
            "tt": "2",
            "name": "Đào tạo kỹ năng số cho cán bộ cấp xã",
            "content": [],
            "lead": ["Sở Nội vụ"],
            "coordinating": ["UBND các huyện, thị xã"],
            "span": ("2026-04", "2026-06"),
            "section": "II.2",
        },
        id="lettered-children",
    ),
    pytest.param(
        (
            "III. GIẢI PHÁP",
            "4. Rà soát thủ tục hành chính",
            "- Đơn vị chủ trì: Văn phòng UBND tỉnh",
            "Thời hạn hoàn thành: tháng 10/2026",
        ),
        {
            "tt": "4",
            "name": "Rà soát thủ tục hành chính",
            "content": [],
            "lead": ["Văn phòng UBND tỉnh"],
            "coordinating": [],
            "span": ("2026-10", "2026-10"),
            "section": "III.4",
        },
        id="bulleted-label-and-deadline",
    ),
    pytest.param(
        (
            "II. NHIỆM VỤ",
            "5. Hỗ trợ doanh nghiệp chuyển đổi số",
            "Thời gian thực hiện: Năm 2026",
        ),
        {
            "tt": "5",
            "name": "Hỗ trợ doanh nghiệp chuyển đổi số",
            "content": [],
            "lead": [],
            "coordinating": [],
            "span": ("2026-01", "2026-12"),
            "section": "II.5",
        },
        id="time-label-only",
    ),
    pytest.param(
        (
            "II. NHIỆM VỤ",
            "1. Rà soát thủ tục hành chính (chủ trì: Sở Tư pháp; phối hợp: các sở, ngành; "
            "thời gian: Quý II/2026).",
        ),
        {
            "tt": "1",
            "name": "Rà soát thủ tục hành chính",
            "content": [],
            "lead": ["Sở Tư pháp"],
            "coordinating": ["các sở, ngành"],
            "span": ("2026-04", "2026-06"),
            "section": "II.1",
        },
        id="labels-in-parentheses-after-the-name",
    ),
    pytest.param(
        (
            "II. NHIỆM VỤ",
            "2. Nâng cấp Cổng dịch vụ công. Cơ quan chủ trì: Sở Khoa học và Công nghệ; "
            "thời gian hoàn thành: tháng 9/2026.",
        ),
        {
            "tt": "2",
            "name": "Nâng cấp Cổng dịch vụ công",
            "content": [],
            "lead": ["Sở Khoa học và Công nghệ"],
            "coordinating": [],
            "span": ("2026-09", "2026-09"),
            "section": "II.2",
        },
        id="labels-after-the-names-full-stop",
    ),
]


@pytest.mark.parametrize(("texts", "expected"), CASES)
def test_body_task(texts: tuple[str, ...], expected: dict) -> None:
    (task,) = _tasks(*texts)
    got = {
        "tt": task.tt,
        "name": task.name,
        "content": task.content,
        "lead": task.lead,
        "coordinating": task.coordinating,
        "span": _span(task),
        "section": task.source.section,
    }
    assert got == expected


@pytest.mark.parametrize(
    "texts",
    [
        # no labels at all
        ("II. NHIỆM VỤ", "3. Tăng cường tuyên truyền", "Các cơ quan báo chí đưa tin thường xuyên."),
        # a label word inside a sentence is not a label
        ("II. NHIỆM VỤ", "3. Kiểm tra", "Giao Sở Y tế chủ trì: tổ chức kiểm tra định kỳ."),
        # … nor inside the item's own sentence
        ("II. NHIỆM VỤ", "3. Giao Sở Y tế chủ trì: tổ chức kiểm tra định kỳ."),
        # a target label is not a unit or time label
        ("I. MỤC TIÊU", "1. Chỉ tiêu: 90% hồ sơ trực tuyến."),
        # an unnumbered paragraph is never a task
        ("Đơn vị chủ trì: Sở Nội vụ.",),
    ],
)
def test_not_a_task(texts: tuple[str, ...]) -> None:
    assert _tasks(*texts) == []


def test_tasks_in_document_order_and_a_parent_with_labels_stops_the_walk() -> None:
    tasks = _tasks(
        "II. NHIỆM VỤ",
        "1. Phát triển hạ tầng số",
        "1.1. Nâng cấp mạng truyền số liệu chuyên dùng",
        "Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
        "1.2. Mở rộng vùng phủ sóng 5G",
        "Cơ quan chủ trì: Viettel Bắc Ngàn.",
        "2. Phát triển dữ liệu số",
        "Đơn vị chủ trì: Sở Nội vụ.",
        "2.1. Số hóa hồ sơ lưu trữ",
        "Đơn vị chủ trì: Trung tâm Lưu trữ lịch sử tỉnh.",
    )
    assert [(t.tt, t.lead) for t in tasks] == [
        ("1.1", ["Sở Khoa học và Công nghệ"]),
        ("1.2", ["Viettel Bắc Ngàn"]),
        ("2", ["Sở Nội vụ"]),  # item 2 is a task: its sub-item is not read as another
    ]


def test_text_under_a_labelled_child_is_content() -> None:
    (task,) = _tasks(
        "II. NHIỆM VỤ",
        "1. Tổ chức hội chợ nông sản",
        "a) Đơn vị chủ trì: Sở Công Thương",
        "- Bố trí 50 gian hàng cho hợp tác xã.",
        "b) Thời gian thực hiện: Tháng 9/2026",
    )
    assert task.lead == ["Sở Công Thương"]
    assert task.content == ["Bố trí 50 gian hàng cho hợp tác xã."]
    assert _span(task) == ("2026-09", "2026-09")


def test_unlabelled_lettered_child_is_kept_as_content() -> None:
    (task,) = _tasks(
        "II. NHIỆM VỤ",
        "2. Đào tạo kỹ năng số cho cán bộ cấp xã",
        "a) Nội dung: tập huấn cho 200 cán bộ cấp xã.",
        "b) Cơ quan chủ trì: Sở Nội vụ.",
    )
    assert task.lead == ["Sở Nội vụ"]
    assert any("tập huấn cho 200 cán bộ cấp xã" in c for c in task.content)


@pytest.mark.parametrize(
    ("texts", "section"),
    [
        (("2. Nhiệm vụ", "2.1. Hoàn thiện hạ tầng số", "Đơn vị chủ trì: Phòng Văn hóa."), "2.1"),
        (
            (
                "II. NHIỆM VỤ",
                "2. Hạ tầng",
                "2.1. Hoàn thiện hạ tầng số",
                "Đơn vị chủ trì: Sở Xây dựng.",
            ),
            "II.2.1",
        ),
    ],
)
def test_section_path_of_a_decimal_item(texts: tuple[str, ...], section: str) -> None:
    (task,) = _tasks(*texts)
    assert task.source.section == section


PLAN = """\
ỦY BAN NHÂN DÂN HUYỆN ĐÔNG SƠN
Số: 77/KH-UBND
Đông Sơn, ngày 12 tháng 02 năm 2026
KẾ HOẠCH
Cải cách hành chính huyện Đông Sơn năm 2026
Căn cứ Kế hoạch số 15/KH-UBND ngày 08/01/2026 của UBND tỉnh Thanh Giang;
I. MỤC TIÊU
1. 100% thủ tục hành chính được công khai đúng quy định.
2. Chỉ số hài lòng của người dân đạt trên 90%.
II. NHIỆM VỤ
1. Rà soát, đơn giản hóa thủ tục hành chính
Đơn vị chủ trì: Văn phòng HĐND và UBND huyện; Đơn vị phối hợp: Phòng Tư pháp, UBND các xã.
Thời gian thực hiện: Quý I/2026 - Quý III/2026
2. Số hóa kết quả giải quyết thủ tục hành chính
a) Cơ quan chủ trì: Phòng Văn hóa và Thông tin.
b) Cơ quan phối hợp: Bưu điện huyện.
c) Thời gian thực hiện: Tháng 4 - tháng 11/2026
3. Tuyên truyền về cải cách hành chính
Các cơ quan, đơn vị đưa tin thường xuyên.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND huyện
- Theo dõi, tổng hợp, báo cáo kết quả.
"""


def test_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "kh-77.txt"
    path.write_text(PLAN, encoding="utf-8")
    plan = khtool.parse(path)
    doc = plan.document
    assert (doc.number, doc.issuer, doc.plan_year) == ("77/KH-UBND", "UBND huyện Đông Sơn", 2026)
    assert [r.number for r in doc.legal_basis] == ["15/KH-UBND"]
    assert plan.goals[0].id == "1"
    assert plan.appendix is None and "appendix" in plan.missing
    tasks = plan.tasks()
    assert [t.tt for t in tasks] == ["1", "2"]
    first, second = tasks
    assert first.lead == ["Văn phòng HĐND và UBND huyện"]
    assert first.coordinating == ["Phòng Tư pháp", "UBND các xã"]
    assert _span(first) == ("2026-01", "2026-09")
    assert (second.lead, second.coordinating) == (
        ["Phòng Văn hóa và Thông tin"],
        ["Bưu điện huyện"],
    )
    assert _span(second) == ("2026-04", "2026-11")
    assert [t.source.section for t in tasks] == ["II.1", "II.2"]
