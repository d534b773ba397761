"""Each target across several plans (e.g. 2020, 2024, 2025), as series and small charts.

Targets are paired with :func:`khtool.diffing.differ.diff` (by subject), first between
neighbouring plans, then across a gap for a target a plan in between lacks; a target
joins a series only where the series has no value yet. The chart geometry (SVG user
units) is computed here; ``charts.html.j2`` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khtool.diffing.differ import diff, midpoint
from khtool.diffing.model import DiffOptions, TargetSide
from khtool.model import Plan

CHART_W, CHART_H = 300, 130
PAD_X, PAD_TOP, PAD_BOTTOM = 46, 18, 22


@dataclass
class Point:
    x: float
    y: float
    label: str  # the value as written in the report's language
    y_min: float | None = None  # a range: its two ends
    y_max: float | None = None


@dataclass
class Series:
    sides: list[TargetSide | None]  # one per plan, None where the plan lacks the target
    points: list[Point | None] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)  # x of each plan on the chart

    @property
    def latest(self) -> TargetSide:
        return next(s for s in reversed(self.sides) if s is not None)

    @property
    def years(self) -> int:
        return sum(s is not None for s in self.sides)

    @property
    def changed(self) -> bool:
        values = {(s.value, s.min, s.max, s.direction) for s in self.sides if s is not None}
        return len(values) > 1


def series(plans: list[Plan], options: DiffOptions | None = None) -> list[Series]:
    """One series per target; those in most plans first, then in the latest plan's order.

    Every target starts as its own series; the pairs :func:`diff` finds, between
    neighbouring plans first and then across gaps, merge two series when no plan has
    a value in both (so a chain 2020 → 2024 → 2025 forms, and never two values a year).
    """
    nodes: dict[tuple[int, str, int], int] = {}  # (plan, goal, index) -> series
    members: list[dict[int, TargetSide]] = []
    place: dict[tuple[int, str, int], tuple[int, int]] = {}  # node -> (−plan, position)
    for k, plan in enumerate(plans):
        sides = [
            TargetSide(goal=g.id, index=i, **t.model_dump())
            for g in plan.goals
            for i, t in enumerate(g.targets)
        ]
        for position, side in enumerate(sides):
            nodes[(k, side.goal, side.index)] = len(members)
            members.append({k: side})
            place[(k, side.goal, side.index)] = (-k, position)
    n = len(plans)
    for gap in range(1, n):
        for i in range(n - gap):
            for t in diff(plans[i], plans[i + gap], options=options).targets:
                if t.a is None or t.b is None:
                    continue
                keep = nodes[(i, t.a.goal, t.a.index)]
                gone = nodes[(i + gap, t.b.goal, t.b.index)]
                if keep == gone or members[keep].keys() & members[gone].keys():
                    continue
                for m, side in members[gone].items():
                    nodes[(m, side.goal, side.index)] = keep
                members[keep].update(members[gone])
                members[gone] = {}
    found = []
    for group in members:
        if group:
            last = group[max(group)]
            rank = place[(max(group), last.goal, last.index)]
            found.append((Series(sides=[group.get(k) for k in range(n)]), rank))
    found.sort(key=lambda x: (-x[0].years, x[1]))
    return [f[0] for f in found]


def chart(s: Series, labels: list[str]) -> Series:
    """Fill ``s.points``: x by plan, y from 0 to a fifth above the largest value."""
    values = [float(v) for x in s.sides if x for v in (x.value, x.min, x.max) if v is not None]
    top = max(values, default=0.0) * 1.2 or 1.0
    span_x = (CHART_W - 2 * PAD_X) / max(len(s.sides) - 1, 1)
    inner_h = CHART_H - PAD_TOP - PAD_BOTTOM

    def y_of(v: float) -> float:
        return PAD_TOP + inner_h * (1 - v / top)

    s.points = []
    s.xs = [PAD_X + k * span_x for k in range(len(s.sides))]
    for k, side in enumerate(s.sides):
        mid = midpoint(side) if side else None
        if side is None or mid is None:
            s.points.append(None)
            continue
        point = Point(x=s.xs[k], y=y_of(mid), label=labels[k])
        if side.value is None and side.min is not None and side.max is not None:
            point.y_min, point.y_max = y_of(float(side.min)), y_of(float(side.max))
        s.points.append(point)
    return s
