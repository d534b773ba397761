"""khtool export: the tasks and targets of plans → Excel (.xlsx) or CSV."""

from __future__ import annotations

from pathlib import Path

import typer

from khtool.cli import app
from khtool.commands.options import MAX_HTML_DEPTH, MAX_INFLATED, MAX_PAGES, MAX_SIZE, limits


@app.command()
def export(
    paths: list[Path] = typer.Argument(
        ...,
        help="YAML/JSON plans, folders of them, or documents (.txt .docx .pdf .html).",
        show_default=False,
        readable=False,  # khtool reports an unreadable file itself, in one line
    ),
    to: Path = typer.Option(
        ..., "--to", "-t", help="tasks.xlsx (two sheets) or tasks.csv (+ tasks-targets.csv)."
    ),
    max_size: int = MAX_SIZE,
    max_pages: int = MAX_PAGES,
    max_inflated: int = MAX_INFLATED,
    max_html_depth: int = MAX_HTML_DEPTH,
) -> None:
    """Export one row per task of all given plans, plus their targets, to Excel or CSV.

    Example: khtool export data/plans/ --to tasks.xlsx
    """
    from khtool.export import export as export_plans

    lim = limits(max_size, max_pages, max_inflated, max_html_depth)
    result = export_plans(paths, to, limits=lim)
    names = ", ".join(p.as_posix() for p in result.files)
    typer.echo(
        f"{names}: {result.tasks} tasks and {result.targets} targets from {result.plans} plan(s)",
        err=True,
    )
