"""khtool.diff on the real plans: targets, content areas and task pairing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import khtool
from khtool.diffing.differ import default_options, diff
from khtool.diffing.model import PlanDiff, Status, TargetDiff
from khtool.model import Plan, Quantity, Timeline, TimelineKind

PLANS = Path("data/plans")
_2020 = Plan.from_yaml(PLANS / "hanoi-2020-96-KH-UBND.yaml")
_2024 = Plan.from_yaml(PLANS / "hanoi-2024-263-KH-UBND.yaml")
_2025 = Plan.from_yaml(PLANS / "hanoi-2025-draft.yaml")


def _target(d: PlanDiff, subject_start: str) -> TargetDiff:
    found = [t for t in d.targets if (t.b or t.a).subject.startswith(subject_start)]  # type: ignore[union-attr]
    assert len(found) == 1, [t.status for t in found]
    return found[0]


def _values(t: TargetDiff) -> tuple[tuple[object, ...], tuple[object, ...]]:
    a, b = t.a, t.b
    assert a is not None and b is not None
    return (a.value, a.min, a.max), (b.value, b.min, b.max)


# --- 2024 (press report) → 2025 -----------------------------------------------
@pytest.fixture(scope="module")
def d2425() -> PlanDiff:
    return diff(_2024, _2025)


@pytest.mark.parametrize(
    ("subject", "old", "new", "status", "delta"),
    [
        ("mức tiêu hao nguyên, nhiên vật liệu", (None, 3.5, 4.5), (None, 5, 8), "changed", 2.5),
        ("Tỷ lệ các quận, huyện, thị xã", (80, None, None), (100, None, None), "changed", 20),
        ("các khu, cụm công nghiệp", (85, None, None), (100, None, None), "changed", 15),
        ("các làng nghề", (60, None, None), (70, None, None), "changed", 10),
        ("các chợ truyền thống", (None, 60, 70), (None, 70, 80), "changed", 10),
        (
            "các siêu thị, trung tâm thương mại",
            (100, None, None),
            (100, None, None),
            "unchanged",
            0,
        ),
    ],
)
def test_2024_to_2025_targets(d2425, subject, old, new, status, delta) -> None:
    t = _target(d2425, subject)
    assert t.status.value == status
    assert _values(t) == (old, new)
    assert t.delta == delta


def test_2024_to_2025_material_target_matched_despite_shorter_subject(d2425) -> None:
    t = _target(d2425, "mức tiêu hao")
    assert t.a is not None and t.b is not None
    assert t.a.subject.endswith("dệt may, rượu bia nước giải khát, thép, nhựa")
    assert t.b.subject == "mức tiêu hao nguyên, nhiên vật liệu của các ngành sản xuất"
    assert (t.a.direction.value, t.b.direction.value) == ("decrease", "decrease")


def test_2024_to_2025_no_target_added_or_dropped(d2425) -> None:
    assert d2425.summary.targets.added == d2425.summary.targets.dropped == 0
    assert (d2425.summary.targets.changed, d2425.summary.targets.unchanged) == (5, 1)


def test_2024_international_cooperation_area_absent_in_2025(d2425) -> None:
    dropped = [c for c in d2425.content if c.status == Status.dropped]
    assert len(dropped) == 1
    assert dropped[0].a is not None and dropped[0].a.id == "4"
    assert "hợp tác quốc tế" in dropped[0].a.title
    assert not [c for c in d2425.content if c.status == Status.added]
    # the other four areas are paired with 2025's four, in order
    pairs = [(c.a.id, c.b.id) for c in d2425.content if c.a and c.b]
    assert pairs == [("1", "1"), ("2", "2"), ("3", "3"), ("5", "4")]


def test_2024_to_2025_tasks_are_not_compared_and_say_why(d2425) -> None:
    assert d2425.tasks == []
    assert d2425.skipped == ["tasks not compared: 2024 (a partial plan) has no appendix task table"]
    assert d2425.a.partial and d2425.a.missing == ["funding", "organization", "appendix"]


# --- 2020 → 2025: task pairing ---------------------------------------------------
@pytest.fixture(scope="module")
def d2025() -> PlanDiff:
    return diff(_2020, _2025)


def _pairs(d: PlanDiff) -> list[tuple[str | None, str | None]]:
    return [(t.a.tt, t.b.tt) for t in d.tasks if t.a and t.b]


def test_2020_to_2025_task_pairs(d2025) -> None:
    # judged in the issue note: 1→2 (communication), 3→7 (linking chains/networks) and
    # 9→3 (plastic waste harms) are right; 5→13 (green shop model → consumer
    # information on eco-labelled products) is debatable; 4→5 (surveying and assessing
    # firms of three industry groups, with a workshop) scores 27.1, under the threshold,
    # and is paired because each is the other's best remaining candidate
    assert _pairs(d2025) == [("1", "2"), ("9", "3"), ("4", "5"), ("3", "7"), ("5", "13")]
    assert next(t.score for t in d2025.tasks if t.a and t.a.tt == "4") == 27.1
    assert all(t.status == Status.changed for t in d2025.tasks if t.a and t.b)
    counts = d2025.summary.tasks
    assert (counts.changed, counts.added, counts.dropped) == (5, 8, 5)


def test_without_the_margin_only_pairs_over_the_threshold() -> None:
    plain = diff(_2020, _2025, options=default_options(task_margin=0))
    assert _pairs(plain) == [("1", "2"), ("9", "3"), ("3", "7"), ("5", "13")]


def test_2020_to_2025_field_level_changes_of_a_pair(d2025) -> None:
    t = next(t for t in d2025.tasks if t.a and t.a.tt == "1")
    c = t.changes
    assert c.tt is not None and (c.tt.old, c.tt.new) == ("1", "2")
    assert c.lead is None  # Sở Công Thương leads both
    assert c.timeline is not None
    assert (c.timeline.old, c.timeline.new) == ("Tháng 7-10/2020", "Tháng 3 - 12/2025")
    assert (c.timeline.start_shift, c.timeline.end_shift) == (-4, 2)
    quantities = {q.item: (q.old, q.new) for q in c.quantities}
    assert quantities["phóng sự"] == (["6"], ["5"])
    assert quantities["lớp tập huấn"] == ([], ["10"])
    assert quantities["bài viết"] == (["30"], [])


def test_2020_to_2025_targets_and_content(d2025) -> None:
    t = _target(d2025, "các siêu thị, trung tâm thương mại")
    assert t.status == Status.unchanged and t.a is not None
    assert t.a.subject.startswith("trung tâm thương mại, siêu thị")  # reworded, same 100 %
    renamed = [c for c in d2025.content if c.status == Status.renamed]
    assert [(c.a.title, c.b.id) for c in renamed if c.a and c.b] == [
        ("Phát triển hệ thống phân phối bền vững", "3")
    ]


def test_diff_is_symmetric_on_the_real_plans(d2025) -> None:
    back = diff(_2025, _2020)
    assert sorted((b, a) for a, b in _pairs(back)) == sorted(_pairs(d2025))
    assert back.summary.tasks.added == d2025.summary.tasks.dropped
    assert back.summary.targets.dropped == d2025.summary.targets.added


def test_a_higher_threshold_pairs_fewer_tasks() -> None:
    strict = diff(_2020, _2025, options=default_options(task_threshold=40, task_margin=0))
    assert _pairs(strict) == [("1", "2")]
    # 9→3 (36.1) is within the margin of 40 and each is the other's best remaining
    relaxed = diff(_2020, _2025, options=default_options(task_threshold=40))
    assert _pairs(relaxed) == [("1", "2"), ("9", "3")]


def test_paths_are_accepted_and_source_documents_parsed() -> None:
    d = khtool.diff(PLANS / "hanoi-2020-96-KH-UBND.yaml", "tests/fixtures/plan-2025-draft.txt")
    assert _pairs(d) == [("1", "2"), ("9", "3"), ("4", "5"), ("3", "7"), ("5", "13")]


# --- renumbered, moved, reworded: changed, not added + dropped -------------------
def test_moved_renumbered_reworded_task_is_changed() -> None:
    b = _2025.model_copy(deep=True)
    assert b.appendix is not None
    task = b.appendix.groups[1].tasks.pop(1)  # 6: the AeroExpo fair, group II
    task.tt = "14"
    task.name = task.name.replace("Tổ chức Hội chợ", "Tổ chức và quảng bá Hội chợ")
    task.quantities = [Quantity(min=100, max=150, item="gian hàng", text="100-150 gian hàng")]
    task.lead = ["Sở Công Thương", "Sở Du lịch"]
    task.timeline = Timeline(
        text="Tháng 02 - 11/2025", kind=TimelineKind.range, start="2025-02", end="2025-11"
    )
    b.appendix.groups[2].tasks.append(task)
    d = diff(_2025, b)
    changed = [t for t in d.tasks if t.status == Status.changed]
    assert d.summary.tasks.added == d.summary.tasks.dropped == 0
    assert len(changed) == 1
    c = changed[0].changes
    assert (c.tt.old, c.tt.new) == ("6", "14")  # type: ignore[union-attr]
    assert c.group is not None and c.group.old.startswith("II.") and c.group.new.startswith("III.")
    assert c.name is not None
    assert c.lead is not None and (c.lead.added, c.lead.removed) == (["Sở Du lịch"], [])
    assert c.timeline is not None and (c.timeline.start_shift, c.timeline.end_shift) == (1, -1)
    assert [(q.item, q.old, q.new) for q in c.quantities] == [
        ("gian hàng", ["120–150"], ["100–150"])
    ]


def test_quantity_change_reads_like_hoi_nghi_5_to_3() -> None:
    b = _2025.model_copy(deep=True)
    q = b.tasks()[0].quantities[0]
    assert (q.count, q.item) == (5, "hội nghị")
    q.count = 3
    d = diff(_2025, b)
    from khtool.diffing.report import change_lines

    lines = change_lines(d.tasks[0].changes)
    assert lines == ["quantities: hội nghị 5, 1 → 3, 1"]


def test_a_blank_tt_reads_as_a_dash() -> None:
    from khtool.diffing.report import change_lines, render_markdown

    b = _2025.model_copy(deep=True)
    b.tasks()[0].tt = None  # a row the table leaves unnumbered
    d = diff(_2025, b)
    [t] = [t for t in d.tasks if t.status != Status.unchanged]
    assert t.status == Status.changed and t.changes.fields() == ["tt"]
    assert change_lines(t.changes) == ["TT 1 → —"]
    row = next(line for line in render_markdown(d).splitlines() if "TT 1 → —" in line)
    assert "| I/1. Xây dựng tài liệu" in row and "| I/—. Xây dựng tài liệu" in row
    assert "None" not in row


def test_same_timeline_one_year_later_is_unchanged() -> None:
    b = _2025.model_copy(deep=True)
    b.document.plan_year = 2026
    for task in b.tasks():
        if task.timeline and task.timeline.start and task.timeline.end:
            task.timeline = Timeline(
                text=task.timeline.text.replace("2025", "2026"),
                kind=task.timeline.kind,
                start=task.timeline.start.replace("2025", "2026"),
                end=task.timeline.end.replace("2025", "2026"),
            )
    d = diff(_2025, b)
    assert all(t.changes.timeline is None for t in d.tasks)


# --- properties --------------------------------------------------------------------
@pytest.mark.parametrize("plan", [_2020, _2024, _2025], ids=["2020", "2024", "2025"])
def test_diff_of_a_plan_with_itself_is_empty(plan: Plan) -> None:
    d = diff(plan, plan)
    assert d.is_empty and d.summary.differences == 0
    assert all(e.status == Status.unchanged for e in [*d.targets, *d.content, *d.tasks])


_WORDS = st.text(alphabet=st.sampled_from(list("abcđêôơư ")), min_size=1, max_size=30)


def _edit(plan: Plan, data: st.DataObject) -> Plan:
    """A copy of plan with a few random field edits."""
    p = plan.model_copy(deep=True)
    tasks = p.tasks()
    targets = [t for g in p.goals for t in g.targets]
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["target", "lead", "bullet", "quantity", "name"]))
        if kind == "target" and targets:
            t = data.draw(st.sampled_from(targets))
            t.value, t.min, t.max = data.draw(st.integers(0, 100)), None, None
        elif kind == "lead" and tasks:
            data.draw(st.sampled_from(tasks)).lead = data.draw(st.lists(_WORDS, max_size=2))
        elif kind == "bullet" and p.content:
            data.draw(st.sampled_from(p.content)).bullets.append(data.draw(_WORDS))
        elif kind == "quantity" and tasks:
            task = data.draw(st.sampled_from(tasks))
            task.quantities.append(Quantity(count=data.draw(st.integers(1, 99)), item="x", text=""))
        elif kind == "name" and tasks:
            data.draw(st.sampled_from(tasks)).name += " " + data.draw(_WORDS)
    return p


@settings(max_examples=40, deadline=None)
@given(data=st.data(), plan=st.sampled_from([_2020, _2024, _2025]))
def test_diff_of_an_edited_copy_with_itself_is_empty(data: st.DataObject, plan: Plan) -> None:
    edited = _edit(plan, data)
    assert diff(edited, edited).is_empty


@settings(max_examples=40, deadline=None)
@given(
    plan=st.sampled_from([_2020, _2024, _2025]),
    index=st.integers(0, 100),
    value=st.integers(0, 1000),
)
def test_a_changed_target_value_is_reported_and_nothing_else(
    plan: Plan, index: int, value: int
) -> None:
    b = plan.model_copy(deep=True)
    targets = [(g.id, k, t) for g in b.goals for k, t in enumerate(g.targets)]
    goal, k, target = targets[index % len(targets)]
    old = target.model_copy()
    target.value, target.min, target.max = value, None, None
    d = diff(plan, b)
    differing = [t for t in d.targets if t.status != Status.unchanged]
    if (old.value, old.min, old.max) == (value, None, None):
        assert differing == []
    else:
        assert len(differing) == 1 and differing[0].b is not None
        assert (differing[0].b.goal, differing[0].b.index) == (goal, k)
        assert differing[0].status == Status.changed
    assert d.summary.content.differences == d.summary.tasks.differences == 0


@settings(max_examples=30, deadline=None)
@given(index=st.integers(0, 100), lead=st.lists(_WORDS, min_size=1, max_size=2, unique=True))
def test_a_changed_lead_is_reported_on_that_task_only(index: int, lead: list[str]) -> None:
    b = _2025.model_copy(deep=True)
    tasks = b.tasks()
    task = tasks[index % len(tasks)]
    old = list(task.lead)
    task.lead = lead
    d = diff(_2025, b)
    changed = [t for t in d.tasks if t.status != Status.unchanged]
    assert len(changed) == 1 and changed[0].b is not None and changed[0].b.tt == task.tt
    change = changed[0].changes.lead
    assert change is not None
    assert change.added == [x for x in lead if x not in old]
    assert change.removed == [x for x in old if x not in lead]
