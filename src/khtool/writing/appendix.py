"""The appendix task table: the plan's columns, group rows and one row per task.

A column is written for each Task field some task fills (TT, name always when tasks
have one; content, targets, units, time when used), then the extra columns under their
own headers. Each unit, content item and target is a paragraph of its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khtool.model import Appendix, Task
from khtool.parsing.columns import header_field
from khtool.writing.layout import layout

_FIELDS = ("tt", "name", "content", "targets", "lead", "coordinating", "timeline")
_UNIT_OR_TIME = ("lead", "coordinating", "timeline")


@dataclass
class TableColumn:
    field: str  # a Task field, or "extra"
    header: str
    width: float


@dataclass
class TableRow:
    cells: list[list[str]]
    group: bool = False
    task: int | None = None  # index of the task in Appendix.tasks() order


@dataclass
class AppendixPage:
    title: str | None
    subtitle: str | None
    columns: list[TableColumn] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _tt_column(appendix: Appendix) -> bool:
    """A TT column when tasks have one, and a task without TT stands only at the start
    of its group (a row with an empty TT after a task continues that task)."""
    if not any(t.tt for t in appendix.tasks()):
        return False
    for group in appendix.groups:
        seen = False
        for task in group.tasks:
            if task.tt:
                seen = True
            elif seen:
                return False
    return True


def _used(appendix: Appendix) -> set[str]:
    tasks = appendix.tasks()
    used = {"name"}
    if _tt_column(appendix):
        used.add("tt")
    for t in tasks:
        used |= {k for k in ("content", "targets", "lead", "coordinating") if getattr(t, k)}
        if t.timeline is not None:
            used.add("timeline")
    if not used & set(_UNIT_OR_TIME):
        used.add("lead")  # a task table needs a column of units or time
    return used


def columns(appendix: Appendix) -> list[TableColumn]:
    tasks = appendix.tasks()
    used = _used(appendix)
    extras: list[str] = []
    for t in tasks:
        extras += [k for k in t.extra if k not in extras]
    # an extra header that reads as a field must come after that field's own column
    used |= {f for f in map(header_field, extras) if f in _FIELDS}
    spec = layout().columns
    out = [TableColumn(f, spec[f].header, spec[f].width) for f in _FIELDS if f in used]
    out += [TableColumn("extra", name, layout().extra_width) for name in extras]
    return out


def _items(items: list[str]) -> list[str]:
    return [f"- {i}" for i in items] if len(items) > 1 else list(items)


def _cell(task: Task, column: TableColumn) -> list[str]:
    f = column.field
    if f == "extra":
        value = task.extra.get(column.header)
        return [value] if value else []
    if f == "tt":
        return [task.tt] if task.tt else []
    if f == "name":
        return [task.name] if task.name else []
    if f == "timeline":
        return [task.timeline.text] if task.timeline else []
    if f in ("content", "targets"):
        return _items(getattr(task, f))
    return list(getattr(task, f))


def build_appendix(appendix: Appendix) -> AppendixPage:
    page = AppendixPage(appendix.title, appendix.subtitle, columns(appendix))
    page.notes = list(appendix.notes)
    index = 0
    for group in appendix.groups:
        if group.id or group.title:
            number = group.id.rsplit(".", 1)[-1] if group.parent else group.id
            page.rows.append(TableRow([[number], [group.title] if group.title else []], True))
        for task in group.tasks:
            cells = [_cell(task, c) for c in page.columns]
            page.rows.append(TableRow(cells, task=index))
            index += 1
    return page
