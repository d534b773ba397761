"""KH3xx timelines: each task's Thời gian thực hiện is readable, ordered, in the plan year."""

from __future__ import annotations

from collections.abc import Iterator

from khtool.model import Plan, TimelineKind
from khtool.parsing.fields.timeline import parse_timeline
from khtool.validating.rules.base import (
    Finding,
    Severity,
    check,
    path,
    rule,
    setting,
    task_label,
    task_paths,
)

E, W = Severity.error, Severity.warning

UNREADABLE = rule(
    "KH301", E, "timeline cannot be read",
    "{task}: timeline {text!r} cannot be read as months",
    "TT 6: timeline 'Tháng 13/2025' cannot be read as months",
)  # fmt: skip
NO_TIMELINE = rule(
    "KH302", W, "task without a timeline", "{task} has no timeline (Thời gian thực hiện)",
    "TT 9 has no timeline (Thời gian thực hiện)",
)  # fmt: skip
REVERSED = rule(
    "KH303", E, "timeline ends before it starts",
    "{task}: timeline {text!r} starts {start} after it ends {end}",
    "TT 2: timeline 'Tháng 11-7/2020' starts 2020-11 after it ends 2020-07",
)  # fmt: skip
OUTSIDE_YEAR = rule(
    "KH304", E, "timeline outside the plan year",
    "{task}: timeline {text!r} ({start}..{end}) is outside the plan year {year}",
    "TT 5: timeline 'Tháng 3 - 12/2024' (2024-03..2024-12) is outside the plan year 2025",
)  # fmt: skip
TEXT_DISAGREES = rule(
    "KH305", E, "timeline text and months disagree",
    "{task}: timeline text {text!r} means {read_start}..{read_end} "
    "but start/end say {start}..{end}",
    "TT 5: timeline text 'Tháng 3 - 12/2025' means 2025-03..2025-12 "
    "but start/end say 2024-03..2024-12",
)  # fmt: skip

FAR_YEAR = rule(
    "KH306", E, "timeline year implausibly far from the plan",
    "{task}: timeline {text!r} names the year {bad}, {distance} years from the plan "
    "({year}): a typo?",
    "TT 5: timeline 'Tháng 3/1900' names the year 1900, 125 years from the plan (2025): a typo?",
)  # fmt: skip


def _month_index(month: str) -> int:
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def _reference(plan: Plan) -> tuple[int, int] | None:
    """The years the plan is about: its year, its period, else the year it was issued."""
    doc = plan.document
    if doc.plan_year is not None:
        return doc.plan_year, doc.plan_year
    if doc.period is not None:
        return doc.period.start, doc.period.end
    issued = doc.issued_on or (doc.issued_with.date if doc.issued_with else None)
    return (issued.year, issued.year) if issued else None


def _far(months: list[str], reference: tuple[int, int] | None) -> tuple[int, int] | None:
    """(year, distance) of the first month too far from the reference years."""
    if reference is None:
        return None
    limit = int(setting("timeline_plausible_years"))
    for month in months:
        y = int(month.split("-")[0])
        distance = max(reference[0] - y, y - reference[1], 0)
        if distance > limit:
            return y, distance
    return None


@check(UNREADABLE, NO_TIMELINE, REVERSED, OUTSIDE_YEAR, TEXT_DISAGREES, requires=("tasks",))
def timelines(plan: Plan) -> Iterator[Finding]:
    year = plan.document.plan_year
    period = plan.document.period
    span = (year, year) if year is not None else (period.start, period.end) if period else None
    label = str(year) if year is not None else f"{span[0]}–{span[1]}" if span else ""
    reference = _reference(plan)
    before = int(setting("timeline_months_before_plan_year"))
    after = int(setting("timeline_months_after_plan_year"))
    for loc, task in task_paths(plan):
        where = path(loc, "timeline")
        tl = task.timeline
        if tl is None or not (tl.text.strip() or tl.start or tl.end):
            yield NO_TIMELINE.at(where, task=task_label(task))
            continue
        if tl.start is None and tl.end is None:
            if tl.kind not in (TimelineKind.recurring, TimelineKind.continuous):
                yield UNREADABLE.at(where, task=task_label(task), text=tl.text)
            continue
        values = {"task": task_label(task), "text": tl.text, "start": tl.start, "end": tl.end}
        if tl.start and tl.end and tl.start > tl.end:
            yield REVERSED.at(where, **values)
        read = parse_timeline(tl.text, year) if tl.text.strip() else None
        if read and read.kind and (read.start, read.end) != (tl.start, tl.end):
            yield TEXT_DISAGREES.at(where, read_start=read.start, read_end=read.end, **values)
        months = [m for m in (tl.start, tl.end) if m]
        if span is not None and _far(months, reference) is None:  # else KH306 says it
            # a multi-year plan's preparation may start before its period: only its end bounds
            first = span[0] * 12 - before if year is not None else 0
            last = span[1] * 12 + 11 + after
            if not all(first <= _month_index(m) <= last for m in months):
                yield OUTSIDE_YEAR.at(where, year=label, **values)


@check(FAR_YEAR)
def far_years(plan: Plan) -> Iterator[Finding]:
    """KH306 on every task, in a partial plan too: a year like 1900 is wrong anywhere."""
    reference = _reference(plan)
    if reference is None:
        return
    label = "–".join(dict.fromkeys(map(str, reference)))
    for loc, task in task_paths(plan):
        tl = task.timeline
        far = _far([m for m in (tl.start, tl.end) if m], reference) if tl else None
        if tl is not None and far is not None:
            yield FAR_YEAR.at(
                path(loc, "timeline"),
                task=task_label(task),
                text=tl.text,
                bad=far[0],
                distance=far[1],
                year=label,
            )
