"""khtool parse: documents → Plan YAML/JSON."""

from __future__ import annotations

import contextlib
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from khtool import console
from khtool.cli import app
from khtool.commands.options import (
    MAX_ATTRIBUTES,
    MAX_CHARS,
    MAX_COLUMNS,
    MAX_ELEMENTS,
    MAX_HTML_DEPTH,
    MAX_INFLATED,
    MAX_LINES,
    MAX_PAGES,
    MAX_SIZE,
    OCR,
    OcrMode,
    OutputFormat,
    limits,
)
from khtool.errors import UsageError
from khtool.limits import Limits

if TYPE_CHECKING:
    from khtool.batch.runner import BatchReport, FileResult
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
    max_lines: int = MAX_LINES,
    max_elements: int = MAX_ELEMENTS,
    max_chars: int = MAX_CHARS,
    max_columns: int = MAX_COLUMNS,
    max_attributes: int = MAX_ATTRIBUTES,
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
    from khtool.output import check_output, emit, is_stdout, output_format, plan_text

    del allow_partial  # plans without a task table are read by default
    lim = limits(
        max_size,
        max_pages,
        max_inflated,
        max_html_depth,
        ocr.value,
        max_lines=max_lines,
        max_elements=max_elements,
        max_chars=max_chars,
        max_columns=max_columns,
        max_attributes=max_attributes,
    )
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
    started = time.perf_counter()
    plan = _parse_one(paths[0], lim, [r.value for r in require])
    _warn_missing(paths[0], plan)
    emit(plan_text(plan.to_dict(), out_fmt), output, paths)
    console.detail(f"{paths[0]}: {_summary(plan)} in {time.perf_counter() - started:.2f} s")


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
    """One line on stderr when the file holds several documents (only the first is read)
    and when the plan has no task table (it is still a plan)."""
    from khtool.parsing.documents import is_several

    for warning in plan.warnings:  # a second document is easy to miss: say it here too
        if is_several(warning):
            console.warning(warning, path)
    if plan.appendix is not None:
        return
    found = f"{len(plan.body_tasks)} tasks read from the body" if plan.body_tasks else "no tasks"
    console.warning(f"no task table ({found})", path)


def _summary(plan: Plan) -> str:
    """What ``--verbose`` says about a parsed plan: format, pages, what was read."""
    source = plan.source
    pages = f", {source.pages} pages" if source.pages else ""
    ocr = f" ({len(source.ocr_pages)} by OCR)" if source.ocr_pages else ""
    return (
        f"read as {source.format}{pages}{ocr}: {len(plan.tasks())} tasks, "
        f"{len(plan.sections)} sections, {len(plan.warnings)} warnings"
    )


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
    shown = BatchProgress(len(inputs), console.rich_console(stderr=True))
    with shown if console.progress_shown() else _QuietProgress() as progress:
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
    from khtool.output import emit, plan_text
    from khtool.parsing.press import parse_press

    if len(paths) != 1 or str(paths[0]) == "-":
        raise UsageError("--press reads one press report at a time")
    emit(plan_text(parse_press(paths[0], limits=lim).to_dict(), fmt), output, paths)


class _QuietProgress(contextlib.AbstractContextManager["_QuietProgress"]):
    """The batch progress under ``--quiet``: nothing per file, only the failures."""

    def __exit__(self, *exc: object) -> None:
        return None

    def __call__(self, result: FileResult, done: int, total: int) -> None:
        return None

    def interrupted(self, out_dir: Path) -> None:
        return None  # the command line says "interrupted" itself

    def finish(self, report: BatchReport) -> None:
        for result in report.failed:
            console.error(result.line.removeprefix(console.PREFIX).lstrip())
