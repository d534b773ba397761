"""khtool export: the tasks and targets of plans → Excel (.xlsx), CSV or JSON."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from khtool.cli import app
from khtool.commands.options import (
    MAX_HTML_DEPTH,
    MAX_INFLATED,
    MAX_PAGES,
    MAX_PLAN_SIZE,
    MAX_ROWS,
    MAX_SIZE,
    MAX_TASKS,
    limits,
)
from khtool.errors import printable


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    json = "json"


@app.command()
def export(
    paths: list[Path] = typer.Argument(
        ...,
        help="YAML/JSON plans, folders of them, or documents (.txt .docx .pdf .html).",
        show_default=False,
        readable=False,  # khtool reports an unreadable file itself, in one line
    ),
    to: Path = typer.Option(
        ...,
        "--to",
        "-t",
        help="tasks.xlsx (two sheets), tasks.csv (+ tasks-targets.csv), tasks.json, "
        "or - for stdout (JSON).",
    ),
    fmt: ExportFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="xlsx, csv or json [default: the --to file's extension; json for --to -].",
        show_default=False,
    ),
    max_size: int = MAX_SIZE,
    max_pages: int = MAX_PAGES,
    max_inflated: int = MAX_INFLATED,
    max_html_depth: int = MAX_HTML_DEPTH,
    max_plan_size: int = MAX_PLAN_SIZE,
    max_tasks: int = MAX_TASKS,
    max_rows: int = MAX_ROWS,
) -> None:
    """Export one row per task of all given plans, plus their targets, to Excel, CSV
    or JSON. All files of one export are written, or none.

    Example: khtool export data/plans/ --to tasks.xlsx
    """
    from khtool.export import export as export_plans
    from khtool.io import plan_limits

    lim = limits(
        max_size,
        max_pages,
        max_inflated,
        max_html_depth,
        max_plan_size=max_plan_size,
        max_tasks=max_tasks,
        max_rows=max_rows,
    )
    with plan_limits(lim):
        result = export_plans(paths, to, limits=lim, fmt=fmt.value if fmt else None)
    names = ", ".join(p.as_posix() for p in result.files) or "stdout"
    typer.echo(
        printable(
            f"{names}: {result.tasks} tasks and {result.targets} targets from "
            f"{result.plans} plan(s)"
        ),
        err=True,
    )
