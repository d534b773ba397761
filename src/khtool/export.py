"""Tasks and targets of many plans as tables: an Excel workbook, CSV files or JSON.

One row per appendix task across all plans (sheet ``tasks``) and one row per numeric
goal target (sheet ``targets``). Vietnamese text is written as is: openpyxl stores
Unicode in .xlsx, and CSV files are UTF-8 with a byte-order mark so Excel reads them
right. For CSV, ``tasks.csv`` holds the tasks and ``tasks-targets.csv`` (the same name
with ``-targets``) the targets; JSON is one object ``{"tasks": [...], "targets":
[...]}``. The format comes from the extension of ``--to`` (or ``--format``; a
contradiction is refused); ``--to -`` writes JSON (or an .xlsx workbook) to stdout.
All files of one export are written or none is (:mod:`khtool.write_all`).

Text a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) is kept text: prefixed with ``'`` in CSV, stored as a string cell in
.xlsx. A plan whose values merely look like formulas is exported all the same.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khtool.batch.inputs import PLAN_SUFFIXES, expand_inputs
from khtool.errors import LimitExceededError, UsageError
from khtool.limits import Limits

if TYPE_CHECKING:
    from khtool.model import Goal, Group, Plan, Target, Task

FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json"}
"""The export formats, by the extension of ``--to``."""
STDOUT = "-"
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
    max_rows = (limits or Limits()).max_rows
    rows = 0
    for path in expand_inputs(paths, PLAN_SUFFIXES):
        if path.suffix.lower() in PLAN_SUFFIXES:
            plans.append(load_plan(path))
        else:
            plans.append(parse(path, limits=limits))
        rows += len(plans[-1].tasks()) + sum(len(g.targets) for g in plans[-1].goals)
        if rows > max_rows:  # checked plan by plan: never holds far more than the limit
            raise LimitExceededError(
                f"the export would have more than {max_rows:,} rows (tasks and targets of "
                "all plans), over the limit (raise it with --max-rows)",
                path,
            )
    if not plans:
        raise UsageError("no plans found (give YAML plans, folders of them, or documents)")
    return plans


@dataclass(frozen=True)
class ExportResult:
    files: list[Path]
    plans: int
    tasks: int
    targets: int
    format: str = "xlsx"


def export_format(to: str | Path, fmt: str | None = None) -> str:
    """The format of an export to ``to``: ``fmt`` when given, else the one the extension
    names; ``-`` (stdout) is JSON by default. A ``fmt`` that contradicts the extension,
    or neither, is a :class:`~khtool.errors.UsageError`."""
    if fmt is not None and fmt not in FORMATS.values():
        raise UsageError(f"unknown export format {fmt!r}; use xlsx, csv or json")
    if os.fspath(to) == STDOUT:
        return fmt or "json"
    target = Path(to)
    named = FORMATS.get(target.suffix.lower())
    if fmt is not None and named is not None and fmt != named:
        raise UsageError(
            f"--to {target} names a {named} file but --format is {fmt}; "
            f"use a .{fmt} name or --format {named}"
        )
    if fmt is None and named is None:
        raise UsageError(f"{target}: --to must end in .xlsx, .csv or .json (or give --format)")
    return fmt or named or "json"


def export(
    sources: Iterable[str | Path] | Sequence[Plan],
    to: str | Path,
    *,
    limits: Limits | None = None,
    fmt: str | None = None,
) -> ExportResult:
    """Write the tasks and targets of plans (or of plan files) to ``to``: .xlsx, .csv
    (two files) or .json, or ``-`` for stdout (JSON, or an .xlsx workbook when
    ``fmt="xlsx"`` and stdout is not a terminal)."""
    from khtool.model import Plan

    kind = export_format(to, fmt)
    to_stdout = os.fspath(to) == STDOUT
    if to_stdout and kind == "csv":
        raise UsageError(
            "--to - writes one file: use --format json (or xlsx); csv is two files, "
            "the tasks and the targets"
        )
    if to_stdout and kind == "xlsx" and sys.stdout.isatty():
        raise UsageError("--to - --format xlsx writes a binary workbook: redirect stdout")
    items = list(sources)
    plans = (
        [p for p in items if isinstance(p, Plan)]
        if items and all(isinstance(p, Plan) for p in items)
        else load_plans([p for p in items if not isinstance(p, Plan)], limits)
    )
    from khtool.output import check_output

    inputs = [Path(p.source.path) for p in plans] + [
        Path(p) for p in items if not isinstance(p, Plan)
    ]
    target = Path(to)
    files = [] if to_stdout else [target]
    if kind == "csv":
        files.append(target.with_name(f"{target.stem}-targets{target.suffix}"))
    for path in files:  # every target is checked before any work
        check_output(path, inputs, hint="")
    tasks, targets = task_rows(plans), target_rows(plans)
    contents = _render(kind, tasks, targets)
    if to_stdout:
        _to_stdout(contents[0])
    else:
        from khtool.write_all import write_all

        write_all(dict(zip(files, contents, strict=True)), inputs)
    return ExportResult(files, len(plans), len(tasks), len(targets), kind)


def _render(kind: str, tasks: list[Row], targets: list[Row]) -> list[str | bytes]:
    """The content of each file of an export, in the order of its files."""
    if kind == "xlsx":
        return [_xlsx(tasks, targets)]
    if kind == "csv":
        return [_csv(list(TASK_COLUMNS), tasks), _csv(list(TARGET_COLUMNS), targets)]
    return [_json(tasks, targets)]


def _to_stdout(content: str | bytes) -> None:
    data = content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


# --- writers ---------------------------------------------------------------------------

_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    # Spreadsheets run text starting with = + - @, a tab or a CR as a formula: keep it text.
    if isinstance(value, str) and value.startswith(_CSV_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _json(tasks: list[Row], targets: list[Row]) -> str:
    data = {
        "tasks": [{k: _json_value(v) for k, v in row.items()} for row in tasks],
        "targets": [{k: _json_value(v) for k, v in row.items()} for row in targets],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False, default=str) + "\n"


def _json_value(value: Any) -> Any:
    # JSON has no NaN or infinity: such a number (a plan file may hold one) is text
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


EXACT_INT = 2**53
"""Integers beyond this lose digits as a spreadsheet number: they are written as text."""


def _xlsx_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) > EXACT_INT:
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _csv(header: list[str], rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_csv_cell(row[name]) for name in header] for row in rows)
    return "\ufeff" + buffer.getvalue()


def _xlsx(tasks: list[Row], targets: list[Row]) -> bytes:
    from openpyxl import Workbook
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
            sheet.append([_xlsx_value(row[name]) for name in header])
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
