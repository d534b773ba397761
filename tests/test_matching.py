"""Diff matching at scale: bulk scores equal the per-pair scores on every route (bit
sets, float32 estimates, the sparse product), the assignment is optimal (not greedy),
ties are settled by position, thresholds still hold."""

from __future__ import annotations

import random
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


# --- bulk scores: bit sets for the frequent terms, the sparse product for the rest -----
def _texts(rng: random.Random, count: int, kind: str) -> list[list[str]]:
    """Names and texts of count items, whose words make pair_scores take one route:

    * ``common``: a few words in most items (bit sets; most pairs share a term);
    * ``cluster``: a quarter of the items share twenty words (bit sets, but few pairs
      share a term);
    * ``rare``: words drawn from a large vocabulary (the sparse product alone).
    """
    names, texts = [], []
    for item in range(count):
        words = [f"r{rng.randrange(1000)}" for _ in range(rng.randrange(0, 6))]
        if kind == "common":
            words += [f"c{w}" for w in range(8) if rng.random() < 0.7]
        elif kind == "cluster" and item % 4 == 0:
            words += [f"k{w}" for w in range(20)]
        rng.shuffle(words)
        extra = [f"t{rng.randrange(30)}" for _ in range(rng.randrange(0, 4) * (kind == "common"))]
        names.append(" ".join(words[: rng.randrange(1, len(words) + 2)]))
        texts.append(" ".join(words + extra))
    return [names, texts]


def _route(a: list[list[str]], b: list[list[str]]) -> str:
    """Which way pair_scores counts and scores the pairs of a and b."""
    import numpy as np

    ma, mb, field, _, _ = matching._incidence(a, b)
    df_a, df_b = np.bincount(ma.indices, minlength=ma.shape[1]), np.bincount(mb.indices)
    df_b = np.concatenate([df_b, np.zeros(ma.shape[1] - len(df_b), dtype=np.int64)])
    pairs = ma.shape[0] * mb.shape[0]
    if not any(len(matching._frequent(df_a, df_b, field, k, pairs)) for k in range(len(a))):
        return "product"
    shared = ((ma.astype(np.int64) @ mb.T.astype(np.int64)).toarray() > 0).mean()
    return "all pairs estimated" if shared >= 0.25 else "pairs sharing a term"


@pytest.mark.parametrize("block", [1 << 16, 50])
@pytest.mark.parametrize(
    ("kind", "words", "route"),
    [
        ("common", 8, "all pairs estimated"),
        ("cluster", 8, "pairs sharing a term"),
        ("rare", 8, "product"),  # no term shared by enough pairs to be a bit
        ("common", 0, "product"),  # no bit sets at all
    ],
)
@pytest.mark.parametrize("floor", [0.0, 24.94, None])  # None: the median score
def test_bulk_scores_are_the_per_pair_scores_on_every_route(
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    words: int,
    route: str,
    block: int,
    floor: float | None,
) -> None:
    monkeypatch.setattr(matching, "_WORDS", words)
    rng = random.Random(f"{kind}-{block}-{floor}")
    a, b = _texts(rng, 48, kind), _texts(rng, 44, kind)
    assert _route(a, b) == route
    weights = (0.6, 0.4)
    every = {
        (i, j): (
            weights[0] * similarity(a[0][i], b[0][j]) + weights[1] * similarity(a[1][i], b[1][j])
        )
        / sum(weights)
        for i in range(len(a[0]))
        for j in range(len(b[0]))
    }
    if floor is None:  # pairs right at the floor are out, those just above it in
        values = sorted({s for s in every.values() if s > 0})
        floor = values[len(values) // 2]
    expected = {pair: s for pair, s in every.items() if s > floor}
    monkeypatch.setattr(matching, "_BLOCK", block)  # 50: one row a block
    rows, cols, scores = pair_scores(a, b, weights, floor=floor)
    got = dict(zip(zip(rows.tolist(), cols.tolist(), strict=True), scores.tolist(), strict=True))
    assert len(got) == len(scores)  # no pair twice
    assert got == expected
    assert len(expected) >= 10


def test_the_cycled_plans_use_the_bit_sets() -> None:
    # so the bulk-against-per-pair tests on them cover the bit-set counts
    a, b = _cycled(_2020, 40), _cycled(_2025, 52)
    assert _route(_fields(a), _fields(b)) == "all pairs estimated"


@pytest.mark.parametrize(("threshold", "margin"), [(30.0, 10.0), (40.0, 5.0), (50.0, 20.0)])
def test_margin_pairs_are_the_same_one_by_one_and_in_bulk_on_long_plans(
    monkeypatch: pytest.MonkeyPatch, threshold: float, margin: float
) -> None:
    weights = (0.6, 0.4)
    a, b = _fields(_cycled(_2020, 40)), _fields(_cycled(_2025, 52))
    small = match_texts(a, b, weights, threshold, margin)
    strict = match_texts(a, b, weights, threshold)
    monkeypatch.setattr(matching, "_SMALL", 0)
    assert match_texts(a, b, weights, threshold, margin) == small
    assert match_texts(a, b, weights, threshold) == strict
    assert len(small) >= len(strict) + 8  # the margin pairs some more
    assert all(p.score >= threshold - margin for p in small)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from([25.0, 26.5, 27.0, 29.9])),
        max_size=30,
        unique_by=lambda e: (e[0], e[1]),
    ),
    st.sets(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=3),
)
def test_mutual_best_on_arrays_is_mutual_best(
    edges: list[tuple[int, int, float]], paired_at: set[tuple[int, int]]
) -> None:
    import numpy as np

    from khtool.diffing.assignment import Pair, mutual_best, mutual_best_arrays

    paired = [Pair(i, j, 90.0) for i, j in paired_at]
    i, j, s = (
        np.array([e[k] for e in edges], dtype=float if k == 2 else np.int64) for k in range(3)
    )
    got = mutual_best_arrays(i, j, s, paired, 7, 7)
    assert got == mutual_best(edges, paired)
    assert all(type(p.i) is int and type(p.score) is float for p in got)
