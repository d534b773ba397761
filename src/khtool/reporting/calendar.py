"""The calendar chart of a plan's tasks: one row per task, one bar per timeline, by month.

Only the geometry is computed here (in SVG user units); the SVG itself is written by
the template ``charts.html.j2``. The months shown run from the earliest start to the
latest end of the tasks, widened to the whole plan year when it is known. A task with
a range gets a bar over its months; a deadline (``by``) a bar from the first month
shown to its month; a recurring or continuous task a bar over every month; a task
whose timeline cannot be read a row without a bar.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khtool.model import Task, TimelineKind

WIDTH = 960  # SVG user units
LABEL_WIDTH = 330  # the task names on the left
ROW = 24
TOP = 34  # month labels above the rows


@dataclass
class Month:
    key: str  # YYYY-MM
    x: float
    width: float
    january: bool


@dataclass
class Bar:
    index: int  # the task's position in the table
    y: float
    label: str
    title: str  # tooltip: the task's name and its timeline as written
    leads: str  # space-separated lead-unit indexes, for the filter
    kind: str = "range"  # range, by, recurring, continuous, none
    x: float = 0.0
    width: float = 0.0


@dataclass
class Calendar:
    months: list[Month] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    width: int = WIDTH
    height: int = TOP
    label_width: int = LABEL_WIDTH


def _key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _span(tasks: list[Task], plan_year: int | None) -> list[str]:
    marks = [m for t in tasks if t.timeline for m in (t.timeline.start, t.timeline.end) if m]
    if plan_year is not None:
        marks += [_key(plan_year, 1), _key(plan_year, 12)]
    if not marks:
        return []
    first, last = min(marks), max(marks)
    year, month = int(first[:4]), int(first[5:])
    out = []
    while _key(year, month) <= last:
        out.append(_key(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _short(text: str, width: int = 46) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def calendar(tasks: list[Task], leads: list[str], plan_year: int | None) -> Calendar:
    """Bars for ``tasks`` (in table order); ``leads`` numbers the lead units for the filter."""
    keys = _span(tasks, plan_year)
    cal = Calendar(height=TOP + ROW * len(tasks) + 6)
    step = (WIDTH - LABEL_WIDTH) / max(len(keys), 1)
    position = {k: i for i, k in enumerate(keys)}
    cal.months = [
        Month(key=k, x=LABEL_WIDTH + i * step, width=step, january=k.endswith("-01"))
        for i, k in enumerate(keys)
    ]
    for i, task in enumerate(tasks):
        tl = task.timeline
        bar = Bar(
            index=i,
            y=TOP + ROW * i,
            label=_short(f"{task.tt or '—'}. {task.name}"),
            title=f"{task.tt or '—'}. {task.name} — {tl.text if tl else '—'}",
            leads=" ".join(str(leads.index(u)) for u in task.lead if u in leads),
        )
        first, last = None, None
        if tl and tl.kind in (TimelineKind.recurring, TimelineKind.continuous) and keys:
            bar.kind, first, last = tl.kind.value, 0, len(keys) - 1
        elif tl and tl.end in position:
            first = position.get(tl.start or "", 0)
            last = position[tl.end]
            bar.kind = "range" if tl.start in position else "by"
        elif tl and tl.start in position:
            first = last = position[tl.start]
        if first is None or last is None:
            bar.kind = "none"
        else:
            bar.x, bar.width = LABEL_WIDTH + first * step, (last - first + 1) * step
        cal.bars.append(bar)
    return cal
