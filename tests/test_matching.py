"""Diff matching at scale: bulk scores equal the per-pair scores, the assignment is
optimal (not greedy), ties are settled by position, thresholds still hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khtool.diffing import matching
from khtool.diffing.assignment import _optimal, assign
from khtool.diffing.differ import default_options, diff
from khtool.diffing.matching import match, match_texts, pair_scores, similarity
from khtool.diffing.tasks import _text, task_score
from khtool.model import Plan, Task

PLANS = Path("data/plans")
_2020 = Plan.from_yaml(PLANS / "hanoi-2020-96-KH-UBND.yaml")
_2025 = Plan.from_yaml(PLANS / "hanoi-2025-draft.yaml")


def _fields(tasks: list[Task]) -> list[list[str]]:
    return [[t.name for t in tasks], [_text(t) for t in tasks]]


def _cycled(plan: Plan, n: int) -> list[Task]:
    """n tasks: the plan's tasks over and over, copy k named '… (gói k)'."""
    base = plan.tasks()
    return [
        base[k % len(base)].model_copy(
            update={"name": f"{base[k % len(base)].name} (gói {k // len(base)})"}
        )
        for k in range(n)
    ]


def test_bulk_scores_are_the_per_pair_scores_of_the_real_plans() -> None:
    options = default_options()
    weights = (options.task_name_weight, options.task_text_weight)
    a, b = _2020.tasks(), _2025.tasks()
    rows, cols, scores = pair_scores(_fields(a), _fields(b), weights)
    bulk = dict(zip(zip(rows.tolist(), cols.tolist(), strict=True), scores.tolist(), strict=True))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            assert bulk.get((i, j), 0.0) == task_score(x, y, options), (x.tt, y.tt)


def test_bulk_similarity_of_empty_and_shared_texts() -> None:
    rows, cols, scores = pair_scores([["", "rác thải nhựa", ""]], [["", "rác thải"]], (1.0,))
    got = dict(zip(zip(rows.tolist(), cols.tolist(), strict=True), scores.tolist(), strict=True))
    assert got == {
        (0, 0): 100.0,  # two empty texts are the same text
        (2, 0): 100.0,
        (1, 1): similarity("rác thải nhựa", "rác thải"),
    }
    assert got[(1, 1)] == pytest.approx(100 * (0.5 * 2 * 3 / 8 + 0.5))  # 3 of 5 and 3 terms


def test_bulk_and_per_pair_matching_pick_the_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    options = default_options()
    weights = (options.task_name_weight, options.task_text_weight)
    a, b = _cycled(_2020, 40), _cycled(_2025, 52)
    per_pair = match(a, b, lambda x, y: task_score(x, y, options), options.task_threshold)
    small = match_texts(_fields(a), _fields(b), weights, options.task_threshold)
    monkeypatch.setattr(matching, "_SMALL", 0)  # the sparse path, whatever the size
    bulk = match_texts(_fields(a), _fields(b), weights, options.task_threshold)
    assert bulk == per_pair == small
    # at least the 4 pairs of the real plans in each of the 4 copies (the shared
    # '(gói k)' lifts a few more pairs of the same copy over the threshold)
    assert len(bulk) >= 16
    assert all(p.score >= options.task_threshold for p in bulk)


def test_the_assignment_is_optimal_not_greedy() -> None:
    # greedy takes a0–b0 (90) first and leaves a1 unpaired; the optimum pairs both
    scores = {("a0", "b0"): 90.0, ("a0", "b1"): 85.0, ("a1", "b0"): 80.0, ("a1", "b1"): 10.0}
    pairs = match(["a0", "a1"], ["b0", "b1"], lambda x, y: scores[(x, y)], 30)
    assert [(p.i, p.j, p.score) for p in pairs] == [(1, 0, 80.0), (0, 1, 85.0)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 5), st.integers(300, 1000)),
        min_size=1,
        max_size=12,
        unique_by=lambda e: (e[0], e[1]),
    )
)
def test_enumeration_and_scipy_find_the_same_best_total(raw: list[tuple[int, int, int]]) -> None:
    import numpy as np

    edges = [(i, j, s / 10) for i, j, s in raw]
    small = assign(edges, 5, 6)  # components of up to 12 pairs: enumerated
    i, j, s = (np.array([e[k] for e in edges]) for k in range(3))
    picked = _optimal(i, j, s, 5, 6)
    assert len({p.i for p in small}) == len(small) == len({p.j for p in small})
    assert sum(p.score for p in small) == pytest.approx(float(s[picked].sum()))


def test_below_the_threshold_nothing_is_paired_however_it_helps_the_total() -> None:
    scores = {("a0", "b0"): 90.0, ("a0", "b1"): 85.0, ("a1", "b0"): 29.9, ("a1", "b1"): 10.0}
    pairs = match(["a0", "a1"], ["b0", "b1"], lambda x, y: scores[(x, y)], 30)
    assert [(p.i, p.j) for p in pairs] == [(0, 0)]


def test_equal_scores_pair_items_at_the_same_positions() -> None:
    same = ["Tổ chức hội nghị tập huấn"] * 5
    pairs = match_texts([same], [same], (1.0,), 30)
    assert [(p.i, p.j, p.score) for p in pairs] == [(k, k, 100.0) for k in range(5)]


def test_a_long_plan_against_itself_is_unchanged_task_for_task() -> None:
    tasks = _cycled(_2025, 390)
    plan = _2025.model_copy(deep=True)
    assert plan.appendix is not None
    plan.appendix.groups = [plan.appendix.groups[0].model_copy(update={"tasks": tasks})]
    result = diff(plan, plan.model_copy(deep=True))
    assert result.summary.tasks.unchanged == 390
    assert result.summary.tasks.changed == result.summary.tasks.added == 0


def test_2020_task_4_and_2025_task_5_score_just_under_the_default_threshold() -> None:
    # the assessment of supply-chain participation (2020, 4) and of the linkage
    # network (2025, 5) are the mutual best pair, but score 27.1 < 30: they pair from
    # --task-threshold 27, without taking any partner of the four pairs made at 30
    a = next(t for t in _2020.tasks() if t.tt == "4")
    b = next(t for t in _2025.tasks() if t.tt == "5")
    assert round(task_score(a, b, default_options()), 1) == 27.1
    loose = diff(_2020, _2025, options=default_options(task_threshold=27))
    pairs = [(t.a.tt, t.b.tt) for t in loose.tasks if t.a and t.b]
    assert pairs == [("1", "2"), ("9", "3"), ("4", "5"), ("3", "7"), ("5", "13")]


# --- mutually best pairs under the threshold -------------------------------------------
def test_mutual_best_pairs_only_items_left_alone_each_the_others_best() -> None:
    from khtool.diffing.assignment import Pair, mutual_best

    paired = [Pair(0, 0, 80.0)]
    edges = [
        (0, 1, 28.0),  # a0 is paired already
        (1, 1, 27.0),  # a1's and b1's best: paired
        (2, 2, 26.0),  # a2's best, but b2 prefers a3
        (3, 2, 26.5),
        (3, 3, 29.0),  # a3's best is b3; b3's too
        (4, 4, 25.0),  # a tie for b4: neither is paired
        (5, 4, 25.0),
    ]
    assert mutual_best(edges, paired) == [Pair(1, 1, 27.0), Pair(3, 3, 29.0)]


def test_margin_gives_the_same_pairs_one_by_one_and_in_bulk() -> None:
    import khtool.diffing.matching as matching

    a = [["rà soát cơ chế chính sách", "tuyên truyền chống rác thải nhựa", "hội chợ"]]
    b = [["rà soát cơ chế", "tuyên truyền tác hại rác thải nhựa", "triển lãm quốc tế"]]
    small = match_texts(a, b, (1.0,), 90, margin=60)
    strict = match_texts(a, b, (1.0,), 90)
    saved = matching._SMALL
    matching._SMALL = 0
    try:
        bulk = match_texts(a, b, (1.0,), 90, margin=60)
    finally:
        matching._SMALL = saved
    assert small == bulk
    assert [(p.i, p.j) for p in small] == [(0, 0), (1, 1)]
    assert strict == []
