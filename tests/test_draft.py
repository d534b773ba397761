"""khtool draft: next year's plan from this year's (library, years, checklist, CLI)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import khtool
from khtool.cli import main
from khtool.errors import UsageError
from khtool.model import Plan, load_plan
from khtool.parsing.fields.timeline import parse_timeline
from khtool.writing.draft import make_draft
from khtool.writing.years import move_year, shift_years
from tests.conftest import ROOT
from tests.render_support import differences, round_trip

PLAN_2025 = ROOT / "data" / "plans" / "hanoi-2025-draft.yaml"
PLAN_2020 = ROOT / "data" / "plans" / "hanoi-2020-96-KH-UBND.yaml"


@pytest.fixture(scope="module")
def source() -> Plan:
    return load_plan(PLAN_2025)


@pytest.fixture(scope="module")
def draft(source: Plan):
    return make_draft(source, 2026)


@pytest.mark.parametrize(
    ("text", "moved"),
    [
        ("Kế hoạch năm 2025", "Kế hoạch năm 2026"),
        ("Phấn đấu đến hết năm 2025 đạt", "Phấn đấu đến hết năm 2026 đạt"),
        ("Aviation Forum 2025", "Aviation Forum 2026"),
        ("trong Quý II/2025", "trong Quý II/2026"),
        ("các chỉ tiêu giai đoạn 2021-2025 đề ra", "các chỉ tiêu giai đoạn 2021-2025 đề ra"),
        ("Quyết định số 4052/QĐ-UBND ngày 11/9/2025", "Quyết định số 4052/QĐ-UBND ngày 11/9/2025"),
        ("ngày 11 tháng 9 năm 2025", "ngày 11 tháng 9 năm 2025"),
        ("Nghị định 12/2025/NĐ-CP", "Nghị định 12/2025/NĐ-CP"),
        ("năm 2024 và năm 2025", "năm 2024 và năm 2026"),
        ("20251 bài viết", "20251 bài viết"),
    ],
)
def test_the_plan_year_moves_only_where_it_names_the_plan_year(text: str, moved: str) -> None:
    assert move_year(text, 2025, 2026) == moved


def test_timeline_texts_move_every_year() -> None:
    assert shift_years("Tháng 11/2024 - 02/2025", 1) == "Tháng 11/2025 - 02/2026"
    assert shift_years("Thường xuyên", 1) == "Thường xuyên"


def test_the_draft_header_is_blank_and_names_the_new_year(draft) -> None:
    doc = draft.plan.document
    assert (doc.number, doc.issued_on, doc.draft, doc.plan_year) == (None, None, True, 2026)
    assert doc.title is not None and "năm 2026" in doc.title and "2025" not in doc.title
    assert doc.period is not None and (doc.period.start, doc.period.end) == (2026, 2026)
    assert draft.issue_year == 2025
    assert draft.plan.appendix is not None
    assert draft.plan.appendix.subtitle == (
        "(Ban hành kèm theo Kế hoạch số /KH-UBND ngày / /2025 của UBND thành phố Hà Nội)"
    )


def test_every_task_is_carried_over_one_year_later(source: Plan, draft) -> None:
    old, new = source.tasks(), draft.plan.tasks()
    assert len(new) == len(old) == 13
    for before, after in zip(old, new, strict=True):
        assert after.tt == before.tt and after.lead == before.lead
        assert before.timeline is not None and after.timeline is not None
        assert after.timeline.kind == before.timeline.kind
        assert (
            after.timeline.start
            == f"{int(before.timeline.start[:4]) + 1}{before.timeline.start[4:]}"
        )
        assert after.timeline.end is not None and after.timeline.end.startswith("2026-")
        span = parse_timeline(after.timeline.text)  # the text says what the fields say
        assert (span.start, span.end, span.kind) == (
            after.timeline.start,
            after.timeline.end,
            after.timeline.kind,
        )


def test_targets_are_kept_and_marked_to_review(source: Plan, draft) -> None:
    assert [g.targets for g in draft.plan.goals] == [g.targets for g in source.goals]
    assert draft.comments.sections[("I", "4", "4.1")].startswith("Chỉ tiêu giữ nguyên")
    targeted = [i for i, t in enumerate(draft.plan.tasks()) if t.targets]
    assert sorted(draft.comments.tasks) == targeted


def test_the_checklist_names_what_to_check(draft) -> None:
    text = "\n".join(draft.checklist)
    assert "Chỉ tiêu: 6 chỉ tiêu giữ nguyên mức của năm 2025" in text
    assert "Sở Giao thông vận tải → Sở Xây dựng (từ năm 2025); có ở mục IV.4" in text
    assert "UBND các quận, huyện, thị xã → UBND các xã, phường" in text
    assert "13 nhiệm vụ chuyển sang năm 2026" in text
    assert draft.plan.warnings == draft.checklist
    # the period of the old plan is kept, and the checklist says where 2025 remains
    assert any("giai đoạn 2021-2025" in s.title for s in draft.plan.sections[1].children)
    assert "Năm 2025 còn ở mục II.4" in text


def test_tasks_with_a_deadline_in_the_old_year_are_listed() -> None:
    plan = load_plan(PLAN_2025)
    task = plan.tasks()[4]
    assert task.timeline is not None
    task.timeline.kind = "by"  # type: ignore[assignment]
    lines = make_draft(plan).checklist
    assert any(line.startswith("Nhiệm vụ có hạn") and "TT 5" in line for line in lines)


def test_the_draft_survives_its_own_round_trip(draft, tmp_path: Path) -> None:
    again = round_trip(draft.plan, tmp_path, comments=draft.comments, issue_year=draft.issue_year)
    assert differences(draft.plan.model_dump(mode="json"), again.model_dump(mode="json")) == []


def test_a_plan_without_a_plan_year_or_a_later_year_is_refused(source: Plan) -> None:
    with pytest.raises(UsageError, match="must come after"):
        make_draft(source, 2025)
    multi = source.model_copy(deep=True)
    multi.document.plan_year = None
    with pytest.raises(UsageError, match="needs a yearly plan"):
        make_draft(multi)


def test_cli_writes_a_docx_that_parses_to_the_2026_draft(tmp_path: Path, capsys) -> None:
    out = tmp_path / "d.docx"
    assert main(["draft", "--from", "2025", "--year", "2026", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Chỉ tiêu" in err and f"{out.as_posix()}: draft for 2026, 13 tasks" in err
    plan = khtool.parse(out)
    assert plan.document.plan_year == 2026 and plan.document.draft
    assert len(plan.tasks()) == 13
    assert all(t.timeline and t.timeline.end and t.timeline.end[:4] == "2026" for t in plan.tasks())
    with zipfile.ZipFile(out) as z:  # the review notes are Word comments
        assert "rà soát" in z.read("word/comments.xml").decode("utf-8")


def test_cli_yaml_draft_to_stdout(capsys) -> None:
    assert main(["draft", "--from", str(PLAN_2020), "--format", "yaml"]) == 0
    plan = Plan.from_yaml(capsys.readouterr().out)
    assert plan.document.plan_year == 2021 and plan.document.number is None
    assert plan.appendix is not None and all(
        t.timeline is None or t.timeline.start is None or t.timeline.start.startswith("2021")
        for t in plan.appendix.tasks()
    )


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "--from", "2025", "--year", "2024", "-o", "x.docx"],
        ["draft", "--from", "2025"],  # a .docx needs -o
        ["draft", "--from", "1999", "-o", "x.docx"],  # no plan of that year
    ],
)
def test_cli_errors_are_one_line(args: list[str], capsys, tmp_path: Path) -> None:
    args = [a if a != "x.docx" else str(tmp_path / "x.docx") for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("khtool:") and "\n" not in err
    assert not (tmp_path / "x.docx").exists()
