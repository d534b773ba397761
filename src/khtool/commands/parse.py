"""khtool parse: documents → Plan YAML/JSON."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from khtool.cli import app
from khtool.commands.options import (
    MAX_HTML_DEPTH,
    MAX_INFLATED,
    MAX_PAGES,
    MAX_SIZE,
    OCR,
    OcrMode,
    OutputFormat,
    limits,
)
from khtool.errors import UsageError, printable
from khtool.limits import Limits

if TYPE_CHECKING:
    from khtool.model import Plan


@app.command()
def parse(
    paths: list[Path] = typer.Argument(
        ...,
        help="Plan files (.txt .md .docx .pdf .html), folders or glob patterns.",
        show_default=False,
        readable=False,  # khtool reports an unreadable file itself, in one line
    ),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write to this file (one input) or, for a batch, into this folder.",
    ),
    fmt: OutputFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Output format: yaml or json [default: the -o file's extension (.json, .yaml), "
        "else yaml].",
        show_default=False,
    ),
    require: list[Required] = typer.Option(
        [],
        "--require",
        metavar="PART",
        help="Fail (exit 2) unless the plan has this part: 'appendix' (a task table) or "
        "'tasks' (tasks from a table or the body). Repeatable. By default a plan without a "
        "task table is read anyway, with one warning.",
        show_default=False,
    ),
    allow_partial: bool = typer.Option(
        False,
        "--allow-partial",
        hidden=True,
        help="Accepted for compatibility; plans without a task table are read by default.",
    ),
    max_size: int = MAX_SIZE,
    max_pages: int = MAX_PAGES,
    max_inflated: int = MAX_INFLATED,
    max_html_depth: int = MAX_HTML_DEPTH,
    ocr: OcrMode = OCR,
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Batch: parallel processes (default: number of cores)."
    ),
    force: bool = typer.Option(
        False, "--force", help="Batch: convert again inputs unchanged since the last run."
    ),
    press: bool = typer.Option(
        False,
        "--press",
        help="The file is a press report about a plan: read its number, date, content "
        "areas (Thứ nhất … ) and targets into a partial plan.",
    ),
) -> None:
    """Parse plan documents into structured YAML (or JSON).

    Reads any province's, ministry's or department's plan: the header by the national
    layout, every section as a tree, and the tasks from any task table or, without one,
    from the body (one warning line then). One input prints to stdout (or -o FILE).
    The output validates against schemas/plan.schema.json. Example: khtool parse
    plan.pdf -o plan.yaml

    Folders, glob patterns and several files are a batch: khtool parse plans/ -o out/
    writes out/<name>.yaml per input and out/_report.json, skips inputs unchanged since
    the last run, and exits 1 if any file failed.
    """
    from khtool.batch.inputs import is_batch
    from khtool.io import dump
    from khtool.output import check_output, emit, is_stdout, output_format

    del allow_partial  # plans without a task table are read by default
    lim = limits(max_size, max_pages, max_inflated, max_html_depth, ocr.value)
    given = fmt.value if fmt is not None else None
    if any(str(p) == "-" for p in paths) and len(paths) > 1:
        raise UsageError("- (stdin) is read alone, not with other inputs")
    if press:  # never guessed: a press report is read only when asked
        return _press(paths, output, output_format(output, given), lim)
    if str(paths[0]) != "-" and is_batch(paths, output):
        if output is None or is_stdout(output):
            raise UsageError("batch conversion of several files needs -o DIR")
        opts = {"require": [r.value for r in require]}
        raise typer.Exit(_batch(paths, output, given or "yaml", jobs, force, lim, opts))
    out_fmt = output_format(output, given)
    if output is not None and not is_stdout(output):
        check_output(output, paths)  # before the work, not only after it
    plan = _parse_one(paths[0], lim, [r.value for r in require])
    _warn_missing(paths[0], plan)
    emit(dump(plan.to_dict(), out_fmt), output, paths)


def _parse_one(path: Path, lim: Limits, require: list[str]) -> Plan:
    """One document, or standard input for ``-``."""
    from khtool.parsing.pipeline import parse as parse_plan

    if str(path) != "-":
        return parse_plan(path, limits=lim, require=require)
    from khtool.reading import stdin_document

    with stdin_document(lim) as copy:
        plan = parse_plan(copy, limits=lim, require=require)
    source = plan.source.model_copy(update={"path": "-"})
    return plan.model_copy(update={"source": source})


class Required(StrEnum):
    appendix = "appendix"
    tasks = "tasks"


def _warn_missing(path: Path, plan: Plan) -> None:
    """One line on stderr when the plan has no task table (it is still a plan)."""
    if plan.appendix is not None:
        return
    found = f"{len(plan.body_tasks)} tasks read from the body" if plan.body_tasks else "no tasks"
    typer.echo(printable(f"khtool: {path}: warning: no task table ({found})"), err=True)


def _batch(
    paths: list[Path],
    out_dir: Path,
    fmt: str,
    jobs: int | None,
    force: bool,
    lim: Limits,
    options: dict[str, Any],
) -> int:
    """Convert a batch with a progress display; return the exit code (1 if any failed)."""
    from khtool.batch.inputs import expand_inputs
    from khtool.batch.progress import BatchProgress
    from khtool.batch.runner import parse_many

    inputs = expand_inputs(paths)
    with BatchProgress(len(inputs)) as progress:
        try:
            report = parse_many(
                inputs,
                jobs=jobs,
                out_dir=out_dir,
                fmt=fmt,
                force=force,
                limits=lim,
                progress=progress,
                **options,
            )
        except KeyboardInterrupt:
            progress.interrupted(out_dir)
            raise
    progress.finish(report)
    return report.exit_code


def _press(paths: list[Path], output: Path | None, fmt: str, lim: Limits) -> None:
    """khtool parse --press FILE: a press report → a partial plan (khtool.parsing.press)."""
    from khtool.io import dump
    from khtool.output import emit
    from khtool.parsing.press import parse_press

    if len(paths) != 1 or str(paths[0]) == "-":
        raise UsageError("--press reads one press report at a time")
    emit(dump(parse_press(paths[0], limits=lim).to_dict(), fmt), output, paths)
