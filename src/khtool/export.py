"""Tasks and targets of many plans as tables: an Excel workbook or CSV files.

One row per appendix task across all plans (sheet ``tasks``) and one row per numeric
goal target (sheet ``targets``). Vietnamese text is written as is: openpyxl stores
Unicode in .xlsx, and CSV files are UTF-8 with a byte-order mark so Excel reads them
right. For CSV, ``tasks.csv`` holds the tasks and ``tasks-targets.csv`` (the same name
with ``-targets``) the targets. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khtool.batch.inputs import PLAN_SUFFIXES, expand_inputs
from khtool.errors import UsageError
from khtool.limits import Limits

if TYPE_CHECKING:
    from khtool.model import Goal, Group, Plan, Target, Task

FORMATS = (".xlsx", ".csv")
JOIN = "; "

TaskColumn = Callable[["Plan", "Group", "Task"], Any]
TargetColumn = Callable[["Plan", "Goal", "Target"], Any]


def _join(values: Iterable[str]) -> str:
    return JOIN.join(values)


TASK_COLUMNS: dict[str, TaskColumn] = {
    "plan_number": lambda p, g, t: p.document.number,
    "plan_year": lambda p, g, t: p.document.plan_year,
    "issuer": lambda p, g, t: p.document.issuer,
    "group_id": lambda p, g, t: g.id,
    "group_title": lambda p, g, t: g.title,
    "tt": lambda p, g, t: t.tt,
    "name": lambda p, g, t: t.name,
    "lead": lambda p, g, t: _join(t.lead),
    "partners": lambda p, g, t: _join(t.coordinating),
    "start": lambda p, g, t: t.timeline.start if t.timeline else None,
    "end": lambda p, g, t: t.timeline.end if t.timeline else None,
    "timeline": lambda p, g, t: t.timeline.text if t.timeline else None,
    "quantities": lambda p, g, t: _join(q.text for q in t.quantities),
    "source": lambda p, g, t: p.source.path,
}

TARGET_COLUMNS: dict[str, TargetColumn] = {
    "plan_number": lambda p, g, t: p.document.number,
    "plan_year": lambda p, g, t: p.document.plan_year,
    "goal_id": lambda p, g, t: g.id,
    "subject": lambda p, g, t: t.subject,
    "value": lambda p, g, t: t.value,
    "min": lambda p, g, t: t.min,
    "max": lambda p, g, t: t.max,
    "unit": lambda p, g, t: t.unit,
    "direction": lambda p, g, t: t.direction.value,
    "text": lambda p, g, t: t.text,
    "source": lambda p, g, t: p.source.path,
}


Row = dict[str, Any]


def task_rows(plans: Iterable[Plan]) -> list[Row]:
    """One row per appendix task, keyed by the column names of :data:`TASK_COLUMNS`."""
    return [
        {name: column(plan, group, task) for name, column in TASK_COLUMNS.items()}
        for plan in plans
        if plan.appendix
        for group in plan.appendix.groups
        for task in group.tasks
    ]


def target_rows(plans: Iterable[Plan]) -> list[Row]:
    """One row per numeric target of section I, keyed as in :data:`TARGET_COLUMNS`."""
    return [
        {name: column(plan, goal, target) for name, column in TARGET_COLUMNS.items()}
        for plan in plans
        for goal in plan.goals
        for target in goal.targets
    ]


def load_plans(paths: Iterable[str | Path], limits: Limits | None = None) -> list[Plan]:
    """Plans from YAML/JSON plan files, folders of them, or source documents."""
    from khtool.model import load_plan
    from khtool.parsing.pipeline import parse

    plans: list[Plan] = []
    for path in expand_inputs(paths, PLAN_SUFFIXES):
        if path.suffix.lower() in PLAN_SUFFIXES:
            plans.append(load_plan(path))
        else:
            plans.append(parse(path, limits=limits))
    if not plans:
        raise UsageError("no plans found (give YAML plans, folders of them, or documents)")
    return plans


@dataclass(frozen=True)
class ExportResult:
    files: list[Path]
    plans: int
    tasks: int
    targets: int


def export(
    sources: Iterable[str | Path] | Sequence[Plan], to: str | Path, *, limits: Limits | None = None
) -> ExportResult:
    """Write the tasks and targets of plans (or of plan files) to ``to`` (.xlsx or .csv)."""
    from khtool.model import Plan

    target = Path(to)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"{target}: --to must end in .xlsx or .csv")
    items = list(sources)
    plans = (
        [p for p in items if isinstance(p, Plan)]
        if items and all(isinstance(p, Plan) for p in items)
        else load_plans([p for p in items if not isinstance(p, Plan)], limits)
    )
    from khtool.io import write_atomic
    from khtool.output import check_output

    sources = [Path(p.source.path) for p in plans] + [
        Path(p) for p in items if not isinstance(p, Plan)
    ]
    files = [target]
    if suffix == ".csv":
        files.append(target.with_name(f"{target.stem}-targets{target.suffix}"))
    for path in files:  # every target is checked before any is written
        check_output(path, sources, hint="")
    tasks, targets = task_rows(plans), target_rows(plans)
    if suffix == ".xlsx":
        write_atomic(target, _xlsx(tasks, targets), sources)
    else:
        write_atomic(files[0], _csv(list(TASK_COLUMNS), tasks), sources)
        write_atomic(files[1], _csv(list(TARGET_COLUMNS), targets), sources)
    return ExportResult(files, len(plans), len(tasks), len(targets))


# --- writers ---------------------------------------------------------------------------

_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    # Spreadsheets run text starting with = + - @ as a formula: keep it text.
    if isinstance(value, str) and value.startswith(_CSV_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _csv(header: list[str], rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_csv_cell(row[name]) for name in header] for row in rows)
    return "\ufeff" + buffer.getvalue()


def _xlsx(tasks: list[Row], targets: list[Row]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheets = [("tasks", list(TASK_COLUMNS), tasks), ("targets", list(TARGET_COLUMNS), targets)]
    for index, (title, header, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append(header)
        for row in rows:
            values = [row[name] for name in header]
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
            )
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for col, name in enumerate(header, start=1):
            longest = max([len(name)] + [len(str(r[name] or "")) for r in rows])
            sheet.column_dimensions[get_column_letter(col)].width = min(60, longest + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
