"""khtool validate: schema and consistency rules over plan files, for people and CI."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path

import typer

from khtool import console
from khtool.cli import app
from khtool.commands.options import MAX_PAGES, MAX_PLAN_SIZE, MAX_SIZE, MAX_TASKS, limits

DEFAULT_PATH = Path("data/plans")


class ReportFormat(StrEnum):
    text = "text"
    concise = "concise"
    json = "json"
    github = "github"
    sarif = "sarif"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@app.command()
def validate(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Plan files (.yaml .yml .json), directories of them, or documents "
        "(.txt .docx .pdf .html). Default: data/plans/.",
        show_default=False,
        metavar="PATH",
        readable=False,  # khtool reports an unreadable file itself, in one line
    ),
    fmt: ReportFormat = typer.Option(
        ReportFormat.text,
        "--format",
        "-f",
        help="text (for people), concise (one 'path:line: CODE severity: message' line "
        "per finding), json (for scripts), github (workflow annotations) or sarif "
        "(SARIF 2.1.0, for code scanning).",
    ),
    fail_on: FailOn = typer.Option(
        FailOn.error, "--fail-on", help="Exit 1 when a finding is at least this severe."
    ),
    select: list[str] | None = typer.Option(
        None,
        "--select",
        metavar="CODES",
        help="Run only these rule codes or prefixes (KH1 = KH1xx), comma-separated or repeated.",
    ),
    ignore: list[str] | None = typer.Option(
        None, "--ignore", metavar="CODES", help="Skip these rule codes or prefixes."
    ),
    max_size: int = MAX_SIZE,
    max_pages: int = MAX_PAGES,
    max_plan_size: int = MAX_PLAN_SIZE,
    max_tasks: int = MAX_TASKS,
) -> None:
    """Check plans for schema errors and inconsistencies (rule codes KH000-KH904).

    Exit 0 when clean, 1 when a finding reaches --fail-on, 2 when an input cannot
    be read. Example: khtool validate data/plans/ --format github
    """
    from khtool.cli import error
    from khtool.io import plan_limits
    from khtool.validating.output import (
        exit_code,
        render_concise,
        render_github,
        render_json,
        render_text,
    )
    from khtool.validating.validation import selected_codes, validate_paths

    selected_codes(select, ignore)  # a bad code is a usage error before any work
    started = time.perf_counter()
    lim = limits(max_size, max_pages, max_plan_size=max_plan_size, max_tasks=max_tasks)
    with plan_limits(lim):
        reports, unreadable = validate_paths(
            paths or [DEFAULT_PATH], select=select, ignore=ignore, limits=lim
        )
    files = len(reports) + len(unreadable)
    console.detail(
        f"{files} file{'' if files == 1 else 's'} read and checked "
        f"in {time.perf_counter() - started:.2f} s"
    )
    for problem in unreadable:
        error(str(problem))
    if fmt is ReportFormat.json:
        typer.echo(render_json(reports, unreadable, fail_on.value), nl=False)
    elif fmt is ReportFormat.concise:
        typer.echo(render_concise(reports, unreadable), nl=False)
    elif fmt is ReportFormat.github:
        typer.echo(render_github(reports, unreadable), nl=False)
    elif fmt is ReportFormat.sarif:
        from khtool.validating.sarif import render_sarif

        typer.echo(render_sarif(reports, unreadable), nl=False)
    elif reports or not unreadable:
        render_text(reports, unreadable)
    raise typer.Exit(exit_code(reports, unreadable, fail_on.value))
