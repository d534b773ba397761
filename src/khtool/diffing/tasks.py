"""Tasks of two appendices: one-to-one pairing and field-level changes.

Tasks are paired by :func:`task_score` (name similarity and whole-text similarity,
weighted), all pairs at once and optimally (:func:`khtool.diffing.matching.match_texts`:
an inverted index of terms, bulk scores, an optimal assignment), so a renumbered,
regrouped or reworded task is *changed*, not added + dropped. A pair is compared
field by field: name, TT, group (moved when its group is not the match of the old
group), lead and partner units (added/removed), timeline (shift in months within the
plan year), quantities by deliverable (``hội nghị 5 → 3``), content and target cells.
"""

from __future__ import annotations

from khtool.diffing.matching import match, match_texts, same_words, similarity
from khtool.diffing.model import (
    DiffOptions,
    ListChange,
    QuantityChange,
    Status,
    TaskChanges,
    TaskDiff,
    TaskSide,
    TimelineChange,
    ValueChange,
)
from khtool.model import Appendix, Quantity, Task, Timeline
from khtool.vocab import fold


def _text(task: Task) -> str:
    return " ".join([task.name, *task.content, *task.targets])


def task_score(a: Task, b: Task, options: DiffOptions) -> float:
    """Weighted similarity of two tasks' names and whole texts (0–100); diff_tasks
    computes the same scores for all pairs at once."""
    weight = options.task_name_weight + options.task_text_weight or 1.0
    return (
        options.task_name_weight * similarity(a.name, b.name)
        + options.task_text_weight * similarity(_text(a), _text(b))
    ) / weight


def _list_change(old: list[str], new: list[str]) -> ListChange | None:
    """Items added and removed, compared after folding; None if the same."""
    old_keys = {fold(x) for x in old}
    new_keys = {fold(x) for x in new}
    added = [x for x in new if fold(x) not in old_keys]
    removed = [x for x in old if fold(x) not in new_keys]
    return ListChange(added=added, removed=removed) if added or removed else None


def _month(value: str | None, plan_year: int | None) -> int | None:
    """'2025-03' → months since January of the plan year (or of year 0)."""
    if not value:
        return None
    year, month = (int(p) for p in value.split("-"))
    return (year - (plan_year or 0)) * 12 + month - 1


def _shift(old: str | None, new: str | None, years: tuple[int | None, int | None]) -> int | None:
    base = years if None not in years else (None, None)
    a, b = _month(old, base[0]), _month(new, base[1])
    return None if a is None or b is None else b - a


def _timeline_change(
    old: Timeline | None, new: Timeline | None, years: tuple[int | None, int | None]
) -> TimelineChange | None:
    if old is None and new is None:
        return None
    if old is None or new is None:
        return TimelineChange(
            old=old.text if old else None,
            new=new.text if new else None,
            start_shift=None,
            end_shift=None,
        )
    start = _shift(old.start, new.start, years)
    end = _shift(old.end, new.end, years)
    same_start = start == 0 or (old.start is None and new.start is None)
    same_end = end == 0 or (old.end is None and new.end is None)
    partly_unknown = None in (old.start, old.end, new.start, new.end)
    if same_start and same_end and (not partly_unknown or fold(old.text) == fold(new.text)):
        return None
    return TimelineChange(old=old.text, new=new.text, start_shift=start, end_shift=end)


def _number(x: float | int | None) -> str:
    if x is None:
        return "?"
    if isinstance(x, int):  # float() of a huge integer overflows
        return str(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def quantity_value(q: Quantity) -> str:
    """5, 120–150 (the per-unit, if any, is part of the item key, not the value)."""
    if q.count is not None:
        return _number(q.count)
    if q.min is not None or q.max is not None:
        return f"{_number(q.min)}–{_number(q.max)}"
    return "?"


def _quantity_key(q: Quantity) -> tuple[str, str]:
    label = q.item + (f"/{q.per}" if q.per else "")
    return fold(label), label


def _quantities_change(old: list[Quantity], new: list[Quantity]) -> list[QuantityChange]:
    labels: dict[str, str] = {}  # folded item -> item as first written
    values: dict[str, tuple[list[str], list[str]]] = {}
    for side, quantities in ((0, old), (1, new)):
        for q in quantities:
            k, label = _quantity_key(q)
            labels.setdefault(k, label)
            values.setdefault(k, ([], []))[side].append(quantity_value(q))
    return [
        QuantityChange(item=labels[k], old=o, new=n)
        for k, (o, n) in values.items()
        if sorted(o) != sorted(n)
    ]


def compare_tasks(
    a: Task,
    b: Task,
    groups: tuple[str, str],
    moved: bool,
    years: tuple[int | None, int | None],
) -> TaskChanges:
    """Field-level changes of a matched pair of tasks."""
    return TaskChanges(
        name=None if same_words(a.name, b.name) else ValueChange(old=a.name, new=b.name),
        tt=ValueChange(old=a.tt, new=b.tt) if a.tt != b.tt else None,
        group=ValueChange(old=groups[0], new=groups[1]) if moved else None,
        lead=_list_change(a.lead, b.lead),
        coordinating=_list_change(a.coordinating, b.coordinating),
        timeline=_timeline_change(a.timeline, b.timeline, years),
        quantities=_quantities_change(a.quantities, b.quantities),
        content=_list_change(a.content, b.content),
        targets=_list_change(a.targets, b.targets),
    )


def _located(appendix: Appendix) -> list[tuple[str, Task]]:
    return [(g.id, t) for g in appendix.groups for t in g.tasks]


def _group_label(appendix: Appendix, group_id: str) -> str:
    title = next((g.title for g in appendix.groups if g.id == group_id), "")
    return f"{group_id}. {title}" if title else group_id


def diff_tasks(
    a: Appendix,
    b: Appendix,
    options: DiffOptions,
    years: tuple[int | None, int | None],
) -> list[TaskDiff]:
    """Pair the tasks of two appendices and describe each pair and leftover."""
    group_pairs = match(
        a.groups, b.groups, lambda x, y: similarity(x.title, y.title), options.content_threshold
    )
    group_match = {a.groups[p.i].id: b.groups[p.j].id for p in group_pairs}
    tasks_a, tasks_b = _located(a), _located(b)
    pairs = match_texts(
        [[t.name for _, t in tasks_a], [_text(t) for _, t in tasks_a]],
        [[t.name for _, t in tasks_b], [_text(t) for _, t in tasks_b]],
        (options.task_name_weight, options.task_text_weight),
        options.task_threshold,
        options.task_margin,
    )
    by_b = {p.j: p for p in pairs}
    matched_a = {p.i for p in pairs}
    out: list[TaskDiff] = []
    for j, (gb, tb) in enumerate(tasks_b):
        side_b = TaskSide(group=gb, tt=tb.tt, name=tb.name)
        pair = by_b.get(j)
        if pair is None:
            out.append(TaskDiff(status=Status.added, score=None, a=None, b=side_b))
            continue
        ga, ta = tasks_a[pair.i]
        labels = (_group_label(a, ga), _group_label(b, gb))
        changes = compare_tasks(ta, tb, labels, group_match.get(ga) != gb, years)
        status = Status.changed if changes.fields() else Status.unchanged
        side_a = TaskSide(group=ga, tt=ta.tt, name=ta.name)
        out.append(TaskDiff(status=status, score=pair.score, a=side_a, b=side_b, changes=changes))
    for i, (ga, ta) in enumerate(tasks_a):
        if i not in matched_a:
            side_a = TaskSide(group=ga, tt=ta.tt, name=ta.name)
            out.append(TaskDiff(status=Status.dropped, score=None, a=side_a, b=None))
    return out
