"""KH5xx targets: ranges are ordered, shares are ≤ 100 %, every % in a goal is read."""

from __future__ import annotations

import math
from collections.abc import Iterator

import regex

from khtool.model import Plan, Target
from khtool.parsing.fields.numbers import NUMBER, RANGE_SEP
from khtool.validating.rules.base import Finding, Severity, check, path, rule, setting, short

E, W = Severity.error, Severity.warning

RANGE_REVERSED = rule(
    "KH501", E, "target range min above max",
    "goal {goal}: target {text!r} has min {min} above max {max}",
    "goal 4.1: target 'Giảm 8 – 5% mức tiêu hao …' has min 8 above max 5",
)  # fmt: skip
PERCENT_OVER_100 = rule(
    "KH502", E, "percentage above 100",
    "goal {goal}: target {text!r} is {number}%, above {limit}% for a share to {direction}",
    "goal 4.2: target 'Tỷ lệ … đạt 120%' is 120%, above 100% for a share to reach",
)  # fmt: skip
PERCENT_NOT_READ = rule(
    "KH503", W, "percentage in a goal not read as a target",
    "goal {goal}: {number!r} in the text is not read as a target",
    "goal 4.3: '70%' in the text is not read as a target",
)  # fmt: skip
TARGET_WITHOUT_NUMBER = rule(
    "KH504", E, "target without a number",
    "goal {goal}: target {text!r} has no value, min or max{hint}",
    "goal 4.2: target 'Tỷ lệ … đạt 100%' has no value, min or max (the text has '100%')",
)  # fmt: skip
RANGE_INCOMPLETE = rule(
    "KH505", E, "target range incomplete or ambiguous",
    "goal {goal}: target {text!r} has {problem}",
    "goal 4.4: target '70-80% các chợ truyền thống' has a min but no max",
)  # fmt: skip
IMPLAUSIBLE_PERCENT = rule(
    "KH506", E, "percentage implausibly large",
    "goal {goal}: target {text!r} is {number}%, above {limit}%: a typo?",
    "goal 4.2: target 'Tăng 5000% số lượt truy cập' is 5000%, above 1000%: a typo?",
)  # fmt: skip

_PERCENT = regex.compile(rf"{NUMBER}(?:{RANGE_SEP}{NUMBER})?\s*%")
_NUMBER = regex.compile(rf"{NUMBER}\s*%?")


def _numbers(target: Target) -> list[float]:
    return [_as_float(n) for n in (target.value, target.min, target.max) if n is not None]


def _as_float(n: float | int) -> float:
    """``n`` as a float; an integer too large for one is infinite (no OverflowError)."""
    try:
        return float(n)
    except OverflowError:
        return math.inf if n > 0 else -math.inf


def _fmt(n: float | int) -> str:
    if isinstance(n, int):
        return str(n)
    return str(int(n)) if n.is_integer() else str(n)


@check(
    RANGE_REVERSED, PERCENT_OVER_100, TARGET_WITHOUT_NUMBER, RANGE_INCOMPLETE,
    IMPLAUSIBLE_PERCENT,
)  # fmt: skip
def target_values(plan: Plan) -> Iterator[Finding]:
    implausible = float(setting("percent_implausible"))
    limit = float(setting("percent_max"))
    bounded = set(setting("percent_max_directions"))
    percent_units = {u.casefold() for u in setting("percent_units")}
    for i, goal in enumerate(plan.goals):
        for k, target in enumerate(goal.targets):
            where = path("goals", i, "targets", k)
            values = {"goal": goal.id, "text": short(target.text)}
            if not _numbers(target):
                found = _NUMBER.search(target.text)
                hint = f" (the text has {found.group(0).strip()!r})" if found else ""
                yield TARGET_WITHOUT_NUMBER.at(where, hint=hint, **values)
                continue
            if (target.min is None) != (target.max is None):
                which = "a min but no max" if target.max is None else "a max but no min"
                yield RANGE_INCOMPLETE.at(where, problem=which, **values)
            elif target.value is not None and target.min is not None:
                yield RANGE_INCOMPLETE.at(where, problem="both a value and a range", **values)
            if target.min is not None and target.max is not None and target.min > target.max:
                yield RANGE_REVERSED.at(
                    path(where, "min"), min=_fmt(target.min), max=_fmt(target.max), **values
                )
            top = max(_numbers(target))
            percent = target.unit.casefold() in percent_units
            if percent and target.direction.value not in bounded and top > implausible:
                yield IMPLAUSIBLE_PERCENT.at(
                    where, number=_fmt(top), limit=_fmt(implausible), **values
                )
            if percent and target.direction.value in bounded and top > limit:
                yield PERCENT_OVER_100.at(
                    where,
                    number=_fmt(top),
                    limit=_fmt(limit),
                    direction=target.direction.value,
                    **values,
                )


@check(PERCENT_NOT_READ)
def percentages_read(plan: Plan) -> Iterator[Finding]:
    for i, goal in enumerate(plan.goals):
        read = [" ".join(t.text.split()) for t in goal.targets]
        for m in _PERCENT.finditer(goal.text):
            phrase = " ".join(m.group(0).split())
            alone = regex.compile(rf"(?<![\d.,]){regex.escape(phrase)}")
            if not any(alone.search(text) for text in read):
                yield PERCENT_NOT_READ.at(path("goals", i, "text"), goal=goal.id, number=phrase)
