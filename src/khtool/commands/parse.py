"""khtool parse: documents → Plan YAML/JSON."""

from __future__ import annotations

from pathlib import Path

import typer

from khtool.cli import app
from khtool.commands.options import MAX_PAGES, MAX_SIZE, OutputFormat, limits
from khtool.errors import UsageError


@app.command()
def parse(
    paths: list[Path] = typer.Argument(
        ..., help="Plan files (.txt .docx .pdf .html).", show_default=False
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write to this file (one input) instead of stdout."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.yaml, "--format", "-f", help="Output format."),
    allow_partial: bool = typer.Option(
        False, "--allow-partial", help="Accept a document without an appendix task table."
    ),
    max_size: int = MAX_SIZE,
    max_pages: int = MAX_PAGES,
) -> None:
    """Parse plan documents into structured YAML (or JSON).

    One input prints to stdout (or -o FILE). The output validates against
    schemas/plan.schema.json. Example: khtool parse plan.pdf -o plan.yaml
    """
    from khtool.io import dump, write_atomic
    from khtool.pipeline import parse as parse_plan

    if len(paths) > 1:
        raise UsageError("give one file (batch conversion of several files needs -o DIR)")
    plan = parse_plan(
        paths[0], limits=limits(max_size, max_pages), require_appendix=not allow_partial
    )
    text = dump(plan.to_dict(), fmt.value)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)
