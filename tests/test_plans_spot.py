"""Spot facts from the real plans, checked by hand against the source text."""

from __future__ import annotations

import datetime as dt


def test_2025_groups_and_tasks(plan_2025) -> None:
    groups = plan_2025.appendix.groups
    assert [g.id for g in groups] == ["I", "II", "III"]
    assert [len(g.tasks) for g in groups] == [4, 7, 2]
    assert [t.tt for t in plan_2025.tasks()] == [str(n) for n in range(1, 14)]
    assert all(t.lead == ["Sở Công Thương"] for t in plan_2025.tasks())


def test_2025_task_3_and_6(plan_2025) -> None:
    tasks = {t.tt: t for t in plan_2025.tasks()}
    t3, t6 = tasks["3"], tasks["6"]
    assert (t3.timeline.start, t3.timeline.end) == ("2025-04", "2025-10")
    assert t3.name.endswith("tại các chợ, siêu thị, trung tâm thương mại.")
    # the page break split 'bao' / 'bì nhựa': joined with one space
    assert "sản phẩm bao bì nhựa dùng một lần" in t3.name
    assert t3.coordinating[-1].endswith("kinh doanh trên địa bàn Thành phố")
    assert (t6.timeline.start, t6.timeline.end) == ("2025-01", "2025-12")
    assert t3.timeline.kind == t6.timeline.kind == "range"
    assert "Công ty Advanced Business Events - Cộng hòa Pháp" in t6.coordinating
    assert "Doanh nghiệp sản xuất sản phẩm công nghiệp chủ lực Hà Nội" in t6.coordinating
    assert [(q.min, q.max, q.item) for q in t6.quantities] == [(120, 150, "gian hàng")]


def test_2025_continuations_never_become_tasks(plan_2025) -> None:
    tasks = {t.tt: t for t in plan_2025.tasks()}
    assert (
        tasks["1"]
        .content[-1]
        .endswith(
            "giai đoạn 2021 – 2025 trên địa bàn thành phố Hà Nội, phương hướng nhiệm vụ giai đoạn 2026 - 2030."
        )
    )
    assert (
        tasks["5"]
        .content[2]
        .endswith("công nghiệp nông thôn, công nghiệp hỗ trợ, sản phẩm công nghiệp chủ lực.")
    )
    assert tasks["13"].content[-1].endswith("về các sản phẩm dân nhãn sinh thái.")
    for task in plan_2025.tasks():
        assert task.name not in {"TT", "Danh mục"}
        for text in [task.name, *task.content, *task.targets, *task.coordinating]:
            assert "<" not in text and "**" not in text


def test_2025_header(plan_2025) -> None:
    doc = plan_2025.document
    assert doc.number is None and doc.issued_on is None and doc.draft is True
    assert doc.place == "Hà Nội"
    assert doc.plan_year == 2025
    assert doc.issuer == "UBND thành phố Hà Nội"
    assert doc.signer.name == "Nguyễn Mạnh Quyền"
    assert doc.signer.title == "PHÓ CHỦ TỊCH"
    assert [r.number for r in doc.legal_basis] == [
        "889/QĐ-TTg",
        "687/QĐ-TTg",
        "4052/QĐ-UBND",
        "4684/TTr-SCT",
    ]
    assert doc.legal_basis[0].date == dt.date(2020, 6, 24)
    assert doc.legal_basis[0].issuer == "Thủ tướng Chính phủ"


def test_2025_goal_4_1(plan_2025) -> None:
    goal = next(g for g in plan_2025.goals if g.id == "4.1")
    (target,) = goal.targets
    assert (target.min, target.max, target.unit, target.direction.value) == (5, 8, "%", "decrease")
    assert target.subject.startswith("mức tiêu hao nguyên, nhiên vật liệu")


def test_2020_header_and_tasks(plan_2020) -> None:
    doc = plan_2020.document
    assert doc.number == "96/KH-UBND"
    assert doc.issued_on == dt.date(2020, 5, 7)
    assert doc.plan_year == 2020 and doc.draft is False
    assert [len(g.tasks) for g in plan_2020.appendix.groups] == [3, 3, 4]
    tasks = {t.tt: t for t in plan_2020.tasks()}
    assert tasks["7"].lead == ["Sở Tài nguyên và Môi trường"]
    assert tasks["7"].coordinating == [
        "Sở Công Thương, Kế hoạch và Đầu tư, Tài chính và các ngành liên quan"
    ]
    assert (tasks["3"].timeline.start, tasks["3"].timeline.end) == ("2020-07", "2020-12")
    assert tasks["3"].timeline.text == "Trong quý III-IV/2020"
    assert tasks["3"].timeline.kind == "range"
    assert [(q.count, q.item) for q in tasks["8"].quantities] == [
        (4, "clip"),
        (4, "bài tuyên truyền"),
        (30000, "tờ rơi"),
        (12000, "poster"),
    ]


def test_2020_truncated_section_iv_is_kept_and_marked(plan_2020) -> None:
    last = plan_2020.organization[-1]
    assert last.unit == "Sở Giáo dục và Đào tạo"
    assert last.truncated is True
    assert last.duties == [
        "Phối hợp với Sở Công Thương tổ chức các hoạt động truyền thông, vận ……………"
    ]
    assert not any(o.truncated for o in plan_2020.organization[:-1])


def test_2020_notes_and_sections(plan_2020) -> None:
    assert len(plan_2020.appendix.notes) == 3
    assert [c.id for c in plan_2020.content] == ["1", "2", "3"]
    assert [len(c.bullets) for c in plan_2020.content] == [3, 3, 3]
    assert [g.id for g in plan_2020.goals] == [
        "1",
        "2",
        "3",
        "4",
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "5",
        "5.1",
        "5.2",
    ]
