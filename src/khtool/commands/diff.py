"""khtool diff: what changed from one plan to another."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from khtool.cli import app
from khtool.commands.options import MAX_PLAN_SIZE, MAX_TASKS, limits


class DiffLang(StrEnum):
    en = "en"
    vi = "vi"


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _threshold(name: str, default: int, what: str) -> Any:
    # the default is read from data/diff.yaml when the command runs (None here), so
    # starting khtool does not load the matching code
    return typer.Option(
        None,
        f"--{name}-threshold",
        min=0,
        max=100,
        metavar="0-100",
        show_default=False,
        help=f"Least similarity for two {what} to be paired "
        f"[default: {default}, set in src/khtool/data/diff.yaml].",
    )


@app.command()
def diff(
    a: str = typer.Argument(
        ...,
        metavar="A",
        help="The older plan: a plan year found in --plans-dir (e.g. 2024), a plan "
        "file (.yaml, .json) or a document to parse (.txt .docx .pdf .html).",
        show_default=False,
    ),
    b: str = typer.Argument(
        ..., metavar="B", help="The newer plan, in the same forms as A.", show_default=False
    ),
    fmt: DiffFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="text (tables), markdown (to paste into a report) or json (stable, see README) "
        "[default: the -o file's extension (.json, .md, .txt), else text].",
        show_default=False,
    ),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file."),
    lang: DiffLang = typer.Option(
        DiffLang.en,
        "--lang",
        help="Language of the plain summary above the tables (text, markdown): en, or vi "
        "(Vietnamese, with Vietnamese headings and columns). JSON is the same in both.",
    ),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 if the plans differ and 0 if not, like git diff."
    ),
    plans_dir: Path = typer.Option(
        Path("data/plans"), "--plans-dir", help="Where plan years are looked up."
    ),
    issuer: str | None = typer.Option(
        None,
        "--issuer",
        help="When a year matches several plans, keep the one whose issuer contains this.",
    ),
    target_threshold: float | None = _threshold("target", 60, "targets' subjects"),
    content_threshold: float | None = _threshold("content", 50, "content area titles"),
    task_threshold: float | None = _threshold("task", 30, "tasks"),
    task_margin: float | None = typer.Option(
        None,
        "--task-margin",
        min=0,
        max=100,
        metavar="POINTS",
        show_default=False,
        help="Tasks left unpaired are paired when each is the other's single best "
        "remaining candidate and they score at most this far below --task-threshold; "
        "0 turns it off [default: 5, set in src/khtool/data/diff.yaml].",
    ),
    max_plan_size: int = MAX_PLAN_SIZE,
    max_tasks: int = MAX_TASKS,
) -> None:
    """Compare two plans: targets, content areas and tasks added, dropped or changed.

    Items are matched, not lines: targets are paired by subject and compared by value;
    content areas by title; tasks one-to-one by name (weight 0.6) and whole text
    (0.4), so a renumbered, moved or reworded task is 'changed', not added + dropped.
    Similarity is 0-100: the mean of the Dice coefficient and the overlap of the two
    texts' words and word pairs, stopwords left out. Pairing is optimal: among the
    pairs at or above the threshold, each item at most once, the pairing with the
    largest total similarity; then tasks left alone that are each other's best
    remaining match within --task-margin below the threshold. Unrelated items score
    below about 25 (tasks) or 55 (subjects, titles).

    Example: khtool diff 2024 2025 --format markdown -o changes.md
    """
    from khtool.diffing.differ import default_options
    from khtool.diffing.differ import diff as diff_plans
    from khtool.diffing.plan_lookup import resolve_plan
    from khtool.diffing.report import print_text, render_markdown, render_text
    from khtool.io import plan_limits
    from khtool.output import check_output, emit, is_stdout

    fmt = _format(output, fmt)
    if not is_stdout(output):
        assert output is not None
        check_output(output, [Path(a), Path(b)])
    options = default_options(
        target_threshold=target_threshold,
        content_threshold=content_threshold,
        task_threshold=task_threshold,
        task_margin=task_margin,
    )
    with plan_limits(limits(max_plan_size=max_plan_size, max_tasks=max_tasks)):
        plan_a = resolve_plan(a, plans_dir, issuer)
        plan_b = resolve_plan(b, plans_dir, issuer)
    result = diff_plans(plan_a, plan_b, options=options)
    if fmt == DiffFormat.text and is_stdout(output):
        from khtool.console import rich_console

        console = rich_console(stderr=False, soft_wrap=False)
        if not console.is_terminal and "COLUMNS" not in os.environ:
            console = rich_console(stderr=False, soft_wrap=False, width=100)
        print_text(result, console, lang.value)
    else:
        text = {
            DiffFormat.text: lambda d: render_text(d, lang=lang.value),
            DiffFormat.markdown: lambda d: render_markdown(d, lang.value),
            DiffFormat.json: lambda d: d.to_json(),
        }[fmt](result)
        emit(text, output, [Path(a), Path(b)])
    if exit_code and not result.is_empty:
        raise typer.Exit(1)


_EXTENSIONS = {".json": DiffFormat.json, ".md": DiffFormat.markdown, ".txt": DiffFormat.text}


def _format(output: Path | None, fmt: DiffFormat | None) -> DiffFormat:
    """--format, else the one -o's extension names, else text; a mismatch is refused."""
    from khtool.errors import UsageError
    from khtool.output import is_stdout

    named = _EXTENSIONS.get(output.suffix.lower()) if output and not is_stdout(output) else None
    if fmt is not None and named is not None and fmt != named:
        raise UsageError(
            f"-o {output} names a {named.value} file but --format is {fmt.value}; "
            f"use --format {named.value} or another name"
        )
    return fmt or named or DiffFormat.text
